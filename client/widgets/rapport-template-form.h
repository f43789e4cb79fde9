/* rapport-template-form.h: RapportTemplateForm, the common settings of a print template as a form over its JSON */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_TEMPLATE_FORM (rapport_template_form_get_type ())

G_DECLARE_FINAL_TYPE (RapportTemplateForm, rapport_template_form, RAPPORT, TEMPLATE_FORM, GtkWidget)

GtkWidget *rapport_template_form_new      (void);
gboolean   rapport_template_form_set_json (RapportTemplateForm *self,
                                           const char          *json);
char      *rapport_template_form_get_json (RapportTemplateForm *self);
void       rapport_template_form_load_logo (RapportTemplateForm *self,
                                            GFile               *file);

G_END_DECLS
