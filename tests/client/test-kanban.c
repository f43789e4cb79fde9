/* test-kanban.c: the opportunities' board under Xvfb, against a real rapportd: columns with their counts and sums, cards moved by drag and drop and by the keyboard, won with a reason, a move refused */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-pointer.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-opportunity-board.h"
#include "pages/rapport-opportunity-column.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-opportunity-card.h"
#include "widgets/rapport-stage-bar.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *suffix = "";
static gint64 stage_ids[6];
static gint64 account_id;
static gint64 monitors_id, pumps_id, refit_id, beds_id;

static char *
shot_name (const char *name)
{
  return g_strdup_printf ("%s%s", name, suffix);
}

static RapportOpportunityBoard *
board (void)
{
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")),
                                                 "opportunities");

  return page ? RAPPORT_OPPORTUNITY_BOARD (rapport_test_ui_find_by_type (page, RAPPORT_TYPE_OPPORTUNITY_BOARD)) : NULL;
}

static RapportOpportunityColumn *
column (guint index)
{
  return rapport_opportunity_board_get_column (board (), index);
}

static gint64
create_opportunity (const char *name,
                    const char *amount,
                    guint       stage)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                                           "%s%s%s\"expected_close\":\"2027-03-31\",\"stage_id\":%" G_GINT64_FORMAT "}",
                                           name, account_id, amount ? "\"amount\":\"" : "", amount ? amount : "",
                                           amount ? "\"," : "", stage_ids[stage]);

  return rapport_test_create (server, rep, "opportunities", body);
}

/* the opportunity as the server has it now */
static JsonObject *
fetch (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_ref (rapport_test_reply_object (reply));
}

static void
set_up_data (void)
{
  g_autoptr(RapportTestReply) pipelines = rapport_test_request (server, "GET", "/api/v1/pipelines", rep, NULL);
  JsonArray *items;
  JsonObject *pipeline = NULL;
  JsonArray *stages;

  g_assert_cmpuint (pipelines->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (pipelines), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_boolean_member_with_default (json_array_get_object_element (items, i), "is_default", FALSE))
      pipeline = json_array_get_object_element (items, i);
  g_assert_nonnull (pipeline);
  stages = json_object_get_array_member (pipeline, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 6);
  for (guint i = 0; i < 6; i++)
    stage_ids[i] = json_object_get_int_member (json_array_get_object_element (stages, i), "id");

  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"Kangtai Medical\"}");
  monitors_id = create_opportunity ("Ward monitors", "1000.50", 0);
  pumps_id = create_opportunity ("Infusion pumps", "2000.25", 0);
  beds_id = create_opportunity ("Bed upgrade", NULL, 1);
  refit_id = create_opportunity ("Lab refit", "300.00", 3);
}

static void
test_sign_in (void)
{
  set_up_data ();
  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
}

static gboolean
board_ready (gpointer data)
{
  return board () != NULL && rapport_opportunity_board_get_ready (board ());
}

static char *
column_sum (guint index)
{
  CrmMoney sum;

  g_assert_true (rapport_opportunity_column_get_sum (column (index), &sum));
  return crm_money_to_string (sum);
}

