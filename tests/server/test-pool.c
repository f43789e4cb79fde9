/* test-pool.c: the public pool: who sees it, claims within limits, releases, the reclaim job and its warning */
#include "rapport-test-server.h"
#include "rapport-test-events.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *bob;     /* sales, team East */
static char *carol;   /* sales, team West */
static char *dina;    /* director: company scope */
static gint64 east;
static gint64 west;

static gint64
make_pool (const char *name,
           gint64      team,
           const char *limits)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"team_id\":%" G_GINT64_FORMAT ",\"entity\":\"lead\"%s}",
                                           name, team, limits);

  return rapport_test_create (server, server->admin_token, "pools", body);
}

/* a lead of the pool, as the reclaim job or an assignment leaves it */
static gint64
pooled_lead (gint64      pool,
             const char *company,
             const char *mobile)
{
  g_autofree char *body = g_strdup_printf ("{\"company\":\"%s\",\"person\":\"Li Lei\",\"mobile\":\"%s\","
                                           "\"phone\":\"021-6543 2100\",\"email\":\"li.lei@example.cn\"}",
                                           company, mobile);
  gint64 id = rapport_test_create (server, dina, "leads", body);
  g_autofree char *update = g_strdup_printf ("UPDATE leads SET owner_id = NULL, pool_id = %" G_GINT64_FORMAT
                                             " WHERE id = %" G_GINT64_FORMAT, pool, id);

  g_free (rapport_test_server_sql (server, update));
  return id;
}

static RapportTestReply *
lead_verb (const char *token,
           gint64      id,
           const char *verb,
           const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/%s", id, verb);

  return rapport_test_request (server, "POST", path, token, body);
}

static RapportTestReply *
get_lead (const char *token,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static RapportTestReply *
limits (const char *token,
        gint64      pool)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/pools/%" G_GINT64_FORMAT "/limits", pool);

  return rapport_test_request (server, "GET", path, token, NULL);
}

/* the lead's owner (0: none) and pool, as stored */
static void
assert_in_pool (gint64 id,
                gint64 pool)
{
  g_autofree char *query = g_strdup_printf ("SELECT CONCAT(COALESCE(owner_id, 0), ' ', COALESCE(pool_id, 0)) FROM leads "
                                            "WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *row = rapport_test_server_sql (server, query);
  g_autofree char *expected = g_strdup_printf ("0 %" G_GINT64_FORMAT, pool);

  g_assert_cmpstr (g_strstrip (row), ==, expected);
}

static gint64
moves (gint64      id,
       const char *kind)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM pool_moves WHERE entity = 'lead' AND record_id = %"
                                            G_GINT64_FORMAT " AND kind = '%s'", id, kind);

  return rapport_test_sql_int (server, "%s", query);
}

static guint
n_items (RapportTestReply *reply)
{
  return json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
}

/* members see the pool's leads masked; others see nothing; a claim makes
 * the lead the claimer's, unmasked */
