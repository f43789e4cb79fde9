/* test-pricing.c: unit tests for the quote money rules (lines, tax, totals, limits) */
#include <string.h>

#include <glib.h>

#include "crm-error.h"
#include "crm-money.h"
#include "crm-pricing.h"

#define UP   CRM_ROUND_HALF_UP
#define EVEN CRM_ROUND_HALF_EVEN

#define MAX_LINES 5

typedef struct
{
  const char *quantity;
  const char *unit_price;
  const char *discount;
  const char *tax_rate;
  /* expected */
  const char *net;
  const char *tax;
  const char *unit_price_gross;
} LineCase;

/* Every expected value below was worked out separately with exact decimal
 * arithmetic (Python's decimal module), following the rules in
 * crm-pricing.h, never with the code under test. @buckets lists the tax
 * breakdown as "rate:net:tax" by ascending rate. A row with @field set
 * expects an error with that code and field path instead. */
typedef struct
{
  const char     *name;
  CrmPricingMode  mode;
  CrmRounding     rounding;
  const char     *header_discount;
  const char     *exchange_rate;
  LineCase        lines[MAX_LINES];
  const char     *net_total;
  const char     *tax_total;
  const char     *total;
  const char     *total_base;
  const char     *max_line_discount;
  const char     *buckets;
  CrmErrorCode    error;
  const char     *field;
} PricingCase;

