/* rapport-document-actions.h: RapportDocumentActions, the buttons for a document's next steps (submit, send, make order…) */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DOCUMENT_ACTIONS (rapport_document_actions_get_type ())

G_DECLARE_FINAL_TYPE (RapportDocumentActions, rapport_document_actions, RAPPORT, DOCUMENT_ACTIONS, GtkWidget)

void       rapport_document_actions_set_api      (RapportDocumentActions *self,
                                                  RapportApi             *api);
void       rapport_document_actions_set_document (RapportDocumentActions *self,
                                                  CrmEntity              *document,
                                                  gboolean                unsaved);
GtkWidget *rapport_document_actions_get_button   (RapportDocumentActions *self,
                                                  const char             *verb);
gboolean   rapport_document_actions_get_busy     (RapportDocumentActions *self);

G_END_DECLS
