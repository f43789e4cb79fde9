/* test-import-ui.c: the import assistant under Xvfb against a real rapportd: a GBK CSV with Chinese headers brought into Accounts, step by step, a column mapped by hand, a bad row and a record already there, the rejected rows saved, the import undone */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-pointer.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-records-page.h"
#include "widgets/rapport-import-assistant.h"
#include "widgets/rapport-import-mapping-view.h"
#include "widgets/rapport-import-preview.h"
#include "crm-csv.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#define PASSWORD "correct horse battery"
#define EXISTING "杭州康泰医疗器械有限公司"
#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))
#define PART(name) CHILD (assistant, RAPPORT_TYPE_IMPORT_ASSISTANT, name)

static RapportTestServer *server;
static GtkWidget *window;
static GtkWidget *assistant;
static char *rep;
static char *suffix = "";
static char *files_dir;
static double most_progress;
static gboolean reloaded;
static gint64 existing_id;

static void
shot (GtkWidget  *toplevel,
      const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s", name, suffix);

  g_free (rapport_test_ui_screenshot (toplevel, file));
}

static RapportRecordsPage *
accounts_page (void)
{
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));

  return RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (stack, "accounts"));
}

/* the list is loaded and shows @data records */
static gboolean
list_shows (gpointer data)
{
  RapportListModel *model = rapport_records_page_get_model (accounts_page ());

  return !rapport_list_model_get_loading (model) && rapport_list_model_get_total (model) == GPOINTER_TO_INT (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == (guint) GPOINTER_TO_INT (data);
}

/* the assistant shows step @data, done with what it was doing */
static gboolean
on_step (gpointer data)
{
  RapportImportAssistant *self = RAPPORT_IMPORT_ASSISTANT (assistant);

  return g_strcmp0 (rapport_import_assistant_get_step (self), data) == 0 && !rapport_import_assistant_get_busy (self) &&
         !gtk_stack_get_transition_running (GTK_STACK (PART ("steps")));
}

static gboolean
mapping_ready (gpointer data)
{
  return on_step ("mapping") && rapport_import_mapping_view_get_ready (RAPPORT_IMPORT_MAPPING_VIEW (PART ("mapping_view")));
}

typedef struct
{
  GtkWidget  *popover;
  const char *text;
  GtkWidget  *found;
} Wanted;

/* a label showing @text, in view or not */
static GtkWidget *
find_any_label (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_any_label (child, text);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
label_exists (gpointer data)
{
  Wanted *wanted = data;

  wanted->found = gtk_widget_get_mapped (wanted->popover) ? find_any_label (wanted->popover, wanted->text) : NULL;
  return wanted->found != NULL;
}

static gboolean
label_shown (gpointer data)
{
  Wanted *wanted = data;

  wanted->found = gtk_widget_get_mapped (wanted->popover) ? rapport_test_ui_find_label (wanted->popover, wanted->text) : NULL;
  return wanted->found != NULL && gtk_widget_get_mapped (wanted->found);
}

static gboolean
mapped_to (gpointer data)
{
  const char **column_key = data;

  return g_strcmp0 (rapport_import_mapping_view_get_key (RAPPORT_IMPORT_MAPPING_VIEW (PART ("mapping_view")),
                                                         column_key[0]), column_key[1]) == 0;
}

static gboolean
title_is (gpointer data)
{
  return g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (PART ("result_page"))), data) == 0;
}

static gboolean
file_written (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && contents[0] != '\0';
}

static void
on_loading (RapportListModel *model)
{
  reloaded = reloaded || rapport_list_model_get_loading (model);
}

static gboolean
list_reloaded (gpointer data)
{
  return reloaded && list_shows (data);
}

static void
on_progress (GtkProgressBar *bar)
{
  most_progress = MAX (most_progress, gtk_progress_bar_get_fraction (bar));
}

/* the server's accounts with a code, code → the account's JSON */
static GHashTable *
server_accounts (void)
{
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", "/api/v1/accounts?limit=100", rep, NULL);
  GHashTable *by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *code = json_object_get_string_member_with_default (item, "code", NULL);

      if (code)
        g_hash_table_insert (by_code, g_strdup (code), json_object_ref (item));
    }
  return by_code;
}

