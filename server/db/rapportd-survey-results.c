/* rapportd-survey-results.c: a survey's figures by group (response rate, CSAT, NPS, counts) and its answers one invitation each */
#include "rapportd-survey-results.h"
#include "rapportd-survey-access.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-survey.h"
#include "crm-survey-questions.h"

#include <glib/gi18n-lib.h>

#define MAX_RESPONSES 500

/**
 * rapportd_survey_percent:
 * @numerator: a count, or a difference of counts (NPS)
 * @denominator: the count it is a share of
 *
 * Integer arithmetic, rounded once, half away from zero, to 2 decimals.
 *
 * Returns: (transfer full) (nullable): 100 × @numerator / @denominator as
 *   a decimal string ("66.67", "-20.00"), %NULL when @denominator is 0
 */
char *
rapportd_survey_percent (gint64 numerator,
                         gint64 denominator)
{
  gint64 magnitude = ABS (numerator);
  gint64 hundredths;

  if (denominator <= 0)
    return NULL;
  hundredths = (magnitude * 20000 / denominator + 1) / 2;
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, numerator < 0 && hundredths > 0 ? "-" : "",
                          hundredths / 100, hundredths % 100);
}

/* the column a group is keyed by (without groups, the survey: one group),
 * and the name the group is shown by, of its key g.k */
static const char *
group_column (const char  *group_by,
              const char **name,
              GError     **error)
{
  *name = "NULL";
  if (group_by == NULL || g_str_equal (group_by, "none"))
    return "i.survey_id";
  if (g_str_equal (group_by, "owner"))
    {
      *name = "(SELECT u.name FROM users u WHERE u.id = g.k)";
      return "COALESCE(i.owner_id, 0)";
    }
  if (g_str_equal (group_by, "category"))
    {
      *name = "(SELECT c.name FROM `case-categories` c WHERE c.id = g.k)";
      return "COALESCE(i.category_id, 0)";
    }
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "group_by", _("Group by none, owner or category"));
  return NULL;
}

/* the survey's invitations sent between from and to */
static gboolean
append_window (RapportdSql  *sql,
               GHashTable   *query,
               GError      **error)
{
  static const char * const bounds[] = { "from", "to", NULL };

  for (guint i = 0; bounds[i] != NULL; i++)
    {
      const char *text = query ? g_hash_table_lookup (query, bounds[i]) : NULL;
      g_autofree char *time = NULL;
      gint64 usec;

      if (text == NULL)
        continue;
      if (!crm_json_parse_timestamp (text, &usec))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, bounds[i],
                                     _("Give a time such as 2026-01-31T00:00:00Z"));
          return FALSE;
        }
      time = rapportd_sql_format_time (usec);
      rapportd_sql_append (sql, i == 0 ? " AND i.created_at >= ?" : " AND i.created_at < ?");
      rapportd_sql_add_text (sql, time);
    }
  return TRUE;
}

static CrmEntity *
readable_survey (RapportdDb           *db,
                 const RapportdActor  *actor,
                 gint64                survey_id,
                 GPtrArray           **questions,
                 GError              **error)
{
  g_autoptr(CrmEntity) survey = NULL;

  if (!rapportd_survey_access_check_results (actor, error) ||
      (survey = rapportd_repo_get (db, actor, CRM_TYPE_SURVEY, survey_id, FALSE, error)) == NULL ||
      (*questions = crm_survey_questions_parse (crm_entity_get_text (survey, "questions"), error)) == NULL)
    return NULL;
  return g_steal_pointer (&survey);
}

