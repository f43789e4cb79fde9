/* rapportd-audit-many.c: many rows appended to the connection's audit chain at once, for bulk writes */
#include "rapportd-audit.h"
#include "rapportd-sql-rows.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* whether @ids (ascending) follow the chain's head and none is taken: on a
 * Galera node the sequence may lag the ids the cluster used (as the
 * audit_append procedure checks, migration 049); if not, the sequence is
 * moved past them all */
static gboolean
ids_free (RapportdDb     *db,
          const guint64  *ids,
          guint           n,
          guint64         prev_id,
          gboolean       *is_free,
          GError        **error)
{
  g_autoptr(RapportdSql) taken = rapportd_sql_new ("SELECT COUNT(*), (SELECT COALESCE(MAX(id), 0) FROM audit_log) "
                                                   "FROM audit_log WHERE id BETWEEN ? AND ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(RapportdSql) skip = NULL;
  guint64 skip_to;

  rapportd_sql_add_int (taken, (gint64) ids[0]);
  rapportd_sql_add_int (taken, (gint64) ids[n - 1]);
  if ((result = rapportd_db_query (db, taken, error)) == NULL)
    return FALSE;
  *is_free = ids[0] > prev_id && g_str_equal (rapportd_db_result_get (result, 0, 0), "0");
  if (*is_free)
    return TRUE;
  skip_to = MAX (MAX (ids[n - 1], prev_id), g_ascii_strtoull (rapportd_db_result_get (result, 0, 1), NULL, 10));
  /* SETVAL takes a constant only */
  skip = rapportd_sql_new (NULL);
  rapportd_sql_appendf (skip, "DO SETVAL(audit_ids, %" G_GUINT64_FORMAT ")", skip_to);
  return rapportd_db_execute_uncached (db, skip, NULL, NULL, error);
}

/* @n ids of the audit_ids sequence, ascending, above @prev_id and untaken,
 * drawn under the chain's lock */
static guint64 *
draw_ids (RapportdDb  *db,
          guint        n,
          guint64      prev_id,
          GError     **error)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
      g_autoptr(RapportdDbResult) result = NULL;
      g_autofree guint64 *ids = NULL;
      gboolean is_free = FALSE;

      /* the Sequence engine's seq_1_to_N: one draw a row */
      rapportd_sql_appendf (sql, "SELECT NEXTVAL(audit_ids) FROM seq_1_to_%u", n);
      if ((result = rapportd_db_query_uncached (db, sql, error)) == NULL)
        return NULL;
      if (result->n_rows != n)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the audit trail drew %u ids of %u", result->n_rows, n);
          return NULL;
        }
      ids = g_new (guint64, n);
      for (guint i = 0; i < n; i++)
        ids[i] = g_ascii_strtoull (rapportd_db_result_get (result, i, 0), NULL, 10);
      qsort (ids, n, sizeof *ids, compare_ids);
      if (!ids_free (db, ids, n, prev_id, &is_free, error))
        return NULL;
      if (is_free)
        return g_steal_pointer (&ids);
    }
  g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the audit trail drew no free ids");
  return NULL;
}

/**
 * rapportd_audit_append_many:
 * @db: a connection inside the transaction that makes the changes
 * @actor_id: who, or 0 for the system
 * @entity: entity name
 * @entity_ids: the records' ids
 * @action: "create", "update", …
 * @reason: (nullable): why, as the actor gave it, the same for all
 * @before_jsons: (nullable) (array length=n): the records before, or %NULL
 *   for none
 * @after_jsons: (array length=n): the records after
 * @n: how many rows
 * @error: return location for a #GError
 *
 * Appends @n rows to the connection's chain, in order, as @n calls of
 * rapportd_audit_append() would, in four statements: the chain's head is
 * locked for the rest of the transaction, the ids drawn under that lock,
 * each row hashed here by rapportd_audit_row_hash() (as `audit verify`
 * checks it, and as the audit_append procedure hashes), the rows
 * inserted, and the head moved on to the last. Inside a transaction only.
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_audit_append_many (RapportdDb          *db,
                            gint64               actor_id,
                            const char          *entity,
                            const gint64        *entity_ids,
                            const char          *action,
                            const char          *reason,
                            const char * const  *before_jsons,
                            const char * const  *after_jsons,
                            guint                n,
                            GError             **error)
{
  guint chain = rapportd_audit_chain_for (db);
  g_autoptr(RapportdSql) head = rapportd_sql_new ("SELECT last_id, hash FROM audit_chains WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdSql) move = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(RapportdSqlRows) rows = NULL;
  g_autofree guint64 *ids = NULL;
  g_autofree char *at = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *actor = actor_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, actor_id) : NULL;
  g_autofree char *hash = NULL;
  guint64 prev_id;

  g_return_val_if_fail (db != NULL && entity != NULL && action != NULL, FALSE);
  g_return_val_if_fail (rapportd_db_in_transaction (db), FALSE);

  if (n == 0)
    return TRUE;
  rapportd_sql_add_int (head, chain);
  if ((result = rapportd_db_query (db, head, error)) == NULL)
    return FALSE;
  if (result->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the head of the audit chain is missing");
      return FALSE;
    }
  prev_id = g_ascii_strtoull (rapportd_db_result_get (result, 0, 0), NULL, 10);
  hash = g_strdup (rapportd_db_result_get (result, 0, 1));
  if ((ids = draw_ids (db, n, prev_id, error)) == NULL)
    return FALSE;

  rows = rapportd_sql_rows_new (db, "INSERT INTO audit_log (id, chain, prev_id, at, actor_id, entity, entity_id, action, "
                                    "reason, before_json, after_json, prev_hash, hash) VALUES ",
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (guint i = 0; i < n; i++)
    {
      const char *before = before_jsons ? before_jsons[i] : NULL;
      g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, entity_ids[i]);
      char *next = rapportd_audit_row_hash (hash, chain, prev_id, ids[i], at, actor, entity, entity_id, action,
                                            reason, before, after_jsons[i]);
      RapportdSql *sql = rapportd_sql_rows_add (rows, error);

      if (sql == NULL)
        {
          g_free (next);
          return FALSE;
        }
      rapportd_sql_add_int (sql, (gint64) ids[i]);
      rapportd_sql_add_int (sql, chain);
      rapportd_sql_add_int (sql, (gint64) prev_id);
      rapportd_sql_add_text (sql, at);
      if (actor != NULL)
        rapportd_sql_add_int (sql, actor_id);
      else
        rapportd_sql_add_null (sql);
      rapportd_sql_add_text (sql, entity);
      rapportd_sql_add_int (sql, entity_ids[i]);
      rapportd_sql_add_text (sql, action);
      rapportd_sql_add_text (sql, reason);
      rapportd_sql_add_text (sql, before);
      rapportd_sql_add_text (sql, after_jsons[i]);
      rapportd_sql_add_text (sql, hash);
      rapportd_sql_add_text (sql, next);
      g_free (hash);
      hash = next;
      prev_id = ids[i];
    }
  if (!rapportd_sql_rows_finish (rows, error))
    return FALSE;
  move = rapportd_sql_new ("UPDATE audit_chains SET last_id = ?, hash = ? WHERE id = ?");
  rapportd_sql_add_int (move, (gint64) prev_id);
  rapportd_sql_add_text (move, hash);
  rapportd_sql_add_int (move, chain);
  return rapportd_db_execute (db, move, NULL, NULL, error);
}
