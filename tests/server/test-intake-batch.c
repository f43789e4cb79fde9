/* test-intake-batch.c: concurrent intakes committed together: each lead once, its own answer, nothing acknowledged lost */
#include "rapport-test-lock.h"

#include <string.h>

static RapportTestServer *server;

/* how many intakes are in flight at once */
#define CONNECTIONS 32

typedef struct
{
  /* the answers' statuses by request, 0 until answered, 1 when no answer came */
  guint   *statuses;
  guint    n;
  guint    answered;
  guint    accepted;
  /* once this many are accepted, rapportd is killed; 0: never */
  guint    kill_after;
  gboolean killed;
  /* rows held elsewhere, let go once every batch writer waits for them */
  GSubprocess *lock;
} Burst;

typedef struct
{
  Burst *burst;
  guint  index;
} Sent;

static char *
make_key (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"channel\":\"web_form\",\"rate_per_minute\":100000}", name);
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token, body);

  g_assert_cmpuint (made->status, ==, 201);
  return g_strdup (rapport_test_reply_string (made, "key"));
}

static void
answered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Sent *sent = user_data;
  Burst *burst = sent->burst;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  burst->statuses[sent->index] = body != NULL ? soup_message_get_status (message) : 1;
  burst->answered++;
  if (burst->statuses[sent->index] == 201)
    burst->accepted++;
  if (burst->kill_after > 0 && burst->accepted >= burst->kill_after && !burst->killed)
    {
      /* no chance to clean up: what was acknowledged must be committed */
      burst->killed = TRUE;
      g_subprocess_force_exit (server->process);
    }
  g_free (sent);
}

/* While rows are held, the batches being written wait for them and the
 * intakes that come meanwhile queue. Once as many leads' INSERTs wait as
 * batches may be written at once (four a processor), the rows are let go. */
static gboolean
release_when_writers_wait (gpointer data)
{
  Burst *burst = data;

  if (rapport_test_sql_int (server, "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                    "WHERE INFO LIKE 'INSERT INTO `leads`%%'") < 4 * (gint64) g_get_num_processors ())
    return G_SOURCE_CONTINUE;
  rapport_test_lock_release (server, burst->lock);
  g_clear_object (&burst->lock);
  return G_SOURCE_REMOVE;
}

/* sends every body through its key, CONNECTIONS at a time, and waits for
 * every answer (or failure); @lock, when not NULL, is let go once every
 * batch writer waits for it */
static Burst *
send_burst_held (char        **keys,
                 char        **bodies,
                 guint         kill_after,
                 GSubprocess  *lock)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", CONNECTIONS,
                                                                  "max-conns-per-host", CONNECTIONS,
                                                                  "timeout", 120, NULL);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/intake/leads", server->base_url);
  Burst *burst = g_new0 (Burst, 1);
  gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;

  burst->n = g_strv_length (bodies);
  burst->statuses = g_new0 (guint, burst->n);
  burst->kill_after = kill_after;
  if (lock != NULL)
    {
      burst->lock = g_object_ref (lock);
      g_timeout_add (50, release_when_writers_wait, burst);
    }
  for (guint i = 0; i < burst->n; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new (bodies[i], strlen (bodies[i]));
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", keys[i]);
      Sent *sent = g_new0 (Sent, 1);

      sent->burst = burst;
      sent->index = i;
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
      soup_message_set_request_body_from_bytes (message, "application/json", body);
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, answered, sent);
    }
  while (burst->answered < burst->n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_null (burst->lock);
  return burst;
}

static Burst *
send_burst (char      **keys,
            char      **bodies,
            guint       kill_after)
{
  return send_burst_held (keys, bodies, kill_after, NULL);
}

static void
burst_free (Burst *burst)
{
  g_free (burst->statuses);
  g_free (burst);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Burst, burst_free)

