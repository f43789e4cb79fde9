/* rapport-export-dialog.c: RapportExportDialog, a list's "Export…": format, columns, archived records, portable references
 *
 * The export is the list as it is shown (its search, filters and sort):
 * GET /{collection}/export.csv with the choices made here, saved where the
 * file chooser says. */
#include "rapport-export-dialog.h"
#include "crm-entities.h"

#include <glib/gi18n.h>

typedef enum
{
  FORMAT_CSV_BOM,
  FORMAT_CSV_GB18030,
  FORMAT_XLSX,
  FORMAT_VCARD,
  N_FORMATS
} Format;

/* the query of each format, and the extension of its file */
static const struct
{
  const char *query;
  const char *extension;
} formats[N_FORMATS] = {
  { "format=csv&bom=true",          "csv" },
  { "format=csv&charset=gb18030",   "csv" },
  { "format=xlsx",                  "xlsx" },
  { "format=vcard",                 "vcf" },
};

struct _RapportExportDialog
{
  AdwWindow             parent_instance;

  AdwToastOverlay      *toasts;
  AdwComboRow          *format_row;
  AdwPreferencesGroup  *columns_group;
  GtkSwitch            *archived_switch;
  GtkSwitch            *portable_switch;
  GtkWidget            *export_button;
  /* the check of each column offered, in the list's order */
  GPtrArray            *checks;
  GtkFileChooserNative *chooser;

