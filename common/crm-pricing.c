/* crm-pricing.c: the lines and totals of a quote or order, computed exactly (no I/O) */
#include "crm-pricing.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "crm-error.h"

/* The one exact product of a line, q × p × (1 − d) × (1 − hd), has up to
 * 48 digits before it is rounded; it is split (see line_amount) so that no
 * step exceeds 128 bits. Everything else stays below 10^37. */
__extension__ typedef __int128 CrmInt128;

#define E4  G_GINT64_CONSTANT (10000)
#define E6  G_GINT64_CONSTANT (1000000)
#define E8  G_GINT64_CONSTANT (100000000)
#define E18 G_GINT64_CONSTANT (1000000000000000000)

/* DECIMAL(18,s) holds at most 18 digits: 10^18 − 1 units of 10^-s. */
#define DECIMAL18_MAX (E18 - 1)

/* The limits of one kind of value, at its stored scale. */
typedef struct
{
  const char *key;
  const char *label;
  guint       scale;
  gint64      min;
  gint64      max;
  const char *min_text;
  const char *max_text;
  gboolean    positive;
} ValueSpec;

static const ValueSpec quantity_spec = {
  "quantity", N_("quantity"), CRM_PRICING_PRICE_SCALE, -DECIMAL18_MAX, DECIMAL18_MAX,
  "-99999999999999.9999", "99999999999999.9999", FALSE,
};

static const ValueSpec unit_price_spec = {
  "unit_price", N_("unit price"), CRM_PRICING_PRICE_SCALE, -DECIMAL18_MAX, DECIMAL18_MAX,
  "-99999999999999.9999", "99999999999999.9999", FALSE,
};

static const ValueSpec discount_spec = {
  "discount", N_("discount"), CRM_PRICING_PERCENT_SCALE, 0, 100 * E4, "0", "100", FALSE,
};

static const ValueSpec tax_rate_spec = {
  "tax_rate", N_("tax rate"), CRM_PRICING_PERCENT_SCALE, 0, 100 * E4, "0", "100", FALSE,
};

static const ValueSpec header_discount_spec = {
  "header_discount", N_("header discount"), CRM_PRICING_PERCENT_SCALE, 0, 100 * E4, "0", "100", FALSE,
};

static const ValueSpec exchange_rate_spec = {
  "exchange_rate", N_("exchange rate"), CRM_PRICING_RATE_SCALE, 1, DECIMAL18_MAX,
  "0.00000001", "9999999999.99999999", TRUE,
};

#define AMOUNT_SPEC(key, label) \
  { key, label, CRM_PRICING_AMOUNT_SCALE, -DECIMAL18_MAX, DECIMAL18_MAX, \
    "-9999999999999999.99", "9999999999999999.99", FALSE }

static const ValueSpec net_spec = AMOUNT_SPEC ("net", N_("net amount"));
static const ValueSpec tax_spec = AMOUNT_SPEC ("tax", N_("tax"));
static const ValueSpec gross_spec = AMOUNT_SPEC ("gross", N_("gross amount"));
static const ValueSpec net_total_spec = AMOUNT_SPEC ("net_total", N_("total net amount"));
static const ValueSpec tax_total_spec = AMOUNT_SPEC ("tax_total", N_("total tax"));
static const ValueSpec total_spec = AMOUNT_SPEC ("total", N_("total"));
static const ValueSpec total_base_spec = AMOUNT_SPEC ("total_base", N_("total in base currency"));
static const ValueSpec bucket_spec = AMOUNT_SPEC ("tax_breakdown", N_("amount in the tax breakdown"));

static const ValueSpec unit_price_gross_spec = {
  "unit_price_gross", N_("unit price with tax"), CRM_PRICING_PRICE_SCALE,
  -DECIMAL18_MAX, DECIMAL18_MAX, "-99999999999999.9999", "99999999999999.9999", FALSE,
};

static const gint64 pow10_table[] = {
  G_GINT64_CONSTANT (1),
  G_GINT64_CONSTANT (10),
  G_GINT64_CONSTANT (100),
  G_GINT64_CONSTANT (1000),
  G_GINT64_CONSTANT (10000),
  G_GINT64_CONSTANT (100000),
  G_GINT64_CONSTANT (1000000),
  G_GINT64_CONSTANT (10000000),
  G_GINT64_CONSTANT (100000000),
};

G_STATIC_ASSERT (G_N_ELEMENTS (pow10_table) > CRM_MONEY_MAX_SCALE);

/* Sets an error about @spec, naming line @line_number (from 1) when it is
 * not 0; @detail completes the sentence ("must be between 0 and 100"). */
