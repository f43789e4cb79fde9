/* test-timeline.c: a customer's one stream: its sources merged newest first, paged by a cursor, filtered by kind, scoped */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* sales, team East */
static char *carol;   /* sales, team West */
static gint64 alice_id;
static gint64 carol_id;

static void
sql (const char *statement)
{
  g_free (rapport_test_server_sql (server, statement));
}

static RapportTestReply *
timeline (const char *token,
          const char *collection,
          gint64      id,
          const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/timeline%s%s", collection, id,
                                           query ? "?" : "", query ? query : "");

  return rapport_test_request (server, "GET", path, token, NULL);
}

static JsonArray *
items_of (RapportTestReply *reply)
{
  return json_object_get_array_member (rapport_test_reply_object (reply), "items");
}

static const char *
next_of (RapportTestReply *reply)
{
  JsonObject *page = rapport_test_reply_object (reply);

  return json_object_get_null_member (page, "next") ? NULL : json_object_get_string_member (page, "next");
}

/* @count activities and tasks on @account (and one activity on its contact)
 * all at one time, written straight into the tables */
static void
add_at_one_time (gint64      account,
                 gint64      contact,
                 const char *at,
                 guint       count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *activity = g_strdup_printf ("INSERT INTO activities (created_at, updated_at, subject, account_id, "
                                                   "owner_id, starts_at) VALUES ('%s', '%s', 'Call %u', %" G_GINT64_FORMAT
                                                   ", %" G_GINT64_FORMAT ", '%s')", at, at, i, account, alice_id, at);
      g_autofree char *task = g_strdup_printf ("INSERT INTO tasks (created_at, updated_at, subject, account_id, assignee_id) "
                                               "VALUES ('%s', '%s', 'Task %u', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                                               at, at, i, account, alice_id);
      sql (activity);
      sql (task);
    }
  {
    g_autofree char *visit = g_strdup_printf ("INSERT INTO activities (created_at, updated_at, subject, contact_id, "
                                              "owner_id, starts_at) VALUES ('%s', '%s', 'Visit', %" G_GINT64_FORMAT
                                              ", %" G_GINT64_FORMAT ", '%s')", at, at, contact, alice_id, at);
    sql (visit);
  }
}

/* whether @a comes strictly before @b in the stream's order */
static gboolean
before_in_stream (JsonObject *a,
                  JsonObject *b)
{
  int by_at = g_strcmp0 (json_object_get_string_member (a, "at"), json_object_get_string_member (b, "at"));
  int by_source;

  if (by_at != 0)
    return by_at > 0;
  by_source = g_strcmp0 (json_object_get_string_member (a, "source"), json_object_get_string_member (b, "source"));
  if (by_source != 0)
    return by_source < 0;
  return json_object_get_int_member (a, "seq") > json_object_get_int_member (b, "seq");
}

/* pages of three through sources whose items share one time: every item
 * once, in order, none lost, even with a newer item added midway */
static void
test_paging (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Equal Times\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"Li Lei\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact = rapport_test_create (server, alice, "contacts", contact_body);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) last = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *count_changes = NULL;
  guint pages = 0;
  guint expected;

  add_at_one_time (account, contact, "2026-03-01 09:00:00.000000", 7);
  count_changes = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND entity_id = %" G_GINT64_FORMAT,
                                   account);
  /* 7 activities, 7 tasks, the contact's visit and the account's own changes */
  expected = 15 + rapport_test_sql_int (server, "%s", count_changes);

  do
    {
      g_autofree char *query = cursor ? g_strdup_printf ("limit=3&before=%s", cursor) : g_strdup ("limit=3");
      g_autoptr(RapportTestReply) page = timeline (alice, "accounts", account, query);
      JsonArray *items;

      g_assert_cmpuint (page->status, ==, 200);
      items = items_of (page);
      g_assert_cmpuint (json_array_get_length (items), <=, 3);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          g_autofree char *key = g_strdup_printf ("%s.%" G_GINT64_FORMAT, json_object_get_string_member (item, "source"),
                                                  json_object_get_int_member (item, "seq"));

          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, g_steal_pointer (&key));
          if (last)
            g_assert_true (before_in_stream (last, item));
          g_clear_pointer (&last, json_object_unref);
          last = json_object_ref (item);
        }
      g_free (cursor);
      cursor = g_strdup (next_of (page));
      if (pages++ == 1)
        {
          /* a newer activity comes in between two pages: it is above them, not in them */
          g_autofree char *newer = g_strdup_printf ("INSERT INTO activities (created_at, updated_at, subject, account_id, "
                                                    "owner_id, starts_at) VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), "
                                                    "'Newer', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", UTC_TIMESTAMP(6))",
                                                    account, alice_id);
          sql (newer);
        }
    }
  while (cursor != NULL);
  g_assert_cmpuint (g_hash_table_size (seen), ==, expected);
  g_assert_cmpuint (pages, >=, expected / 3);

  {
    /* the first page now starts with the newer one */
    g_autoptr(RapportTestReply) first = timeline (alice, "accounts", account, "limit=1");
    JsonObject *item = json_array_get_object_element (items_of (first), 0);

    g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "Newer");
    g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "activity");
    g_assert_cmpstr (json_object_get_string_member (item, "entity"), ==, "activity");
  }
}

