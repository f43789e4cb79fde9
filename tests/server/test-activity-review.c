/* test-activity-review.c: supervisor review (批复): comment threads, who sees them, the author told, what awaits review */
#include "rapport-test-server.h"
#include "rapport-test-events.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *bob;     /* sales, team East */
static char *carol;   /* sales, team West */
static char *maria;   /* manager, team East */
static char *walter;  /* manager, team West */

static RapportTestReply *
activity_request (const char *method,
                  const char *token,
                  gint64      id,
                  const char *verb,
                  const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/%s", id, verb);

  return rapport_test_request (server, method, path, token, body);
}

/* a call of @token's with a customer of theirs; its created time in @created */
static gint64
log_call (const char  *token,
          const char  *subject,
          char       **created)
{
  g_autofree char *account_body = g_strdup_printf ("{\"name\":\"%s Ltd\"}", subject);
  gint64 account = rapport_test_create (server, token, "accounts", account_body);
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}",
                                           subject, account);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/activities", token, body);

  g_assert_cmpuint (reply->status, ==, 201);
  if (created != NULL)
    *created = g_strdup (rapport_test_reply_string (reply, "created_at"));
  return rapport_test_reply_int (reply, "id");
}

static JsonArray *
items_of (RapportTestReply *reply)
{
  return json_object_get_array_member (rapport_test_reply_object (reply), "items");
}

static gint64
item_id (JsonArray *items,
         guint      i)
{
  return json_object_get_int_member (json_array_get_object_element (items, i), "id");
}

/* the manager comments, the owner reads it and answers, in order; another
 * team's rep and a colleague of the owner's get 404 for the thread as for
 * the activity; empty comments are refused; a comment is never changed */
static void
test_thread (void)
{
  gint64 id = log_call (alice, "Kangtai Medical", NULL);
  g_autoptr(RapportTestReply) posted = activity_request ("POST", maria, id, "comments",
                                                         "{\"text\":\"  请补充报价细节 — add the price detail  \"}");
  g_autoptr(RapportTestReply) answer = NULL;
  g_autoptr(RapportTestReply) thread = NULL;
  g_autoptr(RapportTestReply) empty = NULL;
  g_autoptr(RapportTestReply) patch = NULL;
  g_autoptr(RapportTestReply) del = NULL;
  g_autoptr(RapportTestReply) history = NULL;
  g_autofree char *comment_path = NULL;
  g_autofree char *history_path = NULL;
  const char *outsiders[] = { carol, bob, walter };
  JsonArray *items;
  gint64 comment;

  g_assert_cmpuint (posted->status, ==, 201);
  comment = rapport_test_reply_int (posted, "id");
  g_assert_cmpstr (rapport_test_reply_string (posted, "text"), ==, "请补充报价细节 — add the price detail");
  g_assert_cmpint (rapport_test_reply_int (posted, "author_id"), ==, rapport_test_user_id (server, maria));
  g_assert_cmpint (rapport_test_reply_int (posted, "record_id"), ==, id);
  g_assert_nonnull (rapport_test_reply_string (posted, "created_at"));

  answer = activity_request ("POST", alice, id, "comments", "{\"text\":\"Done, sent on Monday\"}");
  g_assert_cmpuint (answer->status, ==, 201);

  thread = activity_request ("GET", alice, id, "comments", NULL);
  g_assert_cmpuint (thread->status, ==, 200);
  items = items_of (thread);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpint (item_id (items, 0), ==, comment);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "author_name"), ==, "maria");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "text"), ==,
                   "Done, sent on Monday");

  for (guint i = 0; i < G_N_ELEMENTS (outsiders); i++)
    {
      g_autoptr(RapportTestReply) read = activity_request ("GET", outsiders[i], id, "comments", NULL);
      g_autoptr(RapportTestReply) write = activity_request ("POST", outsiders[i], id, "comments", "{\"text\":\"hello\"}");

      g_assert_cmpuint (read->status, ==, 404);
      g_assert_cmpuint (write->status, ==, 404);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE body = 'hello'"), ==, 0);

  empty = activity_request ("POST", maria, id, "comments", "{\"text\":\"   \"}");
  g_assert_cmpuint (empty->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (empty), ==, "text");

  comment_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments/%" G_GINT64_FORMAT, id, comment);
  patch = rapport_test_request (server, "PATCH", comment_path, maria, "{\"text\":\"changed\"}");
  del = rapport_test_request (server, "DELETE", comment_path, server->admin_token, NULL);
  g_assert_cmpuint (patch->status, ==, 423);
  g_assert_cmpuint (del->status, ==, 423);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE body = 'changed'"), ==, 0);

  /* part of the record's history, in the audit chain, which stays intact */
  history_path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/history", id);
  history = rapport_test_request (server, "GET", history_path, alice, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  g_assert_nonnull (strstr (history->body, "\"comment\""));
  g_assert_nonnull (strstr (history->body, "请补充报价细节"));
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* the owner hears of a manager's comment over the event WebSocket, not of their own */
static void
test_author_told (void)
{
  gint64 id = log_call (alice, "Beijing Instruments", NULL);
  g_autoptr(RapportTestEvents) listener = rapport_test_events_listen (server->session, server->base_url, alice, NULL);
  g_autoptr(RapportTestReply) own = activity_request ("POST", alice, id, "comments", "{\"text\":\"A note to self\"}");
  g_autoptr(RapportTestReply) posted = activity_request ("POST", maria, id, "comments", "{\"text\":\"Good visit\"}");
  g_autofree char *needle = g_strdup_printf ("\"kind\":\"activity.comment\",\"data\":{\"entity\":\"activity\",\"id\":%"
                                             G_GINT64_FORMAT, id);
  g_autofree char *count = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'activity.comment' AND record_id = %"
                                            G_GINT64_FORMAT, id);
  gboolean heard = FALSE;
  gint64 until;

  g_assert_cmpuint (own->status, ==, 201);
  g_assert_cmpuint (posted->status, ==, 201);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!heard && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < listener->messages->len && !heard; i++)
        heard = strstr (listener->messages->pdata[i], needle) != NULL &&
                strstr (listener->messages->pdata[i], "Good visit") != NULL;
      g_usleep (10000);
    }
  g_assert_true (heard);
  /* one event: maria's comment; alice's own told nobody */
  g_assert_cmpint (rapport_test_sql_int (server, "%s", count), ==, 1);
  for (guint i = 0; i < listener->messages->len; i++)
    g_assert_null (strstr (listener->messages->pdata[i], "A note to self"));
}

