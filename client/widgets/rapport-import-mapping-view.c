/* rapport-import-mapping-view.c: RapportImportMappingView, an import's columns matched to fields, proposed, changed and saved
 *
 * One row per column of the file: its header, a sample value and a drop-down
 * of the fields a new record may be given (GET /{collection}/import/columns),
 * "Ignore" first. Each starts on the proposal crm_import_mapping_new() makes,
 * the server's own; only the columns changed from it travel with the import
 * (mapping=JSON). A saved mapping (GET /import-mappings) sets the columns it
 * names; the mapping shown can be saved under a name for the next file. */
#include "rapport-import-mapping-view.h"

#include "crm-entities.h"
#include "crm-import-mapping.h"

#include <glib/gi18n.h>

struct _RapportImportMappingView
{
  GtkWidget       parent_instance;

  AdwPreferencesGroup *saved_group;
  AdwComboRow    *saved_row;
  GtkWidget      *save_button;
  GtkListBox     *columns_list;
  GtkLabel       *preset_label;

  RapportApi     *api;
  char           *collection;
  GCancellable   *cancellable;
  /* the choices of every column: "Ignore" (key NULL), then the fields */
  GtkStringList  *labels;
  GPtrArray      *keys;
  gboolean        fields_loaded;
  /* the file's header, first values and the automatic proposal (keys or NULL) */
  GStrv           header;
  GStrv           samples;
  GPtrArray      *proposal;
  GPtrArray      *rows;
  /* the saved mappings, "None" first */
  GtkStringList  *saved_names;
  JsonArray      *saved;
  char           *select_saved;
};

G_DEFINE_FINAL_TYPE (RapportImportMappingView, rapport_import_mapping_view, GTK_TYPE_WIDGET)

enum
{
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_field (RapportImportMappingView *self,
           const char               *key,
           const char               *label)
{
  g_ptr_array_add (self->keys, g_strdup (key));
  gtk_string_list_append (self->labels, label);
}

/**
 * rapport_import_mapping_view_find_field:
 *
 * Returns: the position of the field @key in every column's drop-down;
 *   0 ("Ignore") when @key is %NULL or not a choice
 */
guint
rapport_import_mapping_view_find_field (RapportImportMappingView *self,
                                        const char               *key)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self), 0);

  for (guint i = 1; key != NULL && i < self->keys->len; i++)
    if (g_str_equal (self->keys->pdata[i], key))
      return i;
  return 0;
}

static void
build_rows (RapportImportMappingView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_list))) != NULL)
    gtk_list_box_remove (self->columns_list, child);
  g_ptr_array_set_size (self->rows, 0);
  if (!self->fields_loaded || self->header == NULL)
    return;
  for (guint c = 0; self->header[c] != NULL; c++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      const char *sample = self->samples && c < g_strv_length (self->samples) ? self->samples[c] : "";

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->header[c]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample[0] ? sample : _("(empty in the first row)"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->labels));
      adw_combo_row_set_selected (row, rapport_import_mapping_view_find_field (self, self->proposal->pdata[c]));
      gtk_list_box_append (self->columns_list, GTK_WIDGET (row));
      g_ptr_array_add (self->rows, row);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* the fields of the kind of record that a user may set, where the server
 * does not list them (an older server) */
static void
add_class_fields (RapportImportMappingView *self)
{
  CrmEntityClass *klass = g_type_class_peek (crm_entities_lookup_collection (self->collection));

  for (guint i = 0; klass && i < klass->n_fields; i++)
    if (!(klass->fields[i].flags & CRM_FIELD_READONLY))
      add_field (self, crm_field_spec_get_json_key (&klass->fields[i]), crm_field_spec_get_label (&klass->fields[i]));
}

static void
fields_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportImportMappingView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *columns = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "columns"))
    columns = json_object_get_array_member (json_node_get_object (node), "columns");
  for (guint i = 0; columns && i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *key = column ? json_object_get_string_member_with_default (column, "key", NULL) : NULL;

      if (key != NULL)
        add_field (self, key, json_object_get_string_member_with_default (column, "label", key));
    }
  if (columns == NULL)
    add_class_fields (self);
  self->fields_loaded = TRUE;
  build_rows (self);
}

static void
apply_saved (RapportImportMappingView *self,
             JsonObject               *columns)
{
  for (guint c = 0; self->header && self->header[c] != NULL && c < self->rows->len; c++)
    {
      JsonNode *value = json_object_get_member (columns, self->header[c]);

      if (value == NULL)
        continue;
      adw_combo_row_set_selected (self->rows->pdata[c],
                                  JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                                  ? rapport_import_mapping_view_find_field (self, json_node_get_string (value)) : 0);
    }
}

static void
on_saved_selected (RapportImportMappingView *self)
{
  guint selected = adw_combo_row_get_selected (self->saved_row);
  JsonObject *item;

  if (self->saved == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > json_array_get_length (self->saved))
    return;
  item = json_array_get_object_element (self->saved, selected - 1);
  if (item && json_object_has_member (item, "columns") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "columns")))
    apply_saved (self, json_object_get_object_member (item, "columns"));
}

