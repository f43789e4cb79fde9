/* test-import-corpus.c: every file of tests/data/import read, its encoding and separator found,
 * the exporter it comes from recognised (NAME.expected.json's "preset", none where it has none),
 * its columns mapped to fields, each row giving the record written beside it (NAME.expected.json);
 * and CSV dialects: the separator sniffed, Excel's sep= line and ="text" cells */
#include "crm-import-read.h"
#include "crm-xlsx.h"
#include "crm-import-mapping.h"
#include "crm-import-value.h"
#include "crm-csv.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json-parse.h"

#include <stdlib.h>
#include <string.h>

static void
check_file (gconstpointer data)
{
  const char *expected_path = data;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = crm_json_parse_file (expected_path, CRM_JSON_MAX_VALUES_TRUSTED, &error);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  JsonObject *expected;
  JsonArray *records;
  CrmImportFormat format;
  CrmImportInfo info = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CrmImportMapping) mapping = NULL;
  CrmEntityClass *klass;
  const char *const *header;
  const CrmImportPreset *preset;

  g_assert_no_error (error);
  expected = json_node_get_object (node);
  {
    g_autofree char *stem = g_strndup (expected_path, strlen (expected_path) - strlen (".expected.json"));
    g_autofree char *dir = g_path_get_dirname (expected_path);
    g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *candidate = g_build_filename (dir, name, NULL);

        if (g_str_has_prefix (candidate, stem) && candidate[strlen (stem)] == '.' &&
            !g_str_has_suffix (name, ".expected.json"))
          path = g_steal_pointer (&candidate);
      }
  }
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
  g_assert_true (crm_import_format_for_media_type (json_object_get_string_member (expected, "content_type"), &format));

  rows = crm_import_read (bytes, length, format, NULL,
                          json_object_get_string_member_with_default (expected, "sheet", NULL), &info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info.encoding, ==, json_object_get_string_member (expected, "encoding"));
  if (json_object_has_member (expected, "separator"))
    g_assert_cmpint (info.separator, ==, json_object_get_string_member (expected, "separator")[0]);
  g_assert_cmpuint (rows->len - 1, ==, json_object_get_int_member (expected, "rows"));

  klass = g_type_class_ref (crm_entities_lookup_collection (json_object_get_string_member (expected, "collection")));
  header = (const char *const *) rows->pdata[0];
  preset = crm_import_preset_recognise (header);
  g_assert_cmpstr (preset ? preset->name : NULL, ==, json_object_get_string_member_with_default (expected, "preset", NULL));
  mapping = crm_import_mapping_new (klass, header);
  if (json_object_has_member (expected, "ignored"))
    {
      JsonArray *ignored = json_object_get_array_member (expected, "ignored");

      for (guint i = 0; i < json_array_get_length (ignored); i++)
        {
          const char *column = json_array_get_string_element (ignored, i);
          gboolean seen = FALSE;

          for (guint c = 0; header[c]; c++)
            if (g_str_equal (header[c], column))
              {
                g_assert_null (crm_import_mapping_column_field (mapping, c));
                seen = TRUE;
              }
          g_assert_true (seen);
        }
    }

  /* cells the records do not show: a workbook's dates, booleans, errors */
  if (json_object_has_member (expected, "cells"))
    {
      JsonObject *cells = json_object_get_object_member (expected, "cells");
      g_autoptr(GList) numbers = json_object_get_members (cells);

      for (GList *n = numbers; n; n = n->next)
        {
          JsonObject *row = json_object_get_object_member (cells, n->data);
          g_autoptr(GList) columns = json_object_get_members (row);
          guint r = atoi (n->data);

          g_assert_cmpuint (r, <, rows->len);
          for (GList *k = columns; k; k = k->next)
            for (guint c = 0; header[c]; c++)
              if (g_str_equal (header[c], k->data))
                g_assert_cmpstr (((char **) rows->pdata[r])[c], ==, json_object_get_string_member (row, k->data));
        }
    }

  records = json_object_get_array_member (expected, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, rows->len - 1);
  for (guint r = 0; r < json_array_get_length (records); r++)
    {
      JsonObject *record = json_array_get_object_element (records, r);
      g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GList) keys = json_object_get_members (record);

      for (guint f = 0; f < crm_import_mapping_get_n_fields (mapping); f++)
        {
          g_autofree char *cell = crm_import_mapping_dup_cell (mapping, f, (const char *const *) rows->pdata[r + 1]);
          g_autofree char *explanation = NULL;
          g_autoptr(GError) error = NULL;
          char *value = NULL;

          /* as the server reads it: dates, money, choices and phones converted */
          g_assert_true (crm_import_value_convert (crm_import_mapping_get_field (mapping, f), cell, &value, &explanation, &error));
          g_assert_no_error (error);
          if (*value != '\0')
            g_hash_table_insert (values, (gpointer) crm_field_spec_get_json_key (crm_import_mapping_get_field (mapping, f)), value);
          else
            g_free (value);
        }
      for (GList *k = keys; k; k = k->next)
        {
          g_test_message ("row %u, %s", r + 1, (const char *) k->data);
          g_assert_cmpstr (g_hash_table_lookup (values, k->data), ==, json_object_get_string_member (record, k->data));
        }
      /* and nothing else of what the record has fields for */
      g_assert_cmpuint (g_hash_table_size (values), ==, g_list_length (keys));
    }
  g_type_class_unref (klass);
}

