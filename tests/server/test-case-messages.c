/* test-case-messages.c: a case's conversation (replies and internal notes, never changed), what a message does to the case and its SLA, reopening or following a closed case, and merging duplicate cases */
#include "rapport-test-server.h"

#include <signal.h>
#include <string.h>

static RapportTestServer *server;
static char *alice;   /* service, team East */
static char *carol;   /* service, team West */
static char *mona;    /* manager, team East */
static gint64 alice_id;
static gint64 account;
static gint64 other_account;
static gint64 policy;

static gint64
create_case (const char *subject,
             gint64      account_id)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"%s\",\"account_id\":%" G_GINT64_FORMAT "}", subject, account_id);

  return rapport_test_create (server, alice, "cases", body);
}

static RapportTestReply *
get_case (const char *token,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static char *
case_text (gint64      id,
           const char *member)
{
  g_autoptr(RapportTestReply) reply = get_case (alice, id);
  JsonObject *object = rapport_test_reply_object (reply);

  g_assert_cmpuint (reply->status, ==, 200);
  if (json_object_get_member (object, member) == NULL || json_object_get_null_member (object, member))
    return NULL;
  return g_strdup (json_object_get_string_member (object, member));
}

/* PATCHes the status at the record's current version */
static void
move (gint64      id,
      const char *status)
{
  g_autoptr(RapportTestReply) current = get_case (alice, id);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                           rapport_test_reply_int (current, "version"), status);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, alice, body);

  if (reply->status != 200)
    g_error ("case %" G_GINT64_FORMAT " to %s: %u %s", id, status, reply->status, reply->body);
}

static RapportTestReply *
post_message (const char *token,
              gint64      id,
              const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages", id);

  return rapport_test_request (server, "POST", path, token, body);
}

/* a message that must be taken: its id */
static gint64
posted (gint64      id,
        const char *body)
{
  g_autoptr(RapportTestReply) reply = post_message (alice, id, body);

  if (reply->status != 201)
    g_error ("message on case %" G_GINT64_FORMAT ": %u %s", id, reply->status, reply->body);
  return rapport_test_reply_int (reply, "id");
}

static JsonArray *
messages_of (RapportTestReply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_array_member (rapport_test_reply_object (reply), "items");
}

static RapportTestReply *
list_messages (const char *token,
               gint64      id,
               const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages%s", id, query);

  return rapport_test_request (server, "GET", path, token, NULL);
}

static gint64
count_messages (gint64 id)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_messages WHERE case_id = %" G_GINT64_FORMAT, id);
}

static gint64
audit_rows (gint64      id,
            const char *action)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                               G_GINT64_FORMAT " AND action = '%s'", id, action);
}

static const char *
first_response_state (RapportTestReply *reply)
{
  JsonObject *sla = json_object_get_object_member (rapport_test_reply_object (reply), "sla");

  return json_object_get_string_member (json_object_get_object_member (sla, "first_response"), "state");
}

/* a note changes nothing; the first reply is the first response (the SLA's
 * target met) and takes a new case in progress; both are listed oldest
 * first, audited and told */
