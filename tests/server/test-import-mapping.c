/* test-import-mapping.c: GET /{collection}/import/columns (labels, choices, references and how a
 * file may name them), POST /{collection}/import with mapping= and mapping_id= and their 400s,
 * in the request's language, and the saved mappings of /import-mappings: made, listed, a name taken (409), deleted by their
 * maker or an administrator only (403) */
#include "rapport-test-server.h"
#include "rapport-test-locale.h"

#include <string.h>

static RapportTestServer *server;
static char *manager;
static char *sales;

static RapportTestReply *
import_csv (const char *collection,
            const char *query,
            const char *csv)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/import%s", collection, query ? query : "");
  g_autoptr(GBytes) body = g_bytes_new (csv, strlen (csv));

  return rapport_test_request_full (server, "POST", path, manager, "text/csv", body);
}

static char *
query_with (const char *name,
            const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  return g_strdup_printf ("?%s=%s", name, escaped);
}

static JsonObject *
column_of (JsonArray  *columns,
           const char *key)
{
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_strcmp0 (json_object_get_string_member (column, "key"), key) == 0)
        return column;
    }
  return NULL;
}

static gboolean
strings_are (JsonArray          *array,
             const char * const *expected)
{
  if (json_array_get_length (array) != g_strv_length ((char **) expected))
    return FALSE;
  for (guint i = 0; expected[i]; i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), expected[i]) != 0)
      return FALSE;
  return TRUE;
}

/* the fields a file may fill, with their labels, choices and references */
static void
test_columns (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/contacts/import/columns", sales, NULL);
  g_autoptr(RapportTestReply) accounts = rapport_test_request (server, "GET", "/api/v1/accounts/import/columns", sales, NULL);
  g_autoptr(RapportTestReply) missing = rapport_test_request (server, "GET", "/api/v1/nothing/import/columns", sales, NULL);
  JsonArray *columns;
  JsonObject *column;
  JsonArray *choices;

  g_assert_cmpuint (reply->status, ==, 200);
  columns = json_object_get_array_member (rapport_test_reply_object (reply), "columns");
  /* what the server sets is not offered */
  g_assert_null (column_of (columns, "id"));
  g_assert_null (column_of (columns, "version"));
  g_assert_null (column_of (columns, "legal_hold"));
  g_assert_null (column_of (columns, "merged_into_id"));

  column = column_of (columns, "account_id");
  g_assert_nonnull (column);
  g_assert_cmpstr (json_object_get_string_member (column, "label"), ==, "Account");
  g_assert_cmpstr (json_object_get_string_member (column, "type"), ==, "reference");
  g_assert_true (json_object_get_boolean_member (column, "required"));
  g_assert_cmpstr (json_object_get_string_member (column, "references"), ==, "accounts");
  g_assert_true (strings_are (json_object_get_array_member (column, "by"), (const char *[]) { "id", "code", "name", NULL }));

  column = column_of (columns, "owner_id");
  g_assert_cmpstr (json_object_get_string_member (column, "references"), ==, "users");
  g_assert_false (json_object_get_boolean_member (column, "required"));
  g_assert_true (strings_are (json_object_get_array_member (column, "by"), (const char *[]) { "id", "login", NULL }));

  column = column_of (columns, "decision_role");
  g_assert_cmpstr (json_object_get_string_member (column, "type"), ==, "choice");
  choices = json_object_get_array_member (column, "choices");
  g_assert_cmpuint (json_array_get_length (choices), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (choices, 0), "key"), ==, "decision_maker");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (choices, 0), "label"), ==, "Decision maker");
  g_assert_false (json_object_has_member (column_of (columns, "email"), "choices"));
  g_assert_cmpstr (json_object_get_string_member (column_of (columns, "email"), "type"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (column_of (columns, "birthday"), "type"), ==, "date");

  g_assert_cmpuint (accounts->status, ==, 200);
  columns = json_object_get_array_member (rapport_test_reply_object (accounts), "columns");
  g_assert_cmpstr (json_object_get_string_member (column_of (columns, "name"), "label"), ==, "Name");
  g_assert_true (json_object_get_boolean_member (column_of (columns, "name"), "required"));
  g_assert_null (column_of (columns, "pool_id"));

  g_assert_cmpuint (missing->status, ==, 404);
}

/* the labels in the language the request asks for, rapportd's own staying English */
static void
test_columns_chinese (void)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/contacts/import/columns", server->base_url);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", sales);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *columns;
  JsonObject *role;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", "zh-CN");
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL));
  columns = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "columns");
  g_assert_cmpstr (json_object_get_string_member (column_of (columns, "account_id"), "label"), ==, "客户");
  g_assert_cmpstr (json_object_get_string_member (column_of (columns, "email"), "label"), !=, "Email");
  role = column_of (columns, "decision_role");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (role, "choices"), 0),
                                                  "label"), !=, "Decision maker");
  /* the keys stay as they are */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (role, "choices"), 0),
                                                  "key"), ==, "decision_maker");
}