static gint64
commits (void)
{
  return rapport_test_sql_int (server, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_COMMIT'");
}

static gint64
leads_named (const char *company)
{
  g_autofree char *statement = g_strdup_printf ("SELECT COUNT(*) FROM leads WHERE company = '%s'", company);

  return rapport_test_sql_int (server, "%s", statement);
}

/* 200 intakes at once, one of them hostile, under a round-robin rule: each
 * good lead stored once, assigned in turn and audited; the hostile one
 * refused alone; far fewer commits than leads */
static void
test_concurrent (void)
{
  g_autofree char *key = make_key ("Batch form");
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Burst) burst = NULL;
  g_autofree char *spread = NULL;
  g_autoptr(GSubprocess) lock = NULL;
  gint64 team, commits_before, commits_made;
  const guint n = 200, hostile = 117;

  g_free (rapport_test_server_add_user (server, "batch-rep1", "sales"));
  g_free (rapport_test_server_add_user (server, "batch-rep2", "sales"));
  team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Batch team\"}");
  {
    g_autofree char *statement = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT
                                                  " WHERE login LIKE 'batch-rep%%'", team);
    g_autofree char *rule = g_strdup_printf ("{\"position\":1,\"name\":\"Batch round-robin\",\"target\":\"round_robin\","
                                             "\"target_team_id\":%" G_GINT64_FORMAT "}", team);

    g_free (rapport_test_server_sql (server, statement));
    g_assert_cmpint (rapport_test_create (server, server->admin_token, "assignment-rules", rule), >, 0);
  }
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (keys, key);
      /* a member a form may not set */
      if (i == hostile)
        g_ptr_array_add (bodies, g_strdup ("{\"company\":\"Batch Hostile Co\",\"owner_id\":1}"));
      else
        g_ptr_array_add (bodies, g_strdup_printf ("{\"company\":\"Batch Co %u\",\"person\":\"Person %u\","
                                                  "\"email\":\"p%u@batch.example\"}", i, i, i));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (bodies, NULL);

  /* the reps' rows held, as a long transaction elsewhere would hold them:
   * each batch waits at its first lead's owner, and the intakes that come
   * meanwhile queue for the next batches */
  lock = rapport_test_lock_hold (server, "SELECT id FROM users WHERE login LIKE 'batch-rep%' FOR UPDATE");
  commits_before = commits ();
  burst = send_burst_held ((char **) keys->pdata, (char **) bodies->pdata, 0, lock);
  commits_made = commits () - commits_before;

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (burst->statuses[i], ==, i == hostile ? 422 : 201);
  g_assert_cmpint (leads_named ("Batch Hostile Co"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Batch Co %%'"), ==, n - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT company) FROM leads WHERE company LIKE 'Batch Co %%'"), ==, n - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN leads l ON a.entity = 'lead' AND a.entity_id = l.id "
                            "WHERE l.company LIKE 'Batch Co %%' AND a.action = 'create'"), ==, n - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM intake_keys WHERE name = 'Batch form'"), ==, n - 1);
  /* the rule took the two reps strictly in turn */
  spread = rapport_test_server_sql (server, "SELECT GROUP_CONCAT(c ORDER BY c) FROM (SELECT COUNT(*) c FROM leads "
                                            "WHERE company LIKE 'Batch Co %' GROUP BY owner_id) t");
  g_assert_cmpstr (g_strstrip (spread), ==, "99,100");
  /* written in batches: the leads of the 16 workers' that queued while
   * every writer waited (the 8 past the writers) share commits after */
  g_test_message ("%u leads in %" G_GINT64_FORMAT " commits", n - 1, commits_made);
  g_assert_cmpint (commits_made, <=, n - 1 - 8);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* a key revoked behind this rapportd's back fails the batch it is in; the
 * other key's leads are stored all the same, and its own answer 401 */
static void
test_revoked_in_batch (void)
{
  g_autofree char *good = make_key ("Batch good");
  g_autofree char *revoked = make_key ("Batch revoked");
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Burst) burst = NULL;
  const guint n = 60;

  /* known to rapportd from a first lead, then revoked in the database only */
  {
    char *first[] = { (char *) "{\"company\":\"Before Revoked Co\"}", NULL };
    char *first_keys[] = { revoked, NULL };
    g_autoptr(Burst) before = send_burst (first_keys, first, 0);

    g_assert_cmpuint (before->statuses[0], ==, 201);
  }
  g_free (rapport_test_server_sql (server, "UPDATE intake_keys SET revoked_at = UTC_TIMESTAMP(6) WHERE name = 'Batch revoked'"));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (keys, i % 2 ? revoked : good);
      g_ptr_array_add (bodies, g_strdup_printf ("{\"company\":\"Batch %s %u\"}", i % 2 ? "Revoked" : "Good", i));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (bodies, NULL);
  burst = send_burst ((char **) keys->pdata, (char **) bodies->pdata, 0);

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (burst->statuses[i], ==, i % 2 ? 401 : 201);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Batch Good %%'"), ==, n / 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Batch Revoked %%'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM intake_keys WHERE name = 'Batch good'"), ==, n / 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM intake_keys WHERE name = 'Batch revoked'"), ==, 1);
}

