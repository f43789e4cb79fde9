/* test-closing-pages.c: record and document pages closed while their requests are in flight, under Xvfb, against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-document-page.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-entity-form.h"
#include "crm-entity.h"

#include <locale.h>

/* enough rounds for an answer to land at every moment of a page's end */
#define ROUNDS 15

static RapportTestServer *server;
static GtkWidget *window;
static gint64 account_id, quote_id;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static GtkWidget *
open_page (const char *collection,
           gint64      id)
{
  GtkWidget *page;

  rapport_window_open_record (RAPPORT_WINDOW (window), collection, id, NULL);
  page = gtk_stack_get_visible_child (content_stack ());
  g_assert_true (RAPPORT_IS_RECORD_PAGE (page) || RAPPORT_IS_DOCUMENT_PAGE (page));
  return page;
}

/* the page asks to go, as after "discard": the window drops it, and
 * nothing it sent keeps it alive — its answers find it gone */
static void
close_page (GtkWidget *page)
{
  GWeakRef gone;
  gpointer still = NULL;

  g_weak_ref_init (&gone, page);
  g_signal_emit_by_name (page, "closed");
  still = g_weak_ref_get (&gone);
  g_weak_ref_clear (&gone);
  if (still != NULL)
    g_object_unref (still);
  g_assert_null (still);
}

/* every answer still on its way arrives, to pages that are gone: none of
 * them warns, and none asks the user anything about a page they closed */
static void
drain (void)
{
  rapport_test_ui_settle (400);
  g_assert_null (rapport_test_ui_find_dialog (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
record_loaded (gpointer data)
{
  return rapport_record_page_get_entity (data) != NULL;
}

static gboolean
document_loaded (gpointer data)
{
  return rapport_document_page_get_entity (data) != NULL;
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_record_reload (void)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      /* opening fetches the record; closing at once leaves the answer nowhere to go */
      GtkWidget *page = open_page ("accounts", account_id);

      if (round % 3 == 1)
        rapport_record_page_reload (RAPPORT_RECORD_PAGE (page));
      else if (round % 3 == 2)
        {
          /* loaded, then fetched again along with its history */
          rapport_test_ui_wait_until (record_loaded, page, 30, "the account");
          rapport_record_page_reload (RAPPORT_RECORD_PAGE (page));
        }
      close_page (page);
    }
  drain ();
}

static void
test_record_save (void)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      GtkWidget *page = open_page ("accounts", account_id);
      g_autofree char *region = g_strdup_printf ("Region %u", round);
      GtkWidget *row;

      rapport_test_ui_wait_until (record_loaded, page, 30, "the account");
      row = rapport_entity_form_get_row (rapport_record_page_get_form (RAPPORT_RECORD_PAGE (page)), "region");
      g_assert_nonnull (row);
      gtk_editable_set_text (GTK_EDITABLE (row), region);
      rapport_record_page_save (RAPPORT_RECORD_PAGE (page));
      close_page (page);
      /* half the time the answer comes before the next page, half the time after */
      if (round % 2 == 0)
        drain ();
    }
  drain ();
}

/* a save refused as stale fetches the newer version: the page goes meanwhile */
static void
test_record_conflict (void)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      GtkWidget *page = open_page ("accounts", account_id);
      g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, account_id);
      g_autofree char *patch = NULL;
      g_autofree char *phone = g_strdup_printf ("+49 30 %07u", round);
      g_autoptr(RapportTestReply) concurrent = NULL;
      GtkWidget *row;
      CrmEntity *entity;

      rapport_test_ui_wait_until (record_loaded, page, 30, "the account");
      entity = rapport_record_page_get_entity (RAPPORT_RECORD_PAGE (page));
      patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"phone\":\"%s\"}", crm_entity_get_version (entity), phone);
      concurrent = rapport_test_request (server, "PATCH", path, server->admin_token, patch);
      g_assert_cmpuint (concurrent->status, ==, 200);

      row = rapport_entity_form_get_row (rapport_record_page_get_form (RAPPORT_RECORD_PAGE (page)), "tax_id");
      gtk_editable_set_text (GTK_EDITABLE (row), phone);
      rapport_record_page_save (RAPPORT_RECORD_PAGE (page));
      rapport_test_ui_wait_until (error_shown, CHILD (page, RAPPORT_TYPE_RECORD_PAGE, "error_label"), 30,
                                  "the conflict");
      close_page (page);
    }
  drain ();
}

static void
test_document_reload (void)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      /* the quote, its account's and products' labels, its workflow and approvals: all in flight */
      GtkWidget *page = open_page ("quotes", quote_id);

      if (round % 2 == 1)
        {
          rapport_test_ui_wait_until (document_loaded, page, 30, "the quote");
          rapport_document_page_reload (RAPPORT_DOCUMENT_PAGE (page));
        }
      close_page (page);
    }
  drain ();
}

static void
test_document_save (void)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      GtkWidget *page = open_page ("quotes", quote_id);
      g_autofree char *title = g_strdup_printf ("Closing test %u", round);
      GtkWidget *row;

      rapport_test_ui_wait_until (document_loaded, page, 30, "the quote");
      row = rapport_test_ui_find_by_name (page, "title");
      g_assert_nonnull (row);
      gtk_editable_set_text (GTK_EDITABLE (row), title);
      rapport_document_page_save (RAPPORT_DOCUMENT_PAGE (page));
      g_assert_true (rapport_document_page_get_busy (RAPPORT_DOCUMENT_PAGE (page)));
      close_page (page);
      if (round % 2 == 0)
        drain ();
    }
  drain ();
}

/* a new document, typed into from its first field once shown: closed before that */
static void
test_new_document (void)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      GtkWidget *page = open_page ("quotes", 0);

      if (round % 2 == 1)
        rapport_test_ui_settle (20);
      close_page (page);
    }
  drain ();
}

int
main (int   argc,
      char *argv[])
{
  gint64 product_id;
  g_autofree char *quote = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");

  server = rapport_test_server_start ();
  account_id = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Closing Test Ltd\"}");
  product_id = rapport_test_create (server, server->admin_token, "products",
                                    "{\"code\":\"CL-1\",\"name\":\"Closing analyser\",\"unit\":\"pc\","
                                    "\"list_price\":\"100\",\"currency\":\"CNY\",\"tax_rate\":\"13\"}");
  quote = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":[{\"product_id\":%"
                           G_GINT64_FORMAT ",\"description\":\"Analyser\",\"quantity\":\"2\",\"unit_price\":\"100\","
                           "\"tax_rate\":\"13\"}]}", account_id, product_id);
  quote_id = rapport_test_create (server, server->admin_token, "quotes", quote);

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "admin", server->admin_password);

  g_test_add_func ("/closing/record-reload", test_record_reload);
  g_test_add_func ("/closing/record-save", test_record_save);
  g_test_add_func ("/closing/record-conflict", test_record_conflict);
  g_test_add_func ("/closing/document-reload", test_document_reload);
  g_test_add_func ("/closing/document-save", test_document_save);
  g_test_add_func ("/closing/new-document", test_new_document);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