static void
test_reply_and_note (void)
{
  gint64 id = create_case ("Pump alarm E42", account);
  g_autoptr(RapportTestReply) fresh = get_case (alice, id);
  g_autoptr(RapportTestReply) noted = NULL;
  g_autoptr(RapportTestReply) replied = NULL;
  g_autoptr(RapportTestReply) again = NULL;
  g_autoptr(RapportTestReply) all = NULL;
  g_autoptr(RapportTestReply) replies = NULL;
  g_autofree char *first_response = NULL;
  g_autofree char *after_second = NULL;
  JsonArray *items;
  JsonObject *reply;

  g_assert_cmpint (rapport_test_reply_int (fresh, "sla_policy_id"), ==, policy);
  g_assert_cmpstr (first_response_state (fresh), ==, "ok");

  posted (id, "{\"kind\":\"note\",\"body\":\"Customer is a hospital: call before 10:00\"}");
  noted = get_case (alice, id);
  g_assert_cmpstr (rapport_test_reply_string (noted, "status"), ==, "new");
  g_assert_null (json_object_get_string_member_with_default (rapport_test_reply_object (noted), "first_response_at", NULL));
  g_assert_cmpint (rapport_test_reply_int (noted, "version"), ==, 1);

  posted (id, "{\"kind\":\"reply\",\"body\":\"您好，我们已收到报警信息，工程师今天下午联系您。\",\"to_address\":\"wang@example.cn\"}");
  replied = get_case (alice, id);
  g_assert_cmpstr (rapport_test_reply_string (replied, "status"), ==, "in_progress");
  first_response = case_text (id, "first_response_at");
  g_assert_nonnull (first_response);
  g_assert_cmpstr (first_response_state (replied), ==, "met");

  /* a later reply is no first response */
  posted (id, "{\"kind\":\"reply\",\"body\":\"The engineer is on his way.\"}");
  after_second = case_text (id, "first_response_at");
  g_assert_cmpstr (after_second, ==, first_response);
  again = get_case (alice, id);
  g_assert_cmpstr (rapport_test_reply_string (again, "status"), ==, "in_progress");

  all = list_messages (alice, id, "");
  items = messages_of (all);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "kind"), ==, "note");
  reply = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (reply, "kind"), ==, "reply");
  g_assert_cmpstr (json_object_get_string_member (reply, "direction"), ==, "outbound");
  g_assert_cmpint (json_object_get_int_member (reply, "author_id"), ==, alice_id);
  g_assert_cmpstr (json_object_get_string_member (reply, "author_name"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (reply, "to_address"), ==, "wang@example.cn");
  g_assert_nonnull (strstr (json_object_get_string_member (reply, "body"), "工程师"));
  g_assert_false (json_object_get_boolean_member (rapport_test_reply_object (all), "more"));

  replies = list_messages (alice, id, "?kind=reply");
  g_assert_cmpuint (json_array_get_length (messages_of (replies)), ==, 2);

  /* each message one audit row of the case, one event; the reply's effect one update */
  g_assert_cmpint (audit_rows (id, "message"), ==, 3);
  g_assert_cmpint (audit_rows (id, "update"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM events WHERE kind = 'case.message' AND entity = 'case' "
                                         "AND record_id = %" G_GINT64_FORMAT, id), ==, 3);
}

/* a message is never changed: PATCH and DELETE are 405, and it stays */
static void
test_immutable (void)
{
  gint64 id = create_case ("Label printer jams", account);
  gint64 message = posted (id, "{\"kind\":\"note\",\"body\":\"Firmware 2.1\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages/%" G_GINT64_FORMAT, id, message);
  g_autofree char *list = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages", id);
  g_autoptr(RapportTestReply) patched = rapport_test_request (server, "PATCH", path, alice, "{\"body\":\"Firmware 3.0\"}");
  g_autoptr(RapportTestReply) deleted = rapport_test_request (server, "DELETE", path, alice, NULL);
  g_autoptr(RapportTestReply) list_patched = rapport_test_request (server, "PATCH", list, alice, "{\"body\":\"x\"}");
  g_autoptr(RapportTestReply) one = rapport_test_request (server, "GET", path, alice, NULL);

  g_assert_cmpuint (patched->status, ==, 405);
  g_assert_cmpuint (deleted->status, ==, 405);
  g_assert_cmpuint (list_patched->status, ==, 405);
  g_assert_cmpuint (one->status, ==, 200);
  g_assert_cmpstr (rapport_test_reply_string (one, "body"), ==, "Firmware 2.1");
  g_assert_cmpint (count_messages (id), ==, 1);
  g_assert_cmpint (audit_rows (id, "message"), ==, 1);
}

