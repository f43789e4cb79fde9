/* test-activities.c: activities: what they relate to, the edit window and corrections, last activity, who sees them */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *bob;     /* sales, team East */
static char *carol;   /* sales, team West */
static char *maria;   /* manager, team East */
static gint64 east;
static gint64 west;

static char *
sql_text (const char *statement)
{
  return g_strstrip (rapport_test_server_sql (server, statement));
}

static char *
time_from_now (double hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, hours * 3600);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static RapportTestReply *
run_jobs (double hours)
{
  g_autofree char *when = time_from_now (hours);
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", when);

  return rapport_test_request (server, "POST", path, server->admin_token, NULL);
}

static RapportTestReply *
activity_request (const char *method,
                  const char *token,
                  gint64      id,
                  const char *verb,
                  const char *body)
{
  g_autofree char *path = verb ? g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/%s", id, verb)
                               : g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, method, path, token, body);
}

static RapportTestReply *
log_activity (const char *token,
              const char *body)
{
  return rapport_test_request (server, "POST", "/api/v1/activities", token, body);
}

/* a customer of @token's: an account, its contact, an opportunity on it, and a lead */
typedef struct
{
  gint64 account;
  gint64 contact;
  gint64 opportunity;
  gint64 lead;
} Customer;

static Customer
customer_of (const char *token,
             const char *name)
{
  Customer c;
  g_autofree char *account = g_strdup_printf ("{\"name\":\"%s\"}", name);
  g_autofree char *contact = NULL;
  g_autofree char *opportunity = NULL;
  g_autofree char *lead = g_strdup_printf ("{\"company\":\"%s Lead\"}", name);

  c.account = rapport_test_create (server, token, "accounts", account);
  contact = g_strdup_printf ("{\"name\":\"Wang Fang\",\"account_id\":%" G_GINT64_FORMAT "}", c.account);
  c.contact = rapport_test_create (server, token, "contacts", contact);
  opportunity = g_strdup_printf ("{\"name\":\"%s deal\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\"}",
                                 name, c.account);
  c.opportunity = rapport_test_create (server, token, "opportunities", opportunity);
  c.lead = rapport_test_create (server, token, "leads", lead);
  return c;
}

static char *
last_activity (const char *table,
               gint64      id)
{
  g_autofree char *query = g_strdup_printf ("SELECT COALESCE(last_activity_at, 'none') FROM %s WHERE id = %" G_GINT64_FORMAT,
                                            table, id);

  return sql_text (query);
}

static gint64
version_of (const char *table,
            gint64      id)
{
  g_autofree char *query = g_strdup_printf ("SELECT version FROM %s WHERE id = %" G_GINT64_FORMAT, table, id);

  return rapport_test_sql_int (server, "%s", query);
}

/* an activity on all four records sets their last activity, in its own
 * transaction, without changing their versions; it is searched by subject */
