/* bench-create-tx.c: the transaction of POST /api/v1/accounts without its audit row, through rapportd's own repository code
 *
 * Usage: bench-create-tx SOCKET transaction SECONDS CONNECTIONS OWNER_ID [TOKEN_HASH]
 *
 * (the arguments of bench-insert transaction, whose shape this one keeps up
 * to date with the repository's)
 *
 * The baseline of an audited create: each connection, in its own thread,
 * runs the statements of a create's transaction as rapportd runs them, with
 * rapportd's database layer and repository functions, and leaves out only
 * the audit chain's statements: the actor's row read with a shared lock and
 * the session check (as the router does them), the references checked, the
 * INSERT built from the field descriptors, the row read back, the search
 * index brought up to date, the change event, COMMIT. No HTTP, no JSON, no
 * audit. OWNER_ID acts and owns (an administrator); TOKEN_HASH (hex SHA-256
 * of a session token) makes the session check find its row. Each row has a
 * unique name and code, in the same columns as create.lua and bench-insert.
 * The last line printed is machine-readable:
 *   RESULT name=raw-transaction connections=C seconds=S queries=Q qps=X p50_us=A p95_us=B p99_us=C
 * where queries counts rows created.
 */
#include "bench-loop.h"
#include "rapportd-db.h"
#include "rapportd-repo-private.h"
#include "rapportd-search-index.h"
#include "crm-account.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct
{
  RapportdDb *db;
  guint64     serial;
  int         index;
} Creator;

static const char *program = "bench-create-tx";
static RapportdDbParams params;
static RapportdActor actor;
static const char *token_hash;
static guint run_tag;

static const char * const names[] = { "Harbor Medical GmbH", "上海华信医疗器械有限公司", "Summit Pharma AG", "深圳康泰制药有限公司" };
static const char * const industries[] = { "medical_devices", "pharma", "banking", "logistics" };
static const char * const regions[] = { "DACH", "华东", "Nordics", "华南" };

static gboolean
query (RapportdDb  *db,
       RapportdSql *sql,
       GError     **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  return result != NULL;
}

/* what the router and the handler do inside the request's transaction before the repository */
static gboolean
check_actor (RapportdDb  *db,
             GError     **error)
{
  g_autoptr(RapportdSql) user = rapportd_sql_new ("SELECT role, team_id, must_change_password FROM users "
                                                  "WHERE id = ? AND active = 1 AND locked = 0 LOCK IN SHARE MODE");
  g_autoptr(RapportdSql) session = rapportd_sql_new ("SELECT 1 FROM sessions WHERE token_hash = ? AND user_id = ? "
                                                     "AND expires_at > UTC_TIMESTAMP(6)");

  rapportd_sql_add_int (user, actor.user_id);
  rapportd_sql_add_text (session, token_hash);
  rapportd_sql_add_int (session, actor.user_id);
  return query (db, user, error) && query (db, session, error);
}

static CrmEntity *
next_account (BenchWorker *worker,
              Creator     *creator)
{
  CrmEntity *account = crm_entity_new (CRM_TYPE_ACCOUNT);
  guint pick = bench_random (&worker->seed);
  g_autofree char *code = g_strdup_printf ("T%08x-%d-%" G_GUINT64_FORMAT, run_tag, creator->index, creator->serial++);
  g_autofree char *name = g_strdup_printf ("%s %s", names[pick % 4], code);
  g_autofree char *phone = g_strdup_printf ("+49 30 %07u", pick % 10000000);
  const char *tags[] = { pick % 3 ? "GMP" : NULL, NULL };

  crm_entity_set_text (account, "name", name);
  crm_entity_set_text (account, "code", code);
  crm_entity_set_text (account, "industry", industries[(pick >> 4) % 4]);
  crm_entity_set_text (account, "region", regions[(pick >> 8) % 4]);
  crm_entity_set_text (account, "source", "website");
  crm_entity_set_text (account, "tier", "standard");
  crm_entity_set_text (account, "lifecycle_stage", "prospect");
  crm_entity_set_int (account, "owner", actor.user_id);
  crm_entity_set_text (account, "phone", phone);
  crm_entity_set_tags (account, "tags", tags);
  return account;
}

