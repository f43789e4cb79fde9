/* rapport-import-assistant.c: RapportImportAssistant, a file brought into a collection step by step
 *
 * A modal window over the list, its steps in a stack, Back and Next in the
 * header bar: the file chosen (or dropped on the list); how it is read
 * (encoding, separator, sheet) with its first rows, read here with the
 * shared readers so that the preview is instant; its columns matched to
 * fields (RapportImportMappingView); what to do with records already there
 * and with bad rows; a dry run listing the problems; the import, its
 * progress told by the event socket (import.progress) or pulsing; the
 * result, with the rejected rows to save and Undo while the batch is
 * unchanged. The server does the work: the same request each time
 * (POST /{collection}/import), dry_run=true before. */
#include "rapport-import-assistant.h"
#include "rapport-import-assistant-private.h"
#include "rapport-import-report.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (RapportImportAssistant, rapport_import_assistant, ADW_TYPE_WINDOW)

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the progress bar pulses this often while no progress is heard */
#define PULSE_MS 150

static const struct
{
  const char *name;
  const char *title;
  const char *next;
} steps[] = {
  { "file",      N_("Choose a File"), N_("_Next") },
  { "reading",   N_("Reading"),       N_("_Next") },
  { "mapping",   N_("Columns"),       N_("_Next") },
  { "options",   N_("Options"),       N_("_Check") },
  { "check",     N_("Check"),         N_("_Import") },
  { "importing", N_("Importing"),     N_("_Import") },
  { "result",    N_("Result"),        N_("_Close") },
};

static const struct
{
  const char *collection;
  const char *title;
} collections[] = {
  { "accounts", N_("Import Accounts") },
  { "contacts", N_("Import Contacts") },
  { "leads",    N_("Import Leads") },
  { "products", N_("Import Products") },
};

static guint
step_index (RapportImportAssistant *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->steps);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (name, steps[i].name) == 0)
      return i;
  return 0;
}

static gboolean
next_allowed (RapportImportAssistant *self,
              const char             *step)
{
  if (self->busy)
    return FALSE;
  if (g_str_equal (step, "reading"))
    return self->rows != NULL && self->rows->len >= 2;
  if (g_str_equal (step, "mapping"))
    return rapport_import_mapping_view_get_ready (self->mapping_view);
  if (g_str_equal (step, "options") || g_str_equal (step, "result"))
    return TRUE;
  if (g_str_equal (step, "check"))
    return rapport_import_report_count (self->answer, "valid") > 0 &&
           !(gtk_check_button_get_active (self->mode_all) && rapport_import_report_count (self->answer, "rejected") > 0);
  return FALSE;
}

void
rapport_import_assistant_update (RapportImportAssistant *self)
{
  guint i = step_index (self);
  g_autofree char *subtitle = g_strdup_printf (_("Step %u of %u: %s"), i + 1, (guint) G_N_ELEMENTS (steps),
                                               _(steps[i].title));

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_button_set_label (GTK_BUTTON (self->next_button), _(steps[i].next));
  gtk_widget_set_sensitive (self->next_button, next_allowed (self, steps[i].name));
  gtk_widget_set_visible (self->back_button, i > 0 && i < 5);
  gtk_widget_set_sensitive (self->back_button, !self->busy);
  gtk_widget_set_visible (self->cancel_button, i < 5);
  gtk_widget_set_sensitive (self->choose_button, !self->busy);
}

void
rapport_import_assistant_go_to (RapportImportAssistant *self,
                                const char             *step)
{
  gtk_stack_set_visible_child_name (self->steps, step);
  rapport_import_assistant_update (self);
}

/* Returns: (transfer none): the toast shown */
AdwToast *
rapport_import_assistant_toast (RapportImportAssistant *self,
                                const char             *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toasts, toast);
  return toast;
}

void
rapport_import_assistant_set_busy (RapportImportAssistant *self,
                                   gboolean                busy)
{
  self->busy = busy;
  rapport_import_assistant_update (self);
}

static void
on_back_clicked (RapportImportAssistant *self)
{
  guint i = step_index (self);

  if (i > 0 && !self->busy)
    rapport_import_assistant_go_to (self, steps[i - 1].name);
}

/* the request's path: the same parameters for the dry run and the import;
 * the dry run lists every problem (good_rows), whatever the mode chosen */
