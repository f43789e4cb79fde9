/* test-pipeline-summary.c: the funnel and the forecast read from the sums that the writes keep equal, cent for cent, what every record gives */
#include "rapport-test-db.h"
#include "rapportd-db.h"
#include "rapportd-pipeline-report.h"

#include <string.h>

#define N_BATCHES 6
#define WRITES_PER_BATCH 40

static RapportTestServer *server;
static RapportdDb *db;
static gint64 pipeline_id;
static gint64 stages[6];
static const char *stage_kinds[6];
static guint n_stages;
static gint64 accounts[3];
static gint64 owners[4];
static gint64 east_id;
static gint64 north_id;
static GArray *opportunities;

typedef struct
{
  const char    *name;
  RapportdActor  actor;
} Reader;

static Reader readers[3];

static char *
sql_value (const char *statement)
{
  char *out = rapport_test_server_sql (server, statement);

  g_strchomp (out);
  return out;
}

static RapportTestReply *
call (const char *method,
      const char *path,
      const char *body)
{
  RapportTestReply *reply = rapport_test_request (server, method, path, server->admin_token, body);

  if (reply->status >= 300)
    g_test_message ("%s %s %s: %u %s", method, path, body ? body : "", reply->status, reply->body);
  return reply;
}

/* a reader as rapportd makes one from a user: their role's scope of opportunities */
static void
reader_init (Reader     *reader,
             const char *name,
             const char *login)
{
  g_autofree char *query = g_strdup_printf ("SELECT id, role, COALESCE(team_id, 0) FROM users WHERE login = '%s'", login);
  g_autofree char *row = sql_value (query);
  g_auto(GStrv) cells = g_strsplit (row, "\t", -1);
  g_autofree char *scope_query = NULL;

  g_assert_cmpuint (g_strv_length (cells), ==, 3);
  reader->name = name;
  reader->actor.user_id = g_ascii_strtoll (cells[0], NULL, 10);
  reader->actor.login = g_strdup (login);
  reader->actor.name = g_strdup (login);
  reader->actor.role = g_strdup (cells[1]);
  reader->actor.team_id = g_ascii_strtoll (cells[2], NULL, 10);
  reader->actor.scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scope_query = g_strdup_printf ("SELECT scope FROM role_scopes WHERE role = '%s' AND entity = 'opportunity'", cells[1]);
  g_hash_table_insert (reader->actor.scopes, g_strdup ("opportunity"), sql_value (scope_query));
  g_test_message ("%s: user %" G_GINT64_FORMAT ", scope %s", name, reader->actor.user_id,
                  (const char *) g_hash_table_lookup (reader->actor.scopes, "opportunity"));
}

static void
add_people (void)
{
  g_free (rapport_test_server_add_managed_user (server, "mgr", "manager", NULL));
  g_free (rapport_test_server_add_managed_user (server, "rep1", "sales", "mgr"));
  g_free (rapport_test_server_add_managed_user (server, "rep2", "sales", "mgr"));
  g_free (rapport_test_server_add_managed_user (server, "rep3", "sales", NULL));
  g_free (rapport_test_server_sql (server, "INSERT INTO teams (created_at, updated_at, name) VALUES "
                                   "(UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'East'), (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'North')"));
  east_id = rapport_test_sql_int (server, "SELECT id FROM teams WHERE name = 'East'");
  north_id = rapport_test_sql_int (server, "SELECT id FROM teams WHERE name = 'North'");
  g_free (rapport_test_server_sql (server, "UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'East') "
                                   "WHERE login IN ('mgr', 'rep1', 'rep2')"));
  g_free (rapport_test_server_sql (server, "UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'North') "
                                   "WHERE login = 'rep3'"));
  owners[0] = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'rep1'");
  owners[1] = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'rep2'");
  owners[2] = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'rep3'");
  owners[3] = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'mgr'");
  reader_init (&readers[0], "administrator", "admin");
  reader_init (&readers[1], "manager", "mgr");
  reader_init (&readers[2], "rep", "rep1");
}

static void
load_pipeline (void)
{
  g_autofree char *rows = NULL;
  g_auto(GStrv) lines = NULL;

  pipeline_id = rapport_test_sql_int (server, "SELECT id FROM pipelines WHERE is_default = 1");
  rows = sql_value ("SELECT id, kind FROM pipeline_stages WHERE pipeline_id = (SELECT id FROM pipelines WHERE is_default = 1) "
                    "ORDER BY position");
  lines = g_strsplit (rows, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0' && n_stages < G_N_ELEMENTS (stages); i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      stages[n_stages] = g_ascii_strtoll (cells[0], NULL, 10);
      stage_kinds[n_stages] = g_intern_string (cells[1]);
      n_stages++;
    }
  g_assert_cmpuint (n_stages, ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Summary account %u\"}", i);

      accounts[i] = rapport_test_create (server, server->admin_token, "accounts", body);
      g_assert_cmpint (accounts[i], >, 0);
    }
}

