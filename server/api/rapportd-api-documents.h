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

/* a document's PDF drawn for issue, not yet archived */
typedef struct _RapportdIssueRender RapportdIssueRender;

RapportdIssueRender *rapportd_documents_render_issue  (RapportdDb          *db,
                                                       CrmEntity           *document,
                                                       GError             **error);
gboolean             rapportd_documents_issue_rendered (RapportdDb          *db,
                                                        const RapportdActor *actor,
                                                        GType                type,
                                                        gint64               id,
                                                        RapportdIssueRender *render,
                                                        GError             **error);
void                 rapportd_issue_render_free       (RapportdIssueRender *render);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdIssueRender, rapportd_issue_render_free)

void     rapportd_documents_set_base_currency (const char *currency);
gboolean rapportd_documents_has_verb (CrmEntityClass *klass,
                                      const char     *verb);

G_END_DECLS
