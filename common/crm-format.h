/* crm-format.h: a field's value as display text, in the user's locale */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

char *crm_format_value     (const CrmFieldSpec *spec,
                            const CrmValue     *value);
char *crm_format_timestamp (gint64              usec);

G_END_DECLS
