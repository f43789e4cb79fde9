/* rapportd-import-references.h: an import's references found by what people know a record by: an account's code or name, a user's login */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct _RapportdImportReferences RapportdImportReferences;

RapportdImportReferences *rapportd_import_references_new      (gboolean                   create_missing_accounts);
void                      rapportd_import_references_free     (RapportdImportReferences  *self);
gboolean                  rapportd_import_references_resolve  (RapportdImportReferences  *self,
                                                               RapportdDb                *db,
                                                               const RapportdActor       *actor,
                                                               CrmEntityClass            *klass,
                                                               JsonObject                *object,
                                                               GError                   **error);
void                      rapportd_import_references_append   (RapportdImportReferences  *self,
                                                               GString                   *answer);
gboolean                  rapportd_import_references_makes_accounts (RapportdImportReferences *self);
GPtrArray                *rapportd_import_references_keep_row (RapportdImportReferences  *self);
void                      rapportd_import_references_drop_row (RapportdImportReferences  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImportReferences, rapportd_import_references_free)

G_END_DECLS
