/* test-service-keys.c: service accounts act through API keys with their role's rights, on the REST API and the event WebSocket, until revoked or expired, audited */
#include "rapport-test-server.h"
#include "rapport-test-events.h"

#include <string.h>

static RapportTestServer *server;

typedef struct
{
  gint64  id;
  char   *secret;
} Account;

static void
account_clear (Account *account)
{
  g_free (account->secret);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

static void
create (const char *name,
        const char *role,
        Account    *account)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"role\":\"%s\"}", name, role);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/service-accounts",
                                                            server->admin_token, body);

  g_assert_cmpuint (reply->status, ==, 201);
  account->id = rapport_test_reply_int (reply, "id");
  account->secret = g_strdup (rapport_test_reply_string (reply, "secret"));
  g_assert_true (g_str_has_prefix (account->secret, "rk_"));
  /* 32 random bytes in unpadded base64url */
  g_assert_cmpuint (strlen (account->secret), ==, 3 + 43);
  g_assert_cmpstr (rapport_test_reply_string (reply, "role"), ==, role);
}

static guint
status_of (const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, method, path, token, body);

  return reply->status;
}

/* a key acts with its role: sales reads and writes, as the account */
static void
test_sales_key (void)
{
  g_auto(Account) erp = { 0 };
  g_autoptr(RapportTestReply) made = NULL;
  g_autoptr(RapportTestReply) list = NULL;
  g_autofree char *stored_hash = NULL;
  gint64 account_id;

  create ("erp", "sales", &erp);
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", erp.secret, NULL), ==, 200);
  made = rapport_test_request (server, "POST", "/api/v1/accounts", erp.secret, "{\"name\":\"Made by the ERP\"}");
  g_assert_cmpuint (made->status, ==, 201);
  account_id = rapport_test_reply_int (made, "id");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT created_by FROM accounts WHERE id = %" G_GINT64_FORMAT,
                                         account_id), ==, erp.id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account' "
                                         "AND entity_id = %" G_GINT64_FORMAT " AND actor_id = %" G_GINT64_FORMAT,
                                         account_id, erp.id), ==, 1);
  /* a sales role administers nothing */
  g_assert_cmpuint (status_of ("POST", "/api/v1/service-accounts", erp.secret, "{\"name\":\"x\",\"role\":\"admin\"}"),
                    ==, 403);
  /* only the hash is kept; the list shows the prefix and the uses, never the secret */
  stored_hash = rapport_test_server_sql (server, "SELECT key_hash FROM service_keys WHERE user_id = (SELECT id FROM users "
                                                 "WHERE login = 'svc-erp')");
  g_assert_null (strstr (stored_hash, erp.secret + 3));
  list = rapport_test_request (server, "GET", "/api/v1/service-accounts", server->admin_token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_null (strstr (list->body, erp.secret + 3));
  g_assert_null (strstr (list->body, "\"secret\""));
  g_assert_nonnull (strstr (list->body, "\"name\":\"erp\""));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM service_keys WHERE user_id = %" G_GINT64_FORMAT,
                                         erp.id), >=, 3);
  /* it never signs in with a password */
  g_assert_null (rapport_test_login (server, "svc-erp", ""));
}

