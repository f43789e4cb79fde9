/* test-search-text.c: the search index's normalisation, grams and pinyin keys */
#include "crm-search-text.h"

#include <string.h>

static void
test_normalize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Foo-Bar Ltd.", "foobarltd" },
    { "ＡＢＣ１２３", "abc123" },            /* full-width forms */
    { "Café Crème", "cafecreme" },          /* accents */
    { "上海康泰（集团）有限公司", "上海康泰集团有限公司" },
    { "138-0013 8000", "13800138000" },
    { "STRASSE Straße", "strassestrasse" },
    { "  —,.!  ", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = crm_search_text_normalize (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static gboolean
has_gram (GHashTable *grams,
          const char *gram)
{
  return g_hash_table_contains (grams, GUINT_TO_POINTER (crm_search_text_gram_hash (gram, strlen (gram))));
}

static void
test_grams (void)
{
  g_autoptr(GHashTable) grams = g_hash_table_new (NULL, NULL);

  crm_search_text_add_grams ("ab康泰c", grams);
  g_assert_true (has_gram (grams, "康"));
  g_assert_true (has_gram (grams, "泰"));
  g_assert_true (has_gram (grams, "康泰"));
  g_assert_true (has_gram (grams, "b康"));
  g_assert_true (has_gram (grams, "泰c"));
  g_assert_true (has_gram (grams, "ab"));
  g_assert_false (has_gram (grams, "a"));
  g_assert_false (has_gram (grams, "ab康"));
  /* ab, b康, 康泰, 泰c, 康, 泰 */
  g_assert_cmpuint (g_hash_table_size (grams), ==, 6);

  g_hash_table_remove_all (grams);
  crm_search_text_add_grams ("abcd xy", grams);
  g_assert_true (has_gram (grams, "abc"));
  g_assert_true (has_gram (grams, "bcd"));
  g_assert_true (has_gram (grams, "xy"));
  /* an ASCII pair only at the end of its run: the triples begin the others */
  g_assert_true (has_gram (grams, "cd"));
  g_assert_false (has_gram (grams, "ab"));
  g_assert_false (has_gram (grams, "bc"));
  /* abc bcd cd xy */
  g_assert_cmpuint (g_hash_table_size (grams), ==, 4);
  /* words share no gram */
  g_assert_false (has_gram (grams, "dx"));
  g_assert_false (has_gram (grams, "d x"));
}

/* whatever contains the term holds every gram the term asks for */
static void
test_query_grams_are_held (void)
{
  static const char * const texts[] = { "上海康泰集团有限公司", "abc13800138000xyz", "x上海y", "北京a1b2" };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autoptr(GHashTable) grams = g_hash_table_new (NULL, NULL);
      glong n = g_utf8_strlen (texts[t], -1);

      crm_search_text_add_grams (texts[t], grams);
      for (glong from = 0; from < n; from++)
        for (glong len = 1; from + len <= n; len++)
          {
            const char *start = g_utf8_offset_to_pointer (texts[t], from);
            const char *end = g_utf8_offset_to_pointer (texts[t], from + len);
            g_autofree char *term = g_strndup (start, end - start);
            g_autoptr(GArray) wanted = crm_search_text_query_grams (term);
            g_autoptr(GArray) pair = crm_search_text_pair_grams (term);
            gboolean any = FALSE;

            /* two ASCII characters: their pair or a triple they begin */
            for (guint i = 0; pair != NULL && i < pair->len; i++)
              any |= g_hash_table_contains (grams, GUINT_TO_POINTER (g_array_index (pair, guint32, i)));
            g_assert_true (pair == NULL || any);
            for (guint i = 0; pair == NULL && i < wanted->len; i++)
              g_assert_true (g_hash_table_contains (grams, GUINT_TO_POINTER (g_array_index (wanted, guint32, i))));
          }
    }
}

static void
test_query_grams_short (void)
{
  g_autoptr(GArray) none = crm_search_text_query_grams ("a");
  g_autoptr(GArray) empty = crm_search_text_query_grams ("");
  g_autoptr(GArray) han = crm_search_text_query_grams ("康");
  g_autoptr(GArray) pair = crm_search_text_query_grams ("kt");
  g_autoptr(GArray) latin = crm_search_text_query_grams ("kangtai");
  g_autoptr(GArray) chinese = crm_search_text_query_grams ("康泰集团");

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (han->len, ==, 1);
  g_assert_cmpuint (pair->len, ==, 1);
  /* kan ang ngt gta tai */
  g_assert_cmpuint (latin->len, ==, 5);
  /* 康泰 泰集 集团 */
  g_assert_cmpuint (chinese->len, ==, 3);
}

/* a term of two ASCII letters or digits: its pair, then the 36 triples it begins */
static void
test_pair_grams (void)
{
  g_autoptr(GArray) pair = crm_search_text_pair_grams ("kt");
  g_autoptr(GArray) digits = crm_search_text_pair_grams ("13");
  g_autoptr(GArray) han = crm_search_text_pair_grams ("康a");
  g_autoptr(GArray) one = crm_search_text_pair_grams ("k");
  g_autoptr(GArray) three = crm_search_text_pair_grams ("kta");
  g_autoptr(GHashTable) grams = g_hash_table_new (NULL, NULL);
  gboolean found = FALSE;

  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->len, ==, 37);
  g_assert_cmpuint (g_array_index (pair, guint32, 0), ==, crm_search_text_gram_hash ("kt", 2));
  g_assert_nonnull (digits);
  g_assert_null (han);
  g_assert_null (one);
  g_assert_null (three);
  /* inside "ktv" the pair is found by the triple it begins */
  crm_search_text_add_grams ("ktv", grams);
  for (guint i = 0; i < pair->len; i++)
    found |= g_hash_table_contains (grams, GUINT_TO_POINTER (g_array_index (pair, guint32, i)));
  g_assert_true (found);
  g_assert_false (g_hash_table_contains (grams, GUINT_TO_POINTER (crm_search_text_gram_hash ("kt", 2))));
}

