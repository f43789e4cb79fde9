/* test-pipeline-admin.c: what an administrator's pipeline editor meets: bad definitions named by stage and field, stages in use kept, archived pipelines */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;
static gint64 account;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

static const char *
reply_message (RapportTestReply *reply)
{
  JsonObject *error = json_object_get_object_member (rapport_test_reply_object (reply), "error");

  return json_object_get_string_member_with_default (error, "message", "");
}

#define WON_LOST \
  "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"}," \
  "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}"

/* each bad definition is refused with the stage and the field at fault, and stores nothing */
static void
test_bad_definitions (void)
{
  static const struct
  {
    const char *stages;
    const char *field;
  } cases[] = {
    { "[{\"name\":\"Qualify\",\"probability\":150}," WON_LOST "]", "stages[0].probability" },
    { "[{\"name\":\"Qualify\",\"probability\":10},{\"name\":\"Propose\",\"probability\":-1}," WON_LOST "]",
      "stages[1].probability" },
    { "[{\"name\":\"Qualify\",\"probability\":10},{\"probability\":20}," WON_LOST "]", "stages[1].name" },
    { "[{\"name\":\"Qualify\",\"probability\":10},{\"name\":\"  \",\"probability\":20}," WON_LOST "]", "stages[1].name" },
    { "[{\"name\":\"Qualify\",\"probability\":10,\"required_fields\":[\"colour\"]}," WON_LOST "]",
      "stages[0].required_fields" },
    { "[{\"name\":\"Qualify\",\"probability\":10},{\"name\":\"Propose\",\"probability\":50,"
      "\"required_fields\":[\"amount\",\"amount_base\"]}," WON_LOST "]", "stages[1].required_fields" },
    { "[{\"name\":\"Qualify\",\"probability\":10},{\"name\":\"Propose\",\"probability\":50},"
      "{\"name\":\"qualify \",\"probability\":60}," WON_LOST "]", "stages[2].name" },
    { "[{\"name\":\"Qualify\",\"probability\":10},{\"name\":\"Won\",\"probability\":50}," WON_LOST "]",
      "stages[2].name" },
    /* no open stage */
    { "[" WON_LOST "]", "stages" },
    { "[" WON_LOST ",{\"name\":\"Also lost\",\"probability\":0,\"kind\":\"lost\"}]", "stages" },
  };
  gint64 pipelines = rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipelines");
  gint64 stages = rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipeline_stages");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Bad %u\",\"stages\":%s}", c, cases[c].stages);
      g_autoptr(RapportTestReply) reply = call (server->admin_token, "POST", "/api/v1/pipelines", body);

      g_test_message ("case %u: %u %s: %s", c, reply->status, rapport_test_reply_error_field (reply),
                      reply_message (reply));
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[c].field);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipelines"), ==, pipelines);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipeline_stages"), ==, stages);
}

/* a change with a bad stage changes nothing either */
static void
test_bad_patch (void)
{
  g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/pipelines",
                                              "{\"name\":\"Renewals\",\"stages\":[{\"name\":\"Due\",\"probability\":40},"
                                              WON_LOST "]}");
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) read = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  JsonArray *stages;
  gint64 due;

  g_assert_cmpuint (created->status, ==, 201);
  stages = json_object_get_array_member (rapport_test_reply_object (created), "stages");
  due = json_object_get_int_member (json_array_get_object_element (stages, 0), "id");
  path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, rapport_test_reply_int (created, "id"));
  body = g_strdup_printf ("{\"version\":1,\"name\":\"Renewals 2027\",\"stages\":[{\"id\":%" G_GINT64_FORMAT
                          ",\"name\":\"Due soon\",\"probability\":40},{\"name\":\"Quoted\",\"probability\":150},"
                          WON_LOST "]}", due);
  refused = call (server->admin_token, "PATCH", path, body);
  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "stages[1].probability");

  read = call (server->admin_token, "GET", path, NULL);
  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (read, "name"), ==, "Renewals");
  g_assert_cmpint (rapport_test_reply_int (read, "version"), ==, 1);
  stages = json_object_get_array_member (rapport_test_reply_object (read), "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stages, 0), "name"), ==, "Due");
}

/* a stage that opportunities are in, or have been in, is kept: the refusal
 * names it and how many; a stage no one used goes */
