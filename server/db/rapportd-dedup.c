/* rapportd-dedup.c: the duplicate-key index: its upkeep with every write, and the search for possible duplicates */
#include "rapportd-backfill.h"
#include "rapportd-dedup-private.h"
#include "rapportd-sql-rows.h"
#include "rapportd-repo-memo.h"
#include "rapportd-repo-private.h"
#include "crm-dedup.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <string.h>

/* rows keyed in one transaction by the backfill */
/* the column's length */
#define MAX_KEY_CHARS 255

/*
 * A record's keys (crm-dedup.h) are rows (entity, record_id, kind, key) of
 * dedup_keys, kept by every write in its own transaction; an archived
 * record has none, so it is never offered. A record is scored by the
 * kinds of key it shares with the new one:
 *   company and mobile                              1.00  company+mobile
 *   a company's pinyin or trade name, and mobile    0.95  similar_company+mobile
 *   mobile                                          0.90  mobile
 *   email                                           0.90  email
 *   company                                         0.80  company
 *   a company's pinyin alone (a Latin name that
 *   spells a Chinese one, or two homophones)        0.70  company_pinyin
 * A trade name alone is no match: many companies share one.
 */

typedef enum
{
  KIND_COMPANY = 1 << 0,
  KIND_PINYIN  = 1 << 1,
  KIND_TRADE   = 1 << 2,
  KIND_MOBILE  = 1 << 3,
  KIND_EMAIL   = 1 << 4,
} KeyKind;

static const char * const kind_names[] = { "company", "pinyin", "trade", "mobile", "email" };

static RapportdDedupMode mode = RAPPORTD_DEDUP_WARN;

/**
 * rapportd_dedup_set_mode:
 * @new_mode: whether a create with a likely duplicate is refused
 *
 * The company setting `[sales] duplicates`, read at start.
 */
void
rapportd_dedup_set_mode (RapportdDedupMode new_mode)
{
  mode = new_mode;
}

RapportdDedupMode
rapportd_dedup_get_mode (void)
{
  return mode;
}

/**
 * rapportd_dedup_class_is_checked:
 * @klass: an entity class
 *
 * Returns: whether any of its fields is %CRM_FIELD_DUPLICATE_KEY
 */
gboolean
rapportd_dedup_class_is_checked (CrmEntityClass *klass)
{
  g_return_val_if_fail (klass != NULL, FALSE);

  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_DUPLICATE_KEY)
      return TRUE;
  return FALSE;
}

guint
rapportd_dedup_kind_bit (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind_names[i], name))
      return 1u << i;
  return 0;
}

/* adds "kind\nkey" to @keys unless the key is empty */
static void
add_key (GHashTable *keys,
         const char *kind,
         char       *key)
{
  g_autofree char *owned = key;
  const char *end;

  if (owned == NULL || owned[0] == '\0')
    return;
  end = g_utf8_offset_to_pointer (owned, MIN (g_utf8_strlen (owned, -1), MAX_KEY_CHARS));
  g_hash_table_add (keys, g_strdup_printf ("%s\n%.*s", kind, (int) (end - owned), owned));
}

static void
add_company_keys (GHashTable *keys,
                  const char *name)
{
  add_key (keys, "company", crm_dedup_company_key (name));
  add_key (keys, "pinyin", crm_dedup_company_pinyin_key (name));
  add_key (keys, "trade", crm_dedup_trade_name_key (name));
}

/* the keys the index keeps for @record: none for an archived one */
static GHashTable *
stored_keys (CrmEntity *record)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (crm_entity_value (record, CRM_ENTITY_FIELD_ARCHIVED)->i != 0)
    return keys;
  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      const CrmValue *value = crm_entity_value (record, i);

      if (!(spec->flags & CRM_FIELD_DUPLICATE_KEY) || !value->set || value->is_null || value->s == NULL)
        continue;
      if (spec->type == CRM_FIELD_PHONE)
        add_key (keys, "mobile", crm_dedup_mobile_key (value->s));
      else if (spec->type == CRM_FIELD_EMAIL)
        add_key (keys, "email", crm_dedup_email_key (value->s));
      else if (spec->type == CRM_FIELD_TEXT || spec->type == CRM_FIELD_LONG_TEXT)
        add_company_keys (keys, value->s);
    }
  return keys;
}

