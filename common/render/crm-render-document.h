/* crm-render-document.h: the content of one printed document, computed and formatted beforehand */
#pragma once

#include <glib-object.h>

#include "crm-money.h"
#include "crm-render-labels.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_RENDER_DOCUMENT_QUOTE,
  CRM_RENDER_DOCUMENT_SALES_ORDER,
  CRM_RENDER_DOCUMENT_CONTRACT,
  /* a record's file: sections of labelled values instead of priced lines */
  CRM_RENDER_DOCUMENT_COMPLAINT_FILE,
} CrmRenderDocumentKind;

/**
 * CrmRenderLine:
 * @code: article code
 * @description: free text; long text wraps, "\n" breaks a line
 * @quantity: formatted quantity
 * @unit: unit of measure
 * @unit_price: formatted net unit price
 * @unit_price_gross: formatted unit price including tax
 * @discount: formatted discount, such as "5%"
 * @tax_rate: formatted tax rate, such as "13%"
 * @net: formatted line amount before tax
 * @tax: formatted tax of the line
 * @gross: formatted line amount including tax
 * @net_amount: the exact value printed as @net
 * @gross_amount: the exact value printed as @gross
 *
 * One line of the line table. The renderer prints the strings as they are
 * and computes nothing, except the page subtotals of a document longer than
 * a page, which add up @net_amount and @gross_amount exactly. Any string may
 * be %NULL for an empty cell.
 */
typedef struct
{
  const char *code;
  const char *description;
  const char *quantity;
  const char *unit;
  const char *unit_price;
  const char *unit_price_gross;
  const char *discount;
  const char *tax_rate;
  const char *net;
  const char *tax;
  const char *gross;
  CrmMoney    net_amount;
  CrmMoney    gross_amount;
} CrmRenderLine;

#define CRM_TYPE_RENDER_DOCUMENT (crm_render_document_get_type ())
G_DECLARE_FINAL_TYPE (CrmRenderDocument, crm_render_document, CRM, RENDER_DOCUMENT, GObject)

CrmRenderDocument     *crm_render_document_new                 (CrmRenderDocumentKind  kind,
                                                                const char            *number,
                                                                guint                  revision);

CrmRenderDocumentKind  crm_render_document_get_kind            (CrmRenderDocument     *self);
const char            *crm_render_document_get_number          (CrmRenderDocument     *self);
guint                  crm_render_document_get_revision        (CrmRenderDocument     *self);
const char            *crm_render_document_get_title           (CrmRenderDocument     *self,
                                                                const char            *language);

void                   crm_render_document_set_superseded      (CrmRenderDocument     *self,
                                                                gboolean               superseded,
                                                                const char            *detail);
gboolean               crm_render_document_get_superseded      (CrmRenderDocument     *self,
                                                                const char           **detail);

void                   crm_render_document_set_draft           (CrmRenderDocument     *self,
                                                                gboolean               draft);
gboolean               crm_render_document_get_draft           (CrmRenderDocument     *self);
void                   crm_render_document_set_subject         (CrmRenderDocument     *self,
                                                                const char            *subject);
const char            *crm_render_document_get_subject         (CrmRenderDocument     *self);

void                   crm_render_document_set_issued_at       (CrmRenderDocument     *self,
                                                                GDateTime             *issued_at);
GDateTime             *crm_render_document_get_issued_at       (CrmRenderDocument     *self);
void                   crm_render_document_set_issue_date      (CrmRenderDocument     *self,
                                                                const char            *date);
const char            *crm_render_document_get_issue_date      (CrmRenderDocument     *self);
void                   crm_render_document_set_valid_until     (CrmRenderDocument     *self,
                                                                const char            *date);
const char            *crm_render_document_get_valid_until     (CrmRenderDocument     *self);
void                   crm_render_document_add_info            (CrmRenderDocument     *self,
                                                                CrmRenderLabel         label,
                                                                const char            *value);
