/* test-api-paging.c: keyset pagination returns every row exactly once while rows are inserted */
#include "rapport-test-server.h"

static RapportTestServer *server;

#define ORIGINAL_ROWS 120
#define PAGE_SIZE 7

static gint64
create (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"region\":\"Paging\"}", name);

  return rapport_test_create (server, server->admin_token, "accounts", body);
}

static void
walk (gconstpointer data)
{
  const char *sort = data;
  g_autoptr(GHashTable) original = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *after = NULL;
  static guint inserted = 0;
  guint pages = 0;

  /* the rows that exist for the whole walk: every one of them must come back once */
  {
    g_autofree char *path = NULL;
    g_autofree char *next = NULL;

    do
      {
        g_autoptr(RapportTestReply) reply = NULL;
        JsonArray *items;

        g_free (path);
        path = g_strdup_printf ("/api/v1/accounts?region=Paging&limit=500%s%s",
                                next ? "&after=" : "", next ? next : "");
        reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);
        g_assert_cmpuint (reply->status, ==, 200);
        items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");
            g_array_append_val (ids, id);
          }
        g_free (next);
        next = g_strdup (json_object_get_string_member_with_default (rapport_test_reply_object (reply), "next", NULL));
      }
    while (next != NULL);
    for (guint i = 0; i < ids->len; i++)
      g_hash_table_add (original, &g_array_index (ids, gint64, i));
  }
  g_assert_cmpuint (g_hash_table_size (original), >=, ORIGINAL_ROWS);

  do
    {
      g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, TRUE) : NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts?region=Paging&limit=%d%s%s%s%s",
                                               PAGE_SIZE, sort ? "&sort=" : "", sort ? sort : "",
                                               escaped ? "&after=" : "", escaped ? escaped : "");
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);
      JsonArray *items;

      g_assert_cmpuint (reply->status, ==, 200);
      items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
      g_assert_cmpuint (json_array_get_length (items), <=, PAGE_SIZE);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");

          if (g_hash_table_contains (seen, &id))
            g_error ("sort %s: row %" G_GINT64_FORMAT " came back twice", sort ? sort : "id", id);
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
        }
      g_clear_pointer (&after, g_free);
      after = g_strdup (json_object_get_string_member_with_default (rapport_test_reply_object (reply), "next", NULL));
      pages++;

      /* meanwhile others insert rows that sort before, between and after */
      {
        g_autofree char *early = g_strdup_printf ("Page 000 new %u", inserted);
        g_autofree char *late = g_strdup_printf ("Page 999 new %u", inserted);
        g_autofree char *same = g_strdup_printf ("Page %03u", g_random_int_range (0, ORIGINAL_ROWS));

        create (early);
        create (late);
        create (same);
        inserted++;
      }
    }
  while (after != NULL && pages < 500);

  g_assert_null (after);
  for (guint i = 0; i < ids->len; i++)
    if (!g_hash_table_contains (seen, &g_array_index (ids, gint64, i)))
      g_error ("sort %s: row %" G_GINT64_FORMAT " never came back", sort ? sort : "id",
               g_array_index (ids, gint64, i));
}

static void
test_default_limit (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/accounts?region=Paging",
                                                            server->admin_token, NULL);
  JsonArray *items = json_object_get_array_member (rapport_test_reply_object (reply), "items");

  g_assert_cmpuint (json_array_get_length (items), ==, 50);
  g_assert_nonnull (json_object_get_string_member_with_default (rapport_test_reply_object (reply), "next", NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start ();
  for (guint i = 0; i < ORIGINAL_ROWS; i++)
    {
      /* names repeat, so ties on the sort column are broken by id */
      g_autofree char *name = g_strdup_printf ("Page %03u", (i * 37) % (ORIGINAL_ROWS / 2));
      create (name);
    }

  g_test_add_func ("/api/paging/default-limit", test_default_limit);
  g_test_add_data_func ("/api/paging/by-id", NULL, walk);
  g_test_add_data_func ("/api/paging/by-name", "name", walk);
  g_test_add_data_func ("/api/paging/by-name-descending", "-name", walk);
  g_test_add_data_func ("/api/paging/by-created-descending", "-created_at", walk);
  g_test_add_data_func ("/api/paging/by-industry-with-nulls", "industry", walk);

  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
