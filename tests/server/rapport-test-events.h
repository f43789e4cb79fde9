/* rapport-test-events.h: a client of rapportd's event WebSocket that keeps every message it hears */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  SoupWebsocketConnection *connection;
  /* the text of each message, in order */
  GPtrArray               *messages;
  gboolean                 closed;
  gushort                  close_code;
} RapportTestEvents;

RapportTestEvents *rapport_test_events_listen (SoupSession       *session,
                                               const char        *base_url,
                                               const char        *token,
                                               const char        *after);
guint              rapport_test_events_refused (SoupSession      *session,
                                                const char       *base_url,
                                                const char       *token);
void               rapport_test_events_free   (RapportTestEvents *events);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportTestEvents, rapport_test_events_free)

G_END_DECLS
