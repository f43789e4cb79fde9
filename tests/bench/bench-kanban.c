/* bench-kanban.c: the opportunities' board with N open opportunities under Xvfb, against a real rapportd:
 * the time from opening the board to every column filled, and the frames while a column scrolls */
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-opportunity-board.h"
#include "pages/rapport-opportunity-column.h"
#include "crm-money.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))
/* a frame's budget at 60 Hz */
#define FRAME_US 16667

static GtkWidget *window;

static RapportOpportunityBoard *
board (void)
{
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")),
                                                 "opportunities");

  return page ? RAPPORT_OPPORTUNITY_BOARD (rapport_test_ui_find_by_type (page, RAPPORT_TYPE_OPPORTUNITY_BOARD)) : NULL;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The main loop runs as the application's does, blocking until something
 * comes (the test helpers' waits sleep between iterations, which would
 * slow every answer read in many pieces); a tick of 1 ms checks @done. */
static void
run_until (GSourceFunc done,
           guint       timeout_seconds,
           const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (1, wake, NULL);

  while (!done (NULL))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
first_cards_shown (gpointer data)
{
  RapportOpportunityColumn *column = board () ? rapport_opportunity_board_get_column (board (), 0) : NULL;

  return column != NULL && g_list_model_get_n_items (rapport_opportunity_column_get_model (column)) > 0;
}

static gboolean
board_complete (gpointer data)
{
  return board () != NULL && rapport_opportunity_board_get_complete (board ());
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         step;
  guint          max_frames;
  GArray        *intervals;
  GArray        *work;
  gint64         last_frame;
  gint64         update_started;
  gboolean       done;
} Scroll;

static void
on_update (GdkFrameClock *clock,
           Scroll        *scroll)
{
  scroll->update_started = g_get_monotonic_time ();
}

/* a frame's own work: from its update to the end of its painting */
static void
on_after_paint (GdkFrameClock *clock,
                Scroll        *scroll)
{
  gint64 work;

  if (scroll->done || scroll->update_started == 0)
    return;
  work = g_get_monotonic_time () - scroll->update_started;
  g_array_append_val (scroll->work, work);
}

/* each frame scrolls the column on by @step pixels */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Scroll *scroll = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_adjustment_get_value (scroll->adjustment);
  double end = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);

  if (scroll->last_frame != 0)
    {
      gint64 interval = now - scroll->last_frame;

      g_array_append_val (scroll->intervals, interval);
    }
  scroll->last_frame = now;
  if (value >= end || scroll->intervals->len >= scroll->max_frames)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (scroll->adjustment, MIN (value + scroll->step, end));
  return G_SOURCE_CONTINUE;
}

static Scroll scroll;

