/* rapportd-api-intake.c: leads from web forms and kiosks by intake key, the keys themselves, and re-running the assignment rules */
#include "rapportd-api.h"
#include "rapportd-intake-limit.h"
#include "db/rapportd-assign.h"
#include "db/rapportd-intake-batch.h"
#include "db/rapportd-intake-keys.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* what a form may say of a lead; the source is the key's channel, and the
 * owner, status and score are for the company to decide */
static const char * const intake_members[] = {
  "company", "person", "title", "mobile", "phone", "email", "region", "industry", "source_detail", "notes", NULL
};

static gboolean
check_intake_members (JsonObject  *body,
                      GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (body);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (intake_members, l->data))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, l->data,
                                   _("A lead sent through an intake key cannot set “%s”"), (char *) l->data);
        return FALSE;
      }
  return TRUE;
}

/* the lead as the rules (or the key's pool) give it out */
static gboolean
assign_intake (RapportdDb               *db,
               const RapportdIntakeKey  *key,
               CrmEntity                *lead,
               RapportdActor            *actor,
               gint64                   *pool_id,
               GError                  **error)
{
  g_auto(RapportdAssignment) assignment = { 0 };

  *pool_id = key->pool_id;
  if (!key->run_rules)
    return TRUE;
  if (!rapportd_assign_choose (db, lead, &assignment, error))
    return FALSE;
  if (assignment.rule_id == 0)
    return TRUE;
  if (assignment.user_id > 0)
    {
      crm_entity_set_int (lead, "owner", assignment.user_id);
      *pool_id = 0;
    }
  else
    *pool_id = assignment.pool_id;
  {
    g_autofree char *reason = rapportd_assignment_reason (&assignment, actor->reason);

    g_free (actor->reason);
    actor->reason = g_steal_pointer (&reason);
  }
  return TRUE;
}

/* one intake's lead between the steps of its write */
typedef struct
{
  JsonObject    *body;
  CrmEntity     *lead;
  RapportdActor  actor;
} IntakeLead;

static void
intake_lead_clear (IntakeLead *intake)
{
  g_clear_object (&intake->lead);
  rapportd_actor_clear (&intake->actor);
}

/* the lead of @intake (its validated body) assigned, then created, with its
 * audit, in the transaction @db is in; assigned from a fresh record each
 * time, as a lead retried alone is written again from its body */
static gboolean
write_lead (RapportdDb          *db,
            RapportdIntakeStep   step,
            RapportdIntakeKey   *key,
            gpointer             data,
            GError             **error)
{
  IntakeLead *intake = data;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 pool_id = 0;

  if (step == RAPPORTD_INTAKE_CREATE)
    return (stored = rapportd_repo_create (db, &intake->actor, intake->lead, error)) != NULL;

  intake_lead_clear (intake);
  intake->lead = crm_entity_new (crm_entities_lookup_name ("lead"));
  if (!crm_json_to_entity (intake->lead, intake->body, CRM_VALIDATE_CREATE, error))
    return FALSE;
  crm_entity_set_text (intake->lead, "source", key->channel);
  /* the server writes, for the key: the audit row has no user and names the key */
  intake->actor.name = g_strdup_printf ("intake:%s", key->name);
  intake->actor.reason = g_strdup_printf ("intake key %" G_GINT64_FORMAT " \"%s\"", key->id, key->name);
  if (!assign_intake (db, key, intake->lead, &intake->actor, &pool_id, error))
    return FALSE;
  if (pool_id > 0)
    rapportd_assign_set_pool (intake->lead, pool_id);
  return TRUE;
}

/* the body of an intake, checked as a lead before it joins a batch, so
 * that a bad one fails alone */
static JsonObject *
read_lead (RapportdRequest    *request,
           RapportdIntakeKey  *key,
           GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(CrmEntity) lead = NULL;

  if (!rapportd_intake_limit_take (key->id, key->rate_per_minute, g_get_monotonic_time (), &request->retry_after))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_MANY_REQUESTS,
                   _("Too many leads through this intake key; try again in %u s"), request->retry_after);
      return NULL;
    }
  if ((body = rapportd_request_body_object (request, error)) == NULL || !check_intake_members (body, error))
    return NULL;
  lead = crm_entity_new (crm_entities_lookup_name ("lead"));
  if (!crm_json_to_entity (lead, body, CRM_VALIDATE_CREATE, error))
    return NULL;
  return g_steal_pointer (&body);
}

