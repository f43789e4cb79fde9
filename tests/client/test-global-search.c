/* test-global-search.c: Ctrl+K finds any record as the user types, at full speed through the X server, grouped by kind, and opens it from the keyboard */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-test-keys.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-global-search.h"
#include "widgets/rapport-search-hit.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static RapportTestServer *server;
static GtkWidget *window;
static char *suffix;
static gint64 kangtai;

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportGlobalSearch *
search (void)
{
  return RAPPORT_GLOBAL_SEARCH (CHILD (window, RAPPORT_TYPE_WINDOW, "global_search"));
}

static GtkWidget *
entry (void)
{
  return CHILD (search (), RAPPORT_TYPE_GLOBAL_SEARCH, "search_entry");
}

/* ---- what the search shows ---- */

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (search ())) == GPOINTER_TO_INT (data);
}

static gboolean
shows_term (gpointer data)
{
  return g_strcmp0 (rapport_global_search_get_shown_term (search ()), data) == 0;
}

static RapportSearchHit *
hit_at (guint position)
{
  GListModel *hits = rapport_global_search_get_hits (search ());
  g_autoptr(RapportSearchHit) hit = g_list_model_get_item (hits, position);

  return hit;
}

static gboolean
focus_in_entry (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == entry () || gtk_widget_is_ancestor (focus, entry ()));
}

typedef struct
{
  const char *collection;
  const char *title;
} Opened;

static gboolean
record_open (gpointer data)
{
  Opened *wanted = data;
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));

  return RAPPORT_IS_RECORD_PAGE (page) &&
         g_strcmp0 (rapport_record_page_get_title (RAPPORT_RECORD_PAGE (page)), wanted->title) == 0;
}

static void
wait_record (const char *collection,
             const char *title)
{
  Opened wanted = { collection, title };
  g_autofree char *what = g_strdup_printf ("the record page of %s", title);
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), collection);

  rapport_test_ui_wait_until (record_open, &wanted, 30, what);
  /* in its own section, as when opened from its list, the search closed */
  g_assert_true (gtk_list_box_row_is_selected (row));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (search ())));
}

static gboolean
list_shown (gpointer data)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));

  return page != NULL && !RAPPORT_IS_RECORD_PAGE (page);
}

static void
close_record (void)
{
  if (!list_shown (NULL))
    gtk_widget_activate_action (window, "win.close-page", NULL);
  rapport_test_ui_wait_until (list_shown, NULL, 30, "the record page to close");
}

/* where the popover's box is on the window, its shadow aside */
static void
popover_place (double *x,
               double *y)
{
  GtkWidget *popover = GTK_WIDGET (search ());
  GdkSurface *popup = gtk_native_get_surface (GTK_NATIVE (popover));
  double wx, wy, px, py;

  gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  *x = gdk_popup_get_position_x (GDK_POPUP (popup)) + px - wx;
  *y = gdk_popup_get_position_y (GDK_POPUP (popup)) + py - wy;
}

/* the window with the popover drawn where it shows */
static void
screenshot (const char *name)
{
  GtkWidget *popover = GTK_WIDGET (search ());
  g_autoptr(GdkPaintable) under = gtk_widget_paintable_new (window);
  g_autoptr(GdkPaintable) over = gtk_widget_paintable_new (popover);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, suffix);
  const char *dir = g_getenv ("RAPPORT_SCREENSHOT_DIR") ? g_getenv ("RAPPORT_SCREENSHOT_DIR") : ".";
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  double x = 0, y = 0;

  rapport_test_ui_settle (300);
  gdk_paintable_snapshot (under, GDK_SNAPSHOT (snapshot), width, height);
  if (gtk_widget_get_mapped (popover))
    {
      popover_place (&x, &y);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gdk_paintable_snapshot (over, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (popover), gtk_widget_get_height (popover));
    }
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
open_search (void)
{
  rapport_test_keys_send (window, "<C-k>");
  rapport_test_ui_wait_until (popover_shown, GINT_TO_POINTER (TRUE), 10, "the search to open");
  rapport_test_ui_wait_until (focus_in_entry, NULL, 10, "the focus in the search entry");
}

