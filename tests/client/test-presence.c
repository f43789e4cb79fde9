/* test-presence.c: a record open here says who else is editing it, and others are told while we edit, under Xvfb against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-presence-banner.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define OTHER_NAME "王芳 Wang Fang"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static const char *suffix = "";
/* the window's user, and the director who edits the same records from elsewhere */
static char *rep, *other;
static gint64 rep_id, other_id;
static gint64 account;

static char *
add_user (const char *login,
          const char *role,
          const char *name,
          const char *manager)
{
  g_autofree char *password_path = g_build_filename (server->data_dir, "test-password", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (password_path, PASSWORD, -1, NULL);
  if (rapport_test_server_admin (server, &output, "user", "add", login, "--role", role, "--name", name,
                                 "--password-file", password_path,
                                 manager ? "--manager" : NULL, manager, NULL) != 0)
    g_error ("user add %s: %s", login, output);
  return rapport_test_login (server, login, PASSWORD);
}

static gint64
user_id_of (const char *token)
{
  g_autoptr(RapportTestReply) me = rapport_test_request (server, "GET", "/api/v1/session", token, NULL);

  return rapport_test_reply_int (me, "id");
}

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static RapportRecordPage *
record_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_RECORD_PAGE (child) ? RAPPORT_RECORD_PAGE (child) : NULL;
}

static RapportDocumentPage *
document_page (void)
{
  GtkWidget *child = gtk_stack_get_visible_child (content_stack ());

  return RAPPORT_IS_DOCUMENT_PAGE (child) ? RAPPORT_DOCUMENT_PAGE (child) : NULL;
}

/* the presence banner of the page shown */
static RapportPresenceBanner *
banner (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (content_stack ());
  GtkWidget *found = page ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_PRESENCE_BANNER) : NULL;

  return found ? RAPPORT_PRESENCE_BANNER (found) : NULL;
}

/* the banner says that the other user is editing, and can be seen */
static gboolean
banner_shows_other (gpointer data)
{
  RapportPresenceBanner *shown = banner ();
  g_autofree char *expected = g_strdup_printf (_("%s is editing this record"), OTHER_NAME);
  GtkWidget *revealer = shown ? gtk_widget_get_first_child (GTK_WIDGET (shown)) : NULL;

  return shown && rapport_presence_banner_get_shown (shown) &&
         g_strcmp0 (rapport_presence_banner_get_text (shown), expected) == 0 &&
         gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) &&
         rapport_test_ui_find_label (window, expected) != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  RapportPresenceBanner *shown = banner ();

  return shown && !rapport_presence_banner_get_shown (shown);
}

static void
other_presence (const char *method,
                const char *collection,
                gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/presence", collection, id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, method, path, other, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* the ids of those the server lists as editing, as the other user reads it */
static gint64
server_lists (const char *collection,
              gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "/presence", collection, id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, other, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  g_assert_cmpuint (json_array_get_length (items), <=, 1);
  return json_array_get_length (items) == 0 ? 0
         : json_object_get_int_member (json_array_get_object_element (items, 0), "user_id");
}

typedef struct
{
  const char *collection;
  gint64      id;
  gint64      user_id;
} Listed;

static gboolean
server_lists_is (gpointer data)
{
  Listed *listed = data;

  return server_lists (listed->collection, listed->id) == listed->user_id;
}

static gboolean
record_loaded (gpointer data)
{
  RapportRecordPage *page = record_page ();
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity && crm_entity_get_id (entity) == (gint64) GPOINTER_TO_SIZE (data);
}

static GtkWidget *
form_row (const char *json_key)
{
  return rapport_entity_form_get_row (rapport_record_page_get_form (record_page ()), json_key);
}

static void
open_account (void)
{
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account, NULL);
  rapport_test_ui_wait_until (record_loaded, GSIZE_TO_POINTER (account), 30, "the account page");
}

/* The other user starts editing the open record: the banner names them;
 * they stop: it goes. */
