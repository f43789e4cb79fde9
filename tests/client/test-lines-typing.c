/* test-lines-typing.c: the lines grid typed at full speed through the X server: every key lands in the cell meant, and the amounts of the line typed in stay in view */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-test-keys.h"
#include "rapport-window.h"
#include "pages/rapport-document-page.h"
#include "widgets/rapport-document-lines.h"
#include "widgets/rapport-document-totals.h"
#include "crm-entity.h"
#include "crm-money.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define ROUNDS 50

static RapportTestServer *server;
static GtkWidget *window;
/* "-zh_CN" on the screenshots of a run in Chinese */
static char *suffix;
static char *director;
static gint64 submitted_id;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportDocumentPage *
document_page (GtkWidget *in)
{
  GtkWidget *child = gtk_stack_get_visible_child (GTK_STACK (CHILD (in, RAPPORT_TYPE_WINDOW, "content_stack")));

  return RAPPORT_IS_DOCUMENT_PAGE (child) ? RAPPORT_DOCUMENT_PAGE (child) : NULL;
}

static RapportDocumentLines *
lines (GtkWidget *in)
{
  return RAPPORT_DOCUMENT_LINES (rapport_test_ui_find_by_type (GTK_WIDGET (document_page (in)),
                                                               RAPPORT_TYPE_DOCUMENT_LINES));
}

static RapportDocumentTotals *
totals (GtkWidget *in)
{
  return RAPPORT_DOCUMENT_TOTALS (CHILD (document_page (in), RAPPORT_TYPE_DOCUMENT_PAGE, "totals"));
}

/* ---- the grid ---- */

typedef struct
{
  GtkWidget  *window;
  guint       line;
  const char *key;
} Cell;

static gboolean
focus_in (gpointer data)
{
  Cell *cell = data;
  GtkWidget *widget = rapport_document_lines_get_cell (lines (cell->window), cell->line, cell->key);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (cell->window));

  return widget && focus && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
wait_focus (GtkWidget  *in,
            guint       line,
            const char *key)
{
  Cell cell = { in, line, key };
  g_autofree char *what = g_strdup_printf ("the focus in line %u, %s", line + 1, key);

  rapport_test_ui_wait_until (focus_in, &cell, 10, what);
}

static const char *
cell_text (GtkWidget  *in,
           guint       line,
           const char *key)
{
  GtkWidget *cell = rapport_document_lines_get_cell (lines (in), line, key);

  g_assert_nonnull (cell);
  return GTK_IS_LABEL (cell) ? gtk_label_get_text (GTK_LABEL (cell)) : gtk_editable_get_text (GTK_EDITABLE (cell));
}

static char *
money_text (gint64 cents)
{
  return crm_money_format (crm_money_new (cents, 2), 2);
}

/* an amount in the totals: a new quote is in the company's currency */
static char *
amount_text (gint64 cents)
{
  g_autofree char *number = money_text (cents);

  return g_strdup_printf (_("%s %s"), number, "CNY");
}

static gboolean
quote_shown (gpointer data)
{
  return document_page (data) != NULL && lines (data) != NULL;
}

/* a new quote in @in, unless one is open */
static void
new_quote (GtkWidget *in)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (in, RAPPORT_TYPE_WINDOW, "section_list"));

  if (quote_shown (in))
    return;
  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (in), "quotes"));
  gtk_widget_activate_action (in, "win.new", NULL);
  rapport_test_ui_wait_until (quote_shown, in, 30, "the new quote");
  rapport_test_ui_settle (300);
}

/* an empty grid, the focus on the product of its one line */
static void
start_lines (GtkWidget *in)
{
  rapport_document_lines_set_lines (lines (in), NULL);
  gtk_widget_activate_action (GTK_WIDGET (lines (in)), "lines.add", NULL);
  wait_focus (in, 0, "product_id");
}

/* ---- what a person types, as fast as keys can go ---- */

