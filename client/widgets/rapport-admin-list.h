/* rapport-admin-list.h: RapportAdminList, the list of records beside an administrator's editor */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_LIST (rapport_admin_list_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminList, rapport_admin_list, RAPPORT, ADMIN_LIST, GObject)

/* what stays the page's own: how a row looks and what its editor does */
typedef struct
{
  /* the row that shows @entity in the list */
  GtkWidget *(*make_row)   (CrmEntity *entity);
  /* shows @entity in the page's editor; %NULL: a new record, the focus in its first field */
  void       (*edit)       (GtkWidget *page,
                            CrmEntity *entity);
  /* the list could not be loaded; @error may be %NULL (an answer that was not a list) */
  void       (*show_error) (GtkWidget    *page,
                            const GError *error);
  /* (nullable): whether the editor holds unsaved changes; %NULL: the list's
   * own flag, set with rapport_admin_list_set_dirty() */
  gboolean   (*is_dirty)   (GtkWidget *page);
} RapportAdminListHooks;

RapportAdminList *rapport_admin_list_new           (GtkWidget                   *page,
                                                    GtkListBox                  *list,
                                                    GtkStack                    *list_stack,
                                                    GType                        entity_type,
                                                    const char                  *collection,
                                                    guint                        limit,
                                                    const char                  *unsaved,
                                                    const RapportAdminListHooks *hooks,
                                                    GCancellable                *cancellable);
void              rapport_admin_list_set_keep_editor (RapportAdminList *self,
                                                      gboolean          keep_editor);
void              rapport_admin_list_load          (RapportAdminList *self,
                                                    RapportApi       *api);
gboolean          rapport_admin_list_get_loading   (RapportAdminList *self);
guint             rapport_admin_list_get_n_items   (RapportAdminList *self);
CrmEntity        *rapport_admin_list_get_current   (RapportAdminList *self);
void              rapport_admin_list_set_current   (RapportAdminList *self,
                                                    CrmEntity        *entity);
gboolean          rapport_admin_list_get_dirty     (RapportAdminList *self);
void              rapport_admin_list_set_dirty     (RapportAdminList *self,
                                                    gboolean          dirty);
void              rapport_admin_list_send          (RapportAdminList    *self,
                                                    RapportApi          *api,
                                                    CrmEntity           *patch,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          rapport_admin_list_select_name   (RapportAdminList *self,
                                                    const char       *name);
void              rapport_admin_list_start_new     (RapportAdminList *self);

G_END_DECLS
