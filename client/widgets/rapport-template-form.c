/* rapport-template-form.c: RapportTemplateForm, the common settings of a print template (company, logo, colour, columns, texts) as a form over its JSON */
#include "rapport-template-form.h"
#include "crm-render-template.h"
#include "crm-json.h"

#include <glib/gi18n.h>

struct _RapportTemplateForm
{
  GtkWidget       parent_instance;

  GtkWidget      *company_name_row;
  GtkWidget      *address1_row;
  GtkWidget      *address2_row;
  GtkWidget      *tax_id_row;
  GtkWidget      *bank_name_row;
  GtkWidget      *bank_account_row;
  GtkColorButton *color_button;
  AdwActionRow   *logo_row;
  GtkWidget      *logo_remove;
  AdwExpanderRow *columns_row;
  GtkWidget      *header_row;
  GtkWidget      *footer_row;
  GtkWidget      *terms_row;

  /* the template as JSON; members the form does not show are kept as they are */
  JsonObject     *root;
  GtkWidget      *column_checks[CRM_RENDER_N_COLUMNS];
  GCancellable   *cancellable;
  /* set while the form shows the JSON, so that nothing is written back */
  gboolean        filling;
};

G_DEFINE_FINAL_TYPE (RapportTemplateForm, rapport_template_form, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const column_labels[CRM_RENDER_N_COLUMNS] = {
  [CRM_RENDER_COLUMN_INDEX]            = N_("Line number"),
  [CRM_RENDER_COLUMN_CODE]             = N_("Code"),
  [CRM_RENDER_COLUMN_DESCRIPTION]      = N_("Description"),
  [CRM_RENDER_COLUMN_QUANTITY]         = N_("Quantity"),
  [CRM_RENDER_COLUMN_UNIT]             = N_("Unit"),
  [CRM_RENDER_COLUMN_UNIT_PRICE]       = N_("Unit price"),
  [CRM_RENDER_COLUMN_UNIT_PRICE_GROSS] = N_("Unit price with tax"),
  [CRM_RENDER_COLUMN_DISCOUNT]         = N_("Discount"),
  [CRM_RENDER_COLUMN_TAX_RATE]         = N_("Tax rate"),
  [CRM_RENDER_COLUMN_NET]              = N_("Net"),
  [CRM_RENDER_COLUMN_TAX]              = N_("Tax"),
  [CRM_RENDER_COLUMN_GROSS]            = N_("Gross"),
};

static JsonObject *
company (RapportTemplateForm *self)
{
  if (!json_object_has_member (self->root, "company") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (self->root, "company")))
    json_object_set_object_member (self->root, "company", json_object_new ());
  return json_object_get_object_member (self->root, "company");
}

static const char *
text_member (JsonObject *object,
             const char *member)
{
  return object ? json_object_get_string_member_with_default (object, member, "") : "";
}

/* an empty text leaves the member out */
static void
set_text_member (JsonObject *object,
                 const char *member,
                 GtkWidget  *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (text[0])
    json_object_set_string_member (object, member, text);
  else if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

static void
show_logo (RapportTemplateForm *self)
{
  JsonObject *logo = json_object_has_member (self->root, "logo") ? json_object_get_object_member (self->root, "logo") : NULL;

  adw_action_row_set_subtitle (self->logo_row, logo == NULL ? _("None")
                                               : json_object_has_member (logo, "png") ? _("Embedded image")
                                               : text_member (logo, "path"));
  gtk_widget_set_visible (self->logo_remove, logo != NULL);
}

static void
changed (RapportTemplateForm *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* the rows into the JSON, then "changed" */
static void
on_row_changed (RapportTemplateForm *self)
{
  JsonObject *firm;
  JsonArray *address;
  JsonArray *columns;

  if (self->filling || self->root == NULL)
    return;
  firm = company (self);
  set_text_member (firm, "name", self->company_name_row);
  set_text_member (firm, "tax_id", self->tax_id_row);
  set_text_member (firm, "bank_name", self->bank_name_row);
  set_text_member (firm, "bank_account", self->bank_account_row);
  address = json_array_new ();
  for (GtkWidget *row = self->address1_row; row; row = row == self->address1_row ? self->address2_row : NULL)
    {
      g_autofree char *line = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      if (line[0])
        json_array_add_string_element (address, line);
    }
  json_object_set_array_member (firm, "address", address);
  set_text_member (self->root, "header_text", self->header_row);
  set_text_member (self->root, "footer_text", self->footer_row);
  set_text_member (self->root, "default_terms", self->terms_row);
  columns = json_array_new ();
  for (guint c = 0; c < CRM_RENDER_N_COLUMNS; c++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->column_checks[c])))
      json_array_add_string_element (columns, crm_render_column_to_string (c));
  json_object_set_array_member (self->root, "columns", columns);
  changed (self);
}

static void
on_color_set (RapportTemplateForm *self)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  if (self->root == NULL)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5), (guint) (rgba.green * 255 + 0.5),
                         (guint) (rgba.blue * 255 + 0.5));
  json_object_set_string_member (self->root, "accent_color", hex);
  changed (self);
}

static void
on_logo_removed (RapportTemplateForm *self)
{
  if (self->root && json_object_has_member (self->root, "logo"))
    json_object_remove_member (self->root, "logo");
  show_logo (self);
  changed (self);
}

static void
logo_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportTemplateForm *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *base64 = NULL;
  JsonObject *logo;
  gsize size;

  if (!g_file_load_contents_finish (G_FILE (source), result, &data, &size, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (self->logo_row, error->message);
      return;
    }
  if (self->root == NULL)
    return;
  base64 = g_base64_encode ((const guchar *) data, size);
  logo = json_object_new ();
  json_object_set_string_member (logo, "png", base64);
  json_object_set_object_member (self->root, "logo", logo);
  show_logo (self);
  changed (self);
}

