/* rapportd-api-approvals.c: the approvals inbox, an approval's detail, and the actions on it, signed where they decide */
#include "rapportd-api.h"
#include "rapportd-api-signer.h"
#include "rapportd-approval-summary.h"
#include "rapportd-approvals.h"
#include "rapportd-auth.h"
#include "rapportd-repo.h"
#include "crm-account.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

static const char * const approve_meanings[] = { "approved", "reviewed", NULL };

/* The records the approvals of @result are about (entity name → id →
 * record) and the names of their accounts (account id → name), whoever
 * asks: one statement a kind of record and one for the accounts, however
 * many approvals the inbox holds. */
static gboolean
read_subjects (RapportdDb        *db,
               RapportdDbResult  *result,
               GHashTable       **records,
               GHashTable       **customers,
               GError           **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) accounts = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  *customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < result->n_rows; i++)
    {
      const char *entity = rapportd_db_result_get (result, i, 1);
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, i, 2), NULL, 10);
      GArray *of_kind;

      if (crm_entities_lookup_name (entity) == G_TYPE_INVALID)
        continue;
      if ((of_kind = g_hash_table_lookup (ids, entity)) == NULL)
        {
          of_kind = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (ids, g_strdup (entity), of_kind);
        }
      g_array_append_val (of_kind, id);
    }

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GType type = crm_entities_lookup_name (key);
      int account = crm_entity_class_find_field (g_type_class_peek (type), "account");
      GHashTable *of_kind = rapportd_repo_get_by_ids (db, type, value, error);
      GHashTableIter records_iter;
      gpointer record;

      if (of_kind == NULL)
        return FALSE;
      g_hash_table_insert (*records, g_strdup (key), of_kind);
      g_hash_table_iter_init (&records_iter, of_kind);
      while (account >= 0 && g_hash_table_iter_next (&records_iter, NULL, &record))
        if (crm_entity_has_value (record, account))
          g_array_append_val (account_ids, crm_entity_value (record, account)->i);
    }
  if (account_ids->len == 0)
    return TRUE;
  if ((accounts = rapportd_repo_get_by_ids (db, CRM_TYPE_ACCOUNT, account_ids, error)) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (*customers, g_memdup2 (key, sizeof (gint64)), g_strdup (crm_entity_get_text (value, "name")));
  return TRUE;
}

/* the name of @record's account among @customers, or NULL */
static const char *
customer_of (GHashTable *customers,
             CrmEntity  *record)
{
  int account = record ? crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "account") : -1;

  if (account < 0 || !crm_entity_has_value (record, account))
    return NULL;
  return g_hash_table_lookup (customers, &crm_entity_value (record, account)->i);
}

/* GET /approvals[?mine=pending|submitted]: what waits for the user, or what they asked for */
RAPPORTD_HANDLER (rapportd_api_approvals_list)
{
  const char *mine = rapportd_request_query (request, "mine");
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(GHashTable) customers = NULL;
  g_autoptr(GString) out = g_string_new ("{\"items\":[");

  if (mine == NULL || g_str_equal (mine, "pending"))
    sql = rapportd_sql_new ("SELECT a.id, a.entity, a.record_id, a.state, a.created_at, u.login, COALESCE(u.name, 'system'), a.instance "
                            "FROM approvals a JOIN approval_pending p ON p.approval_id = a.id LEFT JOIN users u ON u.id = a.submitter_id "
                            "WHERE p.user_id = ? AND a.state = 'pending' ORDER BY a.id");
  else if (g_str_equal (mine, "submitted"))
    sql = rapportd_sql_new ("SELECT a.id, a.entity, a.record_id, a.state, a.created_at, u.login, u.name, a.instance FROM approvals a "
                            "JOIN users u ON u.id = a.submitter_id WHERE a.submitter_id = ? ORDER BY a.id DESC LIMIT 200");
  else
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "mine", _("mine must be “pending” or “submitted”"));
      return FALSE;
    }
  rapportd_sql_add_int (sql, request->actor.user_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL ||
      !read_subjects (db, result, &records, &customers, error))
    return FALSE;
  for (guint i = 0; i < result->n_rows; i++)
    {
      GHashTable *of_kind = g_hash_table_lookup (records, rapportd_db_result_get (result, i, 1));
      gint64 record_id = g_ascii_strtoll (rapportd_db_result_get (result, i, 2), NULL, 10);
      CrmEntity *record = of_kind ? g_hash_table_lookup (of_kind, &record_id) : NULL;
      g_autoptr(CrmWorkflowInstance) instance = crm_workflow_instance_new_from_data (rapportd_db_result_get (result, i, 7), -1, NULL);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10));
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, i, 1));
      json_builder_set_member_name (builder, "record_id");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (result, i, 2), NULL, 10));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, i, 3));
      json_builder_set_member_name (builder, "submitted_by");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, i, 6));
      json_builder_set_member_name (builder, "number");
      if (record != NULL && crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "number") >= 0)
        json_builder_add_string_value (builder, crm_entity_get_text (record, "number"));
      else
        json_builder_add_null_value (builder);
      rapportd_approval_summary_add_known (builder, record, customer_of (customers, record), instance);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      text = crm_json_to_string (node);
      g_string_append_printf (out, "%s%s", i ? "," : "", text);
    }
  g_string_append (out, "]}");
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;
}

