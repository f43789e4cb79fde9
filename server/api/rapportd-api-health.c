/* rapportd-api-health.c: GET /api/v1/health */
#include "rapportd-api.h"
#include "config.h"

RAPPORTD_HANDLER (rapportd_api_health)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  /* a round trip to MariaDB, so that "ok" means requests can be served */
  if (!rapportd_db_exec (db, "DO 1", error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
