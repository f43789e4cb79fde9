/* test-forecast.c: weighted amounts, ratios and days in a stage, exact to the cent */
#include <string.h>

#include <glib.h>

#include "crm-error.h"
#include "crm-forecast.h"

static CrmMoney
money (const char *text)
{
  g_autoptr(GError) error = NULL;
  const char *dot = strchr (text, '.');
  CrmMoney m = { 0, 0 };
  gboolean ok;

  ok = crm_money_parse (text, dot ? (guint) strlen (dot + 1) : 0, &m, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return m;
}

static void
assert_money (CrmMoney    m,
              const char *expected)
{
  g_autofree char *text = crm_money_to_string (m);

  g_assert_cmpstr (text, ==, expected);
}

/* amount × probability / 100, half away from zero at the amount's scale;
 * the comment beside each row says what a double gives instead */
static const struct
{
  const char *amount;
  gint        probability;
  const char *weighted;
} weights[] = {
  { "1.15", 50, "0.58" },          /* 0.575; a double has 0.57499999… → 0.57 */
  { "-1.15", 50, "-0.58" },        /* ties away from zero on both sides */
  { "0.01", 50, "0.01" },          /* 0.005 */
  { "0.01", 49, "0.00" },          /* 0.0049 */
  { "2.85", 10, "0.29" },          /* 0.285; a double has 0.28499999… → 0.28 */
  { "100.00", 0, "0.00" },
  { "100.00", 100, "100.00" },
  { "333.33", 33, "110.00" },      /* 109.9989 */
  /* 9899999999999999.9901: 20 significant digits, beyond a double's 16 */
  { "9999999999999999.99", 99, "9899999999999999.99" },
  { "1234567890123.45", 75, "925925917592.59" },   /* 925925917592.5875 */
};

static void
test_weight (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney out = { 0, 0 };

      g_test_message ("%s × %d%%", weights[i].amount, weights[i].probability);
      g_assert_true (crm_forecast_weight (money (weights[i].amount), weights[i].probability, &out, &error));
      g_assert_no_error (error);
      assert_money (out, weights[i].weighted);
    }
}

