/* test-case-categories.c: the tree of case categories (made, moved, cycles and missing parents refused, even between two moves at once, archived with its cases), a case's category and its name, and cases listed by a category with its subtree */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* service */
static gint64 account;

static gint64
make_category (const char *name,
               gint64      parent)
{
  g_autofree char *body = parent > 0
    ? g_strdup_printf ("{\"name\":\"%s\",\"parent_id\":%" G_GINT64_FORMAT "}", name, parent)
    : g_strdup_printf ("{\"name\":\"%s\"}", name);

  return rapport_test_create (server, server->admin_token, "case-categories", body);
}

static gint64
create_case (const char *subject,
             gint64      category)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"category_id\":%" G_GINT64_FORMAT "}", subject, account, category);

  return rapport_test_create (server, alice, "cases", body);
}

static RapportTestReply *
move_category (gint64 id,
               gint64 parent)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/case-categories/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"parent_id\":%" G_GINT64_FORMAT "}",
                                           rapport_test_reply_int (current, "version"), parent);

  g_assert_cmpuint (current->status, ==, 200);
  return rapport_test_request (server, "PATCH", path, server->admin_token, body);
}

static gint64
parent_of (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT IFNULL(parent_id, 0) FROM `case-categories` WHERE id = %" G_GINT64_FORMAT, id);
}

/* the ids a list answers, in its order, comma-separated */
static char *
listed_ids (const char *path)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, alice, NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  JsonArray *items;

  if (reply->status != 200)
    g_error ("%s: %u %s", path, reply->status, reply->body);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (items, i), "id"));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static gint64
audit_rows (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case_category' AND entity_id = %"
                               G_GINT64_FORMAT, id);
}

/* administrators build the tree and move a branch, every write audited;
 * a service rep reads it and may not write it */
static void
test_tree (void)
{
  gint64 hardware = make_category ("Hardware", 0);
  gint64 printers = make_category ("Printers", hardware);
  gint64 service = make_category ("Service visits", 0);
  gint64 jams = make_category ("卡纸", printers);
  g_autoptr(RapportTestReply) by_rep = rapport_test_request (server, "POST", "/api/v1/case-categories", alice,
                                                             "{\"name\":\"Mine\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/case-categories?parent_id=%" G_GINT64_FORMAT, hardware);
  g_autofree char *children = listed_ids (path);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, printers);
  g_autoptr(RapportTestReply) moved = NULL;

  g_assert_cmpuint (by_rep->status, ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `case-categories` WHERE name = 'Mine'"), ==, 0);
  g_assert_cmpstr (children, ==, expected);
  g_assert_cmpint (audit_rows (jams), ==, 1);

  /* the jams move from the printers to the service visits */
  moved = move_category (jams, service);
  g_assert_cmpuint (moved->status, ==, 200);
  g_assert_cmpint (parent_of (jams), ==, service);
  g_assert_cmpint (audit_rows (jams), ==, 2);
}

/* a category under itself or under one below it, or under one that does
 * not exist, is 422 on parent_id and nothing changes */
static void
test_cycle_refused (void)
{
  gint64 top = make_category ("Software", 0);
  gint64 middle = make_category ("Licences", top);
  gint64 bottom = make_category ("Activation", middle);
  const gint64 parents[] = { top, bottom, middle, 999999 };
  const gint64 moved[] = { top, top, top, middle };

  for (guint i = 0; i < G_N_ELEMENTS (parents); i++)
    {
      gint64 version = rapport_test_sql_int (server, "SELECT version FROM `case-categories` WHERE id = %" G_GINT64_FORMAT, moved[i]);
      g_autoptr(RapportTestReply) reply = move_category (moved[i], parents[i]);

      g_test_message ("%" G_GINT64_FORMAT " under %" G_GINT64_FORMAT ": %s", moved[i], parents[i], reply->body);
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "parent_id");
      g_assert_cmpint (rapport_test_sql_int (server, "SELECT version FROM `case-categories` WHERE id = %" G_GINT64_FORMAT, moved[i]),
                       ==, version);
    }
  g_assert_cmpint (parent_of (top), ==, 0);
  g_assert_cmpint (parent_of (middle), ==, top);
  {
    g_autoptr(RapportTestReply) missing = rapport_test_request (server, "POST", "/api/v1/case-categories", server->admin_token,
                                                                "{\"name\":\"Orphan\",\"parent_id\":999999}");

    g_assert_cmpuint (missing->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (missing), ==, "parent_id");
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `case-categories` WHERE name = 'Orphan'"), ==, 0);
  }
}

