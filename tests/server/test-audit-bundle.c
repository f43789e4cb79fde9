/* test-audit-bundle.c: signed checkpoints, and an exported trail verified offline, tampering found */
#include "rapport-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

static RapportTestServer *server;
static char *bundle_path;

/* rapport-admin audit verify --bundle, with no data directory and so no database */
static int
verify_offline (const char  *path,
                const char  *public_key,
                char       **output)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              g_getenv ("RAPPORT_ADMIN"), "audit", "verify", "--bundle", path,
                              public_key ? "--public-key" : NULL, public_key, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static JsonNode *
load_bundle (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, bundle_path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_broken (JsonNode   *bundle,
               const char *expected)
{
  g_autofree char *path = g_build_filename (server->data_dir, "tampered.json", NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  json_generator_set_root (generator, bundle);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verify_offline (path, NULL, &output), ==, 1);
  if (strstr (output, expected) == NULL)
    g_error ("expected “%s”, got: %s", expected, output);
}

static JsonArray *
rows_of (JsonNode *bundle)
{
  return json_object_get_array_member (json_node_get_object (bundle), "rows");
}

static gint64
n_checkpoints (void)
{
  g_autofree char *count = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_checkpoints");

  return g_ascii_strtoll (count, NULL, 10);
}

static void
test_checkpoints_are_signed (void)
{
  g_autofree char *key_path = g_build_filename (server->data_dir, "keys", "audit-ed25519.key", NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GStatBuf st;

  /* two rounds of changes, each followed by a checkpoint within the second */
  for (guint round = 0; round < 2; round++)
    {
      gint64 before = n_checkpoints ();

      for (guint i = 0; i < 6; i++)
        {
          g_autofree char *name = g_strdup_printf ("Checkpointed %u-%u", round, i);
          rapport_test_create_named (server, name);
        }
      while (n_checkpoints () == before)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (200 * 1000);
        }
    }
  g_assert_cmpint (n_checkpoints (), >=, 2);
  /* the signing key is the server's secret */
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_export_and_verify (void)
{
  g_autofree char *output = NULL;
  g_autofree char *key = NULL;

  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "export", "--out", bundle_path, NULL), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (verify_offline (bundle_path, NULL, &output), ==, 0);
  g_assert_nonnull (strstr (output, "intact"));

  /* pinned to the server's own key it passes; to another it does not */
  key = g_strchomp (rapport_test_server_sql (server, "SELECT public_key FROM audit_checkpoints LIMIT 1"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (verify_offline (bundle_path, key, &output), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (verify_offline (bundle_path, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", &output), ==, 1);
}

static void
test_tampering (void)
{
  JsonArray *rows;
  guint n;

  {
    g_autoptr(JsonNode) bundle = load_bundle ();
    JsonObject *row = json_array_get_object_element (rows_of (bundle), 3);

    json_object_set_string_member (row, "after_json", "{\"name\":\"Forged\"}");
    assert_broken (bundle, "BROKEN at row 4: row 4 was changed");
  }
  {
    g_autoptr(JsonNode) bundle = load_bundle ();

    json_array_remove_element (rows_of (bundle), 4);
    assert_broken (bundle, "BROKEN at row 5");
  }
  {
    g_autoptr(JsonNode) bundle = load_bundle ();
    JsonArray *original = rows_of (bundle);
    g_autoptr(JsonArray) swapped = json_array_new ();

    for (guint i = 0; i < json_array_get_length (original); i++)
      json_array_add_element (swapped, json_node_copy (json_array_get_element (original, i == 2 ? 3 : i == 3 ? 2 : i)));
    json_object_set_array_member (json_node_get_object (bundle), "rows", json_array_ref (swapped));
    assert_broken (bundle, "BROKEN at row 3");
  }
  {
    g_autoptr(JsonNode) bundle = load_bundle ();
    JsonArray *original = rows_of (bundle);
    g_autoptr(JsonArray) grown = json_array_new ();

    for (guint i = 0; i < json_array_get_length (original); i++)
      {
        json_array_add_element (grown, json_node_copy (json_array_get_element (original, i)));
        if (i == 5)
          json_array_add_element (grown, json_node_copy (json_array_get_element (original, i)));
      }
    json_object_set_array_member (json_node_get_object (bundle), "rows", json_array_ref (grown));
    assert_broken (bundle, "BROKEN at row 6");
  }
  {
    /* the newest rows cut off: the last checkpoint still vouches for them */
    g_autoptr(JsonNode) bundle = load_bundle ();
    JsonArray *cps = json_object_get_array_member (json_node_get_object (bundle), "checkpoints");
    JsonObject *last_cp = json_array_get_object_element (cps, json_array_get_length (cps) - 1);
    guint64 covered = g_ascii_strtoull (json_object_get_string_member (last_cp, "last_audit_id"), NULL, 10);

    rows = rows_of (bundle);
    while ((n = json_array_get_length (rows)) > 0 &&
           g_ascii_strtoull (json_object_get_string_member (json_array_get_object_element (rows, n - 1), "id"), NULL, 10) >= covered)
      json_array_remove_element (rows, n - 1);
    assert_broken (bundle, "missing: a signed checkpoint covers them");
  }
  {
    g_autoptr(JsonNode) bundle = load_bundle ();
    JsonArray *cps = json_object_get_array_member (json_node_get_object (bundle), "checkpoints");
    JsonObject *cp = json_array_get_object_element (cps, 0);
    g_autofree char *forged = g_strdup (json_object_get_string_member (cp, "head_hash"));

    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    json_object_set_string_member (cp, "head_hash", forged);
    assert_broken (bundle, "is not signed by the server's key");
  }
}

static void
test_export_a_period (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "period.json", NULL);
  g_autofree char *output = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint all;

  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "export", "--out", path,
                                              "--from", "2000-01-01T00:00:00Z", "--to", "2000-12-31T00:00:00Z", NULL), ==, 0);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows")), ==, 0);

  g_clear_pointer (&output, g_free);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "export", "--out", path,
                                              "--from", "2000-01-01T00:00:00Z", NULL), ==, 0);
  g_assert_cmpint (verify_offline (path, NULL, NULL), ==, 0);
  {
    g_autoptr(JsonNode) bundle = load_bundle ();
    all = json_array_get_length (rows_of (bundle));
    g_assert_cmpuint (all, >=, 12);
  }
}

/* rapportd.conf names the entities whose changes must say why (Annex 11 §9) */
static void
test_reason_required (void)
{
  gint64 account = rapport_test_create_named (server, "Reasons Ltd");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Rita\"}", account);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(RapportTestReply) without = rapport_test_request (server, "POST", "/api/v1/contacts", server->admin_token, body);
  g_autoptr(RapportTestReply) blank = rapport_test_request_reason (server, "POST", "/api/v1/contacts", server->admin_token,
                                                                   "application/json", bytes, "  ");
  g_autoptr(RapportTestReply) with = rapport_test_request_reason (server, "POST", "/api/v1/contacts", server->admin_token,
                                                                  "application/json", bytes, "Met at MEDICA 2026");
  g_autofree char *reason = NULL;

  g_assert_cmpuint (without->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (without), ==, "X-Change-Reason");
  g_assert_cmpuint (blank->status, ==, 422);
  g_assert_cmpuint (with->status, ==, 201);
  reason = rapport_test_server_sql (server, "SELECT reason FROM audit_log WHERE entity = 'contact' ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (g_strchomp (reason), ==, "Met at MEDICA 2026");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[audit]\ncheckpoint_rows=5\ncheckpoint_seconds=1\n"
                                                  "require_reason=contact;\n");
  bundle_path = g_build_filename (server->data_dir, "bundle.json", NULL);

  g_test_add_func ("/audit-bundle/checkpoints-are-signed", test_checkpoints_are_signed);
  g_test_add_func ("/audit-bundle/export-and-verify", test_export_and_verify);
  g_test_add_func ("/audit-bundle/tampering", test_tampering);
  g_test_add_func ("/audit-bundle/export-a-period", test_export_a_period);
  g_test_add_func ("/audit-bundle/reason-required", test_reason_required);

  status = g_test_run ();
  g_free (bundle_path);
  rapport_test_server_stop (server);
  return status;
}
