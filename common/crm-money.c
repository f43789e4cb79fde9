/* crm-money.c: exact fixed-point amounts (value × 10^-scale), parsing, formatting and rounding */
#include "crm-money.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>
#include <string.h>

#include "crm-error.h"

/* Every intermediate result is computed exactly in 128 bits: a product of two
 * gint64 values (< 2^126) times 10^16 at most would not fit, so callers below
 * keep the exponents they apply bounded (see crm_money_mul / crm_money_div). */
__extension__ typedef __int128 CrmInt128;

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
  G_GINT64_CONSTANT (1000000000),
  G_GINT64_CONSTANT (10000000000),
  G_GINT64_CONSTANT (100000000000),
  G_GINT64_CONSTANT (1000000000000),
  G_GINT64_CONSTANT (10000000000000),
  G_GINT64_CONSTANT (100000000000000),
  G_GINT64_CONSTANT (1000000000000000),
  G_GINT64_CONSTANT (10000000000000000),
  G_GINT64_CONSTANT (100000000000000000),
  G_GINT64_CONSTANT (1000000000000000000),
};

/* mul and div need up to 10^(2 × CRM_MONEY_MAX_SCALE) */
G_STATIC_ASSERT (G_N_ELEMENTS (pow10_table) > 2 * CRM_MONEY_MAX_SCALE);

static inline CrmInt128
pow10_i128 (guint exponent)
{
  g_assert (exponent < G_N_ELEMENTS (pow10_table));
  return pow10_table[exponent];
}

static inline gboolean
fits_gint64 (CrmInt128 v)
{
  return v >= G_MININT64 && v <= G_MAXINT64;
}

static gboolean
check_scale (guint    scale,
             GError **error)
{
  if (scale <= CRM_MONEY_MAX_SCALE)
    return TRUE;

  g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
               _("An amount can have at most %u decimals, not %u"),
               (guint) CRM_MONEY_MAX_SCALE, scale);
  return FALSE;
}

static gboolean
set_overflow (GError **error)
{
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                       _("The amount is too large"));
  return FALSE;
}

static gboolean
store_result (CrmInt128   v,
              guint       scale,
              CrmMoney   *out,
              GError    **error)
{
  if (!fits_gint64 (v))
    return set_overflow (error);

  out->value = (gint64) v;
  out->scale = (guint8) scale;
  return TRUE;
}

/* Divides @num by @den (> 0) and rounds once; exact because it decides on the
 * remainder rather than on an already-rounded intermediate. */
static CrmInt128
div_round (CrmInt128   num,
           CrmInt128   den,
           CrmRounding mode)
{
  CrmInt128 q = num / den;
  CrmInt128 r = num % den;
  CrmInt128 away = num < 0 ? -1 : 1;

  g_assert (den > 0);

  if (r == 0)
    return q;
  if (r < 0)
    r = -r;

  switch (mode)
    {
    case CRM_ROUND_HALF_UP:
      if (2 * r >= den)
        q += away;
      break;

    case CRM_ROUND_HALF_EVEN:
      if (2 * r > den || (2 * r == den && q % 2 != 0))
        q += away;
      break;

    case CRM_ROUND_DOWN:
    default:
      break;
    }

  return q;
}

/* Brings @value from scale @from to scale @to (either direction), exactly
 * when widening and rounding once when narrowing. Both scales are valid. */
static CrmInt128
rescale_i128 (CrmInt128   value,
              guint       from,
              guint       to,
              CrmRounding mode)
{
  if (to >= from)
    return value * pow10_i128 (to - from);
  return div_round (value, pow10_i128 (from - to), mode);
}

/**
 * crm_money_new:
 * @value: the amount in units of 10^-@scale
 * @scale: number of decimals, at most %CRM_MONEY_MAX_SCALE
 *
 * crm_money_new (12345, 2) is 123.45.
 *
 * Returns: the amount (0 at scale 0, with a critical, if @scale is too large)
 */
CrmMoney
crm_money_new (gint64 value,
               guint  scale)
{
  CrmMoney m = { 0, 0 };

  g_return_val_if_fail (scale <= CRM_MONEY_MAX_SCALE, m);

  m.value = value;
  m.scale = (guint8) scale;
  return m;
}

/**
 * crm_money_parse:
 * @text: a plain decimal such as "-1234.50"
 * @scale: number of decimals of the result, at most %CRM_MONEY_MAX_SCALE
 * @out: (out): where to store the amount, at exactly @scale
 * @error: return location for a #GError
 *
 * Parses an amount strictly and independently of the locale: an optional
 * sign, at least one digit, and optionally '.' followed by at least one digit.
 * Extra decimals beyond @scale are only accepted when they are zeros.
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_VALIDATION for malformed
 *   text or %CRM_ERROR_OUT_OF_RANGE for too many decimals or too large a value
 */
