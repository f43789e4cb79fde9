/* rapportd-intake-keys.c: intake keys, kept hashed: made, listed, revoked, and looked up by their secret */
#include "rapportd-intake-keys.h"
#include "rapportd-auth.h"
#include "audit/rapportd-audit.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* what tells a key from a session token at a glance, in logs and forms */
#define KEY_MARK "rik_"
/* the characters of a key shown in lists: the mark and six of the secret */
#define PREFIX_LENGTH 10
/* 256 bits: a key cannot be guessed, so its SHA-256 is enough to keep */
#define SECRET_BYTES 32

#define KEY_COLUMNS "id, name, channel, pool_id, run_rules, rate_per_minute, key_prefix, created_at, " \
                    "created_by, last_used_at, uses, revoked_at, revoked_by"

void
rapportd_intake_key_clear (RapportdIntakeKey *key)
{
  g_clear_pointer (&key->name, g_free);
  g_clear_pointer (&key->channel, g_free);
  key->id = 0;
  key->pool_id = 0;
  key->confirmed = FALSE;
}

/* The keys in force that this rapportd has seen, by their SHA-256: a key
 * is never changed once made, so what an intake needs of it is read once.
 * Whether it is still in force is not remembered: every intake's count of
 * its use (rapportd_intake_key_used()) finds the key's row only while it is
 * not revoked, or the intake fails. */
static GMutex known_lock;
static GHashTable *known;

static void
key_free (gpointer data)
{
  RapportdIntakeKey *key = data;

  rapportd_intake_key_clear (key);
  g_free (key);
}

static void
key_copy (const RapportdIntakeKey *src,
          RapportdIntakeKey       *dest)
{
  *dest = *src;
  dest->name = g_strdup (src->name);
  dest->channel = g_strdup (src->channel);
}

static gboolean
known_lookup (const char        *hash,
              RapportdIntakeKey *out)
{
  RapportdIntakeKey *key;

  g_mutex_lock (&known_lock);
  key = known ? g_hash_table_lookup (known, hash) : NULL;
  if (key != NULL)
    key_copy (key, out);
  g_mutex_unlock (&known_lock);
  return key != NULL;
}

static void
known_add (const char              *hash,
           const RapportdIntakeKey *key)
{
  RapportdIntakeKey *copy = g_new0 (RapportdIntakeKey, 1);

  key_copy (key, copy);
  g_mutex_lock (&known_lock);
  /* a bound on what hostile senders of ever new keys cannot fill: they never get in */
  if (known == NULL || g_hash_table_size (known) >= 1024)
    {
      g_clear_pointer (&known, g_hash_table_unref);
      known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, key_free);
    }
  g_hash_table_replace (known, g_strdup (hash), copy);
  g_mutex_unlock (&known_lock);
}

static gboolean
is_key (gpointer key,
        gpointer value,
        gpointer user_data)
{
  return ((RapportdIntakeKey *) value)->id == *(gint64 *) user_data;
}

/* forgets key @id: revoked, or found revoked by an intake */
static void
known_forget (gint64 id)
{
  g_mutex_lock (&known_lock);
  if (known != NULL)
    g_hash_table_foreach_remove (known, is_key, &id);
  g_mutex_unlock (&known_lock);
}

static void
add_time_member (JsonObject *object,
                 const char *name,
                 const char *sql_time)
{
  gint64 usec;

  if (sql_time != NULL && rapportd_sql_parse_time (sql_time, &usec))
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format_iso8601 (time);

      json_object_set_string_member (object, name, text);
    }
  else
    json_object_set_null_member (object, name);
}

static void
add_int_member (JsonObject *object,
                const char *name,
                const char *text)
{
  if (text != NULL)
    json_object_set_int_member (object, name, g_ascii_strtoll (text, NULL, 10));
  else
    json_object_set_null_member (object, name);
}

