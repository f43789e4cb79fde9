/* test-print-preview.c: a quote's print preview drawn in the client by the shared renderer, paged and zoomed at the keyboard, under Xvfb against a real rapportd */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-test-keys.h"
#include "rapport-window.h"
#include "pages/rapport-document-page.h"
#include "widgets/rapport-print-preview.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

/* a quote of this many lines prints on several pages */
#define N_LINES 70

static RapportTestServer *server;
static GtkWidget *window;
static gint64 quote_id;
static char *tmp_dir;
static const char *suffix = "";

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static GtkStack *
content_stack (void)
{
  return GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
}

static gboolean
document_loaded (gpointer data)
{
  return rapport_document_page_get_entity (data) != NULL;
}

/* ---- what the preview shows ---- */

typedef struct
{
  guint  dark;     /* text and rules */
  guint  white;    /* paper */
  char  *checksum; /* of every pixel */
} Pixels;

static void
pixels_clear (Pixels *pixels)
{
  g_free (pixels->checksum);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pixels, pixels_clear)

/* The drawing area's pixels, as GTK renders it now; kept as @name.png in
 * the screenshot directory when @name is given */
static void
area_pixels_now (RapportPrintPreview *preview,
                 Pixels              *out,
                 const char          *name)
{
  GtkWidget *area = CHILD (preview, RAPPORT_TYPE_PRINT_PREVIEW, "page_area");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (area);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  int width, height;
  gsize stride;

  rapport_test_ui_settle (200);
  width = gtk_widget_get_width (area);
  height = gtk_widget_get_height (area);
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (preview)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);

  out->dark = out->white = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;

        if (p[0] < 100 && p[1] < 100 && p[2] < 100)
          out->dark++;
        else if (p[0] == 255 && p[1] == 255 && p[2] == 255)
          out->white++;
      }
  out->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, stride * height);
  if (name != NULL)
    {
      const char *dir = g_getenv ("RAPPORT_SCREENSHOT_DIR") ? g_getenv ("RAPPORT_SCREENSHOT_DIR") : ".";
      g_autofree char *file = g_strdup_printf ("%s.png", name);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      g_mkdir_with_parents (dir, 0755);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("area: %s", path);
    }
}

/* The drawing area's pixels once they stop changing: a width that the
 * window's layout is still settling is drawn again */
static void
area_pixels (RapportPrintPreview *preview,
             Pixels              *out,
             const char          *name)
{
  g_auto(Pixels) before = { 0 };

  area_pixels_now (preview, &before, NULL);
  for (guint i = 0; i < 50; i++)
    {
      area_pixels_now (preview, out, NULL);
      if (g_str_equal (out->checksum, before.checksum))
        break;
      pixels_clear (&before);
      before = *out;
      *out = (Pixels) { 0 };
    }
  g_assert_cmpstr (out->checksum, ==, before.checksum);
  if (name != NULL)
    {
      pixels_clear (out);
      area_pixels_now (preview, out, name);
    }
}

static const char *
page_label (RapportPrintPreview *preview)
{
  return gtk_label_get_label (GTK_LABEL (CHILD (preview, RAPPORT_TYPE_PRINT_PREVIEW, "page_label")));
}

static void
assert_page_label (RapportPrintPreview *preview,
                   guint                page,
                   guint                n_pages)
{
  g_autofree char *expected = g_strdup_printf (_("Page %u of %u"), page, n_pages);

  g_assert_cmpstr (page_label (preview), ==, expected);
}

static gboolean
area_drawn (gpointer data)
{
  GtkWidget *area = CHILD (data, RAPPORT_TYPE_PRINT_PREVIEW, "page_area");

  return gtk_widget_get_mapped (area) && gtk_widget_get_width (area) > 100;
}

/* the files in the temporary directory, one a line */
static char *
tmp_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  GString *names = g_string_new (NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    g_string_append_printf (names, "%s\n", name);
  return g_string_free (names, FALSE);
}

static gboolean
preview_shown (gpointer data)
{
  return rapport_test_ui_find_dialog (RAPPORT_TYPE_PRINT_PREVIEW) != NULL;
}

