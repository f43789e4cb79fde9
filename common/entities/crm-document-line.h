/* crm-document-line.h: CrmDocumentLine, one line of a quote or order: product or free text, quantity, price, discount, tax */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_DOCUMENT_LINE (crm_document_line_get_type ())

G_DECLARE_FINAL_TYPE (CrmDocumentLine, crm_document_line, CRM, DOCUMENT_LINE, CrmEntity)

G_END_DECLS
