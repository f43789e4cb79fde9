/* rapportd-repo-private.h: row <-> entity conversion and visibility, shared by the repository's files */
#pragma once

#include "rapportd-repo.h"

G_BEGIN_DECLS

void       rapportd_repo_append_select (RapportdSql         *sql,
                                        CrmEntityClass      *klass);
void       rapportd_repo_append_select_named (RapportdSql    *sql,
                                              CrmEntityClass *klass);
void       rapportd_repo_entity_take_names (CrmEntity        *entity,
                                            RapportdDbResult *result,
                                            guint             row);
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

void       rapportd_repo_begin_insert    (RapportdSql         *sql,
                                          CrmEntityClass      *klass);
void       rapportd_repo_add_created     (RapportdSql         *sql,
                                          const RapportdActor *actor,
                                          const char          *now);
void       rapportd_repo_build_insert    (RapportdSql         *sql,
                                          CrmEntity           *entity,
                                          const RapportdActor *actor,
                                          const char * const  *extra_columns,
                                          const char * const  *extra_values);
gboolean   rapportd_repo_lines_load      (RapportdDb          *db,
                                          CrmEntity           *document,
                                          GError             **error);
gboolean   rapportd_repo_lines_store     (RapportdDb          *db,
                                          const RapportdActor *actor,
                                          const char          *entity_name,
                                          gint64               document_id,
                                          GPtrArray           *lines,
                                          GError             **error);
gboolean   rapportd_repo_check_references (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           CrmEntity           *entity,
                                           CrmEntity           *before,
                                           GError             **error);
gboolean   rapportd_repo_prepare_create  (RapportdDb          *db,
                                          const RapportdActor *actor,
                                          CrmEntity           *entity,
                                          GError             **error);
char      *rapportd_repo_change_payload  (const RapportdActor *actor,
                                          const char          *action,
                                          CrmEntity           *record);
gboolean   rapportd_repo_check_may_write (CrmEntityClass      *klass,
                                          const RapportdActor *actor,
                                          GError             **error);
gboolean   rapportd_repo_check_not_restricted (CrmEntity  *record,
                                               GError    **error);
void       rapportd_repo_explain_duplicate (CrmEntityClass  *klass,
                                            GError         **error);
char      *rapportd_repo_next_number     (RapportdDb          *db,
                                          const char          *prefix,
                                          GError             **error);

CrmRounding  rapportd_repo_rounding          (void);
const char  *rapportd_repo_base_currency_set (void);
gboolean     rapportd_repo_check_reason      (CrmEntityClass       *klass,
                                              const RapportdActor  *actor,
                                              GError              **error);

G_END_DECLS