/* a column named in mapping= fills the field it names, or none (null); the others keep their match */
static void
test_mapping (void)
{
  g_autofree char *query = query_with ("mapping", "{\"Firma\":\"name\",\"Kennung\":\"code\",\"region\":null}");
  g_autoptr(RapportTestReply) reply = import_csv ("accounts", query,
                                                  "Firma,Kennung,region,phone\r\n"
                                                  "Mapped GmbH,MAP-1,North,010 1234 5678\r\n");
  g_autofree char *region = NULL;
  JsonObject *answer;
  JsonObject *columns;

  g_assert_cmpuint (reply->status, ==, 201);
  answer = rapport_test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 1);
  columns = json_object_get_object_member (answer, "columns");
  g_assert_cmpstr (json_object_get_string_member (columns, "Firma"), ==, "name");
  g_assert_cmpstr (json_object_get_string_member (columns, "Kennung"), ==, "code");
  g_assert_cmpstr (json_object_get_string_member (columns, "phone"), ==, "phone");
  g_assert_false (json_object_has_member (columns, "region"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (answer, "ignored"), 0), ==, "region");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Mapped GmbH' AND code = 'MAP-1' "
                                         "AND region IS NULL"), ==, 1);
  region = rapport_test_server_sql (server, "SELECT COUNT(*) FROM accounts WHERE region = 'North'");
  g_assert_cmpstr (g_strstrip (region), ==, "0");
}

/* a mapping that names no field, a column the file lacks, or is not JSON: 400 on mapping, nothing imported */
static void
test_mapping_refused (void)
{
  static const char * const bad[] = {
    "{\"Firma\":\"no_such_field\"}",
    "{\"Firma\":\"version\"}",
    "{\"Missing column\":\"name\"}",
    "{\"Firma\":42}",
    "[\"Firma\"]",
    "not json",
  };
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *query = query_with ("mapping", bad[i]);
      g_autoptr(RapportTestReply) reply = import_csv ("accounts", query, "Firma\r\nRefused Ltd\r\n");

      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (rapport_test_reply_error_field (reply), ==, "mapping");
    }
  {
    g_autoptr(RapportTestReply) both = import_csv ("accounts", "?mapping=%7B%7D&mapping_id=1", "Firma\r\nRefused Ltd\r\n");
    g_autoptr(RapportTestReply) not_id = import_csv ("accounts", "?mapping_id=abc", "Firma\r\nRefused Ltd\r\n");
    g_autoptr(RapportTestReply) unknown = import_csv ("accounts", "?mapping_id=987654", "Firma\r\nRefused Ltd\r\n");

    g_assert_cmpuint (both->status, ==, 400);
    g_assert_cmpstr (rapport_test_reply_error_field (both), ==, "mapping_id");
    g_assert_cmpuint (not_id->status, ==, 400);
    g_assert_cmpstr (rapport_test_reply_error_field (not_id), ==, "mapping_id");
    g_assert_cmpuint (unknown->status, ==, 400);
    g_assert_cmpstr (rapport_test_reply_error_field (unknown), ==, "mapping_id");
  }
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts"), ==, before);
}

static gint64
save_mapping (const char *token,
              const char *name,
              guint       expected_status)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"collection\":\"accounts\","
                                           "\"columns\":{\"Kunde\":\"name\",\"Nr\":\"code\",\"Egal\":null}}", name);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/import-mappings", token, body);

  g_assert_cmpuint (reply->status, ==, expected_status);
  return expected_status == 201 ? rapport_test_reply_int (reply, "id") : 0;
}

