/* crm-render-labels.h: the words printed on documents, in the document's language */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CrmRenderLabel:
 *
 * Every fixed word a document prints. Labels ending in _FMT are printf
 * formats; their arguments are given with each value.
 */
typedef enum
{
  /* document titles */
  CRM_RENDER_LABEL_QUOTE,
  CRM_RENDER_LABEL_SALES_ORDER,
  CRM_RENDER_LABEL_CONTRACT,

  /* header, footer and the reprint notice */
  CRM_RENDER_LABEL_REVISION_FMT,         /* %u: revision */
  CRM_RENDER_LABEL_PAGE_FMT,             /* %u: page, %u: pages */
  CRM_RENDER_LABEL_REPRINT_FMT,          /* %u: revision */

  /* parties and the information strip of page 1 */
  CRM_RENDER_LABEL_SUPPLIER,
  CRM_RENDER_LABEL_CUSTOMER,
  CRM_RENDER_LABEL_CONTACT,
  CRM_RENDER_LABEL_TAX_ID,
  CRM_RENDER_LABEL_BANK,
  CRM_RENDER_LABEL_ACCOUNT,
  CRM_RENDER_LABEL_ISSUE_DATE,
  CRM_RENDER_LABEL_VALID_UNTIL,
  CRM_RENDER_LABEL_DELIVERY_DATE,
  CRM_RENDER_LABEL_START_DATE,
  CRM_RENDER_LABEL_END_DATE,
  CRM_RENDER_LABEL_PAYMENT_TERMS,
  CRM_RENDER_LABEL_CUSTOMER_REFERENCE,
  CRM_RENDER_LABEL_SALES_REPRESENTATIVE,
  CRM_RENDER_LABEL_CURRENCY,

  /* line table column headers, in CrmRenderColumn order */
  CRM_RENDER_LABEL_COLUMN_INDEX,
  CRM_RENDER_LABEL_COLUMN_CODE,
  CRM_RENDER_LABEL_COLUMN_DESCRIPTION,
  CRM_RENDER_LABEL_COLUMN_QUANTITY,
  CRM_RENDER_LABEL_COLUMN_UNIT,
  CRM_RENDER_LABEL_COLUMN_UNIT_PRICE,
  CRM_RENDER_LABEL_COLUMN_UNIT_PRICE_GROSS,
  CRM_RENDER_LABEL_COLUMN_DISCOUNT,
  CRM_RENDER_LABEL_COLUMN_TAX_RATE,
  CRM_RENDER_LABEL_COLUMN_NET,
  CRM_RENDER_LABEL_COLUMN_TAX,
  CRM_RENDER_LABEL_COLUMN_GROSS,

  /* totals */
  CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE,
  CRM_RENDER_LABEL_NET_TOTAL,
  CRM_RENDER_LABEL_TAX_FMT,              /* %s: rate */
  CRM_RENDER_LABEL_TOTAL_FMT,            /* %s: currency code */
  CRM_RENDER_LABEL_BASE_TOTAL_FMT,       /* %s: base currency code */
  CRM_RENDER_LABEL_AMOUNT_IN_WORDS,

  /* after the totals */
  CRM_RENDER_LABEL_TERMS,
  CRM_RENDER_LABEL_APPROVALS,
  CRM_RENDER_LABEL_ROLE,
  CRM_RENDER_LABEL_MEANING,
  CRM_RENDER_LABEL_SIGNED_AT_UTC,
  CRM_RENDER_LABEL_SIGNATURE,
  CRM_RENDER_LABEL_NAME,
  CRM_RENDER_LABEL_DATE,
  CRM_RENDER_LABEL_STAMP,

  /* the watermark of a draft, the subject line and the approvals' header */
  CRM_RENDER_LABEL_DRAFT,
  CRM_RENDER_LABEL_SUBJECT,
  CRM_RENDER_LABEL_APPROVER,

  /* a signer's role, as crm-user.c names the roles */
  CRM_RENDER_LABEL_ROLE_ADMIN,
  CRM_RENDER_LABEL_ROLE_DIRECTOR,
  CRM_RENDER_LABEL_ROLE_MANAGER,
  CRM_RENDER_LABEL_ROLE_SALES,
  CRM_RENDER_LABEL_ROLE_SERVICE,
  CRM_RENDER_LABEL_ROLE_FINANCE,
  CRM_RENDER_LABEL_ROLE_AUDITOR,

  /* what a signature means, as the approvals API names it */
  CRM_RENDER_LABEL_MEANING_APPROVED,
  CRM_RENDER_LABEL_MEANING_REVIEWED,
  CRM_RENDER_LABEL_MEANING_REJECTED,

  /* a complaint's file: its title, the quality role, the assessment's meaning */
  CRM_RENDER_LABEL_COMPLAINT_FILE,
  CRM_RENDER_LABEL_ROLE_QUALITY,
  CRM_RENDER_LABEL_MEANING_ASSESSED,

  CRM_RENDER_N_LABELS
} CrmRenderLabel;

gboolean     crm_render_language_is_supported (const char     *language);
const char  *crm_render_label                 (const char     *language,
                                               CrmRenderLabel  id);
const char  *crm_render_role_label            (const char     *language,
                                               const char     *role);
const char  *crm_render_meaning_label         (const char     *language,
                                               const char     *meaning);

G_END_DECLS
