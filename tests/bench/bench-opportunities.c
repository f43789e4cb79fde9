/* bench-opportunities.c: what an opportunity costs: its create (default pipeline and first stage found, first history row), each stage move (checks, history row closed and opened, audit, event), and GET /pipelines */
#include "bench-timing.h"

#include <stdlib.h>
#include <string.h>

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
      g_autoptr(RapportTestReply) reply = bench_timing_request (server, "POST", "/api/v1/opportunities", rep, body, 201, create_us);
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

        rapport_test_reply_free (bench_timing_request (server, "POST", path, rep, body, 200, move_us));
      }
  total_moves = g_get_monotonic_time () - start;
  for (guint i = 0; i < 50; i++)
    rapport_test_reply_free (bench_timing_request (server, "GET", "/api/v1/pipelines", rep, NULL, 200, pipelines_us));

  bench_timing_report ("POST /opportunities", create_us);
  bench_timing_report ("POST /opportunities/:id/stage", move_us);
  bench_timing_report ("GET /pipelines (with stages)", pipelines_us);
  g_print ("stage moves a second, one client: %.1f\n", move_us->len / (total_moves / 1e6));
  rapport_test_server_stop (server);
  return 0;
}
