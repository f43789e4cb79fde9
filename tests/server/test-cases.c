/* test-cases.c: service cases numbered per year, their channel checked, their status moved only along its transitions with the times it sets, the reopening window, the audit and who sees them */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;   /* service, team East */
static char *carol;   /* service, team West */
static char *mona;    /* manager, team East */
static gint64 account;

static gint64
create_case (const char *subject,
             const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "%s}",
                                           subject, account, extra);

  return rapport_test_create (server, alice, "cases", body);
}

static RapportTestReply *
get_case (const char *token,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, "GET", path, token, NULL);
}

/* PATCHes the status at the record's current version */
static RapportTestReply *
move (gint64      id,
      const char *status)
{
  g_autoptr(RapportTestReply) current = get_case (alice, id);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autofree char *body = NULL;

  g_assert_cmpuint (current->status, ==, 200);
  body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                          rapport_test_reply_int (current, "version"), status);
  return rapport_test_request (server, "PATCH", path, alice, body);
}

static void
move_ok (gint64      id,
         const char *status)
{
  g_autoptr(RapportTestReply) reply = move (id, status);

  if (reply->status != 200)
    g_error ("case %" G_GINT64_FORMAT " to %s: %u %s", id, status, reply->status, reply->body);
  g_assert_cmpstr (rapport_test_reply_string (reply, "status"), ==, status);
}

static gint64
audit_rows (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                               G_GINT64_FORMAT, id);
}

static gboolean
has_member (RapportTestReply *reply,
            const char       *member)
{
  return json_object_get_string_member_with_default (rapport_test_reply_object (reply), member, NULL) != NULL;
}

/* a new case takes this year's next CS number, starts new at normal
 * priority, is its creator's, is audited and is found by its serial number */
static void
test_create (void)
{
  gint64 id = create_case ("Pump leaks after service", ",\"channel\":\"phone\",\"serial_lot\":\"SN-77A-4410\",\"is_complaint\":true");
  gint64 second = create_case ("打印机卡纸", ",\"channel\":\"web\"");
  g_autoptr(RapportTestReply) stored = get_case (alice, id);
  g_autoptr(RapportTestReply) next = get_case (alice, second);
  g_autoptr(RapportTestReply) found = rapport_test_request (server, "GET", "/api/v1/cases?q=77A-44", alice, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *first_number = g_strdup_printf ("CS-%d-00001", g_date_time_get_year (now));
  g_autofree char *second_number = g_strdup_printf ("CS-%d-00002", g_date_time_get_year (now));
  JsonArray *items;

  g_assert_cmpuint (stored->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (stored, "number"), ==, first_number);
  g_assert_cmpstr (rapport_test_reply_string (next, "number"), ==, second_number);
  g_assert_cmpstr (rapport_test_reply_string (stored, "status"), ==, "new");
  g_assert_cmpstr (rapport_test_reply_string (stored, "priority"), ==, "normal");
  g_assert_cmpstr (rapport_test_reply_string (stored, "channel"), ==, "phone");
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (stored), "is_complaint"));
  g_assert_cmpint (rapport_test_reply_int (stored, "owner_id"), ==, rapport_test_user_id (server, alice));
  g_assert_false (has_member (stored, "first_response_at"));
  g_assert_cmpint (audit_rows (id), ==, 1);

  g_assert_cmpuint (found->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (found), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, id);
}

/* a channel not among the choices, a missing subject or a priority of
 * one's own is refused naming the field, and nothing is stored */
static void
test_bad_input (void)
{
  g_autofree char *bad_channel = g_strdup_printf ("{\"subject\":\"Fax\",\"account_id\":%" G_GINT64_FORMAT ",\"channel\":\"fax\"}", account);
  g_autofree char *no_subject = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT "}", account);
  g_autofree char *bad_priority = g_strdup_printf ("{\"subject\":\"Now\",\"account_id\":%" G_GINT64_FORMAT ",\"priority\":\"asap\"}", account);
  g_autofree char *starts_closed = g_strdup_printf ("{\"subject\":\"Done\",\"account_id\":%" G_GINT64_FORMAT ",\"status\":\"closed\"}", account);
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases");
  const struct { const char *body; const char *field; } cases[] = {
    { bad_channel, "channel" },
    { no_subject, "subject" },
    { bad_priority, "priority" },
    { "{\"subject\":\"No account\"}", "account_id" },
    { starts_closed, "status" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/cases", alice, cases[i].body);

      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[i].field);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases"), ==, before);
}

/* the status moves only along its transitions; the first response,
 * resolving and closing are timed by the server, each move audited: taking
 * a case in progress is no response to its customer, asking them
 * something (waiting on the customer) is (a reply is too: test-case-messages.c) */
