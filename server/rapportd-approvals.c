/* rapportd-approvals.c: approvals on records: the engine run against the database, signatures, record states */
#include "rapportd-approvals.h"
#include "rapportd-approvals-escalate.h"
#include "rapportd-api-documents.h"
#include "rapportd-audit.h"
#include "rapportd-event-log.h"
#include "rapportd-opportunity-stage.h"
#include "rapportd-kb-publish.h"
#include "service/rapportd-complaints.h"
#include "rapportd-sla-escalation.h"
#include "rapportd-repo.h"
#include "rapportd-repo-memo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"
#include "crm-workflow.h"

#include <glib/gi18n-lib.h>

static const RapportdApprovalGate gates[] = {
  { "quote",    "submit",   "pending_approval", "approved",  "rejected", FALSE },
  { "order",    "confirm",  "pending_approval", "confirmed", "draft",    TRUE },
  { "contract", "activate", "pending_approval", "active",    "draft",    TRUE },
  { "opportunity", "report", .decided = rapportd_opportunity_finish_move },
  { "kb_article", "publish", .decided = rapportd_kb_publish_decided },
  { "case",     "close",    .decided = rapportd_complaints_closure_decided },
  { "case",     "sla_breach", .decided = rapportd_sla_escalation_decided },
};

/**
 * rapportd_approvals_gate:
 * @entity: e.g. "order"
 * @verb: the step, e.g. "confirm"
 *
 * Returns: (nullable): how the step goes through approval, if it does
 */
const RapportdApprovalGate *
rapportd_approvals_gate (const char *entity,
                         const char *verb)
{
  for (guint i = 0; i < G_N_ELEMENTS (gates); i++)
    if (g_str_equal (gates[i].entity, entity) && g_str_equal (gates[i].trigger, verb))
      return &gates[i];
  return NULL;
}

/* the organisation as the engine asks for it: logins */
static char **
resolve_members (CrmWorkflowApproverKind   kind,
                 const char               *name,
                 gpointer                  data,
                 GError                  **error)
{
  RapportdDb *db = data;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GStrvBuilder) logins = g_strv_builder_new ();

  switch (kind)
    {
    case CRM_WORKFLOW_APPROVER_ROLE:
      sql = rapportd_sql_new ("SELECT login FROM users WHERE role = ? AND active = 1 ORDER BY login");
      break;
    case CRM_WORKFLOW_APPROVER_TEAM:
      sql = rapportd_sql_new ("SELECT u.login FROM users u JOIN teams t ON t.id = u.team_id "
                              "WHERE t.name = ? AND u.active = 1 ORDER BY u.login");
      break;
    default:
      sql = rapportd_sql_new ("SELECT login FROM users WHERE login = ? AND active = 1");
      break;
    }
  rapportd_sql_add_text (sql, name);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < result->n_rows; i++)
    g_strv_builder_add (logins, rapportd_db_result_get (result, i, 0));
  return g_strv_builder_end (logins);
}

/* the first column of a statement's one row (NULL for no row), read once
 * while a job remembers what it only reads (rapportd-repo-memo.h) */
static gboolean
memo_query (RapportdDb   *db,
            const char   *key,
            RapportdSql  *sql,
            char        **value,
            GError      **error)
{
  g_autoptr(RapportdDbResult) result = NULL;

  if (rapportd_repo_memo_lookup (key, value))
    return TRUE;
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *value = result->n_rows == 1 ? g_strdup (rapportd_db_result_get (result, 0, 0)) : NULL;
  rapportd_repo_memo_store (key, *value);
  return TRUE;
}

static char *
resolve_manager (const char  *user,
                 guint        level,
                 gpointer     data,
                 GError     **error)
{
  RapportdDb *db = data;
  g_autofree char *current = g_strdup (user);

  for (guint i = 0; i < level && current != NULL; i++)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT m.login FROM users u JOIN users m ON m.id = u.manager_id "
                                                     "WHERE u.login = ? AND m.active = 1");
      g_autofree char *key = g_strconcat ("manager\037", current, NULL);
      char *manager = NULL;

      rapportd_sql_add_text (sql, current);
      if (!memo_query (db, key, sql, &manager, error))
        return NULL;
      g_free (current);
      current = manager;
    }
  return g_steal_pointer (&current);
}

static char *
login_of (RapportdDb *db,
          gint64      user_id)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT login FROM users WHERE id = ?");
  g_autofree char *key = g_strdup_printf ("login\037%" G_GINT64_FORMAT, user_id);
  char *login = NULL;

  rapportd_sql_add_int (sql, user_id);
  return memo_query (db, key, sql, &login, NULL) ? login : NULL;
}

