/* crm-survey-questions.c: a satisfaction survey's questions, read from their JSON and checked, and the answers they take */
#include "crm-survey-questions.h"
#include "crm-error.h"
#include "crm-json-parse.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_ID 32
#define MAX_LABEL 500
#define MAX_OPTION 200

static const char * const type_names[] = { "rating", "nps", "choice", "text", NULL };
static const char * const members[] = { "id", "type", "label", "required", "options", NULL };

/**
 * crm_survey_question_type_to_string:
 * @type: a question's type
 *
 * Returns: its name in the survey's JSON ("rating", "nps", "choice", "text")
 */
const char *
crm_survey_question_type_to_string (CrmSurveyQuestionType type)
{
  g_return_val_if_fail (type <= CRM_SURVEY_QUESTION_TEXT, NULL);

  return type_names[type];
}

static void
question_free (gpointer data)
{
  CrmSurveyQuestion *question = data;

  g_free (question->id);
  g_free (question->label);
  g_strfreev (question->options);
  g_free (question);
}

/* questions[INDEX].MEMBER, the field a problem is named by */
static void
set_problem (GError     **error,
             guint        index,
             const char  *member,
             const char  *message)
{
  g_autofree char *field = g_strdup_printf ("questions[%u].%s", index, member);

  /* TRANSLATORS: a question's number in its survey (from 1), then what is wrong with it */
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, _("Question %u: %s"), index + 1, message);
}

static gboolean
is_id (const char *text)
{
  gsize length = strlen (text);

  return length > 0 && length <= MAX_ID &&
         strspn (text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == length;
}

/* a text member of @object, NULL when absent; FALSE when it is not a string */
static gboolean
read_text (JsonObject  *object,
           const char  *member,
           const char **text)
{
  JsonNode *node = json_object_get_member (object, member);

  *text = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *text = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_options (JsonObject         *object,
              guint               index,
              CrmSurveyQuestion  *question,
              GError            **error)
{
  JsonNode *node = json_object_get_member (object, "options");
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (question->type != CRM_SURVEY_QUESTION_CHOICE)
    {
      if (node != NULL)
        set_problem (error, index, "options", _("Only a choice question has options"));
      return node == NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) < 2 ||
      json_array_get_length (array) > CRM_SURVEY_MAX_OPTIONS)
    {
      set_problem (error, index, "options", _("A choice question needs a list of 2 to 20 options"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text = JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
                         ? json_node_get_string (item) : NULL;

      if (text == NULL || *text == '\0' || g_utf8_strlen (text, -1) > MAX_OPTION)
        {
          set_problem (error, index, "options", _("Each option is a text of 1 to 200 characters"));
          return FALSE;
        }
      for (guint j = 0; j < options->len; j++)
        if (g_str_equal (options->pdata[j], text))
          {
            set_problem (error, index, "options", _("An option is listed twice"));
            return FALSE;
          }
      g_ptr_array_add (options, g_strdup (text));
    }
  g_ptr_array_add (options, NULL);
  question->options = (char **) g_ptr_array_free (g_steal_pointer (&options), FALSE);
  return TRUE;
}

static CrmSurveyQuestion *
read_question (JsonNode    *node,
               guint        index,
               GPtrArray   *questions,
               GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  CrmSurveyQuestion *question;
  const char *id, *type, *label;
  JsonNode *required;
  g_autoptr(GList) names = NULL;

  if (object == NULL)
    {
      g_autofree char *field = g_strdup_printf ("questions[%u]", index);

      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", _("A question is an object"));
      return NULL;
    }
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      {
        set_problem (error, index, l->data, _("A question has only id, type, label, required and options"));
        return NULL;
      }
  if (!read_text (object, "id", &id) || id == NULL || !is_id (id))
    {
      set_problem (error, index, "id", _("A question's id is 1 to 32 letters, digits, '_' or '-'"));
      return NULL;
    }
  for (guint i = 0; i < questions->len; i++)
    if (g_str_equal (((CrmSurveyQuestion *) questions->pdata[i])->id, id))
      {
        set_problem (error, index, "id", _("Two questions have this id"));
        return NULL;
      }
  if (!read_text (object, "type", &type) || type == NULL || !g_strv_contains (type_names, type))
    {
      set_problem (error, index, "type", _("A question's type is rating, nps, choice or text"));
      return NULL;
    }
  if (!read_text (object, "label", &label) || label == NULL || *label == '\0' ||
      g_utf8_strlen (label, -1) > MAX_LABEL)
    {
      set_problem (error, index, "label", _("A question's label is a text of 1 to 500 characters"));
      return NULL;
    }
  required = json_object_get_member (object, "required");
  if (required != NULL && (!JSON_NODE_HOLDS_VALUE (required) || json_node_get_value_type (required) != G_TYPE_BOOLEAN))
    {
      set_problem (error, index, "required", _("Required is true or false"));
      return NULL;
    }
  question = g_new0 (CrmSurveyQuestion, 1);
  question->id = g_strdup (id);
  question->label = g_strdup (label);
  question->required = required != NULL && json_node_get_boolean (required);
  for (guint i = 0; type_names[i] != NULL; i++)
    if (g_str_equal (type_names[i], type))
      question->type = (CrmSurveyQuestionType) i;
  if (!read_options (object, index, question, error))
    {
      question_free (question);
      return NULL;
    }
  return question;
}

/**
 * crm_survey_questions_parse:
 * @json: the survey's questions, a JSON array of
 *   `{"id","type","label","required","options"}`
 * @error: %CRM_ERROR_VALIDATION naming `questions` or the question's
 *   index and member (`questions[2].type`)
 *
 * At most %CRM_SURVEY_MAX_QUESTIONS questions, ids unique, at most one
 * of type nps; a choice has 2 to 20 distinct options.
 *
 * Returns: (transfer container) (element-type CrmSurveyQuestion): the questions
 */
GPtrArray *
crm_survey_questions_parse (const char  *json,
                            GError     **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (question_free);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) problem = NULL;
  JsonArray *array;
  gboolean nps = FALSE;

  g_return_val_if_fail (json != NULL, NULL);

  root = crm_json_parse (json, -1, CRM_JSON_MAX_VALUES, &problem);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "questions", "%s",
                                 _("The questions are a JSON array of questions"));
      return NULL;
    }
  array = json_node_get_array (root);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > CRM_SURVEY_MAX_QUESTIONS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "questions", "%s",
                                 _("A survey has 1 to 20 questions"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      CrmSurveyQuestion *question = read_question (json_array_get_element (array, i), i, questions, error);

      if (question == NULL)
        return NULL;
      g_ptr_array_add (questions, question);
      if (question->type == CRM_SURVEY_QUESTION_NPS && nps)
        {
          set_problem (error, i, "type", _("A survey has at most one NPS question"));
          return NULL;
        }
      nps |= question->type == CRM_SURVEY_QUESTION_NPS;
    }
  return g_steal_pointer (&questions);
}

