/* test-opportunities.c: pipelines and their stages, opportunities through the generic API, stage moves, their history and approval, quotes from an opportunity, leads converted into one */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *alice;
static char *bob;
static char *mona;
static gint64 account;

static RapportTestReply *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  return rapport_test_request (server, method, path, token, body);
}

/* the default pipeline, as GET /pipelines lists it */
static JsonObject *
default_pipeline (RapportTestReply *list)
{
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *pipeline = json_array_get_object_element (items, i);

      if (json_object_get_boolean_member_with_default (pipeline, "is_default", FALSE))
        return pipeline;
    }
  g_assert_not_reached ();
}

/* the id of the default pipeline's stage at @position */
static gint64
stage_id (guint position)
{
  g_autoptr(RapportTestReply) list = call (alice, "GET", "/api/v1/pipelines", NULL);
  JsonArray *stages = json_object_get_array_member (default_pipeline (list), "stages");

  return json_object_get_int_member (json_array_get_object_element (stages, position), "id");
}

static gint64
create_opportunity (const char *token,
                    const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Ward monitors\",\"account_id\":%" G_GINT64_FORMAT
                                           ",\"currency\":\"CNY\"%s}", account, extra ? extra : "");

  return rapport_test_create (server, token, "opportunities", body);
}

static RapportTestReply *
move (const char *token,
      gint64      id,
      const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "/stage", id);

  return call (token, "POST", path, body);
}

static RapportTestReply *
get_opportunity (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);

  return call (alice, "GET", path, NULL);
}

static JsonObject *
member_object (RapportTestReply *reply,
               const char       *member)
{
  return json_object_get_object_member (rapport_test_reply_object (reply), member);
}

/* GET /pipelines: every item with its stages in order, the seeded one first */
static void
test_pipelines_listed (void)
{
  static const struct { const char *name; gint64 probability; const char *kind; } seeded[] = {
    { "Qualification", 10, "open" }, { "Needs analysis", 20, "open" }, { "Proposal", 50, "open" },
    { "Negotiation", 75, "open" }, { "Won", 100, "won" }, { "Lost", 0, "lost" },
  };
  g_autoptr(RapportTestReply) list = call (alice, "GET", "/api/v1/pipelines", NULL);
  g_autoptr(RapportTestReply) one = NULL;
  g_autofree char *path = NULL;
  JsonObject *sales;
  JsonArray *stages;
  JsonArray *required;

  g_assert_cmpuint (list->status, ==, 200);
  sales = default_pipeline (list);
  g_assert_cmpstr (json_object_get_string_member (sales, "name"), ==, "Sales");
  stages = json_object_get_array_member (sales, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, G_N_ELEMENTS (seeded));
  for (guint i = 0; i < G_N_ELEMENTS (seeded); i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);

      g_assert_cmpint (json_object_get_int_member (stage, "position"), ==, i);
      g_assert_cmpstr (json_object_get_string_member (stage, "name"), ==, seeded[i].name);
      g_assert_cmpint (json_object_get_int_member (stage, "probability"), ==, seeded[i].probability);
      g_assert_cmpstr (json_object_get_string_member (stage, "kind"), ==, seeded[i].kind);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (stage, "checklist")));
    }
  required = json_object_get_array_member (json_array_get_object_element (stages, 2), "required_fields");
  g_assert_cmpuint (json_array_get_length (required), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (required, 0), ==, "amount");
  g_assert_cmpstr (json_array_get_string_element (required, 1), ==, "expected_close");

  path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, json_object_get_int_member (sales, "id"));
  one = call (alice, "GET", path, NULL);
  g_assert_cmpuint (one->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (one), "stages")), ==, 6);

  /* lines of their own do not make a pipeline a document: it is not copied nor printed */
  {
    g_autofree char *copy = g_strconcat (path, "/copy", NULL);
    g_autofree char *pdf = g_strconcat (path, "/pdf", NULL);
    g_autoptr(RapportTestReply) copied = call (server->admin_token, "POST", copy, NULL);
    g_autoptr(RapportTestReply) printed = call (alice, "GET", pdf, NULL);

    g_assert_cmpuint (copied->status, ==, 404);
    g_assert_cmpuint (printed->status, ==, 404);
  }
}

