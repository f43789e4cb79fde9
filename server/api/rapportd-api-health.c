/* rapportd-api-health.c: GET /api/v1/health */
#include "rapportd-api.h"
#include "config.h"

/* the same answer every time: written once, not built a request */
static const char answer[] = "{\"status\":\"ok\",\"version\":\"" PACKAGE_VERSION "\"}";

RAPPORTD_HANDLER (rapportd_api_health)
{
  /* a round trip to MariaDB, so that "ok" means requests can be served */
  if (!rapportd_db_ping (db, error))
    return FALSE;

  rapportd_request_take_body (request, 200, g_strdup (answer));
  return TRUE;
}
