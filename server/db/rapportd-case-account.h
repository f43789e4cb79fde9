/* rapportd-case-account.h: what a case copies from its account: the region its assignment rules route by */
#pragma once

#include "crm-entity.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_case_account_copy_region (RapportdDb  *db,
                                            CrmEntity   *before,
                                            CrmEntity   *after,
                                            GError     **error);

G_END_DECLS
