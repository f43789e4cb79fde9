/* bench-leads.c: what a lead costs: its create, a page of the leads list filtered by status, and its conversion (account, contact and lead in one transaction) */
#include "bench-timing.h"

#include <stdlib.h>
#include <string.h>

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 300;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) create_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) list_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) convert_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const char * const sources[] = { "web_form", "exhibition", "phone_in", "referral", "partner", "campaign" };
  RapportTestServer *server;
  g_autofree char *rep = NULL;
  gint64 start, total_convert;

  g_print ("bench-leads: %u leads created, listed by status and converted one by one, by one sales rep "
           "(usage: bench-leads [LEADS])\n", n);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "bench-rep", "sales");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"company\":\"基准线索%u精密仪器有限公司\",\"person\":\"测试%u\","
                                               "\"mobile\":\"139%08u\",\"source\":\"%s\",\"score\":%u}",
                                               i, i, i, sources[i % G_N_ELEMENTS (sources)], i % 101);
      g_autoptr(RapportTestReply) reply = bench_timing_request (server, "POST", "/api/v1/leads", rep, body, 201, create_us);
      gint64 id = rapport_test_reply_int (reply, "id");

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < MAX (n / 10, 10); i++)
    {
      rapport_test_reply_free (bench_timing_request (server, "GET", "/api/v1/leads?status=new&sort=-score&limit=50&count=true",
                                                     rep, NULL, 200, list_us));
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/convert", g_array_index (ids, gint64, i));
      rapport_test_reply_free (bench_timing_request (server, "POST", path, rep, NULL, 200, convert_us));
    }
  total_convert = g_get_monotonic_time () - start;

  bench_timing_report ("POST /leads", create_us);
  bench_timing_report ("GET /leads?status=new (50 rows)", list_us);
  bench_timing_report ("POST /leads/:id/convert", convert_us);
  g_print ("conversions a second, one client: %.1f\n", ids->len / (total_convert / 1e6));
  rapport_test_server_stop (server);
  return 0;
}
