/* rapportd-server.h: RapportdServer, the HTTP(S) front that hands API calls to the worker pool */
#pragma once

#include <libsoup/soup.h>

#include "rapportd-config.h"
#include "rapportd-pool.h"
#include "rapportd-router.h"

G_BEGIN_DECLS

#define RAPPORTD_TYPE_SERVER (rapportd_server_get_type ())

/* seconds a client is asked to wait when the server is busy or stopping */
#define RAPPORTD_SERVER_RETRY_AFTER 1

G_DECLARE_FINAL_TYPE (RapportdServer, rapportd_server, RAPPORTD, SERVER, GObject)

RapportdServer *rapportd_server_new    (RapportdPool              *pool,
                                        const RapportdApiSettings *settings,
                                        const RapportdConfig      *config,
                                        GTlsCertificate           *certificate);
gboolean        rapportd_server_listen (RapportdServer            *self,
                                        const char                *address,
                                        guint                      port,
                                        GError                   **error);
guint           rapportd_server_get_port (RapportdServer          *self);
guint           rapportd_server_get_n_threads (RapportdServer     *self);
void            rapportd_server_stop_listening (RapportdServer    *self);

G_END_DECLS
