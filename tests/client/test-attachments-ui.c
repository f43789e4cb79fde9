/* test-attachments-ui.c: an account's Attachments under Xvfb against a real rapportd: files attached (as a drop or the chooser hands them), a refused one told, a new version of a name, one opened from a saved copy, one removed after asking */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-attachments.h"
#include "widgets/rapport-audit-row.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static gint64 account_id;
static char *files_dir;

static RapportAttachments *
attachments (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *found = page ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_ATTACHMENTS) : NULL;

  return found ? RAPPORT_ATTACHMENTS (found) : NULL;
}

/* the group shows @data names and is done */
static gboolean
shows_files (gpointer data)
{
  RapportAttachments *a = attachments ();

  return a != NULL && gtk_widget_get_visible (GTK_WIDGET (a)) && !rapport_attachments_get_busy (a) &&
         rapport_attachments_get_n_files (a) == GPOINTER_TO_UINT (data);
}

static gboolean
not_busy (gpointer data)
{
  return attachments () != NULL && !rapport_attachments_get_busy (attachments ());
}

static GFile *
file_with (const char *name,
           const char *contents,
           gsize       length)
{
  g_autofree char *path = g_build_filename (files_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  return g_file_new_for_path (path);
}

static void
attach (GFile *file)
{
  GSList list = { file, NULL };

  rapport_attachments_upload_files (attachments (), &list);
}

static JsonArray *
server_list (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments", account_id);
  RapportTestReply *reply = rapport_test_request (server, "GET", path, rep, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_array_ref (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
  rapport_test_reply_free (reply);
  return items;
}

static void
test_attach_open_remove (void)
{
  static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n\xe2\x80\x94 signed contract\n%%EOF\n";
  static const char elf[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00";
  g_autoptr(GFile) contract = file_with ("供货合同.pdf", pdf, sizeof pdf - 1);
  g_autoptr(GFile) notes = file_with ("notes.txt", "first notes\n", 12);
  g_autoptr(GFile) tool = file_with ("tool.bin", elf, sizeof elf - 1);
  g_autoptr(GFile) notes_again = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *saved = NULL;
  gsize saved_length = 0;
  GSList both = { contract, NULL };
  GSList second = { notes, NULL };
  gint64 contract_id;
  gint64 notes_id;

  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (0), 30, "the account's empty attachments");
  g_assert_true (gtk_widget_get_sensitive (rapport_attachments_get_attach_button (attachments ())));
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (attachments ()), _("No files yet: drop files here or choose Attach")));

  /* two files at once, as a drop or the chooser hands them */
  both.next = &second;
  rapport_attachments_upload_files (attachments (), &both);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (2), 30, "the two files attached");
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (attachments ()), "供货合同.pdf"));
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (attachments ()), "notes.txt"));
  g_assert_null (rapport_test_ui_find_label (GTK_WIDGET (attachments ()), _("No files yet: drop files here or choose Attach")));

  /* a program is refused, the others stay */
  attach (tool);
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the program refused");
  g_assert_cmpuint (rapport_attachments_get_n_files (attachments ()), ==, 2);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE name = 'tool.bin'"), ==, 0);

  /* the same name again is its next version */
  notes_again = file_with ("notes.txt", "second notes\n", 13);
  attach (notes_again);
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the notes' second version");
  g_assert_cmpuint (rapport_attachments_get_n_files (attachments ()), ==, 2);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (attachments ()), "2 ·"));
  items = server_list ();
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* by name, as the bytes of its UTF-8 sort */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "name"), ==, "notes.txt");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "version"), ==, 2);
  g_free (rapport_test_ui_screenshot (window, "attachments"));

  /* opened: saved for its user alone, byte for byte, then handed to the desktop */
  contract_id = rapport_attachments_get_file_id (attachments (), "供货合同.pdf");
  g_assert_cmpint (contract_id, >, 0);
  rapport_attachments_open (attachments (), contract_id);
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the contract downloaded and handed over");
  g_assert_nonnull (rapport_attachments_get_saved_path (attachments ()));
  g_assert_true (g_str_has_suffix (rapport_attachments_get_saved_path (attachments ()), "/供货合同.pdf"));
  g_assert_true (g_str_has_prefix (rapport_attachments_get_saved_path (attachments ()), files_dir));
  g_assert_true (g_file_get_contents (rapport_attachments_get_saved_path (attachments ()), &saved, &saved_length, NULL));
  g_assert_cmpmem (saved, saved_length, pdf, sizeof pdf - 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE action = 'attachment_download' "
                                         "AND entity_id = %" G_GINT64_FORMAT, account_id), ==, 1);

  /* removed after asking: the earlier version of the notes comes back */
  notes_id = rapport_attachments_get_file_id (attachments (), "notes.txt");
  rapport_attachments_remove (attachments (), notes_id);
  rapport_test_ui_respond ("remove", "attachments-remove");
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the notes' latest version removed");
  g_assert_cmpuint (rapport_attachments_get_n_files (attachments ()), ==, 2);
  g_assert_cmpint (rapport_attachments_get_file_id (attachments (), "notes.txt"), <, notes_id);
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (attachments ()), "1 ·"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE id = %" G_GINT64_FORMAT
                                         " AND removed_at IS NOT NULL", notes_id), ==, 1);
  g_free (rapport_test_ui_screenshot (window, "attachments-after-remove"));

  /* the audit trail names what was done to the files in words */
  g_assert_cmpstr (rapport_audit_action_label ("attachment_upload"), ==, _("File attached"));
  g_assert_cmpstr (rapport_audit_action_label ("attachment_download"), ==, _("File downloaded"));
  g_assert_cmpstr (rapport_audit_action_label ("attachment_remove"), ==, _("File removed"));
  g_assert_cmpstr (rapport_audit_action_label ("attachment_remove_held"), ==, _("File removed, kept for the legal hold"));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* the count of @collection/@id's files on the server */
