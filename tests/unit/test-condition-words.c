/* test-condition-words.c: unit tests for workflow conditions in words, every operator, in English and Chinese */
#include <locale.h>
#include <string.h>

#include <glib.h>
#include <gio/gio.h>
#include <libintl.h>

#include "crm-condition-words.h"

/* One row: a condition, the values it reads ("name=value;…", numbers unless
 * quoted, "null" for none; NULL: describe without values) and its words. */
typedef struct
{
  const char *text;
  const char *values;
  const char *words;
} WordsCase;

static const WordsCase english_cases[] = {
  /* the shipped workflows */
  { "max_line_discount > 10 or (header_discount != null and header_discount > 10)",
    "max_line_discount=15.0000;header_discount=null", "discount 15 % is over 10 %" },
  { "max_line_discount > 10 or (header_discount != null and header_discount > 10)",
    "max_line_discount=5.0000;header_discount=12.5000", "discount on all lines 12.5 % is over 10 %" },
  { "max_line_discount > 10 or (header_discount != null and header_discount > 10)",
    "max_line_discount=30.0000;header_discount=30.0000",
    "discount 30 % is over 10 % or discount on all lines 30 % is over 10 %" },
  { "max_line_discount > 10 or (header_discount != null and header_discount > 10)", NULL,
    "discount is over 10 % or discount on all lines is over 10 %" },
  { "total_base >= 1000000", "total_base=1200000.00", "total in base currency 1200000 is at least 1000000" },
  { "amount > 5000", "amount=5000.50", "amount 5000.5 is over 5000" },

  /* each comparison; a literal on the left reads from the field's side */
  { "max_line_discount == 10", "max_line_discount=10.0000", "discount 10 % is 10 %" },
  { "max_line_discount != 10", "max_line_discount=12.0000", "discount 12 % is not 10 %" },
  { "max_line_discount < 10", "max_line_discount=5.0000", "discount 5 % is under 10 %" },
  { "max_line_discount <= 10", "max_line_discount=10.0000", "discount 10 % is at most 10 %" },
  { "max_line_discount > 10", "max_line_discount=15.0000", "discount 15 % is over 10 %" },
  { "max_line_discount >= 10", "max_line_discount=10.0000", "discount 10 % is at least 10 %" },
  { "10 < max_line_discount", "max_line_discount=15.0000", "discount 15 % is over 10 %" },
  { "10 >= max_line_discount", "max_line_discount=5.0000", "discount 5 % is at most 10 %" },
  { "max_line_discount > header_discount", "max_line_discount=15.0000;header_discount=5.0000",
    "discount 15 % is over discount on all lines 5 %" },

  /* null: a test of its own, or a guard left out beside another test of the field */
  { "header_discount == null", "header_discount=null", "discount on all lines is empty" },
  { "header_discount != null", "header_discount=3.0000", "discount on all lines is set" },
  { "header_discount != null and header_discount > 10", "header_discount=12.0000",
    "discount on all lines 12 % is over 10 %" },
  { "header_discount != null and max_line_discount > 10", "header_discount=1.0000;max_line_discount=12.0000",
    "discount on all lines is set and discount 12 % is over 10 %" },

  /* membership, text, dates, booleans */
  { "currency in [\"USD\", \"EUR\"]", "currency=\"EUR\"", "currency “EUR” is one of “USD”, “EUR”" },
  { "currency not in [\"USD\", \"EUR\"]", "currency=\"CNY\"", "currency “CNY” is none of “USD”, “EUR”" },
  { "currency == \"CNY\"", NULL, "currency is “CNY”" },
  { "valid_until < date(\"2026-01-31\")", NULL, "valid until is under 2026-01-31" },
  { "owner.role == \"sales\"", "owner.role=\"sales\"", "owner role “sales” is “sales”" },
  { "urgent == true", NULL, "urgent is yes" },
  { "true", NULL, "always" },
  { "false", NULL, "never" },

  /* logic */
  { "not (max_line_discount > 10)", "max_line_discount=5.0000", "not (discount 5 % is over 10 %)" },
  { "max_line_discount > 10 and total > 1000", "max_line_discount=15.0000;total=2000.00",
    "discount 15 % is over 10 % and total 2000 is over 1000" },
  { "max_line_discount > 10 or total > 1000", "max_line_discount=15.0000;total=20.00", "discount 15 % is over 10 %" },
  { "max_line_discount > 10 or total > 1000", "max_line_discount=1.0000;total=20.00",
    "discount 1 % is over 10 % or total 20 is over 1000" },
  { "max_line_discount > 10 or total > 1000 or amount > 5", "max_line_discount=1.0000;total=2000.00;amount=9",
    "total 2000 is over 1000 or amount 9 is over 5" },
  { "(max_line_discount > 10 or total > 1000) and amount > 5", NULL,
    "(discount is over 10 % or total is over 1000) and amount is over 5" },
  { "max_line_discount > 10 and (total > 1000 or amount > 5)", "max_line_discount=15.0000;total=5.00;amount=9",
    "discount 15 % is over 10 % and amount 9 is over 5" },

  /* arithmetic: the expression with its fields' names */
  { "total + tax_total > 1000", "total=900.00;tax_total=117.00", "total + tax total is over 1000" },
  { "total - net_total < 10", NULL, "total - net total is under 10" },
  { "total * 2 >= 100", NULL, "total * 2 is at least 100" },
  { "total / 2 <= 100", NULL, "total / 2 is at most 100" },
  { "(total + 1) * 2 > 100", NULL, "(total + 1) * 2 is over 100" },
  { "-total < 0", NULL, "-total is under 0" },
  { "max_line_discount - header_discount > 5", NULL, "discount - discount on all lines is over 5 %" },
};

