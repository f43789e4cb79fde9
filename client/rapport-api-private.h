/* rapport-api-private.h: what RapportApi's files share: its instance and the event WebSocket's hooks */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rapport-api.h"

G_BEGIN_DECLS

/* the event WebSocket comes back after 1 s, 2 s, 4 s… at most a minute apart */
#define RAPPORT_API_EVENTS_RETRY_MIN_SECONDS 1

struct _RapportApi
{
  GObject      parent_instance;

  SoupSession *session;
  /* for files sent (an import, an attachment): no time limit on the
   * answer, which comes once the server has read and written them all */
  SoupSession *upload_session;
  char        *base_url;
  char        *pinned;
  char        *peer;
  char        *token;
  JsonObject  *user;
  guint        n_requests;

  /* the event WebSocket, while signed in */
  SoupWebsocketConnection *events;
  GCancellable            *events_cancellable;
  guint                    events_retry_source;
  guint                    events_retry_seconds;
  gboolean                 events_wanted;
  /* the last event heard, or at first the last one written before signing
   * in (the answer's events_after): a socket that opens asks for what
   * followed it (?after=); 0: none (a server that does not tell it) */
  gint64                   events_seen;
};

gboolean rapport_api_accept_certificate      (SoupMessage          *msg,
                                              GTlsCertificate      *certificate,
                                              GTlsCertificateFlags  errors,
                                              gpointer              user_data);
void     rapport_api_notify_events_connected (RapportApi           *self);
void     rapport_api_emit_event              (RapportApi           *self,
                                              const char           *kind,
                                              JsonObject           *data);

G_END_DECLS