#define PROJECT_STAGES \
  "[{\"name\":\"Scoping\",\"probability\":30,\"checklist\":[\"Site visit\"]}," \
  "{\"name\":\"Tender\",\"probability\":60,\"required_fields\":[\"amount\"]}," \
  "{\"name\":\"Awarded\",\"probability\":100,\"kind\":\"won\"}," \
  "{\"name\":\"Not awarded\",\"probability\":0,\"kind\":\"lost\"}]"

/* administrators keep pipelines with their stages; stages keep their ids */
static void
test_pipelines_written (void)
{
  g_autoptr(RapportTestReply) by_rep = call (alice, "POST", "/api/v1/pipelines",
                                             "{\"name\":\"Projects\",\"stages\":" PROJECT_STAGES "}");
  g_autoptr(RapportTestReply) two_won = call (server->admin_token, "POST", "/api/v1/pipelines",
                                              "{\"name\":\"Odd\",\"stages\":[{\"name\":\"A\",\"probability\":1},"
                                              "{\"name\":\"B\",\"probability\":100,\"kind\":\"won\"},"
                                              "{\"name\":\"C\",\"probability\":100,\"kind\":\"won\"}]}");
  g_autoptr(RapportTestReply) unknown_field = call (server->admin_token, "POST", "/api/v1/pipelines",
                                                    "{\"name\":\"Odd\",\"stages\":[{\"name\":\"A\",\"probability\":1,"
                                                    "\"required_fields\":[\"colour\"]},"
                                                    "{\"name\":\"B\",\"probability\":100,\"kind\":\"won\"},"
                                                    "{\"name\":\"C\",\"probability\":0,\"kind\":\"lost\"}]}");
  g_autoptr(RapportTestReply) second_default = call (server->admin_token, "POST", "/api/v1/pipelines",
                                                     "{\"name\":\"Also default\",\"is_default\":true,\"stages\":" PROJECT_STAGES "}");
  g_autoptr(RapportTestReply) created = call (server->admin_token, "POST", "/api/v1/pipelines",
                                              "{\"name\":\"Projects\",\"stages\":" PROJECT_STAGES "}");
  g_autoptr(RapportTestReply) patched = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  JsonArray *stages;
  gint64 scoping, tender;

  g_assert_cmpuint (by_rep->status, ==, 403);
  g_assert_cmpuint (two_won->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (two_won), ==, "stages");
  g_assert_cmpuint (unknown_field->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (unknown_field), ==, "stages[0].required_fields");
  g_assert_cmpuint (second_default->status, ==, 409);
  g_assert_cmpuint (created->status, ==, 201);
  stages = json_object_get_array_member (rapport_test_reply_object (created), "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 4);
  scoping = json_object_get_int_member (json_array_get_object_element (stages, 0), "id");
  tender = json_object_get_int_member (json_array_get_object_element (stages, 1), "id");

  /* renamed and reordered by id: the same rows; one without an id is new */
  path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, rapport_test_reply_int (created, "id"));
  body = g_strdup_printf ("{\"version\":1,\"stages\":[{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Tender\",\"probability\":60},"
                          "{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Scoping and site visit\",\"probability\":35},"
                          "{\"name\":\"Shortlisted\",\"probability\":80},"
                          "{\"name\":\"Awarded\",\"probability\":100,\"kind\":\"won\"},"
                          "{\"name\":\"Not awarded\",\"probability\":0,\"kind\":\"lost\"}]}", tender, scoping);
  patched = call (server->admin_token, "PATCH", path, body);
  g_assert_cmpuint (patched->status, ==, 200);
  stages = json_object_get_array_member (rapport_test_reply_object (patched), "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stages, 0), "id"), ==, tender);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stages, 1), "id"), ==, scoping);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stages, 1), "name"), ==,
                   "Scoping and site visit");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stages, 1), "position"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipeline_stages WHERE pipeline_id = %" G_GINT64_FORMAT,
                            rapport_test_reply_int (created, "id")), ==, 5);
}

