/* test-pinyin-table.c: the pinyin of Han characters from the build's table, as ICU's Han-Latin gives it, without opening ICU's transliterator */
#include "crm-search-text.h"
#include "crm-search-text-private.h"

#include <unicode/utrans.h>
#include <unicode/ustring.h>

/* ICU's syllable of @c, as the search index reads it: ASCII letters, lower case */
static char *
icu_syllable (UTransliterator *transliterator,
              gunichar         c)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar text[64];
  int32_t length = 0;
  int32_t limit;
  char utf8[8];
  GString *out = g_string_new (NULL);

  u_strFromUTF8 (text, G_N_ELEMENTS (text), &length, utf8, g_unichar_to_utf8 (c, utf8), &status);
  g_assert_true (U_SUCCESS (status));
  limit = length;
  utrans_transUChars (transliterator, text, &length, G_N_ELEMENTS (text), 0, &limit, &status);
  g_assert_true (U_SUCCESS (status));
  for (int32_t i = 0; i < length; i++)
    if (text[i] < 0x80 && g_ascii_isalpha (text[i]))
      g_string_append_c (out, g_ascii_tolower (text[i]));
  return g_string_free (out, FALSE);
}

static UTransliterator *
open_icu (void)
{
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  UChar id[32];
  UTransliterator *transliterator;

  u_uastrcpy (id, "Han-Latin; Latin-ASCII");
  transliterator = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
  g_assert_true (U_SUCCESS (status));
  return transliterator;
}

/* Names of the common blocks get their pinyin keys without the
 * transliterator, which would stay resident for good (runs first) */
static void
test_common_names_leave_icu_closed (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "上海华东医疗器械有限公司", "shanghaihuadongyiliaoqixieyouxiangongsi shhdylqxyxgs" },
    { "北京康泰", "beijingkangtai bjkt" },
    { "㐀", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = crm_search_text_pinyin (cases[i].in);

      if (cases[i].out != NULL)
        g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_false (crm_search_text_transliterator_is_open ());
}

/* every Han character of U+3400..U+9FFF: the table's syllable is ICU's */
static void
test_table_is_icu (void)
{
  UTransliterator *transliterator = open_icu ();
  guint han = 0;

  for (gunichar c = 0x3400; c <= 0x9FFF; c++)
    {
      char utf8[8] = { 0 };
      g_autofree char *wanted = NULL;
      g_autofree char *got = NULL;

      if (g_unichar_get_script (c) != G_UNICODE_SCRIPT_HAN)
        continue;
      han++;
      g_unichar_to_utf8 (c, utf8);
      wanted = icu_syllable (transliterator, c);
      got = crm_search_text_pinyin (utf8);
      if (g_strcmp0 (got, wanted) != 0)
        g_error ("U+%04X: table %s, ICU %s", c, got, wanted);
    }
  utrans_close (transliterator);
  g_assert_cmpuint (han, >, 27000);
}

/* a Han character past the table (CJK Extension B) still has ICU's syllable */
static void
test_outside_table_asks_icu (void)
{
  UTransliterator *transliterator = open_icu ();
  const gunichar chars[] = { 0x20000, 0x2A6D6, 0xF900 };

  for (gsize i = 0; i < G_N_ELEMENTS (chars); i++)
    {
      char utf8[8] = { 0 };
      g_autofree char *wanted = icu_syllable (transliterator, chars[i]);
      g_autofree char *got = NULL;

      g_unichar_to_utf8 (chars[i], utf8);
      got = crm_search_text_pinyin (utf8);
      g_assert_cmpstr (got, ==, wanted);
    }
  utrans_close (transliterator);
  g_assert_true (crm_search_text_transliterator_is_open ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pinyin-table/common-names-leave-icu-closed", test_common_names_leave_icu_closed);
  g_test_add_func ("/pinyin-table/table-is-icu", test_table_is_icu);
  g_test_add_func ("/pinyin-table/outside-table-asks-icu", test_outside_table_asks_icu);
  return g_test_run ();
}
