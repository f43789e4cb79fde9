/* crm-condition-words.h: a workflow condition in words, with the values it read: "discount 15 % is over 10 %" */
#pragma once

#include "crm-condition.h"

G_BEGIN_DECLS

char *crm_condition_to_words (CrmCondition       *self,
                              CrmConditionLookup  lookup,
                              gpointer            user_data);

G_END_DECLS
