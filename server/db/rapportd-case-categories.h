/* rapportd-case-categories.h: case categories on write (a tree without cycles) and the category name a case keeps */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

extern const RapportdRepoRules rapportd_case_category_rules;

gboolean rapportd_case_categories_name_case (RapportdDb  *db,
                                             CrmEntity   *before,
                                             CrmEntity   *after,
                                             GError     **error);

G_END_DECLS