static char *
import_path (RapportImportAssistant *self,
             gboolean                dry_run,
             const char             *charset)
{
  GString *path = g_string_new (NULL);
  g_autoptr(JsonObject) changes = rapport_import_mapping_view_dup_changes (self->mapping_view);
  const char *sheet = rapport_import_assistant_get_sheet (self);

  g_string_printf (path, "/%s/import?dry_run=%s&mode=%s", self->collection, dry_run ? "true" : "false",
                   dry_run || gtk_check_button_get_active (self->mode_good_rows) ? "good_rows" : "all");
  if (charset)
    g_string_append_printf (path, "&charset=%s", charset);
  if (sheet)
    {
      g_autofree char *escaped = g_uri_escape_string (sheet, NULL, FALSE);

      g_string_append_printf (path, "&sheet=%s", escaped);
    }
  /* create is the default: left out, as a server without the choice expects */
  if (gtk_check_button_get_active (self->duplicate_skip))
    g_string_append (path, "&on_duplicate=skip");
  else if (gtk_check_button_get_active (self->duplicate_update))
    g_string_append (path, "&on_duplicate=update");
  if (gtk_widget_get_visible (self->accounts_group) && gtk_switch_get_active (self->create_missing_switch))
    g_string_append (path, "&create_missing=accounts");
  if (changes)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), changes);
      g_autofree char *text = json_to_string (node, FALSE);
      g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

      g_string_append_printf (path, "&mapping=%s", escaped);
    }
  if (!dry_run)
    g_string_append_printf (path, "&progress=%s", self->token);
  return g_string_free (path, FALSE);
}

static void
send_import (RapportImportAssistant *self,
             gboolean                dry_run,
             GAsyncReadyCallback     callback)
{
  const char *content_type = NULL;
  const char *charset = NULL;
  g_autoptr(GBytes) body = rapport_import_assistant_dup_body (self, &content_type, &charset);
  g_autofree char *path = import_path (self, dry_run, charset);

  rapport_import_assistant_set_busy (self, TRUE);
  rapport_api_upload_async (self->api, path, content_type, body, self->cancellable, callback, self);
}

static void
take_answer (RapportImportAssistant *self,
             JsonNode               *node)
{
  g_clear_pointer (&self->answer, json_object_unref);
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    self->answer = json_object_ref (json_node_get_object (node));
}

static void
checked (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportImportAssistant *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *summary = NULL;
  CrmEntityClass *klass;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  klass = g_type_class_peek (crm_entities_lookup_collection (self->collection));
  self->busy = FALSE;
  if (node == NULL)
    {
      rapport_import_assistant_toast (self, error->message);
      rapport_import_assistant_update (self);
      return;
    }
  take_answer (self, node);
  summary = rapport_import_report_check_summary (self->answer, gtk_check_button_get_active (self->mode_all));
  gtk_label_set_text (self->check_summary, summary);
  rapport_import_report_fill_problems (self->problems_list, self->answer, klass);
  gtk_widget_set_visible (self->conversions_group,
                          rapport_import_report_fill_conversions (self->conversions_list, self->answer, klass) > 0);
  rapport_import_assistant_go_to (self, "check");
}

static void
stop_progress (RapportImportAssistant *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
}

static void
imported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportImportAssistant *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  stop_progress (self);
  if (node == NULL)
    {
      rapport_import_assistant_toast (self, error->message);
      rapport_import_assistant_go_to (self, "check");
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  take_answer (self, node);
  self->changed = TRUE;
  rapport_import_assistant_show_result (self);
}

static gboolean
pulse (gpointer user_data)
{
  RapportImportAssistant *self = user_data;

  if (!self->progress_heard)
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

/* {"token","rows_done","rows_total"} of this import, from the event socket */
static void
on_progress_event (RapportImportAssistant *self,
                   const char             *kind,
                   JsonObject             *data)
{
  gint64 done = json_object_get_int_member_with_default (data, "rows_done", 0);
  gint64 total = json_object_get_int_member_with_default (data, "rows_total", 0);
  g_autofree char *text = NULL;

  if (self->pulse_source == 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (data, "token", NULL), self->token) != 0 || total <= 0)
    return;
  self->progress_heard = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP ((double) done / (double) total, 0.0, 1.0));
  text = g_strdup_printf (_("%lld of %lld rows"), (long long) done, (long long) total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
start_import (RapportImportAssistant *self)
{
  g_free (self->token);
  self->token = g_uuid_string_random ();
  self->progress_heard = FALSE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Sending the file…"));
  stop_progress (self);
  self->pulse_source = g_timeout_add (PULSE_MS, pulse, self);
  rapport_import_assistant_go_to (self, "importing");
  send_import (self, FALSE, imported);
}

static void
on_next_clicked (RapportImportAssistant *self)
{
  guint i = step_index (self);

  if (!next_allowed (self, steps[i].name))
    return;
  if (g_str_equal (steps[i].name, "options"))
    send_import (self, TRUE, checked);
  else if (g_str_equal (steps[i].name, "check"))
    start_import (self);
  else if (g_str_equal (steps[i].name, "result"))
    gtk_window_close (GTK_WINDOW (self));
  else
    rapport_import_assistant_go_to (self, steps[i + 1].name);
}

static gboolean
rapport_import_assistant_close_request (GtkWindow *window)
{
  RapportImportAssistant *self = RAPPORT_IMPORT_ASSISTANT (window);

  if (self->changed)
    g_signal_emit (self, signals[FINISHED], 0);
  self->changed = FALSE;
  return GTK_WINDOW_CLASS (rapport_import_assistant_parent_class)->close_request (window);
}

static void
rapport_import_assistant_dispose (GObject *object)
{
  RapportImportAssistant *self = RAPPORT_IMPORT_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_progress (self);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_IMPORT_ASSISTANT);
  g_clear_object (&self->api);
  g_clear_object (&self->sheets);
  g_clear_object (&self->reading_toast);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->answer, json_object_unref);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->collection, g_free);
  g_clear_pointer (&self->token, g_free);
  G_OBJECT_CLASS (rapport_import_assistant_parent_class)->dispose (object);
}

