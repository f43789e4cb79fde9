/* rapportd-soup-body.c: bodies the HTTP server reads (chunked, or heads the listener does not read plainly): held to their route's limit, uploads spooled to a file */

/* The listener reads most bodies itself (rapportd-listener-plain.c); the
 * rest come through libsoup, which would keep them in memory. Before the
 * body is read: a known length beyond its route's limit is refused unread;
 * a body of unknown length is counted as it comes and refused at the
 * limit; and a body that may be an upload's (an import, an attachment,
 * larger than max_body_bytes or of unknown length) goes, chunk by chunk,
 * to an unnamed file, handed to the handler mapped. */
#include "rapportd-soup-body.h"
#include "rapportd-language.h"
#include "rapportd-router.h"
#include "rapportd-spool.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct
{
  RapportdListener *listener;
  gsize             limit;
  guint64           total;
  /* NULL: the body accumulates in the message, as libsoup keeps it */
  RapportdSpool    *spool;
} Intake;

G_DEFINE_QUARK (rapportd-soup-body, intake)

static void
intake_free (gpointer data)
{
  Intake *intake = data;

  g_clear_pointer (&intake->spool, rapportd_spool_free);
  g_clear_object (&intake->listener);
  g_free (intake);
}

static void on_got_chunk (SoupServerMessage *msg,
                          GBytes            *chunk,
                          gpointer           data);

/* answers at once, and reads no more of the body */
static void
refuse (SoupServerMessage *msg,
        Intake            *intake,
        CrmErrorCode       code,
        const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (CRM_ERROR, code, message);
  char *envelope = crm_json_error_envelope (error);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  g_signal_handlers_disconnect_by_func (msg, on_got_chunk, intake);
  g_clear_pointer (&intake->spool, rapportd_spool_free);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_status (msg, crm_error_code_to_http_status (code), NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, envelope,
                                    strlen (envelope));
  if (intake->listener != NULL)
    rapportd_listener_refuse (intake->listener, msg, code, message);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           data)
{
  Intake *intake = data;
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (chunk, &size);
  g_autoptr(GError) error = NULL;
  /* refused in the request's language, as the router answers */
  RAPPORTD_LANGUAGE_SCOPE (soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                          "Accept-Language"));

  intake->total += size;
  if (intake->total > intake->limit)
    refuse (msg, intake, CRM_ERROR_TOO_LARGE, _("The request body is too large"));
  else if (intake->spool != NULL && !rapportd_spool_write (intake->spool, bytes, size, &error))
    {
      g_warning ("a request body: %s", error->message);
      if (error->code == CRM_ERROR_INSUFFICIENT_STORAGE)
        refuse (msg, intake, error->code, error->message);
      else
        refuse (msg, intake, CRM_ERROR_INTERNAL, _("The request body could not be stored on the server"));
    }
}

/**
 * rapportd_soup_body_start:
 * @msg: a request whose head the HTTP server has read, not its body
 * @listener: (nullable): the listener that handed it over
 * @max_body: the largest body of most routes
 * @max_upload: the largest body of an upload's route
 * @error: return location for a #GError
 *
 * Returns: %FALSE when the body is refused unread: its Content-Length is
 *   beyond its route's limit (%CRM_ERROR_TOO_LARGE), an upload comes
 *   without a session (%CRM_ERROR_UNAUTHORIZED) or would not fit on the
 *   disk (%CRM_ERROR_INSUFFICIENT_STORAGE); the caller answers
 */
gboolean
rapportd_soup_body_start (SoupServerMessage  *msg,
                          RapportdListener   *listener,
                          gsize               max_body,
                          gsize               max_upload,
                          GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gboolean known = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH;
  guint64 length = known ? (guint64) soup_message_headers_get_content_length (headers) : 0;
  gboolean large;
  Intake *intake;

  if (known && length <= max_body)
    return TRUE;
  /* its refusals in the request's language, as the router answers */
  RAPPORTD_LANGUAGE_SCOPE (soup_message_headers_get_list (headers, "Accept-Language"));
  large = rapportd_router_is_large_body (soup_server_message_get_method (msg),
                                         g_uri_get_path (soup_server_message_get_uri (msg)));
  if (known && length > (large ? MAX (max_upload, max_body) : max_body))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_TOO_LARGE, _("The request body is too large"));
      return FALSE;
    }
  if (large && !rapportd_spool_admits (soup_message_headers_get_one (headers, "Authorization"), error))
    return FALSE;
  intake = g_new0 (Intake, 1);
  intake->listener = listener ? g_object_ref (listener) : NULL;
  intake->limit = large ? MAX (max_upload, max_body) : max_body;
  if (large)
    {
      g_autoptr(GError) local_error = NULL;

      /* with no length, the disk is held for a body at the limit */
      intake->spool = rapportd_spool_new (known ? length : intake->limit, &local_error);
      if (intake->spool == NULL)
        {
          intake_free (intake);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      /* its deadline grows with it: with no length, as if at the limit */
      if (listener != NULL)
        rapportd_listener_expect_body (listener, msg, known ? length : intake->limit);
    }
  g_object_set_qdata_full (G_OBJECT (msg), intake_quark (), intake, intake_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), intake);
  return TRUE;
}

/**
 * rapportd_soup_body_take:
 * @msg: a request read whole
 * @body: (out) (transfer full): the body spooled to a file, mapped, or
 *   %NULL when the message holds it (or it is empty)
 * @error: return location for a #GError
 *
 * Returns: %FALSE when the spooled body cannot be mapped
 */
gboolean
rapportd_soup_body_take (SoupServerMessage  *msg,
                         GBytes            **body,
                         GError            **error)
{
  Intake *intake = g_object_get_qdata (G_OBJECT (msg), intake_quark ());

  *body = NULL;
  if (intake == NULL || intake->spool == NULL || rapportd_spool_get_size (intake->spool) == 0)
    return TRUE;
  *body = rapportd_spool_finish (intake->spool, error);
  return *body != NULL;
}
