/* rapportd-api-surveys.c: a survey's invitations, answers recorded by staff, its results and responses */
#include "rapportd-api.h"
#include "db/rapportd-survey-answers.h"
#include "db/rapportd-survey-invitations.h"
#include "db/rapportd-survey-results.h"
#include "crm-case.h"
#include "crm-contact.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* POST /surveys/:id/invitations {"contact_ids":[…]}: each link is shown this once */
RAPPORTD_HANDLER (rapportd_api_surveys_invite)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_survey_invite_contacts (db, &request->actor, id, body, request->host, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* GET /surveys/:id/results?group_by=none|owner|category&from=&to= */
RAPPORTD_HANDLER (rapportd_api_surveys_results)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_survey_results (db, &request->actor, id, request->query, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* GET /surveys/:id/responses?from=&to=&after= */
RAPPORTD_HANDLER (rapportd_api_surveys_responses)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_survey_responses (db, &request->actor, id, request->query, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* GET /survey-invitations?survey_id=|case_id=|contact_id=[&status=] */
RAPPORTD_HANDLER (rapportd_api_survey_invitations_list)
{
  g_autoptr(JsonNode) answer = rapportd_survey_invitations_list (db, &request->actor, request->query, error);

  if (answer == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* the answers member, question id → score (a number) or text */
static GHashTable *
read_answers (JsonObject          *body,
              RapportdSurveyForm  *form,
              GError             **error)
{
  JsonNode *node = json_object_get_member (body, "answers");
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "answers", _("Give the answers as an object: question id → answer"));
      return NULL;
    }
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      g_autofree char *field = g_strconcat ("answers.", (const char *) l->data, NULL);
      gboolean known = FALSE;

      for (guint i = 0; i < form->questions->len; i++)
        known |= g_str_equal (((CrmSurveyQuestion *) form->questions->pdata[i])->id, l->data);
      if (!known)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, _("The survey has no such question"));
          return NULL;
        }
      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
        g_hash_table_insert (answers, g_strdup (l->data), g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value)));
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        g_hash_table_insert (answers, g_strdup (l->data), g_strdup (json_node_get_string (value)));
      else
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, _("An answer is a whole number or a text"));
          return NULL;
        }
    }
  return g_steal_pointer (&answers);
}

/* the invitation's case, or else its contact, is one the actor may see */
static gboolean
check_visible (RapportdDb           *db,
               const RapportdActor  *actor,
               gint64                invitation_id,
               GError              **error)
{
  g_autoptr(JsonObject) invitation = rapportd_survey_invitation_read (db, invitation_id, FALSE, error);
  g_autoptr(CrmEntity) record = NULL;
  gint64 case_id, contact_id;

  if (invitation == NULL)
    return FALSE;
  case_id = json_object_get_int_member_with_default (invitation, "case_id", 0);
  contact_id = json_object_get_int_member_with_default (invitation, "contact_id", 0);
  if (case_id > 0)
    record = rapportd_repo_get (db, actor, CRM_TYPE_CASE, case_id, FALSE, error);
  else if (contact_id > 0)
    record = rapportd_repo_get (db, actor, CRM_TYPE_CONTACT, contact_id, FALSE, error);
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such survey invitation"));
  if (record == NULL && error != NULL && *error != NULL && g_error_matches (*error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
    {
      g_clear_error (error);
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such survey invitation"));
    }
  return record != NULL;
}

/* POST /survey-invitations/:id/answers {"answers":{…}}: given by phone, taken down by staff */
RAPPORTD_HANDLER (rapportd_api_survey_invitations_answer)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(RapportdSurveyForm) form = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      !check_visible (db, &request->actor, id, error) ||
      (form = rapportd_survey_form_find (db, NULL, id, TRUE, error)) == NULL ||
      (answers = read_answers (body, form, error)) == NULL)
    return FALSE;
  if ((problems = rapportd_survey_answers_check (form, answers)) != NULL)
    {
      /* the first question in the survey's order that is wrong */
      for (guint i = 0; i < form->questions->len; i++)
        {
          const char *question = ((CrmSurveyQuestion *) form->questions->pdata[i])->id;
          const char *problem = g_hash_table_lookup (problems, question);
          g_autofree char *field = g_strconcat ("answers.", question, NULL);

          if (problem != NULL)
            {
              crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field, "%s", problem);
              return FALSE;
            }
        }
    }
  if (!rapportd_survey_answers_store (db, form, answers, request->actor.user_id, request->actor.reason, error) ||
      (stored = rapportd_survey_invitation_read (db, id, FALSE, error)) == NULL)
    return FALSE;
  node = json_node_init_object (json_node_alloc (), stored);
  rapportd_request_set_json (request, 201, node);
  return TRUE;
}
