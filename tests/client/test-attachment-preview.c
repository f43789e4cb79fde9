/* test-attachment-preview.c: an account's attached files previewed under Xvfb against a real rapportd: a PNG at its size, a two-page PDF drawn page by page, a text file offered to open, a window closed while its file downloads, a page too long to draw whole */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "widgets/rapport-attachment-preview.h"
#include "widgets/rapport-attachments.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

#define IMAGE_WIDTH  320
#define IMAGE_HEIGHT 200

static RapportTestServer *server;
static GtkWidget *window;
static gint64 account_id;
static char *files_dir;
/* "zh_CN" in the Chinese run, which keeps screenshots of its own */
static const char *lang;

static RapportAttachments *
attachments (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *found = page ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_ATTACHMENTS) : NULL;

  return found ? RAPPORT_ATTACHMENTS (found) : NULL;
}

static gboolean
shows_files (gpointer data)
{
  RapportAttachments *a = attachments ();

  return a != NULL && gtk_widget_get_visible (GTK_WIDGET (a)) && !rapport_attachments_get_busy (a) &&
         rapport_attachments_get_n_files (a) == GPOINTER_TO_UINT (data);
}

static cairo_status_t
append_to (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_page (cairo_t    *cr,
           double      r,
           double      g,
           double      b,
           const char *text)
{
  cairo_set_source_rgb (cr, r, g, b);
  cairo_rectangle (cr, 40, 40, 200, 120);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 28);
  cairo_move_to (cr, 40, 190);
  cairo_show_text (cr, text);
}

static GFile *
file_of (const char *name,
         GByteArray *contents)
{
  g_autofree char *path = g_build_filename (files_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) contents->data, contents->len, NULL));
  return g_file_new_for_path (path);
}

/* a PNG of IMAGE_WIDTH × IMAGE_HEIGHT pixels, drawn with cairo */
static GFile *
png_file (void)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, IMAGE_WIDTH, IMAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_page (cr, 0.2, 0.5, 0.9, "PNG");
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_to, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return file_of ("scan.png", png);
}

/* an A5 PDF of two pages, drawn with cairo */
static GFile *
pdf_file (void)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to, pdf, 420, 595);
  cairo_t *cr = cairo_create (surface);

  draw_page (cr, 0.9, 0.3, 0.2, "Page one");
  cairo_show_page (cr);
  draw_page (cr, 0.2, 0.7, 0.3, "Page two");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return file_of ("licence.pdf", pdf);
}

/* a PDF of one page 1 pt wide and 14,400 pt high, the most a PDF page
 * may be: drawn 760 pixels wide, it would be 11 million pixels high */
static GFile *
strip_pdf_file (void)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to, pdf, 1, 14400);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.2, 0.5, 0.9);
  cairo_rectangle (cr, 0, 0, 1, 14400);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return file_of ("strip.pdf", pdf);
}

static gboolean
shows (gpointer data)
{
  RapportAttachmentPreview *preview = RAPPORT_ATTACHMENT_PREVIEW (rapport_test_ui_find_dialog (RAPPORT_TYPE_ATTACHMENT_PREVIEW));
  const char *wanted = data;

  return preview != NULL && g_strcmp0 (rapport_attachment_preview_get_shown (preview), wanted) == 0;
}

static gboolean
all_pages_drawn (gpointer data)
{
  RapportAttachmentPreview *preview = data;

  return rapport_attachment_preview_get_n_rendered (preview) == rapport_attachment_preview_get_n_pages (preview);
}

static void
screenshot (GtkWidget  *preview,
            const char *name)
{
  g_autofree char *full = lang ? g_strdup_printf ("%s-%s", name, lang) : g_strdup (name);

  g_free (rapport_test_ui_screenshot (preview, full));
}

static void
close_preview (GtkWidget *preview)
{
  gtk_window_destroy (GTK_WINDOW (preview));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_ATTACHMENT_PREVIEW, "the preview closed");
}