gboolean
crm_money_parse (const char  *text,
                 guint        scale,
                 CrmMoney    *out,
                 GError     **error)
{
  const char *p = text;
  const char *int_start, *int_end;
  const char *frac_start = NULL, *frac_end = NULL;
  gboolean negative = FALSE;
  CrmInt128 limit;
  CrmInt128 magnitude = 0;
  guint n_frac = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_scale (scale, error))
    return FALSE;

  if (*p == '-' || *p == '+')
    negative = (*p++ == '-');

  int_start = p;
  while (g_ascii_isdigit (*p))
    p++;
  int_end = p;

  if (*p == '.')
    {
      frac_start = ++p;
      while (g_ascii_isdigit (*p))
        p++;
      frac_end = p;
    }

  if (int_start == int_end || *p != '\0' ||
      (frac_start != NULL && frac_start == frac_end))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                           _("Not a valid amount: use digits with an optional "
                             "leading sign and decimal point, such as 1234.50"));
      return FALSE;
    }

  /* Trailing zeros carry no value, so "1.2300" fits in two decimals. */
  if (frac_start != NULL)
    {
      while (frac_end > frac_start && frac_end[-1] == '0')
        frac_end--;
      n_frac = (guint) (frac_end - frac_start);
    }

  if (n_frac > scale)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "At most %u decimal is allowed",
                                "At most %u decimals are allowed",
                                scale),
                   scale);
      return FALSE;
    }

  /* Accumulate the magnitude; the most negative gint64 has no positive twin. */
  limit = negative ? -(CrmInt128) G_MININT64 : (CrmInt128) G_MAXINT64;

  for (p = int_start; p < int_end; p++)
    {
      magnitude = magnitude * 10 + (*p - '0');
      if (magnitude > limit)
        return set_overflow (error);
    }

  /* magnitude ≤ 2^63, so × 10^8 cannot overflow 128 bits */
  magnitude *= pow10_i128 (scale);
  for (p = frac_start, n_frac = 0; p != NULL && p < frac_end; p++, n_frac++)
    magnitude += (*p - '0') * pow10_i128 (scale - 1 - n_frac);

  if (magnitude > limit)
    return set_overflow (error);

  out->value = (gint64) (negative ? -magnitude : magnitude);
  out->scale = (guint8) scale;
  return TRUE;
}

static guint64
magnitude_u64 (gint64 value)
{
  return value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
}

/* Splits @magnitude at @scale into integer and decimal digits, padding with
 * zeros so there is always an integer digit and exactly @scale decimals. */
static void
split_digits (guint64   magnitude,
              guint     scale,
              char    **out_int,
              char    **out_frac)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  gsize len = strlen (digits);

  if (len <= scale)
    {
      g_autofree char *padded = g_strnfill (scale + 1 - len, '0');
      char *joined = g_strconcat (padded, digits, NULL);

      g_free (digits);
      digits = joined;
      len = scale + 1;
    }

  *out_int = g_strndup (digits, len - scale);
  *out_frac = g_strdup (digits + len - scale);
}

/**
 * crm_money_to_string:
 * @m: an amount
 *
 * Formats @m for storage and the API: '.' as decimal point, no grouping,
 * exactly @m.scale decimals ("1234.50", "-0.05", "0.00", "12" at scale 0).
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
crm_money_to_string (CrmMoney m)
{
  g_autofree char *int_part = NULL;
  g_autofree char *frac_part = NULL;

  split_digits (magnitude_u64 (m.value), m.scale, &int_part, &frac_part);

  return g_strconcat (m.value < 0 ? "-" : "",
                      int_part,
                      m.scale > 0 ? "." : "",
                      frac_part,
                      NULL);
}

/* Inserts @sep into @digits following a localeconv()-style @grouping: each
 * byte is a group size from the right, the last one repeats, CHAR_MAX stops. */
static void
append_grouped (GString    *str,
                const char *digits,
                const char *sep,
                const char *grouping)
{
  gsize len = strlen (digits);
  gsize cuts[32];
  guint n_cuts = 0;
  gsize pos = 0;
  int size = 0;

  while (*sep != '\0')
    {
      if (*grouping != '\0')
        {
          if (*grouping == CHAR_MAX || *grouping < 0)
            break;
          size = *grouping++;
        }
      if (size <= 0)
        break;
      pos += (gsize) size;
      if (pos >= len || n_cuts == G_N_ELEMENTS (cuts))
        break;
      cuts[n_cuts++] = pos;
    }

  for (gsize i = 0; i < len; i++)
    {
      for (guint c = 0; c < n_cuts; c++)
        {
          if (i > 0 && len - i == cuts[c])
            {
              g_string_append (str, sep);
              break;
            }
        }
      g_string_append_c (str, digits[i]);
    }
}

