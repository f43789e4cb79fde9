/* test-complaints.c: a complaint's file, its reportability assessment signed by the quality role (wrong password, unqualified user, bad input refused), closure only through a signed approval and with the report submitted, the report deadline warned and escalated once by the job, the complaint file as PDF, the audit chain intact */
#include "rapport-test-locale.h"
#include "rapport-test-server.h"

#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static char *alice;   /* service, team East: owns the complaints */
static char *mona;    /* manager of team East, the complaints' queue */
static char *quinn;   /* quality: assesses and approves closures */
static gint64 alice_id;
static gint64 mona_id;
static gint64 quinn_id;
static gint64 east;
static gint64 account;
static gint64 serious_type;  /* a report due in 10 days, warned 3 days before */
static gint64 service_type;  /* no report due */

static RapportTestReply *
get_case (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, alice, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return reply;
}

static gint64
version_of (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT version FROM cases WHERE id = %" G_GINT64_FORMAT, id);
}

static gint64
create_complaint (gint64      type,
                  const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"Infusion pump stopped during therapy\",\"account_id\":%"
                                           G_GINT64_FORMAT ",\"queue_team_id\":%" G_GINT64_FORMAT ",\"is_complaint\":true,"
                                           "\"complaint_type_id\":%" G_GINT64_FORMAT ",\"patient_impact\":\"injury\","
                                           "\"event_description\":\"输液泵在治疗中停止，患者轻微受伤\"%s}",
                                           account, east, type, extra ? extra : "");

  return rapport_test_create (server, alice, "cases", body);
}

/* PATCH as @token at the case's current version; the answer */
static RapportTestReply *
patch_as (const char *token,
          gint64      id,
          const char *members)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",%s}", version_of (id), members);

  return rapport_test_request (server, "PATCH", path, token, body);
}

static void
patch_ok (gint64      id,
          const char *members)
{
  g_autoptr(RapportTestReply) reply = patch_as (alice, id, members);

  if (reply->status != 200)
    g_error ("case %" G_GINT64_FORMAT " %s: %u %s", id, members, reply->status, reply->body);
}

static RapportTestReply *
assess (const char *token,
        gint64      id,
        const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/complaint/assess", id);

  return rapport_test_request (server, "POST", path, token, body);
}

static RapportTestReply *
submit_closure (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/complaint/close", id);

  return rapport_test_request (server, "POST", path, alice, "{}");
}

static RapportTestReply *
decide (gint64      approval,
        const char *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/%s", approval, verb);
  g_autofree char *body = g_strdup_printf ("{\"password\":\"%s\",\"login\":\"quinn\",\"meaning\":\"%s\","
                                           "\"comment\":\"investigation complete\"}", PASSWORD,
                                           g_str_equal (verb, "approve") ? "approved" : "rejected");

  return rapport_test_request (server, "POST", path, quinn, body);
}

static gint64
signatures_of (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE entity = 'case' AND record_id = %"
                               G_GINT64_FORMAT, id);
}

static void
assess_ok (gint64      id,
           const char *body)
{
  g_autoptr(RapportTestReply) reply = assess (quinn, id, body);

  if (reply->status != 200)
    g_error ("assess %" G_GINT64_FORMAT ": %u %s", id, reply->status, reply->body);
}

static const char *
status_of (gint64 id)
{
  static char status[32];
  g_autoptr(RapportTestReply) reply = get_case (id);

  g_strlcpy (status, rapport_test_reply_string (reply, "status"), sizeof status);
  return status;
}

/* awareness defaults to the case's creation, the receiver to its creator;
 * the report is due 10 calendar days later for the serious type, never for
 * a non-medical one */
/* a category that makes its cases complaints: a case given it, or a
 * category below it, is one, and stays one when moved to another */
