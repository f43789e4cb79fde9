/* test-import-files.c: POST /{collection}/import with every file of tests/data/import: each
 * imports with the records written beside it, the export it comes from recognised; charset= in
 * the query or the Content-Type wins over detection; preset= forces a preset or none, and
 * GET /import-presets lists them; the media type, dry_run and a file with no known column are
 * checked */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *manager;

static RapportTestReply *
import (const char *collection,
        const char *query,
        const char *content_type,
        GBytes     *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/import%s", collection, query ? query : "");

  return rapport_test_request_full (server, "POST", path, manager, content_type, body);
}

static GBytes *
read_data (const char *name)
{
  g_autofree char *path = g_build_filename (IMPORT_DATA_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static JsonObject *
read_expected (const char *name)
{
  g_autofree char *path = g_build_filename (IMPORT_DATA_DIR, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
array_has (JsonArray  *array,
           const char *text)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* the file imports; each new record has the expected values */
static void
test_file (gconstpointer data)
{
  const char *file = data;
  g_autofree char *stem = g_strndup (file, strrchr (file, '.') - file);
  g_autofree char *expected_name = g_strconcat (stem, ".expected.json", NULL);
  g_autoptr(JsonObject) expected = read_expected (expected_name);
  g_autoptr(GBytes) body = read_data (file);
  const char *collection = json_object_get_string_member (expected, "collection");
  JsonArray *records = json_object_get_array_member (expected, "records");
  guint n_records = json_array_get_length (records);
  gint64 last_before = rapport_test_sql_int (server, "SELECT COALESCE(MAX(id), 0) FROM %s", collection);
  g_autofree char *query = json_object_has_member (expected, "sheet") ?
                           g_strdup_printf ("?sheet=%s", json_object_get_string_member (expected, "sheet")) : NULL;
  g_autoptr(RapportTestReply) reply = import (collection, query, json_object_get_string_member (expected, "content_type"), body);
  JsonObject *answer;

  g_assert_cmpuint (reply->status, ==, 201);
  answer = rapport_test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, n_records);
  g_assert_cmpstr (json_object_get_string_member (answer, "encoding"), ==, json_object_get_string_member (expected, "encoding"));
  g_assert_true (json_object_has_member (answer, "preset"));
  g_assert_cmpstr (json_object_get_string_member_with_default (answer, "preset", NULL), ==,
                   json_object_get_string_member_with_default (expected, "preset", NULL));
  if (json_object_has_member (expected, "separator"))
    g_assert_cmpstr (json_object_get_string_member (answer, "separator"), ==, json_object_get_string_member (expected, "separator"));
  if (json_object_has_member (expected, "ignored"))
    {
      JsonArray *ignored = json_object_get_array_member (expected, "ignored");

      for (guint i = 0; i < json_array_get_length (ignored); i++)
        g_assert_true (array_has (json_object_get_array_member (answer, "ignored"), json_array_get_string_element (ignored, i)));
    }

  for (guint r = 0; r < n_records; r++)
    {
      JsonObject *record = json_array_get_object_element (records, r);
      gint64 id = rapport_test_sql_int (server, "SELECT id FROM %s WHERE id > %" G_GINT64_FORMAT " ORDER BY id LIMIT 1 OFFSET %u",
                                        collection, last_before, r);
      g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, collection, id);
      g_autoptr(RapportTestReply) got = rapport_test_request (server, "GET", path, manager, NULL);
      g_autoptr(GList) keys = json_object_get_members (record);
      JsonObject *stored;

      g_assert_cmpuint (got->status, ==, 200);
      stored = rapport_test_reply_object (got);
      for (GList *k = keys; k; k = k->next)
        {
          g_test_message ("%s row %u: %s", file, r + 1, (const char *) k->data);
          g_assert_true (json_object_has_member (stored, k->data));
          g_assert_cmpstr (json_object_get_string_member (stored, k->data), ==, json_object_get_string_member (record, k->data));
        }
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM %s WHERE id > %" G_GINT64_FORMAT, collection, last_before),
                   ==, n_records);
}

/* a charset named by the Content-Type or the query is the one read, over detection */
static void
test_charset (void)
{
  g_autoptr(GBytes) gbk = read_data ("gbk-excel.csv");
  g_autoptr(RapportTestReply) named = import ("leads", "?dry_run=true", "text/csv; charset=GBK", gbk);
  g_autoptr(RapportTestReply) quoted = import ("leads", "?dry_run=true", "text/csv; charset=\"gb18030\"", gbk);
  g_autoptr(RapportTestReply) query = import ("leads", "?dry_run=true&charset=GBK", "text/csv; charset=UTF-8", gbk);
  g_autoptr(RapportTestReply) wrong = import ("leads", "?dry_run=true", "text/csv; charset=UTF-8", gbk);
  g_autoptr(RapportTestReply) unknown = import ("leads", "?dry_run=true&charset=x-martian", "text/csv", gbk);
  g_autofree char *after = rapport_test_server_sql (server, "SELECT COUNT(*) FROM leads WHERE company = '广州康泰医疗器械'");

  g_assert_cmpuint (named->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (named, "valid"), ==, 3);
  g_assert_cmpstr (rapport_test_reply_string (named, "encoding"), ==, "GBK");
  g_assert_cmpuint (quoted->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (quoted, "encoding"), ==, "gb18030");
  g_assert_cmpuint (query->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (query, "encoding"), ==, "GBK");
  g_assert_cmpuint (wrong->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_code (wrong), ==, "validation");
  g_assert_cmpuint (unknown->status, ==, 400);
  /* the dry runs kept nothing beyond the one import of the file */
  g_assert_cmpstr (g_strchomp (after), ==, "1");
}

/* Salesforce's Id and AccountId are no Rapport ids: the rows are new contacts,
 * their accounts found by Account.Name; preset= forces a preset, or none */
static void
test_presets (void)
{
  g_autoptr(GBytes) salesforce = read_data ("salesforce-contacts.csv");
  g_autoptr(GBytes) linkedin = read_data ("linkedin-connections.csv");
  const char *plain_text = "Title,First Name,Last Name,Company,Job Title\nMr.,Li,Wei,Acme,Buyer\n";
  g_autoptr(GBytes) plain = g_bytes_new_static (plain_text, strlen (plain_text));
  gint64 contacts = rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts");
  g_autoptr(RapportTestReply) contacts_run = import ("contacts", "?dry_run=true&create_missing=accounts", "text/csv", salesforce);
  g_autoptr(RapportTestReply) none = import ("leads", "?dry_run=true&preset=none", "text/csv", linkedin);
  g_autoptr(RapportTestReply) generic = import ("leads", "?dry_run=true", "text/csv", plain);
  g_autoptr(RapportTestReply) outlook = import ("leads", "?dry_run=true&preset=outlook", "text/csv", plain);
  g_autoptr(RapportTestReply) unknown = import ("leads", "?preset=lotus-notes", "text/csv", linkedin);
  g_autoptr(RapportTestReply) keys_only = rapport_test_request_full (server, "POST", "/api/v1/leads/import.csv?preset=linkedin",
                                                                     manager, "text/csv", plain);
  g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/import-presets", manager, NULL);
  JsonArray *presets;

  g_assert_cmpuint (contacts_run->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (contacts_run, "preset"), ==, "salesforce");
  g_assert_cmpint (rapport_test_reply_int (contacts_run, "valid"), ==, 2);
  g_assert_true (array_has (json_object_get_array_member (rapport_test_reply_object (contacts_run), "ignored"), "Id"));
  g_assert_true (array_has (json_object_get_array_member (rapport_test_reply_object (contacts_run), "ignored"), "AccountId"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (contacts_run), "columns"),
                                                  "Account.Name"), ==, "account_id");

  g_assert_cmpuint (none->status, ==, 200);
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (none), "preset"));
  g_assert_cmpint (rapport_test_reply_int (none, "valid"), ==, 2);

  /* a file of no known origin; Outlook's Title is Mr. or Ms., no job title */
  g_assert_cmpuint (generic->status, ==, 200);
  g_assert_true (json_object_get_null_member (rapport_test_reply_object (generic), "preset"));
  g_assert_cmpuint (outlook->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (outlook, "preset"), ==, "outlook");
  g_assert_true (array_has (json_object_get_array_member (rapport_test_reply_object (outlook), "ignored"), "Title"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (outlook), "columns"),
                                                  "Job Title"), ==, "title");

  g_assert_cmpuint (unknown->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "preset");
  g_assert_cmpuint (keys_only->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (keys_only), ==, "preset");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM contacts"), ==, contacts);

  g_assert_cmpuint (list->status, ==, 200);
  presets = json_object_get_array_member (rapport_test_reply_object (list), "presets");
  g_assert_cmpuint (json_array_get_length (presets), ==, 8);
  for (guint i = 0; i < json_array_get_length (presets); i++)
    {
      JsonObject *preset = json_array_get_object_element (presets, i);

      g_assert_cmpstr (json_object_get_string_member (preset, "label"), !=, "");
      if (g_str_equal (json_object_get_string_member (preset, "name"), "linkedin"))
        g_assert_cmpstr (json_object_get_string_member (preset, "label"), ==, "LinkedIn connections");
    }
}