static gboolean
same_keys (GHashTable *a,
           GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

static gboolean
insert_keys (RapportdDb  *db,
             const char  *entity,
             gint64       id,
             GHashTable  *keys,
             GError     **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  GHashTableIter iter;
  gpointer key;
  gboolean first = TRUE;

  if (g_hash_table_size (keys) == 0)
    return TRUE;
  sql = rapportd_sql_new ("INSERT IGNORE INTO dedup_keys (entity, record_id, kind, dedup_key) VALUES ");
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *newline = strchr (key, '\n');
      g_autofree char *kind = g_strndup (key, newline - (const char *) key);

      rapportd_sql_append (sql, first ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
      rapportd_sql_add_text (sql, entity);
      rapportd_sql_add_int (sql, id);
      rapportd_sql_add_text (sql, kind);
      rapportd_sql_add_text (sql, newline + 1);
      first = FALSE;
    }
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_dedup_index_replace:
 * @db: a connection inside the transaction that wrote the record
 * @before: (nullable): the record as it was, %NULL for a new one
 * @after: the record as stored now
 * @error: return location for a #GError
 *
 * Brings the record's keys from its old values to its new ones, in the
 * write's own transaction: create, update, archive and restore, erasure.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_dedup_index_replace (RapportdDb  *db,
                              CrmEntity   *before,
                              CrmEntity   *after,
                              GError     **error)
{
  CrmEntityClass *klass;
  g_autoptr(GHashTable) old_keys = NULL;
  g_autoptr(GHashTable) new_keys = NULL;
  g_autoptr(RapportdSql) delete = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  klass = CRM_ENTITY_GET_CLASS (after);
  if (!rapportd_dedup_class_is_checked (klass))
    return TRUE;
  new_keys = stored_keys (after);
  if (before == NULL)
    return insert_keys (db, klass->entity_name, crm_entity_get_id (after), new_keys, error);
  old_keys = stored_keys (before);
  if (same_keys (old_keys, new_keys))
    return TRUE;
  delete = rapportd_sql_new ("DELETE FROM dedup_keys WHERE entity = ? AND record_id = ?");
  rapportd_sql_add_text (delete, klass->entity_name);
  rapportd_sql_add_int (delete, crm_entity_get_id (after));
  return rapportd_db_execute (db, delete, NULL, NULL, error) &&
         insert_keys (db, klass->entity_name, crm_entity_get_id (after), new_keys, error);
}

/**
 * rapportd_dedup_index_add_many:
 * @db: a connection inside the transaction that created the records
 * @records: (element-type CrmEntity): new records of one kind, as stored
 * @error: return location for a #GError
 *
 * As rapportd_dedup_index_replace() with no record before, for each of
 * @records, their keys written in as few statements as the parameters
 * allow.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_dedup_index_add_many (RapportdDb  *db,
                               GPtrArray   *records,
                               GError     **error)
{
  g_autoptr(RapportdSqlRows) rows = NULL;

  if (records->len == 0 || !rapportd_dedup_class_is_checked (CRM_ENTITY_GET_CLASS (records->pdata[0])))
    return TRUE;
  rows = rapportd_sql_rows_new (db, "INSERT IGNORE INTO dedup_keys (entity, record_id, kind, dedup_key) VALUES ",
                                "(?, ?, ?, ?)");
  for (guint r = 0; r < records->len; r++)
    {
      CrmEntity *record = records->pdata[r];
      g_autoptr(GHashTable) keys = stored_keys (record);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const char *newline = strchr (key, '\n');
          RapportdSql *sql = rapportd_sql_rows_add (rows, error);
          g_autofree char *kind = g_strndup (key, newline - (const char *) key);

          if (sql == NULL)
            return FALSE;
          rapportd_sql_add_text (sql, crm_entity_get_entity_name (record));
          rapportd_sql_add_int (sql, crm_entity_get_id (record));
          rapportd_sql_add_text (sql, kind);
          rapportd_sql_add_text (sql, newline + 1);
        }
    }
  return rapportd_sql_rows_finish (rows, error);
}

/* what the keys of an entity were made from: the key rules and its keyed columns */
static char *
class_signature (CrmEntityClass *klass)
{
  GString *signature = g_string_new (NULL);

  g_string_printf (signature, "v%d", CRM_DEDUP_VERSION);
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_DUPLICATE_KEY && klass->fields[i].type != CRM_FIELD_REFERENCE)
      g_string_append_printf (signature, ",%s", crm_field_spec_get_column (&klass->fields[i]));
  return g_string_free (signature, FALSE);
}

