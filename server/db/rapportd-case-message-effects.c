/* rapportd-case-message-effects.c: what a message of a case's conversation does to the case: first response, status, a new case */

/* Like Zendesk's first reply time, a case's first response is the first
 * reply its customer is sent; an agent's reply also takes a new or
 * assigned case in progress (Zendesk's New → Open), while taking a case
 * to waiting on the customer stays the agent's choice. A customer's
 * message puts the case back to work: out of waiting (the SLA clock
 * resumes), out of resolved, and out of closed within the reopening
 * window; later, per [service] reply_to_closed, it reopens the case
 * anyway or opens a new case that follows the closed one (Zendesk's
 * follow-up ticket). Internal notes change nothing. Each change is the
 * case's own update (audited, its "change" event and webhook), written by
 * the server on the writer's behalf. */
#include "rapportd-case-message-effects.h"
#include "rapportd-cases.h"
#include "rapportd-repo.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* how far an inbound message follows merged cases */
#define MAX_MERGE_HOPS 8

/* the fields a case opened after a closed one takes from it */
static const char * const follow_up_fields[] = {
  "subject", "account", "contact", "product", "serial_lot", "order", "contract", "channel",
  "priority", "is_complaint", "owner", "queue_team", "category",
};

static gboolean
has_value (CrmEntity  *record,
           const char *name)
{
  return crm_entity_has_value (record, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name));
}

static CrmEntity *
follow_up_of (CrmEntity *closed,
              gboolean   with_category)
{
  CrmEntity *fresh = crm_entity_new (CRM_TYPE_CASE);
  g_autofree char *closed_at = crm_json_format_timestamp (crm_entity_get_int (closed, "closed_at"));
  g_autofree char *description = g_strdup_printf (_("The customer wrote again about case %s, closed at %s."),
                                                  crm_entity_get_text (closed, "number"), closed_at);

  for (guint i = 0; i < G_N_ELEMENTS (follow_up_fields); i++)
    {
      const char *name = follow_up_fields[i];
      const CrmValue *value;

      if (!has_value (closed, name) || (!with_category && g_str_equal (name, "category")))
        continue;
      value = crm_entity_value (closed, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (closed), name));
      if (value->s != NULL)
        crm_entity_set_text (fresh, name, value->s);
      else
        crm_entity_set_int (fresh, name, value->i);
    }
  crm_entity_set_int (fresh, "related_case", crm_entity_get_id (closed));
  crm_entity_set_text (fresh, "description", description);
  return fresh;
}

/* the case that follows @closed, created by the writer of the message */
static gboolean
open_follow_up (RapportdDb           *db,
                const RapportdActor  *actor,
                CrmEntity            *closed,
                gint64               *target_id,
                GError              **error)
{
  g_autoptr(CrmEntity) fresh = follow_up_of (closed, TRUE);
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((stored = rapportd_repo_create (db, actor, fresh, &local_error)) == NULL &&
      g_error_matches (local_error, CRM_ERROR, CRM_ERROR_VALIDATION) && has_value (closed, "category"))
    {
      /* a category retired since: the new case goes without */
      g_autoptr(CrmEntity) plain = follow_up_of (closed, FALSE);

      g_clear_error (&local_error);
      stored = rapportd_repo_create (db, actor, plain, &local_error);
    }
  if (stored == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *target_id = crm_entity_get_id (stored);
  return TRUE;
}

/* the case's change for a message; FALSE: none */
static gboolean
fill_patch (CrmEntity                  *record,
            const RapportdCaseMessage  *message,
            gboolean                    reopen_closed,
            CrmEntity                  *patch)
{
  const char *status = crm_entity_get_text (record, "status");
  gboolean changed = FALSE;

  if (!g_str_equal (message->kind, "reply"))
    return FALSE;
  if (g_str_equal (message->direction, "outbound"))
    {
      if (!has_value (record, "first_response_at"))
        {
          crm_entity_set_int (patch, "first_response_at", g_get_real_time ());
          changed = TRUE;
        }
      if (g_strcmp0 (status, "new") == 0 || g_strcmp0 (status, "assigned") == 0)
        {
          crm_entity_set_text (patch, "status", "in_progress");
          changed = TRUE;
        }
      return changed;
    }
  if (g_strcmp0 (status, "waiting_on_customer") == 0 || g_strcmp0 (status, "resolved") == 0 ||
      (g_strcmp0 (status, "closed") == 0 && reopen_closed))
    {
      crm_entity_set_text (patch, "status", "in_progress");
      return TRUE;
    }
  return FALSE;
}

/* a merged case hands a customer's message on to the case it was merged
 * into; staff write there themselves */
static CrmEntity *
follow_merges (RapportdDb                 *db,
               const RapportdActor        *actor,
               CrmEntity                  *record,
               const RapportdCaseMessage  *message,
               GError                    **error)
{
  g_autoptr(CrmEntity) current = g_object_ref (record);

  for (guint hop = 0; has_value (current, "merged_into_case"); hop++)
    {
      gint64 into = crm_entity_get_int (current, "merged_into_case");

      if (!g_str_equal (message->direction, "inbound") || hop >= MAX_MERGE_HOPS)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "id",
                                     _("This case was merged into case %lld: write there"), (long long) into);
          return NULL;
        }
      g_clear_object (&current);
      if ((current = rapportd_repo_get (db, actor, CRM_TYPE_CASE, into, TRUE, error)) == NULL)
        return NULL;
    }
  return g_steal_pointer (&current);
}

/**
 * rapportd_case_message_effects_apply:
 * @db: a connection inside the transaction that stores the message
 * @actor: its writer, who may change @record
 * @record: the case written to, read for update
 * @message: a checked message
 * @reply_to_closed: what an inbound message to a case closed longer than
 *   reopen_days ago does
 * @target_id: (out): the case the message belongs on: @record's id, the
 *   case it was merged into, or a new case following it
 * @error: return location for a #GError
 *
 * Changes the case as the message means (see the file's comment).
 */
gboolean
rapportd_case_message_effects_apply (RapportdDb                 *db,
                                     const RapportdActor        *actor,
                                     CrmEntity                  *record,
                                     const RapportdCaseMessage  *message,
                                     RapportdReplyToClosed       reply_to_closed,
                                     gint64                     *target_id,
                                     GError                    **error)
{
  g_autoptr(CrmEntity) current = NULL;
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  gboolean inbound_reply = g_str_equal (message->kind, "reply") && g_str_equal (message->direction, "inbound");
  gboolean closed, reopen_closed;

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);
  g_return_val_if_fail (target_id != NULL, FALSE);

  if ((current = follow_merges (db, actor, record, message, error)) == NULL)
    return FALSE;
  *target_id = crm_entity_get_id (current);
  closed = g_strcmp0 (crm_entity_get_text (current, "status"), "closed") == 0;
  reopen_closed = closed && (reply_to_closed == RAPPORTD_REPLY_TO_CLOSED_REOPEN ||
                             rapportd_cases_within_reopen_window (current, g_get_real_time ()));
  if (inbound_reply && closed && !reopen_closed)
    return open_follow_up (db, actor, current, target_id, error);
  if (!fill_patch (current, message, reopen_closed, patch))
    return TRUE;
  crm_entity_set_version (patch, crm_entity_get_version (current));
  stored = rapportd_repo_update_as_server (db, actor, *target_id, patch, error);
  return stored != NULL;
}
