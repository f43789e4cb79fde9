/* rapportd-opportunity-quotes.h: an opportunity's quotes: a draft made from it, an accepted one setting its amount */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

extern const RapportdRepoRules rapportd_quote_rules;

CrmEntity *rapportd_opportunity_create_quote (RapportdDb           *db,
                                              const RapportdActor  *actor,
                                              gint64                id,
                                              gint64                version,
                                              GError              **error);

G_END_DECLS
