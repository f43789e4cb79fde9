/* test-hostile-idempotency.c: a POST retried with its Idempotency-Key writes once and answers as the first time */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

typedef struct
{
  guint  status;
  char  *body;
  char  *replayed;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_free (answer->replayed);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static Answer *
post_keyed (const char *path,
            const char *token,
            const char *key,
            const char *body)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Answer *answer = g_new0 (Answer, 1);

  soup_message_headers_replace (headers, "Authorization", authorization);
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  response = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  answer->replayed = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "Idempotent-Replayed"));
  return answer;
}

static guint
count_accounts (const char *name)
{
  g_autofree char *statement = g_strdup_printf ("SELECT COUNT(*) FROM accounts WHERE name = '%s'", name);
  g_autofree char *output = rapport_test_server_sql (server, statement);

  return (guint) g_ascii_strtoull (output, NULL, 10);
}

static void
test_same_key_once (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "idem-same", "sales");
  const char *body = "{\"name\":\"Idempotent Co\"}";
  g_autoptr(Answer) first = post_keyed ("/api/v1/accounts", token, "create-idempotent-co-1", body);
  g_autoptr(Answer) second = post_keyed ("/api/v1/accounts", token, "create-idempotent-co-1", body);
  g_autoptr(Answer) unkeyed = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_null (first->replayed);
  /* the same answer, word for word, and said to be a replay */
  g_assert_cmpuint (second->status, ==, first->status);
  g_assert_cmpstr (second->body, ==, first->body);
  g_assert_cmpstr (second->replayed, ==, "true");
  g_assert_cmpuint (count_accounts ("Idempotent Co"), ==, 1);

  /* without a key, a POST is a new request every time */
  unkeyed = post_keyed ("/api/v1/accounts", token, NULL, body);
  g_assert_cmpuint (unkeyed->status, ==, 201);
  g_assert_cmpuint (count_accounts ("Idempotent Co"), ==, 2);
}

static void
test_other_body (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "idem-other", "sales");
  g_autoptr(Answer) first = post_keyed ("/api/v1/accounts", token, "k-other", "{\"name\":\"Key Reuse A\"}");
  g_autoptr(Answer) second = post_keyed ("/api/v1/accounts", token, "k-other", "{\"name\":\"Key Reuse B\"}");
  g_autoptr(Answer) elsewhere = post_keyed ("/api/v1/contacts", token, "k-other", "{\"name\":\"Key Reuse A\"}");

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (second->status, ==, 422);
  g_assert_nonnull (strstr (second->body, "\"field\":\"Idempotency-Key\""));
  g_assert_null (second->replayed);
  /* another path is another request too */
  g_assert_cmpuint (elsewhere->status, ==, 422);
  g_assert_cmpuint (count_accounts ("Key Reuse A"), ==, 1);
  g_assert_cmpuint (count_accounts ("Key Reuse B"), ==, 0);
}

static void
test_per_user (void)
{
  g_autofree char *alice = rapport_test_server_add_user (server, "idem-alice", "sales");
  g_autofree char *bob = rapport_test_server_add_user (server, "idem-bob", "sales");
  g_autoptr(Answer) by_alice = post_keyed ("/api/v1/accounts", alice, "shared-key", "{\"name\":\"Per User Co\"}");
  g_autoptr(Answer) by_bob = post_keyed ("/api/v1/accounts", bob, "shared-key", "{\"name\":\"Per User Co\"}");

  g_assert_cmpuint (by_alice->status, ==, 201);
  /* bob's key is his own: a new record, not alice's answer */
  g_assert_cmpuint (by_bob->status, ==, 201);
  g_assert_null (by_bob->replayed);
  g_assert_cmpstr (by_bob->body, !=, by_alice->body);
  g_assert_cmpuint (count_accounts ("Per User Co"), ==, 2);
}

static void
test_bad_keys (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "idem-bad", "sales");
  g_autofree char *longest = g_strnfill (255, 'k');
  g_autofree char *too_long = g_strnfill (256, 'k');
  const char *bad[] = { too_long, "tab\there", "del\x7f", "" };
  g_autoptr(Answer) fine = post_keyed ("/api/v1/accounts", token, longest, "{\"name\":\"Long Key Co\"}");

  g_assert_cmpuint (fine->status, ==, 201);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Answer) answer = post_keyed ("/api/v1/accounts", token, bad[i], "{\"name\":\"Bad Key Co\"}");

      g_assert_cmpuint (answer->status, ==, 400);
      g_assert_nonnull (strstr (answer->body, "\"field\":\"Idempotency-Key\""));
    }
  g_assert_cmpuint (count_accounts ("Bad Key Co"), ==, 0);
}

/* a failed request keeps nothing: the same key may try again */
static void
test_failure_not_kept (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "idem-fail", "sales");
  g_autoptr(Answer) refused = post_keyed ("/api/v1/accounts", token, "k-fail", "{\"name\":\"\"}");
  g_autoptr(Answer) again = post_keyed ("/api/v1/accounts", token, "k-fail", "{\"name\":\"\"}");

  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpuint (again->status, ==, 422);
  g_assert_null (again->replayed);
}

