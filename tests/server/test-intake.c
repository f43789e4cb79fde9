/* test-intake.c: leads through an intake key: a good, a revoked, an unknown and a rate-limited key, and hostile input */
#include "rapport-test-server.h"

#include <string.h>

static RapportTestServer *server;
static char *website_key;

static RapportTestReply *
intake (const char *key,
        const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return rapport_test_request_full (server, "POST", "/api/v1/intake/leads", key, "application/json", bytes);
}

static gint64
leads_named (const char *company)
{
  g_autofree char *statement = g_strdup_printf ("SELECT COUNT(*) FROM leads WHERE company = '%s'", company);

  return rapport_test_sql_int (server, "%s", statement);
}

/* a new key's secret, shown once */
static char *
make_key (const char *body,
          gint64     *id)
{
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token, body);

  g_assert_cmpuint (made->status, ==, 201);
  g_assert_true (g_str_has_prefix (rapport_test_reply_string (made, "key"), "rik_"));
  if (id != NULL)
    *id = rapport_test_reply_int (made, "id");
  return g_strdup (rapport_test_reply_string (made, "key"));
}

static void
test_keys (void)
{
  g_autofree char *sales = rapport_test_server_add_user (server, "keys-sales", "sales");
  g_autoptr(RapportTestReply) by_sales = rapport_test_request (server, "POST", "/api/v1/intake-keys", sales,
                                                               "{\"name\":\"Sneaky\",\"channel\":\"web_form\"}");
  g_autoptr(RapportTestReply) list_by_sales = rapport_test_request (server, "GET", "/api/v1/intake-keys", sales, NULL);
  g_autoptr(RapportTestReply) bad_channel = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token,
                                                                  "{\"name\":\"Billboard\",\"channel\":\"billboard\"}");
  g_autoptr(RapportTestReply) no_name = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token,
                                                              "{\"channel\":\"web_form\"}");
  g_autoptr(RapportTestReply) same_name = rapport_test_request (server, "POST", "/api/v1/intake-keys", server->admin_token,
                                                                "{\"name\":\"Website\",\"channel\":\"exhibition\"}");
  g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/intake-keys", server->admin_token, NULL);
  g_autofree char *hash = NULL;
  JsonArray *items;
  JsonObject *first;

  g_assert_cmpuint (by_sales->status, ==, 403);
  g_assert_cmpuint (list_by_sales->status, ==, 403);
  g_assert_cmpuint (bad_channel->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (bad_channel), ==, "channel");
  g_assert_cmpuint (no_name->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (no_name), ==, "name");
  g_assert_cmpuint (same_name->status, ==, 409);
  g_assert_cmpstr (rapport_test_reply_error_field (same_name), ==, "name");

  /* listed without the secret, by its first characters */
  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  first = json_array_get_object_element (items, 0);
  g_assert_false (json_object_has_member (first, "key"));
  g_assert_false (json_object_has_member (first, "key_hash"));
  g_assert_true (g_str_has_prefix (website_key, json_object_get_string_member (first, "prefix")));
  g_assert_cmpstr (json_object_get_string_member (first, "channel"), ==, "web_form");
  g_assert_false (json_object_get_boolean_member (first, "revoked"));
  g_assert_null (strstr (list->body, website_key));
  /* kept hashed: the secret is nowhere in the table */
  hash = rapport_test_server_sql (server, "SELECT key_hash FROM intake_keys WHERE name = 'Website'");
  g_assert_cmpuint (strlen (g_strstrip (hash)), ==, 64);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM intake_keys WHERE key_hash LIKE '%%rik_%%' OR key_prefix = key_hash"), ==, 0);
}

