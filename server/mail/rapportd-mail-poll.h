/* rapportd-mail-poll.h: a mailbox read once: every message above its last UID taken in turn */
#pragma once

#include <json-glib/json-glib.h>
#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint stored;
  guint errors;
  guint duplicates;
} RapportdMailPollReport;

gboolean  rapportd_mail_poll          (RapportdDb              *db,
                                       gint64                   mailbox_id,
                                       RapportdMailPollReport  *report,
                                       GError                 **error);
gboolean  rapportd_mail_poll_due      (RapportdDb              *db,
                                       GError                 **error);
JsonNode *rapportd_mail_messages_list (RapportdDb              *db,
                                       gint64                   mailbox_id,
                                       const char              *status,
                                       GError                 **error);

G_END_DECLS
