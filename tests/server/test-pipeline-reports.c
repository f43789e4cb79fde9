/* test-pipeline-reports.c: the funnel, forecast, win rate and stale deals, every figure worked out by hand */
#include "rapport-test-server.h"

#include <string.h>

/* The data set is written with SQL, not the API: its times (when each
 * opportunity entered and left each stage, when it closed, when it was last
 * worked) must be fixed for the figures below to be worked out by hand.
 *
 * Users: rep1 and rep2 in team East with their manager mgr; rep3 in team
 * North; a director. Default pipeline: Qualification (Q, 10 %), Needs
 * analysis (NA, 20 %), Proposal (P, 50 %), Negotiation (N, 75 %), Won, Lost.
 *
 *      owner stage  amount_base prob expected   closed           created
 * o1   rep1  Q      1000.00     10   2026-03-15 -                01-05
 * o2   rep1  P      0.05        50   2026-03-20 -                01-06
 * o3   rep2  P      0.05        50   2026-04-02 -                01-07
 * o4   rep3  N      2000.00     75   2026-03-31 -                01-08
 * o5   rep1  N      1.15        50   2026-05-10 -                02-10
 * o6   rep2  NA     (none)      20   (none)     -                02-11
 * o7   rep1  Won    500.00      100  -          2026-03-10 12:00 01-02 10:00  lead exhibition, account banking
 * o8   rep3  Won    300.00      100  -          2026-04-01 09:00 01-03        lead web_form, account medical_devices
 * o9   rep2  Lost   700.00      0    -          2026-03-05       01-04        lead exhibition, account banking
 * o10  rep1  Lost   50.00       0    -          2026-02-20       01-09        no lead, account medical_devices
 * o11  rep1  Q      9999.00, archived: counts nowhere
 * o12  rep1  in the pipeline Partners
 *
 * Stays (entered → left, days): see history_sql below. */

static RapportTestServer *server;
static char *rep1, *rep2, *rep3, *mgr, *director;
static gint64 east_id, north_id, rep1_id, rep3_id, partners_id;
static gint64 o[13];

static const char data_sql[] =
  "SET @q = (SELECT s.id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.is_default = 1 AND s.position = 0);"
  "SET @na = @q + 1; SET @p = @q + 2; SET @n = @q + 3; SET @won = @q + 4; SET @lost = @q + 5;"
  "SET @pipeline = (SELECT id FROM pipelines WHERE is_default = 1);"
  "SET @rep1 = (SELECT id FROM users WHERE login = 'rep1'); SET @rep2 = (SELECT id FROM users WHERE login = 'rep2');"
  "SET @rep3 = (SELECT id FROM users WHERE login = 'rep3');"
  "INSERT INTO accounts (created_at, updated_at, name, industry, owner_id) VALUES "
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Bank of Reports', 'banking', @rep1); SET @a1 = LAST_INSERT_ID();"
  "INSERT INTO accounts (created_at, updated_at, name, industry, owner_id) VALUES "
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Reports Medical', 'medical_devices', @rep3); SET @a2 = LAST_INSERT_ID();"
  "INSERT INTO leads (created_at, updated_at, company, source, owner_id) VALUES "
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Lead One', 'exhibition', @rep1); SET @l1 = LAST_INSERT_ID();"
  "INSERT INTO leads (created_at, updated_at, company, source, owner_id) VALUES "
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Lead Two', 'web_form', @rep3); SET @l2 = LAST_INSERT_ID();"
  "INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base, "
  "  expected_close, pipeline_id, stage_id, probability, status, closed_at, lead_id, stage_entered_at, last_activity_at, archived) VALUES "
  "  ('2026-01-05', '2026-01-05', 'o1', @a1, @rep1, 1000.00, 'CNY', 1000.00, '2026-03-15', @pipeline, @q, 10, 'open', NULL, NULL,"
  "   '2026-01-05', UTC_TIMESTAMP(6) - INTERVAL 40 DAY, 0),"
  "  ('2026-01-06', '2026-01-06', 'o2', @a1, @rep1, 0.05, 'CNY', 0.05, '2026-03-20', @pipeline, @p, 50, 'open', NULL, NULL,"
  "   '2026-01-11', UTC_TIMESTAMP(6) - INTERVAL 10 DAY, 0),"
  "  ('2026-01-07', '2026-01-07', 'o3', @a1, @rep2, 0.05, 'CNY', 0.05, '2026-04-02', @pipeline, @p, 50, 'open', NULL, NULL,"
  "   UTC_TIMESTAMP(6) - INTERVAL 31 DAY, NULL, 0),"
  "  ('2026-01-08', '2026-01-08', 'o4', @a2, @rep3, 2000.00, 'CNY', 2000.00, '2026-03-31', @pipeline, @n, 75, 'open', NULL, NULL,"
  "   NULL, NULL, 0),"
  "  ('2026-02-10', '2026-02-10', 'o5', @a1, @rep1, 1.15, 'CNY', 1.15, '2026-05-10', @pipeline, @n, 50, 'open', NULL, NULL,"
  "   '2026-02-14', UTC_TIMESTAMP(6) - INTERVAL 29 DAY - INTERVAL 23 HOUR, 0),"
  "  ('2026-02-11', '2026-02-11', 'o6', @a1, @rep2, NULL, 'CNY', NULL, NULL, @pipeline, @na, 20, 'open', NULL, NULL,"
  "   '2026-02-12', UTC_TIMESTAMP(6) - INTERVAL 35 DAY, 0),"
  "  ('2026-01-02 10:00', '2026-01-02', 'o7', @a1, @rep1, 500.00, 'CNY', 500.00, NULL, @pipeline, @won, 100, 'won',"
  "   '2026-03-10 12:00', @l1, '2026-03-10 12:00', NULL, 0),"
  "  ('2026-01-03', '2026-01-03', 'o8', @a2, @rep3, 300.00, 'CNY', 300.00, NULL, @pipeline, @won, 100, 'won',"
  "   '2026-04-01 09:00', @l2, '2026-04-01 09:00', NULL, 0),"
  "  ('2026-01-04', '2026-01-04', 'o9', @a1, @rep2, 700.00, 'CNY', 700.00, NULL, @pipeline, @lost, 0, 'lost',"
  "   '2026-03-05', @l1, '2026-03-05', NULL, 0),"
  "  ('2026-01-09', '2026-01-09', 'o10', @a2, @rep1, 50.00, 'CNY', 50.00, NULL, @pipeline, @lost, 0, 'lost',"
  "   '2026-02-20', NULL, '2026-02-20', NULL, 0),"
  "  ('2026-01-01', '2026-01-01', 'o11', @a1, @rep1, 9999.00, 'CNY', 9999.00, '2026-03-01', @pipeline, @q, 10, 'open', NULL, NULL,"
  "   '2026-01-01', UTC_TIMESTAMP(6) - INTERVAL 90 DAY, 1);"
  "INSERT INTO pipelines (created_at, updated_at, name, is_default) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Partners', 0);"
  "SET @partners = LAST_INSERT_ID();"
  "INSERT INTO pipeline_stages (created_at, updated_at, pipeline_id, position, name, probability, kind) VALUES "
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @partners, 0, 'Talking', 30, 'open'),"
  "  (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @partners, 1, 'Signed', 100, 'won');"
  "INSERT INTO opportunities (created_at, updated_at, name, account_id, owner_id, amount, currency, amount_base, "
  "  expected_close, pipeline_id, stage_id, probability, status) VALUES "
  "  ('2026-01-05', '2026-01-05', 'o12', @a1, @rep1, 80.00, 'CNY', 80.00, '2026-03-15', @partners,"
  "   (SELECT id FROM pipeline_stages WHERE pipeline_id = @partners AND position = 0), 30, 'open');";