/* where the backfill of an entity stands: the last id keyed, -1 when done, -2 on error */
static gint64
backfill_start (RapportdDb      *db,
                CrmEntityClass  *klass,
                GError         **error)
{
  g_autofree char *signature = class_signature (klass);
  g_autoptr(RapportdSql) clear = NULL;
  gboolean restarted = FALSE;
  gint64 position = rapportd_backfill_position (db, "dedup_backfill", klass, signature, &restarted, error);

  if (!restarted)
    return position;
  /* new rules: every key of the entity is made again */
  clear = rapportd_sql_new ("DELETE FROM dedup_keys WHERE entity = ?");
  rapportd_sql_add_text (clear, klass->entity_name);
  return rapportd_db_execute (db, clear, NULL, NULL, error) ? 0 : -2;
}

/* a record written before the index: in the backfill's batch */
static gboolean
backfill_row (RapportdDb  *db,
              CrmEntity   *record,
              GError     **error)
{
  return rapportd_dedup_index_replace (db, NULL, record, error);
}

/**
 * rapportd_dedup_backfill:
 * @db: a connection outside any transaction
 * @n_indexed: (out) (optional): how many rows were keyed
 * @error: return location for a #GError
 *
 * Keys the rows that existed before the index, or before a field became a
 * key or the key rules changed, a batch a transaction, remembering how far
 * it went: stopped halfway, it goes on from there at the next start. Runs
 * at start, after the migrations.
 *
 * Returns: %TRUE when every entity is keyed
 */
gboolean
rapportd_dedup_backfill (RapportdDb  *db,
                         guint64     *n_indexed,
                         GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return rapportd_backfill_run (db, "dedup_backfill", rapportd_dedup_class_is_checked, backfill_start,
                                backfill_row, n_indexed, error);
}

/* the name of the record a reference points at, or NULL */
static char *
referenced_name (RapportdDb          *db,
                 const CrmFieldSpec  *spec,
                 gint64               id,
                 GError             **error)
{
  GType type = crm_entities_lookup_name (spec->reference);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  int title = klass ? crm_entity_class_find_title (klass) : -1;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  g_autofree char *key = NULL;
  char *name = NULL;

  if (title < 0)
    return NULL;
  /* a bulk write reads each name once (rapportd-repo-memo.h) */
  key = g_strdup_printf ("name\037%s:%" G_GINT64_FORMAT, klass->entity_name, id);
  if (rapportd_repo_memo_lookup (key, &name))
    return name;
  sql = rapportd_sql_new (NULL);
  rapportd_sql_appendf (sql, "SELECT `%s` FROM `%s` WHERE `id` = ?",
                        crm_field_spec_get_column (&klass->fields[title]), klass->collection);
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL || result->n_rows == 0)
    return NULL;
  rapportd_repo_memo_store (key, rapportd_db_result_get (result, 0, 0));
  return g_strdup (rapportd_db_result_get (result, 0, 0));
}

