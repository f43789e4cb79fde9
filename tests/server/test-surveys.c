/* test-surveys.c: survey definitions checked, invitations on a case's closing and by hand, the public form as a browser uses it (headers, escaping, CSRF, reuse, expiry, forged links, rate limit), staff-recorded answers and exact CSAT/NPS results */
#include "rapport-test-server.h"
#include "rapport-test-locale.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* service, team East */
static char *carol;   /* service, team West */
static char *mona;    /* manager, team East */
static gint64 account;
static gint64 contact;

#define QUESTIONS "[{\\\"id\\\":\\\"q1\\\",\\\"type\\\":\\\"rating\\\",\\\"label\\\":\\\"服务满意吗？\\\",\\\"required\\\":true}," \
                  "{\\\"id\\\":\\\"q2\\\",\\\"type\\\":\\\"nps\\\",\\\"label\\\":\\\"推荐给朋友的可能性\\\"}," \
                  "{\\\"id\\\":\\\"q3\\\",\\\"type\\\":\\\"choice\\\",\\\"label\\\":\\\"How did we help?\\\",\\\"options\\\":[\\\"Phone\\\",\\\"Visit\\\"]}," \
                  "{\\\"id\\\":\\\"q4\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"Anything else?\\\"}]"

/* a page asked for as a browser does: its status, headers and body */
typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->headers, soup_message_headers_unref);
  g_free (page->body);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static Page *
browse (const char *method,
        const char *path,
        const char *form,
        const char *origin)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  Page *page = g_new0 (Page, 1);

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "text/html");
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  if (origin != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", origin);
  response = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  page->status = soup_message_get_status (msg);
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  page->body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  return page;
}

static gint64
create_survey (const char *name,
               const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"questions\":\"" QUESTIONS "\"%s%s}", name,
                                           strstr (extra, "\"title\"") ? "" : ",\"title\":\"Your service\"", extra);

  return rapport_test_create (server, mona, "surveys", body);
}

/* one invitation of @survey for the contact: its token */
static char *
invite (gint64   survey,
        gint64  *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/surveys/%" G_GINT64_FORMAT "/invitations", survey);
  g_autofree char *body = g_strdup_printf ("{\"contact_ids\":[%" G_GINT64_FORMAT "]}", contact);
  g_autoptr(RapportTestReply) by_rep = rapport_test_request (server, "POST", path, alice, body);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, mona, body);
  JsonObject *item;

  /* the rep records answers; a manager sends the survey */
  g_assert_cmpuint (by_rep->status, ==, 403);

  if (reply->status != 201)
    g_error ("invite: %u %s", reply->status, reply->body);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (reply), "items"), 0);
  if (id != NULL)
    *id = json_object_get_int_member (item, "id");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "link"), "https://crm.example.com/s/"));
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "pending");
  /* the contact has an email, but no mailbox sends: not mailed, nothing queued */
  g_assert_false (json_object_get_boolean_member (item, "mailed"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_outbox"), ==, 0);
  return g_strdup (json_object_get_string_member (item, "token"));
}

static char *
csrf_of (const char *html)
{
  const char *start = strstr (html, "name=\"csrf\" value=\"");

  g_assert_nonnull (start);
  start += strlen ("name=\"csrf\" value=\"");
  return g_strndup (start, strchr (start, '"') - start);
}

static gint64
answers_of (gint64 invitation)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_answers WHERE invitation_id = %" G_GINT64_FORMAT,
                               invitation);
}

static void
assert_refused (const char *body,
                const char *field)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/surveys", mona, body);

  if (reply->status != 422)
    g_error ("%s: %u %s", body, reply->status, reply->body);
  g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, field);
  /* a question's problem names it by its number, for whoever edits the JSON by hand */
  if (g_str_has_prefix (field, "questions["))
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (reply),
                                                                                                    "error"), "message"),
                                     "Question "));
}

