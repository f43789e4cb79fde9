/* rapportd-service-keys.c: service accounts and their API keys: made, listed, revoked, rotated, and resolved to the account they act for */
#include "rapportd-service-keys.h"
#include "rapportd-auth.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "audit/rapportd-audit.h"
#include "crm-entities.h"
#include "crm-user.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* 256 bits: a key cannot be guessed, so its SHA-256 is enough to keep */
#define SECRET_BYTES 32
/* the characters of a key shown in lists: the mark and seven of the secret */
#define PREFIX_LENGTH 10
/* a service account's user is "svc-NAME": no person's login looks so */
#define LOGIN_PREFIX "svc-"
#define NAME_MAX_LENGTH 60
#define NAME_CHARACTERS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
/* one audit entry per key and minute at most, with the uses since the last */
#define AUDIT_EVERY_SECONDS 60

#define ISO(column) "DATE_FORMAT(" column ", '%Y-%m-%dT%H:%i:%sZ')"
#define ACCOUNT_COLUMNS "u.id, u.name, u.role, u.team_id, " ISO ("a.created_at") ", " ISO ("a.revoked_at") ", " \
                        "k.id, k.key_prefix, " ISO ("k.created_at") ", " ISO ("k.expires_at") ", " \
                        ISO ("k.last_used_at") ", k.uses"
#define ACCOUNT_FROM " FROM service_accounts a JOIN users u ON u.id = a.user_id " \
                     "LEFT JOIN service_keys k ON k.user_id = a.user_id AND k.revoked_at IS NULL "

static void
set_text_or_null (JsonObject *object,
                  const char *name,
                  const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_int_or_null (JsonObject *object,
                 const char *name,
                 const char *value)
{
  if (value != NULL)
    json_object_set_int_member (object, name, g_ascii_strtoll (value, NULL, 10));
  else
    json_object_set_null_member (object, name);
}

/* a row of ACCOUNT_COLUMNS as the API shows it: its key in force, never the secret nor its hash */
static JsonObject *
account_object (RapportdDbResult *result,
                guint             r)
{
  JsonObject *object = json_object_new ();
  JsonObject *key = NULL;

  set_int_or_null (object, "id", rapportd_db_result_get (result, r, 0));
  json_object_set_string_member (object, "name", rapportd_db_result_get (result, r, 1));
  json_object_set_string_member (object, "role", rapportd_db_result_get (result, r, 2));
  set_int_or_null (object, "team_id", rapportd_db_result_get (result, r, 3));
  set_text_or_null (object, "created_at", rapportd_db_result_get (result, r, 4));
  set_text_or_null (object, "revoked_at", rapportd_db_result_get (result, r, 5));
  json_object_set_boolean_member (object, "revoked", rapportd_db_result_get (result, r, 5) != NULL);
  if (rapportd_db_result_get (result, r, 6) != NULL)
    {
      key = json_object_new ();
      set_int_or_null (key, "id", rapportd_db_result_get (result, r, 6));
      json_object_set_string_member (key, "prefix", rapportd_db_result_get (result, r, 7));
      set_text_or_null (key, "created_at", rapportd_db_result_get (result, r, 8));
      set_text_or_null (key, "expires_at", rapportd_db_result_get (result, r, 9));
      set_text_or_null (key, "last_used_at", rapportd_db_result_get (result, r, 10));
      set_int_or_null (key, "uses", rapportd_db_result_get (result, r, 11));
      json_object_set_object_member (object, "key", key);
    }
  else
    json_object_set_null_member (object, "key");
  return object;
}

static JsonObject *
read_account (RapportdDb  *db,
              gint64       id,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " ACCOUNT_COLUMNS ACCOUNT_FROM "WHERE a.user_id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No service account with id %lld"), (long long) id);
      return NULL;
    }
  return account_object (result, 0);
}