/**
 * crm_money_format:
 * @m: an amount
 * @decimals: decimals to show, at most %CRM_MONEY_MAX_SCALE
 *
 * Formats @m for display: rounds half-up to @decimals and uses the current
 * locale's decimal point, thousands separator and grouping (LC_NUMERIC).
 * localeconv() is not thread-safe, so call this from the UI thread only.
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
crm_money_format (CrmMoney m,
                  guint    decimals)
{
  g_autofree char *int_part = NULL;
  g_autofree char *frac_part = NULL;
  const struct lconv *lc;
  const char *decimal_point = ".";
  const char *thousands_sep = "";
  const char *grouping = "";
  gboolean negative;
  guint64 magnitude;
  guint digits_scale;
  GString *str;

  g_return_val_if_fail (decimals <= CRM_MONEY_MAX_SCALE, NULL);
  g_return_val_if_fail (m.scale <= CRM_MONEY_MAX_SCALE, NULL);

  /* Widening only appends zeros; narrowing rounds, and the rounded
   * magnitude (≤ 2^63 / 10 + 1) still fits in 64 bits. */
  if (decimals >= m.scale)
    {
      negative = m.value < 0;
      magnitude = magnitude_u64 (m.value);
      digits_scale = m.scale;
    }
  else
    {
      CrmInt128 rounded = div_round (m.value, pow10_i128 (m.scale - decimals),
                                     CRM_ROUND_HALF_UP);

      negative = rounded < 0;
      magnitude = (guint64) (negative ? -rounded : rounded);
      digits_scale = decimals;
    }

  split_digits (magnitude, digits_scale, &int_part, &frac_part);

  lc = localeconv ();
  if (lc != NULL)
    {
      if (lc->decimal_point != NULL && *lc->decimal_point != '\0')
        decimal_point = lc->decimal_point;
      if (lc->thousands_sep != NULL)
        thousands_sep = lc->thousands_sep;
      if (lc->grouping != NULL)
        grouping = lc->grouping;
    }

  str = g_string_new (negative ? "-" : NULL);
  append_grouped (str, int_part, thousands_sep, grouping);
  if (decimals > 0)
    {
      g_string_append (str, decimal_point);
      g_string_append (str, frac_part);
      for (guint i = digits_scale; i < decimals; i++)
        g_string_append_c (str, '0');
    }

  return g_string_free (str, FALSE);
}

/**
 * crm_money_rescale:
 * @m: an amount
 * @scale: the new number of decimals, at most %CRM_MONEY_MAX_SCALE
 * @mode: how to round when @scale is smaller than @m.scale
 * @out: (out): where to store the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE if @scale
 *   is too large or the widened value does not fit
 */
gboolean
crm_money_rescale (CrmMoney      m,
                   guint         scale,
                   CrmRounding   mode,
                   CrmMoney     *out,
                   GError      **error)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) mode <= CRM_ROUND_DOWN, FALSE);

  if (!check_scale (m.scale, error) || !check_scale (scale, error))
    return FALSE;

  return store_result (rescale_i128 (m.value, m.scale, scale, mode),
                       scale, out, error);
}

static gboolean
add_signed (CrmMoney   a,
            CrmMoney   b,
            gboolean   subtract,
            CrmMoney  *out,
            GError   **error)
{
  guint scale = MAX (a.scale, b.scale);
  CrmInt128 x, y;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_scale (a.scale, error) || !check_scale (b.scale, error))
    return FALSE;

  /* Widening cannot round; the sum is exact and checked once at the end. */
  x = rescale_i128 (a.value, a.scale, scale, CRM_ROUND_DOWN);
  y = rescale_i128 (b.value, b.scale, scale, CRM_ROUND_DOWN);

  return store_result (subtract ? x - y : x + y, scale, out, error);
}

/**
 * crm_money_add:
 * @a: an amount
 * @b: an amount
 * @out: (out): where to store @a + @b, at the larger of the two scales
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE on overflow
 */
gboolean
crm_money_add (CrmMoney   a,
               CrmMoney   b,
               CrmMoney  *out,
               GError   **error)
{
  return add_signed (a, b, FALSE, out, error);
}

/**
 * crm_money_sub:
 * @a: an amount
 * @b: an amount
 * @out: (out): where to store @a - @b, at the larger of the two scales
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE on overflow
 */
gboolean
crm_money_sub (CrmMoney   a,
               CrmMoney   b,
               CrmMoney  *out,
               GError   **error)
{
  return add_signed (a, b, TRUE, out, error);
}

