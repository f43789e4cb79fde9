/* bench-opportunities.c: what an opportunity costs: its create (default pipeline and first stage found, first history row), each stage move (checks, history row closed and opened, audit, event), and GET /pipelines */
#include "rapport-test-server.h"

#include <stdlib.h>
#include <string.h>

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *us)
{
  gint64 sum = 0;

  g_array_sort (us, compare_int64);
  for (guint i = 0; i < us->len; i++)
    sum += g_array_index (us, gint64, i);
  g_print ("%-38s n=%-5u mean %6.2f ms  p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", what, us->len,
           us->len ? sum / 1000.0 / us->len : 0.0,
           us->len ? g_array_index (us, gint64, us->len / 2) / 1000.0 : 0.0,
           us->len ? g_array_index (us, gint64, MIN (us->len - 1, us->len * 95 / 100)) / 1000.0 : 0.0,
           us->len ? g_array_index (us, gint64, us->len - 1) / 1000.0 : 0.0);
}

static RapportTestReply *
timed (RapportTestServer *server,
       const char        *method,
       const char        *path,
       const char        *token,
       const char        *body,
       guint              expected,
       GArray            *us)
{
  gint64 start = g_get_monotonic_time ();
  RapportTestReply *reply = rapport_test_request (server, method, path, token, body);
  gint64 spent = g_get_monotonic_time () - start;

  if (reply->status != expected)
    g_error ("%s %s: %u %s", method, path, reply->status, reply->body);
  g_array_append_val (us, spent);
  return reply;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) create_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) move_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) pipelines_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RapportTestReply) pipelines = NULL;
  RapportTestServer *server;
  g_autofree char *rep = NULL;
  g_autofree char *account_body = NULL;
  JsonArray *stage_list;
  gint64 account, start, total_moves;

  g_print ("bench-opportunities: %u opportunities created and moved through the default pipeline's four open "
           "stages to Won, one by one, by one sales rep (usage: bench-opportunities [OPPORTUNITIES])\n", n);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "bench-rep", "sales");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"基准医院\"}");

  pipelines = rapport_test_request (server, "GET", "/api/v1/pipelines", rep, NULL);
  stage_list = json_object_get_array_member (json_array_get_object_element (
                 json_object_get_array_member (rapport_test_reply_object (pipelines), "items"), 0), "stages");
  for (guint i = 1; i < 5; i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (stage_list, i), "id");

      g_array_append_val (stages, id);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"基准商机%u\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                               "\"amount\":\"%u.%02u\",\"expected_close\":\"2027-06-30\"}",
                                               i, account, 1000 + i, i % 100);
      g_autoptr(RapportTestReply) reply = timed (server, "POST", "/api/v1/opportunities", rep, body, 201, create_us);
      gint64 id = rapport_test_reply_int (reply, "id");

      g_array_append_val (ids, id);
    }
  start = g_get_monotonic_time ();
  for (guint s = 0; s < stages->len; s++)
    for (guint i = 0; i < ids->len; i++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "/stage", g_array_index (ids, gint64, i));
        g_autofree char *body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"close_reason\":\"bench\"}",
                                                 g_array_index (stages, gint64, s));

        rapport_test_reply_free (timed (server, "POST", path, rep, body, 200, move_us));
      }
  total_moves = g_get_monotonic_time () - start;
  for (guint i = 0; i < 50; i++)
    rapport_test_reply_free (timed (server, "GET", "/api/v1/pipelines", rep, NULL, 200, pipelines_us));

  report ("POST /opportunities", create_us);
  report ("POST /opportunities/:id/stage", move_us);
  report ("GET /pipelines (with stages)", pipelines_us);
  g_print ("stage moves a second, one client: %.1f\n", move_us->len / (total_moves / 1e6));
  rapport_test_server_stop (server);
  return 0;
}
