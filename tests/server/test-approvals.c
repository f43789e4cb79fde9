/* test-approvals.c: approvals end to end: routing, segregation of duties, signatures, locking, pinning, escalation */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *director, *manager, *rep;
static gint64 account;

#define PASSWORD "correct horse battery"

static RapportTestReply *
post (const char *token,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, "POST", path, token, body);
}

/* a quote whose one line carries @discount percent, submitted by the rep */
static RapportTestReply *
submit_quote (const char *discount,
              gint64     *quote)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"description\":\"Ventilator\","
                                           "\"quantity\":\"1\",\"unit_price\":\"100000\",\"discount\":\"%s\",\"tax_rate\":\"13\"}]}",
                                           account, discount);
  g_autofree char *path = NULL;

  *quote = rapport_test_create (server, rep, "quotes", body);
  path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", *quote);
  return post (rep, path, NULL);
}

static char *
sign_body (const char *login,
           const char *password,
           const char *comment)
{
  return g_strdup_printf ("{%s%s%s\"password\":\"%s\",\"meaning\":\"approved\",\"comment\":\"%s\"}",
                          login ? "\"login\":\"" : "", login ? login : "", login ? "\"," : "", password, comment);
}

static gboolean
in_inbox (const char *token,
          gint64      approval)
{
  g_autoptr(RapportTestReply) inbox = rapport_test_request (server, "GET", "/api/v1/approvals?mine=pending", token, NULL);
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (inbox), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == approval)
      return TRUE;
  return FALSE;
}

static const char *
status_of (gint64 quote)
{
  static char status[64];
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);

  g_strlcpy (status, rapport_test_reply_string (reply, "status"), sizeof status);
  return status;
}

static char *
sql_value (const char *query)
{
  return g_strchomp (rapport_test_server_sql (server, query));
}

static void
test_manager_approves (void)
{
  gint64 quote, approval;
  g_autoptr(RapportTestReply) submitted = submit_quote ("15", &quote);
  g_autofree char *approve = NULL;
  g_autofree char *quote_path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote);
  g_autofree char *own = sign_body ("rep", PASSWORD, "mine");
  g_autofree char *wrong = sign_body ("mgr", "not the password", "ok");
  g_autofree char *no_login = sign_body (NULL, PASSWORD, "ok");
  g_autofree char *right = sign_body ("mgr", PASSWORD, "Discount agreed with the customer");
  g_autofree char *failures_before = sql_value ("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'");
  g_autofree char *failures_after = NULL;
  g_autofree char *failed_logins = NULL;
  g_autofree char *send_path = g_strdup_printf ("%s/send", quote_path);
  g_autofree char *pdf_path = g_strdup_printf ("%s/pdf", quote_path);
  g_autofree char *approvals_path = g_strdup_printf ("%s/approvals", quote_path);
  g_autoptr(RapportTestReply) by_owner = NULL;
  g_autoptr(RapportTestReply) locked = NULL;
  g_autoptr(RapportTestReply) bad_password = NULL;
  g_autoptr(RapportTestReply) first_without_login = NULL;
  g_autoptr(RapportTestReply) approved = NULL;
  g_autoptr(RapportTestReply) sent = NULL;
  g_autoptr(RapportTestReply) pdf = NULL;
  g_autoptr(RapportTestReply) record = NULL;
  JsonArray *signatures;

  /* a 15 % discount goes to the owner's manager */
  g_assert_cmpuint (submitted->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (submitted, "status"), ==, "pending_approval");
  approval = rapport_test_reply_int (submitted, "approval_id");
  g_assert_cmpint (approval, >, 0);
  g_assert_true (in_inbox (manager, approval));
  g_assert_false (in_inbox (director, approval));
  approve = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);

  /* the owner cannot approve it */
  by_owner = post (rep, approve, own);
  g_assert_cmpuint (by_owner->status, ==, 403);
  /* while pending, the quote cannot be changed */
  locked = rapport_test_request (server, "PATCH", quote_path, rep, "{\"version\":2,\"title\":\"sneaky\"}");
  g_assert_cmpuint (locked->status, ==, 423);

  /* a wrong password is refused, audited and counted toward lockout */
  bad_password = post (manager, approve, wrong);
  g_assert_cmpuint (bad_password->status, ==, 401);
  failures_after = sql_value ("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'");
  g_assert_cmpint (g_ascii_strtoll (failures_after, NULL, 10), ==, g_ascii_strtoll (failures_before, NULL, 10) + 1);
  failed_logins = sql_value ("SELECT failed_logins FROM users WHERE login = 'mgr'");
  g_assert_cmpstr (failed_logins, ==, "1");
  g_assert_cmpstr (status_of (quote), ==, "pending_approval");

  /* the first signature of a session takes the login as well */
  first_without_login = post (manager, approve, no_login);
  g_assert_cmpuint (first_without_login->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (first_without_login), ==, "login");

  approved = post (manager, approve, right);
  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (approved, "state"), ==, "approved");
  g_assert_cmpstr (status_of (quote), ==, "approved");
  signatures = json_object_get_array_member (rapport_test_reply_object (approved), "signatures");
  g_assert_cmpuint (json_array_get_length (signatures), ==, 1);
  {
    JsonObject *signature = json_array_get_object_element (signatures, 0);

    g_assert_cmpstr (json_object_get_string_member (signature, "login"), ==, "mgr");
    g_assert_cmpstr (json_object_get_string_member (signature, "name"), ==, "mgr Name");
    g_assert_cmpstr (json_object_get_string_member (signature, "meaning"), ==, "approved");
    g_assert_cmpstr (json_object_get_string_member (signature, "role"), ==, "manager");
    g_assert_cmpuint (strlen (json_object_get_string_member (signature, "record_sha256")), ==, 64);
    g_assert_true (g_str_has_suffix (json_object_get_string_member (signature, "signed_at"), "Z"));
    /* the hash is recomputed from the signed version and matches */
    g_assert_true (json_object_get_boolean_member (signature, "verified"));
  }
  /* a signature moved to another version no longer verifies */
  {
    g_autofree char *moved = g_strdup_printf ("UPDATE signatures SET record_version = record_version + 1 WHERE approval_id = %" G_GINT64_FORMAT, approval);
    g_autofree char *back = g_strdup_printf ("UPDATE signatures SET record_version = record_version - 1 WHERE approval_id = %" G_GINT64_FORMAT, approval);
    g_autofree char *detail_path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT, approval);
    g_autoptr(RapportTestReply) detail = NULL;

    g_free (rapport_test_server_sql (server, moved));
    detail = rapport_test_request (server, "GET", detail_path, manager, NULL);
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (
      json_object_get_array_member (rapport_test_reply_object (detail), "signatures"), 0), "verified"));
    g_free (rapport_test_server_sql (server, back));
  }

  /* the printed quote carries the signature */
  sent = post (rep, send_path, NULL);
  g_assert_cmpuint (sent->status, ==, 200);
  pdf = rapport_test_request (server, "GET", pdf_path, rep, NULL);
  {
    g_autofree char *file = g_build_filename (server->data_dir, "signed.pdf", NULL);
    g_autoptr(GSubprocess) process = NULL;
    g_autofree char *text = NULL;

    g_file_set_contents (file, g_bytes_get_data (pdf->bytes, NULL), g_bytes_get_size (pdf->bytes), NULL);
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, "pdftotext", file, "-", NULL);
    g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "mgr Name"));
    /* the shipped template prints in Chinese: the meaning is in the document's language */
    g_assert_nonnull (strstr (text, "批准"));
  }
  record = rapport_test_request (server, "GET", approvals_path, rep, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (record), "signatures")), ==, 1);
}