static void
test_sniff (void)
{
  static const struct
  {
    const char *text;
    char        separator;
  } cases[] = {
    { "a,b,c\n1,2,3\n", ',' },
    { "a;b;c\n1;2;3\n", ';' },
    { "a\tb\tc\n1\t2\t3\n", '\t' },
    /* commas inside the cells, semicolons between them */
    { "name;address\nAcme;\"1 Main St, Springfield\"\nB;x, y\n", ';' },
    /* a comma in one unquoted cell is not the separator */
    { "name;notes\nA;one, two\nB;three\n", ';' },
    { "\"a;b\",c\n\"1;2\",3\n", ',' },
    { "a\tb;c\n1\t2;3\n", '\t' },
    { "sep=;\na,b;c\n", ';' },
    { "single\nrow\n", ',' },
    { "", ',' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (crm_csv_sniff_separator (cases[i].text, strlen (cases[i].text)), ==, cases[i].separator);
    }
}

static void
test_excel (void)
{
  const char *text = "sep=;\r\ncode;name\r\n=\"007\";\"Bond; James\"\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = crm_csv_parse_separated (text, strlen (text), ',', &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((char **) rows->pdata[0])[0], ==, "code");
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "007");
  g_assert_cmpstr (((char **) rows->pdata[1])[1], ==, "Bond; James");
}

/* what a request names wins: a GBK file read as the charset sent */
static void
test_charset_named (void)
{
  const char *gbk = "\xC3\xFB\xB3\xC6\n\xC0\xEE\xC3\xF7\n";
  CrmImportInfo info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = crm_import_read (gbk, strlen (gbk), CRM_IMPORT_CSV, "GBK", NULL, &info, &error);
  g_autoptr(GPtrArray) wrong = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (info.encoding, ==, "GBK");
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "李明");
  wrong = crm_import_read (gbk, strlen (gbk), CRM_IMPORT_CSV, "UTF-8", NULL, &info, &error);
  g_assert_null (wrong);
  g_assert_nonnull (error);
}

/* what is no workbook, or has no such sheet, is refused */
static void
test_xlsx_errors (void)
{
  g_autofree char *path = g_build_filename (IMPORT_DATA_DIR, "libreoffice-leads.xlsx", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_autoptr(GError) not_zip = NULL;
  g_autoptr(GError) no_sheet = NULL;
  g_autoptr(GError) cut = NULL;
  g_autoptr(GPtrArray) a = crm_import_read ("name\nx\n", 7, CRM_IMPORT_XLSX, NULL, NULL, NULL, &not_zip);
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;

  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  b = crm_import_read (bytes, length, CRM_IMPORT_XLSX, NULL, "Nowhere", NULL, &no_sheet);
  c = crm_import_read (bytes, length / 2, CRM_IMPORT_XLSX, NULL, NULL, NULL, &cut);
  g_assert_null (a);
  g_assert_error (not_zip, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_null (b);
  g_assert_error (no_sheet, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_nonnull (strstr (no_sheet->message, "Nowhere"));
  g_assert_null (c);
  g_assert_nonnull (cut);
}

/* the sheets offered to choose from, in the workbook's order */
static void
test_xlsx_sheet_names (void)
{
  g_autofree char *leads_path = g_build_filename (IMPORT_DATA_DIR, "libreoffice-leads.xlsx", NULL);
  g_autofree char *accounts_path = g_build_filename (IMPORT_DATA_DIR, "excel-accounts.xlsx", NULL);
  g_autofree char *leads = NULL;
  g_autofree char *accounts = NULL;
  gsize leads_length = 0;
  gsize accounts_length = 0;
  g_autoptr(GError) not_zip = NULL;
  g_auto(GStrv) none = crm_xlsx_sheet_names ("name\nx\n", 7, &not_zip);
  g_auto(GStrv) two = NULL;
  g_auto(GStrv) one = NULL;

  g_assert_true (g_file_get_contents (leads_path, &leads, &leads_length, NULL));
  g_assert_true (g_file_get_contents (accounts_path, &accounts, &accounts_length, NULL));
  two = crm_xlsx_sheet_names (leads, leads_length, NULL);
  one = crm_xlsx_sheet_names (accounts, accounts_length, NULL);
  g_assert_cmpstrv (two, ((const char * const[]) { "Notes", "Leads", NULL }));
  g_assert_cmpstrv (one, ((const char * const[]) { "客户", NULL }));
  g_assert_null (none);
  g_assert_error (not_zip, CRM_ERROR, CRM_ERROR_VALIDATION);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_open (IMPORT_DATA_DIR, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".expected.json"))
      g_ptr_array_add (paths, g_build_filename (IMPORT_DATA_DIR, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  g_assert_cmpuint (paths->len, >=, 12);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (paths->pdata[i]);
      g_autofree char *test = g_strdup_printf ("/import-corpus/%.*s", (int) (strlen (base) - strlen (".expected.json")), base);

      g_test_add_data_func (test, paths->pdata[i], check_file);
    }
  g_test_add_func ("/import-csv/sniff", test_sniff);
  g_test_add_func ("/import-csv/excel", test_excel);
  g_test_add_func ("/import-csv/charset-named", test_charset_named);
  g_test_add_func ("/import-xlsx/errors", test_xlsx_errors);
  g_test_add_func ("/import-xlsx/sheet-names", test_xlsx_sheet_names);
  return g_test_run ();
}
