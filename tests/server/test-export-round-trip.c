/* test-export-round-trip.c: accounts and contacts exported with references=portable from one
 * rapportd import into a second, fresh one (accounts first, then contacts) as the same
 * records: every field a user may set is equal, a reference pointing at the record of the
 * same name (the account by its code or name, the owner by login), ids aside */
#include "rapport-test-server.h"
#include "crm-entities.h"

#include <string.h>

static RapportTestServer *source;
static RapportTestServer *target;

/* @server's records of @collection, by name */
static GHashTable *
records_by_name (RapportTestServer *server,
                 const char        *collection)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s?limit=500", collection);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_hash_table_insert (records, g_strdup (json_object_get_string_member (item, "name")), json_object_ref (item));
    }
  return records;
}

static char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node ? json_to_string (node, FALSE) : g_strdup ("(absent)");
}

/* every field a user sets is the same on both servers; a reference by the name of what it points at */
static void
assert_same_records (const char *collection,
                     guint       expected)
{
  g_autoptr(GHashTable) before = records_by_name (source, collection);
  g_autoptr(GHashTable) after = records_by_name (target, collection);
  CrmEntityClass *klass = g_type_class_ref (crm_entities_lookup_collection (collection));
  GHashTableIter iter;
  gpointer name, record;

  g_assert_cmpuint (g_hash_table_size (before), ==, expected);
  g_assert_cmpuint (g_hash_table_size (after), ==, expected);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &name, &record))
    {
      JsonObject *copy = g_hash_table_lookup (after, name);

      g_assert_nonnull (copy);
      for (guint f = 0; f < klass->n_fields; f++)
        {
          const CrmFieldSpec *spec = &klass->fields[f];
          g_autofree char *member = NULL;
          g_autofree char *was = NULL;
          g_autofree char *is = NULL;

          if (spec->flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN))
            continue;
          member = spec->type == CRM_FIELD_REFERENCE ? g_strconcat (spec->name, "_name", NULL)
                                                     : g_strdup (crm_field_spec_get_json_key (spec));
          was = member_text (record, member);
          is = member_text (copy, member);
          g_test_message ("%s %s.%s: %s → %s", collection, (char *) name, member, was, is);
          g_assert_cmpstr (is, ==, was);
        }
    }
  g_type_class_unref (klass);
}

static void
export_import (const char *collection,
               guint       expected)
{
  g_autofree char *export_path = g_strdup_printf ("/api/v1/%s/export.csv?references=portable&bom=true", collection);
  g_autofree char *import_path = g_strdup_printf ("/api/v1/%s/import", collection);
  g_autoptr(RapportTestReply) exported = rapport_test_request (source, "GET", export_path, source->admin_token, NULL);
  g_autoptr(RapportTestReply) imported = NULL;

  g_assert_cmpuint (exported->status, ==, 200);
  g_test_message ("%s", exported->body);
  imported = rapport_test_request_full (target, "POST", import_path, target->admin_token, "text/csv", exported->bytes);
  g_test_message ("%s", imported->body);
  g_assert_cmpuint (imported->status, ==, 201);
  g_assert_cmpint (rapport_test_reply_int (imported, "created"), ==, expected);
}

static void
test_round_trip (void)
{
  export_import ("accounts", 3);
  assert_same_records ("accounts", 3);
  export_import ("contacts", 3);
  assert_same_records ("contacts", 3);
}

/* the same users on both servers, not at the same ids: the target has one more first */
static void
add_users (void)
{
  g_autofree char *on_source = rapport_test_server_add_user (source, "wei", "sales");
  g_autofree char *on_target = NULL;

  g_free (rapport_test_server_add_user (target, "zhou", "sales"));
  on_target = rapport_test_server_add_user (target, "wei", "sales");

  g_assert_cmpint (rapport_test_user_id (source, on_source), !=, rapport_test_user_id (target, on_target));
}

static gint64
create (const char *collection,
        const char *format,
        ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  return rapport_test_create (source, source->admin_token, collection, body);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  gint64 wei, alpha, beta;

  g_test_init (&argc, &argv, NULL);
  source = rapport_test_server_start ();
  target = rapport_test_server_start ();
  add_users ();
  wei = rapport_test_sql_int (source, "SELECT id FROM users WHERE login = 'wei'");

  alpha = create ("accounts", "{\"name\":\"Alpha Trading\",\"code\":\"ALP-1\",\"industry\":\"manufacturing\","
                  "\"region\":\"华东\",\"source\":\"trade_show\",\"tier\":\"key\",\"lifecycle_stage\":\"customer\","
                  "\"owner_id\":%" G_GINT64_FORMAT ",\"phone\":\"+862012345678\",\"website\":\"https://alpha.example.com\","
                  "\"address\":\"上海市浦东新区 1 号\",\"tax_id\":\"91310000MA1K\",\"notes\":\"=1+1, \\\"quoted\\\"\\nsecond line\","
                  "\"tags\":[\"vip\",\"华东\"]}", wei);
  beta = create ("accounts", "{\"name\":\"Beta 贸易\",\"industry\":\"retail\",\"tier\":\"small\",\"notes\":\"-5 percent\"}");
  g_assert_cmpint (create ("accounts", "{\"name\":\"Gamma Labs\",\"code\":\"GAM-2\",\"owner_id\":%" G_GINT64_FORMAT "}", wei), >, 0);
  g_assert_cmpint (create ("contacts", "{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"张伟\",\"title\":\"经理\","
                           "\"department\":\"采购部\",\"mobile\":\"13800138000\",\"email\":\"zhang.wei@example.cn\","
                           "\"birthday\":\"1980-01-22\",\"primary\":true,\"decision_role\":\"decision_maker\","
                           "\"owner_id\":%" G_GINT64_FORMAT ",\"notes\":\"第一行\\n第二行; 逗号, 完\"}", alpha, wei), >, 0);
  g_assert_cmpint (create ("contacts", "{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Li Na\",\"phone\":\"+862087654321\","
                           "\"decision_role\":\"influencer\"}", beta), >, 0);
  g_assert_cmpint (create ("contacts", "{\"account_id\":%" G_GINT64_FORMAT ",\"name\":\"Rita Rowe\",\"email\":\"rita@example.com\","
                           "\"owner_id\":%" G_GINT64_FORMAT "}", alpha, wei), >, 0);

  g_test_add_func ("/export-round-trip/accounts-then-contacts", test_round_trip);

  status = g_test_run ();
  rapport_test_server_stop (target);
  rapport_test_server_stop (source);
  return status;
}
