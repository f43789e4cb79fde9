/* rapportd-personal.c: personal values sealed under a per-person key in the audit trail, and shredded */
#include "rapportd-personal.h"
#include "rapportd-sql-rows.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <sodium.h>
#include <string.h>

#define SEALED_PREFIX "sealed:v1:"

gboolean
rapportd_personal_has_fields (CrmEntityClass *klass)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_PERSONAL)
      return TRUE;
  return FALSE;
}

/* the person's key: made on first use, gone for good once shredded */
static gboolean
person_key (RapportdDb  *db,
            const char  *entity_name,
            gint64       id,
            gboolean     create,
            guchar       key[crypto_secretbox_KEYBYTES],
            gboolean    *found,
            GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT secret FROM person_keys WHERE entity = ? AND record_id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  size_t len = 0;

  *found = FALSE;
  rapportd_sql_add_text (sql, entity_name);
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 1)
    {
      const char *hex = rapportd_db_result_get (result, 0, 0);

      *found = sodium_hex2bin (key, crypto_secretbox_KEYBYTES, hex, strlen (hex), NULL, &len, NULL) == 0 &&
               len == crypto_secretbox_KEYBYTES;
      return TRUE;
    }
  if (create)
    {
      g_autoptr(RapportdSql) insert = rapportd_sql_new ("INSERT INTO person_keys (entity, record_id, secret, created_at) "
                                                        "VALUES (?, ?, ?, UTC_TIMESTAMP(6))");
      char hex[2 * crypto_secretbox_KEYBYTES + 1];

      crypto_secretbox_keygen (key);
      sodium_bin2hex (hex, sizeof hex, key, crypto_secretbox_KEYBYTES);
      rapportd_sql_add_text (insert, entity_name);
      rapportd_sql_add_int (insert, id);
      rapportd_sql_add_text (insert, hex);
      sodium_memzero (hex, sizeof hex);
      if (!rapportd_db_execute (db, insert, NULL, NULL, error))
        return FALSE;
      *found = TRUE;
    }
  return TRUE;
}