static gint64
opportunity_id (const char *name)
{
  g_autofree char *statement = g_strdup_printf ("SELECT id FROM opportunities WHERE name = '%s'", name);

  return rapport_test_sql_int (server, "%s", statement);
}

/* each stay; days between its ends in the comment */
static const char history_sql[] =
  "SET @q = (SELECT stage_id FROM opportunities WHERE name = 'o1');"
  "SET @na = @q + 1; SET @p = @q + 2; SET @n = @q + 3; SET @won = @q + 4; SET @lost = @q + 5;"
  "INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at) VALUES "
  "  (%1$" G_GINT64_FORMAT ", @q, '2026-01-05', NULL),"
  /* o2: Q 2, NA 3, P now */
  "  (%2$" G_GINT64_FORMAT ", @q, '2026-01-06', '2026-01-08'), (%2$" G_GINT64_FORMAT ", @na, '2026-01-08', '2026-01-11'),"
  "  (%2$" G_GINT64_FORMAT ", @p, '2026-01-11', NULL),"
  /* o3: Q 1, skips NA, P now */
  "  (%3$" G_GINT64_FORMAT ", @q, '2026-01-07', '2026-01-08'), (%3$" G_GINT64_FORMAT ", @p, '2026-01-08', NULL),"
  /* o4: Q 2, NA 2, P 8, N now */
  "  (%4$" G_GINT64_FORMAT ", @q, '2026-01-08', '2026-01-10'), (%4$" G_GINT64_FORMAT ", @na, '2026-01-10', '2026-01-12'),"
  "  (%4$" G_GINT64_FORMAT ", @p, '2026-01-12', '2026-01-20'), (%4$" G_GINT64_FORMAT ", @n, '2026-01-20', NULL),"
  /* o5: Q 1.5, NA 1.5, P 1, N now */
  "  (%5$" G_GINT64_FORMAT ", @q, '2026-02-10', '2026-02-11 12:00'), (%5$" G_GINT64_FORMAT ", @na, '2026-02-11 12:00', '2026-02-13'),"
  "  (%5$" G_GINT64_FORMAT ", @p, '2026-02-13', '2026-02-14'), (%5$" G_GINT64_FORMAT ", @n, '2026-02-14', NULL),"
  /* o6: Q 1, NA now */
  "  (%6$" G_GINT64_FORMAT ", @q, '2026-02-11', '2026-02-12'), (%6$" G_GINT64_FORMAT ", @na, '2026-02-12', NULL),"
  /* o7: Q 2, NA 2, P 26, N 37.5, Won */
  "  (%7$" G_GINT64_FORMAT ", @q, '2026-01-02', '2026-01-04'), (%7$" G_GINT64_FORMAT ", @na, '2026-01-04', '2026-01-06'),"
  "  (%7$" G_GINT64_FORMAT ", @p, '2026-01-06', '2026-02-01'), (%7$" G_GINT64_FORMAT ", @n, '2026-02-01', '2026-03-10 12:00'),"
  "  (%7$" G_GINT64_FORMAT ", @won, '2026-03-10 12:00', NULL),"
  /* o8: Q 2, skips NA, P 10, N 76.375 (Jan 15 → Apr 1 09:00: 17 + 28 + 31 days and 9 h), Won */
  "  (%8$" G_GINT64_FORMAT ", @q, '2026-01-03', '2026-01-05'), (%8$" G_GINT64_FORMAT ", @p, '2026-01-05', '2026-01-15'),"
  "  (%8$" G_GINT64_FORMAT ", @n, '2026-01-15', '2026-04-01 09:00'), (%8$" G_GINT64_FORMAT ", @won, '2026-04-01 09:00', NULL),"
  /* o9: Q 1, NA 59 (Jan 5 → Mar 5: 26 + 28 + 5), Lost */
  "  (%9$" G_GINT64_FORMAT ", @q, '2026-01-04', '2026-01-05'), (%9$" G_GINT64_FORMAT ", @na, '2026-01-05', '2026-03-05'),"
  "  (%9$" G_GINT64_FORMAT ", @lost, '2026-03-05', NULL),"
  /* o10: Q 42 (Jan 9 → Feb 20: 22 + 20), Lost */
  "  (%10$" G_GINT64_FORMAT ", @q, '2026-01-09', '2026-02-20'), (%10$" G_GINT64_FORMAT ", @lost, '2026-02-20', NULL),"
  /* o11, archived */
  "  (%11$" G_GINT64_FORMAT ", @q, '2026-01-01', NULL);";