/**
 * rapport_template_form_load_logo:
 * @self: the form
 * @file: a PNG image
 *
 * Embeds @file in the template as its logo, as choosing it does.
 */
void
rapport_template_form_load_logo (RapportTemplateForm *self,
                                 GFile               *file)
{
  g_return_if_fail (RAPPORT_IS_TEMPLATE_FORM (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, self->cancellable, logo_loaded, self);
}

static void
logo_chosen (GtkNativeDialog     *dialog,
             int                  response,
             RapportTemplateForm *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      rapport_template_form_load_logo (self, file);
    }
  g_object_unref (dialog);
}

static void
on_logo_clicked (RapportTemplateForm *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose a Logo"),
                                                              GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (logo_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
set_row (GtkWidget  *row,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/**
 * rapport_template_form_set_json:
 * @self: the form
 * @json: a template's JSON
 *
 * Shows the template's common settings; what the form does not show is
 * kept as it is and written back with the rest.
 *
 * Returns: %FALSE when @json is not a JSON object (the form is then
 *   insensitive until it is given one)
 */
gboolean
rapport_template_form_set_json (RapportTemplateForm *self,
                                const char          *json)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *firm;
  JsonArray *address, *columns;
  GdkRGBA rgba;

  g_return_val_if_fail (RAPPORT_IS_TEMPLATE_FORM (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  root = crm_json_parse_object (json, -1, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), root != NULL);
  if (root == NULL)
    return FALSE;
  g_clear_pointer (&self->root, json_object_unref);
  self->root = json_object_ref (root);
  self->filling = TRUE;
  firm = json_object_has_member (root, "company") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "company"))
         ? json_object_get_object_member (root, "company") : NULL;
  set_row (self->company_name_row, text_member (firm, "name"));
  set_row (self->tax_id_row, text_member (firm, "tax_id"));
  set_row (self->bank_name_row, text_member (firm, "bank_name"));
  set_row (self->bank_account_row, text_member (firm, "bank_account"));
  address = firm && json_object_has_member (firm, "address") ? json_object_get_array_member (firm, "address") : NULL;
  set_row (self->address1_row, address && json_array_get_length (address) > 0 ? json_array_get_string_element (address, 0) : "");
  set_row (self->address2_row, address && json_array_get_length (address) > 1 ? json_array_get_string_element (address, 1) : "");
  set_row (self->header_row, text_member (root, "header_text"));
  set_row (self->footer_row, text_member (root, "footer_text"));
  set_row (self->terms_row, text_member (root, "default_terms"));
  if (!gdk_rgba_parse (&rgba, json_object_get_string_member_with_default (root, "accent_color", "#1c71d8")))
    gdk_rgba_parse (&rgba, "#1c71d8");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  columns = json_object_has_member (root, "columns") ? json_object_get_array_member (root, "columns") : NULL;
  for (guint c = 0; c < CRM_RENDER_N_COLUMNS; c++)
    {
      gboolean shown = FALSE;

      for (guint i = 0; columns && i < json_array_get_length (columns); i++)
        shown |= g_strcmp0 (json_array_get_string_element (columns, i), crm_render_column_to_string (c)) == 0;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->column_checks[c]), shown);
    }
  show_logo (self);
  self->filling = FALSE;
  return TRUE;
}

/**
 * rapport_template_form_get_json:
 * @self: the form
 *
 * Returns: (transfer full) (nullable): the template as the form has it,
 *   pretty-printed, or %NULL before rapport_template_form_set_json()
 */
char *
rapport_template_form_get_json (RapportTemplateForm *self)
{
  g_return_val_if_fail (RAPPORT_IS_TEMPLATE_FORM (self), NULL);

  return self->root != NULL ? crm_json_object_to_pretty (self->root) : NULL;
}

static void
rapport_template_form_dispose (GObject *object)
{
  RapportTemplateForm *self = RAPPORT_TEMPLATE_FORM (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_TEMPLATE_FORM);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->root, json_object_unref);
  G_OBJECT_CLASS (rapport_template_form_parent_class)->dispose (object);
}

static void
rapport_template_form_class_init (RapportTemplateFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_template_form_dispose;

  /**
   * RapportTemplateForm::changed:
   *
   * The user changed a setting; rapport_template_form_get_json() has it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-template-form.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, company_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, address1_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, address2_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, tax_id_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, bank_name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, bank_account_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, color_button);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, logo_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, logo_remove);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, columns_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, header_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, footer_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTemplateForm, terms_row);
  gtk_widget_class_bind_template_callback (widget_class, on_color_set);
  gtk_widget_class_bind_template_callback (widget_class, on_logo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_logo_removed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_template_form_init (RapportTemplateForm *self)
{
  GtkWidget *entries[9];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  entries[0] = self->company_name_row;
  entries[1] = self->address1_row;
  entries[2] = self->address2_row;
  entries[3] = self->tax_id_row;
  entries[4] = self->bank_name_row;
  entries[5] = self->bank_account_row;
  entries[6] = self->header_row;
  entries[7] = self->footer_row;
  entries[8] = self->terms_row;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_signal_connect_object (entries[i], "changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  for (guint c = 0; c < CRM_RENDER_N_COLUMNS; c++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column_labels[c] ? _(column_labels[c]) : crm_render_column_to_string (c));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->columns_row, row);
      self->column_checks[c] = check;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_template_form_new:
 *
 * Returns: (transfer floating): an empty form, insensitive until
 *   rapport_template_form_set_json()
 */
GtkWidget *
rapport_template_form_new (void)
{
  return g_object_new (RAPPORT_TYPE_TEMPLATE_FORM, NULL);
}
