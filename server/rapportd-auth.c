/* rapportd-auth.c: password hashes, session tokens, sign-in with throttling */
#include "rapportd-auth.h"
#include "rapportd-session-cache.h"
#include "rapportd-service-keys.h"
#include "rapportd-audit.h"
#include "crm-json.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* consecutive failures allowed on one login before it is throttled */
#define ACCOUNT_FREE_FAILURES 5
/* failures from one source address before it is throttled */
#define SOURCE_FREE_FAILURES 20
#define MAX_THROTTLE_SECONDS (15 * 60)

/* compared against when the login does not exist, so both cost the same */
static char dummy_hash[crypto_pwhash_STRBYTES];

gboolean
rapportd_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "libsodium failed to initialise");
      return FALSE;
    }
  if (crypto_pwhash_str (dummy_hash, "rapport", 7, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "out of memory hashing a password");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_auth_hash_password:
 * @password: the password
 * @error: return location for a #GError
 *
 * Returns: (transfer full): an argon2id hash string, salt and parameters included
 */
char *
rapportd_auth_hash_password (const char  *password,
                             GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "out of memory hashing a password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
rapportd_auth_check_password (const char *hash,
                              const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/**
 * rapportd_auth_random_secret:
 * @n_bytes: entropy wanted
 *
 * Returns: (transfer full): @n_bytes of randomness, base64url without padding
 */
char *
rapportd_auth_random_secret (guint n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);
  g_autofree char *encoded = NULL;

  randombytes_buf (bytes, n_bytes);
  encoded = g_base64_encode (bytes, n_bytes);
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  sodium_memzero (bytes, n_bytes);
  return g_strdup (encoded);
}

char *
rapportd_auth_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static guint
throttle_seconds (int failures,
                  int free_failures)
{
  int over = failures - free_failures;

  if (over < 0)
    return 0;
  /* 30 s, 60 s, 120 s … up to a quarter of an hour */
  return MIN ((guint) 30 << MIN (over, 10), (guint) MAX_THROTTLE_SECONDS);
}

static gint64
seconds_left (const char *until,
              gint64      now)
{
  gint64 usec;

  if (until == NULL || !rapportd_sql_parse_time (until, &usec) || usec <= now)
    return 0;
  return (usec - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}

static gboolean
throttled_error (gint64           seconds,
                 RapportdSignIn  *out,
                 GError         **error)
{
  out->retry_after = seconds;
  g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_MANY_REQUESTS,
               _("Too many failed sign-ins; try again in %u seconds"), (guint) seconds);
  return FALSE;
}

static gboolean
record_source_failure (RapportdDb  *db,
                       const char  *source,
                       gint64       now,
                       GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (
    "INSERT INTO login_throttle (source, failures, blocked_until, updated_at) VALUES (?, 1, NULL, ?) "
    "ON DUPLICATE KEY UPDATE failures = IF(updated_at < ? - INTERVAL 1 HOUR, 1, failures + 1), "
    "updated_at = VALUES(updated_at)");
  g_autoptr(RapportdSql) block = NULL;
  g_autoptr(RapportdSql) read = rapportd_sql_new ("SELECT failures FROM login_throttle WHERE source = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autofree char *now_text = rapportd_sql_format_time (now);
  guint seconds;

  rapportd_sql_add_text (sql, source);
  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, now_text);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error))
    return FALSE;
  rapportd_sql_add_text (read, source);
  result = rapportd_db_query (db, read, error);
  if (result == NULL || result->n_rows != 1)
    return result != NULL;
  seconds = throttle_seconds (atoi (rapportd_db_result_get (result, 0, 0)), SOURCE_FREE_FAILURES);
  if (seconds == 0)
    return TRUE;
  block = rapportd_sql_new ("UPDATE login_throttle SET blocked_until = ? WHERE source = ?");
  {
    g_autofree char *until = rapportd_sql_format_time (now + seconds * G_USEC_PER_SEC);
    rapportd_sql_add_text (block, until);
  }
  rapportd_sql_add_text (block, source);
  return rapportd_db_execute (db, block, NULL, NULL, error);
}