/* the search rows of the leads named "Bulk Co …": how many grams and a
 * checksum of them, how many pinyin keys and a checksum of them */
static char *
index_fingerprint (void)
{
  g_autofree char *grams = rapport_test_server_sql (server, "SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT(g.gram, ':', l.company))), 0)) "
                                                            "FROM search_grams g JOIN search_entities s ON s.id = g.entity AND s.name = 'lead' "
                                                            "JOIN leads l ON l.id = g.record_id WHERE l.company LIKE 'Bulk Co %'");
  g_autofree char *pinyin = rapport_test_server_sql (server, "SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT(p.pinyin, ':', l.company))), 0)) "
                                                             "FROM search_pinyin p JOIN search_entities s ON s.id = p.entity AND s.name = 'lead' "
                                                             "JOIN leads l ON l.id = p.record_id WHERE l.company LIKE 'Bulk Co %'");

  return g_strdup_printf ("%s/%s", g_strstrip (grams), g_strstrip (pinyin));
}

/* a lead whose event the database refuses fails the batch it is in after
 * the batch has written most of its rows: every other lead is written
 * again alone and stored once, with each of its rows once (its audit row,
 * its event, its duplicate keys, its search grams and pinyin as indexing
 * it again makes them), and the refused one alone fails */
static void
test_hostile_row_late_in_batch (void)
{
  g_autofree char *key = make_key ("Batch bulk");
  g_autofree char *hostile_key = make_key ("Bulk hostile");
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Burst) burst = NULL;
  g_autofree char *grams = NULL;
  g_autofree char *reindexed = NULL;
  gint64 reference_keys;
  const guint n = 120, hostile = 57;

  /* a lead like the others, stored alone: the duplicate keys each has */
  {
    char *first[] = { (char *) "{\"company\":\"Bulk Co Reference\",\"person\":\"王芳\","
                               "\"email\":\"reference@bulk.example\"}", NULL };
    char *first_keys[] = { key, NULL };
    g_autoptr(Burst) alone = send_burst (first_keys, first, 0);

    g_assert_cmpuint (alone->statuses[0], ==, 201);
  }
  reference_keys = rapport_test_sql_int (server, "SELECT COUNT(*) FROM dedup_keys k JOIN leads l ON k.entity = 'lead' "
                                                 "AND k.record_id = l.id WHERE l.company = 'Bulk Co Reference'");
  g_assert_cmpint (reference_keys, >, 0);
  /* the event of a lead through the hostile key fails: a subquery of two rows */
  g_free (rapport_test_server_sql (server, "CREATE TRIGGER bulk_hostile_event BEFORE INSERT ON events FOR EACH ROW "
                                           "SET NEW.record_id = IF(NEW.payload LIKE '%intake:Bulk hostile%', "
                                           "(SELECT 1 UNION SELECT 2), NEW.record_id)"));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (keys, i == hostile ? hostile_key : key);
      g_ptr_array_add (bodies, g_strdup_printf ("{\"company\":\"Bulk Co %u\",\"person\":\"王芳\","
                                                "\"email\":\"p%u@bulk.example\"}", i, i));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (bodies, NULL);
  burst = send_burst ((char **) keys->pdata, (char **) bodies->pdata, 0);
  g_free (rapport_test_server_sql (server, "DROP TRIGGER bulk_hostile_event"));

  for (guint i = 0; i < n; i++)
    if (i == hostile)
      g_assert_cmpuint (burst->statuses[i], !=, 201);
    else
      g_assert_cmpuint (burst->statuses[i], ==, 201);
  g_assert_cmpint (leads_named ("Bulk Co 57"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT company) FROM leads WHERE company LIKE 'Bulk Co %%' "
                                                 "AND company <> 'Bulk Co Reference'"), ==, n - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'Bulk Co %%' "
                                                 "AND company <> 'Bulk Co Reference'"), ==, n - 1);
  /* each stored lead's rows once: one audit row, one event, its keys, its pinyin */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN leads l ON a.entity = 'lead' "
                                                 "AND a.entity_id = l.id WHERE l.company LIKE 'Bulk Co %%' AND l.company <> "
                                                 "'Bulk Co Reference'"), ==, n - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM events e JOIN leads l ON e.entity = 'lead' "
                                                 "AND e.record_id = l.id WHERE l.company LIKE 'Bulk Co %%' AND l.company <> "
                                                 "'Bulk Co Reference'"), ==, n - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM dedup_keys k JOIN leads l ON k.entity = 'lead' "
                                                 "AND k.record_id = l.id WHERE l.company LIKE 'Bulk Co %%' AND l.company <> "
                                                 "'Bulk Co Reference'"), ==, (n - 1) * reference_keys);
  /* their search grams and pinyin keys are what indexing them again makes */
  grams = index_fingerprint ();
  g_assert_cmpstr (grams, !=, "0/0/0/0");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "search", "rebuild", NULL), ==, 0);
  reindexed = index_fingerprint ();
  g_assert_cmpstr (grams, ==, reindexed);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* rapportd killed in the middle of a burst: every lead it acknowledged is
 * there, once, after the restart, and the audit chain is whole */
