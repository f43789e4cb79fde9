/* rapportd-auth.h: password hashes, session tokens, sign-in with throttling */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-config.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *token;
  gint64  expires_at;
  /* seconds to wait, for a throttled sign-in */
  guint   retry_after;
} RapportdSignIn;

gboolean  rapportd_auth_init              (GError             **error);
char     *rapportd_auth_hash_password     (const char          *password,
                                           GError             **error);
gboolean  rapportd_auth_check_password    (const char          *hash,
                                           const char          *password);
char     *rapportd_auth_random_secret     (guint                n_bytes);
char     *rapportd_auth_token_hash        (const char          *token);
GHashTable *rapportd_auth_load_scopes   (RapportdDb          *db,
                                         const char          *role,
                                         GError             **error);

gboolean  rapportd_auth_sign_in           (RapportdDb          *db,
                                           const char          *login,
                                           const char          *password,
                                           const char          *source,
                                           const RapportdAuthPolicy *policy,
                                           RapportdSignIn      *out,
                                           RapportdActor       *actor,
                                           GError             **error);
gboolean  rapportd_auth_verify_signer     (RapportdDb          *db,
                                           const char          *login,
                                           const char          *password,
                                           const char          *source,
                                           const RapportdAuthPolicy *policy,
                                           gint64               user_id,
                                           GError             **error);
gboolean  rapportd_auth_session_actor     (RapportdDb          *db,
                                           const char          *token,
                                           const RapportdAuthPolicy *policy,
                                           RapportdActor       *actor,
                                           GError             **error);
gboolean  rapportd_auth_refresh_actor     (RapportdDb          *db,
                                           const char          *token,
                                           RapportdActor       *actor,
                                           GError             **error);
gboolean  rapportd_auth_end_sessions      (RapportdDb          *db,
                                           gint64               user_id,
                                           GError             **error);
gboolean  rapportd_auth_sign_out          (RapportdDb          *db,
                                           const char          *token,
                                           GError             **error);
void      rapportd_sign_in_clear          (RapportdSignIn      *sign_in);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdSignIn, rapportd_sign_in_clear)

G_END_DECLS