/* a mapped card whose text contains @part */
static GtkWidget *
find_card_showing (GtkWidget  *root,
                   const char *part)
{
  if (RAPPORT_IS_OPPORTUNITY_CARD (root) && gtk_widget_get_mapped (root))
    {
      g_autofree char *text = rapport_opportunity_card_dup_text (RAPPORT_OPPORTUNITY_CARD (root));

      if (strstr (text, part) != NULL)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card_showing (child, part);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_board_columns (void)
{
  GtkListBoxRow *row = rapport_window_get_section_row (RAPPORT_WINDOW (window), "opportunities");
  g_autofree char *shot = shot_name ("kanban-board");
  g_autofree char *sum0 = NULL;
  g_autofree char *sum3 = NULL;
  g_autofree char *card_amount = NULL;
  g_autofree char *header_sum = NULL;

  g_assert_nonnull (row);
  g_signal_emit_by_name (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"), "row-activated", row);
  rapport_test_ui_wait_until (board_ready, NULL, 30, "the board's columns");
  /* a column a stage, won and lost last */
  g_assert_cmpuint (rapport_opportunity_board_get_n_columns (board ()), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (rapport_opportunity_column_get_stage_id (column (i)), ==, stage_ids[i]);
  g_assert_cmpstr (rapport_opportunity_column_get_kind (column (4)), ==, "won");
  g_assert_cmpstr (rapport_opportunity_column_get_kind (column (5)), ==, "lost");
  /* counts and sums, exact */
  g_assert_cmpint (rapport_opportunity_column_get_count (column (0)), ==, 2);
  g_assert_cmpint (rapport_opportunity_column_get_count (column (1)), ==, 1);
  g_assert_cmpint (rapport_opportunity_column_get_count (column (2)), ==, 0);
  g_assert_cmpint (rapport_opportunity_column_get_count (column (3)), ==, 1);
  sum0 = column_sum (0);
  sum3 = column_sum (3);
  g_assert_cmpstr (sum0, ==, "3000.75");
  g_assert_cmpstr (sum3, ==, "300.00");
  /* the cards show their name, account and amount */
  rapport_test_ui_settle (300);
  g_assert_nonnull (find_card_showing (window, "Ward monitors\n"));
  g_assert_nonnull (find_card_showing (window, "\nKangtai Medical\n"));
  g_free (rapport_test_ui_screenshot (window, shot));
  /* amounts in the locale's digits: 1,000.50 in Chinese, 1000.50 in C */
  card_amount = crm_money_format (crm_money_new (100050, 2), 2);
  header_sum = crm_money_format (crm_money_new (300075, 2), 2);
  g_assert_nonnull (find_card_showing (window, card_amount));
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, header_sum));
}

static gboolean
list_loaded (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (data);

  return !rapport_list_model_get_loading (model) && rapport_list_model_get_total (model) == 4 &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == 4;
}

/* the List beside the Board is the generic records page */
static void
test_list_view (void)
{
  RapportRecordsPage *page = RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (
    GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "opportunities"));
  g_autofree char *shot = shot_name ("kanban-list");

  rapport_records_page_show_view (page, "list");
  rapport_test_ui_wait_until (list_loaded, page, 30, "the opportunities' list");
  rapport_test_ui_settle (300);
  g_assert_nonnull (rapport_test_ui_find_label (window, "Lab refit"));
  g_free (rapport_test_ui_screenshot (window, shot));
  rapport_records_page_show_view (page, "board");
  rapport_test_ui_settle (200);
  g_assert_nonnull (board ());
}

/* the card showing @id, as mapped on screen */
static GtkWidget *
find_card (GtkWidget *root,
           gint64     id)
{
  if (RAPPORT_IS_OPPORTUNITY_CARD (root) && gtk_widget_get_mapped (root) &&
      rapport_opportunity_card_get_entity (RAPPORT_OPPORTUNITY_CARD (root)) != NULL &&
      crm_entity_get_id (rapport_opportunity_card_get_entity (RAPPORT_OPPORTUNITY_CARD (root))) == id)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card (child, id);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  guint  column;
  gint64 id;
} CardIn;

static gboolean
card_in_column (gpointer data)
{
  CardIn *where = data;

  return rapport_opportunity_column_find (column (where->column), where->id) != NULL &&
         rapport_opportunity_board_get_moves_pending (board ()) == 0 && rapport_opportunity_board_get_ready (board ());
}

/* a real drag: button pressed on the card's middle, released over the column's */
static void
drag (GtkWidget *from,
      GtkWidget *to)
{
  rapport_test_pointer_drag (window, from, gtk_widget_get_width (from) / 2.0, gtk_widget_get_height (from) / 2.0,
                             to, gtk_widget_get_width (to) / 2.0, gtk_widget_get_height (to) / 2.0);
}

static void
test_drag_card (void)
{
  GtkWidget *card = find_card (window, monitors_id);
  CardIn where = { 1, monitors_id };
  g_autoptr(JsonObject) moved = NULL;
  g_autofree char *sum0 = NULL;
  g_autofree char *sum1 = NULL;

  g_assert_nonnull (card);
  drag (card, GTK_WIDGET (column (1)));
  rapport_test_ui_wait_until (card_in_column, &where, 30, "the dragged card in Needs analysis");
  g_assert_null (rapport_opportunity_column_find (column (0), monitors_id));
  moved = fetch (monitors_id);
  g_assert_cmpint (json_object_get_int_member (moved, "stage_id"), ==, stage_ids[1]);
  g_assert_cmpint (rapport_opportunity_column_get_count (column (0)), ==, 1);
  g_assert_cmpint (rapport_opportunity_column_get_count (column (1)), ==, 2);
  sum0 = column_sum (0);
  sum1 = column_sum (1);
  g_assert_cmpstr (sum0, ==, "2000.25");
  g_assert_cmpstr (sum1, ==, "1000.50");
}

static GtkWidget *
find_popover (GtkWidget *root)
{
  if (GTK_IS_POPOVER_MENU (root) && gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_popover (child);

      if (found)
        return found;
    }
  return NULL;
}

/* the card's context menu: Open, and Move to each other stage */
static void
test_card_menu (void)
{
  GtkWidget *card = find_card (window, pumps_id);
  GtkWidget *popover;
  g_autofree char *shot = shot_name ("kanban-card-menu");

  g_assert_nonnull (card);
  g_signal_emit_by_name (card, "menu-requested");
  rapport_test_ui_settle (300);
  popover = find_popover (card);
  g_assert_nonnull (popover);
  /* a popover is a surface of its own: it is kept by itself */
  g_free (rapport_test_ui_screenshot (popover, shot));
  gtk_popover_popdown (GTK_POPOVER (popover));
  rapport_test_ui_settle (100);
}

static void
test_keyboard_move (void)
{
  CardIn where = { 1, pumps_id };
  g_autoptr(JsonObject) moved = NULL;
  g_autofree char *shot = shot_name ("kanban-keyboard-moved");

  rapport_opportunity_column_focus_card (column (0), pumps_id);
  rapport_test_ui_settle (100);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (column (0))));
  rapport_test_keys_send (window, "<C-Right>");
  rapport_test_ui_wait_until (card_in_column, &where, 30, "the card moved by Ctrl+Right in Needs analysis");
  moved = fetch (pumps_id);
  g_assert_cmpint (json_object_get_int_member (moved, "stage_id"), ==, stage_ids[1]);
  g_assert_cmpint (rapport_opportunity_column_get_count (column (0)), ==, 0);
  /* the focus went with the card */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (column (1))));
  g_free (rapport_test_ui_screenshot (window, shot));
}