static void
load_data (void)
{
  g_autofree char *history = NULL;

  g_free (rapport_test_server_sql (server, data_sql));
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("o%u", i);

      o[i] = opportunity_id (name);
      g_assert_cmpint (o[i], >, 0);
    }
  history = g_strdup_printf (history_sql, o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11]);
  g_free (rapport_test_server_sql (server, history));
  partners_id = rapport_test_sql_int (server, "SELECT id FROM pipelines WHERE name = 'Partners'");
}

static RapportTestReply *
get (const char *token,
     const char *path)
{
  RapportTestReply *reply = rapport_test_request (server, "GET", path, token, NULL);

  if (reply->status != 200)
    g_test_message ("%s: %u %s", path, reply->status, reply->body);
  return reply;
}

static RapportTestReply *
getf (const char *token,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static RapportTestReply *
getf (const char *token,
      const char *format,
      ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return get (token, path);
}

static JsonObject *
item (RapportTestReply *reply,
      const char       *member,
      guint             index)
{
  JsonArray *array = json_object_get_array_member (rapport_test_reply_object (reply), member);

  g_assert_nonnull (array);
  g_assert_cmpuint (index, <, json_array_get_length (array));
  return json_array_get_object_element (array, index);
}

static guint
length (RapportTestReply *reply,
        const char       *member)
{
  JsonArray *array = json_object_get_array_member (rapport_test_reply_object (reply), member);

  g_assert_nonnull (array);
  return json_array_get_length (array);
}

/* a conversion, or NULL for none */
static void
assert_conversion (JsonObject *stage,
                   gint64      numerator,
                   gint64      denominator,
                   const char *percent)
{
  JsonNode *node = json_object_get_member (stage, "conversion");
  JsonObject *conversion;

  g_assert_nonnull (node);
  if (percent == NULL && numerator < 0)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
      return;
    }
  conversion = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (conversion, "numerator"), ==, numerator);
  g_assert_cmpint (json_object_get_int_member (conversion, "denominator"), ==, denominator);
  g_assert_cmpstr (json_object_get_string_member_with_default (conversion, "percent", NULL), ==, percent);
}

static void
assert_stage (RapportTestReply *reply,
              guint             index,
              const char       *name,
              gint64            count,
              const char       *amount,
              const char       *weighted,
              gint64            reached,
              const char       *avg_days)
{
  JsonObject *stage = item (reply, "stages", index);

  g_test_message ("stage %s", name);
  g_assert_cmpstr (json_object_get_string_member (stage, "name"), ==, name);
  g_assert_cmpint (json_object_get_int_member (stage, "count"), ==, count);
  g_assert_cmpstr (json_object_get_string_member (stage, "amount"), ==, amount);
  g_assert_cmpstr (json_object_get_string_member (stage, "weighted"), ==, weighted);
  g_assert_cmpint (json_object_get_int_member (stage, "reached"), ==, reached);
  g_assert_cmpstr (json_object_get_string_member_with_default (stage, "avg_days_in_stage", NULL), ==, avg_days);
}