/* the issue as it was seen: 100 in Quantity, Tab three times, 20 in Discount */
static void
test_quantity_then_discount (void)
{
  new_quote (window);
  start_lines (window);
  rapport_test_keys_send (window, "<Tab><Tab>");
  wait_focus (window, 0, "quantity");
  rapport_test_keys_send (window, "100<Tab><Tab><Tab>20");
  g_assert_cmpstr (cell_text (window, 0, "quantity"), ==, "100");
  g_assert_cmpstr (cell_text (window, 0, "unit"), ==, "");
  g_assert_cmpstr (cell_text (window, 0, "unit_price"), ==, "");
  g_assert_cmpstr (cell_text (window, 0, "discount"), ==, "20");
  g_assert_true (focus_in (&(Cell) { window, 0, "discount" }));
}

static void
assert_line (guint       line,
             const char *description,
             const char *quantity,
             const char *unit,
             const char *unit_price,
             const char *discount,
             const char *tax_rate)
{
  g_assert_cmpstr (cell_text (window, line, "description"), ==, description);
  g_assert_cmpstr (cell_text (window, line, "quantity"), ==, quantity);
  g_assert_cmpstr (cell_text (window, line, "unit"), ==, unit);
  g_assert_cmpstr (cell_text (window, line, "unit_price"), ==, unit_price);
  g_assert_cmpstr (cell_text (window, line, "discount"), ==, discount);
  g_assert_cmpstr (cell_text (window, line, "tax_rate"), ==, tax_rate);
}

/*
 * Three lines typed in one go, Tab, Shift+Tab and Ctrl+Enter between the
 * cells; on the way back one line moved up with Alt+Up and its quantity
 * typed over; fifty times, with the first quantity changing each time.
 */
static void
test_rounds (void)
{
  new_quote (window);
  for (guint round = 0; round < ROUNDS; round++)
    {
      guint q = round + 1;
      g_autofree char *keys = NULL;
      g_autofree char *quantity = g_strdup_printf ("%u", q);
      g_autofree char *net1 = money_text (1000 * q);
      g_autofree char *net_total = amount_text (1000 * q + 370370682);
      g_autofree char *tax13 = amount_text (130 * q);
      g_autofree char *tax6 = amount_text (22222222);
      g_autofree char *total = amount_text (1130 * q + 392592904);

      start_lines (window);
      keys = g_strconcat ("<Tab>item a<Tab>", quantity, "<Tab><Tab><Tab>20<S-Tab>12.5<S-Tab>pc<Tab><Tab><Tab>13",
                          "<C-Return><Tab>service b<Tab>2<Tab>day<Tab>1234567.89<Tab><Tab>6",
                          "<C-Return><Tab>c<Tab>7<Tab><Tab>0.5<Tab>10<Tab>0",
                          /* back to the second line's quantity, across the line's start; the line up first */
                          "<S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><A-Up>3", NULL);
      rapport_test_keys_send (window, keys);

      g_assert_cmpuint (g_list_model_get_n_items (rapport_document_lines_get_model (lines (window))), ==, 3);
      /* 3 × 1,234,567.89 = 3,703,703.67, 6 % = 222,222.22 */
      assert_line (0, "service b", "3", "day", "1234567.89", "", "6");
      /* 1 × 12.50 less 20 % = 10.00 a piece, 13 % */
      assert_line (1, "item a", quantity, "pc", "12.5", "20", "13");
      /* 7 × 0.50 less 10 % = 3.15, no tax */
      assert_line (2, "c", "7", "", "0.5", "10", "0");
      g_assert_true (focus_in (&(Cell) { window, 0, "quantity" }));
      g_assert_cmpstr (cell_text (window, 1, "net"), ==, net1);
      g_assert_cmpstr (rapport_document_totals_get_text (totals (window), "net_total"), ==, net_total);
      g_assert_cmpstr (rapport_document_totals_get_text (totals (window), "tax:13"), ==, tax13);
      g_assert_cmpstr (rapport_document_totals_get_text (totals (window), "tax:6"), ==, tax6);
      g_assert_cmpstr (rapport_document_totals_get_text (totals (window), "total"), ==, total);
    }
  g_free (rapport_test_ui_screenshot (window, "lines-typing"));
}