static void
test_by_category (void)
{
  gint64 device = rapport_test_create (server, server->admin_token, "case-categories",
                                       "{\"name\":\"Device faults\",\"complaints\":true}");
  g_autofree char *below_body = g_strdup_printf ("{\"name\":\"Infusion pumps\",\"parent_id\":%" G_GINT64_FORMAT "}", device);
  gint64 below = rapport_test_create (server, server->admin_token, "case-categories", below_body);
  gint64 billing = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"Invoices\"}");
  g_autofree char *body = NULL;
  g_autofree char *member = NULL;
  gint64 plain, pump;

  body = g_strdup_printf ("{\"subject\":\"Wrong invoice\",\"account_id\":%" G_GINT64_FORMAT ",\"category_id\":%" G_GINT64_FORMAT "}",
                          account, billing);
  plain = rapport_test_create (server, alice, "cases", body);
  g_free (body);
  body = g_strdup_printf ("{\"subject\":\"Pump alarm\",\"account_id\":%" G_GINT64_FORMAT ",\"category_id\":%" G_GINT64_FORMAT "}",
                          account, below);
  pump = rapport_test_create (server, alice, "cases", body);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT is_complaint FROM cases WHERE id = %" G_GINT64_FORMAT, plain), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT is_complaint FROM cases WHERE id = %" G_GINT64_FORMAT, pump), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT received_at IS NOT NULL FROM cases WHERE id = %" G_GINT64_FORMAT, pump), ==, 1);

  /* moved into the complaints' branch, a case becomes one; moved out, it stays one */
  member = g_strdup_printf ("\"category_id\":%" G_GINT64_FORMAT, device);
  patch_ok (plain, member);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT is_complaint FROM cases WHERE id = %" G_GINT64_FORMAT, plain), ==, 1);
  g_free (member);
  member = g_strdup_printf ("\"category_id\":%" G_GINT64_FORMAT, billing);
  patch_ok (pump, member);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT is_complaint FROM cases WHERE id = %" G_GINT64_FORMAT, pump), ==, 1);
}

static void
test_received (void)
{
  gint64 id = create_complaint (serious_type, NULL);
  gint64 plain = create_complaint (service_type, NULL);
  g_autoptr(RapportTestReply) reply = get_case (id);
  g_autoptr(RapportTestReply) plain_reply = get_case (plain);
  JsonObject *record = rapport_test_reply_object (reply);
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (record, "created_at"), NULL);
  g_autoptr(GDateTime) received = g_date_time_new_from_iso8601 (json_object_get_string_member (record, "received_at"), NULL);
  g_autoptr(GDateTime) due = g_date_time_new_from_iso8601 (json_object_get_string_member (record, "report_due_at"), NULL);

  g_assert_nonnull (received);
  /* the server's clock when the case was made, read in the same request */
  g_assert_cmpint (ABS (g_date_time_difference (received, created)), <, G_TIME_SPAN_SECOND);
  g_assert_cmpint (json_object_get_int_member (record, "received_by_id"), ==, alice_id);
  g_assert_cmpint (g_date_time_difference (due, received), ==, (GTimeSpan) 10 * G_TIME_SPAN_DAY);
  g_assert_true (json_node_is_null (json_object_get_member (record, "reportable")));
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (plain_reply), "report_due_at")));

  /* the assessment is the signature's to write */
  patch_ok (id, "\"reportable\":false,\"assessment_reason\":\"typed in\"");
  g_clear_pointer (&reply, rapport_test_reply_free);
  reply = get_case (id);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (reply), "reportable")));
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (reply), "assessment_reason")));
}

/* no resolving or closing, no closure request, before the signed assessment */
static void
test_cannot_close_without_assessment (void)
{
  gint64 id = create_complaint (serious_type, NULL);
  g_autoptr(RapportTestReply) resolved = NULL;
  g_autoptr(RapportTestReply) closure = NULL;
  gint64 version;

  patch_ok (id, "\"status\":\"in_progress\"");
  version = version_of (id);
  resolved = patch_as (alice, id, "\"status\":\"resolved\"");
  g_assert_cmpuint (resolved->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (resolved), ==, "status");
  g_assert_nonnull (strstr (resolved->body, "assessment"));
  closure = submit_closure (id);
  g_assert_cmpuint (closure->status, ==, 409);
  g_assert_cmpint (version_of (id), ==, version);
  g_assert_cmpstr (status_of (id), ==, "in_progress");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM approvals WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT, id), ==, 0);
}

/* only a holder of complaint.assess signs; a wrong password signs nothing;
 * a bad assessment is refused naming the member; nothing changes */