static void
test_funnel (void)
{
  g_autoptr(RapportTestReply) reply = get (server->admin_token, "/api/v1/pipeline/funnel");
  JsonObject *root;

  g_assert_cmpuint (reply->status, ==, 200);
  root = rapport_test_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (root, "currency"), ==, "CNY");
  g_assert_cmpuint (length (reply, "stages"), ==, 6);
  /* Q: o1; weighted 1000.00 × 10 % = 100.00. Reached by o1–o10 (o11 is
   * archived). Finished stays 2 + 1 + 2 + 1.5 + 1 + 2 + 2 + 1 + 42 = 54.5
   * days over 9 = 6.06 → 6.1 */
  assert_stage (reply, 0, "Qualification", 1, "1000.00", "100.00", 10, "6.1");
  /* NA → P: reached NA 6 (o2 o4 o5 o6 o7 o9) over reached Q 10 */
  assert_conversion (item (reply, "stages", 0), 6, 10, "60.0");
  /* NA: o6 without an amount. Stays 3 + 2 + 1.5 + 2 + 59 = 67.5 over 5 = 13.5 */
  assert_stage (reply, 1, "Needs analysis", 1, "0.00", "0.00", 6, "13.5");
  /* P reached by o2 o3 o4 o5 o7 o8 (o3 and o8 skipped NA): 6/6 */
  assert_conversion (item (reply, "stages", 1), 6, 6, "100.0");
  /* P: o2 and o3, 0.05 at 50 % each: 0.025 → 0.03 per deal, 0.06 (0.05 if
   * the sum were rounded once). Stays 8 + 1 + 26 + 10 = 45 over 4 = 11.25
   * → 11.3 (half up, where a double printed with %.1f gives 11.2) */
  assert_stage (reply, 2, "Proposal", 2, "0.10", "0.06", 6, "11.3");
  /* N reached by o4 o5 o7 o8: 4/6 = 66.67 % */
  assert_conversion (item (reply, "stages", 2), 4, 6, "66.7");
  /* N: o4 2000.00 × 75 % = 1500.00 and o5 1.15 × 50 % = 0.575 → 0.58.
   * Stays 37.5 + 76.375 = 113.875 over 2 = 56.9375 → 56.9 */
  assert_stage (reply, 3, "Negotiation", 2, "2001.15", "1500.58", 4, "56.9");
  /* Won reached by o7 o8: 2/4 */
  assert_conversion (item (reply, "stages", 3), 2, 4, "50.0");
  /* Won: o7 500 + o8 300 at 100 %; nobody left Won: no average */
  assert_stage (reply, 4, "Won", 2, "800.00", "800.00", 2, NULL);
  assert_conversion (item (reply, "stages", 4), -1, -1, NULL);
  /* Lost: o9 700 + o10 50 at 0 % */
  assert_stage (reply, 5, "Lost", 2, "750.00", "0.00", 2, NULL);
  assert_conversion (item (reply, "stages", 5), -1, -1, NULL);
}

/* a sales rep counts only their own; a manager their team's; a share widens
 * it as it widens the lists */
static void
test_funnel_visibility (void)
{
  g_autoptr(RapportTestReply) own = get (rep1, "/api/v1/pipeline/funnel");
  g_autoptr(RapportTestReply) team = get (mgr, "/api/v1/pipeline/funnel");
  g_autoptr(RapportTestReply) company = get (director, "/api/v1/pipeline/funnel");
  g_autoptr(RapportTestReply) shared = NULL;
  g_autoptr(RapportTestReply) unshared = NULL;
  g_autofree char *share = NULL;

  g_assert_cmpuint (own->status, ==, 200);
  /* rep1: o1, o2, o5, o7, o10 */
  assert_stage (own, 0, "Qualification", 1, "1000.00", "100.00", 5, "11.9");   /* (2 + 1.5 + 2 + 42) / 4 = 11.875 */
  assert_conversion (item (own, "stages", 0), 3, 5, "60.0");                     /* NA: o2 o5 o7 */
  assert_stage (own, 1, "Needs analysis", 0, "0.00", "0.00", 3, "2.2");         /* (3 + 1.5 + 2) / 3 = 2.1667 */
  assert_stage (own, 2, "Proposal", 1, "0.05", "0.03", 3, "13.5");              /* (1 + 26) / 2 */
  assert_conversion (item (own, "stages", 2), 2, 3, "66.7");
  assert_stage (own, 3, "Negotiation", 1, "1.15", "0.58", 2, "37.5");
  assert_stage (own, 4, "Won", 1, "500.00", "500.00", 1, NULL);
  assert_stage (own, 5, "Lost", 1, "50.00", "0.00", 1, NULL);

  /* mgr (team East: rep1, rep2): all but rep3's o4 and o8 */
  g_assert_cmpuint (team->status, ==, 200);
  assert_stage (team, 0, "Qualification", 1, "1000.00", "100.00", 8, "7.2");   /* (2 + 1 + 1.5 + 1 + 2 + 1 + 42) / 7 = 7.214 */
  assert_stage (team, 2, "Proposal", 2, "0.10", "0.06", 4, "13.5");
  assert_stage (team, 3, "Negotiation", 1, "1.15", "0.58", 2, "37.5");
  assert_stage (team, 4, "Won", 1, "500.00", "500.00", 1, NULL);
  assert_stage (team, 5, "Lost", 2, "750.00", "0.00", 2, NULL);

  /* a director sees what the administrator sees */
  assert_stage (company, 3, "Negotiation", 2, "2001.15", "1500.58", 4, "56.9");

  /* rep3's won o8, shared with rep2 for reading, counts for rep2 as it lists */
  share = g_strdup_printf ("INSERT INTO shares (entity, record_id, user_id, access, created_at) "
                           "VALUES ('opportunity', %" G_GINT64_FORMAT ", (SELECT id FROM users WHERE login = 'rep2'), "
                           "'read', UTC_TIMESTAMP(6))", o[8]);
  g_free (rapport_test_server_sql (server, share));
  shared = get (rep2, "/api/v1/pipeline/funnel");
  assert_stage (shared, 4, "Won", 1, "300.00", "300.00", 1, NULL);
  g_free (rapport_test_server_sql (server, "DELETE FROM shares WHERE entity = 'opportunity'"));
  unshared = get (rep2, "/api/v1/pipeline/funnel");
  assert_stage (unshared, 4, "Won", 0, "0.00", "0.00", 0, NULL);
}