  RapportApi           *api;
  GCancellable         *cancellable;
  char                 *collection;
  char                 *list_query;
  gboolean              archived_view;
  /* a test's answer in place of the file chooser */
  GFile                *chooser_answer;
  /* where the export being fetched goes; while it is, Export waits */
  GFile                *target;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (RapportExportDialog, rapport_export_dialog, ADW_TYPE_WINDOW)

enum { EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static Format
selected_format (RapportExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return selected < N_FORMATS ? (Format) selected : FORMAT_CSV_BOM;
}

/* the list's own archived state is replaced by the export's */
static void
append_list_query (GString    *path,
                   const char *list_query)
{
  g_auto(GStrv) parameters = g_strsplit (list_query ? list_query : "", "&", -1);

  for (guint i = 0; parameters[i]; i++)
    if (parameters[i][0] != '\0' && !g_str_has_prefix (parameters[i], "archived="))
      g_string_append_printf (path, "&%s", parameters[i]);
}

/**
 * rapport_export_dialog_dup_path:
 * @self: the dialog
 *
 * Returns: (transfer full): the API path of the export chosen:
 *   /{collection}/export.csv with its format, columns, archived records and
 *   references, and the list's search, filters and sort
 */
char *
rapport_export_dialog_dup_path (RapportExportDialog *self)
{
  Format format;
  GString *path;

  g_return_val_if_fail (RAPPORT_IS_EXPORT_DIALOG (self), NULL);

  format = selected_format (self);
  path = g_string_new (NULL);
  g_string_append_printf (path, "/%s/export.csv?%s", self->collection, formats[format].query);
  if (format != FORMAT_VCARD)
    {
      g_autoptr(GString) keys = g_string_new (NULL);

      for (guint i = 0; i < self->checks->len; i++)
        if (gtk_check_button_get_active (self->checks->pdata[i]))
          g_string_append_printf (keys, "%s%s", keys->len ? "," : "",
                                  (const char *) g_object_get_data (self->checks->pdata[i], "json-key"));
      g_string_append (path, "&columns=");
      g_string_append_uri_escaped (path, keys->str, ",", TRUE);
      if (gtk_switch_get_active (self->portable_switch))
        g_string_append (path, "&references=portable");
    }
  if (self->archived_view)
    g_string_append (path, "&archived=only");
  else if (gtk_switch_get_active (self->archived_switch))
    g_string_append (path, "&archived=true");
  append_list_query (path, self->list_query);
  return g_string_free (path, FALSE);
}

/* "Export…" wants at least one column, or a vCard, and no export running */
static void
update_export_button (RapportExportDialog *self)
{
  gboolean any = selected_format (self) == FORMAT_VCARD;

  for (guint i = 0; !any && i < self->checks->len; i++)
    any = gtk_check_button_get_active (self->checks->pdata[i]);
  gtk_widget_set_sensitive (self->export_button, any && !self->busy);
}

static void
set_busy (RapportExportDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  update_export_button (self);
}

static void
toast (RapportExportDialog *self,
       const char          *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportExportDialog *self;
  g_autoptr(GError) error = NULL;

  /* cancelled: the dialog may be gone, so nothing of it is touched */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_EXPORT_DIALOG (user_data);
  set_busy (self, FALSE);
  if (error != NULL)
    {
      toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[EXPORTED], 0, G_FILE (source));
  gtk_window_close (GTK_WINDOW (self));
}

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  /* the fetch holds the dialog (disposed, if it is gone) until it ends */
  g_autoptr(RapportExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rapport_api_request_bytes_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      set_busy (self, FALSE);
      toast (self, error->message);
      return;
    }
  g_file_replace_contents_bytes_async (self->target, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable, written, self);
}

/**
 * rapport_export_dialog_save_to:
 * @self: the dialog
 * @file: where the export goes
 *
 * Fetches the export chosen and writes it to @file; the dialog then emits
 * ::exported and closes. A refusal, or a failed write, is told in a toast.
 */
void
rapport_export_dialog_save_to (RapportExportDialog *self,
                               GFile               *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  /* one export at a time */
  g_return_if_fail (!self->busy);

  path = rapport_export_dialog_dup_path (self);
  g_set_object (&self->target, file);
  set_busy (self, TRUE);
  rapport_api_request_bytes_async (self->api, path, self->cancellable, fetched, g_object_ref (self));
}

/**
 * rapport_export_dialog_set_chooser_answer:
 * @self: the dialog
 * @file: (nullable): the file
 *
 * For tests: "Export…" saves to @file without showing the file chooser.
 */
void
rapport_export_dialog_set_chooser_answer (RapportExportDialog *self,
                                          GFile               *file)
{
  g_return_if_fail (RAPPORT_IS_EXPORT_DIALOG (self));

  g_set_object (&self->chooser_answer, file);
}

static void
chosen (GtkNativeDialog     *chooser,
        int                  response,
        RapportExportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    rapport_export_dialog_save_to (self, file);
}

static void
export_clicked (RapportExportDialog *self)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", self->collection, formats[selected_format (self)].extension);

  if (self->chooser_answer != NULL)
    {
      rapport_export_dialog_save_to (self, self->chooser_answer);
      return;
    }
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Export"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* a vCard has its own properties: the columns and references are for CSV and workbooks */
static void
on_format_selected (RapportExportDialog *self)
{
  gboolean tabular = selected_format (self) != FORMAT_VCARD;

  gtk_widget_set_sensitive (GTK_WIDGET (self->columns_group), tabular);
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->portable_switch), ADW_TYPE_ACTION_ROW), tabular);
}

static GtkSwitch *
add_switch_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *subtitle,
                gboolean             active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  return GTK_SWITCH (toggle);
}

static void
rapport_export_dialog_dispose (GObject *object)
{
  RapportExportDialog *self = RAPPORT_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->target);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->chooser_answer);
  g_clear_object (&self->api);
  g_clear_pointer (&self->collection, g_free);
  g_clear_pointer (&self->list_query, g_free);
  G_OBJECT_CLASS (rapport_export_dialog_parent_class)->dispose (object);
}

