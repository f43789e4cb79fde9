/* crm-currency.h: the ISO 4217 currencies, and the rule tying a record's currency to its exchange rate */
#pragma once

#include <glib.h>

#include "crm-entity.h"

G_BEGIN_DECLS

/**
 * CrmCurrency:
 * @code: the alphabetic code, three capital letters ("CNY")
 * @numeric: the numeric code (156)
 * @minor_units: decimals of the minor unit (2), or -1 where the standard
 *   gives none (precious metals, units of account, XTS, XXX)
 * @name: the standard's English name, for reference ("Yuan Renminbi")
 *
 * One active entry of ISO 4217 (list one).
 */
typedef struct
{
  const char *code;
  guint16     numeric;
  gint8       minor_units;
  const char *name;
} CrmCurrency;

const CrmCurrency *crm_currency_lookup             (const char  *code);
const CrmCurrency *crm_currency_get_all            (guint       *n_currencies);
gboolean           crm_currency_is_valid           (const char  *code);
char              *crm_currency_dup_name           (const char  *code,
                                                     const char * const *languages);
gboolean           crm_currency_check_exchange_rate (CrmEntity   *record,
                                                     const char  *base_currency,
                                                     GError     **error);

G_END_DECLS