/* a survey's questions are checked whole; the first bad one is named by index and member */
static void
test_definitions (void)
{
  g_autoptr(GString) many = g_string_new ("[");
  g_autofree char *too_many = NULL;
  g_autoptr(RapportTestReply) by_rep = NULL;
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM surveys");

  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"{}\"}", "questions");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"[{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"stars\\\",\\\"label\\\":\\\"x\\\"}]\"}",
                  "questions[0].type");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"[{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"nps\\\",\\\"label\\\":\\\"x\\\"},"
                  "{\\\"id\\\":\\\"b\\\",\\\"type\\\":\\\"nps\\\",\\\"label\\\":\\\"y\\\"}]\"}", "questions[1].type");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"[{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"choice\\\",\\\"label\\\":\\\"x\\\","
                  "\\\"options\\\":[\\\"only\\\"]}]\"}", "questions[0].options");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"[{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"x\\\"},"
                  "{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"y\\\"}]\"}", "questions[1].id");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"[{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"x\\\","
                  "\\\"colour\\\":\\\"red\\\"}]\"}", "questions[0].colour");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"[{\\\"id\\\":\\\"a\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"\\\"}]\"}",
                  "questions[0].label");
  for (guint i = 0; i < 21; i++)
    g_string_append_printf (many, "%s{\\\"id\\\":\\\"q%u\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"x\\\"}", i ? "," : "", i);
  g_string_append (many, "]");
  too_many = g_strdup_printf ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"%s\"}", many->str);
  assert_refused (too_many, "questions");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"" QUESTIONS "\",\"trigger\":\"weekly\"}", "trigger");
  assert_refused ("{\"name\":\"a\",\"title\":\"t\",\"questions\":\"" QUESTIONS "\",\"link_valid_days\":0}", "link_valid_days");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM surveys"), ==, before);

  /* a service rep reads surveys but does not keep them */
  by_rep = rapport_test_request (server, "POST", "/api/v1/surveys", alice,
                                 "{\"name\":\"a\",\"title\":\"t\",\"questions\":\"" QUESTIONS "\"}");
  g_assert_cmpuint (by_rep->status, ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM surveys"), ==, before);
}

static gint64
create_case (gint64 category)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"Printer jams\",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"contact_id\":%" G_GINT64_FORMAT ",\"category_id\":%" G_GINT64_FORMAT "}",
                                           account, contact, category);

  return rapport_test_create (server, alice, "cases", body);
}

static void
move (gint64      id,
      const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, alice, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                           rapport_test_reply_int (current, "version"), status);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, alice, body);

  if (reply->status != 200)
    g_error ("case %" G_GINT64_FORMAT " to %s: %u %s", id, status, reply->status, reply->body);
}

static gint64
invitations_of_case (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_invitations WHERE case_id = %" G_GINT64_FORMAT, id);
}

/* a case that closes gets one invitation of the survey of its category
 * (or a category above it), never a second, and none for another category */
static void
test_case_closed (void)
{
  gint64 printers = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"Printers\"}");
  g_autofree char *child = g_strdup_printf ("{\"name\":\"Laser\",\"parent_id\":%" G_GINT64_FORMAT "}", printers);
  gint64 laser = rapport_test_create (server, server->admin_token, "case-categories", child);
  gint64 pumps = rapport_test_create (server, server->admin_token, "case-categories", "{\"name\":\"Pumps\"}");
  g_autofree char *extra = g_strdup_printf (",\"trigger\":\"case_closed\",\"category_id\":%" G_GINT64_FORMAT, printers);
  gint64 survey = create_survey ("After printer cases", extra);
  gint64 printed = create_case (laser);
  gint64 pumped = create_case (pumps);
  const char *steps[] = { "in_progress", "resolved", "closed" };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_assert_cmpint (invitations_of_case (printed), ==, 0);
      move (printed, steps[i]);
      move (pumped, steps[i]);
    }
  g_assert_cmpint (invitations_of_case (printed), ==, 1);
  g_assert_cmpint (invitations_of_case (pumped), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_invitations WHERE case_id = %" G_GINT64_FORMAT
                                         " AND survey_id = %" G_GINT64_FORMAT " AND status = 'pending' AND category_id = %"
                                         G_GINT64_FORMAT " AND owner_id = %" G_GINT64_FORMAT " AND contact_id = %" G_GINT64_FORMAT,
                                         printed, survey, laser, rapport_test_user_id (server, alice), contact), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN survey_invitations i ON i.id = a.entity_id "
                                         "WHERE a.entity = 'survey_invitation' AND a.action = 'create' AND i.case_id = %"
                                         G_GINT64_FORMAT, printed), ==, 1);
  /* reopened and closed again: still one */
  move (printed, "in_progress");
  move (printed, "resolved");
  move (printed, "closed");
  g_assert_cmpint (invitations_of_case (printed), ==, 1);
  /* the survey stops: other cases are not asked */
  g_free (rapport_test_server_sql (server, "UPDATE surveys SET active = 0 WHERE `trigger` = 'case_closed'"));
}

