/* rapportd-audit-labels.h: the names of the records an audit page speaks of */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-db.h"
#include "rapportd-audit-history.h"

G_BEGIN_DECLS

GHashTable *rapportd_audit_labels_load   (RapportdDb  *db,
                                          GPtrArray   *rows,
                                          GError     **error);
const char *rapportd_audit_labels_lookup (GHashTable  *labels,
                                          const char  *entity,
                                          gint64       id);

G_END_DECLS