static void
test_banner_follows_events (void)
{
  g_autofree char *shot = g_strdup_printf ("presence-record-banner%s", suffix);

  rapport_test_ui_wait_events (window);
  open_account ();
  g_assert_true (banner_hidden (NULL));

  other_presence ("PUT", "accounts", account);
  rapport_test_ui_wait_until (banner_shows_other, NULL, 30, "the banner naming the other user");
  /* it says who, and leaves the form alone */
  g_assert_false (rapport_entity_form_is_dirty (rapport_record_page_get_form (record_page ())));
  g_free (rapport_test_ui_screenshot (window, shot));

  other_presence ("DELETE", "accounts", account);
  rapport_test_ui_wait_until (banner_hidden, NULL, 30, "the banner gone");
}

/* the other user's client stops without a word (a crash, a lost
 * network): once their presence expires, the banner goes */
static void
test_banner_gone_on_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 62);
  g_autofree char *text = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = g_strdup_printf ("/api/v1/jobs/run?now=%s", text);

  other_presence ("PUT", "accounts", account);
  rapport_test_ui_wait_until (banner_shows_other, NULL, 30, "the banner naming the other user");
  {
    g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  rapport_test_ui_wait_until (banner_hidden, NULL, 30, "the banner gone once the presence expired");
}

/* a record opened after the other user started editing says so too */
static void
test_banner_on_open (void)
{
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account, NULL);
  rapport_test_ui_wait_until (record_loaded, GSIZE_TO_POINTER (account), 30, "the account page");
  /* from the list, so that the page is opened afresh */
  gtk_widget_activate_action (window, "win.close-page", NULL);
  other_presence ("PUT", "accounts", account);
  open_account ();
  rapport_test_ui_wait_until (banner_shows_other, NULL, 30, "the banner, on opening");
  other_presence ("DELETE", "accounts", account);
  rapport_test_ui_wait_until (banner_hidden, NULL, 30, "the banner gone");
}

/* Typing here tells the others; saving, undoing the edit or discarding
 * it and closing the page stops telling them. */
static void
test_own_edits_told (void)
{
  Listed editing = { "accounts", account, rep_id };
  Listed nobody = { "accounts", account, 0 };
  GtkWidget *region;
  g_autofree char *original = NULL;

  open_account ();
  region = form_row ("region");
  original = g_strdup (gtk_editable_get_text (GTK_EDITABLE (region)));
  g_assert_cmpint (server_lists ("accounts", account), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (region), "Typed 这里");
  rapport_test_ui_wait_until (server_lists_is, &editing, 30, "the rep listed as editing");
  rapport_record_page_save (record_page ());
  rapport_test_ui_wait_until (server_lists_is, &nobody, 30, "nobody editing once saved");

  /* typed, then typed back: nothing is unsaved */
  gtk_editable_set_text (GTK_EDITABLE (form_row ("region")), "Typed again");
  rapport_test_ui_wait_until (server_lists_is, &editing, 30, "the rep editing again");
  gtk_editable_set_text (GTK_EDITABLE (form_row ("region")), "Typed 这里");
  rapport_test_ui_wait_until (server_lists_is, &nobody, 30, "nobody editing once the edit is undone");

  /* typed, then closed and discarded */
  gtk_editable_set_text (GTK_EDITABLE (form_row ("region")), "Typed to discard");
  rapport_test_ui_wait_until (server_lists_is, &editing, 30, "the rep editing before closing");
  rapport_record_page_close (record_page ());
  rapport_test_ui_respond ("discard", NULL);
  rapport_test_ui_wait_until (server_lists_is, &nobody, 30, "nobody editing once discarded and closed");
}

static gboolean
focus_in_name (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return record_page () && focus && gtk_widget_is_ancestor (focus, form_row ("name"));
}

/* Keys typed at full speed, through the X server, make the form dirty
 * and tell the others; erased again, nothing is unsaved any more. */
