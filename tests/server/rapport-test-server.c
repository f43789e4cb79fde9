/* rapport-test-server.c: the test fixture: a real rapportd on a throwaway embedded MariaDB */
#include "rapport-test-server.h"
#include "rapport-test-template.h"

#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdarg.h>
#include <string.h>

#define START_TIMEOUT_SECONDS 120

static const char *
binary (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("%s is not set; run the tests through meson test", variable);
  return path;
}

/* Under the sanitizers, rapportd and rapport-admin write their reports into
 * RAPPORT_SANITIZER_LOG_DIR (in the build directory), not into the data
 * directory the fixture removes; a report fails the test that caused it. */
static void
sanitizer_log_to (GSubprocessLauncher *launcher,
                  const char          *name)
{
  const char *dir = g_getenv ("RAPPORT_SANITIZER_LOG_DIR");
  const char *variables[] = { "ASAN_OPTIONS", "UBSAN_OPTIONS" };

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *options = g_getenv (variables[i]);
      g_autofree char *value = g_strdup_printf ("%s%slog_path=%s/%s", options ? options : "",
                                                options ? ":" : "", dir, name);

      g_subprocess_launcher_setenv (launcher, variables[i], value, TRUE);
    }
}

/* the sanitizers name their report NAME.PID */
static void
sanitizer_check (const char *name,
                 const char *pid)
{
  const char *dir = g_getenv ("RAPPORT_SANITIZER_LOG_DIR");
  g_autofree char *path = NULL;
  g_autofree char *report = NULL;

  if (dir == NULL || pid == NULL)
    return;
  path = g_strdup_printf ("%s/%s.%s", dir, name, pid);
  if (g_file_get_contents (path, &report, NULL, NULL) && report[0] != '\0')
    g_error ("%s (pid %s) reported under the sanitizers (%s):\n%s", name, pid, path, report);
}

/* where each thread of a rapportd that hangs is (gdb's backtraces), for
 * the report: a start that never finishes is otherwise a log that stops */
static char *
threads_of (const char *pid)
{
  g_autofree char *gdb = g_find_program_in_path ("gdb");
  g_autofree char *out = NULL;
  const char *argv[] = { gdb, "-p", pid, "-batch", "-ex", "thread apply all bt 30", NULL };

  if (pid == NULL)
    return g_strdup ("(it has exited)");
  if (gdb == NULL)
    return g_strdup ("(gdb is not installed)");
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, NULL))
    return g_strdup ("(gdb did not run)");
  return g_steal_pointer (&out);
}

static guint
wait_for_port (RapportTestServer *server,
               const char        *log_path)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  const char *marker = server->tls ? "Listening on https://127.0.0.1:" : "Listening on http://127.0.0.1:";

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *log = NULL;
      const char *found;

      if (g_subprocess_get_identifier (server->process) == NULL)
        break;
      if (g_file_get_contents (log_path, &log, NULL, NULL) &&
          (found = strstr (log, marker)) != NULL)
        return (guint) g_ascii_strtoull (found + strlen (marker), NULL, 10);
      g_usleep (50 * 1000);
    }
  {
    g_autofree char *log = NULL;
    g_autofree char *threads = NULL;

    g_file_get_contents (log_path, &log, NULL, NULL);
    sanitizer_check ("rapportd", server->pid);
    threads = threads_of (g_subprocess_get_identifier (server->process));
    g_error ("rapportd did not start:\n%s\nIts threads:\n%s", log ? log : "(no log)", threads);
  }
  return 0;
}

