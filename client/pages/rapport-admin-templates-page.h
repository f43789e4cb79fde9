/* rapport-admin-templates-page.h: RapportAdminTemplatesPage, print templates for administrators: edit the JSON, see it printed */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE (rapport_admin_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportAdminTemplatesPage, rapport_admin_templates_page, RAPPORT, ADMIN_TEMPLATES_PAGE, GtkWidget)

void     rapport_admin_templates_page_set_api   (RapportAdminTemplatesPage *self,
                                                 RapportApi                *api);
void     rapport_admin_templates_page_reload    (RapportAdminTemplatesPage *self);
void     rapport_admin_templates_page_new_template (RapportAdminTemplatesPage *self);
void     rapport_admin_templates_page_save      (RapportAdminTemplatesPage *self);
gboolean rapport_admin_templates_page_select    (RapportAdminTemplatesPage *self,
                                                 const char                *name);
guint    rapport_admin_templates_page_get_n_templates (RapportAdminTemplatesPage *self);
gboolean rapport_admin_templates_page_get_busy  (RapportAdminTemplatesPage *self);
void     rapport_admin_templates_page_set_content (RapportAdminTemplatesPage *self,
                                                   const char                *content);

G_END_DECLS
