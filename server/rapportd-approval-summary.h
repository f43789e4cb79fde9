/* rapportd-approval-summary.h: what an approval is about, for those who decide it: customer, amount, discount, trigger, names */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "crm-workflow-instance.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

void rapportd_approval_summary_add        (JsonBuilder         *builder,
                                           RapportdDb          *db,
                                           CrmEntity           *record,
                                           CrmWorkflowInstance *instance);
void rapportd_approval_summary_add_known  (JsonBuilder         *builder,
                                           CrmEntity           *record,
                                           const char          *customer,
                                           CrmWorkflowInstance *instance);
void rapportd_approval_summary_add_people (JsonBuilder         *builder,
                                           RapportdDb          *db,
                                           CrmWorkflowInstance *instance);

G_END_DECLS
