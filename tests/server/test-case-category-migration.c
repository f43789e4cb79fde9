/* test-case-category-migration.c: migration 053 on cases of migration 048: each distinct free-text category becomes a category at the top of the tree, its cases point at it, and each case takes its account's region */
#include "rapport-test-db.h"

#define SQL_RESOURCE_PATH "/org/rapport/rapportd/sql/"

static RapportTestServer *server;

/* what 048 left that 053 reads and changes: the columns it names */
static const char legacy_schema[] =
  "CREATE TABLE accounts (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, region VARCHAR(100) NULL) ENGINE=InnoDB;\n"
  "CREATE TABLE cases (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, account_id BIGINT UNSIGNED NOT NULL,\n"
  "  channel VARCHAR(16) NULL, category VARCHAR(100) NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n"
  "INSERT INTO accounts VALUES (1, '华东'), (2, NULL);\n"
  "INSERT INTO cases (id, account_id, category) VALUES (1, 1, 'Printers'), (2, 2, ' Printers '), (3, 1, '网络故障'),\n"
  "  (4, 2, NULL), (5, 1, '');\n";

static gint64
legacy_int (const char *query)
{
  return rapport_test_sql_int (server, "%s", query);
}

static void
test_free_text_to_tree (void)
{
  g_autoptr(GBytes) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  RapportdDb *db;

  g_free (rapport_test_server_sql (server, "CREATE DATABASE legacy_cases"));
  db = rapport_test_db_open (server, "legacy_cases");
  g_assert_true (rapportd_db_exec_script (db, legacy_schema, &error));
  g_assert_no_error (error);
  migration = g_resources_lookup_data (SQL_RESOURCE_PATH "053-case-categories.sql", 0, &error);
  g_assert_no_error (error);
  script = g_strndup (g_bytes_get_data (migration, NULL), g_bytes_get_size (migration));
  g_assert_true (rapportd_db_exec_script (db, script, &error));
  g_assert_no_error (error);

  /* two categories at the top, one per distinct text, blanks trimmed */
  g_assert_cmpint (legacy_int ("SELECT COUNT(*) FROM legacy_cases.`case-categories`"), ==, 2);
  g_assert_cmpint (legacy_int ("SELECT COUNT(*) FROM legacy_cases.`case-categories` WHERE parent_id IS NULL AND active = 1 "
                               "AND name IN ('Printers', '网络故障')"), ==, 2);
  /* the cases of one text share its category, and keep its name */
  g_assert_cmpint (legacy_int ("SELECT COUNT(DISTINCT category_id) FROM legacy_cases.cases WHERE id IN (1, 2)"), ==, 1);
  g_assert_cmpint (legacy_int ("SELECT COUNT(*) FROM legacy_cases.cases c JOIN legacy_cases.`case-categories` k "
                               "ON k.id = c.category_id WHERE c.category = k.name"), ==, 3);
  g_assert_cmpint (legacy_int ("SELECT COUNT(*) FROM legacy_cases.cases WHERE id IN (4, 5) AND category_id IS NULL"), ==, 2);
  /* and each its account's region */
  g_assert_cmpint (legacy_int ("SELECT COUNT(*) FROM legacy_cases.cases WHERE region = '华东'"), ==, 3);
  g_assert_cmpint (legacy_int ("SELECT COUNT(*) FROM legacy_cases.cases WHERE region IS NULL"), ==, 2);

  rapportd_db_close (db);
  g_free (rapport_test_server_sql (server, "DROP DATABASE legacy_cases"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();

  g_test_add_func ("/case-category-migration/free-text-to-tree", test_free_text_to_tree);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
