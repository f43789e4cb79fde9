/* rapportd-checkpoint.h: Ed25519-signed checkpoints of the audit chain's head */
#pragma once

#include <sodium.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  guchar secret[crypto_sign_SECRETKEYBYTES];
  guchar public[crypto_sign_PUBLICKEYBYTES];
} RapportdSigningKey;

gboolean rapportd_checkpoint_load_key  (const char               *data_dir,
                                        RapportdSigningKey       *key,
                                        GError                  **error);
char    *rapportd_checkpoint_message   (guint64                   last_id,
                                        const char               *hash,
                                        const char               *signed_at);
gboolean rapportd_checkpoint_maybe_sign (RapportdDb              *db,
                                         const RapportdSigningKey *key,
                                         guint                    every_rows,
                                         guint                    every_seconds,
                                         gboolean                *signed_one,
                                         GError                 **error);
gboolean rapportd_checkpoint_verify    (const char               *public_key_hex,
                                        guint64                   last_id,
                                        const char               *hash,
                                        const char               *signed_at,
                                        const char               *signature_hex);

G_END_DECLS