static gboolean
audit_account (RapportdDb          *db,
               const RapportdActor *actor,
               const char          *action,
               JsonObject          *account,
               GError             **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), account);
  g_autofree char *after = json_to_string (node, FALSE);

  return rapportd_audit_append (db, actor->user_id, "service_account", json_object_get_int_member (account, "id"),
                                action, actor->reason, NULL, after, error);
}

/* `expires_at` of @body, ISO 8601, in the future: as SQL time, or NULL for none */
static gboolean
read_expiry (JsonObject  *body,
             char       **sql_time,
             GError     **error)
{
  const char *text = json_object_get_string_member_with_default (body, "expires_at", NULL);
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  *sql_time = NULL;
  if (json_object_has_member (body, "expires_at") && text == NULL &&
      !json_node_is_null (json_object_get_member (body, "expires_at")))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "expires_at",
                                 _("The expiry must be a date and time (ISO 8601) or null"));
      return FALSE;
    }
  if (text == NULL)
    return TRUE;
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL || g_date_time_to_unix (time) <= g_get_real_time () / G_USEC_PER_SEC)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "expires_at",
                                 _("The expiry must be a date and time (ISO 8601) in the future"));
      return FALSE;
    }
  *sql_time = rapportd_sql_format_time (g_date_time_to_unix (time) * G_USEC_PER_SEC);
  return TRUE;
}

/* Ends the keys in force of account @id, and makes it a new one.
 * Returns: (transfer full): the new key's secret, shown once */
static char *
replace_key (RapportdDb          *db,
             const RapportdActor *actor,
             gint64               id,
             const char          *expires_at,
             GError             **error)
{
  g_autoptr(RapportdSql) revoke = rapportd_sql_new ("UPDATE service_keys SET revoked_at = UTC_TIMESTAMP(6), revoked_by = ? "
                                                    "WHERE user_id = ? AND revoked_at IS NULL");
  g_autoptr(RapportdSql) insert = rapportd_sql_new ("INSERT INTO service_keys (user_id, key_hash, key_prefix, created_at, "
                                                    "created_by, expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6), ?, ?)");
  g_autofree char *random = rapportd_auth_random_secret (SECRET_BYTES);
  g_autofree char *secret = g_strconcat (RAPPORTD_SERVICE_KEY_MARK, random, NULL);
  g_autofree char *hash = rapportd_auth_token_hash (secret);
  g_autofree char *prefix = g_strndup (secret, PREFIX_LENGTH);

  rapportd_sql_add_int (revoke, actor->user_id);
  rapportd_sql_add_int (revoke, id);
  rapportd_sql_add_int (insert, id);
  rapportd_sql_add_text (insert, hash);
  rapportd_sql_add_text (insert, prefix);
  rapportd_sql_add_int (insert, actor->user_id);
  if (expires_at != NULL)
    rapportd_sql_add_text (insert, expires_at);
  else
    rapportd_sql_add_null (insert);
  if (!rapportd_db_execute (db, revoke, NULL, NULL, error) || !rapportd_db_execute (db, insert, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&secret);
}

/* the account's user, made as an administrator makes a person's: the
 * users' metamodel checks the role and the team */
static gint64
create_user (RapportdDb          *db,
             const RapportdActor *actor,
             const char          *name,
             JsonObject          *body,
             GError             **error)
{
  g_autoptr(JsonObject) user = json_object_new ();
  g_autoptr(CrmEntity) entity = crm_entity_new (CRM_TYPE_USER);
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(RapportdSql) taken = rapportd_sql_new ("SELECT 1 FROM users WHERE login = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autofree char *login = g_strconcat (LOGIN_PREFIX, name, NULL);

  rapportd_sql_add_text (taken, login);
  if ((result = rapportd_db_query (db, taken, error)) == NULL)
    return 0;
  if (result->n_rows > 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_DUPLICATE, "name", _("Another service account already has this name"));
      return 0;
    }
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "name", name);
  json_object_set_member (user, "role", json_object_dup_member (body, "role"));
  if (json_object_has_member (body, "team_id"))
    json_object_set_member (user, "team_id", json_object_dup_member (body, "team_id"));
  if (!crm_json_to_entity (entity, user, CRM_VALIDATE_CREATE, error) ||
      (stored = rapportd_repo_create (db, actor, entity, error)) == NULL)
    return 0;
  return crm_entity_get_id (stored);
}