static void
test_assessment_refused (void)
{
  gint64 id = create_complaint (serious_type, NULL);
  gint64 version = version_of (id);
  gint64 failed = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'");
  g_autofree char *as_mona = g_strdup_printf ("{\"reportable\":false,\"assessment_reason\":\"No harm\",\"password\":\"%s\","
                                              "\"login\":\"mona\"}", PASSWORD);
  const struct
  {
    const char *body;
    const char *field;
  } bad[] = {
    { "{\"assessment_reason\":\"x\",\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}", "reportable" },
    { "{\"reportable\":\"yes\",\"assessment_reason\":\"x\",\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}", "reportable" },
    { "{\"reportable\":true,\"assessment_reason\":\"x\",\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}", "report_regime" },
    { "{\"reportable\":true,\"report_regime\":\"fax\",\"assessment_reason\":\"x\",\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}", "report_regime" },
    { "{\"reportable\":false,\"assessment_reason\":\"  \",\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}", "assessment_reason" },
    { "{\"reportable\":false,\"assessment_reason\":\"x\",\"login\":\"quinn\"}", "password" },
  };
  g_autoptr(RapportTestReply) unqualified = assess (mona, id, as_mona);
  g_autoptr(RapportTestReply) wrong = assess (quinn, id, "{\"reportable\":false,\"assessment_reason\":\"No harm\","
                                                         "\"password\":\"not it\",\"login\":\"quinn\"}");

  /* the manager sees the case, but is not qualified */
  g_assert_cmpuint (unqualified->status, ==, 403);
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'"), ==,
                   failed + 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportTestReply) reply = assess (quinn, id, bad[i].body);

      if (reply->status != 422 || g_strcmp0 (rapport_test_reply_error_field (reply), bad[i].field) != 0)
        g_error ("%s: %u %s", bad[i].body, reply->status, reply->body);
    }
  g_assert_cmpint (version_of (id), ==, version);
  g_assert_cmpint (signatures_of (id), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                         " AND assessed_at IS NULL AND reportable IS NULL", id), ==, 1);
  /* a case that is no complaint is not assessed */
  {
    g_autofree char *plain_body = g_strdup_printf ("{\"subject\":\"Invoice copy\",\"account_id\":%" G_GINT64_FORMAT "}", account);
    gint64 plain = rapport_test_create (server, alice, "cases", plain_body);
    g_autoptr(RapportTestReply) reply = assess (quinn, plain, "{\"reportable\":false,\"assessment_reason\":\"x\","
                                                              "\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}");

    g_assert_cmpuint (reply->status, ==, 409);
  }
}

/* Signed once assessed: who, meaning "assessed", the hash of the version
 * signed; a reportable complaint closes only with its report submitted,
 * and only through the closure approval, signed; then it is closed */
static void
test_reportable_closure (gconstpointer data)
{
  gint64 *closed_out = (gint64 *) data;
  gint64 id = create_complaint (serious_type, NULL);
  g_autoptr(RapportTestReply) assessed = assess (quinn, id, "{\"reportable\":true,\"report_regime\":\"mdr_vigilance\","
                                                            "\"assessment_reason\":\"Injury during therapy: a serious incident "
                                                            "under MDR Art. 87\",\"password\":\"" PASSWORD "\",\"login\":\"quinn\"}");
  g_autoptr(RapportTestReply) early = NULL;
  g_autoptr(RapportTestReply) without_report = NULL;
  g_autoptr(RapportTestReply) submitted = NULL;
  g_autoptr(RapportTestReply) while_pending = NULL;
  g_autoptr(RapportTestReply) approved = NULL;
  g_autoptr(RapportTestReply) closed = NULL;
  g_autofree char *sha = NULL;
  JsonObject *record;
  gint64 approval;

  g_assert_cmpuint (assessed->status, ==, 200);
  record = rapport_test_reply_object (assessed);
  g_assert_true (json_object_get_boolean_member (record, "reportable"));
  g_assert_cmpstr (json_object_get_string_member (record, "report_regime"), ==, "mdr_vigilance");
  g_assert_cmpint (json_object_get_int_member (record, "assessed_by_id"), ==, quinn_id);
  g_assert_cmpint (json_object_get_int_member (record, "signature_id"), >, 0);
  /* the signature binds the version that carries the assessment */
  sha = rapport_test_server_sql (server, "SELECT CONCAT(meaning, ' ', signer_name, ' ', record_version) FROM signatures "
                                         "WHERE entity = 'case' AND approval_id IS NULL ORDER BY id DESC LIMIT 1");
  {
    g_autofree char *expected = g_strdup_printf ("assessed 李娜 Li Na %" G_GINT64_FORMAT, json_object_get_int_member (record, "version"));

    g_assert_cmpstr (g_strstrip (sha), ==, expected);
  }
  /* its hash is that of the version as the audit trail keeps it (Part 11 §11.70) */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures s JOIN audit_log a ON a.entity = 'case' "
                                         "AND a.entity_id = s.record_id AND JSON_VALUE(a.after_json, '$.version') = s.record_version "
                                         "AND SHA2(a.after_json, 256) = s.record_sha256 WHERE s.id = %" G_GINT64_FORMAT,
                                         json_object_get_int_member (record, "signature_id")), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'sign'", id), ==, 1);

  /* investigated, the report not yet submitted */
  patch_ok (id, "\"status\":\"in_progress\",\"root_cause\":\"A cracked occlusion sensor (lot 2611)\",\"capa_reference\":\"CAPA-2026-014\"");
  early = patch_as (alice, id, "\"status\":\"resolved\"");
  g_assert_cmpuint (early->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (early), ==, "report_submitted_at");
  without_report = submit_closure (id);
  g_assert_cmpuint (without_report->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (without_report), ==, "report_submitted_at");

  patch_ok (id, "\"report_submitted_at\":\"2026-12-01T09:30:00Z\",\"report_reference\":\"EUDAMED-MIR-2026-0042\"");
  submitted = submit_closure (id);
  g_assert_cmpuint (submitted->status, ==, 200);
  approval = rapport_test_reply_int (submitted, "approval_id");
  g_assert_cmpint (approval, >, 0);
  /* pending: still not closable by hand, nor submitted twice */
  while_pending = patch_as (alice, id, "\"status\":\"resolved\"");
  g_assert_cmpuint (while_pending->status, ==, 409);
  {
    g_autoptr(RapportTestReply) twice = submit_closure (id);

    g_assert_cmpuint (twice->status, ==, 409);
  }
  g_assert_cmpstr (status_of (id), ==, "in_progress");

  approved = decide (approval, "approve");
  if (approved->status != 200)
    g_error ("approve: %u %s", approved->status, approved->body);
  closed = get_case (id);
  g_assert_cmpstr (rapport_test_reply_string (closed, "status"), ==, "closed");
  g_assert_nonnull (rapport_test_reply_string (closed, "closure_approved_at"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT " AND approval_id = %" G_GINT64_FORMAT " AND meaning = 'approved'",
                                         id, approval), ==, 1);
  *closed_out = id;
}

