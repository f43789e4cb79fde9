/* test-audit.c: every change is audited in a hash chain that `audit verify` proves intact or names the broken row */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;

static gint64
create (const char *name)
{
  return rapport_test_create_named (server, name);
}

static int
verify (char **output)
{
  return rapport_test_server_admin (server, output, "audit", "verify", NULL);
}

static void
assert_intact (void)
{
  g_autofree char *output = NULL;
  int status = verify (&output);

  if (status != 0)
    g_error ("audit verify failed (%d): %s", status, output);
  g_assert_nonnull (strstr (output, "intact"));
}

static void
assert_broken_at (const char *row)
{
  g_autofree char *output = NULL;
  g_autofree char *expected = g_strdup_printf ("BROKEN at row %s", row);
  int status = verify (&output);

  g_assert_cmpint (status, !=, 0);
  if (strstr (output, expected) == NULL)
    g_error ("expected “%s”, got: %s", expected, output);
}

static void
restore_chain (void)
{
  g_free (rapport_test_server_sql (server, "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_backup"));
  assert_intact ();
}

static void
test_changes_are_audited (void)
{
  gint64 id = create ("Audited Bank");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, server->admin_token,
                                                              "{\"version\":1,\"tier\":\"key\"}");
  g_autoptr(RapportTestReply) archived = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);
  g_autofree char *query = g_strdup_printf ("SELECT action, actor_id, before_json IS NULL, after_json FROM audit_log "
                                            "WHERE entity = 'account' AND entity_id = %" G_GINT64_FORMAT " ORDER BY id", id);
  g_autofree char *rows = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpuint (archived->status, ==, 200);
  rows = rapport_test_server_sql (server, query);
  lines = g_strsplit (g_strchomp (rows), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "create\t1\t1\t"));
  g_assert_true (g_str_has_prefix (lines[1], "update\t1\t0\t"));
  g_assert_nonnull (strstr (lines[1], "\"tier\":\"key\""));
  g_assert_true (g_str_has_prefix (lines[2], "archive\t1\t0\t"));
  g_assert_nonnull (strstr (lines[2], "\"archived\":true"));
  assert_intact ();
}

static void
test_failed_change_leaves_no_row (void)
{
  g_autofree char *before = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log");
  g_autoptr(RapportTestReply) bad = rapport_test_request (server, "POST", "/api/v1/accounts", server->admin_token,
                                                          "{\"name\":\"X\",\"industry\":\"nope\"}");
  g_autoptr(RapportTestReply) dup1 = rapport_test_request (server, "POST", "/api/v1/accounts", server->admin_token,
                                                           "{\"name\":\"Dup\",\"code\":\"AUDIT-DUP\"}");
  g_autoptr(RapportTestReply) dup2 = rapport_test_request (server, "POST", "/api/v1/accounts", server->admin_token,
                                                           "{\"name\":\"Dup\",\"code\":\"AUDIT-DUP\"}");
  g_autofree char *after = NULL;

  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpuint (dup1->status, ==, 201);
  g_assert_cmpuint (dup2->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_code (dup2), ==, "duplicate");
  g_assert_cmpstr (rapport_test_reply_error_field (dup2), ==, "code");
  after = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log");
  /* only the one successful create was audited */
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 1);
  assert_intact ();
}

typedef struct
{
  RapportTestServer *server;
  guint              thread;
} Writer;

static gpointer
write_many (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Concurrent %u-%u\"}", writer->thread, i);
      g_autoptr(RapportTestReply) reply = rapport_test_request (writer->server, "POST", "/api/v1/accounts",
                                                                writer->server->admin_token, body);
      g_assert_cmpuint (reply->status, ==, 201);
    }
  return NULL;
}

static void
test_concurrent_writers_keep_one_chain (void)
{
  Writer writers[4];
  GThread *threads[4];
  g_autofree char *count = NULL;
  RapportTestServer clones[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      /* one HTTP session each, so requests really run in parallel */
      clones[i] = *server;
      clones[i].session = soup_session_new ();
      writers[i].server = &clones[i];
      writers[i].thread = i;
      threads[i] = g_thread_new ("writer", write_many, &writers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_object_unref (clones[i].session);
    }

  count = rapport_test_server_sql (server, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%Concurrent %'");
  g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, 60);
  assert_intact ();
}

static void
test_tampering_is_detected (void)
{
  g_autofree char *last = NULL;
  g_autofree char *last_minus_one = NULL;
  gint64 n;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Tamper target %u", i);
      create (name);
    }
  g_free (rapport_test_server_sql (server, "CREATE TABLE audit_backup AS SELECT * FROM audit_log"));
  last = g_strchomp (rapport_test_server_sql (server, "SELECT MAX(id) FROM audit_log"));
  n = g_ascii_strtoll (last, NULL, 10);
  last_minus_one = g_strdup_printf ("%" G_GINT64_FORMAT, n - 1);
  g_assert_cmpint (n, >, 5);

  /* a value changed by hand */
  g_free (rapport_test_server_sql (server, "UPDATE audit_log SET after_json = REPLACE(after_json, 'Tamper target 2', "
                                   "'Tamper target X') WHERE after_json LIKE '%Tamper target 2%'"));
  {
    g_autofree char *id = g_strchomp (rapport_test_server_sql (server, "SELECT id FROM audit_log WHERE after_json LIKE '%Tamper target X%'"));
    assert_broken_at (id);
  }
  restore_chain ();

  /* the actor changed */
  g_free (rapport_test_server_sql (server, "UPDATE audit_log SET actor_id = 2 WHERE id = 3"));
  assert_broken_at ("3");
  restore_chain ();

  /* a row deleted from the middle */
  g_free (rapport_test_server_sql (server, "DELETE FROM audit_log WHERE id = 4"));
  assert_broken_at ("4");
  restore_chain ();

  /* two rows swapped: contents moved between ids */
  {
    g_autofree char *swap = g_strdup_printf ("UPDATE audit_log a JOIN audit_backup b ON b.id = IF(a.id = %1$s, %2$s, %1$s) "
                                             "SET a.after_json = b.after_json, a.entity_id = b.entity_id, "
                                             "a.hash = b.hash, a.prev_hash = b.prev_hash "
                                             "WHERE a.id IN (%1$s, %2$s)", last_minus_one, last);
    g_free (rapport_test_server_sql (server, swap));
    assert_broken_at (last_minus_one);
  }
  restore_chain ();

  /* a forged row appended with a made-up hash */
  {
    g_autofree char *forge = g_strdup_printf ("INSERT INTO audit_log (id, at, actor_id, entity, entity_id, action, reason, "
                                              "before_json, after_json, prev_hash, hash) "
                                              "SELECT id + 1, at, actor_id, entity, entity_id, action, reason, "
                                              "before_json, after_json, hash, REPEAT('a', 64) FROM audit_log WHERE id = %s", last);
    g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, n + 1);

    g_free (rapport_test_server_sql (server, forge));
    assert_broken_at (next);
  }
  restore_chain ();

  /* the newest row removed: the chain head still records it */
  {
    g_autofree char *truncate = g_strdup_printf ("DELETE FROM audit_log WHERE id = %s", last);

    g_free (rapport_test_server_sql (server, truncate));
    assert_broken_at (last);
  }
  restore_chain ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/audit/changes-are-audited", test_changes_are_audited);
  g_test_add_func ("/audit/failed-change-leaves-no-row", test_failed_change_leaves_no_row);
  g_test_add_func ("/audit/concurrent-writers-keep-one-chain", test_concurrent_writers_keep_one_chain);
  g_test_add_func ("/audit/tampering-is-detected", test_tampering_is_detected);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