/**
 * rapportd_service_account_create:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @body: `{"name","role","team_id"?,"expires_at"?}`
 * @error: a %CRM_ERROR_VALIDATION naming the member, or a database error
 *
 * Makes the account's user (login "svc-NAME", no password) and its first
 * key; both audited.
 *
 * Returns: (transfer full): the account as listed, with its key's secret
 *   as "secret", the only time it is shown
 */
JsonNode *
rapportd_service_account_create (RapportdDb          *db,
                                 const RapportdActor *actor,
                                 JsonObject          *body,
                                 GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO service_accounts (user_id, created_at, created_by) "
                                                 "VALUES (?, UTC_TIMESTAMP(6), ?)");
  const char *name = json_object_get_string_member_with_default (body, "name", NULL);
  g_autofree char *expires_at = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(JsonObject) account = NULL;
  gint64 id;

  g_return_val_if_fail (actor != NULL && body != NULL, NULL);

  if (name == NULL || name[0] == '\0' || strlen (name) > NAME_MAX_LENGTH ||
      strspn (name, NAME_CHARACTERS) != strlen (name))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "name",
                                 _("A service account's name is 1 to 60 letters, digits, “-”, “_” or “.”"));
      return NULL;
    }
  if (!read_expiry (body, &expires_at, error) || (id = create_user (db, actor, name, body, error)) == 0)
    return NULL;
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, actor->user_id);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error) ||
      (secret = replace_key (db, actor, id, expires_at, error)) == NULL ||
      (account = read_account (db, id, error)) == NULL || !audit_account (db, actor, "create", account, error))
    return NULL;
  json_object_set_string_member (account, "secret", secret);
  return json_node_init_object (json_node_alloc (), account);
}

/**
 * rapportd_service_accounts_list:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"items":[…]}`, every account, the newest first
 */
JsonNode *
rapportd_service_accounts_list (RapportdDb  *db,
                                GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " ACCOUNT_COLUMNS ACCOUNT_FROM "ORDER BY a.user_id DESC");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *items = json_array_new ();

  json_object_set_array_member (root, "items", items);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    json_array_add_object_element (items, account_object (result, r));
  return json_node_init_object (json_node_alloc (), root);
}

