/* test-calendar-items.c: GET /calendar-items, a window of one's activities, visit plans and tasks, recurring tasks expanded, under each reader's scope, against the real MariaDB */
#include "rapport-test-server.h"

static RapportTestServer *server;
static char *manager;
static char *rep;
static char *other;

static JsonArray *
items_of (RapportTestReply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_array_member (rapport_test_reply_object (reply), "items");
}

static RapportTestReply *
read_window (const char *token,
             const char *from,
             const char *to,
             const char *scope)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/calendar-items?from=%s&to=%s%s%s", from, to,
                                           scope ? "&scope=" : "", scope ? scope : "");

  return rapport_test_request (server, "GET", path, token, NULL);
}

/* how many items of @kind named @title, and the start of the last one */
static guint
count_titled (JsonArray   *items,
              const char  *kind,
              const char  *title,
              const char **starts_at)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "kind"), kind) &&
          g_str_equal (json_object_get_string_member (item, "title"), title))
        {
          n++;
          if (starts_at)
            *starts_at = json_object_get_string_member (item, "starts_at");
        }
    }
  return n;
}

static void
test_window (void)
{
  gint64 account = rapport_test_create (server, rep, "accounts", "{\"name\":\"温州康宁医院\"}");
  g_autofree char *call = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"Call Dr Wang\",\"starts_at\":\"2030-03-05T02:00:00Z\","
                                           "\"ends_at\":\"2030-03-05T02:45:00Z\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  g_autofree char *later = g_strdup_printf ("{\"kind\":\"meeting\",\"subject\":\"Next week's meeting\",\"starts_at\":\"2030-03-12T02:00:00Z\","
                                            "\"account_id\":%" G_GINT64_FORMAT "}", account);
  g_autofree char *plan = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"purpose\":\"Demo the new scanner\","
                                           "\"planned_at\":\"2030-03-06T06:00:00Z\"}", account);
  g_autoptr(RapportTestReply) week = NULL;
  JsonArray *items;
  JsonObject *first = NULL;
  const char *at = NULL;

  g_assert_cmpint (rapport_test_create (server, rep, "activities", call), >, 0);
  g_assert_cmpint (rapport_test_create (server, rep, "activities", later), >, 0);
  g_assert_cmpint (rapport_test_create (server, rep, "visit-plans", plan), >, 0);
  g_assert_cmpint (rapport_test_create (server, rep, "tasks", "{\"subject\":\"Send the offer\",\"due_at\":\"2030-03-07T09:30:00Z\","
                                        "\"remind_at\":\"2030-03-07T09:00:00Z\"}"), >, 0);
  g_assert_cmpint (rapport_test_create (server, rep, "tasks", "{\"subject\":\"Undated\"}"), >, 0);

  week = read_window (rep, "2030-03-04T00:00:00Z", "2030-03-11T00:00:00Z", NULL);
  items = items_of (week);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpuint (count_titled (items, "activity", "Call Dr Wang", &at), ==, 1);
  g_assert_cmpstr (at, ==, "2030-03-05T02:00:00.000000Z");
  g_assert_cmpuint (count_titled (items, "visit", "Demo the new scanner", &at), ==, 1);
  g_assert_cmpstr (at, ==, "2030-03-06T06:00:00.000000Z");
  g_assert_cmpuint (count_titled (items, "task", "Send the offer", &at), ==, 1);
  g_assert_cmpstr (at, ==, "2030-03-07T09:30:00.000000Z");
  g_assert_cmpuint (count_titled (items, "activity", "Next week's meeting", NULL), ==, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "kind"), "activity"))
      first = json_array_get_object_element (items, i);
  g_assert_nonnull (first);
  g_assert_cmpstr (json_object_get_string_member (first, "ends_at"), ==, "2030-03-05T02:45:00.000000Z");
  g_assert_cmpstr (json_object_get_string_member (first, "entity"), ==, "activities");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "call");
  g_assert_cmpint (json_object_get_int_member (first, "version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (week), "truncated"));
  /* a task carries its reminder, which a move shifts with it */
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "kind"), "task"))
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i), "remind_at"), ==,
                       "2030-03-07T09:00:00.000000Z");
}

