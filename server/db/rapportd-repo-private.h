/* rapportd-repo-private.h: row <-> entity conversion and visibility, shared by the repository's files */
#pragma once

#include "rapportd-repo.h"

G_BEGIN_DECLS

void       rapportd_repo_append_select (RapportdSql         *sql,
                                        CrmEntityClass      *klass);
void       rapportd_repo_append_scope  (RapportdSql         *sql,
                                        CrmEntityClass      *klass,
                                        const RapportdActor *actor,
                                        gboolean             write);
CrmEntity *rapportd_repo_entity_from_row (GType              type,
                                          RapportdDbResult  *result,
                                          guint              row,
                                          GError           **error);
void       rapportd_repo_add_value_param (RapportdSql        *sql,
                                          const CrmFieldSpec *spec,
                                          const CrmValue     *value);

G_END_DECLS
