/* rapport-document-lines-cells.c: the cells of RapportDocumentLines: what each shows, and what typing in them does */
#include "rapport-document-lines-private.h"
#include "rapport-entity-picker.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

/* what the user typed in a cell, kept on the line */
const char *
rapport_document_lines_typed (CrmEntity  *line,
           const char *key)
{
  g_autofree char *data_key = g_strconcat ("typed:", key, NULL);
  const char *text = g_object_get_data (G_OBJECT (line), data_key);

  return text ? text : "";
}

void
rapport_document_lines_set_typed (CrmEntity  *line,
               const char *key,
               const char *text)
{
  g_autofree char *data_key = g_strconcat ("typed:", key, NULL);

  g_object_set_data_full (G_OBJECT (line), g_intern_string (data_key), g_strdup (text), g_free);
}

/* an amount as it is typed again: no trailing zeros, prices with their cents */
char *
rapport_document_lines_amount_text (CrmMoney m,
             guint    min_decimals)
{
  char *text = crm_money_to_string (m);
  char *point = strchr (text, '.');

  if (point != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > point + min_decimals && *end == '0')
        *end-- = '\0';
      if (end == point)
        *end = '\0';
    }
  return text;
}

gboolean
rapport_document_lines_line_is_empty (CrmEntity *line)
{
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    if ((columns[c].kind == KIND_TEXT || columns[c].kind == KIND_AMOUNT) &&
        rapport_document_lines_typed (line, columns[c].key)[0])
      return FALSE;
  return crm_entity_get_int (line, "product") == 0;
}

/* a computed amount as shown: "" until the line is priced */
char *
rapport_document_lines_result_text (CrmEntity  *line,
                                    const char *key)
{
  CrmValue *value = crm_entity_value (line, crm_entity_class_find_json_key (CRM_ENTITY_GET_CLASS (line), key));

  return value->set && !value->is_null && !rapport_document_lines_line_is_empty (line)
         ? crm_money_format (crm_money_new (value->i, 2), 2) : g_strdup ("");
}

int
rapport_document_lines_cell_column (GtkWidget *cell)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "column"));
}

CrmEntity *
rapport_document_lines_cell_line (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "line");
}

GtkWidget *
rapport_document_lines_find_cell (RapportDocumentLines *self,
           CrmEntity            *line,
           int                   column)
{
  for (guint i = 0; i < self->cells->len; i++)
    if (rapport_document_lines_cell_line (self->cells->pdata[i]) == line &&
        rapport_document_lines_cell_column (self->cells->pdata[i]) == column)
      return self->cells->pdata[i];
  return NULL;
}

GtkWidget *
rapport_document_lines_cell_entry (GtkWidget *cell)
{
  return g_object_get_data (G_OBJECT (cell), "entry");
}

void
rapport_document_lines_show_cell (RapportDocumentLines *self,
           GtkWidget            *cell)
{
  CrmEntity *line = rapport_document_lines_cell_line (cell);
  int column = rapport_document_lines_cell_column (cell);
  const char *key = columns[column].key;

  self->binding = TRUE;
  switch (columns[column].kind)
    {
    case KIND_INDEX:
      break;
    case KIND_PRODUCT:
      {
        const char *label = g_object_get_data (G_OBJECT (line), "product-label");

        gtk_label_set_text (g_object_get_data (G_OBJECT (cell), "label"),
                            crm_entity_get_int (line, "product") != 0 ? (label ? label : "…")
                            : self->editable ? _("Choose…") : "");
        /* read-only, it reads as the other cells do, not greyed out as a button that is off */
        gtk_widget_set_can_target (cell, self->editable);
        gtk_widget_set_can_focus (cell, self->editable);
      }
      break;
    case KIND_TEXT:
    case KIND_AMOUNT:
      {
        GtkWidget *hint = g_object_get_data (G_OBJECT (cell), "hint");
        const char *last = g_object_get_data (G_OBJECT (line), "last-price");
        const char *bought_on = g_object_get_data (G_OBJECT (line), "last-document");
        GtkWidget *entry = rapport_document_lines_cell_entry (cell);
        const char *typed = rapport_document_lines_typed (line, key);

        if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), typed) != 0)
          gtk_editable_set_text (GTK_EDITABLE (entry), typed);
        gtk_editable_set_editable (GTK_EDITABLE (entry), self->editable);
        gtk_entry_set_has_frame (GTK_ENTRY (entry), self->editable);
        if (hint)
          {
            /* TRANSLATORS: a price hint: the price, and the order or quote the customer bought at it on */
            g_autofree char *tooltip = last ? g_strdup_printf (_("This customer last bought it at %s (%s): "
                                                                 "click or press Ctrl+L to use it"), last, bought_on)
                                            : NULL;

            gtk_widget_set_visible (hint, self->editable && last && g_strcmp0 (last, typed) != 0);
            gtk_widget_set_tooltip_text (hint, tooltip);
            gtk_label_set_text (g_object_get_data (G_OBJECT (hint), "label"), last ? last : "");
          }
      }
      break;
    case KIND_RESULT:
      {
        g_autofree char *text = rapport_document_lines_result_text (line, key);

        gtk_label_set_text (GTK_LABEL (cell), text);
      }
      break;
    }
  self->binding = FALSE;
}

