/* rapport-records-page.c: RapportRecordsPage, one collection as a searchable, sortable, lazily paged list */
#include "rapport-records-page-private.h"
#include "rapport-window.h"
#include "widgets/rapport-export-dialog.h"
#include "widgets/rapport-import-assistant.h"
#include "widgets/rapport-transfer-dialog.h"
#include "crm-entities.h"

#include <adwaita.h>
#include <glib/gi18n.h>


/* the owner filter's first choices; users follow */
enum
{
  OWNER_ANYONE,
  OWNER_ME,
  OWNER_TEAM,
  N_OWNER_CHOICES
};

/* enough for the users of an office; the API's page limit */
#define MAX_OWNERS 500

G_DEFINE_FINAL_TYPE (RapportRecordsPage, rapport_records_page, GTK_TYPE_WIDGET)

enum
{
  RECORD_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_state (RapportRecordsPage *self)
{
  const GError *error = rapport_list_model_get_error (self->model);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 total = rapport_list_model_get_total (self->model);

  if (error)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->view_stack, "error");
    }
  else if (n_items > 0)
    gtk_stack_set_visible_child_name (self->view_stack, "list");
  else if (rapport_list_model_get_loading (self->model))
    gtk_stack_set_visible_child_name (self->view_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->view_stack, "empty");

  if (total >= 0 && !error)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, total);
      /* an estimate says so until the exact figure arrives */
      g_autofree char *text = rapport_list_model_get_total_exact (self->model)
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", total), number)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %s record", "about %s records", total), number);

      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, "");
}

static void
on_filter_selected (GtkDropDown        *dropdown,
                    GParamSpec         *pspec,
                    RapportRecordsPage *self)
{
  const CrmFieldSpec *spec = g_object_get_data (G_OBJECT (dropdown), "field");
  guint selected = gtk_drop_down_get_selected (dropdown);

  rapport_list_model_set_filter (self->model, crm_field_spec_get_json_key (spec),
                                 selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                 ? NULL : spec->enum_values[selected - 1]);
}

/* a drop-down for each enum column that can be filtered on */
static void
build_filters (RapportRecordsPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      g_autoptr(GtkStringList) strings = NULL;
      g_autofree char *all = NULL;
      GtkWidget *dropdown;

      if (spec->type != CRM_FIELD_ENUM || (spec->flags & (CRM_FIELD_FILTERABLE | CRM_FIELD_COLUMN)) !=
          (CRM_FIELD_FILTERABLE | CRM_FIELD_COLUMN))
        continue;
      /* TRANSLATORS: the first entry of a filter, e.g. "Any Industry" */
      all = g_strdup_printf (_("Any %s"), crm_field_spec_get_label (spec));
      strings = gtk_string_list_new (NULL);
      gtk_string_list_append (strings, all);
      for (guint v = 0; spec->enum_values[v]; v++)
        gtk_string_list_append (strings, crm_field_spec_enum_label (spec, spec->enum_values[v]));
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL);
      g_object_set_data (G_OBJECT (dropdown), "field", (gpointer) spec);
      gtk_widget_set_tooltip_text (dropdown, crm_field_spec_get_label (spec));
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      crm_field_spec_get_label (spec), -1);
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_filter_selected), self, 0);
      gtk_flow_box_append (GTK_FLOW_BOX (self->filter_box), dropdown);
    }
}

/* the last row in view, estimated from the scroll position: its page is wanted */
static void
on_scrolled (RapportRecordsPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  double upper = gtk_adjustment_get_upper (adjustment);
  double bottom = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment);

  if (n_items == 0 || upper <= 0)
    return;
  rapport_list_model_ensure (self->model, (guint) MIN (n_items - 1, n_items * bottom / upper));
}

