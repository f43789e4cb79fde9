/* rapport-list-model.h: RapportListModel, a GListModel of records that pages from the API as rows are needed */
#pragma once

#include <gio/gio.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_LIST_MODEL (rapport_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RapportListModel, rapport_list_model, RAPPORT, LIST_MODEL, GObject)

RapportListModel *rapport_list_model_new        (RapportApi       *api,
                                                 GType             entity_type,
                                                 const char       *path);
void              rapport_list_model_set_search (RapportListModel *self,
                                                 const char       *text);
const char       *rapport_list_model_get_search (RapportListModel *self);
char             *rapport_list_model_dup_query  (RapportListModel *self);
void              rapport_list_model_set_sort   (RapportListModel *self,
                                                 const char       *json_key,
                                                 gboolean          descending);
void              rapport_list_model_set_filter (RapportListModel *self,
                                                 const char       *name,
                                                 const char       *value);
void              rapport_list_model_reload     (RapportListModel *self);
void              rapport_list_model_ensure     (RapportListModel *self,
                                                 guint             position);
void              rapport_list_model_set_autoload (RapportListModel *self,
                                                   gboolean          autoload);
gint64            rapport_list_model_get_total  (RapportListModel *self);
gboolean          rapport_list_model_get_total_exact (RapportListModel *self);
gboolean          rapport_list_model_get_loading (RapportListModel *self);
const GError     *rapport_list_model_get_error  (RapportListModel *self);
guint             rapport_list_model_get_pages_fetched (RapportListModel *self);

G_END_DECLS