guint                  crm_render_document_get_n_infos         (CrmRenderDocument     *self);
const char            *crm_render_document_get_info            (CrmRenderDocument     *self,
                                                                guint                  index,
                                                                CrmRenderLabel        *label);

void                   crm_render_document_set_currency        (CrmRenderDocument     *self,
                                                                const char            *code,
                                                                guint                  decimals);
const char            *crm_render_document_get_currency        (CrmRenderDocument     *self,
                                                                guint                 *decimals);

void                   crm_render_document_set_customer        (CrmRenderDocument     *self,
                                                                const char            *name,
                                                                const char * const    *address,
                                                                const char            *contact,
                                                                const char            *tax_id);
const char            *crm_render_document_get_customer_name   (CrmRenderDocument     *self);
const char * const    *crm_render_document_get_customer_address (CrmRenderDocument    *self);
const char            *crm_render_document_get_customer_contact (CrmRenderDocument    *self);
const char            *crm_render_document_get_customer_tax_id (CrmRenderDocument     *self);

void                   crm_render_document_add_line            (CrmRenderDocument     *self,
                                                                const CrmRenderLine   *line);
guint                  crm_render_document_get_n_lines         (CrmRenderDocument     *self);
const CrmRenderLine   *crm_render_document_get_line            (CrmRenderDocument     *self,
                                                                guint                  index);

void                   crm_render_document_set_totals          (CrmRenderDocument     *self,
                                                                const char            *net_total,
                                                                const char            *total);
const char            *crm_render_document_get_net_total       (CrmRenderDocument     *self);
const char            *crm_render_document_get_total           (CrmRenderDocument     *self);
void                   crm_render_document_add_tax_row         (CrmRenderDocument     *self,
                                                                const char            *rate,
                                                                const char            *amount);
guint                  crm_render_document_get_n_tax_rows      (CrmRenderDocument     *self);
const char            *crm_render_document_get_tax_row         (CrmRenderDocument     *self,
                                                                guint                  index,
                                                                const char           **amount);
void                   crm_render_document_set_base_total      (CrmRenderDocument     *self,
                                                                const char            *currency,
                                                                const char            *amount);
const char            *crm_render_document_get_base_total      (CrmRenderDocument     *self,
                                                                const char           **currency);
void                   crm_render_document_set_amount_in_words (CrmRenderDocument     *self,
                                                                const char            *words);
const char            *crm_render_document_get_amount_in_words (CrmRenderDocument     *self);

void                   crm_render_document_set_terms           (CrmRenderDocument     *self,
                                                                const char            *terms);
const char            *crm_render_document_get_terms           (CrmRenderDocument     *self);

void                   crm_render_document_set_parties         (CrmRenderDocument     *self,
                                                                const char            *supplier,
                                                                const char            *customer);
const char            *crm_render_document_get_supplier_party  (CrmRenderDocument     *self);
const char            *crm_render_document_get_customer_party  (CrmRenderDocument     *self);

void                   crm_render_document_add_approval        (CrmRenderDocument     *self,
                                                                const char            *name,
                                                                const char            *role,
                                                                const char            *meaning,
                                                                GDateTime             *signed_at);
guint                  crm_render_document_get_n_approvals     (CrmRenderDocument     *self);
const char            *crm_render_document_get_approval        (CrmRenderDocument     *self,
                                                                guint                  index,
                                                                const char           **role,
                                                                const char           **meaning,
                                                                GDateTime            **signed_at);

void                   crm_render_document_add_section         (CrmRenderDocument     *self,
                                                                const char            *heading);
void                   crm_render_document_add_field           (CrmRenderDocument     *self,
                                                                const char            *label,
                                                                const char            *value);
guint                  crm_render_document_get_n_sections      (CrmRenderDocument     *self);
const char            *crm_render_document_get_section         (CrmRenderDocument     *self,
                                                                guint                  index,
                                                                guint                 *n_fields);
const char            *crm_render_document_get_field           (CrmRenderDocument     *self,
                                                                guint                  section,
                                                                guint                  index,
                                                                const char           **value);

G_END_DECLS
