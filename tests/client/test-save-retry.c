/* test-save-retry.c: a new record saved again after the server could not answer keeps its Idempotency-Key, under Xvfb against a loopback server */
#include "rapport-api.h"
#include "rapport-test-ui.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-entity-form.h"
#include "crm-entities.h"
#include "crm-entity.h"

#include <libsoup/soup.h>
#include <string.h>

static GPtrArray *keys;
static guint n_unavailable;

/* lists are empty; a create is refused as unavailable n_unavailable times, then made */
static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  static const char unavailable[] = "{\"error\":{\"code\":\"unavailable\",\"message\":\"The database is restarting\"}}";
  static const char empty[] = "{\"items\":[],\"total\":0}";
  static const char created[] = "{\"id\":7,\"version\":1,\"name\":\"Acme Retry\"}";
  static const char no_duplicates[] = "{\"possible_duplicates\":[]}";

  /* the check for possible duplicates that comes before a new account's create */
  if (g_str_has_suffix (path, "/duplicates"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, no_duplicates,
                                        strlen (no_duplicates));
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, empty, strlen (empty));
      return;
    }
  g_ptr_array_add (keys, g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                 "Idempotency-Key")));
  if (n_unavailable > 0)
    {
      n_unavailable--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "0");
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, unavailable, strlen (unavailable));
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, created, strlen (created));
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
saved (gpointer data)
{
  return rapport_record_page_get_entity (data) != NULL;
}

static void
test_save_again (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(RapportApi) api = NULL;
  GtkWidget *window, *row, *error_label;
  RapportRecordPage *page;

  keys = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);
  api = rapport_api_new (base_url);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  page = rapport_record_page_new (api, crm_entities_lookup_collection ("accounts"), 0, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_ui_settle (200);
  error_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RAPPORT_TYPE_RECORD_PAGE, "error_label"));

  /* the database restarts: the create and the client's own retry find it down */
  n_unavailable = 3;
  row = rapport_entity_form_get_row (rapport_record_page_get_form (page), "name");
  gtk_editable_set_text (GTK_EDITABLE (row), "Acme Retry");
  rapport_record_page_save (page);
  rapport_test_ui_wait_until (error_shown, error_label, 20, "the error");
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_true (g_uuid_string_is_valid (keys->pdata[0]));
  g_assert_cmpstr (keys->pdata[1], ==, keys->pdata[0]);

  /* the user saves again, unchanged: the same write, the same key */
  rapport_record_page_save (page);
  rapport_test_ui_wait_until (saved, page, 20, "the save");
  g_assert_cmpuint (keys->len, ==, 4);
  g_assert_cmpstr (keys->pdata[2], ==, keys->pdata[0]);
  g_assert_cmpstr (keys->pdata[3], ==, keys->pdata[0]);
  g_assert_false (gtk_widget_get_visible (error_label));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_ui_settle (50);
  g_ptr_array_unref (keys);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/save-retry/same-key", test_save_again);
  return g_test_run ();
}