/* a changed definition leaves the pending approval on the steps it started with */
static void
test_version_pinned (void)
{
  gint64 quote, approval, workflow;
  g_autoptr(RapportTestReply) submitted = submit_quote ("30", &quote);
  g_autoptr(RapportTestReply) workflows = rapport_test_request (server, "GET", "/api/v1/workflows?q=discount", server->admin_token, NULL);
  g_autoptr(RapportTestReply) changed = NULL;
  g_autoptr(RapportTestReply) by_manager = NULL;
  g_autoptr(RapportTestReply) by_director = NULL;
  g_autofree char *approve = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *workflow_path = NULL;
  g_autofree char *sign_manager = sign_body (NULL, PASSWORD, "ok");
  g_autofree char *sign_director = sign_body ("dir", PASSWORD, "ok");
  JsonObject *definition;

  approval = rapport_test_reply_int (submitted, "approval_id");
  approve = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  definition = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (workflows), "items"), 0);
  workflow = json_object_get_int_member (definition, "id");
  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"content\":\"{\\\"name\\\":\\\"Quote discount\\\",\\\"version\\\":2,"
                           "\\\"entity\\\":\\\"quote\\\",\\\"trigger\\\":\\\"submit\\\",\\\"condition\\\":\\\"max_line_discount > 10\\\","
                           "\\\"steps\\\":[{\\\"name\\\":\\\"Manager\\\",\\\"approvers\\\":{\\\"manager_levels\\\":1},\\\"mode\\\":\\\"any\\\"}]}\"}",
                           json_object_get_int_member (definition, "version"));
  workflow_path = g_strdup_printf ("/api/v1/workflows/%" G_GINT64_FORMAT, workflow);
  changed = rapport_test_request (server, "PATCH", workflow_path, server->admin_token, patch);
  g_assert_cmpuint (changed->status, ==, 200);

  /* the manager's approval leaves the director's step, as when it started */
  by_manager = post (manager, approve, sign_manager);
  g_assert_cmpuint (by_manager->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (by_manager, "state"), ==, "pending");
  g_assert_true (in_inbox (director, approval));
  by_director = post (director, approve, sign_director);
  g_assert_cmpuint (by_director->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (by_director, "state"), ==, "approved");
  g_assert_cmpstr (status_of (quote), ==, "approved");
}