static void
saved_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportImportMappingView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items = NULL;
  guint select = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "items"))
    items = json_object_get_array_member (json_node_get_object (node), "items");
  /* a server without saved mappings: none to offer */
  gtk_widget_set_visible (GTK_WIDGET (self->saved_group), items != NULL);
  if (items == NULL)
    return;
  g_clear_pointer (&self->saved, json_array_unref);
  self->saved = json_array_ref (items);
  gtk_string_list_splice (self->saved_names, 1, g_list_model_get_n_items (G_LIST_MODEL (self->saved_names)) - 1, NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *name = item ? json_object_get_string_member_with_default (item, "name", "") : "";

      gtk_string_list_append (self->saved_names, name);
      if (g_strcmp0 (name, self->select_saved) == 0)
        select = i + 1;
    }
  g_clear_pointer (&self->select_saved, g_free);
  adw_combo_row_set_selected (self->saved_row, select);
}

static void
load_saved (RapportImportMappingView *self)
{
  g_autofree char *escaped = g_uri_escape_string (self->collection, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/import-mappings?collection=%s", escaped);

  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, saved_loaded, self);
}

static void
mapping_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportImportMappingView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      g_clear_pointer (&self->select_saved, g_free);
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }
  message = g_strdup_printf (_("Mapping “%s” saved"), self->select_saved);
  g_signal_emit (self, signals[MESSAGE], 0, message);
  load_saved (self);
}

static void
save_response (AdwMessageDialog         *dialog,
               const char               *response,
               RapportImportMappingView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_str_equal (response, "save") || name[0] == '\0')
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "collection", self->collection);
  json_object_set_object_member (body, "columns", rapport_import_mapping_view_dup_all (self));
  node = json_node_init_object (json_node_alloc (), body);
  g_free (self->select_saved);
  self->select_saved = g_steal_pointer (&name);
  rapport_api_request_async (self->api, "POST", "/import-mappings", node, self->cancellable, mapping_saved, self);
}

static void
on_save_clicked (RapportImportMappingView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         _("Save Mapping"), NULL));
  GtkWidget *entry = gtk_entry_new ();

  adw_message_dialog_set_body (dialog, _("Its name, to use it again for the next file like this one. "
                                         "Everyone in the company can use it."));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_import_mapping_view_dispose (GObject *object)
{
  RapportImportMappingView *self = RAPPORT_IMPORT_MAPPING_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_IMPORT_MAPPING_VIEW);
  /* the template's top widget is bound to nothing: unparented here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  g_clear_object (&self->labels);
  g_clear_object (&self->saved_names);
  g_clear_pointer (&self->saved, json_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->proposal, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->header, g_strfreev);
  g_clear_pointer (&self->samples, g_strfreev);
  g_clear_pointer (&self->collection, g_free);
  g_clear_pointer (&self->select_saved, g_free);
  G_OBJECT_CLASS (rapport_import_mapping_view_parent_class)->dispose (object);
}

static void
rapport_import_mapping_view_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  RapportImportMappingView *self = RAPPORT_IMPORT_MAPPING_VIEW (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, rapport_import_mapping_view_get_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_import_mapping_view_class_init (RapportImportMappingViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_import_mapping_view_dispose;
  object_class->get_property = rapport_import_mapping_view_get_property;

  /* whether the fields are known and a row built for each column */
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportImportMappingView::message:
   * @text: what happened, for a toast ("Mapping saved", an error)
   */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-import-mapping-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportImportMappingView, saved_group);
  gtk_widget_class_bind_template_child (widget_class, RapportImportMappingView, saved_row);
  gtk_widget_class_bind_template_child (widget_class, RapportImportMappingView, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportImportMappingView, columns_list);
  gtk_widget_class_bind_template_child (widget_class, RapportImportMappingView, preset_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_saved_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_import_mapping_view_init (RapportImportMappingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->labels = gtk_string_list_new (NULL);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->proposal = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new ();
  /* TRANSLATORS: a column of the file that goes into no field */
  add_field (self, NULL, _("Ignore"));
  /* TRANSLATORS: no saved mapping chosen */
  self->saved_names = gtk_string_list_new ((const char * const[]) { C_("mapping", "None"), NULL });
  adw_combo_row_set_model (self->saved_row, G_LIST_MODEL (self->saved_names));
}

/**
 * rapport_import_mapping_view_setup:
 * @self: the view
 * @api: the signed-in client
 * @collection: what the file is imported into, e.g. "contacts"
 *
 * Reads the fields a file may fill and the saved mappings.
 */
void
rapport_import_mapping_view_setup (RapportImportMappingView *self,
                                   RapportApi               *api,
                                   const char               *collection)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self));
  g_return_if_fail (RAPPORT_IS_API (api));
  g_return_if_fail (crm_entities_lookup_collection (collection) != G_TYPE_INVALID);

  g_set_object (&self->api, api);
  g_free (self->collection);
  self->collection = g_strdup (collection);
  path = g_strdup_printf ("/%s/import/columns", collection);
  rapport_api_request_async (api, "GET", path, NULL, self->cancellable, fields_loaded, self);
  load_saved (self);
}

