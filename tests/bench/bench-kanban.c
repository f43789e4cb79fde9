/* bench-kanban.c: the opportunities' board with N open opportunities under Xvfb, against a real rapportd:
 * the time from opening the board to every column shown with its exact count and sum, where that time
 * goes, and the frames while a column of N cards scrolls from top to bottom, its pages coming as it goes */
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-opportunity-board.h"
#include "pages/rapport-opportunity-column.h"
#include "widgets/rapport-opportunity-card.h"
#include "crm-entities.h"
#include "crm-json.h"
#include "crm-json-parse.h"
#include "crm-money.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
columns_shown (gpointer data)
{
  return board () != NULL && rapport_opportunity_board_get_n_columns (board ()) > 0;
}

/* every open stage's column shows cards (the default pipeline has four) */
static gboolean
first_cards_shown (gpointer data)
{
  if (board () == NULL || rapport_opportunity_board_get_n_columns (board ()) < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (g_list_model_get_n_items (rapport_opportunity_column_get_model (rapport_opportunity_board_get_column (board (), i))) == 0)
      return FALSE;
  return TRUE;
}

static gboolean
board_ready (gpointer data)
{
  return board () != NULL && rapport_opportunity_board_get_ready (board ());
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         step;
  guint          max_frames;
  GListModel    *model;
  gint64         count;
  GArray        *intervals;
  GArray        *work;
  /* the same work in the main thread's CPU time: what the frame cost,
   * without the time other processes had the CPU (a loaded machine) */
  GArray        *cpu;
  gint64         last_frame;
  gint64         update_started;
  gint64         update_cpu;
  /* frames at the end of the cards loaded, waiting for the next page */
  guint          waiting;
  gboolean       done;
} Scroll;

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
on_update (GdkFrameClock *clock,
           Scroll        *scroll)
{
  scroll->update_started = g_get_monotonic_time ();
  scroll->update_cpu = thread_cpu_us ();
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
  work = thread_cpu_us () - scroll->update_cpu;
  g_array_append_val (scroll->cpu, work);
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
  if (value >= end && g_list_model_get_n_items (scroll->model) >= scroll->count)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (scroll->intervals->len >= scroll->max_frames)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (value >= end)
    scroll->waiting++;
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

/* Returns: how many of @frames took longer than @over */
static guint
print_frames (const char *what,
              GArray     *frames,
              gint64      over)
{
  guint n = frames->len, slow = 0;

  if (n == 0)
    return 0;
  g_array_sort (frames, compare_int64);
  for (guint i = 0; i < n; i++)
    slow += g_array_index (frames, gint64, i) > over;
  g_print ("%s: %u frames, p50 %.1f ms, p95 %.1f ms, max %.1f ms, %u over %.1f ms\n", what, n,
           g_array_index (frames, gint64, n / 2) / 1000.0, g_array_index (frames, gint64, n * 95 / 100) / 1000.0,
           g_array_index (frames, gint64, n - 1) / 1000.0, slow, over / 1000.0);
  return slow;
}

/* how many cards are widgets under @root */
static guint
count_cards (GtkWidget *root)
{
  guint n = RAPPORT_IS_OPPORTUNITY_CARD (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_cards (child);
  return n;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Where a page's time goes: rapportd alone (HTTP on loopback, no client),
 * then the client's two steps on the main loop, reading the JSON text and
 * making the records the cards show. */
static void
profile_page (RapportTestServer *server,
              const char        *rep,
              const char        *stage_id,
              guint              limit)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities?limit=%u&count=true&stage_id=%s", limit, stage_id);
  RapportTestReply *reply;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  double server_ms, parse_ms, records_ms;
  gsize length;
  gint64 start;

  start = g_get_monotonic_time ();
  reply = rapport_test_request (server, "GET", path, rep, NULL);
  server_ms = ms_since (start);
  g_assert_cmpuint (reply->status, ==, 200);
  length = strlen (reply->body);
  start = g_get_monotonic_time ();
  root = crm_json_parse (reply->body, length, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  parse_ms = ms_since (start);
  g_assert_nonnull (root);
  items = json_object_get_array_member (json_node_get_object (root), "items");
  start = g_get_monotonic_time ();
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autoptr(CrmEntity) entity = crm_entity_new (crm_entities_lookup_collection ("opportunities"));

      g_assert_true (crm_json_read_entity (entity, json_array_get_object_element (items, i), NULL));
    }
  records_ms = ms_since (start);
  g_print ("  a page of %u cards (%zu bytes): rapportd %.1f ms, JSON read %.1f ms, records made %.1f ms\n",
           limit, length, server_ms, parse_ms, records_ms);
  g_print ("RESULT name=kanban-page-%u server_ms=%.1f json_ms=%.1f records_ms=%.1f bytes=%zu\n",
           limit, server_ms, parse_ms, records_ms, length);
  rapport_test_reply_free (reply);
}

/* the board's pipeline drop-down set to the pipeline named @name */
static void
choose_pipeline (const char *name)
{
  GtkDropDown *picker = GTK_DROP_DOWN (CHILD (board (), RAPPORT_TYPE_OPPORTUNITY_BOARD, "pipeline_dropdown"));
  GListModel *names = gtk_drop_down_get_model (picker);

  for (guint i = 0; names && i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
      {
        gtk_drop_down_set_selected (picker, i);
        return;
      }
  g_error ("no pipeline %s on the board", name);
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

/* @n open opportunities straight into the table (test data, not audited
 * changes), spread over the stages listed in @stage_ids, one after the other */
static void
insert_opportunities (RapportTestServer *server,
                      const char        *owner,
                      const char        *account,
                      const char        *pipeline,
                      const char        *stage_ids,
                      guint              n)
{
  g_auto(GStrv) stages = g_strsplit (stage_ids, ",", -1);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO opportunities (version, created_at, created_by, updated_at, updated_by, "
                                             "name, account_id, owner_id, amount, currency, exchange_rate, amount_base, "
                                             "expected_close, pipeline_id, stage_id, probability, status, stage_entered_at) "
                                             "SELECT 1, UTC_TIMESTAMP(6), %s, UTC_TIMESTAMP(6), %s, CONCAT('Deal ', seq), %s, %s, "
                                             "seq * 10 + 0.25, 'CNY', 1, seq * 10 + 0.25, DATE_ADD('2027-01-01', INTERVAL seq %% 365 DAY), "
                                             "%s, ELT(1 + seq %% %u, %s), 10, 'open', UTC_TIMESTAMP(6) FROM seq_1_to_%u",
                                             owner, owner, account, owner, pipeline, g_strv_length (stages), stage_ids, n);

  g_free (rapport_test_server_sql (server, insert));
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 5000;
  double step = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 300;
  guint frames = argc > 3 ? (guint) atoi (argv[3]) : 3000;
  RapportTestServer *server;
  g_autofree char *rep = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *stages = NULL;
  g_autofree char *pipeline = NULL;
  g_autofree char *account = NULL;
  g_autofree char *single_id = NULL;
  g_autofree char *single_stage = NULL;
  g_auto(GStrv) stage_ids = NULL;
  RapportTestReply *made;
  RapportOpportunityColumn *column;
  GtkListBoxRow *row;
  gint64 start, shown, first, ready, scrolled, start_cpu, ready_cpu;
  GdkFrameClock *clock;
  gulong update_id, paint_id;
  guint slow, slow_cpu, dropped;

  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  lena = g_strstrip (rapport_test_server_sql (server, "SELECT id FROM users WHERE login = 'lena'"));
  pipeline = g_strstrip (rapport_test_server_sql (server, "SELECT id FROM pipelines WHERE is_default = 1"));
  stages = g_strstrip (rapport_test_server_sql (server, "SELECT GROUP_CONCAT(s.id ORDER BY s.position) FROM pipeline_stages s "
                                                        "JOIN pipelines p ON p.id = s.pipeline_id "
                                                        "WHERE p.is_default = 1 AND s.kind = 'open'"));
  stage_ids = g_strsplit (stages, ",", -1);
  g_assert_cmpuint (g_strv_length (stage_ids), ==, 4);
  account = g_strdup_printf ("%" G_GINT64_FORMAT,
                             rapport_test_create (server, rep, "accounts", "{\"name\":\"Kangtai Medical\"}"));
  /* the default pipeline: N spread over its four open stages */
  insert_opportunities (server, lena, account, pipeline, stages, n);
  /* another pipeline: N in its one open stage, the column that scrolls */
  made = rapport_test_request (server, "POST", "/api/v1/pipelines", server->admin_token,
                               "{\"name\":\"One column\",\"stages\":[{\"name\":\"Everything\",\"probability\":10},"
                               "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                               "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}");
  g_assert_cmpuint (made->status, ==, 201);
  single_id = g_strdup_printf ("%" G_GINT64_FORMAT, rapport_test_reply_int (made, "id"));
  single_stage = g_strdup_printf ("%" G_GINT64_FORMAT,
                                  json_object_get_int_member (json_array_get_object_element (
                                    json_object_get_array_member (rapport_test_reply_object (made), "stages"), 0), "id"));
  rapport_test_reply_free (made);
  insert_opportunities (server, lena, account, single_id, single_stage, n);

  window = rapport_test_ui_open_window (1280, 860);
  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_test_ui_settle (500);

  /* from the click on the section to every column shown with its exact count and sum */
  row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "opportunities");
  start = g_get_monotonic_time ();
  start_cpu = thread_cpu_us ();
  g_signal_emit_by_name (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"), "row-activated", row);
  run_until (columns_shown, 60, "the columns");
  shown = g_get_monotonic_time ();
  run_until (first_cards_shown, 60, "the first cards");
  first = g_get_monotonic_time ();
  run_until (board_ready, 120, "every column's count and sum");
  ready = g_get_monotonic_time ();
  ready_cpu = thread_cpu_us ();
  g_print ("board with %u open opportunities: columns after %.0f ms (the pipelines read), first cards in every "
           "column after %.0f ms, every header exact after %.0f ms\n",
           n, (shown - start) / 1000.0, (first - start) / 1000.0, (ready - start) / 1000.0);
  g_print ("  the client's own work meanwhile (the main thread's CPU time): %.0f ms\n", (ready_cpu - start_cpu) / 1000.0);
  g_print ("RESULT name=kanban-open value=%.0f unit=ms target=<1000 first_cards_ms=%.0f columns_ms=%.0f client_cpu_ms=%.0f\n",
           (ready - start) / 1000.0, (first - start) / 1000.0, (shown - start) / 1000.0, (ready_cpu - start_cpu) / 1000.0);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT SUM(amount_base) FROM opportunities WHERE stage_id = %s", stage_ids[i]);
      g_autofree char *expected = g_strstrip (rapport_test_server_sql (server, sql));
      g_autofree char *sum = NULL;
      CrmMoney money;

      column = rapport_opportunity_board_get_column (board (), i);
      g_assert_true (rapport_opportunity_column_get_sum (column, &money));
      sum = crm_money_to_string (money);
      g_print ("  %s: %" G_GINT64_FORMAT " cards (%u loaded), sum CNY %s (MariaDB: %s)\n",
               rapport_opportunity_column_get_name (column), rapport_opportunity_column_get_count (column),
               g_list_model_get_n_items (rapport_opportunity_column_get_model (column)), sum, expected);
      g_assert_cmpstr (sum, ==, expected);
    }
  g_print ("  cards made as widgets: %u, for %u loaded\n", count_cards (GTK_WIDGET (board ())),
           4 * g_list_model_get_n_items (rapport_opportunity_column_get_model (rapport_opportunity_board_get_column (board (), 0))));
  g_free (rapport_test_ui_screenshot (window, "bench-kanban"));

  /* where the time goes: the pages and the totals, from rapportd alone, then the client's work on them */
  profile_page (server, rep, stage_ids[0], 100);
  profile_page (server, rep, stage_ids[0], 500);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/pipeline/funnel?pipeline_id=%s", pipeline);
    RapportTestReply *reply;

    start = g_get_monotonic_time ();
    reply = rapport_test_request (server, "GET", path, rep, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    g_print ("  the stages' counts and sums (the funnel) from rapportd alone: %.1f ms\n", ms_since (start));
    rapport_test_reply_free (reply);
  }

  /* the column of N cards scrolled by STEP px a frame from top to bottom, its pages coming as it goes */
  choose_pipeline ("One column");
  run_until (board_ready, 120, "the one column");
  column = rapport_opportunity_board_get_column (board (), 0);
  scroll.model = rapport_opportunity_column_get_model (column);
  scroll.count = rapport_opportunity_column_get_count (column);
  g_assert_cmpint (scroll.count, ==, n);
  scroll.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find_scrolled (GTK_WIDGET (column))));
  scroll.step = step;
  scroll.max_frames = frames;
  scroll.intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  scroll.work = g_array_new (FALSE, FALSE, sizeof (gint64));
  scroll.cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  clock = gtk_widget_get_frame_clock (window);
  update_id = g_signal_connect (clock, "update", G_CALLBACK (on_update), &scroll);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &scroll);
  start = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (window, scroll_tick, &scroll, NULL);
  run_until (scroll_done, 300, "the column scrolled");
  scrolled = g_get_monotonic_time ();
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_print ("scrolling a column of %" G_GINT64_FORMAT " cards by %.0f px a frame: %u of them reached, at %.0f px, "
           "in %.1f s; %u frames waited at the end of the cards loaded for the next page\n",
           scroll.count, step, g_list_model_get_n_items (scroll.model), gtk_adjustment_get_value (scroll.adjustment),
           (scrolled - start) / 1e6, scroll.waiting);
  slow = print_frames ("  frame work (update to painted)", scroll.work, FRAME_US);
  slow_cpu = print_frames ("  frame work in CPU time of the main thread", scroll.cpu, FRAME_US);
  dropped = print_frames ("  frame intervals", scroll.intervals, 2 * FRAME_US);
  g_print ("RESULT name=kanban-scroll frames=%u over_16ms=%u cpu_over_16ms=%u dropped=%u waiting=%u cards=%u step_px=%.0f\n",
           scroll.intervals->len, slow, slow_cpu, dropped, scroll.waiting, g_list_model_get_n_items (scroll.model), step);
  g_free (rapport_test_ui_screenshot (window, "bench-kanban-scrolled"));
  g_array_unref (scroll.intervals);
  g_array_unref (scroll.work);
  g_array_unref (scroll.cpu);

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return 0;
}
