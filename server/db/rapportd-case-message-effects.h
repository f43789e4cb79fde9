/* rapportd-case-message-effects.h: what a message of a case's conversation does to the case: first response, status, a new case */
#pragma once

#include "rapportd-case-messages.h"
#include "crm-entity.h"

G_BEGIN_DECLS

gboolean rapportd_case_message_effects_apply (RapportdDb                 *db,
                                              const RapportdActor        *actor,
                                              CrmEntity                  *record,
                                              const RapportdCaseMessage  *message,
                                              RapportdReplyToClosed       reply_to_closed,
                                              gint64                     *target_id,
                                              GError                    **error);

G_END_DECLS
