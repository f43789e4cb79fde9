/* rapportd-migrate.h: runs schemas/sql migrations in order, recorded in schema_version */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_migrate (RapportdDb  *db,
                           guint       *n_applied,
                           GError     **error);

G_END_DECLS
