/* rapportd-webhooks.h: webhook subscriptions: the addresses administrators have told of event types */
#pragma once

#include <json-glib/json-glib.h>
#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

char     *rapportd_webhook_type_for    (const char           *entity,
                                        const char           *action);
gboolean  rapportd_webhook_type_exists (const char           *type);
const char *rapportd_webhook_status_entered (CrmEntity      *before,
                                             CrmEntity      *after);
GStrv     rapportd_webhook_types       (void);
JsonNode *rapportd_webhooks_list       (RapportdDb           *db,
                                        GError              **error);
JsonNode *rapportd_webhook_create      (RapportdDb           *db,
                                        const RapportdActor  *actor,
                                        JsonObject           *body,
                                        GError              **error);
JsonNode *rapportd_webhook_update      (RapportdDb           *db,
                                        const RapportdActor  *actor,
                                        gint64                id,
                                        JsonObject           *body,
                                        GError              **error);
gboolean  rapportd_webhook_delete      (RapportdDb           *db,
                                        const RapportdActor  *actor,
                                        gint64                id,
                                        GError              **error);

G_END_DECLS
