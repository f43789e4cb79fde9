/* bench-leads.c: what a lead costs: its create, a page of the leads list filtered by status, and its conversion (account, contact and lead in one transaction) */
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
  g_print ("%-34s n=%-5u mean %6.2f ms  p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", what, us->len,
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
      g_autoptr(RapportTestReply) reply = timed (server, "POST", "/api/v1/leads", rep, body, 201, create_us);
      gint64 id = rapport_test_reply_int (reply, "id");

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < MAX (n / 10, 10); i++)
    {
      rapport_test_reply_free (timed (server, "GET", "/api/v1/leads?status=new&sort=-score&limit=50&count=true",
                                      rep, NULL, 200, list_us));
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/convert", g_array_index (ids, gint64, i));
      rapport_test_reply_free (timed (server, "POST", path, rep, NULL, 200, convert_us));
    }
  total_convert = g_get_monotonic_time () - start;

  report ("POST /leads", create_us);
  report ("GET /leads?status=new (50 rows)", list_us);
  report ("POST /leads/:id/convert", convert_us);
  g_print ("conversions a second, one client: %.1f\n", ids->len / (total_convert / 1e6));
  rapport_test_server_stop (server);
  return 0;
}