static void
on_search_changed (RapportRecordsPage *self)
{
  rapport_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_owner_selected (RapportRecordsPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  int owner = crm_entity_class_find_owner (klass);
  guint selected = gtk_drop_down_get_selected (self->owner_dropdown);
  g_autofree char *value = NULL;

  if (owner < 0 || self->model == NULL)
    return;
  if (selected == OWNER_ME)
    value = g_strdup ("me");
  else if (selected == OWNER_TEAM)
    value = g_strdup ("team");
  else if (selected != GTK_INVALID_LIST_POSITION && selected >= N_OWNER_CHOICES && selected < self->owner_ids->len)
    value = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (self->owner_ids, gint64, selected));
  rapport_list_model_set_filter (self->model, crm_field_spec_get_json_key (&klass->fields[owner]), value);
}

static void
owners_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportRecordsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (user, "id", 0);

      if (id <= 0)
        continue;
      g_array_append_val (self->owner_ids, id);
      gtk_string_list_append (self->owner_names, json_object_get_string_member_with_default (user, "name", ""));
    }
}

/* anyone, me, my team, then the active users by name */
static void
build_owner_filter (RapportRecordsPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autofree char *path = NULL;
  gint64 none = 0;

  /* its place in the filters goes with it */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->owner_dropdown)), crm_entity_class_find_owner (klass) >= 0);
  if (crm_entity_class_find_owner (klass) < 0)
    return;
  /* TRANSLATORS: the owner filter's choices */
  self->owner_names = gtk_string_list_new ((const char * const[]) { _("Anyone"), _("Me"), _("My team"), NULL });
  for (guint i = 0; i < N_OWNER_CHOICES; i++)
    g_array_append_val (self->owner_ids, none);
  gtk_drop_down_set_expression (self->owner_dropdown, expression);
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (self->owner_names));
  path = g_strdup_printf ("/users?limit=%d&sort=name&active=true", MAX_OWNERS);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, owners_loaded, self);
}

static void
on_row_activated (RapportRecordsPage *self,
                  guint               position)
{
  g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (entity)
    g_signal_emit (self, signals[RECORD_ACTIVATED], 0, crm_entity_get_id (entity));
}

/* the selected rows that are loaded, by id */
static GArray *
selected_ids (RapportRecordsPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (self->selection);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      gint64 id = entity ? crm_entity_get_id (entity) : 0;

      if (id > 0)
        g_array_append_val (ids, id);
    }
  return ids;
}

static void
on_selection_changed (RapportRecordsPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (self->selection);

  gtk_widget_set_sensitive (self->transfer_button, !gtk_bitset_is_empty (selected));
  gtk_widget_set_sensitive (self->restore_button, !gtk_bitset_is_empty (selected));
}

static void
on_archived_toggled (RapportRecordsPage *self)
{
  gboolean archived = gtk_toggle_button_get_active (self->archived_button);

  /* the archived view is for restoring; transfers are for the live records */
  gtk_widget_set_visible (self->restore_button, archived);
  gtk_widget_set_visible (self->transfer_button, !archived && self->may_transfer);
  rapport_list_model_set_filter (self->model, "archived", archived ? "true" : NULL);
}

static void
restored (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportRecordsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->restores_pending--;
  if (node != NULL)
    self->restores_done++;
  else if (self->restore_error == NULL)
    self->restore_error = g_strdup (error->message);
  if (self->restores_pending > 0)
    return;

  if (self->restore_error)
    /* TRANSLATORS: %u records were restored before the error that follows */
    message = g_strdup_printf (_("%u restored; could not restore the others: %s"), self->restores_done,
                               self->restore_error);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record restored", "%u records restored",
                                            self->restores_done), self->restores_done);
  rapport_window_toast_for (GTK_WIDGET (self), message);
  g_clear_pointer (&self->restore_error, g_free);
  rapport_records_page_reload (self);
}

/* each selected archived record back into the list */
static void
on_restore_clicked (RapportRecordsPage *self)
{
  g_autoptr(GArray) ids = selected_ids (self);

  if (ids->len == 0 || self->restores_pending > 0)
    return;
  self->restores_done = 0;
  g_clear_pointer (&self->restore_error, g_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/restore", self->collection,
                                               g_array_index (ids, gint64, i));

      self->restores_pending++;
      rapport_api_request_async (self->api, "POST", path, NULL, self->cancellable, restored, self);
    }
}