static void
test_won_with_reason (void)
{
  CardIn where = { 4, refit_id };
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autoptr(JsonObject) won = NULL;
  g_autofree char *shot = shot_name ("kanban-won-reason");

  /* Cancel leaves the card where it was, and asks the server nothing */
  rapport_opportunity_board_move (board (), refit_id, stage_ids[4]);
  rapport_test_ui_respond ("cancel", NULL);
  rapport_test_ui_settle (200);
  g_assert_nonnull (rapport_opportunity_column_find (column (3), refit_id));
  g_assert_cmpuint (rapport_opportunity_board_get_moves_pending (board ()), ==, 0);

  rapport_opportunity_board_move (board (), refit_id, stage_ids[4]);
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the reason dialog");
  entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  /* no reason, no move */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Best service terms");
  g_free (rapport_test_ui_screenshot (dialog, shot));
  rapport_test_ui_respond ("move", NULL);
  rapport_test_ui_wait_until (card_in_column, &where, 30, "the won card in Won");
  won = fetch (refit_id);
  g_assert_cmpstr (json_object_get_string_member (won, "status"), ==, "won");
  g_assert_cmpstr (json_object_get_string_member (won, "close_reason"), ==, "Best service terms");
  g_assert_cmpint (rapport_opportunity_column_get_count (column (3)), ==, 0);
}