static void
click (const char *part)
{
  GtkWidget *widget = PART (part);

  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  rapport_test_pointer_click (assistant, widget);
}

/* a drop-down row opened with the pointer, and the choice showing @text clicked in its list */
static void
choose_in_row (AdwComboRow *row,
               const char  *text)
{
  Wanted wanted = { NULL, text, NULL };
  GtkAdjustment *adjustment;

  rapport_test_pointer_click (assistant, GTK_WIDGET (row));
  wanted.popover = rapport_test_ui_find_by_type (GTK_WIDGET (row), GTK_TYPE_POPOVER);
  g_assert_nonnull (wanted.popover);
  rapport_test_ui_wait_until (label_exists, &wanted, 10, "the drop-down's list");
  /* scrolled down to it, as the wheel does, where the list is longer than the popover */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (wanted.found,
                                                                                                  GTK_TYPE_SCROLLED_WINDOW)));
  while (!gtk_widget_get_mapped (wanted.found) &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) < gtk_adjustment_get_upper (adjustment))
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) / 2);
      rapport_test_ui_settle (100);
      label_exists (&wanted);
    }
  rapport_test_ui_wait_until (label_shown, &wanted, 10, "the choice in the drop-down's list");
  /* the popover is a surface of its own */
  rapport_test_pointer_click (wanted.popover, wanted.found);
}

/* a column mapped to the field @key by hand */
static void
choose_field (const char *column,
              const char *key)
{
  RapportImportMappingView *view = RAPPORT_IMPORT_MAPPING_VIEW (PART ("mapping_view"));
  AdwComboRow *row = rapport_import_mapping_view_get_row (view, column);
  g_autoptr(GtkStringObject) item = NULL;
  const char *column_key[] = { column, key };

  g_assert_nonnull (row);
  item = g_list_model_get_item (adw_combo_row_get_model (row), rapport_import_mapping_view_find_field (view, key));
  g_assert_nonnull (item);
  choose_in_row (row, gtk_string_object_get_string (item));
  rapport_test_ui_wait_until (mapped_to, column_key, 10, "the column mapped by hand");
}

/* the file read again with the encoding or separator chosen as @text */
static void
read_with (const char *row,
           const char *text)
{
  choose_in_row (ADW_COMBO_ROW (PART (row)), text);
  rapport_test_ui_wait_until (on_step, "reading", 30, "the file read again");
}

static gboolean
saved_mapping_chosen (gpointer data)
{
  AdwComboRow *row = ADW_COMBO_ROW (CHILD (PART ("mapping_view"), RAPPORT_TYPE_IMPORT_MAPPING_VIEW, "saved_row"));
  g_autoptr(GtkStringObject) item = g_list_model_get_item (adw_combo_row_get_model (row), adw_combo_row_get_selected (row));

  return item != NULL && adw_combo_row_get_selected (row) > 0 && g_str_equal (gtk_string_object_get_string (item), data);
}

/* the mapping shown saved under @name through Save Mapping…, typed */
static void
save_mapping (const char *name)
{
  GtkWidget *dialog;
  g_autoptr(RapportTestReply) reply = NULL;
  JsonArray *items;
  JsonObject *saved = NULL;

  rapport_test_pointer_click (assistant, CHILD (PART ("mapping_view"), RAPPORT_TYPE_IMPORT_MAPPING_VIEW, "save_button"));
  dialog = rapport_test_ui_wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "the mapping's name asked");
  gtk_widget_grab_focus (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  rapport_test_keys_send (dialog, name);
  rapport_test_ui_respond ("save", "import-3-mapping-save");
  rapport_test_ui_wait_until (saved_mapping_chosen, (gpointer) name, 30, "the saved mapping chosen");

  reply = rapport_test_request (server, "GET", "/api/v1/import-mappings?collection=accounts", rep, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "name"), name) == 0)
      saved = json_object_get_object_member (json_array_get_object_element (items, i), "columns");
  g_assert_nonnull (saved);
  g_assert_cmpstr (json_object_get_string_member (saved, "详细地址"), ==, "address");
  g_assert_cmpstr (json_object_get_string_member (saved, "名称"), ==, "name");
}