/* the generic API keeps an opportunity's money exact and derives the rest */
static void
test_crud (void)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Cath lab\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"USD\","
                                           "\"exchange_rate\":\"7.12345678\",\"amount\":\"1000.01\","
                                           "\"expected_close\":\"2027-03-31\",\"competitors\":\"Acme\"}", account);
  g_autoptr(RapportTestReply) created = call (alice, "POST", "/api/v1/opportunities", body);
  g_autoptr(RapportTestReply) big = NULL;
  g_autofree char *big_body = NULL;
  g_autoptr(RapportTestReply) no_account = call (alice, "POST", "/api/v1/opportunities",
                                                 "{\"name\":\"Nobody's\",\"currency\":\"CNY\"}");
  g_autoptr(RapportTestReply) restage = NULL;
  g_autoptr(RapportTestReply) patched = NULL;
  g_autoptr(RapportTestReply) by_bob = NULL;
  g_autofree char *path = NULL;
  g_autofree char *patch = NULL;
  gint64 id;

  g_assert_cmpuint (created->status, ==, 201);
  id = rapport_test_reply_int (created, "id");
  g_assert_cmpstr (rapport_test_reply_string (created, "amount"), ==, "1000.01");
  /* 1000.01 × 7.12345678 = 7123.5280145678 → 7123.53 */
  g_assert_cmpstr (rapport_test_reply_string (created, "amount_base"), ==, "7123.53");
  g_assert_cmpint (rapport_test_reply_int (created, "stage_id"), ==, stage_id (0));
  g_assert_cmpint (rapport_test_reply_int (created, "probability"), ==, 10);
  g_assert_cmpstr (rapport_test_reply_string (created, "status"), ==, "open");
  g_assert_nonnull (rapport_test_reply_string (created, "stage_entered_at"));
  g_assert_cmpuint (no_account->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_account), ==, "account_id");

  big_body = g_strdup_printf ("{\"name\":\"Hospital network\",\"currency\":\"CNY\",\"amount\":\"123456789012.34\","
                              "\"account_id\":%" G_GINT64_FORMAT "}", account);
  big = call (alice, "POST", "/api/v1/opportunities", big_body);
  g_assert_cmpuint (big->status, ==, 201);
  g_assert_cmpstr (rapport_test_reply_string (big, "amount"), ==, "123456789012.34");
  g_assert_cmpstr (rapport_test_reply_string (big, "amount_base"), ==, "123456789012.34");

  path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  /* the stage moves through its action only */
  patch = g_strdup_printf ("{\"version\":1,\"stage_id\":%" G_GINT64_FORMAT "}", stage_id (1));
  restage = call (alice, "PATCH", path, patch);
  g_assert_cmpuint (restage->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (restage), ==, "stage_id");
  patched = call (alice, "PATCH", path, "{\"version\":1,\"next_step\":\"Demo on site\",\"amount\":\"2000.00\"}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (patched, "next_step"), ==, "Demo on site");
  /* 2000.00 × 7.12345678 = 14246.91356 → 14246.91 */
  g_assert_cmpstr (rapport_test_reply_string (patched, "amount_base"), ==, "14246.91");
  by_bob = call (bob, "GET", path, NULL);
  g_assert_cmpuint (by_bob->status, ==, 404);
}

