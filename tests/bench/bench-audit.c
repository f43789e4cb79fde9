/* bench-audit.c: audited creates against the same create unaudited and against raw single-row INSERTs
 *
 * Usage: bench-audit [--socket PATH] [--seconds S] [--connections 4,16]
 *
 * Without --socket it starts a throwaway MariaDB (rapportd's embedded mode,
 * in a temporary data directory it removes afterwards) and migrates it; with
 * --socket it uses the rapport database on that socket (as root), migrates
 * it if need be, and adds its rows to it.
 *
 * For each number of connections, each connection runs in its own thread,
 * with its own connection, one transaction an iteration:
 *   audited  START TRANSACTION; INSERT an account; rapportd_audit_append(); COMMIT
 *            (the shape of POST /api/v1/accounts)
 *   plain    START TRANSACTION; INSERT an account; COMMIT
 *   raw      INSERT an account, autocommit
 * and prints one machine-readable line per run:
 *   RESULT mode=M connections=C seconds=S tx=N tps=X p50_us=A p99_us=B lock_waits=W
 * where lock_waits counts the times a transaction waited for a row lock
 * (InnoDB's Innodb_row_lock_waits), as writers sharing one chain head would.
 * then the ratios audited/raw and audited/plain at each concurrency, and
 * audited at the last concurrency listed against audited at the first:
 *   RATIO name=NAME value=V
 * At the end it checks that the audit trail verifies intact.
 */
/* nftw () */
#define _XOPEN_SOURCE 700

#include "rapportd-audit.h"
#include "rapportd-embedded.h"
#include "rapportd-migrate.h"

#include <ftw.h>
#include <glib/gstdio.h>
#include <mysql.h>
#include <stdlib.h>
#include <string.h>

/* latency histogram: one bucket per microsecond up to 1 s, then one overflow bucket */
#define N_BUCKETS 1000001
#define MAX_COUNTS 16

typedef enum
{
  MODE_AUDITED,
  MODE_PLAIN,
  MODE_RAW,
  N_MODES
} Mode;

static const char * const mode_names[] = { "audited", "plain", "raw" };

typedef struct
{
  RapportdDb  *db;
  Mode         mode;
  guint        index;
  guint64      tx;
  guint32     *histogram;
  GError      *error;
} Worker;

static RapportdDbParams params;
static double duration = 5;
static gint64 owner_id;
static gint go;

static gboolean
insert_account (Worker  *worker,
                guint64  n,
                gint64  *id,
                GError **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO accounts (created_at, created_by, updated_at, updated_by, "
                                                 "name, industry, region, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *name = g_strdup_printf ("Bench %s %u-%" G_GUINT64_FORMAT, mode_names[worker->mode], worker->index, n);
  guint64 insert_id = 0;

  rapportd_sql_add_text (sql, now);
  rapportd_sql_add_int (sql, owner_id);
  rapportd_sql_add_text (sql, now);
  rapportd_sql_add_int (sql, owner_id);
  rapportd_sql_add_text (sql, name);
  rapportd_sql_add_text (sql, "manufacturing");
  rapportd_sql_add_text (sql, "East China");
  rapportd_sql_add_int (sql, owner_id);
  if (!rapportd_db_execute (worker->db, sql, NULL, &insert_id, error))
    return FALSE;
  *id = (gint64) insert_id;
  return TRUE;
}

/* one iteration: the transaction of the worker's mode */
static gboolean
run_once (Worker  *worker,
          guint64  n,
          GError **error)
{
  g_autofree char *after = NULL;
  gint64 id = 0;

  if (worker->mode == MODE_RAW)
    return insert_account (worker, n, &id, error);

  if (!rapportd_db_begin (worker->db, error))
    return FALSE;
  if (!insert_account (worker, n, &id, error))
    goto fail;
  if (worker->mode == MODE_AUDITED)
    {
      /* about the size of an account's JSON as the repository audits it */
      after = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"version\":1,\"archived\":false,"
                               "\"name\":\"Bench audited %u-%" G_GUINT64_FORMAT "\",\"code\":null,"
                               "\"industry\":\"manufacturing\",\"region\":\"East China\",\"source\":null,"
                               "\"tier\":null,\"lifecycle_stage\":null,\"owner_id\":%" G_GINT64_FORMAT ","
                               "\"phone\":null,\"website\":null,\"address\":null,\"tax_id\":null,"
                               "\"notes\":null,\"tags\":[]}", id, worker->index, n, owner_id);
      if (!rapportd_audit_append (worker->db, owner_id, "account", id, "create", NULL, NULL, after, error))
        goto fail;
    }
  if (rapportd_db_commit (worker->db, error))
    return TRUE;

fail:
  rapportd_db_rollback (worker->db);
  return FALSE;
}

