/* test-follow-up-task.c: an activity logged with its follow-up task in one request and one transaction */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *bob;     /* sales, team East */
static char *carol;   /* sales, team West */
static char *maria;   /* manager, team East */

static gint64
count_subject (const char *table,
               const char *subject)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM %s WHERE subject = '%s'", table, subject);

  return rapport_test_sql_int (server, "%s", query);
}

static RapportTestReply *
log_with_follow_up (const char *token,
                    const char *body)
{
  return rapport_test_request (server, "POST", "/api/v1/activities/with-follow-up", token, body);
}

static JsonObject *
member_object (RapportTestReply *reply,
               const char       *member)
{
  JsonNode *node = json_object_get_member (rapport_test_reply_object (reply), member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* the activity and its task, the task following the activity, on the
 * activity's records, assigned to its maker unless told otherwise */
static void
test_logged_together (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Huaxin Pharma\"}");
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Price call\",\"next_step\":\"Send the offer\","
                                           "\"next_step_on\":\"2027-01-15\",\"account_id\":%" G_GINT64_FORMAT ","
                                           "\"follow_up\":{\"subject\":\"Send the offer\",\"due_at\":\"2027-01-15T09:00:00Z\","
                                           "\"remind_at\":\"2027-01-15T08:30:00Z\"}}", account);
  g_autoptr(RapportTestReply) logged = log_with_follow_up (alice, body);
  g_autoptr(RapportTestReply) task = NULL;
  g_autoptr(RapportTestReply) by_activity = NULL;
  g_autofree char *task_path = NULL;
  g_autofree char *by_activity_path = NULL;
  JsonObject *activity;
  JsonObject *follow_up;
  gint64 activity_id;
  gint64 task_id;

  g_assert_cmpuint (logged->status, ==, 201);
  activity = member_object (logged, "activity");
  follow_up = member_object (logged, "follow_up");
  activity_id = json_object_get_int_member (activity, "id");
  task_id = json_object_get_int_member (follow_up, "id");
  g_assert_cmpint (activity_id, >, 0);
  g_assert_cmpint (task_id, >, 0);
  g_assert_cmpstr (json_object_get_string_member (activity, "subject"), ==, "Price call");
  g_assert_cmpint (json_object_get_int_member (follow_up, "activity_id"), ==, activity_id);
  g_assert_cmpint (json_object_get_int_member (follow_up, "account_id"), ==, account);
  g_assert_cmpint (json_object_get_int_member (follow_up, "assignee_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpstr (json_object_get_string_member (follow_up, "remind_at"), ==, "2027-01-15T08:30:00.000000Z");

  /* stored so: read back, and found by its activity */
  task_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, task_id);
  task = rapport_test_request (server, "GET", task_path, alice, NULL);
  g_assert_cmpuint (task->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (task, "activity_id"), ==, activity_id);
  by_activity_path = g_strdup_printf ("/api/v1/tasks?activity_id=%" G_GINT64_FORMAT, activity_id);
  by_activity = rapport_test_request (server, "GET", by_activity_path, alice, NULL);
  g_assert_cmpuint (by_activity->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (by_activity), "items")), ==, 1);
}

/* a manager gives the follow-up to a rep, whose task it is; a rep may not
 * give one to a colleague (as with any task), and then logs nothing;
 * without a follow-up, the answer says null */