static void
on_mapping_message (RapportImportAssistant *self,
                    const char             *message)
{
  rapport_import_assistant_toast (self, message);
}

static void
rapport_import_assistant_class_init (RapportImportAssistantClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_import_assistant_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = rapport_import_assistant_close_request;

  /**
   * RapportImportAssistant::finished:
   *
   * Closed after records were imported or an import undone: the list reloads.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  g_type_ensure (RAPPORT_TYPE_IMPORT_PREVIEW);
  g_type_ensure (RAPPORT_TYPE_IMPORT_MAPPING_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-import-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, choose_button);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, toasts);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, steps);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, reading_group);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, separator_row);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, preview);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, mapping_view);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, duplicate_create);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, duplicate_skip);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, duplicate_update);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, mode_all);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, mode_good_rows);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, create_missing_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, check_summary);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, problems_list);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, conversions_group);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, conversions_list);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, result_page);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, save_rejected_button);
  gtk_widget_class_bind_template_child (widget_class, RapportImportAssistant, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_choose_clicked",
                                                G_CALLBACK (rapport_import_assistant_choose_file));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_reading_changed",
                                                G_CALLBACK (rapport_import_assistant_read_again));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_save_rejected_clicked",
                                                G_CALLBACK (rapport_import_assistant_choose_rejected_file));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_undo_clicked",
                                                G_CALLBACK (rapport_import_assistant_undo));
}

static void
rapport_import_assistant_init (RapportImportAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  rapport_import_assistant_setup_reading (self);
  g_signal_connect_object (self->mapping_view, "message", G_CALLBACK (on_mapping_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mapping_view, "notify::ready", G_CALLBACK (rapport_import_assistant_update), self,
                           G_CONNECT_SWAPPED);
}

/* the collections a file can be imported into from their list */
gboolean
rapport_import_assistant_can_import (const char *collection)
{
  for (guint i = 0; collection != NULL && i < G_N_ELEMENTS (collections); i++)
    if (g_str_equal (collections[i].collection, collection))
      return TRUE;
  return FALSE;
}

/**
 * rapport_import_assistant_new:
 * @parent: the main window, the assistant modal over it
 * @api: the signed-in client
 * @collection: one rapport_import_assistant_can_import() accepts
 *
 * Returns: (transfer none): the assistant, on its first step
 */
RapportImportAssistant *
rapport_import_assistant_new (GtkWindow  *parent,
                              RapportApi *api,
                              const char *collection)
{
  RapportImportAssistant *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (rapport_import_assistant_can_import (collection), NULL);

  self = g_object_new (RAPPORT_TYPE_IMPORT_ASSISTANT, "transient-for", parent, NULL);
  self->api = g_object_ref (api);
  self->collection = g_strdup (collection);
  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    if (g_str_equal (collections[i].collection, collection))
      {
        adw_window_title_set_title (self->window_title, _(collections[i].title));
        gtk_window_set_title (GTK_WINDOW (self), _(collections[i].title));
      }
  /* a contact's account, by name, may be created */
  gtk_widget_set_visible (self->accounts_group, g_str_equal (collection, "contacts"));
  rapport_import_mapping_view_setup (self->mapping_view, api, collection);
  g_signal_connect_object (api, "event::import.progress", G_CALLBACK (on_progress_event), self, G_CONNECT_SWAPPED);
  rapport_import_assistant_go_to (self, "file");
  return self;
}

/* the step shown: "file", "reading", "mapping", "options", "check", "importing" or "result" */
const char *
rapport_import_assistant_get_step (RapportImportAssistant *self)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_ASSISTANT (self), NULL);

  return gtk_stack_get_visible_child_name (self->steps);
}

/* a file being read, or a request on its way */
gboolean
rapport_import_assistant_get_busy (RapportImportAssistant *self)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_ASSISTANT (self), FALSE);

  return self->busy;
}

/**
 * rapport_import_assistant_get_answer:
 *
 * Returns: (transfer none) (nullable): the last answer of the import, its
 *   dry run's before it
 */
JsonObject *
rapport_import_assistant_get_answer (RapportImportAssistant *self)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_ASSISTANT (self), NULL);

  return self->answer;
}
