/* crm-money.h: exact fixed-point amounts (value × 10^-scale), parsing, formatting and rounding */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CrmMoney:
 * @value: the amount in units of 10^-@scale
 * @scale: number of decimals, at most %CRM_MONEY_MAX_SCALE
 *
 * An exact decimal amount: @value × 10^-@scale. Passed by value.
 */
typedef struct
{
  gint64 value;
  guint8 scale;
} CrmMoney;

#define CRM_MONEY_MAX_SCALE 8

/**
 * CrmRounding:
 * @CRM_ROUND_HALF_UP: to nearest, ties away from zero (0.125 → 0.13, -0.125 → -0.13)
 * @CRM_ROUND_HALF_EVEN: to nearest, ties to the even digit (0.125 → 0.12, 0.135 → 0.14)
 * @CRM_ROUND_DOWN: toward zero (truncate)
 */
typedef enum
{
  CRM_ROUND_HALF_UP,
  CRM_ROUND_HALF_EVEN,
  CRM_ROUND_DOWN,
} CrmRounding;

CrmMoney  crm_money_new            (gint64       value,
                                    guint        scale);
gboolean  crm_money_parse          (const char  *text,
                                    guint        scale,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
char     *crm_money_to_string      (CrmMoney     m) G_GNUC_WARN_UNUSED_RESULT;
char     *crm_money_format         (CrmMoney     m,
                                    guint        decimals) G_GNUC_WARN_UNUSED_RESULT;
gboolean  crm_money_rescale        (CrmMoney     m,
                                    guint        scale,
                                    CrmRounding  mode,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  crm_money_add            (CrmMoney     a,
                                    CrmMoney     b,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  crm_money_sub            (CrmMoney     a,
                                    CrmMoney     b,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  crm_money_mul            (CrmMoney     a,
                                    CrmMoney     b,
                                    guint        scale,
                                    CrmRounding  mode,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  crm_money_div            (CrmMoney     a,
                                    CrmMoney     b,
                                    guint        scale,
                                    CrmRounding  mode,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
int       crm_money_compare        (CrmMoney     a,
                                    CrmMoney     b);
gboolean  crm_money_is_zero        (CrmMoney     m);
CrmMoney  crm_money_negate         (CrmMoney     m);
gboolean  crm_money_negate_checked (CrmMoney     m,
                                    CrmMoney    *out,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
