/* rapport-stage-editor.h: RapportStageEditor, one stage of a pipeline being edited: its form, its place, its error */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_STAGE_EDITOR (rapport_stage_editor_get_type ())

G_DECLARE_FINAL_TYPE (RapportStageEditor, rapport_stage_editor, RAPPORT, STAGE_EDITOR, GtkWidget)

RapportStageEditor *rapport_stage_editor_new         (RapportApi         *api,
                                                      CrmEntity          *stage);
CrmEntity          *rapport_stage_editor_get_stage   (RapportStageEditor *self);
void                rapport_stage_editor_set_place   (RapportStageEditor *self,
                                                      guint               position,
                                                      guint               n_stages);
void                rapport_stage_editor_preset      (RapportStageEditor *self,
                                                      const char         *name,
                                                      const char         *probability,
                                                      const char         *kind);
CrmEntity          *rapport_stage_editor_build       (RapportStageEditor *self,
                                                      GError            **error);
gboolean            rapport_stage_editor_is_dirty    (RapportStageEditor *self);
gboolean            rapport_stage_editor_is_closing  (RapportStageEditor *self);
void                rapport_stage_editor_show_error  (RapportStageEditor *self,
                                                      const char         *message,
                                                      const char         *json_key);
const char         *rapport_stage_editor_get_error   (RapportStageEditor *self);
void                rapport_stage_editor_clear_error (RapportStageEditor *self);
gboolean            rapport_stage_editor_focus       (RapportStageEditor *self);
GtkWidget          *rapport_stage_editor_get_row     (RapportStageEditor *self,
                                                      const char         *json_key);

G_END_DECLS
