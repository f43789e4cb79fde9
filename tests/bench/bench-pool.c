/* bench-pool.c: the public pool at size: a member's pages of a pool (visibility through the pool, masked), their own list beside it, and claims one by one */
#include "bench-timing.h"

#include <stdlib.h>
#include <string.h>

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint n_claims = argc > 2 ? (guint) atoi (argv[2]) : 200;
  g_autoptr(GArray) first_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) next_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) mine_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) plain_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sorted_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) claim_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) limits_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  RapportTestServer *server;
  g_autofree char *rep = NULL;
  g_autofree char *other = NULL;
  g_autofree char *setup = NULL;
  g_autofree char *first_ids = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *first = NULL;
  g_autofree char *limits = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 start;

  g_print ("bench-pool: %u leads in a team's pool and %u owned by another team's rep; a member pages the pool "
           "(masked), lists their own leads and claims %u (usage: bench-pool [LEADS [CLAIMS]])\n", n, n, n_claims);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "pool-rep", "sales");
  other = rapport_test_server_add_user (server, "other-rep", "sales");
  setup = g_strdup_printf (
    "INSERT INTO teams (created_at, updated_at, name) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Bench East');"
    "SET @east = LAST_INSERT_ID(); UPDATE users SET team_id = @east WHERE login = 'pool-rep';"
    "INSERT INTO pools (created_at, updated_at, name, team_id, entity, mask_contacts) "
    "  VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Bench pool', @east, 'lead', 1);"
    "SET @pool = LAST_INSERT_ID(); SET @other = (SELECT id FROM users WHERE login = 'other-rep');"
    "INSERT INTO leads (created_at, updated_at, company, person, mobile, status, pool_id) "
    "  SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('公海线索', seq, '有限公司'), CONCAT('联系人', seq), "
    "  CONCAT('139', LPAD(seq, 8, '0')), 'new', @pool FROM seq_1_to_%u;"
    "INSERT INTO leads (created_at, updated_at, company, mobile, status, owner_id) "
    "  SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('他人线索', seq), CONCAT('137', LPAD(seq, 8, '0')), 'new', @other "
    "  FROM seq_1_to_%u;"
    "ANALYZE TABLE leads;", n, n);
  start = g_get_monotonic_time ();
  g_free (rapport_test_server_sql (server, setup));
  g_print ("data loaded in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
  pool = rapport_test_server_sql (server, "SELECT id FROM pools WHERE name = 'Bench pool'");
  g_strstrip (pool);
  limits = g_strdup_printf ("/api/v1/pools/%s/limits", pool);
  first = g_strdup_printf ("/api/v1/leads?pool_id=%s&limit=50", pool);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(RapportTestReply) page = bench_timing_request (server, "GET", first, rep, NULL, 200, first_us);
      const char *after = json_object_get_string_member_with_default (rapport_test_reply_object (page), "next", NULL);
      g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, TRUE) : NULL;
      g_autofree char *next = escaped ? g_strdup_printf ("%s&after=%s", first, escaped) : NULL;

      if (next != NULL)
        rapport_test_reply_free (bench_timing_request (server, "GET", next, rep, NULL, 200, next_us));
      rapport_test_reply_free (bench_timing_request (server, "GET", "/api/v1/leads?owner_id=me&limit=50", rep, NULL, 200, mine_us));
      rapport_test_reply_free (bench_timing_request (server, "GET", "/api/v1/leads?limit=50&count=true&sort=-updated_at", rep, NULL, 200, all_us));
      rapport_test_reply_free (bench_timing_request (server, "GET", "/api/v1/leads?limit=50", rep, NULL, 200, plain_us));
      rapport_test_reply_free (bench_timing_request (server, "GET", "/api/v1/leads?limit=50&sort=-updated_at", rep, NULL, 200, sorted_us));
    }
  first_ids = rapport_test_server_sql (server, "SELECT id FROM leads WHERE pool_id IS NOT NULL ORDER BY id LIMIT 100000");
  ids = g_strsplit (g_strstrip (first_ids), "\n", -1);
  for (guint i = 0; i < n_claims && ids[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/leads/%s/claim", ids[i]);

      rapport_test_reply_free (bench_timing_request (server, "POST", path, rep, NULL, 200, claim_us));
      if (i % 10 == 0)
        rapport_test_reply_free (bench_timing_request (server, "GET", limits, rep, NULL, 200, limits_us));
    }

  bench_timing_report ("GET /leads?pool_id= first page (50, masked)", first_us);
  bench_timing_report ("GET /leads?pool_id= next page", next_us);
  bench_timing_report ("GET /leads?owner_id=me", mine_us);
  bench_timing_report ("GET /leads (all one sees, by id)", plain_us);
  bench_timing_report ("GET /leads?sort=-updated_at", sorted_us);
  bench_timing_report ("GET /leads?count=true&sort=-updated_at", all_us);
  bench_timing_report ("POST /leads/:id/claim", claim_us);
  bench_timing_report ("GET /pools/:id/limits", limits_us);
  rapport_test_server_stop (server);
  return 0;
}