static void
test_create (void)
{
  Customer c = customer_of (alice, "Kangtai Medical");
  gint64 account_version = version_of ("accounts", c.account);
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"Quarterly review 季度回顾\","
                                           "\"discussion\":\"Prices for 2027\",\"outcome\":\"Agreed on a trial\","
                                           "\"next_step\":\"Send the trial contract\",\"next_step_on\":\"2027-01-15\","
                                           "\"starts_at\":\"2026-12-01T09:00:00Z\",\"ends_at\":\"2026-12-01T10:30:00Z\","
                                           "\"place\":\"Their office\",\"account_id\":%" G_GINT64_FORMAT ","
                                           "\"contact_id\":%" G_GINT64_FORMAT ",\"opportunity_id\":%" G_GINT64_FORMAT ","
                                           "\"lead_id\":%" G_GINT64_FORMAT ",\"participants\":[{\"contact_id\":%"
                                           G_GINT64_FORMAT "},{\"user_id\":%" G_GINT64_FORMAT "}]}",
                                           c.account, c.contact, c.opportunity, c.lead, c.contact, rapport_test_user_id (server, bob));
  g_autoptr(RapportTestReply) created = log_activity (alice, body);
  g_autoptr(RapportTestReply) found = NULL;
  g_autoptr(RapportTestReply) by_account = NULL;
  g_autoptr(RapportTestReply) history = NULL;
  g_autofree char *search = NULL;
  g_autofree char *by_account_path = NULL;
  g_autofree char *history_path = NULL;
  const char *tables[] = { "accounts", "contacts", "opportunities", "leads" };
  gint64 ids[] = { c.account, c.contact, c.opportunity, c.lead };
  JsonArray *participants;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  g_assert_cmpstr (rapport_test_reply_string (created, "status"), ==, "open");
  g_assert_cmpint (rapport_test_reply_int (created, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_nonnull (rapport_test_reply_string (created, "editable_until"));
  participants = json_object_get_array_member (rapport_test_reply_object (created), "participants");
  g_assert_cmpuint (json_array_get_length (participants), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (participants, 1), "user_id"), ==, rapport_test_user_id (server, bob));

  /* the activity's start, in every related record, which keeps its version */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *when = last_activity (tables[i], ids[i]);

      g_assert_cmpstr (when, ==, "2026-12-01 09:00:00.000000");
    }
  g_assert_cmpint (version_of ("accounts", c.account), ==, account_version);

  /* a later activity moves it on; an earlier one never moves it back */
  {
    g_autofree char *later = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Follow-up\",\"starts_at\":\"2026-12-02T08:00:00Z\","
                                              "\"contact_id\":%" G_GINT64_FORMAT "}", c.contact);
    g_autofree char *earlier = g_strdup_printf ("{\"kind\":\"note\",\"subject\":\"Old note\",\"starts_at\":\"2026-11-01T08:00:00Z\","
                                                "\"contact_id\":%" G_GINT64_FORMAT "}", c.contact);
    g_autoptr(RapportTestReply) r1 = log_activity (alice, later);
    g_autoptr(RapportTestReply) r2 = log_activity (alice, earlier);
    g_autofree char *when = last_activity ("contacts", c.contact);
    g_autofree char *account_when = last_activity ("accounts", c.account);

    g_assert_cmpuint (r1->status, ==, 201);
    g_assert_cmpuint (r2->status, ==, 201);
    g_assert_cmpstr (when, ==, "2026-12-02 08:00:00.000000");
    g_assert_cmpstr (account_when, ==, "2026-12-01 09:00:00.000000");
  }

  search = g_strdup_printf ("/api/v1/activities?q=%s", "%E5%AD%A3%E5%BA%A6");
  found = rapport_test_request (server, "GET", search, alice, NULL);
  g_assert_cmpuint (found->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (found), "items")), ==, 1);

  by_account_path = g_strdup_printf ("/api/v1/activities?account_id=%" G_GINT64_FORMAT "&kind=visit", c.account);
  by_account = rapport_test_request (server, "GET", by_account_path, alice, NULL);
  g_assert_cmpuint (by_account->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (by_account), "items")), ==, 1);

  /* audited like every write */
  history_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/history", id);
  history = rapport_test_request (server, "GET", history_path, alice, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  g_assert_nonnull (strstr (history->body, "\"create\""));
}

static void
assert_refused (const char *token,
                const char *body,
                guint       status,
                const char *field)
{
  g_autoptr(RapportTestReply) reply = log_activity (token, body);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
}

