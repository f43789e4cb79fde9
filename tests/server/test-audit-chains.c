/* test-audit-chains.c: the audit trail in several chains: concurrent writers, tampering in any chain, history and bundles across chains */
#include "rapport-test-db.h"
#include "rapportd-audit.h"
#include "rapportd-audit-history.h"
#include "rapportd-checkpoint.h"

#include <string.h>

static RapportTestServer *server;

static char *
sql_value (const char *statement)
{
  return g_strchomp (rapport_test_server_sql (server, statement));
}

static void
verify_db (RapportdDb          *db,
           RapportdAuditReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapportd_audit_verify (db, NULL, report, &error));
  g_assert_no_error (error);
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

/* broken at @row, or anywhere if %NULL, saying @says if given */
static void
assert_broken (const char *row,
               const char *says)
{
  g_autofree char *output = NULL;
  g_autofree char *expected = row ? g_strdup_printf ("BROKEN at row %s:", row) : g_strdup ("BROKEN at row ");
  int status = verify (&output);

  g_assert_cmpint (status, ==, 1);
  if (strstr (output, expected) == NULL || (says && strstr (output, says) == NULL))
    g_error ("expected “%s … %s”, got: %s", expected, says ? says : "", output);
}

typedef struct
{
  RapportTestServer *server;
  guint              thread;
} Writer;

static gpointer
write_over_http (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Chained %u-%u\"}", writer->thread, i);
      g_autoptr(RapportTestReply) reply = rapport_test_request (writer->server, "POST", "/api/v1/accounts",
                                                                writer->server->admin_token, body);
      g_assert_cmpuint (reply->status, ==, 201);
    }
  return NULL;
}