static void
transferred (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportRecordsPage *self = user_data;
  RapportTransferDialog *dialog = RAPPORT_TRANSFER_DIALOG (source);
  g_autoptr(GError) error = NULL;
  gint64 n = rapport_transfer_dialog_transfer_finish (dialog, result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n < 0)
    message = g_strdup (error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld record transferred to %s",
                                            "%lld records transferred to %s", n),
                               (long long) n, rapport_transfer_dialog_get_owner_label (dialog));
  rapport_window_toast_for (GTK_WIDGET (self), message);
  if (n >= 0)
    rapport_records_page_reload (self);
}

static void
transfer_response (RapportTransferDialog *dialog,
                   const char            *response,
                   RapportRecordsPage    *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");

  if (g_str_equal (response, "transfer"))
    rapport_transfer_dialog_transfer_async (dialog, self->collection, (gint64 *) ids->data, ids->len,
                                            self->cancellable, transferred, self);
}

/* all the selected records to one new owner, all or nothing */
static void
on_transfer_clicked (RapportRecordsPage *self)
{
  g_autoptr(GArray) ids = selected_ids (self);
  RapportTransferDialog *dialog;

  if (ids->len == 0)
    return;
  dialog = rapport_transfer_dialog_new (GTK_WIDGET (self), self->api, 0, TRUE);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     g_dngettext (GETTEXT_PACKAGE, "Transfer %u Record?", "Transfer %u Records?", ids->len),
                                     ids->len);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The new owner takes the records over. The reason is kept in their history."));
  g_object_set_data_full (G_OBJECT (dialog), "ids", g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (transfer_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_finished (RapportRecordsPage *self)
{
  rapport_records_page_reload (self);
}

/**
 * rapport_records_page_import:
 * @self: the page of a collection that takes imports
 * @file: (nullable): the file to import (one dropped); %NULL to choose one
 *
 * Opens the import assistant over the window; the list reloads when it
 * closes after writing.
 *
 * Returns: (transfer none): the assistant
 */
RapportImportAssistant *
rapport_records_page_import (RapportRecordsPage *self,
                             GFile              *file)
{
  GtkRoot *root;
  RapportImportAssistant *assistant;

  g_return_val_if_fail (RAPPORT_IS_RECORDS_PAGE (self), NULL);
  g_return_val_if_fail (rapport_import_assistant_can_import (self->collection), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  assistant = rapport_import_assistant_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->api, self->collection);
  g_signal_connect_object (assistant, "finished", G_CALLBACK (on_import_finished), self, G_CONNECT_SWAPPED);
  if (file)
    rapport_import_assistant_open_file (assistant, file);
  gtk_window_present (GTK_WINDOW (assistant));
  return assistant;
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rapport_records_page_import (RAPPORT_RECORDS_PAGE (widget), NULL);
}

/* a file dropped on the list: the assistant opens with it */
static gboolean
on_file_dropped (GtkDropTarget      *target,
                 const GValue       *value,
                 double              x,
                 double              y,
                 RapportRecordsPage *self)
{
  GSList *files = G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) ? gdk_file_list_get_files (g_value_get_boxed (value)) : NULL;
  GFile *file = files ? files->data : NULL;

  if (file == NULL || !rapport_import_assistant_can_import (self->collection))
    {
      g_slist_free (files);
      return FALSE;
    }
  rapport_records_page_import (self, file);
  g_slist_free (files);
  return TRUE;
}

static void
on_exported (RapportRecordsPage *self,
             GFile              *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = g_strdup_printf (_("Exported to %s"), name);

  rapport_window_toast_for (GTK_WIDGET (self), message);
}

/* "Export…": the list as it is shown, its columns offered with the visible ones chosen */
static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportRecordsPage *self = RAPPORT_RECORDS_PAGE (widget);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_auto(GStrv) all_names = NULL;
  g_auto(GStrv) shown_names = NULL;
  g_autofree char *query = rapport_list_model_dup_query (self->model);
  GtkRoot *root = gtk_widget_get_root (widget);
  RapportExportDialog *dialog;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const char *name = g_object_get_data (G_OBJECT (column), "field-name");

      g_strv_builder_add (all, name);
      if (gtk_column_view_column_get_visible (column))
        g_strv_builder_add (shown, name);
    }
  all_names = g_strv_builder_end (all);
  shown_names = g_strv_builder_end (shown);
  dialog = rapport_export_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->api, self->collection, query,
                                      gtk_toggle_button_get_active (self->archived_button),
                                      (const char * const *) all_names, (const char * const *) shown_names);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rapport_records_page_get_selection:
 *
 * Returns: (transfer none): the rows, several of which may be selected
 */