/* bad messages are 422 naming the field, and nothing is stored or changed */
static void
test_bad_input (void)
{
  gint64 id = create_case ("Bad input", account);
  g_autofree char *huge_text = g_strnfill (64 * 1024 + 1, 'a');
  g_autofree char *huge = g_strdup_printf ("{\"kind\":\"reply\",\"body\":\"%s\"}", huge_text);
  g_autofree char *largest = NULL;
  const struct { const char *body; const char *field; } cases[] = {
    { "{\"kind\":\"reply\",\"body\":\"\"}", "body" },
    { "{\"kind\":\"reply\",\"body\":\" \\n\\t \"}", "body" },
    { "{\"kind\":\"reply\"}", "body" },
    { "{\"kind\":\"email\",\"body\":\"Hello\"}", "kind" },
    { "{\"body\":\"Hello\"}", "kind" },
    { "{\"kind\":\"reply\",\"direction\":\"sideways\",\"body\":\"Hello\"}", "direction" },
    { "{\"kind\":\"note\",\"direction\":\"inbound\",\"body\":\"Hello\"}", "direction" },
    { "{\"kind\":\"reply\",\"body\":42}", "body" },
    { "{\"kind\":\"reply\",\"body\":\"Hello\",\"author_id\":1}", "author_id" },
    { "{\"kind\":\"reply\",\"body\":\"Hello\",\"attachment_ids\":[999999]}", "attachment_ids" },
    { huge, "body" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportTestReply) reply = post_message (alice, id, cases[i].body);

      if (reply->status != 422)
        g_error ("message %u: %u %s", i, reply->status, reply->body);
      g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "validation");
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, cases[i].field);
    }
  g_assert_cmpint (count_messages (id), ==, 0);
  g_assert_cmpint (audit_rows (id, "message"), ==, 0);
  {
    g_autoptr(RapportTestReply) unchanged = get_case (alice, id);

    g_assert_cmpstr (rapport_test_reply_string (unchanged, "status"), ==, "new");
    g_assert_cmpint (rapport_test_reply_int (unchanged, "version"), ==, 1);
  }

  /* 64 KiB exactly is taken */
  huge_text[64 * 1024] = '\0';
  largest = g_strdup_printf ("{\"kind\":\"note\",\"body\":\"%s\"}", huge_text);
  posted (id, largest);
  g_assert_cmpint (count_messages (id), ==, 1);
}

/* the customer's message puts the case back to work: out of waiting (the
 * SLA clock runs again), out of resolved; staff may record one from a call */
static void
test_inbound (void)
{
  gint64 id = create_case ("Waiting on the customer", account);
  g_autoptr(RapportTestReply) waiting = NULL;
  g_autoptr(RapportTestReply) back = NULL;
  g_autoptr(RapportTestReply) reopened = NULL;
  g_autofree char *resolved_at = NULL;

  posted (id, "{\"kind\":\"reply\",\"body\":\"Please send the serial number.\"}");
  move (id, "waiting_on_customer");
  waiting = get_case (alice, id);
  g_assert_nonnull (json_object_get_string_member_with_default (rapport_test_reply_object (waiting), "sla_paused_at", NULL));

  posted (id, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"SN-4410 (by phone)\",\"from_address\":\"wang@example.cn\"}");
  back = get_case (alice, id);
  g_assert_cmpstr (rapport_test_reply_string (back, "status"), ==, "in_progress");
  g_assert_null (json_object_get_string_member_with_default (rapport_test_reply_object (back), "sla_paused_at", NULL));

  move (id, "resolved");
  resolved_at = case_text (id, "resolved_at");
  g_assert_nonnull (resolved_at);
  posted (id, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"It alarms again.\"}");
  reopened = get_case (alice, id);
  g_assert_cmpstr (rapport_test_reply_string (reopened, "status"), ==, "in_progress");
  g_assert_null (json_object_get_string_member_with_default (rapport_test_reply_object (reopened), "resolved_at", NULL));

  /* an inbound message on a case in progress changes nothing; the moves were audited as PATCHes */
  posted (id, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"Thanks.\"}");
  g_assert_cmpint (audit_rows (id, "update"), ==, 5);
  g_assert_cmpint (audit_rows (id, "message"), ==, 4);
}

static void
close_case (gint64 id,
            guint  days_ago)
{
  g_autofree char *age = g_strdup_printf ("UPDATE cases SET closed_at = UTC_TIMESTAMP(6) - INTERVAL %u DAY "
                                          "WHERE id = %" G_GINT64_FORMAT, days_ago, id);

  move (id, "in_progress");
  move (id, "resolved");
  move (id, "closed");
  g_free (rapport_test_server_sql (server, age));
}

/* a closed case reopens within reopen_days (3 here); later the customer's
 * message opens a new case that follows it, and the old one stays closed */
