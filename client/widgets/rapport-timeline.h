/* rapport-timeline.h: RapportTimeline, a customer record's one stream, newest first, filtered by kind and paged from the server */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TIMELINE (rapport_timeline_get_type ())

G_DECLARE_FINAL_TYPE (RapportTimeline, rapport_timeline, RAPPORT, TIMELINE, AdwBin)

GtkWidget *rapport_timeline_new        (RapportApi      *api);
void       rapport_timeline_set_record (RapportTimeline *self,
                                        const char      *collection,
                                        gint64           id);
void       rapport_timeline_set_kind   (RapportTimeline *self,
                                        const char      *kind);
gboolean   rapport_timeline_get_busy   (RapportTimeline *self);
guint      rapport_timeline_get_n_rows (RapportTimeline *self);
gboolean   rapport_timeline_has_more   (RapportTimeline *self);
void       rapport_timeline_load_more  (RapportTimeline *self);

G_END_DECLS