/* the form as a browser gets it: locked-down headers, labels, legends, escaped text */
static void
test_form (void)
{
  gint64 survey = create_survey ("Escaping", ",\"title\":\"<script>alert(1)</script> 满意度调查\",\"language\":\"zh-CN\","
                                 "\"intro\":\"Tom & Jerry's \\\"shop\\\"\"");
  g_autofree char *token = invite (survey, NULL);
  g_autofree char *path = g_strconcat ("/s/", token, NULL);
  g_autoptr(Page) page = browse ("GET", path, NULL, NULL);

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Type"), ==, "text/html; charset=utf-8");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Security-Policy"), ==,
                   "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Referrer-Policy"), ==, "no-referrer");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Cache-Control"), ==, "no-store");
  g_assert_nonnull (strstr (page->body, "<html lang=\"zh-CN\">"));
  g_assert_null (strstr (page->body, "<script"));
  g_assert_nonnull (strstr (page->body, "&lt;script&gt;alert(1)&lt;/script&gt; 满意度调查"));
  g_assert_nonnull (strstr (page->body, "Tom &amp; Jerry&apos;s &quot;shop&quot;"));
  g_assert_nonnull (strstr (page->body, "<legend>服务满意吗？ <span>(必填)</span></legend>"));
  g_assert_nonnull (strstr (page->body, "<label for=\"q-q1-5\">5</label>"));
  g_assert_nonnull (strstr (page->body, "<input type=\"radio\" id=\"q-q2-0\" name=\"q-q2\" value=\"0\">"));
  g_assert_nonnull (strstr (page->body, "<label for=\"q-q4\">Anything else?</label>"));
  g_assert_nonnull (strstr (page->body, "<textarea id=\"q-q4\" name=\"q-q4\""));
  g_assert_nonnull (strstr (page->body, "<form method=\"post\" action=\"/s/"));
  {
    g_autofree char *csrf = csrf_of (page->body);

    g_assert_cmpuint (strlen (csrf), ==, 64);
  }
}

/* posting: a forged field or a foreign origin is refused, a missing answer
 * shows the form again, a good post is stored once and thanked for */
