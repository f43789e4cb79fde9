/* crm-import-value.h: an imported cell read as the value its field takes (dates, money, choices, phones) */
#pragma once

#include "crm-field.h"

G_BEGIN_DECLS

/* at most this many conversions are listed in an import's answer */
#define CRM_IMPORT_CONVERSIONS_MAX 100

typedef struct _CrmImportConversions CrmImportConversions;

gboolean               crm_import_value_convert       (const CrmFieldSpec    *field,
                                                       const char            *raw,
                                                       char                 **converted,
                                                       char                 **explanation,
                                                       GError               **error);

CrmImportConversions  *crm_import_conversions_new     (void);
void                   crm_import_conversions_free    (CrmImportConversions  *self);
gboolean               crm_import_conversions_convert (CrmImportConversions  *self,
                                                       guint                  row,
                                                       const CrmFieldSpec    *field,
                                                       const char            *raw,
                                                       char                 **converted,
                                                       GError               **error);
void                   crm_import_conversions_note    (CrmImportConversions  *self,
                                                       guint                  row,
                                                       const CrmFieldSpec    *field,
                                                       const char            *raw);
void                   crm_import_conversions_append  (CrmImportConversions  *self,
                                                       GString               *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImportConversions, crm_import_conversions_free)

G_END_DECLS
