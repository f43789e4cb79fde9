/* crm-forecast.c: the pipeline's arithmetic — weighted amounts, exact ratios, days in a stage */
#include "crm-forecast.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"

__extension__ typedef __int128 CrmForecastInt128;

/* @num / @den (both ≥ 0, @den > 0) to the nearest integer, halves up */
static gint64
divide_half_up (CrmForecastInt128 num,
                CrmForecastInt128 den)
{
  return (gint64) ((2 * num + den) / (2 * den));
}

/**
 * crm_forecast_weight:
 * @amount: an opportunity's amount in the base currency
 * @probability: its probability in percent, 0 to 100
 * @out: (out): @amount × @probability / 100
 * @error: return location for a #GError
 *
 * The weighted amount of one opportunity, rounded once to @amount's scale,
 * half away from zero (0.575 → 0.58).  Sums of weighted amounts add these
 * rounded values (see crm_forecast_weighted_sum()).
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE when
 *   @probability is outside 0–100
 */
gboolean
crm_forecast_weight (CrmMoney   amount,
                     gint       probability,
                     CrmMoney  *out,
                     GError   **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (probability < 0 || probability > 100)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                   _("A probability is between 0 and 100, not %d"), probability);
      return FALSE;
    }
  /* × 0.01·p at scale 2, rounded back to the amount's own scale */
  return crm_money_mul (amount, crm_money_new (probability, 2), amount.scale, CRM_ROUND_HALF_UP, out, error);
}

/**
 * crm_forecast_weighted_sum:
 * @amounts: (array length=n): amounts in the base currency, at one scale
 * @probabilities: (array length=n): their probabilities in percent
 * @n: how many
 * @out: (out): Σ round(amount × probability / 100)
 * @error: return location for a #GError
 *
 * The weighted amount of several opportunities: each one's weighted amount
 * rounded to the cent first (crm_forecast_weight()), then added.  Rounding
 * each record, not the sum, makes totals additive: a stage's, an owner's
 * and a team's weighted amounts are the sums of those of their
 * opportunities and of their parts, whichever way they are grouped, and
 * the same figure as the database's SUM(ROUND(amount_base × probability /
 * 100, 2)).
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE on an
 *   overflow or a probability outside 0–100
 */
gboolean
crm_forecast_weighted_sum (const CrmMoney  *amounts,
                           const gint      *probabilities,
                           gsize            n,
                           CrmMoney        *out,
                           GError         **error)
{
  CrmMoney total = crm_money_new (0, CRM_FORECAST_SCALE);

  g_return_val_if_fail (n == 0 || amounts != NULL, FALSE);
  g_return_val_if_fail (n == 0 || probabilities != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (n > 0)
    total = crm_money_new (0, amounts[0].scale);
  for (gsize i = 0; i < n; i++)
    {
      CrmMoney weighted;

      if (!crm_forecast_weight (amounts[i], probabilities[i], &weighted, error) ||
          !crm_money_add (total, weighted, &total, error))
        return FALSE;
    }
  *out = total;
  return TRUE;
}

/**
 * crm_ratio_new:
 * @numerator: a count, ≥ 0
 * @denominator: the count it is part of, ≥ 0
 *
 * Returns: the ratio @numerator / @denominator
 */
CrmRatio
crm_ratio_new (gint64 numerator,
               gint64 denominator)
{
  CrmRatio ratio = { numerator, denominator };

  g_return_val_if_fail (numerator >= 0 && denominator >= 0, ratio);
  return ratio;
}

/**
 * crm_ratio_percent:
 * @ratio: a ratio of counts
 *
 * The ratio as a percentage with one decimal, rounded half up from the
 * exact fraction: 1/3 → "33.3", 2/3 → "66.7", 1/16 → "6.3".
 *
 * Returns: (transfer full) (nullable): the percentage, or %NULL when the
 *   denominator is 0 (no rate)
 */
char *
crm_ratio_percent (CrmRatio ratio)
{
  gint64 tenths;

  g_return_val_if_fail (ratio.numerator >= 0 && ratio.denominator >= 0, NULL);

  if (ratio.denominator == 0)
    return NULL;
  tenths = divide_half_up ((CrmForecastInt128) ratio.numerator * 1000, ratio.denominator);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%d", tenths / 10, (int) (tenths % 10));
}

/**
 * crm_ratio_build_json:
 * @ratio: a ratio of counts
 * @builder: a builder inside an object
 *
 * Adds `"numerator"`, `"denominator"` and `"percent"` (crm_ratio_percent(),
 * null when the denominator is 0) to the object being built.
 */
void
crm_ratio_build_json (CrmRatio     ratio,
                      JsonBuilder *builder)
{
  g_autofree char *percent = crm_ratio_percent (ratio);

  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "numerator");
  json_builder_add_int_value (builder, ratio.numerator);
  json_builder_set_member_name (builder, "denominator");
  json_builder_add_int_value (builder, ratio.denominator);
  json_builder_set_member_name (builder, "percent");
  if (percent != NULL)
    json_builder_add_string_value (builder, percent);
  else
    json_builder_add_null_value (builder);
}

/**
 * crm_forecast_average_days:
 * @total_seconds: the length of all the stays, in seconds, ≥ 0
 * @stays: how many stays
 *
 * The average stay in days with one decimal, rounded half up from the
 * exact quotient @total_seconds / (@stays × 86400).
 *
 * Returns: (transfer full) (nullable): the average, or %NULL without stays
 */
char *
crm_forecast_average_days (gint64 total_seconds,
                           gint64 stays)
{
  gint64 tenths;

  g_return_val_if_fail (total_seconds >= 0 && stays >= 0, NULL);

  if (stays == 0)
    return NULL;
  tenths = divide_half_up ((CrmForecastInt128) total_seconds * 10, (CrmForecastInt128) stays * 86400);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%d", tenths / 10, (int) (tenths % 10));
}
