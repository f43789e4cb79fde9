/* rapportd-api-kb.h: the knowledge base beyond its generic records: publishing, versions, suggestions, links, feedback */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

RAPPORTD_HANDLER (rapportd_api_kb_submit);
RAPPORTD_HANDLER (rapportd_api_kb_draft);
RAPPORTD_HANDLER (rapportd_api_kb_versions);
RAPPORTD_HANDLER (rapportd_api_kb_suggest);
RAPPORTD_HANDLER (rapportd_api_kb_feedback);
RAPPORTD_HANDLER (rapportd_api_kb_article_cases);
RAPPORTD_HANDLER (rapportd_api_kb_case_articles);
RAPPORTD_HANDLER (rapportd_api_kb_link);

gboolean rapportd_api_kb_append_record (RapportdDb   *db,
                                        GString      *out,
                                        CrmEntity    *record,
                                        GError      **error);

G_END_DECLS
