/* rapportd-audit.c: the audit trail's rows: their hash, and appends to the connection's chain */
#include "rapportd-audit.h"
#include "crm-error.h"

#include <stdlib.h>
#include <string.h>

static void
hash_field (GChecksum  *checksum,
            const char *value)
{
  g_autofree char *prefix = NULL;

  /* length-prefixed, so no two different rows hash the same text */
  if (value == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-;", 2);
      return;
    }
  prefix = g_strdup_printf ("%zu:", strlen (value));
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) value, -1);
  g_checksum_update (checksum, (const guchar *) ";", 1);
}

/**
 * rapportd_audit_row_hash:
 * @prev_hash: the hash of the row before in the chain
 * @chain: the row's chain
 * @prev_id: the id of the row before in the chain, 0 for the first
 * @id: the row's id
 *
 * Rows of chain 0, written before there were several chains, hash as they
 * always did; the others hash their chain and predecessor too, so a row
 * moved to another chain or relinked no longer matches its hash.
 *
 * Returns: (transfer full): SHA-256 (hex) over the previous row's hash and
 *   this row's content, each value length-prefixed
 */
char *
rapportd_audit_row_hash (const char *prev_hash,
                         guint       chain,
                         guint64     prev_id,
                         guint64     id,
                         const char *at,
                         const char *actor_id,
                         const char *entity,
                         const char *entity_id,
                         const char *action,
                         const char *reason,
                         const char *before_json,
                         const char *after_json)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id_text = g_strdup_printf ("%" G_GUINT64_FORMAT, id);

  hash_field (checksum, prev_hash);
  hash_field (checksum, id_text);
  if (chain > 0)
    {
      g_autofree char *chain_text = g_strdup_printf ("%u", chain);
      g_autofree char *prev_id_text = g_strdup_printf ("%" G_GUINT64_FORMAT, prev_id);

      /* a field never starts with a letter: no old row hashes the same text */
      g_checksum_update (checksum, (const guchar *) "chain", -1);
      hash_field (checksum, chain_text);
      hash_field (checksum, prev_id_text);
    }
  hash_field (checksum, at);
  hash_field (checksum, actor_id);
  hash_field (checksum, entity);
  hash_field (checksum, entity_id);
  hash_field (checksum, action);
  /* rows from before reasons were recorded hash as they always did; adding
   * or removing a reason later changes the hash all the same */
  if (reason != NULL)
    {
      g_checksum_update (checksum, (const guchar *) "reason", -1);
      hash_field (checksum, reason);
    }
  hash_field (checksum, before_json);
  hash_field (checksum, after_json);
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * rapportd_audit_chain_for:
 * @db: a connection
 *
 * Connections open at the same time have different ids on the server, so
 * concurrent writers mostly append to different chains; two that share
 * one take turns on its head's lock, and neither forks it.
 *
 * Returns: the chain this connection appends to, 1 to %RAPPORTD_AUDIT_CHAINS
 */
guint
rapportd_audit_chain_for (RapportdDb *db)
{
  g_return_val_if_fail (db != NULL, 1);

  return 1 + (guint) (rapportd_db_connection_id (db) % RAPPORTD_AUDIT_CHAINS);
}