static void
child_setup (gpointer data)
{
  /* a test that dies takes its rapportd (and so its mariadbd) along */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
spawn (RapportTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *log_path = g_build_filename (server->data_dir, "rapportd.log", NULL);
  /* a restart keeps the address, as a real server does */
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server->port);

  /* each run starts a fresh log, so the port found is this run's */
  g_unlink (log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/null");
  /* rapportd warns when its database fails, and tests make it fail */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  for (guint i = 0; server->environment != NULL && server->environment[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (server->environment[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  sanitizer_log_to (launcher, "rapportd");
  /* what the run before this one reported as it exited */
  sanitizer_check ("rapportd", server->pid);
  g_clear_pointer (&server->pid, g_free);
  g_clear_object (&server->process);
  server->process = g_subprocess_launcher_spawn (launcher, &error, binary ("RAPPORTD"),
                                                 "--data-dir", server->data_dir,
                                                 "--listen", listen,
                                                 "--config", server->config_path,
                                                 server->tls ? NULL : "--no-tls", NULL);
  g_assert_no_error (error);
  server->pid = g_strdup (g_subprocess_get_identifier (server->process));

  server->port = wait_for_port (server, log_path);
  g_free (server->base_url);
  server->base_url = g_strdup_printf ("%s://127.0.0.1:%u", server->tls ? "https" : "http", server->port);
}

/**
 * rapport_test_server_restart:
 * @server: a server whose rapportd has exited
 *
 * Starts rapportd again on the same data directory.
 */
void
rapport_test_server_restart (RapportTestServer *server)
{
  g_assert_null (g_subprocess_get_identifier (server->process));
  spawn (server);
}

static void remove_tree (const char *path);

/* a rapportd's first start on a directory that then becomes the template @name */
static void
make_template (const char *name,
               gboolean    tls)
{
  RapportTestServer maker = { .tls = tls };
  g_autoptr(GError) error = NULL;

  maker.data_dir = rapport_test_template_staging ();
  maker.config_path = g_build_filename (maker.data_dir, "rapportd.conf", NULL);
  g_file_set_contents (maker.config_path, "[server]\n", -1, &error);
  g_assert_no_error (error);
  spawn (&maker);
  g_subprocess_send_signal (maker.process, SIGTERM);
  g_subprocess_wait_check (maker.process, NULL, &error);
  g_assert_no_error (error);
  sanitizer_check ("rapportd", maker.pid);
  if (!rapport_test_template_keep (name, maker.data_dir))
    remove_tree (maker.data_dir);
  g_clear_object (&maker.process);
  g_free (maker.pid);
  g_free (maker.base_url);
  g_free (maker.config_path);
  g_free (maker.data_dir);
}

static RapportTestServer *
start_with (gboolean            tls,
            const char         *config,
            const char * const *environment)
{
  RapportTestServer *server = g_new0 (RapportTestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *password_path = NULL;
  g_autofree char *password = NULL;
  const char *template;

  server->tls = tls;
  server->environment = g_strdupv ((char **) environment);
  server->data_dir = g_dir_make_tmp ("rapport-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->config_path = g_build_filename (server->data_dir, "rapportd.conf", NULL);
  g_file_set_contents (server->config_path, config ? config : "[server]\n", -1, &error);
  g_assert_no_error (error);
  if ((template = rapport_test_template_for (config, tls, environment)) != NULL &&
      !rapport_test_template_copy (template, server->data_dir))
    {
      make_template (template, tls);
      g_assert_true (rapport_test_template_copy (template, server->data_dir));
    }
  spawn (server);
  server->session = soup_session_new_with_options ("timeout", 60, NULL);

  /* the tests act as an administrator who also sees all business data */
  g_free (rapport_test_server_sql (server, "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin'"));
  password_path = g_build_filename (server->data_dir, "initial-admin-password", NULL);
  g_file_get_contents (password_path, &password, NULL, &error);
  g_assert_no_error (error);
  server->initial_password = g_strdup (g_strchomp (password));
  server->admin_token = rapport_test_login (server, "admin", server->initial_password);
  g_assert_nonnull (server->admin_token);
  /* the initial password must be replaced before anything else */
  {
    g_autofree char *body = g_strdup_printf ("{\"current\":\"%s\",\"new\":\"Fixture-Root-Password-1\"}",
                                             server->initial_password);
    g_autoptr(RapportTestReply) changed = rapport_test_request (server, "POST", "/api/v1/session/password",
                                                                server->admin_token, body);

    if (changed->status != 200)
      g_error ("changing the initial admin password failed: %s", changed->body);
    server->admin_password = g_strdup ("Fixture-Root-Password-1");
  }
  return server;
}

static RapportTestServer *
start (gboolean    tls,
       const char *config)
{
  return start_with (tls, config, NULL);
}

/**
 * rapport_test_server_start:
 *
 * Starts rapportd in embedded mode on a fresh data directory: it initialises
 * its own MariaDB (unix socket, no TCP), migrates it and creates the admin.
 * The fixture signs in as admin.
 *
 * Returns: (transfer full): the running server
 */
RapportTestServer *
rapport_test_server_start (void)
{
  return start (FALSE, NULL);
}

/**
 * rapport_test_server_start_with_config:
 * @config: the text of a rapportd.conf
 *
 * Like rapport_test_server_start(), with a configuration.
 */
RapportTestServer *
rapport_test_server_start_with_config (const char *config)
{
  return start (FALSE, config);
}

/**
 * rapport_test_server_start_with_environment:
 * @config: the text of a rapportd.conf
 * @environment: NAME=VALUE variables set for rapportd, not for the test
 *
 * Like rapport_test_server_start_with_config(); each start of this
 * rapportd, restarts too, has @environment.
 */
RapportTestServer *
rapport_test_server_start_with_environment (const char         *config,
                                            const char * const *environment)
{
  return start_with (FALSE, config, environment);
}

/**
 * rapport_test_server_start_tls:
 *
 * Like rapport_test_server_start(), serving HTTPS with the self-signed
 * certificate rapportd makes on first start. The fixture's own requests
 * accept it; clients under test must decide for themselves.
 */
RapportTestServer *
rapport_test_server_start_tls (void)
{
  return start (TRUE, NULL);
}

/**
 * rapport_test_server_start_tls_with_config:
 * @config: the text of a rapportd.conf
 *
 * Like rapport_test_server_start_tls(), with a configuration.
 */
RapportTestServer *
rapport_test_server_start_tls_with_config (const char *config)
{
  return start (TRUE, config);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

void
rapport_test_server_stop (RapportTestServer *server)
{
  if (server == NULL)
    return;
  if (g_subprocess_get_identifier (server->process) != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  g_clear_object (&server->process);
  g_clear_object (&server->session);
  sanitizer_check ("rapportd", server->pid);
  g_free (server->pid);
  if (g_getenv ("RAPPORT_TEST_KEEP") == NULL)
    remove_tree (server->data_dir);
  g_free (server->data_dir);
  g_free (server->base_url);
  g_free (server->admin_password);
  g_free (server->initial_password);
  g_free (server->config_path);
  g_strfreev (server->environment);
  g_free (server->admin_token);
  g_free (server);
}

/**
 * rapport_test_server_assert_no_criticals:
 * @server: a server
 *
 * Fails the test if its rapportd has logged a GLib critical since it last
 * started: a programming error that answered the client all the same.
 */
void
rapport_test_server_assert_no_criticals (RapportTestServer *server)
{
  g_autofree char *path = g_build_filename (server->data_dir, "rapportd.log", NULL);
  g_autofree char *log = NULL;
  const char *critical;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  if ((critical = strstr (log, "-CRITICAL **")) != NULL)
    g_error ("rapportd logged a critical: %.*s", (int) strcspn (critical, "\n"), critical);
}

char *
rapport_test_server_socket (RapportTestServer *server)
{
  return g_build_filename (server->data_dir, "db", "mariadb.sock", NULL);
}

/**
 * rapport_test_server_admin:
 * @server: the server
 * @output: (inout) (optional): what the command printed (stdout and stderr);
 *   a string already there, from an earlier call, is freed
 * @...: arguments after `--data-dir DIR`, %NULL-terminated
 *
 * Runs rapport-admin against the server's data directory.
 *
 * Returns: its exit status
 */
int
rapport_test_server_admin (RapportTestServer  *server,
                           char              **output,
                           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pid = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) binary ("RAPPORT_ADMIN"));
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, server->data_dir);
  va_start (args, output);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  sanitizer_log_to (launcher, "rapport-admin");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  pid = g_strdup (g_subprocess_get_identifier (process));
  g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, &error);
  g_assert_no_error (error);
  sanitizer_check ("rapport-admin", pid);
  if (output)
    {
      g_free (*output);
      *output = g_steal_pointer (&text);
    }
  return g_subprocess_get_exit_status (process);
}

/**
 * rapport_test_server_sql:
 * @server: the server
 * @statement: SQL run as the database root, as an administrator would by hand
 *
 * Runs the `mariadb` client on the embedded server's socket.
 *
 * Returns: (transfer full): what it printed, tab-separated, without headers
 */
char *
rapport_test_server_sql (RapportTestServer *server,
                         const char        *statement)
{
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              "mariadb", "--socket", socket, "--user", "root", "--batch",
                              "--skip-column-names", "rapport", "--execute", statement, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("mariadb failed on “%s”: %s", statement, output);
  return g_steal_pointer (&output);
}

/**
 * rapport_test_user_id:
 * @server: a running server
 * @token: a session token
 *
 * Returns: the id of the user the session is of
 */
gint64
rapport_test_user_id (RapportTestServer *server,
                      const char        *token)
{
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);

  g_assert_cmpuint (me->status, ==, 200);
  return rapport_test_reply_int (me, "id");
}

/**
 * rapport_test_sql_int:
 * @server: a running server
 * @format: a printf() format of one statement whose answer is a number
 *
 * Returns: the number the statement answers (0 when it answers nothing)
 */
gint64
rapport_test_sql_int (RapportTestServer *server,
                      const char        *format,
                      ...)
{
  g_autofree char *statement = NULL;
  g_autofree char *output = NULL;
  va_list args;

  va_start (args, format);
  statement = g_strdup_vprintf (format, args);
  va_end (args);
  output = rapport_test_server_sql (server, statement);
  return g_ascii_strtoll (output, NULL, 10);
}

/**
 * rapport_test_server_add_user:
 * @server: the server
 * @login: login of the new user
 * @role: their role
 *
 * Returns: (transfer full): a session token of the new user
 */
char *
rapport_test_server_add_user (RapportTestServer *server,
                              const char        *login,
                              const char        *role)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;
  const char *password = "correct horse battery";
  g_autoptr(GError) error = NULL;
  int status;

  g_file_set_contents (password_path, password, -1, &error);
  g_assert_no_error (error);
  status = rapport_test_server_admin (server, &output, "user", "add", login, "--role", role,
                                      "--password-file", password_path, NULL);
  if (status != 0)
    g_error ("user add failed: %s", output);
  return rapport_test_login (server, login, password);
}

/**
 * rapport_test_server_add_managed_user:
 * @server: the server
 * @login: login of the new user, who is named "LOGIN Name"
 * @role: their role
 * @manager_login: (nullable): the login of their manager
 *
 * Returns: (transfer full): a session token of the new user
 */
char *
rapport_test_server_add_managed_user (RapportTestServer *server,
                                      const char        *login,
                                      const char        *role,
                                      const char        *manager_login)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;
  g_autofree char *name = g_strdup_printf ("%s Name", login);
  const char *password = "correct horse battery";

  g_file_set_contents (password_path, password, -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--password-file", password_path,
                                 manager_login ? "--manager" : NULL, manager_login, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return rapport_test_login (server, login, password);
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

RapportTestReply *
rapport_test_request_full (RapportTestServer *server,
                           const char        *method,
                           const char        *path,
                           const char        *token,
                           const char        *content_type,
                           GBytes            *body)
{
  return rapport_test_request_reason (server, method, path, token, content_type, body, NULL);
}

/**
 * rapport_test_request_reason:
 * @reason: (nullable): sent as X-Change-Reason
 *
 * Like rapport_test_request_full(), saying why.
 */
RapportTestReply *
rapport_test_request_reason (RapportTestServer *server,
                             const char        *method,
                             const char        *path,
                             const char        *token,
                             const char        *content_type,
                             GBytes            *body,
                             const char        *reason)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  RapportTestReply *reply = g_new0 (RapportTestReply, 1);
  const char *retry_after;

  g_assert_nonnull (msg);
  if (server->tls)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  if (token)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (body)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  if (reason)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Change-Reason", reason);

  response = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  reply->bytes = g_bytes_ref (response);
  retry_after = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  reply->retry_after = g_strdup (retry_after);
  if (reply->body[0] && g_strcmp0 (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                                   "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, reply->body, -1, &error))
        g_error ("%s %s answered %u with a body that is not JSON: %s", method, path, reply->status, reply->body);
      reply->json = json_node_copy (json_parser_get_root (parser));
    }
  return reply;
}

RapportTestReply *
rapport_test_request (RapportTestServer *server,
                      const char        *method,
                      const char        *path,
                      const char        *token,
                      const char        *body)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  return rapport_test_request_full (server, method, path, token, "application/json", bytes);
}

char *
rapport_test_login (RapportTestServer *server,
                    const char        *login,
                    const char        *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *body = NULL;
  g_autoptr(RapportTestReply) reply = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  reply = rapport_test_request (server, "POST", "/api/v1/session", NULL, body);
  if (reply->status != 201)
    return NULL;
  return g_strdup (rapport_test_reply_string (reply, "token"));
}

void
rapport_test_reply_free (RapportTestReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->body);
  g_clear_pointer (&reply->bytes, g_bytes_unref);
  g_free (reply->retry_after);
  g_free (reply);
}

JsonObject *
rapport_test_reply_object (RapportTestReply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static JsonObject *
error_object (RapportTestReply *reply)
{
  JsonObject *object = rapport_test_reply_object (reply);

  if (!json_object_has_member (object, "error"))
    g_error ("expected an error envelope, got %s", reply->body);
  return json_object_get_object_member (object, "error");
}

const char *
rapport_test_reply_error_code (RapportTestReply *reply)
{
  JsonObject *error = error_object (reply);

  /* the envelope always has all three members */
  g_assert_true (json_object_has_member (error, "message"));
  g_assert_true (json_object_has_member (error, "field"));
  return json_object_get_string_member_with_default (error, "code", NULL);
}

const char *
rapport_test_reply_error_field (RapportTestReply *reply)
{
  return json_object_get_string_member_with_default (error_object (reply), "field", NULL);
}

gint64
rapport_test_reply_int (RapportTestReply *reply,
                        const char       *member)
{
  return json_object_get_int_member_with_default (rapport_test_reply_object (reply), member, -1);
}

const char *
rapport_test_reply_string (RapportTestReply *reply,
                           const char       *member)
{
  return json_object_get_string_member_with_default (rapport_test_reply_object (reply), member, NULL);
}

/**
 * rapport_test_create:
 * @server: the server
 * @token: whose session
 * @collection: e.g. "accounts"
 * @body: the record as JSON
 *
 * Creates a record, failing the test unless it is created at version 1.
 *
 * Returns: its id
 */
gint64
rapport_test_create (RapportTestServer *server,
                     const char        *token,
                     const char        *collection,
                     const char        *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s", collection);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, token, body);

  if (reply->status != 201)
    g_error ("creating %s failed: %u %s", collection, reply->status, reply->body);
  g_assert_cmpint (rapport_test_reply_int (reply, "version"), ==, 1);
  return rapport_test_reply_int (reply, "id");
}

/**
 * rapport_test_create_named:
 * @server: the server
 * @name: an account name (no characters that need JSON escaping)
 *
 * Returns: the id of a new account of the admin's with that name
 */
gint64
rapport_test_create_named (RapportTestServer *server,
                           const char        *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);

  return rapport_test_create (server, server->admin_token, "accounts", body);
}

/**
 * rapport_test_server_status_value:
 * @server: a running server
 * @field: a field of /proc/PID/status, such as "Threads" or "VmRSS"
 *
 * Returns: the field's number (kB for sizes)
 */
guint64
rapport_test_server_status_value (RapportTestServer *server,
                                  const char        *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", server->pid);
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *found;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  found = strstr (status, key);
  g_assert_nonnull (found);
  return g_ascii_strtoull (found + strlen (key), NULL, 10);
}

/**
 * rapport_test_server_fd_count:
 * @server: a running server
 *
 * Returns: how many descriptors rapportd has open
 */
guint
rapport_test_server_fd_count (RapportTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", server->pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

/**
 * rapport_test_server_connect_raw:
 * @server: a running server
 *
 * Returns: (transfer full): a blocking TCP socket connected to rapportd
 */
GSocket *
rapport_test_server_connect_raw (RapportTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, server->port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  return socket;
}

/**
 * rapport_test_read_raw_answer:
 * @socket: a connection on which a request was sent by hand
 * @text: (out) (optional): what was read
 *
 * Reads until a complete answer with a Content-Length is in, or the server
 * closes the connection.
 *
 * Returns: the answer's status, or 0 when the connection closed before a
 *   complete answer
 */
guint
rapport_test_read_raw_answer (GSocket  *socket,
                              char    **text)
{
  g_autoptr(GString) got = g_string_new (NULL);
  char buffer[4096];
  const char *end, *length;
  gboolean complete = TRUE;
  gssize n;

  while ((end = strstr (got->str, "\r\n\r\n")) == NULL ||
         (length = strstr (got->str, "Content-Length: ")) == NULL ||
         got->len < (gsize) (end + 4 - got->str) + g_ascii_strtoull (length + 16, NULL, 10))
    {
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        {
          complete = FALSE;
          break;
        }
      g_string_append_len (got, buffer, n);
    }
  if (text)
    *text = g_strdup (got->str);
  if (!complete || !g_str_has_prefix (got->str, "HTTP/1.1 "))
    return 0;
  return g_ascii_strtoull (got->str + strlen ("HTTP/1.1 "), NULL, 10);
}
