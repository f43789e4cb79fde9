/* rapportd-jobs-sla-recompute.c: open cases counted again, in batches, after their SLA policy or business calendar changed */
#include "rapportd-jobs-sla-recompute.h"
#include "rapportd-repo.h"
#include "rapportd-sla.h"
#include "crm-case.h"

/* the cases one statement takes; a run takes at most MAX_BATCHES of them
 * and leaves the rest of a request to the next run */
#define BATCH 500
#define MAX_BATCHES 4

/* where a request stands after a batch */
typedef enum
{
  WALK_MORE,
  WALK_DONE,
  /* a case another transaction held: resume before it at the next run */
  WALK_WAIT,
} Walk;

typedef struct
{
  gint64   id;
  gboolean is_policy;
  gint64   ref_id;
  gboolean with_default;
  gint64   after_case_id;
} Request;

/* A walk that starts reads the policies and calendars as they stand: the
 * same requests not started yet (a policy created, then changed) are
 * through with it. Those another rapportd holds are left to it. */
static gboolean
forget_same (RapportdDb     *db,
             const Request  *request,
             GError        **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM sla_recomputes WHERE kind = ? AND ref_id = ? "
                                                 "AND with_default = ? AND after_case_id = 0 AND id <> ? "
                                                 "FOR UPDATE SKIP LOCKED");
  g_autoptr(RapportdDbResult) same = NULL;

  rapportd_sql_add_text (sql, request->is_policy ? "policy" : "calendar");
  rapportd_sql_add_int (sql, request->ref_id);
  rapportd_sql_add_int (sql, request->with_default);
  rapportd_sql_add_int (sql, request->id);
  if ((same = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < same->n_rows; i++)
    {
      g_autoptr(RapportdSql) forget = rapportd_sql_new ("DELETE FROM sla_recomputes WHERE id = ?");

      rapportd_sql_add_int (forget, g_ascii_strtoll (rapportd_db_result_get (same, i, 0), NULL, 10));
      if (!rapportd_db_execute (db, forget, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* the oldest request no other rapportd is walking */
static gboolean
claim (RapportdDb  *db,
       Request     *request,
       gboolean    *found,
       GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, kind, ref_id, with_default, after_case_id FROM sla_recomputes "
                                                 "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  if (result == NULL)
    return FALSE;
  *found = result->n_rows == 1;
  if (!*found)
    return TRUE;
  request->id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  request->is_policy = g_strcmp0 (rapportd_db_result_get (result, 0, 1), "policy") == 0;
  request->ref_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 2), NULL, 10);
  request->with_default = g_strcmp0 (rapportd_db_result_get (result, 0, 3), "1") == 0;
  request->after_case_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 4), NULL, 10);
  return request->after_case_id > 0 || forget_same (db, request, error);
}

/* The next open cases the request concerns, by id: those that hold the
 * policy or may now choose it, or those whose policy counts in the
 * calendar (in the default one, or have none, for the default calendar). */
static RapportdDbResult *
next_cases (RapportdDb     *db,
            const Request  *request,
            GError        **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT c.id FROM cases c WHERE c.id > ? AND c.archived = 0 "
                                                 "AND c.resolved_at IS NULL AND c.status NOT IN ('resolved', 'closed') AND ");

  rapportd_sql_add_int (sql, request->after_case_id);
  if (request->is_policy)
    {
      rapportd_sql_append (sql, "(c.sla_policy_id = ? OR EXISTS (SELECT 1 FROM `sla-policies` p WHERE p.id = ? "
                           "AND p.is_active = 1 AND p.archived = 0 AND p.priority IN (COALESCE(c.priority, 'normal'), 'any') "
                           "AND (p.category IS NULL OR p.category = c.category)))");
      rapportd_sql_add_int (sql, request->ref_id);
      rapportd_sql_add_int (sql, request->ref_id);
    }
  else
    {
      rapportd_sql_append (sql, "(c.sla_policy_id IN (SELECT p.id FROM `sla-policies` p WHERE p.calendar_id = ? "
                           "OR (? = 1 AND p.calendar_id IS NULL)) OR (? = 1 AND c.sla_policy_id IS NULL))");
      rapportd_sql_add_int (sql, request->ref_id);
      rapportd_sql_add_int (sql, request->with_default);
      rapportd_sql_add_int (sql, request->with_default);
    }
  rapportd_sql_appendf (sql, " ORDER BY c.id LIMIT %u", BATCH);
  return rapportd_db_query (db, sql, error);
}

/* locks the cases found, skipping those another transaction holds (a
 * user's write, the SLA job on another rapportd): id to version */
