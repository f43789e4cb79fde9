/* test-money.c: unit tests for CrmMoney parsing, formatting, rounding and arithmetic */
#include <locale.h>
#include <string.h>

#include <glib.h>

#include "crm-error.h"
#include "crm-money.h"

#define OK (-1)

/* Parses @text at exactly as many decimals as it is written with, so that the
 * tables below can be written as decimal strings. */
static CrmMoney
money (const char *text)
{
  g_autoptr(GError) error = NULL;
  const char *dot = strchr (text, '.');
  guint scale = dot != NULL ? (guint) strlen (dot + 1) : 0;
  CrmMoney m = { 0, 0 };
  gboolean ok;

  ok = crm_money_parse (text, scale, &m, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return m;
}

static void
assert_money_str (CrmMoney    m,
                  const char *expected)
{
  g_autofree char *str = crm_money_to_string (m);

  g_assert_cmpstr (str, ==, expected);
}

/* Checks the outcome of a fallible operation: @expected is the result as a
 * string, or NULL when CRM_ERROR_OUT_OF_RANGE is expected. */
static void
assert_result (gboolean    ok,
               GError     *error,
               CrmMoney    result,
               const char *expected)
{
  if (expected != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      assert_money_str (result, expected);
    }
  else
    {
      g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
      g_assert_false (ok);
    }
}

static const struct
{
  const char *text;
  guint       scale;
  gint64      value;
  int         error_code;
} parse_cases[] = {
  /* accepted */
  { "0",                            2, 0,                              OK },
  { "-0",                           2, 0,                              OK },
  { "+0",                           0, 0,                              OK },
  { "-0.00",                        2, 0,                              OK },
  { "1234.50",                      2, G_GINT64_CONSTANT (123450),     OK },
  { "1234.5",                       2, G_GINT64_CONSTANT (123450),     OK },
  { "-0.05",                        2, -5,                             OK },
  { "+7",                           2, 700,                            OK },
  { "007.50",                       2, 750,                            OK },
  { "0000000000000000000000000001", 0, 1,                              OK },
  { "1.2300",                       2, 123,                            OK },
  { "5.000000000000",               0, 5,                              OK },
  { "12",                           0, 12,                             OK },
  { "0.00000001",                   8, 1,                              OK },
  { "-0.00000001",                  8, -1,                             OK },
  { "9223372036854775807",          0, G_MAXINT64,                     OK },
  { "-9223372036854775808",         0, G_MININT64,                     OK },
  { "92233720368547758.07",         2, G_MAXINT64,                     OK },
  { "-92233720368547758.08",        2, G_MININT64,                     OK },
  { "92233720368.54775807",         8, G_MAXINT64,                     OK },
  { "-92233720368.54775808",        8, G_MININT64,                     OK },
  { "92233720368.5477580700",       8, G_MAXINT64,                     OK },

  /* malformed */
  { "",                             2, 0, CRM_ERROR_VALIDATION },
  { ".",                            2, 0, CRM_ERROR_VALIDATION },
  { "1.",                           2, 0, CRM_ERROR_VALIDATION },
  { ".5",                           2, 0, CRM_ERROR_VALIDATION },
  { "-.5",                          2, 0, CRM_ERROR_VALIDATION },
  { "-",                            2, 0, CRM_ERROR_VALIDATION },
  { "+",                            2, 0, CRM_ERROR_VALIDATION },
  { "--1",                          2, 0, CRM_ERROR_VALIDATION },
  { "+-1",                          2, 0, CRM_ERROR_VALIDATION },
  { "1-",                           2, 0, CRM_ERROR_VALIDATION },
  { "1e3",                          2, 0, CRM_ERROR_VALIDATION },
  { "1E3",                          2, 0, CRM_ERROR_VALIDATION },
  { " 1",                           2, 0, CRM_ERROR_VALIDATION },
  { "1 ",                           2, 0, CRM_ERROR_VALIDATION },
  { "\t1",                          2, 0, CRM_ERROR_VALIDATION },
  { "- 1",                          2, 0, CRM_ERROR_VALIDATION },
  { "1,000",                        2, 0, CRM_ERROR_VALIDATION },
  { "1,5",                          2, 0, CRM_ERROR_VALIDATION },
  { "1 000",                        2, 0, CRM_ERROR_VALIDATION },
  { "1_000",                        2, 0, CRM_ERROR_VALIDATION },
  { "1.2.3",                        2, 0, CRM_ERROR_VALIDATION },
  { "0x10",                         2, 0, CRM_ERROR_VALIDATION },
  { "inf",                          2, 0, CRM_ERROR_VALIDATION },
  { "NaN",                          2, 0, CRM_ERROR_VALIDATION },
  { "\xe2\x88\x92" "1",             2, 0, CRM_ERROR_VALIDATION }, /* U+2212 minus */
  { "\xd9\xa1",                     2, 0, CRM_ERROR_VALIDATION }, /* Arabic-Indic 1 */
  { "1.5\n",                        2, 0, CRM_ERROR_VALIDATION },

  /* too many decimals, too large, bad scale */
  { "1.234",                        2, 0, CRM_ERROR_OUT_OF_RANGE },
  { "1.2301",                       2, 0, CRM_ERROR_OUT_OF_RANGE },
  { "0.5",                          0, 0, CRM_ERROR_OUT_OF_RANGE },
  { "0.000000001",                  8, 0, CRM_ERROR_OUT_OF_RANGE },
  { "9223372036854775808",          0, 0, CRM_ERROR_OUT_OF_RANGE },
  { "-9223372036854775809",         0, 0, CRM_ERROR_OUT_OF_RANGE },
  { "92233720368547758.08",         2, 0, CRM_ERROR_OUT_OF_RANGE },
  { "-92233720368547758.09",        2, 0, CRM_ERROR_OUT_OF_RANGE },
  { "92233720368547759",            2, 0, CRM_ERROR_OUT_OF_RANGE },
  { "99999999999999999999999999999", 0, 0, CRM_ERROR_OUT_OF_RANGE },
  { "1",                            9, 0, CRM_ERROR_OUT_OF_RANGE },
};

static void
test_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney sentinel = { 42, 7 };
      CrmMoney m = sentinel;
      gboolean ok;

      g_test_message ("parse \"%s\" at scale %u", parse_cases[i].text, parse_cases[i].scale);
      ok = crm_money_parse (parse_cases[i].text, parse_cases[i].scale, &m, &error);

      if (parse_cases[i].error_code == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (m.value, ==, parse_cases[i].value);
          g_assert_cmpuint (m.scale, ==, parse_cases[i].scale);
        }
      else
        {
          g_assert_error (error, CRM_ERROR, parse_cases[i].error_code);
          g_assert_false (ok);
          /* a failed parse leaves the output alone */
          g_assert_cmpint (m.value, ==, sentinel.value);
          g_assert_cmpuint (m.scale, ==, sentinel.scale);
        }
    }
}