static gboolean
record_account_failure (RapportdDb  *db,
                        const char  *user_id,
                        int          failures,
                        guint        lockout_failures,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE users SET failed_logins = ?, locked_until = ?, "
                                                 "locked = locked OR ? WHERE id = ?");
  guint seconds = throttle_seconds (failures, ACCOUNT_FREE_FAILURES);

  rapportd_sql_add_int (sql, failures);
  if (seconds > 0)
    {
      g_autofree char *until = rapportd_sql_format_time (now + seconds * G_USEC_PER_SEC);
      rapportd_sql_add_text (sql, until);
    }
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_int (sql, lockout_failures > 0 && (guint) failures >= lockout_failures);
  rapportd_sql_add_text (sql, user_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* every failed sign-in leaves an audit row: who tried, from where, why it failed */
static gboolean
audit_failure (RapportdDb  *db,
               const char  *user_id,
               const char  *login,
               const char  *source,
               const char  *why,
               GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, source);
  json_builder_set_member_name (builder, "failure");
  json_builder_add_string_value (builder, why);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = crm_json_to_string (root);
  return rapportd_audit_append (db, 0, "user", user_id ? g_ascii_strtoll (user_id, NULL, 10) : 0,
                                "sign_in_failed", NULL, NULL, json, error);
}

/* With the disk full, bookkeeping that goes with another answer cannot be
 * written: a failed sign-in is neither counted nor audited but refused all
 * the same, as what it is (401, 423, 429); a session's last use is not
 * noted. The database layer logs why. Any other failure moves to @error. */
static gboolean
written_or_disk_full (GError **problem,
                      GError **error)
{
  if (*problem == NULL || g_error_matches (*problem, CRM_ERROR, CRM_ERROR_INSUFFICIENT_STORAGE))
    {
      g_clear_error (problem);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (problem));
  return FALSE;
}

static gboolean
create_session (RapportdDb      *db,
                const char      *user_id,
                guint            session_seconds,
                gint64           now,
                RapportdSignIn  *out,
                GError         **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
                                                 "VALUES (?, ?, ?, ?, ?)");
  g_autofree char *token = rapportd_auth_random_secret (32);
  g_autofree char *token_hash = rapportd_auth_token_hash (token);
  g_autofree char *now_text = rapportd_sql_format_time (now);
  g_autofree char *expires_text = NULL;

  out->expires_at = now + (gint64) session_seconds * G_USEC_PER_SEC;
  expires_text = rapportd_sql_format_time (out->expires_at);
  rapportd_sql_add_text (sql, token_hash);
  rapportd_sql_add_text (sql, user_id);
  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, expires_text);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error))
    return FALSE;
  out->token = g_steal_pointer (&token);
  return TRUE;
}

/* the stored hash, read without a lock; @hash is %NULL for an unknown login */
static gboolean
read_hash (RapportdDb  *db,
           const char  *login,
           char       **hash,
           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT password_hash FROM users WHERE login = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, login);
  result = rapportd_db_query (db, sql, error);
  if (result == NULL)
    return FALSE;
  *hash = result->n_rows == 1 ? g_strdup (rapportd_db_result_get (result, 0, 0)) : NULL;
  return TRUE;
}

/* Checks a login and password against throttling, lockout and the stored
 * hash; a failure is counted and audited. Returns the user's row. */