/* assessed as not reportable: resolving still waits for the signed
 * closure; a rejected closure leaves the complaint open */
static void
test_cannot_close_without_closure_signature (void)
{
  gint64 id = create_complaint (service_type, NULL);
  g_autoptr(RapportTestReply) resolved = NULL;
  g_autoptr(RapportTestReply) submitted = NULL;
  g_autoptr(RapportTestReply) rejected = NULL;
  g_autoptr(RapportTestReply) closed = NULL;
  g_autoptr(RapportTestReply) unflagged = NULL;

  assess_ok (id, "{\"reportable\":false,\"assessment_reason\":\"A late delivery: no device fault\",\"password\":\"" PASSWORD "\"}");
  patch_ok (id, "\"status\":\"in_progress\",\"root_cause\":\"Courier delay\"");
  resolved = patch_as (alice, id, "\"status\":\"resolved\"");
  g_assert_cmpuint (resolved->status, ==, 409);
  g_assert_nonnull (strstr (resolved->body, "closure approval"));
  unflagged = patch_as (alice, id, "\"is_complaint\":false");
  g_assert_cmpuint (unflagged->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unflagged), ==, "is_complaint");

  submitted = submit_closure (id);
  g_assert_cmpuint (submitted->status, ==, 200);
  rejected = decide (rapport_test_reply_int (submitted, "approval_id"), "reject");
  g_assert_cmpuint (rejected->status, ==, 200);
  g_assert_cmpstr (status_of (id), ==, "in_progress");
  closed = patch_as (alice, id, "\"status\":\"resolved\"");
  g_assert_cmpuint (closed->status, ==, 409);
}

static void
run_jobs (const char *now)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", now);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  if (reply->status != 200)
    g_error ("jobs at %s: %u %s", now, reply->status, reply->body);
}

static gint64
told (const char *kind,
      gint64      id,
      gint64      user)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM events WHERE kind = '%s' AND entity = 'case' "
                               "AND record_id = %" G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT,
                               kind, id, user);
}

static gint64
marks (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                               G_GINT64_FORMAT " AND actor_id IS NULL", id);
}

/* Aware on 2030-01-01, the report due 2030-01-11: warned from 01-08 (3
 * days before), escalated once due; each once, however often the job runs */