static void
test_import_and_undo (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  g_autofree char *csv = g_build_filename (IMPORT_DATA_DIR, "assistant", "gbk-accounts.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autofree char *rejected_path = g_build_filename (files_dir, "rejected.csv", NULL);
  g_autoptr(GFile) rejected_file = g_file_new_for_path (rejected_path);
  g_autofree char *rejected = NULL;
  g_autofree char *bad_row = NULL;
  g_autofree char *skipped_row = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  RapportImportPreview *preview;
  RapportImportMappingView *mapping;
  JsonObject *answer;
  JsonObject *problem;
  const char *code_column[] = { "客户编号", "code" };
  CrmEntityClass *klass = g_type_class_peek (crm_entities_lookup_collection ("accounts"));
  g_autoptr(GPtrArray) rows = NULL;
  const char * const *header;
  const char * const *cells;

  rapport_test_ui_sign_in (window, server->base_url, "lena", PASSWORD);
  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), "accounts"));
  g_assert_nonnull (accounts_page ());
  rapport_test_ui_wait_until (list_shows, GINT_TO_POINTER (1), 30, "the accounts list");

  /* 1. the list's Import button opens the assistant over the window */
  shot (window, "import-0-list");
  rapport_test_pointer_click (window, CHILD (accounts_page (), RAPPORT_TYPE_RECORDS_PAGE, "import_button"));
  assistant = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_IMPORT_ASSISTANT, "the import assistant");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (assistant)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant)) == GTK_WINDOW (window));
  g_assert_cmpstr (rapport_import_assistant_get_step (RAPPORT_IMPORT_ASSISTANT (assistant)), ==, "file");
  g_assert_false (gtk_widget_is_sensitive (PART ("next_button")));
  shot (assistant, "import-1-file");

  /* the file chooser's part: the file it hands over */
  rapport_import_assistant_open_file (RAPPORT_IMPORT_ASSISTANT (assistant), file);

  /* 2. read here: GB18030 and commas found, the first rows shown */
  rapport_test_ui_wait_until (on_step, "reading", 30, "the file read");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (PART ("encoding_row"))), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (PART ("separator_row"))), ==, 0);
  g_assert_false (gtk_widget_get_visible (PART ("sheet_row")));
  preview = RAPPORT_IMPORT_PREVIEW (PART ("preview"));
  g_assert_cmpuint (rapport_import_preview_get_n_rows (preview), ==, 5);
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 0, 0), ==, "名称");
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 1, 0), ==, "上海华信贸易有限公司");
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 2, 5), ==, "展会认识, 需要报价");
  shot (assistant, "import-2-reading");
  /* read as Big5 the Chinese is not what it was; with semicolons a row is one cell; back again */
  read_with ("encoding_row", "Big5");
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 0, 0), !=, "名称");
  read_with ("separator_row", _("Semicolon (;)"));
  g_assert_null (rapport_import_preview_get_cell (preview, 0, 1));
  shot (assistant, "import-2-reading-big5-semicolon");
  read_with ("encoding_row", "GB18030 (GBK)");
  read_with ("separator_row", _("Comma (,)"));
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 0, 0), ==, "名称");
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 2, 5), ==, "展会认识, 需要报价");
  click ("next_button");

  /* 3. the columns, on the server's own proposal; the address mapped by hand */
  rapport_test_ui_wait_until (mapping_ready, NULL, 30, "the columns and fields");
  mapping = RAPPORT_IMPORT_MAPPING_VIEW (PART ("mapping_view"));
  g_assert_cmpstr (rapport_import_mapping_view_get_key (mapping, "名称"), ==, "name");
  g_assert_true (mapped_to (code_column));
  g_assert_cmpstr (rapport_import_mapping_view_get_key (mapping, "电话"), ==, "phone");
  g_assert_null (rapport_import_mapping_view_get_key (mapping, "详细地址"));
  /* a file of no known origin: no export told */
  g_assert_false (gtk_widget_get_visible (CHILD (mapping, RAPPORT_TYPE_IMPORT_MAPPING_VIEW, "preset_label")));
  choose_field ("详细地址", "address");
  shot (assistant, "import-3-mapping");
  save_mapping ("gbk accounts");
  click ("next_button");

  /* 4. a row matching a record already there is skipped; all or nothing */
  rapport_test_ui_wait_until (on_step, "options", 10, "the options");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (PART ("duplicate_create"))));
  g_assert_false (gtk_widget_get_visible (PART ("accounts_group")));
  click ("duplicate_skip");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (PART ("duplicate_skip"))));
  shot (assistant, "import-4-options");
  click ("next_button");

  /* 5. the dry run: the row without a name rejected, naming its field; all
   * or nothing cannot go on */
  rapport_test_ui_wait_until (on_step, "check", 30, "the dry run");
  answer = rapport_import_assistant_get_answer (RAPPORT_IMPORT_ASSISTANT (assistant));
  g_assert_nonnull (answer);
  g_assert_cmpint (json_object_get_int_member (answer, "valid"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "rejected")), ==, 1);
  problem = json_array_get_object_element (json_object_get_array_member (answer, "rejected"), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "field"), ==, "name");
  bad_row = g_strdup_printf (_("Row %lld: %s"), (long long) json_object_get_int_member (problem, "row"),
                             crm_field_spec_get_label (&klass->fields[crm_entity_class_find_json_key (klass, "name")]));
  g_assert_nonnull (rapport_test_ui_find_label (PART ("problems_list"), bad_row));
  g_assert_false (gtk_widget_is_sensitive (PART ("next_button")));
  shot (assistant, "import-5-check-all-or-nothing");
  click ("back_button");
  rapport_test_ui_wait_until (on_step, "options", 10, "the options again");
  click ("mode_good_rows");
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "check", 30, "the dry run of the good rows");
  g_assert_true (gtk_widget_is_sensitive (PART ("next_button")));
  g_assert_nonnull (rapport_test_ui_find_label (PART ("problems_list"), bad_row));
  /* the row with the existing account's code is left alone */
  skipped_row = g_strdup_printf (_("Row %lld: skipped, record %lld is already there"), 4LL, (long long) existing_id);
  g_assert_nonnull (rapport_test_ui_find_label (PART ("problems_list"), skipped_row));
  shot (assistant, "import-5-check");

  /* 6. the import, its progress shown */
  most_progress = 0;
  g_signal_connect (PART ("progress_bar"), "notify::fraction", G_CALLBACK (on_progress), NULL);
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "result", 60, "the import");
  g_assert_cmpfloat (most_progress, ==, 1.0);

  /* 7. two created, the one already there skipped, the bad row rejected */
  answer = rapport_import_assistant_get_answer (RAPPORT_IMPORT_ASSISTANT (assistant));
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "rejected")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "skipped")), ==, 1);
  problem = json_array_get_object_element (json_object_get_array_member (answer, "rejected"), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "field"), ==, "name");
  g_assert_nonnull (rapport_test_ui_find_label_containing (PART ("result_page"), _("Import Finished")));
  shot (assistant, "import-6-result");
  accounts = server_accounts ();
  g_assert_cmpuint (g_hash_table_size (accounts), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (accounts, "HX-001"), "address"), ==,
                   "上海市浦东新区张江路88号");
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (accounts, "YJ-002"), "name"), ==, "北京远景科技有限公司");
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (accounts, "KT-004"), "name"), ==, EXISTING);
  g_clear_pointer (&accounts, g_hash_table_unref);

  /* the rejected rows, as they came, with their reason */
  g_assert_true (gtk_widget_get_visible (PART ("save_rejected_button")));
  rapport_import_assistant_save_rejected_to (RAPPORT_IMPORT_ASSISTANT (assistant), rejected_file);
  rapport_test_ui_wait_until (file_written, rejected_path, 10, "the rejected rows saved");
  g_assert_true (g_file_get_contents (rejected_path, &rejected, NULL, NULL));
  /* for Excel: UTF-8 with its byte order mark */
  g_assert_true (g_str_has_prefix (rejected, "\xEF\xBB\xBF"));
  rows = crm_csv_parse (rejected, strlen (rejected), NULL);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 2);
  header = rows->pdata[0];
  g_assert_cmpuint (g_strv_length ((GStrv) header), ==, 7);
  g_assert_cmpstr (header[0], ==, "名称");
  g_assert_cmpstr (header[4], ==, "详细地址");
  cells = rows->pdata[1];
  g_assert_cmpstr (cells[0], ==, "");
  g_assert_cmpstr (cells[1], ==, "GZ-003");
  g_assert_cmpstr (cells[5], ==, "名称缺失的一行");
  g_assert_cmpstr (cells[6], ==, json_object_get_string_member (problem, "reason"));

  /* Undo, after asking: the two records created are gone */
  click ("undo_button");
  rapport_test_ui_respond ("undo", "import-7-undo");
  rapport_test_ui_wait_until (title_is, (gpointer) _("Import Undone"), 30, "the import undone");
  g_assert_false (gtk_widget_get_visible (PART ("undo_button")));
  shot (assistant, "import-8-undone");
  accounts = server_accounts ();
  g_assert_cmpuint (g_hash_table_size (accounts), ==, 1);
  g_assert_true (g_hash_table_contains (accounts, "KT-004"));

  /* Close: the list reloads */
  reloaded = FALSE;
  g_signal_connect (rapport_records_page_get_model (accounts_page ()), "notify::loading", G_CALLBACK (on_loading), NULL);
  click ("next_button");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant closed");
  rapport_test_ui_wait_until (list_reloaded, GINT_TO_POINTER (1), 30, "the list reloaded");
}

