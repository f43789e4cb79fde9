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
 * moved to another chain or relinked no longer matches its hash. The
 * audit_append procedure (migration 013) hashes the rows it appends the
 * same way: change both together, test-audit-chains holds them to it.
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

/* the row, appended by the audit_append procedure (see migration 013) in
 * one round trip: the chain's head stays locked until the commit */
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
  g_autoptr(RapportdSql) call = rapportd_sql_new ("CALL audit_append (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *at = rapportd_sql_format_time (g_get_real_time ());

  rapportd_sql_add_int (call, rapportd_audit_chain_for (db));
  rapportd_sql_add_text (call, at);
  if (actor_id > 0)
    rapportd_sql_add_int (call, actor_id);
  else
    rapportd_sql_add_null (call);
  rapportd_sql_add_text (call, entity);
  rapportd_sql_add_int (call, entity_id);
  rapportd_sql_add_text (call, action);
  rapportd_sql_add_text (call, reason);
  rapportd_sql_add_text (call, before_json);
  rapportd_sql_add_text (call, after_json);
  return rapportd_db_execute (db, call, NULL, NULL, error);
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
