/* rapportd-answer.c: writing an answer to a call, through libsoup's message or the listener's plain exchange */
#include "rapportd-answer.h"
#include "rapportd-idempotency.h"
#include "rapportd-server.h"
#include "crm-json.h"

#include <string.h>

#define JSON_MEDIA_TYPE "application/json; charset=utf-8"

/* a page (a survey's form) loads nothing, runs no script, posts only to
 * rapportd and is never framed or tells where it was opened from */
static const char * const page_headers[][2] = {
  { "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" },
  { "X-Frame-Options", "DENY" },
  { "Referrer-Policy", "no-referrer" },
  { "X-Content-Type-Options", "nosniff" },
};

/**
 * rapportd_answer:
 * @msg: (nullable): the HTTP server's message, or %NULL for @exchange
 * @exchange: (nullable): the listener's plain request, or %NULL for @msg
 * @request_id: the X-Request-Id the answer carries
 * @status: the HTTP status
 * @body: (transfer full): the body
 * @length: its length, or 0 for a string's
 * @retry_after: seconds for Retry-After, or 0 for none
 * @media_type: (nullable): its Content-Type, JSON when %NULL
 * @replayed: whether it is a stored answer to an Idempotency-Key seen before
 *
 * Every answer is not to be cached and names its request; an HTML page
 * also carries a strict Content-Security-Policy and is never framed.
 */
void
rapportd_answer (SoupServerMessage *msg,
                 RapportdExchange  *exchange,
                 const char        *request_id,
                 guint              status,
                 char              *body,
                 gsize              length,
                 guint              retry_after,
                 const char        *media_type,
                 gboolean           replayed)
{
  g_autofree char *seconds = retry_after > 0 ? g_strdup_printf ("%u", retry_after) : NULL;
  SoupMessageHeaders *headers;
  gboolean page;

  if (length == 0)
    length = strlen (body);
  if (media_type == NULL)
    media_type = JSON_MEDIA_TYPE;
  page = g_str_has_prefix (media_type, "text/html");
  if (exchange != NULL)
    {
      rapportd_exchange_add_header (exchange, "Cache-Control", "no-store");
      rapportd_exchange_add_header (exchange, RAPPORTD_ANSWER_REQUEST_ID_HEADER, request_id);
      if (seconds)
        rapportd_exchange_add_header (exchange, "Retry-After", seconds);
      if (replayed)
        rapportd_exchange_add_header (exchange, RAPPORTD_IDEMPOTENCY_REPLAYED_HEADER, "true");
      for (guint i = 0; page && i < G_N_ELEMENTS (page_headers); i++)
        rapportd_exchange_add_header (exchange, page_headers[i][0], page_headers[i][1]);
      rapportd_exchange_respond (exchange, status, media_type, body, length);
      return;
    }
  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, RAPPORTD_ANSWER_REQUEST_ID_HEADER, request_id);
  if (seconds)
    soup_message_headers_replace (headers, "Retry-After", seconds);
  if (replayed)
    soup_message_headers_replace (headers, RAPPORTD_IDEMPOTENCY_REPLAYED_HEADER, "true");
  for (guint i = 0; page && i < G_N_ELEMENTS (page_headers); i++)
    soup_message_headers_replace (headers, page_headers[i][0], page_headers[i][1]);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, media_type, SOUP_MEMORY_TAKE, body, length);
}

/**
 * rapportd_answer_error:
 * @msg: (nullable): as for rapportd_answer()
 * @exchange: (nullable): as for rapportd_answer()
 * @request_id: the X-Request-Id the answer carries
 * @code: what went wrong, which gives the status
 * @message: said to the user, in the JSON error envelope
 */
void
rapportd_answer_error (SoupServerMessage *msg,
                       RapportdExchange  *exchange,
                       const char        *request_id,
                       CrmErrorCode       code,
                       const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (CRM_ERROR, code, message);

  rapportd_answer (msg, exchange, request_id, crm_error_code_to_http_status (code),
                   crm_json_error_envelope_for (error, request_id), 0, 0, NULL, FALSE);
}

/**
 * rapportd_answer_unavailable:
 * @msg: (nullable): as for rapportd_answer()
 * @exchange: (nullable): as for rapportd_answer()
 * @request_id: the X-Request-Id the answer carries
 * @message: said to the user, in the JSON error envelope
 *
 * A 503 that asks the client to retry after RAPPORTD_SERVER_RETRY_AFTER seconds.
 */
void
rapportd_answer_unavailable (SoupServerMessage *msg,
                             RapportdExchange  *exchange,
                             const char        *request_id,
                             const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (CRM_ERROR, CRM_ERROR_UNAVAILABLE, message);

  rapportd_answer (msg, exchange, request_id, crm_error_code_to_http_status (CRM_ERROR_UNAVAILABLE),
                   crm_json_error_envelope_for (error, request_id), 0, RAPPORTD_SERVER_RETRY_AFTER, NULL, FALSE);
}
