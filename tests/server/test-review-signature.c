/* test-review-signature.c: with the company setting on, reviewing a visit is an electronic signature: refused without the password, recorded in the signatures and the audit trail with it, nothing changed on a wrong one */
#include "rapport-test-server.h"

static RapportTestServer *server;
static char *rep;       /* sales, team East */
static char *manager;   /* manager, team East */

static gint64
log_activity (const char *kind,
              const char *subject)
{
  g_autofree char *account_body = g_strdup_printf ("{\"name\":\"%s Ltd\"}", subject);
  gint64 account = rapport_test_create (server, rep, "accounts", account_body);
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"%s\",\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}",
                                           kind, subject, account);

  return rapport_test_create (server, rep, "activities", body);
}

static RapportTestReply *
mark (const char *token,
      gint64      id,
      const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/reviewed", id);

  return rapport_test_request (server, "POST", path, token, body);
}

static gint64
count_where (const char *table,
             gint64      id)
{
  g_autofree char *statement = g_strdup_printf ("SELECT COUNT(*) FROM %s WHERE %s = %" G_GINT64_FORMAT, table,
                                                g_str_equal (table, "review_marks") ? "entity = 'activity' AND record_id"
                                                : g_str_equal (table, "signatures") ? "entity = 'activity' AND record_id"
                                                : "entity = 'activity' AND action = 'review' AND entity_id",
                                                id);

  return rapport_test_sql_int (server, "%s", statement);
}

static gboolean
pending_has (gint64 id)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/reviews/pending?limit=200", manager, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return TRUE;
  return FALSE;
}

/* a visit's review needs the password: without it 422 naming password,
 * and nothing is marked */
static void
test_refused_without_signature (void)
{
  gint64 visit = log_activity ("visit", "Visit without signature");
  g_autoptr(RapportTestReply) bare = mark (manager, visit, NULL);
  g_autoptr(RapportTestReply) empty = mark (manager, visit, "{}");

  g_assert_cmpuint (bare->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bare), ==, "password");
  g_assert_cmpuint (empty->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (empty), ==, "password");
  g_assert_cmpint (count_where ("review_marks", visit), ==, 0);
  g_assert_cmpint (count_where ("signatures", visit), ==, 0);
  g_assert_true (pending_has (visit));
}

/* a wrong password answers 401, is audited and counted, and nothing is marked */
static void
test_wrong_password (void)
{
  gint64 visit = log_activity ("visit", "Visit wrong password");
  g_autoptr(RapportTestReply) wrong = mark (manager, visit, "{\"login\":\"mona\",\"password\":\"not the password\"}");
  gint64 failed;

  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpint (count_where ("review_marks", visit), ==, 0);
  g_assert_cmpint (count_where ("signatures", visit), ==, 0);
  g_assert_cmpint (count_where ("audit_log", visit), ==, 0);
  failed = rapport_test_sql_int (server, "SELECT failed_logins FROM users WHERE login = 'mona'");
  g_assert_cmpint (failed, ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'"), >=, 1);
  g_assert_true (pending_has (visit));
}

/* with the password: the mark, a signature meaning "reviewed" on the
 * activity's version, verified, and the audited review naming it; the
 * session's next signature takes the password alone */
static void
test_signed (void)
{
  gint64 visit = log_activity ("visit", "Visit signed");
  gint64 second = log_activity ("meeting", "Meeting signed");
  g_autoptr(RapportTestReply) no_login = NULL;
  g_autoptr(RapportTestReply) signed_reply = mark (manager, visit, "{\"login\":\"mona\",\"password\":\"correct horse battery\"}");
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) approvals = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/approvals", visit);
  g_autofree char *audit_sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE entity = 'activity' AND entity_id = %"
                                                G_GINT64_FORMAT " AND action = 'review' AND after_json LIKE '%%\"signature_id\":%%'",
                                                visit);
  JsonArray *signatures;
  JsonObject *signature;

  g_assert_cmpuint (signed_reply->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (signed_reply, "signature_id"), >, 0);
  g_assert_cmpstr (rapport_test_reply_string (signed_reply, "meaning"), ==, "reviewed");
  g_assert_cmpint (count_where ("review_marks", visit), ==, 1);
  g_assert_cmpint (count_where ("signatures", visit), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "%s", audit_sql), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT failed_logins FROM users WHERE login = 'mona'"), ==, 0);
  g_assert_false (pending_has (visit));

  approvals = rapport_test_request (server, "GET", path, manager, NULL);
  g_assert_cmpuint (approvals->status, ==, 200);
  signatures = json_object_get_array_member (rapport_test_reply_object (approvals), "signatures");
  g_assert_cmpuint (json_array_get_length (signatures), ==, 1);
  signature = json_array_get_object_element (signatures, 0);
  g_assert_cmpstr (json_object_get_string_member (signature, "meaning"), ==, "reviewed");
  g_assert_cmpstr (json_object_get_string_member (signature, "login"), ==, "mona");
  g_assert_true (json_object_get_boolean_member (signature, "verified"));

  /* marking again keeps the first signature */
  again = mark (manager, visit, "{\"password\":\"correct horse battery\"}");
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (count_where ("signatures", visit), ==, 1);

  /* the session signed once: the password alone signs now */
  no_login = mark (manager, second, "{\"password\":\"correct horse battery\"}");
  g_assert_cmpuint (no_login->status, ==, 200);
  g_assert_cmpint (count_where ("signatures", second), ==, 1);
}

/* a call is not of the kinds named: marked with no password, no signature */
static void
test_other_kinds_unsigned (void)
{
  gint64 call = log_activity ("call", "Call needs no signature");
  g_autoptr(RapportTestReply) reply = mark (manager, call, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_false (json_object_has_member (rapport_test_reply_object (reply), "signature_id"));
  g_assert_cmpint (count_where ("review_marks", call), ==, 1);
  g_assert_cmpint (count_where ("signatures", call), ==, 0);
}

/* marking all reviewed covers the calls, not the visits, which wait for
 * their signature */
static void
test_mark_all_leaves_signed_kinds (void)
{
  gint64 visit = log_activity ("visit", "Visit after mark-all");
  gint64 call = log_activity ("call", "Call after mark-all");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 60);
  g_autofree char *until = g_date_time_format_iso8601 (later);
  g_autofree char *body = g_strdup_printf ("{\"until\":\"%s\"}", until);
  g_autoptr(RapportTestReply) all = rapport_test_request (server, "POST", "/api/v1/reviews/mark-all", manager, body);

  g_assert_cmpuint (all->status, ==, 200);
  g_assert_false (pending_has (call));
  g_assert_true (pending_has (visit));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *team_sql = NULL;
  gint64 team;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[reviews]\nkinds=visit;meeting\nsignature=true\n");
  manager = rapport_test_server_add_user (server, "mona", "manager");
  rep = rapport_test_server_add_user (server, "lena", "sales");
  team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mona', 'lena')", team);
  g_free (rapport_test_server_sql (server, team_sql));

  g_test_add_func ("/review-signature/refused-without-signature", test_refused_without_signature);
  g_test_add_func ("/review-signature/wrong-password", test_wrong_password);
  g_test_add_func ("/review-signature/signed", test_signed);
  g_test_add_func ("/review-signature/other-kinds-unsigned", test_other_kinds_unsigned);
  g_test_add_func ("/review-signature/mark-all-leaves-signed-kinds", test_mark_all_leaves_signed_kinds);
  status = g_test_run ();
  g_free (rep);
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