/* moves: good ones set stage, status and probability; bad ones name what is wrong */
static void
test_moves (void)
{
  gint64 id = create_opportunity (alice, NULL);
  g_autoptr(RapportTestReply) list = call (alice, "GET", "/api/v1/pipelines", NULL);
  g_autoptr(RapportTestReply) needs = NULL;
  g_autoptr(RapportTestReply) proposal = NULL;
  g_autoptr(RapportTestReply) foreign = NULL;
  g_autoptr(RapportTestReply) no_reason = NULL;
  g_autoptr(RapportTestReply) stale = NULL;
  g_autoptr(RapportTestReply) by_bob = NULL;
  g_autoptr(RapportTestReply) filled = NULL;
  g_autoptr(RapportTestReply) proposal_now = NULL;
  g_autoptr(RapportTestReply) won = NULL;
  g_autoptr(RapportTestReply) reopened = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  gint64 foreign_stage = 0;
  JsonObject *moved;
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (!json_object_get_boolean_member_with_default (json_array_get_object_element (items, i), "is_default", FALSE))
      foreign_stage = json_object_get_int_member (json_array_get_object_element (
                        json_object_get_array_member (json_array_get_object_element (items, i), "stages"), 0), "id");
  g_assert_cmpint (foreign_stage, >, 0);

  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"version\":1}", stage_id (1));
  needs = move (alice, id, body);
  g_assert_cmpuint (needs->status, ==, 200);
  moved = member_object (needs, "opportunity");
  g_assert_cmpint (json_object_get_int_member (moved, "stage_id"), ==, stage_id (1));
  g_assert_cmpint (json_object_get_int_member (moved, "probability"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (moved, "version"), ==, 2);

  /* Proposal needs an amount and an expected close: both named */
  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", stage_id (2));
  proposal = move (alice, id, body);
  g_assert_cmpuint (proposal->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (proposal), ==, "amount");
  g_assert_nonnull (strstr (proposal->body, "amount, expected_close"));

  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", foreign_stage);
  foreign = move (alice, id, body);
  g_assert_cmpuint (foreign->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (foreign), ==, "stage_id");

  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", stage_id (4));
  no_reason = move (alice, id, body);
  g_assert_cmpuint (no_reason->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_reason), ==, "close_reason");

  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"version\":1}", stage_id (3));
  stale = move (alice, id, body);
  g_assert_cmpuint (stale->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (stale), ==, "version");

  by_bob = move (bob, id, body);
  g_assert_cmpuint (by_bob->status, ==, 404);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT stage_id FROM opportunities WHERE id = %" G_GINT64_FORMAT, id), ==, stage_id (1));

  path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  filled = call (alice, "PATCH", path, "{\"version\":2,\"amount\":\"88000.00\",\"expected_close\":\"2027-06-30\"}");
  g_assert_cmpuint (filled->status, ==, 200);
  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"probability\":45}", stage_id (2));
  proposal_now = move (alice, id, body);
  g_assert_cmpuint (proposal_now->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (member_object (proposal_now, "opportunity"), "probability"), ==, 45);

  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"close_reason\":\"Best service terms\"}", stage_id (4));
  won = move (alice, id, body);
  g_assert_cmpuint (won->status, ==, 200);
  moved = member_object (won, "opportunity");
  g_assert_cmpstr (json_object_get_string_member (moved, "status"), ==, "won");
  g_assert_cmpint (json_object_get_int_member (moved, "probability"), ==, 100);
  g_assert_cmpstr (json_object_get_string_member (moved, "close_reason"), ==, "Best service terms");
  g_assert_true (json_object_get_string_member_with_default (moved, "closed_at", NULL) != NULL);

  /* reopened: open again, no longer closed */
  g_free (body);
  body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", stage_id (3));
  reopened = move (alice, id, body);
  g_assert_cmpuint (reopened->status, ==, 200);
  moved = member_object (reopened, "opportunity");
  g_assert_cmpstr (json_object_get_string_member (moved, "status"), ==, "open");
  g_assert_true (json_node_is_null (json_object_get_member (moved, "closed_at")));
  /* each write audited */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'opportunity' AND entity_id = %" G_GINT64_FORMAT,
                            id), ==, 6);
}

/* one history row a stay, the earlier ones ended; time in stage from them */
static void
test_history (void)
{
  gint64 id = create_opportunity (alice, ",\"amount\":\"10.00\",\"expected_close\":\"2027-01-31\"");
  g_autofree char *to_needs = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", stage_id (1));
  g_autofree char *to_proposal = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", stage_id (2));
  g_autoptr(RapportTestReply) first = move (alice, id, to_needs);
  g_autoptr(RapportTestReply) second = move (alice, id, to_proposal);
  g_autoptr(RapportTestReply) history = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "/stage-history", id);
  g_autofree char *bobs = NULL;
  JsonArray *items;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM opportunity_stage_history WHERE opportunity_id = %" G_GINT64_FORMAT, id), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM opportunity_stage_history WHERE left_at IS NULL AND opportunity_id = %"
                            G_GINT64_FORMAT, id), ==, 1);
  /* the Needs analysis stay lasted three days */
  rapport_test_sql_int (server, "UPDATE opportunity_stage_history SET entered_at = left_at - INTERVAL 3 DAY WHERE opportunity_id = %"
           G_GINT64_FORMAT " AND stage_id = %" G_GINT64_FORMAT, id, stage_id (1));
  history = call (alice, "GET", path, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (history), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "stage_id"), ==, stage_id (0));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "stage_name"), ==, "Needs analysis");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "seconds"), ==, 3 * 86400);
  g_assert_false (json_node_is_null (json_object_get_member (json_array_get_object_element (items, 1), "left_at")));
  g_assert_true (json_node_is_null (json_object_get_member (json_array_get_object_element (items, 2), "left_at")));
  bobs = g_strdup (path);
  {
    g_autoptr(RapportTestReply) by_bob = call (bob, "GET", bobs, NULL);

    g_assert_cmpuint (by_bob->status, ==, 404);
  }
}

