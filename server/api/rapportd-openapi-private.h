/* rapportd-openapi-private.h: the parts openapi.json is made of, shared by the files of server/api that make it */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-router.h"

G_BEGIN_DECLS

/* one operation of the document: a route, for one collection where the
 * route serves any */
typedef struct
{
  /* "/accounts/{id}" */
  char              *path;
  RapportdRouteInfo  route;
  /* the collection it serves, for a route whose first segment is "*"; else NULL */
  CrmEntityClass    *klass;
} RapportdOpenapiOperation;

char *rapportd_openapi_schema_name    (CrmEntityClass                 *klass);
void  rapportd_openapi_add_schemas    (JsonBuilder                    *builder);
void  rapportd_openapi_add_operation  (JsonBuilder                    *builder,
                                       const RapportdOpenapiOperation *operation);
void  rapportd_openapi_add_components (JsonBuilder                    *builder);

G_END_DECLS
