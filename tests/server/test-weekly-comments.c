/* test-weekly-comments.c: comment threads on weekly reports: the manager comments on a rep's summary, the rep answers and is told, who sees them, never changed */
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
report_request (const char *method,
                const char *token,
                gint64      id,
                const char *verb,
                const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/%s", id, verb);

  return rapport_test_request (server, method, path, token, body);
}

/* a summary of @token's for @week, submitted */
static gint64
submitted_summary (const char *token,
                   const char *week)
{
  g_autofree char *body = g_strdup_printf ("{\"week\":\"%s\",\"kind\":\"summary\",\"text\":\"拜访了 3 家客户\"}", week);
  gint64 id = rapport_test_create (server, token, "weekly-reports", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "PATCH", path, token,
                                                                "{\"version\":1,\"status\":\"submitted\"}");

  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (submitted, "status"), ==, "submitted");
  return id;
}

static JsonArray *
items_of (RapportTestReply *reply)
{
  return json_object_get_array_member (rapport_test_reply_object (reply), "items");
}

static JsonObject *
item (JsonArray *items,
      guint      i)
{
  return json_array_get_object_element (items, i);
}

/* the manager comments on the submitted summary, the rep reads it and
 * answers, in order; another team's rep and manager and a colleague get 404
 * for the thread as for the report; the text is checked; a comment is
 * never changed; the thread is in the report's audited history */
static void
test_thread (void)
{
  gint64 id = submitted_summary (alice, "2030-W03");
  g_autoptr(RapportTestReply) posted = report_request ("POST", maria, id, "comments",
                                                       "{\"text\":\"  下周多跑两家医院 — two more hospitals  \"}");
  g_autoptr(RapportTestReply) answer = NULL;
  g_autoptr(RapportTestReply) thread = NULL;
  g_autoptr(RapportTestReply) empty = NULL;
  g_autoptr(RapportTestReply) missing = NULL;
  g_autoptr(RapportTestReply) too_long = NULL;
  g_autoptr(RapportTestReply) longest = NULL;
  g_autoptr(RapportTestReply) patch = NULL;
  g_autoptr(RapportTestReply) del = NULL;
  g_autoptr(RapportTestReply) other_thread = NULL;
  g_autoptr(GString) long_text = g_string_new ("{\"text\":\"");
  g_autoptr(GString) longest_text = NULL;
  g_autofree char *comment_path = NULL;
  g_autofree char *audit_query = NULL;
  const char *outsiders[] = { carol, bob, walter };
  JsonArray *items;
  gint64 comment;

  g_assert_cmpuint (posted->status, ==, 201);
  comment = rapport_test_reply_int (posted, "id");
  g_assert_cmpstr (rapport_test_reply_string (posted, "text"), ==, "下周多跑两家医院 — two more hospitals");
  g_assert_cmpstr (rapport_test_reply_string (posted, "entity"), ==, "weekly_report");
  g_assert_cmpint (rapport_test_reply_int (posted, "author_id"), ==, rapport_test_user_id (server, maria));
  g_assert_cmpint (rapport_test_reply_int (posted, "record_id"), ==, id);
  g_assert_nonnull (rapport_test_reply_string (posted, "created_at"));

  answer = report_request ("POST", alice, id, "comments", "{\"text\":\"好的, will do\"}");
  g_assert_cmpuint (answer->status, ==, 201);

  thread = report_request ("GET", alice, id, "comments", NULL);
  g_assert_cmpuint (thread->status, ==, 200);
  items = items_of (thread);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item (items, 0), "id"), ==, comment);
  g_assert_cmpstr (json_object_get_string_member (item (items, 0), "author_name"), ==, "maria");
  g_assert_cmpstr (json_object_get_string_member (item (items, 0), "entity"), ==, "weekly_report");
  g_assert_cmpstr (json_object_get_string_member (item (items, 1), "text"), ==, "好的, will do");

  /* the thread is the report's: an activity of the same id has none of it */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE entity = 'weekly_report' "
                                         "AND record_id = %" G_GINT64_FORMAT, id), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE entity = 'activity' "
                                         "AND body LIKE '%%hospitals%%'"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (outsiders); i++)
    {
      g_autoptr(RapportTestReply) read = report_request ("GET", outsiders[i], id, "comments", NULL);
      g_autoptr(RapportTestReply) write = report_request ("POST", outsiders[i], id, "comments", "{\"text\":\"hello\"}");

      g_assert_cmpuint (read->status, ==, 404);
      g_assert_cmpuint (write->status, ==, 404);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE body = 'hello'"), ==, 0);

  /* a report that is not there */
  other_thread = report_request ("GET", maria, id + 1000, "comments", NULL);
  g_assert_cmpuint (other_thread->status, ==, 404);

  empty = report_request ("POST", maria, id, "comments", "{\"text\":\"   \"}");
  g_assert_cmpuint (empty->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (empty), ==, "text");
  missing = report_request ("POST", maria, id, "comments", "{}");
  g_assert_cmpuint (missing->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (missing), ==, "text");
  for (guint i = 0; i < 4000; i++)
    g_string_append (long_text, "字");
  longest_text = g_string_new (long_text->str);
  g_string_append (longest_text, "\"}");
  g_string_append (long_text, "x\"}");
  too_long = report_request ("POST", maria, id, "comments", long_text->str);
  g_assert_cmpuint (too_long->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (too_long), ==, "text");
  longest = report_request ("POST", maria, id, "comments", longest_text->str);
  g_assert_cmpuint (longest->status, ==, 201);

  comment_path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/comments/%" G_GINT64_FORMAT, id, comment);
  patch = rapport_test_request (server, "PATCH", comment_path, maria, "{\"text\":\"changed\"}");
  del = rapport_test_request (server, "DELETE", comment_path, server->admin_token, NULL);
  g_assert_cmpuint (patch->status, ==, 423);
  g_assert_cmpuint (del->status, ==, 423);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE body = 'changed'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_comments WHERE id = %" G_GINT64_FORMAT,
                                         comment), ==, 1);

  /* audited with the report, in a chain that stays intact */
  audit_query = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'weekly_report' AND entity_id = %"
                                 G_GINT64_FORMAT " AND action = 'comment'", id);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", audit_query), ==, 3);
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

