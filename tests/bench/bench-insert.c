/* bench-insert.c: the raw baselines of a create, a single-row INSERT and the create's transaction without audit
 *
 * Usage: bench-insert SOCKET MODE SECONDS CONNECTIONS OWNER_ID [TOKEN_HASH]
 *
 * MODE insert: one autocommitted INSERT of an accounts row with the columns
 * that POST /api/v1/accounts of create.lua writes, in rapportd's statement.
 * MODE transaction: the statements rapportd runs in the transaction of that
 * create (traced with MariaDB's general log), less the audit chain's: the
 * actor's row read with a shared lock, the session check, the owner's row,
 * the INSERT, the row read back, the change event, COMMIT. OWNER_ID is the
 * acting and owning user; TOKEN_HASH (hex SHA-256 of a session token) makes
 * the session check find its row. Every row gets a unique name and code.
 * The last line printed is machine-readable:
 *   RESULT name=raw-insert|raw-transaction connections=C seconds=S queries=Q
 *          qps=X p50_us=A p95_us=B p99_us=C
 * where queries counts rows created.
 */
#include "bench-loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char insert_account[] =
  "INSERT INTO `accounts` (`version`, `created_at`, `created_by`, `updated_at`, `updated_by`, `archived`, "
  "`name`, `code`, `industry`, `region`, `source`, `tier`, `lifecycle_stage`, `owner_id`, `phone`, `tags`) "
  "VALUES (1, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char select_actor[] =
  "SELECT role, team_id, must_change_password FROM users WHERE id = ? AND active = 1 AND locked = 0 "
  "LOCK IN SHARE MODE";

static const char select_session[] =
  "SELECT 1 FROM sessions WHERE token_hash = ? AND user_id = ? AND expires_at > UTC_TIMESTAMP(6)";

static const char select_owner[] =
  "SELECT `id`, `version`, `created_at`, `created_by`, `updated_at`, `updated_by`, `archived`, `login`, "
  "`name`, `email`, `role`, `team_id`, `manager_id`, `active`, `password_hash`, `must_change_password`, "
  "`password_changed_at`, `failed_logins`, `locked_until`, `locked` FROM `users` WHERE `id` = ?";

static const char select_account[] =
  "SELECT `id`, `version`, `created_at`, `created_by`, `updated_at`, `updated_by`, `archived`, "
  "`name`, `code`, `industry`, `region`, `source`, `tier`, `lifecycle_stage`, `owner_id`, "
  "`phone`, `website`, `address`, `tax_id`, `notes`, `tags` FROM `accounts` WHERE `id` = ?";

static const char insert_event[] =
  "INSERT INTO events (created_at, user_id, kind, entity, record_id, payload) "
  "VALUES (UTC_TIMESTAMP(6), NULL, 'change', 'account', ?, ?)";

#define N_TEXTS 12
#define TEXT_BUFFER 256
#define N_CELLS 24
#define CELL_BUFFER 1024

enum { CREATED_AT, UPDATED_AT, NAME, CODE, INDUSTRY, REGION, SOURCE, TIER, STAGE, PHONE, TAGS, PAYLOAD };

typedef struct
{
  MYSQL_STMT   *insert;
  MYSQL_STMT   *actor;
  MYSQL_STMT   *session;
  MYSQL_STMT   *owner;
  MYSQL_STMT   *account;
  MYSQL_STMT   *event;
  long long     user_id;
  long long     row_id;
  unsigned long long serial;
  int           index;
  char          texts[N_TEXTS][TEXT_BUFFER];
  unsigned long text_lengths[N_TEXTS];
  char          cells[N_CELLS][CELL_BUFFER];
  unsigned long cell_lengths[N_CELLS];
  my_bool       cell_nulls[N_CELLS];
  MYSQL_BIND    cell_binds[N_CELLS];
} Create;

static const char *program = "bench-insert";
static const char *token_hash;
static unsigned long token_length;
static long long owner_id;
static unsigned int run_tag;
static int transaction;

static const char * const names[] = { "Harbor Medical GmbH", "上海华信医疗器械有限公司", "Summit Pharma AG", "深圳康泰制药有限公司" };
static const char * const industries[] = { "medical_devices", "pharma", "banking", "logistics" };
static const char * const regions[] = { "DACH", "华东", "Nordics", "华南" };

static MYSQL_STMT *
prepare (MYSQL      *mysql,
         const char *text)
{
  MYSQL_STMT *stmt = mysql_stmt_init (mysql);

  if (stmt == NULL || mysql_stmt_prepare (stmt, text, strlen (text)) != 0)
    {
      fprintf (stderr, "%s: cannot prepare %.40s…: %s\n", program, text, mysql_error (mysql));
      exit (1);
    }
  return stmt;
}

