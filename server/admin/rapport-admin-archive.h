/* rapport-admin-archive.h: a backup archive: a tar of a directory, sealed with libsodium under the backup key */
#pragma once

#include <glib.h>
#include <sodium.h>

G_BEGIN_DECLS

#define RAPPORT_ADMIN_BACKUP_KEY_BYTES crypto_secretstream_xchacha20poly1305_KEYBYTES

gboolean rapport_admin_backup_key_new  (const char   *path,
                                        GError      **error);
gboolean rapport_admin_backup_key_load (const char   *path,
                                        guchar        key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                                        GError      **error);
gboolean rapport_admin_archive_seal    (const char   *dir,
                                        const char   *path,
                                        const guchar  key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                                        GError      **error);
gboolean rapport_admin_archive_open    (const char   *path,
                                        const guchar  key[RAPPORT_ADMIN_BACKUP_KEY_BYTES],
                                        const char   *dir,
                                        GError      **error);
gboolean rapport_admin_run             (const char * const *argv,
                                        GError      **error);
void     rapport_admin_remove_tree     (const char   *path);

G_END_DECLS