static void
test_answer (void)
{
  gint64 survey = create_survey ("Answering", "");
  gint64 id;
  g_autofree char *token = invite (survey, &id);
  g_autofree char *path = g_strconcat ("/s/", token, NULL);
  g_autoptr(Page) form = browse ("GET", path, NULL, NULL);
  g_autofree char *csrf = csrf_of (form->body);
  g_autofree char *good = g_strdup_printf ("csrf=%s&q-q1=4&q-q2=9&q-q3=Visit&q-q4=%%E5%%BE%%88%%E5%%A5%%BD+%%3Cb%%3E", csrf);
  g_autofree char *missing = g_strdup_printf ("csrf=%s&q-q2=9&q-q4=keep+me", csrf);
  g_autoptr(Page) forged = browse ("POST", path, "csrf=0000&q-q1=4", NULL);
  g_autoptr(Page) foreign = browse ("POST", path, good, "https://evil.example");
  g_autoptr(Page) incomplete = NULL;
  g_autoptr(Page) thanked = NULL;
  g_autoptr(Page) again = NULL;
  g_autoptr(Page) reopened = NULL;

  g_assert_cmpuint (forged->status, ==, 403);
  g_assert_cmpuint (foreign->status, ==, 403);
  g_assert_nonnull (strstr (forged->body, "<html lang=\"en\">"));
  g_assert_cmpint (answers_of (id), ==, 0);

  incomplete = browse ("POST", path, missing, NULL);
  g_assert_cmpuint (incomplete->status, ==, 400);
  g_assert_nonnull (strstr (incomplete->body, "<p class=\"error\" id=\"e-q1\" role=\"alert\">This question needs an answer</p>"));
  g_assert_nonnull (strstr (incomplete->body, "value=\"9\" checked>"));
  g_assert_nonnull (strstr (incomplete->body, ">keep me</textarea>"));
  g_assert_cmpint (answers_of (id), ==, 0);

  thanked = browse ("POST", path, good, "https://crm.example.com");
  g_assert_cmpuint (thanked->status, ==, 200);
  g_assert_nonnull (strstr (thanked->body, "Thank you"));
  g_assert_cmpint (answers_of (id), ==, 4);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_answers WHERE invitation_id = %" G_GINT64_FORMAT
                                         " AND question_id = 'q4' AND answer_text = '很好 <b>'", id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_invitations WHERE id = %" G_GINT64_FORMAT
                                         " AND status = 'answered' AND recorded_by IS NULL AND answered_at IS NOT NULL", id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'survey_invitation' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'answer' AND actor_id IS NULL", id), ==, 1);

  /* the link is used: a plain page, and nothing changes */
  again = browse ("POST", path, good, NULL);
  g_assert_cmpuint (again->status, ==, 410);
  g_assert_nonnull (strstr (again->body, "already been answered"));
  reopened = browse ("GET", path, NULL, NULL);
  g_assert_cmpuint (reopened->status, ==, 410);
  g_assert_cmpint (answers_of (id), ==, 4);
}

