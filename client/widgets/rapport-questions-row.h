/* rapport-questions-row.h: RapportQuestionsRow, a survey's questions edited one by one (type, wording, required, options, order) as the JSON text the field holds */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_QUESTIONS_ROW (rapport_questions_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportQuestionsRow, rapport_questions_row, RAPPORT, QUESTIONS_ROW, AdwExpanderRow)

GtkWidget *rapport_questions_row_new              (const char          *title);
char      *rapport_questions_row_dup_value        (RapportQuestionsRow *self);
void       rapport_questions_row_set_value        (RapportQuestionsRow *self,
                                                   const char          *value);
void       rapport_questions_row_set_editable     (RapportQuestionsRow *self,
                                                   gboolean             editable);
GtkWidget *rapport_questions_row_get_question_row (RapportQuestionsRow *self,
                                                   guint                index);
GtkWidget *rapport_questions_row_get_label_entry  (RapportQuestionsRow *self,
                                                   guint                index);
GtkWidget *rapport_questions_row_get_add_row      (RapportQuestionsRow *self);

G_END_DECLS
