/* rapportd-checkpoint.h: Ed25519-signed checkpoints of the audit chains' heads */
#pragma once

#include <sodium.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  guchar secret[crypto_sign_SECRETKEYBYTES];
  guchar public[crypto_sign_PUBLICKEYBYTES];
} RapportdSigningKey;

/* one chain's last row, as a checkpoint signs it */
typedef struct
{
  guint    chain;
  guint64  last_id;
  char     hash[65];
} RapportdChainHead;

gboolean rapportd_checkpoint_load_key  (const char               *data_dir,
                                        RapportdSigningKey       *key,
                                        GError                  **error);
char    *rapportd_checkpoint_public_key (const char              *data_dir);
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
                                        const char               *heads,
                                        const char               *signature_hex);
GArray  *rapportd_checkpoint_parse_heads (guint64                 last_id,
                                          const char             *hash,
                                          const char             *heads);

G_END_DECLS
