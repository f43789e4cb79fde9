/* crm-entities.h: the registry of entity types, by name and by collection */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

GType        crm_entities_lookup_collection (const char *collection);
GType        crm_entities_lookup_name       (const char *entity_name);
const GType *crm_entities_list              (guint      *n_types);

G_END_DECLS
