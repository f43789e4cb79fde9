/* rapportd-survey-answers.c: a survey invitation's form as its link opens it, and its answers checked and stored once */
#include "rapportd-survey-answers.h"
#include "rapportd-sql.h"
#include "rapportd-auth.h"
#include "audit/rapportd-audit.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

void
rapportd_survey_form_free (RapportdSurveyForm *form)
{
  if (form == NULL)
    return;
  g_free (form->status);
  g_free (form->title);
  g_free (form->intro);
  g_free (form->language);
  g_clear_pointer (&form->questions, g_ptr_array_unref);
  g_free (form);
}

/**
 * rapportd_survey_form_find:
 * @db: a connection
 * @token: (nullable): the secret of the invitation's link, or %NULL to
 *   find it by @invitation_id
 * @invitation_id: the invitation, when @token is %NULL
 * @for_update: lock the invitation until the transaction ends
 * @error: %CRM_ERROR_NOT_FOUND for an unknown or forged secret
 *
 * Returns: (transfer full): the invitation's form
 */
RapportdSurveyForm *
rapportd_survey_form_find (RapportdDb  *db,
                           const char  *token,
                           gint64       invitation_id,
                           gboolean     for_update,
                           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT i.id, CASE WHEN i.status = 'pending' AND i.expires_at <= UTC_TIMESTAMP(6) "
                                                 "THEN 'expired' ELSE i.status END, s.id, s.title, s.intro, s.language, s.questions "
                                                 "FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id ");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(RapportdSurveyForm) form = NULL;
  g_autofree char *hash = NULL;

  if (token != NULL)
    {
      hash = rapportd_auth_token_hash (token);
      rapportd_sql_append (sql, "WHERE i.token_hash = ?");
      rapportd_sql_add_text (sql, hash);
    }
  else
    {
      rapportd_sql_append (sql, "WHERE i.id = ?");
      rapportd_sql_add_int (sql, invitation_id);
    }
  if (for_update)
    rapportd_sql_append (sql, " FOR UPDATE");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such survey invitation"));
      return NULL;
    }
  form = g_new0 (RapportdSurveyForm, 1);
  form->invitation_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  form->status = g_strdup (rapportd_db_result_get (result, 0, 1));
  form->survey_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 2), NULL, 10);
  form->title = g_strdup (rapportd_db_result_get (result, 0, 3));
  form->intro = g_strdup (rapportd_db_result_get (result, 0, 4));
  form->language = g_strdup (rapportd_db_result_get (result, 0, 5));
  /* stored only once checked: a failure here is the database's */
  if ((form->questions = crm_survey_questions_parse (rapportd_db_result_get (result, 0, 6), error)) == NULL)
    return NULL;
  return g_steal_pointer (&form);
}

/**
 * rapportd_survey_answers_check:
 * @form: a form
 * @answers: (element-type utf8 utf8): question id → answer as text
 *
 * Returns: (transfer full) (nullable): question id → what is wrong with
 *   its answer, in the thread's language; %NULL when all is well
 */
GHashTable *
rapportd_survey_answers_check (RapportdSurveyForm *form,
                               GHashTable         *answers)
{
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (form != NULL && answers != NULL, NULL);

  for (guint i = 0; i < form->questions->len; i++)
    {
      CrmSurveyQuestion *question = form->questions->pdata[i];
      g_autoptr(GError) problem = NULL;

      if (!crm_survey_question_check_answer (question, g_hash_table_lookup (answers, question->id),
                                             question->id, &problem))
        g_hash_table_insert (problems, g_strdup (question->id), g_strdup (problem->message));
    }
  return g_hash_table_size (problems) > 0 ? g_steal_pointer (&problems) : NULL;
}

static void
add_text_or_null (RapportdSql *sql,
                  const char  *text)
{
  if (text != NULL)
    rapportd_sql_add_text (sql, text);
  else
    rapportd_sql_add_null (sql);
}

