/* rapport-global-search.h: RapportGlobalSearch, a popover that finds any record as the user types and opens it */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_GLOBAL_SEARCH (rapport_global_search_get_type ())

G_DECLARE_FINAL_TYPE (RapportGlobalSearch, rapport_global_search, RAPPORT, GLOBAL_SEARCH, GtkPopover)

RapportGlobalSearch *rapport_global_search_new         (void);
void                 rapport_global_search_set_api     (RapportGlobalSearch *self,
                                                        RapportApi          *api);
GListModel          *rapport_global_search_get_hits    (RapportGlobalSearch *self);
const char          *rapport_global_search_get_shown_term (RapportGlobalSearch *self);

G_END_DECLS