GtkSelectionModel *
rapport_records_page_get_selection (RapportRecordsPage *self)
{
  return self->selection;
}

static void
rapport_records_page_dispose (GObject *object)
{
  RapportRecordsPage *self = RAPPORT_RECORDS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_RECORDS_PAGE);
  /* the template's top widget has no id: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->selection);
  g_clear_object (&self->api);
  g_clear_object (&self->settings);
  g_clear_object (&self->owner_names);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_pointer (&self->restore_error, g_free);
  g_clear_pointer (&self->collection, g_free);
  G_OBJECT_CLASS (rapport_records_page_parent_class)->dispose (object);
}

static void
rapport_records_page_class_init (RapportRecordsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_records_page_dispose;

  signals[RECORD_ACTIVATED] = g_signal_new ("record-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-records-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, archived_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, columns_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, columns_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordsPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_owner_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_archived_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_transfer_clicked);
  gtk_widget_class_bind_template_callback (widget_class, rapport_records_page_reload);
  gtk_widget_class_install_action (widget_class, "records.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "records.export", NULL, export_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* Enter in the search goes to the results, on the first row (selected, so a second Enter opens it) */
static void
go_to_results (RapportRecordsPage *self)
{
  self->results_wanted = FALSE;
  gtk_selection_model_select_item (self->selection, 0, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* typing on after Enter asks for other results: Enter is for those */
static void
on_search_text_changed (RapportRecordsPage *self)
{
  self->results_wanted = FALSE;
}

/* Enter pressed before the results came (a search that Enter itself
 * started, say) goes to them once they are there */
static void
on_results_changed (RapportRecordsPage *self)
{
  if (self->results_wanted && !rapport_list_model_get_loading (self->model) &&
      g_strcmp0 (rapport_list_model_get_search (self->model) ? rapport_list_model_get_search (self->model) : "",
                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) == 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    go_to_results (self);
}

static void
on_search_activate (RapportRecordsPage *self)
{
  if (self->selection == NULL)
    return;
  /* the results shown are for the text typed, and complete; otherwise
   * Enter waits for them (the entry's search may not have started yet) */
  if (g_strcmp0 (rapport_list_model_get_search (self->model) ? rapport_list_model_get_search (self->model) : "",
                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) != 0 ||
      rapport_list_model_get_loading (self->model) || g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    {
      self->results_wanted = TRUE;
      return;
    }
  go_to_results (self);
}

static void
rapport_records_page_init (RapportRecordsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "changed", G_CALLBACK (on_search_text_changed), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("org.rapport.Rapport");
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * rapport_records_page_new:
 * @api: the signed-in client
 * @collection: e.g. "accounts"
 *
 * Returns: (transfer floating): the page, its columns and filters taken
 *   from the entity's descriptors
 */
RapportRecordsPage *
rapport_records_page_new (RapportApi *api,
                          const char *collection)
{
  RapportRecordsPage *self = g_object_new (RAPPORT_TYPE_RECORDS_PAGE, NULL);
  g_autofree char *path = g_strdup_printf ("/%s", collection);
  CrmEntityClass *klass;
  const char *role = rapport_api_get_user_role (api);

  self->api = g_object_ref (api);
  self->collection = g_strdup (collection);
  self->entity_type = crm_entities_lookup_collection (collection);
  g_assert (self->entity_type != G_TYPE_INVALID);

  self->model = rapport_list_model_new (api, self->entity_type, path);
  rapport_list_model_set_autoload (self->model, FALSE);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  /* several rows may be selected, to be transferred together */
  self->selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model))));
  gtk_column_view_set_model (self->column_view, self->selection);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_results_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_results_changed), self, G_CONNECT_SWAPPED);
  klass = g_type_class_peek (self->entity_type);
  self->may_transfer = crm_entity_class_find_owner (klass) >= 0 &&
                       g_strv_contains ((const char * const[]) { "admin", "director", "manager", NULL }, role);
  gtk_widget_set_visible (self->transfer_button, self->may_transfer);
  /* the collections that take imports: an Import button, and files dropped on the list */
  gtk_widget_set_visible (self->import_button, rapport_import_assistant_can_import (collection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "records.import", rapport_import_assistant_can_import (collection));
  /* on the rows, or on the empty list */
  for (guint i = 0; i < 2 && rapport_import_assistant_can_import (collection); i++)
    {
      GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

      g_signal_connect_object (target, "drop", G_CALLBACK (on_file_dropped), self, 0);
      gtk_widget_add_controller (i == 0 ? GTK_WIDGET (self->column_view) : gtk_stack_get_child_by_name (self->view_stack, "empty"),
                                 GTK_EVENT_CONTROLLER (target));
    }

  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), "value-changed",
                           G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), "changed",
                           G_CALLBACK (on_scrolled), self, G_CONNECT_SWAPPED);
  rapport_records_page_build_columns (self);
  build_owner_filter (self);
  build_filters (self);
  /* each filter is one Tab stop: the flow box's cells only lay them out */
  for (GtkWidget *cell = gtk_widget_get_first_child (self->filter_box); cell; cell = gtk_widget_get_next_sibling (cell))
    gtk_widget_set_focusable (cell, FALSE);
  update_state (self);
  return self;
}