static void
test_killed_mid_burst (void)
{
  g_autofree char *key = make_key ("Batch killed");
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Burst) burst = NULL;
  guint acknowledged = 0;
  const guint n = 400;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (keys, key);
      g_ptr_array_add (bodies, g_strdup_printf ("{\"company\":\"Killed Co %u\"}", i));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (bodies, NULL);
  burst = send_burst ((char **) keys->pdata, (char **) bodies->pdata, 100);
  g_assert_true (burst->killed);
  g_subprocess_wait (server->process, NULL, NULL);
  rapport_test_server_restart (server);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *company = g_strdup_printf ("Killed Co %u", i);
      gint64 stored = leads_named (company);

      /* one not acknowledged may or may not have been committed, never twice */
      g_assert_cmpint (stored, <=, 1);
      if (burst->statuses[i] == 201)
        {
          g_assert_cmpint (stored, ==, 1);
          acknowledged++;
        }
    }
  g_assert_cmpuint (acknowledged, >=, 100);
  g_assert_cmpuint (acknowledged, <, n);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* more workers than processors, as a server that takes many intakes has */
  server = rapport_test_server_start_with_config ("[server]\nworkers=16\n");

  g_test_add_func ("/intake-batch/concurrent", test_concurrent);
  g_test_add_func ("/intake-batch/revoked-in-batch", test_revoked_in_batch);
  g_test_add_func ("/intake-batch/hostile-row-late-in-batch", test_hostile_row_late_in_batch);
  g_test_add_func ("/intake-batch/killed-mid-burst", test_killed_mid_burst);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
