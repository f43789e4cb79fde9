/* rapportd-events-auth.h: who an event WebSocket acts for: an API key refused at its handshake, every token checked while its socket is open */
#pragma once

#include <libsoup/soup.h>

#include "rapportd-auth.h"
#include "rapportd-pool.h"

G_BEGIN_DECLS

void     rapportd_events_auth_attach (SoupServer               *server,
                                      const char               *path,
                                      RapportdPool             *pool);
gboolean rapportd_events_auth_is_key (const char               *token);
char    *rapportd_events_auth_token  (SoupServerMessage        *msg);
gboolean rapportd_events_auth_check  (RapportdDb               *db,
                                      const char               *token,
                                      const RapportdAuthPolicy *policy,
                                      RapportdActor            *actor);

G_END_DECLS