static void
test_funnel_filters (void)
{
  g_autoptr(RapportTestReply) owner = getf (server->admin_token, "/api/v1/pipeline/funnel?owner_id=%" G_GINT64_FORMAT, rep3_id);
  g_autoptr(RapportTestReply) north = getf (server->admin_token, "/api/v1/pipeline/funnel?team_id=%" G_GINT64_FORMAT, north_id);
  g_autoptr(RapportTestReply) east = getf (server->admin_token, "/api/v1/pipeline/funnel?team_id=%" G_GINT64_FORMAT, east_id);
  g_autoptr(RapportTestReply) february = get (server->admin_token, "/api/v1/pipeline/funnel?from=2026-02-01&to=2026-02-28");
  g_autoptr(RapportTestReply) one_day = get (server->admin_token, "/api/v1/pipeline/funnel?from=2026-01-02&to=2026-01-02");
  g_autoptr(RapportTestReply) me = get (rep1, "/api/v1/pipeline/funnel?owner_id=me");
  g_autoptr(RapportTestReply) partners = getf (server->admin_token, "/api/v1/pipeline/funnel?pipeline_id=%" G_GINT64_FORMAT,
                                               partners_id);

  /* rep3: o4 in N, o8 won */
  assert_stage (owner, 0, "Qualification", 0, "0.00", "0.00", 2, "2.0");
  assert_stage (owner, 3, "Negotiation", 1, "2000.00", "1500.00", 2, "76.4");   /* o8's 76.375 days */
  assert_stage (owner, 4, "Won", 1, "300.00", "300.00", 1, NULL);
  assert_stage (north, 3, "Negotiation", 1, "2000.00", "1500.00", 2, "76.4");
  assert_stage (east, 2, "Proposal", 2, "0.10", "0.06", 4, "13.5");
  assert_stage (east, 5, "Lost", 2, "750.00", "0.00", 2, NULL);
  /* created in February: o5 (N) and o6 (NA) */
  assert_stage (february, 0, "Qualification", 0, "0.00", "0.00", 2, "1.3");    /* (1.5 + 1) / 2 = 1.25 */
  assert_stage (february, 1, "Needs analysis", 1, "0.00", "0.00", 2, "1.5");
  assert_stage (february, 3, "Negotiation", 1, "1.15", "0.58", 1, NULL);
  /* "to" takes its whole day: o7, created 2026-01-02 10:00 */
  assert_stage (one_day, 4, "Won", 1, "500.00", "500.00", 1, NULL);
  assert_stage (one_day, 0, "Qualification", 0, "0.00", "0.00", 1, "2.0");
  assert_stage (me, 0, "Qualification", 1, "1000.00", "100.00", 5, "11.9");
  /* another pipeline: its own stages, o12 alone */
  g_assert_cmpuint (length (partners, "stages"), ==, 2);
  assert_stage (partners, 0, "Talking", 1, "80.00", "24.00", 0, NULL);
  assert_conversion (item (partners, "stages", 0), 0, 0, NULL);
  g_assert_null (json_object_get_string_member_with_default (json_object_get_object_member (item (partners, "stages", 0), "conversion"),
                                                             "percent", NULL));
}