/* the keys @record is checked by: its own, and the names its keyed
 * references point at; the records it points at are no duplicates of it */
GHashTable *
rapportd_dedup_query_keys (RapportdDb   *db,
            CrmEntity    *record,
            GHashTable   *excluded,
            GError      **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  g_autoptr(GHashTable) keys = stored_keys (record);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      const CrmValue *value = crm_entity_value (record, i);
      g_autofree char *name = NULL;
      GError *local_error = NULL;

      if (!(spec->flags & CRM_FIELD_DUPLICATE_KEY) || spec->type != CRM_FIELD_REFERENCE ||
          !value->set || value->is_null)
        continue;
      g_hash_table_add (excluded, g_strdup_printf ("%s:%" G_GINT64_FORMAT, spec->reference, value->i));
      name = referenced_name (db, spec, value->i, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (name != NULL)
        add_company_keys (keys, name);
    }
  return g_steal_pointer (&keys);
}

/**
 * rapportd_dedup_record_keys:
 * @db: a connection
 * @record: a record, new or stored
 * @stored: (out) (transfer full): the keys the index keeps for it, "kind\nkey"
 * @query: (out) (transfer full): the keys it is checked by: its own and its
 *   keyed references' names
 * @error: return location for a #GError
 *
 * A record checked after others shares a key with one of them exactly when
 * one of its @query keys is one of their @stored keys.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_dedup_record_keys (RapportdDb   *db,
                            CrmEntity    *record,
                            GHashTable  **stored,
                            GHashTable  **query,
                            GError      **error)
{
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);

  if ((*query = rapportd_dedup_query_keys (db, record, excluded, error)) == NULL)
    return FALSE;
  *stored = stored_keys (record);
  return TRUE;
}

/* the rules above, best first: a record scores by the first whose kinds it shares */
static const struct
{
  guint       all;
  guint       any;
  guint       score;
  const char *rule;
} rules[] = {
  { KIND_COMPANY | KIND_MOBILE, 0,                        100, "company+mobile" },
  { KIND_MOBILE,                KIND_PINYIN | KIND_TRADE, 95,  "similar_company+mobile" },
  { KIND_MOBILE,                0,                        90,  "mobile" },
  { KIND_EMAIL,                 0,                        90,  "email" },
  { KIND_COMPANY,               0,                        80,  "company" },
  { KIND_PINYIN,                0,                        70,  "company_pinyin" },
};

static guint
score_of (guint        kinds,
          const char **rule)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if ((kinds & rules[i].all) == rules[i].all && (rules[i].any == 0 || (kinds & rules[i].any)))
      {
        *rule = rules[i].rule;
        return rules[i].score;
      }
  *rule = NULL;
  return 0;
}

/**
 * rapportd_dedup_kinds_score:
 * @kinds: the kinds of key (bits of "kind\nkey" kinds, rapportd_dedup_kind_of())
 *   two records share
 *
 * Returns: the score of the best rule they match, 0 for none
 */
guint
rapportd_dedup_kinds_score (guint kinds)
{
  const char *rule;

  return score_of (kinds, &rule);
}

/**
 * rapportd_dedup_kind_of:
 * @key: a key, "kind\nkey"
 *
 * Returns: its kind's bit, for rapportd_dedup_kinds_score()
 */
guint
rapportd_dedup_kind_of (const char *key)
{
  const char *newline = strchr (key, '\n');
  g_autofree char *kind = newline ? g_strndup (key, newline - key) : NULL;

  return kind ? rapportd_dedup_kind_bit (kind) : 0;
}

void
rapportd_dedup_duplicate_free (gpointer data)
{
  RapportdDuplicate *duplicate = data;

  g_free (duplicate->name);
  g_free (duplicate);
}