/* a daily task repeats inside a window that starts after its due time, and not past its COUNT */
static void
test_recurring (void)
{
  g_autoptr(RapportTestReply) window = NULL;
  g_autoptr(RapportTestReply) before = NULL;
  JsonArray *items;
  guint occurrences = 0;

  g_assert_cmpint (rapport_test_create (server, rep, "tasks",
                                        "{\"subject\":\"Daily report\",\"due_at\":\"2030-04-01T01:00:00Z\",\"recurrence\":\"FREQ=DAILY;COUNT=10\"}"), >, 0);
  /* the 6th to the 10th day: five occurrences, none of them the stored task */
  window = read_window (rep, "2030-04-05T12:00:00Z", "2030-04-20T00:00:00Z", NULL);
  items = items_of (window);
  g_assert_cmpuint (count_titled (items, "task", "Daily report", NULL), ==, 5);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "title"), "Daily report"))
        {
          g_assert_true (json_object_get_boolean_member (item, "occurrence"));
          occurrences++;
        }
    }
  g_assert_cmpuint (occurrences, ==, 5);

  /* a window over its first days: the task itself and two more */
  before = read_window (rep, "2030-03-31T00:00:00Z", "2030-04-03T12:00:00Z", NULL);
  g_assert_cmpuint (count_titled (items_of (before), "task", "Daily report", NULL), ==, 3);
}

/* a manager's team scope takes in the rep's items, their own scope does not; a peer sees none of them */
static void
test_scopes (void)
{
  g_autoptr(RapportTestReply) team = read_window (manager, "2030-03-04T00:00:00Z", "2030-03-11T00:00:00Z", "team");
  g_autoptr(RapportTestReply) mine = read_window (manager, "2030-03-04T00:00:00Z", "2030-03-11T00:00:00Z", "mine");
  g_autoptr(RapportTestReply) peer = read_window (other, "2030-03-04T00:00:00Z", "2030-03-11T00:00:00Z", "team");

  g_assert_cmpuint (count_titled (items_of (team), "activity", "Call Dr Wang", NULL), ==, 1);
  g_assert_cmpuint (count_titled (items_of (team), "visit", "Demo the new scanner", NULL), ==, 1);
  g_assert_cmpuint (count_titled (items_of (team), "task", "Send the offer", NULL), ==, 1);
  g_assert_cmpuint (json_array_get_length (items_of (mine)), ==, 0);
  g_assert_cmpuint (json_array_get_length (items_of (peer)), ==, 0);
}

static void
test_bad_windows (void)
{
  struct { const char *query; const char *field; } bad[] = {
    { "", "from" },
    { "?from=yesterday&to=2030-03-11T00:00:00Z", "from" },
    { "?from=2030-03-04T00:00:00Z", "to" },
    { "?from=2030-03-04T00:00:00Z&to=2030-03-04T00:00:00Z", "to" },
    { "?from=2030-03-04T00:00:00Z&to=2030-06-04T00:00:00Z", "to" },
    { "?from=2030-03-04T00:00:00Z&to=2030-03-11T00:00:00Z&scope=everyone", "scope" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/calendar-items%s", bad[i].query);
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);

      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, bad[i].field);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *teams = NULL;
  gint64 east, west;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* sessions read afresh, so that the teams set below apply at once */
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  manager = rapport_test_server_add_user (server, "mia", "manager");
  rep = rapport_test_server_add_user (server, "ren", "sales");
  other = rapport_test_server_add_user (server, "otto", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mia', 'ren'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'otto'", east, west);
  g_free (rapport_test_server_sql (server, teams));

  g_test_add_func ("/calendar-items/window", test_window);
  g_test_add_func ("/calendar-items/recurring", test_recurring);
  g_test_add_func ("/calendar-items/scopes", test_scopes);
  g_test_add_func ("/calendar-items/bad-windows", test_bad_windows);
  status = g_test_run ();

  g_free (manager);
  g_free (rep);
  g_free (other);
  rapport_test_server_stop (server);
  return status;
}