/* appends in transactions of one to three rows on a connection of its own */
static gpointer
write_directly (gpointer data)
{
  guint thread = GPOINTER_TO_UINT (data);
  RapportdDb *db = rapport_test_db_open (server, "rapport");

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = rapportd_db_begin (db, &error);

      for (guint n = 0; ok && n <= i % 3; n++)
        {
          g_autofree char *after = g_strdup_printf ("{\"direct\":\"%u-%u-%u\"}", thread, i, n);

          ok = rapportd_audit_append (db, 0, "chain_test", thread, "append", NULL, NULL, after, &error);
        }
      if (ok)
        ok = rapportd_db_commit (db, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  rapportd_db_close (db);
  return NULL;
}

static void
test_concurrent_writers (void)
{
  Writer writers[4];
  RapportTestServer clones[4];
  GThread *http[4];
  GThread *direct[6];

  for (guint i = 0; i < G_N_ELEMENTS (http); i++)
    {
      /* one HTTP session each, so requests really run in parallel */
      clones[i] = *server;
      clones[i].session = soup_session_new ();
      writers[i].server = &clones[i];
      writers[i].thread = i;
      http[i] = g_thread_new ("http-writer", write_over_http, &writers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (direct); i++)
    direct[i] = g_thread_new ("direct-writer", write_directly, GUINT_TO_POINTER (i));
  for (guint i = 0; i < G_N_ELEMENTS (http); i++)
    {
      g_thread_join (http[i]);
      g_object_unref (clones[i].session);
    }
  for (guint i = 0; i < G_N_ELEMENTS (direct); i++)
    g_thread_join (direct[i]);

  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%%Chained %%'"), ==, 40);
  /* 6 connections × (7 × 1 + 7 × 2 + 6 × 3 rows) */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'chain_test'"), ==, 6 * 39);
  /* connections open together write to different chains, none to the closed chain 0 */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT chain) FROM audit_log WHERE entity = 'chain_test'"), ==, 6);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE chain = 0"), ==, 0);
  /* each chain's rows link up in id order, and its head names its last row */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a WHERE a.prev_id <> COALESCE((SELECT MAX(b.id) FROM audit_log b "
                            "WHERE b.chain = a.chain AND b.id < a.id), 0)"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_chains c WHERE c.last_id <> COALESCE((SELECT MAX(id) FROM audit_log l "
                            "WHERE l.chain = c.id), 0)"), ==, 0);
  assert_intact ();
}

typedef struct
{
  RapportdDb *db;
  guint       thread;
} Autocommitter;

/* appends outside any transaction, as a caller that forgot one would */
static gpointer
append_autocommit (gpointer data)
{
  Autocommitter *writer = data;

  for (guint i = 0; i < 150; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = g_strdup_printf ("{\"autocommit\":\"%u-%u\"}", writer->thread, i);

      g_assert_true (rapportd_audit_append (writer->db, 0, "chain_test", writer->thread, "autocommit", NULL, NULL,
                                            after, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

/* two connections of one chain appending without a transaction of their
 * own still take turns on its head: the chain does not fork */
static void
test_appends_outside_transactions (void)
{
  g_autoptr(GPtrArray) dbs = g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_db_close);
  Autocommitter writers[2] = { { NULL, 100 }, { NULL, 101 } };
  GThread *threads[2];

  /* connections until two share a chain */
  while (writers[1].db == NULL)
    {
      RapportdDb *db = rapport_test_db_open (server, "rapport");

      for (guint i = 0; i < dbs->len && writers[1].db == NULL; i++)
        if (rapportd_audit_chain_for (dbs->pdata[i]) == rapportd_audit_chain_for (db))
          {
            writers[0].db = dbs->pdata[i];
            writers[1].db = db;
          }
      g_ptr_array_add (dbs, db);
      g_assert_cmpuint (dbs->len, <=, 64);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("autocommit", append_autocommit, &writers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'autocommit'"), ==, 300);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) - COUNT(DISTINCT chain, prev_id) FROM audit_log"), ==, 0);
  assert_intact ();
}

/* the database hashes an appended row as verify hashes it, byte for byte:
 * Chinese, characters beyond the BMP, empty and missing values, a reason */
static void
test_values_hash_alike (void)
{
  static const struct
  {
    gint64      actor_id;
    const char *reason;
    const char *before;
    const char *after;
  } rows[] = {
    { 1, "客户要求更正", "{\"name\":\"上海精密仪器有限公司\"}", "{\"name\":\"上海精密仪器 😀 有限公司\"}" },
    { 0, NULL, NULL, "{\"name\":\"\\u00e9t\\u00e9 — été\"}" },
    { 2, "", "", "" },
    { 3, "Tab\there, newline\nthere", "{}", NULL },
  };
  RapportdAuditReport report;
  g_autoptr(GError) error = NULL;
  RapportdDb *db = rapport_test_db_open (server, "rapport");

  g_assert_true (rapportd_db_begin (db, &error));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (rapportd_audit_append (db, rows[i].actor_id, "contact", 900 + i, "update", rows[i].reason,
                                          rows[i].before, rows[i].after, &error));
  g_assert_true (rapportd_db_commit (db, &error));
  g_assert_no_error (error);
  verify_db (db, &report);
  g_assert_cmpstr (report.problem, ==, NULL);
  rapportd_audit_report_clear (&report);
  rapportd_db_close (db);
}

/* the newest checkpoint signs the heads as they are now */
static void
wait_for_checkpoint (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (TRUE)
    {
      g_autofree char *heads = sql_value ("SELECT SHA2(GROUP_CONCAT(CONCAT(id, ' ', last_id, ' ', hash, '\\n') "
                                          "ORDER BY id SEPARATOR ''), 256) FROM audit_chains");
      g_autofree char *signed_heads = sql_value ("SELECT head_hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1");

      if (g_strcmp0 (heads, signed_heads) == 0)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
}

static void
restore (void)
{
  /* in one transaction, so the checkpoint signer sees the trail before or after */
  g_free (rapport_test_server_sql (server, "START TRANSACTION; "
                                   "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_backup; "
                                   "DELETE FROM audit_chains; INSERT INTO audit_chains SELECT * FROM chains_backup; "
                                   "DELETE FROM audit_checkpoints; INSERT INTO audit_checkpoints SELECT * FROM checkpoints_backup; "
                                   "COMMIT"));
  assert_intact ();
}

static void
tamper (const char *format,
        ...) G_GNUC_PRINTF (1, 2);

static void
tamper (const char *format,
        ...)
{
  g_autofree char *statements = NULL;
  g_autofree char *wrapped = NULL;
  va_list args;

  va_start (args, format);
  statements = g_strdup_vprintf (format, args);
  va_end (args);
  wrapped = g_strdup_printf ("START TRANSACTION; %s; COMMIT", statements);
  g_free (rapport_test_server_sql (server, wrapped));
}

static char *
to_hex (const guchar *bytes,
        gsize         n)
{
  char *hex = g_malloc (2 * n + 1);

  sodium_bin2hex (hex, 2 * n + 1, bytes, n);
  return hex;
}

/* every checkpoint signed again, as it was, with a key of the attacker's */
static void
resign_checkpoints (void)
{
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT id, last_audit_id, head_hash, signed_at, heads FROM audit_checkpoints");
  g_autoptr(RapportdDbResult) cps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *public_hex = NULL;
  guchar public[crypto_sign_PUBLICKEYBYTES], secret[crypto_sign_SECRETKEYBYTES];
  RapportdDb *db = rapport_test_db_open (server, "rapport");

  crypto_sign_keypair (public, secret);
  public_hex = to_hex (public, sizeof public);
  cps = rapportd_db_query (db, select, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cps->n_rows, >, 0);
  for (guint r = 0; r < cps->n_rows; r++)
    {
      g_autoptr(RapportdSql) update = rapportd_sql_new ("UPDATE audit_checkpoints SET public_key = ?, signature = ? WHERE id = ?");
      g_autofree char *signed_at = NULL;
      g_autofree char *message = NULL;
      g_autofree char *signature_hex = NULL;
      guchar signature[crypto_sign_BYTES];
      gint64 usec = 0;

      g_assert_true (rapportd_sql_parse_time (rapportd_db_result_get (cps, r, 3), &usec));
      signed_at = rapportd_sql_format_time (usec);
      message = g_strdup_printf ("rapport-audit-checkpoint-%s\n%s\n%s\n%s\n",
                                 rapportd_db_result_get (cps, r, 4) ? "v2" : "v1", rapportd_db_result_get (cps, r, 1),
                                 rapportd_db_result_get (cps, r, 2), signed_at);
      crypto_sign_detached (signature, NULL, (const guchar *) message, strlen (message), secret);
      signature_hex = to_hex (signature, sizeof signature);
      rapportd_sql_add_text (update, public_hex);
      rapportd_sql_add_text (update, signature_hex);
      rapportd_sql_add_text (update, rapportd_db_result_get (cps, r, 0));
      g_assert_true (rapportd_db_execute (db, update, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  rapportd_db_close (db);
}

static void
test_tampering_in_any_chain (void)
{
  g_autofree char *chain = NULL;
  g_autofree char *other = NULL;
  g_autofree char *query = NULL;
  g_autofree char *list = NULL;
  g_autofree char *next = NULL;
  g_auto(GStrv) ids = NULL;
  const char *mid;
  guint n;

  wait_for_checkpoint ();
  /* a chain other than 0, with rows enough */
  chain = sql_value ("SELECT chain FROM audit_log WHERE chain > 0 GROUP BY chain ORDER BY COUNT(*) DESC LIMIT 1");
  other = sql_value ("SELECT chain FROM audit_log WHERE chain > 0 GROUP BY chain ORDER BY COUNT(*) ASC LIMIT 1");
  g_assert_cmpstr (chain, !=, other);
  query = g_strdup_printf ("SELECT id FROM audit_log WHERE chain = %s ORDER BY id", chain);
  list = sql_value (query);
  ids = g_strsplit (list, "\n", -1);
  n = g_strv_length (ids);
  g_assert_cmpuint (n, >=, 6);
  mid = ids[n / 2];
  next = g_strdup_printf ("%" G_GINT64_FORMAT, rapport_test_sql_int (server, "SELECT MAX(id) FROM audit_log") + 100);

  g_free (rapport_test_server_sql (server, "CREATE TABLE audit_backup AS SELECT * FROM audit_log; "
                                   "CREATE TABLE chains_backup AS SELECT * FROM audit_chains; "
                                   "CREATE TABLE checkpoints_backup AS SELECT * FROM audit_checkpoints"));
  assert_intact ();

  /* a value changed */
  tamper ("UPDATE audit_log SET after_json = REPLACE(after_json, '\"', '''') WHERE id = %s", mid);
  assert_broken (mid, "was changed");
  restore ();

  /* a row deleted from the middle of its chain */
  tamper ("DELETE FROM audit_log WHERE id = %s", mid);
  assert_broken (mid, "is missing from chain");
  restore ();

  /* a row deleted from the end of its chain, its head left as it was */
  tamper ("DELETE FROM audit_log WHERE id = %s", ids[n - 1]);
  assert_broken (ids[n - 1], "rows deleted from the end");
  restore ();

  /* two neighbours in the chain swapped */
  tamper ("UPDATE audit_log a JOIN audit_backup b ON b.id = IF(a.id = %1$s, %2$s, %1$s) "
          "SET a.after_json = b.after_json, a.entity_id = b.entity_id, a.at = b.at, a.action = b.action, "
          "a.hash = b.hash, a.prev_hash = b.prev_hash WHERE a.id IN (%1$s, %2$s)", ids[1], ids[2]);
  assert_broken (ids[1], NULL);
  restore ();

  /* a row moved to another chain, with the hash and links of its new place */
  tamper ("UPDATE audit_log SET chain = %s WHERE id = %s", other, mid);
  assert_broken (mid, NULL);
  restore ();

  /* a row moved to a chain that has no head */
  tamper ("UPDATE audit_log SET chain = 200 WHERE id = %s", mid);
  assert_broken (mid, NULL);
  restore ();

  /* a forged row appended to the chain, its head moved on to it */
  tamper ("INSERT INTO audit_log (id, chain, prev_id, at, actor_id, entity, entity_id, action, reason, before_json, "
          "after_json, prev_hash, hash) SELECT %1$s, chain, id, at, actor_id, entity, entity_id, action, reason, "
          "before_json, after_json, hash, REPEAT('a', 64) FROM audit_log WHERE id = %2$s; "
          "UPDATE audit_chains SET last_id = %1$s, hash = REPEAT('a', 64) WHERE id = %3$s", next, ids[n - 1], chain);
  assert_broken (next, "was changed");
  restore ();

  /* a row forged with a made-up link into the middle of the chain */
  tamper ("UPDATE audit_log SET prev_id = %s WHERE id = %s", ids[n / 2 - 2], mid);
  assert_broken (mid, NULL);
  restore ();

  /* the chain's tail cut off and its head rewound to match: only the
   * signed checkpoint still knows those rows */
  tamper ("DELETE FROM audit_log WHERE chain = %1$s AND id >= %2$s; "
          "UPDATE audit_chains SET last_id = %3$s, hash = (SELECT hash FROM audit_log WHERE id = %3$s) WHERE id = %1$s",
          chain, ids[n - 2], ids[n - 3]);
  assert_broken (NULL, "missing: a signed checkpoint covers them");
  restore ();

  /* a checkpoint that the server's key did not sign */
  tamper ("UPDATE audit_checkpoints SET head_hash = REPEAT('b', 64) ORDER BY id DESC LIMIT 1");
  assert_broken (NULL, "is not signed by the server's key");
  restore ();

  /* the rows of a chain rewritten and every checkpoint signed again with
   * another key: consistent, but not the server's key, which verify reads
   * from the data directory */
  tamper ("UPDATE audit_log SET after_json = '{}' WHERE id = %s", ids[n - 1]);
  {
    g_autofree char *hash = NULL;
    RapportdAuditReport report;
    RapportdDb *db = rapport_test_db_open (server, "rapport");
    g_autoptr(RapportdSql) row = rapportd_sql_new ("SELECT prev_id, at, actor_id, entity, entity_id, action, reason, "
                                                   "before_json, after_json, prev_hash FROM audit_log WHERE id = ?");
    g_autoptr(RapportdDbResult) result = NULL;
    g_autoptr(GError) error = NULL;
    gint64 usec = 0;

    rapportd_sql_add_text (row, ids[n - 1]);
    result = rapportd_db_query (db, row, &error);
    g_assert_no_error (error);
    g_assert_true (rapportd_sql_parse_time (rapportd_db_result_get (result, 0, 1), &usec));
    {
      g_autofree char *at = rapportd_sql_format_time (usec);

      hash = rapportd_audit_row_hash (rapportd_db_result_get (result, 0, 9), (guint) g_ascii_strtoull (chain, NULL, 10),
                                      g_ascii_strtoull (rapportd_db_result_get (result, 0, 0), NULL, 10),
                                      g_ascii_strtoull (ids[n - 1], NULL, 10), at,
                                      rapportd_db_result_get (result, 0, 2), rapportd_db_result_get (result, 0, 3),
                                      rapportd_db_result_get (result, 0, 4), rapportd_db_result_get (result, 0, 5),
                                      rapportd_db_result_get (result, 0, 6), rapportd_db_result_get (result, 0, 7),
                                      rapportd_db_result_get (result, 0, 8));
    }
    tamper ("UPDATE audit_log SET hash = '%1$s' WHERE id = %2$s; UPDATE audit_chains SET hash = '%1$s' WHERE id = %3$s; "
            "UPDATE audit_checkpoints SET heads = REPLACE(heads, (SELECT hash FROM audit_backup WHERE id = %2$s), '%1$s'), "
            "head_hash = SHA2(REPLACE(heads, (SELECT hash FROM audit_backup WHERE id = %2$s), '%1$s'), 256)",
            hash, ids[n - 1], chain);
    resign_checkpoints ();
    /* without the server's key, the forgery holds */
    verify_db (db, &report);
    g_assert_cmpstr (report.problem, ==, NULL);
    rapportd_db_close (db);
  }
  assert_broken (NULL, "is not signed by the server's key");
  restore ();

  g_free (rapport_test_server_sql (server, "DROP TABLE audit_backup, chains_backup, checkpoints_backup"));
}

typedef struct
{
  gint64 account;
  guint  n_updates;
  char  *chain;
} Updater;

/* updates the account as the repository does: the row locked by its
 * UPDATE, then audited, in one transaction */
static gpointer
update_account (gpointer data)
{
  Updater *updater = data;
  RapportdDb *db = rapport_test_db_open (server, "rapport");

  updater->chain = g_strdup_printf ("%u", rapportd_audit_chain_for (db));
  for (guint i = 0; i < updater->n_updates; i++)
    {
      g_autoptr(RapportdSql) update = rapportd_sql_new ("UPDATE accounts SET version = version + 1 WHERE id = ?");
      g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT version FROM accounts WHERE id = ?");
      g_autoptr(RapportdDbResult) version = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      rapportd_sql_add_int (update, updater->account);
      rapportd_sql_add_int (select, updater->account);
      g_assert_true (rapportd_db_begin (db, &error));
      g_assert_true (rapportd_db_execute (db, update, NULL, NULL, &error));
      version = rapportd_db_query (db, select, &error);
      g_assert_no_error (error);
      after = g_strdup_printf ("{\"version\":%s}", rapportd_db_result_get (version, 0, 0));
      g_assert_true (rapportd_audit_append (db, 0, "account", updater->account, "update", NULL, NULL, after, &error));
      g_assert_true (rapportd_db_commit (db, &error));
      g_assert_no_error (error);
    }
  rapportd_db_close (db);
  return NULL;
}

/* two writers in two chains take turns on one record: its history, by id,
 * is in the order the changes were made */
static void
test_history_across_chains (void)
{
  gint64 account = rapport_test_create_named (server, "History across chains");
  Updater updaters[2] = { { account, 25, NULL }, { account, 25, NULL } };
  GThread *threads[2];
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  RapportdDb *db;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("updater", update_account, &updaters[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpstr (updaters[0].chain, !=, updaters[1].chain);

  db = rapport_test_db_open (server, "rapport");
  rows = rapportd_audit_history (db, "account", account, 0, &error);
  g_assert_no_error (error);
  /* the create, then versions 2 to 51 */
  g_assert_cmpuint (rows->len, ==, 51);
  for (guint i = 1; i < rows->len; i++)
    {
      RapportdHistoryRow *row = rows->pdata[i];

      g_assert_cmpint (row->id, >, ((RapportdHistoryRow *) rows->pdata[i - 1])->id);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (row->after), "version"), ==, i + 1);
    }
  rapportd_db_close (db);
  for (guint i = 0; i < G_N_ELEMENTS (updaters); i++)
    g_free (updaters[i].chain);
  assert_intact ();
}

static int
verify_bundle (const char  *path,
               char       **output)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              g_getenv ("RAPPORT_ADMIN"), "audit", "verify", "--bundle", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_bundle_broken (JsonNode   *bundle,
                      const char *expected)
{
  g_autofree char *path = g_build_filename (server->data_dir, "chains-tampered.json", NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  json_generator_set_root (generator, bundle);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verify_bundle (path, &output), ==, 1);
  if (strstr (output, expected) == NULL)
    g_error ("expected “%s”, got: %s", expected, output);
}

/* the index in the bundle's rows of the row with this id */
static guint
row_index (JsonArray  *rows,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (rows, i), "id"), id) == 0)
      return i;
  g_assert_not_reached ();
}

static void
test_bundle_of_chains (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "chains.json", NULL);
  g_autofree char *output = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *query = NULL;
  g_autofree char *list = NULL;
  g_autofree char *at_mid = NULL;
  g_auto(GStrv) ids = NULL;
  guint n;

  wait_for_checkpoint ();
  chain = sql_value ("SELECT chain FROM audit_log WHERE chain > 0 GROUP BY chain ORDER BY COUNT(*) DESC LIMIT 1");
  query = g_strdup_printf ("SELECT id FROM audit_log WHERE chain = %s ORDER BY id", chain);
  list = sql_value (query);
  ids = g_strsplit (list, "\n", -1);
  n = g_strv_length (ids);
  g_assert_cmpuint (n, >=, 6);

  at_mid = g_strdup_printf ("BROKEN at row %s:", ids[n / 2]);

  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "export", "--out", path, NULL), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (verify_bundle (path, &output), ==, 0);
  g_assert_nonnull (strstr (output, "intact"));

  {
    /* a row of the chain left out */
    g_autoptr(JsonNode) bundle = load_json (path);
    JsonArray *rows = json_object_get_array_member (json_node_get_object (bundle), "rows");

    json_array_remove_element (rows, row_index (rows, ids[n / 2]));
    assert_bundle_broken (bundle, at_mid);
  }
  {
    /* a row said to be of another chain */
    g_autoptr(JsonNode) bundle = load_json (path);
    JsonArray *rows = json_object_get_array_member (json_node_get_object (bundle), "rows");
    JsonObject *row = json_array_get_object_element (rows, row_index (rows, ids[n / 2]));

    json_object_set_string_member (row, "chain", g_strcmp0 (chain, "1") == 0 ? "2" : "1");
    assert_bundle_broken (bundle, at_mid);
  }
  {
    /* the chain's newest rows left out: the checkpoint signed its head */
    g_autoptr(JsonNode) bundle = load_json (path);
    JsonArray *rows = json_object_get_array_member (json_node_get_object (bundle), "rows");

    json_array_remove_element (rows, row_index (rows, ids[n - 1]));
    json_array_remove_element (rows, row_index (rows, ids[n - 2]));
    assert_bundle_broken (bundle, "missing: a signed checkpoint covers them");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  server = rapport_test_server_start_with_config ("[audit]\ncheckpoint_rows=5\ncheckpoint_seconds=1\n");

  g_test_add_func ("/audit-chains/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/audit-chains/appends-outside-transactions", test_appends_outside_transactions);
  g_test_add_func ("/audit-chains/values-hash-alike", test_values_hash_alike);
  g_test_add_func ("/audit-chains/tampering-in-any-chain", test_tampering_in_any_chain);
  g_test_add_func ("/audit-chains/history-across-chains", test_history_across_chains);
  g_test_add_func ("/audit-chains/bundle-of-chains", test_bundle_of_chains);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