static void
test_transitions (void)
{
  gint64 id = create_case ("Screen flickers", ",\"channel\":\"email\"");
  g_autoptr(RapportTestReply) skip = move (id, "resolved");
  g_autoptr(RapportTestReply) back = NULL;
  g_autoptr(RapportTestReply) working = NULL;
  g_autoptr(RapportTestReply) waiting = NULL;
  g_autoptr(RapportTestReply) resolved = NULL;
  g_autoptr(RapportTestReply) closed = NULL;
  g_autoptr(RapportTestReply) reopened = NULL;
  g_autofree char *first_response = NULL;

  g_assert_cmpuint (skip->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (skip), ==, "status");

  move_ok (id, "assigned");
  back = move (id, "new");
  g_assert_cmpuint (back->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (back), ==, "status");

  move_ok (id, "in_progress");
  working = get_case (alice, id);
  g_assert_false (has_member (working, "first_response_at"));
  g_assert_false (has_member (working, "resolved_at"));

  move_ok (id, "waiting_on_customer");
  waiting = get_case (alice, id);
  g_assert_true (has_member (waiting, "first_response_at"));
  first_response = g_strdup (rapport_test_reply_string (waiting, "first_response_at"));
  move_ok (id, "in_progress");
  move_ok (id, "resolved");
  resolved = get_case (alice, id);
  g_assert_true (has_member (resolved, "resolved_at"));
  g_assert_false (has_member (resolved, "closed_at"));

  move_ok (id, "closed");
  closed = get_case (alice, id);
  g_assert_true (has_member (closed, "closed_at"));
  g_assert_cmpstr (rapport_test_reply_string (closed, "resolved_at"), ==, rapport_test_reply_string (resolved, "resolved_at"));

  /* reopened at once: within the window; the first response stays */
  move_ok (id, "in_progress");
  reopened = get_case (alice, id);
  g_assert_false (has_member (reopened, "closed_at"));
  g_assert_false (has_member (reopened, "resolved_at"));
  g_assert_cmpstr (rapport_test_reply_string (reopened, "first_response_at"), ==, first_response);

  /* the create and seven moves; the refused ones left nothing */
  g_assert_cmpint (audit_rows (id), ==, 8);
  g_assert_cmpint (rapport_test_reply_int (reopened, "version"), ==, 8);
}

/* closed longer ago than [service] reopen_days (3 here): not reopened, and unchanged */
static void
test_reopen_window (void)
{
  gint64 late = create_case ("Old complaint", "");
  gint64 recent = create_case ("Recent complaint", "");
  g_autofree char *age_late = g_strdup_printf ("UPDATE cases SET closed_at = UTC_TIMESTAMP(6) - INTERVAL 4 DAY "
                                               "WHERE id = %" G_GINT64_FORMAT, late);
  g_autofree char *age_recent = g_strdup_printf ("UPDATE cases SET closed_at = UTC_TIMESTAMP(6) - INTERVAL 2 DAY "
                                                 "WHERE id = %" G_GINT64_FORMAT, recent);
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) still = NULL;

  move_ok (late, "in_progress");
  move_ok (late, "resolved");
  move_ok (late, "closed");
  move_ok (recent, "in_progress");
  move_ok (recent, "resolved");
  move_ok (recent, "closed");
  g_free (rapport_test_server_sql (server, age_late));
  g_free (rapport_test_server_sql (server, age_recent));

  refused = move (late, "in_progress");
  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "status");
  g_assert_nonnull (strstr (refused->body, "3 days"));
  still = get_case (alice, late);
  g_assert_cmpstr (rapport_test_reply_string (still, "status"), ==, "closed");
  g_assert_cmpint (rapport_test_reply_int (still, "version"), ==, 4);
  g_assert_cmpint (audit_rows (late), ==, 4);

  move_ok (recent, "in_progress");
}

/* a service rep sees and changes only their own cases; their team's manager sees them */
static void
test_scope (void)
{
  gint64 id = create_case ("Alice's own case", "");
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) by_carol = get_case (carol, id);
  g_autoptr(RapportTestReply) changed = rapport_test_request (server, "PATCH", path, carol,
                                                              "{\"version\":1,\"priority\":\"urgent\"}");
  g_autoptr(RapportTestReply) carols_list = rapport_test_request (server, "GET", "/api/v1/cases", carol, NULL);
  g_autoptr(RapportTestReply) by_mona = get_case (mona, id);
  g_autoptr(RapportTestReply) still = get_case (alice, id);

  g_assert_cmpuint (by_carol->status, ==, 404);
  g_assert_cmpuint (changed->status, ==, 404);
  g_assert_cmpuint (carols_list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (carols_list), "items")), ==, 0);
  g_assert_cmpuint (by_mona->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (still, "priority"), ==, "normal");
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;
  gint64 east;
  gint64 west;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n[service]\nreopen_days=3\n");
  alice = rapport_test_server_add_user (server, "alice", "service");
  carol = rapport_test_server_add_user (server, "carol", "service");
  mona = rapport_test_server_add_user (server, "mona", "manager");
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'mona'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华东医疗器械有限公司\"}");

  g_test_add_func ("/cases/create", test_create);
  g_test_add_func ("/cases/bad-input", test_bad_input);
  g_test_add_func ("/cases/transitions", test_transitions);
  g_test_add_func ("/cases/reopen-window", test_reopen_window);
  g_test_add_func ("/cases/scope", test_scope);

  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  g_free (mona);
  rapport_test_server_stop (server);
  return status;
}