typedef struct
{
  gint64 id;
  gint64 parent;
  guint  status;
} Move;

static gpointer
move_thread (gpointer data)
{
  Move *move = data;
  g_autofree char *path = g_strdup_printf ("/api/v1/case-categories/%" G_GINT64_FORMAT, move->id);
  g_autofree char *body = g_strdup_printf ("{\"version\":1,\"parent_id\":%" G_GINT64_FORMAT "}", move->parent);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, server->admin_token, body);

  move->status = reply->status;
  return NULL;
}

/* with C under B, A moved under C while B is moved under A: one move is
 * written, the other refused, never both (a loop A, C, B) */
static void
test_concurrent_moves (void)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *name_a = g_strdup_printf ("Race %u A", round);
      g_autofree char *name_b = g_strdup_printf ("Race %u B", round);
      g_autofree char *name_c = g_strdup_printf ("Race %u C", round);
      gint64 a = make_category (name_a, 0);
      gint64 b = make_category (name_b, 0);
      gint64 c = make_category (name_c, b);
      Move moves[2] = { { a, c, 0 }, { b, a, 0 } };
      GThread *threads[2];
      guint written = 0;

      for (guint t = 0; t < 2; t++)
        threads[t] = g_thread_new ("move", move_thread, &moves[t]);
      for (guint t = 0; t < 2; t++)
        g_thread_join (threads[t]);
      g_test_message ("round %u: %u %u", round, moves[0].status, moves[1].status);
      for (guint t = 0; t < 2; t++)
        written += moves[t].status == 200;
      g_assert_cmpuint (written, <=, 1);
      g_assert_false (parent_of (a) == c && parent_of (b) == a);
    }
}

/* a case names its category by id and keeps its name in "category"; a
 * category that does not exist is 422 on category_id */
static void
test_case_category (void)
{
  gint64 billing = make_category ("Billing", 0);
  gint64 refunds = make_category ("退款", billing);
  gint64 id = create_case ("Charged twice", refunds);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) stored = rapport_test_request (server, "GET", path, alice, NULL);
  g_autofree char *bad = g_strdup_printf ("{\"subject\":\"Nowhere\",\"account_id\":%" G_GINT64_FORMAT ",\"category_id\":999999}", account);
  g_autoptr(RapportTestReply) refused = rapport_test_request (server, "POST", "/api/v1/cases", alice, bad);
  g_autofree char *by_name = NULL;
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *patch = NULL;
  g_autoptr(RapportTestReply) changed = NULL;

  g_assert_cmpuint (stored->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (stored, "category_id"), ==, refunds);
  g_assert_cmpstr (rapport_test_reply_string (stored, "category"), ==, "退款");
  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "category_id");
  /* the free-text filter of migration 048 still finds it by name */
  by_name = listed_ids ("/api/v1/cases?category=%E9%80%80%E6%AC%BE");
  g_assert_cmpstr (by_name, ==, expected);

  /* moved to the parent category: the name follows; the text itself is the server's */
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"category_id\":%" G_GINT64_FORMAT ",\"category\":\"Hacked\"}",
                           rapport_test_reply_int (stored, "version"), billing);
  changed = rapport_test_request (server, "PATCH", path, alice, patch);
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (changed, "category"), ==, "Billing");
}

/* ?category_id=N&subtree=true lists the cases of N and of every category
 * below it; without subtree, N's own; subtree without such a filter is 422 */
