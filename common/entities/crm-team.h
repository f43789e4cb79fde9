/* crm-team.h: CrmTeam, a department or sub-team; teams form a tree */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_TEAM (crm_team_get_type ())

G_DECLARE_FINAL_TYPE (CrmTeam, crm_team, CRM, TEAM, CrmEntity)

G_END_DECLS