static gboolean
undo_refused (gpointer data)
{
  return !rapport_import_assistant_get_busy (RAPPORT_IMPORT_ASSISTANT (assistant)) &&
         rapport_test_ui_find_label_containing (assistant, data) != NULL;
}

/* a file dropped on the list, imported, one of its records changed: Undo
 * tells the server's reason and changes nothing */
static void
test_undo_refused (void)
{
  g_autofree char *path = g_build_filename (files_dir, "ningbo.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(RapportTestReply) changed = NULL;
  g_autofree char *account_path = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *change = NULL;
  JsonObject *account;

  g_assert_true (g_file_set_contents (path, "名称,客户编号\r\n宁波港联物流有限公司,NB-010\r\n", -1, NULL));
  /* what the list's drop target does with the file dropped */
  rapport_records_page_import (accounts_page (), file);
  assistant = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant with the dropped file");
  rapport_test_ui_wait_until (on_step, "reading", 30, "the dropped file read");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (PART ("encoding_row"))), ==, 0);
  click ("next_button");
  rapport_test_ui_wait_until (mapping_ready, NULL, 30, "the columns");
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "options", 10, "the options");
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "check", 30, "the dry run");
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "result", 60, "the import");

  accounts = server_accounts ();
  account = g_hash_table_lookup (accounts, "NB-010");
  g_assert_nonnull (account);
  account_path = g_strdup_printf ("/api/v1/accounts/%lld", (long long) json_object_get_int_member (account, "id"));
  change = g_strdup_printf ("{\"region\":\"宁波\",\"version\":%lld}",
                            (long long) json_object_get_int_member (account, "version"));
  changed = rapport_test_request (server, "PATCH", account_path, rep, change);
  g_assert_cmpuint (changed->status, ==, 200);

  click ("undo_button");
  rapport_test_ui_respond ("undo", NULL);
  refused = g_strdup_printf (_("The import cannot be undone: %s"), "");
  rapport_test_ui_wait_until (undo_refused, refused, 30, "the undo refused");
  g_assert_true (gtk_widget_get_visible (PART ("undo_button")));
  shot (assistant, "import-9-undo-refused");
  g_clear_pointer (&accounts, g_hash_table_unref);
  accounts = server_accounts ();
  g_assert_true (g_hash_table_contains (accounts, "NB-010"));

  click ("next_button");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant closed");
  rapport_test_ui_wait_until (list_shows, GINT_TO_POINTER (2), 30, "the list with the imported account");
  g_unlink (path);
}

