/* rapport-search-hit.h: RapportSearchHit, one record found by the global search, and the group it heads */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_SEARCH_HIT (rapport_search_hit_get_type ())

G_DECLARE_FINAL_TYPE (RapportSearchHit, rapport_search_hit, RAPPORT, SEARCH_HIT, GObject)

RapportSearchHit *rapport_search_hit_new          (const char       *collection,
                                                   gint64            id,
                                                   const char       *title,
                                                   const char       *subtitle);
const char       *rapport_search_hit_get_collection (RapportSearchHit *self);
gint64            rapport_search_hit_get_id       (RapportSearchHit *self);
const char       *rapport_search_hit_get_title    (RapportSearchHit *self);
const char       *rapport_search_hit_get_subtitle (RapportSearchHit *self);
void              rapport_search_hit_set_heading  (RapportSearchHit *self,
                                                   const char       *heading,
                                                   const char       *count);
const char       *rapport_search_hit_get_heading  (RapportSearchHit *self);
const char       *rapport_search_hit_get_count    (RapportSearchHit *self);

G_END_DECLS