static gint64
cell_int (RapportdDbResult *result,
          guint             row,
          guint             col)
{
  const char *value = rapportd_db_result_get (result, row, col);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static void
set_percent (JsonObject *object,
             const char *member,
             gint64      numerator,
             gint64      denominator)
{
  g_autofree char *text = rapportd_survey_percent (numerator, denominator);

  if (text != NULL)
    json_object_set_string_member (object, member, text);
  else
    json_object_set_null_member (object, member);
}

/* one question's figures in one group, from its rows of (group, question, score, choice, count) */
static JsonObject *
question_figures (CrmSurveyQuestion *question,
                  RapportdDbResult  *answers,
                  gint64             group)
{
  JsonObject *figures = json_object_new ();
  JsonObject *counts = json_object_new ();
  gint64 n = 0, top = 0, promoters = 0, detractors = 0;

  json_object_set_string_member (figures, "id", question->id);
  json_object_set_string_member (figures, "type", crm_survey_question_type_to_string (question->type));
  json_object_set_string_member (figures, "label", question->label);
  if (question->type == CRM_SURVEY_QUESTION_RATING)
    for (int score = 1; score <= 5; score++)
      json_object_set_int_member (counts, (char[]) { (char) ('0' + score), '\0' }, 0);
  for (guint i = 0; question->type == CRM_SURVEY_QUESTION_CHOICE && question->options[i] != NULL; i++)
    json_object_set_int_member (counts, question->options[i], 0);
  for (guint row = 0; row < answers->n_rows; row++)
    {
      const char *choice = rapportd_db_result_get (answers, row, 3);
      gint64 score = cell_int (answers, row, 2);
      gint64 count = cell_int (answers, row, 4);
      g_autofree char *key = NULL;

      if (cell_int (answers, row, 0) != group || !g_str_equal (rapportd_db_result_get (answers, row, 1), question->id))
        continue;
      n += count;
      if (question->type == CRM_SURVEY_QUESTION_RATING || question->type == CRM_SURVEY_QUESTION_NPS)
        {
          key = g_strdup_printf ("%" G_GINT64_FORMAT, score);
          top += score >= 4 ? count : 0;
          promoters += score >= 9 ? count : 0;
          detractors += score <= 6 ? count : 0;
        }
      else if (question->type == CRM_SURVEY_QUESTION_CHOICE && choice != NULL)
        key = g_strdup (choice);
      if (key != NULL)
        json_object_set_int_member (counts, key, json_object_get_int_member_with_default (counts, key, 0) + count);
    }
  json_object_set_int_member (figures, "n", n);
  if (question->type == CRM_SURVEY_QUESTION_TEXT)
    {
      json_object_unref (counts);
      return figures;
    }
  json_object_set_object_member (figures, "counts", counts);
  if (question->type == CRM_SURVEY_QUESTION_RATING)
    set_percent (figures, "csat", top, n);
  if (question->type == CRM_SURVEY_QUESTION_NPS)
    {
      json_object_set_int_member (figures, "promoters", promoters);
      json_object_set_int_member (figures, "passives", n - promoters - detractors);
      json_object_set_int_member (figures, "detractors", detractors);
      set_percent (figures, "nps", promoters - detractors, n);
    }
  return figures;
}

/**
 * rapportd_survey_results:
 * @db: a connection
 * @actor: who asks: an administrator, director, manager or auditor
 * @survey_id: a survey
 * @query: `group_by` (none, owner, category), `from`, `to` (when sent)
 * @error: 403 for other roles, 422 naming a bad parameter
 *
 * Returns: (transfer full): `{"survey_id","group_by","groups":[{"owner_id"
 *   or "category_id","name","sent","answered","response_rate","questions":[…]}]}`
 */
JsonNode *
rapportd_survey_results (RapportdDb           *db,
                         const RapportdActor  *actor,
                         gint64                survey_id,
                         GHashTable           *query,
                         GError              **error)
{
  const char *group_by = query ? g_hash_table_lookup (query, "group_by") : NULL;
  const char *name = NULL;
  const char *column = group_column (group_by, &name, error);
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(CrmEntity) survey = NULL;
  g_autoptr(RapportdSql) sent = NULL;
  g_autoptr(RapportdSql) given = NULL;
  g_autoptr(RapportdDbResult) groups = NULL;
  g_autoptr(RapportdDbResult) answers = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items;

  if (column == NULL || (survey = readable_survey (db, actor, survey_id, &questions, error)) == NULL)
    return NULL;
  sent = rapportd_sql_new (NULL);
  rapportd_sql_appendf (sent, "SELECT g.k, g.sent, g.answered, %s FROM (SELECT %s AS k, COUNT(*) AS sent, "
                        "COALESCE(SUM(i.status = 'answered'), 0) AS answered FROM survey_invitations i "
                        "WHERE i.survey_id = ?", name, column);
  rapportd_sql_add_int (sent, survey_id);
  given = rapportd_sql_new (NULL);
  rapportd_sql_appendf (given, "SELECT %s, a.question_id, a.score, a.choice, COUNT(*) FROM survey_answers a "
                        "JOIN survey_invitations i ON i.id = a.invitation_id WHERE i.survey_id = ?", column);
  rapportd_sql_add_int (given, survey_id);
  if (!append_window (sent, query, error) || !append_window (given, query, error))
    return NULL;
  rapportd_sql_appendf (sent, " GROUP BY %s) g ORDER BY g.k", column);
  rapportd_sql_appendf (given, " GROUP BY %s, a.question_id, a.score, a.choice", column);
  if ((groups = rapportd_db_query (db, sent, error)) == NULL ||
      (answers = rapportd_db_query (db, given, error)) == NULL)
    return NULL;
  json_object_set_int_member (answer, "survey_id", survey_id);
  json_object_set_string_member (answer, "group_by", group_by ? group_by : "none");
  items = json_array_new ();
  json_object_set_array_member (answer, "groups", items);
  for (guint row = 0; row < groups->n_rows; row++)
    {
      JsonObject *group = json_object_new ();
      JsonArray *figures = json_array_new ();
      gint64 key = cell_int (groups, row, 0);

      if (group_by != NULL && !g_str_equal (group_by, "none"))
        {
          const char *member = g_str_equal (group_by, "owner") ? "owner_id" : "category_id";
          const char *group_name = rapportd_db_result_get (groups, row, 3);

          if (key > 0)
            json_object_set_int_member (group, member, key);
          else
            json_object_set_null_member (group, member);
          if (group_name != NULL)
            json_object_set_string_member (group, "name", group_name);
          else
            json_object_set_null_member (group, "name");
        }
      json_object_set_int_member (group, "sent", cell_int (groups, row, 1));
      json_object_set_int_member (group, "answered", cell_int (groups, row, 2));
      set_percent (group, "response_rate", cell_int (groups, row, 2), cell_int (groups, row, 1));
      for (guint i = 0; i < questions->len; i++)
        json_array_add_object_element (figures, question_figures (questions->pdata[i], answers, key));
      json_object_set_array_member (group, "questions", figures);
      json_array_add_object_element (items, group);
    }
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_survey_responses:
 * @db: a connection
 * @actor: who asks, as for rapportd_survey_results()
 * @survey_id: a survey
 * @query: `from`, `to`, `after` (an invitation id: the next page)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"items":[{"invitation_id","case_id",
 *   "contact_id","owner_id","answered_at","recorded_by","answers":{…}}],
 *   "next":ID|null}`, at most 500 answered invitations, oldest first
 */
JsonNode *
rapportd_survey_responses (RapportdDb           *db,
                           const RapportdActor  *actor,
                           gint64                survey_id,
                           GHashTable           *query,
                           GError              **error)
{
  const char *after = query ? g_hash_table_lookup (query, "after") : NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT i.id, i.case_id, i.contact_id, i.owner_id, "
                                                 "DATE_FORMAT(i.answered_at, '%Y-%m-%dT%H:%i:%sZ'), i.recorded_by, "
                                                 "a.question_id, a.score, a.choice, a.answer_text FROM survey_invitations i "
                                                 "JOIN survey_answers a ON a.invitation_id = i.id "
                                                 "WHERE i.survey_id = ? AND i.status = 'answered' AND i.id IN (SELECT id FROM ("
                                                 "SELECT i.id FROM survey_invitations i WHERE i.survey_id = ? AND i.status = 'answered' AND i.id > ?");
  static const char * const members[] = { "invitation_id", "case_id", "contact_id", "owner_id", "answered_at", "recorded_by", NULL };
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(CrmEntity) survey = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonObject *current = NULL;
  gint64 after_id = 0, last = 0;

  json_object_set_array_member (answer, "items", items);
  if (after != NULL && !g_ascii_string_to_signed (after, 10, 0, G_MAXINT64, &after_id, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "after", _("Give the last invitation id of the page before"));
      return NULL;
    }
  if ((survey = readable_survey (db, actor, survey_id, &questions, error)) == NULL)
    return NULL;
  rapportd_sql_add_int (sql, survey_id);
  rapportd_sql_add_int (sql, survey_id);
  rapportd_sql_add_int (sql, after_id);
  if (!append_window (sql, query, error))
    return NULL;
  rapportd_sql_appendf (sql, " ORDER BY i.id LIMIT %d) page) ORDER BY i.id, a.id", MAX_RESPONSES);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint row = 0; row < result->n_rows; row++)
    {
      gint64 id = cell_int (result, row, 0);
      JsonObject *given;
      const char *question = rapportd_db_result_get (result, row, 6);

      if (id != last)
        {
          current = json_object_new ();
          for (guint col = 0; members[col] != NULL; col++)
            if (rapportd_db_result_get (result, row, col) == NULL)
              json_object_set_null_member (current, members[col]);
            else if (col == 4)
              json_object_set_string_member (current, members[col], rapportd_db_result_get (result, row, col));
            else
              json_object_set_int_member (current, members[col], cell_int (result, row, col));
          json_object_set_object_member (current, "answers", json_object_new ());
          json_array_add_object_element (items, current);
          last = id;
        }
      given = json_object_get_object_member (current, "answers");
      if (rapportd_db_result_get (result, row, 7) != NULL)
        json_object_set_int_member (given, question, cell_int (result, row, 7));
      else
        json_object_set_string_member (given, question, rapportd_db_result_get (result, row, rapportd_db_result_get (result, row, 8) ? 8 : 9));
    }
  if (json_array_get_length (items) == MAX_RESPONSES)
    json_object_set_int_member (answer, "next", last);
  else
    json_object_set_null_member (answer, "next");
  return json_node_init_object (json_node_alloc (), answer);
}