static gboolean
set_value_error (GError          **error,
                 CrmErrorCode      code,
                 guint             line_number,
                 const ValueSpec  *spec,
                 const char       *detail)
{
  if (line_number > 0)
    {
      g_autofree char *path = g_strdup_printf ("lines[%u].%s", line_number - 1, spec->key);

      /* Translators: e.g. "Line 2: the discount must be between 0 and 100";
       * the %s are a field name and what is wrong with it. */
      crm_error_set_field_error (error, code, path, _("Line %u: the %s %s"),
                                 line_number, _(spec->label), detail);
    }
  else
    {
      /* Translators: e.g. "The exchange rate must be greater than 0" */
      crm_error_set_field_error (error, code, spec->key, _("The %s %s"),
                                 _(spec->label), detail);
    }
  return FALSE;
}

static gboolean
set_decimals_error (GError          **error,
                    guint             line_number,
                    const ValueSpec  *spec)
{
  g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "has more than %u decimal",
                                                          "has more than %u decimals",
                                                          spec->scale),
                                             spec->scale);

  return set_value_error (error, CRM_ERROR_OUT_OF_RANGE, line_number, spec, detail);
}

static gboolean
set_range_error (GError          **error,
                 guint             line_number,
                 const ValueSpec  *spec)
{
  g_autofree char *detail = g_strdup_printf (_("must be between %s and %s"),
                                             spec->min_text, spec->max_text);

  return set_value_error (error, CRM_ERROR_OUT_OF_RANGE, line_number, spec, detail);
}

/* Brings @m to @spec's scale without rounding and checks it against the
 * limits of @spec. */
static gboolean
check_value (const ValueSpec  *spec,
             guint             line_number,
             CrmMoney          m,
             gint64           *out,
             GError          **error)
{
  CrmInt128 v;

  if (m.scale > CRM_MONEY_MAX_SCALE)
    return set_decimals_error (error, line_number, spec);

  if (m.scale <= spec->scale)
    {
      v = (CrmInt128) m.value * pow10_table[spec->scale - m.scale];
    }
  else
    {
      gint64 unit = pow10_table[m.scale - spec->scale];

      if (m.value % unit != 0)
        return set_decimals_error (error, line_number, spec);
      v = m.value / unit;
    }

  if (spec->positive && v <= 0)
    return set_value_error (error, CRM_ERROR_OUT_OF_RANGE, line_number, spec,
                            _("must be greater than 0"));
  if (v < spec->min || v > spec->max)
    return set_range_error (error, line_number, spec);

  *out = (gint64) v;
  return TRUE;
}

/* Checks a computed value, already at @spec's scale. */
static gboolean
check_result (const ValueSpec  *spec,
              guint             line_number,
              CrmInt128         v,
              GError          **error)
{
  if (v < spec->min || v > spec->max)
    return set_range_error (error, line_number, spec);
  return TRUE;
}

/* Number of decimals @text is written with, trailing zeros aside; @text is
 * known to be a well-formed decimal. */
static guint
count_decimals (const char *text)
{
  const char *dot = strchr (text, '.');
  gsize n;

  if (dot == NULL)
    return 0;
  n = strlen (dot + 1);
  while (n > 0 && dot[n] == '0')
    n--;
  return (guint) n;
}

static gboolean
parse_value (const ValueSpec  *spec,
             guint             line_number,
             const char       *text,
             CrmMoney         *out,
             GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  CrmMoney m;
  gint64 value;

  if (!crm_money_parse (text, spec->scale, &m, &local_error))
    {
      if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_VALIDATION))
        return set_value_error (error, CRM_ERROR_VALIDATION, line_number, spec,
                                _("is not a decimal number such as 1234.50"));
      if (count_decimals (text) > spec->scale)
        return set_decimals_error (error, line_number, spec);
      return set_range_error (error, line_number, spec);
    }

  if (!check_value (spec, line_number, m, &value, error))
    return FALSE;

  *out = crm_money_new (value, spec->scale);
  return TRUE;
}

/**
 * crm_pricing_mode_to_string:
 * @mode: a #CrmPricingMode
 *
 * Returns: "exclusive" or "inclusive", as stored and sent in the API
 */