static void
test_closed (void)
{
  gint64 recent = create_case ("Closed yesterday", account);
  gint64 old = create_case ("Closed long ago", account);
  g_autoptr(RapportTestReply) reopened = NULL;
  g_autoptr(RapportTestReply) answer = NULL;
  g_autoptr(RapportTestReply) still = NULL;
  g_autoptr(RapportTestReply) follow = NULL;
  gint64 follow_id;

  close_case (recent, 1);
  close_case (old, 4);

  posted (recent, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"Not fixed after all.\"}");
  reopened = get_case (alice, recent);
  g_assert_cmpstr (rapport_test_reply_string (reopened, "status"), ==, "in_progress");

  answer = post_message (alice, old, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"Same fault again.\"}");
  g_assert_cmpuint (answer->status, ==, 201);
  follow_id = rapport_test_reply_int (answer, "case_id");
  g_assert_cmpint (follow_id, !=, old);
  still = get_case (alice, old);
  g_assert_cmpstr (rapport_test_reply_string (still, "status"), ==, "closed");
  g_assert_cmpint (count_messages (old), ==, 0);
  follow = get_case (alice, follow_id);
  g_assert_cmpuint (follow->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (follow, "related_case_id"), ==, old);
  g_assert_cmpint (rapport_test_reply_int (follow, "account_id"), ==, account);
  g_assert_cmpstr (rapport_test_reply_string (follow, "subject"), ==, "Closed long ago");
  g_assert_cmpstr (rapport_test_reply_string (follow, "status"), ==, "new");
  g_assert_cmpint (count_messages (follow_id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'create'", follow_id), ==, 1);
}

/* who cannot see the case cannot read or write its conversation (404);
 * the team's manager reads it; a read share reads it and writes nothing (403) */
static void
test_scope (void)
{
  gint64 id = create_case ("Alice's conversation", account);
  g_autofree char *shares = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/shares", id);
  g_autofree char *share = g_strdup_printf ("{\"user_id\":%" G_GINT64_FORMAT ",\"access\":\"read\"}",
                                            rapport_test_user_id (server, carol));
  g_autoptr(RapportTestReply) carol_reads = NULL;
  g_autoptr(RapportTestReply) carol_writes = NULL;
  g_autoptr(RapportTestReply) mona_reads = NULL;
  g_autoptr(RapportTestReply) shared = NULL;
  g_autoptr(RapportTestReply) shared_reads = NULL;
  g_autoptr(RapportTestReply) shared_writes = NULL;

  posted (id, "{\"kind\":\"note\",\"body\":\"Internal\"}");
  carol_reads = list_messages (carol, id, "");
  carol_writes = post_message (carol, id, "{\"kind\":\"reply\",\"body\":\"Hi\"}");
  mona_reads = list_messages (mona, id, "");
  g_assert_cmpuint (carol_reads->status, ==, 404);
  g_assert_cmpuint (carol_writes->status, ==, 404);
  g_assert_cmpuint (json_array_get_length (messages_of (mona_reads)), ==, 1);
  g_assert_cmpint (count_messages (id), ==, 1);

  shared = rapport_test_request (server, "POST", shares, alice, share);
  g_assert_cmpuint (shared->status, ==, 201);
  shared_reads = list_messages (carol, id, "");
  shared_writes = post_message (carol, id, "{\"kind\":\"reply\",\"body\":\"Hi\"}");
  g_assert_cmpuint (json_array_get_length (messages_of (shared_reads)), ==, 1);
  g_assert_cmpuint (shared_writes->status, ==, 403);
  g_assert_cmpint (count_messages (id), ==, 1);
}

static RapportTestReply *
merge (const char *token,
       gint64      from,
       const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/merge", from);

  return rapport_test_request (server, "POST", path, token, body);
}

static gint64
attach (gint64      id,
        const char *name,
        const char *text)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/attachments?name=%s", id, name);
  g_autoptr(GBytes) content = g_bytes_new (text, strlen (text));
  g_autoptr(RapportTestReply) reply = rapport_test_request_full (server, "POST", path, alice, "text/plain", content);

  if (reply->status != 201)
    g_error ("attach %s: %u %s", name, reply->status, reply->body);
  return rapport_test_reply_int (reply, "id");
}

/* the duplicate's messages and files move to the case kept, in time
 * order, with a note on each; the duplicate is closed, pointing at it */
static void
test_merge (void)
{
  gint64 into = create_case ("Printer offline", account);
  gint64 from = create_case ("Printer does not print", account);
  gint64 file, first_into, first_from, second_into;
  g_autofree char *body = g_strdup_printf ("{\"into\":%" G_GINT64_FORMAT "}", into);
  g_autofree char *log = NULL;
  g_autoptr(RapportTestReply) merged = NULL;
  g_autoptr(RapportTestReply) conversation = NULL;
  g_autoptr(RapportTestReply) source = NULL;
  g_autoptr(RapportTestReply) to_merged = NULL;
  g_autoptr(RapportTestReply) outbound = NULL;
  JsonObject *moved;
  JsonArray *items;

  first_into = posted (into, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"1: printer offline\"}");
  first_from = posted (from, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"2: it does not print\"}");
  second_into = posted (into, "{\"kind\":\"note\",\"body\":\"3: same customer twice\"}");
  attach (into, "log.txt", "into's log");
  file = attach (from, "log.txt", "from's log");
  log = g_strdup_printf ("{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"4: the log\",\"attachment_ids\":[%" G_GINT64_FORMAT "]}", file);
  posted (from, log);

  merged = merge (alice, from, body);
  g_assert_cmpuint (merged->status, ==, 200);
  moved = json_object_get_object_member (rapport_test_reply_object (merged), "moved");
  g_assert_cmpint (json_object_get_int_member (moved, "message"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (moved, "attachment"), ==, 1);

  conversation = list_messages (alice, into, "");
  items = messages_of (conversation);
  g_assert_cmpuint (json_array_get_length (items), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, first_into);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, first_from);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "merged_from_case_id"), ==, from);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, second_into);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (items, 3), "attachments")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 4), "kind"), ==, "note");

  source = get_case (alice, from);
  g_assert_cmpstr (rapport_test_reply_string (source, "status"), ==, "closed");
  g_assert_cmpint (rapport_test_reply_int (source, "merged_into_id"), ==, into);
  g_assert_cmpint (count_messages (from), ==, 1);
  /* the moved file is the next version of its name under the case kept */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT version FROM attachments WHERE id = %" G_GINT64_FORMAT
                                         " AND entity = 'case' AND record_id = %" G_GINT64_FORMAT, file, into), ==, 2);
  g_assert_cmpint (audit_rows (into, "merge"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'update' AND after_json LIKE '%%merged_into_id%%'",
                                         from), ==, 1);

  /* the customer writing to the merged case reaches the case kept; staff are told to write there */
  to_merged = post_message (alice, from, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"5: any news?\"}");
  g_assert_cmpuint (to_merged->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (to_merged, "case_id"), ==, into);
  outbound = post_message (alice, from, "{\"kind\":\"reply\",\"body\":\"Hello\"}");
  g_assert_cmpuint (outbound->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (outbound), ==, "id");
}

