/* rapport-case-conversation.h: RapportCaseConversation, a service case's replies and internal notes in time order, and the composer that sends one */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CASE_CONVERSATION (rapport_case_conversation_get_type ())
G_DECLARE_FINAL_TYPE (RapportCaseConversation, rapport_case_conversation, RAPPORT, CASE_CONVERSATION, AdwBin)

GtkWidget *rapport_case_conversation_new             (RapportApi              *api);
void       rapport_case_conversation_set_entity      (RapportCaseConversation *self,
                                                      CrmEntity               *entity);
guint      rapport_case_conversation_get_n_messages  (RapportCaseConversation *self);
GtkWidget *rapport_case_conversation_get_row         (RapportCaseConversation *self,
                                                      guint                    index);
GtkWidget *rapport_case_conversation_get_text_view   (RapportCaseConversation *self);
GtkWidget *rapport_case_conversation_get_note_toggle (RapportCaseConversation *self);
GtkWidget *rapport_case_conversation_get_send        (RapportCaseConversation *self);
GtkWidget *rapport_case_conversation_get_error_label (RapportCaseConversation *self);

G_END_DECLS
