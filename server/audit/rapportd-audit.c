/* rapportd-audit.c: the append-only, hash-chained audit trail: append and verify */
#include "rapportd-audit.h"
#include "crm-error.h"

#include <stdlib.h>
#include <string.h>

#define VERIFY_BATCH 2000
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

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
 *
 * Returns: (transfer full): SHA-256 (hex) over the previous row's hash and
 *   this row's content, each value length-prefixed
 */
char *
rapportd_audit_row_hash (const char *prev_hash,
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
 * Appends one row to the chain. The chain head is locked for the rest of
 * the transaction, so concurrent appends queue and never fork the chain.
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
  g_autoptr(RapportdSql) head_sql = rapportd_sql_new ("SELECT last_id, hash FROM audit_head WHERE id = 1 FOR UPDATE");
  g_autoptr(RapportdDbResult) head = rapportd_db_query (db, head_sql, error);
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdSql) update = NULL;
  g_autofree char *at = NULL;
  g_autofree char *actor_text = NULL;
  g_autofree char *entity_id_text = NULL;
  g_autofree char *hash = NULL;
  guint64 id;

  if (head == NULL)
    return FALSE;
  if (head->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the audit chain head is missing");
      return FALSE;
    }

  id = g_ascii_strtoull (rapportd_db_result_get (head, 0, 0), NULL, 10) + 1;
  at = rapportd_sql_format_time (g_get_real_time ());
  actor_text = actor_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, actor_id) : NULL;
  entity_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, entity_id);
  hash = rapportd_audit_row_hash (rapportd_db_result_get (head, 0, 1), id, at, actor_text,
                                  entity, entity_id_text, action, reason, before_json, after_json);

  insert = rapportd_sql_new ("INSERT INTO audit_log (id, at, actor_id, entity, entity_id, action, reason, "
                             "before_json, after_json, prev_hash, hash) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_int (insert, id);
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

  update = rapportd_sql_new ("UPDATE audit_head SET last_id = ?, hash = ? WHERE id = 1");
  rapportd_sql_add_int (update, id);
  rapportd_sql_add_text (update, hash);
  return rapportd_db_execute (db, update, NULL, NULL, error);
}

/**
 * rapportd_audit_report_problem:
 * @report: a report
 * @bad_id: the first bad row
 * @format: what is wrong with it
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

  report->bad_id = bad_id;
  va_start (args, format);
  report->problem = g_strdup_vprintf (format, args);
  va_end (args);
  return TRUE;
}

/* the stored text of a DATETIME(6), normalised to the form it was hashed in */
static char *
normalise_time (const char *text)
{
  gint64 usec;

  if (!rapportd_sql_parse_time (text, &usec))
    return g_strdup (text);
  return rapportd_sql_format_time (usec);
}

/**
 * rapportd_audit_verify:
 * @db: a connection
 * @report: (out caller-allocates): rows checked and the first bad row, if any
 * @error: return location for a #GError when the check could not run
 *
 * Walks the chain in id order: ids must run 1, 2, 3… without a gap, each
 * row must name its predecessor's hash and hash to its own, and the head
 * must point at the last row. A changed, deleted, inserted, reordered or
 * truncated row breaks one of these.
 *
 * Returns: %TRUE when the check ran (see @report for its verdict)
 */
gboolean
rapportd_audit_verify (RapportdDb          *db,
                       RapportdAuditReport *report,
                       GError             **error)
{
  g_autofree char *prev_hash = g_strdup (ZERO_HASH);
  g_autoptr(RapportdSql) head_sql = rapportd_sql_new ("SELECT last_id, hash FROM audit_head WHERE id = 1");
  g_autoptr(RapportdDbResult) head = NULL;
  guint64 expected = 1;
  guint64 head_id;

  memset (report, 0, sizeof *report);

  while (TRUE)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, at, actor_id, entity, entity_id, action, "
                                                     "before_json, after_json, prev_hash, hash, reason "
                                                     "FROM audit_log WHERE id >= ? ORDER BY id LIMIT ?");
      g_autoptr(RapportdDbResult) rows = NULL;

      rapportd_sql_add_int (sql, expected);
      rapportd_sql_add_int (sql, VERIFY_BATCH);
      rows = rapportd_db_query (db, sql, error);
      if (rows == NULL)
        return FALSE;

      for (guint r = 0; r < rows->n_rows; r++)
        {
          guint64 id = g_ascii_strtoull (rapportd_db_result_get (rows, r, 0), NULL, 10);
          g_autofree char *at = normalise_time (rapportd_db_result_get (rows, r, 1));
          g_autofree char *hash = NULL;

          if (id != expected)
            return rapportd_audit_report_problem (report, expected,
                                   "row %" G_GUINT64_FORMAT " is missing (deleted), next row is %" G_GUINT64_FORMAT,
                                   expected, id);
          if (g_strcmp0 (rapportd_db_result_get (rows, r, 8), prev_hash) != 0)
            return rapportd_audit_report_problem (report, id,
                                   "row %" G_GUINT64_FORMAT " does not follow row %" G_GUINT64_FORMAT
                                   " (reordered, inserted or the previous row replaced)",
                                   id, id - 1);
          hash = rapportd_audit_row_hash (prev_hash, id, at,
                                          rapportd_db_result_get (rows, r, 2),
                                          rapportd_db_result_get (rows, r, 3),
                                          rapportd_db_result_get (rows, r, 4),
                                          rapportd_db_result_get (rows, r, 5),
                                          rapportd_db_result_get (rows, r, 10),
                                          rapportd_db_result_get (rows, r, 6),
                                          rapportd_db_result_get (rows, r, 7));
          if (g_strcmp0 (hash, rapportd_db_result_get (rows, r, 9)) != 0)
            return rapportd_audit_report_problem (report, id,
                                   "row %" G_GUINT64_FORMAT " was changed: its content no longer matches its hash",
                                   id);
          g_free (prev_hash);
          prev_hash = g_strdup (rapportd_db_result_get (rows, r, 9));
          report->n_rows++;
          expected++;
        }
      if (rows->n_rows < VERIFY_BATCH)
        break;
    }

  head = rapportd_db_query (db, head_sql, error);
  if (head == NULL)
    return FALSE;
  if (head->n_rows != 1)
    return rapportd_audit_report_problem (report, expected, "the chain head is missing");
  head_id = g_ascii_strtoull (rapportd_db_result_get (head, 0, 0), NULL, 10);
  if (head_id != expected - 1 || g_strcmp0 (rapportd_db_result_get (head, 0, 1), prev_hash) != 0)
    return rapportd_audit_report_problem (report, MIN (head_id, expected),
                           "the chain ends at row %" G_GUINT64_FORMAT " but its head records row %"
                           G_GUINT64_FORMAT " (rows deleted from the end, or the head altered)",
                           expected - 1, head_id);
  return TRUE;
}

void
rapportd_audit_report_clear (RapportdAuditReport *report)
{
  g_clear_pointer (&report->problem, g_free);
}