void
rapport_document_lines_show_line (RapportDocumentLines *self,
           CrmEntity            *line)
{
  for (guint i = 0; i < self->cells->len; i++)
    if (rapport_document_lines_cell_line (self->cells->pdata[i]) == line)
      rapport_document_lines_show_cell (self, self->cells->pdata[i]);
}

static void
on_entry_changed (GtkEditable          *entry,
                  RapportDocumentLines *self)
{
  GtkWidget *cell = g_object_get_data (G_OBJECT (entry), "cell");
  CrmEntity *line = rapport_document_lines_cell_line (cell);
  const char *key = columns[rapport_document_lines_cell_column (cell)].key;
  const char *text = gtk_editable_get_text (entry);

  if (self->binding || line == NULL || g_strcmp0 (text, rapport_document_lines_typed (line, key)) == 0)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  rapport_document_lines_set_typed (line, key, text);
  /* the text columns' JSON keys are their field names */
  if (columns[rapport_document_lines_cell_column (cell)].kind == KIND_TEXT)
    crm_entity_set_text (line, key, text[0] ? text : NULL);
  if (g_str_equal (key, "unit_price"))
    rapport_document_lines_show_line (self, line);
  rapport_document_lines_changed (self);
}

typedef struct
{
  RapportDocumentLines *self;
  CrmEntity            *line;
  gint64                product_id;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->line);
  g_free (lookup);
}

static void
last_price_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *price = object ? json_object_get_string_member_with_default (object, "unit_price", NULL) : NULL;
  CrmMoney money;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      crm_entity_get_int (lookup->line, "product") == lookup->product_id)
    {
      char *last = price && crm_money_parse (price, 4, &money, NULL) ? rapport_document_lines_amount_text (money, 2) : NULL;

      g_object_set_data_full (G_OBJECT (lookup->line), "last-price", last, g_free);
      g_object_set_data_full (G_OBJECT (lookup->line), "last-document",
                              g_strdup (object ? json_object_get_string_member_with_default (object, "number", "") : ""),
                              g_free);
      rapport_document_lines_show_line (lookup->self, lookup->line);
    }
  lookup_free (lookup);
}

/* the price this customer last bought the line's product at, offered as a hint */
void
rapport_document_lines_load_last_price (RapportDocumentLines *self,
                 CrmEntity            *line)
{
  gint64 product = crm_entity_get_int (line, "product");
  g_autofree char *path = NULL;
  Lookup *lookup;

  g_object_set_data (G_OBJECT (line), "last-price", NULL);
  if (product == 0 || self->account_id == 0)
    return;
  lookup = g_new0 (Lookup, 1);
  lookup->self = self;
  lookup->line = g_object_ref (line);
  lookup->product_id = product;
  path = g_strdup_printf ("/products/%" G_GINT64_FORMAT "/last-price?account_id=%" G_GINT64_FORMAT,
                          product, self->account_id);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, last_price_loaded, lookup);
}

static void
product_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) product = crm_entity_new (crm_entities_lookup_collection ("products"));
  RapportDocumentLines *self = lookup->self;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *label = node && crm_json_read_entity (product, json_node_get_object (node), NULL)
                               ? rapport_entity_describe (product)
                               /* TRANSLATORS: a product the user may not see, by its id */
                               : g_strdup_printf (_("Product %lld"), (long long) lookup->product_id);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
        {
          g_autoptr(CrmEntity) line = g_list_model_get_item (G_LIST_MODEL (self->store), i);

          if (crm_entity_get_int (line, "product") == lookup->product_id)
            {
              g_object_set_data_full (G_OBJECT (line), "product-label", g_strdup (label), g_free);
              rapport_document_lines_show_line (self, line);
            }
        }
    }
  lookup_free (lookup);
}

