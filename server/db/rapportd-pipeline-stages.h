/* rapportd-pipeline-stages.h: a pipeline's own rules on its writes: a stage that opportunities are or were in stays */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

extern const RapportdRepoRules rapportd_pipeline_rules;

G_END_DECLS