static void
assert_sums (JsonObject *object,
             const char *won,
             const char *committed,
             const char *weighted,
             const char *best_case)
{
  g_assert_cmpstr (json_object_get_string_member (object, "won"), ==, won);
  g_assert_cmpstr (json_object_get_string_member (object, "committed"), ==, committed);
  g_assert_cmpstr (json_object_get_string_member (object, "weighted"), ==, weighted);
  g_assert_cmpstr (json_object_get_string_member (object, "best_case"), ==, best_case);
}

static void
test_forecast (void)
{
  g_autoptr(RapportTestReply) months = get (server->admin_token, "/api/v1/pipeline/forecast");
  g_autoptr(RapportTestReply) quarters = get (server->admin_token, "/api/v1/pipeline/forecast?period=quarter");
  g_autoptr(RapportTestReply) april = get (server->admin_token, "/api/v1/pipeline/forecast?from=2026-04-01&to=2026-04-30");
  g_autoptr(RapportTestReply) team = get (mgr, "/api/v1/pipeline/forecast");
  JsonObject *march;

  g_assert_cmpuint (months->status, ==, 200);
  /* open by expected close, won by the day they closed; o6 has no expected
   * close, lost ones count nowhere */
  g_assert_cmpuint (length (months, "periods"), ==, 3);
  march = item (months, "periods", 0);
  g_assert_cmpstr (json_object_get_string_member (march, "period"), ==, "2026-03");
  g_assert_cmpstr (json_object_get_string_member (march, "start"), ==, "2026-03-01");
  g_assert_cmpstr (json_object_get_string_member (march, "end"), ==, "2026-03-31");
  /* won o7 500.00; committed o4 2000.00 (Negotiation, 75 %); weighted
   * o1 100.00 + o2 0.03 + o4 1500.00; best case 500 + 1000 + 0.05 + 2000 */
  assert_sums (march, "500.00", "2000.00", "1600.03", "3500.05");
  /* April: won o8 300.00; o3 0.05 in Proposal (50 %): weighted 0.03 */
  g_assert_cmpstr (json_object_get_string_member (item (months, "periods", 1), "period"), ==, "2026-04");
  assert_sums (item (months, "periods", 1), "300.00", "0.00", "0.03", "300.05");
  /* May: o5 1.15 in Negotiation (committed by its stage) at its own 50 % */
  assert_sums (item (months, "periods", 2), "0.00", "1.15", "0.58", "1.15");

  /* Q1 is March alone; Q2: 300.00 won, 1.15 committed, 0.03 + 0.58, 300 + 0.05 + 1.15 */
  g_assert_cmpuint (length (quarters, "periods"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (item (quarters, "periods", 0), "period"), ==, "2026-Q1");
  g_assert_cmpstr (json_object_get_string_member (item (quarters, "periods", 1), "end"), ==, "2026-06-30");
  assert_sums (item (quarters, "periods", 0), "500.00", "2000.00", "1600.03", "3500.05");
  assert_sums (item (quarters, "periods", 1), "300.00", "1.15", "0.61", "301.20");

  g_assert_cmpuint (length (april, "periods"), ==, 1);
  assert_sums (item (april, "periods", 0), "300.00", "0.00", "0.03", "300.05");

  /* mgr: rep3's o4 and o8 are not theirs to see */
  assert_sums (item (team, "periods", 0), "500.00", "0.00", "100.03", "1500.05");
  assert_sums (item (team, "periods", 1), "0.00", "0.00", "0.03", "0.05");
}

static void
test_forecast_groups (void)
{
  g_autoptr(RapportTestReply) owners = get (server->admin_token, "/api/v1/pipeline/forecast?group_by=owner");
  g_autoptr(RapportTestReply) teams = get (server->admin_token, "/api/v1/pipeline/forecast?period=quarter&group_by=team");
  JsonObject *march = NULL;
  JsonArray *groups;
  JsonObject *q2;

  g_assert_cmpuint (owners->status, ==, 200);
  march = item (owners, "periods", 0);
  assert_sums (march, "500.00", "2000.00", "1600.03", "3500.05");
  groups = json_object_get_array_member (march, "owners");
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  /* rep1: o1, o2, o7; rep3: o4 — adding up to March's total, to the cent */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (groups, 0), "owner_id"), ==, rep1_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "name"), ==, "rep1 Name");
  assert_sums (json_array_get_object_element (groups, 0), "500.00", "0.00", "100.03", "1500.05");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (groups, 1), "owner_id"), ==, rep3_id);
  assert_sums (json_array_get_object_element (groups, 1), "0.00", "2000.00", "1500.00", "2000.00");

  /* Q2 by team: East (o3 of rep2, o5 of rep1) and North (o8 of rep3) */
  q2 = item (teams, "periods", 1);
  assert_sums (q2, "300.00", "1.15", "0.61", "301.20");
  groups = json_object_get_array_member (q2, "teams");
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (groups, 0), "team_id"), ==, east_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "name"), ==, "East");
  assert_sums (json_array_get_object_element (groups, 0), "0.00", "1.15", "0.61", "1.20");
  assert_sums (json_array_get_object_element (groups, 1), "300.00", "0.00", "0.00", "300.00");
}