static void
test_parse_decimals_message (void)
{
  g_autoptr(GError) error = NULL;
  CrmMoney m;

  g_assert_false (crm_money_parse ("1.234", 2, &m, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);

  g_assert_false (crm_money_parse ("1.5", 0, &m, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "0"));
}

static const struct
{
  gint64      value;
  guint       scale;
  const char *text;
} to_string_cases[] = {
  { 12345,      2, "123.45" },
  { 123450,     2, "1234.50" },
  { -5,         2, "-0.05" },
  { -50,        2, "-0.50" },
  { 0,          2, "0.00" },
  { 0,          0, "0" },
  { 12,         0, "12" },
  { -12,        0, "-12" },
  { 100,        2, "1.00" },
  { 1,          8, "0.00000001" },
  { -100000000, 8, "-1.00000000" },
  { G_MAXINT64, 0, "9223372036854775807" },
  { G_MININT64, 0, "-9223372036854775808" },
  { G_MAXINT64, 2, "92233720368547758.07" },
  { G_MININT64, 8, "-92233720368.54775808" },
};

static void
test_to_string (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (to_string_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney m = crm_money_new (to_string_cases[i].value, to_string_cases[i].scale);
      g_autofree char *text = crm_money_to_string (m);
      CrmMoney back;

      g_assert_cmpstr (text, ==, to_string_cases[i].text);

      /* and back again, losslessly */
      g_assert_true (crm_money_parse (text, m.scale, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back.value, ==, m.value);
      g_assert_cmpuint (back.scale, ==, m.scale);
    }
}

static void
test_new (void)
{
  CrmMoney m = crm_money_new (12345, 2);

  g_assert_cmpint (m.value, ==, 12345);
  g_assert_cmpuint (m.scale, ==, 2);

  if (g_test_subprocess ())
    {
      m = crm_money_new (1, CRM_MONEY_MAX_SCALE + 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*scale*");
}

static const struct
{
  const char  *text;
  guint        scale;
  CrmRounding  mode;
  const char  *expected;
} rescale_cases[] = {
  /* half-even: ties go to the even digit, in both directions */
  { "0.125",                 2, CRM_ROUND_HALF_EVEN, "0.12" },
  { "0.135",                 2, CRM_ROUND_HALF_EVEN, "0.14" },
  { "-0.125",                2, CRM_ROUND_HALF_EVEN, "-0.12" },
  { "-0.135",                2, CRM_ROUND_HALF_EVEN, "-0.14" },
  { "0.5",                   0, CRM_ROUND_HALF_EVEN, "0" },
  { "1.5",                   0, CRM_ROUND_HALF_EVEN, "2" },
  { "2.5",                   0, CRM_ROUND_HALF_EVEN, "2" },
  { "-2.5",                  0, CRM_ROUND_HALF_EVEN, "-2" },
  { "-3.5",                  0, CRM_ROUND_HALF_EVEN, "-4" },
  { "2.5000",                0, CRM_ROUND_HALF_EVEN, "2" },
  { "0.1251",                2, CRM_ROUND_HALF_EVEN, "0.13" },
  { "0.1250001",             2, CRM_ROUND_HALF_EVEN, "0.13" },
  { "0.1249999",             2, CRM_ROUND_HALF_EVEN, "0.12" },
  { "0.00000005",            7, CRM_ROUND_HALF_EVEN, "0.0000000" },
  { "0.00000015",            7, CRM_ROUND_HALF_EVEN, "0.0000002" },
  { "0.00000025",            7, CRM_ROUND_HALF_EVEN, "0.0000002" },

  /* half-up: ties away from zero */
  { "0.125",                 2, CRM_ROUND_HALF_UP,   "0.13" },
  { "-0.125",                2, CRM_ROUND_HALF_UP,   "-0.13" },
  { "0.135",                 2, CRM_ROUND_HALF_UP,   "0.14" },
  { "0.124",                 2, CRM_ROUND_HALF_UP,   "0.12" },
  { "-0.124",                2, CRM_ROUND_HALF_UP,   "-0.12" },
  { "0.5",                   0, CRM_ROUND_HALF_UP,   "1" },
  { "-0.5",                  0, CRM_ROUND_HALF_UP,   "-1" },
  { "2.5",                   0, CRM_ROUND_HALF_UP,   "3" },
  { "0.49999999",            0, CRM_ROUND_HALF_UP,   "0" },
  { "0.50000000",            0, CRM_ROUND_HALF_UP,   "1" },
  { "-0.50000000",           0, CRM_ROUND_HALF_UP,   "-1" },
  { "0.1249999",             2, CRM_ROUND_HALF_UP,   "0.12" },
  { "0.00000005",            7, CRM_ROUND_HALF_UP,   "0.0000001" },

  /* down: toward zero */
  { "1.999",                 2, CRM_ROUND_DOWN,      "1.99" },
  { "-1.999",                2, CRM_ROUND_DOWN,      "-1.99" },
  { "0.99999999",            0, CRM_ROUND_DOWN,      "0" },
  { "-0.99999999",           0, CRM_ROUND_DOWN,      "0" },

  /* extremes */
  { "92233720368.54775807",  0, CRM_ROUND_HALF_UP,   "92233720369" },
  { "92233720368.54775807",  0, CRM_ROUND_DOWN,      "92233720368" },
  { "-92233720368.54775808", 0, CRM_ROUND_HALF_EVEN, "-92233720369" },
  { "-92233720368.54775808", 2, CRM_ROUND_HALF_UP,   "-92233720368.55" },

  /* widening is exact whatever the mode */
  { "1.5",                   8, CRM_ROUND_DOWN,      "1.50000000" },
  { "-3",                    2, CRM_ROUND_HALF_UP,   "-3.00" },
  { "0.12",                  2, CRM_ROUND_HALF_EVEN, "0.12" },
  { "-922337203685477580",   1, CRM_ROUND_HALF_UP,   "-922337203685477580.0" },

  /* widening past the gint64 range, or beyond the maximum scale */
  { "9223372036854775807",   1, CRM_ROUND_HALF_UP,   NULL },
  { "-922337203685477581",   1, CRM_ROUND_HALF_UP,   NULL },
  { "92233720368.54775807",  9, CRM_ROUND_HALF_UP,   NULL },
  { "1",                     9, CRM_ROUND_DOWN,      NULL },
};

static void
test_rescale (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rescale_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney result = { 0, 0 };
      gboolean ok;

      g_test_message ("rescale %s to %u, mode %d", rescale_cases[i].text,
                      rescale_cases[i].scale, rescale_cases[i].mode);
      ok = crm_money_rescale (money (rescale_cases[i].text), rescale_cases[i].scale,
                              rescale_cases[i].mode, &result, &error);
      assert_result (ok, error, result, rescale_cases[i].expected);
    }
}

static void
test_rescale_bad_operand (void)
{
  g_autoptr(GError) error = NULL;
  CrmMoney bad = { 1, CRM_MONEY_MAX_SCALE + 1 };
  CrmMoney out;

  g_assert_false (crm_money_rescale (bad, 2, CRM_ROUND_HALF_UP, &out, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
}

static const struct
{
  const char *a;
  char        op;
  const char *b;
  const char *expected;
} add_sub_cases[] = {
  { "1.5",                  '+', "0.25",                  "1.75" },
  { "1.50",                 '-', "0.25",                  "1.25" },
  { "0.1",                  '+', "0.00000001",            "0.10000001" },
  { "1",                    '-', "0.01",                  "0.99" },
  { "-1",                   '+', "1",                     "0" },
  { "0.10",                 '-', "0.25",                  "-0.15" },
  { "9223372036854775807",  '-', "9223372036854775807",   "0" },
  { "-9223372036854775808", '+', "9223372036854775807",   "-1" },
  { "92233720368547758",    '+', "0.07",                  "92233720368547758.07" },
  { "-92233720368547758",   '-', "0.08",                  "-92233720368547758.08" },
  /* exact: widening overflows on the way, the result does not */
  { "922337203685477581",   '-', "0.3",                   "922337203685477580.7" },
  { "-922337203685477581",  '+', "0.2",                   "-922337203685477580.8" },

  /* overflow of the result */
  { "9223372036854775807",  '+', "1",                     NULL },
  { "-9223372036854775808", '-', "1",                     NULL },
  { "0",                    '-', "-9223372036854775808",  NULL },
  { "92233720368547758",    '+', "0.08",                  NULL },
  { "-92233720368547758",   '-', "0.09",                  NULL },
  /* overflow when bringing both sides to the same scale */
  { "9223372036854775807",  '+', "0.0",                   NULL },
  { "922337203685477581",   '-', "0.1",                   NULL },
  { "-9223372036854775808", '+', "0.00000000",            NULL },
};

static void
test_add_sub (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (add_sub_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney a = money (add_sub_cases[i].a);
      CrmMoney b = money (add_sub_cases[i].b);
      CrmMoney result = { 0, 0 };
      gboolean ok;

      g_test_message ("%s %c %s", add_sub_cases[i].a, add_sub_cases[i].op, add_sub_cases[i].b);
      if (add_sub_cases[i].op == '+')
        ok = crm_money_add (a, b, &result, &error);
      else
        ok = crm_money_sub (a, b, &result, &error);
      assert_result (ok, error, result, add_sub_cases[i].expected);

      /* addition commutes, overflow included */
      if (add_sub_cases[i].op == '+')
        {
          g_clear_error (&error);
          ok = crm_money_add (b, a, &result, &error);
          assert_result (ok, error, result, add_sub_cases[i].expected);
        }
    }
}

static const struct
{
  const char  *a;
  const char  *b;
  guint        scale;
  CrmRounding  mode;
  const char  *expected;
} mul_cases[] = {
  { "3",                     "0.3333",     4, CRM_ROUND_HALF_UP,   "0.9999" },
  { "0.5",                   "0.5",        2, CRM_ROUND_HALF_UP,   "0.25" },
  { "19.99",                 "3",          2, CRM_ROUND_HALF_UP,   "59.97" },
  { "113.00",                "0.13",       2, CRM_ROUND_HALF_UP,   "14.69" },
  { "2",                     "3",          8, CRM_ROUND_HALF_UP,   "6.00000000" },
  { "-1.5",                  "-2",         1, CRM_ROUND_HALF_UP,   "3.0" },
  { "1.5",                   "-2",         0, CRM_ROUND_HALF_UP,   "-3" },

  /* one rounding of the exact product: 0.025, -0.025, 0.075 */
  { "0.05",                  "0.5",        2, CRM_ROUND_HALF_UP,   "0.03" },
  { "0.05",                  "0.5",        2, CRM_ROUND_HALF_EVEN, "0.02" },
  { "0.05",                  "0.5",        2, CRM_ROUND_DOWN,      "0.02" },
  { "-0.05",                 "0.5",        2, CRM_ROUND_HALF_UP,   "-0.03" },
  { "-0.05",                 "0.5",        2, CRM_ROUND_HALF_EVEN, "-0.02" },
  { "0.15",                  "0.5",        2, CRM_ROUND_HALF_EVEN, "0.08" },
  { "1.23456789",            "1.23456789", 8, CRM_ROUND_HALF_UP,   "1.52415788" },
  { "1.23456789",            "1.23456789", 8, CRM_ROUND_DOWN,      "1.52415787" },
  { "0.00000005",            "0.1",        8, CRM_ROUND_HALF_UP,   "0.00000001" },
  { "0.00000005",            "0.1",        8, CRM_ROUND_HALF_EVEN, "0.00000000" },

  /* the exact product needs more than 64 bits before rounding */
  { "92233720368.54775807",  "1.00000000", 8, CRM_ROUND_HALF_UP,   "92233720368.54775807" },
  { "-92233720368.54775808", "1.00000000", 8, CRM_ROUND_HALF_UP,   "-92233720368.54775808" },
  { "92233720368.54775807",  "0.10000000", 8, CRM_ROUND_HALF_EVEN, "9223372036.85477581" },
  { "9223372036854775807",   "1",          0, CRM_ROUND_HALF_UP,   "9223372036854775807" },

  /* overflow */
  { "9223372036854775807",   "2",          0, CRM_ROUND_HALF_UP,   NULL },
  { "-9223372036854775808",  "-1",         0, CRM_ROUND_HALF_UP,   NULL },
  { "9223372036854775807",   "1",          1, CRM_ROUND_HALF_UP,   NULL },
  { "92233720368.54775807",  "10.00000000", 8, CRM_ROUND_DOWN,     NULL },
  { "3037000500",            "3037000500", 0, CRM_ROUND_HALF_UP,   NULL },
  { "1",                     "1",          9, CRM_ROUND_HALF_UP,   NULL },
};

static void
test_mul (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mul_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney result = { 0, 0 };
      gboolean ok;

      g_test_message ("%s × %s at %u", mul_cases[i].a, mul_cases[i].b, mul_cases[i].scale);
      ok = crm_money_mul (money (mul_cases[i].a), money (mul_cases[i].b),
                          mul_cases[i].scale, mul_cases[i].mode, &result, &error);
      assert_result (ok, error, result, mul_cases[i].expected);
    }
}

static const struct
{
  const char  *a;
  const char  *b;
  guint        scale;
  CrmRounding  mode;
  const char  *expected;
} div_cases[] = {
  { "100",                   "3",          2, CRM_ROUND_HALF_UP,   "33.33" },
  { "2",                     "3",          2, CRM_ROUND_HALF_UP,   "0.67" },
  { "2",                     "3",          2, CRM_ROUND_HALF_EVEN, "0.67" },
  { "2",                     "3",          2, CRM_ROUND_DOWN,      "0.66" },
  { "-2",                    "3",          2, CRM_ROUND_HALF_UP,   "-0.67" },
  { "-2",                    "3",          2, CRM_ROUND_DOWN,      "-0.66" },
  { "2",                     "-3",         2, CRM_ROUND_HALF_UP,   "-0.67" },
  { "-2",                    "-3",         2, CRM_ROUND_HALF_UP,   "0.67" },
  { "1",                     "3",          8, CRM_ROUND_HALF_UP,   "0.33333333" },
  { "2",                     "3",          8, CRM_ROUND_HALF_EVEN, "0.66666667" },
  { "14.69",                 "1.13",       2, CRM_ROUND_HALF_UP,   "13.00" },
  { "14.6900",               "1.13",       2, CRM_ROUND_DOWN,      "13.00" },

  /* exact ties: 1/8 = 0.125, 3/8 = 0.375 */
  { "1",                     "8",          2, CRM_ROUND_HALF_EVEN, "0.12" },
  { "1",                     "8",          2, CRM_ROUND_HALF_UP,   "0.13" },
  { "-1",                    "8",          2, CRM_ROUND_HALF_EVEN, "-0.12" },
  { "-1",                    "8",          2, CRM_ROUND_HALF_UP,   "-0.13" },
  { "1",                     "-8",         2, CRM_ROUND_HALF_EVEN, "-0.12" },
  { "3",                     "8",          2, CRM_ROUND_HALF_EVEN, "0.38" },
  { "0.25",                  "2",          1, CRM_ROUND_HALF_EVEN, "0.1" },

  /* dividend finer than the result: the divisor is scaled instead */
  { "1.00000000",            "3",          0, CRM_ROUND_HALF_UP,   "0" },
  { "2.50000000",            "1",          0, CRM_ROUND_HALF_EVEN, "2" },
  { "2.50000000",            "1",          0, CRM_ROUND_HALF_UP,   "3" },
  { "2.50000001",            "1",          0, CRM_ROUND_HALF_EVEN, "3" },

  { "1",                     "0.00000001", 8, CRM_ROUND_HALF_UP,   "100000000.00000000" },
  { "-9223372036854775808",  "1",          0, CRM_ROUND_HALF_UP,   "-9223372036854775808" },
  { "0",                     "-7",         2, CRM_ROUND_HALF_UP,   "0.00" },

  /* division by zero and overflow */
  { "1",                     "0",          2, CRM_ROUND_HALF_UP,   NULL },
  { "0",                     "0",          2, CRM_ROUND_HALF_UP,   NULL },
  { "1",                     "0.00",       2, CRM_ROUND_HALF_UP,   NULL },
  { "9223372036854775807",   "0.5",        0, CRM_ROUND_HALF_UP,   NULL },
  { "-9223372036854775808",  "-1",         0, CRM_ROUND_HALF_UP,   NULL },
  { "92233720368.54775807",  "0.00000001", 8, CRM_ROUND_HALF_UP,   NULL },
  { "9223372036854775807",   "1",          1, CRM_ROUND_DOWN,      NULL },
  { "1",                     "1",          9, CRM_ROUND_HALF_UP,   NULL },
};

static void
test_div (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (div_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney result = { 0, 0 };
      gboolean ok;

      g_test_message ("%s / %s at %u", div_cases[i].a, div_cases[i].b, div_cases[i].scale);
      ok = crm_money_div (money (div_cases[i].a), money (div_cases[i].b),
                          div_cases[i].scale, div_cases[i].mode, &result, &error);
      assert_result (ok, error, result, div_cases[i].expected);
    }
}

static void
test_div_by_zero_message (void)
{
  g_autoptr(GError) error = NULL;
  CrmMoney out;

  g_assert_false (crm_money_div (money ("1"), money ("0"), 2, CRM_ROUND_HALF_UP, &out, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (error->message);
}

/* Tax-inclusive price: 113.00 gross at 13 % holds 13.00 of tax. */
static void
test_tax_inclusive (void)
{
  g_autoptr(GError) error = NULL;
  CrmMoney gross = money ("113.00");
  CrmMoney rate = money ("0.13");
  CrmMoney one_plus_rate, product, tax, net;

  g_assert_true (crm_money_add (money ("1"), rate, &one_plus_rate, &error));
  g_assert_no_error (error);
  assert_money_str (one_plus_rate, "1.13");

  /* keep the product exact (scale 4) and round only once, at the division */
  g_assert_true (crm_money_mul (gross, rate, 4, CRM_ROUND_HALF_UP, &product, &error));
  g_assert_no_error (error);
  assert_money_str (product, "14.6900");

  g_assert_true (crm_money_div (product, one_plus_rate, 2, CRM_ROUND_HALF_UP, &tax, &error));
  g_assert_no_error (error);
  assert_money_str (tax, "13.00");

  g_assert_true (crm_money_sub (gross, tax, &net, &error));
  g_assert_no_error (error);
  assert_money_str (net, "100.00");
}

static const struct
{
  const char *a;
  const char *b;
  int         expected;
} compare_cases[] = {
  { "1.5",                   "1.50",                  0 },
  { "1.5",                   "1.49",                  1 },
  { "-0.01",                 "0",                     -1 },
  { "0",                     "0.00000000",            0 },
  { "-1",                    "-1.00000000",           0 },
  { "0.00000001",            "0",                     1 },
  { "-2",                    "-1.99999999",           -1 },
  { "9223372036854775807",   "92233720368.54775807",  1 },
  { "-9223372036854775808",  "-92233720368.54775808", -1 },
  { "-9223372036854775808",  "9223372036854775807",   -1 },
  { "92233720368",           "92233720368.54775807",  -1 },
  { "92233720369",           "92233720368.54775807",  1 },
};

static void
test_compare (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (compare_cases); i++)
    {
      CrmMoney a = money (compare_cases[i].a);
      CrmMoney b = money (compare_cases[i].b);

      g_test_message ("compare %s, %s", compare_cases[i].a, compare_cases[i].b);
      g_assert_cmpint (crm_money_compare (a, b), ==, compare_cases[i].expected);
      g_assert_cmpint (crm_money_compare (b, a), ==, -compare_cases[i].expected);
      g_assert_cmpint (crm_money_compare (a, a), ==, 0);
    }
}

static void
test_is_zero (void)
{
  g_assert_true (crm_money_is_zero (money ("0")));
  g_assert_true (crm_money_is_zero (money ("-0.00")));
  g_assert_true (crm_money_is_zero (money ("0.00000000")));
  g_assert_false (crm_money_is_zero (money ("0.00000001")));
  g_assert_false (crm_money_is_zero (money ("-1")));
}

static void
test_negate (void)
{
  g_autoptr(GError) error = NULL;
  CrmMoney out = { 0, 0 };

  assert_money_str (crm_money_negate (money ("1.23")), "-1.23");
  assert_money_str (crm_money_negate (money ("-0.05")), "0.05");
  assert_money_str (crm_money_negate (money ("0.00")), "0.00");
  assert_money_str (crm_money_negate (money ("9223372036854775807")), "-9223372036854775807");

  g_assert_true (crm_money_negate_checked (money ("-92233720368.54775807"), &out, &error));
  g_assert_no_error (error);
  assert_money_str (out, "92233720368.54775807");

  g_assert_false (crm_money_negate_checked (money ("-92233720368.54775808"), &out, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
}

static void
test_negate_min (void)
{
  if (g_test_subprocess ())
    {
      CrmMoney m = crm_money_negate (crm_money_new (G_MININT64, 0));

      /* only reached if the critical were not fatal */
      g_assert_cmpint (m.value, ==, G_MININT64);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*G_MININT64*");
}

typedef struct
{
  const char *text;
  guint       decimals;
  const char *expected;
} FormatCase;

static void
check_format_cases (const FormatCase *cases,
                    guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *str = crm_money_format (money (cases[i].text), cases[i].decimals);

      g_assert_cmpstr (str, ==, cases[i].expected);
    }
}

static const FormatCase format_c_cases[] = {
  { "1234.50",              2, "1234.50" },
  { "1234.5",               2, "1234.50" },
  { "1234.50",              0, "1235" },
  { "1234.49",              0, "1234" },
  { "-1234.50",             0, "-1235" },
  { "-0.005",               2, "-0.01" },
  { "-0.004",               2, "0.00" },
  { "0.005",                2, "0.01" },
  { "0.125",                2, "0.13" },
  { "99.995",               2, "100.00" },
  { "-99.995",              2, "-100.00" },
  { "12",                   2, "12.00" },
  { "1234567.89",           2, "1234567.89" },
  { "-9223372036854775808", 0, "-9223372036854775808" },
  { "9223372036854775807",  8, "9223372036854775807.00000000" },
  { "-92233720368.54775808", 2, "-92233720368.55" },
};

static void
test_format_c (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  check_format_cases (format_c_cases, G_N_ELEMENTS (format_c_cases));
  setlocale (LC_ALL, saved);
}

static const FormatCase format_en_us_cases[] = {
  { "1234567.89",           2, "1,234,567.89" },
  { "-1234.50",             2, "-1,234.50" },
  { "999",                  2, "999.00" },
  { "999.995",              2, "1,000.00" },
  { "999999.99",            0, "1,000,000" },
  { "0.5",                  0, "1" },
  { "-9223372036854775808", 0, "-9,223,372,036,854,775,808" },
};

static const FormatCase format_de_de_cases[] = {
  { "1234567.89",           2, "1.234.567,89" },
  { "-0.5",                 2, "-0,50" },
  { "999",                  0, "999" },
};

static void
check_format_in_locale (const char       *locale,
                        const FormatCase *cases,
                        guint             n_cases)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *canonical = NULL;

  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("locale %s is not installed", locale);

      g_test_skip (msg);
      return;
    }

  check_format_cases (cases, n_cases);

  /* the storage format ignores the locale, both ways */
  canonical = crm_money_to_string (money ("1234567.89"));
  g_assert_cmpstr (canonical, ==, "1234567.89");

  setlocale (LC_ALL, saved);
}

static void
test_format_en_us (void)
{
  check_format_in_locale ("en_US.UTF-8", format_en_us_cases, G_N_ELEMENTS (format_en_us_cases));
}

static void
test_format_de_de (void)
{
  check_format_in_locale ("de_DE.UTF-8", format_de_de_cases, G_N_ELEMENTS (format_de_de_cases));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/new", test_new);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/parse/decimals-message", test_parse_decimals_message);
  g_test_add_func ("/money/to-string", test_to_string);
  g_test_add_func ("/money/rescale", test_rescale);
  g_test_add_func ("/money/rescale/bad-operand", test_rescale_bad_operand);
  g_test_add_func ("/money/add-sub", test_add_sub);
  g_test_add_func ("/money/mul", test_mul);
  g_test_add_func ("/money/div", test_div);
  g_test_add_func ("/money/div/by-zero", test_div_by_zero_message);
  g_test_add_func ("/money/tax-inclusive", test_tax_inclusive);
  g_test_add_func ("/money/compare", test_compare);
  g_test_add_func ("/money/is-zero", test_is_zero);
  g_test_add_func ("/money/negate", test_negate);
  g_test_add_func ("/money/negate/min", test_negate_min);
  g_test_add_func ("/money/format/c", test_format_c);
  g_test_add_func ("/money/format/en-US", test_format_en_us);
  g_test_add_func ("/money/format/de-DE", test_format_de_de);

  return g_test_run ();
}
