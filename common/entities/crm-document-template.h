/* crm-document-template.h: CrmDocumentTemplate, a named print template (company block, columns, language) kept by administrators */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_DOCUMENT_TEMPLATE (crm_document_template_get_type ())

G_DECLARE_FINAL_TYPE (CrmDocumentTemplate, crm_document_template, CRM, DOCUMENT_TEMPLATE, CrmEntity)

G_END_DECLS
