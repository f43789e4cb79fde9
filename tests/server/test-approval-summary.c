/* test-approval-summary.c: an approval tells its deciders the customer, amount, discount, trigger and people's names */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *director, *manager, *rep;
static gint64 account;

#define PASSWORD "correct horse battery"
#define DISCOUNT_CONDITION "max_line_discount > 10 or (header_discount != null and header_discount > 10)"

/* a quote of the rep's whose one line carries @discount percent, submitted */
static gint64
submit_quote (const char *discount)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"description\":\"Ventilator\","
                                           "\"quantity\":\"1\",\"unit_price\":\"100000\",\"discount\":\"%s\",\"tax_rate\":\"13\"}]}",
                                           account, discount);
  gint64 quote = rapport_test_create (server, rep, "quotes", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", quote);
  g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "POST", path, rep, NULL);

  g_assert_cmpuint (submitted->status, ==, 200);
  return rapport_test_reply_int (submitted, "approval_id");
}

/* the inbox item of @approval, owned by @reply */
static JsonObject *
inbox_item (RapportTestReply *reply,
            gint64            approval)
{
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (reply), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == approval)
      return json_array_get_object_element (items, i);
  return NULL;
}

static const char *
number_value (JsonObject *trigger,
              const char *name)
{
  JsonObject *values = json_object_get_object_member (trigger, "values");
  JsonObject *value = json_object_has_member (values, name) ? json_object_get_object_member (values, name) : NULL;

  if (value == NULL)
    return NULL;
  g_assert_cmpstr (json_object_get_string_member (value, "type"), ==, "number");
  return json_object_get_string_member (value, "value");
}

/* customer, amount, currency, discount and trigger, in the inbox and on the approval */
static void
check_summary (JsonObject *object,
               const char *discount,
               const char *amount,
               const char *step,
               const char *condition)
{
  JsonObject *trigger;

  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "customer", NULL), ==, "Summary Hospital 汇总医院");
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "amount", NULL), ==, amount);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "currency", NULL), ==, "CNY");
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "discount", NULL), ==, discount);
  g_assert_true (json_object_has_member (object, "header_discount"));
  g_assert_true (json_object_has_member (object, "trigger"));
  trigger = json_object_get_object_member (object, "trigger");
  g_assert_cmpstr (json_object_get_string_member_with_default (trigger, "step", NULL), ==, step);
  g_assert_cmpstr (json_object_get_string_member_with_default (trigger, "condition", NULL), ==, condition);
  g_assert_cmpstr (number_value (trigger, "max_line_discount"), ==, discount);
}

static void
test_inbox_and_detail (void)
{
  gint64 approval = submit_quote ("15");
  g_autofree char *path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT, approval);
  g_autoptr(RapportTestReply) inbox = rapport_test_request (server, "GET", "/api/v1/approvals?mine=pending", manager, NULL);
  g_autoptr(RapportTestReply) submitted = rapport_test_request (server, "GET", "/api/v1/approvals?mine=submitted", rep, NULL);
  g_autoptr(RapportTestReply) detail = rapport_test_request (server, "GET", path, manager, NULL);
  JsonObject *people;

  g_assert_cmpuint (inbox->status, ==, 200);
  /* 100000 less 15 %, plus 13 % tax */
  check_summary (inbox_item (inbox, approval), "15.0000", "96050.00", "Manager", DISCOUNT_CONDITION);
  check_summary (inbox_item (submitted, approval), "15.0000", "96050.00", "Manager", DISCOUNT_CONDITION);
  g_assert_cmpstr (json_object_get_string_member (inbox_item (inbox, approval), "submitted_by"), ==, "rep Name");

  /* the manager's scope does not reach the rep's quote: the approval tells what it is about all the same */
  g_assert_cmpuint (detail->status, ==, 200);
  check_summary (rapport_test_reply_object (detail), "15.0000", "96050.00", "Manager", DISCOUNT_CONDITION);
  people = json_object_get_object_member (rapport_test_reply_object (detail), "people");
  g_assert_nonnull (people);
  g_assert_cmpstr (json_object_get_string_member_with_default (people, "rep", NULL), ==, "rep Name");
  g_assert_cmpstr (json_object_get_string_member_with_default (people, "mgr", NULL), ==, "mgr Name");
  g_assert_false (json_object_has_member (people, "dir"));
}

/* past the manager, the director's step: its own condition is what brought it */
static void
test_second_step (void)
{
  gint64 approval = submit_quote ("30");
  g_autofree char *approve = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  g_autofree char *path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT, approval);
  g_autofree char *sign = g_strdup_printf ("{\"login\":\"mgr\",\"password\":\"%s\",\"meaning\":\"approved\"}", PASSWORD);
  g_autoptr(RapportTestReply) signed_reply = rapport_test_request (server, "POST", approve, manager, sign);
  g_autoptr(RapportTestReply) inbox = rapport_test_request (server, "GET", "/api/v1/approvals?mine=pending", director, NULL);
  g_autoptr(RapportTestReply) detail = rapport_test_request (server, "GET", path, director, NULL);
  g_autoptr(RapportTestReply) approved = NULL;
  JsonObject *people;

  g_assert_cmpuint (signed_reply->status, ==, 200);
  /* 100000 less 30 %, plus 13 % tax */
  check_summary (inbox_item (inbox, approval), "30.0000", "79100.00", "Director",
                 "max_line_discount > 25 or (header_discount != null and header_discount > 25)");
  people = json_object_get_object_member (rapport_test_reply_object (detail), "people");
  g_assert_cmpstr (json_object_get_string_member_with_default (people, "dir", NULL), ==, "dir Name");
  g_assert_cmpstr (json_object_get_string_member_with_default (people, "mgr", NULL), ==, "mgr Name");

  /* approved: the step it ended at is still what brought it */
  g_free (sign);
  sign = g_strdup_printf ("{\"login\":\"dir\",\"password\":\"%s\",\"meaning\":\"approved\"}", PASSWORD);
  approved = rapport_test_request (server, "POST", approve, director, sign);
  g_assert_cmpuint (approved->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (approved, "state"), ==, "approved");
  check_summary (rapport_test_reply_object (approved), "30.0000", "79100.00", "Director",
                 "max_line_discount > 25 or (header_discount != null and header_discount > 25)");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  director = rapport_test_server_add_managed_user (server, "dir", "director", NULL);
  manager = rapport_test_server_add_managed_user (server, "mgr", "manager", "dir");
  rep = rapport_test_server_add_managed_user (server, "rep", "sales", "mgr");
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"Summary Hospital 汇总医院\"}");

  g_test_add_func ("/approval-summary/inbox-and-detail", test_inbox_and_detail);
  g_test_add_func ("/approval-summary/second-step", test_second_step);
  status = g_test_run ();

  g_free (director);
  g_free (manager);
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
