/* crm-pricing.h: the lines and totals of a quote or order, computed exactly (no I/O) */
#pragma once

#include <glib.h>

#include "crm-money.h"

G_BEGIN_DECLS

/**
 * SECTION:crm-pricing
 * @title: Pricing
 * @short_description: the money rules of quotes and orders
 *
 * One line is quantity × unit price × (1 − discount) × (1 − header discount),
 * computed exactly and rounded once to 2 decimals. Percents are written as
 * percents: a discount of "12.5" is 12.5 %, a tax rate of "13" is 13 %.
 *
 * Tax-exclusive (%CRM_PRICING_EXCLUSIVE), the rounded amount is the line's net:
 * tax = round2 (net × rate), gross = net + tax, total = Σ net + Σ tax.
 *
 * Tax-inclusive (%CRM_PRICING_INCLUSIVE), the rounded amount is the line's
 * gross: tax = round2 (gross × rate / (1 + rate)), net = gross − tax,
 * total = Σ gross.
 *
 * In both modes the base-currency total is round2 (total × exchange rate).
 * Every rounding uses the one #CrmRounding given to crm_pricing_compute():
 * %CRM_ROUND_HALF_UP (ties away from zero, also for negative amounts) by
 * default, %CRM_ROUND_HALF_EVEN on request.
 *
 * Limits follow the database columns: quantities and unit prices
 * DECIMAL(18,4) (at most ±99999999999999.9999), amounts DECIMAL(18,2) (at most
 * ±9999999999999999.99), percents 0 to 100 with 4 decimals, the exchange rate
 * DECIMAL(18,8) and greater than 0. Anything outside them is an error and
 * nothing is returned.
 *
 * Errors are in the %CRM_ERROR domain: %CRM_ERROR_VALIDATION for text that is
 * not a decimal number, %CRM_ERROR_OUT_OF_RANGE for too many decimals or a
 * value or result beyond its limits. The message names the line (counted
 * from 1) and the field; crm_error_get_field() gives the JSON path of the
 * field: "lines[i].quantity" with i counted from 0 as in the JSON array
 * (likewise "unit_price", "discount", "tax_rate", and "net", "tax",
 * "gross", "unit_price_gross" for a line's results), "header_discount" and
 * "exchange_rate" for the header, or the total concerned ("net_total",
 * "tax_total", "total", "total_base", "tax_breakdown").
 */

/* Decimals of each kind of value, as stored. */
#define CRM_PRICING_AMOUNT_SCALE   2
#define CRM_PRICING_PRICE_SCALE    4
#define CRM_PRICING_PERCENT_SCALE  4
#define CRM_PRICING_RATE_SCALE     8

/**
 * CrmPricingMode:
 * @CRM_PRICING_EXCLUSIVE: unit prices exclude tax; tax is added to the net
 * @CRM_PRICING_INCLUSIVE: unit prices include tax; tax is taken out of the gross
 */
typedef enum
{
  CRM_PRICING_EXCLUSIVE,
  CRM_PRICING_INCLUSIVE,
} CrmPricingMode;

/**
 * CrmPriceLine:
 * @quantity: up to 4 decimals, negative for a credit line
 * @unit_price: up to 4 decimals
 * @discount: line discount in percent, 0 to 100, up to 4 decimals
 * @tax_rate: tax rate in percent, 0 to 100, up to 4 decimals
 *
 * The inputs of one line. Any #CrmMoney scale is accepted as long as the
 * value itself has no more decimals than stated.
 */
typedef struct
{
  CrmMoney quantity;
  CrmMoney unit_price;
  CrmMoney discount;
  CrmMoney tax_rate;
} CrmPriceLine;

/**
 * CrmPriceLineResult:
 * @net: the amount without tax, 2 decimals
 * @tax: the tax, 2 decimals
 * @gross: @net + @tax, 2 decimals
 * @unit_price_gross: the unit price including tax, for display, 4 decimals:
 *   round4 (unit price × (1 + rate)) tax-exclusive, the unit price itself
 *   tax-inclusive (neither discount applied)
 */
typedef struct
{
  CrmMoney net;
  CrmMoney tax;
  CrmMoney gross;
  CrmMoney unit_price_gross;
} CrmPriceLineResult;

/**
 * CrmTaxBucket:
 * @rate: the tax rate in percent, 4 decimals
 * @net: the sum of the nets of the lines at @rate, 2 decimals
 * @tax: the sum of the taxes of the lines at @rate, 2 decimals
 */
typedef struct
{
  CrmMoney rate;
  CrmMoney net;
  CrmMoney tax;
} CrmTaxBucket;

/**
 * CrmPriceTotals:
 * @net_total: Σ line net, 2 decimals
 * @tax_total: Σ line tax, 2 decimals
 * @total: @net_total + @tax_total (= Σ line gross), 2 decimals
 * @total_base: round2 (@total × exchange rate), in the base currency
 * @max_line_discount: the largest line discount in percent (the header
 *   discount not included), 4 decimals; 0 without lines
 * @tax_buckets: (element-type CrmTaxBucket): one #CrmTaxBucket per distinct
 *   tax rate, by ascending rate; a rate of 0 % has its bucket too
 *
 * Owns @tax_buckets: release with crm_price_totals_clear(), or declare with
 * g_auto(CrmPriceTotals) totals = { 0 };
 */
typedef struct
{
  CrmMoney  net_total;
  CrmMoney  tax_total;
  CrmMoney  total;
  CrmMoney  total_base;
  CrmMoney  max_line_discount;
  GArray   *tax_buckets;
} CrmPriceTotals;

const char *crm_pricing_mode_to_string   (CrmPricingMode            mode);
gboolean    crm_pricing_mode_from_string (const char               *text,
                                          CrmPricingMode           *out_mode);

gboolean    crm_price_line_parse         (guint                     line_number,
                                          const char               *quantity,
                                          const char               *unit_price,
                                          const char               *discount,
                                          const char               *tax_rate,
                                          CrmPriceLine             *out,
                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    crm_pricing_parse_header     (const char               *discount,
                                          const char               *exchange_rate,
                                          CrmMoney                 *out_discount,
                                          CrmMoney                 *out_exchange_rate,
                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean    crm_pricing_compute          (CrmPricingMode            mode,
                                          CrmRounding               rounding,
                                          CrmMoney                  header_discount,
                                          CrmMoney                  exchange_rate,
                                          const CrmPriceLine       *lines,
                                          guint                     n_lines,
                                          CrmPriceLineResult       *results,
                                          CrmPriceTotals           *totals,
                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

void        crm_price_totals_clear       (CrmPriceTotals           *totals);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CrmPriceTotals, crm_price_totals_clear)

G_END_DECLS