/* a row of KEY_COLUMNS as the API shows it: never the secret nor its hash */
static JsonObject *
key_object (RapportdDbResult *result,
            guint             r)
{
  JsonObject *object = json_object_new ();

  add_int_member (object, "id", rapportd_db_result_get (result, r, 0));
  json_object_set_string_member (object, "name", rapportd_db_result_get (result, r, 1));
  json_object_set_string_member (object, "channel", rapportd_db_result_get (result, r, 2));
  add_int_member (object, "pool_id", rapportd_db_result_get (result, r, 3));
  json_object_set_boolean_member (object, "run_rules", g_strcmp0 (rapportd_db_result_get (result, r, 4), "1") == 0);
  add_int_member (object, "rate_per_minute", rapportd_db_result_get (result, r, 5));
  json_object_set_string_member (object, "prefix", rapportd_db_result_get (result, r, 6));
  add_time_member (object, "created_at", rapportd_db_result_get (result, r, 7));
  add_int_member (object, "created_by", rapportd_db_result_get (result, r, 8));
  add_time_member (object, "last_used_at", rapportd_db_result_get (result, r, 9));
  add_int_member (object, "uses", rapportd_db_result_get (result, r, 10));
  add_time_member (object, "revoked_at", rapportd_db_result_get (result, r, 11));
  json_object_set_boolean_member (object, "revoked", rapportd_db_result_get (result, r, 11) != NULL);
  return object;
}

static JsonObject *
read_key (RapportdDb  *db,
          gint64       id,
          gboolean     for_update,
          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " KEY_COLUMNS " FROM intake_keys WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  if (for_update)
    rapportd_sql_append (sql, " FOR UPDATE");
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No intake key with id %lld"), (long long) id);
      return NULL;
    }
  return key_object (result, 0);
}

static gboolean
audit_key (RapportdDb           *db,
           const RapportdActor  *actor,
           const char           *action,
           JsonObject           *key,
           GError              **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), key);
  g_autofree char *after = json_to_string (node, FALSE);

  return rapportd_audit_append (db, actor->user_id, "intake_key", json_object_get_int_member (key, "id"),
                                action, actor->reason, NULL, after, error);
}

/* the members a key is made with, checked as a record's would be */
static gboolean
check_body (JsonObject  *body,
            GError     **error)
{
  CrmEntityClass *leads = g_type_class_peek (crm_entities_lookup_name ("lead"));
  const CrmFieldSpec *source = &leads->fields[crm_entity_class_find_field (leads, "source")];
  const char * const known[] = { "name", "channel", "pool_id", "run_rules", "rate_per_minute", NULL };
  g_autoptr(GList) members = json_object_get_members (body);
  JsonNode *node;
  const char *name;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, l->data, _("An intake key has no “%s”"), (char *) l->data);
        return FALSE;
      }
  node = json_object_get_member (body, "name");
  name = node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 100)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "name", _("An intake key needs a name of at most 100 characters"));
      return FALSE;
    }
  node = json_object_get_member (body, "channel");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !crm_field_spec_has_enum (source, json_node_get_string (node)))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "channel", _("An intake key needs a channel, one of the leads’ sources"));
      return FALSE;
    }
  node = json_object_get_member (body, "pool_id");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pool_id", _("pool_id must be the id of a pool"));
      return FALSE;
    }
  node = json_object_get_member (body, "run_rules");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "run_rules", _("run_rules must be true or false"));
      return FALSE;
    }
  node = json_object_get_member (body, "rate_per_minute");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
                       json_node_get_int (node) < 1 || json_node_get_int (node) > RAPPORTD_INTAKE_KEY_MAX_RATE))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "rate_per_minute",
                                 _("rate_per_minute must be a whole number from 1 to %d"), RAPPORTD_INTAKE_KEY_MAX_RATE);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_intake_key_create:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @body: `{"name","channel","pool_id"?,"run_rules"?,"rate_per_minute"?}`
 * @error: a %CRM_ERROR_VALIDATION naming the member, or a database error
 *
 * Makes a key of 256 random bits; only its SHA-256 is kept.
 *
 * Returns: (transfer full): the key as listed, with its secret as "key",
 *   the only time it is shown
 */
