/* rapportd-embedded-encryption.h: the embedded MariaDB's encryption at rest: its key file and its settings */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *rapportd_embedded_encryption_key_path (const char  *data_dir);
gboolean rapportd_embedded_encryption_key_ensure (const char *path,
                                                  gboolean    create,
                                                  GError    **error);
gboolean rapportd_embedded_encryption_check_data_dir (const char  *data_dir,
                                                      gboolean     encryption,
                                                      const char  *own_key,
                                                      GError     **error);
GStrv    rapportd_embedded_encryption_options  (const char  *key_path,
                                                const char * const *more);

G_END_DECLS