/* a stage naming a workflow waits for the owner's manager to approve */
static void
test_approval (void)
{
  g_autoptr(RapportTestReply) gated = call (server->admin_token, "POST", "/api/v1/pipelines",
                                            "{\"name\":\"Registered deals\",\"stages\":["
                                            "{\"name\":\"New\",\"probability\":10},"
                                            "{\"name\":\"Registered\",\"probability\":40,\"workflow\":\"Opportunity registration\"},"
                                            "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                                            "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}");
  JsonArray *stages = json_object_get_array_member (rapport_test_reply_object (gated), "stages");
  gint64 registered = json_object_get_int_member (json_array_get_object_element (stages, 1), "id");
  gint64 won = json_object_get_int_member (json_array_get_object_element (stages, 2), "id");
  g_autofree char *extra = g_strdup_printf (",\"pipeline_id\":%" G_GINT64_FORMAT, rapport_test_reply_int (gated, "id"));
  gint64 id = create_opportunity (alice, extra);
  g_autofree char *body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", registered);
  g_autofree char *again = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"close_reason\":\"x\"}", won);
  g_autoptr(RapportTestReply) waiting = NULL;
  g_autoptr(RapportTestReply) meanwhile = NULL;
  g_autoptr(RapportTestReply) approved = NULL;
  g_autoptr(RapportTestReply) after = NULL;
  g_autofree char *approve = NULL;
  JsonObject *opportunity;
  gint64 approval;

  g_assert_cmpuint (gated->status, ==, 201);
  waiting = move (alice, id, body);
  g_assert_cmpuint (waiting->status, ==, 202);
  opportunity = member_object (waiting, "opportunity");
  g_assert_cmpint (json_object_get_int_member (opportunity, "stage_id"), !=, registered);
  g_assert_cmpint (json_object_get_int_member (opportunity, "pending_stage_id"), ==, registered);
  approval = json_object_get_int_member (member_object (waiting, "approval"), "id");
  g_assert_cmpint (approval, >, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM opportunity_stage_history WHERE opportunity_id = %" G_GINT64_FORMAT, id), ==, 1);

  meanwhile = move (alice, id, again);
  g_assert_cmpuint (meanwhile->status, ==, 423);

  /* the manager finds it in their inbox, with the customer it is about */
  {
    g_autoptr(RapportTestReply) inbox = call (mona, "GET", "/api/v1/approvals?mine=pending", NULL);
    JsonArray *items = json_object_get_array_member (rapport_test_reply_object (inbox), "items");
    JsonObject *found = NULL;

    g_assert_cmpuint (inbox->status, ==, 200);
    for (guint i = 0; i < json_array_get_length (items); i++)
      if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == approval)
        found = json_array_get_object_element (items, i);
    g_assert_nonnull (found);
    g_test_message ("inbox: %s", inbox->body);
    g_assert_cmpstr (json_object_get_string_member (found, "entity"), ==, "opportunity");
    g_assert_cmpstr (json_object_get_string_member_with_default (found, "customer", NULL), ==, "仁和医院");
  }

  approve = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  approved = call (mona, "POST", approve, "{\"login\":\"mona\",\"password\":\"correct horse battery\",\"meaning\":\"approved\",\"comment\":\"ok\"}");
  g_assert_cmpuint (approved->status, ==, 200);
  after = get_opportunity (id);
  g_assert_cmpint (rapport_test_reply_int (after, "stage_id"), ==, registered);
  g_assert_cmpint (rapport_test_reply_int (after, "probability"), ==, 40);
  g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (after), "pending_stage_id")));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM opportunity_stage_history WHERE opportunity_id = %" G_GINT64_FORMAT, id), ==, 2);
  /* the clients who may see it were told, as of any write */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM events WHERE kind = 'change' AND entity = 'opportunity' AND record_id = %"
                            G_GINT64_FORMAT, id), ==, 3);

  /* refused: the opportunity stays, nothing pending */
  {
    gint64 other = create_opportunity (alice, extra);
    g_autoptr(RapportTestReply) asked = move (alice, other, body);
    g_autofree char *reject = NULL;
    g_autoptr(RapportTestReply) rejected = NULL;
    g_autoptr(RapportTestReply) stays = NULL;

    g_assert_cmpuint (asked->status, ==, 202);
    reject = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/reject",
                              json_object_get_int_member (member_object (asked, "approval"), "id"));
    rejected = call (mona, "POST", reject, "{\"password\":\"correct horse battery\",\"meaning\":\"rejected\",\"comment\":\"no\"}");
    g_test_message ("reject: %u %s", rejected->status, rejected->body);
    g_assert_cmpuint (rejected->status, ==, 200);
    stays = get_opportunity (other);
    g_assert_cmpint (rapport_test_reply_int (stays, "stage_id"), ==, json_object_get_int_member (json_array_get_object_element (stages, 0), "id"));
    g_assert_true (json_node_is_null (json_object_get_member (rapport_test_reply_object (stays), "pending_stage_id")));
  }

  /* a stage an opportunity is or was in stays: removing it is refused */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/pipelines/%" G_GINT64_FORMAT, rapport_test_reply_int (gated, "id"));
    g_autofree char *fewer = g_strdup_printf ("{\"version\":1,\"stages\":[{\"id\":%" G_GINT64_FORMAT ",\"name\":\"Registered\","
                                              "\"probability\":40},{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                                              "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}", registered);
    g_autoptr(RapportTestReply) removed = call (server->admin_token, "PATCH", path, fewer);

    g_assert_cmpuint (removed->status, ==, 409);
    g_assert_cmpstr (rapport_test_reply_error_field (removed), ==, "stages");
    g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM pipeline_stages WHERE pipeline_id = %" G_GINT64_FORMAT,
                              rapport_test_reply_int (gated, "id")), ==, 4);
  }
}