static RapportdDbResult *
check_credentials (RapportdDb               *db,
                   const char               *login,
                   const char               *password,
                   const char               *source,
                   const RapportdAuthPolicy *policy,
                   RapportdSignIn           *out,
                   GError                  **error)
{
  g_autoptr(RapportdSql) source_sql = rapportd_sql_new ("SELECT blocked_until FROM login_throttle WHERE source = ?");
  g_autoptr(RapportdSql) user_sql = rapportd_sql_new ("SELECT id, password_hash, failed_logins, locked_until, "
                                                      "active, login, name, role, locked, must_change_password, "
                                                      "password_changed_at FROM users WHERE login = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) source_row = NULL;
  g_autoptr(RapportdDbResult) user = NULL;
  g_autoptr(GError) unwritten = NULL;
  const char *user_id = NULL;
  gint64 now = g_get_real_time ();
  gint64 wait;
  g_autofree char *checked_hash = NULL;
  gboolean password_ok;

  /* Argon2id takes tens of milliseconds of a core: it runs before the
   * user's row is locked, so sign-ins of one user do not queue behind it,
   * and runs again only if the hash changed before the lock was taken */
  if (!read_hash (db, login, &checked_hash, error))
    return NULL;
  password_ok = rapportd_auth_check_password (checked_hash ? checked_hash : dummy_hash, password);

  rapportd_sql_add_text (user_sql, login);
  user = rapportd_db_query (db, user_sql, error);
  if (user == NULL)
    return NULL;
  if (user->n_rows == 1)
    user_id = rapportd_db_result_get (user, 0, 0);

  rapportd_sql_add_text (source_sql, source);
  source_row = rapportd_db_query (db, source_sql, error);
  if (source_row == NULL)
    return NULL;
  if ((source_row->n_rows == 1 && (wait = seconds_left (rapportd_db_result_get (source_row, 0, 0), now)) > 0) ||
      (user_id && (wait = seconds_left (rapportd_db_result_get (user, 0, 3), now)) > 0))
    {
      audit_failure (db, user_id, login, source, "throttled", &unwritten);
      if (written_or_disk_full (&unwritten, error))
        throttled_error (wait, out, error);
      return NULL;
    }

  if (user_id && atoi (rapportd_db_result_get (user, 0, 8)) != 0)
    {
      audit_failure (db, user_id, login, source, "locked", &unwritten);
      if (!written_or_disk_full (&unwritten, error))
        return NULL;
      g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
                   _("This account is locked after too many failed sign-ins; an administrator must unlock it"));
      return NULL;
    }

  if (user_id && g_strcmp0 (checked_hash, rapportd_db_result_get (user, 0, 1)) != 0)
    password_ok = rapportd_auth_check_password (rapportd_db_result_get (user, 0, 1), password);
  if (user_id == NULL || !password_ok || atoi (rapportd_db_result_get (user, 0, 4)) == 0)
    {
      /* each is tried even when the disk is full: what can be written is kept */
      record_source_failure (db, source, now, &unwritten);
      if (!written_or_disk_full (&unwritten, error))
        return NULL;
      if (user_id)
        record_account_failure (db, user_id, atoi (rapportd_db_result_get (user, 0, 2)) + 1,
                                policy->lockout_failures, now, &unwritten);
      if (!written_or_disk_full (&unwritten, error))
        return NULL;
      audit_failure (db, user_id, login, source,
                     user_id == NULL ? "unknown login" : !password_ok ? "wrong password" : "deactivated", &unwritten);
      if (!written_or_disk_full (&unwritten, error))
        return NULL;
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("Wrong login or password"));
      return NULL;
    }
  return g_steal_pointer (&user);
}

/**
 * rapportd_auth_sign_in:
 * @db: a connection inside a transaction
 * @login: the login
 * @password: the password
 * @source: the client's address, for throttling
 * @policy: session and lockout rules
 * @out: (out caller-allocates): the new session
 * @actor: (out caller-allocates): who signed in
 * @error: return location for a #GError
 *
 * Returns: %TRUE when signed in. Failures are committed even though the
 *   sign-in fails: the caller commits on %CRM_ERROR_UNAUTHORIZED too.
 */
gboolean
rapportd_auth_sign_in (RapportdDb               *db,
                       const char               *login,
                       const char               *password,
                       const char               *source,
                       const RapportdAuthPolicy *policy,
                       RapportdSignIn           *out,
                       RapportdActor            *actor,
                       GError                  **error)
{
  g_autoptr(RapportdSql) reset = NULL;
  g_autoptr(RapportdDbResult) user = NULL;
  const char *user_id;
  gint64 now = g_get_real_time ();
  gint64 changed = 0;
  gboolean must_change;

  memset (out, 0, sizeof *out);
  if ((user = check_credentials (db, login, password, source, policy, out, error)) == NULL)
    return FALSE;
  user_id = rapportd_db_result_get (user, 0, 0);

  /* an expired password must be changed before anything else */
  must_change = atoi (rapportd_db_result_get (user, 0, 9)) != 0;
  if (policy->password_expiry_days > 0 &&
      (!rapportd_sql_parse_time (rapportd_db_result_get (user, 0, 10), &changed) ||
       now - changed > (gint64) policy->password_expiry_days * 24 * 3600 * G_USEC_PER_SEC))
    must_change = TRUE;

  reset = rapportd_sql_new ("UPDATE users SET failed_logins = 0, locked_until = NULL, must_change_password = ? WHERE id = ?");
  rapportd_sql_add_int (reset, must_change);
  rapportd_sql_add_text (reset, user_id);
  if (!rapportd_db_execute (db, reset, NULL, NULL, error))
    return FALSE;
  if (!create_session (db, user_id, policy->session_seconds, now, out, error))
    return FALSE;

  actor->user_id = g_ascii_strtoll (user_id, NULL, 10);
  actor->login = g_strdup (rapportd_db_result_get (user, 0, 5));
  actor->name = g_strdup (rapportd_db_result_get (user, 0, 6));
  actor->role = g_strdup (rapportd_db_result_get (user, 0, 7));
  actor->must_change_password = must_change;
  return TRUE;
}

