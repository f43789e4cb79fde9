/* test-service-lists.c: the lists the Service section reads: cases sorted most urgent first by their next SLA due instant (cases without one last, in either direction, across pages), and the filters for a queue: cases of one's own team no one has taken */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* service, team East */
static char *bob;     /* service, team West */
static gint64 account;
static gint64 east;

static gint64
create_case (const char *subject,
             const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "%s}",
                                           subject, account, extra);

  return rapport_test_create (server, alice, "cases", body);
}

static void
move (gint64      id,
      const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, alice, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                           rapport_test_reply_int (current, "version"), status);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, alice, body);

  if (reply->status != 200)
    g_error ("case %" G_GINT64_FORMAT " to %s: %u %s", id, status, reply->status, reply->body);
}

/* the case's first reply to its customer: its first response */
static void
answer (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages", id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, alice,
                                                            "{\"kind\":\"reply\",\"body\":\"We are on it.\"}");

  if (reply->status != 201)
    g_error ("reply to case %" G_GINT64_FORMAT ": %u %s", id, reply->status, reply->body);
}

static gint64
category (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);

  return rapport_test_create (server, server->admin_token, "case-categories", body);
}

/* the ids of every page of a list, the pages of @limit rows joined by "|" */
static char *
walk (const char *query,
      guint       limit)
{
  g_autoptr(GString) ids = g_string_new ("");
  g_autofree char *after = NULL;

  for (guint page = 0; page < 20; page++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/cases?account_id=%" G_GINT64_FORMAT "&%s&limit=%u%s%s",
                                               account, query, limit, after ? "&after=" : "", after ? after : "");
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, alice, NULL);
      JsonObject *object;
      JsonArray *items;

      if (reply->status != 200)
        g_error ("%s: %u %s", path, reply->status, reply->body);
      object = rapport_test_reply_object (reply);
      items = json_object_get_array_member (object, "items");
      if (page > 0)
        g_string_append_c (ids, '|');
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                                json_object_get_int_member (json_array_get_object_element (items, i), "id"));
      g_clear_pointer (&after, g_free);
      if (json_object_get_null_member (object, "next"))
        break;
      after = g_uri_escape_string (json_object_get_string_member (object, "next"), NULL, TRUE);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
ids (gint64 a, gint64 b, gint64 c, gint64 d, gint64 e, const char *marks)
{
  /* marks: the separator after each of the first four ids */
  return g_strdup_printf ("%" G_GINT64_FORMAT "%c%" G_GINT64_FORMAT "%c%" G_GINT64_FORMAT "%c%" G_GINT64_FORMAT
                          "%c%" G_GINT64_FORMAT, a, marks[0], b, marks[1], c, marks[2], d, marks[3], e);
}

/* sla_due_at: the first response's due until it is given, then the
 * resolution's while its clock runs; none paused or without a policy,
 * and such cases come last whichever way the list is sorted */
static void
test_urgent_first (void)
{
  gint64 always = rapport_test_create (server, server->admin_token, "business-calendars",
                                       "{\"name\":\"Always\",\"time_zone\":\"UTC\",\"monday\":\"00:00-24:00\",\"tuesday\":\"00:00-24:00\","
                                       "\"wednesday\":\"00:00-24:00\",\"thursday\":\"00:00-24:00\",\"friday\":\"00:00-24:00\","
                                       "\"saturday\":\"00:00-24:00\",\"sunday\":\"00:00-24:00\"}");
  gint64 fast = category ("Fast");
  gint64 slow = category ("Slow");
  g_autofree char *policy_fast = g_strdup_printf ("{\"name\":\"Fast\",\"category\":\"Fast\",\"calendar_id\":%" G_GINT64_FORMAT
                                                  ",\"first_response_minutes\":10,\"resolution_minutes\":600}", always);
  g_autofree char *policy_slow = g_strdup_printf ("{\"name\":\"Slow\",\"category\":\"Slow\",\"calendar_id\":%" G_GINT64_FORMAT
                                                  ",\"first_response_minutes\":100,\"resolution_minutes\":6000}", always);
  g_autofree char *fast_member = g_strdup_printf (",\"category_id\":%" G_GINT64_FORMAT, fast);
  g_autofree char *slow_member = g_strdup_printf (",\"category_id\":%" G_GINT64_FORMAT, slow);
  gint64 slow_case, fast_case, no_policy, answered, waiting;
  g_autofree char *ascending = NULL;
  g_autofree char *descending = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(RapportTestReply) refused = NULL;

  rapport_test_create (server, server->admin_token, "sla-policies", policy_fast);
  rapport_test_create (server, server->admin_token, "sla-policies", policy_slow);
  slow_case = create_case ("Slow one", slow_member);      /* due in 100 min */
  no_policy = create_case ("No policy", "");              /* none */
  fast_case = create_case ("Fast one", fast_member);      /* due in 10 min */
  answered = create_case ("Answered", fast_member);       /* first response given: resolution due in 600 min */
  answer (answered);
  waiting = create_case ("Waiting", fast_member);         /* first response given, clock paused: none */
  move (waiting, "in_progress");
  move (waiting, "waiting_on_customer");

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                         ") AND sla_due_at IS NULL", no_policy, waiting), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT sla_due_at = resolution_due_at FROM cases WHERE id = %" G_GINT64_FORMAT,
                                         answered), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT sla_due_at = first_response_due_at FROM cases WHERE id = %" G_GINT64_FORMAT,
                                         fast_case), ==, 1);

  /* one page, then pages of two that cross from the instants to the cases without one */
  ascending = walk ("sort=sla_due_at", 50);
  expected = ids (fast_case, slow_case, answered, no_policy, waiting, ",,,,");
  g_assert_cmpstr (ascending, ==, expected);
  g_free (ascending);
  ascending = walk ("sort=sla_due_at", 2);
  g_free (expected);
  expected = ids (fast_case, slow_case, answered, no_policy, waiting, ",|,|");
  g_assert_cmpstr (ascending, ==, expected);
  descending = walk ("sort=-sla_due_at", 2);
  g_free (expected);
  expected = ids (answered, slow_case, fast_case, waiting, no_policy, ",|,|");
  g_assert_cmpstr (descending, ==, expected);

  /* given its first response, the fast case waits for its resolution, due a little before the
   * answered one's (made after it): behind the slow one's first response */
  answer (fast_case);
  g_free (ascending);
  ascending = walk ("sort=sla_due_at", 3);
  g_free (expected);
  expected = ids (slow_case, fast_case, answered, no_policy, waiting, ",,|,");
  g_assert_cmpstr (ascending, ==, expected);

  /* the server keeps it: a client cannot set it */
  refused = rapport_test_request (server, "GET", "/api/v1/cases?sla_due_at=2030-01-01", alice, NULL);
  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "sla_due_at");
}

