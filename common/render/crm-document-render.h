/* crm-document-render.h: what a document record prints as: a CrmRenderDocument from a quote or order */
#pragma once

#include "crm-entity.h"
#include "crm-render-document.h"

G_BEGIN_DECLS

CrmRenderDocument *crm_document_render_new (CrmEntity  *document,
                                            CrmEntity  *account,
                                            CrmEntity  *contact,
                                            const char *base_currency);

G_END_DECLS