static char *
seal_value (const guchar  key[crypto_secretbox_KEYBYTES],
            JsonNode     *value)
{
  g_autofree char *plain = crm_json_to_string (value);
  gsize plain_len = strlen (plain);
  g_autofree guchar *box = g_malloc (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len);
  g_autofree char *encoded = NULL;

  randombytes_buf (box, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (box + crypto_secretbox_NONCEBYTES, (const guchar *) plain, plain_len, box, key);
  encoded = g_base64_encode (box, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len);
  return g_strconcat (SEALED_PREFIX, encoded, NULL);
}

static JsonNode *
open_value (const guchar  key[crypto_secretbox_KEYBYTES],
            const char   *sealed)
{
  gsize len = 0;
  g_autofree guchar *box = g_base64_decode (sealed + strlen (SEALED_PREFIX), &len);
  g_autofree char *plain = NULL;

  if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return NULL;
  plain = g_malloc0 (len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES + 1);
  if (crypto_secretbox_open_easy ((guchar *) plain, box + crypto_secretbox_NONCEBYTES,
                                  len - crypto_secretbox_NONCEBYTES, box, key) != 0)
    return NULL;
  return crm_json_parse (plain, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
}

/* @plain, a record of @klass as JSON, with each personal value that is set sealed under @key */
static char *
seal_with (const guchar    key[crypto_secretbox_KEYBYTES],
           CrmEntityClass *klass,
           const char     *plain)
{
  g_autoptr(JsonNode) node = crm_json_parse (plain, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  JsonObject *object = json_node_get_object (node);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const char *member = crm_field_spec_get_json_key (&klass->fields[i]);
      JsonNode *value;

      if (!(klass->fields[i].flags & CRM_FIELD_PERSONAL) || !json_object_has_member (object, member))
        continue;
      value = json_object_get_member (object, member);
      if (!JSON_NODE_HOLDS_NULL (value))
        {
          g_autofree char *sealed = seal_value (key, value);
          json_object_set_string_member (object, member, sealed);
        }
    }
  return crm_json_to_string (node);
}

/**
 * rapportd_personal_seal:
 * @db: a connection inside the transaction that writes the audit row
 * @entity: a record
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record as JSON for the audit trail, each
 *   personal value that is set replaced by its encryption under the
 *   record's own key
 */
char *
rapportd_personal_seal (RapportdDb  *db,
                        CrmEntity   *entity,
                        GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  g_autofree char *plain = crm_json_entity_to_string (entity);
  guchar key[crypto_secretbox_KEYBYTES];
  gboolean found = FALSE;
  char *sealed;

  if (!rapportd_personal_has_fields (klass))
    return g_steal_pointer (&plain);
  if (!person_key (db, klass->entity_name, crm_entity_get_id (entity), TRUE, key, &found, error))
    return NULL;
  sealed = seal_with (key, klass, plain);
  sodium_memzero (key, sizeof key);
  return sealed;
}

/**
 * rapportd_personal_seal_new_many:
 * @db: a connection inside the transaction that writes the audit rows
 * @records: (element-type CrmEntity): records of one kind, just created:
 *   none has a key yet
 * @error: return location for a #GError
 *
 * As rapportd_personal_seal() for each record, their new keys stored in
 * one statement rather than looked for one by one.
 *
 * Returns: (transfer full) (element-type utf8): the records as JSON for the
 *   audit trail, in order
 */
GPtrArray *
rapportd_personal_seal_new_many (RapportdDb  *db,
                                 GPtrArray   *records,
                                 GError     **error)
{
  g_autoptr(GPtrArray) sealed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RapportdSqlRows) keys = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      CrmEntity *record = records->pdata[i];
      CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
      char *plain = crm_json_entity_to_string (record);
      guchar key[crypto_secretbox_KEYBYTES];
      char hex[2 * crypto_secretbox_KEYBYTES + 1];
      RapportdSql *sql;

      if (!rapportd_personal_has_fields (klass))
        {
          g_ptr_array_add (sealed, plain);
          continue;
        }
      if (keys == NULL)
        keys = rapportd_sql_rows_new (db, "INSERT INTO person_keys (entity, record_id, secret, created_at) VALUES ",
                                      "(?, ?, ?, UTC_TIMESTAMP(6))");
      if ((sql = rapportd_sql_rows_add (keys, error)) == NULL)
        {
          g_free (plain);
          return NULL;
        }
      crypto_secretbox_keygen (key);
      sodium_bin2hex (hex, sizeof hex, key, crypto_secretbox_KEYBYTES);
      rapportd_sql_add_text (sql, klass->entity_name);
      rapportd_sql_add_int (sql, crm_entity_get_id (record));
      rapportd_sql_add_text (sql, hex);
      sodium_memzero (hex, sizeof hex);
      g_ptr_array_add (sealed, seal_with (key, klass, plain));
      sodium_memzero (key, sizeof key);
      g_free (plain);
    }
  if (keys != NULL && !rapportd_sql_rows_finish (keys, error))
    return NULL;
  return g_steal_pointer (&sealed);
}

/**
 * rapportd_personal_open:
 * @db: a connection
 * @entity_name: whose row
 * @id: the record
 * @json: (nullable): a before or after of an audit row
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the JSON with personal values
 *   decrypted, or null where the person was erased
 */
JsonNode *
rapportd_personal_open (RapportdDb  *db,
                        const char  *entity_name,
                        gint64       id,
                        const char  *json,
                        GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  guchar key[crypto_secretbox_KEYBYTES];
  gboolean found = FALSE;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);

  if (json == NULL)
    return json_node_new (JSON_NODE_NULL);
  node = crm_json_parse (json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_steal_pointer (&node);
  if (!person_key (db, entity_name, id, FALSE, key, &found, error))
    return NULL;

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
        g_str_has_prefix (json_node_get_string (value), SEALED_PREFIX))
      g_ptr_array_add (members, g_strdup (member));
  for (guint i = 0; i < members->len; i++)
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *opened = found ? open_value (key, json_object_get_string_member (object, members->pdata[i])) : NULL;

      if (opened)
        json_object_set_member (object, members->pdata[i], opened);
      else
        json_object_set_null_member (object, members->pdata[i]);
    }
  sodium_memzero (key, sizeof key);
  return g_steal_pointer (&node);
}

/* destroys the person's key: every sealed value of theirs is now noise */
gboolean
rapportd_personal_shred (RapportdDb  *db,
                         const char  *entity_name,
                         gint64       id,
                         GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM person_keys WHERE entity = ? AND record_id = ?");

  rapportd_sql_add_text (sql, entity_name);
  rapportd_sql_add_int (sql, id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}