/* ---- in view at 1100 and 360 px ---- */

/* @widget lies inside @area and inside @in, as laid out now */
static gboolean
inside (GtkWidget *widget,
        GtkWidget *area,
        GtkWidget *in)
{
  graphene_rect_t bounds, visible;
  graphene_rect_t window_rect = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (in), gtk_widget_get_height (in));

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0 ||
      !gtk_widget_compute_bounds (widget, in, &bounds) || !gtk_widget_compute_bounds (area, in, &visible) ||
      !graphene_rect_intersection (&visible, &window_rect, &visible))
    return FALSE;
  return bounds.origin.x >= visible.origin.x - 0.5 && bounds.origin.y >= visible.origin.y - 0.5 &&
         bounds.origin.x + bounds.size.width <= visible.origin.x + visible.size.width + 0.5 &&
         bounds.origin.y + bounds.size.height <= visible.origin.y + visible.size.height + 0.5;
}

/* the focused cell shows whole: in the grid's scrolled area, in the page's, in the window */
static gboolean
focus_in_view (gpointer data)
{
  GtkWidget *in = data;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (in));
  GtkWidget *grid = rapport_test_ui_find_by_type (GTK_WIDGET (lines (in)), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (lines (in)), GTK_TYPE_SCROLLED_WINDOW);

  return focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (lines (in))) &&
         inside (focus, grid, in) && inside (focus, page, in);
}

/* "Net 10.00": a column's name, translated, and its amount */
static char *
summary_part (CrmEntity  *item,
              const char *key,
              const char *amount)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (item);

  return g_strdup_printf (C_("line summary", "%s %s"),
                          crm_field_spec_get_label (&klass->fields[crm_entity_class_find_json_key (klass, key)]), amount);
}