static void
test_bad_input (void)
{
  Customer mine = customer_of (alice, "Alice Trading");
  Customer theirs = customer_of (carol, "Carol Trading");
  g_autofree char *nothing = g_strdup ("{\"kind\":\"call\",\"subject\":\"To nobody\"}");
  g_autofree char *backwards = g_strdup_printf ("{\"kind\":\"meeting\",\"subject\":\"Backwards\","
                                                "\"starts_at\":\"2026-12-01T10:00:00Z\",\"ends_at\":\"2026-12-01T09:59:00Z\","
                                                "\"account_id\":%" G_GINT64_FORMAT "}", mine.account);
  g_autofree char *hidden_account = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Peek\",\"account_id\":%" G_GINT64_FORMAT "}",
                                                     theirs.account);
  g_autofree char *hidden_lead = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Peek\",\"lead_id\":%" G_GINT64_FORMAT "}",
                                                  theirs.lead);
  g_autofree char *hidden_participant = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Peek\",\"account_id\":%" G_GINT64_FORMAT ","
                                                         "\"participants\":[{\"contact_id\":%" G_GINT64_FORMAT "}]}",
                                                         mine.account, theirs.contact);
  g_autofree char *both = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Both\",\"account_id\":%" G_GINT64_FORMAT ","
                                           "\"participants\":[{\"contact_id\":%" G_GINT64_FORMAT ",\"user_id\":%" G_GINT64_FORMAT "}]}",
                                           mine.account, mine.contact, rapport_test_user_id (server, bob));
  g_autofree char *other_account = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Mixed\",\"account_id\":%" G_GINT64_FORMAT ","
                                                    "\"contact_id\":%" G_GINT64_FORMAT "}", mine.account, theirs.contact);
  g_autofree char *no_kind = g_strdup_printf ("{\"kind\":\"lunch\",\"subject\":\"Lunch\",\"account_id\":%" G_GINT64_FORMAT "}",
                                              mine.account);
  g_autofree char *count = g_strdup ("SELECT COUNT(*) FROM activities WHERE subject IN ('To nobody', 'Backwards', 'Peek', 'Both', 'Mixed', 'Lunch')");

  assert_refused (alice, nothing, 422, "account_id");
  assert_refused (alice, backwards, 422, "ends_at");
  /* a record the user cannot see is refused as if it did not exist */
  assert_refused (alice, hidden_account, 422, "account_id");
  assert_refused (alice, hidden_lead, 422, "lead_id");
  assert_refused (alice, other_account, 422, "contact_id");
  assert_refused (alice, hidden_participant, 422, "participants");
  assert_refused (alice, both, 422, "participants");
  assert_refused (alice, no_kind, 422, "kind");
  g_assert_cmpint (rapport_test_sql_int (server, "%s", count), ==, 0);
}

/* a rep reads only their own activities; their manager reads the team's */
static void
test_visibility (void)
{
  Customer c = customer_of (alice, "Private Affairs");
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Confidential call\",\"account_id\":%" G_GINT64_FORMAT "}",
                                           c.account);
  g_autoptr(RapportTestReply) created = log_activity (alice, body);
  g_autoptr(RapportTestReply) by_carol = NULL;
  g_autoptr(RapportTestReply) carol_lists = NULL;
  g_autoptr(RapportTestReply) carol_patches = NULL;
  g_autoptr(RapportTestReply) by_maria = NULL;
  g_autoptr(RapportTestReply) carol_corrects = NULL;
  g_autoptr(RapportTestReply) maria_corrects = NULL;
  JsonObject *correction;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");

  by_carol = activity_request ("GET", carol, id, NULL, NULL);
  g_assert_cmpuint (by_carol->status, ==, 404);
  carol_lists = rapport_test_request (server, "GET", "/api/v1/activities?q=Confidential", carol, NULL);
  g_assert_cmpuint (carol_lists->status, ==, 200);
  g_assert_null (strstr (carol_lists->body, "Confidential"));
  carol_patches = activity_request ("PATCH", carol, id, NULL, "{\"version\":1,\"subject\":\"Mine now\"}");
  g_assert_cmpuint (carol_patches->status, ==, 404);
  carol_corrects = activity_request ("POST", carol, id, "corrections", "{\"reason\":\"Mine now\"}");
  g_assert_cmpuint (carol_corrects->status, ==, 404);

  by_maria = activity_request ("GET", maria, id, NULL, NULL);
  g_assert_cmpuint (by_maria->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (by_maria, "subject"), ==, "Confidential call");

  /* her manager corrects it, and answers for the correction */
  maria_corrects = activity_request ("POST", maria, id, "corrections",
                                     "{\"reason\":\"Wrong customer contact\",\"subject\":\"Confidential call (corrected)\"}");
  g_assert_cmpuint (maria_corrects->status, ==, 201);
  correction = json_object_get_object_member (rapport_test_reply_object (maria_corrects), "activity");
  g_assert_cmpint (json_object_get_int_member (correction, "owner_id"), ==, rapport_test_user_id (server, maria));
  g_assert_cmpint (json_object_get_int_member (correction, "account_id"), ==, c.account);
}

