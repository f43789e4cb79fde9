/* rapportd-audit-verify.c: `audit verify`: every chain walked, its head and the signed checkpoints held against it */
#include "rapportd-audit.h"
#include "rapportd-signed-heads.h"

#include <string.h>

#define VERIFY_BATCH 2000

typedef struct
{
  guint    chain;
  guint64  last_id;
  char    *prev_hash;
  /* the first row past the head, if rows were added past it */
  guint64  past_head;
  gboolean broken;
} ChainWalk;

/* the stored text of a DATETIME(6), normalised to the form it was hashed in */
static char *
normalise_time (const char *text)
{
  gint64 usec;

  if (!rapportd_sql_parse_time (text, &usec))
    return g_strdup (text);
  return rapportd_sql_format_time (usec);
}

/* one row of a chain, in id order: hashed right (its chain and link
 * included), linked to the row before it, and as the checkpoints signed
 * it; FALSE once the chain breaks here */
static gboolean
check_row (ChainWalk           *walk,
           RapportdDbResult    *rows,
           guint                r,
           RapportdSignedHeads *signed_heads,
           RapportdAuditReport *report)
{
  guint64 id = g_ascii_strtoull (rapportd_db_result_get (rows, r, 0), NULL, 10);
  guint64 prev_id = g_ascii_strtoull (rapportd_db_result_get (rows, r, 1), NULL, 10);
  g_autofree char *at = normalise_time (rapportd_db_result_get (rows, r, 2));
  g_autofree char *hash = rapportd_audit_row_hash (rapportd_db_result_get (rows, r, 10), walk->chain, prev_id, id, at,
                                                   rapportd_db_result_get (rows, r, 3), rapportd_db_result_get (rows, r, 4),
                                                   rapportd_db_result_get (rows, r, 5), rapportd_db_result_get (rows, r, 6),
                                                   rapportd_db_result_get (rows, r, 7), rapportd_db_result_get (rows, r, 8),
                                                   rapportd_db_result_get (rows, r, 9));

  if (g_strcmp0 (hash, rapportd_db_result_get (rows, r, 11)) != 0)
    return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " was changed: its content no longer "
                                           "matches its hash (or it was moved to chain %u)", id, walk->chain);
  if (prev_id > walk->last_id)
    return !rapportd_audit_report_problem (report, prev_id, "row %" G_GUINT64_FORMAT " is missing from chain %u "
                                           "(deleted, or moved to another chain): row %" G_GUINT64_FORMAT " follows it",
                                           prev_id, walk->chain, id);
  if (prev_id < walk->last_id)
    return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " does not follow row %" G_GUINT64_FORMAT
                                           " in chain %u (inserted, or moved from another chain)",
                                           id, walk->last_id, walk->chain);
  if (g_strcmp0 (rapportd_db_result_get (rows, r, 10), walk->prev_hash) != 0)
    return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " does not follow row %" G_GUINT64_FORMAT
                                           " (reordered, inserted or the previous row replaced)", id, walk->last_id);
  rapportd_signed_heads_check_row (signed_heads, id, walk->chain, hash, report);
  walk->last_id = id;
  g_free (walk->prev_hash);
  walk->prev_hash = g_steal_pointer (&hash);
  return TRUE;
}

/* walks one chain from its first row and holds its end against its head */
static gboolean
walk_chain (RapportdDb          *db,
            guint                chain,
            guint64              head_id,
            const char          *head_hash,
            RapportdSignedHeads *signed_heads,
            RapportdAuditReport *report,
            GError             **error)
{
  ChainWalk walk = { .chain = chain, .prev_hash = g_strdup (RAPPORTD_AUDIT_ZERO_HASH) };
  gboolean ok = TRUE;

  while (!walk.broken)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, prev_id, at, actor_id, entity, entity_id, action, "
                                                     "reason, before_json, after_json, prev_hash, hash "
                                                     "FROM audit_log WHERE chain = ? AND id > ? ORDER BY id LIMIT ?");
      g_autoptr(RapportdDbResult) rows = NULL;

      rapportd_sql_add_int (sql, chain);
      rapportd_sql_add_int (sql, walk.last_id);
      rapportd_sql_add_int (sql, VERIFY_BATCH);
      if ((rows = rapportd_db_query (db, sql, error)) == NULL)
        {
          ok = FALSE;
          break;
        }
      for (guint r = 0; r < rows->n_rows && !walk.broken; r++)
        {
          if (walk.last_id == head_id && walk.past_head == 0)
            walk.past_head = g_ascii_strtoull (rapportd_db_result_get (rows, r, 0), NULL, 10);
          if (!check_row (&walk, rows, r, signed_heads, report))
            walk.broken = TRUE;
          else
            report->n_rows++;
        }
      if (rows->n_rows < VERIFY_BATCH)
        break;
    }

  if (ok && !walk.broken)
    {
      if (walk.past_head != 0)
        rapportd_audit_report_problem (report, walk.past_head, "chain %u ends at row %" G_GUINT64_FORMAT " but its head "
                                       "records row %" G_GUINT64_FORMAT " (rows added past it, or the head altered)",
                                       chain, walk.last_id, head_id);
      else if (walk.last_id != head_id || g_strcmp0 (walk.prev_hash, head_hash) != 0)
        rapportd_audit_report_problem (report, MAX (walk.last_id, head_id), "chain %u ends at row %" G_GUINT64_FORMAT
                                       " but its head records row %" G_GUINT64_FORMAT
                                       " (rows deleted from the end, or the head altered)",
                                       chain, walk.last_id, head_id);
    }
  g_free (walk.prev_hash);
  return ok;
}

