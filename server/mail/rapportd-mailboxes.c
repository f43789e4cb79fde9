/* rapportd-mailboxes.c: the mailboxes read for service cases, kept by administrators */
#include "rapportd-mailboxes.h"
#include "rapportd-mail-secret.h"
#include "rapportd-audit.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef enum
{
  KIND_TEXT,
  KIND_ADDRESS,
  KIND_URL,
  KIND_ID,
  KIND_BOOL,
  KIND_SECONDS,
} Kind;

/* what an administrator writes; the column has the key's name */
static const struct
{
  const char *key;
  Kind        kind;
  guint       max;
  gboolean    required;
  /* for a URL: the schemes it may have, "imap"/"imaps" or "smtp"/"smtps" */
  const char *scheme;
  /* for an id: the table it names */
  const char *table;
} fields[] = {
  { "name",                KIND_TEXT,    100,  TRUE },
  { "team_id",             KIND_ID,      0,    TRUE,  NULL,   "teams" },
  { "fallback_account_id", KIND_ID,      0,    TRUE,  NULL,   "accounts" },
  { "imap_url",            KIND_URL,     2000, TRUE,  "imap" },
  { "username",            KIND_TEXT,    320,  TRUE },
  { "smtp_url",            KIND_URL,     2000, FALSE, "smtp" },
  { "from_address",        KIND_ADDRESS, 320,  TRUE },
  { "active",              KIND_BOOL,    0,    FALSE },
  { "poll_seconds",        KIND_SECONDS, 86400, FALSE },
};

/* what the server keeps: shown, never written by a client */
static const char * const read_only[] = {
  "id", "version", "uid_validity", "last_uid", "last_polled_at", "last_error", "created_at", "updated_at", NULL
};

#define COLUMNS "id, version, name, team_id, fallback_account_id, imap_url, username, smtp_url, from_address, " \
                "active, poll_seconds, uid_validity, last_uid, " \
                "DATE_FORMAT(last_polled_at, '%Y-%m-%dT%H:%i:%sZ'), last_error, " \
                "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ')"

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
check_url (const char *text,
           const char *scheme)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_autofree char *secure = g_strconcat (scheme, "s", NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_strcmp0 (g_uri_get_scheme (uri), scheme) == 0 || g_strcmp0 (g_uri_get_scheme (uri), secure) == 0);
}

static gboolean
exists (RapportdDb  *db,
        const char  *table,
        gint64       id,
        GError     **error)
{
  g_autofree char *query = g_strdup_printf ("SELECT 1 FROM `%s` WHERE id = ?", table);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (query);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, id);
  result = rapportd_db_query (db, sql, error);
  return result != NULL && result->n_rows == 1;
}

/* one member of @body against its field; NULL removes an optional one */
static gboolean
check_field (RapportdDb  *db,
             guint        f,
             JsonNode    *node,
             GError     **error)
{
  const char *key = fields[f].key;
  const char *text = holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    ok = !fields[f].required;
  else
    switch (fields[f].kind)
      {
      case KIND_TEXT:
        ok = text != NULL && *text != '\0' && g_utf8_strlen (text, -1) <= fields[f].max;
        break;
      case KIND_ADDRESS:
        ok = text != NULL && strlen (text) <= fields[f].max && strchr (text, '@') != NULL &&
             strpbrk (text, " <>\r\n") == NULL;
        break;
      case KIND_URL:
        ok = text != NULL && strlen (text) <= fields[f].max && check_url (text, fields[f].scheme);
        break;
      case KIND_ID:
        ok = holds (node, G_TYPE_INT64) && json_node_get_int (node) > 0;
        if (ok && !exists (db, fields[f].table, json_node_get_int (node), error))
          {
            if (error != NULL && *error != NULL)
              return FALSE;
            ok = FALSE;
          }
        break;
      case KIND_BOOL:
        ok = holds (node, G_TYPE_BOOLEAN);
        break;
      case KIND_SECONDS:
        ok = holds (node, G_TYPE_INT64) && json_node_get_int (node) >= 10 && json_node_get_int (node) <= fields[f].max;
        break;
      default:
        g_assert_not_reached ();
      }
  if (!ok)
    {
      const char *what;

      switch (fields[f].kind)
        {
        case KIND_TEXT: what = _("text of at most the allowed length"); break;
        case KIND_ADDRESS: what = _("an email address"); break;
        case KIND_URL: what = g_str_equal (fields[f].scheme, "imap") ? _("an imap:// or imaps:// address")
                                                                     : _("an smtp:// or smtps:// address"); break;
        case KIND_ID: what = _("the id of an existing record"); break;
        case KIND_BOOL: what = _("true or false"); break;
        default: what = _("a number of seconds from 10 to 86400"); break;
        }
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("A mailbox’s %s must be %s"), key, what);
    }
  return ok;
}

