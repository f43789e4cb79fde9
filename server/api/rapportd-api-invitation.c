/* rapportd-api-invitation.c: GET /activities/:id/invitation.ics, a visit's or a meeting's invitation to save and send */
#include "rapportd-api.h"
#include "db/rapportd-invitation.h"

#include <string.h>

RAPPORTD_HANDLER (rapportd_api_invitation)
{
  gint64 id;
  char *text;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (text = rapportd_invitation_render (db, &request->actor, id, error)) == NULL)
    return FALSE;
  rapportd_request_take_bytes (request, 200, "text/calendar; charset=utf-8; method=REQUEST",
                               g_bytes_new_take (text, strlen (text)));
  return TRUE;
}