/* the computed amounts of @line show whole in the page: in their columns or under the grid */
static gboolean
amounts_in_view (GtkWidget  *in,
                 guint       line,
                 const char *net,
                 const char *tax,
                 const char *gross)
{
  GtkWidget *grid = rapport_test_ui_find_by_type (GTK_WIDGET (lines (in)), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (lines (in)), GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(CrmEntity) item = g_list_model_get_item (rapport_document_lines_get_model (lines (in)), line);
  g_autofree char *net_part = summary_part (item, "net", net);
  g_autofree char *tax_part = summary_part (item, "tax", tax);
  g_autofree char *gross_part = summary_part (item, "gross", gross);
  g_autofree char *expected = g_strdup_printf (_("Line %u: %s · %s · %s"), line + 1, net_part, tax_part, gross_part);
  GtkWidget *summary = rapport_test_ui_find_label (GTK_WIDGET (lines (in)), expected);
  gboolean in_columns = TRUE;

  for (const char * const *key = (const char * const[]) { "net", "tax", "gross", NULL }; *key; key++)
    {
      GtkWidget *cell = rapport_document_lines_get_cell (lines (in), line, *key);

      in_columns &= inside (cell, grid, in) && inside (cell, page, in);
    }
  g_assert_cmpstr (cell_text (in, line, "net"), ==, net);
  g_assert_cmpstr (cell_text (in, line, "gross"), ==, gross);
  if (in_columns)
    return TRUE;
  return summary != NULL && inside (summary, page, in);
}

/* a line typed at @width px, to its last cell and back to its first */
static void
type_in_window (int         width,
                int         height,
                const char *screenshot)
{
  GtkWidget *in = rapport_test_ui_open_window (width, height);
  g_autofree char *net = money_text (9876543120);
  g_autofree char *tax = money_text (1283950606);
  g_autofree char *gross = money_text (11160493726);
  g_autofree char *shot = NULL;
  g_autofree char *back = NULL;

  rapport_test_ui_sign_in (in, server->base_url, "dora", PASSWORD);
  new_quote (in);
  start_lines (in);
  /* 100 × 1,234,567.89 less 20 % = 98,765,431.20, 13 % */
  rapport_test_keys_send (in, "<Tab>item a<Tab>100<Tab>pc<Tab>1234567.89<Tab>20<Tab>13");
  wait_focus (in, 0, "tax_rate");
  rapport_test_ui_wait_until (focus_in_view, in, 10, "the tax rate cell in view");
  g_assert_true (amounts_in_view (in, 0, net, tax, gross));
  shot = g_strconcat (screenshot, suffix, NULL);
  back = g_strconcat (screenshot, "-back", suffix, NULL);
  g_free (rapport_test_ui_screenshot (in, shot));

  /* back to the description, on the left */
  rapport_test_keys_send (in, "<S-Tab><S-Tab><S-Tab><S-Tab><S-Tab>");
  wait_focus (in, 0, "description");
  rapport_test_ui_wait_until (focus_in_view, in, 10, "the description cell in view");
  g_assert_true (amounts_in_view (in, 0, net, tax, gross));
  g_free (rapport_test_ui_screenshot (in, back));
  gtk_window_destroy (GTK_WINDOW (in));
}

static void
test_1100 (void)
{
  type_in_window (1100, 800, "lines-typing-1100");
}

static void
test_360 (void)
{
  type_in_window (360, 720, "lines-typing-360");
}

/* ---- what a cell shows whole, and read-only cells in dark style ---- */

/* the text @editable shows fits in it */
static gboolean
shows_whole (GtkWidget *editable)
{
  GtkWidget *text = GTK_IS_TEXT (editable) ? editable : gtk_widget_get_first_child (editable);
  PangoLayout *layout;
  int width;

  while (text && !GTK_IS_TEXT (text))
    text = gtk_widget_get_next_sibling (text);
  g_assert_nonnull (text);
  layout = gtk_widget_create_pango_layout (text, gtk_editable_get_text (GTK_EDITABLE (editable)));
  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_unref (layout);
  return width <= gtk_widget_get_width (text);
}

static void
test_unit_price_width (void)
{
  new_quote (window);
  start_lines (window);
  rapport_test_keys_send (window, "<Tab>item a<Tab>1<Tab>pc<Tab>1234567.8900<Tab>");
  rapport_test_ui_settle (200);
  g_assert_cmpstr (cell_text (window, 0, "unit_price"), ==, "1234567.8900");
  g_assert_true (shows_whole (rapport_document_lines_get_cell (lines (window), 0, "unit_price")));
}

static gint64
submitted_quote (void)
{
  gint64 account = rapport_test_create (server, director, "accounts", "{\"name\":\"Dark Clinic\"}");
  gint64 product = rapport_test_create (server, director, "products", "{\"code\":\"DK-1\",\"name\":\"Dark analyser\","
                                        "\"unit\":\"pc\",\"list_price\":\"1234567.89\",\"currency\":\"CNY\"}");
  g_autofree char *body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\",\"lines\":["
                                           "{\"product_id\":%" G_GINT64_FORMAT ",\"description\":\"Analyser\","
                                           "\"quantity\":\"3\",\"unit\":\"pc\",\"unit_price\":\"1234567.8900\","
                                           "\"discount\":\"5\",\"tax_rate\":\"13\"}]}",
                                           account, product);
  gint64 id = rapport_test_create (server, director, "quotes", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/quotes/%" G_GINT64_FORMAT "/submit", id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, director, "{}");

  g_assert_cmpuint (reply->status, ==, 200);
  return id;
}

static gboolean
read_only_shown (gpointer data)
{
  RapportDocumentPage *page = document_page (data);

  return page && !rapport_document_page_get_busy (page) && lines (data) &&
         g_list_model_get_n_items (rapport_document_lines_get_model (lines (data))) == 1 &&
         rapport_document_lines_get_cell (lines (data), 0, "net") &&
         cell_text (data, 0, "net")[0] != '\0' &&
         rapport_test_ui_find_label_containing (rapport_document_lines_get_cell (lines (data), 0, "product_id"), "Dark analyser");
}

static double
luminance (const guchar *bgra)
{
  double channel[3];

  for (guint i = 0; i < 3; i++)
    {
      double c = bgra[2 - i] / 255.0;

      channel[i] = c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2];
}

/* the contrast (WCAG) between the lightest and the darkest pixel drawn where @widget is: its text on its background */
static double
contrast (const char *screenshot,
          GtkWidget  *widget,
          GtkWidget  *in)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (screenshot, NULL);
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  graphene_rect_t bounds;
  double lightest = 0, darkest = 1;

  g_assert_true (gtk_widget_compute_bounds (widget, in, &bounds));
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = MAX (0, (int) bounds.origin.y); y < MIN (height, (int) (bounds.origin.y + bounds.size.height)); y++)
    for (int x = MAX (0, (int) bounds.origin.x); x < MIN (width, (int) (bounds.origin.x + bounds.size.width)); x++)
      {
        double l = luminance (pixels + ((gsize) y * width + x) * 4);

        lightest = MAX (lightest, l);
        darkest = MIN (darkest, l);
      }
  return (lightest + 0.05) / (darkest + 0.05);
}