static void
test_pinyin (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "上海康泰", "shanghaikangtai shkt" },
    { "abc", "" },
    { "3m中国x北京", "zhongguo zg beijing bj" },
    { "康", "kang" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = crm_search_text_pinyin (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* a phone number's digits, without the country code and trunk zero; NULL for other terms */
static void
test_phone_term (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "021-6234 5678", "2162345678" },
    { "02162345678", "2162345678" },
    { "6234-5678", "62345678" },
    { "(021) 6234.5678", "2162345678" },
    { "+86 21 6234 5678", "2162345678" },
    { "+86 (0)21 6234 5678", "2162345678" },
    { "0086 21 62345678", "2162345678" },
    { "+8613800138000", "13800138000" },
    { "008613800138000", "13800138000" },
    { "138-0013-8000", "13800138000" },
    { "0013 8000", "00138000" },             /* "00" is no trunk zero */
    { "８６１３８０", "861380" },              /* full-width; no "+": 86 is part of the number */
    { "+1 212 555 0100", "12125550100" },
    { "12", NULL },
    { "+86 21", NULL },
    { "0086", NULL },
    { "138x12", NULL },
    { "SR-0001", NULL },
    { "1+2+3", NULL },
    { "康泰 021", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = crm_search_text_phone_term (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-text/normalize", test_normalize);
  g_test_add_func ("/search-text/grams", test_grams);
  g_test_add_func ("/search-text/query-grams-are-held", test_query_grams_are_held);
  g_test_add_func ("/search-text/query-grams-short", test_query_grams_short);
  g_test_add_func ("/search-text/pair-grams", test_pair_grams);
  g_test_add_func ("/search-text/pinyin", test_pinyin);
  g_test_add_func ("/search-text/phone-term", test_phone_term);

  return g_test_run ();
}
