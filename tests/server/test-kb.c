/* test-kb.c: the knowledge base: drafts published through their approval, new versions while the old one stays published, rejection, search in Chinese and English, suggestions, links to cases, usefulness votes, bad input and who may do what */
#include "rapport-test-server.h"

#include <string.h>

#define PASSWORD "correct horse battery"

static RapportTestServer *server;
static char *writer;    /* service */
static char *manager;   /* manager: approves */
static char *seller;    /* sales: reads what is published */
static char *auditor;
static gint64 account;
static gboolean manager_signed;
/* the texts formatted for a request, freed at the end */
static GPtrArray *scratch;

static const char *
fmt (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static const char *
fmt (const char *format,
     ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (scratch, text);
  return text;
}

static RapportTestReply *
call (const char *method,
      const char *token,
      const char *body,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static RapportTestReply *
call (const char *method,
      const char *token,
      const char *body,
      const char *format,
      ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return rapport_test_request (server, method, path, token, body);
}

static gint64
article_int (gint64      id,
             const char *column)
{
  return rapport_test_sql_int (server, "SELECT %s FROM `kb-articles` WHERE id = %" G_GINT64_FORMAT, column, id);
}

static const char *
article_text (gint64      id,
              const char *column)
{
  char *text = rapport_test_server_sql (server, fmt ("SELECT %s FROM `kb-articles` WHERE id = %" G_GINT64_FORMAT, column, id));

  g_ptr_array_add (scratch, text);
  return g_strchomp (text);
}

static gint64
write_article (const char *title,
               const char *body,
               const char *more)
{
  g_autofree char *json = g_strdup_printf ("{\"title\":\"%s\",\"body\":\"%s\"%s%s}", title, body, more ? "," : "", more ? more : "");

  return rapport_test_create (server, writer, "kb-articles", json);
}

/* submits a draft: its approval's id */
static gint64
submit (gint64 id)
{
  g_autoptr(RapportTestReply) reply = call ("POST", writer, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/submit", id);

  if (reply->status != 200)
    g_error ("submit %" G_GINT64_FORMAT ": %u %s", id, reply->status, reply->body);
  g_assert_cmpstr (rapport_test_reply_string (reply, "status"), ==, "pending_approval");
  return rapport_test_reply_int (reply, "approval_id");
}

static guint
decide (gint64      approval,
        const char *verb)
{
  g_autofree char *body = g_strdup_printf ("{%s\"password\":\"%s\",\"meaning\":\"%s\",\"comment\":\"checked\"}",
                                           manager_signed ? "" : "\"login\":\"mgr\",", PASSWORD,
                                           g_str_equal (verb, "approve") ? "approved" : "rejected");
  g_autoptr(RapportTestReply) reply = call ("POST", manager, body, "/api/v1/approvals/%" G_GINT64_FORMAT "/%s", approval, verb);

  g_test_message ("%s %" G_GINT64_FORMAT ": %u %s", verb, approval, reply->status, reply->body);
  manager_signed |= reply->status == 200;
  return reply->status;
}

static gint64
publish (gint64 id)
{
  g_assert_cmpuint (decide (submit (id), "approve"), ==, 200);
  g_assert_cmpstr (article_text (id, "status"), ==, "published");
  return id;
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* the ids a list answers, in its order */
static char *
listed (const char *token,
        const char *path)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, token, NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  JsonArray *items;

  if (reply->status != 200)
    g_error ("%s: %u %s", path, reply->status, reply->body);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_has_member (item, "article"))
        item = json_object_get_object_member (item, "article");
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", json_object_get_int_member (item, "id"));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
ids (gint64 first,
     ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id > 0; id = va_arg (args, gint64))
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, out->len ? "," : "", id);
  va_end (args);
  return g_string_free (out, FALSE);
}

/* draft → submitted (locked) → approved: published v1; a new version is a
 * draft of its own while v1 stays published; rejected, it returns to draft;
 * approved, it becomes v2 of the article; every version is kept */
static void
test_publish_and_versions (void)
{
  gint64 id = write_article ("复印机卡纸处理", "第一版：打开前盖。", "\"keywords\":\"复印机, 卡纸\"");
  g_autoptr(RapportTestReply) edited = call ("PATCH", writer, "{\"version\":1,\"summary\":\"卡纸时怎么办\"}",
                                             "/api/v1/kb-articles/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) locked = NULL;
  g_autoptr(RapportTestReply) unpublished = NULL;
  g_autoptr(RapportTestReply) draft = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) direct = NULL;
  g_autoptr(RapportTestReply) v1 = NULL;
  g_autoptr(RapportTestReply) missing = NULL;
  g_autoptr(RapportTestReply) by_seller = NULL;
  g_autoptr(RapportTestReply) draft_by_seller = NULL;
  g_autoptr(RapportTestReply) versions = NULL;
  gint64 approval, draft_id;

  g_assert_cmpuint (edited->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (edited, "status"), ==, "draft");
  g_assert_cmpint (rapport_test_reply_int (edited, "published_version"), ==, 0);
  unpublished = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (unpublished->status, ==, 404);

  approval = submit (id);
  g_assert_cmpint (approval, >, 0);
  locked = call ("PATCH", writer, "{\"version\":3,\"title\":\"改\"}", "/api/v1/kb-articles/%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (locked->status, ==, 423);
  g_assert_cmpuint (decide (approval, "approve"), ==, 200);
  g_assert_cmpstr (article_text (id, "status"), ==, "published");
  g_assert_cmpint (article_int (id, "published_version"), ==, 1);
  g_assert_cmpint (article_int (id, "published_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE entity = 'kb_article' AND record_id = %"
                                         G_GINT64_FORMAT " AND meaning = 'approved'", id), ==, 1);
  by_seller = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (by_seller->status, ==, 200);

  /* a published text changes only through a new version */
  direct = call ("PATCH", writer, "{\"version\":4,\"title\":\"改\"}", "/api/v1/kb-articles/%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (direct->status, ==, 423);
  draft = call ("POST", writer, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/draft", id);
  g_assert_cmpuint (draft->status, ==, 201);
  draft_id = rapport_test_reply_int (draft, "id");
  g_assert_cmpint (rapport_test_reply_int (draft, "draft_of"), ==, id);
  g_assert_cmpstr (rapport_test_reply_string (draft, "body"), ==, "第一版：打开前盖。");
  again = call ("POST", writer, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/draft", id);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (again, "id"), ==, draft_id);
  {
    g_autoptr(RapportTestReply) changed = call ("PATCH", writer, "{\"version\":1,\"title\":\"复印机卡纸处理（新）\",\"body\":\"第二版：先关电源，再打开前盖。\"}",
                                                "/api/v1/kb-articles/%" G_GINT64_FORMAT, draft_id);

    g_assert_cmpuint (changed->status, ==, 200);
  }
  g_assert_cmpstr (article_text (id, "title"), ==, "复印机卡纸处理");
  draft_by_seller = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT, draft_id);
  g_assert_cmpuint (draft_by_seller->status, ==, 404);

  /* rejected: back to draft, the article still v1 */
  g_assert_cmpuint (decide (submit (draft_id), "reject"), ==, 200);
  g_assert_cmpstr (article_text (draft_id, "status"), ==, "draft");
  g_assert_cmpint (article_int (id, "published_version"), ==, 1);
  g_assert_cmpstr (article_text (id, "title"), ==, "复印机卡纸处理");

  /* approved: the article is v2 with the new text, the draft kept archived */
  g_assert_cmpuint (decide (submit (draft_id), "approve"), ==, 200);
  g_assert_cmpint (article_int (id, "published_version"), ==, 2);
  g_assert_cmpstr (article_text (id, "title"), ==, "复印机卡纸处理（新）");
  g_assert_cmpstr (article_text (id, "status"), ==, "published");
  g_assert_cmpint (article_int (draft_id, "archived"), ==, 1);

  versions = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/versions", id);
  g_assert_cmpuint (versions->status, ==, 200);
  {
    JsonArray *items = json_object_get_array_member (rapport_test_reply_object (versions), "items");

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "number"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "title"), ==, "复印机卡纸处理");
  }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM kb_article_versions WHERE article_id = %" G_GINT64_FORMAT, id), ==, 2);
  v1 = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/versions/1", id);
  g_assert_cmpuint (v1->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (v1, "title"), ==, "复印机卡纸处理");
  g_assert_cmpstr (rapport_test_reply_string (v1, "body"), ==, "第一版：打开前盖。");
  missing = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/versions/3", id);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'kb_article' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'update'", id), >=, 2);
}

