/* rapportd-service-keys.h: service accounts and their API keys: made, listed, revoked, rotated, and resolved to the account they act for */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* what tells an API key from a session token */
#define RAPPORTD_SERVICE_KEY_MARK "rk_"

JsonNode *rapportd_service_account_create (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           JsonObject          *body,
                                           GError             **error);
JsonNode *rapportd_service_accounts_list  (RapportdDb          *db,
                                           GError             **error);
JsonNode *rapportd_service_account_revoke (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           gint64               id,
                                           GError             **error);
JsonNode *rapportd_service_account_rotate (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           gint64               id,
                                           JsonObject          *body,
                                           GError             **error);
gboolean  rapportd_service_key_actor      (RapportdDb          *db,
                                           const char          *key,
                                           RapportdActor       *actor,
                                           GError             **error);
gboolean  rapportd_service_key_check      (RapportdDb          *db,
                                           const char          *key,
                                           RapportdActor       *actor,
                                           GError             **error);

G_END_DECLS
