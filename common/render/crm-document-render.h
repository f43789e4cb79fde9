/* crm-document-render.h: what a document record prints as: a CrmRenderDocument from a quote or order */
#pragma once

#include "crm-entity.h"
#include "crm-render-document.h"

G_BEGIN_DECLS

CrmRenderDocument *crm_document_render_new (CrmEntity  *document,
                                            CrmEntity  *account,
                                            CrmEntity  *contact,
                                            const char *base_currency);

CrmRenderDocument *crm_document_render_new_full (CrmEntity  *document,
                                                 CrmEntity  *account,
                                                 CrmEntity  *contact,
                                                 const char *base_currency,
                                                 GHashTable *product_codes);

G_END_DECLS