typedef struct
{
  char   *entity;
  gint64  record_id;
  char   *instance;
  char   *state;
} ApprovalRow;

static void
approval_row_clear (ApprovalRow *row)
{
  g_free (row->entity);
  g_free (row->instance);
  g_free (row->state);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ApprovalRow, approval_row_clear)

/* an approval the user may look at: one whose record they may see, or one they take part in */
static gboolean
load_visible (RapportdRequest  *request,
              RapportdDb       *db,
              gint64            id,
              ApprovalRow      *row,
              GError          **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT entity, record_id, instance, state FROM approvals WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  g_autoptr(CrmEntity) record = NULL;
  GType type;

  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 1)
    {
      row->entity = g_strdup (rapportd_db_result_get (result, 0, 0));
      row->record_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
      row->instance = g_strdup (rapportd_db_result_get (result, 0, 2));
      row->state = g_strdup (rapportd_db_result_get (result, 0, 3));
      type = crm_entities_lookup_name (row->entity);
      record = rapportd_repo_get (db, &request->actor, type, row->record_id, FALSE, NULL);
      instance = crm_workflow_instance_new_from_data (row->instance, -1, NULL);
      if (record != NULL ||
          (instance != NULL && crm_workflow_engine_allowed_actions (instance, request->actor.login, g_get_real_time ()) != 0))
        return TRUE;
    }
  g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No approval with id %lld"), (long long) id);
  return FALSE;
}

static void
add_signatures (JsonBuilder *builder,
                RapportdDb  *db,
                const char  *column,
                const char  *entity,
                gint64       id)
{
  g_autofree char *query = g_strdup_printf ("SELECT id, signer_login, signer_name, signer_role, meaning, comment, signed_at, "
                                            "record_version, record_sha256, approval_id, entity, record_id FROM signatures "
                                            "WHERE %s ORDER BY id", column);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (query);
  g_autoptr(RapportdDbResult) result = NULL;
  static const char * const names[] = { "id", "login", "name", "role", "meaning", "comment", "signed_at",
                                         "record_version", "record_sha256", "approval_id" };

  if (entity != NULL)
    rapportd_sql_add_text (sql, entity);
  rapportd_sql_add_int (sql, id);
  json_builder_set_member_name (builder, "signatures");
  json_builder_begin_array (builder);
  if ((result = rapportd_db_query (db, sql, NULL)) != NULL)
    for (guint i = 0; i < result->n_rows; i++)
      {
        json_builder_begin_object (builder);
        for (guint c = 0; c < G_N_ELEMENTS (names); c++)
          {
            const char *value = rapportd_db_result_get (result, i, c);

            json_builder_set_member_name (builder, names[c]);
            if (value == NULL)
              json_builder_add_null_value (builder);
            else if (c == 0 || c == 7 || c == 9)
              json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
            else if (c == 6)
              {
                gint64 usec = 0;
                g_autofree char *iso = rapportd_sql_parse_time (value, &usec) ? crm_json_format_timestamp (usec) : g_strdup (value);
                json_builder_add_string_value (builder, iso);
              }
            else
              json_builder_add_string_value (builder, value);
          }
        /* recomputed now from the signed version the audit trail keeps */
        json_builder_set_member_name (builder, "verified");
        json_builder_add_boolean_value (builder, rapportd_approvals_verify_signature (
          db, rapportd_db_result_get (result, i, 10), g_ascii_strtoll (rapportd_db_result_get (result, i, 11), NULL, 10),
          g_ascii_strtoll (rapportd_db_result_get (result, i, 7), NULL, 10), rapportd_db_result_get (result, i, 8)));
        json_builder_end_object (builder);
      }
  json_builder_end_array (builder);
}

/* GET /approvals/:id: the steps, who acted and how, the signatures, and what the user may do now */
RAPPORTD_HANDLER (rapportd_api_approvals_get)
{
  g_auto(ApprovalRow) row = { 0 };
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GType type;
  g_autoptr(JsonNode) root = NULL;
  guint allowed;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) || !load_visible (request, db, id, &row, error) ||
      (instance = crm_workflow_instance_new_from_data (row.instance, -1, error)) == NULL)
    return FALSE;
  allowed = crm_workflow_engine_allowed_actions (instance, request->actor.login, g_get_real_time ());
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, row.entity);
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_int_value (builder, row.record_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, row.state);
  json_builder_set_member_name (builder, "instance");
  json_builder_add_value (builder, crm_workflow_instance_to_json (instance));
  json_builder_set_member_name (builder, "allowed_actions");
  json_builder_begin_array (builder);
  for (guint kind = 0; kind < CRM_WORKFLOW_N_ACTIONS; kind++)
    if (allowed & (1u << kind))
      json_builder_add_string_value (builder, crm_workflow_action_to_string (kind));
  json_builder_end_array (builder);
  add_signatures (builder, db, "approval_id = ?", NULL, id);
  /* what the decision is about, told to whoever may see the approval */
  type = crm_entities_lookup_name (row.entity);
  if (type != G_TYPE_INVALID)
    record = rapportd_repo_get (db, NULL, type, row.record_id, FALSE, NULL);
  rapportd_approval_summary_add (builder, db, record, instance);
  rapportd_approval_summary_add_people (builder, db, instance);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

