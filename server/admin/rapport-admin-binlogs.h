/* rapport-admin-binlogs.h: the embedded MariaDB's closed binary logs, shipped beside the backups and gathered back for a restore */
#pragma once

#include "rapport-admin-archive.h"
#include "rapportd-config.h"

G_BEGIN_DECLS

#define RAPPORT_ADMIN_BINLOGS_PREFIX "rapport-binlogs-"
#define RAPPORT_ADMIN_BINLOGS_SUFFIX ".binlogs"
#define RAPPORT_ADMIN_BINLOGS_SHIPPED "rapport-binlogs.shipped"

gboolean rapport_admin_binlogs_ship    (const RapportdConfig  *config,
                                        const char            *dir,
                                        const guchar           key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                                        GError               **error);
int      rapport_admin_binlogs_command (const RapportdConfig  *config,
                                        const char            *dir,
                                        const char            *key_file);
gboolean rapport_admin_binlogs_any     (const char            *dir);
GPtrArray *rapport_admin_binlogs_unpack (const char           *dir,
                                         const guchar          key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                                         const char           *binlog_dir,
                                         GError              **error);

G_END_DECLS