/* a read-only role reads through its key and changes nothing */
static void
test_read_only_key (void)
{
  g_auto(Account) bi = { 0 };

  create ("bi-export", "auditor", &bi);
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", bi.secret, NULL), ==, 200);
  g_assert_cmpuint (status_of ("POST", "/api/v1/accounts", bi.secret, "{\"name\":\"Not by BI\"}"), ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Not by BI'"), ==, 0);
}

/* revoked, rotated away or expired: 401 at once */
static void
test_revoke_rotate_expire (void)
{
  g_auto(Account) sync = { 0 };
  g_auto(Account) shortlived = { 0 };
  g_autofree char *rotate_path = NULL;
  g_autofree char *revoke_path = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *expire = NULL;

  create ("sync", "sales", &sync);
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", sync.secret, NULL), ==, 200);
  rotate_path = g_strdup_printf ("/api/v1/service-accounts/%" G_GINT64_FORMAT "/rotate", sync.id);
  {
    g_autoptr(RapportTestReply) rotated = rapport_test_request (server, "POST", rotate_path, server->admin_token, NULL);

    g_assert_cmpuint (rotated->status, ==, 200);
    fresh = g_strdup (rapport_test_reply_string (rotated, "secret"));
  }
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", sync.secret, NULL), ==, 401);
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", fresh, NULL), ==, 200);

  revoke_path = g_strdup_printf ("/api/v1/service-accounts/%" G_GINT64_FORMAT "/revoke", sync.id);
  g_assert_cmpuint (status_of ("POST", revoke_path, server->admin_token, NULL), ==, 200);
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", fresh, NULL), ==, 401);
  g_assert_cmpuint (status_of ("POST", "/api/v1/accounts", fresh, "{\"name\":\"After revoke\"}"), ==, 401);
  g_assert_cmpuint (status_of ("POST", revoke_path, server->admin_token, NULL), ==, 409);
  g_assert_cmpuint (status_of ("POST", rotate_path, server->admin_token, NULL), ==, 409);

  create ("short", "sales", &shortlived);
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", shortlived.secret, NULL), ==, 200);
  expire = g_strdup_printf ("UPDATE service_keys SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                            "WHERE user_id = %" G_GINT64_FORMAT, shortlived.id);
  g_free (rapport_test_server_sql (server, expire));
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", shortlived.secret, NULL), ==, 401);

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'service_account' "
                                         "AND entity_id = %" G_GINT64_FORMAT " AND action IN ('create', 'rotate', 'revoke')",
                                         sync.id), ==, 3);
}

/* every use counted on the key; the audit trail gets one entry a minute */
static void
test_use_audited (void)
{
  g_auto(Account) meter = { 0 };
  gint64 key_id;

  create ("meter", "sales", &meter);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", meter.secret, NULL), ==, 200);
  key_id = rapport_test_sql_int (server, "SELECT id FROM service_keys WHERE user_id = %" G_GINT64_FORMAT, meter.id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM service_keys WHERE id = %" G_GINT64_FORMAT, key_id),
                   ==, 5);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'service_key' "
                                         "AND action = 'use' AND entity_id = %" G_GINT64_FORMAT, key_id), ==, 1);
  /* a minute later (moved back in the row), the next use is audited with the uses since */
  g_free (rapport_test_server_sql (server, "UPDATE service_keys SET audited_at = audited_at - INTERVAL 61 SECOND"));
  g_assert_cmpuint (status_of ("GET", "/api/v1/accounts", meter.secret, NULL), ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'service_key' "
                                         "AND action = 'use' AND entity_id = %" G_GINT64_FORMAT, key_id), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'service_key' "
                                         "AND entity_id = %" G_GINT64_FORMAT " AND after_json LIKE '%%\"uses\":5%%'",
                                         key_id), ==, 1);
}

static gboolean
heard (RapportTestEvents *listener,
       const char        *needle)
{
  for (guint i = 0; i < listener->messages->len; i++)
    if (strstr (listener->messages->pdata[i], needle))
      return TRUE;
  return FALSE;
}

/* runs the default context (where @listener hears) until it heard
 * @needle, or, @needle NULL, until it is closed: whether it did within @ms */
static gboolean
wait_listener (RapportTestEvents *listener,
               const char        *needle,
               guint              ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (needle != NULL ? !heard (listener, needle) : !listener->closed)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return TRUE;
}

static char *
change_of (gint64 account_id)
{
  return g_strdup_printf ("\"entity\":\"account\",\"id\":%" G_GINT64_FORMAT ",", account_id);
}

/* the event WebSocket takes a key as a session: its account's rights
 * decide what it hears; its handshake is a use; a key not in force is
 * refused at the handshake, and the socket of one revoked is closed */
