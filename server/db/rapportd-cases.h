/* rapportd-cases.h: a service case's server-kept times and its reopening window */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

/* how many days after closing a case may reopen when rapportd.conf sets none */
#define RAPPORTD_CASE_REOPEN_DAYS_DEFAULT 14

extern const RapportdRepoRules rapportd_case_rules;

void  rapportd_cases_set_reopen_days (guint days);
guint rapportd_cases_get_reopen_days (void);
gboolean rapportd_cases_within_reopen_window (CrmEntity *record,
                                             gint64     now);

G_END_DECLS