/**
 * rapportd_auth_verify_signer:
 * @db: a connection inside a transaction
 * @login: the login the signer gives
 * @password: their password
 * @source: the client's address, for throttling
 * @policy: lockout rules
 * @user_id: the signed-in user, who alone may sign for themselves
 * @error: return location for a #GError
 *
 * An electronic signature's re-entry of credentials: the same throttling,
 * lockout and audit of failures as a sign-in, and the login must be the
 * signed-in user's own (nobody signs for someone else). A failure is
 * committed by the caller like a failed sign-in.
 */
gboolean
rapportd_auth_verify_signer (RapportdDb               *db,
                             const char               *login,
                             const char               *password,
                             const char               *source,
                             const RapportdAuthPolicy *policy,
                             gint64                    user_id,
                             GError                  **error)
{
  g_autoptr(RapportdDbResult) user = NULL;
  g_autoptr(RapportdSql) reset = rapportd_sql_new ("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?");
  RapportdSignIn out = { 0 };

  user = check_credentials (db, login, password, source, policy, &out, error);
  rapportd_sign_in_clear (&out);
  if (user == NULL)
    return FALSE;
  if (g_ascii_strtoll (rapportd_db_result_get (user, 0, 0), NULL, 10) != user_id)
    {
      audit_failure (db, rapportd_db_result_get (user, 0, 0), login, source, "signature for another user", NULL);
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Nobody signs for someone else: sign with your own login"));
      return FALSE;
    }
  rapportd_sql_add_int (reset, user_id);
  return rapportd_db_execute (db, reset, NULL, NULL, error);
}

/* what each kind of record the role may see: entity name -> scope */
GHashTable *
rapportd_auth_load_scopes (RapportdDb  *db,
                           const char  *role,
                           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT entity, scope FROM role_scopes WHERE role = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  GHashTable *scopes;

  rapportd_sql_add_text (sql, role);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint r = 0; r < result->n_rows; r++)
    g_hash_table_insert (scopes, g_strdup (rapportd_db_result_get (result, r, 0)),
                         g_strdup (rapportd_db_result_get (result, r, 1)));
  return scopes;
}

/**
 * rapportd_auth_session_actor:
 * @db: a connection
 * @token: a bearer token
 * @actor: (out caller-allocates): who the session belongs to
 * @error: %CRM_ERROR_UNAUTHORIZED when the token is unknown or expired
 */
gboolean
rapportd_auth_session_actor (RapportdDb               *db,
                             const char               *token,
                             const RapportdAuthPolicy *policy,
                             RapportdActor            *actor,
                             GError                  **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT u.id, u.login, u.name, u.role, u.team_id, u.must_change_password "
                                                 "FROM sessions s JOIN users u ON u.id = s.user_id "
                                                 "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP(6) "
                                                 "AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
                                                 "AND u.active = 1 AND u.locked = 0");
  g_autoptr(RapportdSql) seen = rapportd_sql_new ("UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) WHERE token_hash = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) scopes = NULL;
  g_autoptr(GError) unwritten = NULL;
  g_autofree char *token_hash = NULL;

  /* an API key acts for its service account; never cached, so that a
   * revoked or expired key is refused at once */
  if (g_str_has_prefix (token, RAPPORTD_SERVICE_KEY_MARK))
    return rapportd_service_key_actor (db, token, actor, error);
  token_hash = rapportd_auth_token_hash (token);
  if (rapportd_session_cache_lookup (token_hash, actor))
    return TRUE;

  rapportd_sql_add_text (sql, token_hash);
  /* idle time is counted from the last request that reached the database */
  rapportd_sql_add_int (sql, policy->idle_seconds > 0 ? policy->idle_seconds : G_MAXINT32);
  result = rapportd_db_query (db, sql, error);
  if (result == NULL)
    return FALSE;
  if (result->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("The session is unknown or has expired; sign in again"));
      return FALSE;
    }
  rapportd_sql_add_text (seen, token_hash);
  /* with the disk full, a session still serves for reading */
  rapportd_db_execute (db, seen, NULL, NULL, &unwritten);
  if (!written_or_disk_full (&unwritten, error))
    return FALSE;
  if ((scopes = rapportd_auth_load_scopes (db, rapportd_db_result_get (result, 0, 3), error)) == NULL)
    return FALSE;

  actor->user_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  actor->login = g_strdup (rapportd_db_result_get (result, 0, 1));
  actor->name = g_strdup (rapportd_db_result_get (result, 0, 2));
  actor->role = g_strdup (rapportd_db_result_get (result, 0, 3));
  actor->team_id = rapportd_db_result_get (result, 0, 4) ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 4), NULL, 10) : 0;
  actor->must_change_password = atoi (rapportd_db_result_get (result, 0, 5)) != 0;
  actor->scopes = g_steal_pointer (&scopes);
  rapportd_session_cache_store (token_hash, actor);
  return TRUE;
}

