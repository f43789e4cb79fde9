/* rapportd-search-index.c: the search index's upkeep: every write, the backfill of older rows, a rebuild */
#include "rapportd-backfill.h"
#include "rapportd-search-index.h"
#include "rapportd-sql-rows.h"
#include "rapportd-repo-memo.h"
#include "rapportd-repo-private.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-search-text.h"

#include <string.h>

/* records indexed a transaction by the backfill and a rebuild: their
 * postings sorted together make long runs of one gram, which InnoDB
 * appends a page at a time: MariaDB spends 40 % less on a rebuild than
 * with 500, and no less with 5,000 */
#define BACKFILL_BATCH 2000

/**
 * rapportd_search_class_is_indexed:
 * @klass: an entity class
 *
 * Returns: whether any of its fields is %CRM_FIELD_SEARCHABLE
 */
gboolean
rapportd_search_class_is_indexed (CrmEntityClass *klass)
{
  g_return_val_if_fail (klass != NULL, FALSE);

  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_SEARCHABLE)
      return TRUE;
  return FALSE;
}

static GMutex entity_ids_lock;
static GHashTable *entity_ids;

static gint
lookup_entity_id (RapportdDb  *db,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM search_entities WHERE name = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, name);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return -1;
  return result->n_rows ? (gint) g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) : 0;
}

/**
 * rapportd_search_entity_id:
 * @db: a connection
 * @klass: an entity class with searchable fields
 * @error: return location for a #GError
 *
 * The entity's number in the index. Entities are registered by the
 * backfill that runs after the migrations; one registered here, inside a
 * transaction that may yet roll back, is not remembered.
 *
 * Returns: the number, or -1 on error
 */
gint
rapportd_search_entity_id (RapportdDb     *db,
                           CrmEntityClass *klass,
                           GError        **error)
{
  gpointer cached;
  gint id;

  g_return_val_if_fail (db != NULL, -1);
  g_return_val_if_fail (klass != NULL, -1);

  g_mutex_lock (&entity_ids_lock);
  cached = entity_ids ? g_hash_table_lookup (entity_ids, klass->entity_name) : NULL;
  g_mutex_unlock (&entity_ids_lock);
  if (cached != NULL)
    return GPOINTER_TO_INT (cached);

  id = lookup_entity_id (db, klass->entity_name, error);
  if (id > 0)
    {
      g_mutex_lock (&entity_ids_lock);
      if (entity_ids == NULL)
        entity_ids = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (entity_ids, (gpointer) klass->entity_name, GINT_TO_POINTER (id));
      g_mutex_unlock (&entity_ids_lock);
      return id;
    }
  if (id < 0)
    return -1;
  {
    g_autoptr(RapportdSql) insert = rapportd_sql_new ("INSERT IGNORE INTO search_entities (name) VALUES (?)");

    rapportd_sql_add_text (insert, klass->entity_name);
    if (!rapportd_db_execute (db, insert, NULL, NULL, error))
      return -1;
  }
  id = lookup_entity_id (db, klass->entity_name, error);
  if (id == 0)
    g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "no search index number for %s", klass->entity_name);
  return id > 0 ? id : -1;
}

/* the name of the record a reference points at; @renamed, when not NULL,
 * is the record whose name is to be read as @name instead */
static gboolean
referenced_title (RapportdDb          *db,
                  const CrmFieldSpec  *spec,
                  gint64               id,
                  CrmEntity           *renamed,
                  const char          *name,
                  char               **title,
                  GError             **error)
{
  GType type = crm_entities_lookup_name (spec->reference);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  int field = klass ? crm_entity_class_find_title (klass) : -1;
  g_autofree char *key = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  *title = NULL;
  if (field < 0)
    return TRUE;
  if (renamed != NULL && CRM_ENTITY_GET_CLASS (renamed) == klass && crm_entity_get_id (renamed) == id)
    {
      *title = g_strdup (name);
      return TRUE;
    }
  /* a bulk write reads each name once (rapportd-repo-memo.h) */
  key = g_strdup_printf ("name\037%s:%" G_GINT64_FORMAT, klass->entity_name, id);
  if (rapportd_repo_memo_lookup (key, title))
    return TRUE;
  sql = rapportd_sql_new (NULL);
  rapportd_sql_appendf (sql, "SELECT `%s` FROM `%s` WHERE `id` = ?",
                        crm_field_spec_get_column (&klass->fields[field]), klass->collection);
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *title = result->n_rows ? g_strdup (rapportd_db_result_get (result, 0, 0)) : NULL;
  if (result->n_rows)
    rapportd_repo_memo_store (key, *title);
  return TRUE;
}