/* Ctrl+K, "kt" at full speed: 康泰医疗器械 under Accounts; Down, Enter opens it */
static void
test_type_ahead (void)
{
  RapportSearchHit *first;
  GtkWidget *heading;

  open_search ();
  rapport_test_keys_send (window, "kt");
  rapport_test_ui_wait_until (shows_term, "kt", 30, "the hits of “kt”");
  first = hit_at (0);
  g_assert_nonnull (first);
  g_assert_cmpstr (rapport_search_hit_get_collection (first), ==, "accounts");
  g_assert_cmpstr (rapport_search_hit_get_title (first), ==, "康泰医疗器械");
  g_assert_cmpint (rapport_search_hit_get_id (first), ==, kangtai);
  g_assert_cmpstr (rapport_search_hit_get_heading (first), ==, _("Accounts"));
  /* the heading shows over the hit */
  heading = rapport_test_ui_find_label (GTK_WIDGET (search ()), _("Accounts"));
  g_assert_nonnull (heading);
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (search ()), "康泰医疗器械"));
  screenshot ("global-search");

  rapport_test_keys_send (window, "<Down><Return>");
  wait_record ("accounts", "康泰医疗器械");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (search ())));
}

/* Enter typed before the answer comes opens the first hit of what was typed */
static void
test_enter_before_answer (void)
{
  static const char * const terms[] = { "kangtai", "ktyl", "kangta", "ktylqx", "kangt", "yiliao" };

  for (guint round = 0; round < G_N_ELEMENTS (terms); round++)
    {
      g_autofree char *keys = g_strdup_printf ("<C-k>%s<Return>", terms[round]);

      close_record ();
      rapport_test_keys_send (window, keys);
      wait_record ("accounts", "康泰医疗器械");
      g_assert_cmpstr (rapport_global_search_get_shown_term (search ()), ==, terms[round]);
    }
}

/* Down from the entry into the hits, Down again to the next kind, Up back to the entry, Enter opens the one chosen */
static void
test_keyboard (void)
{
  RapportSearchHit *second;

  close_record ();
  open_search ();
  rapport_test_keys_send (window, "wangxiaoming");
  rapport_test_ui_wait_until (shows_term, "wangxiaoming", 30, "the hits of “wangxiaoming”");
  g_assert_cmpstr (rapport_search_hit_get_collection (hit_at (0)), ==, "contacts");
  /* a term asked for while another is on its way: only the last one's hits show */
  rapport_test_keys_send (window, "<Esc>");
  rapport_test_ui_wait_until (popover_shown, GINT_TO_POINTER (FALSE), 10, "Escape to close the search");
  open_search ();
  rapport_test_keys_send (window, "kangta");
  rapport_test_ui_settle (200);
  rapport_test_keys_send (window, "i");
  rapport_test_ui_wait_until (shows_term, "kangtai", 30, "the hits of “kangtai”");

  g_assert_cmpstr (rapport_search_hit_get_collection (hit_at (0)), ==, "accounts");
  second = hit_at (1);
  g_assert_nonnull (second);
  g_assert_cmpstr (rapport_search_hit_get_collection (second), ==, "contacts");
  g_assert_cmpstr (rapport_search_hit_get_heading (second), ==, _("Contacts"));
  g_assert_cmpstr (rapport_search_hit_get_collection (hit_at (2)), ==, "products");
  rapport_test_keys_send (window, "<Down><Up>");
  rapport_test_ui_wait_until (focus_in_entry, NULL, 10, "Up from the first hit to go back to the entry");
  rapport_test_keys_send (window, "<Down><Down><Return>");
  wait_record ("contacts", "王小明");
}

/* a term too short is not sent; Escape closes */
static void
test_short_term (void)
{
  guint requests;
  RapportApi *api = rapport_test_ui_api (window);

  close_record ();
  open_search ();
  requests = rapport_api_get_request_count (api);
  rapport_test_keys_send (window, "k");
  rapport_test_ui_wait_until (shows_term, "k", 10, "the hint for one letter");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_global_search_get_hits (search ())), ==, 0);
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (search ()),
                                                _("Type at least two letters or digits, or one Chinese character")));
  g_assert_cmpuint (rapport_api_get_request_count (api), ==, requests);
  rapport_test_keys_send (window, "<Esc>");
  rapport_test_ui_wait_until (popover_shown, GINT_TO_POINTER (FALSE), 10, "Escape to close the search");
}