/* "123.45": cents from 1 to 2,000,000.00 */
static char *
random_amount (void)
{
  gint64 cents = g_test_rand_int_range (1, 200000000);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

static char *
random_date (void)
{
  return g_strdup_printf ("%d-%02d-%02d", g_test_rand_int_range (2026, 2028), g_test_rand_int_range (1, 13),
                          g_test_rand_int_range (1, 29));
}

static void
create_one (void)
{
  g_autofree char *amount = random_amount ();
  g_autofree char *close = random_date ();
  gboolean usd = g_test_rand_bit ();
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Deal\",\"account_id\":%" G_GINT64_FORMAT ",\"owner_id\":%" G_GINT64_FORMAT
                                           ",\"amount\":\"%s\",\"currency\":\"%s\"%s,\"expected_close\":\"%s\"}",
                                           accounts[g_test_rand_int_range (0, G_N_ELEMENTS (accounts))],
                                           owners[g_test_rand_int_range (0, G_N_ELEMENTS (owners))], amount,
                                           usd ? "USD" : "CNY", usd ? ",\"exchange_rate\":\"7.12345678\"" : "", close);
  gint64 id = rapport_test_create (server, server->admin_token, "opportunities", body);

  g_assert_cmpint (id, >, 0);
  g_array_append_val (opportunities, id);
}

/* the opportunity's version, status and whether it is archived */
static gint64
read_one (gint64       id,
          const char **status,
          gboolean    *archived)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) reply = call ("GET", path, NULL);
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, 200);
  object = rapport_test_reply_object (reply);
  *status = g_intern_string (json_object_get_string_member (object, "status"));
  *archived = json_object_get_boolean_member (object, "archived");
  return json_object_get_int_member (object, "version");
}