/* ?q= finds a Chinese word inside a sentence of the body and English words, in title, summary, keywords or body */
static void
test_search (void)
{
  gint64 jam = publish (write_article ("打印机维护", "如果打印机卡纸，请先关闭电源，然后打开后盖取出纸张。", NULL));
  gint64 english = publish (write_article ("Printer paper jam", "If the printer reports a paper jam, open the rear cover.",
                                           "\"language\":\"en\",\"visibility\":\"customer\""));
  gint64 invoice = publish (write_article ("发票开具流程", "开具增值税专用发票前，请核对客户的税号。", "\"keywords\":\"invoice, 发票\""));
  struct { const char *q; gint64 expected[3]; } cases[] = {
    { "打印机卡纸", { jam } },
    { "取出纸张", { jam } },
    { "税号", { invoice } },
    { "rear cover", { english } },
    { "JAM", { english } },
    { "invoice", { invoice } },
    { "扫描仪", { 0 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = escape (cases[i].q);
      g_autofree char *path = g_strdup_printf ("/api/v1/kb-articles?q=%s&status=published&sort=id", q);
      g_autofree char *got = listed (seller, path);
      g_autofree char *want = ids (cases[i].expected[0], cases[i].expected[1], (gint64) 0);

      g_test_message ("q=%s → %s", cases[i].q, got);
      g_assert_cmpstr (got, ==, want);
    }
  {
    g_autofree char *by_language = listed (seller, "/api/v1/kb-articles?language=en&sort=id");
    g_autofree char *want = ids (english, (gint64) 0);

    g_assert_cmpstr (by_language, ==, want);
  }
}

/* categories are a tree: a list filters an article's category with its subtree */
static void
test_categories (void)
{
  gint64 hardware = rapport_test_create (server, manager, "kb-categories", "{\"name\":\"硬件\"}");
  gint64 printers = rapport_test_create (server, manager, "kb-categories",
                                         fmt ("{\"name\":\"打印机\",\"parent_id\":%" G_GINT64_FORMAT "}", hardware));
  g_autoptr(RapportTestReply) by_writer = call ("POST", writer, "{\"name\":\"Mine\"}", "/api/v1/kb-categories");
  gint64 in_printers = write_article ("更换硒鼓", "关机后取出旧硒鼓。", fmt ("\"category_id\":%" G_GINT64_FORMAT, printers));
  gint64 in_hardware = write_article ("硬件保修", "保修一年。", fmt ("\"category_id\":%" G_GINT64_FORMAT, hardware));
  g_autofree char *subtree = listed (writer, fmt ("/api/v1/kb-articles?category_id=%" G_GINT64_FORMAT "&subtree=true&sort=id", hardware));
  g_autofree char *own = listed (writer, fmt ("/api/v1/kb-articles?category_id=%" G_GINT64_FORMAT "&sort=id", hardware));
  g_autofree char *want_subtree = ids (in_printers, in_hardware, (gint64) 0);
  g_autofree char *want_own = ids (in_hardware, (gint64) 0);

  g_assert_cmpuint (by_writer->status, ==, 403);
  g_assert_cmpstr (subtree, ==, want_subtree);
  g_assert_cmpstr (own, ==, want_own);
}

/* suggestions: published articles holding most of the subject's terms, with the terms */
static void
test_suggest (void)
{
  gint64 full = publish (write_article ("卡纸故障", "激光打印机卡纸时，先关闭电源再取纸。", NULL));
  gint64 half = publish (write_article ("打印机驱动安装", "从官网下载打印机驱动。", NULL));
  gint64 hidden = write_article ("打印机卡纸（草稿）", "打印机卡纸的草稿。", NULL);
  g_autofree char *subject = escape ("打印机卡纸怎么办");
  g_autoptr(RapportTestReply) reply = call ("GET", seller, NULL, "/api/v1/kb-articles/suggest?subject=%s&limit=5", subject);
  g_autoptr(RapportTestReply) english = call ("GET", seller, NULL, "/api/v1/kb-articles/suggest?subject=printer%%20paper%%20jam");
  g_autoptr(RapportTestReply) no_subject = call ("GET", seller, NULL, "/api/v1/kb-articles/suggest");
  g_autoptr(RapportTestReply) bad_limit = call ("GET", seller, NULL, "/api/v1/kb-articles/suggest?subject=x&limit=0");
  JsonArray *items;
  JsonObject *first;
  g_autofree char *order = NULL;
  gint64 full_at = -1, half_at = -1;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gint64 id = json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (items, i), "article"), "id");

      g_assert_cmpint (id, !=, hidden);
      full_at = id == full ? (gint64) i : full_at;
      half_at = id == half ? (gint64) i : half_at;
    }
  g_assert_cmpint (full_at, >=, 0);
  g_assert_cmpint (half_at, >, full_at);
  first = json_array_get_object_element (items, full_at);
  g_assert_cmpint (json_object_get_int_member (first, "score"), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "matched"), 0), ==, "打印机卡纸");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, half_at), "score"), ==, 2);

  g_assert_cmpuint (english->status, ==, 200);
  order = listed (seller, "/api/v1/kb-articles/suggest?subject=printer%20paper%20jam");
  g_assert_true (g_str_has_prefix (order, fmt ("%" G_GINT64_FORMAT, rapport_test_sql_int (server,
                                   "SELECT id FROM `kb-articles` WHERE title = 'Printer paper jam'"))));
  g_assert_cmpuint (no_subject->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_subject), ==, "subject");
  g_assert_cmpuint (bad_limit->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_limit), ==, "limit");
}

