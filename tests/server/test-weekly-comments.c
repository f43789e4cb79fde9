/* test-weekly-comments.c: comment threads on weekly reports and their review: the manager comments on a rep's summary, the rep answers and is told, who sees them, never changed; submitted reports await the manager's review beside activities */
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

/* @token's pending list walked a page of @limit at a time: "entity:id" each */
static GPtrArray *
pending_walk (const char *token,
              guint       limit)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;

  do
    {
      g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, TRUE) : NULL;
      g_autofree char *path = escaped ? g_strdup_printf ("/api/v1/reviews/pending?limit=%u&after=%s", limit, escaped)
                                      : g_strdup_printf ("/api/v1/reviews/pending?limit=%u", limit);
      g_autoptr(RapportTestReply) page = rapport_test_request (server, "GET", path, token, NULL);
      JsonObject *object;
      JsonArray *items;

      g_assert_cmpuint (page->status, ==, 200);
      object = rapport_test_reply_object (page);
      items = json_object_get_array_member (object, "items");
      g_assert_cmpuint (json_array_get_length (items), <=, limit);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (seen, g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                                                json_object_get_string_member (item (items, i), "entity"),
                                                json_object_get_int_member (item (items, i), "id")));
      g_clear_pointer (&after, g_free);
      if (!json_object_get_null_member (object, "next"))
        after = g_strdup (json_object_get_string_member (object, "next"));
      g_assert_true (after == NULL || json_array_get_length (items) == limit);
    }
  while (after != NULL);
  return seen;
}

/* where "entity:id" is in @seen, G_MAXUINT if not, asserting it is there at most once */
static guint
position (GPtrArray  *seen,
          const char *entity,
          gint64      id)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity, id);
  guint found = G_MAXUINT;

  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (seen->pdata[i], key))
      {
        g_assert_cmpuint (found, ==, G_MAXUINT);
        found = i;
      }
  return found;
}

static gint64
activity_of (const char *token,
             gint64      account,
             const char *subject)
{
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}",
                                           subject, account);

  return rapport_test_create (server, token, "activities", body);
}

/* a draft waits for nobody and cannot be reviewed; once submitted it is in
 * the manager's list among the team's activities by the time it was
 * submitted, paged exactly once even on a tie with an activity; another
 * team's manager neither sees nor reviews it; its author does not review
 * it; marked reviewed it leaves, audited once; mark-all covers reports too */
static void
test_review (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"周报客户\"}");
  gint64 bobs = rapport_test_create (server, bob, "accounts", "{\"name\":\"Bob's customer\"}");
  gint64 draft = rapport_test_create (server, alice, "weekly-reports", "{\"week\":\"2030-W10\",\"kind\":\"plan\"}");
  g_autoptr(RapportTestReply) draft_mark = report_request ("POST", maria, draft, "reviewed", NULL);
  gint64 early = activity_of (alice, account, "early call");
  gint64 report = submitted_summary (alice, "2030-W10");
  gint64 late = activity_of (bob, bobs, "late call");
  gint64 tied = submitted_summary (bob, "2030-W10");
  g_autofree char *tie = g_strdup_printf ("UPDATE `weekly-reports` SET submitted_at = (SELECT created_at FROM activities "
                                          "WHERE id = %" G_GINT64_FORMAT ") WHERE id = %" G_GINT64_FORMAT, early, tied);
  g_autoptr(GPtrArray) walked = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) west_list = NULL;
  g_autoptr(RapportTestReply) outsider = NULL;
  g_autoptr(RapportTestReply) own = NULL;
  g_autoptr(RapportTestReply) marked = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) all = NULL;
  g_autoptr(GPtrArray) after_mark = NULL;
  g_autoptr(GPtrArray) after_all = NULL;
  g_autoptr(GPtrArray) after_new = NULL;
  gint64 later;

  g_assert_cmpuint (draft_mark->status, ==, 409);
  g_free (rapport_test_server_sql (server, tie));

  /* newest first: bob's call, alice's report, then bob's report and alice's
   * call recorded at the same moment, the report first; a page of one at a
   * time gives each once, in the order of the whole list */
  whole = pending_walk (maria, 200);
  walked = pending_walk (maria, 1);
  g_assert_cmpuint (walked->len, ==, whole->len);
  for (guint i = 0; i < whole->len; i++)
    g_assert_cmpstr (walked->pdata[i], ==, whole->pdata[i]);
  g_assert_cmpuint (position (whole, "weekly_report", draft), ==, G_MAXUINT);
  g_assert_cmpuint (position (whole, "activity", late), <, position (whole, "weekly_report", report));
  g_assert_cmpuint (position (whole, "weekly_report", report), <, position (whole, "weekly_report", tied));
  g_assert_cmpuint (position (whole, "weekly_report", tied) + 1, ==, position (whole, "activity", early));

  west_list = pending_walk (walter, 200);
  g_assert_cmpuint (position (west_list, "weekly_report", report), ==, G_MAXUINT);
  outsider = report_request ("POST", walter, report, "reviewed", NULL);
  g_assert_cmpuint (outsider->status, ==, 404);
  own = report_request ("POST", alice, report, "reviewed", NULL);
  g_assert_cmpuint (own->status, ==, 403);

  marked = report_request ("POST", maria, report, "reviewed", NULL);
  g_assert_cmpuint (marked->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (marked, "entity"), ==, "weekly_report");
  g_assert_cmpint (rapport_test_reply_int (marked, "record_id"), ==, report);
  again = report_request ("POST", maria, report, "reviewed", NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (again, "reviewed_at"), ==, rapport_test_reply_string (marked, "reviewed_at"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'weekly_report' "
                                         "AND entity_id = %" G_GINT64_FORMAT " AND action = 'review'", report), ==, 1);
  after_mark = pending_walk (maria, 200);
  g_assert_cmpuint (position (after_mark, "weekly_report", report), ==, G_MAXUINT);
  g_assert_cmpuint (position (after_mark, "weekly_report", tied), !=, G_MAXUINT);

  /* mark all: bob's report goes too; one submitted later comes back */
  all = rapport_test_request (server, "POST", "/api/v1/reviews/mark-all", maria, "{\"until\":\"2100-01-01T00:00:00Z\"}");
  g_assert_cmpuint (all->status, ==, 200);
  after_all = pending_walk (maria, 200);
  g_assert_cmpuint (position (after_all, "weekly_report", tied), ==, G_MAXUINT);
  g_assert_cmpuint (position (after_all, "activity", late), ==, G_MAXUINT);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM review_horizons h JOIN users u ON u.id = h.reviewer_id "
                                         "WHERE u.login = 'maria' AND h.entity = 'weekly_report'"), ==, 1);
  later = submitted_summary (bob, "2030-W11");
  after_new = pending_walk (maria, 200);
  g_assert_cmpuint (position (after_new, "weekly_report", later), ==, 0);
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

  g_test_add_func ("/weekly-comments/thread", test_thread);
  g_test_add_func ("/weekly-comments/author-told", test_author_told);
  g_test_add_func ("/weekly-comments/review", test_review);
  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  g_free (carol);
  g_free (maria);
  g_free (walter);
  rapport_test_server_stop (server);
  return status;
}