static GHashTable *
lock_cases (RapportdDb        *db,
            RapportdDbResult  *found,
            GError           **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, version FROM cases WHERE id IN (");
  g_autoptr(RapportdDbResult) result = NULL;
  GHashTable *locked;

  for (guint i = 0; i < found->n_rows; i++)
    {
      rapportd_sql_append (sql, i > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_ascii_strtoll (rapportd_db_result_get (found, i, 0), NULL, 10));
    }
  rapportd_sql_append (sql, ") ORDER BY id FOR UPDATE SKIP LOCKED");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  locked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < result->n_rows; i++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10);
      gint64 version = g_ascii_strtoll (rapportd_db_result_get (result, i, 1), NULL, 10);

      g_hash_table_insert (locked, g_memdup2 (&id, sizeof id), g_memdup2 (&version, sizeof version));
    }
  return locked;
}

/* counts one case again; a change is written as the system's, at the
 * version read, audited and told as the case's change event */
static gboolean
recompute_case (RapportdDb  *db,
                gint64       id,
                gint64       version,
                GHashTable  *calendars,
                guint       *n_changed,
                GError     **error)
{
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };
  g_autoptr(CrmEntity) current = rapportd_repo_get (db, NULL, CRM_TYPE_CASE, id, FALSE, error);
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  gboolean changed = FALSE;

  if (current == NULL)
    return FALSE;
  crm_entity_set_version (patch, version);
  if (!rapportd_sla_recompute (db, current, calendars, patch, &changed, error))
    return FALSE;
  if (!changed)
    return TRUE;
  if ((stored = rapportd_repo_update_as_server (db, &system, id, patch, error)) == NULL)
    return FALSE;
  (*n_changed)++;
  return TRUE;
}

/* One batch of the request: each case found and locked is counted again.
 * A case another transaction held is not passed over: the request resumes
 * before it at the next run. */
static gboolean
run_batch (RapportdDb  *db,
           Request     *request,
           GHashTable  *calendars,
           guint       *n_changed,
           Walk        *walk,
           GError     **error)
{
  g_autoptr(RapportdDbResult) found = next_cases (db, request, error);
  g_autoptr(GHashTable) locked = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  gboolean skipped = FALSE;

  if (found == NULL)
    return FALSE;
  if (found->n_rows > 0 && (locked = lock_cases (db, found, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < found->n_rows && !skipped; i++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (found, i, 0), NULL, 10);
      gint64 *version = g_hash_table_lookup (locked, &id);

      if (version == NULL)
        skipped = TRUE;
      else if (!recompute_case (db, id, *version, calendars, n_changed, error))
        return FALSE;
      else
        request->after_case_id = id;
    }
  *walk = skipped ? WALK_WAIT : found->n_rows < BATCH ? WALK_DONE : WALK_MORE;
  if (*walk == WALK_DONE)
    {
      sql = rapportd_sql_new ("DELETE FROM sla_recomputes WHERE id = ?");
      rapportd_sql_add_int (sql, request->id);
    }
  else
    {
      sql = rapportd_sql_new ("UPDATE sla_recomputes SET after_case_id = ? WHERE id = ?");
      rapportd_sql_add_int (sql, request->after_case_id);
      rapportd_sql_add_int (sql, request->id);
    }
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_jobs_sla_recompute_run:
 * @db: a connection inside the jobs' transaction
 * @n_changed: (out) (optional): how many cases changed
 * @more: (out) (optional): whether the run stopped at MAX_BATCHES with
 *   cases left to walk, which another run in a transaction of its own may
 *   take on at once
 * @error: return location for a #GError
 *
 * Walks the requests a changed SLA policy or business calendar left
 * (sla_recomputes), oldest first, at most MAX_BATCHES batches of BATCH
 * cases a run: each open case concerned has its policy chosen and its
 * instants counted again (rapportd_sla_recompute()), and one that changed
 * is written as the system's change. A request another rapportd walks is
 * left to it, and a case another transaction holds is taken at the next
 * run, so nothing is counted or written twice.
 */
gboolean
rapportd_jobs_sla_recompute_run (RapportdDb  *db,
                                 guint       *n_changed,
                                 gboolean    *more,
                                 GError     **error)
{
  g_autoptr(GHashTable) calendars = rapportd_sla_calendar_cache_new ();
  guint changed = 0;
  guint batches = 0;
  Walk walk = WALK_DONE;

  g_return_val_if_fail (db != NULL, FALSE);

  while (walk == WALK_DONE && batches < MAX_BATCHES)
    {
      Request request;
      gboolean found = FALSE;

      if (!claim (db, &request, &found, error))
        return FALSE;
      if (!found)
        {
          walk = WALK_WAIT;
          break;
        }
      for (walk = WALK_MORE; walk == WALK_MORE && batches < MAX_BATCHES; batches++)
        if (!run_batch (db, &request, calendars, &changed, &walk, error))
          return FALSE;
    }
  if (n_changed != NULL)
    *n_changed = changed;
  /* a request through at the last batch may leave others: one more run finds out */
  if (more != NULL)
    *more = walk != WALK_WAIT;
  return TRUE;
}
