/* rapport-admin-pipelines-page.h: RapportAdminPipelinesPage, sales pipelines and their ordered stages for administrators */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_PIPELINES_PAGE (rapport_admin_pipelines_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminPipelinesPage, rapport_admin_pipelines_page, RAPPORT, ADMIN_PIPELINES_PAGE, GtkWidget)

void        rapport_admin_pipelines_page_set_api       (RapportAdminPipelinesPage *self,
                                                        RapportApi                *api);
void        rapport_admin_pipelines_page_reload        (RapportAdminPipelinesPage *self);
void        rapport_admin_pipelines_page_new_pipeline  (RapportAdminPipelinesPage *self);
void        rapport_admin_pipelines_page_add_stage     (RapportAdminPipelinesPage *self);
void        rapport_admin_pipelines_page_save          (RapportAdminPipelinesPage *self);
gboolean    rapport_admin_pipelines_page_select        (RapportAdminPipelinesPage *self,
                                                        const char                *name);
guint       rapport_admin_pipelines_page_get_n_stages  (RapportAdminPipelinesPage *self);
GtkWidget  *rapport_admin_pipelines_page_get_stage     (RapportAdminPipelinesPage *self,
                                                        guint                      position);
const char *rapport_admin_pipelines_page_get_error     (RapportAdminPipelinesPage *self);
gboolean    rapport_admin_pipelines_page_get_busy      (RapportAdminPipelinesPage *self);
gboolean    rapport_admin_pipelines_page_get_dirty     (RapportAdminPipelinesPage *self);

G_END_DECLS
