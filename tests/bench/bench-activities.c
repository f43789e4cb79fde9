/* bench-activities.c: what an activity costs: its create (four related records' last activity set in its transaction), an account's page of activities, a correction, and the job closing every window at once */
#include "bench-timing.h"

#include <stdlib.h>
#include <string.h>

static char *
hours_from_now (int hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_hours (now, hours);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 300;
  guint n_accounts = MAX (n / 30, 1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) create_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) list_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) correct_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) close_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *later = hours_from_now (25);
  g_autofree char *jobs = g_strdup_printf ("/api/v1/jobs/run?now=%s", later);
  static const char * const kinds[] = { "call", "visit", "meeting", "email", "note" };
  RapportTestServer *server;
  g_autofree char *rep = NULL;
  gint64 contact = 0, opportunity = 0, lead = 0;

  g_print ("bench-activities: %u activities over %u accounts, each with its contact, opportunity and lead, "
           "by one sales rep (usage: bench-activities [ACTIVITIES])\n", n, n_accounts);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "bench-rep", "sales");
  for (guint a = 0; a < n_accounts; a++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"基准客户%u医疗器械有限公司\"}", a);
      gint64 id = rapport_test_create (server, rep, "accounts", body);

      g_array_append_val (accounts, id);
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 account = g_array_index (accounts, gint64, i % n_accounts);
      g_autofree char *body = NULL;
      g_autoptr(RapportTestReply) reply = NULL;
      gint64 id;

      /* one contact, opportunity and lead per account, made with its first activity */
      if (i < n_accounts)
        {
          g_autofree char *c = g_strdup_printf ("{\"name\":\"联系人%u\",\"account_id\":%" G_GINT64_FORMAT "}", i, account);
          g_autofree char *o = g_strdup_printf ("{\"name\":\"商机%u\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\"}",
                                                i, account);
          g_autofree char *l = g_strdup_printf ("{\"company\":\"线索%u有限公司\"}", i);

          contact = rapport_test_create (server, rep, "contacts", c);
          opportunity = rapport_test_create (server, rep, "opportunities", o);
          lead = rapport_test_create (server, rep, "leads", l);
        }
      /* the first activity of an account relates to all four records, later ones to the account alone */
      if (i < n_accounts)
        body = g_strdup_printf ("{\"kind\":\"%s\",\"subject\":\"第%u次沟通：报价与试用\",\"discussion\":\"讨论了2027年的价格\","
                                "\"account_id\":%" G_GINT64_FORMAT ",\"contact_id\":%" G_GINT64_FORMAT ","
                                "\"opportunity_id\":%" G_GINT64_FORMAT ",\"lead_id\":%" G_GINT64_FORMAT "}",
                                kinds[i % G_N_ELEMENTS (kinds)], i, account, contact, opportunity, lead);
      else
        body = g_strdup_printf ("{\"kind\":\"%s\",\"subject\":\"第%u次沟通：报价与试用\",\"account_id\":%" G_GINT64_FORMAT "}",
                                kinds[i % G_N_ELEMENTS (kinds)], i, account);
      reply = bench_timing_request (server, "POST", "/api/v1/activities", rep, body, 201, create_us);
      id = rapport_test_reply_int (reply, "id");
      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < MAX (n / 10, 10); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/activities?limit=50",
                                               g_array_index (accounts, gint64, i % n_accounts));

      rapport_test_reply_free (bench_timing_request (server, "GET", path, rep, NULL, 200, list_us));
    }
  /* every window ends at once: one run of the job closes up to 1,000 */
  rapport_test_reply_free (bench_timing_request (server, "POST", jobs, server->admin_token, NULL, 200, close_us));
  for (guint i = 0; i < MIN (ids->len, 100); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/corrections",
                                               g_array_index (ids, gint64, i));

      rapport_test_reply_free (bench_timing_request (server, "POST", path, rep,
                                                     "{\"reason\":\"客户书面确认了数量\",\"outcome\":\"试用20台\"}", 201, correct_us));
    }

  bench_timing_report ("POST /activities", create_us);
  bench_timing_report ("GET /accounts/:id/activities (50 rows)", list_us);
  g_print ("POST /jobs/run closing %u activities: %.1f ms\n", MIN (n, 1000),
           g_array_index (close_us, gint64, 0) / 1000.0);
  bench_timing_report ("POST /activities/:id/corrections", correct_us);
  rapport_test_server_stop (server);
  return 0;
}