/* the rep hears of the manager's comment over the event WebSocket, not of their own */
static void
test_author_told (void)
{
  gint64 id = submitted_summary (alice, "2030-W04");
  g_autoptr(RapportTestEvents) listener = rapport_test_events_listen (server->session, server->base_url, alice, NULL);
  g_autoptr(RapportTestReply) own = report_request ("POST", alice, id, "comments", "{\"text\":\"A note to self\"}");
  g_autoptr(RapportTestReply) posted = report_request ("POST", maria, id, "comments", "{\"text\":\"Good week\"}");
  g_autofree char *needle = g_strdup_printf ("\"kind\":\"weekly_report.comment\",\"data\":{\"entity\":\"weekly_report\",\"id\":%"
                                             G_GINT64_FORMAT ",\"subject\":\"2030-W04\"", id);
  g_autofree char *count = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE kind = 'weekly_report.comment' AND record_id = %"
                                            G_GINT64_FORMAT, id);
  gboolean heard = FALSE;
  gint64 until;

  g_assert_cmpuint (own->status, ==, 201);
  g_assert_cmpuint (posted->status, ==, 201);
  until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!heard && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < listener->messages->len && !heard; i++)
        heard = strstr (listener->messages->pdata[i], needle) != NULL &&
                strstr (listener->messages->pdata[i], "Good week") != NULL;
      g_usleep (10000);
    }
  g_assert_true (heard);
  /* one event: maria's comment; alice's own told nobody */
  g_assert_cmpint (rapport_test_sql_int (server, "%s", count), ==, 1);
  for (guint i = 0; i < listener->messages->len; i++)
    g_assert_null (strstr (listener->messages->pdata[i], "A note to self"));
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

  g_test_add_func ("/weekly-comments/thread", test_thread);
  g_test_add_func ("/weekly-comments/author-told", test_author_told);
  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  g_free (carol);
  g_free (maria);
  g_free (walter);
  rapport_test_server_stop (server);
  return status;
}
