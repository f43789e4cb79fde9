/* test-audit-migration.c: a trail of the single audit chain of old, migrated to chains, verifies as it did */
#include "rapport-test-db.h"
#include "rapportd-audit.h"
#include "rapportd-checkpoint.h"

#include <string.h>

#define SQL_RESOURCE_PATH "/org/rapport/rapportd/sql/"

static RapportTestServer *server;

static void
verify_db (RapportdDb          *db,
           RapportdAuditReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapportd_audit_verify (db, NULL, report, &error));
  g_assert_no_error (error);
}

static char *
to_hex (const guchar *bytes,
        gsize         n)
{
  char *hex = g_malloc (2 * n + 1);

  sodium_bin2hex (hex, 2 * n + 1, bytes, n);
  return hex;
}

/* the audit tables as migrations 001, 002 and 004 left them, before chains */
static const char legacy_schema[] =
  "CREATE TABLE audit_log ("
  "  id BIGINT UNSIGNED NOT NULL PRIMARY KEY, at DATETIME(6) NOT NULL, actor_id BIGINT UNSIGNED NULL,"
  "  entity VARCHAR(64) NOT NULL, entity_id BIGINT UNSIGNED NOT NULL, action VARCHAR(32) NOT NULL,"
  "  reason VARCHAR(500) NULL, before_json LONGTEXT NULL, after_json LONGTEXT NULL,"
  "  prev_hash CHAR(64) NOT NULL, hash CHAR(64) NOT NULL,"
  "  KEY audit_entity (entity, entity_id, id), KEY audit_actor (actor_id, id), KEY audit_at (at)"
  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;"
  "CREATE TABLE audit_head (id TINYINT UNSIGNED NOT NULL PRIMARY KEY, last_id BIGINT UNSIGNED NOT NULL,"
  "  hash CHAR(64) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;"
  "CREATE TABLE audit_checkpoints (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
  "  last_audit_id BIGINT UNSIGNED NOT NULL, head_hash CHAR(64) NOT NULL, signed_at DATETIME(6) NOT NULL,"
  "  public_key CHAR(64) NOT NULL, signature CHAR(128) NOT NULL, KEY audit_checkpoints_last (last_audit_id)"
  ") ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;";

/* rows of the single chain of old, hashed as rapportd hashed them, and a
 * checkpoint signed as it signed them */
