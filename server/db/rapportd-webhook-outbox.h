/* rapportd-webhook-outbox.h: webhook deliveries: left by the transaction of each change, claimed, logged, replayed */
#pragma once

#include <json-glib/json-glib.h>
#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

/* the attempts a delivery gets before it is failed: the first, then one
 * after each of the backoff delays */
#define RAPPORTD_WEBHOOK_MAX_ATTEMPTS 7
/* how long the log of a delivery that is done with is kept */
#define RAPPORTD_WEBHOOK_KEEP_DAYS 30

typedef struct
{
  gint64  id;
  gint64  subscription_id;
  char   *type;
  char   *body;
  guint   attempts;
  char   *url;
  char   *secret;
} RapportdWebhookDelivery;

gboolean  rapportd_webhook_outbox_add      (RapportdDb               *db,
                                            CrmEntity                *before,
                                            CrmEntity                *after,
                                            const char               *action,
                                            const char               *payload,
                                            GError                  **error);
gboolean  rapportd_webhook_outbox_add_created (RapportdDb            *db,
                                               GPtrArray             *stored,
                                               GPtrArray             *payloads,
                                               GError               **error);
gboolean  rapportd_webhook_outbox_make_due (RapportdDb               *db,
                                            gint64                    now,
                                            guint                    *n_due,
                                            GError                  **error);
gboolean  rapportd_webhook_outbox_prune    (RapportdDb               *db,
                                            gint64                    now,
                                            GError                  **error);
gboolean  rapportd_webhook_outbox_check_subscribed (RapportdDb         *db,
                                                   GError            **error);
void      rapportd_webhook_outbox_forget_subscribed (void);
GPtrArray *rapportd_webhook_outbox_claim   (RapportdDb               *db,
                                            guint                     max,
                                            guint                     per_subscription,
                                            GError                  **error);
gboolean  rapportd_webhook_outbox_record   (RapportdDb               *db,
                                            RapportdWebhookDelivery  *delivery,
                                            guint                     status,
                                            guint                     duration_ms,
                                            const char               *failure,
                                            const char               *response,
                                            GError                  **error);
JsonNode *rapportd_webhook_outbox_list     (RapportdDb               *db,
                                            gint64                    subscription_id,
                                            gint64                    before_id,
                                            guint                     limit,
                                            GError                  **error);
JsonNode *rapportd_webhook_outbox_replay   (RapportdDb               *db,
                                            const RapportdActor      *actor,
                                            gint64                    id,
                                            GError                  **error);
guint     rapportd_webhook_backoff_seconds (guint                     failed_attempts);
void      rapportd_webhook_delivery_free   (RapportdWebhookDelivery  *delivery);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdWebhookDelivery, rapportd_webhook_delivery_free)

G_END_DECLS