static void
test_subtree_filter (void)
{
  gint64 devices = make_category ("Devices", 0);
  gint64 pumps = make_category ("Pumps", devices);
  gint64 valves = make_category ("Valves", pumps);
  gint64 other = make_category ("Devices elsewhere", 0);
  gint64 on_devices = create_case ("Device question", devices);
  gint64 on_pumps = create_case ("Pump noise", pumps);
  gint64 on_valves = create_case ("Valve leak", valves);
  g_autofree char *all = g_strdup_printf ("/api/v1/cases?category_id=%" G_GINT64_FORMAT "&subtree=true&sort=id", devices);
  g_autofree char *below_pumps = g_strdup_printf ("/api/v1/cases?category_id=%" G_GINT64_FORMAT "&subtree=true&sort=id", pumps);
  g_autofree char *own = g_strdup_printf ("/api/v1/cases?category_id=%" G_GINT64_FORMAT "&sort=id", devices);
  g_autofree char *two_roots = g_strdup_printf ("/api/v1/cases?category_id=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                                "&subtree=true&sort=id", valves, other);
  g_autofree char *got_all = listed_ids (all);
  g_autofree char *got_pumps = listed_ids (below_pumps);
  g_autofree char *got_own = listed_ids (own);
  g_autofree char *got_two = listed_ids (two_roots);
  g_autofree char *want_all = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                               on_devices, on_pumps, on_valves);
  g_autofree char *want_pumps = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, on_pumps, on_valves);
  g_autofree char *want_own = g_strdup_printf ("%" G_GINT64_FORMAT, on_devices);
  g_autofree char *want_two = g_strdup_printf ("%" G_GINT64_FORMAT, on_valves);
  g_autoptr(RapportTestReply) alone = rapport_test_request (server, "GET", "/api/v1/cases?subtree=true", alice, NULL);
  g_autoptr(RapportTestReply) bad = rapport_test_request (server, "GET", "/api/v1/cases?subtree=maybe", alice, NULL);

  g_assert_cmpstr (got_all, ==, want_all);
  g_assert_cmpstr (got_pumps, ==, want_pumps);
  g_assert_cmpstr (got_own, ==, want_own);
  g_assert_cmpstr (got_two, ==, want_two);
  g_assert_cmpuint (alone->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (alone), ==, "subtree");
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "subtree");
}

/* archiving a category keeps its cases and their category; the archived
 * category is still found with archived=true, and its subtree still lists
 * them; no case is given it any more, nor an inactive one */
static void
test_archive_with_cases (void)
{
  gint64 retired = make_category ("Fax machines", 0);
  gint64 id = create_case ("Fax will not dial", retired);
  g_autofree char *path = g_strdup_printf ("/api/v1/case-categories/%" G_GINT64_FORMAT "?version=1", retired);
  g_autoptr(RapportTestReply) archived = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);
  g_autofree char *case_path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) still = rapport_test_request (server, "GET", case_path, alice, NULL);
  g_autofree char *listed = NULL;
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, retired);
  g_autofree char *filter = g_strdup_printf ("/api/v1/cases?category_id=%" G_GINT64_FORMAT "&subtree=true", retired);
  g_autofree char *cases = NULL;
  g_autofree char *want_cases = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_test_message ("%s", archived->body);
  g_assert_cmpuint (archived->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT archived FROM `case-categories` WHERE id = %" G_GINT64_FORMAT, retired), ==, 1);
  g_assert_cmpint (audit_rows (retired), ==, 2);
  g_assert_cmpuint (still->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (still, "category_id"), ==, retired);
  g_assert_cmpstr (rapport_test_reply_string (still, "category"), ==, "Fax machines");
  listed = listed_ids ("/api/v1/case-categories?archived=true");
  g_assert_cmpstr (listed, ==, expected);
  cases = listed_ids (filter);
  g_assert_cmpstr (cases, ==, want_cases);
  {
    gint64 resting = rapport_test_create (server, server->admin_token, "case-categories",
                                          "{\"name\":\"Telex\",\"active\":false}");
    const gint64 refused[] = { retired, resting };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autofree char *body = g_strdup_printf ("{\"subject\":\"Retired %u\",\"account_id\":%" G_GINT64_FORMAT
                                                 ",\"category_id\":%" G_GINT64_FORMAT "}", i, account, refused[i]);
        g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/cases", alice, body);

        g_assert_cmpuint (reply->status, ==, 422);
        g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "category_id");
      }
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE subject LIKE 'Retired %%'"), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "service");
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华东医疗器械有限公司\"}");

  g_test_add_func ("/case-categories/tree", test_tree);
  g_test_add_func ("/case-categories/cycle-refused", test_cycle_refused);
  g_test_add_func ("/case-categories/concurrent-moves", test_concurrent_moves);
  g_test_add_func ("/case-categories/case-category", test_case_category);
  g_test_add_func ("/case-categories/subtree-filter", test_subtree_filter);
  g_test_add_func ("/case-categories/archive-with-cases", test_archive_with_cases);

  status = g_test_run ();
  g_free (alice);
  rapport_test_server_stop (server);
  return status;
}