static void
test_claim (void)
{
  gint64 pool = make_pool ("East pool", east, ",\"claims_per_day\":5,\"max_holdings\":5,\"mask_contacts\":true");
  gint64 id = pooled_lead (pool, "Masked Medical Ltd", "13812345678");
  g_autofree char *list_path = g_strdup_printf ("/api/v1/leads?pool_id=%" G_GINT64_FORMAT, pool);
  g_autoptr(RapportTestReply) member_reads = get_lead (alice, id);
  g_autoptr(RapportTestReply) member_lists = rapport_test_request (server, "GET", list_path, alice, NULL);
  g_autoptr(RapportTestReply) exported = rapport_test_request (server, "GET", "/api/v1/leads/export.csv", alice, NULL);
  g_autoptr(RapportTestReply) outsider_reads = get_lead (carol, id);
  g_autoptr(RapportTestReply) outsider_lists = rapport_test_request (server, "GET", list_path, carol, NULL);
  g_autoptr(RapportTestReply) outsider_claims = lead_verb (carol, id, "claim", NULL);
  g_autoptr(RapportTestReply) outsider_limits = limits (carol, pool);
  g_autoptr(RapportTestReply) director_reads = get_lead (dina, id);
  g_autoptr(RapportTestReply) member_patches = NULL;
  g_autoptr(RapportTestReply) claimed = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) left = NULL;
  g_autoptr(RapportTestReply) bob_reads = NULL;
  g_autofree char *patch_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT, id);
  JsonObject *row;

  g_assert_cmpuint (member_reads->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (member_reads, "mobile"), ==, "138****5678");
  g_assert_cmpstr (rapport_test_reply_string (member_reads, "phone"), ==, "021-**** 2100");
  g_assert_cmpstr (rapport_test_reply_string (member_reads, "email"), ==, "l***@example.cn");
  g_assert_cmpstr (rapport_test_reply_string (member_reads, "company"), ==, "Masked Medical Ltd");
  g_assert_cmpuint (member_lists->status, ==, 200);
  g_assert_cmpuint (n_items (member_lists), ==, 1);
  row = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (member_lists), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "mobile"), ==, "138****5678");
  g_assert_cmpuint (exported->status, ==, 200);
  g_assert_nonnull (strstr (exported->body, "Masked Medical Ltd"));
  g_assert_null (strstr (exported->body, "13812345678"));
  g_assert_nonnull (strstr (exported->body, "138****5678"));
  /* a company scope sees the pool as it is */
  g_assert_cmpstr (rapport_test_reply_string (director_reads, "mobile"), ==, "13812345678");

  /* a rep outside the pool's team sees nothing of it */
  g_assert_cmpuint (outsider_reads->status, ==, 404);
  g_assert_cmpuint (n_items (outsider_lists), ==, 0);
  g_assert_cmpuint (outsider_claims->status, ==, 404);
  g_assert_cmpuint (outsider_limits->status, ==, 404);
  assert_in_pool (id, pool);

  /* its history holds the contact details in the clear: not before the claim */
  {
    g_autofree char *history_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/history", id);
    g_autoptr(RapportTestReply) history = rapport_test_request (server, "GET", history_path, alice, NULL);

    g_assert_cmpuint (history->status, ==, 403);
  }

  /* a member reads the pool but changes a lead of it only by claiming it */
  member_patches = rapport_test_request (server, "PATCH", patch_path, alice, "{\"version\":1,\"score\":10}");
  g_assert_cmpuint (member_patches->status, ==, 403);

  claimed = lead_verb (alice, id, "claim", NULL);
  g_assert_cmpuint (claimed->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (claimed, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (claimed), "pool_id")));
  g_assert_cmpstr (rapport_test_reply_string (claimed, "mobile"), ==, "13812345678");
  g_assert_nonnull (rapport_test_reply_string (claimed, "claimed_at"));
  g_assert_cmpint (moves (id, "claim"), ==, 1);
  {
    g_autofree char *history_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/history", id);
    g_autoptr(RapportTestReply) history = rapport_test_request (server, "GET", history_path, alice, NULL);

    g_assert_cmpuint (history->status, ==, 200);
  }

  left = limits (alice, pool);
  g_assert_cmpuint (left->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (left, "claims_left_today"), ==, 4);
  g_assert_cmpint (rapport_test_reply_int (left, "held"), ==, 1);
  g_assert_cmpint (rapport_test_reply_int (left, "holdings_left"), ==, 4);

  /* claimed, it is no longer the pool's: another member hears so */
  again = lead_verb (bob, id, "claim", NULL);
  g_assert_cmpuint (again->status, ==, 409);
  bob_reads = get_lead (bob, id);
  g_assert_cmpuint (bob_reads->status, ==, 404);
}