static gint
compare_duplicates (gconstpointer a,
                    gconstpointer b)
{
  const RapportdDuplicate *x = *(RapportdDuplicate * const *) a;
  const RapportdDuplicate *y = *(RapportdDuplicate * const *) b;
  int by_entity;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if ((by_entity = strcmp (x->entity, y->entity)) != 0)
    return by_entity;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* every record sharing a key with @keys, scored, best first */
static GPtrArray *
score_candidates (RapportdDb  *db,
                  GHashTable  *keys,
                  GHashTable  *excluded,
                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  gboolean first = TRUE;

  if (g_hash_table_size (keys) == 0)
    return g_ptr_array_new_with_free_func (rapportd_dedup_duplicate_free);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *newline = strchr (key, '\n');
      g_autofree char *kind = g_strndup (key, newline - (const char *) key);

      /* a limit a key: a common company name does not crowd out a mobile */
      rapportd_sql_appendf (sql, "%s(SELECT entity, record_id, kind FROM dedup_keys"
                            " WHERE kind = ? AND dedup_key = ? LIMIT %d)",
                            first ? "" : " UNION ALL ", RAPPORTD_DEDUP_MAX_ROWS_A_KEY);
      rapportd_sql_add_text (sql, kind);
      rapportd_sql_add_text (sql, newline + 1);
      first = FALSE;
    }
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    {
      char *record = g_strdup_printf ("%s:%s", rapportd_db_result_get (result, r, 0),
                                      rapportd_db_result_get (result, r, 1));
      guint bits = GPOINTER_TO_UINT (g_hash_table_lookup (kinds, record));

      bits |= rapportd_dedup_kind_bit (rapportd_db_result_get (result, r, 2));
      g_hash_table_replace (kinds, record, GUINT_TO_POINTER (bits));
    }
  return rapportd_dedup_score (kinds, excluded);
}

/**
 * rapportd_dedup_score:
 * @kinds: "entity:id" -> the kinds of key (bits) a record shares with one
 * @excluded: "entity:id" of the records that are no duplicates of it
 *
 * Returns: (transfer full) (element-type RapportdDuplicate): the records
 *   that match by a rule, scored, best first, unnamed
 */
GPtrArray *
rapportd_dedup_score (GHashTable *kinds,
                      GHashTable *excluded)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (rapportd_dedup_duplicate_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *colon = strrchr (key, ':');
      g_autofree char *entity = g_strndup (key, colon - (const char *) key);
      GType type = crm_entities_lookup_name (entity);
      RapportdDuplicate *duplicate;
      const char *rule;
      guint score = score_of (GPOINTER_TO_UINT (value), &rule);

      if (score == 0 || type == G_TYPE_INVALID || g_hash_table_contains (excluded, key))
        continue;
      duplicate = g_new0 (RapportdDuplicate, 1);
      duplicate->entity = CRM_ENTITY_CLASS (g_type_class_peek (type))->entity_name;
      duplicate->id = g_ascii_strtoll (colon + 1, NULL, 10);
      duplicate->score = score;
      duplicate->rule = rule;
      g_ptr_array_add (found, duplicate);
    }
  g_ptr_array_sort (found, compare_duplicates);
  return found;
}

/* the names of the candidates @from to @to (not included) that @actor may
 * read, "entity:id" -> name, a list statement for each entity and
 * RAPPORTD_LIST_MAX_LIMIT candidates */
