/* rapportd-audit-verify.c: `audit verify`: every chain walked, its head and the signed checkpoints held against it */
#include "rapportd-audit.h"
#include "rapportd-signed-heads.h"

#include <string.h>

#define VERIFY_BATCH 2000

typedef struct
{
  guint    chain;
  /* what audit_chains records */
  guint64  head_id;
  char    *head_hash;
  /* the last row found so far */
  guint64  last_id;
  char    *prev_hash;
  /* the first row past the head, if rows were added past it */
  guint64  past_head;
  gboolean broken;
} ChainWalk;

static void
chain_walk_free (ChainWalk *walk)
{
  g_free (walk->head_hash);
  g_free (walk->prev_hash);
  g_free (walk);
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
  guint64 prev_id = g_ascii_strtoull (rapportd_db_result_get (rows, r, 2), NULL, 10);
  g_autofree char *at = normalise_time (rapportd_db_result_get (rows, r, 3));
  g_autofree char *hash = rapportd_audit_row_hash (rapportd_db_result_get (rows, r, 11), walk->chain, prev_id, id, at,
                                                   rapportd_db_result_get (rows, r, 4), rapportd_db_result_get (rows, r, 5),
                                                   rapportd_db_result_get (rows, r, 6), rapportd_db_result_get (rows, r, 7),
                                                   rapportd_db_result_get (rows, r, 8), rapportd_db_result_get (rows, r, 9),
                                                   rapportd_db_result_get (rows, r, 10));

  if (walk->last_id == walk->head_id && walk->past_head == 0)
    walk->past_head = id;
  if (g_strcmp0 (hash, rapportd_db_result_get (rows, r, 12)) != 0)
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
  if (g_strcmp0 (rapportd_db_result_get (rows, r, 11), walk->prev_hash) != 0)
    return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " does not follow row %" G_GUINT64_FORMAT
                                           " (reordered, inserted or the previous row replaced)", id, walk->last_id);
  rapportd_signed_heads_check_row (signed_heads, id, walk->chain, hash, report);
  walk->last_id = id;
  g_free (walk->prev_hash);
  walk->prev_hash = g_steal_pointer (&hash);
  return TRUE;
}

/* the chain's end held against its head */
static void
check_end (ChainWalk           *walk,
           RapportdAuditReport *report)
{
  if (walk->broken)
    return;
  if (walk->past_head != 0)
    rapportd_audit_report_problem (report, walk->past_head, "chain %u ends at row %" G_GUINT64_FORMAT " but its head "
                                   "records row %" G_GUINT64_FORMAT " (rows added past it, or the head altered)",
                                   walk->chain, walk->last_id, walk->head_id);
  else if (walk->last_id != walk->head_id || g_strcmp0 (walk->prev_hash, walk->head_hash) != 0)
    rapportd_audit_report_problem (report, MAX (walk->last_id, walk->head_id), "chain %u ends at row %" G_GUINT64_FORMAT
                                   " but its head records row %" G_GUINT64_FORMAT
                                   " (rows deleted from the end, or the head altered)",
                                   walk->chain, walk->last_id, walk->head_id);
}

/* one pass over the trail in id order, each row checked in its chain */
static gboolean
walk_chains (RapportdDb          *db,
             GHashTable          *walks,
             RapportdSignedHeads *signed_heads,
             RapportdAuditReport *report,
             GError             **error)
{
  guint64 after = 0;

  while (TRUE)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, chain, prev_id, at, actor_id, entity, entity_id, action, "
                                                     "reason, before_json, after_json, prev_hash, hash "
                                                     "FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
      g_autoptr(RapportdDbResult) rows = NULL;

      rapportd_sql_add_int (sql, after);
      rapportd_sql_add_int (sql, VERIFY_BATCH);
      if ((rows = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      for (guint r = 0; r < rows->n_rows; r++)
        {
          guint chain = (guint) g_ascii_strtoull (rapportd_db_result_get (rows, r, 1), NULL, 10);
          ChainWalk *walk = g_hash_table_lookup (walks, GUINT_TO_POINTER (chain));

          after = g_ascii_strtoull (rapportd_db_result_get (rows, r, 0), NULL, 10);
          if (walk == NULL)
            rapportd_audit_report_problem (report, after, "row %" G_GUINT64_FORMAT " belongs to chain %u, which has no "
                                           "head (inserted, or moved there)", after, chain);
          else if (!walk->broken && !check_row (walk, rows, r, signed_heads, report))
            walk->broken = TRUE;
          else if (!walk->broken)
            report->n_rows++;
        }
      if (rows->n_rows < VERIFY_BATCH)
        return TRUE;
    }
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

static gboolean
verify_snapshot (RapportdDb          *db,
                 const char          *pinned_public_key,
                 RapportdAuditReport *report,
                 GError             **error)
{
  g_autoptr(RapportdSignedHeads) signed_heads = rapportd_signed_heads_new (pinned_public_key);
  g_autoptr(GHashTable) walks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) chain_walk_free);
  g_autoptr(RapportdSql) chains_sql = rapportd_sql_new ("SELECT id, last_id, hash FROM audit_chains ORDER BY id");
  g_autoptr(RapportdDbResult) chains = NULL;
  GHashTableIter iter;
  ChainWalk *walk;

  if (!load_checkpoints (db, signed_heads, report, error) ||
      (chains = rapportd_db_query (db, chains_sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < chains->n_rows; r++)
    {
      walk = g_new0 (ChainWalk, 1);
      walk->chain = (guint) g_ascii_strtoull (rapportd_db_result_get (chains, r, 0), NULL, 10);
      walk->head_id = g_ascii_strtoull (rapportd_db_result_get (chains, r, 1), NULL, 10);
      walk->head_hash = g_strdup (rapportd_db_result_get (chains, r, 2));
      walk->prev_hash = g_strdup (RAPPORTD_AUDIT_ZERO_HASH);
      g_hash_table_insert (walks, GUINT_TO_POINTER (walk->chain), walk);
    }
  if (!walk_chains (db, walks, signed_heads, report, error))
    return FALSE;
  g_hash_table_iter_init (&iter, walks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &walk))
    check_end (walk, report);
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
 * Reads one snapshot of the trail, so appends may go on meanwhile, in one
 * pass in id order, following each chain in it: each row must name the row before it in its
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