static void
bind_text (MYSQL_BIND *bind,
           Create     *create,
           int         text)
{
  bind->buffer_type = MYSQL_TYPE_STRING;
  bind->buffer = create->texts[text];
  bind->buffer_length = TEXT_BUFFER;
  bind->length = &create->text_lengths[text];
}

static void
bind_int (MYSQL_BIND *bind,
          long long  *value)
{
  bind->buffer_type = MYSQL_TYPE_LONGLONG;
  bind->buffer = value;
}

/* binds the parameters and, for a SELECT, every column as text as rapportd fetches it */
static void
bind_statement (MYSQL_STMT *stmt,
                MYSQL_BIND *params,
                Create     *create)
{
  if (mysql_stmt_bind_param (stmt, params) != 0 ||
      (mysql_stmt_field_count (stmt) > 0 && mysql_stmt_bind_result (stmt, create->cell_binds) != 0))
    {
      fprintf (stderr, "%s: cannot bind: %s\n", program, mysql_stmt_error (stmt));
      exit (1);
    }
}

static void
bind_worker (BenchWorker *worker,
             int          index)
{
  Create *create = calloc (1, sizeof *create);
  MYSQL_BIND insert_params[14] = { 0 };
  MYSQL_BIND user_params[2] = { 0 };
  MYSQL_BIND session_params[2] = { 0 };
  MYSQL_BIND row_params[1] = { 0 };
  MYSQL_BIND event_params[2] = { 0 };

  worker->data = create;
  create->index = index;
  create->user_id = owner_id;
  for (int c = 0; c < N_CELLS; c++)
    {
      create->cell_binds[c].buffer_type = MYSQL_TYPE_STRING;
      create->cell_binds[c].buffer = create->cells[c];
      create->cell_binds[c].buffer_length = CELL_BUFFER;
      create->cell_binds[c].length = &create->cell_lengths[c];
      create->cell_binds[c].is_null = &create->cell_nulls[c];
    }

  create->insert = prepare (worker->mysql, insert_account);
  bind_text (&insert_params[0], create, CREATED_AT);
  bind_int (&insert_params[1], &create->user_id);
  bind_text (&insert_params[2], create, UPDATED_AT);
  bind_int (&insert_params[3], &create->user_id);
  bind_text (&insert_params[4], create, NAME);
  bind_text (&insert_params[5], create, CODE);
  bind_text (&insert_params[6], create, INDUSTRY);
  bind_text (&insert_params[7], create, REGION);
  bind_text (&insert_params[8], create, SOURCE);
  bind_text (&insert_params[9], create, TIER);
  bind_text (&insert_params[10], create, STAGE);
  bind_int (&insert_params[11], &create->user_id);
  bind_text (&insert_params[12], create, PHONE);
  bind_text (&insert_params[13], create, TAGS);
  bind_statement (create->insert, insert_params, create);
  if (!transaction)
    return;

  create->actor = prepare (worker->mysql, select_actor);
  bind_int (&user_params[0], &create->user_id);
  bind_statement (create->actor, user_params, create);
  create->owner = prepare (worker->mysql, select_owner);
  bind_statement (create->owner, user_params, create);

  create->session = prepare (worker->mysql, select_session);
  session_params[0].buffer_type = MYSQL_TYPE_STRING;
  session_params[0].buffer = (char *) token_hash;
  session_params[0].buffer_length = token_length;
  session_params[0].length = &token_length;
  bind_int (&session_params[1], &create->user_id);
  bind_statement (create->session, session_params, create);

  create->account = prepare (worker->mysql, select_account);
  bind_int (&row_params[0], &create->row_id);
  bind_statement (create->account, row_params, create);

  create->event = prepare (worker->mysql, insert_event);
  bind_int (&event_params[0], &create->row_id);
  bind_text (&event_params[1], create, PAYLOAD);
  bind_statement (create->event, event_params, create);
}

static void
set_text (Create     *create,
          int         text,
          const char *value)
{
  size_t length = strlen (value);

  memcpy (create->texts[text], value, length + 1);
  create->text_lengths[text] = length;
}

