/* test-calendar-feed.c: a user's iCalendar feed at its secret address, read back by libical, kept to its user, refused once revoked, against the real MariaDB */
#include "rapport-test-server.h"

#include <libical/ical.h>
#include <string.h>

static RapportTestServer *server;
static char *alice;
static char *bob;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

/* a time @hours from now, as the API writes times */
static char *
hours_ahead (int hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_hours (now, hours);

  return g_date_time_format (then, "%Y-%m-%dT%H:00:00Z");
}

static guint
count_components (icalcomponent     *calendar,
                  icalcomponent_kind kind)
{
  return (guint) icalcomponent_count_components (calendar, kind);
}

static icalcomponent *
find_summary (icalcomponent     *calendar,
              icalcomponent_kind kind,
              const char        *summary)
{
  for (icalcomponent *c = icalcomponent_get_first_component (calendar, kind); c != NULL;
       c = icalcomponent_get_next_component (calendar, kind))
    if (g_strcmp0 (icalcomponent_get_summary (c), summary) == 0)
      return c;
  return NULL;
}

static void
test_feed (void)
{
  gint64 account = rapport_test_create (server, alice, "accounts", "{\"name\":\"浙江省人民医院\"}");
  g_autofree char *starts = hours_ahead (24);
  g_autofree char *ends = hours_ahead (25);
  g_autofree char *due = hours_ahead (48);
  g_autofree char *visit = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"拜访王主任\",\"starts_at\":\"%s\",\"ends_at\":\"%s\","
                                            "\"place\":\"杭州市上城区解放路 158 号\",\"account_id\":%" G_GINT64_FORMAT "}",
                                            starts, ends, account);
  g_autofree char *task = g_strdup_printf ("{\"subject\":\"Send the quote\",\"due_at\":\"%s\","
                                           "\"recurrence\":\"FREQ=WEEKLY;COUNT=3\"}", due);
  gint64 bobs_account = rapport_test_create (server, bob, "accounts", "{\"name\":\"宁波海曙康复医院\"}");
  g_autofree char *bobs_visit = g_strdup_printf ("{\"kind\":\"visit\",\"subject\":\"Bob's own visit\",\"starts_at\":\"%s\","
                                                 "\"account_id\":%" G_GINT64_FORMAT "}", starts, bobs_account);
  g_autoptr(RapportTestReply) made = NULL;
  g_autoptr(RapportTestReply) feed = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  g_autoptr(RapportTestReply) not_bobs = NULL;
  g_autoptr(RapportTestReply) revoked = NULL;
  g_autoptr(RapportTestReply) after = NULL;
  g_autofree char *revoke_path = NULL;
  JsonObject *first;
  icalcomponent *calendar;
  icalcomponent *event;
  icalcomponent *todo;
  const char *path;

  g_assert_cmpint (rapport_test_create (server, alice, "activities", visit), >, 0);
  g_assert_cmpint (rapport_test_create (server, alice, "tasks", task), >, 0);
  g_assert_cmpint (rapport_test_create (server, bob, "activities", bobs_visit), >, 0);

  made = call (alice, "POST", "/api/v1/calendar-feeds", NULL);
  g_assert_cmpuint (made->status, ==, 201);
  path = rapport_test_reply_string (made, "path");
  g_assert_true (g_str_has_prefix (path, "/api/v1/calendar/rcf_"));
  g_assert_true (g_str_has_suffix (path, ".ics"));

  /* no session: the address is the key */
  feed = call (NULL, "GET", path, NULL);
  g_assert_cmpuint (feed->status, ==, 200);
  calendar = icalparser_parse_string (feed->body);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalrestriction_check (calendar), ==, 1);
  g_assert_cmpuint (count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 1);
  g_assert_cmpuint (count_components (calendar, ICAL_VTODO_COMPONENT), ==, 1);
  event = find_summary (calendar, ICAL_VEVENT_COMPONENT, "拜访王主任");
  g_assert_nonnull (event);
  g_assert_cmpstr (icalcomponent_get_location (event), ==, "杭州市上城区解放路 158 号");
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtend (event)) - icaltime_as_timet (icalcomponent_get_dtstart (event)), ==, 3600);
  g_assert_null (find_summary (calendar, ICAL_VEVENT_COMPONENT, "Bob's own visit"));
  todo = find_summary (calendar, ICAL_VTODO_COMPONENT, "Send the quote");
  g_assert_nonnull (todo);
  g_assert_nonnull (icalcomponent_get_first_property (todo, ICAL_RRULE_PROPERTY));
  g_assert_cmpint (icalproperty_get_rrule (icalcomponent_get_first_property (todo, ICAL_RRULE_PROPERTY)).count, ==, 3);
  icalcomponent_free (calendar);

  /* listed without its secret, with its last use */
  listed = call (alice, "GET", "/api/v1/calendar-feeds", NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  first = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (listed), "items"), 0);
  g_assert_false (json_object_has_member (first, "path"));
  g_assert_false (json_object_get_null_member (first, "last_used_at"));
  g_assert_false (json_object_get_boolean_member (first, "revoked"));

  /* another user cannot revoke it; its user can, and the address is refused from then on */
  revoke_path = g_strdup_printf ("/api/v1/calendar-feeds/%" G_GINT64_FORMAT, rapport_test_reply_int (made, "id"));
  not_bobs = call (bob, "DELETE", revoke_path, NULL);
  g_assert_cmpuint (not_bobs->status, ==, 404);
  revoked = call (alice, "DELETE", revoke_path, NULL);
  g_assert_cmpuint (revoked->status, ==, 200);
  after = call (NULL, "GET", path, NULL);
  g_assert_cmpuint (after->status, ==, 404);
  g_assert_cmpstr (rapport_test_reply_error_code (after), ==, "not_found");
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

static void
test_bad_addresses (void)
{
  g_autoptr(RapportTestReply) made = call (alice, "POST", "/api/v1/calendar-feeds", NULL);
  g_autofree char *without_suffix = NULL;
  const char *bad[] = { "/api/v1/calendar/nonsense.ics", "/api/v1/calendar/rcf_guessed.ics", "/api/v1/calendar/.ics" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportTestReply) reply = call (NULL, "GET", bad[i], NULL);

      g_assert_cmpuint (reply->status, ==, 404);
    }
  g_assert_cmpuint (made->status, ==, 201);
  without_suffix = g_strndup (rapport_test_reply_string (made, "path"), strlen (rapport_test_reply_string (made, "path")) - 4);
  {
    g_autoptr(RapportTestReply) reply = call (NULL, "GET", without_suffix, NULL);

    g_assert_cmpuint (reply->status, ==, 404);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  alice = rapport_test_server_add_user (server, "alice", "sales");
  bob = rapport_test_server_add_user (server, "bob", "sales");

  g_test_add_func ("/calendar-feed/feed", test_feed);
  g_test_add_func ("/calendar-feed/bad-addresses", test_bad_addresses);
  status = g_test_run ();

  g_free (alice);
  g_free (bob);
  rapport_test_server_stop (server);
  return status;
}