static void
assert_rate (JsonObject *entry,
             gint64      won,
             gint64      closed,
             const char *percent)
{
  g_assert_cmpint (json_object_get_int_member (entry, "won"), ==, won);
  g_assert_cmpint (json_object_get_int_member (entry, "closed"), ==, closed);
  g_assert_cmpint (json_object_get_int_member (entry, "lost"), ==, closed - won);
  g_assert_cmpstr (json_object_get_string_member_with_default (entry, "percent", NULL), ==, percent);
}

static void
test_win_rate (void)
{
  g_autoptr(RapportTestReply) all = get (server->admin_token, "/api/v1/pipeline/win-rate");
  g_autoptr(RapportTestReply) march = get (server->admin_token, "/api/v1/pipeline/win-rate?from=2026-03-01&to=2026-03-31");
  g_autoptr(RapportTestReply) before = get (server->admin_token, "/api/v1/pipeline/win-rate?from=2026-03-01&to=2026-03-09");
  g_autoptr(RapportTestReply) team = get (mgr, "/api/v1/pipeline/win-rate");
  JsonObject *root;

  g_assert_cmpuint (all->status, ==, 200);
  root = rapport_test_reply_object (all);
  /* closed: o7 and o8 won, o9 and o10 lost */
  assert_rate (json_object_get_object_member (root, "overall"), 2, 4, "50.0");
  /* per open stage reached: Q all four; NA o7 (won) o9; P and N o7 o8 */
  g_assert_cmpuint (length (all, "stages"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (item (all, "stages", 0), "name"), ==, "Qualification");
  assert_rate (item (all, "stages", 0), 2, 4, "50.0");
  assert_rate (item (all, "stages", 1), 1, 2, "50.0");
  assert_rate (item (all, "stages", 2), 2, 2, "100.0");
  assert_rate (item (all, "stages", 3), 2, 2, "100.0");
  /* per owner: rep1 o7 won, o10 lost; rep2 o9 lost; rep3 o8 won */
  g_assert_cmpuint (length (all, "owners"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (item (all, "owners", 0), "owner_id"), ==, rep1_id);
  assert_rate (item (all, "owners", 0), 1, 2, "50.0");
  assert_rate (item (all, "owners", 1), 0, 1, "0.0");
  assert_rate (item (all, "owners", 2), 1, 1, "100.0");
  /* per source of the lead: none (o10), exhibition (o7 won, o9), web_form (o8 won) */
  g_assert_cmpuint (length (all, "sources"), ==, 3);
  g_assert_true (json_node_is_null (json_object_get_member (item (all, "sources", 0), "source")));
  assert_rate (item (all, "sources", 0), 0, 1, "0.0");
  g_assert_cmpstr (json_object_get_string_member (item (all, "sources", 1), "source"), ==, "exhibition");
  assert_rate (item (all, "sources", 1), 1, 2, "50.0");
  assert_rate (item (all, "sources", 2), 1, 1, "100.0");
  /* per industry of the account: banking (o7 won, o9), medical_devices (o8 won, o10) */
  g_assert_cmpuint (length (all, "industries"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (item (all, "industries", 0), "industry"), ==, "banking");
  assert_rate (item (all, "industries", 0), 1, 2, "50.0");
  assert_rate (item (all, "industries", 1), 1, 2, "50.0");

  /* closed in March: o7 (the 10th, 12:00) and o9 (the 5th) */
  assert_rate (json_object_get_object_member (rapport_test_reply_object (march), "overall"), 1, 2, "50.0");
  assert_rate (json_object_get_object_member (rapport_test_reply_object (before), "overall"), 0, 1, "0.0");
  /* mgr: o7, o9, o10: 1 of 3 */
  assert_rate (json_object_get_object_member (rapport_test_reply_object (team), "overall"), 1, 3, "33.3");
}

static void
test_stale (void)
{
  g_autoptr(RapportTestReply) thirty = get (server->admin_token, "/api/v1/pipeline/stale");
  g_autoptr(RapportTestReply) longer = get (server->admin_token, "/api/v1/pipeline/stale?days=36");
  g_autoptr(RapportTestReply) none = get (server->admin_token, "/api/v1/pipeline/stale?days=3000");
  g_autoptr(RapportTestReply) own = get (rep1, "/api/v1/pipeline/stale");
  g_autoptr(RapportTestReply) limited = get (server->admin_token, "/api/v1/pipeline/stale?limit=2");

  g_assert_cmpuint (thirty->status, ==, 200);
  /* open, idle 30 days or more, oldest first: o4 (never worked, in no
   * stage since: created 2026-01-08), o1 (40 days), o6 (35), o3 (in its
   * stage 31 days); not o2 (10 days), not o5 (29 days 23 h), not closed or
   * archived ones */
  g_assert_cmpint (rapport_test_reply_int (thirty, "total"), ==, 4);
  g_assert_cmpuint (length (thirty, "items"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 0), "id"), ==, o[4]);
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 1), "id"), ==, o[1]);
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 1), "days_idle"), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (item (thirty, "items", 1), "stage_name"), ==, "Qualification");
  g_assert_cmpstr (json_object_get_string_member (item (thirty, "items", 1), "owner_name"), ==, "rep1 Name");
  g_assert_cmpstr (json_object_get_string_member (item (thirty, "items", 1), "amount_base"), ==, "1000.00");
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 2), "id"), ==, o[6]);
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 2), "days_idle"), ==, 35);
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 3), "id"), ==, o[3]);
  g_assert_cmpint (json_object_get_int_member (item (thirty, "items", 3), "days_idle"), ==, 31);

  g_assert_cmpint (rapport_test_reply_int (longer, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item (longer, "items", 1), "id"), ==, o[1]);
  g_assert_cmpint (rapport_test_reply_int (none, "total"), ==, 0);
  g_assert_cmpuint (length (none, "items"), ==, 0);
  /* rep1 sees o1 alone */
  g_assert_cmpint (rapport_test_reply_int (own, "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (item (own, "items", 0), "id"), ==, o[1]);
  /* the total counts past the limit */
  g_assert_cmpint (rapport_test_reply_int (limited, "total"), ==, 4);
  g_assert_cmpuint (length (limited, "items"), ==, 2);
}

static void
test_bad_parameters (void)
{
  static const struct
  {
    const char *path;
    const char *field;
  } bad[] = {
    { "/api/v1/pipeline/forecast?period=week", "period" },
    { "/api/v1/pipeline/forecast?group_by=region", "group_by" },
    { "/api/v1/pipeline/funnel?from=2026-05-01&to=2026-04-30", "from" },
    { "/api/v1/pipeline/win-rate?from=2026-13-01", "from" },
    { "/api/v1/pipeline/win-rate?to=yesterday", "to" },
    { "/api/v1/pipeline/stale?days=0", "days" },
    { "/api/v1/pipeline/stale?days=-3", "days" },
    { "/api/v1/pipeline/stale?days=ten", "days" },
    { "/api/v1/pipeline/stale?limit=501", "limit" },
    { "/api/v1/pipeline/funnel?pipeline_id=999999", "pipeline_id" },
    { "/api/v1/pipeline/funnel?pipeline_id=abc", "pipeline_id" },
    { "/api/v1/pipeline/funnel?owner_id=someone", "owner_id" },
    { "/api/v1/pipeline/funnel?team_id=0", "team_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", bad[i].path, rep1, NULL);

      g_test_message ("%s", bad[i].path);
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, bad[i].field);
    }
}