/**
 * rapportd_approvals_record_sha256:
 * @record: a record as stored, lines included
 *
 * Returns: (transfer full): the SHA-256 of the record's exact JSON: what a
 *   signature binds to, recomputed to verify it
 */
char *
rapportd_approvals_record_sha256 (CrmEntity *record)
{
  g_autofree char *json = crm_json_entity_to_string (record);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}

/**
 * rapportd_approvals_verify_signature:
 * @db: a connection
 * @entity: the signed record's entity
 * @record_id: its id
 * @version: the version signed
 * @sha256: the hash the signature recorded
 *
 * A signature cannot be moved to another record or version: this finds
 * the signed version as the audit trail keeps it and recomputes its hash.
 *
 * Returns: whether the hash matches the record version it names
 */
gboolean
rapportd_approvals_verify_signature (RapportdDb *db,
                                     const char *entity,
                                     gint64      record_id,
                                     gint64      version,
                                     const char *sha256)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT after_json FROM audit_log WHERE entity = ? AND entity_id = ? "
                                                 "AND after_json IS NOT NULL ORDER BY id DESC");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, record_id);
  if ((result = rapportd_db_query (db, sql, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < result->n_rows; i++)
    {
      const char *after = rapportd_db_result_get (result, i, 0);
      g_autoptr(JsonNode) node = crm_json_parse (after, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
      g_autofree char *hash = NULL;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
          json_object_get_int_member_with_default (json_node_get_object (node), "version", -1) != version)
        continue;
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, after, -1);
      return g_strcmp0 (hash, sha256) == 0;
    }
  return FALSE;
}

/* the server moves a record on once its approval decides; the change is
 * audited under the person whose action decided it */
static gboolean
set_record_status (RapportdDb           *db,
                   const RapportdActor  *actor,
                   CrmEntity            *record,
                   const char           *status,
                   gboolean              issue,
                   GError              **error)
{
  RapportdActor server = { actor->user_id, actor->login, actor->name, (char *) "system" };
  g_autoptr(CrmEntity) patch = crm_entity_new (G_OBJECT_TYPE (record));
  g_autoptr(CrmEntity) stored = NULL;

  server.reason = actor->reason;
  crm_entity_set_version (patch, crm_entity_get_version (record));
  crm_entity_set_text (patch, "status", status);
  if ((stored = rapportd_repo_update_as_server (db, &server, crm_entity_get_id (record), patch, error)) == NULL)
    return FALSE;
  return !issue || rapportd_documents_issue (db, &server, G_OBJECT_TYPE (record), crm_entity_get_id (record), error);
}

/* the record moves on as its approval stands: waiting, approved, refused */
static gboolean
record_decided (RapportdDb                 *db,
                const RapportdActor        *actor,
                const RapportdApprovalGate *gate,
                CrmEntity                  *record,
                CrmWorkflowState            state,
                GError                    **error)
{
  if (gate->decided != NULL)
    {
      RapportdActor server = { actor->user_id, actor->login, actor->name, (char *) "system" };

      server.reason = actor->reason;
      return state == CRM_WORKFLOW_STATE_PENDING ||
             gate->decided (db, &server, record, state == CRM_WORKFLOW_STATE_APPROVED, error);
    }
  switch (state)
    {
    case CRM_WORKFLOW_STATE_PENDING:
      return set_record_status (db, actor, record, gate->pending, FALSE, error);
    case CRM_WORKFLOW_STATE_APPROVED:
      return set_record_status (db, actor, record, gate->approved, gate->issue, error);
    case CRM_WORKFLOW_STATE_REJECTED:
      return set_record_status (db, actor, record, gate->refused, FALSE, error);
    case CRM_WORKFLOW_STATE_WITHDRAWN:
      return set_record_status (db, actor, record, "draft", FALSE, error);
    default:
      return TRUE;
    }
}

static gboolean
notify (RapportdDb   *db,
        gint64        user_id,
        gint64        approval_id,
        CrmEntity    *record,
        const char   *state,
        GError      **error)
{
  g_autofree char *payload = g_strdup_printf ("{\"approval_id\":%" G_GINT64_FORMAT ",\"entity\":\"%s\",\"id\":%" G_GINT64_FORMAT
                                              ",\"state\":\"%s\"}", approval_id, crm_entity_get_entity_name (record),
                                              crm_entity_get_id (record), state);

  return rapportd_event_log_add (db, user_id, "approval", crm_entity_get_entity_name (record),
                                 crm_entity_get_id (record), payload, error);
}

