/* test-openapi-lint.c: the served openapi.json passes the pinned @redocly/cli lint (recommended rules) */
#include "rapport-test-server.h"

static RapportTestServer *server;

/* the linter as `npm ci` put it in tests/openapi (make deps) */
static char *
linter_path (void)
{
  g_autofree char *cli = g_build_filename (OPENAPI_LINT_DIR, "node_modules", "@redocly", "cli", "bin", "cli.js", NULL);

  if (!g_file_test (cli, G_FILE_TEST_IS_REGULAR))
    g_error ("The OpenAPI linter is not installed: %s is missing. "
             "Run `make deps` (or `cd tests/openapi && npm ci`) to install the pinned @redocly/cli.", cli);
  return g_steal_pointer (&cli);
}

static void
print_problems (JsonObject *report)
{
  JsonArray *problems = json_object_get_array_member (report, "problems");

  for (guint i = 0; problems != NULL && i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);
      JsonArray *locations = json_object_get_array_member (problem, "location");
      const char *pointer = "";

      if (locations != NULL && json_array_get_length (locations) > 0)
        pointer = json_object_get_string_member_with_default (json_array_get_object_element (locations, 0),
                                                              "pointer", "");
      g_printerr ("%s %s: %s at %s\n",
                  json_object_get_string_member_with_default (problem, "severity", "?"),
                  json_object_get_string_member_with_default (problem, "ruleId", "?"),
                  json_object_get_string_member_with_default (problem, "message", ""),
                  pointer);
    }
}

static void
test_lint_clean (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/openapi.json", NULL, NULL);
  /* in the test's own TMPDIR (with-tmpdir.sh), kept with RAPPORT_TEST_KEEP */
  g_autofree char *document = g_build_filename (g_get_tmp_dir (), "openapi.json", NULL);
  g_autofree char *config = g_build_filename (OPENAPI_LINT_DIR, "redocly.yaml", NULL);
  g_autofree char *cli = linter_path ();
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) lint = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *totals;
  gint64 errors;
  gint64 warnings;
  gint64 started;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (g_file_set_contents (document, reply->body, -1, &error));
  g_assert_no_error (error);
  if (node == NULL)
    g_error ("node is not installed: the OpenAPI linter needs it (make deps installs Debian's nodejs)");

  /* nothing asked of the network: no telemetry, no look for a newer version */
  g_subprocess_launcher_setenv (launcher, "REDOCLY_TELEMETRY", "off", TRUE);
  g_subprocess_launcher_setenv (launcher, "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_COLOR", "1", TRUE);
  started = g_get_monotonic_time ();
  lint = g_subprocess_launcher_spawn (launcher, &error, node, cli, "lint", "--config", config,
                                      "--format", "json", "--max-problems", "100000", document, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (lint, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("redocly lint took %.1f s", (g_get_monotonic_time () - started) / 1e6);

  if (!json_parser_load_from_data (parser, out, -1, &error) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_error ("redocly lint did not report in JSON (exit %d): %s\n%s\n%s",
             g_subprocess_get_exit_status (lint), error ? error->message : "not an object", out, err);
  totals = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "totals");
  g_assert_nonnull (totals);
  errors = json_object_get_int_member_with_default (totals, "errors", -1);
  warnings = json_object_get_int_member_with_default (totals, "warnings", -1);
  g_test_message ("redocly lint: %" G_GINT64_FORMAT " errors, %" G_GINT64_FORMAT " warnings", errors, warnings);
  if (errors != 0 || warnings != 0)
    {
      print_problems (json_node_get_object (json_parser_get_root (parser)));
      g_printerr ("%s", err);
    }
  g_assert_cmpint (errors, ==, 0);
  g_assert_cmpint (warnings, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  g_test_add_func ("/openapi-lint/clean", test_lint_clean);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