static gboolean
refusal_told (gpointer data)
{
  return rapport_test_ui_find_label_containing (window, data) != NULL &&
         rapport_opportunity_board_get_moves_pending (board ()) == 0;
}

static void
test_refused_move (void)
{
  g_autofree char *shot = shot_name ("kanban-refused");
  g_autoptr(JsonObject) stayed = NULL;

  /* Proposal needs an amount: the bed upgrade has none */
  rapport_opportunity_board_move (board (), beds_id, stage_ids[2]);
  rapport_test_ui_wait_until (refusal_told, (gpointer) _("Amount"), 30, "the refusal naming Amount");
  g_assert_nonnull (rapport_test_ui_find_label_containing (window, "Bed upgrade"));
  /* the card is where it was, on the board and on the server */
  g_assert_nonnull (rapport_opportunity_column_find (column (1), beds_id));
  g_assert_null (rapport_opportunity_column_find (column (2), beds_id));
  stayed = fetch (beds_id);
  g_assert_cmpint (json_object_get_int_member (stayed, "stage_id"), ==, stage_ids[1]);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static gboolean
card_gone (gpointer data)
{
  CardIn *where = data;

  return rapport_opportunity_column_find (column (where->column), where->id) == NULL;
}

/* moved by someone else (here through the API): the card leaves the column it left */
static void
test_moved_elsewhere (void)
{
  CardIn where = { 1, beds_id };
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT "/stage", beds_id);
  g_autofree char *body = g_strdup_printf ("{\"stage_id\":%" G_GINT64_FORMAT "}", stage_ids[3]);
  g_autoptr(RapportTestReply) reply = NULL;

  g_assert_nonnull (rapport_opportunity_column_find (column (1), beds_id));
  reply = rapport_test_request (server, "POST", path, rep, body);
  g_assert_cmpuint (reply->status, ==, 200);
  rapport_test_ui_wait_until (card_gone, &where, 30, "the card moved elsewhere to leave Needs analysis");
}

static RapportStageBar *
stage_bar (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *bar = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_STAGE_BAR) : NULL;

  return bar ? RAPPORT_STAGE_BAR (bar) : NULL;
}

/* the bar shows the opportunity in stage @data, and is done saving */
static gboolean
bar_shows_stage (gpointer data)
{
  RapportStageBar *bar = stage_bar ();
  GtkWidget *segment = bar ? rapport_stage_bar_get_segment (bar, *(gint64 *) data) : NULL;

  return segment != NULL && !rapport_stage_bar_get_busy (bar) &&
         gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (segment)) &&
         gtk_widget_has_css_class (segment, "suggested-action");
}

static gboolean
item_ticked (gpointer data)
{
  g_autoptr(JsonObject) now = fetch (monitors_id);
  JsonArray *done = json_object_has_member (now, "checklist_done") && !json_object_get_null_member (now, "checklist_done")
    ? json_object_get_array_member (now, "checklist_done") : NULL;

  for (guint i = 0; done && i < json_array_get_length (done); i++)
    if (g_strcmp0 (json_array_get_string_element (done, i), data) == 0)
      return stage_bar () != NULL && !rapport_stage_bar_get_busy (stage_bar ());
  return FALSE;
}