/* each limit refuses a claim with 422 naming it, and changes nothing */
static void
test_limits (void)
{
  gint64 per_day = make_pool ("One a day", east, ",\"claims_per_day\":1");
  gint64 holdings = make_pool ("Hold one", east, ",\"max_holdings\":1");
  gint64 cooldown = make_pool ("Cool down", east, ",\"cooldown_days\":3");
  gint64 a = pooled_lead (per_day, "Day One Ltd", "13900000001");
  gint64 b = pooled_lead (per_day, "Day Two Ltd", "13900000002");
  gint64 c = pooled_lead (holdings, "Hold One Ltd", "13900000003");
  gint64 d = pooled_lead (holdings, "Hold Two Ltd", "13900000004");
  gint64 e = pooled_lead (cooldown, "Cool Ltd", "13900000005");
  g_autoptr(RapportTestReply) first = lead_verb (alice, a, "claim", NULL);
  g_autoptr(RapportTestReply) second = lead_verb (alice, b, "claim", NULL);
  g_autoptr(RapportTestReply) day_limits = limits (alice, per_day);
  g_autoptr(RapportTestReply) held = lead_verb (bob, c, "claim", NULL);
  g_autoptr(RapportTestReply) too_many = lead_verb (bob, d, "claim", NULL);
  g_autoptr(RapportTestReply) cool_claim = lead_verb (bob, e, "claim", NULL);
  g_autoptr(RapportTestReply) no_reason = lead_verb (bob, e, "release", "{}");
  g_autoptr(RapportTestReply) not_owner = lead_verb (alice, e, "release", "{\"reason\":\"not mine\"}");
  g_autoptr(RapportTestReply) released = NULL;
  g_autoptr(RapportTestReply) reclaim_too_soon = NULL;
  g_autoptr(RapportTestReply) other_claims = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_code (second), ==, "out_of_range");
  g_assert_cmpstr (rapport_test_reply_error_field (second), ==, "claims_per_day");
  assert_in_pool (b, per_day);
  g_assert_cmpint (moves (b, "claim"), ==, 0);
  g_assert_cmpint (rapport_test_reply_int (day_limits, "claims_left_today"), ==, 0);

  g_assert_cmpuint (held->status, ==, 200);
  g_assert_cmpuint (too_many->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (too_many), ==, "max_holdings");
  assert_in_pool (d, holdings);

  /* a release needs a reason and its owner; it starts the cool-down */
  g_assert_cmpuint (cool_claim->status, ==, 200);
  g_assert_cmpuint (no_reason->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_reason), ==, "reason");
  g_assert_cmpuint (not_owner->status, ==, 404);
  released = lead_verb (bob, e, "release", "{\"reason\":\"Wrong region\"}");
  g_assert_cmpuint (released->status, ==, 200);
  assert_in_pool (e, cooldown);
  g_assert_cmpint (moves (e, "release"), ==, 1);
  reclaim_too_soon = lead_verb (bob, e, "claim", NULL);
  g_assert_cmpuint (reclaim_too_soon->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (reclaim_too_soon), ==, "cooldown_days");
  assert_in_pool (e, cooldown);
  /* the cool-down is the releaser's alone */
  other_claims = lead_verb (alice, e, "claim", NULL);
  g_assert_cmpuint (other_claims->status, ==, 200);
}

typedef struct
{
  RapportTestServer  clone;
  const char        *token;
  gint64             lead;
  GMutex            *mutex;
  GCond             *cond;
  gboolean          *go;
  guint              status;
} Claimer;

static gpointer
claim_when_told (gpointer data)
{
  Claimer *claimer = data;
  g_autofree char *path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/claim", claimer->lead);
  g_autoptr(RapportTestReply) reply = NULL;

  g_mutex_lock (claimer->mutex);
  while (!*claimer->go)
    g_cond_wait (claimer->cond, claimer->mutex);
  g_mutex_unlock (claimer->mutex);
  reply = rapport_test_request (&claimer->clone, "POST", path, claimer->token, NULL);
  claimer->status = reply->status;
  return NULL;
}