/* GET /{collection}/:id/approvals: a record's approvals and signatures, oldest first */
RAPPORTD_HANDLER (rapportd_api_record_approvals)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, state FROM approvals WHERE entity = ? AND record_id = ? ORDER BY id");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL)
    return FALSE;
  rapportd_sql_add_text (sql, crm_entity_get_entity_name (record));
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->n_rows; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, i, 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_signatures (builder, db, "entity = ? AND record_id = ?", crm_entity_get_entity_name (record), id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

/* POST /approvals/:id/approve and /reject {"password","login","meaning","comment"}: an
 * electronic signature. Runs its own transaction: a wrong password is
 * committed (audited, counted toward lockout) though the signature fails. */
RAPPORTD_HANDLER (rapportd_api_approvals_sign)
{
  gboolean approve = g_str_equal (request->segments[2], "approve");
  g_autoptr(JsonObject) body = rapportd_request_body_object (request, error);
  const char *password, *login, *meaning, *comment;
  CrmWorkflowAction action = { approve ? CRM_WORKFLOW_ACTION_APPROVE : CRM_WORKFLOW_ACTION_REJECT };
  RapportdSignature signature;
  gint64 id;
  gboolean ok;

  if (body == NULL || !rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  password = json_object_get_string_member_with_default (body, "password", NULL);
  login = json_object_get_string_member_with_default (body, "login", NULL);
  meaning = json_object_get_string_member_with_default (body, "meaning", approve ? "approved" : "rejected");
  comment = json_object_get_string_member_with_default (body, "comment", NULL);
  if (password == NULL || password[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password", _("Sign with your password"));
      return FALSE;
    }
  if (approve ? !g_strv_contains (approve_meanings, meaning) : g_strcmp0 (meaning, "rejected") != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "meaning",
                                 approve ? _("An approval means “approved” or “reviewed”") : _("A rejection means “rejected”"));
      return FALSE;
    }
  if ((login == NULL || login[0] == '\0') && !rapportd_api_signer_session_has_signed (db, request->token))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "login",
                                 _("Your first signature in this session needs your login as well as your password"));
      return FALSE;
    }

  if (!rapportd_db_begin (db, error))
    return FALSE;
  ok = rapportd_auth_verify_signer (db, login && login[0] ? login : request->actor.login, password, request->source,
                                    &settings->auth, request->actor.user_id, error);
  if (!ok)
    {
      /* the failure is kept: audited and counted toward lockout */
      if (!rapportd_db_commit (db, NULL))
        rapportd_db_rollback (db);
      if (g_error_matches (*error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED))
        {
          g_clear_error (error);
          g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("Wrong password: the signature was not given"));
        }
      return FALSE;
    }
  action.comment = comment;
  signature = (RapportdSignature) { meaning, comment };
  if (!rapportd_approvals_act (db, &request->actor, id, &action, &signature, g_get_real_time (), error) ||
      !rapportd_api_signer_mark_signed (db, request->token, error) || !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return rapportd_api_approvals_get (request, db, settings, error);
}

/* POST /approvals/:id/withdraw, /comment {"comment"}, /delegate {"login","until"} */
RAPPORTD_HANDLER (rapportd_api_approvals_act)
{
  const char *verb = request->segments[2];
  g_autoptr(JsonObject) body = NULL;
  CrmWorkflowAction action = { 0 };
  gint64 id, until = 0;
  const char *until_text;

  if (!rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0 &&
      (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  action.kind = g_str_equal (verb, "withdraw") ? CRM_WORKFLOW_ACTION_WITHDRAW
                : g_str_equal (verb, "delegate") ? CRM_WORKFLOW_ACTION_DELEGATE : CRM_WORKFLOW_ACTION_COMMENT;
  if (body != NULL)
    {
      action.comment = json_object_get_string_member_with_default (body, "comment", NULL);
      action.delegate = json_object_get_string_member_with_default (body, "login", NULL);
      until_text = json_object_get_string_member_with_default (body, "until", NULL);
      if (until_text != NULL && !crm_json_parse_timestamp (until_text, &until))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "until", _("until must be a time such as 2026-12-01T18:00:00Z"));
          return FALSE;
        }
      action.until = until;
    }
  if (!rapportd_approvals_act (db, &request->actor, id, &action, NULL, g_get_real_time (), error))
    return FALSE;
  return rapportd_api_approvals_get (request, db, settings, error);
}