static const PricingCase pricing_cases[] = {
  /* tax-exclusive, one line per common rate */
  { "exclusive 13 %", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "100", "0", "13", "100.00", "13.00", "113.0000" } },
    "100.00", "13.00", "113.00", "113.00", "0.0000",
    "13.0000:100.00:13.00" },
  { "exclusive 6 %", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "3", "33.3333", "0", "6", "100.00", "6.00", "35.3333" } },
    "100.00", "6.00", "106.00", "106.00", "0.0000",
    "6.0000:100.00:6.00" },
  { "exclusive 9 %", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "7", "14.2857", "0", "9", "100.00", "9.00", "15.5714" } },
    "100.00", "9.00", "109.00", "109.00", "0.0000",
    "9.0000:100.00:9.00" },
  { "exclusive 0 %", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "12", "8.25", "0", "0", "99.00", "0.00", "8.2500" } },
    "99.00", "0.00", "99.00", "99.00", "0.0000",
    "0.0000:99.00:0.00" },

  /* 4 decimals in quantities, prices and percents */
  { "4-decimal quantity and price", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "2.5", "19.9999", "0", "13", "50.00", "6.50", "22.5999" } },
    "50.00", "6.50", "56.50", "56.50", "0.0000",
    "13.0000:50.00:6.50" },
  { "4-decimal quantity and price 2", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "0.0001", "0.0001", "0", "13", "0.00", "0.00", "0.0001" } },
    "0.00", "0.00", "0.00", "0.00", "0.0000",
    "13.0000:0.00:0.00" },
  { "4-decimal quantity and price 3", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1.2345", "6789.0123", "0", "6", "8381.04", "502.86", "7196.3530" } },
    "8381.04", "502.86", "8883.90", "8883.90", "0.0000",
    "6.0000:8381.04:502.86" },
  { "4-decimal percents", CRM_PRICING_EXCLUSIVE, UP, "2.5", "1",
    { { "10", "99.99", "12.3456", "13.0000", "854.54", "111.09", "112.9887" } },
    "854.54", "111.09", "965.63", "965.63", "12.3456",
    "13.0000:854.54:111.09" },

  /* exact ties (x.xx5) in each rounding, both modes of rounding */
  { "net tie half-up", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "0.125", "0", "13", "0.13", "0.02", "0.1413" } },
    "0.13", "0.02", "0.15", "0.15", "0.0000",
    "13.0000:0.13:0.02" },
  { "net tie half-even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "1", "0.125", "0", "13", "0.12", "0.02", "0.1412" } },
    "0.12", "0.02", "0.14", "0.14", "0.0000",
    "13.0000:0.12:0.02" },
  { "net tie half-even odd", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "1", "0.135", "0", "0", "0.14", "0.00", "0.1350" } },
    "0.14", "0.00", "0.14", "0.14", "0.0000",
    "0.0000:0.14:0.00" },
  { "tax tie 9 % half-up", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "10.50", "0", "9", "10.50", "0.95", "11.4450" } },
    "10.50", "0.95", "11.45", "11.45", "0.0000",
    "9.0000:10.50:0.95" },
  { "tax tie 9 % half-even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "1", "10.50", "0", "9", "10.50", "0.94", "11.4450" } },
    "10.50", "0.94", "11.44", "11.44", "0.0000",
    "9.0000:10.50:0.94" },
  { "tax tie 13 % half-up", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "12.50", "0", "13", "12.50", "1.63", "14.1250" } },
    "12.50", "1.63", "14.13", "14.13", "0.0000",
    "13.0000:12.50:1.63" },
  { "tax tie 13 % half-even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "1", "12.50", "0", "13", "12.50", "1.62", "14.1250" } },
    "12.50", "1.62", "14.12", "14.12", "0.0000",
    "13.0000:12.50:1.62" },
  { "discount tie half-up", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "0.70", "5", "0", "0.67", "0.00", "0.7000" } },
    "0.67", "0.00", "0.67", "0.67", "5.0000",
    "0.0000:0.67:0.00" },
  { "discount tie half-even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "1", "0.70", "5", "0", "0.66", "0.00", "0.7000" } },
    "0.66", "0.00", "0.66", "0.66", "5.0000",
    "0.0000:0.66:0.00" },
  { "tax 5.5 %", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "3", "17.77", "0", "5.5", "53.31", "2.93", "18.7474" } },
    "53.31", "2.93", "56.24", "56.24", "0.0000",
    "5.5000:53.31:2.93" },

  /* discounts */
  { "header and line discount", CRM_PRICING_EXCLUSIVE, UP, "10", "1",
    { { "3", "99.99", "12.5", "13", "236.23", "30.71", "112.9887" } },
    "236.23", "30.71", "266.94", "266.94", "12.5000",
    "13.0000:236.23:30.71" },
  { "header discount half-even", CRM_PRICING_EXCLUSIVE, EVEN, "10", "1",
    { { "3", "99.99", "12.5", "13", "236.23", "30.71", "112.9887" } },
    "236.23", "30.71", "266.94", "266.94", "12.5000",
    "13.0000:236.23:30.71" },
  { "100 % line discount", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    {
      { "5", "80", "100", "13", "0.00", "0.00", "90.4000" },
      { "1", "10", "0", "13", "10.00", "1.30", "11.3000" },
    },
    "10.00", "1.30", "11.30", "11.30", "100.0000",
    "13.0000:10.00:1.30" },
  { "100 % header discount", CRM_PRICING_EXCLUSIVE, UP, "100", "6.5",
    {
      { "5", "80", "0", "13", "0.00", "0.00", "90.4000" },
      { "-1", "10", "0", "6", "0.00", "0.00", "10.6000" },
    },
    "0.00", "0.00", "0.00", "0.00", "0.0000",
    "6.0000:0.00:0.00 13.0000:0.00:0.00" },

  /* credit lines: ties go away from zero half-up */
  { "credit line", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "-2", "50", "0", "13", "-100.00", "-13.00", "56.5000" } },
    "-100.00", "-13.00", "-113.00", "-113.00", "0.0000",
    "13.0000:-100.00:-13.00" },
  { "credit line tie half-up", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "-1", "0.125", "0", "0", "-0.13", "0.00", "0.1250" } },
    "-0.13", "0.00", "-0.13", "-0.13", "0.0000",
    "0.0000:-0.13:0.00" },
  { "credit line tie half-even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "-1", "0.125", "0", "0", "-0.12", "0.00", "0.1250" } },
    "-0.12", "0.00", "-0.12", "-0.12", "0.0000",
    "0.0000:-0.12:0.00" },
  { "negative price, tax tie", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "-12.50", "0", "13", "-12.50", "-1.63", "-14.1250" } },
    "-12.50", "-1.63", "-14.13", "-14.13", "0.0000",
    "13.0000:-12.50:-1.63" },
  { "sale and credit", CRM_PRICING_EXCLUSIVE, UP, "5", "1",
    {
      { "10", "19.99", "0", "13", "189.91", "24.69", "22.5887" },
      { "-2", "19.99", "0", "13", "-37.98", "-4.94", "22.5887" },
    },
    "151.93", "19.75", "171.68", "171.68", "0.0000",
    "13.0000:151.93:19.75" },

  /* several lines, mixed rates: the breakdown */
  { "mixed rates", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    {
      { "2", "100", "0", "13", "200.00", "26.00", "113.0000" },
      { "1", "50", "0", "6", "50.00", "3.00", "53.0000" },
      { "3", "33.33", "10", "13", "89.99", "11.70", "37.6629" },
      { "1", "20", "0", "0", "20.00", "0.00", "20.0000" },
      { "4", "12.5", "0", "9", "50.00", "4.50", "13.6250" },
    },
    "409.99", "45.20", "455.19", "455.19", "10.0000",
    "0.0000:20.00:0.00 6.0000:50.00:3.00 9.0000:50.00:4.50 13.0000:289.99:37.70" },
  { "mixed rates half-even", CRM_PRICING_EXCLUSIVE, EVEN, "3", "1",
    {
      { "1", "10.50", "0", "9", "10.18", "0.92", "11.4450" },
      { "1", "12.50", "0", "13", "12.12", "1.58", "14.1250" },
      { "2", "0.0625", "0", "6", "0.12", "0.01", "0.0662" },
      { "1", "1", "0", "0", "0.97", "0.00", "1.0000" },
    },
    "23.39", "2.51", "25.90", "25.90", "0.0000",
    "0.0000:0.97:0.00 6.0000:0.12:0.01 9.0000:10.18:0.92 13.0000:12.12:1.58" },

  /* the base-currency total */
  { "exchange rate", CRM_PRICING_EXCLUSIVE, UP, "0", "7.12345678",
    { { "1", "100", "0", "13", "100.00", "13.00", "113.0000" } },
    "100.00", "13.00", "113.00", "804.95", "0.0000",
    "13.0000:100.00:13.00" },
  { "exchange rate tie half-up", CRM_PRICING_EXCLUSIVE, UP, "0", "0.125",
    { { "1", "1", "0", "0", "1.00", "0.00", "1.0000" } },
    "1.00", "0.00", "1.00", "0.13", "0.0000",
    "0.0000:1.00:0.00" },
  { "exchange rate tie half-even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "0.125",
    { { "1", "1", "0", "0", "1.00", "0.00", "1.0000" } },
    "1.00", "0.00", "1.00", "0.12", "0.0000",
    "0.0000:1.00:0.00" },
  { "exchange rate tiny", CRM_PRICING_EXCLUSIVE, UP, "0", "0.00000001",
    { { "1000", "1000", "0", "0", "1000000.00", "0.00", "1000.0000" } },
    "1000000.00", "0.00", "1000000.00", "0.01", "0.0000",
    "0.0000:1000000.00:0.00" },
  { "no lines", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { NULL } },
    "0.00", "0.00", "0.00", "0.00", "0.0000",
    "" },

  /* tax-inclusive */
  { "inclusive 13 %", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "1", "113", "0", "13", "100.00", "13.00", "113.0000" } },
    "100.00", "13.00", "113.00", "113.00", "0.0000",
    "13.0000:100.00:13.00" },
  { "inclusive 6 %", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "3", "19.99", "0", "6", "56.58", "3.39", "19.9900" } },
    "56.58", "3.39", "59.97", "59.97", "0.0000",
    "6.0000:56.58:3.39" },
  { "inclusive 9 %", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "1", "100", "0", "9", "91.74", "8.26", "100.0000" } },
    "91.74", "8.26", "100.00", "100.00", "0.0000",
    "9.0000:91.74:8.26" },
  { "inclusive 0 %", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "1", "99.99", "0", "0", "99.99", "0.00", "99.9900" } },
    "99.99", "0.00", "99.99", "99.99", "0.0000",
    "0.0000:99.99:0.00" },
  { "inclusive gross tie half-up", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "1", "10.125", "0", "13", "8.96", "1.17", "10.1250" } },
    "8.96", "1.17", "10.13", "10.13", "0.0000",
    "13.0000:8.96:1.17" },
  { "inclusive gross tie half-even", CRM_PRICING_INCLUSIVE, EVEN, "0", "1",
    { { "1", "10.125", "0", "13", "8.96", "1.16", "10.1250" } },
    "8.96", "1.16", "10.12", "10.12", "0.0000",
    "13.0000:8.96:1.16" },
  { "inclusive tax tie half-up", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    {
      { "1", "0.12", "0", "60", "0.07", "0.05", "0.1200" },
      { "1", "0.05", "0", "100", "0.02", "0.03", "0.0500" },
    },
    "0.09", "0.08", "0.17", "0.17", "0.0000",
    "60.0000:0.07:0.05 100.0000:0.02:0.03" },
  { "inclusive tax tie half-even", CRM_PRICING_INCLUSIVE, EVEN, "0", "1",
    {
      { "1", "0.12", "0", "60", "0.08", "0.04", "0.1200" },
      { "1", "0.05", "0", "100", "0.03", "0.02", "0.0500" },
    },
    "0.11", "0.06", "0.17", "0.17", "0.0000",
    "60.0000:0.08:0.04 100.0000:0.03:0.02" },
  { "inclusive discounts", CRM_PRICING_INCLUSIVE, UP, "8", "1",
    {
      { "2.5", "1234.5678", "7.5", "13", "2324.37", "302.17", "1234.5678" },
      { "1", "88", "0", "6", "76.38", "4.58", "88.0000" },
    },
    "2400.75", "306.75", "2707.50", "2707.50", "7.5000",
    "6.0000:76.38:4.58 13.0000:2324.37:302.17" },
  { "inclusive credit", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    {
      { "-1", "113", "0", "13", "-100.00", "-13.00", "113.0000" },
      { "3", "113", "0", "13", "300.00", "39.00", "113.0000" },
    },
    "200.00", "26.00", "226.00", "226.00", "0.0000",
    "13.0000:200.00:26.00" },
  { "inclusive mixed rates", CRM_PRICING_INCLUSIVE, EVEN, "0", "0.13888889",
    {
      { "1", "1130", "0", "13", "1000.00", "130.00", "1130.0000" },
      { "2", "106", "0", "6", "200.00", "12.00", "106.0000" },
      { "1", "109", "0", "9", "100.00", "9.00", "109.0000" },
      { "1", "50", "0", "0", "50.00", "0.00", "50.0000" },
    },
    "1350.00", "151.00", "1501.00", "208.47", "0.0000",
    "0.0000:50.00:0.00 6.0000:200.00:12.00 9.0000:100.00:9.00 13.0000:1000.00:130.00" },

  /* the unit price with tax, rounded to 4 decimals */
  { "unit price with tax tie", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "0.0055", "0", "50", "0.01", "0.01", "0.0083" } },
    "0.01", "0.01", "0.02", "0.02", "0.0000",
    "50.0000:0.01:0.01" },
  { "unit price with tax tie even", CRM_PRICING_EXCLUSIVE, EVEN, "0", "1",
    { { "1", "0.0055", "0", "50", "0.01", "0.00", "0.0082" } },
    "0.01", "0.00", "0.01", "0.01", "0.0000",
    "50.0000:0.01:0.00" },

  /* at the limits: 128-bit intermediates, DECIMAL(18,2) results */
  { "largest amount", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "100", "99999999999999.9999", "0", "0", "9999999999999999.99", "0.00", "99999999999999.9999" } },
    "9999999999999999.99", "0.00", "9999999999999999.99", "9999999999999999.99", "0.0000",
    "0.0000:9999999999999999.99:0.00" },
  { "largest credit", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "-100", "99999999999999.9999", "0", "0", "-9999999999999999.99", "0.00", "99999999999999.9999" } },
    "-9999999999999999.99", "0.00", "-9999999999999999.99", "-9999999999999999.99", "0.0000",
    "0.0000:-9999999999999999.99:0.00" },
  { "largest inputs, deep discount", CRM_PRICING_EXCLUSIVE, UP, "99.9999", "1",
    { { "99999999999999.9999", "99999999999999.9999", "99.9999", "0", "9999999999999999.98", "0.00", "99999999999999.9999" } },
    "9999999999999999.98", "0.00", "9999999999999999.98", "9999999999999999.98", "99.9999",
    "0.0000:9999999999999999.98:0.00" },
  { "wide product", CRM_PRICING_EXCLUSIVE, EVEN, "99.9999", "1",
    { { "12345678901234.5678", "78765432109876.5432", "99.9999", "13", "972412733345526.59", "126413655334918.46", "89004938284160.4938" } },
    "972412733345526.59", "126413655334918.46", "1098826388680445.05", "1098826388680445.05", "99.9999",
    "13.0000:972412733345526.59:126413655334918.46" },
  { "large total base", CRM_PRICING_EXCLUSIVE, UP, "0", "9999999999.99999999",
    { { "1", "999999.99", "0", "0", "999999.99", "0.00", "999999.9900" } },
    "999999.99", "0.00", "999999.99", "9999999899999999.99", "0.0000",
    "0.0000:999999.99:0.00" },

  /* just over the limits */
  { "net over the limit", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "100.0001", "99999999999999.9999", "0", "0" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].net" },
  { "gross over the limit", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "100", "99999999999999.9999", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].gross" },
  { "inclusive gross over the limit", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    {
      { "1", "1", "0", "0" },
      { "-100.0001", "99999999999999.9999", "0", "0" },
    },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[1].gross" },
  { "unit price with tax over the limit", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "99999999999999.9999", "0", "0.0001" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].unit_price_gross" },
  { "deep discount over the limit", CRM_PRICING_EXCLUSIVE, UP, "99.9999", "1",
    { { "99999999999999.9999", "99999999999999.9999", "99.9998", "0" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].net" },
  { "net total over the limit", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    {
      { "100", "90000000000000", "0", "0" },
      { "100", "90000000000000", "0", "0" },
    },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "net_total" },
  { "total over the limit", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    {
      { "100", "90000000000000", "0", "6" },
      { "100", "9000000000000", "0", "6" },
    },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "total" },
  { "total base over the limit", CRM_PRICING_EXCLUSIVE, UP, "0", "2",
    { { "100", "50000000000000", "0", "0" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "total_base" },

  /* invalid inputs, caught when parsing the decimal strings */
  { "discount 101", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "1", "101", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].discount" },
  { "discount 100.0001", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    {
      { "1", "1", "0", "13" },
      { "1", "1", "100.0001", "13" },
    },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[1].discount" },
  { "negative discount", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "1", "-5", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].discount" },
  { "negative tax rate", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "1", "0", "-13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].tax_rate" },
  { "tax rate 100.5", CRM_PRICING_INCLUSIVE, UP, "0", "1",
    { { "1", "1", "0", "100.5" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].tax_rate" },
  { "exchange rate 0", CRM_PRICING_EXCLUSIVE, UP, "0", "0",
    { { "1", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "exchange_rate" },
  { "negative exchange rate", CRM_PRICING_EXCLUSIVE, UP, "0", "-1.5",
    { { "1", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "exchange_rate" },
  { "exchange rate 9 decimals", CRM_PRICING_EXCLUSIVE, UP, "0", "1.123456789",
    { { "1", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "exchange_rate" },
  { "exchange rate too large", CRM_PRICING_EXCLUSIVE, UP, "0", "10000000000",
    { { "1", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "exchange_rate" },
  { "header discount 101", CRM_PRICING_EXCLUSIVE, UP, "101", "1",
    { { "1", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "header_discount" },
  { "quantity 5 decimals", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1.00001", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].quantity" },
  { "price 5 decimals", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "0.12345", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].unit_price" },
  { "discount 5 decimals", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "1", "12.34567", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].discount" },
  { "quantity too large", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "100000000000000", "1", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].quantity" },
  { "price too small", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "-100000000000000", "0", "13" } },
    .error = CRM_ERROR_OUT_OF_RANGE, .field = "lines[0].unit_price" },
  { "quantity not a number", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "abc", "1", "0", "13" } },
    .error = CRM_ERROR_VALIDATION, .field = "lines[0].quantity" },
  { "price with exponent", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "1e3", "0", "13" } },
    .error = CRM_ERROR_VALIDATION, .field = "lines[0].unit_price" },
  { "tax rate with comma", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    { { "1", "1", "0", "13,5" } },
    .error = CRM_ERROR_VALIDATION, .field = "lines[0].tax_rate" },
  { "empty quantity", CRM_PRICING_EXCLUSIVE, UP, "0", "1",
    {
      { "1", "1", "0", "6" },
      { "", "1", "0", "13" },
    },
    .error = CRM_ERROR_VALIDATION, .field = "lines[1].quantity" },
};

static CrmMoney
money (const char *text,
       guint       scale)
{
  g_autoptr(GError) error = NULL;
  CrmMoney m = { 0, 0 };

  g_assert_true (crm_money_parse (text, scale, &m, &error));
  g_assert_no_error (error);
  return m;
}

static void
assert_money (CrmMoney    m,
              const char *expected)
{
  g_autofree char *str = crm_money_to_string (m);

  g_assert_cmpstr (str, ==, expected);
}

static char *
buckets_to_string (GArray *buckets)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < buckets->len; i++)
    {
      const CrmTaxBucket *b = &g_array_index (buckets, CrmTaxBucket, i);
      g_autofree char *rate = crm_money_to_string (b->rate);
      g_autofree char *net = crm_money_to_string (b->net);
      g_autofree char *tax = crm_money_to_string (b->tax);

      g_string_append_printf (str, "%s%s:%s:%s", i > 0 ? " " : "", rate, net, tax);
    }
  return g_string_free (str, FALSE);
}

static guint
count_lines (const PricingCase *c)
{
  guint n = 0;

  while (n < MAX_LINES && c->lines[n].quantity != NULL)
    n++;
  return n;
}

/* Parses a row's strings; FALSE (with @error set) if that already fails. */
static gboolean
parse_case (const PricingCase  *c,
            CrmMoney           *header_discount,
            CrmMoney           *exchange_rate,
            CrmPriceLine       *lines,
            GError            **error)
{
  if (!crm_pricing_parse_header (c->header_discount, c->exchange_rate,
                                 header_discount, exchange_rate, error))
    return FALSE;

  for (guint i = 0; i < count_lines (c); i++)
    {
      const LineCase *l = &c->lines[i];

      if (!crm_price_line_parse (i + 1, l->quantity, l->unit_price, l->discount,
                                 l->tax_rate, &lines[i], error))
        return FALSE;
    }
  return TRUE;
}

static void
check_success (const PricingCase        *c,
               const CrmPriceLineResult *results,
               const CrmPriceTotals     *totals)
{
  g_autofree char *buckets = buckets_to_string (totals->tax_buckets);
  CrmMoney sum_net = { 0, 2 }, sum_bucket_net = { 0, 2 };

  for (guint i = 0; i < count_lines (c); i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney gross;

      assert_money (results[i].net, c->lines[i].net);
      assert_money (results[i].tax, c->lines[i].tax);
      assert_money (results[i].unit_price_gross, c->lines[i].unit_price_gross);

      g_assert_true (crm_money_add (results[i].net, results[i].tax, &gross, &error));
      g_assert_cmpint (crm_money_compare (results[i].gross, gross), ==, 0);
      g_assert_cmpuint (results[i].gross.scale, ==, 2);

      g_assert_true (crm_money_add (sum_net, results[i].net, &sum_net, &error));
      g_assert_no_error (error);
    }

  assert_money (totals->net_total, c->net_total);
  assert_money (totals->tax_total, c->tax_total);
  assert_money (totals->total, c->total);
  assert_money (totals->total_base, c->total_base);
  assert_money (totals->max_line_discount, c->max_line_discount);
  g_assert_cmpstr (buckets, ==, c->buckets);

  /* the breakdown and the lines add up to the same net */
  for (guint i = 0; i < totals->tax_buckets->len; i++)
    {
      g_autoptr(GError) error = NULL;
      CrmMoney net = g_array_index (totals->tax_buckets, CrmTaxBucket, i).net;

      g_assert_true (crm_money_add (sum_bucket_net, net, &sum_bucket_net, &error));
    }
  g_assert_cmpint (crm_money_compare (sum_net, totals->net_total), ==, 0);
  g_assert_cmpint (crm_money_compare (sum_bucket_net, totals->net_total), ==, 0);
}

static void
check_error (const PricingCase *c,
             const GError      *error)
{
  g_assert_error (error, CRM_ERROR, (int) c->error);
  g_assert_cmpstr (crm_error_get_field (error), ==, c->field);

  /* a line's error names it, counted from 1 */
  if (g_str_has_prefix (c->field, "lines["))
    {
      guint index = (guint) g_ascii_strtoull (c->field + strlen ("lines["), NULL, 10);
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", index + 1);

      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
}

static void
test_table (void)
{
  for (guint n = 0; n < G_N_ELEMENTS (pricing_cases); n++)
    {
      const PricingCase *c = &pricing_cases[n];
      g_autoptr(GError) error = NULL;
      g_auto(CrmPriceTotals) totals = { { 0, 0 } };
      CrmPriceLine lines[MAX_LINES];
      CrmPriceLineResult results[MAX_LINES];
      CrmPriceLineResult untouched[MAX_LINES];
      CrmMoney header_discount, exchange_rate;

      g_test_message ("case %u: %s", n, c->name);

      if (!parse_case (c, &header_discount, &exchange_rate, lines, &error))
        {
          g_assert_nonnull (c->field);
          check_error (c, error);
          continue;
        }

      memset (results, 0x5a, sizeof results);
      memcpy (untouched, results, sizeof results);

      if (!crm_pricing_compute (c->mode, c->rounding, header_discount, exchange_rate,
                                lines, count_lines (c), results, &totals, &error))
        {
          g_assert_nonnull (c->field);
          check_error (c, error);
          /* nothing partial */
          g_assert_true (memcmp (results, untouched, sizeof results) == 0);
          g_assert_null (totals.tax_buckets);
          continue;
        }

      g_assert_no_error (error);
      g_assert_null (c->field);
      check_success (c, results, &totals);
    }
}

/* The inputs are checked again when they do not come from the parser. */
static void
test_compute_checks_inputs (void)
{
  static const struct
  {
    CrmPriceLine line;
    CrmMoney     header_discount;
    CrmMoney     exchange_rate;
    const char  *field;
  } cases[] = {
    { { { 1, 0 }, { 1, 0 }, { 101, 0 }, { 0, 0 } },          { 0, 0 },   { 1, 0 },  "lines[0].discount" },
    { { { 1, 0 }, { 1, 0 }, { 0, 0 }, { -1, 4 } },           { 0, 0 },   { 1, 0 },  "lines[0].tax_rate" },
    { { { 100001, 5 }, { 1, 0 }, { 0, 0 }, { 0, 0 } },       { 0, 0 },   { 1, 0 },  "lines[0].quantity" },
    { { { 1, 0 }, { 1, 9 }, { 0, 0 }, { 0, 0 } },            { 0, 0 },   { 1, 0 },  "lines[0].unit_price" },
    { { { G_MAXINT64, 4 }, { 1, 0 }, { 0, 0 }, { 0, 0 } },   { 0, 0 },   { 1, 0 },  "lines[0].quantity" },
    { { { 1, 0 }, { 1, 0 }, { 0, 0 }, { 0, 0 } },            { -1, 2 },  { 1, 0 },  "header_discount" },
    { { { 1, 0 }, { 1, 0 }, { 0, 0 }, { 0, 0 } },            { 0, 0 },   { 0, 8 },  "exchange_rate" },
    { { { 1, 0 }, { 1, 0 }, { 0, 0 }, { 0, 0 } },            { 0, 0 },   { -1, 8 }, "exchange_rate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(CrmPriceTotals) totals = { { 0, 0 } };

      g_assert_false (crm_pricing_compute (CRM_PRICING_EXCLUSIVE, CRM_ROUND_HALF_UP,
                                           cases[i].header_discount, cases[i].exchange_rate,
                                           &cases[i].line, 1, NULL, &totals, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
      g_assert_cmpstr (crm_error_get_field (error), ==, cases[i].field);
    }
}

/* Any scale is fine as long as the value has no more decimals than allowed. */
static void
test_compute_any_scale (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(CrmPriceTotals) totals = { { 0, 0 } };
  CrmPriceLine line = {
    crm_money_new (150000000, 8),   /* 1.5 */
    crm_money_new (10, 0),
    crm_money_new (1000, 2),        /* 10 % */
    crm_money_new (13, 0),
  };
  CrmPriceLineResult result;

  g_assert_true (crm_pricing_compute (CRM_PRICING_EXCLUSIVE, CRM_ROUND_HALF_UP,
                                      crm_money_new (0, 0), crm_money_new (1, 0),
                                      &line, 1, &result, &totals, &error));
  g_assert_no_error (error);
  assert_money (result.net, "13.50");
  assert_money (result.tax, "1.76");
  assert_money (result.gross, "15.26");
  assert_money (result.unit_price_gross, "11.3000");
  assert_money (totals.max_line_discount, "10.0000");
}

static void
test_parse_defaults (void)
{
  g_autoptr(GError) error = NULL;
  CrmPriceLine line;
  CrmMoney discount, rate;

  g_assert_true (crm_price_line_parse (1, "2", "3.5", NULL, NULL, &line, &error));
  g_assert_no_error (error);
  assert_money (line.quantity, "2.0000");
  assert_money (line.unit_price, "3.5000");
  assert_money (line.discount, "0.0000");
  assert_money (line.tax_rate, "0.0000");

  g_assert_true (crm_pricing_parse_header (NULL, NULL, &discount, &rate, &error));
  g_assert_no_error (error);
  assert_money (discount, "0.0000");
  assert_money (rate, "1.00000000");

  g_assert_true (crm_pricing_parse_header ("12.5", "7.12345678", &discount, &rate, &error));
  assert_money (discount, "12.5000");
  assert_money (rate, "7.12345678");
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  CrmPriceLine line = { { 0, 0 } };
  CrmMoney discount, rate;

  g_assert_false (crm_price_line_parse (2, "1", "1", "101", "13", &line, &error));
  g_assert_cmpstr (error->message, ==, "Line 2: the discount must be between 0 and 100");
  g_clear_error (&error);

  g_assert_false (crm_price_line_parse (3, "1.00001", "1", "0", "13", &line, &error));
  g_assert_cmpstr (error->message, ==, "Line 3: the quantity has more than 4 decimals");
  g_clear_error (&error);

  g_assert_false (crm_price_line_parse (1, "1", "12,50", "0", "13", &line, &error));
  g_assert_cmpstr (error->message, ==,
                   "Line 1: the unit price is not a decimal number such as 1234.50");
  g_clear_error (&error);

  g_assert_false (crm_price_line_parse (4, "1", "100000000000000", "0", "13", &line, &error));
  g_assert_cmpstr (error->message, ==, "Line 4: the unit price must be between "
                   "-99999999999999.9999 and 99999999999999.9999");
  g_clear_error (&error);

  g_assert_false (crm_pricing_parse_header ("0", "0", &discount, &rate, &error));
  g_assert_cmpstr (error->message, ==, "The exchange rate must be greater than 0");
  g_clear_error (&error);

  g_assert_false (crm_pricing_parse_header ("-1", "1", &discount, &rate, &error));
  g_assert_cmpstr (error->message, ==, "The header discount must be between 0 and 100");
  g_assert_cmpstr (crm_error_get_field (error), ==, "header_discount");

  /* the line is left alone on failure */
  g_assert_cmpint (line.quantity.value, ==, 0);
}

static void
test_mode_strings (void)
{
  CrmPricingMode mode = CRM_PRICING_EXCLUSIVE;

  g_assert_cmpstr (crm_pricing_mode_to_string (CRM_PRICING_EXCLUSIVE), ==, "exclusive");
  g_assert_cmpstr (crm_pricing_mode_to_string (CRM_PRICING_INCLUSIVE), ==, "inclusive");

  g_assert_true (crm_pricing_mode_from_string ("inclusive", &mode));
  g_assert_cmpint (mode, ==, CRM_PRICING_INCLUSIVE);
  g_assert_true (crm_pricing_mode_from_string ("exclusive", &mode));
  g_assert_cmpint (mode, ==, CRM_PRICING_EXCLUSIVE);

  g_assert_false (crm_pricing_mode_from_string ("Inclusive", &mode));
  g_assert_false (crm_pricing_mode_from_string ("", &mode));
  g_assert_false (crm_pricing_mode_from_string (NULL, &mode));
  g_assert_cmpint (mode, ==, CRM_PRICING_EXCLUSIVE);
}

static void
test_totals_clear (void)
{
  g_autoptr(GError) error = NULL;
  CrmPriceTotals totals = { { 0, 0 } };
  CrmPriceLine line = { money ("1", 4), money ("1", 4), money ("0", 4), money ("6", 4) };

  g_assert_true (crm_pricing_compute (CRM_PRICING_INCLUSIVE, CRM_ROUND_HALF_EVEN,
                                      money ("0", 4), money ("1", 8),
                                      &line, 1, NULL, &totals, &error));
  g_assert_cmpuint (totals.tax_buckets->len, ==, 1);
  assert_money (totals.total, "1.00");

  crm_price_totals_clear (&totals);
  g_assert_null (totals.tax_buckets);
  g_assert_cmpint (totals.total.value, ==, 0);

  /* clearing twice is harmless */
  crm_price_totals_clear (&totals);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pricing/table", test_table);
  g_test_add_func ("/pricing/compute/checks-inputs", test_compute_checks_inputs);
  g_test_add_func ("/pricing/compute/any-scale", test_compute_any_scale);
  g_test_add_func ("/pricing/parse/defaults", test_parse_defaults);
  g_test_add_func ("/pricing/messages", test_messages);
  g_test_add_func ("/pricing/mode-strings", test_mode_strings);
  g_test_add_func ("/pricing/totals-clear", test_totals_clear);

  return g_test_run ();
}