/* kind=… keeps only those kinds; the contact's own stream has its visit */
static void
test_kinds (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Kinds\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"Han Mei\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact = rapport_test_create (server, alice, "contacts", contact_body);
  g_autoptr(RapportTestReply) tasks = NULL;
  g_autoptr(RapportTestReply) two = NULL;
  g_autoptr(RapportTestReply) of_contact = NULL;
  JsonArray *items;
  guint n_activity = 0, n_change = 0;

  add_at_one_time (account, contact, "2026-04-01 10:00:00.000000", 2);
  tasks = timeline (alice, "accounts", account, "kind=task");
  g_assert_cmpuint (tasks->status, ==, 200);
  items = items_of (tasks);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i), "kind"), ==, "task");

  two = timeline (alice, "accounts", account, "kind=activity,change");
  g_assert_cmpuint (two->status, ==, 200);
  items = items_of (two);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *kind = json_object_get_string_member (json_array_get_object_element (items, i), "kind");

      if (g_str_equal (kind, "activity"))
        n_activity++;
      else if (g_str_equal (kind, "change"))
        n_change++;
      else
        g_assert_not_reached ();
    }
  /* two on the account, the visit through its contact */
  g_assert_cmpuint (n_activity, ==, 3);
  g_assert_cmpuint (n_change, >=, 1);

  of_contact = timeline (alice, "contacts", contact, "kind=activity");
  g_assert_cmpuint (of_contact->status, ==, 200);
  items = items_of (of_contact);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "title"), ==, "Visit");

  {
    /* a review comment on one of the account's activities: kind=comment, opening its activity */
    g_autofree char *last = g_strdup_printf ("SELECT MAX(id) FROM activities WHERE account_id = %" G_GINT64_FORMAT, account);
    gint64 activity = rapport_test_sql_int (server, "%s", last);
    g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/comments", activity);
    g_autoptr(RapportTestReply) commented = rapport_test_request (server, "POST", path, alice, "{\"text\":\"Follow the price up\"}");
    g_autoptr(RapportTestReply) comments = NULL;
    JsonObject *comment;

    g_assert_cmpuint (commented->status, ==, 201);
    comments = timeline (alice, "accounts", account, "kind=comment");
    g_assert_cmpuint (comments->status, ==, 200);
    items = items_of (comments);
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    comment = json_array_get_object_element (items, 0);
    g_assert_cmpstr (json_object_get_string_member (comment, "kind"), ==, "comment");
    g_assert_cmpstr (json_object_get_string_member (comment, "entity"), ==, "activity");
    g_assert_cmpint (json_object_get_int_member (comment, "id"), ==, activity);
    g_assert_cmpstr (json_object_get_string_member (comment, "summary"), ==, "Follow the price up");
  }
}

/* a bad kind, cursor or limit is a 422 naming the parameter */
static void
test_bad_input (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Bad Input\"}");
  static const struct { const char *query; const char *field; } cases[] = {
    { "kind=activity,meeting", "kind" },
    { "kind=", "kind" },
    { "before=yesterday", "before" },
    { "before=1.activity", "before" },
    { "before=1700000000000000.nothing.5", "before" },
    { "before=1700000000000000.activity.0", "before" },
    { "limit=0", "limit" },
    { "limit=201", "limit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportTestReply) reply = timeline (alice, "accounts", account, cases[i].query);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[i].field);
    }
  {
    g_autoptr(RapportTestReply) products = timeline (alice, "products", 1, NULL);

    g_assert_cmpuint (products->status, ==, 404);
  }
}

/* a quote of another team's rep on one's account is not in one's stream;
 * another team's account has no stream for one */
static void
test_scope (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Shared Customer\"}");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"description\":\"Ventilator\","
                                           "\"quantity\":\"1\",\"unit_price\":\"100000\",\"tax_rate\":\"13\"}]}", account);
  gint64 mine = rapport_test_create (server, alice, "quotes", body);
  gint64 theirs = rapport_test_create (server, server->admin_token, "quotes", body);
  g_autofree char *hand_over = g_strdup_printf ("UPDATE quotes SET owner_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                                carol_id, theirs);
  g_autoptr(RapportTestReply) of_alice = NULL;
  g_autoptr(RapportTestReply) of_admin = NULL;
  g_autoptr(RapportTestReply) of_carol = NULL;
  gboolean saw_mine = FALSE;
  JsonArray *items;

  sql (hand_over);
  of_alice = timeline (alice, "accounts", account, "kind=document");
  g_assert_cmpuint (of_alice->status, ==, 200);
  items = items_of (of_alice);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_assert_cmpstr (json_object_get_string_member (item, "entity"), ==, "quote");
      g_assert_cmpint (json_object_get_int_member (item, "id"), !=, theirs);
      saw_mine = saw_mine || json_object_get_int_member (item, "id") == mine;
    }
  g_assert_true (saw_mine);

  /* the administrator sees both */
  of_admin = timeline (server->admin_token, "accounts", account, "kind=document");
  g_assert_cmpuint (of_admin->status, ==, 200);
  {
    gboolean saw_theirs = FALSE;

    items = items_of (of_admin);
    for (guint i = 0; i < json_array_get_length (items); i++)
      saw_theirs = saw_theirs || json_object_get_int_member (json_array_get_object_element (items, i), "id") == theirs;
    g_assert_true (saw_theirs);
  }

  of_carol = timeline (carol, "accounts", account, NULL);
  g_assert_cmpuint (of_carol->status, ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 east, west;
  g_autofree char *teams = NULL;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "sales");
  carol = rapport_test_server_add_user (server, "carol", "sales");
  alice_id = rapport_test_user_id (server, alice);
  carol_id = rapport_test_user_id (server, carol);
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'alice'; "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  sql (teams);

  g_test_add_func ("/timeline/paging", test_paging);
  g_test_add_func ("/timeline/kinds", test_kinds);
  g_test_add_func ("/timeline/bad-input", test_bad_input);
  g_test_add_func ("/timeline/scope", test_scope);

  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  rapport_test_server_stop (server);
  return status;
}