JsonNode *
rapportd_intake_key_create (RapportdDb           *db,
                            const RapportdActor  *actor,
                            JsonObject           *body,
                            GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO intake_keys (name, channel, pool_id, run_rules, rate_per_minute, "
                                                 "key_hash, key_prefix, created_at, created_by) "
                                                 "VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6), ?)");
  g_autofree char *random = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(JsonObject) key = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 id = 0;
  gint64 pool_id;

  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!check_body (body, error))
    return NULL;
  random = rapportd_auth_random_secret (SECRET_BYTES);
  secret = g_strconcat (KEY_MARK, random, NULL);
  hash = rapportd_auth_token_hash (secret);
  prefix = g_strndup (secret, PREFIX_LENGTH);
  pool_id = json_object_get_int_member_with_default (body, "pool_id", 0);

  rapportd_sql_add_text (sql, json_object_get_string_member (body, "name"));
  rapportd_sql_add_text (sql, json_object_get_string_member (body, "channel"));
  if (pool_id > 0)
    rapportd_sql_add_int (sql, pool_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_int (sql, json_object_get_boolean_member_with_default (body, "run_rules", TRUE));
  rapportd_sql_add_int (sql, json_object_get_int_member_with_default (body, "rate_per_minute",
                                                                      RAPPORTD_INTAKE_KEY_DEFAULT_RATE));
  rapportd_sql_add_text (sql, hash);
  rapportd_sql_add_text (sql, prefix);
  rapportd_sql_add_int (sql, actor->user_id);
  if (!rapportd_db_execute (db, sql, NULL, &id, &local_error))
    {
      const char *duplicate = rapportd_db_duplicate_key (local_error);

      if (duplicate != NULL && g_str_has_prefix (duplicate, "intake_keys_name'"))
        crm_error_set_field_error (error, CRM_ERROR_DUPLICATE, "name", _("Another intake key already has this name"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if ((key = read_key (db, id, FALSE, error)) == NULL || !audit_key (db, actor, "create", key, error))
    return NULL;
  json_object_set_string_member (key, "key", secret);
  return json_node_init_object (json_node_alloc (), key);
}

/**
 * rapportd_intake_keys_list:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): `{"items":[…]}`, every key, the newest first,
 *   without secrets
 */
JsonNode *
rapportd_intake_keys_list (RapportdDb  *db,
                           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " KEY_COLUMNS " FROM intake_keys ORDER BY id DESC");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  json_object_set_array_member (answer, "items", items);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    json_array_add_object_element (items, key_object (result, r));
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_intake_key_revoke:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the key
 * @error: %CRM_ERROR_NOT_FOUND, or a database error
 *
 * From the commit on, the key is refused; revoking it again changes nothing.
 *
 * Returns: (transfer full): the key as listed
 */
JsonNode *
rapportd_intake_key_revoke (RapportdDb           *db,
                            const RapportdActor  *actor,
                            gint64                id,
                            GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE intake_keys SET revoked_at = UTC_TIMESTAMP(6), revoked_by = ? "
                                                 "WHERE id = ? AND revoked_at IS NULL");
  g_autoptr(JsonObject) key = NULL;
  guint64 changed = 0;

  g_return_val_if_fail (actor != NULL, NULL);

  if ((key = read_key (db, id, TRUE, error)) == NULL)
    return NULL;
  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_int (sql, id);
  if (!rapportd_db_execute (db, sql, &changed, NULL, error))
    return NULL;
  if (changed > 0)
    {
      known_forget (id);
      g_clear_pointer (&key, json_object_unref);
      if ((key = read_key (db, id, FALSE, error)) == NULL || !audit_key (db, actor, "revoke", key, error))
        return NULL;
    }
  return json_node_init_object (json_node_alloc (), key);
}

static gboolean
check_secret (const char  *secret,
              GError     **error)
{
  /* no need to hash what cannot be a key */
  if (secret == NULL || !g_str_has_prefix (secret, KEY_MARK) || strlen (secret) > 128)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("Send a valid intake key: Authorization: Bearer KEY"));
      return FALSE;
    }
  return TRUE;
}

static void
set_revoked_error (GError **error)
{
  g_set_error (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("This intake key is unknown or revoked"));
}

/* the key's row, if it is in force */
static gboolean
read_in_force (RapportdDb         *db,
               const char         *hash,
               RapportdIntakeKey  *out,
               GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, name, channel, pool_id, run_rules, rate_per_minute "
                                                 "FROM intake_keys WHERE key_hash = ? AND revoked_at IS NULL");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, hash);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      set_revoked_error (error);
      return FALSE;
    }
  out->id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  out->name = g_strdup (rapportd_db_result_get (result, 0, 1));
  out->channel = g_strdup (rapportd_db_result_get (result, 0, 2));
  out->pool_id = rapportd_db_result_get (result, 0, 3) ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 3), NULL, 10) : 0;
  out->run_rules = g_strcmp0 (rapportd_db_result_get (result, 0, 4), "1") == 0;
  out->rate_per_minute = g_ascii_strtoull (rapportd_db_result_get (result, 0, 5), NULL, 10);
  return TRUE;
}

