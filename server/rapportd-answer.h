/* rapportd-answer.h: writing an answer to a call, through libsoup's message or the listener's plain exchange */
#pragma once

#include <libsoup/soup.h>

#include "rapportd-exchange.h"
#include "crm-error.h"

G_BEGIN_DECLS

#define RAPPORTD_ANSWER_REQUEST_ID_HEADER "X-Request-Id"

void rapportd_answer             (SoupServerMessage *msg,
                                  RapportdExchange  *exchange,
                                  const char        *request_id,
                                  guint              status,
                                  char              *body,
                                  gsize              length,
                                  guint              retry_after,
                                  const char        *media_type,
                                  gboolean           replayed);
void rapportd_answer_error       (SoupServerMessage *msg,
                                  RapportdExchange  *exchange,
                                  const char        *request_id,
                                  CrmErrorCode       code,
                                  const char        *message);
void rapportd_answer_unavailable (SoupServerMessage *msg,
                                  RapportdExchange  *exchange,
                                  const char        *request_id,
                                  const char        *message);

G_END_DECLS
