/* rapport-entity-form.h: RapportEntityForm, the editable rows of a record, generated from its descriptors */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ENTITY_FORM (rapport_entity_form_get_type ())

G_DECLARE_FINAL_TYPE (RapportEntityForm, rapport_entity_form, RAPPORT, ENTITY_FORM, GtkWidget)

RapportEntityForm *rapport_entity_form_new          (GType              entity_type);
RapportEntityForm *rapport_entity_form_new_with_api (GType              entity_type,
                                                     RapportApi        *api,
                                                     GVariant          *preset);
void               rapport_entity_form_set_entity   (RapportEntityForm *self,
                                                     CrmEntity         *entity);
void               rapport_entity_form_rebase       (RapportEntityForm *self,
                                                     CrmEntity         *entity);
gboolean           rapport_entity_form_fill_changes (RapportEntityForm *self,
                                                     CrmEntity         *patch);
void               rapport_entity_form_fill_defaults (RapportEntityForm *self,
                                                      CrmEntity         *record);
gboolean           rapport_entity_form_is_dirty     (RapportEntityForm *self);
void               rapport_entity_form_show_error   (RapportEntityForm *self,
                                                     const char        *json_key);
void               rapport_entity_form_clear_errors (RapportEntityForm *self);
GtkWidget         *rapport_entity_form_get_row      (RapportEntityForm *self,
                                                     const char        *json_key);
gboolean           rapport_entity_form_check        (RapportEntityForm *self,
                                                     GError           **error);
char              *rapport_entity_form_get_text     (RapportEntityForm *self,
                                                     const char        *json_key);
void               rapport_entity_form_set_editable (RapportEntityForm *self,
                                                     gboolean           editable);
void               rapport_entity_form_freeze       (RapportEntityForm *self,
                                                     CrmEntity         *record);
gboolean           rapport_entity_form_focus_first  (RapportEntityForm *self);

G_END_DECLS