/* "Create quote" makes a draft for the account; its acceptance sets the amount */
static void
test_quote (void)
{
  gint64 id = create_opportunity (alice, ",\"amount\":\"1.00\"");
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "/quote", id);
  g_autoptr(RapportTestReply) stale = call (alice, "POST", path, "{\"version\":7}");
  g_autoptr(RapportTestReply) created = call (alice, "POST", path, "{\"version\":1}");
  g_autoptr(RapportTestReply) by_bob = call (bob, "POST", path, NULL);
  g_autoptr(RapportTestReply) lined = NULL;
  g_autoptr(RapportTestReply) opportunity = NULL;
  g_autofree char *quote_path = NULL;
  JsonObject *quote;
  gint64 quote_id;
  static const char * const steps[] = { "submit", "send", "accept" };

  g_assert_cmpuint (stale->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (stale), ==, "version");
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpuint (by_bob->status, ==, 404);
  quote = member_object (created, "quote");
  quote_id = json_object_get_int_member (quote, "id");
  g_assert_cmpint (json_object_get_int_member (quote, "opportunity_id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (quote, "account_id"), ==, account);
  g_assert_cmpstr (json_object_get_string_member (quote, "currency"), ==, "CNY");
  g_assert_cmpstr (json_object_get_string_member (quote, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (quote, "title"), ==, "Ward monitors");

  quote_path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT, quote_id);
  lined = call (alice, "PATCH", quote_path, "{\"version\":1,\"pricing\":\"exclusive\",\"lines\":[{\"description\":\"Monitor\","
                "\"quantity\":\"3\",\"unit_price\":\"1999.9900\",\"tax_rate\":\"13\"}]}");
  g_assert_cmpuint (lined->status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *step = g_strdup_printf ("%s/%s", quote_path, steps[i]);
      g_autoptr(RapportTestReply) reply = call (alice, "POST", step, NULL);

      g_test_message ("%s: %u %s", steps[i], reply->status, reply->body);
      g_assert_cmpuint (reply->status, ==, 200);
    }
  /* 3 × 1999.99 = 5999.97; 13 % tax = 779.9961 → 780.00; total 6779.97 */
  opportunity = get_opportunity (id);
  g_assert_cmpstr (rapport_test_reply_string (opportunity, "amount"), ==, "6779.97");
  g_assert_cmpstr (rapport_test_reply_string (opportunity, "amount_base"), ==, "6779.97");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'opportunity' AND entity_id = %" G_GINT64_FORMAT
                            " AND action = 'update'", id), ==, 1);

  /* a closed opportunity offers no new quote */
  {
    g_autofree char *lost = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT ",\"close_reason\":\"Budget cut\"}", stage_id (5));
    g_autoptr(RapportTestReply) closed = move (alice, id, lost);
    g_autoptr(RapportTestReply) refused = call (alice, "POST", path, NULL);

    g_assert_cmpuint (closed->status, ==, 200);
    g_assert_cmpuint (refused->status, ==, 409);
  }
}

