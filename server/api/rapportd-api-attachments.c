/* rapportd-api-attachments.c: documents filed under a record: upload, list, download, removal */
#include "rapportd-api.h"
#include "rapportd-auth.h"
#include "rapportd-attachments.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* Content-Disposition for @name: an ASCII stand-in, and the name itself
 * (RFC 6266, RFC 8187) */
static char *
disposition (const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *plain = g_strdup (name);

  for (char *p = plain; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f || *p == '"' || *p == '\\')
      *p = '_';
  return g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s", plain, escaped);
}

/* POST /{collection}/:id/attachments?name=NAME, the body the file: 201 the
 * version filed (the next of NAME under the record) */
RAPPORTD_HANDLER (rapportd_api_attachments_upload)
{
  g_autofree char *attachment = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (attachment = rapportd_attachments_upload (db, &request->actor, request->segments[0], id,
                                                 rapportd_request_query (request, "name"),
                                                 request->content_type, request->body, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 201, g_steal_pointer (&attachment));
  return TRUE;
}

/* GET /{collection}/:id/attachments: {"items": the latest version of each
 * name, with its "versions"} */
RAPPORTD_HANDLER (rapportd_api_attachments_list)
{
  g_autofree char *list = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (list = rapportd_attachments_list (db, &request->actor, request->segments[0], id, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&list));
  return TRUE;
}

/* GET /attachments/:id: the content, with its type and name */
RAPPORTD_HANDLER (rapportd_api_attachments_download)
{
  g_autoptr(GBytes) content = NULL;
  g_autofree char *name = NULL;
  g_autofree char *content_type = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (content = rapportd_attachments_download (db, &request->actor, id, &name, &content_type, error)) == NULL)
    return FALSE;
  g_free (request->disposition);
  request->disposition = disposition (name);
  /* the accepted types are few: interned, they outlive the request */
  rapportd_request_take_bytes (request, 200, g_intern_string (content_type), g_steal_pointer (&content));
  return TRUE;
}

/* DELETE /attachments/:id: 200 {"id", "removed": true}; in its own
 * transaction, the stored file deleted after it */
RAPPORTD_HANDLER (rapportd_api_attachments_remove)
{
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_auth_refresh_actor (db, request->token, &request->actor, error))
    return FALSE;
  if (rapportd_actor_is_read_only (&request->actor))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Your role can read records but not change them"));
      return FALSE;
    }
  if (!rapportd_attachments_remove (db, &request->actor, id, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"removed\":true}", id));
  return TRUE;
}