static gboolean
check_body (RapportdDb  *db,
            JsonObject  *body,
            gboolean     creating,
            GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (body);
  JsonNode *password = json_object_get_member (body, "password");

  for (GList *l = members; l; l = l->next)
    {
      gboolean known = g_str_equal (l->data, "password") || (!creating && g_str_equal (l->data, "version"));

      for (guint f = 0; !known && f < G_N_ELEMENTS (fields); f++)
        known = g_str_equal (fields[f].key, l->data);
      if (!known)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, l->data,
                                     g_strv_contains (read_only, l->data) ? _("A mailbox’s “%s” is kept by the server")
                                                                          : _("A mailbox has no “%s”"),
                                     (char *) l->data);
          return FALSE;
        }
    }
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    if ((creating || json_object_has_member (body, fields[f].key)) &&
        !check_field (db, f, json_object_get_member (body, fields[f].key), error))
      return FALSE;
  if ((creating || password != NULL) &&
      (!holds (password, G_TYPE_STRING) || *json_node_get_string (password) == '\0' ||
       strlen (json_node_get_string (password)) > 500))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password", _("A mailbox needs its password"));
      return FALSE;
    }
  if (!creating && !holds (json_object_get_member (body, "version"), G_TYPE_INT64))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "version", _("A change needs the version it was made on"));
      return FALSE;
    }
  return TRUE;
}

static void
set_int (JsonObject *object,
         const char *key,
         const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, key);
  else
    json_object_set_int_member (object, key, g_ascii_strtoll (value, NULL, 10));
}

static void
set_text (JsonObject *object,
          const char *key,
          const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, key);
  else
    json_object_set_string_member (object, key, value);
}

static JsonObject *
row_object (RapportdDbResult *result,
            guint             r)
{
  JsonObject *object = json_object_new ();

  set_int (object, "id", rapportd_db_result_get (result, r, 0));
  set_int (object, "version", rapportd_db_result_get (result, r, 1));
  set_text (object, "name", rapportd_db_result_get (result, r, 2));
  set_int (object, "team_id", rapportd_db_result_get (result, r, 3));
  set_int (object, "fallback_account_id", rapportd_db_result_get (result, r, 4));
  set_text (object, "imap_url", rapportd_db_result_get (result, r, 5));
  set_text (object, "username", rapportd_db_result_get (result, r, 6));
  set_text (object, "smtp_url", rapportd_db_result_get (result, r, 7));
  set_text (object, "from_address", rapportd_db_result_get (result, r, 8));
  json_object_set_boolean_member (object, "active", g_strcmp0 (rapportd_db_result_get (result, r, 9), "1") == 0);
  set_int (object, "poll_seconds", rapportd_db_result_get (result, r, 10));
  set_int (object, "uid_validity", rapportd_db_result_get (result, r, 11));
  set_int (object, "last_uid", rapportd_db_result_get (result, r, 12));
  set_text (object, "last_polled_at", rapportd_db_result_get (result, r, 13));
  set_text (object, "last_error", rapportd_db_result_get (result, r, 14));
  set_text (object, "created_at", rapportd_db_result_get (result, r, 15));
  set_text (object, "updated_at", rapportd_db_result_get (result, r, 16));
  return object;
}

static JsonObject *
read_one (RapportdDb  *db,
          gint64       id,
          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " COLUMNS " FROM mailboxes WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such mailbox"));
      return NULL;
    }
  return row_object (result, 0);
}

/**
 * rapportd_mailboxes_list:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[mailbox…]}, oldest first, never a password
 */
JsonNode *
rapportd_mailboxes_list (RapportdDb  *db,
                         GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " COLUMNS " FROM mailboxes ORDER BY id");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  json_object_set_array_member (answer, "items", items);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    json_array_add_object_element (items, row_object (result, r));
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_mailbox_get:
 * @db: a connection
 * @id: the mailbox
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the mailbox, never its password
 */
JsonNode *
rapportd_mailbox_get (RapportdDb  *db,
                      gint64       id,
                      GError     **error)
{
  g_autoptr(JsonObject) object = read_one (db, id, error);

  return object ? json_node_init_object (json_node_alloc (), object) : NULL;
}

/* the audit row shows that a password was set, never the password */
static gboolean
audit (RapportdDb           *db,
       const RapportdActor  *actor,
       const char           *action,
       gint64                id,
       JsonObject           *before,
       JsonObject           *after,
       gboolean              password_set,
       GError              **error)
{
  g_autoptr(JsonNode) before_node = before ? json_node_init_object (json_node_alloc (), before) : NULL;
  g_autoptr(JsonNode) after_node = after ? json_node_init_object (json_node_alloc (), after) : NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;

  if (after != NULL && password_set)
    json_object_set_string_member (after, "password", "(set)");
  before_json = before_node ? json_to_string (before_node, FALSE) : NULL;
  after_json = after_node ? json_to_string (after_node, FALSE) : NULL;
  if (after != NULL)
    json_object_remove_member (after, "password");
  return rapportd_audit_append (db, actor->user_id, "mailbox", id, action, actor->reason,
                                before_json, after_json, error);
}

/* ", key = ?" for each field @body gives, with its value bound */
static void
add_assignments (RapportdSql *sql,
                 JsonObject  *body,
                 const char  *sealed)
{
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      JsonNode *node = json_object_get_member (body, fields[f].key);

      if (node == NULL)
        continue;
      rapportd_sql_appendf (sql, ", %s = ?", fields[f].key);
      if (JSON_NODE_HOLDS_NULL (node))
        rapportd_sql_add_null (sql);
      else if (fields[f].kind == KIND_BOOL)
        rapportd_sql_add_int (sql, json_node_get_boolean (node));
      else if (fields[f].kind == KIND_ID || fields[f].kind == KIND_SECONDS)
        rapportd_sql_add_int (sql, json_node_get_int (node));
      else
        rapportd_sql_add_text (sql, json_node_get_string (node));
    }
  if (sealed != NULL)
    {
      rapportd_sql_append (sql, ", password_sealed = ?");
      rapportd_sql_add_text (sql, sealed);
    }
}

