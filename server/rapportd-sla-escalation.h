/* rapportd-sla-escalation.h: a breached service level escalated through the workflow engine, acknowledged with a signature */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_sla_escalation_open    (RapportdDb           *db,
                                          CrmEntity            *record,
                                          gint64                now,
                                          gint64               *approval_id,
                                          GError              **error);
gboolean rapportd_sla_escalation_decided (RapportdDb           *db,
                                          const RapportdActor  *actor,
                                          CrmEntity            *record,
                                          gboolean              approved,
                                          GError              **error);

G_END_DECLS