/* the opportunity's page: the stage bar, the stage's checklist ticked, a click on the next stage, its quotes */
static void
test_stage_bar (void)
{
  g_autofree char *shot = shot_name ("kanban-stage-bar");
  GtkWidget *check;
  g_autoptr(JsonObject) moved = NULL;

  rapport_window_open_record (RAPPORT_WINDOW (window), "opportunities", monitors_id, NULL);
  rapport_test_ui_wait_until (bar_shows_stage, &stage_ids[1], 30, "the stage bar at Needs analysis");
  for (guint i = 0; i < 6; i++)
    g_assert_nonnull (rapport_stage_bar_get_segment (stage_bar (), stage_ids[i]));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (rapport_stage_bar_get_segment (stage_bar (), stage_ids[0]))));

  /* the current stage's checklist, ticked and saved */
  check = rapport_stage_bar_get_check (stage_bar (), "Meet the users");
  g_assert_nonnull (check);
  g_assert_nonnull (rapport_stage_bar_get_check (stage_bar (), "Agree the scope and budget"));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  rapport_test_ui_wait_until (item_ticked, "Meet the users", 30, "the checklist item saved");
  rapport_test_ui_wait_until (bar_shows_stage, &stage_ids[1], 30, "the record read again");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (rapport_stage_bar_get_check (stage_bar (), "Meet the users"))));

  /* a click on Proposal moves it there, with the board's rules */
  g_signal_emit_by_name (rapport_stage_bar_get_segment (stage_bar (), stage_ids[2]), "clicked");
  rapport_test_ui_wait_until (bar_shows_stage, &stage_ids[2], 30, "the stage bar at Proposal");
  moved = fetch (monitors_id);
  g_assert_cmpint (json_object_get_int_member (moved, "stage_id"), ==, stage_ids[2]);
  g_assert_nonnull (rapport_stage_bar_get_check (stage_bar (), "Send the quote"));
  /* its quotes, and its history */
  g_assert_nonnull (rapport_test_ui_find_label (window, _("Quotes")));
  g_assert_nonnull (rapport_test_ui_find_label (window, _("History")));
  g_free (rapport_test_ui_screenshot (window, shot));
}

static gboolean
pipeline_shown (gpointer data)
{
  return board () != NULL && rapport_opportunity_board_get_n_columns (board ()) == 4 &&
         rapport_opportunity_board_get_ready (board ()) &&
         rapport_opportunity_column_find (column (0), *(gint64 *) data) != NULL;
}

static gboolean
moves_done (gpointer data)
{
  return rapport_opportunity_board_get_moves_pending (board ()) == 0 &&
         rapport_test_ui_find_label_containing (window, data) != NULL;
}

/* another pipeline picked; a stage that needs an approval keeps the card
 * where it is and says it waits */
