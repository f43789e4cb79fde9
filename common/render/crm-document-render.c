/* crm-document-render.c: what a document record prints as: a CrmRenderDocument from a quote or order */
#include "crm-document-render.h"
#include "crm-chinese-amount.h"

#include <string.h>

/* "1234567.5" at 2 decimals → "1,234,567.50": the same in every locale,
 * and safe in any thread (unlike the locale's formatting) */
static char *
format_grouped (CrmMoney m,
                guint    decimals)
{
  CrmMoney rounded;
  g_autofree char *plain = NULL;
  GString *out = g_string_new (NULL);
  const char *digits;
  const char *point;
  gsize n_int;

  if (!crm_money_rescale (m, decimals, CRM_ROUND_HALF_UP, &rounded, NULL))
    rounded = m;
  plain = crm_money_to_string (rounded);
  digits = plain[0] == '-' ? plain + 1 : plain;
  if (plain[0] == '-')
    g_string_append_c (out, '-');
  point = strchr (digits, '.');
  n_int = point ? (gsize) (point - digits) : strlen (digits);
  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (point)
    g_string_append (out, point);
  return g_string_free (out, FALSE);
}

/* quantities and percentages as written: no trailing zeros */
static char *
format_trimmed (CrmMoney m)
{
  char *text = crm_money_to_string (m);
  char *point = strchr (text, '.');

  if (point != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > point && *end == '0')
        *end-- = '\0';
      if (end == point)
        *end = '\0';
    }
  return text;
}

static char *
format_percent (CrmMoney m)
{
  g_autofree char *trimmed = format_trimmed (m);

  return g_strdup_printf ("%s%%", trimmed);
}

typedef struct
{
  CrmMoney rate;
  CrmMoney tax;
} TaxRow;

static void
add_tax (GArray   *rows,
         CrmMoney  rate,
         CrmMoney  tax)
{
  guint i;

  for (i = 0; i < rows->len; i++)
    {
      TaxRow *row = &g_array_index (rows, TaxRow, i);
      int order = crm_money_compare (rate, row->rate);

      if (order == 0)
        {
          if (!crm_money_add (row->tax, tax, &row->tax, NULL))
            g_critical ("tax row overflow");
          return;
        }
      if (order < 0)
        break;
    }
  g_array_insert_val (rows, i, ((TaxRow) { rate, tax }));
}

static void
add_lines (CrmRenderDocument *render,
           CrmEntity         *document,
           GHashTable        *product_codes,
           GArray            *tax_rows)
{
  GPtrArray *lines = crm_entity_get_lines (document);

  for (guint i = 0; lines && i < lines->len; i++)
    {
      CrmEntity *line = lines->pdata[i];
      g_autofree char *quantity = format_trimmed (crm_entity_get_money (line, "quantity"));
      g_autofree char *unit_price = format_grouped (crm_entity_get_money (line, "unit_price"), 2);
      g_autofree char *unit_price_gross = format_grouped (crm_entity_get_money (line, "unit_price_gross"), 2);
      g_autofree char *discount = format_percent (crm_entity_get_money (line, "discount"));
      g_autofree char *tax_rate = format_percent (crm_entity_get_money (line, "tax_rate"));
      g_autofree char *net = format_grouped (crm_entity_get_money (line, "net"), 2);
      g_autofree char *tax = format_grouped (crm_entity_get_money (line, "tax"), 2);
      g_autofree char *gross = format_grouped (crm_entity_get_money (line, "gross"), 2);
      gint64 product = crm_entity_get_int (line, "product");
      const char *code = product > 0 && product_codes ? g_hash_table_lookup (product_codes, &product) : NULL;
      CrmRenderLine row = {
        .code = code,
        .description = crm_entity_get_text (line, "description"),
        .quantity = quantity,
        .unit = crm_entity_get_text (line, "unit"),
        .unit_price = unit_price,
        .unit_price_gross = unit_price_gross,
        .discount = discount,
        .tax_rate = tax_rate,
        .net = net,
        .tax = tax,
        .gross = gross,
        .net_amount = crm_entity_get_money (line, "net"),
        .gross_amount = crm_entity_get_money (line, "gross"),
      };

      crm_render_document_add_line (render, &row);
      add_tax (tax_rows, crm_entity_get_money (line, "tax_rate"), crm_entity_get_money (line, "tax"));
    }
}

/* Not approved yet, so not to be taken for an offer or a commitment: a
 * draft, one rejected back to its author, or one waiting for approval. Once
 * issued (its PDF archived) a document is never a draft. */
static gboolean
is_draft (CrmEntity *document)
{
  static const char * const draft_statuses[] = { "draft", "rejected", "pending_approval", NULL };
  const char *status = crm_entity_get_text (document, "status");
  const char *issued = crm_entity_get_text (document, "issued_sha256");

  return status != NULL && g_strv_contains (draft_statuses, status) && (issued == NULL || *issued == '\0');
}