/* one row an answered question, the audit's JSON beside it */
static gboolean
insert_answer (RapportdDb         *db,
               gint64              invitation_id,
               CrmSurveyQuestion  *question,
               const char         *value,
               JsonBuilder        *audit,
               GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO survey_answers (invitation_id, question_id, question_type, "
                                                 "score, choice, answer_text) VALUES (?, ?, ?, ?, ?, ?)");
  gboolean scored = question->type == CRM_SURVEY_QUESTION_RATING || question->type == CRM_SURVEY_QUESTION_NPS;

  rapportd_sql_add_int (sql, invitation_id);
  rapportd_sql_add_text (sql, question->id);
  rapportd_sql_add_text (sql, crm_survey_question_type_to_string (question->type));
  if (scored)
    rapportd_sql_add_int (sql, g_ascii_strtoll (value, NULL, 10));
  else
    rapportd_sql_add_null (sql);
  add_text_or_null (sql, question->type == CRM_SURVEY_QUESTION_CHOICE ? value : NULL);
  add_text_or_null (sql, question->type == CRM_SURVEY_QUESTION_TEXT ? value : NULL);
  json_builder_set_member_name (audit, question->id);
  if (scored)
    json_builder_add_int_value (audit, g_ascii_strtoll (value, NULL, 10));
  else
    json_builder_add_string_value (audit, value);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_survey_answers_store:
 * @db: a connection inside the caller's transaction, @form's invitation
 *   locked by rapportd_survey_form_find()
 * @form: a pending form (a member of staff may also answer an expired one)
 * @answers: (element-type utf8 utf8): question id → answer, checked by
 *   rapportd_survey_answers_check()
 * @recorded_by: the user who took the answers down, or 0: the customer
 *   through the link
 * @reason: (nullable): the audit row's reason
 * @error: %CRM_ERROR_CONFLICT when the invitation was answered already
 *
 * Stores the answers, marks the invitation answered; one audit row, whose
 * actor is the user or, through the link, none (the invitation).
 */
gboolean
rapportd_survey_answers_store (RapportdDb          *db,
                               RapportdSurveyForm  *form,
                               GHashTable          *answers,
                               gint64               recorded_by,
                               const char          *reason,
                               GError             **error)
{
  g_autoptr(RapportdSql) mark = rapportd_sql_new ("UPDATE survey_invitations SET status = 'answered', "
                                                  "answered_at = UTC_TIMESTAMP(6), recorded_by = ? WHERE id = ? AND status = 'pending'");
  g_autoptr(JsonBuilder) audit = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  guint64 marked = 0;

  g_return_val_if_fail (form != NULL && answers != NULL, FALSE);

  if (g_str_equal (form->status, "answered"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This survey was answered already"));
      return FALSE;
    }
  json_builder_begin_object (audit);
  json_builder_set_member_name (audit, "recorded_by");
  if (recorded_by > 0)
    json_builder_add_int_value (audit, recorded_by);
  else
    json_builder_add_null_value (audit);
  json_builder_set_member_name (audit, "answers");
  json_builder_begin_object (audit);
  for (guint i = 0; i < form->questions->len; i++)
    {
      CrmSurveyQuestion *question = form->questions->pdata[i];
      const char *value = g_hash_table_lookup (answers, question->id);

      if (value != NULL && *value != '\0' &&
          !insert_answer (db, form->invitation_id, question, value, audit, error))
        return FALSE;
    }
  json_builder_end_object (audit);
  json_builder_end_object (audit);
  if (recorded_by > 0)
    rapportd_sql_add_int (mark, recorded_by);
  else
    rapportd_sql_add_null (mark);
  rapportd_sql_add_int (mark, form->invitation_id);
  if (!rapportd_db_execute (db, mark, &marked, NULL, error))
    return FALSE;
  if (marked != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This survey was answered already"));
      return FALSE;
    }
  node = json_builder_get_root (audit);
  json = json_to_string (node, FALSE);
  return rapportd_audit_append (db, recorded_by, "survey_invitation", form->invitation_id, "answer",
                                reason ? reason : (recorded_by > 0 ? NULL : "answered through the survey link"),
                                NULL, json, error);
}
