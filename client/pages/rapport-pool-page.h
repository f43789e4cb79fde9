/* rapport-pool-page.h: RapportPoolPage, the public pool (公海): its records and a Claim button each, within the rep's limits */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_POOL_PAGE (rapport_pool_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportPoolPage, rapport_pool_page, RAPPORT, POOL_PAGE, GtkWidget)

GtkWidget  *rapport_pool_page_new          (RapportApi      *api);
void        rapport_pool_page_reload       (RapportPoolPage *self);
gboolean    rapport_pool_page_get_busy     (RapportPoolPage *self);
GListModel *rapport_pool_page_get_records  (RapportPoolPage *self);
GListModel *rapport_pool_page_get_holdings (RapportPoolPage *self);
const char *rapport_pool_page_get_limits   (RapportPoolPage *self);
const char *rapport_pool_page_get_message  (RapportPoolPage *self);

G_END_DECLS