/**
 * crm_document_render_new:
 * @document: a quote, order or contract, its lines read
 * @account: (nullable): its customer
 * @contact: (nullable): the customer's contact person
 * @base_currency: the company's currency, for the base-currency total
 *
 * Like crm_document_render_new_full() without product codes.
 *
 * Returns: (transfer full): the document as it prints
 */
CrmRenderDocument *
crm_document_render_new (CrmEntity  *document,
                         CrmEntity  *account,
                         CrmEntity  *contact,
                         const char *base_currency)
{
  return crm_document_render_new_full (document, account, contact, base_currency, NULL);
}

/**
 * crm_document_render_new_full:
 * @document: a quote, order or contract, its lines read
 * @account: (nullable): its customer
 * @contact: (nullable): the customer's contact person
 * @base_currency: the company's currency, for the base-currency total
 * @product_codes: (nullable) (element-type gint64 utf8): the code of each
 *   product the lines name, by product id, for the code column
 *
 * A draft, a rejected document or one waiting for approval prints as a
 * draft (crm_render_document_set_draft()); the title prints as the subject.
 *
 * Returns: (transfer full): the document as it prints; amounts are
 *   formatted the same way in every locale ("1,234.50")
 */
CrmRenderDocument *
crm_document_render_new_full (CrmEntity  *document,
                              CrmEntity  *account,
                              CrmEntity  *contact,
                              const char *base_currency,
                              GHashTable *product_codes)
{
  CrmRenderDocument *render;
  const char *currency = crm_entity_get_text (document, "currency");
  const char *address = account ? crm_entity_get_text (account, "address") : NULL;
  g_auto(GStrv) address_lines = address ? g_strsplit (address, "\n", -1) : NULL;
  g_autoptr(GArray) tax_rows = g_array_new (FALSE, FALSE, sizeof (TaxRow));
  g_autofree char *net_total = format_grouped (crm_entity_get_money (document, "net_total"), 2);
  g_autofree char *total = format_grouped (crm_entity_get_money (document, "total"), 2);
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (crm_entity_get_int (document, "created_at") / G_USEC_PER_SEC);
  g_autofree char *issue_date = g_date_time_format (created, "%Y-%m-%d");

  const char *entity = crm_entity_get_entity_name (document);
  CrmRenderDocumentKind kind = g_str_equal (entity, "order") ? CRM_RENDER_DOCUMENT_SALES_ORDER
                               : g_str_equal (entity, "contract") ? CRM_RENDER_DOCUMENT_CONTRACT
                               : CRM_RENDER_DOCUMENT_QUOTE;
  gboolean revised = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (document), "revision") >= 0;

  render = crm_render_document_new (kind, crm_entity_get_text (document, "number"),
                                    revised ? MAX (1, crm_entity_get_int (document, "revision")) : 1);
  if (kind == CRM_RENDER_DOCUMENT_CONTRACT)
    crm_render_document_set_parties (render, crm_entity_get_text (document, "supplier_party"),
                                     crm_entity_get_text (document, "customer_party"));
  crm_render_document_set_issue_date (render, issue_date);
  if (crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (document), "valid_until") >= 0 &&
      crm_entity_get_text (document, "valid_until"))
    crm_render_document_set_valid_until (render, crm_entity_get_text (document, "valid_until"));
  crm_render_document_set_currency (render, currency, 2);
  crm_render_document_set_customer (render, account ? crm_entity_get_text (account, "name") : "",
                                    (const char * const *) address_lines,
                                    contact ? crm_entity_get_text (contact, "name") : NULL,
                                    account ? crm_entity_get_text (account, "tax_id") : NULL);
  if (g_strcmp0 (crm_entity_get_text (document, "status"), "superseded") == 0)
    crm_render_document_set_superseded (render, TRUE, NULL);
  crm_render_document_set_draft (render, is_draft (document));
  crm_render_document_set_subject (render, crm_entity_get_text (document, "title"));

  add_lines (render, document, product_codes, tax_rows);
  crm_render_document_set_totals (render, net_total, total);
  for (guint i = 0; i < tax_rows->len; i++)
    {
      TaxRow *row = &g_array_index (tax_rows, TaxRow, i);
      g_autofree char *rate = format_percent (row->rate);
      g_autofree char *amount = format_grouped (row->tax, 2);

      crm_render_document_add_tax_row (render, rate, amount);
    }
  if (base_currency != NULL && g_strcmp0 (base_currency, currency) != 0)
    {
      g_autofree char *base = format_grouped (crm_entity_get_money (document, "total_base"), 2);

      crm_render_document_set_base_total (render, base_currency, base);
    }
  if (g_strcmp0 (currency, "CNY") == 0)
    {
      g_autofree char *words = crm_money_to_chinese_capital (crm_entity_get_money (document, "total"), NULL);

      if (words != NULL)
        crm_render_document_set_amount_in_words (render, words);
    }
  if (crm_entity_get_text (document, "terms"))
    crm_render_document_set_terms (render, crm_entity_get_text (document, "terms"));
  return render;
}
