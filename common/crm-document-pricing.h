/* crm-document-pricing.h: prices a document's lines and totals from its fields (quote, order…) */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

gboolean crm_document_price (CrmEntity    *document,
                             CrmRounding   rounding,
                             GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
