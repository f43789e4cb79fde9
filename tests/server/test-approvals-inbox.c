/* test-approvals-inbox.c: the approvals inbox reads what its requests are about in as many statements for 50 as for 5 */
#include "rapport-test-server.h"

#include <string.h>

#define N_ACCOUNTS 3
/* readings of a request's statements; another thread of rapportd (the event
 * hub's poll, the periodic jobs) only ever adds to one, so the fewest is the
 * request's own */
#define N_READINGS 5

static RapportTestServer *server;
static char *manager, *rep;
static gint64 accounts[N_ACCOUNTS];
static const char * const account_names[N_ACCOUNTS] = { "Inbox Hospital 收件医院", "Second Clinic", "第三药房" };
/* approval id → the index of its account */
static GHashTable *customers;
static guint n_submitted;

/* submits quotes at 15 % discount until @n wait for the manager, their accounts in turn */
static void
submit_until (guint n)
{
  for (; n_submitted < n; n_submitted++)
    {
      guint account = n_submitted % N_ACCOUNTS;
      g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"description\":\"Ventilator\","
                                               "\"quantity\":\"1\",\"unit_price\":\"1000\",\"discount\":\"15\",\"tax_rate\":\"13\"}]}",
                                               accounts[account]);
      gint64 quote = rapport_test_create (server, rep, "quotes", body);
      g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", quote);
      g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "POST", path, rep, NULL);

      g_assert_cmpuint (submitted->status, ==, 200);
      g_hash_table_insert (customers, GINT_TO_POINTER (rapport_test_reply_int (submitted, "approval_id")),
                           GUINT_TO_POINTER (account));
    }
}

/* the statements that rapportd has executed, all connections together */
static guint64
statements (void)
{
  g_autofree char *output = rapport_test_server_sql (server, "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'");
  const char *tab = strchr (output, '\t');

  g_assert_nonnull (tab);
  return g_ascii_strtoull (tab + 1, NULL, 10);
}

/* GET @path as @token, checked: every request there is, each with its
 * customer, amount and discount; returns the statements it took */
static guint64
read_inbox (const char *path,
            const char *token,
            guint       n)
{
  guint64 fewest = G_MAXUINT64;

  for (guint reading = 0; reading < N_READINGS; reading++)
    {
      guint64 before = statements ();
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, token, NULL);
      guint64 after = statements ();
      JsonArray *items;

      g_assert_cmpuint (reply->status, ==, 200);
      fewest = MIN (fewest, after - before);
      items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
      g_assert_cmpuint (json_array_get_length (items), ==, n);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          gpointer account = NULL;

          g_assert_true (g_hash_table_lookup_extended (customers, GINT_TO_POINTER (json_object_get_int_member (item, "id")),
                                                       NULL, &account));
          g_assert_cmpstr (json_object_get_string_member_with_default (item, "customer", NULL), ==,
                           account_names[GPOINTER_TO_UINT (account)]);
          /* 1000 less 15 %, plus 13 % tax */
          g_assert_cmpstr (json_object_get_string_member_with_default (item, "amount", NULL), ==, "960.50");
          g_assert_cmpstr (json_object_get_string_member_with_default (item, "discount", NULL), ==, "15.0000");
          g_assert_cmpstr (json_object_get_string_member_with_default (item, "submitted_by", NULL), ==, "inbox.rep Name");
          g_assert_nonnull (json_object_get_string_member_with_default (item, "number", NULL));
        }
    }
  return fewest;
}

static void
test_constant_statements (void)
{
  guint64 pending_5, pending_50, submitted_5, submitted_50;

  submit_until (5);
  pending_5 = read_inbox ("/api/v1/approvals?mine=pending", manager, 5);
  submitted_5 = read_inbox ("/api/v1/approvals?mine=submitted", rep, 5);
  submit_until (50);
  pending_50 = read_inbox ("/api/v1/approvals?mine=pending", manager, 50);
  submitted_50 = read_inbox ("/api/v1/approvals?mine=submitted", rep, 50);

  g_test_message ("statements: pending %" G_GUINT64_FORMAT " for 5, %" G_GUINT64_FORMAT " for 50; "
                  "submitted %" G_GUINT64_FORMAT " for 5, %" G_GUINT64_FORMAT " for 50",
                  pending_5, pending_50, submitted_5, submitted_50);
  g_assert_cmpuint (pending_50, ==, pending_5);
  g_assert_cmpuint (submitted_50, ==, submitted_5);
  /* the approvals, their quotes, the quotes' accounts */
  g_assert_cmpuint (pending_5, <=, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_free (rapport_test_server_add_managed_user (server, "inbox.dir", "director", NULL));
  manager = rapport_test_server_add_managed_user (server, "inbox.mgr", "manager", "inbox.dir");
  rep = rapport_test_server_add_managed_user (server, "inbox.rep", "sales", "inbox.mgr");
  customers = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", account_names[i]);

      accounts[i] = rapport_test_create (server, rep, "accounts", body);
    }

  g_test_add_func ("/approvals-inbox/constant-statements", test_constant_statements);
  status = g_test_run ();

  g_hash_table_unref (customers);
  g_free (manager);
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
