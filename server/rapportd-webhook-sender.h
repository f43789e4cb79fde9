/* rapportd-webhook-sender.h: the thread that POSTs due webhook deliveries, a few at a time, off the request path */
#pragma once

#include "rapportd-pool.h"

G_BEGIN_DECLS

typedef struct _RapportdWebhookSender RapportdWebhookSender;

RapportdWebhookSender *rapportd_webhook_sender_start (RapportdPool          *pool);
void                   rapportd_webhook_sender_stop  (RapportdWebhookSender *sender);

G_END_DECLS
