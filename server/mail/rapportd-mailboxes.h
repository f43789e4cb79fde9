/* rapportd-mailboxes.h: the mailboxes read for service cases, kept by administrators */
#pragma once

#include <json-glib/json-glib.h>
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

JsonNode *rapportd_mailboxes_list  (RapportdDb           *db,
                                    GError              **error);
JsonNode *rapportd_mailbox_get     (RapportdDb           *db,
                                    gint64                id,
                                    GError              **error);
JsonNode *rapportd_mailbox_create  (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    JsonObject           *body,
                                    GError              **error);
JsonNode *rapportd_mailbox_update  (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    gint64                id,
                                    JsonObject           *body,
                                    GError              **error);
gboolean  rapportd_mailbox_delete  (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    gint64                id,
                                    GError              **error);

G_END_DECLS
