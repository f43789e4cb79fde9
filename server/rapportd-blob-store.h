/* rapportd-blob-store.h: attachments' bytes under the data directory, by SHA-256, encrypted */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* a SHA-256 in lower-case hex, and its terminating nul */
#define RAPPORTD_BLOB_HASH_LENGTH 65
/* a key derived for another use (rapportd_blob_store_derive_key()) */
#define RAPPORTD_BLOB_SUBKEY_BYTES 32

void     rapportd_blob_store_configure (const char  *data_dir);
void     rapportd_blob_store_hash      (GBytes      *bytes,
                                        char         hash[RAPPORTD_BLOB_HASH_LENGTH]);
gboolean rapportd_blob_store_put       (const char  *hash,
                                        GBytes      *bytes,
                                        GError     **error);
GBytes  *rapportd_blob_store_get       (const char  *hash,
                                        GError     **error);
char    *rapportd_blob_store_set_aside (const char  *hash,
                                        GError     **error);
void     rapportd_blob_store_put_back  (const char  *hash,
                                        const char  *aside);
void     rapportd_blob_store_discard   (const char  *aside);
gboolean rapportd_blob_store_derive_key (const char  *context,
                                         guchar       subkey[RAPPORTD_BLOB_SUBKEY_BYTES],
                                         GError     **error);

G_END_DECLS