static void
test_refused (void)
{
  g_autoptr(GBytes) csv = g_bytes_new_static ("名称,手机\n某公司,13800000000\n", strlen ("名称,手机\n某公司,13800000000\n"));
  g_autoptr(GBytes) strange = g_bytes_new_static ("colour,size\nred,L\n", strlen ("colour,size\nred,L\n"));
  g_autoptr(GBytes) bad_row = g_bytes_new_static ("company;mobile\nA Ltd;123456\nB Ltd;call me\n",
                                                  strlen ("company;mobile\nA Ltd;123456\nB Ltd;call me\n"));
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads");
  g_autoptr(RapportTestReply) json = import ("leads", NULL, "application/json", csv);
  g_autoptr(RapportTestReply) dry_maybe = import ("leads", "?dry_run=maybe", "text/csv", csv);
  g_autoptr(RapportTestReply) no_collection = import ("nothings", NULL, "text/csv", csv);
  g_autoptr(RapportTestReply) no_column = import ("leads", NULL, "text/csv", strange);
  g_autoptr(RapportTestReply) bad = import ("leads", NULL, "text/csv", bad_row);
  g_autoptr(RapportTestReply) not_vcard = import ("leads", NULL, "text/vcard", csv);

  g_assert_cmpuint (json->status, ==, 415);
  g_assert_cmpuint (dry_maybe->status, ==, 400);
  g_assert_cmpstr (rapport_test_reply_error_field (dry_maybe), ==, "dry_run");
  g_assert_cmpuint (no_collection->status, ==, 404);
  g_assert_cmpuint (no_column->status, ==, 422);
  g_assert_cmpuint (bad->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad), ==, "mobile");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (rapport_test_reply_object (bad), "error"), "message"), "Row 2"));
  g_assert_cmpuint (not_vcard->status, ==, 422);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads"), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  static const char *const files[] = {
    "vcard21-shift-jis.vcf", "vcard30-groups.vcf", "vcard40.vcf", "outlook.csv", "gbk-excel.csv",
    "utf16le-bom.csv", "semicolon.csv", "leads.tsv", "big5.csv", "shift-jis.csv", "excel-accounts.xlsx",
    "libreoffice-leads.xlsx", "linkedin-connections.csv", "salesforce-accounts.csv",
  };
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "import-files-manager", "manager");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strconcat ("/import-files/", files[i], NULL);

      g_test_add_data_func (name, files[i], test_file);
    }
  g_test_add_func ("/import-files/charset", test_charset);
  g_test_add_func ("/import-files/presets", test_presets);
  g_test_add_func ("/import-files/refused", test_refused);
  status = g_test_run ();
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
