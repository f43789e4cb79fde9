/* crm-document-fields.c: the enumerations the shared document descriptor rows use */
#include "crm-document-fields.h"

#include <glib/gi18n-lib.h>

const char * const crm_document_pricing_modes[] = { "exclusive", "inclusive", NULL };
const char * const crm_document_pricing_labels[] = { N_("Prices exclude tax"), N_("Prices include tax"), NULL };