/* a workbook shows its sheets; the one chosen is read; Cancel imports nothing */
static void
test_workbook_sheet (void)
{
  g_autofree char *path = g_build_filename (IMPORT_DATA_DIR, "libreoffice-leads.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RapportImportPreview *preview;

  assistant = GTK_WIDGET (rapport_records_page_import (accounts_page (), file));
  rapport_test_ui_wait_until (on_step, "reading", 30, "the workbook read");
  g_assert_true (gtk_widget_get_visible (PART ("sheet_row")));
  g_assert_false (gtk_widget_get_visible (PART ("encoding_row")));
  g_assert_false (gtk_widget_get_visible (PART ("separator_row")));
  preview = RAPPORT_IMPORT_PREVIEW (PART ("preview"));
  /* the first sheet has a line and no rows */
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 0, 0), ==, "not this sheet");
  g_assert_false (gtk_widget_is_sensitive (PART ("next_button")));
  read_with ("sheet_row", "Leads");
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 0, 0), ==, "Company");
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 1, 0), ==, "Fjord Diagnostics AS");
  g_assert_true (gtk_widget_is_sensitive (PART ("next_button")));
  shot (assistant, "import-2-reading-workbook");
  click ("cancel_button");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant cancelled");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE name = 'Fjord Diagnostics AS'"), ==, 0);
}