/* @pinyin NULL: the text's grams only (CRM_FIELD_SEARCH_WORDS_ONLY) */
static void
add_terms (const char *text,
           GHashTable *grams,
           GString    *pinyin)
{
  g_autofree char *normalized = crm_search_text_normalize (text);
  g_autofree char *keys = NULL;

  crm_search_text_add_grams (normalized, grams);
  if (pinyin == NULL)
    return;
  keys = crm_search_text_pinyin (normalized);
  if (keys[0] == '\0')
    return;
  crm_search_text_add_grams (keys, grams);
  if (pinyin->len > 0)
    g_string_append_c (pinyin, ' ');
  g_string_append (pinyin, keys);
}

/* The grams and pinyin keys of a record's searchable values. A searchable
 * reference contributes the name of the record it points at (a contact is
 * found by its company's name); @renamed and @name as for
 * referenced_title(). */
static gboolean
record_terms (RapportdDb  *db,
              CrmEntity   *record,
              CrmEntity   *renamed,
              const char  *name,
              GHashTable  *grams,
              GString     *pinyin,
              GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmValue *value = crm_entity_value (record, i);
      g_autofree char *title = NULL;

      if (!(klass->fields[i].flags & CRM_FIELD_SEARCHABLE) || !value->set || value->is_null)
        continue;
      if (klass->fields[i].type != CRM_FIELD_REFERENCE)
        {
          if (value->s != NULL)
            add_terms (value->s, grams, (klass->fields[i].flags & CRM_FIELD_SEARCH_WORDS_ONLY) ? NULL : pinyin);
          continue;
        }
      if (!referenced_title (db, &klass->fields[i], value->i, renamed, name, &title, error))
        return FALSE;
      if (title != NULL)
        add_terms (title, grams, pinyin);
    }
  return TRUE;
}

/* grams in @set and not in @other */
static GArray *
set_minus (GHashTable *set,
           GHashTable *other)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (other, key))
      {
        guint32 gram = GPOINTER_TO_UINT (key);
        g_array_append_val (out, gram);
      }
  return out;
}

/* Statements of a few fixed sizes, so that the statement cache holds few
 * of them: the smallest that holds what is left, filled up by repeating
 * its last gram (a gram named twice is one gram to IN and to INSERT
 * IGNORE), so that a record's grams take one statement, not one a size.
 * Past 16 the sizes step by at most half again, so that a company's name
 * and address (about 160 grams) are padded by a few dozen repeats, not a
 * hundred. */