/* refused merges change nothing: into itself, into a closed or merged
 * case, across accounts, by one who cannot see both */
static void
test_merge_refused (void)
{
  gint64 open = create_case ("Open", account);
  gint64 dup = create_case ("Duplicate", account);
  gint64 closed = create_case ("Closed", account);
  gint64 elsewhere = create_case ("Other account", other_account);
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_messages");
  g_autofree char *self = g_strdup_printf ("{\"into\":%" G_GINT64_FORMAT "}", dup);
  g_autofree char *to_closed = g_strdup_printf ("{\"into\":%" G_GINT64_FORMAT "}", closed);
  g_autofree char *to_open = g_strdup_printf ("{\"into\":%" G_GINT64_FORMAT "}", open);
  g_autofree char *to_dup = g_strdup_printf ("{\"into\":%" G_GINT64_FORMAT "}", dup);
  const struct { const char *token; gint64 from; const char *body; guint status; const char *field; } refused[] = {
    { alice, dup, self, 422, "into" },
    { alice, dup, to_closed, 422, "into" },
    { alice, elsewhere, to_open, 422, "into" },
    { alice, dup, "{}", 422, "into" },
    { alice, dup, "{\"into\":\"x\"}", 422, "into" },
    { carol, dup, to_open, 404, NULL },
  };

  posted (dup, "{\"kind\":\"note\",\"body\":\"dup\"}");
  close_case (closed, 0);
  before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_messages");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RapportTestReply) reply = merge (refused[i].token, refused[i].from, refused[i].body);

      if (reply->status != refused[i].status)
        g_error ("merge %u: %u %s", i, reply->status, reply->body);
      if (refused[i].field != NULL)
        g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, refused[i].field);
    }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_messages"), ==, before);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE merged_into_id IS NOT NULL "
                                         "AND id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", dup, elsewhere), ==, 0);

  /* merged once, a case cannot be merged again, nor merged into */
  {
    g_autoptr(RapportTestReply) merged = merge (alice, open, to_dup);
    g_autoptr(RapportTestReply) again = merge (alice, open, to_dup);
    g_autoptr(RapportTestReply) into_merged = merge (alice, dup, to_open);

    if (merged->status != 200)
      g_error ("merge: %u %s", merged->status, merged->body);
    g_assert_cmpuint (again->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (again), ==, "id");
    g_assert_cmpuint (into_merged->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (into_merged), ==, "into");
  }
}