/* how a stored line's product is named, fetched once for all its lines */
void
rapport_document_lines_load_product_label (RapportDocumentLines *self,
                                           CrmEntity            *line)
{
  Lookup *lookup = g_new0 (Lookup, 1);
  g_autofree char *path = g_strdup_printf ("/products/%" G_GINT64_FORMAT, crm_entity_get_int (line, "product"));

  lookup->self = self;
  lookup->line = g_object_ref (line);
  lookup->product_id = crm_entity_get_int (line, "product");
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, product_loaded, lookup);
}

static void
on_product_chosen (RapportEntityPicker  *picker,
                   CrmEntity            *product,
                   RapportDocumentLines *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (picker));
  CrmEntity *line = rapport_document_lines_cell_line (cell);
  const char *name = crm_entity_get_text (product, "name");
  const char *specification = crm_entity_get_text (product, "specification");
  g_autofree char *description = specification && specification[0]
                                 ? g_strdup_printf ("%s %s", name, specification) : g_strdup (name);
  g_autoptr(CrmEntity) keep G_GNUC_UNUSED = line ? g_object_ref (line) : NULL;

  if (line == NULL)
    return;
  crm_entity_set_int (line, "product", crm_entity_get_id (product));
  g_object_set_data_full (G_OBJECT (line), "product-label", rapport_entity_describe (product), g_free);
  rapport_document_lines_set_typed (line, "description", description);
  crm_entity_set_text (line, "description", description);
  rapport_document_lines_set_typed (line, "unit", crm_entity_get_text (product, "unit"));
  crm_entity_set_text (line, "unit", crm_entity_get_text (product, "unit"));
  if (crm_entity_has_value (product, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (product), "list_price")))
    {
      g_autofree char *price = rapport_document_lines_amount_text (crm_entity_get_money (product, "list_price"), 2);
      rapport_document_lines_set_typed (line, "unit_price", price);
    }
  if (crm_entity_has_value (product, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (product), "tax_rate")))
    {
      g_autofree char *rate = rapport_document_lines_amount_text (crm_entity_get_money (product, "tax_rate"), 0);
      rapport_document_lines_set_typed (line, "tax_rate", rate);
    }
  if (rapport_document_lines_typed (line, "quantity")[0] == '\0')
    rapport_document_lines_set_typed (line, "quantity", "1");
  rapport_document_lines_load_last_price (self, line);
  rapport_document_lines_show_line (self, line);
  rapport_document_lines_changed (self);
  rapport_document_lines_move_focus (self, line, COLUMN_QUANTITY);
}

void
rapport_document_lines_take_last_price (RapportDocumentLines *self,
                 CrmEntity            *line)
{
  const char *last = line ? g_object_get_data (G_OBJECT (line), "last-price") : NULL;

  if (last == NULL || !self->editable)
    return;
  rapport_document_lines_set_typed (line, "unit_price", last);
  rapport_document_lines_show_line (self, line);
  rapport_document_lines_changed (self);
}

static void
on_hint_clicked (GtkButton            *hint,
                 RapportDocumentLines *self)
{
  GtkWidget *cell = g_object_get_data (G_OBJECT (hint), "cell");

  rapport_document_lines_take_last_price (self, rapport_document_lines_cell_line (cell));
  rapport_document_lines_focus_cell (cell);
}