static void
test_waiting_for_approval (void)
{
  g_autoptr(RapportTestReply) gated = rapport_test_request (server, "POST", "/api/v1/pipelines", server->admin_token,
                                                            "{\"name\":\"Registered deals\",\"stages\":["
                                                            "{\"name\":\"New\",\"probability\":10},"
                                                            "{\"name\":\"Registered\",\"probability\":40,"
                                                            "\"workflow\":\"Opportunity registration\"},"
                                                            "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                                                            "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}");
  JsonArray *stages;
  gint64 pipeline_id, new_stage, registered, id;
  g_autofree char *body = NULL;
  g_autofree char *shot = shot_name ("kanban-waiting-approval");
  g_autofree char *told = NULL;
  g_autoptr(JsonObject) pending = NULL;
  GtkDropDown *picker;
  GListModel *names;
  guint chosen = GTK_INVALID_LIST_POSITION;

  g_assert_cmpuint (gated->status, ==, 201);
  pipeline_id = rapport_test_reply_int (gated, "id");
  stages = json_object_get_array_member (rapport_test_reply_object (gated), "stages");
  new_stage = json_object_get_int_member (json_array_get_object_element (stages, 0), "id");
  registered = json_object_get_int_member (json_array_get_object_element (stages, 1), "id");
  body = g_strdup_printf ("{\"name\":\"Registered deal\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\","
                          "\"amount\":\"500.00\",\"pipeline_id\":%" G_GINT64_FORMAT ",\"stage_id\":%" G_GINT64_FORMAT "}",
                          account_id, pipeline_id, new_stage);
  id = rapport_test_create (server, rep, "opportunities", body);

  /* back to the board, its pipelines read again, the new one picked */
  rapport_window_show_section (RAPPORT_WINDOW (window), "opportunities");
  gtk_widget_activate_action (window, "win.reload", NULL);
  picker = GTK_DROP_DOWN (CHILD (board (), RAPPORT_TYPE_OPPORTUNITY_BOARD, "pipeline_dropdown"));
  for (gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       chosen == GTK_INVALID_LIST_POSITION && g_get_monotonic_time () < deadline;)
    {
      names = gtk_drop_down_get_model (picker);
      for (guint i = 0; names && i < g_list_model_get_n_items (names); i++)
        if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Registered deals"))
          chosen = i;
      rapport_test_ui_settle (50);
    }
  g_assert_cmpuint (chosen, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (picker, chosen);
  rapport_test_ui_wait_until (pipeline_shown, &id, 30, "the other pipeline's columns");

  rapport_opportunity_board_move (board (), id, registered);
  told = g_strdup_printf (_("“%s” waits for approval to enter %s"), "Registered deal", "Registered");
  rapport_test_ui_wait_until (moves_done, told, 30, "the move waiting for approval");
  g_assert_nonnull (rapport_opportunity_column_find (column (0), id));
  g_assert_null (rapport_opportunity_column_find (column (1), id));
  pending = fetch (id);
  g_assert_cmpint (json_object_get_int_member (pending, "stage_id"), ==, new_stage);
  g_assert_cmpint (json_object_get_int_member (pending, "pending_stage_id"), ==, registered);
  g_free (rapport_test_ui_screenshot (window, shot));
}

typedef struct
{
  const char *pipeline;
  gint64      count;
} Shown;

/* the board shows @data's pipeline, ready: its headers exact, its first cards in */
static gboolean
pipeline_ready (gpointer data)
{
  Shown *shown = data;

  return board () != NULL && rapport_opportunity_board_get_ready (board ()) &&
         rapport_opportunity_column_get_count (column (0)) == shown->count &&
         g_strcmp0 (rapport_opportunity_column_get_name (column (0)), shown->pipeline) == 0;
}

static gboolean
all_loaded (gpointer data)
{
  GListModel *model = rapport_opportunity_column_get_model (column (0));
  GtkAdjustment *adjustment = data;

  /* on to the end of what has come: the next page is asked for as it shows */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return g_list_model_get_n_items (model) == 600 && rapport_opportunity_board_get_ready (board ());
}

static GtkWidget *
find_scroller (GtkWidget *root)
{
  if (GTK_IS_SCROLLED_WINDOW (root) && GTK_IS_LIST_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (root))))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scroller (child);

      if (found)
        return found;
    }
  return NULL;
}

/* A stage of 600: the board is ready with the stage's count and exact sum
 * (the server's) before its cards have all come; the rest come page by
 * page as the column scrolls, and the header stays as it was. */
