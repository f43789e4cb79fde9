/* crm-document-pricing.c: prices a document's lines and totals from its fields (quote, order…) */
#include "crm-document-pricing.h"
#include "crm-error.h"
#include "crm-pricing.h"

#include <glib/gi18n-lib.h>

/* a money field's value, or @fallback when it is empty */
static CrmMoney
money_or (CrmEntity  *entity,
          const char *name,
          CrmMoney    fallback)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), name);
  CrmValue *value = crm_entity_value (entity, index);

  if (!value->set || value->is_null)
    return fallback;
  return crm_entity_get_money (entity, name);
}

/**
 * crm_document_price:
 * @document: a document whose class has lines and the pricing fields
 *   (pricing, header_discount, exchange_rate; net_total, tax_total,
 *   total, total_base, max_line_discount)
 * @rounding: the company's rounding of amounts to cents
 * @error: return location for a #GError naming the line and field
 *
 * Applies the money rules of crm-pricing.h: sets each line's net, tax,
 * gross and unit price with tax, and the document's totals. Empty
 * discounts and tax rates count as 0, an empty exchange rate as 1. On
 * error nothing is changed.
 */
gboolean
crm_document_price (CrmEntity    *document,
                    CrmRounding   rounding,
                    GError      **error)
{
  GPtrArray *lines = crm_entity_get_lines (document);
  const char *pricing = crm_entity_get_text (document, "pricing");
  CrmPricingMode mode = CRM_PRICING_EXCLUSIVE;
  g_autofree CrmPriceLine *inputs = NULL;
  g_autofree CrmPriceLineResult *results = NULL;
  g_auto(CrmPriceTotals) totals = { 0 };
  CrmMoney zero = crm_money_new (0, 0);
  guint n_lines = lines ? lines->len : 0;

  if (pricing != NULL && !crm_pricing_mode_from_string (pricing, &mode))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pricing",
                                 _("Pricing must be “exclusive” or “inclusive”"));
      return FALSE;
    }
  inputs = g_new0 (CrmPriceLine, MAX (n_lines, 1));
  results = g_new0 (CrmPriceLineResult, MAX (n_lines, 1));
  for (guint i = 0; i < n_lines; i++)
    {
      CrmEntity *line = lines->pdata[i];

      inputs[i].quantity = crm_entity_get_money (line, "quantity");
      inputs[i].unit_price = crm_entity_get_money (line, "unit_price");
      inputs[i].discount = money_or (line, "discount", zero);
      inputs[i].tax_rate = money_or (line, "tax_rate", zero);
    }
  if (!crm_pricing_compute (mode, rounding,
                            money_or (document, "header_discount", zero),
                            money_or (document, "exchange_rate", crm_money_new (1, 0)),
                            inputs, n_lines, results, &totals, error))
    return FALSE;

  for (guint i = 0; i < n_lines; i++)
    {
      CrmEntity *line = lines->pdata[i];

      crm_entity_set_money (line, "net", results[i].net);
      crm_entity_set_money (line, "tax", results[i].tax);
      crm_entity_set_money (line, "gross", results[i].gross);
      crm_entity_set_money (line, "unit_price_gross", results[i].unit_price_gross);
    }
  crm_entity_set_money (document, "net_total", totals.net_total);
  crm_entity_set_money (document, "tax_total", totals.tax_total);
  crm_entity_set_money (document, "total", totals.total);
  crm_entity_set_money (document, "total_base", totals.total_base);
  crm_entity_set_money (document, "max_line_discount", totals.max_line_discount);
  return TRUE;
}