static void
on_position_changed (GtkListItem *item,
                     GParamSpec  *pspec,
                     GtkLabel    *label)
{
  g_autofree char *text = g_strdup_printf ("%u", gtk_list_item_get_position (item) + 1);

  gtk_label_set_text (label, gtk_list_item_get_position (item) == GTK_INVALID_LIST_POSITION ? "" : text);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            RapportDocumentLines     *self)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *cell = NULL;

  switch (columns[column].kind)
    {
    case KIND_INDEX:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 1);
      gtk_widget_add_css_class (cell, "dim-label");
      gtk_widget_add_css_class (cell, "numeric");
      g_signal_connect_object (item, "notify::position", G_CALLBACK (on_position_changed), cell, 0);
      break;
    case KIND_PRODUCT:
      {
        GtkColumnViewColumn *view_column = g_object_get_data (G_OBJECT (factory), "view-column");
        GtkWidget *label = gtk_label_new (NULL);
        RapportEntityPicker *picker = rapport_entity_picker_new (self->api, "products");

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        gtk_label_set_width_chars (GTK_LABEL (label), columns[column].width_chars);
        gtk_label_set_max_width_chars (GTK_LABEL (label), columns[column].width_chars);
        cell = gtk_menu_button_new ();
        gtk_menu_button_set_child (GTK_MENU_BUTTON (cell), label);
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (cell), GTK_WIDGET (picker));
        gtk_widget_set_tooltip_text (cell, _("Choose a product (Enter)"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_column_view_column_get_title (view_column), -1);
        gtk_widget_add_css_class (cell, "flat");
        g_object_set_data (G_OBJECT (cell), "label", label);
        g_signal_connect_object (picker, "chosen", G_CALLBACK (on_product_chosen), self, 0);
      }
      break;
    case KIND_TEXT:
    case KIND_AMOUNT:
      {
        GtkColumnViewColumn *view_column = g_object_get_data (G_OBJECT (factory), "view-column");
        GtkWidget *entry = gtk_entry_new ();

        gtk_editable_set_width_chars (GTK_EDITABLE (entry), columns[column].width_chars);
        gtk_widget_set_hexpand (entry, TRUE);
        if (columns[column].kind == KIND_AMOUNT)
          {
            gtk_editable_set_alignment (GTK_EDITABLE (entry), 1);
            gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
            gtk_widget_add_css_class (entry, "numeric");
          }
        g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), self, 0);
        cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
        gtk_box_append (GTK_BOX (cell), entry);
        g_object_set_data (G_OBJECT (cell), "entry", entry);
        g_object_set_data (G_OBJECT (entry), "cell", cell);
        gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_column_view_column_get_title (view_column), -1);
        if (column == COLUMN_UNIT_PRICE)
          {
            GtkWidget *hint = gtk_button_new ();
            GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
            GtkWidget *label = gtk_label_new (NULL);

            /* the price to go back to, marked as a suggestion */
            gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("document-revert-symbolic"));
            gtk_box_append (GTK_BOX (content), label);
            gtk_widget_add_css_class (label, "numeric");
            gtk_button_set_child (GTK_BUTTON (hint), content);
            g_object_set_data (G_OBJECT (hint), "label", label);
            gtk_widget_add_css_class (hint, "flat");
            gtk_widget_add_css_class (hint, "caption");
            gtk_widget_set_valign (hint, GTK_ALIGN_CENTER);
            gtk_widget_set_visible (hint, FALSE);
            gtk_widget_set_focusable (hint, FALSE);
            g_object_set_data (G_OBJECT (hint), "cell", cell);
            g_signal_connect_object (hint, "clicked", G_CALLBACK (on_hint_clicked), self, 0);
            gtk_box_append (GTK_BOX (cell), hint);
            g_object_set_data (G_OBJECT (cell), "hint", hint);
          }
      }
      break;
    case KIND_RESULT:
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 1);
      gtk_label_set_width_chars (GTK_LABEL (cell), columns[column].width_chars);
      gtk_widget_add_css_class (cell, "numeric");
      break;
    }
  /* rows keep one height whichever script (and so font) a value is in */
  gtk_widget_set_size_request (cell, -1, 34);
  g_object_set_data (G_OBJECT (cell), "column", GINT_TO_POINTER (column));
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           RapportDocumentLines     *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  CrmEntity *line = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (cell), "line", line);
  g_ptr_array_add (self->cells, cell);
  if (columns[rapport_document_lines_cell_column (cell)].kind == KIND_INDEX)
    on_position_changed (item, NULL, GTK_LABEL (cell));
  rapport_document_lines_show_cell (self, cell);
  rapport_document_lines_cell_bound (self, cell);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             RapportDocumentLines     *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);

  g_ptr_array_remove_fast (self->cells, cell);
  g_object_set_data (G_OBJECT (cell), "line", NULL);
}

void
rapport_document_lines_build_columns (RapportDocumentLines *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->line_type);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      int field = columns[c].key ? crm_entity_class_find_json_key (klass, columns[c].key) : -1;

      column = gtk_column_view_column_new (field >= 0 ? crm_field_spec_get_label (&klass->fields[field])
                                                      /* TRANSLATORS: the column of line numbers */
                                                      : C_("line number", "No."), NULL);
      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (c));
      g_object_set_data (G_OBJECT (factory), "view-column", column);
      g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell), self, 0);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);
      g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_cell), self, 0);
      gtk_column_view_column_set_factory (column, factory);
      gtk_column_view_column_set_expand (column, columns[c].kind == KIND_TEXT && columns[c].width_chars > 10);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

void
rapport_document_lines_update_empty (RapportDocumentLines *self)
{
  gtk_widget_set_visible (self->empty_label, g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0);
}
