/* test-chinese-amount.c: unit tests for amounts in Chinese capital numerals (大写金额) */
#include <string.h>

#include <glib.h>

#include "crm-chinese-amount.h"
#include "crm-error.h"
#include "crm-money.h"

/* Parses @text at exactly as many decimals as it is written with. */
static CrmMoney
money (const char *text)
{
  g_autoptr(GError) error = NULL;
  const char *dot = strchr (text, '.');
  guint scale = dot != NULL ? (guint) strlen (dot + 1) : 0;
  CrmMoney m = { 0, 0 };

  g_assert_true (crm_money_parse (text, scale, &m, &error));
  g_assert_no_error (error);
  return m;
}

/* Worked out by hand from the rules in crm-chinese-amount.h; the first
 * group follows the examples of the People's Bank of China rules. */
static const struct
{
  const char *amount;
  const char *expected;
} cases[] = {
  /* the examples of the rules */
  { "1680.32",              "壹仟陆佰捌拾元零叁角贰分" },
  { "107000.53",            "壹拾万柒仟元零伍角叁分" },
  { "16409.02",             "壹万陆仟肆佰零玖元零贰分" },
  { "325.04",               "叁佰贰拾伍元零肆分" },

  /* plain amounts */
  { "12345.67",             "壹万贰仟叁佰肆拾伍元陆角柒分" },
  { "100",                  "壹佰元整" },
  { "1000000",              "壹佰万元整" },
  { "60000.00",             "陆万元整" },
  { "20000000",             "贰仟万元整" },
  { "10",                   "壹拾元整" },
  { "15",                   "壹拾伍元整" },
  { "110",                  "壹佰壹拾元整" },

  /* 角 and 分 */
  { "10005.30",             "壹万零伍元叁角" },
  { "0.05",                 "伍分" },
  { "0.30",                 "叁角" },
  { "0.35",                 "叁角伍分" },
  { "20.5",                 "贰拾元零伍角" },
  { "200000.10",            "贰拾万元零壹角" },
  { "1000.01",              "壹仟元零壹分" },
  { "500000000.50",         "伍亿元零伍角" },

  /* zero runs inside a group and across 万 and 亿 */
  { "0",                    "零元整" },
  { "0.00",                 "零元整" },
  { "1001",                 "壹仟零壹元整" },
  { "1010",                 "壹仟零壹拾元整" },
  { "100100",               "壹拾万零壹佰元整" },
  { "1000001",              "壹佰万零壹元整" },
  { "30004000",             "叁仟万肆仟元整" },
  { "30000400",             "叁仟万零肆佰元整" },
  { "100000001.01",         "壹亿零壹元零壹分" },
  { "100000000",            "壹亿元整" },
  { "100010000",            "壹亿零壹万元整" },
  { "101000000",            "壹亿零壹佰万元整" },
  { "10000001000",          "壹佰亿零壹仟元整" },
  { "10100000000",          "壹佰零壹亿元整" },
  { "1000000000000",        "壹万亿元整" },
  { "1000100000000",        "壹万零壹亿元整" },
  { "1000000010000",        "壹万亿零壹万元整" },
  { "1234567890123456.78",  "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌亿玖仟零壹拾贰万叁仟肆佰伍拾陆元柒角捌分" },
  { "9999999999999999.99",  "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },

  /* negative amounts */
  { "-1",                   "负壹元整" },
  { "-12345.67",            "负壹万贰仟叁佰肆拾伍元陆角柒分" },
  { "-0.00",                "零元整" },
  { "-9999999999999999.99", "负玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },

  /* more than 2 decimals: rounded half-up first */
  { "0.005",                "壹分" },
  { "0.004",                "零元整" },
  { "-0.004",               "零元整" },
  { "-0.005",               "负壹分" },
  { "1.999",                "贰元整" },
  { "99.99499999",          "玖拾玖元玖角玖分" },
  { "9999999999.994",       "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s", cases[i].amount);
      text = crm_money_to_chinese_capital (money (cases[i].amount), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static const char * const too_large[] = {
  "10000000000000000",
  "-10000000000000000",
  "10000000000000000.00",
  "-92233720368547758.08",
  "9223372036854775807",
  "-9223372036854775808",
};

static void
test_too_large (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (too_large); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s", too_large[i]);
      text = crm_money_to_chinese_capital (money (too_large[i]), &error);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
      g_assert_null (text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chinese-amount/cases", test_cases);
  g_test_add_func ("/chinese-amount/too-large", test_too_large);

  return g_test_run ();
}