static gboolean
create_in_transaction (RapportdDb  *db,
                       CrmEntity   *account,
                       GError     **error)
{
  g_autoptr(RapportdSql) insert = rapportd_sql_new (NULL);
  g_autoptr(RapportdSql) event = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autofree char *payload = NULL;
  guint64 id = 0;

  if (!check_actor (db, error) || !rapportd_repo_check_references (db, &actor, account, NULL, error))
    return FALSE;
  rapportd_repo_build_insert (insert, account, &actor, NULL, NULL);
  if (!rapportd_db_execute (db, insert, NULL, &id, error))
    return FALSE;
  stored = rapportd_repo_get (db, NULL, CRM_TYPE_ACCOUNT, (gint64) id, FALSE, error);
  if (stored == NULL || !rapportd_search_index_replace (db, NULL, stored, error))
    return FALSE;

  event = rapportd_sql_new ("INSERT INTO events (created_at, user_id, kind, entity, record_id, payload) "
                            "VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?)");
  payload = g_strdup_printf ("{\"entity\":\"account\",\"id\":%" G_GUINT64_FORMAT ",\"action\":\"create\",\"version\":1}", id);
  rapportd_sql_add_null (event);
  rapportd_sql_add_text (event, "change");
  rapportd_sql_add_text (event, "account");
  rapportd_sql_add_int (event, (gint64) id);
  rapportd_sql_add_text (event, payload);
  return rapportd_db_execute (db, event, NULL, NULL, error);
}

static int
create_once (BenchWorker *worker)
{
  Creator *creator = worker->data;
  g_autoptr(CrmEntity) account = next_account (worker, creator);
  g_autoptr(GError) error = NULL;

  if (!rapportd_db_begin (creator->db, &error))
    goto fail;
  if (!create_in_transaction (creator->db, account, &error) || !rapportd_db_commit (creator->db, &error))
    {
      rapportd_db_rollback (creator->db);
      goto fail;
    }
  return 0;

fail:
  /* the message lives as long as the program: it is printed once at the end */
  worker->error = g_intern_string (error->message);
  return -1;
}

int
main (int   argc,
      char *argv[])
{
  BenchWorker *workers;
  BenchSummary summary;
  int n_connections;
  double duration;
  int status;

  if ((argc != 6 && argc != 7) || !g_str_equal (argv[2], "transaction"))
    {
      fprintf (stderr, "Usage: %s SOCKET transaction SECONDS CONNECTIONS OWNER_ID [TOKEN_HASH]\n", argv[0]);
      return 2;
    }
  duration = g_ascii_strtod (argv[3], NULL);
  n_connections = atoi (argv[4]);
  actor.user_id = g_ascii_strtoll (argv[5], NULL, 10);
  token_hash = argc == 7 ? argv[6] : "none";
  if (duration <= 0 || n_connections < 1 || n_connections > 1024 || actor.user_id < 1)
    {
      fprintf (stderr, "%s: SECONDS, CONNECTIONS and OWNER_ID must be positive\n", program);
      return 2;
    }
  params.socket = argv[1];
  params.user = (char *) "root";
  params.database = (char *) "rapport";
  /* an administrator whose role sees the company's accounts, as make bench signs in */
  actor.login = (char *) "admin";
  actor.name = (char *) "Administrator";
  actor.role = (char *) "admin";
  actor.scopes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (actor.scopes, (char *) "account", (char *) "company");
  /* codes stay unique over runs started in different seconds or processes */
  run_tag = (guint) time (NULL) * 2654435761u ^ (guint) getpid ();

  g_type_ensure (CRM_TYPE_ACCOUNT);
  workers = g_new0 (BenchWorker, n_connections);
  for (int i = 0; i < n_connections; i++)
    {
      g_autoptr(GError) error = NULL;
      Creator *creator = g_new0 (Creator, 1);

      creator->index = i;
      creator->db = rapportd_db_open (&params, &error);
      if (creator->db == NULL)
        {
          fprintf (stderr, "%s: %s\n", program, error->message);
          return 1;
        }
      workers[i].data = creator;
      workers[i].seed = 0x9E3779B9u ^ (guint) (i * 2654435761u) ^ run_tag;
      if (workers[i].seed == 0)
        workers[i].seed = 1;
    }

  status = bench_loop_run (workers, n_connections, duration, create_once, program, &summary);

  printf ("RESULT name=raw-transaction connections=%d seconds=%.2f queries=%llu qps=%.1f p50_us=%lld p95_us=%lld "
          "p99_us=%lld indexed=1\n",
          n_connections, summary.seconds, (unsigned long long) summary.count, summary.count / summary.seconds,
          summary.p50_us, summary.p95_us, summary.p99_us);

  for (int i = 0; i < n_connections; i++)
    {
      Creator *creator = workers[i].data;

      rapportd_db_close (creator->db);
      g_free (creator);
    }
  g_free (workers);
  g_hash_table_unref (actor.scopes);
  return status;
}
