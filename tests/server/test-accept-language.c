/* test-accept-language.c: an English rapportd answers each request in the language its Accept-Language asks for, and only that request, refusals of bodies and paths before the router included */
#include "rapport-test-locale.h"
#include "rapport-test-server.h"

#include <string.h>

#define ENGLISH_DRY_RUN "dry_run is true or false"
#define CHINESE_DRY_RUN "dry_run 只能是 true 或 false"
#define THREADS 4
#define REQUESTS 40

static RapportTestServer *server;

/* POST a dry run's bad value, with @language as Accept-Language (or
 * none), on @session; the error's status, field and message */
static char *
refusal_in (SoupSession *session,
            const char  *language,
            guint       *status,
            char       **field)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/accounts/import?dry_run=maybe", server->base_url);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", server->admin_token);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("Name\r\nX\r\n", 9);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *envelope;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", language);
  soup_message_set_request_body_from_bytes (msg, "text/csv", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL));
  envelope = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "error");
  *field = g_strdup (json_object_get_string_member_with_default (envelope, "field", NULL));
  return g_strdup (json_object_get_string_member (envelope, "message"));
}

static char *
refusal (const char *language)
{
  g_autofree char *field = NULL;
  guint status = 0;
  char *message = refusal_in (server->session, language, &status, &field);

  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (field, ==, "dry_run");
  return message;
}

/* the same bad request, in Chinese only when asked */
static void
test_per_request (void)
{
  const char *const chinese[] = { "zh-CN", "zh", "zh-Hans", "zh-SG", "zh_CN", "fr;q=0.9, zh-CN;q=0.8, en;q=0.5", NULL };
  const char *const english[] = { "en-US", "fr", "zh-TW", "de, en;q=0.1", "en, zh-CN;q=0.5", "zh-CN;q=0", NULL };
  g_autofree char *none = refusal (NULL);

  g_assert_cmpstr (none, ==, ENGLISH_DRY_RUN);
  for (guint i = 0; chinese[i]; i++)
    {
      g_autofree char *message = refusal (chinese[i]);

      g_test_message ("%s: %s", chinese[i], message);
      g_assert_cmpstr (message, ==, CHINESE_DRY_RUN);
    }
  for (guint i = 0; english[i]; i++)
    {
      g_autofree char *message = refusal (english[i]);

      g_test_message ("%s: %s", english[i], message);
      g_assert_cmpstr (message, ==, ENGLISH_DRY_RUN);
    }
}

/* the router's own refusals too: no session */
static void
test_router (void)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/accounts", server->base_url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", "zh-CN");
  answer = soup_session_send_and_read (server->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "请先登录"));
}

/* a head for @target ("METHOD PATH"), sent by hand with its Content-Length
 * and no body; the answer as read, until its end or the connection's */
static char *
raw_answer (const char *target,
            const char *version,
            const char *token,
            gsize       length,
            const char *language)
{
  g_autoptr(GSocket) socket = rapport_test_server_connect_raw (server);
  g_autofree char *authorization = token ? g_strdup_printf ("Authorization: Bearer %s\r\n", token) : g_strdup ("");
  g_autofree char *accept = language ? g_strdup_printf ("Accept-Language: %s\r\n", language) : g_strdup ("");
  g_autofree char *head = g_strdup_printf ("%s HTTP/%s\r\nHost: 127.0.0.1\r\n%s%s"
                                           "Content-Type: text/csv\r\nContent-Length: %zu\r\n\r\n",
                                           target, version, authorization, accept, length);
  char *text = NULL;

  g_socket_set_timeout (socket, 20);
  g_assert_cmpint (g_socket_send (socket, head, strlen (head), NULL, NULL), ==, (gssize) strlen (head));
  rapport_test_read_raw_answer (socket, &text);
  return text;
}

/* an import's head */
static char *
refused_head (const char *version,
              const char *token,
              gsize       length,
              const char *language)
{
  return raw_answer ("POST /api/v1/accounts/import", version, token, length, language);
}

/* bodies refused before the router, by the listener and by the HTTP
 * server (HTTP/1.0), answer in the request's language too */