/**
 * rapportd_auth_refresh_actor:
 * @db: a connection inside the transaction of a write
 * @token: the request's bearer token
 * @actor: (inout): the actor the session was found for, perhaps from the
 *   session cache; its role, team and scopes are brought up to date
 * @error: %CRM_ERROR_UNAUTHORIZED when the session has ended or the user
 *   is deactivated or locked
 *
 * A write must act for the user as they are now. The user's row is read
 * with a shared lock, so a deactivation either waits for this write or is
 * seen by it; the cache entry of a session found gone is dropped.
 */
gboolean
rapportd_auth_refresh_actor (RapportdDb     *db,
                             const char     *token,
                             RapportdActor  *actor,
                             GError        **error)
{
  /* the user's row and whether the session (or the API key) lives, in one round trip */
  g_autoptr(RapportdSql) user_sql = rapportd_sql_new ("SELECT role, team_id, must_change_password, "
                                                      "EXISTS (SELECT 1 FROM sessions WHERE token_hash = ? "
                                                      "AND user_id = users.id AND expires_at > UTC_TIMESTAMP(6)) "
                                                      "OR EXISTS (SELECT 1 FROM service_keys WHERE key_hash = ? "
                                                      "AND user_id = users.id AND revoked_at IS NULL AND "
                                                      "(expires_at IS NULL OR expires_at > UTC_TIMESTAMP(6))) "
                                                      "FROM users WHERE id = ? AND active = 1 AND locked = 0 "
                                                      "LOCK IN SHARE MODE");
  g_autoptr(RapportdDbResult) user = NULL;
  g_autofree char *token_hash = NULL;
  const char *role;
  const char *team;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  token_hash = rapportd_auth_token_hash (token);
  rapportd_sql_add_text (user_sql, token_hash);
  rapportd_sql_add_text (user_sql, token_hash);
  rapportd_sql_add_int (user_sql, actor->user_id);
  if ((user = rapportd_db_query (db, user_sql, error)) == NULL)
    return FALSE;
  if (user->n_rows != 1 || g_strcmp0 (rapportd_db_result_get (user, 0, 3), "1") != 0)
    {
      rapportd_session_cache_forget (token_hash);
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("The session is unknown or has expired; sign in again"));
      return FALSE;
    }

  role = rapportd_db_result_get (user, 0, 0);
  team = rapportd_db_result_get (user, 0, 1);
  if (g_strcmp0 (role, actor->role) != 0)
    {
      g_autoptr(GHashTable) scopes = rapportd_auth_load_scopes (db, role, error);

      if (scopes == NULL)
        return FALSE;
      g_free (actor->role);
      actor->role = g_strdup (role);
      g_clear_pointer (&actor->scopes, g_hash_table_unref);
      actor->scopes = g_steal_pointer (&scopes);
      rapportd_session_cache_forget (token_hash);
    }
  actor->team_id = team ? g_ascii_strtoll (team, NULL, 10) : 0;
  actor->must_change_password = atoi (rapportd_db_result_get (user, 0, 2)) != 0;
  actor->refreshed = TRUE;
  return TRUE;
}

gboolean
rapportd_auth_sign_out (RapportdDb  *db,
                        const char  *token,
                        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM sessions WHERE token_hash = ?");
  g_autofree char *token_hash = rapportd_auth_token_hash (token);

  rapportd_session_cache_forget (token_hash);
  rapportd_sql_add_text (sql, token_hash);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

void
rapportd_sign_in_clear (RapportdSignIn *sign_in)
{
  g_clear_pointer (&sign_in->token, g_free);
}

/**
 * rapportd_auth_end_sessions:
 * @db: a connection
 * @user_id: whose sessions
 * @error: return location for a #GError
 *
 * Signs a user out everywhere.
 */
gboolean
rapportd_auth_end_sessions (RapportdDb  *db,
                            gint64       user_id,
                            GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM sessions WHERE user_id = ?");

  rapportd_sql_add_int (sql, user_id);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error))
    return FALSE;
  rapportd_session_cache_clear ();
  return TRUE;
}