/**
 * rapport_import_mapping_view_set_rows:
 * @self: the view
 * @rows: (element-type GStrv): the file's rows as read, the header first
 *
 * A row per column, on the automatic proposal, which follows the export the
 * header is recognised as (told above the columns), as the server does.
 */
void
rapport_import_mapping_view_set_rows (RapportImportMappingView *self,
                                      GPtrArray                *rows)
{
  CrmEntityClass *klass;
  g_autoptr(CrmImportMapping) mapping = NULL;
  const CrmImportPreset *preset;

  g_return_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self));
  g_return_if_fail (rows != NULL && rows->len > 0);
  g_return_if_fail (self->collection != NULL);

  klass = g_type_class_peek (crm_entities_lookup_collection (self->collection));
  g_clear_pointer (&self->header, g_strfreev);
  g_clear_pointer (&self->samples, g_strfreev);
  self->header = g_strdupv (rows->pdata[0]);
  self->samples = rows->len > 1 ? g_strdupv (rows->pdata[1]) : NULL;
  preset = crm_import_preset_recognise ((const char * const *) self->header);
  mapping = crm_import_mapping_new_with_preset (klass, (const char * const *) self->header, preset);
  if (preset != NULL)
    {
      /* TRANSLATORS: %s is an export's name: "LinkedIn connections" */
      g_autofree char *told = g_strdup_printf (_("Recognised as an export of %s: its columns are proposed as that "
                                                 "export means them."), crm_import_preset_get_label (preset));

      gtk_label_set_text (self->preset_label, told);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preset_label), preset != NULL);
  g_ptr_array_set_size (self->proposal, 0);
  for (guint c = 0; self->header[c] != NULL; c++)
    {
      const CrmFieldSpec *spec = crm_import_mapping_column_field (mapping, c);

      g_ptr_array_add (self->proposal, spec ? g_strdup (crm_field_spec_get_json_key (spec)) : NULL);
      /* a field the proposal uses that the server did not list is still a choice */
      if (spec && self->fields_loaded && rapport_import_mapping_view_find_field (self, crm_field_spec_get_json_key (spec)) == 0)
        add_field (self, crm_field_spec_get_json_key (spec), crm_field_spec_get_label (spec));
    }
  build_rows (self);
}

/* the fields are known and the rows built */
gboolean
rapport_import_mapping_view_get_ready (RapportImportMappingView *self)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self), FALSE);

  return self->fields_loaded && self->header != NULL && self->rows->len == g_strv_length (self->header);
}

/**
 * rapport_import_mapping_view_get_key:
 *
 * Returns: (nullable): the field @column goes into as chosen; %NULL: ignored
 */
const char *
rapport_import_mapping_view_get_key (RapportImportMappingView *self,
                                     const char               *column)
{
  AdwComboRow *row = rapport_import_mapping_view_get_row (self, column);
  guint selected = row ? adw_combo_row_get_selected (row) : 0;

  return selected < self->keys->len ? self->keys->pdata[selected] : NULL;
}

static JsonObject *
dup_mapping (RapportImportMappingView *self,
             gboolean                  changes_only)
{
  JsonObject *object = json_object_new ();

  for (guint c = 0; self->header && self->header[c] != NULL && c < self->rows->len; c++)
    {
      const char *key = rapport_import_mapping_view_get_key (self, self->header[c]);

      if (changes_only && g_strcmp0 (key, self->proposal->pdata[c]) == 0)
        continue;
      if (key)
        json_object_set_string_member (object, self->header[c], key);
      else
        json_object_set_null_member (object, self->header[c]);
    }
  return object;
}

/**
 * rapport_import_mapping_view_dup_changes:
 *
 * Returns: (transfer full) (nullable): {"column": "key" | null} of the
 *   columns changed from the proposal; %NULL where none is
 */
JsonObject *
rapport_import_mapping_view_dup_changes (RapportImportMappingView *self)
{
  JsonObject *changes;

  g_return_val_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self), NULL);

  changes = dup_mapping (self, TRUE);
  if (json_object_get_size (changes) == 0)
    g_clear_pointer (&changes, json_object_unref);
  return changes;
}

/**
 * rapport_import_mapping_view_dup_all:
 *
 * Returns: (transfer full): {"column": "key" | null} of every column
 */
JsonObject *
rapport_import_mapping_view_dup_all (RapportImportMappingView *self)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self), NULL);

  return dup_mapping (self, FALSE);
}

/**
 * rapport_import_mapping_view_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the file's column named @column
 */
AdwComboRow *
rapport_import_mapping_view_get_row (RapportImportMappingView *self,
                                     const char               *column)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_MAPPING_VIEW (self), NULL);

  for (guint c = 0; self->header && self->header[c] != NULL && c < self->rows->len; c++)
    if (g_strcmp0 (self->header[c], column) == 0)
      return self->rows->pdata[c];
  return NULL;
}