static void
test_good_key (void)
{
  g_autoptr(RapportTestReply) accepted = intake (website_key,
                                                 "{\"company\":\"杭州云帆科技有限公司\",\"person\":\"李雷\","
                                                 "\"mobile\":\"139 0000 1111\",\"source_detail\":\"pricing page\"}");
  g_autoptr(RapportTestReply) list = NULL;
  g_autofree char *source = NULL;
  g_autofree char *reason = NULL;
  JsonObject *key;
  gint64 id;

  g_assert_cmpuint (accepted->status, ==, 201);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (accepted), "accepted"));
  g_assert_false (json_object_has_member (rapport_test_reply_object (accepted), "id"));
  g_assert_cmpint (leads_named ("杭州云帆科技有限公司"), ==, 1);
  id = rapport_test_sql_int (server, "SELECT id FROM leads WHERE company = '杭州云帆科技有限公司'");
  /* the key's channel, no owner (no rule, no pool), made by no user */
  source = rapport_test_server_sql (server, "SELECT CONCAT(source, '|', source_detail, '|', owner_id IS NULL, '|', created_by IS NULL) "
                                            "FROM leads WHERE company = '杭州云帆科技有限公司'");
  g_assert_cmpstr (g_strstrip (source), ==, "web_form|pricing page|1|1");
  {
    g_autofree char *statement = g_strdup_printf ("SELECT CONCAT(actor_id IS NULL, '|', reason) FROM audit_log "
                                                  "WHERE entity = 'lead' AND entity_id = %" G_GINT64_FORMAT " AND action = 'create'", id);

    reason = rapport_test_server_sql (server, statement);
  }
  g_assert_true (g_str_has_prefix (g_strstrip (reason), "1|intake key "));
  g_assert_nonnull (strstr (reason, "\"Website\""));

  list = rapport_test_request (server, "GET", "/api/v1/intake-keys", server->admin_token, NULL);
  key = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (list), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (key, "uses"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (key, "last_used_at"));
}

/* a form learns nothing of the customers the company has */
static void
test_duplicate_not_told (void)
{
  g_autofree char *alice = rapport_test_server_add_user (server, "intake-alice", "sales");
  gint64 account = rapport_test_create (server, alice, "accounts",
                                        "{\"name\":\"上海康泰医疗器械有限公司\",\"phone\":\"13800138000\"}");
  g_autoptr(RapportTestReply) accepted = intake (website_key,
                                                 "{\"company\":\"康泰医疗器械（上海）有限公司\",\"mobile\":\"+86 138 0013 8000\"}");

  g_assert_cmpint (account, >, 0);
  g_assert_cmpuint (accepted->status, ==, 201);
  g_assert_cmpstr (g_strstrip (accepted->body), ==, "{\"accepted\":true}");
  g_assert_cmpint (leads_named ("康泰医疗器械（上海）有限公司"), ==, 1);
  /* its duplicate keys are kept, for those who work it */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM dedup_keys d JOIN leads l ON l.id = d.record_id AND d.entity = 'lead' "
                            "WHERE l.company = '康泰医疗器械（上海）有限公司'"), >, 0);
}

