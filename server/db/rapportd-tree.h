/* rapportd-tree.h: records kept as a tree by a parent of their own kind (case categories): ancestors, subtrees, no cycles */
#pragma once

#include "crm-entity.h"
#include "rapportd-db.h"
#include "rapportd-sql.h"

G_BEGIN_DECLS

CrmEntityClass *rapportd_tree_class_of        (const CrmFieldSpec  *reference);
GArray         *rapportd_tree_ancestors       (RapportdDb          *db,
                                               CrmEntityClass      *klass,
                                               gint64               id,
                                               GError             **error);
gboolean        rapportd_tree_check_parent    (RapportdDb          *db,
                                               CrmEntity           *before,
                                               CrmEntity           *after,
                                               GError             **error);
void            rapportd_tree_append_subtree  (RapportdSql         *sql,
                                               CrmEntityClass      *klass,
                                               GPtrArray           *roots);

G_END_DECLS