static void
test_typed_keys (void)
{
  Listed editing = { "accounts", account, rep_id };
  Listed nobody = { "accounts", account, 0 };
  g_autofree char *name = NULL;

  open_account ();
  rapport_test_ui_wait_until (focus_in_name, NULL, 30, "the focus in the name");
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (form_row ("name"))));
  /* the name opens selected: the end of it, then more */
  rapport_test_keys_send (window, "<End> xyz");
  rapport_test_ui_wait_until (server_lists_is, &editing, 30, "the rep editing, from keys typed");
  rapport_test_keys_send (window, "<BackSpace><BackSpace><BackSpace><BackSpace>");
  rapport_test_ui_wait_until (server_lists_is, &nobody, 30, "nobody editing once the keys are erased");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row ("name"))), ==, name);
}

static gboolean
document_loaded (gpointer data)
{
  RapportDocumentPage *page = document_page ();
  CrmEntity *entity = page ? rapport_document_page_get_entity (page) : NULL;

  return entity && crm_entity_get_id (entity) == (gint64) GPOINTER_TO_SIZE (data) && !rapport_document_page_get_busy (page);
}

/* A quote open in its editor shows the banner as a record page does,
 * and typing in it tells the others. */
static void
test_document_editor (void)
{
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Presence Draft\","
                                           "\"lines\":[{\"description\":\"Mask\",\"quantity\":\"10\",\"unit_price\":\"5\","
                                           "\"tax_rate\":\"13\"}]}", account);
  gint64 quote = rapport_test_create (server, rep, "quotes", body);
  g_autofree char *shot = g_strdup_printf ("presence-document-banner%s", suffix);
  Listed editing = { "quotes", quote, rep_id };
  Listed nobody = { "quotes", quote, 0 };
  GtkWidget *title;

  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", quote, NULL);
  rapport_test_ui_wait_until (document_loaded, GSIZE_TO_POINTER (quote), 30, "the quote's editor");
  g_assert_true (banner_hidden (NULL));
  other_presence ("PUT", "quotes", quote);
  rapport_test_ui_wait_until (banner_shows_other, NULL, 30, "the banner in the quote's editor");
  g_free (rapport_test_ui_screenshot (window, shot));
  other_presence ("DELETE", "quotes", quote);
  rapport_test_ui_wait_until (banner_hidden, NULL, 30, "the banner gone from the quote's editor");

  title = rapport_entity_form_get_row (RAPPORT_ENTITY_FORM (rapport_test_ui_find_by_type (GTK_WIDGET (document_page ()),
                                                                                          RAPPORT_TYPE_ENTITY_FORM)),
                                       "title");
  gtk_editable_set_text (GTK_EDITABLE (title), "Typed in the quote");
  rapport_test_ui_wait_until (server_lists_is, &editing, 30, "the rep editing the quote");
  rapport_document_page_save (document_page ());
  rapport_test_ui_wait_until (server_lists_is, &nobody, 30, "nobody editing the saved quote");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start_with_config ("[server]\nsession_cache_seconds=0\n");
  other = add_user ("pc-director", "director", OTHER_NAME, NULL);
  rep = add_user ("pc-rep", "sales", "Presence Rep", "pc-director");
  rep_id = user_id_of (rep);
  other_id = user_id_of (other);
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"Presence Clinic 诊所\"}");

  window = rapport_test_ui_open_window (1280, 860);
  rapport_sign_in_page_set_server (RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page")),
                                   server->base_url);
  rapport_sign_in_page_sign_in (RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page")),
                                "pc-rep", PASSWORD, NULL);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");

  g_test_add_func ("/presence/banner-follows-events", test_banner_follows_events);
  g_test_add_func ("/presence/banner-gone-on-expiry", test_banner_gone_on_expiry);
  g_test_add_func ("/presence/banner-on-open", test_banner_on_open);
  g_test_add_func ("/presence/own-edits-told", test_own_edits_told);
  g_test_add_func ("/presence/typed-keys", test_typed_keys);
  g_test_add_func ("/presence/document-editor", test_document_editor);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (other);
  rapport_test_server_stop (server);
  return status;
}