static guint
batch_size (guint left)
{
  static const guint sizes[] = { 1, 4, 16, 32, 64, 96, 128, 192, 256 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (left <= sizes[i])
      return sizes[i];
  return sizes[G_N_ELEMENTS (sizes) - 1];
}

static gboolean
delete_grams (RapportdDb  *db,
              gint         entity,
              gint64       id,
              GArray      *grams,
              GError     **error)
{
  for (guint done = 0; done < grams->len;)
    {
      guint n = batch_size (grams->len - done);
      guint real = MIN (n, grams->len - done);
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM search_grams WHERE entity = ? AND record_id = ? AND gram IN (");

      rapportd_sql_add_int (sql, entity);
      rapportd_sql_add_int (sql, id);
      for (guint i = 0; i < n; i++)
        {
          rapportd_sql_append (sql, i ? ", ?" : "?");
          rapportd_sql_add_int (sql, g_array_index (grams, guint32, done + MIN (i, real - 1)));
        }
      rapportd_sql_append (sql, ")");
      if (!rapportd_db_execute (db, sql, NULL, NULL, error))
        return FALSE;
      done += real;
    }
  return TRUE;
}

static gboolean
insert_grams (RapportdDb  *db,
              gint         entity,
              gint64       id,
              GArray      *grams,
              GError     **error)
{
  for (guint done = 0; done < grams->len;)
    {
      guint n = batch_size (grams->len - done);
      guint real = MIN (n, grams->len - done);
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT IGNORE INTO search_grams (entity, gram, record_id) VALUES ");

      for (guint i = 0; i < n; i++)
        {
          rapportd_sql_append (sql, i ? ", (?, ?, ?)" : "(?, ?, ?)");
          rapportd_sql_add_int (sql, entity);
          rapportd_sql_add_int (sql, g_array_index (grams, guint32, done + MIN (i, real - 1)));
          rapportd_sql_add_int (sql, id);
        }
      if (!rapportd_db_execute (db, sql, NULL, NULL, error))
        return FALSE;
      done += real;
    }
  return TRUE;
}

static gboolean
store_pinyin (RapportdDb  *db,
              gint         entity,
              gint64       id,
              const char  *pinyin,
              gboolean     had_pinyin,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = NULL;

  if (pinyin[0] == '\0' && !had_pinyin)
    return TRUE;
  if (pinyin[0] == '\0')
    sql = rapportd_sql_new ("DELETE FROM search_pinyin WHERE entity = ? AND record_id = ?");
  else
    sql = rapportd_sql_new ("INSERT INTO search_pinyin (entity, record_id, pinyin) VALUES (?, ?, ?) "
                            "ON DUPLICATE KEY UPDATE pinyin = VALUES(pinyin)");
  rapportd_sql_add_int (sql, entity);
  rapportd_sql_add_int (sql, id);
  if (pinyin[0] != '\0')
    rapportd_sql_add_text (sql, pinyin);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

static gboolean replace_terms     (RapportdDb  *db,
                                   CrmEntity   *before,
                                   CrmEntity   *after,
                                   CrmEntity   *renamed,
                                   const char  *old_name,
                                   GError     **error);
static gboolean reindex_referrers (RapportdDb  *db,
                                   CrmEntity   *before,
                                   CrmEntity   *after,
                                   GError     **error);

/**
 * rapportd_search_index_replace:
 * @db: a connection inside the transaction that wrote the record
 * @before: (nullable): the record as it was, %NULL for a new one
 * @after: the record as stored now
 * @error: return location for a #GError
 *
 * Brings the record's postings from its old searchable values to its new
 * ones, in the write's own transaction. Every path that changes a
 * searchable column calls this once: create, update, erasure.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_search_index_replace (RapportdDb  *db,
                               CrmEntity   *before,
                               CrmEntity   *after,
                               GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  return replace_terms (db, before, after, NULL, NULL, error) &&
         reindex_referrers (db, before, after, error);
}

typedef struct
{
  guint32 gram;
  gint64  record_id;
} Posting;

static gint
compare_postings (gconstpointer a,
                  gconstpointer b)
{
  const Posting *x = a;
  const Posting *y = b;

  if (x->gram != y->gram)
    return x->gram < y->gram ? -1 : 1;
  return x->record_id < y->record_id ? -1 : x->record_id > y->record_id;
}

/**
 * rapportd_search_index_add_many:
 * @db: a connection inside the transaction that created the records
 * @records: (element-type CrmEntity): new records of one kind, as stored
 * @error: return location for a #GError
 *
 * As rapportd_search_index_replace() with no record before, for each of
 * @records, their postings and pinyin keys written in as few statements
 * as the parameters allow. Also what the backfill and a rebuild write for
 * each batch of records.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_search_index_add_many (RapportdDb  *db,
                                GPtrArray   *records,
                                GError     **error)
{
  g_autoptr(RapportdSqlRows) postings = NULL;
  g_autoptr(RapportdSqlRows) keys = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Posting));
  gint entity;

  if (records->len == 0 || !rapportd_search_class_is_indexed (CRM_ENTITY_GET_CLASS (records->pdata[0])))
    return TRUE;
  if ((entity = rapportd_search_entity_id (db, CRM_ENTITY_GET_CLASS (records->pdata[0]), error)) < 0)
    return FALSE;
  /* a backfill after the rules changed finds keys of the old rules */
  keys = rapportd_sql_rows_new (db, "REPLACE INTO search_pinyin (entity, record_id, pinyin) VALUES ", "(?, ?, ?)");
  for (guint r = 0; r < records->len; r++)
    {
      CrmEntity *record = records->pdata[r];
      g_autoptr(GHashTable) grams = g_hash_table_new (NULL, NULL);
      g_autoptr(GString) pinyin = g_string_new (NULL);
      GHashTableIter iter;
      gpointer gram;
      RapportdSql *sql;

      if (!record_terms (db, record, NULL, NULL, grams, pinyin, error))
        return FALSE;
      g_hash_table_iter_init (&iter, grams);
      while (g_hash_table_iter_next (&iter, &gram, NULL))
        {
          Posting posting = { GPOINTER_TO_UINT (gram), crm_entity_get_id (record) };

          g_array_append_val (pairs, posting);
        }
      if (pinyin->len == 0)
        continue;
      if ((sql = rapportd_sql_rows_add (keys, error)) == NULL)
        return FALSE;
      rapportd_sql_add_int (sql, entity);
      rapportd_sql_add_int (sql, crm_entity_get_id (record));
      rapportd_sql_add_text (sql, pinyin->str);
    }
  /* in the order of the index: each posting lands next to the one before,
   * not on a page of its own (three times fewer pages touched) */
  g_array_sort (pairs, compare_postings);
  postings = rapportd_sql_rows_new (db, "INSERT IGNORE INTO search_grams (entity, gram, record_id) VALUES ", "(?, ?, ?)");
  for (guint i = 0; i < pairs->len; i++)
    {
      Posting *posting = &g_array_index (pairs, Posting, i);
      RapportdSql *sql = rapportd_sql_rows_add (postings, error);

      if (sql == NULL)
        return FALSE;
      rapportd_sql_add_int (sql, entity);
      rapportd_sql_add_int (sql, posting->gram);
      rapportd_sql_add_int (sql, posting->record_id);
    }
  return rapportd_sql_rows_finish (postings, error) && rapportd_sql_rows_finish (keys, error);
}

/* a record's postings from its terms as they were (@before, or @after with
 * @renamed under its old name) to its terms now */
static gboolean
replace_terms (RapportdDb  *db,
               CrmEntity   *before,
               CrmEntity   *after,
               CrmEntity   *renamed,
               const char  *old_name,
               GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);
  g_autoptr(GHashTable) old_grams = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) new_grams = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) old_pinyin = g_string_new (NULL);
  g_autoptr(GString) new_pinyin = g_string_new (NULL);
  g_autoptr(GArray) removed = NULL;
  g_autoptr(GArray) added = NULL;
  const char *new_name = NULL;
  gint entity;
  gint64 id;

  if (!rapportd_search_class_is_indexed (klass))
    return TRUE;
  id = crm_entity_get_id (after);
  /* the renamed record's new name is at hand: no query for it per referrer */
  if (renamed != NULL)
    {
      before = after;
      new_name = crm_entity_value (renamed, crm_entity_class_find_title (CRM_ENTITY_GET_CLASS (renamed)))->s;
    }
  if ((before != NULL && !record_terms (db, before, renamed, old_name, old_grams, old_pinyin, error)) ||
      !record_terms (db, after, renamed, new_name, new_grams, new_pinyin, error))
    return FALSE;
  removed = set_minus (old_grams, new_grams);
  added = set_minus (new_grams, old_grams);
  if (before != NULL && removed->len == 0 && added->len == 0 && g_str_equal (old_pinyin->str, new_pinyin->str))
    return TRUE;

  if ((entity = rapportd_search_entity_id (db, klass, error)) < 0)
    return FALSE;
  return delete_grams (db, entity, id, removed, error) &&
         insert_grams (db, entity, id, added, error) &&
         store_pinyin (db, entity, id, new_pinyin->str, old_pinyin->len > 0, error);
}

