/* test-import-charset.c: an imported file's encoding found (BOM, UTF-8, ICU's guess) or named, and read */
#include "crm-import-charset.h"
#include "crm-error.h"

#include <string.h>

typedef struct
{
  const char *bytes;
  gsize       length;
  const char *found;
  const char *text;
} CharsetCase;

/* "名称,手机\n李明,13800138000\n上海华信贸易有限公司,采购经理\n" in each encoding */
static const CharsetCase cases[] = {
  { "plain,ascii\n", 12, "UTF-8", "plain,ascii\n" },
  { "\xEF\xBB\xBF" "a,\xC3\xBC\n", 8, "UTF-8", "a,ü\n" },
  { "\xFF\xFE" "a\0,\0\xFC\0\n\0", 10, "UTF-16LE", "a,ü\n" },
  { "\xFE\xFF" "\0a\0,\0\xFC\0\n", 10, "UTF-16BE", "a,ü\n" },
  /* GBK, as Excel writes a Chinese sheet */
  { "\xC3\xFB\xB3\xC6,\xCA\xD6\xBB\xFA\n\xC0\xEE\xC3\xF7,13800138000\n"
    "\xC9\xCF\xBA\xA3\xBB\xAA\xD0\xC5\xC3\xB3\xD2\xD7\xD3\xD0\xCF\xDE\xB9\xAB\xCB\xBE,\xB2\xC9\xB9\xBA\xBE\xAD\xC0\xED\n",
    -1, "GB18030", "名称,手机\n李明,13800138000\n上海华信贸易有限公司,采购经理\n" },
  /* Windows-1252: ü, €, an en dash */
  { "Name,Notes\nM\xFCller GmbH,Rabatt 5 \x80 \x96 K\xF6ln\nCaf\xE9 Soci\xE9t\xE9,Z\xFCrich\n", -1, "windows-1252",
    "Name,Notes\nMüller GmbH,Rabatt 5 € – Köln\nCafé Société,Zürich\n" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = cases[i].length == (gsize) -1 ? strlen (cases[i].bytes) : cases[i].length;
      g_autoptr(GError) error = NULL;
      const char *found = NULL;
      gsize text_length = 0;
      g_autofree char *text = NULL;

      g_test_message ("case %u", i);
      g_assert_cmpstr (crm_import_charset_detect (cases[i].bytes, length), ==, cases[i].found);
      text = crm_import_charset_to_utf8 (cases[i].bytes, length, NULL, &found, &text_length, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (found, ==, cases[i].found);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpuint (text_length, ==, strlen (cases[i].text));
    }
}

/* a named charset wins over detection; GBK and Shift_JIS are read as their Windows supersets */
static void
test_named (void)
{
  /* "ü" in Latin-1 is not UTF-8; named, it is read so */
  g_autoptr(GError) error = NULL;
  const char *found = NULL;
  g_autofree char *latin = crm_import_charset_to_utf8 ("M\xFC", 2, "ISO-8859-1", &found, NULL, &error);
  /* "名" in GBK, read as Big5 because the sender says so */
  g_autofree char *as_big5 = NULL;
  /* 0x87 0x40 is NEC's ① in CP932, not in plain Shift_JIS */
  g_autofree char *circled = crm_import_charset_to_utf8 ("\x87\x40", 2, "Shift_JIS", NULL, NULL, &error);
  g_autofree char *gbk = crm_import_charset_to_utf8 ("\xC3\xFB", 2, "gbk", NULL, NULL, &error);
  g_autofree char *bom_named = crm_import_charset_to_utf8 ("\xEF\xBB\xBF" "x", 4, "utf-8", &found, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (latin, ==, "Mü");
  g_assert_cmpstr (circled, ==, "①");
  g_assert_cmpstr (gbk, ==, "名");
  g_assert_cmpstr (bom_named, ==, "x");
  g_assert_cmpstr (found, ==, "UTF-8");
  as_big5 = crm_import_charset_to_utf8 ("\xC3\xFB", 2, "Big5", &found, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "Big5");
  g_assert_cmpstr (as_big5, !=, "名");
}

static void
test_errors (void)
{
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) not_utf8 = NULL;
  g_autoptr(GError) odd = NULL;
  g_autofree char *a = crm_import_charset_to_utf8 ("abc", 3, "x-no-such-charset", NULL, NULL, &unknown);
  g_autofree char *b = crm_import_charset_to_utf8 ("a\xFF", 2, "UTF-8", NULL, NULL, &not_utf8);
  /* UTF-16 cut in the middle of a character */
  g_autofree char *c = crm_import_charset_to_utf8 ("\xFF\xFE" "a\0b", 5, NULL, NULL, NULL, &odd);

  g_assert_null (a);
  g_assert_error (unknown, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_assert_null (b);
  g_assert_error (not_utf8, CRM_ERROR, CRM_ERROR_VALIDATION);
  g_assert_null (c);
  g_assert_error (odd, CRM_ERROR, CRM_ERROR_VALIDATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-charset/detected", test_cases);
  g_test_add_func ("/import-charset/named", test_named);
  g_test_add_func ("/import-charset/errors", test_errors);
  return g_test_run ();
}
