/* rapport-entity-picker.h: RapportEntityPicker, a popover that searches a collection and picks one record */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ENTITY_PICKER (rapport_entity_picker_get_type ())

G_DECLARE_FINAL_TYPE (RapportEntityPicker, rapport_entity_picker, RAPPORT, ENTITY_PICKER, GtkPopover)

RapportEntityPicker *rapport_entity_picker_new         (RapportApi          *api,
                                                        const char          *collection);
void                 rapport_entity_picker_set_filter  (RapportEntityPicker *self,
                                                        const char          *query);
void                 rapport_entity_picker_search      (RapportEntityPicker *self,
                                                        const char          *text);
GListModel          *rapport_entity_picker_get_results (RapportEntityPicker *self);
gboolean             rapport_entity_picker_get_loading (RapportEntityPicker *self);
gboolean             rapport_entity_picker_choose_selected (RapportEntityPicker *self);

char                *rapport_entity_describe           (CrmEntity           *entity);
char                *rapport_entity_describe_details   (CrmEntity           *entity);
GtkListItemFactory  *rapport_entity_row_factory_new    (void);

G_END_DECLS
