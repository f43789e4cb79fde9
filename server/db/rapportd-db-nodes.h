/* rapportd-db-nodes.h: where to connect, and a new MariaDB connection: to the server, or to the first of [database] nodes= that answers, unless it restarts */
#pragma once

#include <glib.h>
#include <mysql.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

GStrv    rapportd_db_nodes_parse   (const char              *text,
                                    GError                 **error);
MYSQL   *rapportd_db_nodes_connect (const RapportdDbParams  *params,
                                    gboolean                *galera,
                                    GError                 **error);

G_END_DECLS