static void
test_refused_body (void)
{
  /* past max_upload_bytes (256 MiB) */
  gsize huge = (gsize) 1024 * 1024 * 1024;
  g_autofree char *listener = refused_head ("1.1", server->admin_token, huge, "zh-CN");
  g_autofree char *http_server = refused_head ("1.0", server->admin_token, huge, "zh-CN");
  g_autofree char *english = refused_head ("1.1", server->admin_token, huge, NULL);
  /* past max_body_bytes from no one: 401 */
  g_autofree char *anonymous = refused_head ("1.1", NULL, 2 * 1024 * 1024, "zh");

  g_test_message ("%s\n%s\n%s\n%s", listener, http_server, english, anonymous);
  g_assert_true (g_str_has_prefix (listener, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (listener, "请求体过大"));
  g_assert_nonnull (strstr (http_server, " 413 "));
  g_assert_nonnull (strstr (http_server, "请求体过大"));
  g_assert_true (g_str_has_prefix (english, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (english, "The request body is too large"));
  g_assert_true (g_str_has_prefix (anonymous, "HTTP/1.1 401 "));
  g_assert_nonnull (strstr (anonymous, "请先登录"));
}

/* a path outside the API, refused by the listener and by the HTTP server
 * (HTTP/1.0) before any route: in the request's language too */
static void
test_refused_path (void)
{
  g_autofree char *listener = raw_answer ("GET /nowhere", "1.1", NULL, 0, "zh-CN");
  g_autofree char *http_server = raw_answer ("GET /nowhere", "1.0", NULL, 0, "zh-CN");
  g_autofree char *english = raw_answer ("GET /nowhere", "1.0", NULL, 0, "en");

  g_test_message ("%s\n%s\n%s", listener, http_server, english);
  g_assert_true (g_str_has_prefix (listener, "HTTP/1.1 404 "));
  g_assert_nonnull (strstr (listener, "资源不存在"));
  g_assert_nonnull (strstr (http_server, " 404 "));
  g_assert_nonnull (strstr (http_server, "资源不存在"));
  g_assert_nonnull (strstr (english, " 404 "));
  g_assert_nonnull (strstr (english, "No such resource"));
}

static gpointer
hammer (gpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autoptr(SoupSession) session = soup_session_new ();

  for (guint r = 0; r < REQUESTS; r++)
    {
      gboolean chinese = (r + index) % 2 == 0;
      g_autofree char *field = NULL;
      g_autofree char *message = NULL;
      guint status = 0;

      message = refusal_in (session, chinese ? "zh-CN" : "en", &status, &field);
      if (status != 400 || g_strcmp0 (message, chinese ? CHINESE_DRY_RUN : ENGLISH_DRY_RUN) != 0)
        return g_strdup_printf ("thread %u, request %u (%s): %u %s", index, r, chinese ? "zh-CN" : "en", status, message);
    }
  return NULL;
}

/* requests in both languages at once, on every worker: none answered in the other's */
static void
test_concurrent (void)
{
  GThread *threads[THREADS];

  for (guint t = 0; t < THREADS; t++)
    threads[t] = g_thread_new ("hammer", hammer, GUINT_TO_POINTER (t));
  for (guint t = 0; t < THREADS; t++)
    {
      g_autofree char *failure = g_thread_join (threads[t]);

      if (failure != NULL)
        g_error ("%s", failure);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *locale = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  /* rapportd itself stays English (LANG=C.UTF-8): only the requests ask for Chinese */
  locale = rapport_test_locale_compile ("zh_CN");
  server = rapport_test_server_start ();
  g_test_add_func ("/accept-language/per-request", test_per_request);
  g_test_add_func ("/accept-language/router", test_router);
  g_test_add_func ("/accept-language/refused-body", test_refused_body);
  g_test_add_func ("/accept-language/refused-path", test_refused_path);
  g_test_add_func ("/accept-language/concurrent", test_concurrent);
  result = g_test_run ();
  rapport_test_server_stop (server);
  return result;
}