/* the next row: a unique code and name, the rest drawn as the demo data draws it */
static void
next_row (BenchWorker *worker,
          Create      *create)
{
  unsigned int pick = bench_random (&worker->seed);
  char code[64];
  char name[TEXT_BUFFER];
  char phone[TEXT_BUFFER];
  char now[TEXT_BUFFER];
  struct timespec ts;
  struct tm tm;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  snprintf (now, sizeof now, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900, tm.tm_mon + 1,
            tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
  snprintf (code, sizeof code, "R%08x-%d-%llu", run_tag, create->index, create->serial++);
  snprintf (name, sizeof name, "%s %s", names[pick % 4], code);
  snprintf (phone, sizeof phone, "+49 30 %07u", pick % 10000000);
  set_text (create, CREATED_AT, now);
  set_text (create, UPDATED_AT, now);
  set_text (create, NAME, name);
  set_text (create, CODE, code);
  set_text (create, INDUSTRY, industries[(pick >> 4) % 4]);
  set_text (create, REGION, regions[(pick >> 8) % 4]);
  set_text (create, SOURCE, "website");
  set_text (create, TIER, "standard");
  set_text (create, STAGE, "prospect");
  set_text (create, PHONE, phone);
  set_text (create, TAGS, pick % 3 ? "[\"GMP\"]" : "[]");
}

static int
execute (BenchWorker *worker,
         MYSQL_STMT  *stmt)
{
  if (mysql_stmt_execute (stmt) != 0)
    {
      worker->error = mysql_stmt_error (stmt);
      return -1;
    }
  return 0;
}

static int
insert_once (BenchWorker *worker)
{
  Create *create = worker->data;

  next_row (worker, create);
  return execute (worker, create->insert);
}

static int
transaction_once (BenchWorker *worker)
{
  Create *create = worker->data;
  char payload[TEXT_BUFFER];

  next_row (worker, create);
  if (mysql_query (worker->mysql, "START TRANSACTION") != 0)
    {
      worker->error = mysql_error (worker->mysql);
      return -1;
    }
  if (bench_fetch_all (worker, create->actor) != 0 ||
      bench_fetch_all (worker, create->session) != 0 ||
      bench_fetch_all (worker, create->owner) != 0 ||
      execute (worker, create->insert) != 0)
    return -1;
  create->row_id = (long long) mysql_stmt_insert_id (create->insert);
  snprintf (payload, sizeof payload, "{\"entity\":\"account\",\"id\":%lld,\"action\":\"create\",\"version\":1}",
            create->row_id);
  set_text (create, PAYLOAD, payload);
  if (bench_fetch_all (worker, create->account) != 0 || execute (worker, create->event) != 0)
    return -1;
  if (mysql_query (worker->mysql, "COMMIT") != 0)
    {
      worker->error = mysql_error (worker->mysql);
      return -1;
    }
  return 0;
}

static void
close_worker (BenchWorker *worker)
{
  Create *create = worker->data;
  MYSQL_STMT *stmts[] = { create->insert, create->actor, create->session, create->owner, create->account, create->event };

  for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
    if (stmts[i] != NULL)
      mysql_stmt_close (stmts[i]);
  mysql_close (worker->mysql);
  free (create);
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

  if (argc != 6 && argc != 7)
    {
      fprintf (stderr, "Usage: %s SOCKET insert|transaction SECONDS CONNECTIONS OWNER_ID [TOKEN_HASH]\n", argv[0]);
      return 2;
    }
  transaction = strcmp (argv[2], "transaction") == 0;
  duration = strtod (argv[3], NULL);
  n_connections = atoi (argv[4]);
  owner_id = strtoll (argv[5], NULL, 10);
  token_hash = argc == 7 ? argv[6] : "none";
  token_length = strlen (token_hash);
  if ((!transaction && strcmp (argv[2], "insert") != 0) ||
      duration <= 0 || n_connections < 1 || n_connections > 1024 || owner_id < 1)
    {
      fprintf (stderr, "%s: MODE is insert or transaction; SECONDS, CONNECTIONS and OWNER_ID are positive\n", program);
      return 2;
    }
  if (mysql_library_init (0, NULL, NULL) != 0)
    {
      fprintf (stderr, "%s: cannot initialise the client library\n", program);
      return 1;
    }
  /* codes stay unique over runs started in different seconds or processes */
  run_tag = (unsigned int) time (NULL) * 2654435761u ^ (unsigned int) getpid ();

  workers = calloc (n_connections, sizeof *workers);
  for (int i = 0; i < n_connections; i++)
    {
      workers[i].seed = 0x9E3779B9u ^ (unsigned int) (i * 2654435761u) ^ run_tag;
      if (workers[i].seed == 0)
        workers[i].seed = 1;
      if ((workers[i].mysql = bench_connect (argv[1], program)) == NULL)
        return 1;
      bind_worker (&workers[i], i);
    }

  status = bench_loop_run (workers, n_connections, duration, transaction ? transaction_once : insert_once,
                           program, &summary);

  printf ("RESULT name=%s connections=%d seconds=%.2f queries=%llu qps=%.1f p50_us=%lld p95_us=%lld p99_us=%lld\n",
          transaction ? "raw-transaction" : "raw-insert", n_connections, summary.seconds,
          (unsigned long long) summary.count, summary.count / summary.seconds,
          summary.p50_us, summary.p95_us, summary.p99_us);

  for (int i = 0; i < n_connections; i++)
    close_worker (&workers[i]);
  free (workers);
  mysql_library_end ();
  return status;
}