/* the account's row, locked for the change; a revoked one is a conflict */
static gboolean
lock_account (RapportdDb  *db,
              gint64       id,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT revoked_at FROM service_accounts WHERE user_id = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No service account with id %lld"), (long long) id);
      return FALSE;
    }
  if (rapportd_db_result_get (result, 0, 0) != NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This service account is already revoked"));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_service_account_revoke:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the account (its user's id)
 * @error: %CRM_ERROR_NOT_FOUND, %CRM_ERROR_CONFLICT when already revoked
 *
 * Ends its keys and deactivates its user: its next request is 401.
 *
 * Returns: (transfer full): the account as listed now
 */
JsonNode *
rapportd_service_account_revoke (RapportdDb          *db,
                                 const RapportdActor *actor,
                                 gint64               id,
                                 GError             **error)
{
  g_autoptr(RapportdSql) keys = rapportd_sql_new ("UPDATE service_keys SET revoked_at = UTC_TIMESTAMP(6), revoked_by = ? "
                                                  "WHERE user_id = ? AND revoked_at IS NULL");
  g_autoptr(RapportdSql) account_sql = rapportd_sql_new ("UPDATE service_accounts SET revoked_at = UTC_TIMESTAMP(6), "
                                                         "revoked_by = ? WHERE user_id = ?");
  g_autoptr(RapportdSql) user = rapportd_sql_new ("UPDATE users SET active = 0, updated_at = UTC_TIMESTAMP(6), "
                                                  "updated_by = ?, version = version + 1 WHERE id = ?");
  g_autoptr(JsonObject) account = NULL;

  g_return_val_if_fail (actor != NULL, NULL);

  rapportd_sql_add_int (keys, actor->user_id);
  rapportd_sql_add_int (keys, id);
  rapportd_sql_add_int (account_sql, actor->user_id);
  rapportd_sql_add_int (account_sql, id);
  rapportd_sql_add_int (user, actor->user_id);
  rapportd_sql_add_int (user, id);
  if (!lock_account (db, id, error) || !rapportd_db_execute (db, keys, NULL, NULL, error) ||
      !rapportd_db_execute (db, account_sql, NULL, NULL, error) || !rapportd_db_execute (db, user, NULL, NULL, error) ||
      (account = read_account (db, id, error)) == NULL || !audit_account (db, actor, "revoke", account, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), account);
}

/**
 * rapportd_service_account_rotate:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the account (its user's id)
 * @body: `{"expires_at"?}` of the new key
 * @error: %CRM_ERROR_NOT_FOUND, %CRM_ERROR_CONFLICT when revoked, a validation error
 *
 * Ends the account's key at once and makes it a new one.
 *
 * Returns: (transfer full): the account as listed, with the new key's
 *   secret as "secret", the only time it is shown
 */
JsonNode *
rapportd_service_account_rotate (RapportdDb          *db,
                                 const RapportdActor *actor,
                                 gint64               id,
                                 JsonObject          *body,
                                 GError             **error)
{
  g_autofree char *expires_at = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(JsonObject) account = NULL;

  g_return_val_if_fail (actor != NULL && body != NULL, NULL);

  if (!read_expiry (body, &expires_at, error) || !lock_account (db, id, error) ||
      (secret = replace_key (db, actor, id, expires_at, error)) == NULL ||
      (account = read_account (db, id, error)) == NULL || !audit_account (db, actor, "rotate", account, error))
    return NULL;
  json_object_set_string_member (account, "secret", secret);
  return json_node_init_object (json_node_alloc (), account);
}

/* The audit trail gets one entry a key and minute at most: the uses since
 * the last one, counted on the key's row.  In a short transaction of its
 * own, before the request's. */
static gboolean
audit_uses (RapportdDb  *db,
            gint64       key_id,
            gint64       user_id,
            GError     **error)
{
  g_autoptr(RapportdSql) due = rapportd_sql_new ("SELECT uses - audited_uses, uses FROM service_keys WHERE id = ? "
                                                 "AND (audited_at IS NULL OR audited_at < UTC_TIMESTAMP(6) - "
                                                 "INTERVAL ? SECOND) FOR UPDATE");
  g_autoptr(RapportdSql) mark = rapportd_sql_new ("UPDATE service_keys SET audited_at = UTC_TIMESTAMP(6), "
                                                  "audited_uses = uses WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autofree char *after = NULL;

  /* inside a transaction already: the next use writes the entry */
  if (rapportd_db_in_transaction (db))
    return TRUE;
  if (!rapportd_db_begin (db, error))
    return FALSE;
  rapportd_sql_add_int (due, key_id);
  rapportd_sql_add_int (due, AUDIT_EVERY_SECONDS);
  rapportd_sql_add_int (mark, key_id);
  if ((result = rapportd_db_query (db, due, error)) == NULL)
    goto fail;
  if (result->n_rows == 0)
    {
      rapportd_db_rollback (db);
      return TRUE;
    }
  after = g_strdup_printf ("{\"uses\":%s,\"total\":%s}", rapportd_db_result_get (result, 0, 0),
                           rapportd_db_result_get (result, 0, 1));
  if (!rapportd_db_execute (db, mark, NULL, NULL, error) ||
      !rapportd_audit_append (db, user_id, "service_key", key_id, "use", NULL, NULL, after, error))
    goto fail;
  return rapportd_db_commit (db, error);

fail:
  rapportd_db_rollback (db);
  return FALSE;
}

/* the account @key acts for, if the key is in force; a use counted on
 * its row (and audited once a minute) when @count */
static gboolean
resolve_key (RapportdDb     *db,
             const char     *key,
             gboolean        count,
             RapportdActor  *actor,
             GError        **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT k.id, u.id, u.login, u.name, u.role, u.team_id, "
                                                 "k.audited_at IS NULL OR k.audited_at < UTC_TIMESTAMP(6) - "
                                                 "INTERVAL ? SECOND FROM service_keys k "
                                                 "JOIN users u ON u.id = k.user_id WHERE k.key_hash = ? "
                                                 "AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR "
                                                 "k.expires_at > UTC_TIMESTAMP(6)) AND u.active = 1 AND u.locked = 0");
  g_autoptr(RapportdSql) used = rapportd_sql_new ("UPDATE service_keys SET uses = uses + 1, "
                                                  "last_used_at = UTC_TIMESTAMP(6) WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) scopes = NULL;
  g_autoptr(GError) unwritten = NULL;
  g_autofree char *hash = NULL;
  gint64 key_id, user_id;

  g_return_val_if_fail (db != NULL && key != NULL && actor != NULL, FALSE);

  hash = rapportd_auth_token_hash (key);
  rapportd_sql_add_int (sql, AUDIT_EVERY_SECONDS);
  rapportd_sql_add_text (sql, hash);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("The API key is unknown, revoked or expired"));
      return FALSE;
    }
  key_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  user_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
  rapportd_sql_add_int (used, key_id);
  /* with the disk full, a key still serves for reading, uncounted */
  if (count && !rapportd_db_execute (db, used, NULL, NULL, &unwritten) &&
      !g_error_matches (unwritten, CRM_ERROR, CRM_ERROR_INSUFFICIENT_STORAGE))
    {
      g_propagate_error (error, g_steal_pointer (&unwritten));
      return FALSE;
    }
  if (count && unwritten == NULL && g_strcmp0 (rapportd_db_result_get (result, 0, 6), "1") == 0 &&
      !audit_uses (db, key_id, user_id, error))
    return FALSE;
  if ((scopes = rapportd_auth_load_scopes (db, rapportd_db_result_get (result, 0, 4), error)) == NULL)
    return FALSE;
  actor->user_id = user_id;
  actor->login = g_strdup (rapportd_db_result_get (result, 0, 2));
  actor->name = g_strdup (rapportd_db_result_get (result, 0, 3));
  actor->role = g_strdup (rapportd_db_result_get (result, 0, 4));
  actor->team_id = rapportd_db_result_get (result, 0, 5) ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 5), NULL, 10)
                                                          : 0;
  actor->scopes = g_steal_pointer (&scopes);
  return TRUE;
}

