/* test-import-value.c: unit tests for imported cells read as their fields' values: dates, money, choices, phones */
#include <locale.h>
#include <string.h>

#include <glib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libintl.h>

#include "crm-contact.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-import-value.h"

static const char *const roles[] = { "decision_maker", "champion", "other", NULL };
static const char *const role_labels[] = { "Decision maker", "Champion", "Other", NULL };

static const CrmFieldSpec date_field = { "birthday", CRM_FIELD_DATE, .label = "Birthday" };
static const CrmFieldSpec amount_field = { "amount", CRM_FIELD_MONEY, .scale = 2, .label = "Amount" };
static const CrmFieldSpec price_field = { "list_price", CRM_FIELD_MONEY, .scale = 4, .label = "List price" };
static const CrmFieldSpec phone_field = { "mobile", CRM_FIELD_PHONE, .max_len = 32, .label = "Mobile" };
static const CrmFieldSpec role_field = { "decision_role", CRM_FIELD_ENUM, .enum_values = roles,
                                         .enum_labels = role_labels, .label = "Decision role" };
static const CrmFieldSpec text_field = { "name", CRM_FIELD_TEXT, .label = "Name" };

typedef struct
{
  const CrmFieldSpec *field;
  const char         *raw;
  const char         *converted;
  /* NULL: nothing explained */
  const char         *explanation;
} ValueCase;

static const ValueCase good_cases[] = {
  /* dates in the layouts files have */
  { &date_field, "1980-01-01", "1980-01-01", NULL },
  { &date_field, "19800101", "1980-01-01", "19800101 read as 1980-01-01 (year/month/day)" },
  { &date_field, "1980/1/2", "1980-01-02", "1980/1/2 read as 1980-01-02 (year/month/day)" },
  { &date_field, "1/22/80", "1980-01-22", "1/22/80 read as 1980-01-22 (month/day/year)" },
  { &date_field, "3/4/1999", "1999-03-04", "3/4/1999 read as 1999-03-04 (month/day/year)" },
  { &date_field, "1/2/05", "2005-01-02", "1/2/05 read as 2005-01-02 (month/day/year)" },
  { &date_field, "22/1/1980", "1980-01-22", "22/1/1980 read as 1980-01-22 (day/month/year)" },
  { &date_field, "02.03.2001", "2001-03-02", "02.03.2001 read as 2001-03-02 (day/month/year)" },
  { &date_field, "1980年1月1日", "1980-01-01", "1980年1月1日 read as 1980-01-01 (year/month/day)" },
  { &date_field, "2024年12月31日", "2024-12-31", "2024年12月31日 read as 2024-12-31 (year/month/day)" },
  { &date_field, "1980-01-01 00:00:00", "1980-01-01", "1980-01-01 00:00:00 read as 1980-01-01 (year/month/day)" },
  { &date_field, "2000-02-29", "2000-02-29", NULL },
  /* empty-date markers */
  { &date_field, "0000-00-00", "", "0000-00-00 is an empty date: the field is left empty" },
  { &date_field, "1/0/00", "", "1/0/00 is an empty date: the field is left empty" },
  { &date_field, "--", "", "-- is an empty date: the field is left empty" },
  { &date_field, "00000000", "", "00000000 is an empty date: the field is left empty" },
  /* money, exactly, with currencies and thousands separators */
  { &amount_field, "1234.50", "1234.50", NULL },
  { &amount_field, "1,234.50", "1234.50", "1,234.50 read as 1234.50" },
  { &amount_field, "1.234,50", "1234.50", "1.234,50 read as 1234.50" },
  { &amount_field, "¥1,234.50", "1234.50", "¥1,234.50 read as 1234.50" },
  { &amount_field, "￥1,234.50", "1234.50", "￥1,234.50 read as 1234.50" },
  { &amount_field, "1 234,50 €", "1234.50", "1 234,50 € read as 1234.50" },
  { &amount_field, "1\u00a0234,50\u00a0€", "1234.50", "1\u00a0234,50\u00a0€ read as 1234.50" },
  { &amount_field, "$1,234.5", "1234.5", "$1,234.5 read as 1234.5" },
  { &amount_field, "RMB 1234", "1234", "RMB 1234 read as 1234" },
  { &amount_field, "1234元", "1234", "1234元 read as 1234" },
  { &amount_field, "1,234", "1234", "1,234 read as 1234" },
  { &amount_field, "12,5", "12.5", "12,5 read as 12.5" },
  /* a lone point is a decimal point, several group thousands */
  { &price_field, "12.500", "12.500", NULL },
  { &price_field, "1.234", "1.234", NULL },
  { &amount_field, "1.234.567", "1234567", "1.234.567 read as 1234567" },
  { &amount_field, "1.234.567,89 €", "1234567.89", "1.234.567,89 € read as 1234567.89" },
  { &amount_field, "1,234,567.89", "1234567.89", "1,234,567.89 read as 1234567.89" },
  { &amount_field, "1'234.50", "1234.50", "1'234.50 read as 1234.50" },
  { &amount_field, "-¥5.00", "-5.00", "-¥5.00 read as -5.00" },
  { &amount_field, "(1,000.00)", "-1000.00", "(1,000.00) read as -1000.00" },
  /* beyond what a double holds exactly */
  { &price_field, "¥92,233,720,368,547.7580", "92233720368547.7580",
    "¥92,233,720,368,547.7580 read as 92233720368547.7580" },
  { &price_field, "0.1", "0.1", NULL },
  /* phones */
  { &phone_field, "+8613800138000", "+8613800138000", NULL },
  { &phone_field, "tel:+86 138 0013 8000", "+8613800138000", "tel:+86 138 0013 8000 read as +8613800138000" },
  { &phone_field, "TEL:010-1234-5678", "01012345678", "TEL:010-1234-5678 read as 01012345678" },
  { &phone_field, "(555) 123-4567 x89", "5551234567x89", "(555) 123-4567 x89 read as 5551234567x89" },
  { &phone_field, "tel:+1-555-123-4567;ext=12", "+15551234567x12", "tel:+1-555-123-4567;ext=12 read as +15551234567x12" },
  /* choices by key or English label, any case */
  { &role_field, "champion", "champion", NULL },
  { &role_field, "CHAMPION", "champion", "CHAMPION read as champion" },
  { &role_field, "Decision maker", "decision_maker", "Decision maker read as decision_maker" },
  { &role_field, "decision MAKER", "decision_maker", "decision MAKER read as decision_maker" },
  /* other types as they are */
  { &text_field, "1/22/80", "1/22/80", NULL },
  { &date_field, "", "", NULL },
};