static void
test_deadline (void)
{
  gint64 id = create_complaint (serious_type, ",\"received_at\":\"2030-01-01T00:00:00Z\"");
  gint64 submitted = create_complaint (serious_type, ",\"received_at\":\"2030-01-01T00:00:00Z\","
                                                     "\"report_submitted_at\":\"2030-01-02T00:00:00Z\",\"report_reference\":\"R-1\"");
  gint64 not_reportable = create_complaint (serious_type, ",\"received_at\":\"2030-01-01T00:00:00Z\"");
  g_autoptr(RapportTestReply) reply = get_case (id);
  const char *due = "case.complaint_report_due";
  const char *overdue = "case.complaint_report_overdue";

  g_assert_cmpstr (rapport_test_reply_string (reply, "report_due_at"), ==, "2030-01-11T00:00:00.000000Z");
  assess_ok (not_reportable, "{\"reportable\":false,\"assessment_reason\":\"Not a device malfunction\",\"password\":\"" PASSWORD "\"}");

  run_jobs ("2030-01-07T23:59:00Z");
  g_assert_cmpint (told (due, id, alice_id), ==, 0);
  g_assert_cmpint (marks (id), ==, 0);

  run_jobs ("2030-01-08T00:00:01Z");
  run_jobs ("2030-01-08T06:00:00Z");
  g_assert_cmpint (told (due, id, alice_id), ==, 1);
  g_assert_cmpint (told (due, id, quinn_id), ==, 1);
  g_assert_cmpint (told (due, id, mona_id), ==, 0);
  g_assert_cmpint (marks (id), ==, 1);
  g_clear_pointer (&reply, rapport_test_reply_free);
  reply = get_case (id);
  g_assert_cmpstr (rapport_test_reply_string (reply, "report_warned_at"), ==, "2030-01-08T00:00:01.000000Z");
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (reply), "report_overdue_at")));

  run_jobs ("2030-01-11T00:00:01Z");
  run_jobs ("2030-01-12T00:00:00Z");
  g_assert_cmpint (told (overdue, id, alice_id), ==, 1);
  g_assert_cmpint (told (overdue, id, quinn_id), ==, 1);
  /* the escalation reaches the managers of the queue team */
  g_assert_cmpint (told (overdue, id, mona_id), ==, 1);
  g_assert_cmpint (marks (id), ==, 2);
  g_clear_pointer (&reply, rapport_test_reply_free);
  reply = get_case (id);
  g_assert_cmpstr (rapport_test_reply_string (reply, "report_overdue_at"), ==, "2030-01-11T00:00:01.000000Z");

  /* a report submitted, or none owed: never warned */
  g_assert_cmpint (told (due, submitted, alice_id) + told (overdue, submitted, alice_id), ==, 0);
  g_assert_cmpint (told (due, not_reportable, alice_id) + told (overdue, not_reportable, alice_id), ==, 0);
  g_assert_cmpint (marks (submitted) + marks (not_reportable), ==, 0);
}

static char *
pdf_text (RapportTestReply *reply,
          const char       *name)
{
  g_autofree char *file = g_build_filename (server->data_dir, name, NULL);
  g_autoptr(GSubprocess) process = NULL;
  char *text = NULL;

  g_assert_true (g_file_set_contents (file, g_bytes_get_data (reply->bytes, NULL), g_bytes_get_size (reply->bytes), NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, "pdftotext", "-layout", file, "-", NULL);
  g_assert_nonnull (process);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, NULL));
  /* kept for a look: COMPLAINT_FILE_KEEP=DIR */
  if (g_getenv ("COMPLAINT_FILE_KEEP") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_getenv ("COMPLAINT_FILE_KEEP"), name, NULL);

      g_file_set_contents (kept, g_bytes_get_data (reply->bytes, NULL), g_bytes_get_size (reply->bytes), NULL);
    }
  return text;
}

static RapportTestReply *
get_file (gint64      id,
          const char *token,
          const char *language)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/cases/%" G_GINT64_FORMAT "/complaint-file.pdf", server->base_url, id);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  RapportTestReply *reply = g_new0 (RapportTestReply, 1);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", language);
  reply->bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_data (reply->bytes, NULL), g_bytes_get_size (reply->bytes));
  return reply;
}

/* the complaint file: the assessment (decision, reason, signer, meaning),
 * the closure's signature, the audit trail; in Chinese too; each read audited */