/* The owner edits within the window; the periodic job, run as of a later
 * time, closes it; then a PATCH answers 423 and a correction is a new
 * activity linked to the original, which stays as it was. */
static void
test_edit_window (void)
{
  Customer c = customer_of (alice, "Window Works");
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Price call\",\"outcome\":\"10 %% discount\","
                                           "\"account_id\":%" G_GINT64_FORMAT "}", c.account);
  g_autoptr(RapportTestReply) created = log_activity (alice, body);
  g_autoptr(RapportTestReply) edited = NULL;
  g_autoptr(RapportTestReply) by_maria = NULL;
  g_autoptr(RapportTestReply) early = NULL;
  g_autoptr(RapportTestReply) still_open = NULL;
  g_autoptr(RapportTestReply) late = NULL;
  g_autoptr(RapportTestReply) closed = NULL;
  g_autoptr(RapportTestReply) locked = NULL;
  g_autoptr(RapportTestReply) no_reason = NULL;
  g_autoptr(RapportTestReply) corrected = NULL;
  g_autoptr(RapportTestReply) original = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) history = NULL;
  g_autofree char *history_path = NULL;
  JsonObject *correction;
  JsonObject *linked;
  gint64 id;
  gint64 correction_id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");

  edited = activity_request ("PATCH", alice, id, NULL, "{\"version\":1,\"outcome\":\"12 % discount\"}");
  g_assert_cmpuint (edited->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (edited, "outcome"), ==, "12 % discount");
  /* her manager sees it and may correct it, but never edits it */
  by_maria = activity_request ("PATCH", maria, id, NULL, "{\"version\":2,\"outcome\":\"15 % discount\"}");
  g_assert_cmpuint (by_maria->status, ==, 403);

  /* 23 hours on, the window (24 h by default) is still open */
  early = run_jobs (23);
  g_assert_cmpuint (early->status, ==, 200);
  still_open = activity_request ("PATCH", alice, id, NULL, "{\"version\":2,\"place\":\"By phone\"}");
  g_assert_cmpuint (still_open->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (still_open, "status"), ==, "open");

  /* 25 hours on, the job closes it, audited as the system's */
  late = run_jobs (25);
  g_assert_cmpuint (late->status, ==, 200);
  closed = activity_request ("GET", alice, id, NULL, NULL);
  g_assert_cmpstr (rapport_test_reply_string (closed, "status"), ==, "closed");
  g_assert_cmpint (rapport_test_reply_int (closed, "version"), ==, 4);

  locked = activity_request ("PATCH", alice, id, NULL, "{\"version\":4,\"outcome\":\"20 % discount\"}");
  g_assert_cmpuint (locked->status, ==, 423);
  g_assert_cmpstr (rapport_test_reply_error_code (locked), ==, "locked");
  g_assert_nonnull (strstr (locked->body, "corrections"));

  no_reason = activity_request ("POST", alice, id, "corrections", "{\"outcome\":\"20 % discount\",\"reason\":\"  \"}");
  g_assert_cmpuint (no_reason->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_reason), ==, "reason");

  corrected = activity_request ("POST", alice, id, "corrections",
                                "{\"version\":4,\"outcome\":\"20 % discount\",\"reason\":\"The customer confirmed 20 % in writing\"}");
  g_assert_cmpuint (corrected->status, ==, 201);
  correction = json_object_get_object_member (rapport_test_reply_object (corrected), "activity");
  linked = json_object_get_object_member (rapport_test_reply_object (corrected), "original");
  correction_id = json_object_get_int_member (correction, "id");
  g_assert_cmpint (json_object_get_int_member (correction, "corrects_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (correction, "correction_reason"), ==, "The customer confirmed 20 % in writing");
  g_assert_cmpstr (json_object_get_string_member (correction, "outcome"), ==, "20 % discount");
  /* what the correction did not change, it keeps from the original */
  g_assert_cmpstr (json_object_get_string_member (correction, "subject"), ==, "Price call");
  g_assert_cmpstr (json_object_get_string_member (correction, "place"), ==, "By phone");
  g_assert_cmpint (json_object_get_int_member (correction, "account_id"), ==, c.account);
  g_assert_cmpstr (json_object_get_string_member (correction, "status"), ==, "open");
  g_assert_cmpint (json_object_get_int_member (correction, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpint (json_object_get_int_member (linked, "corrected_by_id"), ==, correction_id);

  /* the original still reads as it was, and shows it has been corrected */
  original = activity_request ("GET", alice, id, NULL, NULL);
  g_assert_cmpuint (original->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (original, "outcome"), ==, "12 % discount");
  g_assert_cmpint (rapport_test_reply_int (original, "corrected_by_id"), ==, correction_id);
  g_assert_cmpstr (rapport_test_reply_string (original, "status"), ==, "corrected");

  /* corrected once: a further correction corrects the correction */
  again = activity_request ("POST", alice, id, "corrections", "{\"reason\":\"Once more\"}");
  g_assert_cmpuint (again->status, ==, 409);

  /* both audited: the original's link carries the reason */
  history_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/history", id);
  history = rapport_test_request (server, "GET", history_path, alice, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  g_assert_nonnull (strstr (history->body, "The customer confirmed 20 % in writing"));
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/history", correction_id);
    g_autoptr(RapportTestReply) correction_history = rapport_test_request (server, "GET", path, alice, NULL);

    g_assert_cmpuint (correction_history->status, ==, 200);
    g_assert_nonnull (strstr (correction_history->body, "\"create\""));
  }
}

/* a lead held from a pool goes back later once an activity is logged on it */
static void
test_reclaim_moves (void)
{
  g_autofree char *pool_body = g_strdup_printf ("{\"name\":\"Activity pool\",\"team_id\":%" G_GINT64_FORMAT ","
                                                "\"entity\":\"lead\",\"reclaim_idle_days\":5}", east);
  gint64 pool = rapport_test_create (server, server->admin_token, "pools", pool_body);
  gint64 lead = rapport_test_create (server, maria, "leads", "{\"company\":\"Idle Lead Ltd\"}");
  g_autofree char *to_pool = g_strdup_printf ("UPDATE leads SET owner_id = NULL, pool_id = %" G_GINT64_FORMAT
                                              " WHERE id = %" G_GINT64_FORMAT, pool, lead);
  g_autofree char *claim_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/claim", lead);
  g_autofree char *backdate = g_strdup_printf ("UPDATE leads SET claimed_at = UTC_TIMESTAMP(6) - INTERVAL 3 DAY "
                                               "WHERE id = %" G_GINT64_FORMAT, lead);
  g_autofree char *owner_query = g_strdup_printf ("SELECT COALESCE(owner_id, 0) FROM leads WHERE id = %" G_GINT64_FORMAT, lead);
  g_autofree char *activity = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Woke it up\",\"lead_id\":%" G_GINT64_FORMAT "}", lead);
  g_autoptr(RapportTestReply) claimed = NULL;
  g_autoptr(RapportTestReply) logged = NULL;
  g_autoptr(RapportTestReply) jobs = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;

  g_free (rapport_test_server_sql (server, to_pool));
  claimed = rapport_test_request (server, "POST", claim_path, alice, NULL);
  g_assert_cmpuint (claimed->status, ==, 200);
  g_free (rapport_test_server_sql (server, backdate));

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(RapportTestReply) mine = rapport_test_request (server, "GET", "/api/v1/pool/mine", alice, NULL);
      JsonArray *items = json_object_get_array_member (rapport_test_reply_object (mine), "items");
      GDateTime *reclaim = NULL;

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          if (json_object_get_int_member (item, "id") == lead)
            reclaim = g_date_time_new_from_iso8601 (json_object_get_string_member (item, "reclaim_at"), NULL);
        }
      g_assert_nonnull (reclaim);
      if (pass == 0)
        {
          before = reclaim;
          logged = log_activity (alice, activity);
          g_assert_cmpuint (logged->status, ==, 201);
        }
      else
        after = reclaim;
    }
  /* claimed three days ago: it went back in two days; now in five */
  g_assert_cmpint (g_date_time_difference (after, before), >, 2.9 * 24 * 3600 * G_USEC_PER_SEC);

  /* where it would have gone back, it stays */
  jobs = run_jobs (2.5 * 24);
  g_assert_cmpuint (jobs->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", owner_query), ==, rapport_test_user_id (server, alice));
}

/* a user who leaves hands over their activities, closed ones too: a
 * change of owner alone is no edit */
static void
test_transfer_closed (void)
{
  g_autofree char *dave = rapport_test_server_add_user (server, "dave", "sales");
  gint64 account = rapport_test_create (server, dave, "accounts", "{\"name\":\"Leaving Trading\"}");
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"Last visit\",\"account_id\":%" G_GINT64_FORMAT "}",
                                           account);
  g_autoptr(RapportTestReply) created = log_activity (dave, body);
  g_autoptr(RapportTestReply) closed = NULL;
  g_autoptr(RapportTestReply) left = NULL;
  g_autoptr(RapportTestReply) handed = NULL;
  g_autofree char *deactivate = NULL;
  g_autofree char *transfer = g_strdup_printf ("{\"transfer_to\":%" G_GINT64_FORMAT "}", rapport_test_user_id (server, bob));
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  closed = run_jobs (25);
  g_assert_cmpuint (closed->status, ==, 200);
  deactivate = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/deactivate", rapport_test_reply_int (created, "owner_id"));
  left = rapport_test_request (server, "POST", deactivate, server->admin_token, transfer);
  g_assert_cmpuint (left->status, ==, 200);
  handed = activity_request ("GET", bob, id, NULL, NULL);
  g_assert_cmpuint (handed->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (handed, "owner_id"), ==, rapport_test_user_id (server, bob));
  g_assert_cmpstr (rapport_test_reply_string (handed, "status"), ==, "closed");
  g_assert_cmpstr (rapport_test_reply_string (handed, "subject"), ==, "Last visit");
}