static void
test_read_only_dark (void)
{
  GtkWidget *in = rapport_test_ui_open_window (1400, 900);
  g_autofree char *path = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  rapport_test_ui_sign_in (in, server->base_url, "dora", PASSWORD);
  rapport_window_open_record (RAPPORT_WINDOW (in), "quotes", submitted_id, NULL);
  rapport_test_ui_wait_until (read_only_shown, in, 30, "the submitted quote");
  rapport_test_ui_settle (300);
  path = rapport_test_ui_screenshot (in, "lines-read-only-dark");
  /* read at least as well as body text must be (WCAG AA: 4.5) */
  for (const char * const *key = (const char * const[]) { "product_id", "description", "quantity", "unit_price", "net", NULL };
       *key; key++)
    {
      GtkWidget *cell = rapport_document_lines_get_cell (lines (in), 0, *key);
      double ratio = contrast (path, GTK_IS_ENTRY (cell) ? cell : gtk_widget_get_first_child (cell) ?
                                                            gtk_widget_get_first_child (cell) : cell, in);

      g_test_message ("%s: contrast %.1f", *key, ratio);
      g_assert_cmpfloat (ratio, >=, 4.5);
    }
  g_assert_true (shows_whole (rapport_document_lines_get_cell (lines (in), 0, "unit_price")));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (in));
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  int status;

  g_test_init (&argc, &argv, NULL);
  suffix = lang ? g_strdup_printf ("-%s", lang) : g_strdup ("");
  rapport_test_ui_init_locale ();

  server = rapport_test_server_start ();

  director = rapport_test_server_add_user (server, "dora", "director");
  submitted_id = submitted_quote ();

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "dora", PASSWORD);

  /* in Chinese: what the narrow window shows */
  g_test_add_func ("/lines-typing/360", test_360);
  if (lang == NULL)
    {
      g_test_add_func ("/lines-typing/quantity-then-discount", test_quantity_then_discount);
      g_test_add_func ("/lines-typing/rounds", test_rounds);
      g_test_add_func ("/lines-typing/1100", test_1100);
      g_test_add_func ("/lines-typing/unit-price-width", test_unit_price_width);
      g_test_add_func ("/lines-typing/read-only-dark", test_read_only_dark);
    }

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (director);
  g_free (suffix);
  rapport_test_server_stop (server);
  return status;
}
