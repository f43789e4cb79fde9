/* test-search-phone.c: a phone number is found however it is typed, in a list's search and in search everything */
#include "rapport-test-server.h"
#include "crm-entities.h"

#include <signal.h>
#include <string.h>

static RapportTestServer *server;
static char *rep;
static gint64 shanghai, mobile, neighbour, extension, contact;

/* whether GET /COLLECTION?q= lists @id */
static gboolean
list_finds (const char *collection,
            const char *q,
            gint64      id)
{
  g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/%s?q=%s&limit=500", collection, escaped);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return TRUE;
  return FALSE;
}

/* whether GET /search?q= has @id in @collection's group */
static gboolean
search_finds (const char *collection,
              const char *q,
              gint64      id)
{
  g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/search?q=%s&limit=20", escaped);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);
  JsonArray *groups;

  g_assert_cmpuint (reply->status, ==, 200);
  groups = json_object_get_array_member (rapport_test_reply_object (reply), "groups");
  for (guint g = 0; g < json_array_get_length (groups); g++)
    {
      JsonObject *group = json_array_get_object_element (groups, g);
      JsonArray *items = json_object_get_array_member (group, "items");

      if (!g_str_equal (json_object_get_string_member (group, "entity"), collection))
        continue;
      for (guint i = 0; i < json_array_get_length (items); i++)
        if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
          return TRUE;
    }
  return FALSE;
}

static void
assert_found (const char *collection,
              const char *q,
              gint64      id)
{
  if (!list_finds (collection, q, id))
    g_error ("GET /%s?q=%s does not list %" G_GINT64_FORMAT, collection, q, id);
  if (!search_finds (collection, q, id))
    g_error ("GET /search?q=%s does not find %s %" G_GINT64_FORMAT, q, collection, id);
}

static void
assert_not_found (const char *collection,
                  const char *q,
                  gint64      id)
{
  if (list_finds (collection, q, id))
    g_error ("GET /%s?q=%s lists %" G_GINT64_FORMAT, collection, q, id);
  if (search_finds (collection, q, id))
    g_error ("GET /search?q=%s finds %s %" G_GINT64_FORMAT, q, collection, id);
}

/* a landline with its area code, typed with and without its marks, its
 * area code, its trunk zero or the country code */
static void
test_landline (void)
{
  static const char * const terms[] = {
    "021-6234 5678", "02162345678", "6234-5678", "62345678", "6234 5678", "(021) 6234-5678",
    "021.6234.5678", "+86 21 6234 5678", "+862162345678", "0086 21 6234 5678", "+86 (0)21 6234 5678",
    "０２１－６２３４　５６７８",
  };

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    assert_found ("accounts", terms[i], shanghai);
  /* the number next door is another number */
  assert_not_found ("accounts", "62345678", neighbour);
  assert_not_found ("accounts", "62345679", shanghai);
  assert_found ("accounts", "62345679", neighbour);
}

/* a mobile stored with the country code is found without it, and the other way round */
static void
test_mobile (void)
{
  static const char * const terms[] = {
    "13800138000", "+8613800138000", "+86 138 0013 8000", "008613800138000", "138-0013-8000", "138 0013 8000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      assert_found ("accounts", terms[i], mobile);
      assert_found ("contacts", terms[i], contact);
    }
  assert_not_found ("accounts", "13800138001", mobile);
}

/* an extension stays apart from the number: its digits do not run on into it */
static void
test_extension (void)
{
  assert_found ("accounts", "0755-8888 1234", extension);
  assert_found ("accounts", "075588881234", extension);
  assert_not_found ("accounts", "88881234 56", extension);
}

/* a term that is not a phone number is searched as text, as before */
static void
test_text_unchanged (void)
{
  assert_found ("accounts", "电话号码测试", shanghai);
  assert_found ("accounts", "dianhua", shanghai);
  /* digits in a name are found as typed, not as a phone number's */
  assert_found ("accounts", "2026-01", extension);
  assert_not_found ("accounts", "202601", extension);
}

static gboolean
has_column (const char *table,
            const char *column)
{
  g_autofree char *query = g_strdup_printf ("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'rapport' "
                                            "AND table_name = '%s' AND column_name = '%s'", table, column);
  g_autofree char *found = rapport_test_server_sql (server, query);

  return g_ascii_strtoll (found, NULL, 10) == 1;
}

/* every table keeps the digits of each of its searchable phone fields beside them */
static void
test_digits_columns (void)
{
  g_autofree char *digits = rapport_test_server_sql (server, "SELECT phone_digits FROM accounts WHERE phone = '0755-8888 1234 x56'");
  guint n_types = 0;
  const GType *types = crm_entities_list (&n_types);
  guint n_phones = 0;

  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *klass = g_type_class_ref (types[t]);

      for (guint f = 0; f < klass->n_fields; f++)
        {
          const CrmFieldSpec *spec = &klass->fields[f];
          g_autofree char *column = NULL;

          if (spec->type != CRM_FIELD_PHONE || !(spec->flags & CRM_FIELD_SEARCHABLE))
            continue;
          column = g_strconcat (crm_field_spec_get_column (spec), "_digits", NULL);
          if (!has_column (klass->collection, column))
            g_error ("%s.%s keeps no digits", klass->collection, column);
          n_phones++;
        }
      g_type_class_unref (klass);
    }
  /* accounts' phone, contacts' mobile, leads' mobile and phone at least */
  g_assert_cmpuint (n_phones, >=, 4);
  g_assert_cmpstr (g_strstrip (digits), ==, "075588881234x56");
}

/* a searchable phone field whose table keeps no digits column is found all
 * the same, by its digits worked out on each row */
static void
test_without_digits_column (void)
{
  g_autoptr(GError) error = NULL;

  g_free (rapport_test_server_sql (server, "ALTER TABLE contacts DROP COLUMN mobile_digits"));
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  /* rapportd asks once a process which digits columns there are */
  rapport_test_server_restart (server);

  assert_found ("contacts", "+8613800138000", contact);
  assert_found ("contacts", "138 0013 8000", contact);
  assert_not_found ("contacts", "13800138001", contact);
  assert_found ("accounts", "62345678", shanghai);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contact_body = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "phone.rep", "sales");

  shanghai = rapport_test_create (server, rep, "accounts", "{\"name\":\"电话号码测试 上海\",\"phone\":\"021-6234 5678\"}");
  neighbour = rapport_test_create (server, rep, "accounts", "{\"name\":\"Neighbour Trading\",\"phone\":\"021-6234 5679\"}");
  mobile = rapport_test_create (server, rep, "accounts", "{\"name\":\"Mobile Only Ltd\",\"phone\":\"+86 138 0013 8000\"}");
  extension = rapport_test_create (server, rep, "accounts",
                                   "{\"name\":\"Extension Works 2026-01\",\"phone\":\"0755-8888 1234 x56\"}");
  contact_body = g_strdup_printf ("{\"name\":\"李电话\",\"account_id\":%" G_GINT64_FORMAT ",\"mobile\":\"138-0013-8000\"}",
                                  shanghai);
  contact = rapport_test_create (server, rep, "contacts", contact_body);

  g_test_add_func ("/search-phone/landline", test_landline);
  g_test_add_func ("/search-phone/mobile", test_mobile);
  g_test_add_func ("/search-phone/extension", test_extension);
  g_test_add_func ("/search-phone/text-unchanged", test_text_unchanged);
  g_test_add_func ("/search-phone/digits-columns", test_digits_columns);
  g_test_add_func ("/search-phone/without-digits-column", test_without_digits_column);

  status = g_test_run ();
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
