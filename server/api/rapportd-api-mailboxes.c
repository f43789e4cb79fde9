/* rapportd-api-mailboxes.c: /mailboxes read for service cases, their messages and a poll now (administrators); a case's mailed replies */
#include "rapportd-api.h"
#include "rapportd-mailboxes.h"
#include "rapportd-mail-outbox.h"
#include "rapportd-mail-poll.h"
#include "rapportd-repo.h"
#include "crm-case.h"

/* GET /mailboxes */
RAPPORTD_HANDLER (rapportd_api_mailboxes_list)
{
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (answer = rapportd_mailboxes_list (db, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* GET /mailboxes/:id */
RAPPORTD_HANDLER (rapportd_api_mailboxes_get)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_mailbox_get (db, id, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /mailboxes: the password is sealed and never shown again */
RAPPORTD_HANDLER (rapportd_api_mailboxes_create)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_mailbox_create (db, &request->actor, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* PATCH /mailboxes/:id */
RAPPORTD_HANDLER (rapportd_api_mailboxes_update)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_mailbox_update (db, &request->actor, id, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* DELETE /mailboxes/:id: one that has read messages is switched off instead */
RAPPORTD_HANDLER (rapportd_api_mailboxes_delete)
{
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_mailbox_delete (db, &request->actor, id, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{\"deleted\":true}"));
  return TRUE;
}

/* POST /mailboxes/:id/poll: read it now; each message is a transaction of
 * its own, so this route runs outside the request's */
RAPPORTD_HANDLER (rapportd_api_mailboxes_poll)
{
  RapportdMailPollReport report;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_mail_poll (db, id, &report, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"stored\":%u,\"errors\":%u,\"duplicates\":%u}",
                                                             report.stored, report.errors, report.duplicates));
  return TRUE;
}

/* GET /mailboxes/:id/messages[?status=stored|error] */
RAPPORTD_HANDLER (rapportd_api_mailboxes_messages)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_mail_messages_list (db, id, rapportd_request_query (request, "status"), error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* GET /cases/:id/mail-outbox: the replies mailed on a case, for whoever sees it */
RAPPORTD_HANDLER (rapportd_api_cases_mail_outbox)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CrmEntity) the_case = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (the_case = rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, id, FALSE, error)) == NULL ||
      (answer = rapportd_mail_outbox_list (db, id, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}