static void
test_good (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      const ValueCase *c = &good_cases[i];
      g_autofree char *converted = NULL;
      g_autofree char *explanation = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s: %s", c->field->name, c->raw);
      g_assert_true (crm_import_value_convert (c->field, c->raw, &converted, &explanation, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (converted, ==, c->converted);
      g_assert_cmpstr (explanation, ==, c->explanation);
    }
}

static const struct
{
  const CrmFieldSpec *field;
  const char         *raw;
} bad_cases[] = {
  { &date_field, "1980-13-01" },
  { &date_field, "1981-02-29" },
  { &date_field, "13/13/80" },
  { &date_field, "32/1/80" },
  { &date_field, "1/22" },
  { &date_field, "1/22/180" },
  { &date_field, "1980-01-01-01" },
  { &date_field, "yesterday" },
  { &date_field, "1980年" },
  { &date_field, "198001011" },
  { &amount_field, "abc" },
  { &amount_field, "12 apples" },
  { &amount_field, "1,23,456" },
  { &amount_field, "1,2345.00" },
  { &amount_field, "1.2.3,4" },
  { &amount_field, "1,234.567" },
  /* three decimals where the amount keeps two: never read as 1234 */
  { &amount_field, "1.234" },
  { &amount_field, "¥" },
  { &amount_field, "--5" },
  { &amount_field, "(5" },
  { &amount_field, "99999999999999999999" },
  { &phone_field, "call me" },
  { &phone_field, "12" },
  { &phone_field, "555#123" },
  { &phone_field, "555 123 x" },
  { &phone_field, "138+0013" },
  { &role_field, "boss" },
  { &role_field, "decision" },
};

static void
test_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *converted = NULL;
      g_autofree char *explanation = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s: %s", bad_cases[i].field->name, bad_cases[i].raw);
      g_assert_false (crm_import_value_convert (bad_cases[i].field, bad_cases[i].raw, &converted, &explanation, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      /* the field is named, for the 422 envelope */
      g_assert_cmpstr (crm_error_get_field (error), ==, crm_field_spec_get_json_key (bad_cases[i].field));
      g_assert_nonnull (strstr (error->message, bad_cases[i].raw));
      g_assert_null (converted);
      g_assert_null (explanation);
    }
}

static void
test_conversions_listed (void)
{
  g_autoptr(CrmImportConversions) conversions = crm_import_conversions_new ();
  g_autoptr(GString) answer = g_string_new ("{\"created\":1");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *list;
  JsonObject *first;

  for (guint row = 1; row <= CRM_IMPORT_CONVERSIONS_MAX + 5; row++)
    {
      g_autofree char *converted = NULL;
      g_autofree char *unchanged = NULL;

      g_assert_true (crm_import_conversions_convert (conversions, row, &date_field, "1/22/80", &converted, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (converted, ==, "1980-01-22");
      /* what changes nothing is not listed */
      g_assert_true (crm_import_conversions_convert (conversions, row, &amount_field, "1.50", &unchanged, &error));
      g_assert_cmpstr (unchanged, ==, "1.50");
    }
  crm_import_conversions_append (conversions, answer);
  g_string_append_c (answer, '}');

  root = json_from_string (answer->str, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  list = json_object_get_array_member (object, "conversions");
  g_assert_cmpuint (json_array_get_length (list), ==, CRM_IMPORT_CONVERSIONS_MAX);
  g_assert_cmpint (json_object_get_int_member (object, "conversions_total"), ==, CRM_IMPORT_CONVERSIONS_MAX + 5);
  first = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (first, "row"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "field"), ==, "birthday");
  g_assert_cmpstr (json_object_get_string_member (first, "value"), ==, "1/22/80");
  g_assert_cmpstr (json_object_get_string_member (first, "converted"), ==, "1980-01-22");
  g_assert_cmpstr (json_object_get_string_member (first, "explanation"), ==, "1/22/80 read as 1980-01-22 (month/day/year)");

  /* a bad cell lists nothing */
  {
    g_autofree char *converted = NULL;

    g_assert_false (crm_import_conversions_convert (conversions, 1, &date_field, "soon", &converted, &error));
    g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  }
}

/* a locale made for the test, as the machine may have none but C */
static gboolean
use_locale (const char *lang)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-locale-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("%s.UTF-8", lang);
  g_autofree char *target = g_build_filename (dir, name, NULL);
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     NULL, "localedef", "-c", "-i", lang, "-f", "UTF-8", target, NULL);

  g_assert_nonnull (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_setenv ("LOCPATH", dir, TRUE);
  g_setenv ("LC_ALL", name, TRUE);
  return setlocale (LC_ALL, "") != NULL;
}

/* a real field's labels in the server's language: 决策者 is a contact's "Decision maker" */
static void
test_chinese (void)
{
  CrmEntityClass *klass = g_type_class_ref (CRM_TYPE_CONTACT);
  const CrmFieldSpec *role = &klass->fields[crm_entity_class_find_json_key (klass, "decision_role")];
  const CrmFieldSpec *birthday = &klass->fields[crm_entity_class_find_json_key (klass, "birthday")];
  g_autofree char *converted = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *date = NULL;
  g_autofree char *date_explanation = NULL;
  g_autofree char *english = NULL;
  g_autofree char *english_explanation = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *bad_explanation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (use_locale ("zh_CN"));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_assert_true (crm_import_value_convert (role, "决策者", &converted, &explanation, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (converted, ==, "decision_maker");
  g_assert_cmpstr (explanation, ==, "决策者 读作 decision_maker");
  /* the English label still does */
  g_assert_true (crm_import_value_convert (role, "GATEKEEPER", &english, &english_explanation, &error));
  g_assert_cmpstr (english, ==, "gatekeeper");
  g_assert_true (crm_import_value_convert (birthday, "1/22/80", &date, &date_explanation, &error));
  g_assert_cmpstr (date_explanation, ==, "1/22/80 读作 1980-01-22（月/日/年）");
  g_assert_false (crm_import_value_convert (role, "老板", &bad, &bad_explanation, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "决策者"));

  g_type_class_unref (klass);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-value/good", test_good);
  g_test_add_func ("/import-value/bad", test_bad);
  g_test_add_func ("/import-value/conversions-listed", test_conversions_listed);
  g_test_add_func ("/import-value/chinese", test_chinese);

  return g_test_run ();
}