/* a link past its time, and one that never was */
static void
test_expired_and_forged (void)
{
  gint64 survey = create_survey ("Expiring", ",\"language\":\"zh-CN\"");
  gint64 id;
  g_autofree char *token = invite (survey, &id);
  g_autofree char *path = g_strconcat ("/s/", token, NULL);
  g_autoptr(Page) form = browse ("GET", path, NULL, NULL);
  g_autofree char *csrf = csrf_of (form->body);
  g_autofree char *good = g_strdup_printf ("csrf=%s&q-q1=5", csrf);
  g_autofree char *expire = g_strdup_printf ("UPDATE survey_invitations SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                                             "WHERE id = %" G_GINT64_FORMAT, id);
  g_autoptr(Page) expired = NULL;
  g_autoptr(Page) posted = NULL;
  g_autoptr(Page) forged = browse ("GET", "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL);
  g_autoptr(Page) slashed = browse ("GET", "/s/abc/def", NULL, NULL);

  g_free (rapport_test_server_sql (server, expire));
  expired = browse ("GET", path, NULL, NULL);
  g_assert_cmpuint (expired->status, ==, 410);
  g_assert_nonnull (strstr (expired->body, "<html lang=\"zh-CN\">"));
  g_assert_nonnull (strstr (expired->body, "此调查链接已过期。"));
  posted = browse ("POST", path, good, NULL);
  g_assert_cmpuint (posted->status, ==, 410);
  g_assert_cmpint (answers_of (id), ==, 0);

  g_assert_cmpuint (forged->status, ==, 404);
  g_assert_cmpstr (soup_message_headers_get_one (forged->headers, "Content-Type"), ==, "text/html; charset=utf-8");
  g_assert_nonnull (strstr (forged->body, "This survey link is not valid"));
  g_assert_cmpuint (slashed->status, ==, 404);
}

static RapportTestReply *
record (const char *token,
        gint64      id,
        const char *answers)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/survey-invitations/%" G_GINT64_FORMAT "/answers", id);
  g_autofree char *body = g_strdup_printf ("{\"answers\":%s}", answers);

  return rapport_test_request (server, "POST", path, token, body);
}

/* answers given by phone: the same checks, recorded_by, once */
static void
test_staff_answers (void)
{
  gint64 survey = create_survey ("By phone", "");
  gint64 id;
  g_autofree char *token = invite (survey, &id);
  g_autoptr(RapportTestReply) out_of_range = record (alice, id, "{\"q1\":7}");
  g_autoptr(RapportTestReply) unknown = record (alice, id, "{\"q1\":3,\"q9\":1}");
  g_autoptr(RapportTestReply) without = record (alice, id, "{\"q2\":10}");
  g_autoptr(RapportTestReply) stranger = record (carol, id, "{\"q1\":3}");
  g_autoptr(RapportTestReply) done = NULL;
  g_autoptr(RapportTestReply) twice = NULL;

  /* 256 random bits, base64url */
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpuint (out_of_range->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (out_of_range), ==, "answers.q1");
  g_assert_cmpuint (unknown->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "answers.q9");
  g_assert_cmpuint (without->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (without), ==, "answers.q1");
  g_assert_cmpuint (stranger->status, ==, 404);
  g_assert_cmpint (answers_of (id), ==, 0);

  done = record (alice, id, "{\"q1\":3,\"q3\":\"Phone\",\"q4\":null}");
  g_assert_cmpuint (done->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (done, "status"), ==, "answered");
  g_assert_cmpint (rapport_test_reply_int (done, "recorded_by"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpint (answers_of (id), ==, 2);
  twice = record (alice, id, "{\"q1\":5}");
  g_assert_cmpuint (twice->status, ==, 409);
  g_assert_cmpint (answers_of (id), ==, 2);
}

static JsonObject *
question (JsonObject *group,
          guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (group, "questions"), index);
}

/* ratings 5, 4, 1: CSAT 2 of 3 = 66.67; NPS 10, 9, 0: (2 − 1) of 3 = 33.33;
 * four invitations, three answered: 75.00 */
static void
test_results (void)
{
  gint64 survey = create_survey ("Figures", "");
  const char *answers[] = { "{\"q1\":5,\"q2\":10,\"q3\":\"Visit\"}", "{\"q1\":4,\"q2\":9,\"q4\":\"ok\"}",
                            "{\"q1\":1,\"q2\":0,\"q3\":\"Visit\"}" };
  g_autofree char *path = g_strdup_printf ("/api/v1/surveys/%" G_GINT64_FORMAT "/results", survey);
  g_autofree char *by_owner = g_strdup_printf ("%s?group_by=owner", path);
  g_autofree char *bad = g_strdup_printf ("%s?group_by=team", path);
  g_autofree char *later = g_strdup_printf ("%s?from=2099-01-01T00:00:00Z", path);
  g_autofree char *responses = g_strdup_printf ("/api/v1/surveys/%" G_GINT64_FORMAT "/responses", survey);
  g_autoptr(RapportTestReply) results = NULL;
  g_autoptr(RapportTestReply) owners = NULL;
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) wrong = NULL;
  g_autoptr(RapportTestReply) none = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  JsonObject *group, *rating, *nps, *choice, *text;

  for (guint i = 0; i < 4; i++)
    {
      gint64 id;
      g_autofree char *token = invite (survey, &id);
      g_autoptr(RapportTestReply) reply = i < 3 ? record (alice, id, answers[i]) : NULL;

      g_assert_nonnull (token);
      g_assert_true (reply == NULL || reply->status == 201);
    }
  results = rapport_test_request (server, "GET", path, mona, NULL);
  g_assert_cmpuint (results->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (results), "groups")), ==, 1);
  group = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (results), "groups"), 0);
  g_assert_cmpint (json_object_get_int_member (group, "sent"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (group, "answered"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (group, "response_rate"), ==, "75.00");
  rating = question (group, 0);
  g_assert_cmpstr (json_object_get_string_member (rating, "label"), ==, "服务满意吗？");
  g_assert_cmpint (json_object_get_int_member (rating, "n"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (rating, "csat"), ==, "66.67");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (rating, "counts"), "5"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (rating, "counts"), "2"), ==, 0);
  nps = question (group, 1);
  g_assert_cmpstr (json_object_get_string_member (nps, "nps"), ==, "33.33");
  g_assert_cmpint (json_object_get_int_member (nps, "promoters"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (nps, "passives"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (nps, "detractors"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (nps, "n"), ==, 3);
  choice = question (group, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (choice, "counts"), "Visit"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (choice, "counts"), "Phone"), ==, 0);
  text = question (group, 3);
  g_assert_cmpint (json_object_get_int_member (text, "n"), ==, 1);
  g_assert_false (json_object_has_member (text, "counts"));

  owners = rapport_test_request (server, "GET", by_owner, mona, NULL);
  g_assert_cmpuint (owners->status, ==, 200);
  group = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (owners), "groups"), 0);
  g_assert_cmpint (json_object_get_int_member (group, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_cmpstr (json_object_get_string_member (group, "name"), ==, "alice");

  none = rapport_test_request (server, "GET", later, mona, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (none), "groups")), ==, 0);
  wrong = rapport_test_request (server, "GET", bad, mona, NULL);
  g_assert_cmpuint (wrong->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (wrong), ==, "group_by");
  refused = rapport_test_request (server, "GET", path, alice, NULL);
  g_assert_cmpuint (refused->status, ==, 403);

  listed = rapport_test_request (server, "GET", responses, mona, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (listed), "items")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (
                     json_object_get_array_member (rapport_test_reply_object (listed), "items"), 1), "answers"), "q4"), ==, "ok");
}