/* two members claim one lead at once: exactly one wins, the other hears 409 */
static void
test_concurrent_claims (void)
{
  gint64 pool = make_pool ("Race pool", east, "");

  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *company = g_strdup_printf ("Race %u Ltd", round);
      gint64 lead = pooled_lead (pool, company, "13700000000");
      Claimer claimers[2];
      GThread *threads[2];
      GMutex mutex;
      GCond cond;
      gboolean go = FALSE;
      guint won = 0, lost = 0;

      g_mutex_init (&mutex);
      g_cond_init (&cond);
      for (guint i = 0; i < 2; i++)
        {
          claimers[i].clone = *server;
          claimers[i].clone.session = soup_session_new ();
          claimers[i].token = i == 0 ? alice : bob;
          claimers[i].lead = lead;
          claimers[i].mutex = &mutex;
          claimers[i].cond = &cond;
          claimers[i].go = &go;
          claimers[i].status = 0;
          threads[i] = g_thread_new ("claimer", claim_when_told, &claimers[i]);
        }
      g_mutex_lock (&mutex);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&mutex);
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_object_unref (claimers[i].clone.session);
          won += claimers[i].status == 200;
          lost += claimers[i].status == 409;
        }
      g_mutex_clear (&mutex);
      g_cond_clear (&cond);
      g_assert_cmpuint (won, ==, 1);
      g_assert_cmpuint (lost, ==, 1);
      g_assert_cmpint (moves (lead, "claim"), ==, 1);
    }
}

/* one rep claims two leads at once from a pool that allows one a day:
 * exactly one claim is taken, the other refused on claims_per_day */
static void
test_concurrent_claims_one_rep (void)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *name = g_strdup_printf ("One a day race %u", round);
      gint64 pool = make_pool (name, east, ",\"claims_per_day\":1");
      gint64 leads[2];
      Claimer claimers[2];
      GThread *threads[2];
      GMutex mutex;
      GCond cond;
      gboolean go = FALSE;
      guint won = 0, refused = 0;
      g_autofree char *count = g_strdup_printf ("SELECT COUNT(*) FROM pool_moves WHERE pool_id = %" G_GINT64_FORMAT
                                                " AND kind = 'claim'", pool);

      leads[0] = pooled_lead (pool, "Same rep A Ltd", "13600000001");
      leads[1] = pooled_lead (pool, "Same rep B Ltd", "13600000002");
      g_mutex_init (&mutex);
      g_cond_init (&cond);
      for (guint i = 0; i < 2; i++)
        {
          claimers[i].clone = *server;
          claimers[i].clone.session = soup_session_new ();
          claimers[i].token = bob;
          claimers[i].lead = leads[i];
          claimers[i].mutex = &mutex;
          claimers[i].cond = &cond;
          claimers[i].go = &go;
          claimers[i].status = 0;
          threads[i] = g_thread_new ("claimer", claim_when_told, &claimers[i]);
        }
      g_mutex_lock (&mutex);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&mutex);
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_object_unref (claimers[i].clone.session);
          won += claimers[i].status == 200;
          refused += claimers[i].status == 422;
        }
      g_mutex_clear (&mutex);
      g_cond_clear (&cond);
      g_assert_cmpuint (won, ==, 1);
      g_assert_cmpuint (refused, ==, 1);
      g_assert_cmpint (rapport_test_sql_int (server, "%s", count), ==, 1);
    }
}

static char *
days_from_now (double days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, days * 24 * 3600);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static RapportTestReply *
run_jobs (double days)
{
  g_autofree char *when = days_from_now (days);
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", when);

  return rapport_test_request (server, "POST", path, server->admin_token, NULL);
}