static const WordsCase chinese_cases[] = {
  { "max_line_discount > 10 or (header_discount != null and header_discount > 10)",
    "max_line_discount=15.0000;header_discount=null", "折扣 15% 超过 10%" },
  { "total_base >= 1000000", "total_base=1200000.00", "本位币总额 1,200,000 不低于 1,000,000" },
  { "max_line_discount < 10", "max_line_discount=5.0000", "折扣 5% 低于 10%" },
  { "max_line_discount <= 10", NULL, "折扣 不超过 10%" },
  { "max_line_discount == 10", NULL, "折扣 为 10%" },
  { "max_line_discount != 10", NULL, "折扣 不为 10%" },
  { "header_discount == null", NULL, "整单折扣为空" },
  { "header_discount != null", NULL, "整单折扣已填写" },
  { "currency in [\"USD\", \"EUR\"]", NULL, "币种 属于 “USD”、“EUR”" },
  { "currency not in [\"USD\"]", NULL, "币种 不属于 “USD”" },
  { "max_line_discount > 10 and amount > 5", NULL, "折扣 超过 10% 且 金额 超过 5" },
  { "max_line_discount > 10 or amount > 5", NULL, "折扣 超过 10% 或 金额 超过 5" },
  { "not (amount > 5)", NULL, "并非（金额 超过 5）" },
};

static GHashTable *
parse_values (const char *spec)
{
  GHashTable *values = crm_condition_values_new ();
  g_auto(GStrv) pairs = g_strsplit (spec, ";", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = g_strndup (pairs[i], eq - pairs[i]);
      const char *text = eq + 1;
      CrmConditionValue *value;
      CrmMoney number;

      if (g_str_equal (text, "null"))
        value = crm_condition_value_new_null ();
      else if (text[0] == '"')
        {
          g_autofree char *string = g_strndup (text + 1, strlen (text) - 2);

          value = crm_condition_value_new_string (string);
        }
      else
        {
          const char *dot = strchr (text, '.');

          g_assert_true (crm_money_parse (text, dot ? strlen (dot + 1) : 0, &number, NULL));
          value = crm_condition_value_new_number (number);
        }
      crm_condition_values_take (values, name, value);
    }
  return values;
}

static void
check_cases (const WordsCase *cases,
             guint            n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCondition) condition = crm_condition_parse (cases[i].text, NULL, &error);
      g_autoptr(GHashTable) values = NULL;
      g_autofree char *words = NULL;

      g_assert_no_error (error);
      if (cases[i].values != NULL)
        values = parse_values (cases[i].values);
      words = crm_condition_to_words (condition, values ? crm_condition_values_lookup : NULL, values);
      g_test_message ("%s → %s", cases[i].text, words);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_english (void)
{
  check_cases (english_cases, G_N_ELEMENTS (english_cases));
}

/* compiles the locale into a private directory: no root, no system change */
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

static void
test_chinese (void)
{
  g_assert_true (use_locale ("zh_CN"));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  check_cases (chinese_cases, G_N_ELEMENTS (chinese_cases));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");

  g_test_add_func ("/condition-words/english", test_english);
  g_test_add_func ("/condition-words/chinese", test_chinese);
  return g_test_run ();
}