static RapportTestReply *
pending (const char *token,
         const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reviews/pending%s", query ? query : "");

  return rapport_test_request (server, "GET", path, token, NULL);
}

static guint
pending_count (const char *token)
{
  g_autoptr(RapportTestReply) reply = pending (token, "?limit=200");

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (items_of (reply));
}

/* the manager's list: the team's activities, not their own, nor another
 * team's, newest first, paged; it shrinks as they are marked reviewed, one
 * or all up to a time; marks are per reviewer and audited */
static void
test_pending (void)
{
  g_autofree char *created = NULL;
  g_autofree char *mark_all_body = NULL;
  g_autoptr(RapportTestReply) reset = NULL;
  g_autoptr(RapportTestReply) first = NULL;
  g_autoptr(RapportTestReply) second = NULL;
  g_autoptr(RapportTestReply) marked = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) own = NULL;
  g_autoptr(RapportTestReply) foreign = NULL;
  g_autoptr(RapportTestReply) all = NULL;
  g_autoptr(RapportTestReply) bad = NULL;
  g_autoptr(RapportTestReply) rep = NULL;
  g_autofree char *second_query = NULL;
  g_autofree char *audit_query = NULL;
  gint64 a1, a2, b1, m1, c1, later;

  /* what the other tests left is reviewed */
  log_call (bob, "Earlier", &created);
  mark_all_body = g_strdup_printf ("{\"until\":\"%s\"}", created);
  reset = rapport_test_request (server, "POST", "/api/v1/reviews/mark-all", maria, mark_all_body);
  g_assert_cmpuint (reset->status, ==, 200);
  g_assert_cmpuint (pending_count (maria), ==, 0);

  a1 = log_call (alice, "Review A1", NULL);
  b1 = log_call (bob, "Review B1", NULL);
  a2 = log_call (alice, "Review A2", NULL);
  m1 = log_call (maria, "Maria's own", NULL);
  c1 = log_call (carol, "West call", NULL);

  first = pending (maria, "?limit=2");
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items_of (first)), ==, 2);
  g_assert_cmpint (item_id (items_of (first), 0), ==, a2);
  g_assert_cmpint (item_id (items_of (first), 1), ==, b1);
  g_assert_nonnull (rapport_test_reply_string (first, "next"));
  second_query = g_strdup_printf ("?limit=2&after=%s", rapport_test_reply_string (first, "next"));
  second = pending (maria, second_query);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items_of (second)), ==, 1);
  g_assert_cmpint (item_id (items_of (second), 0), ==, a1);
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (second), "next"));
  g_assert_cmpuint (pending_count (maria), ==, 3);

  /* the West manager sees carol's alone; a rep has nobody to review */
  g_assert_cmpuint (pending_count (walter), >=, 1);
  {
    g_autoptr(RapportTestReply) west = pending (walter, "?limit=200");
    JsonArray *items = items_of (west);

    for (guint i = 0; i < json_array_get_length (items); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "owner_id"), ==, rapport_test_user_id (server, carol));
  }
  g_assert_cmpuint (pending_count (alice), ==, 0);

  /* a company-wide reviewer has everyone's, newest first */
  {
    g_autoptr(RapportTestReply) everyone = pending (server->admin_token, "?limit=5");
    JsonArray *items = items_of (everyone);

    g_assert_cmpuint (everyone->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (items), ==, 5);
    g_assert_cmpint (item_id (items, 0), ==, c1);
    g_assert_cmpint (item_id (items, 1), ==, m1);
    g_assert_cmpint (item_id (items, 2), ==, a2);
  }

  marked = activity_request ("POST", maria, b1, "reviewed", NULL);
  g_assert_cmpuint (marked->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (marked, "reviewer_id"), ==, rapport_test_user_id (server, maria));
  g_assert_nonnull (rapport_test_reply_string (marked, "reviewed_at"));
  g_assert_cmpuint (pending_count (maria), ==, 2);
  again = activity_request ("POST", maria, b1, "reviewed", NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (again, "reviewed_at"), ==, rapport_test_reply_string (marked, "reviewed_at"));
  audit_query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'activity' AND entity_id = %" G_GINT64_FORMAT
                                 " AND action = 'review'", b1);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", audit_query), ==, 1);

  own = activity_request ("POST", maria, m1, "reviewed", NULL);
  g_assert_cmpuint (own->status, ==, 403);
  foreign = activity_request ("POST", maria, c1, "reviewed", NULL);
  g_assert_cmpuint (foreign->status, ==, 404);

  /* marks are the reviewer's: the West manager's list is not touched */
  {
    g_autoptr(RapportTestReply) west = pending (walter, "?limit=1");

    g_assert_cmpint (item_id (items_of (west), 0), ==, c1);
  }

  bad = rapport_test_request (server, "POST", "/api/v1/reviews/mark-all", maria, "{\"until\":\"soon\"}");
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "until");

  /* mark all up to the newest: nothing left; what comes later awaits */
  g_clear_pointer (&mark_all_body, g_free);
  g_clear_pointer (&created, g_free);
  log_call (alice, "Review A3", &created);
  mark_all_body = g_strdup_printf ("{\"until\":\"%s\"}", created);
  all = rapport_test_request (server, "POST", "/api/v1/reviews/mark-all", maria, mark_all_body);
  g_assert_cmpuint (all->status, ==, 200);
  g_assert_cmpuint (pending_count (maria), ==, 0);
  later = log_call (bob, "Review B2", NULL);
  rep = pending (maria, NULL);
  g_assert_cmpuint (json_array_get_length (items_of (rep)), ==, 1);
  g_assert_cmpint (item_id (items_of (rep), 0), ==, later);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'review-all'"), >=, 2);

  /* a time to come marks what was recorded until now: what is recorded
   * later was not seen, and awaits */
  {
    g_autoptr(RapportTestReply) ahead = rapport_test_request (server, "POST", "/api/v1/reviews/mark-all", maria,
                                                              "{\"until\":\"2099-01-01T00:00:00Z\"}");
    g_autoptr(RapportTestReply) after_ahead = NULL;
    gint64 newest;

    g_assert_cmpuint (ahead->status, ==, 200);
    g_assert_cmpstr (rapport_test_reply_string (ahead, "until"), <, "2099");
    g_assert_cmpuint (pending_count (maria), ==, 0);
    newest = log_call (alice, "Review A4", NULL);
    after_ahead = pending (maria, NULL);
    g_assert_cmpuint (json_array_get_length (items_of (after_ahead)), ==, 1);
    g_assert_cmpint (item_id (items_of (after_ahead), 0), ==, newest);
  }
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *teams = NULL;
  gint64 east, west;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "sales");
  bob = rapport_test_server_add_user (server, "bob", "sales");
  carol = rapport_test_server_add_user (server, "carol", "sales");
  maria = rapport_test_server_add_user (server, "maria", "manager");
  walter = rapport_test_server_add_user (server, "walter", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'bob', 'maria'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('carol', 'walter')", east, west);
  g_free (rapport_test_server_sql (server, teams));

  g_test_add_func ("/activity-review/thread", test_thread);
  g_test_add_func ("/activity-review/author-told", test_author_told);
  g_test_add_func ("/activity-review/pending", test_pending);
  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  g_free (carol);
  g_free (maria);
  g_free (walter);
  rapport_test_server_stop (server);
  return status;
}