/* A record whose name changed: the records whose postings carry that name
 * through a searchable reference (the contacts of a renamed account) are
 * indexed again, in the same transaction. */
static gboolean
reindex_referrers (RapportdDb  *db,
                   CrmEntity   *before,
                   CrmEntity   *after,
                   GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);
  int title = crm_entity_class_find_title (klass);
  guint n_types = 0;
  const GType *types = crm_entities_list (&n_types);
  const char *old_name;

  if (before == NULL || title < 0 ||
      g_strcmp0 (crm_entity_value (before, title)->s, crm_entity_value (after, title)->s) == 0)
    return TRUE;
  old_name = crm_entity_value (before, title)->s;
  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *referrer = g_type_class_peek (types[t]);

      for (guint f = 0; referrer && f < referrer->n_fields; f++)
        {
          const CrmFieldSpec *spec = &referrer->fields[f];
          g_autoptr(RapportdSql) sql = NULL;
          g_autoptr(RapportdDbResult) result = NULL;

          if (!(spec->flags & CRM_FIELD_SEARCHABLE) || spec->type != CRM_FIELD_REFERENCE ||
              g_strcmp0 (spec->reference, klass->entity_name) != 0)
            continue;
          sql = rapportd_sql_new (NULL);
          rapportd_repo_append_select (sql, referrer);
          rapportd_sql_appendf (sql, " WHERE `%s` = ?", crm_field_spec_get_column (spec));
          rapportd_sql_add_int (sql, crm_entity_get_id (after));
          if ((result = rapportd_db_query (db, sql, error)) == NULL)
            return FALSE;
          for (guint r = 0; r < result->n_rows; r++)
            {
              g_autoptr(CrmEntity) record = rapportd_repo_entity_from_row (types[t], result, r, error);

              if (record == NULL || !replace_terms (db, NULL, record, after, old_name, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

/* what the postings of an entity were made from: the text rules and its searchable columns */
static char *
class_signature (CrmEntityClass *klass)
{
  GString *signature = g_string_new (NULL);

  g_string_printf (signature, "v%d", CRM_SEARCH_TEXT_VERSION);
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_SEARCHABLE)
      g_string_append_printf (signature, ",%s", crm_field_spec_get_column (&klass->fields[i]));
  return g_string_free (signature, FALSE);
}

/* where the backfill of an entity stands: the last id indexed, or -1 when done */
static gint64
backfill_start (RapportdDb      *db,
                CrmEntityClass  *klass,
                GError         **error)
{
  g_autofree char *signature = class_signature (klass);
  gboolean restarted;

  /* the entity's number in the index, made on first use */
  if (rapportd_search_entity_id (db, klass, error) < 0)
    return -2;
  /* changed rules start again from the first row; its postings are replaced row by row */
  return rapportd_backfill_position (db, "search_backfill", klass, signature, &restarted, error);
}

/* the records of a backfill's batch, written before the index (or before
 * its rules changed): their postings added, their pinyin keys replaced, in
 * a few statements for the whole batch */
static gboolean
backfill_rows (RapportdDb  *db,
               GPtrArray   *records,
               GError     **error)
{
  return rapportd_search_index_add_many (db, records, error);
}

/**
 * rapportd_search_index_backfill:
 * @db: a connection outside any transaction
 * @n_indexed: (out) (optional): how many rows were indexed
 * @error: return location for a #GError
 *
 * Indexes the rows that existed before the index, or before a field became
 * searchable, a batch a transaction, remembering how far it went: stopped
 * halfway, it goes on from there next time. Runs after the migrations.
 *
 * Returns: %TRUE when every entity is indexed
 */
gboolean
rapportd_search_index_backfill (RapportdDb  *db,
                                guint64     *n_indexed,
                                GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return rapportd_backfill_run_many (db, "search_backfill", rapportd_search_class_is_indexed, backfill_start,
                                     backfill_rows, BACKFILL_BATCH, n_indexed, error);
}

/**
 * rapportd_search_index_rebuild:
 * @db: a connection outside any transaction
 * @n_indexed: (out) (optional): how many rows were indexed
 * @error: return location for a #GError
 *
 * Empties the index and indexes every row again.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_search_index_rebuild (RapportdDb  *db,
                               guint64     *n_indexed,
                               GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return rapportd_db_exec (db, "TRUNCATE TABLE search_grams", error) &&
         rapportd_db_exec (db, "TRUNCATE TABLE search_pinyin", error) &&
         rapportd_db_exec (db, "DELETE FROM search_backfill", error) &&
         rapportd_search_index_backfill (db, n_indexed, error);
}