/* saved, listed by collection, used by mapping_id, a name once per collection, deleted by its maker or an administrator */
static void
test_saved (void)
{
  gint64 audit_before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'import_mapping'");
  gint64 id = save_mapping (sales, "German CRM", 201);
  g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/import-mappings?collection=accounts", manager, NULL);
  g_autoptr(RapportTestReply) other = rapport_test_request (server, "GET", "/api/v1/import-mappings?collection=leads", manager, NULL);
  g_autoptr(RapportTestReply) bad_collection = rapport_test_request (server, "GET", "/api/v1/import-mappings?collection=nothing", manager, NULL);
  g_autoptr(RapportTestReply) forbidden = NULL;
  g_autoptr(RapportTestReply) deleted = NULL;
  g_autoptr(RapportTestReply) gone = NULL;
  g_autoptr(RapportTestReply) imported = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GBytes) imported_body = NULL;
  JsonObject *item;

  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (list), "items")), ==, 1);
  item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (list), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "German CRM");
  g_assert_cmpstr (json_object_get_string_member (item, "collection"), ==, "accounts");
  g_assert_cmpint (json_object_get_int_member (item, "created_by"), ==, rapport_test_user_id (server, sales));
  g_assert_true (json_object_has_member (item, "created_at"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "columns"), "Kunde"), ==, "name");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (item, "columns"), "Egal"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rapport_test_reply_object (other), "items")), ==, 0);
  g_assert_cmpuint (bad_collection->status, ==, 400);

  /* the name is taken for accounts, in any case */
  save_mapping (manager, "German CRM", 409);
  save_mapping (manager, "german crm", 409);
  {
    g_autoptr(RapportTestReply) no_name = rapport_test_request (server, "POST", "/api/v1/import-mappings", manager,
                                                                "{\"name\":\" \",\"collection\":\"accounts\",\"columns\":{\"A\":\"name\"}}");
    g_autoptr(RapportTestReply) bad_key = rapport_test_request (server, "POST", "/api/v1/import-mappings", manager,
                                                                "{\"name\":\"X\",\"collection\":\"accounts\",\"columns\":{\"A\":\"nope\"}}");
    g_autoptr(RapportTestReply) no_collection = rapport_test_request (server, "POST", "/api/v1/import-mappings", manager,
                                                                      "{\"name\":\"X\",\"collection\":\"nothing\",\"columns\":{\"A\":\"name\"}}");

    g_assert_cmpstr (rapport_test_reply_error_field (no_name), ==, "name");
    g_assert_cmpstr (rapport_test_reply_error_field (bad_key), ==, "columns");
    g_assert_cmpuint (bad_key->status, ==, 400);
    g_assert_cmpstr (rapport_test_reply_error_field (no_collection), ==, "collection");
  }

  /* used by an import; the mapping's columns the file lacks ("Egal") are let be */
  query = g_strdup_printf ("?mapping_id=%" G_GINT64_FORMAT, id);
  imported = import_csv ("accounts", query, "Kunde,Nr\r\nSaved Mapping AG,SAVED-1\r\n");
  imported_body = g_bytes_new_static ("Kunde\r\nX\r\n", 10);
  g_assert_cmpuint (imported->status, ==, 201);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Saved Mapping AG' AND code = 'SAVED-1'"), ==, 1);
  {
    g_autoptr(RapportTestReply) wrong = NULL;

    g_free (path);
    path = g_strdup_printf ("/api/v1/leads/import%s", query);
    wrong = rapport_test_request_full (server, "POST", path, manager, "text/csv", imported_body);
    g_assert_cmpuint (wrong->status, ==, 400);
    g_assert_cmpstr (rapport_test_reply_error_field (wrong), ==, "mapping_id");
  }

  /* another user who is not an administrator may not delete it */
  g_free (path);
  path = g_strdup_printf ("/api/v1/import-mappings/%" G_GINT64_FORMAT, id);
  forbidden = rapport_test_request (server, "DELETE", path, manager, NULL);
  g_assert_cmpuint (forbidden->status, ==, 403);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM import_mappings WHERE id = %" G_GINT64_FORMAT, id), ==, 1);
  deleted = rapport_test_request (server, "DELETE", path, sales, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  gone = rapport_test_request (server, "DELETE", path, sales, NULL);
  g_assert_cmpuint (gone->status, ==, 404);

  /* an administrator deletes anyone's */
  id = save_mapping (sales, "Second", 201);
  g_free (path);
  path = g_strdup_printf ("/api/v1/import-mappings/%" G_GINT64_FORMAT, id);
  {
    g_autoptr(RapportTestReply) by_admin = rapport_test_request (server, "DELETE", path, server->admin_token, NULL);

    g_assert_cmpuint (by_admin->status, ==, 200);
  }
  /* two made, two deleted */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'import_mapping'"), ==, audit_before + 4);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* rapportd stays English (LANG=C.UTF-8): only a request asks for Chinese */
  locale = rapport_test_locale_compile ("zh_CN");
  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mapping-manager", "manager");
  sales = rapport_test_server_add_user (server, "mapping-sales", "sales");

  g_test_add_func ("/import-mapping/columns", test_columns);
  g_test_add_func ("/import-mapping/columns-chinese", test_columns_chinese);
  g_test_add_func ("/import-mapping/mapping", test_mapping);
  g_test_add_func ("/import-mapping/mapping-refused", test_mapping_refused);
  g_test_add_func ("/import-mapping/saved", test_saved);
  status = g_test_run ();
  g_free (manager);
  g_free (sales);
  rapport_test_server_stop (server);
  return status;
}