/* seconds from @from to the approval's next escalation instant (escalate_at) */
static gint64
seconds_to_escalation (gint64     approval,
                       GDateTime *from)
{
  g_autofree char *text = g_date_time_format (from, "%Y-%m-%d %H:%M:%S.%f");

  return rapport_test_sql_int (server, "SELECT TIMESTAMPDIFF(SECOND, '%s', escalate_at) FROM approvals WHERE id = %" G_GINT64_FORMAT,
                               text, approval);
}

/* past the deadline, the approval goes one manager further up; the clock is the caller's */
static void
test_escalation (void)
{
  gint64 quote, approval;
  g_autoptr(RapportTestReply) submitted = submit_quote ("12", &quote);
  g_autoptr(RapportTestReply) early = NULL;
  g_autoptr(RapportTestReply) late = NULL;
  g_autoptr(RapportTestReply) not_admin = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 25);
  g_autofree char *later_text = g_date_time_format_iso8601 (later);
  g_autofree char *late_path = g_strdup_printf ("/api/v1/jobs/run?now=%s", later_text);
  g_autofree char *for_mgr = NULL;
  g_autofree char *approve_path = NULL;
  g_autoptr(RapportTestReply) forged = NULL;
  g_autoptr(GDateTime) topped_at = g_date_time_add_hours (now, 50);
  g_autofree char *topped_text = g_date_time_format_iso8601 (topped_at);
  g_autofree char *topped_path = g_strdup_printf ("/api/v1/jobs/run?now=%s", topped_text);
  g_autoptr(RapportTestReply) topped = NULL;
  g_autoptr(RapportTestReply) again = NULL;

  approval = rapport_test_reply_int (submitted, "approval_id");
  g_assert_false (in_inbox (director, approval));
  early = post (server->admin_token, "/api/v1/jobs/run", NULL);
  g_assert_cmpint (rapport_test_reply_int (early, "escalated"), ==, 0);
  not_admin = post (rep, late_path, NULL);
  g_assert_cmpuint (not_admin->status, ==, 403);
  late = post (server->admin_token, late_path, NULL);
  g_assert_cmpuint (late->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (late, "escalated"), ==, 1);
  g_assert_true (in_inbox (director, approval));
  /* the next instant is kept with the approval: the director's 24 hours */
  g_assert_cmpint (seconds_to_escalation (approval, later), ==, 24 * 3600);

  /* a day later nobody is above the director: the request stays with
   * them and is looked at again a deadline later, not at every run */
  topped = post (server->admin_token, topped_path, NULL);
  g_assert_cmpuint (topped->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (topped, "escalated"), ==, 0);
  g_assert_true (in_inbox (director, approval));
  g_assert_cmpint (seconds_to_escalation (approval, topped_at), ==, 24 * 3600);

  /* a pending request from before the column (marked by migration 067)
   * has its instant worked out again from its step by the next run */
  g_free (rapport_test_server_sql (server, "UPDATE approvals SET escalate_at = '1970-01-01 00:00:01' WHERE state = 'pending'"));
  again = post (server->admin_token, late_path, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (again, "escalated"), ==, 0);
  g_assert_cmpint (seconds_to_escalation (approval, later), ==, 24 * 3600);
  /* a decided request never escalates */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM approvals WHERE state <> 'pending' "
                                                 "AND escalate_at IS NOT NULL"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM approvals WHERE state <> 'pending'"), >, 0);

  /* an administrator cannot sign for someone else, even with their password */
  for_mgr = sign_body ("mgr", PASSWORD, "on their behalf");
  approve_path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  forged = post (server->admin_token, approve_path, for_mgr);
  g_assert_cmpuint (forged->status, ==, 403);
  g_assert_cmpstr (status_of (quote), ==, "pending_approval");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  director = rapport_test_server_add_managed_user (server, "dir", "director", NULL);
  manager = rapport_test_server_add_managed_user (server, "mgr", "manager", "dir");
  rep = rapport_test_server_add_managed_user (server, "rep", "sales", "mgr");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"Approval Hospital\"}");

  g_test_add_func ("/approvals/manager-approves", test_manager_approves);
  g_test_add_func ("/approvals/escalation", test_escalation);
  /* last: it changes the shipped definition */
  g_test_add_func ("/approvals/version-pinned", test_version_pinned);
  status = g_test_run ();
  g_free (director);
  g_free (manager);
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