/* who may act now, for inboxes; those new to it are told. A request
 * just submitted (@submitted) has nobody on it yet. */
static gboolean
refresh_pending (RapportdDb           *db,
                 gint64                approval_id,
                 gboolean              submitted,
                 CrmWorkflowInstance  *instance,
                 CrmEntity            *record,
                 gint64                now,
                 GError              **error)
{
  g_autoptr(RapportdSql) before_sql = rapportd_sql_new ("SELECT user_id FROM approval_pending WHERE approval_id = ?");
  g_autoptr(RapportdSql) clear = rapportd_sql_new ("DELETE FROM approval_pending WHERE approval_id = ?");
  g_autoptr(RapportdDbResult) before = NULL;
  g_auto(GStrv) pending = crm_workflow_instance_pending_approvers (instance, now);

  rapportd_sql_add_int (before_sql, approval_id);
  rapportd_sql_add_int (clear, approval_id);
  if (!submitted &&
      ((before = rapportd_db_query (db, before_sql, error)) == NULL ||
       !rapportd_db_execute (db, clear, NULL, NULL, error)))
    return FALSE;
  if (crm_workflow_instance_is_final (instance))
    return TRUE;
  for (guint i = 0; pending && pending[i]; i++)
    {
      g_autoptr(RapportdSql) id_sql = rapportd_sql_new ("SELECT id FROM users WHERE login = ?");
      g_autoptr(RapportdSql) add = rapportd_sql_new ("INSERT INTO approval_pending (approval_id, user_id) VALUES (?, ?)");
      g_autofree char *key = g_strconcat ("user-id\037", pending[i], NULL);
      g_autofree char *user_id = NULL;
      gboolean known = FALSE;

      rapportd_sql_add_text (id_sql, pending[i]);
      if (!memo_query (db, key, id_sql, &user_id, error))
        return FALSE;
      if (user_id == NULL)
        continue;
      for (guint b = 0; before != NULL && b < before->n_rows; b++)
        known |= g_strcmp0 (rapportd_db_result_get (before, b, 0), user_id) == 0;
      rapportd_sql_add_int (add, approval_id);
      rapportd_sql_add_text (add, user_id);
      if (!rapportd_db_execute (db, add, NULL, NULL, error) ||
          (!known && !notify (db, g_ascii_strtoll (user_id, NULL, 10), approval_id, record, "pending", error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
audit_approval (RapportdDb           *db,
                const RapportdActor  *actor,
                gint64                approval_id,
                const char           *action,
                CrmEntity            *record,
                CrmWorkflowInstance  *instance,
                const char           *comment,
                GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *summary = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, crm_entity_get_entity_name (record));
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_int_value (builder, crm_entity_get_id (record));
  json_builder_set_member_name (builder, "record_version");
  json_builder_add_int_value (builder, crm_entity_get_version (record));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, crm_workflow_state_to_string (crm_workflow_instance_get_state (instance)));
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, crm_workflow_instance_get_current_step (instance));
  json_builder_set_member_name (builder, "comment");
  if (comment)
    json_builder_add_string_value (builder, comment);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  summary = crm_json_to_string (root);
  return rapportd_audit_append (db, actor->user_id, "approval", approval_id, action, actor->reason, NULL, summary, error);
}

/* the active workflow for a record's step, if any; the one named, if @name */
static gboolean
find_workflow (RapportdDb   *db,
               const char   *entity,
               const char   *trigger,
               const char   *name,
               gint64       *id,
               gint64       *version,
               char        **content,
               GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT CONCAT(id, ' ', version, ' ', content) FROM workflows "
                                                 "WHERE applies_to = ? AND `trigger` = ? AND archived = 0 "
                                                 "AND (active IS NULL OR active = 1)");
  g_autofree char *key = g_strconcat ("workflow\037", entity, "\037", trigger, "\037", name ? name : "", NULL);
  g_autofree char *found = NULL;
  char *end = NULL;

  rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_text (sql, trigger);
  if (name != NULL)
    {
      rapportd_sql_append (sql, " AND name = ?");
      rapportd_sql_add_text (sql, name);
    }
  rapportd_sql_append (sql, " ORDER BY name, id LIMIT 1");
  *content = NULL;
  if (!memo_query (db, key, sql, &found, error))
    return FALSE;
  if (found != NULL)
    {
      /* "<id> <version> <content>" */
      *id = g_ascii_strtoll (found, &end, 10);
      *version = g_ascii_strtoll (end, &end, 10);
      *content = g_strdup (end + 1);
    }
  return TRUE;
}

static gboolean submit (RapportdDb                 *db,
                        const RapportdActor        *actor,
                        const RapportdApprovalGate *gate,
                        CrmEntity                  *record,
                        const char                 *workflow,
                        gint64                      now,
                        gint64                     *approval_id,
                        GError                    **error);

/**
 * rapportd_approvals_submit:
 * @db: a connection inside the request's transaction
 * @actor: who submits
 * @gate: the step and its statuses
 * @record: the record, as stored, locked for update
 * @approval_id: (out): the approval started, or 0 when no workflow applies
 * @error: return location for a #GError
 *
 * Starts the active workflow for the step: the record waits for approval
 * (and cannot be changed meanwhile), or, when no step applies, is approved
 * at once. The definition is kept with the approval as it is now.
 */
gboolean
rapportd_approvals_submit (RapportdDb                 *db,
                           const RapportdActor        *actor,
                           const RapportdApprovalGate *gate,
                           CrmEntity                  *record,
                           gint64                     *approval_id,
                           GError                    **error)
{
  return rapportd_approvals_submit_named (db, actor, gate, record, NULL, approval_id, error);
}

/**
 * rapportd_approvals_submit_named:
 * @db: a connection inside the request's transaction
 * @actor: who submits
 * @gate: the step and what follows its decision
 * @record: the record, as stored, locked for update
 * @workflow: (nullable): the name of the workflow that must approve (a
 *   pipeline stage names its own); it must exist and be active. %NULL:
 *   the active workflow for the step, if any
 * @approval_id: (out): the approval started, or 0 when no workflow applies
 * @error: return location for a #GError
 *
 * As rapportd_approvals_submit(), with the workflow named.
 */
gboolean
rapportd_approvals_submit_named (RapportdDb                 *db,
                                 const RapportdActor        *actor,
                                 const RapportdApprovalGate *gate,
                                 CrmEntity                  *record,
                                 const char                 *workflow,
                                 gint64                     *approval_id,
                                 GError                    **error)
{
  return submit (db, actor, gate, record, workflow, g_get_real_time (), approval_id, error);
}

/**
 * rapportd_approvals_submit_at:
 * @db: a connection inside the transaction
 * @actor: who submits (the system, for a periodic job's request)
 * @gate: the step and what follows its decision
 * @record: the record, as stored, locked for update
 * @now: the time of the submission, the job's clock
 * @approval_id: (out): the approval started, or 0 when no workflow applies
 * @error: return location for a #GError
 *
 * As rapportd_approvals_submit(), as of @now.
 */
gboolean
rapportd_approvals_submit_at (RapportdDb                 *db,
                              const RapportdActor        *actor,
                              const RapportdApprovalGate *gate,
                              CrmEntity                  *record,
                              gint64                      now,
                              gint64                     *approval_id,
                              GError                    **error)
{
  return submit (db, actor, gate, record, NULL, now, approval_id, error);
}

static gboolean
submit (RapportdDb                 *db,
        const RapportdActor        *actor,
        const RapportdApprovalGate *gate,
        CrmEntity                  *record,
        const char                 *workflow,
        gint64                      now,
        gint64                     *approval_id,
        GError                    **error)
{
  CrmWorkflowResolver resolver = { resolve_members, resolve_manager, db };
  g_autofree char *content = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *instance_data = NULL;
  g_autofree char *now_text = rapportd_sql_format_time (now);
  g_autoptr(CrmWorkflowDefinition) definition = NULL;
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  gint64 workflow_id = 0, workflow_version = 0;
  guint64 id = 0;
  gboolean approved;
  int owner_field = crm_entity_class_find_owner (CRM_ENTITY_GET_CLASS (record));

  *approval_id = 0;
  if (!find_workflow (db, gate->entity, gate->trigger, workflow, &workflow_id, &workflow_version, &content, error))
    return FALSE;
  if (content == NULL && workflow != NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("The approval workflow “%s” is not an active workflow for this step"), workflow);
      return FALSE;
    }
  if (content == NULL)
    return record_decided (db, actor, gate, record, CRM_WORKFLOW_STATE_APPROVED, error);

  if ((definition = crm_workflow_definition_new_from_data (content, -1, error)) == NULL)
    return FALSE;
  values = crm_condition_values_new_from_entity (record);
  owner = owner_field >= 0 ? login_of (db, crm_entity_value (record, owner_field)->i) : NULL;
  {
    CrmWorkflowAction action = { CRM_WORKFLOW_ACTION_SUBMIT, .values = values, .owner = owner };

    instance = crm_workflow_engine_apply (definition, NULL, &action, actor->login, &resolver, now, error);
  }
  if (instance == NULL)
    return FALSE;
  approved = crm_workflow_instance_get_state (instance) == CRM_WORKFLOW_STATE_APPROVED;
  instance_data = crm_workflow_instance_to_data (instance);

  insert = rapportd_sql_new ("INSERT INTO approvals (entity, record_id, record_version, `trigger`, workflow_id, "
                             "workflow_version, definition, instance, state, submitter_id, created_at, updated_at, "
                             "escalate_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_text (insert, gate->entity);
  rapportd_sql_add_int (insert, crm_entity_get_id (record));
  rapportd_sql_add_int (insert, crm_entity_get_version (record));
  rapportd_sql_add_text (insert, gate->trigger);
  rapportd_sql_add_int (insert, workflow_id);
  rapportd_sql_add_int (insert, workflow_version);
  rapportd_sql_add_text (insert, content);
  rapportd_sql_add_text (insert, instance_data);
  rapportd_sql_add_text (insert, crm_workflow_state_to_string (crm_workflow_instance_get_state (instance)));
  rapportd_sql_add_int (insert, actor->user_id);
  rapportd_sql_add_text (insert, now_text);
  rapportd_sql_add_text (insert, now_text);
  rapportd_approvals_add_escalate_at (insert, rapportd_approvals_escalation_due (instance));
  if (!rapportd_db_execute (db, insert, NULL, &id, error) ||
      !refresh_pending (db, id, TRUE, instance, record, now, error) ||
      !audit_approval (db, actor, id, "submit", record, instance, NULL, error))
    return FALSE;
  *approval_id = id;
  return record_decided (db, actor, gate, record, approved ? CRM_WORKFLOW_STATE_APPROVED : CRM_WORKFLOW_STATE_PENDING, error);
}

static gboolean
store_signature (RapportdDb                *db,
                 const RapportdActor       *actor,
                 gint64                     approval_id,
                 CrmEntity                 *record,
                 const RapportdSignature   *signature,
                 gint64                     now,
                 gint64                    *signature_id,
                 GError                   **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO signatures (approval_id, entity, record_id, record_version, "
                                                 "record_sha256, signer_id, signer_login, signer_name, signer_role, "
                                                 "meaning, comment, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *sha256 = rapportd_approvals_record_sha256 (record);
  g_autofree char *when = rapportd_sql_format_time (now);
  guint64 id = 0;

  if (approval_id > 0)
    rapportd_sql_add_int (sql, approval_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_text (sql, crm_entity_get_entity_name (record));
  rapportd_sql_add_int (sql, crm_entity_get_id (record));
  rapportd_sql_add_int (sql, crm_entity_get_version (record));
  rapportd_sql_add_text (sql, sha256);
  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_text (sql, actor->login);
  rapportd_sql_add_text (sql, actor->name ? actor->name : actor->login);
  rapportd_sql_add_text (sql, actor->role);
  rapportd_sql_add_text (sql, signature->meaning);
  if (signature->comment)
    rapportd_sql_add_text (sql, signature->comment);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_text (sql, when);
  if (!rapportd_db_execute (db, sql, NULL, &id, error))
    return FALSE;
  if (signature_id != NULL)
    *signature_id = (gint64) id;
  return TRUE;
}

/**
 * rapportd_approvals_sign_record:
 * @db: a connection inside the signing request's transaction
 * @actor: the signer, whose password was checked
 * @record: the record as stored now, the version signed
 * @signature: what the signature means ("reviewed", "assessed") and a comment
 * @now: the time of signing
 * @signature_id: (out) (optional): the signature's id
 * @error: return location for a #GError
 *
 * Records a signature outside any approval on this version of @record:
 * who (id, login, printed name, role), when (UTC), what it means and the
 * SHA-256 of the record's exact JSON, kept and verified as an approval's.
 */
gboolean
rapportd_approvals_sign_record (RapportdDb               *db,
                                const RapportdActor      *actor,
                                CrmEntity                *record,
                                const RapportdSignature  *signature,
                                gint64                    now,
                                gint64                   *signature_id,
                                GError                  **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);
  g_return_val_if_fail (signature != NULL && signature->meaning != NULL, FALSE);

  return store_signature (db, actor, 0, record, signature, now, signature_id, error);
}

/* applies an action to a stored approval and follows its consequences */
static gboolean
apply (RapportdDb                *db,
       const RapportdActor       *actor,
       gint64                     approval_id,
       const CrmWorkflowAction   *action,
       const char                *actor_login,
       const RapportdSignature   *signature,
       gint64                     now,
       GError                   **error)
{
  CrmWorkflowResolver resolver = { resolve_members, resolve_manager, db };
  g_autoptr(RapportdSql) load = rapportd_sql_new ("SELECT entity, record_id, instance, state, submitter_id FROM approvals "
                                                  "WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdSql) save = rapportd_sql_new ("UPDATE approvals SET instance = ?, state = ?, updated_at = ?, escalate_at = ? "
                                                  "WHERE id = ?");
  g_autoptr(RapportdDbResult) row = NULL;
  g_autoptr(CrmWorkflowInstance) current = NULL;
  g_autoptr(CrmWorkflowInstance) next = NULL;
  g_autoptr(CrmEntity) record = NULL;
  g_autofree char *data = NULL;
  g_autofree char *when = rapportd_sql_format_time (now);
  const RapportdApprovalGate *gate;
  CrmWorkflowState state;
  gint64 submitter;
  GType type;

  rapportd_sql_add_int (load, approval_id);
  if ((row = rapportd_db_query (db, load, error)) == NULL)
    return FALSE;
  if (row->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No approval with id %lld"), (long long) approval_id);
      return FALSE;
    }
  type = crm_entities_lookup_name (rapportd_db_result_get (row, 0, 0));
  if ((current = crm_workflow_instance_new_from_data (rapportd_db_result_get (row, 0, 2), -1, error)) == NULL ||
      (record = rapportd_repo_get (db, NULL, type, g_ascii_strtoll (rapportd_db_result_get (row, 0, 1), NULL, 10),
                                   TRUE, error)) == NULL)
    return FALSE;
  /* the definition the request started with, whatever was saved since */
  if ((next = crm_workflow_engine_apply (NULL, current, action, actor_login, &resolver, now, error)) == NULL)
    return FALSE;
  state = crm_workflow_instance_get_state (next);
  data = crm_workflow_instance_to_data (next);
  rapportd_sql_add_text (save, data);
  rapportd_sql_add_text (save, crm_workflow_state_to_string (state));
  rapportd_sql_add_text (save, when);
  rapportd_approvals_add_escalate_at (save, rapportd_approvals_escalation_due (next));
  rapportd_sql_add_int (save, approval_id);
  if (!rapportd_db_execute (db, save, NULL, NULL, error) ||
      (signature != NULL && !store_signature (db, actor, approval_id, record, signature, now, NULL, error)) ||
      !refresh_pending (db, approval_id, FALSE, next, record, now, error) ||
      !audit_approval (db, actor, approval_id, crm_workflow_action_to_string (action->kind), record, next,
                       action->comment, error))
    return FALSE;

  if (state == crm_workflow_instance_get_state (current))
    return TRUE;
  gate = rapportd_approvals_gate (crm_entity_get_entity_name (record),
                                  crm_workflow_definition_get_trigger (crm_workflow_instance_get_definition (next)));
  submitter = g_ascii_strtoll (rapportd_db_result_get (row, 0, 4), NULL, 10);
  /* a request the system opened (an SLA escalation) has nobody to tell */
  if (gate == NULL || (submitter > 0 && !notify (db, submitter, approval_id, record,
                                                   crm_workflow_state_to_string (state), error)))
    return gate == NULL;
  return state == CRM_WORKFLOW_STATE_PENDING || record_decided (db, actor, gate, record, state, error);
}

/**
 * rapportd_approvals_act:
 * @db: a connection inside the request's transaction
 * @actor: who acts; for approve and reject their credentials are checked
 * @approval_id: the approval
 * @action: what they do
 * @signature: (nullable): for approve and reject, what the signature means
 * @now: the time of the action
 * @error: return location for a #GError
 */
gboolean
rapportd_approvals_act (RapportdDb                 *db,
                        const RapportdActor        *actor,
                        gint64                      approval_id,
                        const CrmWorkflowAction    *action,
                        const RapportdSignature    *signature,
                        gint64                      now,
                        GError                    **error)
{
  return apply (db, actor, approval_id, action, actor->login, signature, now, error);
}
