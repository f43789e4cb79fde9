/* rapport-admin-manifest.h: a backup's list of files with their SHA-256 sums, and the check of a backup against it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORT_ADMIN_MANIFEST "MANIFEST.sha256"

typedef struct
{
  guint   n_files;
  guint64 n_bytes;
} RapportAdminManifestCount;

gboolean rapport_admin_manifest_write (const char                 *dir,
                                       RapportAdminManifestCount  *count,
                                       GError                    **error);
gboolean rapport_admin_manifest_check (const char                 *dir,
                                       RapportAdminManifestCount  *count,
                                       GError                    **error);
gboolean rapport_admin_manifest_check_files (const char                 *dir,
                                             RapportAdminManifestCount  *count,
                                             GError                    **error);
char    *rapport_admin_manifest_file_sum (const char  *path,
                                         guint64     *size,
                                         GError     **error);

G_END_DECLS