static void
write_legacy_chain (RapportdDb *db,
                    guint       n_rows)
{
  g_autofree char *prev_hash = g_strdup (RAPPORTD_AUDIT_ZERO_HASH);
  g_autofree char *signed_at = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *message = NULL;
  g_autofree char *public_hex = NULL;
  g_autofree char *signature_hex = NULL;
  g_autoptr(RapportdSql) head = NULL;
  g_autoptr(RapportdSql) checkpoint = NULL;
  g_autoptr(GError) error = NULL;
  guchar public[crypto_sign_PUBLICKEYBYTES], secret[crypto_sign_SECRETKEYBYTES], signature[crypto_sign_BYTES];

  for (guint64 id = 1; id <= n_rows; id++)
    {
      g_autoptr(RapportdSql) insert = rapportd_sql_new ("INSERT INTO audit_log (id, at, actor_id, entity, entity_id, action, "
                                                        "reason, before_json, after_json, prev_hash, hash) "
                                                        "VALUES (?, ?, 1, 'account', ?, 'create', ?, NULL, ?, ?, ?)");
      g_autofree char *at = rapportd_sql_format_time (g_get_real_time ());
      g_autofree char *entity_id = g_strdup_printf ("%" G_GUINT64_FORMAT, id);
      g_autofree char *after = g_strdup_printf ("{\"name\":\"Legacy %" G_GUINT64_FORMAT "\"}", id);
      const char *reason = id % 2 ? NULL : "Before chains";
      char *hash = rapportd_audit_row_hash (prev_hash, 0, id - 1, id, at, "1", "account", entity_id, "create",
                                            reason, NULL, after);

      rapportd_sql_add_int (insert, id);
      rapportd_sql_add_text (insert, at);
      rapportd_sql_add_int (insert, id);
      rapportd_sql_add_text (insert, reason);
      rapportd_sql_add_text (insert, after);
      rapportd_sql_add_text (insert, prev_hash);
      rapportd_sql_add_text (insert, hash);
      g_assert_true (rapportd_db_execute (db, insert, NULL, NULL, &error));
      g_assert_no_error (error);
      g_free (prev_hash);
      prev_hash = hash;
    }
  head = rapportd_sql_new ("INSERT INTO audit_head (id, last_id, hash) VALUES (1, ?, ?)");
  rapportd_sql_add_int (head, n_rows);
  rapportd_sql_add_text (head, prev_hash);
  g_assert_true (rapportd_db_execute (db, head, NULL, NULL, &error));
  g_assert_no_error (error);

  crypto_sign_keypair (public, secret);
  message = g_strdup_printf ("rapport-audit-checkpoint-v1\n%u\n%s\n%s\n", n_rows, prev_hash, signed_at);
  crypto_sign_detached (signature, NULL, (const guchar *) message, strlen (message), secret);
  public_hex = to_hex (public, sizeof public);
  signature_hex = to_hex (signature, sizeof signature);
  checkpoint = rapportd_sql_new ("INSERT INTO audit_checkpoints (last_audit_id, head_hash, signed_at, public_key, signature) "
                                 "VALUES (?, ?, ?, ?, ?)");
  rapportd_sql_add_int (checkpoint, n_rows);
  rapportd_sql_add_text (checkpoint, prev_hash);
  rapportd_sql_add_text (checkpoint, signed_at);
  rapportd_sql_add_text (checkpoint, public_hex);
  rapportd_sql_add_text (checkpoint, signature_hex);
  g_assert_true (rapportd_db_execute (db, checkpoint, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_migration_from_one_chain (void)
{
  g_autoptr(GBytes) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  RapportdAuditReport report;
  RapportdDb *db;

  g_free (rapport_test_server_sql (server, "CREATE DATABASE legacy_audit"));
  db = rapport_test_db_open (server, "legacy_audit");
  g_assert_true (rapportd_db_exec_script (db, legacy_schema, &error));
  g_assert_no_error (error);
  write_legacy_chain (db, 7);

  migration = g_resources_lookup_data (SQL_RESOURCE_PATH "013-audit-chains.sql", 0, &error);
  g_assert_no_error (error);
  script = g_strndup (g_bytes_get_data (migration, NULL), g_bytes_get_size (migration));
  g_assert_true (rapportd_db_exec_script (db, script, &error));
  g_assert_no_error (error);

  /* the old rows verify as chain 0, the old checkpoint with them */
  verify_db (db, &report);
  g_assert_cmpstr (report.problem, ==, NULL);
  g_assert_cmpuint (report.n_rows, ==, 7);
  rapportd_audit_report_clear (&report);

  /* new rows go to the chains, with ids after the old ones */
  g_assert_true (rapportd_db_begin (db, &error));
  g_assert_true (rapportd_audit_append (db, 1, "account", 8, "create", NULL, NULL, "{\"name\":\"After\"}", &error));
  g_assert_true (rapportd_db_commit (db, &error));
  g_assert_no_error (error);
  verify_db (db, &report);
  g_assert_cmpstr (report.problem, ==, NULL);
  g_assert_cmpuint (report.n_rows, ==, 8);
  rapportd_audit_report_clear (&report);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT id FROM legacy_audit.audit_log WHERE chain > 0"), ==, 8);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT prev_id FROM legacy_audit.audit_log WHERE chain > 0"), ==, 0);

  /* and tampering with an old row is still found */
  g_free (rapport_test_server_sql (server, "UPDATE legacy_audit.audit_log SET actor_id = 2 WHERE id = 4"));
  verify_db (db, &report);
  g_assert_cmpuint (report.bad_id, ==, 4);
  rapportd_audit_report_clear (&report);
  g_free (rapport_test_server_sql (server, "UPDATE legacy_audit.audit_log SET actor_id = 1 WHERE id = 4; "
                                   "DELETE FROM legacy_audit.audit_log WHERE id = 7; "
                                   "UPDATE legacy_audit.audit_chains SET last_id = 6, "
                                   "hash = (SELECT hash FROM legacy_audit.audit_log WHERE id = 6) WHERE id = 0"));
  /* the old chain's tail cut off, its head rewound: the old checkpoint knows */
  verify_db (db, &report);
  g_assert_cmpuint (report.bad_id, ==, 7);
  g_assert_nonnull (strstr (report.problem, "a signed checkpoint covers them"));
  rapportd_audit_report_clear (&report);

  rapportd_db_close (db);
  g_free (rapport_test_server_sql (server, "DROP DATABASE legacy_audit"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  server = rapport_test_server_start ();

  g_test_add_func ("/audit-migration/from-one-chain", test_migration_from_one_chain);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