static void
test_revoked_key (void)
{
  gint64 first_id;
  gint64 second_id;
  g_autofree char *first = make_key ("{\"name\":\"Kiosk A\",\"channel\":\"exhibition\"}", &first_id);
  g_autofree char *second = make_key ("{\"name\":\"Kiosk B\",\"channel\":\"exhibition\"}", &second_id);
  g_autofree char *first_path = g_strdup_printf ("/api/v1/intake-keys/%" G_GINT64_FORMAT, first_id);
  g_autofree char *second_path = g_strdup_printf ("/api/v1/intake-keys/%" G_GINT64_FORMAT "/revoke", second_id);
  g_autoptr(RapportTestReply) before = intake (first, "{\"company\":\"Before Revoke Ltd\"}");
  g_autoptr(RapportTestReply) revoked = rapport_test_request (server, "DELETE", first_path, server->admin_token, NULL);
  g_autoptr(RapportTestReply) revoked_too = rapport_test_request (server, "POST", second_path, server->admin_token, NULL);
  g_autoptr(RapportTestReply) after = intake (first, "{\"company\":\"After Revoke Ltd\"}");
  g_autoptr(RapportTestReply) after_second = intake (second, "{\"company\":\"After Revoke Ltd\"}");

  g_assert_cmpuint (before->status, ==, 201);
  g_assert_cmpuint (revoked->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (rapport_test_reply_object (revoked), "revoked"));
  g_assert_cmpuint (revoked_too->status, ==, 200);
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (rapport_test_reply_error_code (after), ==, "unauthorized");
  g_assert_cmpuint (after_second->status, ==, 401);
  g_assert_cmpint (leads_named ("Before Revoke Ltd"), ==, 1);
  g_assert_cmpint (leads_named ("After Revoke Ltd"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'intake_key' AND action = 'revoke'"), ==, 2);
}

static void
test_unknown_key (void)
{
  g_autoptr(RapportTestReply) unknown = intake ("rik_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "{\"company\":\"Nobody Knows Ltd\"}");
  g_autoptr(RapportTestReply) none = intake (NULL, "{\"company\":\"Nobody Knows Ltd\"}");
  /* a session is not a key */
  g_autoptr(RapportTestReply) session = intake (server->admin_token, "{\"company\":\"Nobody Knows Ltd\"}");
  /* the key is checked first: a bad body with a bad key is 401, not 400 */
  g_autoptr(RapportTestReply) garbage = intake ("rik_nope", "{not json");

  g_assert_cmpuint (unknown->status, ==, 401);
  g_assert_cmpstr (rapport_test_reply_error_code (unknown), ==, "unauthorized");
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (session->status, ==, 401);
  g_assert_cmpuint (garbage->status, ==, 401);
  g_assert_cmpint (leads_named ("Nobody Knows Ltd"), ==, 0);
}

static void
test_rate_limited (void)
{
  g_autofree char *key = make_key ("{\"name\":\"Slow form\",\"channel\":\"campaign\",\"rate_per_minute\":3}", NULL);
  guint accepted = 0;
  guint refused = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(RapportTestReply) reply = intake (key, "{\"company\":\"Rate Limited Ltd\"}");

      if (reply->status == 201)
        accepted++;
      else
        {
          g_assert_cmpuint (reply->status, ==, 429);
          g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "too_many_requests");
          g_assert_nonnull (reply->retry_after);
          g_assert_cmpint (g_ascii_strtoll (reply->retry_after, NULL, 10), >=, 1);
          g_assert_cmpint (g_ascii_strtoll (reply->retry_after, NULL, 10), <=, 20);
          refused++;
        }
    }
  /* a minute's worth at once, then no more; another key is not slowed */
  g_assert_cmpuint (accepted, ==, 3);
  g_assert_cmpuint (refused, ==, 2);
  g_assert_cmpint (leads_named ("Rate Limited Ltd"), ==, 3);
  {
    g_autoptr(RapportTestReply) other = intake (website_key, "{\"company\":\"Not Rate Limited Ltd\"}");

    g_assert_cmpuint (other->status, ==, 201);
  }
}

static void
test_hostile_input (void)
{
  g_autofree char *long_name = NULL;
  g_autofree char *too_long = NULL;
  const struct
  {
    const char *body;
    const char *field;
  } refused[] = {
    { "{\"company\":\"Hostile Ltd\",\"owner_id\":1}", "owner_id" },
    { "{\"company\":\"Hostile Ltd\",\"source\":\"partner\"}", "source" },
    { "{\"company\":\"Hostile Ltd\",\"status\":\"qualified\"}", "status" },
    { "{\"company\":\"Hostile Ltd\",\"score\":100}", "score" },
    { "{\"company\":\"Hostile Ltd\",\"drop_table\":\"leads\"}", "drop_table" },
    { "{\"company\":5}", "company" },
    { "{\"person\":\"Hostile\"}", "company" },
    { "{\"company\":\"Hostile Ltd\",\"email\":\"not an address\"}", "email" },
    { "{\"company\":\"Hostile Ltd\",\"industry\":\"piracy\"}", "industry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RapportTestReply) reply = intake (website_key, refused[i].body);

      g_test_message ("%s", refused[i].body);
      g_assert_cmpuint (reply->status, ==, 422);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, refused[i].field);
    }
  long_name = g_strnfill (201, 'x');
  too_long = g_strdup_printf ("{\"company\":\"%s\"}", long_name);
  {
    g_autoptr(RapportTestReply) reply = intake (website_key, too_long);

    g_assert_cmpuint (reply->status, ==, 422);
    g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "company");
  }
  g_assert_cmpint (leads_named ("Hostile Ltd"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM leads WHERE company LIKE 'xxxx%%' OR person = 'Hostile'"), ==, 0);

  /* markup is text: kept as sent, shown as sent */
  {
    g_autoptr(RapportTestReply) reply = intake (website_key, "{\"company\":\"<script>alert(1)</script> Ltd\"}");

    g_assert_cmpuint (reply->status, ==, 201);
    g_assert_cmpint (leads_named ("<script>alert(1)</script> Ltd"), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  website_key = make_key ("{\"name\":\"Website\",\"channel\":\"web_form\"}", NULL);

  g_test_add_func ("/intake/keys", test_keys);
  g_test_add_func ("/intake/good-key", test_good_key);
  g_test_add_func ("/intake/duplicate-not-told", test_duplicate_not_told);
  g_test_add_func ("/intake/revoked-key", test_revoked_key);
  g_test_add_func ("/intake/unknown-key", test_unknown_key);
  g_test_add_func ("/intake/rate-limited", test_rate_limited);
  g_test_add_func ("/intake/hostile-input", test_hostile_input);

  status = g_test_run ();
  g_free (website_key);
  rapport_test_server_stop (server);
  return status;
}