static void
test_kill_between (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "idem-kill", "sales");
  const char *body = "{\"name\":\"Survives A Kill Co\"}";
  g_autoptr(Answer) first = post_keyed ("/api/v1/accounts", token, "k-kill", body);
  g_autoptr(Answer) second = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  /* no chance to clean up: whatever the key holds is what was committed */
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  rapport_test_server_restart (server);

  second = post_keyed ("/api/v1/accounts", token, "k-kill", body);
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpstr (second->body, ==, first->body);
  g_assert_cmpstr (second->replayed, ==, "true");
  g_assert_cmpuint (count_accounts ("Survives A Kill Co"), ==, 1);
}

static char *
add_user_with_manager (const char *login,
                       const char *role,
                       const char *manager_login)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "idem-password", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (password_path, "correct horse battery", -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", login,
                                 "--password-file", password_path,
                                 manager_login ? "--manager" : NULL, manager_login, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return rapport_test_login (server, login, "correct horse battery");
}

/* an electronic signature runs its own transactions: a retry still signs once */
static void
test_signature (void)
{
  g_autofree char *manager = add_user_with_manager ("idem-mgr", "manager", NULL);
  g_autofree char *rep = add_user_with_manager ("idem-rep", "sales", "idem-mgr");
  gint64 account = rapport_test_create (server, rep, "accounts", "{\"name\":\"Signed Once Co\"}");
  g_autofree char *quote_body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":"
                                                 "[{\"description\":\"Ventilator\",\"quantity\":\"1\",\"unit_price\":\"100000\","
                                                 "\"discount\":\"15\",\"tax_rate\":\"13\"}]}", account);
  gint64 quote = rapport_test_create (server, rep, "quotes", quote_body);
  g_autofree char *submit = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", quote);
  g_autoptr(Answer) submitted = post_keyed (submit, rep, "submit-once", "{}");
  g_autofree char *approval = NULL;
  g_autofree char *approve = NULL;
  g_autofree char *count = NULL;
  const char *sign = "{\"login\":\"idem-mgr\",\"password\":\"correct horse battery\",\"meaning\":\"approved\",\"comment\":\"ok\"}";
  g_autoptr(Answer) first = NULL;
  g_autoptr(Answer) again = NULL;
  g_autofree char *statement = NULL;

  g_assert_cmpuint (submitted->status, ==, 200);
  approval = g_strndup (strstr (submitted->body, "\"approval_id\":") + strlen ("\"approval_id\":"), 20);
  approve = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", g_ascii_strtoll (approval, NULL, 10));
  first = post_keyed (approve, manager, "approve-once", sign);
  again = post_keyed (approve, manager, "approve-once", sign);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (again->body, ==, first->body);
  g_assert_cmpstr (again->replayed, ==, "true");
  statement = g_strdup_printf ("SELECT COUNT(*) FROM signatures WHERE approval_id = %" G_GINT64_FORMAT,
                               g_ascii_strtoll (approval, NULL, 10));
  count = rapport_test_server_sql (server, statement);
  g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, 1);
}

/* keys are kept a day: the periodic jobs forget older ones */
static void
test_purged_after_a_day (void)
{
  g_autofree char *token = rapport_test_server_add_user (server, "idem-purge", "sales");
  g_autoptr(Answer) first = post_keyed ("/api/v1/accounts", token, "k-purge", "{\"name\":\"Purge A\"}");
  g_autoptr(RapportTestReply) jobs = NULL;
  g_autoptr(Answer) later = NULL;
  g_autofree char *left = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_hours (now, 25);
  g_autofree char *path = g_date_time_format (tomorrow, "/api/v1/jobs/run?now=%Y-%m-%dT%H:%M:%SZ");

  g_assert_cmpuint (first->status, ==, 201);
  left = rapport_test_server_sql (server, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'k-purge'");
  g_assert_cmpint (g_ascii_strtoll (left, NULL, 10), ==, 1);

  jobs = rapport_test_request (server, "POST", path, server->admin_token, NULL);
  g_assert_cmpuint (jobs->status, ==, 200);
  g_free (left);
  left = rapport_test_server_sql (server, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'k-purge'");
  g_assert_cmpint (g_ascii_strtoll (left, NULL, 10), ==, 0);

  /* forgotten: the key names a new request now */
  later = post_keyed ("/api/v1/accounts", token, "k-purge", "{\"name\":\"Purge B\"}");
  g_assert_cmpuint (later->status, ==, 201);
  g_assert_cmpuint (count_accounts ("Purge B"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/idempotency/same-key-once", test_same_key_once);
  g_test_add_func ("/idempotency/other-body", test_other_body);
  g_test_add_func ("/idempotency/per-user", test_per_user);
  g_test_add_func ("/idempotency/bad-keys", test_bad_keys);
  g_test_add_func ("/idempotency/failure-not-kept", test_failure_not_kept);
  g_test_add_func ("/idempotency/kill-between", test_kill_between);
  g_test_add_func ("/idempotency/signature", test_signature);
  g_test_add_func ("/idempotency/purged-after-a-day", test_purged_after_a_day);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
