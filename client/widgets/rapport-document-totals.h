/* rapport-document-totals.h: RapportDocumentTotals, a priced document's totals: net, tax per rate, total, base currency, in words */
#pragma once

#include <gtk/gtk.h>

#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DOCUMENT_TOTALS (rapport_document_totals_get_type ())

G_DECLARE_FINAL_TYPE (RapportDocumentTotals, rapport_document_totals, RAPPORT, DOCUMENT_TOTALS, GtkWidget)

void        rapport_document_totals_show       (RapportDocumentTotals *self,
                                                CrmEntity             *document,
                                                const char            *base_currency);
void        rapport_document_totals_show_error (RapportDocumentTotals *self,
                                                const GError          *error);
const char *rapport_document_totals_get_text   (RapportDocumentTotals *self,
                                                const char            *key);

G_END_DECLS
