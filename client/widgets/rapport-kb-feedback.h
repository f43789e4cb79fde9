/* rapport-kb-feedback.h: RapportKbFeedback, on a published knowledge-base article's page: "Was this useful?", the user's vote and the article's counts */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_KB_FEEDBACK (rapport_kb_feedback_get_type ())

G_DECLARE_FINAL_TYPE (RapportKbFeedback, rapport_kb_feedback, RAPPORT, KB_FEEDBACK, GtkWidget)

GtkWidget  *rapport_kb_feedback_new        (RapportApi        *api);
void        rapport_kb_feedback_set_entity (RapportKbFeedback *self,
                                            CrmEntity         *entity);
void        rapport_kb_feedback_vote       (RapportKbFeedback *self,
                                            gboolean           useful);
gboolean    rapport_kb_feedback_is_sending (RapportKbFeedback *self);

G_END_DECLS
