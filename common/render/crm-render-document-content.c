/* crm-render-document-content.c: a document's lines, totals, terms, parties and approvals */
#include "crm-render-document-private.h"

/**
 * crm_render_document_add_line:
 * @self: a document
 * @line: the line; its strings are copied
 */
void
crm_render_document_add_line (CrmRenderDocument   *self,
                              const CrmRenderLine *line)
{
  CrmRenderLine copy;

  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (line != NULL);

  copy.code = g_strdup (line->code);
  copy.description = g_strdup (line->description);
  copy.quantity = g_strdup (line->quantity);
  copy.unit = g_strdup (line->unit);
  copy.unit_price = g_strdup (line->unit_price);
  copy.unit_price_gross = g_strdup (line->unit_price_gross);
  copy.discount = g_strdup (line->discount);
  copy.tax_rate = g_strdup (line->tax_rate);
  copy.net = g_strdup (line->net);
  copy.tax = g_strdup (line->tax);
  copy.gross = g_strdup (line->gross);
  copy.net_amount = line->net_amount;
  copy.gross_amount = line->gross_amount;
  g_array_append_val (self->lines, copy);
}

guint
crm_render_document_get_n_lines (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), 0);
  return self->lines->len;
}

/**
 * crm_render_document_get_line:
 * @self: a document
 * @index: which line, from 0
 *
 * Returns: (transfer none): the line
 */
const CrmRenderLine *
crm_render_document_get_line (CrmRenderDocument *self,
                              guint              index)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);
  return &g_array_index (self->lines, CrmRenderLine, index);
}

/**
 * crm_render_document_set_totals:
 * @self: a document
 * @net_total: (nullable): the formatted total before tax
 * @total: the formatted total including tax
 */
void
crm_render_document_set_totals (CrmRenderDocument *self,
                                const char        *net_total,
                                const char        *total)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->net_total, net_total);
  crm_render_document_replace_string (&self->total, total);
}

const char *
crm_render_document_get_net_total (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->net_total;
}

const char *
crm_render_document_get_total (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->total;
}

/**
 * crm_render_document_add_tax_row:
 * @self: a document
 * @rate: the formatted rate, such as "13%"
 * @amount: the formatted tax at that rate
 */
void
crm_render_document_add_tax_row (CrmRenderDocument *self,
                                 const char        *rate,
                                 const char        *amount)
{
  CrmRenderTaxRow row;

  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (rate != NULL && amount != NULL);

  row.rate = g_strdup (rate);
  row.amount = g_strdup (amount);
  g_array_append_val (self->tax_rows, row);
}

guint
crm_render_document_get_n_tax_rows (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), 0);
  return self->tax_rows->len;
}

/**
 * crm_render_document_get_tax_row:
 * @self: a document
 * @index: which row
 * @amount: (out) (transfer none): the tax at that rate
 *
 * Returns: (transfer none): the rate
 */
const char *
crm_render_document_get_tax_row (CrmRenderDocument  *self,
                                 guint               index,
                                 const char        **amount)
{
  const CrmRenderTaxRow *row;

  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->tax_rows->len, NULL);

  row = &g_array_index (self->tax_rows, CrmRenderTaxRow, index);
  *amount = row->amount;
  return row->rate;
}

/**
 * crm_render_document_set_base_total:
 * @self: a document
 * @currency: (nullable): the company's base currency code, or %NULL for none
 * @amount: (nullable): the total converted at the recorded rate, formatted
 */
void
crm_render_document_set_base_total (CrmRenderDocument *self,
                                    const char        *currency,
                                    const char        *amount)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->base_currency, currency);
  crm_render_document_replace_string (&self->base_total, currency != NULL ? amount : NULL);
}

/**
 * crm_render_document_get_base_total:
 * @self: a document
 * @currency: (out) (optional) (transfer none): the base currency code
 *
 * Returns: (transfer none) (nullable): the total in the base currency
 */
const char *
crm_render_document_get_base_total (CrmRenderDocument  *self,
                                    const char        **currency)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  if (currency != NULL)
    *currency = self->base_currency;
  return self->base_total;
}

/**
 * crm_render_document_set_amount_in_words:
 * @self: a document
 * @words: (nullable): the total written out, such as 壹万贰仟叁佰肆拾伍元陆角柒分
 */
void
crm_render_document_set_amount_in_words (CrmRenderDocument *self,
                                         const char        *words)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->amount_in_words, words);
}

const char *
crm_render_document_get_amount_in_words (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->amount_in_words;
}

/**
 * crm_render_document_set_terms:
 * @self: a document
 * @terms: (nullable): the terms, paragraphs separated by an empty line;
 *   %NULL prints the template's default terms
 */
void
crm_render_document_set_terms (CrmRenderDocument *self,
                               const char        *terms)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->terms, terms);
}

const char *
crm_render_document_get_terms (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->terms;
}

/**
 * crm_render_document_set_parties:
 * @self: a document
 * @supplier: (nullable): the name over the supplier's signature; %NULL for
 *   the template's company name
 * @customer: (nullable): the name over the customer's signature; %NULL for
 *   the customer's name
 */
void
crm_render_document_set_parties (CrmRenderDocument *self,
                                 const char        *supplier,
                                 const char        *customer)
{
  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  crm_render_document_replace_string (&self->supplier_party, supplier);
  crm_render_document_replace_string (&self->customer_party, customer);
}

const char *
crm_render_document_get_supplier_party (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->supplier_party;
}

const char *
crm_render_document_get_customer_party (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  return self->customer_party;
}

/**
 * crm_render_document_add_approval:
 * @self: a document
 * @name: the approver's printed name
 * @role: (nullable): the approver's role, such as "Sales director"
 * @meaning: (nullable): what the approval means, such as "Price approved"
 * @signed_at: when it was given; printed in UTC
 */
void
crm_render_document_add_approval (CrmRenderDocument *self,
                                  const char        *name,
                                  const char        *role,
                                  const char        *meaning,
                                  GDateTime         *signed_at)
{
  CrmRenderApproval approval;

  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (signed_at != NULL);

  approval.name = g_strdup (name);
  approval.role = g_strdup (role);
  approval.meaning = g_strdup (meaning);
  approval.signed_at = g_date_time_to_utc (signed_at);
  g_array_append_val (self->approvals, approval);
}

guint
crm_render_document_get_n_approvals (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), 0);
  return self->approvals->len;
}

/**
 * crm_render_document_get_approval:
 * @self: a document
 * @index: which approval
 * @role: (out) (optional) (transfer none) (nullable): the approver's role
 * @meaning: (out) (optional) (transfer none) (nullable): what it means
 * @signed_at: (out) (optional) (transfer none): when, in UTC
 *
 * Returns: (transfer none): the approver's name
 */
const char *
crm_render_document_get_approval (CrmRenderDocument  *self,
                                  guint               index,
                                  const char        **role,
                                  const char        **meaning,
                                  GDateTime         **signed_at)
{
  const CrmRenderApproval *approval;

  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->approvals->len, NULL);

  approval = &g_array_index (self->approvals, CrmRenderApproval, index);
  if (role != NULL)
    *role = approval->role;
  if (meaning != NULL)
    *meaning = approval->meaning;
  if (signed_at != NULL)
    *signed_at = approval->signed_at;
  return approval->name;
}