/* the lead of the request, stored with those of concurrent intakes in one
 * transaction (rapportd-intake-batch.c), its key's use counted; the key's
 * row is locked from the count to the commit */
static gboolean
take_lead (RapportdDb         *db,
           RapportdRequest    *request,
           RapportdIntakeKey  *key,
           GError            **error)
{
  IntakeLead intake = { 0 };
  gboolean ok;

  rapportd_intake_batch_arrive ();
  if ((intake.body = read_lead (request, key, error)) == NULL)
    {
      rapportd_intake_batch_leave ();
      return FALSE;
    }
  ok = rapportd_intake_batch_store (db, write_lead, key, &intake, error);
  intake_lead_clear (&intake);
  json_object_unref (intake.body);
  return ok;
}

/* POST /intake/leads, with Authorization: Bearer KEY and no session. A key
 * unknown to this rapportd is read before the body is; a key it knows is
 * found revoked by the count of its use, or, when the intake fails before
 * that (a bad body, the rate limit), by reading it then: either way a
 * revoked key answers 401 and stores nothing. The answer tells the sender
 * only that the lead was accepted, nothing of the company's customers; it
 * is given once the lead is committed. */
RAPPORTD_HANDLER (rapportd_api_intake_leads)
{
  g_auto(RapportdIntakeKey) key = { 0 };
  g_autoptr(GError) local_error = NULL;

  if (!rapportd_intake_key_find (db, request->token, &key, error))
    return FALSE;
  if (!take_lead (db, request, &key, &local_error))
    {
      if (local_error == NULL)
        return FALSE;
      if (!g_error_matches (local_error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED) &&
          !rapportd_db_is_broken (db) && !rapportd_intake_key_confirm (db, &key, error))
        return FALSE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  rapportd_request_take_body (request, 201, g_strdup ("{\"accepted\":true}"));
  return TRUE;
}

/* GET /intake-keys */
RAPPORTD_HANDLER (rapportd_api_intake_keys_list)
{
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (answer = rapportd_intake_keys_list (db, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /intake-keys: the secret is in this answer and nowhere else */
RAPPORTD_HANDLER (rapportd_api_intake_keys_create)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (body = rapportd_request_body_object (request, error)) == NULL ||
      (answer = rapportd_intake_key_create (db, &request->actor, body, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* DELETE /intake-keys/:id and POST /intake-keys/:id/revoke */
RAPPORTD_HANDLER (rapportd_api_intake_keys_revoke)
{
  g_autoptr(JsonNode) answer = NULL;
  gint64 id;

  if (!rapportd_api_require_admin (request, FALSE, error) || !rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_intake_key_revoke (db, &request->actor, id, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /assignment-rules/run: the rules again, over the open leads without an owner */
RAPPORTD_HANDLER (rapportd_api_assignment_rules_run)
{
  g_autoptr(JsonNode) answer = NULL;

  if (!rapportd_api_require_admin (request, FALSE, error) || (answer = rapportd_assign_rerun (db, &request->actor, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/**
 * rapportd_api_assign_stored:
 * @db: a connection inside the request's transaction
 * @actor: who made the record
 * @stored: (inout): a record just stored; replaced by itself as the rules
 *   left it
 * @error: return location for a #GError
 *
 * For a record made without an owner (a create with `"owner_id": null`, an
 * import row with none): the rules run and may give it to someone else.
 *
 * Returns: whether the rules ran
 */
gboolean
rapportd_api_assign_stored (RapportdDb           *db,
                            const RapportdActor  *actor,
                            CrmEntity           **stored,
                            GError              **error)
{
  CrmEntity *assigned;

  g_return_val_if_fail (stored != NULL && CRM_IS_ENTITY (*stored), FALSE);

  if ((assigned = rapportd_assign_record (db, actor, *stored, error)) == NULL)
    return FALSE;
  g_object_unref (*stored);
  *stored = assigned;
  return TRUE;
}
