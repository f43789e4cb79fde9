/* rapportd-api-calendar.c: a user's iCalendar feeds: made, listed and revoked by their user, read by a calendar program at their secret address */
#include "rapportd-api.h"
#include "db/rapportd-calendar.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* GET /calendar-feeds: one's own feeds, without their secrets */
RAPPORTD_HANDLER (rapportd_api_calendar_feeds_list)
{
  g_autoptr(JsonNode) answer = rapportd_calendar_feeds_list (db, &request->actor, error);

  if (answer == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  return TRUE;
}

/* POST /calendar-feeds: a new feed of one's activities and tasks; its address is shown once */
RAPPORTD_HANDLER (rapportd_api_calendar_feeds_create)
{
  g_autoptr(JsonNode) answer = rapportd_calendar_feed_create (db, &request->actor, error);

  if (answer == NULL)
    return FALSE;
  rapportd_request_set_json (request, 201, answer);
  return TRUE;
}

/* DELETE /calendar-feeds/:id: the feed's address answers 404 from now on */
RAPPORTD_HANDLER (rapportd_api_calendar_feeds_revoke)
{
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_calendar_feed_revoke (db, &request->actor, id, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"revoked\":true}", id));
  return TRUE;
}

/* GET /calendar/TOKEN.ics, with no session: the secret in the address is the key */
RAPPORTD_HANDLER (rapportd_api_calendar_feed)
{
  const char *file = request->segments[1];
  g_autofree char *token = NULL;
  char *text;

  if (!g_str_has_suffix (file, ".ics"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No calendar feed at this address (it may have been revoked)"));
      return FALSE;
    }
  token = g_strndup (file, strlen (file) - strlen (".ics"));
  if ((text = rapportd_calendar_feed_render (db, token, error)) == NULL)
    return FALSE;
  rapportd_request_take_bytes (request, 200, "text/calendar; charset=utf-8", g_bytes_new_take (text, strlen (text)));
  return TRUE;
}