/**
 * rapportd_service_key_actor:
 * @db: a connection, outside any transaction
 * @key: the request's bearer token, "rk_…"
 * @actor: (out caller-allocates): filled with the account the key acts for
 * @error: %CRM_ERROR_UNAUTHORIZED when the key is unknown, revoked or expired
 *
 * A key is checked at every request (no cache: a revoked or expired key is
 * refused at once), counted on its row, and its use audited once a minute.
 * It has no idle expiry.
 */
gboolean
rapportd_service_key_actor (RapportdDb     *db,
                            const char     *key,
                            RapportdActor  *actor,
                            GError        **error)
{
  return resolve_key (db, key, TRUE, actor, error);
}

/**
 * rapportd_service_key_check:
 * @db: a connection
 * @key: a bearer token, "rk_…", already used (and counted) to open something
 *   that lasts: the event WebSocket
 * @actor: (out caller-allocates): filled with the account the key acts for
 * @error: %CRM_ERROR_UNAUTHORIZED when the key is unknown, revoked or expired
 *
 * As rapportd_service_key_actor(), uncounted: whether the key is still in
 * force, and with which rights.
 */
gboolean
rapportd_service_key_check (RapportdDb     *db,
                            const char     *key,
                            RapportdActor  *actor,
                            GError        **error)
{
  return resolve_key (db, key, FALSE, actor, error);
}