static void
test_weight_bad_probability (void)
{
  const gint bad[] = { -1, 101, G_MAXINT, G_MININT };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney out = { 0, 0 };

      g_assert_false (crm_forecast_weight (money ("10.00"), bad[i], &out, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
    }
}

/* Each record is rounded, then the rounded values are added: three deals of
 * 0.05 at 50 % weigh 0.03 each (0.025 rounded half up), 0.09 in all; adding
 * first and rounding once would give round(0.075) = 0.08. */
static void
test_weighted_sum_rounds_each_record (void)
{
  g_autoptr(GError) error = NULL;
  const CrmMoney amounts[] = { money ("0.05"), money ("0.05"), money ("0.05") };
  const gint probabilities[] = { 50, 50, 50 };
  CrmMoney total = { 0, 0 };
  CrmMoney summed_first = { 0, 0 };
  CrmMoney sum = money ("0.00");

  g_assert_true (crm_forecast_weighted_sum (amounts, probabilities, 3, &total, &error));
  g_assert_no_error (error);
  assert_money (total, "0.09");

  /* the other rule, to show the two differ on these values */
  for (guint i = 0; i < 3; i++)
    g_assert_true (crm_money_add (sum, amounts[i], &sum, NULL));
  g_assert_true (crm_forecast_weight (sum, 50, &summed_first, NULL));
  assert_money (summed_first, "0.08");
  g_assert_cmpint (crm_money_compare (total, summed_first), !=, 0);
}

/* A split into groups (owners, teams) adds up to the whole, to the cent. */
static void
test_weighted_sum_additive (void)
{
  const CrmMoney amounts[] = { money ("0.05"), money ("1.15"), money ("2.85"), money ("0.01"), money ("333.33") };
  const gint probabilities[] = { 50, 50, 10, 50, 33 };
  CrmMoney whole, first, second, both;

  /* 0.03 + 0.58 + 0.29 + 0.01 + 110.00 = 110.91 */
  g_assert_true (crm_forecast_weighted_sum (amounts, probabilities, 5, &whole, NULL));
  assert_money (whole, "110.91");
  /* 0.03 + 0.58 = 0.61 and 0.29 + 0.01 + 110.00 = 110.30 */
  g_assert_true (crm_forecast_weighted_sum (amounts, probabilities, 2, &first, NULL));
  g_assert_true (crm_forecast_weighted_sum (amounts + 2, probabilities + 2, 3, &second, NULL));
  assert_money (first, "0.61");
  assert_money (second, "110.30");
  g_assert_true (crm_money_add (first, second, &both, NULL));
  g_assert_cmpint (crm_money_compare (both, whole), ==, 0);
}

/* A million deals of 0.10 at 100 %: exactly 100000.00 (a double adding 0.1
 * a million times has 100000.00000133288) */
static void
test_weighted_sum_many (void)
{
  const gsize n = 1000000;
  g_autofree CrmMoney *amounts = g_new (CrmMoney, n);
  g_autofree gint *probabilities = g_new (gint, n);
  CrmMoney total = { 0, 0 };

  for (gsize i = 0; i < n; i++)
    {
      amounts[i] = money ("0.10");
      probabilities[i] = 100;
    }
  g_assert_true (crm_forecast_weighted_sum (amounts, probabilities, n, &total, NULL));
  assert_money (total, "100000.00");
  g_assert_true (crm_forecast_weighted_sum (amounts, probabilities, 0, &total, NULL));
  assert_money (total, "0.00");
}

static void
test_weighted_sum_overflow (void)
{
  g_autoptr(GError) error = NULL;
  const CrmMoney amounts[] = { crm_money_new (G_MAXINT64, 2), crm_money_new (G_MAXINT64, 2) };
  const gint probabilities[] = { 100, 100 };
  CrmMoney total = { 0, 0 };

  g_assert_false (crm_forecast_weighted_sum (amounts, probabilities, 2, &total, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
}

/* one decimal, half up from the exact fraction; the ties below are where
 * printf ("%.1f") of a double rounds to even instead (6.25 → "6.2") */
static const struct
{
  gint64      numerator;
  gint64      denominator;
  const char *percent;
} ratios[] = {
  { 1, 3, "33.3" },
  { 2, 3, "66.7" },
  { 1, 16, "6.3" },      /* 6.25 */
  { 5, 16, "31.3" },     /* 31.25 */
  { 1, 8, "12.5" },
  { 1, 7, "14.3" },      /* 14.2857… */
  { 1, 2000, "0.1" },    /* 0.05 */
  { 1, 2001, "0.0" },    /* 0.04997… */
  { 0, 5, "0.0" },
  { 5, 5, "100.0" },
  { 999, 1000, "99.9" },
  { 9999, 10000, "100.0" },   /* 99.99 */
  { G_GINT64_CONSTANT (3000000000000), G_GINT64_CONSTANT (9000000000001), "33.3" },
  { 0, 0, NULL },
  { 3, 0, NULL },
};

static void
test_ratio_percent (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    {
      g_autofree char *percent = crm_ratio_percent (crm_ratio_new (ratios[i].numerator, ratios[i].denominator));

      g_test_message ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, ratios[i].numerator, ratios[i].denominator);
      g_assert_cmpstr (percent, ==, ratios[i].percent);
    }
}

static char *
ratio_json (CrmRatio ratio)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  crm_ratio_build_json (ratio, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
test_ratio_json (void)
{
  g_autofree char *third = ratio_json (crm_ratio_new (1, 3));
  g_autofree char *none = ratio_json (crm_ratio_new (0, 0));

  g_assert_cmpstr (third, ==, "{\"numerator\":1,\"denominator\":3,\"percent\":\"33.3\"}");
  g_assert_cmpstr (none, ==, "{\"numerator\":0,\"denominator\":0,\"percent\":null}");
}

static const struct
{
  gint64      seconds;
  gint64      stays;
  const char *days;
} averages[] = {
  { 3 * 86400 + 43200, 1, "3.5" },
  { 86400, 3, "0.3" },               /* 0.333… */
  { 2 * 86400 + 21600, 1, "2.3" },   /* 2.25; printf of a double gives "2.2" */
  { 10 * 86400 + 4320, 2, "5.0" },   /* 5.025 */
  { 4320, 1, "0.1" },                /* 0.05 */
  { 4319, 1, "0.0" },
  { 0, 4, "0.0" },
  { 0, 0, NULL },
};

static void
test_average_days (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (averages); i++)
    {
      g_autofree char *days = crm_forecast_average_days (averages[i].seconds, averages[i].stays);

      g_test_message ("%" G_GINT64_FORMAT " s / %" G_GINT64_FORMAT, averages[i].seconds, averages[i].stays);
      g_assert_cmpstr (days, ==, averages[i].days);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forecast/weight", test_weight);
  g_test_add_func ("/forecast/weight-bad-probability", test_weight_bad_probability);
  g_test_add_func ("/forecast/weighted-sum-rounds-each-record", test_weighted_sum_rounds_each_record);
  g_test_add_func ("/forecast/weighted-sum-additive", test_weighted_sum_additive);
  g_test_add_func ("/forecast/weighted-sum-many", test_weighted_sum_many);
  g_test_add_func ("/forecast/weighted-sum-overflow", test_weighted_sum_overflow);
  g_test_add_func ("/forecast/ratio-percent", test_ratio_percent);
  g_test_add_func ("/forecast/ratio-json", test_ratio_json);
  g_test_add_func ("/forecast/average-days", test_average_days);

  return g_test_run ();
}