/**
 * crm_money_mul:
 * @a: an amount
 * @b: an amount
 * @scale: decimals of the result, at most %CRM_MONEY_MAX_SCALE
 * @mode: how to round the exact product to @scale
 * @out: (out): where to store the product
 * @error: return location for a #GError
 *
 * Computes the exact product and rounds it once.
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE on overflow
 */
gboolean
crm_money_mul (CrmMoney      a,
               CrmMoney      b,
               guint         scale,
               CrmRounding   mode,
               CrmMoney     *out,
               GError      **error)
{
  guint product_scale = a.scale + b.scale;
  CrmInt128 product;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) mode <= CRM_ROUND_DOWN, FALSE);

  if (!check_scale (a.scale, error) || !check_scale (b.scale, error) ||
      !check_scale (scale, error))
    return FALSE;

  /* |product| ≤ 2^126 fits; widening it further is only safe (and only
   * meaningful) once it is known to fit in a gint64. */
  product = (CrmInt128) a.value * b.value;
  if (scale > product_scale && !fits_gint64 (product))
    return set_overflow (error);

  return store_result (rescale_i128 (product, product_scale, scale, mode),
                       scale, out, error);
}

/**
 * crm_money_div:
 * @a: the dividend
 * @b: the divisor
 * @scale: decimals of the result, at most %CRM_MONEY_MAX_SCALE
 * @mode: how to round the exact quotient to @scale
 * @out: (out): where to store the quotient
 * @error: return location for a #GError
 *
 * Computes the quotient and rounds it once, from the exact remainder.
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE on division
 *   by zero or overflow
 */
gboolean
crm_money_div (CrmMoney      a,
               CrmMoney      b,
               guint         scale,
               CrmRounding   mode,
               CrmMoney     *out,
               GError      **error)
{
  CrmInt128 num = a.value;
  CrmInt128 den = b.value;
  int exponent;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) mode <= CRM_ROUND_DOWN, FALSE);

  if (!check_scale (a.scale, error) || !check_scale (b.scale, error) ||
      !check_scale (scale, error))
    return FALSE;

  if (b.value == 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                           _("Division by zero"));
      return FALSE;
    }

  /* a/b at scale s is (a.value × 10^(s + b.scale - a.scale)) / b.value; the
   * exponent is within ±16, so neither side can exceed 2^63 × 10^16 < 2^117. */
  exponent = (int) scale + b.scale - a.scale;
  if (exponent >= 0)
    num *= pow10_i128 ((guint) exponent);
  else
    den *= pow10_i128 ((guint) -exponent);

  if (den < 0)
    {
      num = -num;
      den = -den;
    }

  return store_result (div_round (num, den, mode), scale, out, error);
}

/**
 * crm_money_compare:
 * @a: an amount
 * @b: an amount
 *
 * Compares exactly, whatever the scales: 1.5 and 1.50 are equal.
 *
 * Returns: -1, 0 or 1 as @a is less than, equal to or greater than @b
 */
int
crm_money_compare (CrmMoney a,
                   CrmMoney b)
{
  guint scale = MAX (a.scale, b.scale);
  CrmInt128 x, y;

  g_return_val_if_fail (a.scale <= CRM_MONEY_MAX_SCALE, 0);
  g_return_val_if_fail (b.scale <= CRM_MONEY_MAX_SCALE, 0);

  x = rescale_i128 (a.value, a.scale, scale, CRM_ROUND_DOWN);
  y = rescale_i128 (b.value, b.scale, scale, CRM_ROUND_DOWN);

  return (x > y) - (x < y);
}

/**
 * crm_money_is_zero:
 * @m: an amount
 *
 * Returns: %TRUE if @m is zero, at any scale
 */
gboolean
crm_money_is_zero (CrmMoney m)
{
  return m.value == 0;
}

/**
 * crm_money_negate:
 * @m: an amount whose value is not %G_MININT64
 *
 * Negates @m. The most negative value has no positive counterpart: callers
 * that may hold it must check first or use crm_money_negate_checked(). For
 * that value this emits a critical and returns @m unchanged.
 *
 * Returns: -@m, at the same scale
 */
CrmMoney
crm_money_negate (CrmMoney m)
{
  g_return_val_if_fail (m.value != G_MININT64, m);

  m.value = -m.value;
  return m;
}

/**
 * crm_money_negate_checked:
 * @m: an amount
 * @out: (out): where to store -@m, at the same scale
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %CRM_ERROR_OUT_OF_RANGE if @m is
 *   the most negative value
 */
gboolean
crm_money_negate_checked (CrmMoney   m,
                          CrmMoney  *out,
                          GError   **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return store_result (-(CrmInt128) m.value, m.scale, out, error);
}
