/* crm-quote.h: CrmQuote, a priced offer to an account, numbered per year, with lines */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_QUOTE (crm_quote_get_type ())

G_DECLARE_FINAL_TYPE (CrmQuote, crm_quote, CRM, QUOTE, CrmEntity)

G_END_DECLS