/* LinkedIn's Connections.csv: its notes above the header skipped, the export
 * told on the mapping step, the profile's address no website */
static void
test_preset_recognised (void)
{
  g_autofree char *path = g_build_filename (IMPORT_DATA_DIR, "linkedin-connections.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *told = NULL;
  RapportImportMappingView *mapping;
  GtkWidget *label;

  assistant = GTK_WIDGET (rapport_records_page_import (accounts_page (), file));
  rapport_test_ui_wait_until (on_step, "reading", 30, "the LinkedIn export read");
  g_assert_cmpstr (rapport_import_preview_get_cell (RAPPORT_IMPORT_PREVIEW (PART ("preview")), 0, 0), ==, "First Name");
  click ("next_button");
  rapport_test_ui_wait_until (mapping_ready, NULL, 30, "the columns");
  mapping = RAPPORT_IMPORT_MAPPING_VIEW (PART ("mapping_view"));
  label = CHILD (mapping, RAPPORT_TYPE_IMPORT_MAPPING_VIEW, "preset_label");
  told = g_strdup_printf (_("Recognised as an export of %s: its columns are proposed as that export means them."),
                          _("LinkedIn connections"));
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, told);
  g_assert_cmpstr (rapport_import_mapping_view_get_key (mapping, "Company"), ==, "name");
  g_assert_null (rapport_import_mapping_view_get_key (mapping, "URL"));
  g_assert_null (rapport_import_mapping_view_get_key (mapping, "Connected On"));
  shot (assistant, "import-3-mapping-preset");
  click ("cancel_button");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant cancelled");
}

static gint64
count_named (const char *collection,
             const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/%s?q=%s", collection, escaped);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);
  JsonArray *items;
  gint64 n = 0;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "name"), name) == 0;
  return n;
}