static void
test_remove_used_stage (void)
{
  g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/pipelines",
                                              "{\"name\":\"Tenders\",\"stages\":[{\"name\":\"Scoping\",\"probability\":20},"
                                              "{\"name\":\"Bidding\",\"probability\":50},"
                                              "{\"name\":\"Unused\",\"probability\":70}," WON_LOST "]}");
  g_autoptr(RapportTestReply) refused = NULL;
  g_autoptr(RapportTestReply) removed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *opportunity = NULL;
  g_autofree char *keep_all_but_scoping = NULL;
  g_autofree char *keep_all_but_unused = NULL;
  JsonArray *stages;
  gint64 ids[5];

  g_assert_cmpuint (created->status, ==, 201);
  stages = json_object_get_array_member (rapport_test_reply_object (created), "stages");
  for (guint i = 0; i < 5; i++)
    ids[i] = json_object_get_int_member (json_array_get_object_element (stages, i), "id");
  opportunity = g_strdup_printf ("{\"name\":\"Ward %%u\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                 "\"pipeline_id\":%" G_GINT64_FORMAT "}", account, rapport_test_reply_int (created, "id"));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *body = g_strdup_printf (opportunity, i);

      rapport_test_create (server, alice, "opportunities", body);
    }

  path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, rapport_test_reply_int (created, "id"));
  keep_all_but_scoping = g_strdup_printf ("{\"version\":1,\"stages\":["
                                          "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Bidding\",\"probability\":50},"
                                          "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Unused\",\"probability\":70},"
                                          "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                                          "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}",
                                          ids[1], ids[2], ids[3], ids[4]);
  refused = call (server->admin_token, "PATCH", path, keep_all_but_scoping);
  g_test_message ("%s", reply_message (refused));
  g_assert_cmpuint (refused->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "stages");
  g_assert_nonnull (strstr (reply_message (refused), "Scoping"));
  g_assert_nonnull (strstr (reply_message (refused), "2 opportunities"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipeline_stages WHERE id = %" G_GINT64_FORMAT, ids[0]), ==, 1);

  keep_all_but_unused = g_strdup_printf ("{\"version\":1,\"stages\":["
                                         "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Scoping\",\"probability\":20},"
                                         "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Bidding\",\"probability\":50},"
                                         "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                                         "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}",
                                         ids[0], ids[1], ids[3], ids[4]);
  removed = call (server->admin_token, "PATCH", path, keep_all_but_unused);
  g_assert_cmpuint (removed->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipeline_stages WHERE id = %" G_GINT64_FORMAT, ids[2]), ==, 0);
}

/* Pipelines are not restricted to teams: every signed-in user reads every
 * active one. An archived pipeline leaves the lists, and the board with them. */
static void
test_archived (void)
{
  g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/pipelines",
                                              "{\"name\":\"Old tenders\",\"stages\":[{\"name\":\"Open\",\"probability\":20},"
                                              WON_LOST "]}");
  g_autoptr(RapportTestReply) seen = NULL;
  g_autoptr(RapportTestReply) archived = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  g_autofree char *path = NULL;
  JsonArray *items;

  g_assert_cmpuint (created->status, ==, 201);
  path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, rapport_test_reply_int (created, "id"));
  seen = call (alice, "GET", path, NULL);
  g_assert_cmpuint (seen->status, ==, 200);
  archived = call (server->admin_token, "DELETE", path, NULL);
  g_assert_cmpuint (archived->status, <, 300);
  listed = call (alice, "GET", "/api/v1/pipelines", NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (listed), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "id"), !=,
                     rapport_test_reply_int (created, "id"));
}

/* new opportunities start in the default pipeline: it stays until another is the default */
static void
test_default_kept (void)
{
  g_autofree char *path = NULL;
  g_autofree char *body = g_strdup_printf ("{\"name\":\"After the refusal\",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"currency\":\"CNY\"}", account);
  g_autoptr(RapportTestReply) refused = NULL;
  gint64 id = rapport_test_sql_int (server, "SELECT id FROM pipelines WHERE is_default = 1 AND archived = 0");

  g_assert_cmpint (id, >, 0);
  path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, id);
  refused = call (server->admin_token, "DELETE", path, NULL);
  g_assert_cmpuint (refused->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "is_default");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT archived FROM pipelines WHERE id = %" G_GINT64_FORMAT, id), ==, 0);
  g_assert_cmpint (rapport_test_create (server, alice, "opportunities", body), >, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  alice = rapport_test_server_add_user (server, "alice", "sales");
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"仁和医院\"}");

  g_test_add_func ("/pipeline-admin/bad-definitions", test_bad_definitions);
  g_test_add_func ("/pipeline-admin/bad-patch", test_bad_patch);
  g_test_add_func ("/pipeline-admin/remove-used-stage", test_remove_used_stage);
  g_test_add_func ("/pipeline-admin/archived", test_archived);
  g_test_add_func ("/pipeline-admin/default-kept", test_default_kept);
  status = g_test_run ();

  g_free (alice);
  rapport_test_server_stop (server);
  return status;
}