const char *
crm_pricing_mode_to_string (CrmPricingMode mode)
{
  switch (mode)
    {
    case CRM_PRICING_EXCLUSIVE:
      return "exclusive";
    case CRM_PRICING_INCLUSIVE:
      return "inclusive";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * crm_pricing_mode_from_string:
 * @text: (nullable): "exclusive" or "inclusive"
 * @out_mode: (out): where to store the mode
 *
 * Returns: %TRUE if @text names a mode; @out_mode is left alone otherwise
 */
gboolean
crm_pricing_mode_from_string (const char     *text,
                              CrmPricingMode *out_mode)
{
  g_return_val_if_fail (out_mode != NULL, FALSE);

  if (g_strcmp0 (text, "exclusive") == 0)
    *out_mode = CRM_PRICING_EXCLUSIVE;
  else if (g_strcmp0 (text, "inclusive") == 0)
    *out_mode = CRM_PRICING_INCLUSIVE;
  else
    return FALSE;
  return TRUE;
}

/**
 * crm_price_line_parse:
 * @line_number: the line's position, counted from 1, for error messages
 *   (0 for none)
 * @quantity: a decimal string such as "2" or "-1.5"
 * @unit_price: a decimal string such as "1234.50"
 * @discount: (nullable): percent, such as "12.5"; %NULL for 0
 * @tax_rate: (nullable): percent, such as "13"; %NULL for 0
 * @out: (out caller-allocates): where to store the line
 * @error: return location for a #GError
 *
 * Parses the decimal strings of a line, independently of the locale, at the
 * stored scales (4 decimals each) and checks them against their limits.
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_VALIDATION for text that
 *   is not a decimal, or %CRM_ERROR_OUT_OF_RANGE; @out is left alone then
 */
gboolean
crm_price_line_parse (guint          line_number,
                      const char    *quantity,
                      const char    *unit_price,
                      const char    *discount,
                      const char    *tax_rate,
                      CrmPriceLine  *out,
                      GError       **error)
{
  CrmPriceLine line;

  g_return_val_if_fail (quantity != NULL, FALSE);
  g_return_val_if_fail (unit_price != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_value (&quantity_spec, line_number, quantity, &line.quantity, error) ||
      !parse_value (&unit_price_spec, line_number, unit_price, &line.unit_price, error) ||
      !parse_value (&discount_spec, line_number, discount ? discount : "0", &line.discount, error) ||
      !parse_value (&tax_rate_spec, line_number, tax_rate ? tax_rate : "0", &line.tax_rate, error))
    return FALSE;

  *out = line;
  return TRUE;
}

/**
 * crm_pricing_parse_header:
 * @discount: (nullable): the header discount in percent, such as "5"; %NULL for 0
 * @exchange_rate: (nullable): the rate to the base currency, such as
 *   "7.12345678"; %NULL for 1
 * @out_discount: (out): where to store the discount, 4 decimals
 * @out_exchange_rate: (out): where to store the rate, 8 decimals
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE as crm_price_line_parse(), with nothing stored
 */
gboolean
crm_pricing_parse_header (const char  *discount,
                          const char  *exchange_rate,
                          CrmMoney    *out_discount,
                          CrmMoney    *out_exchange_rate,
                          GError     **error)
{
  CrmMoney d, x;

  g_return_val_if_fail (out_discount != NULL, FALSE);
  g_return_val_if_fail (out_exchange_rate != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_value (&header_discount_spec, 0, discount ? discount : "0", &d, error) ||
      !parse_value (&exchange_rate_spec, 0, exchange_rate ? exchange_rate : "1", &x, error))
    return FALSE;

  *out_discount = d;
  *out_exchange_rate = x;
  return TRUE;
}

/* Rounds the non-negative quotient @q with remainder @r of a division by
 * @den: returns @q or @q + 1. */
static CrmInt128
round_magnitude (CrmInt128   q,
                 CrmInt128   r,
                 CrmInt128   den,
                 CrmRounding mode)
{
  switch (mode)
    {
    case CRM_ROUND_HALF_UP:
      if (2 * r >= den)
        q++;
      break;

    case CRM_ROUND_HALF_EVEN:
      if (2 * r > den || (2 * r == den && q % 2 != 0))
        q++;
      break;

    case CRM_ROUND_DOWN:
    default:
      break;
    }
  return q;
}

/* round (a × b / den) on magnitudes, so that ties go away from zero (or to
 * even) alike for negative values; |a × b| must stay below 2^126. */
static CrmInt128
mul_div_round (CrmInt128   a,
               CrmInt128   b,
               CrmInt128   den,
               CrmRounding mode)
{
  gboolean negative = (a < 0) != (b < 0);
  CrmInt128 n = (a < 0 ? -a : a) * (b < 0 ? -b : b);
  CrmInt128 q = round_magnitude (n / den, n % den, den, mode);

  return negative ? -q : q;
}

/* The line amount in cents: round2 (q × p × (1 − d/100) × (1 − hd/100)),
 * with q, p, d and hd at 4 decimals. The exact value is
 * |q × p| × f / 10^18 cents with f = (10^6 − d) × (10^6 − hd) ≤ 10^12; with
 * |q × p| = a × 10^18 + b that is a × f + b × f / 10^18, every part below
 * 10^31. */
static CrmInt128
line_amount (gint64      quantity,
             gint64      unit_price,
             gint64      discount,
             gint64      header_discount,
             CrmRounding mode)
{
  gboolean negative = (quantity < 0) != (unit_price < 0);
  CrmInt128 qp = (CrmInt128) ABS (quantity) * ABS (unit_price);
  CrmInt128 f = (CrmInt128) (E6 - discount) * (E6 - header_discount);
  CrmInt128 a = qp / E18;
  CrmInt128 bf = (qp % E18) * f;
  CrmInt128 q = round_magnitude (a * f + bf / E18, bf % E18, E18, mode);

  return negative ? -q : q;
}

typedef struct
{
  gint64    rate;
  CrmInt128 net;
  CrmInt128 tax;
} BucketSum;

static int
compare_bucket_sums (const void *a,
                     const void *b)
{
  gint64 x = ((const BucketSum *) a)->rate;
  gint64 y = ((const BucketSum *) b)->rate;

  return (x > y) - (x < y);
}

/**
 * crm_pricing_compute:
 * @mode: tax-exclusive or tax-inclusive unit prices
 * @rounding: how every result is rounded: %CRM_ROUND_HALF_UP normally,
 *   %CRM_ROUND_HALF_EVEN where configured
 * @header_discount: discount in percent applied to every line, 0 to 100
 * @exchange_rate: the value of one unit of the document's currency in the
 *   base currency, greater than 0, up to 8 decimals
 * @lines: (array length=n_lines): the lines
 * @n_lines: number of @lines, may be 0
 * @results: (out caller-allocates) (array length=n_lines) (nullable): where
 *   to store each line's amounts, or %NULL
 * @totals: (out caller-allocates): where to store the totals; overwritten
 *   on success without being read, so clear it before reusing it
 * @error: return location for a #GError
 *
 * Applies the rules described at the top of crm-pricing.h. Every
 * intermediate is exact and each result is rounded once.
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE for an
 *   input or result beyond its limits, in which case neither @results nor
 *   @totals is touched
 */
gboolean
crm_pricing_compute (CrmPricingMode       mode,
                     CrmRounding          rounding,
                     CrmMoney             header_discount,
                     CrmMoney             exchange_rate,
                     const CrmPriceLine  *lines,
                     guint                n_lines,
                     CrmPriceLineResult  *results,
                     CrmPriceTotals      *totals,
                     GError             **error)
{
  g_autofree CrmPriceLineResult *line_results = NULL;
  g_autofree BucketSum *buckets = NULL;
  guint n_buckets = 0;
  CrmInt128 net_total = 0, tax_total = 0, total, total_base;
  gint64 hd, rate;
  gint64 max_discount = 0;

  g_return_val_if_fail (mode == CRM_PRICING_EXCLUSIVE || mode == CRM_PRICING_INCLUSIVE, FALSE);
  g_return_val_if_fail ((guint) rounding <= CRM_ROUND_DOWN, FALSE);
  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_value (&header_discount_spec, 0, header_discount, &hd, error) ||
      !check_value (&exchange_rate_spec, 0, exchange_rate, &rate, error))
    return FALSE;

  line_results = g_new0 (CrmPriceLineResult, MAX (n_lines, 1));
  buckets = g_new0 (BucketSum, MAX (n_lines, 1));

  for (guint i = 0; i < n_lines; i++)
    {
      guint line_number = i + 1;
      gint64 quantity, unit_price, discount, tax_rate;
      CrmInt128 amount, net, tax, gross, unit_price_gross;
      guint b;

      if (!check_value (&quantity_spec, line_number, lines[i].quantity, &quantity, error) ||
          !check_value (&unit_price_spec, line_number, lines[i].unit_price, &unit_price, error) ||
          !check_value (&discount_spec, line_number, lines[i].discount, &discount, error) ||
          !check_value (&tax_rate_spec, line_number, lines[i].tax_rate, &tax_rate, error))
        return FALSE;

      amount = line_amount (quantity, unit_price, discount, hd, rounding);

      if (mode == CRM_PRICING_EXCLUSIVE)
        {
          if (!check_result (&net_spec, line_number, amount, error))
            return FALSE;
          net = amount;
          /* net (cents) × rate (percent at 4 decimals) / 100 */
          tax = mul_div_round (net, tax_rate, E6, rounding);
          gross = net + tax;
          unit_price_gross = mul_div_round (unit_price, E6 + tax_rate, E6, rounding);
        }
      else
        {
          if (!check_result (&gross_spec, line_number, amount, error))
            return FALSE;
          gross = amount;
          /* gross × r / (1 + r) with r = tax_rate / 10^6 */
          tax = mul_div_round (gross, tax_rate, E6 + tax_rate, rounding);
          net = gross - tax;
          unit_price_gross = unit_price;
        }

      if (!check_result (&net_spec, line_number, net, error) ||
          !check_result (&tax_spec, line_number, tax, error) ||
          !check_result (&gross_spec, line_number, gross, error) ||
          !check_result (&unit_price_gross_spec, line_number, unit_price_gross, error))
        return FALSE;

      line_results[i].net = crm_money_new ((gint64) net, CRM_PRICING_AMOUNT_SCALE);
      line_results[i].tax = crm_money_new ((gint64) tax, CRM_PRICING_AMOUNT_SCALE);
      line_results[i].gross = crm_money_new ((gint64) gross, CRM_PRICING_AMOUNT_SCALE);
      line_results[i].unit_price_gross = crm_money_new ((gint64) unit_price_gross,
                                                        CRM_PRICING_PRICE_SCALE);

      /* each term is below 10^18 and there are fewer than 2^32 of them */
      net_total += net;
      tax_total += tax;
      max_discount = MAX (max_discount, discount);

      for (b = 0; b < n_buckets && buckets[b].rate != tax_rate; b++)
        ;
      if (b == n_buckets)
        buckets[n_buckets++].rate = tax_rate;
      buckets[b].net += net;
      buckets[b].tax += tax;
    }

  total = net_total + tax_total;
  if (!check_result (&net_total_spec, 0, net_total, error) ||
      !check_result (&tax_total_spec, 0, tax_total, error) ||
      !check_result (&total_spec, 0, total, error))
    return FALSE;

  for (guint b = 0; b < n_buckets; b++)
    if (!check_result (&bucket_spec, 0, buckets[b].net, error) ||
        !check_result (&bucket_spec, 0, buckets[b].tax, error))
      return FALSE;

  /* |total| < 10^18 and rate < 10^18: the product stays below 10^36 */
  total_base = mul_div_round (total, rate, E8, rounding);
  if (!check_result (&total_base_spec, 0, total_base, error))
    return FALSE;

  /* Nothing can fail from here on. */
  if (results != NULL && n_lines > 0)
    memcpy (results, line_results, n_lines * sizeof (CrmPriceLineResult));

  totals->net_total = crm_money_new ((gint64) net_total, CRM_PRICING_AMOUNT_SCALE);
  totals->tax_total = crm_money_new ((gint64) tax_total, CRM_PRICING_AMOUNT_SCALE);
  totals->total = crm_money_new ((gint64) total, CRM_PRICING_AMOUNT_SCALE);
  totals->total_base = crm_money_new ((gint64) total_base, CRM_PRICING_AMOUNT_SCALE);
  totals->max_line_discount = crm_money_new (max_discount, CRM_PRICING_PERCENT_SCALE);

  qsort (buckets, n_buckets, sizeof (BucketSum), compare_bucket_sums);
  totals->tax_buckets = g_array_sized_new (FALSE, FALSE, sizeof (CrmTaxBucket), n_buckets);
  for (guint b = 0; b < n_buckets; b++)
    {
      CrmTaxBucket bucket = {
        crm_money_new (buckets[b].rate, CRM_PRICING_PERCENT_SCALE),
        crm_money_new ((gint64) buckets[b].net, CRM_PRICING_AMOUNT_SCALE),
        crm_money_new ((gint64) buckets[b].tax, CRM_PRICING_AMOUNT_SCALE),
      };

      g_array_append_val (totals->tax_buckets, bucket);
    }

  return TRUE;
}

/**
 * crm_price_totals_clear:
 * @totals: totals filled by crm_pricing_compute(), or zero-initialised
 *
 * Frees the tax breakdown and resets @totals to zeros.
 */
void
crm_price_totals_clear (CrmPriceTotals *totals)
{
  g_return_if_fail (totals != NULL);

  g_clear_pointer (&totals->tax_buckets, g_array_unref);
  memset (totals, 0, sizeof (*totals));
}