static gboolean
scroll_done (gpointer data)
{
  return scroll.done;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_frames (const char *what,
              GArray     *frames,
              gint64      over)
{
  guint n = frames->len, slow = 0;

  if (n == 0)
    return;
  g_array_sort (frames, compare_int64);
  for (guint i = 0; i < n; i++)
    slow += g_array_index (frames, gint64, i) > over;
  g_print ("%s: %u frames, p50 %.1f ms, p95 %.1f ms, max %.1f ms, %u over %.1f ms\n", what, n,
           g_array_index (frames, gint64, n / 2) / 1000.0, g_array_index (frames, gint64, n * 95 / 100) / 1000.0,
           g_array_index (frames, gint64, n - 1) / 1000.0, slow, over / 1000.0);
}

static GtkWidget *
find_scrolled (GtkWidget *root)
{
  if (GTK_IS_SCROLLED_WINDOW (root) && GTK_IS_LIST_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (root))))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scrolled (child);

      if (found)
        return found;
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 5000;
  guint frames = argc > 2 ? (guint) atoi (argv[2]) : 600;
  RapportTestServer *server;
  g_autofree char *rep = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *stages = NULL;
  g_autofree char *account = NULL;
  g_autofree char *insert = NULL;
  g_auto(GStrv) stage_ids = NULL;
  GtkListBoxRow *row;
  gint64 start, first, filled;
  GdkFrameClock *clock;
  gulong update_id, paint_id;

  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  lena = g_strstrip (rapport_test_server_sql (server, "SELECT id FROM users WHERE login = 'lena'"));
  stages = g_strstrip (rapport_test_server_sql (server, "SELECT GROUP_CONCAT(s.id ORDER BY s.position) FROM pipeline_stages s "
                                                        "JOIN pipelines p ON p.id = s.pipeline_id "
                                                        "WHERE p.is_default = 1 AND s.kind = 'open'"));
  stage_ids = g_strsplit (stages, ",", -1);
  g_assert_cmpuint (g_strv_length (stage_ids), ==, 4);
  account = g_strdup_printf ("%" G_GINT64_FORMAT,
                             rapport_test_create (server, rep, "accounts", "{\"name\":\"Kangtai Medical\"}"));
  /* bulk rows straight into the table, spread over the four open stages: test data, not audited changes */
  insert = g_strdup_printf ("INSERT INTO opportunities (version, created_at, created_by, updated_at, updated_by, "
                            "name, account_id, owner_id, amount, currency, exchange_rate, amount_base, expected_close, "
                            "pipeline_id, stage_id, probability, status, stage_entered_at) "
                            "SELECT 1, UTC_TIMESTAMP(6), %s, UTC_TIMESTAMP(6), %s, CONCAT('Deal ', seq), %s, %s, "
                            "seq * 10 + 0.25, 'CNY', 1, seq * 10 + 0.25, DATE_ADD('2027-01-01', INTERVAL seq %% 365 DAY), "
                            "(SELECT id FROM pipelines WHERE is_default = 1), ELT(1 + seq %% 4, %s, %s, %s, %s), 10, 'open', "
                            "UTC_TIMESTAMP(6) FROM seq_1_to_%u",
                            lena, lena, account, lena, stage_ids[0], stage_ids[1], stage_ids[2], stage_ids[3], n);
  g_free (rapport_test_server_sql (server, insert));

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_test_ui_settle (500);

  /* from the click on the section to every column filled, its sum exact */
  row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "opportunities");
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"), "row-activated", row);
  run_until (first_cards_shown, 60, "the first cards");
  first = g_get_monotonic_time ();
  run_until (board_complete, 120, "every column filled");
  filled = g_get_monotonic_time ();
  g_print ("board with %u open opportunities: first cards after %.0f ms, every column filled after %.0f ms\n",
           n, (first - start) / 1000.0, (filled - start) / 1000.0);
  for (guint i = 0; i < 4; i++)
    {
      RapportOpportunityColumn *column = rapport_opportunity_board_get_column (board (), i);
      g_autofree char *sql = g_strdup_printf ("SELECT SUM(amount_base) FROM opportunities WHERE stage_id = %s", stage_ids[i]);
      g_autofree char *expected = g_strstrip (rapport_test_server_sql (server, sql));
      g_autofree char *sum = NULL;
      CrmMoney money;

      g_assert_true (rapport_opportunity_column_get_sum (column, &money));
      sum = crm_money_to_string (money);
      g_print ("  %s: %" G_GINT64_FORMAT " cards, sum CNY %s (MariaDB: %s)\n", rapport_opportunity_column_get_name (column),
               rapport_opportunity_column_get_count (column), sum, expected);
      g_assert_cmpstr (sum, ==, expected);
    }
  g_free (rapport_test_ui_screenshot (window, "bench-kanban"));
  /* what the server alone takes for a column's page, to tell its share from the client's */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/opportunities?limit=500&stage_id=%s", stage_ids[0]);
    gint64 sent = g_get_monotonic_time ();
    RapportTestReply *reply = rapport_test_request (server, "GET", path, rep, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
    g_print ("  one page of 500 cards from rapportd alone (no client): %.0f ms, %zu bytes\n",
             (g_get_monotonic_time () - sent) / 1000.0, strlen (reply->body));
    rapport_test_reply_free (reply);
  }

  /* the first column scrolled by 150 px a frame */
  scroll.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    find_scrolled (GTK_WIDGET (rapport_opportunity_board_get_column (board (), 0)))));
  scroll.step = 150;
  scroll.max_frames = frames;
  scroll.intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  scroll.work = g_array_new (FALSE, FALSE, sizeof (gint64));
  clock = gtk_widget_get_frame_clock (window);
  update_id = g_signal_connect (clock, "update", G_CALLBACK (on_update), &scroll);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &scroll);
  gtk_widget_add_tick_callback (window, scroll_tick, &scroll, NULL);
  run_until (scroll_done, 120, "the column scrolled");
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_print ("scrolling a column of %" G_GINT64_FORMAT " cards to %.0f px:\n",
           rapport_opportunity_column_get_count (rapport_opportunity_board_get_column (board (), 0)),
           gtk_adjustment_get_value (scroll.adjustment));
  print_frames ("  frame work (update to painted)", scroll.work, FRAME_US);
  print_frames ("  frame intervals", scroll.intervals, 2 * FRAME_US);
  g_array_unref (scroll.intervals);
  g_array_unref (scroll.work);

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return 0;
}