static void
test_pages_as_they_scroll (void)
{
  g_autoptr(RapportTestReply) made = rapport_test_request (server, "POST", "/api/v1/pipelines", server->admin_token,
                                                           "{\"name\":\"Busy\",\"stages\":["
                                                           "{\"name\":\"Busy stage\",\"probability\":10},"
                                                           "{\"name\":\"Won\",\"probability\":100,\"kind\":\"won\"},"
                                                           "{\"name\":\"Lost\",\"probability\":0,\"kind\":\"lost\"}]}");
  g_autofree char *lena = NULL;
  g_autofree char *insert = NULL;
  g_autofree char *sum_sql = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *shot = shot_name ("kanban-busy-stage");
  gint64 pipeline_id, stage_id;
  Shown shown = { "Busy stage", 600 };
  GtkDropDown *picker;
  GListModel *names;
  GtkAdjustment *adjustment;
  guint loaded;

  g_assert_cmpuint (made->status, ==, 201);
  pipeline_id = rapport_test_reply_int (made, "id");
  stage_id = json_object_get_int_member (json_array_get_object_element (
    json_object_get_array_member (rapport_test_reply_object (made), "stages"), 0), "id");
  lena = g_strstrip (rapport_test_server_sql (server, "SELECT id FROM users WHERE login = 'lena'"));
  /* test data straight into the table, amounts with cents that add up exactly */
  insert = g_strdup_printf ("INSERT INTO opportunities (version, created_at, created_by, updated_at, updated_by, name, "
                            "account_id, owner_id, amount, currency, exchange_rate, amount_base, expected_close, "
                            "pipeline_id, stage_id, probability, status, stage_entered_at) "
                            "SELECT 1, UTC_TIMESTAMP(6), %s, UTC_TIMESTAMP(6), %s, CONCAT('Busy deal ', seq), %" G_GINT64_FORMAT ", %s, "
                            "seq * 10 + 0.33, 'CNY', 1, seq * 10 + 0.33, '2027-06-30', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", "
                            "10, 'open', UTC_TIMESTAMP(6) FROM seq_1_to_600",
                            lena, lena, account_id, lena, pipeline_id, stage_id);
  g_free (rapport_test_server_sql (server, insert));
  sum_sql = g_strdup_printf ("SELECT SUM(amount_base) FROM opportunities WHERE stage_id = %" G_GINT64_FORMAT, stage_id);
  expected = g_strstrip (rapport_test_server_sql (server, sum_sql));

  gtk_widget_activate_action (window, "win.reload", NULL);
  picker = GTK_DROP_DOWN (CHILD (board (), RAPPORT_TYPE_OPPORTUNITY_BOARD, "pipeline_dropdown"));
  for (gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       gtk_drop_down_get_selected (picker) == GTK_INVALID_LIST_POSITION ||
       g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (picker)),
                                              gtk_drop_down_get_selected (picker)), "Busy") != 0;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      names = gtk_drop_down_get_model (picker);
      for (guint i = 0; names && i < g_list_model_get_n_items (names); i++)
        if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Busy"))
          gtk_drop_down_set_selected (picker, i);
      rapport_test_ui_settle (50);
    }
  rapport_test_ui_wait_until (pipeline_ready, &shown, 30, "the busy stage's column");
  /* the header is exact while most cards are still to come */
  loaded = g_list_model_get_n_items (rapport_opportunity_column_get_model (column (0)));
  g_test_message ("%u of 600 cards loaded when the board was ready", loaded);
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (loaded, <, 600);
  sum = column_sum (0);
  g_assert_cmpstr (sum, ==, expected);
  rapport_test_ui_settle (200);
  g_free (rapport_test_ui_screenshot (window, shot));

  /* scrolled to the end, page after page, every card comes; the header stays */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find_scroller (GTK_WIDGET (column (0)))));
  rapport_test_ui_wait_until (all_loaded, adjustment, 60, "every card of the busy stage");
  g_assert_cmpint (rapport_opportunity_column_get_count (column (0)), ==, 600);
  g_clear_pointer (&sum, g_free);
  sum = column_sum (0);
  g_assert_cmpstr (sum, ==, expected);
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

  server = rapport_test_server_start ();
  /* a stage's approval goes to lena's manager */
  g_free (rapport_test_server_add_managed_user (server, "mona", "manager", NULL));
  rep = rapport_test_server_add_managed_user (server, "lena", "sales", "mona");
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/kanban/sign-in", test_sign_in);
  g_test_add_func ("/ui/kanban/columns", test_board_columns);
  g_test_add_func ("/ui/kanban/list", test_list_view);
  g_test_add_func ("/ui/kanban/drag", test_drag_card);
  g_test_add_func ("/ui/kanban/card-menu", test_card_menu);
  g_test_add_func ("/ui/kanban/keyboard", test_keyboard_move);
  g_test_add_func ("/ui/kanban/won-with-reason", test_won_with_reason);
  g_test_add_func ("/ui/kanban/refused", test_refused_move);
  g_test_add_func ("/ui/kanban/moved-elsewhere", test_moved_elsewhere);
  g_test_add_func ("/ui/kanban/stage-bar", test_stage_bar);
  g_test_add_func ("/ui/kanban/waiting-for-approval", test_waiting_for_approval);
  g_test_add_func ("/ui/kanban/pages-as-they-scroll", test_pages_as_they_scroll);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