/* the row, appended under the lock of its chain's head, held until the commit */
static gboolean
append_in_transaction (RapportdDb  *db,
                       gint64       actor_id,
                       const char  *entity,
                       gint64       entity_id,
                       const char  *action,
                       const char  *reason,
                       const char  *before_json,
                       const char  *after_json,
                       GError     **error)
{
  g_autoptr(RapportdSql) head_sql = rapportd_sql_new ("SELECT last_id, hash, NEXTVAL(audit_ids) FROM audit_chains "
                                                      "WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) head = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdSql) update = NULL;
  g_autofree char *at = NULL;
  g_autofree char *actor_text = NULL;
  g_autofree char *entity_id_text = NULL;
  g_autofree char *hash = NULL;
  guint chain;
  guint64 id, prev_id;

  chain = rapportd_audit_chain_for (db);
  rapportd_sql_add_int (head_sql, chain);
  if ((head = rapportd_db_query (db, head_sql, error)) == NULL)
    return FALSE;
  if (head->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the head of audit chain %u is missing", chain);
      return FALSE;
    }

  prev_id = g_ascii_strtoull (rapportd_db_result_get (head, 0, 0), NULL, 10);
  id = g_ascii_strtoull (rapportd_db_result_get (head, 0, 2), NULL, 10);
  at = rapportd_sql_format_time (g_get_real_time ());
  actor_text = actor_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, actor_id) : NULL;
  entity_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, entity_id);
  hash = rapportd_audit_row_hash (rapportd_db_result_get (head, 0, 1), chain, prev_id, id, at, actor_text,
                                  entity, entity_id_text, action, reason, before_json, after_json);

  insert = rapportd_sql_new ("INSERT INTO audit_log (id, chain, prev_id, at, actor_id, entity, entity_id, action, "
                             "reason, before_json, after_json, prev_hash, hash) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_int (insert, id);
  rapportd_sql_add_int (insert, chain);
  rapportd_sql_add_int (insert, prev_id);
  rapportd_sql_add_text (insert, at);
  if (actor_id > 0)
    rapportd_sql_add_int (insert, actor_id);
  else
    rapportd_sql_add_null (insert);
  rapportd_sql_add_text (insert, entity);
  rapportd_sql_add_int (insert, entity_id);
  rapportd_sql_add_text (insert, action);
  rapportd_sql_add_text (insert, reason);
  rapportd_sql_add_text (insert, before_json);
  rapportd_sql_add_text (insert, after_json);
  rapportd_sql_add_text (insert, rapportd_db_result_get (head, 0, 1));
  rapportd_sql_add_text (insert, hash);
  if (!rapportd_db_execute (db, insert, NULL, NULL, error))
    return FALSE;

  update = rapportd_sql_new ("UPDATE audit_chains SET last_id = ?, hash = ? WHERE id = ?");
  rapportd_sql_add_int (update, id);
  rapportd_sql_add_text (update, hash);
  rapportd_sql_add_int (update, chain);
  return rapportd_db_execute (db, update, NULL, NULL, error);
}

/**
 * rapportd_audit_append:
 * @db: a connection inside the transaction that makes the change
 * @actor_id: who, or 0 for the system
 * @entity: entity name
 * @entity_id: record id
 * @action: "create", "update", "archive", …
 * @reason: (nullable): why, as the actor gave it
 * @before_json: (nullable): the record before
 * @after_json: (nullable): the record after
 * @error: return location for a #GError
 *
 * Appends one row to the connection's chain. That chain's head is locked
 * for the rest of the transaction, so appends to one chain queue and never
 * fork it, while appends to other chains go on. The row's id is drawn
 * under that lock, after any lock the transaction holds on the record, so
 * ids order the rows of each chain and of each record. Outside a
 * transaction, the append is one of its own.
 */
gboolean
rapportd_audit_append (RapportdDb  *db,
                       gint64       actor_id,
                       const char  *entity,
                       gint64       entity_id,
                       const char  *action,
                       const char  *reason,
                       const char  *before_json,
                       const char  *after_json,
                       GError     **error)
{
  gboolean own;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (entity != NULL && action != NULL, FALSE);

  /* in autocommit the head's lock would end with the statement that takes
   * it, and two appends could both follow the same row */
  own = !rapportd_db_in_transaction (db);
  if (own && !rapportd_db_begin (db, error))
    return FALSE;
  if (!append_in_transaction (db, actor_id, entity, entity_id, action, reason, before_json, after_json, error))
    {
      if (own)
        rapportd_db_rollback (db);
      return FALSE;
    }
  return !own || rapportd_db_commit (db, error);
}

/**
 * rapportd_audit_report_problem:
 * @report: a report
 * @bad_id: the bad row
 * @format: what is wrong with it
 *
 * Keeps the problem with the lowest row id of those reported.
 *
 * Returns: %TRUE: the check ran, and found this
 */
gboolean
rapportd_audit_report_problem (RapportdAuditReport *report,
                               guint64              bad_id,
                               const char          *format,
                               ...)
{
  va_list args;

  g_return_val_if_fail (report != NULL, FALSE);

  if (report->problem != NULL && report->bad_id <= bad_id)
    return TRUE;
  g_free (report->problem);
  report->bad_id = bad_id;
  va_start (args, format);
  report->problem = g_strdup_vprintf (format, args);
  va_end (args);
  return TRUE;
}

void
rapportd_audit_report_clear (RapportdAuditReport *report)
{
  g_clear_pointer (&report->problem, g_free);
}