static void
test_event_socket (void)
{
  g_auto(Account) live = { 0 };
  g_auto(Account) short_lived = { 0 };
  g_autofree char *other = rapport_test_server_add_user (server, "ws-other", "sales");
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM events"));
  g_autoptr(RapportTestEvents) listener = NULL;
  g_autofree char *revoke_path = NULL;
  g_autofree char *expire = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  gint64 key_id, revoked_at;

  create ("live-erp", "sales", &live);
  key_id = rapport_test_sql_int (server, "SELECT id FROM service_keys WHERE user_id = %" G_GINT64_FORMAT, live.id);
  /* it names the last event before it, so nothing committed after is missed */
  listener = rapport_test_events_listen (server->session, server->base_url, live.secret, after);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM service_keys WHERE id = %" G_GINT64_FORMAT, key_id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'service_key' "
                                         "AND action = 'use' AND entity_id = %" G_GINT64_FORMAT, key_id), ==, 1);
  theirs = change_of (rapport_test_create (server, other, "accounts", "{\"name\":\"Not the ERP's\"}"));
  mine = change_of (rapport_test_create (server, live.secret, "accounts", "{\"name\":\"The ERP's own\"}"));
  g_assert_true (wait_listener (listener, mine, 10000));
  /* a sales role sees its own: the other seller's account is not told */
  g_assert_false (heard (listener, theirs));
  g_assert_false (listener->closed);
  /* the hub checked the key at each look, and counted none of them */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM service_keys WHERE id = %" G_GINT64_FORMAT, key_id), ==, 2);

  revoke_path = g_strdup_printf ("/api/v1/service-accounts/%" G_GINT64_FORMAT "/revoke", live.id);
  g_assert_cmpuint (status_of ("POST", revoke_path, server->admin_token, NULL), ==, 200);
  revoked_at = g_get_monotonic_time ();
  /* closed by the hub's next look, every half second */
  g_assert_true (wait_listener (listener, NULL, 5000));
  g_test_message ("socket of a revoked key closed after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - revoked_at) / 1000);
  g_assert_cmpuint (listener->close_code, ==, 4401);
  g_assert_cmpuint (rapport_test_events_refused (server->session, server->base_url, live.secret), ==, 401);
  g_assert_cmpuint (rapport_test_events_refused (server->session, server->base_url, "rk_no-such-key"), ==, 401);

  create ("short-erp", "sales", &short_lived);
  expire = g_strdup_printf ("UPDATE service_keys SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                            "WHERE user_id = %" G_GINT64_FORMAT, short_lived.id);
  g_free (rapport_test_server_sql (server, expire));
  g_assert_cmpuint (rapport_test_events_refused (server->session, server->base_url, short_lived.secret), ==, 401);
  /* refused keys are not counted */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT uses FROM service_keys WHERE user_id = %" G_GINT64_FORMAT,
                                         short_lived.id), ==, 0);
}

/* bad input names its member, and makes nothing */
static void
test_bad_input (void)
{
  const struct { const char *body; const char *field; } cases[] = {
    { "{\"name\":\"\",\"role\":\"sales\"}", "name" },
    { "{\"name\":\"has space\",\"role\":\"sales\"}", "name" },
    { "{\"name\":\"king\",\"role\":\"king\"}", "role" },
    { "{\"name\":\"past\",\"role\":\"sales\",\"expires_at\":\"2001-01-01T00:00:00Z\"}", "expires_at" },
    { "{\"name\":\"erp\",\"role\":\"sales\"}", "name" },
  };
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM service_accounts");
  gint64 users_before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM users");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/service-accounts",
                                                                server->admin_token, cases[i].body);

      g_assert_cmpuint (reply->status / 100, ==, 4);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[i].field);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM service_accounts"), ==, before);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM users"), ==, users_before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/service-keys/sales-key", test_sales_key);
  g_test_add_func ("/service-keys/read-only-key", test_read_only_key);
  g_test_add_func ("/service-keys/revoke-rotate-expire", test_revoke_rotate_expire);
  g_test_add_func ("/service-keys/use-audited", test_use_audited);
  g_test_add_func ("/service-keys/bad-input", test_bad_input);
  g_test_add_func ("/service-keys/event-socket", test_event_socket);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