/**
 * rapportd_mailbox_create:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @body: the mailbox's fields and its "password"
 * @error: return location for a #GError naming the field
 *
 * Returns: (transfer full): the mailbox, without its password
 */
JsonNode *
rapportd_mailbox_create (RapportdDb           *db,
                         const RapportdActor  *actor,
                         JsonObject           *body,
                         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO mailboxes SET created_at = UTC_TIMESTAMP(6), "
                                                 "updated_at = UTC_TIMESTAMP(6)");
  g_autofree char *sealed = NULL;
  g_autoptr(JsonObject) stored = NULL;
  guint64 id = 0;

  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!check_body (db, body, TRUE, error) ||
      (sealed = rapportd_mail_secret_seal (json_object_get_string_member (body, "password"), error)) == NULL)
    return NULL;
  add_assignments (sql, body, sealed);
  if (!rapportd_db_execute (db, sql, NULL, &id, error) ||
      (stored = read_one (db, id, error)) == NULL ||
      !audit (db, actor, "create", id, NULL, stored, TRUE, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), stored);
}

/**
 * rapportd_mailbox_update:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the mailbox
 * @body: its "version" and the fields to change
 * @error: return location for a #GError naming the field; a stale version
 *   is %CRM_ERROR_CONFLICT
 *
 * Returns: (transfer full): the mailbox as it is now
 */
JsonNode *
rapportd_mailbox_update (RapportdDb           *db,
                         const RapportdActor  *actor,
                         gint64                id,
                         JsonObject           *body,
                         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE mailboxes SET version = version + 1, "
                                                 "updated_at = UTC_TIMESTAMP(6)");
  g_autofree char *sealed = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  gboolean password_set = json_object_has_member (body, "password");
  guint64 changed = 0;

  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if ((before = read_one (db, id, error)) == NULL || !check_body (db, body, FALSE, error))
    return NULL;
  if (password_set && (sealed = rapportd_mail_secret_seal (json_object_get_string_member (body, "password"), error)) == NULL)
    return NULL;
  add_assignments (sql, body, sealed);
  rapportd_sql_append (sql, " WHERE id = ? AND version = ?");
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, json_object_get_int_member (body, "version"));
  if (!rapportd_db_execute (db, sql, &changed, NULL, error))
    return NULL;
  if (changed == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version", _("The mailbox was changed meanwhile"));
      return NULL;
    }
  if ((after = read_one (db, id, error)) == NULL ||
      !audit (db, actor, password_set ? "update_secret" : "update", id, before, after, password_set, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), after);
}

/**
 * rapportd_mailbox_delete:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the mailbox; one that has read messages is only switched off
 * @error: return location for a #GError
 *
 * Returns: whether it was deleted or switched off
 */
gboolean
rapportd_mailbox_delete (RapportdDb           *db,
                         const RapportdActor  *actor,
                         gint64               id,
                         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM mailboxes WHERE id = ? "
                                                 "AND NOT EXISTS (SELECT 1 FROM mail_messages WHERE mailbox_id = ?)");
  g_autoptr(RapportdSql) off = rapportd_sql_new ("UPDATE mailboxes SET active = 0, version = version + 1, "
                                                 "updated_at = UTC_TIMESTAMP(6) WHERE id = ?");
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  guint64 deleted = 0;

  g_return_val_if_fail (actor != NULL, FALSE);

  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (off, id);
  if ((before = read_one (db, id, error)) == NULL || !rapportd_db_execute (db, sql, &deleted, NULL, error))
    return FALSE;
  if (deleted > 0)
    return audit (db, actor, "delete", id, before, NULL, FALSE, error);
  /* its messages keep their raw bytes and cases: the mailbox stays, off */
  return rapportd_db_execute (db, off, NULL, NULL, error) &&
         (after = read_one (db, id, error)) != NULL &&
         audit (db, actor, "update", id, before, after, FALSE, error);
}