/* a lead converted with an opportunity: all of it, linked, or none of it */
static void
test_convert (void)
{
  gint64 lead = rapport_test_create (server, alice, "leads", "{\"company\":\"明德口腔诊所\",\"person\":\"李明\"}");
  gint64 bad_lead = rapport_test_create (server, alice, "leads", "{\"company\":\"Half Done Clinic\",\"person\":\"Ann\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/convert", lead);
  g_autofree char *bad_path = g_strdup_printf ("/api/v1/leads/%" G_GINT64_FORMAT "/convert", bad_lead);
  gint64 accounts = rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts");
  g_autoptr(RapportTestReply) refused = call (alice, "POST", bad_path,
                                              "{\"create_opportunity\":true,\"opportunity\":{\"amount\":\"-5.00\"}}");
  g_autoptr(RapportTestReply) converted = NULL;
  JsonObject *opportunity;

  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (refused), ==, "amount");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts"), ==, accounts);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE status = 'converted' AND id = %" G_GINT64_FORMAT, bad_lead), ==, 0);

  converted = call (alice, "POST", path, "{\"create_opportunity\":true,\"opportunity\":{\"amount\":\"50000.00\"}}");
  g_assert_cmpuint (converted->status, ==, 200);
  opportunity = member_object (converted, "opportunity");
  g_assert_cmpstr (json_object_get_string_member (opportunity, "name"), ==, "明德口腔诊所");
  g_assert_cmpstr (json_object_get_string_member (opportunity, "amount"), ==, "50000.00");
  g_assert_cmpint (json_object_get_int_member (opportunity, "lead_id"), ==, lead);
  g_assert_cmpint (json_object_get_int_member (opportunity, "account_id"), ==,
                   json_object_get_int_member (member_object (converted, "account"), "id"));
  g_assert_cmpint (json_object_get_int_member (opportunity, "contact_id"), ==,
                   json_object_get_int_member (member_object (converted, "contact"), "id"));
  g_assert_cmpint (json_object_get_int_member (opportunity, "stage_id"), ==, stage_id (0));
  g_assert_cmpint (json_object_get_int_member (member_object (converted, "lead"), "converted_opportunity_id"), ==,
                   json_object_get_int_member (opportunity, "id"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  mona = rapport_test_server_add_managed_user (server, "mona", "manager", NULL);
  alice = rapport_test_server_add_managed_user (server, "alice", "sales", "mona");
  bob = rapport_test_server_add_managed_user (server, "bob", "sales", NULL);
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"仁和医院\"}");

  g_test_add_func ("/opportunities/pipelines-listed", test_pipelines_listed);
  g_test_add_func ("/opportunities/pipelines-written", test_pipelines_written);
  g_test_add_func ("/opportunities/crud", test_crud);
  g_test_add_func ("/opportunities/moves", test_moves);
  g_test_add_func ("/opportunities/history", test_history);
  g_test_add_func ("/opportunities/approval", test_approval);
  g_test_add_func ("/opportunities/quote", test_quote);
  g_test_add_func ("/opportunities/convert", test_convert);
  status = g_test_run ();

  g_free (alice);
  g_free (bob);
  g_free (mona);
  rapport_test_server_stop (server);
  return status;
}