static gboolean
heard (RapportTestEvents *listener,
       const char        *needle)
{
  for (guint i = 0; i < listener->messages->len; i++)
    if (strstr (listener->messages->pdata[i], needle))
      return TRUE;
  return FALSE;
}

/* the owner is warned once before the reclaim; past reclaim_idle_days the
 * lead goes back to its pool, and its former owner cools down */
static void
test_reclaim (void)
{
  gint64 pool = make_pool ("Idle pool", east, ",\"reclaim_idle_days\":5,\"warn_days\":2,\"cooldown_days\":3");
  gint64 id = pooled_lead (pool, "Idle Industries", "13600000000");
  g_autoptr(RapportTestReply) claimed = lead_verb (alice, id, "claim", NULL);
  g_autoptr(RapportTestEvents) listener = rapport_test_events_listen (server->session, server->base_url, alice, NULL);
  g_autoptr(RapportTestReply) early = NULL;
  g_autoptr(RapportTestReply) warned = NULL;
  g_autoptr(RapportTestReply) warned_again = NULL;
  g_autoptr(RapportTestReply) mine = NULL;
  g_autoptr(RapportTestReply) reclaimed = NULL;
  g_autoptr(RapportTestReply) back_too_soon = NULL;
  g_autoptr(RapportTestReply) other_claims = NULL;
  g_autofree char *needle = g_strdup_printf ("\"kind\":\"pool.warning\",\"data\":{\"entity\":\"lead\",\"id\":%" G_GINT64_FORMAT, id);
  g_autofree char *count_warnings = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'pool.warning' AND record_id = %"
                                                     G_GINT64_FORMAT, id);
  g_autofree char *reason = NULL;
  g_autofree char *reason_query = g_strdup_printf ("SELECT reason FROM pool_moves WHERE record_id = %" G_GINT64_FORMAT
                                                   " AND entity = 'lead' AND kind = 'reclaim'", id);
  gint64 until;
  JsonObject *item;

  g_assert_cmpuint (claimed->status, ==, 200);
  mine = rapport_test_request (server, "GET", "/api/v1/pool/mine", alice, NULL);
  g_assert_cmpuint (mine->status, ==, 200);
  g_assert_cmpuint (n_items (mine), >=, 1);
  item = NULL;
  for (guint i = 0; i < n_items (mine); i++)
    {
      JsonObject *o = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (mine), "items"), i);
      if (json_object_get_int_member (o, "id") == id)
        item = o;
    }
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (item, "reason"), ==, "idle");
  g_assert_nonnull (json_object_get_string_member_with_default (item, "reclaim_at", NULL));
  g_assert_nonnull (json_object_get_string_member_with_default (item, "warn_at", NULL));

  /* before the warning days, nothing */
  early = run_jobs (2);
  g_assert_cmpuint (early->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", count_warnings), ==, 0);

  warned = run_jobs (4);
  g_assert_cmpuint (warned->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (warned, "warned"), >=, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", count_warnings), ==, 1);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!heard (listener, needle) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_true (heard (listener, needle));

  /* the next run tells it no more */
  warned_again = run_jobs (4.5);
  g_assert_cmpuint (warned_again->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", count_warnings), ==, 1);
  g_assert_cmpint (rapport_test_reply_int (warned_again, "reclaimed"), ==, 0);

  /* past the idle days it goes back, audited with its reason */
  reclaimed = run_jobs (6);
  g_assert_cmpuint (reclaimed->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (reclaimed, "reclaimed"), >=, 1);
  assert_in_pool (id, pool);
  g_assert_cmpint (moves (id, "reclaim"), ==, 1);
  reason = rapport_test_server_sql (server, reason_query);
  g_assert_cmpstr (g_strstrip (reason), ==, "No follow-up for 5 days");

  /* its former owner cools down; another member may claim it */
  back_too_soon = lead_verb (alice, id, "claim", NULL);
  g_assert_cmpuint (back_too_soon->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (back_too_soon), ==, "cooldown_days");
  other_claims = lead_verb (bob, id, "claim", NULL);
  g_assert_cmpuint (other_claims->status, ==, 200);
}

typedef struct
{
  RapportTestServer  clone;
  const char        *method;
  char              *path;
  const char        *token;
  GMutex            *mutex;
  GCond             *cond;
  gboolean          *go;
  guint              status;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr(RapportTestReply) reply = NULL;

  g_mutex_lock (racer->mutex);
  while (!*racer->go)
    g_cond_wait (racer->cond, racer->mutex);
  g_mutex_unlock (racer->mutex);
  reply = rapport_test_request (&racer->clone, racer->method, racer->path, racer->token, NULL);
  racer->status = reply->status;
  return NULL;
}

/* the job reclaims a lead while another member claims it: the claim either
 * comes first (409: still held) or after (200, the lead is the claimer's),
 * never half of each */
static void
test_reclaim_during_claim (void)
{
  gint64 pool = make_pool ("Reclaim race pool", east, ",\"reclaim_idle_days\":1");
  gint64 alice_id = rapport_test_user_id (server, alice);
  guint claims_won = 0;

  for (guint round = 0; round < 10; round++)
    {
      g_autofree char *company = g_strdup_printf ("Reclaim race %u Ltd", round);
      gint64 lead = pooled_lead (pool, company, "13500000000");
      g_autofree char *held = g_strdup_printf ("UPDATE leads SET owner_id = %" G_GINT64_FORMAT ", pool_id = NULL, "
                                               "from_pool_id = %" G_GINT64_FORMAT ", "
                                               "claimed_at = UTC_TIMESTAMP(6) - INTERVAL 3 DAY WHERE id = %" G_GINT64_FORMAT,
                                               alice_id, pool, lead);
      g_autofree char *state_query = g_strdup_printf ("SELECT CONCAT(COALESCE(owner_id, 0), ' ', COALESCE(pool_id, 0)) "
                                                      "FROM leads WHERE id = %" G_GINT64_FORMAT, lead);
      g_autofree char *state = NULL;
      g_autofree char *in_pool = g_strdup_printf ("0 %" G_GINT64_FORMAT, pool);
      g_autofree char *bobs = g_strdup_printf ("%" G_GINT64_FORMAT " 0", rapport_test_user_id (server, bob));
      Racer racers[2];
      GThread *threads[2];
      GMutex mutex;
      GCond cond;
      gboolean go = FALSE;

      g_free (rapport_test_server_sql (server, held));
      g_mutex_init (&mutex);
      g_cond_init (&cond);
      racers[0].method = "POST";
      racers[0].path = g_strdup ("/api/v1/jobs/run");
      racers[0].token = server->admin_token;
      racers[1].method = "POST";
      racers[1].path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/claim", lead);
      racers[1].token = bob;
      for (guint i = 0; i < 2; i++)
        {
          racers[i].clone = *server;
          racers[i].clone.session = soup_session_new ();
          racers[i].mutex = &mutex;
          racers[i].cond = &cond;
          racers[i].go = &go;
          racers[i].status = 0;
          threads[i] = g_thread_new ("racer", race, &racers[i]);
        }
      g_mutex_lock (&mutex);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&mutex);
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_object_unref (racers[i].clone.session);
          g_free (racers[i].path);
        }
      g_mutex_clear (&mutex);
      g_cond_clear (&cond);

      g_assert_cmpuint (racers[0].status, ==, 200);
      g_assert_cmpint (moves (lead, "reclaim"), ==, 1);
      state = g_strstrip (rapport_test_server_sql (server, state_query));
      if (racers[1].status == 200)
        {
          g_assert_cmpstr (state, ==, bobs);
          g_assert_cmpint (moves (lead, "claim"), ==, 1);
          claims_won++;
        }
      else
        {
          g_assert_cmpuint (racers[1].status, ==, 409);
          g_assert_cmpstr (state, ==, in_pool);
          g_assert_cmpint (moves (lead, "claim"), ==, 0);
        }
    }
  g_test_message ("the claim came after the reclaim in %u of 10 rounds", claims_won);
}