static gpointer
run_worker (gpointer data)
{
  Worker *worker = data;
  gint64 deadline;

  while (!g_atomic_int_get (&go))
    g_thread_yield ();
  deadline = g_get_monotonic_time () + (gint64) (duration * G_USEC_PER_SEC);

  for (guint64 n = 0;; n++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 micros;

      if (start >= deadline)
        break;
      if (!run_once (worker, n, &worker->error))
        break;
      micros = g_get_monotonic_time () - start;
      worker->histogram[micros < N_BUCKETS - 1 ? micros : N_BUCKETS - 1]++;
      worker->tx++;
    }
  mysql_thread_end ();
  return NULL;
}

static gint64
percentile (const guint64 *histogram,
            guint64        total,
            double         fraction)
{
  guint64 wanted = (guint64) (total * fraction);
  guint64 seen = 0;

  for (gint64 i = 0; i < N_BUCKETS; i++)
    {
      seen += histogram[i];
      if (seen > wanted)
        return i;
    }
  return N_BUCKETS - 1;
}

static guint64
row_lock_waits (RapportdDb *db)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                                                 "WHERE VARIABLE_NAME = 'INNODB_ROW_LOCK_WAITS'");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if ((result = rapportd_db_query (db, sql, &error)) == NULL || result->n_rows != 1)
    g_error ("bench-audit: cannot read the lock waits: %s", error ? error->message : "no row");
  return g_ascii_strtoull (rapportd_db_result_get (result, 0, 0), NULL, 10);
}

/* runs one mode at one concurrency; returns transactions a second, or -1 */
static double
run_mode (RapportdDb *db,
          Mode        mode,
          guint       n_connections)
{
  g_autofree Worker *workers = g_new0 (Worker, n_connections);
  g_autofree GThread **threads = g_new0 (GThread *, n_connections);
  g_autofree guint64 *histogram = g_new0 (guint64, N_BUCKETS);
  guint64 tx = 0;
  guint64 waits = row_lock_waits (db);
  gint64 started;
  double elapsed, tps;
  gboolean failed = FALSE;

  for (guint i = 0; i < n_connections; i++)
    {
      g_autoptr(GError) error = NULL;

      workers[i].mode = mode;
      workers[i].index = i;
      workers[i].histogram = g_new0 (guint32, N_BUCKETS);
      if ((workers[i].db = rapportd_db_open (&params, &error)) == NULL)
        g_error ("bench-audit: %s", error->message);
    }
  g_atomic_int_set (&go, 0);
  for (guint i = 0; i < n_connections; i++)
    threads[i] = g_thread_new ("bench-audit", run_worker, &workers[i]);
  started = g_get_monotonic_time ();
  g_atomic_int_set (&go, 1);
  for (guint i = 0; i < n_connections; i++)
    g_thread_join (threads[i]);
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < n_connections; i++)
    {
      if (workers[i].error)
        {
          g_printerr ("bench-audit: %s, connection %u: %s\n", mode_names[mode], i, workers[i].error->message);
          g_clear_error (&workers[i].error);
          failed = TRUE;
        }
      for (guint b = 0; b < N_BUCKETS; b++)
        histogram[b] += workers[i].histogram[b];
      tx += workers[i].tx;
      g_free (workers[i].histogram);
      rapportd_db_close (workers[i].db);
    }
  tps = tx / elapsed;
  waits = row_lock_waits (db) - waits;
  g_print ("RESULT mode=%s connections=%u seconds=%.1f tx=%" G_GUINT64_FORMAT " tps=%.0f p50_us=%" G_GINT64_FORMAT
           " p99_us=%" G_GINT64_FORMAT " lock_waits=%" G_GUINT64_FORMAT "\n", mode_names[mode], n_connections, elapsed,
           tx, tps, percentile (histogram, tx, 0.50), percentile (histogram, tx, 0.99), waits);
  return failed ? -1 : tps;
}