static void
patch_one (gint64      id,
           gint64      version,
           const char *fields)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",%s}", version, fields);
  g_autoptr(RapportTestReply) reply = call ("PATCH", path, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

static void
move_one (gint64 id,
          gint64 version)
{
  guint to = g_test_rand_int_range (0, n_stages);
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "/stage", id);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"stage_id\":%" G_GINT64_FORMAT "%s}",
                                           version, stages[to],
                                           g_str_equal (stage_kinds[to], "open") ? "" : ",\"close_reason\":\"Decided\"");
  g_autoptr(RapportTestReply) reply = call ("POST", path, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

static void
archive_one (gint64   id,
             gboolean archived)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "%s", id, archived ? "/restore" : "");
  g_autoptr(RapportTestReply) reply = call (archived ? "POST" : "DELETE", path, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* one write of any kind on a random opportunity */
static void
write_one (void)
{
  guint kind = g_test_rand_int_range (0, 10);
  gint64 id;
  gint64 version;
  const char *status;
  gboolean archived;

  if (kind <= 1 || opportunities->len < 4)
    {
      create_one ();
      return;
    }
  id = g_array_index (opportunities, gint64, g_test_rand_int_range (0, opportunities->len));
  version = read_one (id, &status, &archived);
  if (archived || kind == 9)
    {
      archive_one (id, archived);
      return;
    }
  switch (kind)
    {
    case 1:
      {
        g_autofree char *amount = random_amount ();
        g_autofree char *fields = g_strdup_printf ("\"amount\":\"%s\"", amount);

        patch_one (id, version, fields);
        break;
      }
    case 2:
      patch_one (id, version, g_test_rand_bit () ? "\"currency\":\"USD\",\"exchange_rate\":\"6.98765432\""
                                                 : "\"currency\":\"CNY\",\"exchange_rate\":null");
      break;
    case 3:
      {
        g_autofree char *fields = g_strdup_printf ("\"probability\":%d", g_test_rand_int_range (0, 101));

        patch_one (id, version, fields);
        break;
      }
    case 4:
      {
        g_autofree char *close = random_date ();
        g_autofree char *fields = g_strdup_printf ("\"expected_close\":\"%s\"", close);

        patch_one (id, version, fields);
        break;
      }
    case 5:
      {
        g_autofree char *fields = g_strdup_printf ("\"owner_id\":%" G_GINT64_FORMAT,
                                                   owners[g_test_rand_int_range (0, G_N_ELEMENTS (owners))]);

        patch_one (id, version, fields);
        break;
      }
    default:
      move_one (id, version);
      break;
    }
}

static char *
report_text (const RapportdActor          *actor,
             const RapportdPipelineFilter *filter,
             int                           report,
             gboolean                      direct)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  json_builder_begin_object (builder);
  if (report == 0)
    ok = direct ? rapportd_pipeline_report_funnel_direct (db, actor, filter, builder, &error)
                : rapportd_pipeline_report_funnel (db, actor, filter, builder, &error);
  else
    {
      RapportdForecastPeriod period = (report - 1) / 3 ? RAPPORTD_FORECAST_BY_QUARTER : RAPPORTD_FORECAST_BY_MONTH;
      RapportdForecastGroup group = (RapportdForecastGroup) ((report - 1) % 3);

      ok = direct ? rapportd_pipeline_report_forecast_direct (db, actor, filter, period, group, builder, &error)
                  : rapportd_pipeline_report_forecast (db, actor, filter, period, group, builder, &error);
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* every report, for every reader and filter, from the sums and from every record */
static guint
compare_reports (void)
{
  g_autofree char *this_month = sql_value ("SELECT DATE_FORMAT(UTC_DATE(), '%Y-%m-01')");
  g_autofree char *month_end = sql_value ("SELECT LAST_DAY(UTC_DATE())");
  RapportdPipelineFilter filters[] = {
    { pipeline_id, 0, 0, NULL, NULL },
    { pipeline_id, owners[0], 0, NULL, NULL },
    { pipeline_id, owners[2], 0, NULL, NULL },
    { pipeline_id, 0, east_id, NULL, NULL },
    { pipeline_id, 0, north_id, NULL, NULL },
    { pipeline_id, 0, 0, this_month, month_end },
    { pipeline_id, 0, 0, (char *) "2027-01-01", (char *) "2027-06-30" },
    { pipeline_id, 0, 0, NULL, (char *) "2026-12-31" },
    { pipeline_id, 0, east_id, (char *) "2026-07-01", NULL },
  };
  guint compared = 0;

  for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
    for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
      for (int report = 0; report < 7; report++)
        {
          g_autofree char *summed = report_text (&readers[r].actor, &filters[f], report, FALSE);
          g_autofree char *direct = report_text (&readers[r].actor, &filters[f], report, TRUE);

          if (g_strcmp0 (summed, direct) != 0)
            g_test_message ("%s, filter %u, report %d:\n  sums   %s\n  direct %s", readers[r].name, f, report, summed, direct);
          g_assert_cmpstr (summed, ==, direct);
          compared++;
        }
  return compared;
}

static void
merge_accounts (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/merge", accounts[0]);
  g_autofree char *body = g_strdup_printf ("{\"from_id\":%" G_GINT64_FORMAT "}", accounts[2]);
  g_autoptr(RapportTestReply) reply = call ("POST", path, body);

  g_assert_cmpuint (reply->status, ==, 200);
  accounts[2] = accounts[1];
}

/* rep3's opportunities, shared with rep1: seen through the share, read from the records */
static void
share_some (void)
{
  g_autofree char *statement = g_strdup_printf ("INSERT INTO shares (entity, record_id, user_id, access, created_at) "
                                                "SELECT 'opportunity', id, %" G_GINT64_FORMAT ", 'read', UTC_TIMESTAMP(6) "
                                                "FROM opportunities WHERE owner_id = %" G_GINT64_FORMAT " AND id MOD 2 = 0",
                                                owners[0], owners[2]);

  g_free (rapport_test_server_sql (server, statement));
}

static void
test_random_writes (void)
{
  g_autofree char *counted = NULL;

  for (guint batch = 0; batch < N_BATCHES; batch++)
    {
      guint compared;

      for (guint w = 0; w < WRITES_PER_BATCH; w++)
        write_one ();
      if (batch == 2)
        share_some ();
      if (batch == 3)
        merge_accounts ();
      compared = compare_reports ();
      g_test_message ("batch %u: %u opportunities, %u reports compared", batch, opportunities->len, compared);
    }
  /* the comparisons counted something: the sums hold every live opportunity */
  counted = sql_value ("SELECT (SELECT COALESCE(SUM(opportunities), 0) FROM pipeline_summary) = "
                       "(SELECT COUNT(*) FROM opportunities WHERE archived = 0) AND "
                       "(SELECT COUNT(*) FROM opportunities WHERE archived = 0) > 0");
  g_assert_cmpstr (counted, ==, "1");
}

/* a record changed behind rapportd's back (SQL by hand) counts as well */
static void
test_sql_writes (void)
{
  g_autofree char *statement = g_strdup_printf ("UPDATE opportunities SET owner_id = %" G_GINT64_FORMAT
                                                ", amount_base = amount_base + 0.01 WHERE id MOD 3 = 0",
                                                owners[1]);

  g_free (rapport_test_server_sql (server, statement));
  g_free (rapport_test_server_sql (server, "UPDATE opportunity_stage_history SET left_at = left_at + INTERVAL 1 HOUR "
                                   "WHERE left_at IS NOT NULL AND id MOD 2 = 0"));
  compare_reports ();
  /* a stage's own probability decides what is committed when it is read */
  g_free (rapport_test_server_sql (server, "UPDATE pipeline_stages SET probability = 80 WHERE kind = 'open' AND position = 2"));
  compare_reports ();
  g_free (rapport_test_server_sql (server, "UPDATE pipeline_stages SET probability = 50 WHERE kind = 'open' AND position = 2"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  db = rapport_test_db_open (server, "rapport");
  opportunities = g_array_new (FALSE, FALSE, sizeof (gint64));
  add_people ();
  load_pipeline ();

  g_test_add_func ("/pipeline-summary/random-writes", test_random_writes);
  g_test_add_func ("/pipeline-summary/sql-writes", test_sql_writes);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    rapportd_actor_clear (&readers[i].actor);
  g_array_unref (opportunities);
  rapportd_db_close (db);
  rapport_test_server_stop (server);
  return status;
}
