/* rapport-notify.h: desktop notifications that open their record: the target they carry, and a comment on one's record told */
#pragma once

#include <gio/gio.h>

#include "rapport-api.h"

G_BEGIN_DECLS

/* how long a reminder's Snooze puts it off */
#define RAPPORT_NOTIFY_SNOOZE_SECONDS G_GINT64_CONSTANT (3600)

void      rapport_notify_set_open_record  (GNotification *notification,
                                           const char    *entity_name,
                                           gint64         id);
gboolean  rapport_notify_parse_target     (const char    *target,
                                           char         **collection,
                                           gint64        *id);
void      rapport_notify_send             (GApplication  *app,
                                           const char    *notification_id,
                                           GNotification *notification);
void      rapport_notify_comments_watch   (GApplication  *app,
                                           RapportApi    *api);

G_END_DECLS