static gint64
make_owner (RapportdDb *db)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO users (created_at, updated_at, login, name, role) "
                                                 "VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), ?, 'Bench owner', 'sales')");
  g_autofree char *login = g_strdup_printf ("bench-audit-%" G_GINT64_FORMAT, g_get_real_time ());
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  rapportd_sql_add_text (sql, login);
  if (!rapportd_db_execute (db, sql, NULL, &id, &error))
    g_error ("bench-audit: cannot add the owner: %s", error->message);
  return (gint64) id;
}

static int
verify (RapportdDb *db)
{
  g_autoptr(GError) error = NULL;
  RapportdAuditReport report;
  int status = 0;

  if (!rapportd_audit_verify (db, NULL, &report, &error))
    {
      g_printerr ("bench-audit: verify: %s\n", error->message);
      return 1;
    }
  if (report.bad_id != 0)
    {
      g_print ("audit verify: BROKEN at row %" G_GUINT64_FORMAT ": %s\n", report.bad_id, report.problem);
      status = 1;
    }
  else
    g_print ("audit verify: intact, %" G_GUINT64_FORMAT " rows\n", report.n_rows);
  rapportd_audit_report_clear (&report);
  return status;
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                flag,
              struct FTW        *ftw)
{
  return g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *socket_path = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— audited writes against unaudited ones");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) counts = NULL;
  GOptionEntry entries[] = {
    { "socket", 0, 0, G_OPTION_ARG_FILENAME, &socket_path, "MariaDB socket of a rapport database", "PATH" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &duration, "Length of each run (default 5)", "S" },
    { "connections", 0, 0, G_OPTION_ARG_STRING, &connections, "Concurrencies to measure (default 4,16)", "LIST" },
    { NULL }
  };
  RapportdEmbedded *embedded = NULL;
  RapportdDb *db;
  double tps[N_MODES][MAX_COUNTS] = { { 0 } };
  guint n_counts;
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-audit: %s\n", error->message);
      return 2;
    }
  counts = g_strsplit (connections ? connections : "4,16", ",", MAX_COUNTS);
  n_counts = g_strv_length (counts);

  if (socket_path == NULL)
    {
      data_dir = g_dir_make_tmp ("rapport-bench-audit-XXXXXX", &error);
      if (data_dir == NULL || (embedded = rapportd_embedded_start (data_dir, NULL, NULL, &error)) == NULL)
        g_error ("bench-audit: cannot start MariaDB: %s", error->message);
      rapportd_embedded_get_params (embedded, &params);
      g_print ("bench-audit: throwaway MariaDB in %s\n", data_dir);
    }
  else
    {
      params.socket = g_strdup (socket_path);
      params.host = g_strdup ("localhost");
      params.user = g_strdup ("root");
      params.database = g_strdup ("rapport");
    }
  if ((db = rapportd_db_open (&params, &error)) == NULL || !rapportd_migrate (db, NULL, &error))
    g_error ("bench-audit: %s", error->message);
  owner_id = make_owner (db);

  for (guint c = 0; c < n_counts; c++)
    for (Mode mode = 0; mode < N_MODES; mode++)
      if ((tps[mode][c] = run_mode (db, mode, (guint) g_ascii_strtoull (counts[c], NULL, 10))) < 0)
        status = 1;

  for (guint c = 0; c < n_counts; c++)
    {
      g_print ("RATIO name=audited/raw@%s value=%.2f\n", counts[c], tps[MODE_AUDITED][c] / tps[MODE_RAW][c]);
      g_print ("RATIO name=audited/plain@%s value=%.2f\n", counts[c], tps[MODE_AUDITED][c] / tps[MODE_PLAIN][c]);
    }
  if (n_counts > 1)
    g_print ("RATIO name=audited@%s/audited@%s value=%.2f\n", counts[n_counts - 1], counts[0],
             tps[MODE_AUDITED][n_counts - 1] / tps[MODE_AUDITED][0]);

  if (verify (db) != 0)
    status = 1;
  rapportd_db_close (db);
  rapportd_db_params_clear (&params);
  if (embedded)
    {
      rapportd_embedded_stop (embedded);
      if (nftw (data_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        g_printerr ("bench-audit: cannot remove %s\n", data_dir);
    }
  return status;
}