static void
test_preview (void)
{
  GtkWidget *page;
  RapportPrintPreview *preview;
  g_auto(Pixels) first = { 0 };
  g_auto(Pixels) second = { 0 };
  g_auto(Pixels) again = { 0 };
  g_autofree char *files_before = NULL;
  g_autofree char *files = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *name = NULL;
  guint n_pages;
  double fitted, zoom;

  rapport_window_open_record (RAPPORT_WINDOW (window), "quotes", quote_id, NULL);
  page = gtk_stack_get_visible_child (content_stack ());
  g_assert_true (RAPPORT_IS_DOCUMENT_PAGE (page));
  rapport_test_ui_wait_until (document_loaded, page, 30, "the quote");

  /* the menu's Print preview, as the user picks it */
  files_before = tmp_files ();
  g_assert_true (gtk_widget_activate_action (page, "document.preview", NULL));
  rapport_test_ui_wait_until (preview_shown, NULL, 30, "the print preview window");
  preview = RAPPORT_PRINT_PREVIEW (rapport_test_ui_find_dialog (RAPPORT_TYPE_PRINT_PREVIEW));
  rapport_test_ui_wait_until (area_drawn, preview, 10, "the page drawn");

  /* a quote of 70 lines: page 1 of several, drawn with text on white paper */
  n_pages = rapport_print_preview_get_n_pages (preview);
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (rapport_print_preview_get_page (preview), ==, 0);
  assert_page_label (preview, 1, n_pages);
  g_assert_true (rapport_print_preview_get_fit_width (preview));
  area_pixels (preview, &first, "print-preview-area-page-1");
  g_test_message ("page 1: %u dark, %u white pixels", first.dark, first.white);
  g_assert_cmpuint (first.dark, >, 2000);
  g_assert_cmpuint (first.white, >, 100000);
  name = g_strdup_printf ("print-preview%s", suffix);
  shot = rapport_test_ui_screenshot (GTK_WIDGET (preview), name);
  g_clear_pointer (&name, g_free);

  /* Page Down: page 2, drawn otherwise; Page Up: page 1 again, as it was */
  rapport_test_keys_send (GTK_WIDGET (preview), "<Next>");
  g_assert_cmpuint (rapport_print_preview_get_page (preview), ==, 1);
  assert_page_label (preview, 2, n_pages);
  area_pixels (preview, &second, NULL);
  g_assert_cmpuint (second.dark, >, 2000);
  g_assert_cmpstr (second.checksum, !=, first.checksum);
  name = g_strdup_printf ("print-preview-page-2%s", suffix);
  g_free (rapport_test_ui_screenshot (GTK_WIDGET (preview), name));
  g_clear_pointer (&name, g_free);
  rapport_test_keys_send (GTK_WIDGET (preview), "<Prior>");
  assert_page_label (preview, 1, n_pages);
  area_pixels (preview, &again, NULL);
  if (!g_str_equal (again.checksum, first.checksum))
    {
      g_auto(Pixels) kept = { 0 };

      /* what differs, for whoever reads the failure */
      area_pixels_now (preview, &kept, "print-preview-page-1-again");
      rapport_print_preview_set_page (preview, 1);
      rapport_print_preview_set_page (preview, 0);
    }
  g_assert_cmpstr (again.checksum, ==, first.checksum);
  /* no page before the first, none after the last */
  rapport_test_keys_send (GTK_WIDGET (preview), "<Prior>");
  g_assert_cmpuint (rapport_print_preview_get_page (preview), ==, 0);
  for (guint i = 0; i < n_pages + 2; i++)
    rapport_test_keys_send (GTK_WIDGET (preview), "<Next>");
  assert_page_label (preview, n_pages, n_pages);
  rapport_print_preview_set_page (preview, 0);

  /* Ctrl+plus zooms in from the fitted width, Ctrl+minus out, Ctrl+0 is 100 % */
  fitted = rapport_print_preview_get_zoom (preview);
  rapport_test_keys_send (GTK_WIDGET (preview), "<C-equal>");
  zoom = rapport_print_preview_get_zoom (preview);
  g_assert_false (rapport_print_preview_get_fit_width (preview));
  g_assert_cmpfloat (zoom, >, fitted);
  rapport_test_keys_send (GTK_WIDGET (preview), "<C-minus>");
  g_assert_cmpfloat (rapport_print_preview_get_zoom (preview), <, zoom);
  rapport_test_keys_send (GTK_WIDGET (preview), "<C-0>");
  g_assert_cmpfloat_with_epsilon (rapport_print_preview_get_zoom (preview), 1.0, 1e-9);
  {
    g_autofree char *hundred = g_strdup_printf (_("%.0f %%"), 100.0);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (CHILD (preview, RAPPORT_TYPE_PRINT_PREVIEW, "zoom_label"))),
                     ==, hundred);
  }
  /* at 100 % an A4 page is 794 px wide, wider than the window's fit */
  g_assert_cmpint (gtk_drawing_area_get_content_width (GTK_DRAWING_AREA (CHILD (preview, RAPPORT_TYPE_PRINT_PREVIEW,
                                                                                 "page_area"))), >=, 794);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.fit-width", NULL));
  g_assert_true (rapport_print_preview_get_fit_width (preview));
  g_assert_cmpfloat_with_epsilon (rapport_print_preview_get_zoom (preview), fitted, 1e-9);

  /* nothing was written to show it */
  files = tmp_files ();
  g_assert_cmpstr (files, ==, files_before);

  gtk_window_close (GTK_WINDOW (preview));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_PRINT_PREVIEW, "the preview closed");
  g_free (files);
  files = tmp_files ();
  g_assert_cmpstr (files, ==, files_before);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autoptr(GString) quote = g_string_new (NULL);
  gint64 account_id, product_id;
  int status;

  /* a temporary directory of its own, to see that the preview leaves nothing there */
  tmp_dir = g_dir_make_tmp ("rapport-print-preview-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_setenv ("TMPDIR", tmp_dir, TRUE);

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  account_id = rapport_test_create (server, server->admin_token, "accounts",
                                    "{\"name\":\"Preview Hospital 预览医院\",\"address\":\"1 Preview Road\\nTest City\"}");
  product_id = rapport_test_create (server, server->admin_token, "products",
                                    "{\"code\":\"PV-1\",\"name\":\"Preview analyser\",\"unit\":\"pc\","
                                    "\"list_price\":\"100\",\"currency\":\"CNY\",\"tax_rate\":\"13\"}");
  /* a draft, printed in the language under test */
  g_string_append_printf (quote, "{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"template\":\"%s\","
                          "\"title\":\"Preview of many lines\",\"lines\":[", account_id, lang ? lang : "en");
  for (guint i = 0; i < N_LINES; i++)
    g_string_append_printf (quote, "%s{\"product_id\":%" G_GINT64_FORMAT ",\"description\":\"Analyser %u\","
                            "\"quantity\":\"%u\",\"unit_price\":\"100\",\"discount\":\"%u\",\"tax_rate\":\"13\"}",
                            i > 0 ? "," : "", product_id, i + 1, 1 + i % 5, i % 3 == 0 ? 10 : 0);
  g_string_append (quote, "]}");
  quote_id = rapport_test_create (server, server->admin_token, "quotes", quote->str);

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "admin", server->admin_password);

  g_test_add_func ("/print-preview/pages-and-zoom", test_preview);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
