/* rapportd-api-service-accounts.h: /service-accounts, the ERP's and other systems' accounts and their API keys */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

RAPPORTD_HANDLER (rapportd_api_service_accounts_list);
RAPPORTD_HANDLER (rapportd_api_service_accounts_create);
RAPPORTD_HANDLER (rapportd_api_service_accounts_revoke);
RAPPORTD_HANDLER (rapportd_api_service_accounts_rotate);

G_END_DECLS