static void
test_file (gconstpointer data)
{
  const gint64 *closed = data;
  gint64 prints = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                        G_GINT64_FORMAT " AND action = 'print'", *closed);
  g_autoptr(RapportTestReply) english = NULL;
  g_autoptr(RapportTestReply) chinese = NULL;
  g_autoptr(RapportTestReply) plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *zh = NULL;

  g_assert_cmpint (*closed, >, 0);
  english = get_file (*closed, alice, "en");
  g_assert_cmpuint (english->status, ==, 200);
  g_assert_true (g_str_has_prefix (english->body, "%PDF"));
  text = pdf_text (english, "complaint-file-en.pdf");
  g_assert_nonnull (strstr (text, "Complaint file"));
  g_assert_nonnull (strstr (text, "Reportability assessment"));
  g_assert_nonnull (strstr (text, "Reportable"));
  g_assert_nonnull (strstr (text, "Yes"));
  g_assert_nonnull (strstr (text, "EU MDR vigilance"));
  g_assert_nonnull (strstr (text, "a serious incident"));
  g_assert_nonnull (strstr (text, "李娜 Li Na"));
  g_assert_nonnull (strstr (text, "Assessed"));
  g_assert_nonnull (strstr (text, "Approved"));
  g_assert_nonnull (strstr (text, "CAPA-2026-014"));
  g_assert_nonnull (strstr (text, "EUDAMED-MIR-2026-0042"));
  g_assert_nonnull (strstr (text, "Audit trail"));
  g_assert_nonnull (strstr (text, "输液泵在治疗中停止"));

  chinese = get_file (*closed, alice, "zh-CN");
  g_assert_cmpuint (chinese->status, ==, 200);
  zh = pdf_text (chinese, "complaint-file-zh_CN.pdf");
  g_assert_nonnull (strstr (zh, "投诉档案"));
  g_assert_nonnull (strstr (zh, "已评估"));
  g_assert_nonnull (strstr (zh, "李娜 Li Na"));

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'print'", *closed), ==, prints + 2);
  /* a case that is no complaint has no complaint file */
  {
    g_autofree char *body = g_strdup_printf ("{\"subject\":\"Invoice copy\",\"account_id\":%" G_GINT64_FORMAT "}", account);
    gint64 id = rapport_test_create (server, alice, "cases", body);

    plain = get_file (id, alice, NULL);
    g_assert_cmpuint (plain->status, ==, 409);
  }
}

static void
test_audit_verify (void)
{
  g_autofree char *output = NULL;

  if (rapport_test_server_admin (server, &output, "audit", "verify", NULL) != 0)
    g_error ("audit verify: %s", output);
}

static gint64
type_named (const char *name)
{
  return rapport_test_sql_int (server, "SELECT id FROM `complaint-types` WHERE name = '%s'", name);
}

int
main (int   argc,
      char *argv[])
{
  static gint64 closed;
  g_autofree char *locale = NULL;
  g_autofree char *teams = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* rapportd stays English: the Chinese file is asked for by Accept-Language */
  locale = rapport_test_locale_compile ("zh_CN");
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  alice = rapport_test_server_add_user (server, "alice", "service");
  mona = rapport_test_server_add_user (server, "mona", "manager");
  quinn = rapport_test_server_add_user (server, "quinn", "quality");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'mona')", east);
  g_free (rapport_test_server_sql (server, teams));
  g_free (rapport_test_server_sql (server, "UPDATE users SET name = '李娜 Li Na' WHERE login = 'quinn'"));
  alice_id = rapport_test_user_id (server, alice);
  mona_id = rapport_test_user_id (server, mona);
  quinn_id = rapport_test_user_id (server, quinn);
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华东人民医院\"}");
  serious_type = type_named ("Death or unanticipated serious deterioration of health");
  service_type = type_named ("Non-medical (service, delivery, invoice)");
  g_assert_cmpint (serious_type, >, 0);
  g_assert_cmpint (service_type, >, 0);

  g_test_add_func ("/complaints/received", test_received);
  g_test_add_func ("/complaints/by-category", test_by_category);
  g_test_add_func ("/complaints/cannot-close-without-assessment", test_cannot_close_without_assessment);
  g_test_add_func ("/complaints/assessment-refused", test_assessment_refused);
  g_test_add_data_func ("/complaints/reportable-closure", &closed, test_reportable_closure);
  g_test_add_func ("/complaints/cannot-close-without-closure-signature", test_cannot_close_without_closure_signature);
  g_test_add_func ("/complaints/deadline", test_deadline);
  g_test_add_data_func ("/complaints/file", &closed, test_file);
  g_test_add_func ("/complaints/audit-verify", test_audit_verify);

  status = g_test_run ();
  g_free (alice);
  g_free (mona);
  g_free (quinn);
  rapport_test_server_stop (server);
  return status;
}
