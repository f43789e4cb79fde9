/* crm-chinese-amount.c: an amount in Chinese capital numerals (大写金额) for invoices and contracts */
#include "crm-chinese-amount.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"

/* The largest DECIMAL(18,2) amount, in fen. */
#define MAX_FEN G_GINT64_CONSTANT (999999999999999999)

static const char * const digits[] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};

static const char * const small_units[] = { "", "拾", "佰", "仟" };

/* Appends @n (1 to 9999) digit by digit: a run of zeros between two
 * non-zero digits is one 零, zeros at the end are not written. */
static void
append_group (GString *str,
              guint64  n)
{
  gboolean pending_zero = FALSE;
  gboolean started = FALSE;

  for (int pos = 3; pos >= 0; pos--)
    {
      guint64 unit = pos == 3 ? 1000 : pos == 2 ? 100 : pos == 1 ? 10 : 1;
      guint d = (guint) (n / unit % 10);

      if (d == 0)
        {
          pending_zero = started;
          continue;
        }
      if (pending_zero)
        g_string_append (str, digits[0]);
      g_string_append (str, digits[d]);
      g_string_append (str, small_units[pos]);
      pending_zero = FALSE;
      started = TRUE;
    }
}

/* Appends @n (1 to 10^16 − 1) as 亿 and 万 groups. The part after a 亿 or 万
 * starts with 零 when its leading digit is 0 (壹亿零壹佰万, 壹万零伍). */
static void
append_integer (GString *str,
                guint64  n)
{
  static const struct
  {
    guint64     size;
    const char *unit;
  } levels[] = {
    { G_GUINT64_CONSTANT (100000000), "亿" },
    { G_GUINT64_CONSTANT (10000),     "万" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      guint64 size = levels[i].size;
      guint64 rest;

      if (n < size)
        continue;

      append_integer (str, n / size);
      g_string_append (str, levels[i].unit);
      rest = n % size;
      if (rest == 0)
        return;
      if (rest < size / 10)
        g_string_append (str, digits[0]);
      append_integer (str, rest);
      return;
    }

  append_group (str, n);
}

/* Rounds @amount half-up to fen; FALSE if that is beyond DECIMAL(18,2). */
static gboolean
to_fen (CrmMoney  amount,
        gint64   *out_fen)
{
  CrmMoney rounded;

  if (!crm_money_rescale (amount, 2, CRM_ROUND_HALF_UP, &rounded, NULL))
    return FALSE;
  if (rounded.value > MAX_FEN || rounded.value < -MAX_FEN)
    return FALSE;
  *out_fen = rounded.value;
  return TRUE;
}

char *
crm_money_to_chinese_capital (CrmMoney   amount,
                              GError   **error)
{
  GString *str;
  guint64 magnitude, yuan;
  guint jiao, fen;
  gint64 total_fen;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!to_fen (amount, &total_fen))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE,
                           _("The amount is too large to be written in words: "
                             "the limit is 9999999999999999.99"));
      return NULL;
    }

  if (total_fen == 0)
    return g_strdup ("零元整");

  magnitude = (guint64) ABS (total_fen);
  yuan = magnitude / 100;
  jiao = (guint) (magnitude / 10 % 10);
  fen = (guint) (magnitude % 10);

  str = g_string_new (total_fen < 0 ? "负" : NULL);

  if (yuan > 0)
    {
      append_integer (str, yuan);
      g_string_append (str, "元");
    }

  if (jiao == 0 && fen == 0)
    {
      g_string_append (str, "整");
      return g_string_free (str, FALSE);
    }

  /* 零 after 元 when the 元 digit is 0 before a 角, or the 角 is 0 before a 分 */
  if (yuan > 0 && (jiao == 0 || yuan % 10 == 0))
    g_string_append (str, digits[0]);

  if (jiao > 0)
    {
      g_string_append (str, digits[jiao]);
      g_string_append (str, "角");
    }
  if (fen > 0)
    {
      g_string_append (str, digits[fen]);
      g_string_append (str, "分");
    }

  return g_string_free (str, FALSE);
}