static void
rapport_export_dialog_class_init (RapportExportDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_export_dialog_dispose;

  /**
   * RapportExportDialog::exported:
   * @file: the file written
   *
   * The export was saved; the dialog closes.
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
rapport_export_dialog_init (RapportExportDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *format_group = adw_preferences_group_new ();
  GtkWidget *options_group = adw_preferences_group_new ();

  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_add_css_class (self->export_button, "suggested-action");
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (box), header);

  self->format_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format_row), _("Format"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (format_group), GTK_WIDGET (self->format_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (format_group));

  self->columns_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->columns_group, _("Columns"));
  adw_preferences_group_set_description (self->columns_group, _("The columns of the file, in the list's order"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->columns_group);

  self->archived_switch = add_switch_row (ADW_PREFERENCES_GROUP (options_group), _("Include _archived records"),
                                          _("Archived records are exported with the others"), FALSE);
  self->portable_switch = add_switch_row (ADW_PREFERENCES_GROUP (options_group), _("_Portable references"),
                                          _("Accounts by code or name, owners by login, products by code: "
                                            "the file imports into another Rapport server"), TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (options_group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
  gtk_window_set_default_size (GTK_WINDOW (self), 500, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
}

/* a check for each of the list's columns; the visible ones checked */
static void
add_columns (RapportExportDialog *self,
             CrmEntityClass      *klass,
             const char * const  *columns,
             const char * const  *visible)
{
  for (guint i = 0; columns && columns[i]; i++)
    {
      int field = crm_entity_class_find_field (klass, columns[i]);
      GtkWidget *row, *check;

      if (field < 0)
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_field_spec_get_label (&klass->fields[field]));
      gtk_widget_set_name (check, columns[i]);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), visible && g_strv_contains (visible, columns[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      crm_field_spec_get_label (&klass->fields[field]), -1);
      g_object_set_data (G_OBJECT (check), "json-key", (gpointer) crm_field_spec_get_json_key (&klass->fields[field]));
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_export_button), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->checks, check);
    }
}

/**
 * rapport_export_dialog_new:
 * @parent: (nullable): the window it is over
 * @api: the signed-in client
 * @collection: the list's collection, e.g. "accounts"
 * @list_query: (nullable): the list's search, filters and sort as query
 *   parameters (rapport_list_model_dup_query())
 * @archived_view: the list shows the archived records: they are what is exported
 * @columns: the list's columns, by field name, in its order
 * @visible: (nullable): those of them shown, checked at first
 *
 * Returns: (transfer none): the dialog, a toplevel to be presented
 */
RapportExportDialog *
rapport_export_dialog_new (GtkWindow          *parent,
                           RapportApi         *api,
                           const char         *collection,
                           const char         *list_query,
                           gboolean            archived_view,
                           const char * const *columns,
                           const char * const *visible)
{
  RapportExportDialog *self;
  GType type;
  CrmEntityClass *klass;
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (collection != NULL, NULL);
  type = crm_entities_lookup_collection (collection);
  g_return_val_if_fail (type != G_TYPE_INVALID, NULL);

  self = g_object_new (RAPPORT_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->api = g_object_ref (api);
  self->collection = g_strdup (collection);
  self->list_query = g_strdup (list_query);
  self->archived_view = archived_view;
  klass = g_type_class_peek (type);
  /* TRANSLATORS: the export dialog's title, e.g. "Export Accounts" */
  title = g_strdup_printf (_("Export %s"), klass->plural_label ? g_dgettext (GETTEXT_PACKAGE, klass->plural_label) : collection);
  gtk_window_set_title (GTK_WINDOW (self), title);

  names = gtk_string_list_new ((const char * const[]) {
    _("CSV (UTF-8, for Excel)"), _("CSV (GB18030)"), _("Excel workbook"), NULL });
  if (g_str_equal (collection, "contacts"))
    gtk_string_list_append (names, _("vCard"));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (on_format_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (update_export_button), self, G_CONNECT_SWAPPED);
  add_columns (self, klass, columns, visible);
  /* the archived list is exported as it is shown */
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->archived_switch), ADW_TYPE_ACTION_ROW), !archived_view);
  update_export_button (self);
  return self;
}