/* a queue: cases waiting with one's own team that no one has taken; its
 * members see them, though their role sees only their own cases, and take
 * them; the members of another team do not see them */
static void
test_queue_filters (void)
{
  g_autofree char *queued_member = g_strdup_printf (",\"queue_team_id\":%" G_GINT64_FORMAT ",\"owner_id\":null", east);
  gint64 queued = create_case ("Queued", queued_member);
  g_autofree char *taken_member = g_strdup_printf (",\"queue_team_id\":%" G_GINT64_FORMAT, east);
  gint64 taken = create_case ("Taken", taken_member);
  g_autofree char *mine = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(RapportTestReply) required = NULL;
  g_autoptr(RapportTestReply) bad = NULL;
  g_autoptr(RapportTestReply) hidden = NULL;
  g_autoptr(RapportTestReply) taken_reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *take = NULL;

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT owner_id IS NULL FROM cases WHERE id = %" G_GINT64_FORMAT, queued), ==, 1);
  mine = walk ("queue_team_id=mine&owner_id=none", 50);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, queued);
  g_assert_cmpstr (mine, ==, expected);
  g_free (mine);
  mine = walk ("queue_team_id=mine", 50);
  g_free (expected);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, queued, taken);
  g_assert_cmpstr (mine, ==, expected);
  /* none alongside values: either */
  g_free (mine);
  mine = walk ("queue_team_id=mine&owner_id=none,me", 50);
  g_assert_cmpstr (mine, ==, expected);

  /* a field every record has is never empty: none is not a value of it */
  required = rapport_test_request (server, "GET", "/api/v1/cases?account_id=none", alice, NULL);
  g_assert_cmpuint (required->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (required), ==, "account_id");
  bad = rapport_test_request (server, "GET", "/api/v1/cases?queue_team_id=yours", alice, NULL);
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "queue_team_id");

  path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, queued);
  hidden = rapport_test_request (server, "GET", path, bob, NULL);
  g_assert_cmpuint (hidden->status, ==, 404);
  take = g_strdup_printf ("{\"version\":1,\"owner_id\":%" G_GINT64_FORMAT "}", rapport_test_user_id (server, alice));
  taken_reply = rapport_test_request (server, "PATCH", path, alice, take);
  g_assert_cmpuint (taken_reply->status, ==, 200);
  g_free (mine);
  mine = walk ("queue_team_id=mine&owner_id=none", 50);
  g_assert_cmpstr (mine, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  alice = rapport_test_server_add_user (server, "alice", "service");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'alice'", east);
  g_free (rapport_test_server_sql (server, teams));
  bob = rapport_test_server_add_user (server, "bob", "service");
  g_free (teams);
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'bob'",
                           rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}"));
  g_free (rapport_test_server_sql (server, teams));
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华南医院\"}");

  g_test_add_func ("/service-lists/urgent-first", test_urgent_first);
  g_test_add_func ("/service-lists/queue-filters", test_queue_filters);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