static guint
server_count (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/attachments", id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (rapport_test_reply_object (reply), "items"));
}

/* files given for one record go to it, even when the group is moved to
 * another record before they are sent; the group then shows the other's */
static void
test_moved_on (void)
{
  gint64 other_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"Other Hospital\"}");
  g_autoptr(GFile) first = file_with ("visit-1.txt", "first visit\n", 12);
  g_autoptr(GFile) second = file_with ("visit-2.txt", "second visit\n", 13);
  g_autoptr(CrmEntity) other = crm_entity_new (crm_entities_lookup_collection ("accounts"));
  GSList two = { first, NULL };
  GSList tail = { second, NULL };
  guint before = server_count (account_id);

  two.next = &tail;
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (not_busy, NULL, 30, "the account's attachments read");
  crm_entity_set_id (other, other_id);
  rapport_attachments_upload_files (attachments (), &two);
  rapport_attachments_set_entity (attachments (), other);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (0), 30, "the other account's attachments, none");
  g_assert_cmpuint (server_count (account_id), ==, before + 2);
  g_assert_cmpuint (server_count (other_id), ==, 0);
}

/* a quote's page has its files too, below its approvals */
static void
test_quote (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"title\":\"Ventilators\","
                                           "\"lines\":[{\"description\":\"Ventilator\",\"quantity\":\"2\",\"unit_price\":\"5000\","
                                           "\"tax_rate\":\"13\"}]}", account_id);
  gint64 quote = rapport_test_create (server, rep, "quotes", body);
  g_autoptr(GFile) drawing = file_with ("drawing.png", (const char *) png, sizeof png);

  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", quote, NULL);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (0), 30, "the quote's empty attachments");
  /* dropped while the list is being read again: sent once it is read */
  rapport_attachments_reload (attachments ());
  g_assert_true (rapport_attachments_get_busy (attachments ()));
  attach (drawing);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (1), 30, "the drawing attached to the quote");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE entity = 'quote' AND record_id = %"
                                         G_GINT64_FORMAT " AND content_type = 'image/png'", quote), ==, 1);
  /* the page scrolled down to them, for the screenshot */
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (attachments ()), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    rapport_test_ui_settle (300);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  }
  g_free (rapport_test_ui_screenshot (window, "attachments-quote"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  /* the copies opened are saved in the user's cache: this test's own */
  files_dir = g_dir_make_tmp ("rapport-attachments-ui-XXXXXX", NULL);
  g_assert_nonnull (files_dir);
  cache = g_build_filename (files_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"杭州康泰医疗器械有限公司\"}");
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/attachments/attach-open-remove", test_attach_open_remove);
  g_test_add_func ("/ui/attachments/moved-on", test_moved_on);
  g_test_add_func ("/ui/attachments/quote", test_quote);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  remove_tree (files_dir);
  g_free (files_dir);
  return status;
}
