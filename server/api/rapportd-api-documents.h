/* rapportd-api-documents.h: issuing documents (quote, order, contract) as archived PDFs */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

gboolean rapportd_documents_issue (RapportdDb          *db,
                                   const RapportdActor *actor,
                                   GType                type,
                                   gint64               id,
                                   GError             **error);

void     rapportd_documents_set_base_currency (const char *currency);
gboolean rapportd_documents_has_verb (CrmEntityClass *klass,
                                      const char     *verb);

G_END_DECLS
