/* rapport-import-assistant.h: RapportImportAssistant, a file brought into a collection step by step */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_IMPORT_ASSISTANT (rapport_import_assistant_get_type ())

G_DECLARE_FINAL_TYPE (RapportImportAssistant, rapport_import_assistant, RAPPORT, IMPORT_ASSISTANT, AdwWindow)

gboolean                rapport_import_assistant_can_import  (const char             *collection);
RapportImportAssistant *rapport_import_assistant_new         (GtkWindow              *parent,
                                                              RapportApi             *api,
                                                              const char             *collection);
void                    rapport_import_assistant_open_file   (RapportImportAssistant *self,
                                                              GFile                  *file);
const char             *rapport_import_assistant_get_step    (RapportImportAssistant *self);
gboolean                rapport_import_assistant_get_busy    (RapportImportAssistant *self);
JsonObject             *rapport_import_assistant_get_answer  (RapportImportAssistant *self);
void                    rapport_import_assistant_save_rejected_to (RapportImportAssistant *self,
                                                                   GFile                  *file);

G_END_DECLS