/* with the field empty, the records opened last, newest first, each opened with Enter */
static void
test_recent (void)
{
  RapportSearchHit *first;
  RapportSearchHit *second;

  close_record ();
  open_search ();
  rapport_test_keys_send (window, "<BackSpace>");
  rapport_test_ui_wait_until (shows_term, "", 30, "the recent records");
  first = hit_at (0);
  second = hit_at (1);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpstr (rapport_search_hit_get_collection (first), ==, "contacts");
  g_assert_cmpstr (rapport_search_hit_get_title (first), ==, "王小明");
  g_assert_cmpstr (rapport_search_hit_get_heading (first), ==, _("Recent"));
  g_assert_cmpstr (rapport_search_hit_get_collection (second), ==, "accounts");
  g_assert_cmpint (rapport_search_hit_get_id (second), ==, kangtai);
  /* opened again and again, a record is listed once */
  g_assert_cmpuint (g_list_model_get_n_items (rapport_global_search_get_hits (search ())), ==, 2);
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (search ()), _("Recent")));
  screenshot ("global-search-recent");
  rapport_test_keys_send (window, "<Down><Down><Return>");
  wait_record ("accounts", "康泰医疗器械");
}

static gboolean
window_narrow (gpointer data)
{
  return gtk_widget_get_width (window) <= 400;
}

/* on a phone-sized window the search fits inside it */
static void
test_narrow (void)
{
  double x, y;

  close_record ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  rapport_test_ui_wait_until (window_narrow, NULL, 10, "the window to be narrow");
  open_search ();
  rapport_test_keys_send (window, "kt");
  rapport_test_ui_wait_until (shows_term, "kt", 30, "the hits of “kt”");
  rapport_test_ui_settle (200);
  /* the popover's box and its padding, its shadow aside, inside the window */
  g_assert_cmpint (gtk_widget_get_width (gtk_popover_get_child (GTK_POPOVER (search ()))) + 24, <=, gtk_widget_get_width (window));
  popover_place (&x, &y);
  g_assert_true (gtk_widget_translate_coordinates (gtk_popover_get_child (GTK_POPOVER (search ())), GTK_WIDGET (search ()),
                                                   x, y, &x, &y));
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (x + gtk_widget_get_width (gtk_popover_get_child (GTK_POPOVER (search ()))), <=, gtk_widget_get_width (window));
  g_assert_cmpstr (rapport_search_hit_get_title (hit_at (0)), ==, "康泰医疗器械");
  screenshot ("global-search-narrow");
  rapport_test_keys_send (window, "<Return>");
  wait_record ("accounts", "康泰医疗器械");
  close_record ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
}

/* another user on the same computer is not shown what the first one opened */
static void
test_recent_per_user (void)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  rapport_test_ui_settle (200);
  rapport_test_ui_sign_in (window, server->base_url, "search.other", "correct horse battery");
  open_search ();
  rapport_test_ui_wait_until (shows_term, "", 30, "the empty search");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_global_search_get_hits (search ())), ==, 0);
  rapport_test_keys_send (window, "<Esc>");
  rapport_test_ui_wait_until (popover_shown, GINT_TO_POINTER (FALSE), 10, "Escape to close the search");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *rep = NULL;
  g_autofree char *contact = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  suffix = lang ? g_strdup_printf ("-%s", lang) : g_strdup ("");
  if (lang)
    /* the headings are translated, or this test would prove nothing in Chinese */
    g_assert_cmpstr (_("Accounts"), !=, "Accounts");

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "search.rep", "sales");
  g_free (rapport_test_server_add_user (server, "search.other", "sales"));
  kangtai = rapport_test_create (server, rep, "accounts", "{\"name\":\"康泰医疗器械\",\"phone\":\"021-5555 0101\"}");
  rapport_test_create (server, rep, "accounts", "{\"name\":\"上海华东医药\",\"phone\":\"021-6666 0202\"}");
  contact = g_strdup_printf ("{\"name\":\"王小明\",\"account_id\":%" G_GINT64_FORMAT ",\"email\":\"xiaoming@kangtai.example\"}",
                             kangtai);
  rapport_test_create (server, rep, "contacts", contact);
  rapport_test_create (server, server->admin_token, "products",
                       "{\"code\":\"KT-VENT-01\",\"name\":\"康泰呼吸机\",\"currency\":\"CNY\"}");

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "search.rep", "correct horse battery");

  g_test_add_func ("/global-search/type-ahead", test_type_ahead);
  g_test_add_func ("/global-search/enter-before-answer", test_enter_before_answer);
  g_test_add_func ("/global-search/keyboard", test_keyboard);
  g_test_add_func ("/global-search/recent", test_recent);
  g_test_add_func ("/global-search/short-term", test_short_term);
  g_test_add_func ("/global-search/narrow", test_narrow);
  g_test_add_func ("/global-search/recent-per-user", test_recent_per_user);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  g_free (suffix);
  return status;
}