static void
test_assignee_and_none (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Ruikang Clinic\"}");
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"Site visit\",\"account_id\":%" G_GINT64_FORMAT ","
                                           "\"follow_up\":{\"subject\":\"Alice sends samples\",\"due_at\":\"2027-02-01T09:00:00Z\","
                                           "\"assignee_id\":%" G_GINT64_FORMAT "}}", account, rapport_test_user_id (server, alice));
  g_autofree char *to_bob = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"Refused F\",\"account_id\":%" G_GINT64_FORMAT ","
                                             "\"follow_up\":{\"subject\":\"Bob sends samples\","
                                             "\"assignee_id\":%" G_GINT64_FORMAT "}}", account, rapport_test_user_id (server, bob));
  g_autoptr(RapportTestReply) given = log_with_follow_up (alice, to_bob);
  g_autofree char *plain = g_strdup_printf ("{\"kind\":\"note\",\"subject\":\"Just a note\",\"account_id\":%" G_GINT64_FORMAT ","
                                            "\"follow_up\":null}", account);
  g_autoptr(RapportTestReply) logged = log_with_follow_up (maria, body);
  g_autoptr(RapportTestReply) alone = log_with_follow_up (alice, plain);
  JsonNode *none;

  g_assert_cmpuint (logged->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (member_object (logged, "follow_up"), "assignee_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpint (json_object_get_int_member (member_object (logged, "activity"), "owner_id"), ==, rapport_test_user_id (server, maria));
  g_assert_cmpuint (given->status, ==, 403);
  g_assert_cmpstr (rapport_test_reply_error_field (given), ==, "follow_up.assignee_id");
  g_assert_cmpint (count_subject ("activities", "Refused F"), ==, 0);
  g_assert_cmpint (count_subject ("tasks", "Bob sends samples"), ==, 0);
  g_assert_cmpuint (alone->status, ==, 201);
  none = json_object_get_member (rapport_test_reply_object (alone), "follow_up");
  g_assert_nonnull (none);
  g_assert_true (JSON_NODE_HOLDS_NULL (none));
  g_assert_cmpint (count_subject ("activities", "Just a note"), ==, 1);
}

/* a task refused, before or after the activity was written, leaves no
 * activity behind; the error names the task's member under follow_up */
static void
test_bad_task_leaves_nothing (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Tianyi Labs\"}");
  gint64 hidden = rapport_test_create (server, carol, "accounts", "{\"name\":\"Carol's own\"}");
  g_autofree char *no_subject = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Refused A\",\"account_id\":%" G_GINT64_FORMAT ","
                                                 "\"follow_up\":{\"due_at\":\"2027-01-15T09:00:00Z\"}}", account);
  g_autofree char *bad_rule = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Refused B\",\"account_id\":%" G_GINT64_FORMAT ","
                                               "\"follow_up\":{\"subject\":\"Weekly\",\"due_at\":\"2027-01-15T09:00:00Z\","
                                               "\"recurrence\":\"FREQ=SOMETIMES\"}}", account);
  g_autofree char *hidden_record = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Refused C\",\"account_id\":%" G_GINT64_FORMAT ","
                                                    "\"follow_up\":{\"subject\":\"On Carols\",\"account_id\":%" G_GINT64_FORMAT "}}",
                                                    account, hidden);
  g_autofree char *no_such_user = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Refused D\",\"account_id\":%" G_GINT64_FORMAT ","
                                                   "\"follow_up\":{\"subject\":\"Nobody\",\"assignee_id\":999999}}", account);
  g_autofree char *not_object = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Refused E\",\"account_id\":%" G_GINT64_FORMAT ","
                                                 "\"follow_up\":\"tomorrow\"}", account);
  g_autoptr(RapportTestReply) a = log_with_follow_up (alice, no_subject);
  g_autoptr(RapportTestReply) b = log_with_follow_up (alice, bad_rule);
  g_autoptr(RapportTestReply) c = log_with_follow_up (alice, hidden_record);
  g_autoptr(RapportTestReply) d = log_with_follow_up (alice, no_such_user);
  g_autoptr(RapportTestReply) e = log_with_follow_up (alice, not_object);
  g_autofree char *last_activity = NULL;

  g_assert_cmpuint (a->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (a), ==, "follow_up.subject");
  g_assert_cmpuint (b->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (b), ==, "follow_up.recurrence");
  /* refused after the activity was inserted: rolled back with it */
  g_assert_cmpuint (c->status, >=, 400);
  g_assert_cmpuint (c->status, <, 500);
  g_assert_nonnull (rapport_test_reply_error_field (c));
  g_assert_true (g_str_has_prefix (rapport_test_reply_error_field (c), "follow_up."));
  g_assert_cmpuint (d->status, >=, 400);
  g_assert_cmpuint (d->status, <, 500);
  g_assert_cmpuint (e->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (e), ==, "follow_up");

  g_assert_cmpint (count_subject ("activities", "Refused A"), ==, 0);
  g_assert_cmpint (count_subject ("activities", "Refused B"), ==, 0);
  g_assert_cmpint (count_subject ("activities", "Refused C"), ==, 0);
  g_assert_cmpint (count_subject ("activities", "Refused D"), ==, 0);
  g_assert_cmpint (count_subject ("activities", "Refused E"), ==, 0);
  g_assert_cmpint (count_subject ("tasks", "On Carols"), ==, 0);
  g_assert_cmpint (count_subject ("tasks", "Nobody"), ==, 0);
  /* nor its last activity on the account */
  last_activity = g_strstrip (rapport_test_server_sql (server, "SELECT COALESCE(MAX(last_activity_at), 'none') FROM accounts "
                                                               "WHERE name = 'Tianyi Labs'"));
  g_assert_cmpstr (last_activity, ==, "none");
}

/* a follow-up added later, from the activity's page, is a task naming it;
 * an activity one may not see is not followed up */
static void
test_later_follow_up (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Baiyun Hospital\"}");
  g_autofree char *activity = g_strdup_printf ("{\"kind\":\"meeting\",\"subject\":\"Board meeting\",\"account_id\":%" G_GINT64_FORMAT "}",
                                               account);
  gint64 activity_id = rapport_test_create (server, alice, "activities", activity);
  g_autofree char *task = g_strdup_printf ("{\"subject\":\"Minutes\",\"activity_id\":%" G_GINT64_FORMAT ",\"account_id\":%" G_GINT64_FORMAT "}",
                                           activity_id, account);
  g_autofree char *stranger = g_strdup_printf ("{\"subject\":\"Peek\",\"activity_id\":%" G_GINT64_FORMAT "}", activity_id);
  g_autoptr(RapportTestReply) mine = rapport_test_request (server, "POST", "/api/v1/tasks", alice, task);
  g_autoptr(RapportTestReply) carols = rapport_test_request (server, "POST", "/api/v1/tasks", carol, stranger);

  g_assert_cmpuint (mine->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (mine, "activity_id"), ==, activity_id);
  g_assert_cmpuint (carols->status, >=, 400);
  g_assert_cmpuint (carols->status, <, 500);
  g_assert_cmpint (count_subject ("tasks", "Peek"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 east;
  gint64 west;
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

  g_test_add_func ("/follow-up-task/logged-together", test_logged_together);
  g_test_add_func ("/follow-up-task/assignee-and-none", test_assignee_and_none);
  g_test_add_func ("/follow-up-task/bad-task-leaves-nothing", test_bad_task_leaves_nothing);
  g_test_add_func ("/follow-up-task/later-follow-up", test_later_follow_up);

  status = g_test_run ();
  g_free (alice);
  g_free (bob);
  g_free (carol);
  g_free (maria);
  rapport_test_server_stop (server);
  return status;
}