/* the articles, scores and link flags a suggestion answers, in its order: "id:score:linked,…" */
static char *
suggested (const char *token,
           const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/kb-articles/suggest?%s", query);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, token, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *items;

  if (reply->status != 200)
    g_error ("%s: %u %s", path, reply->status, reply->body);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d", i ? "," : "",
                              json_object_get_int_member (json_object_get_object_member (item, "article"), "id"),
                              json_object_get_int_member (item, "score"),
                              json_object_get_boolean_member (item, "linked"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* suggestions in their exact order (most terms, then the older article),
 * never a draft, an archived article or the draft of a next version,
 * customer-facing ones only when asked, the limit applied after that
 * order, and linked saying which of them the case links to */
static void
test_suggest_order_and_visibility (void)
{
  const char *words = "zorbex quillon marvash";
  gint64 all = publish (write_article ("Zorbex quillon", "Marvash first.", NULL));
  gint64 two_old = publish (write_article ("Zorbex two", "The quillon, older.", "\"visibility\":\"customer\""));
  gint64 two_new = publish (write_article ("Zorbex too", "The quillon, newer.", "\"visibility\":\"customer\""));
  gint64 one = publish (write_article ("Only marvash", "Nothing else.", NULL));
  gint64 draft = write_article ("Zorbex quillon marvash", "A draft holds them all.", "\"visibility\":\"customer\"");
  gint64 retired = publish (write_article ("Zorbex quillon marvash", "Retired.", "\"visibility\":\"customer\""));
  gint64 next = 0;
  gint64 case_id = rapport_test_create (server, writer, "cases",
                                        fmt ("{\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}", words, account));
  g_autofree char *subject = escape (words);
  g_autofree char *everyone = NULL;
  g_autofree char *by_writer = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *first_two = NULL;
  g_autofree char *on_case = NULL;

  {
    g_autoptr(RapportTestReply) archived = call ("PATCH", writer, fmt ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"archived\"}",
                                                                        article_int (retired, "version")),
                                                 "/api/v1/kb-articles/%" G_GINT64_FORMAT, retired);
    g_autoptr(RapportTestReply) opened = call ("POST", writer, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/draft", one);
    g_autoptr(RapportTestReply) changed = NULL;

    g_assert_cmpuint (archived->status, ==, 200);
    g_assert_cmpuint (opened->status, ==, 201);
    next = rapport_test_reply_int (opened, "id");
    changed = call ("PATCH", writer, "{\"version\":1,\"body\":\"Zorbex quillon marvash, in the next version only.\"}",
                    "/api/v1/kb-articles/%" G_GINT64_FORMAT, next);
    g_assert_cmpuint (changed->status, ==, 200);
  }
  {
    g_autoptr(RapportTestReply) link = call ("POST", writer, NULL, "/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT,
                                             case_id, two_new);

    g_assert_cmpuint (link->status, ==, 201);
  }

  everyone = suggested (seller, fmt ("subject=%s&limit=20", subject));
  by_writer = suggested (writer, fmt ("subject=%s&limit=20", subject));
  customers = suggested (seller, fmt ("subject=%s&visibility=customer", subject));
  first_two = suggested (seller, fmt ("subject=%s&limit=2", subject));
  on_case = suggested (writer, fmt ("case_id=%" G_GINT64_FORMAT, case_id));
  g_test_message ("everyone %s; customers %s; case %s; draft %" G_GINT64_FORMAT ", retired %" G_GINT64_FORMAT
                  ", next %" G_GINT64_FORMAT, everyone, customers, on_case, draft, retired, next);
  g_assert_cmpstr (everyone, ==, fmt ("%" G_GINT64_FORMAT ":3:0,%" G_GINT64_FORMAT ":2:0,%" G_GINT64_FORMAT ":2:0,%"
                                      G_GINT64_FORMAT ":1:0", all, two_old, two_new, one));
  /* a writer reads drafts, but is suggested published articles only */
  g_assert_cmpstr (by_writer, ==, everyone);
  g_assert_cmpstr (customers, ==, fmt ("%" G_GINT64_FORMAT ":2:0,%" G_GINT64_FORMAT ":2:0", two_old, two_new));
  g_assert_cmpstr (first_two, ==, fmt ("%" G_GINT64_FORMAT ":3:0,%" G_GINT64_FORMAT ":2:0", all, two_old));
  g_assert_cmpstr (on_case, ==, fmt ("%" G_GINT64_FORMAT ":3:0,%" G_GINT64_FORMAT ":2:0,%" G_GINT64_FORMAT ":2:1,%"
                                     G_GINT64_FORMAT ":1:0", all, two_old, two_new, one));
}

static gint64
feedback_status (gint64      id,
                 const char *token,
                 const char *body,
                 gint64     *useful,
                 gint64     *not_useful)
{
  g_autoptr(RapportTestReply) reply = call ("POST", token, body, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/feedback", id);

  *useful = article_int (id, "useful_count");
  *not_useful = article_int (id, "not_useful_count");
  return reply->status;
}

/* links to the cases an article solved, listed both ways, audited; votes
 * count once per user and version, a second vote changes the first */
static void
test_links_and_feedback (void)
{
  gint64 article = publish (write_article ("重置密码", "在登录页点击“忘记密码”。", NULL));
  gint64 draft = write_article ("未发布", "草稿。", NULL);
  gint64 case_id = rapport_test_create (server, writer, "cases",
                                        fmt ("{\"subject\":\"忘记密码\",\"account_id\":%" G_GINT64_FORMAT "}", account));
  g_autoptr(RapportTestReply) linked = call ("POST", writer, NULL, "/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT, case_id, article);
  g_autoptr(RapportTestReply) twice = call ("POST", writer, NULL, "/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT, case_id, article);
  g_autoptr(RapportTestReply) unpublished = call ("POST", writer, NULL, "/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT, case_id, draft);
  g_autofree char *on_case = listed (writer, fmt ("/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles", case_id));
  g_autofree char *on_article = listed (writer, fmt ("/api/v1/kb-articles/%" G_GINT64_FORMAT "/cases", article));
  g_autofree char *want_article = ids (article, (gint64) 0);
  g_autofree char *want_case = ids (case_id, (gint64) 0);
  gint64 useful, not_useful;

  g_assert_cmpuint (linked->status, ==, 201);
  g_assert_cmpuint (twice->status, ==, 200);
  g_assert_cmpuint (unpublished->status, ==, 409);
  g_assert_cmpstr (on_case, ==, want_article);
  g_assert_cmpstr (on_article, ==, want_case);
  {
    g_autoptr(RapportTestReply) unlinked = call ("DELETE", writer, NULL, "/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT, case_id, article);
    g_autoptr(RapportTestReply) gone = call ("DELETE", writer, NULL, "/api/v1/cases/%" G_GINT64_FORMAT "/kb-articles/%" G_GINT64_FORMAT, case_id, article);

    g_assert_cmpuint (unlinked->status, ==, 200);
    g_assert_cmpuint (gone->status, ==, 404);
  }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %" G_GINT64_FORMAT
                                         " AND action IN ('kb_link', 'kb_unlink')", case_id), ==, 2);

  g_assert_cmpint (feedback_status (article, writer, "{\"useful\":true}", &useful, &not_useful), ==, 200);
  g_assert_cmpint (useful, ==, 1);
  g_assert_cmpint (not_useful, ==, 0);
  g_assert_cmpint (feedback_status (article, seller, "{\"useful\":false}", &useful, &not_useful), ==, 200);
  g_assert_cmpint (useful, ==, 1);
  g_assert_cmpint (not_useful, ==, 1);
  /* the same user again: the vote changes, it does not add */
  g_assert_cmpint (feedback_status (article, seller, "{\"useful\":true}", &useful, &not_useful), ==, 200);
  g_assert_cmpint (useful, ==, 2);
  g_assert_cmpint (not_useful, ==, 0);
  g_assert_cmpint (feedback_status (article, seller, "{\"useful\":\"yes\"}", &useful, &not_useful), ==, 422);
  g_assert_cmpint (useful, ==, 2);
  g_assert_cmpint (feedback_status (draft, writer, "{\"useful\":true}", &useful, &not_useful), ==, 409);
  g_assert_cmpint (useful, ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'kb_article' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'feedback'", article), ==, 3);
  /* the next version is voted on anew */
  {
    g_autoptr(RapportTestReply) next = call ("POST", writer, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/draft", article);

    publish (rapport_test_reply_int (next, "id"));
    g_assert_cmpint (article_int (article, "published_version"), ==, 2);
    g_assert_cmpint (feedback_status (article, seller, "{\"useful\":true}", &useful, &not_useful), ==, 200);
    g_assert_cmpint (useful, ==, 3);
  }
}

/* bad input is 422 naming the field, and nothing is stored */
static void
test_bad_input (void)
{
  g_autoptr(GString) huge = g_string_new ("{\"title\":\"太长\",\"body\":\"");
  const char *bodies[] = {
    "{\"body\":\"没有标题\"}",
    "{\"title\":\"可见性\",\"visibility\":\"public\"}",
    "{\"title\":\"语言\",\"language\":\"Chinese!!\"}",
    "{\"title\":\"类别\",\"category_id\":999999}",
    NULL,
  };
  const char *fields[] = { "title", "visibility", "language", "category_id", "body" };
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM `kb-articles`");

  /* 100,000 Chinese characters: within the characters, over 256 KiB */
  for (guint i = 0; i < 100000; i++)
    g_string_append (huge, "字");
  g_string_append (huge, "\"}");
  bodies[4] = huge->str;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(RapportTestReply) reply = call ("POST", writer, bodies[i], "/api/v1/kb-articles");

      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, fields[i]);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM `kb-articles`"), ==, before);
}

/* sales read what is published, write nothing; the auditor reads drafts too */
static void
test_permissions (void)
{
  gint64 draft = write_article ("内部草稿", "内容。", NULL);
  gint64 published = publish (write_article ("内部流程", "仅限员工。", NULL));
  g_autoptr(RapportTestReply) create = call ("POST", seller, "{\"title\":\"销售写的\"}", "/api/v1/kb-articles");
  g_autoptr(RapportTestReply) submit_hidden = call ("POST", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/submit", draft);
  g_autoptr(RapportTestReply) new_version = call ("POST", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT "/draft", published);
  g_autoptr(RapportTestReply) read = call ("GET", seller, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT, published);
  g_autoptr(RapportTestReply) audited = call ("GET", auditor, NULL, "/api/v1/kb-articles/%" G_GINT64_FORMAT, draft);
  g_autofree char *drafts = listed (seller, "/api/v1/kb-articles?status=draft");

  g_assert_cmpuint (create->status, ==, 403);
  g_assert_cmpuint (submit_hidden->status, ==, 403);
  g_assert_cmpuint (new_version->status, ==, 403);
  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (read, "visibility"), ==, "internal");
  g_assert_cmpuint (audited->status, ==, 200);
  g_assert_cmpstr (drafts, ==, "");
  /* the writer who submitted does not approve it */
  {
    gint64 approval = submit (draft);
    g_autoptr(RapportTestReply) own = call ("POST", writer, "{\"login\":\"svc\",\"password\":\"" PASSWORD "\",\"meaning\":\"approved\"}",
                                            "/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);

    g_assert_cmpuint (own->status, !=, 200);
    g_assert_cmpstr (article_text (draft, "status"), ==, "pending_approval");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = g_ptr_array_new_with_free_func (g_free);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  writer = rapport_test_server_add_user (server, "svc", "service");
  manager = rapport_test_server_add_user (server, "mgr", "manager");
  seller = rapport_test_server_add_user (server, "sally", "sales");
  auditor = rapport_test_server_add_user (server, "audrey", "auditor");
  account = rapport_test_create (server, writer, "accounts", "{\"name\":\"华东医疗器械有限公司\"}");

  g_test_add_func ("/kb/publish-and-versions", test_publish_and_versions);
  g_test_add_func ("/kb/search", test_search);
  g_test_add_func ("/kb/categories", test_categories);
  g_test_add_func ("/kb/suggest", test_suggest);
  g_test_add_func ("/kb/suggest-order-and-visibility", test_suggest_order_and_visibility);
  g_test_add_func ("/kb/links-and-feedback", test_links_and_feedback);
  g_test_add_func ("/kb/bad-input", test_bad_input);
  g_test_add_func ("/kb/permissions", test_permissions);

  status = g_test_run ();
  g_free (writer);
  g_free (manager);
  g_free (seller);
  g_free (auditor);
  rapport_test_server_stop (server);
  g_ptr_array_unref (scratch);
  return status;
}