/* a whole number from @low to @high, written plainly */
static gboolean
is_score (const char *value,
          int         low,
          int         high)
{
  gint64 number;

  return g_ascii_string_to_signed (value, 10, low, high, &number, NULL) &&
         strspn (value, "0123456789") == strlen (value);
}

/**
 * crm_survey_question_check_answer:
 * @question: a question
 * @value: (nullable): its answer as text (a score, an option, a text);
 *   %NULL or blank: not answered
 * @field: the field an error names
 * @error: %CRM_ERROR_VALIDATION naming @field
 *
 * Returns: whether @value answers @question (or it may stay unanswered)
 */
gboolean
crm_survey_question_check_answer (const CrmSurveyQuestion  *question,
                                  const char               *value,
                                  const char               *field,
                                  GError                  **error)
{
  g_return_val_if_fail (question != NULL && field != NULL, FALSE);

  if (value == NULL || *value == '\0')
    {
      if (question->required)
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", _("This question needs an answer"));
      return !question->required;
    }
  switch (question->type)
    {
    case CRM_SURVEY_QUESTION_RATING:
      if (is_score (value, 1, 5))
        return TRUE;
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", _("Choose a rating from 1 to 5"));
      return FALSE;
    case CRM_SURVEY_QUESTION_NPS:
      if (is_score (value, 0, 10))
        return TRUE;
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", _("Choose a score from 0 to 10"));
      return FALSE;
    case CRM_SURVEY_QUESTION_CHOICE:
      if (g_strv_contains ((const char * const *) question->options, value))
        return TRUE;
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", _("Choose one of the options"));
      return FALSE;
    case CRM_SURVEY_QUESTION_TEXT:
    default:
      if (g_utf8_validate (value, -1, NULL) && g_utf8_strlen (value, -1) <= CRM_SURVEY_MAX_TEXT)
        return TRUE;
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", _("Write at most 2,000 characters"));
      return FALSE;
    }
}
