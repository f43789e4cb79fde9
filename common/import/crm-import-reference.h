/* crm-import-reference.h: how an imported file may name the record a reference field points at */
#pragma once

#include "crm-field.h"

G_BEGIN_DECLS

const char * const *crm_import_reference_ways (const CrmFieldSpec *spec);

G_END_DECLS