/* an account lies in a pool as a lead does; not converted (no confirmed or
 * fulfilled order) within reclaim_unconverted_days it goes back; every
 * move is in the audit chain, which stays intact */
static void
test_account_unconverted (void)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Account pool\",\"team_id\":%" G_GINT64_FORMAT ","
                                           "\"entity\":\"account\",\"reclaim_unconverted_days\":10,\"mask_contacts\":true}", east);
  gint64 pool = rapport_test_create (server, server->admin_token, "pools", body);
  gint64 id = rapport_test_create (server, dina, "accounts", "{\"name\":\"Pooled Account Co\",\"phone\":\"13311112222\"}");
  g_autofree char *update = g_strdup_printf ("UPDATE accounts SET owner_id = NULL, pool_id = %" G_GINT64_FORMAT
                                             " WHERE id = %" G_GINT64_FORMAT, pool, id);
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autofree char *claim = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/claim", id);
  g_autofree char *state_query = g_strdup_printf ("SELECT CONCAT(COALESCE(owner_id, 0), ' ', COALESCE(pool_id, 0)) "
                                                  "FROM accounts WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *in_pool = g_strdup_printf ("0 %" G_GINT64_FORMAT, pool);
  g_autofree char *state = NULL;
  g_autofree char *output = NULL;
  g_autoptr(RapportTestReply) member_reads = NULL;
  g_autoptr(RapportTestReply) outsider_reads = NULL;
  g_autoptr(RapportTestReply) claimed = NULL;
  g_autoptr(RapportTestReply) not_yet = NULL;
  g_autoptr(RapportTestReply) reclaimed = NULL;

  g_free (rapport_test_server_sql (server, update));
  member_reads = rapport_test_request (server, "GET", path, alice, NULL);
  outsider_reads = rapport_test_request (server, "GET", path, carol, NULL);
  g_assert_cmpuint (member_reads->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (member_reads, "phone"), ==, "133****2222");
  g_assert_cmpuint (outsider_reads->status, ==, 404);

  claimed = rapport_test_request (server, "POST", claim, alice, NULL);
  g_assert_cmpuint (claimed->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (claimed, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpstr (rapport_test_reply_string (claimed, "phone"), ==, "13311112222");

  not_yet = run_jobs (9);
  g_assert_cmpuint (not_yet->status, ==, 200);
  state = g_strstrip (rapport_test_server_sql (server, state_query));
  g_assert_cmpint (g_ascii_strtoll (state, NULL, 10), ==, rapport_test_user_id (server, alice));
  g_clear_pointer (&state, g_free);

  reclaimed = run_jobs (11);
  g_assert_cmpuint (reclaimed->status, ==, 200);
  state = g_strstrip (rapport_test_server_sql (server, state_query));
  g_assert_cmpstr (state, ==, in_pool);

  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "sales");
  bob = rapport_test_server_add_user (server, "bob", "sales");
  carol = rapport_test_server_add_user (server, "carol", "sales");
  dina = rapport_test_server_add_user (server, "dina", "director");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'bob'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));

  g_test_add_func ("/pool/claim", test_claim);
  g_test_add_func ("/pool/limits", test_limits);
  g_test_add_func ("/pool/concurrent-claims", test_concurrent_claims);
  g_test_add_func ("/pool/concurrent-claims-one-rep", test_concurrent_claims_one_rep);
  g_test_add_func ("/pool/reclaim", test_reclaim);
  g_test_add_func ("/pool/reclaim-during-claim", test_reclaim_during_claim);
  g_test_add_func ("/pool/account-unconverted", test_account_unconverted);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  g_free (carol);
  g_free (dina);
  rapport_test_server_stop (server);
  return status;
}
