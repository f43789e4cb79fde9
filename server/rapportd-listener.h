/* rapportd-listener.h: RapportdListener, accepts connections, does TLS and reads request heads under limits before the HTTP server sees them */
#pragma once

#include <libsoup/soup.h>

#include "crm-error.h"
#include "rapportd-conn-limits.h"
#include "rapportd-exchange.h"
#include "rapportd-request-head.h"

G_BEGIN_DECLS

typedef struct
{
  /* seconds from accept to a finished TLS handshake (the client's first bytes included) */
  guint handshake_timeout;
  /* seconds from the connection being ready to a complete request head */
  guint header_timeout;
  /* seconds from a complete head to a complete body */
  guint body_timeout;
  /* connections open at once, over every thread; past it the oldest one
   * without a request goes */
  guint max_connections;
  /* TLS handshakes in progress at once, from one address and in all */
  guint max_handshakes_per_address;
  guint max_handshakes;
  /* seconds a kept-alive connection may wait for its next request's first byte */
  guint keepalive_timeout;
  /* requests one connection may carry; the last is answered with Connection: close */
  guint max_requests;
} RapportdListenerLimits;


/* takes a plain request read whole; answers it, now or later, on this
 * thread, with rapportd_exchange_respond() or rapportd_exchange_drop() */
typedef void (*RapportdListenerHandler) (RapportdExchange *exchange,
                                         gpointer          data);

/* whether a request to @path may have a body up to the upload limit */
typedef gboolean (*RapportdListenerLargeBody) (const char *method,
                                               const char *path);

#define RAPPORTD_TYPE_LISTENER (rapportd_listener_get_type ())

G_DECLARE_FINAL_TYPE (RapportdListener, rapportd_listener, RAPPORTD, LISTENER, GObject)

RapportdListener *rapportd_listener_new        (SoupServer                   *soup,
                                                GTlsCertificate              *certificate,
                                                const RapportdListenerLimits *limits,
                                                RapportdConnLimits           *counts);
gboolean          rapportd_listener_listen     (RapportdListener             *self,
                                                GInetAddress                 *address,
                                                guint                         port,
                                                gboolean                      first,
                                                GError                      **error);
guint             rapportd_listener_get_port   (RapportdListener             *self);
void              rapportd_listener_stop       (RapportdListener             *self);
void              rapportd_listener_refuse     (RapportdListener             *self,
                                                SoupServerMessage            *msg,
                                                CrmErrorCode                  code,
                                                const char                   *message);
GSocket          *rapportd_listener_get_socket (RapportdListener            *self,
                                                SoupServerMessage           *msg);
void              rapportd_listener_limits_init (RapportdListenerLimits      *limits);
void              rapportd_listener_set_handler (RapportdListener            *self,
                                                 gsize                        max_body,
                                                 RapportdListenerHandler      handler,
                                                 gpointer                     data);
void              rapportd_listener_set_uploads (RapportdListener            *self,
                                                 gsize                        max_upload,
                                                 RapportdListenerLargeBody    is_large);
guint             rapportd_listener_limits_body_seconds (const RapportdListenerLimits *limits,
                                                         guint64                       length);
void              rapportd_listener_expect_body (RapportdListener            *self,
                                                 SoupServerMessage           *msg,
                                                 guint64                      length);

G_END_DECLS