/* the users and their teams: East (mgr, rep1, rep2) and North (rep3) */
static void
add_people (void)
{
  g_free (rapport_test_server_add_managed_user (server, "mgr", "manager", NULL));
  g_free (rapport_test_server_add_managed_user (server, "rep1", "sales", "mgr"));
  g_free (rapport_test_server_add_managed_user (server, "rep2", "sales", "mgr"));
  g_free (rapport_test_server_add_managed_user (server, "rep3", "sales", NULL));
  g_free (rapport_test_server_add_managed_user (server, "dir", "director", NULL));
  g_free (rapport_test_server_sql (server, "INSERT INTO teams (created_at, updated_at, name) VALUES "
                                   "(UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'East'), (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'North')"));
  east_id = rapport_test_sql_int (server, "SELECT id FROM teams WHERE name = 'East'");
  north_id = rapport_test_sql_int (server, "SELECT id FROM teams WHERE name = 'North'");
  g_free (rapport_test_server_sql (server, "UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'East') "
                                   "WHERE login IN ('mgr', 'rep1', 'rep2')"));
  g_free (rapport_test_server_sql (server, "UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'North') "
                                   "WHERE login = 'rep3'"));
  rep1_id = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'rep1'");
  rep3_id = rapport_test_sql_int (server, "SELECT id FROM users WHERE login = 'rep3'");
  /* signed in again, with their teams */
  mgr = rapport_test_login (server, "mgr", "correct horse battery");
  rep1 = rapport_test_login (server, "rep1", "correct horse battery");
  rep2 = rapport_test_login (server, "rep2", "correct horse battery");
  rep3 = rapport_test_login (server, "rep3", "correct horse battery");
  director = rapport_test_login (server, "dir", "correct horse battery");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  add_people ();
  load_data ();

  g_test_add_func ("/pipeline-reports/funnel", test_funnel);
  g_test_add_func ("/pipeline-reports/funnel-visibility", test_funnel_visibility);
  g_test_add_func ("/pipeline-reports/funnel-filters", test_funnel_filters);
  g_test_add_func ("/pipeline-reports/forecast", test_forecast);
  g_test_add_func ("/pipeline-reports/forecast-groups", test_forecast_groups);
  g_test_add_func ("/pipeline-reports/win-rate", test_win_rate);
  g_test_add_func ("/pipeline-reports/stale", test_stale);
  g_test_add_func ("/pipeline-reports/bad-parameters", test_bad_parameters);

  status = g_test_run ();
  g_free (rep1);
  g_free (rep2);
  g_free (rep3);
  g_free (mgr);
  g_free (director);
  rapport_test_server_stop (server);
  return status;
}