/**
 * rapportd_intake_key_find:
 * @db: a connection
 * @secret: (nullable): the key as the client sent it
 * @out: (out caller-allocates): the key
 * @error: %CRM_ERROR_UNAUTHORIZED for a missing, unknown or revoked key
 *
 * A key this rapportd has seen is not read again: whether it is still in
 * force is known only once rapportd_intake_key_used() has counted the use.
 * Until then @out->confirmed is %FALSE, and an intake that fails before
 * asks rapportd_intake_key_confirm().
 *
 * Returns: whether @secret is a key (in force when last read)
 */
gboolean
rapportd_intake_key_find (RapportdDb         *db,
                          const char         *secret,
                          RapportdIntakeKey  *out,
                          GError            **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = (RapportdIntakeKey) { 0 };
  if (!check_secret (secret, error))
    return FALSE;
  hash = rapportd_auth_token_hash (secret);
  if (known_lookup (hash, out))
    return TRUE;
  if (!read_in_force (db, hash, out, error))
    return FALSE;
  known_add (hash, out);
  out->confirmed = TRUE;
  return TRUE;
}

/**
 * rapportd_intake_key_confirm:
 * @db: a connection
 * @key: a key rapportd_intake_key_find() gave
 * @error: %CRM_ERROR_UNAUTHORIZED when the key was revoked since
 *
 * For an intake about to fail for another reason (its body, the rate
 * limit): a revoked key is told so rather than that.
 *
 * Returns: whether @key is in force
 */
gboolean
rapportd_intake_key_confirm (RapportdDb         *db,
                             RapportdIntakeKey  *key,
                             GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT 1 FROM intake_keys WHERE id = ? AND revoked_at IS NULL");
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  if (key->confirmed)
    return TRUE;
  rapportd_sql_add_int (sql, key->id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      known_forget (key->id);
      set_revoked_error (error);
      return FALSE;
    }
  key->confirmed = TRUE;
  return TRUE;
}

/**
 * rapportd_intake_key_used:
 * @db: a connection inside the intake's transaction, as its last write
 *   (the key's row is locked until the commit)
 * @key: the key
 * @n: how many leads the transaction stores through it
 * @error: %CRM_ERROR_UNAUTHORIZED when the key was revoked, or a database
 *   error
 *
 * Counts @n more uses of the key, now, if it is still in force: a key
 * revoked by a transaction that committed before stores nothing more.
 *
 * Returns: whether they were counted
 */
gboolean
rapportd_intake_key_used (RapportdDb         *db,
                          RapportdIntakeKey  *key,
                          guint               n,
                          GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE intake_keys SET uses = uses + ?, last_used_at = UTC_TIMESTAMP(6) "
                                                 "WHERE id = ? AND revoked_at IS NULL");
  guint64 changed = 0;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (n > 0, FALSE);

  rapportd_sql_add_int (sql, n);
  rapportd_sql_add_int (sql, key->id);
  if (!rapportd_db_execute (db, sql, &changed, NULL, error))
    return FALSE;
  if (changed == 0)
    {
      known_forget (key->id);
      set_revoked_error (error);
      return FALSE;
    }
  key->confirmed = TRUE;
  return TRUE;
}