/* one address opening forms too fast is told to wait */
static void
test_rate_limit (void)
{
  guint status = 0;
  guint tries;

  for (tries = 0; tries < 200 && status != 429; tries++)
    {
      g_autoptr(Page) page = browse ("GET", "/s/nothing-here", NULL, NULL);

      status = page->status;
      g_assert_true (status == 404 || status == 429);
      if (status == 429)
        {
          g_assert_nonnull (soup_message_headers_get_one (page->headers, "Retry-After"));
          g_assert_nonnull (strstr (page->body, "Too many requests"));
        }
    }
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpuint (tries, <=, 60);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;
  g_autofree char *body = NULL;
  g_autofree char *locale = NULL;
  gint64 east, west;

  g_test_init (&argc, &argv, NULL);
  /* a survey in Chinese answers its pages in Chinese: rapportd has the catalogue */
  locale = rapport_test_locale_compile ("zh_CN");
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n"
                                                  "[service]\npublic_url=https://crm.example.com/\nsurvey_form_per_minute=60\n");
  alice = rapport_test_server_add_user (server, "alice", "service");
  carol = rapport_test_server_add_user (server, "carol", "service");
  mona = rapport_test_server_add_user (server, "mona", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'mona'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华东医疗器械有限公司\"}");
  body = g_strdup_printf ("{\"name\":\"王芳\",\"account_id\":%" G_GINT64_FORMAT ",\"email\":\"wang.fang@example.com\"}",
                          account);
  contact = rapport_test_create (server, alice, "contacts", body);

  g_test_add_func ("/surveys/definitions", test_definitions);
  g_test_add_func ("/surveys/case-closed", test_case_closed);
  g_test_add_func ("/surveys/form", test_form);
  g_test_add_func ("/surveys/answer", test_answer);
  g_test_add_func ("/surveys/expired-and-forged", test_expired_and_forged);
  g_test_add_func ("/surveys/staff-answers", test_staff_answers);
  g_test_add_func ("/surveys/results", test_results);
  g_test_add_func ("/surveys/rate-limit", test_rate_limit);

  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  g_free (mona);
  rapport_test_server_stop (server);
  return status;
}
