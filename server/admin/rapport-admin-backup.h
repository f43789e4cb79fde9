/* rapport-admin-backup.h: rapport-admin backup-key new, backup, backup verify and restore */
#pragma once

#include "rapportd-config.h"

G_BEGIN_DECLS

int rapport_admin_backup_key_command (const char           *out);
int rapport_admin_backup             (const RapportdConfig *config,
                                      const char           *out,
                                      const char           *key_file);
int rapport_admin_backup_verify      (const char           *archive,
                                      const char           *key_file);
int rapport_admin_restore            (const char           *archive,
                                      const char           *data_dir,
                                      const char           *key_file);
int rapport_admin_restore_until      (RapportdConfig       *config,
                                      const char           *archive,
                                      const char           *key_file,
                                      const char           *until_text,
                                      const char           *binlogs_dir);

G_END_DECLS