static gboolean
load_checkpoints (RapportdDb          *db,
                  RapportdSignedHeads *signed_heads,
                  RapportdAuditReport *report,
                  GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT last_audit_id, head_hash, signed_at, public_key, signature, heads "
                                                 "FROM audit_checkpoints ORDER BY id");
  g_autoptr(RapportdDbResult) cps = rapportd_db_query (db, sql, error);

  if (cps == NULL)
    return FALSE;
  for (guint r = 0; r < cps->n_rows; r++)
    {
      g_autofree char *signed_at = normalise_time (rapportd_db_result_get (cps, r, 2));

      if (!rapportd_signed_heads_add (signed_heads, g_ascii_strtoull (rapportd_db_result_get (cps, r, 0), NULL, 10),
                                      rapportd_db_result_get (cps, r, 1), signed_at,
                                      rapportd_db_result_get (cps, r, 3), rapportd_db_result_get (cps, r, 4),
                                      rapportd_db_result_get (cps, r, 5), report))
        break;
    }
  return TRUE;
}

/* rows of a chain that has no head: nobody can have appended them */
static gboolean
check_orphans (RapportdDb          *db,
               RapportdAuditReport *report,
               GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, chain FROM audit_log WHERE chain NOT IN "
                                                 "(SELECT id FROM audit_chains) ORDER BY id LIMIT 1");
  g_autoptr(RapportdDbResult) orphan = rapportd_db_query (db, sql, error);

  if (orphan == NULL)
    return FALSE;
  if (orphan->n_rows == 1)
    rapportd_audit_report_problem (report, g_ascii_strtoull (rapportd_db_result_get (orphan, 0, 0), NULL, 10),
                                   "row %s belongs to chain %s, which has no head (inserted)",
                                   rapportd_db_result_get (orphan, 0, 0), rapportd_db_result_get (orphan, 0, 1));
  return TRUE;
}

static gboolean
verify_snapshot (RapportdDb          *db,
                 const char          *pinned_public_key,
                 RapportdAuditReport *report,
                 GError             **error)
{
  g_autoptr(RapportdSignedHeads) signed_heads = rapportd_signed_heads_new (pinned_public_key);
  g_autoptr(RapportdSql) chains_sql = rapportd_sql_new ("SELECT id, last_id, hash FROM audit_chains ORDER BY id");
  g_autoptr(RapportdDbResult) chains = NULL;

  if (!load_checkpoints (db, signed_heads, report, error) ||
      (chains = rapportd_db_query (db, chains_sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < chains->n_rows; r++)
    if (!walk_chain (db, (guint) g_ascii_strtoull (rapportd_db_result_get (chains, r, 0), NULL, 10),
                     g_ascii_strtoull (rapportd_db_result_get (chains, r, 1), NULL, 10),
                     rapportd_db_result_get (chains, r, 2), signed_heads, report, error))
      return FALSE;
  if (!check_orphans (db, report, error))
    return FALSE;
  rapportd_signed_heads_check_missing (signed_heads, 0, report);
  return TRUE;
}

/**
 * rapportd_audit_verify:
 * @db: a connection
 * @pinned_public_key: (nullable): the server's public key (hex) the
 *   checkpoints must be signed with; without it, the first checkpoint's key
 * @report: (out caller-allocates): rows checked and the first bad row, if any
 * @error: return location for a #GError when the check could not run
 *
 * Reads one snapshot of the trail, so appends may go on meanwhile. Walks
 * each chain in id order: each row must name the row before it in its
 * chain and that row's hash, and hash to its own; the chain's head must
 * point at its last row. Every checkpoint must be signed with the one key,
 * and every chain head it signed must be there, unchanged, in its chain.
 * A changed, deleted, inserted, reordered or moved row, or a chain cut
 * short, breaks one of these; of several, the lowest row is reported.
 *
 * Returns: %TRUE when the check ran (see @report for its verdict)
 */
gboolean
rapportd_audit_verify (RapportdDb          *db,
                       const char          *pinned_public_key,
                       RapportdAuditReport *report,
                       GError             **error)
{
  gboolean ran;

  g_return_val_if_fail (db != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  /* connections read committed by default: this one reads one moment */
  if (!rapportd_db_exec (db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", error) ||
      !rapportd_db_exec (db, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", error))
    return FALSE;
  ran = verify_snapshot (db, pinned_public_key, report, error);
  rapportd_db_rollback (db);
  if (!ran)
    rapportd_audit_report_clear (report);
  return ran;
}