/* with [service] reply_to_closed=reopen, a case closed long ago reopens */
static void
test_reply_to_closed_reopen (void)
{
  gint64 old = create_case ("Reopened however old", account);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTestReply) reopened = NULL;

  close_case (old, 30);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_file_set_contents (server->config_path, "[server]\nsession_cache_seconds=0\n[service]\nreopen_days=3\n"
                       "reply_to_closed=reopen\n", -1, &error);
  g_assert_no_error (error);
  rapport_test_server_restart (server);

  posted (old, "{\"kind\":\"reply\",\"direction\":\"inbound\",\"body\":\"Still broken.\"}");
  reopened = get_case (alice, old);
  g_assert_cmpstr (rapport_test_reply_string (reopened, "status"), ==, "in_progress");
  g_assert_cmpint (count_messages (old), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE related_case_id = %" G_GINT64_FORMAT, old), ==, 0);
}

/* every message, move and merge kept the chain whole */
static void
test_audit_verify (void)
{
  g_assert_cmpint (rapport_test_server_admin (server, NULL, "audit", "verify", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autofree char *teams = NULL;
  g_autofree char *body = NULL;
  gint64 east, west, calendar;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n[service]\nreopen_days=3\n");
  alice = rapport_test_server_add_user (server, "alice", "service");
  carol = rapport_test_server_add_user (server, "carol", "service");
  mona = rapport_test_server_add_user (server, "mona", "manager");
  alice_id = rapport_test_user_id (server, alice);
  east = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  west = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"West\"}");
  teams = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('alice', 'mona'); "
                           "UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'carol'", east, west);
  g_free (rapport_test_server_sql (server, teams));
  account = rapport_test_create (server, alice, "accounts", "{\"name\":\"华东医疗器械有限公司\"}");
  other_account = rapport_test_create (server, alice, "accounts", "{\"name\":\"Kangtai Medical\"}");
  calendar = rapport_test_create (server, server->admin_token, "business-calendars",
                                  "{\"name\":\"Always\",\"time_zone\":\"UTC\",\"monday\":\"00:00-24:00\",\"tuesday\":\"00:00-24:00\","
                                  "\"wednesday\":\"00:00-24:00\",\"thursday\":\"00:00-24:00\",\"friday\":\"00:00-24:00\","
                                  "\"saturday\":\"00:00-24:00\",\"sunday\":\"00:00-24:00\"}");
  body = g_strdup_printf ("{\"name\":\"Any case\",\"calendar_id\":%" G_GINT64_FORMAT
                          ",\"first_response_minutes\":60,\"resolution_minutes\":600}", calendar);
  policy = rapport_test_create (server, server->admin_token, "sla-policies", body);

  g_test_add_func ("/case-messages/reply-and-note", test_reply_and_note);
  g_test_add_func ("/case-messages/immutable", test_immutable);
  g_test_add_func ("/case-messages/bad-input", test_bad_input);
  g_test_add_func ("/case-messages/inbound", test_inbound);
  g_test_add_func ("/case-messages/closed", test_closed);
  g_test_add_func ("/case-messages/scope", test_scope);
  g_test_add_func ("/case-messages/merge", test_merge);
  g_test_add_func ("/case-messages/merge-refused", test_merge_refused);
  g_test_add_func ("/case-messages/reply-to-closed-reopen", test_reply_to_closed_reopen);
  g_test_add_func ("/case-messages/audit-verify", test_audit_verify);

  status = g_test_run ();
  g_free (alice);
  g_free (carol);
  g_free (mona);
  rapport_test_server_stop (server);
  return status;
}