/* [activities] edit_hours is the company's window; at 0 an activity is
 * closed as soon as it is made, before any job has run */
static void
test_edit_hours_setting (void)
{
  RapportTestServer *main_server = server;
  g_autofree char *zoe = NULL;
  g_autofree char *body = NULL;
  g_autoptr(RapportTestReply) created = NULL;
  g_autoptr(RapportTestReply) locked = NULL;
  g_autoptr(RapportTestReply) corrected = NULL;
  gint64 account;
  gint64 id;

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n[activities]\nedit_hours=0\n");
  zoe = rapport_test_server_add_user (server, "zoe", "sales");
  account = rapport_test_create (server, zoe, "accounts", "{\"name\":\"Instant Closing Ltd\"}");
  body = g_strdup_printf ("{\"kind\":\"email\",\"subject\":\"Offer sent\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  created = log_activity (zoe, body);
  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  g_assert_cmpstr (rapport_test_reply_string (created, "editable_until"), <=, rapport_test_reply_string (created, "created_at"));

  locked = activity_request ("PATCH", zoe, id, NULL, "{\"version\":1,\"subject\":\"Offer sent twice\"}");
  g_assert_cmpuint (locked->status, ==, 423);
  corrected = activity_request ("POST", zoe, id, "corrections", "{\"reason\":\"Sent twice\",\"subject\":\"Offer sent twice\"}");
  g_assert_cmpuint (corrected->status, ==, 201);

  rapport_test_server_stop (server);
  server = main_server;
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
  maria = rapport_test_server_add_user (server, "maria", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'bob', 'maria'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));

  g_test_add_func ("/activities/create", test_create);
  g_test_add_func ("/activities/bad-input", test_bad_input);
  g_test_add_func ("/activities/visibility", test_visibility);
  g_test_add_func ("/activities/edit-window", test_edit_window);
  g_test_add_func ("/activities/reclaim-moves", test_reclaim_moves);
  g_test_add_func ("/activities/transfer-closed", test_transfer_closed);
  g_test_add_func ("/activities/edit-hours-setting", test_edit_hours_setting);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  g_free (carol);
  g_free (maria);
  rapport_test_server_stop (server);
  return status;
}
