/* crm-import-mapping.h: an imported file's columns, matched to a kind of record's fields */
#pragma once

#include "crm-entity.h"
#include "crm-import-presets.h"

G_BEGIN_DECLS

typedef struct _CrmImportMapping CrmImportMapping;

CrmImportMapping   *crm_import_mapping_new          (CrmEntityClass          *klass,
                                                     const char * const      *header);
CrmImportMapping   *crm_import_mapping_new_with_preset (CrmEntityClass        *klass,
                                                        const char * const    *header,
                                                        const CrmImportPreset *preset);
void                crm_import_mapping_free         (CrmImportMapping        *self);
guint               crm_import_mapping_get_n_fields (CrmImportMapping        *self);
const CrmFieldSpec *crm_import_mapping_get_field    (CrmImportMapping        *self,
                                                     guint                    index);
char               *crm_import_mapping_dup_cell     (CrmImportMapping        *self,
                                                     guint                    index,
                                                     const char * const      *cells);
const CrmFieldSpec *crm_import_mapping_column_field (CrmImportMapping        *self,
                                                     guint                    column);
gboolean            crm_import_mapping_set_column   (CrmImportMapping        *self,
                                                     guint                    column,
                                                     const char              *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImportMapping, crm_import_mapping_free)

G_END_DECLS