const char *
rapport_records_page_get_collection (RapportRecordsPage *self)
{
  return self->collection;
}

RapportListModel *
rapport_records_page_get_model (RapportRecordsPage *self)
{
  return self->model;
}

/* the other views reload with the list, if they have a view.reload action */
void
rapport_records_page_reload (RapportRecordsPage *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;

  rapport_list_model_reload (self->model);
  if (self->views == NULL)
    return;
  pages = adw_view_stack_get_pages (self->views);
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_widget_activate_action (adw_view_stack_page_get_child (page), "view.reload", NULL);
    }
}

void
rapport_records_page_focus_search (RapportRecordsPage *self)
{
  if (self->views)
    adw_view_stack_set_visible_child_name (self->views, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * rapport_records_page_add_view:
 * @self: the page
 * @name: the view's name, e.g. "board"
 * @title: its title in the view switcher
 * @icon_name: its icon there
 * @view: (transfer floating): the view
 *
 * Shows the collection in another way beside its list (the opportunities'
 * board, say): a view switcher above them chooses. A view may install a
 * `view.reload` action, activated when the list reloads.
 */
void
rapport_records_page_add_view (RapportRecordsPage *self,
                               const char         *name,
                               const char         *title,
                               const char         *icon_name,
                               GtkWidget          *view)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (view));

  if (self->views == NULL)
    {
      g_autoptr(GtkWidget) list = g_object_ref (gtk_widget_get_first_child (GTK_WIDGET (self)));
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *switcher = adw_view_switcher_new ();

      gtk_widget_unparent (list);
      self->views = ADW_VIEW_STACK (adw_view_stack_new ());
      gtk_widget_set_vexpand (GTK_WIDGET (self->views), TRUE);
      adw_view_stack_add_titled_with_icon (self->views, list, "list", _("List"), "view-list-symbolic");
      adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->views);
      adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
      gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), switcher);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->views));
      gtk_widget_set_parent (box, GTK_WIDGET (self));
    }
  adw_view_stack_add_titled_with_icon (self->views, view, name, title, icon_name);
}

/* @name: "list" or a view added */
void
rapport_records_page_show_view (RapportRecordsPage *self,
                                const char         *name)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (self));

  if (self->views)
    adw_view_stack_set_visible_child_name (self->views, name);
}