/* contacts naming a company not there yet: with Create missing accounts, it is made */
static void
test_contacts_create_missing (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkStack *stack = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  g_autofree char *path = g_build_filename (files_dir, "wenzhou.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RapportImportMappingView *mapping;
  JsonObject *answer;

  g_assert_true (g_file_set_contents (path, "姓名,公司,手机\r\n陈静,温州新创电子有限公司,13711112222\r\n", -1, NULL));
  g_signal_emit_by_name (sections, "row-activated", rapport_window_get_section_row (RAPPORT_WINDOW (window), "contacts"));
  assistant = GTK_WIDGET (rapport_records_page_import (RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (stack, "contacts")),
                                                       file));
  rapport_test_ui_wait_until (on_step, "reading", 30, "the contacts file read");
  click ("next_button");
  rapport_test_ui_wait_until (mapping_ready, NULL, 30, "the contacts' columns");
  mapping = RAPPORT_IMPORT_MAPPING_VIEW (PART ("mapping_view"));
  g_assert_cmpstr (rapport_import_mapping_view_get_key (mapping, "姓名"), ==, "name");
  g_assert_cmpstr (rapport_import_mapping_view_get_key (mapping, "公司"), ==, "account_id");
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "options", 10, "the contacts' options");
  g_assert_true (gtk_widget_get_visible (PART ("accounts_group")));
  click ("create_missing_switch");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (PART ("create_missing_switch"))));
  shot (assistant, "import-4-options-contacts");
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "check", 30, "the contacts' dry run");
  g_assert_cmpint (json_object_get_int_member (rapport_import_assistant_get_answer (RAPPORT_IMPORT_ASSISTANT (assistant)),
                                               "valid"), ==, 1);
  click ("next_button");
  rapport_test_ui_wait_until (on_step, "result", 60, "the contacts imported");
  answer = rapport_import_assistant_get_answer (RAPPORT_IMPORT_ASSISTANT (assistant));
  g_assert_cmpint (json_object_get_int_member (answer, "created"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "created_references"), ==, 1);
  g_assert_cmpint (count_named ("accounts", "温州新创电子有限公司"), ==, 1);
  g_assert_cmpint (count_named ("contacts", "陈静"), ==, 1);
  click ("next_button");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant closed");
  g_unlink (path);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* a file dragged from another window (a file manager's) and dropped on the
 * list, through the X server's drag and drop: the assistant opens with it */
static void
test_dropped_from_another_window (void)
{
  g_autofree char *path = g_build_filename (files_dir, "dropped.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };
  GdkFileList *list;
  g_autoptr(GdkContentProvider) content = NULL;
  GtkWidget *source_window = gtk_window_new ();
  GtkWidget *source = gtk_label_new ("dropped.csv");
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkWidget *list_view = rapport_test_ui_find_by_type (GTK_WIDGET (accounts_page ()), GTK_TYPE_COLUMN_VIEW);
  RapportImportPreview *preview;

  g_assert_true (g_file_set_contents (path, "名称,客户编号\r\n温州拖放贸易有限公司,WZ-DROP\r\n", -1, NULL));
  list = gdk_file_list_new_from_array (files, 1);
  /* the provider keeps a copy */
  content = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  gtk_drag_source_set_content (drag, content);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  gtk_widget_add_controller (source, GTK_EVENT_CONTROLLER (drag));
  gtk_window_set_child (GTK_WINDOW (source_window), source);
  gtk_window_set_default_size (GTK_WINDOW (source_window), 160, 60);
  gtk_window_present (GTK_WINDOW (source_window));
  rapport_test_ui_wait_until (is_mapped, source, 10, "the window the file is dragged from");
  g_assert_nonnull (list_view);
  rapport_test_ui_wait_until (is_mapped, list_view, 10, "the accounts' list");

  rapport_test_pointer_drag_between (source, 40, 20, list_view, gtk_widget_get_width (list_view) / 2.0,
                                     gtk_widget_get_height (list_view) / 2.0);
  assistant = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant with the dropped file");
  rapport_test_ui_wait_until (on_step, "reading", 30, "the dropped file read");
  preview = RAPPORT_IMPORT_PREVIEW (PART ("preview"));
  g_assert_cmpstr (rapport_import_preview_get_cell (preview, 1, 0), ==, "温州拖放贸易有限公司");
  shot (assistant, "import-1-dropped");
  click ("cancel_button");
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_IMPORT_ASSISTANT, "the assistant cancelled");
  gtk_window_destroy (GTK_WINDOW (source_window));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE code = 'WZ-DROP'"), ==, 0);
  g_unlink (path);
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
  files_dir = g_dir_make_tmp ("rapport-import-ui-XXXXXX", NULL);
  g_assert_nonnull (files_dir);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  existing_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"" EXISTING "\",\"code\":\"KT-004\"}");
  window = rapport_test_ui_open_window (1100, 760);

  g_test_add_func ("/ui/import/import-and-undo", test_import_and_undo);
  g_test_add_func ("/ui/import/undo-refused", test_undo_refused);
  g_test_add_func ("/ui/import/workbook-sheet", test_workbook_sheet);
  g_test_add_func ("/ui/import/dropped-from-another-window", test_dropped_from_another_window);
  g_test_add_func ("/ui/import/preset-recognised", test_preset_recognised);
  g_test_add_func ("/ui/import/contacts-create-missing", test_contacts_create_missing);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  {
    g_autofree char *rejected = g_build_filename (files_dir, "rejected.csv", NULL);

    g_unlink (rejected);
    g_rmdir (files_dir);
  }
  return status;
}
