/* test-invitation.c: GET /activities/:id/invitation.ics, a visit's or a meeting's iTIP REQUEST read back and checked by libical, refused for other kinds and for activities one may not read, against the real MariaDB */
#include "rapport-test-server.h"

#include <libical/ical.h>

static RapportTestServer *server;
static char *rep;
static char *colleague;
static char *stranger;
static gint64 account;

static gint64
user_id (const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);
  g_autofree char *id = rapport_test_server_sql (server, sql);

  return g_ascii_strtoll (id, NULL, 10);
}

static gint64
create_activity (const char *kind,
                 const char *subject,
                 const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"%s\",\"subject\":\"%s\",\"starts_at\":\"2030-05-06T01:30:00Z\","
                                           "\"ends_at\":\"2030-05-06T03:00:00Z\",\"place\":\"宁波市鄞州区天童南路 588 号\","
                                           "\"account_id\":%" G_GINT64_FORMAT "%s}", kind, subject, account, extra);

  return rapport_test_create (server, rep, "activities", body);
}

static RapportTestReply *
invitation (const char *token,
            gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT "/invitation.ics", id);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static icalcomponent *
parse_event (RapportTestReply *reply,
             icalcomponent   **calendar)
{
  g_assert_cmpuint (reply->status, ==, 200);
  *calendar = icalparser_parse_string (reply->body);
  g_assert_nonnull (*calendar);
  g_assert_cmpint (icalcomponent_isa (*calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_get_method (*calendar), ==, ICAL_METHOD_REQUEST);
  /* libical's iTIP restrictions for a REQUEST: ORGANIZER, DTSTAMP, SEQUENCE's form and the rest */
  g_assert_cmpint (icalrestriction_check (*calendar), ==, 1);
  g_assert_cmpint (icalcomponent_count_components (*calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  return icalcomponent_get_first_component (*calendar, ICAL_VEVENT_COMPONENT);
}

static GPtrArray *
attendees (icalcomponent *event)
{
  GPtrArray *found = g_ptr_array_new ();

  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_ATTENDEE_PROPERTY); p != NULL;
       p = icalcomponent_get_next_property (event, ICAL_ATTENDEE_PROPERTY))
    g_ptr_array_add (found, (gpointer) icalproperty_get_attendee (p));
  return found;
}

static void
test_meeting (void)
{
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"王主任\",\"email\":\"wang@nbhospital.example\","
                                                   "\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact = rapport_test_create (server, rep, "contacts", contact_body);
  g_autofree char *silent_body = g_strdup_printf ("{\"name\":\"No Email\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 silent = rapport_test_create (server, rep, "contacts", silent_body);
  g_autofree char *participants = g_strdup_printf (",\"participants\":[{\"user_id\":%" G_GINT64_FORMAT "},{\"contact_id\":%" G_GINT64_FORMAT "},"
                                                   "{\"contact_id\":%" G_GINT64_FORMAT "}]",
                                                   user_id ("colin"), contact, silent);
  gint64 id = create_activity ("meeting", "季度业务回顾", participants);
  g_autofree char *path = g_strdup_printf ("/api/v1/activities/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) first = invitation (rep, id);
  g_autoptr(RapportTestReply) patched = NULL;
  g_autoptr(RapportTestReply) second = NULL;
  g_autoptr(GPtrArray) invited = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *uid_expected = g_strdup_printf ("activity-%" G_GINT64_FORMAT "@rapport", id);
  icalcomponent *calendar;
  icalcomponent *event;
  icalproperty *organizer;
  icalparameter *cn;

  g_assert_cmpint (contact, >, 0);
  event = parse_event (first, &calendar);
  uid = g_strdup (icalcomponent_get_uid (event));
  g_assert_cmpstr (uid, ==, uid_expected);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "季度业务回顾");
  g_assert_cmpstr (icalcomponent_get_location (event), ==, "宁波市鄞州区天童南路 588 号");
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtstart (event)), ==, 1904261400);
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtend (event)) - icaltime_as_timet (icalcomponent_get_dtstart (event)), ==, 5400);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 0);
  organizer = icalcomponent_get_first_property (event, ICAL_ORGANIZER_PROPERTY);
  g_assert_nonnull (organizer);
  g_assert_cmpstr (icalproperty_get_organizer (organizer), ==, "mailto:rita@example.com");
  cn = icalproperty_get_first_parameter (organizer, ICAL_CN_PARAMETER);
  g_assert_nonnull (cn);
  g_assert_cmpstr (icalparameter_get_cn (cn), ==, "rita");
  /* the owner as chair, then the colleague and the contact with an address, in order;
   * the contact without one is left out */
  invited = attendees (event);
  g_assert_cmpuint (invited->len, ==, 3);
  g_assert_cmpstr (invited->pdata[0], ==, "mailto:rita@example.com");
  g_assert_cmpstr (invited->pdata[1], ==, "mailto:colin@example.com");
  g_assert_cmpstr (invited->pdata[2], ==, "mailto:wang@nbhospital.example");
  icalcomponent_free (calendar);

  /* a change keeps the UID and raises the SEQUENCE */
  patched = rapport_test_request (server, "PATCH", path, rep, "{\"version\":1,\"starts_at\":\"2030-05-07T01:30:00Z\",\"ends_at\":\"2030-05-07T03:00:00Z\"}");
  g_assert_cmpuint (patched->status, ==, 200);
  second = invitation (rep, id);
  event = parse_event (second, &calendar);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, uid);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 1);
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtstart (event)), ==, 1904261400 + 86400);
  icalcomponent_free (calendar);
}

static void
test_visit_and_refusals (void)
{
  gint64 visit = create_activity ("visit", "Visit the ward", "");
  gint64 call = create_activity ("call", "A call", "");
  g_autoptr(RapportTestReply) visit_reply = invitation (rep, visit);
  g_autoptr(RapportTestReply) call_reply = invitation (rep, call);
  g_autoptr(RapportTestReply) hidden = invitation (stranger, visit);
  g_autoptr(RapportTestReply) missing = invitation (rep, visit + 1000);
  icalcomponent *calendar;
  icalcomponent *event;

  event = parse_event (visit_reply, &calendar);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "Visit the ward");
  g_assert_cmpstr (icalproperty_get_attendee (icalcomponent_get_first_property (event, ICAL_ATTENDEE_PROPERTY)), ==, "mailto:rita@example.com");
  g_assert_null (icalcomponent_get_next_property (event, ICAL_ATTENDEE_PROPERTY));
  icalcomponent_free (calendar);

  g_assert_cmpuint (call_reply->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (call_reply), ==, "kind");
  /* another team's rep: as if it did not exist */
  g_assert_cmpuint (hidden->status, ==, 404);
  g_assert_cmpuint (missing->status, ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "rita", "sales");
  colleague = rapport_test_server_add_user (server, "colin", "sales");
  stranger = rapport_test_server_add_user (server, "sam", "sales");
  g_free (rapport_test_server_sql (server, "UPDATE users SET email = CONCAT(login, '@example.com') WHERE login IN ('rita', 'colin')"));
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"宁波市第二医院\"}");

  g_test_add_func ("/invitation/meeting", test_meeting);
  g_test_add_func ("/invitation/visit-and-refusals", test_visit_and_refusals);
  status = g_test_run ();

  g_free (rep);
  g_free (colleague);
  g_free (stranger);
  rapport_test_server_stop (server);
  return status;
}