GHashTable *
rapportd_dedup_readable_names (RapportdDb          *db,
                const RapportdActor *actor,
                GPtrArray           *candidates,
                guint                first,
                guint                end,
                GError             **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = first; i < end; i++)
    {
      const char *entity = ((RapportdDuplicate *) g_ptr_array_index (candidates, i))->entity;
      GType type = crm_entities_lookup_name (entity);
      int title = crm_entity_class_find_title (g_type_class_peek (type));

      if (!g_hash_table_add (done, (gpointer) entity))
        continue;
      for (guint from = i; from < end;)
        {
          g_autoptr(GPtrArray) rows = NULL;
          g_autofree char *cursor = NULL;
          RapportdListQuery query;
          guint n = 0;

          rapportd_list_query_init (&query);
          query.limit = RAPPORTD_LIST_MAX_LIMIT;
          for (; from < end && n < RAPPORTD_LIST_MAX_LIMIT; from++)
            {
              RapportdDuplicate *candidate = g_ptr_array_index (candidates, from);
              g_autofree char *id = NULL;

              if (!g_str_equal (candidate->entity, entity))
                continue;
              id = g_strdup_printf ("%" G_GINT64_FORMAT, candidate->id);
              rapportd_list_query_add_filter (&query, CRM_ENTITY_FIELD_ID, id);
              n++;
            }
          if (n > 0)
            rows = rapportd_repo_list (db, actor, type, &query, &cursor, error);
          rapportd_list_query_clear (&query);
          if (n > 0 && rows == NULL)
            return NULL;
          for (guint r = 0; rows != NULL && r < rows->len; r++)
            {
              CrmEntity *row = g_ptr_array_index (rows, r);

              g_hash_table_insert (names,
                                   g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity, crm_entity_get_id (row)),
                                   g_strdup (title >= 0 ? crm_entity_value (row, title)->s : NULL));
            }
        }
    }
  return g_steal_pointer (&names);
}

/**
 * rapportd_dedup_find:
 * @db: a connection
 * @actor: who asks: only records they may read are named
 * @record: a record, new (not yet stored) or stored
 * @error: return location for a #GError
 *
 * The records of any checked entity (accounts, contacts, leads) that share
 * a key with @record, best first, at most %RAPPORTD_DEDUP_MAX_MATCHES. A
 * record the actor may not read is left out as if it did not exist.
 *
 * Returns: (transfer full) (element-type RapportdDuplicate): the matches
 */
GPtrArray *
rapportd_dedup_find (RapportdDb          *db,
                     const RapportdActor *actor,
                     CrmEntity           *record,
                     GError             **error)
{
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) visible = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (CRM_IS_ENTITY (record), NULL);

  if (crm_entity_get_id (record) > 0)
    g_hash_table_add (excluded, g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                                                 crm_entity_get_entity_name (record), crm_entity_get_id (record)));
  if ((keys = rapportd_dedup_query_keys (db, record, excluded, error)) == NULL ||
      (candidates = score_candidates (db, keys, excluded, error)) == NULL)
    return NULL;

  /* the names of the best first: twice the matches wanted, then, where
   * the actor may not read enough of them, the next ones a list at a time */
  visible = g_ptr_array_new_with_free_func (rapportd_dedup_duplicate_free);
  for (guint from = 0, end; from < candidates->len && visible->len < RAPPORTD_DEDUP_MAX_MATCHES; from = end)
    {
      g_autoptr(GHashTable) names = NULL;

      end = MIN (candidates->len, from + (from == 0 ? 2 * RAPPORTD_DEDUP_MAX_MATCHES : RAPPORTD_LIST_MAX_LIMIT));
      if ((names = rapportd_dedup_readable_names (db, actor, candidates, from, end, error)) == NULL)
        return NULL;
      for (guint i = from; i < end && visible->len < RAPPORTD_DEDUP_MAX_MATCHES; i++)
        {
          RapportdDuplicate *duplicate = g_ptr_array_index (candidates, i);
          g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, duplicate->entity, duplicate->id);
          RapportdDuplicate *match;
          gpointer name;

          if (!g_hash_table_lookup_extended (names, key, NULL, &name))
            continue;
          match = g_new (RapportdDuplicate, 1);
          *match = *duplicate;
          match->name = g_strdup (name);
          g_ptr_array_add (visible, match);
        }
    }
  return g_steal_pointer (&visible);
}
