/* rapportd-events.h: RapportdEvents, the WebSocket at /api/v1/events that tells signed-in clients what changed */
#pragma once

#include <libsoup/soup.h>

#include "rapportd-auth.h"
#include "rapportd-pool.h"

G_BEGIN_DECLS

#define RAPPORTD_TYPE_EVENTS (rapportd_events_get_type ())

G_DECLARE_FINAL_TYPE (RapportdEvents, rapportd_events, RAPPORTD, EVENTS, GObject)

RapportdEvents *rapportd_events_new        (RapportdPool             *pool,
                                            const RapportdAuthPolicy *policy);
void            rapportd_events_attach     (RapportdEvents           *self,
                                            SoupServer               *server);
void            rapportd_events_close_here (RapportdEvents           *self);
void            rapportd_events_send_live  (RapportdEvents           *self,
                                            gint64                    user_id,
                                            const char               *message);
void            rapportd_events_get_counts (RapportdEvents           *self,
                                            guint                    *clients,
                                            guint                    *queued);

G_END_DECLS