static void
test_preview (void)
{
  g_autoptr(GFile) png = png_file ();
  g_autoptr(GFile) pdf = pdf_file ();
  g_autoptr(GFile) text = NULL;
  g_autoptr(GByteArray) notes = g_byte_array_new ();
  GSList second = { pdf, NULL };
  GSList first = { png, &second };
  GSList third = { NULL, NULL };
  GtkWidget *preview;
  GtkWidget *label;
  GtkWidget *row;
  GdkPaintable *paintable;

  g_byte_array_append (notes, (const guint8 *) "minutes of the visit\n", 21);
  text = file_of ("minutes.txt", notes);
  third.data = text;
  second.next = &third;
  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_window_open_record (RAPPORT_WINDOW (window), "accounts", account_id, NULL);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (0), 30, "the account's empty attachments");
  rapport_attachments_upload_files (attachments (), &first);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (3), 60, "the PNG, the PDF and the text attached");

  /* the image at its own size */
  preview = rapport_attachments_preview (attachments (), rapport_attachments_get_file_id (attachments (), "scan.png"));
  g_assert_nonnull (preview);
  rapport_test_ui_wait_until (shows, (gpointer) "image", 30, "the image shown");
  paintable = rapport_attachment_preview_get_paintable (RAPPORT_ATTACHMENT_PREVIEW (preview));
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, IMAGE_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, IMAGE_HEIGHT);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preview)) == GTK_WINDOW (window));
  screenshot (preview, "attachment-preview-image");
  close_preview (preview);

  /* the PDF, opened by activating its row: both pages drawn */
  label = rapport_test_ui_find_label (GTK_WIDGET (attachments ()), "licence.pdf");
  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  rapport_test_ui_wait_until (shows, (gpointer) "pages", 30, "the PDF shown");
  preview = rapport_test_ui_find_dialog (RAPPORT_TYPE_ATTACHMENT_PREVIEW);
  rapport_test_ui_wait_until (all_pages_drawn, preview, 30, "the PDF's two pages drawn");
  g_assert_cmpuint (rapport_attachment_preview_get_n_pages (RAPPORT_ATTACHMENT_PREVIEW (preview)), ==, 2);
  g_assert_nonnull (rapport_test_ui_find_label_containing (preview, "licence.pdf"));
  screenshot (preview, "attachment-preview-pdf");
  close_preview (preview);

  /* text: no preview, an offer to open it */
  preview = rapport_attachments_preview (attachments (), rapport_attachments_get_file_id (attachments (), "minutes.txt"));
  rapport_test_ui_wait_until (shows, (gpointer) "none", 30, "no preview for the text");
  g_assert_nonnull (rapport_test_ui_find_label (preview, _("No Preview")));
  g_assert_nonnull (rapport_test_ui_find_button (preview, _("_Open With…")));
  screenshot (preview, "attachment-preview-none");
  close_preview (preview);
}

static gboolean
cancelled_and_gone (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GObject) object = g_weak_ref_get (ref);

  return object == NULL;
}

/* closed before its file has come: the download is cancelled, nothing of
 * the window is touched after (fatal criticals would end the test) */
static void
test_closed_while_downloading (void)
{
  GtkWidget *preview = rapport_attachments_preview (attachments (),
                                                    rapport_attachments_get_file_id (attachments (), "licence.pdf"));
  GWeakRef ref;

  g_assert_nonnull (preview);
  g_assert_cmpstr (rapport_attachment_preview_get_shown (RAPPORT_ATTACHMENT_PREVIEW (preview)), ==, "loading");
  g_weak_ref_init (&ref, preview);
  gtk_window_destroy (GTK_WINDOW (preview));
  /* the download holds the window until its answer, cancelled, has come */
  rapport_test_ui_wait_until (cancelled_and_gone, &ref, 30, "the preview freed");
  g_weak_ref_clear (&ref);
  g_assert_true (shows_files (GUINT_TO_POINTER (3)));
}

/* a page of 1 × 14,400 pt is drawn at most 8192 pixels high, without a
 * critical (fatal in the tests) */
static void
test_page_too_long (void)
{
  g_autoptr(GFile) strip = strip_pdf_file ();
  GSList files = { strip, NULL };
  GtkWidget *preview;
  GtkWidget *page;
  GdkPaintable *paintable;

  rapport_attachments_upload_files (attachments (), &files);
  rapport_test_ui_wait_until (shows_files, GUINT_TO_POINTER (4), 60, "the long strip attached");
  preview = rapport_attachments_preview (attachments (), rapport_attachments_get_file_id (attachments (), "strip.pdf"));
  g_assert_nonnull (preview);
  rapport_test_ui_wait_until (shows, (gpointer) "pages", 30, "the strip shown");
  g_assert_cmpuint (rapport_attachment_preview_get_n_pages (RAPPORT_ATTACHMENT_PREVIEW (preview)), ==, 1);
  rapport_test_ui_wait_until (all_pages_drawn, preview, 30, "the strip drawn");
  page = gtk_widget_get_last_child (CHILD (preview, RAPPORT_TYPE_ATTACHMENT_PREVIEW, "pages_box"));
  g_assert_true (GTK_IS_PICTURE (page));
  paintable = gtk_picture_get_paintable (GTK_PICTURE (page));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), <=, 8192);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), >=, 8000);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), >=, 1);
  close_preview (preview);
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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *rep = NULL;
  int status;

  files_dir = g_dir_make_tmp ("rapport-attachment-preview-XXXXXX", NULL);
  g_assert_nonnull (files_dir);
  g_test_init (&argc, &argv, NULL);
  lang = rapport_test_ui_init_locale ();

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"宁波康复医疗器械有限公司\"}");
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/attachment-preview/image-pdf-text", test_preview);
  g_test_add_func ("/ui/attachment-preview/closed-while-downloading", test_closed_while_downloading);
  g_test_add_func ("/ui/attachment-preview/page-too-long", test_page_too_long);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  remove_tree (files_dir);
  g_free (files_dir);
  return status;
}
