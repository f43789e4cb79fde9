/* rapport-document-lines.c: RapportDocumentLines, a document's lines as an editable grid, typed at the keyboard */
#include "rapport-document-lines-private.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pricing.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (RapportDocumentLines, rapport_document_lines, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
position_of (RapportDocumentLines *self,
             CrmEntity            *line)
{
  guint position;

  return line && g_list_store_find (self->store, line, &position) ? position : GTK_INVALID_LIST_POSITION;
}

void
rapport_document_lines_changed (RapportDocumentLines *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* the lines as typed, in order, to tell them from those loaded; empty
 * lines are left out, as building the document leaves them out */
static char *
typed_lines (RapportDocumentLines *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(CrmEntity) line = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (rapport_document_lines_line_is_empty (line))
        continue;
      g_string_append_printf (text, "%" G_GINT64_FORMAT, crm_entity_get_int (line, "product"));
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        if (columns[c].kind == KIND_TEXT || columns[c].kind == KIND_AMOUNT)
          g_string_append_printf (text, "\x1f%s", rapport_document_lines_typed (line, columns[c].key));
      g_string_append_c (text, '\x1e');
    }
  return g_string_free (text, FALSE);
}

static CrmEntity *
current_line (RapportDocumentLines *self,
              int                  *column)
{
  GtkWidget *cell = rapport_document_lines_focused_cell (self);

  if (column)
    *column = cell ? rapport_document_lines_cell_column (cell) : COLUMN_PRODUCT;
  return cell ? rapport_document_lines_cell_line (cell) : NULL;
}

/**
 * rapport_document_lines_add_line:
 * @self: the grid
 *
 * Adds an empty line after the one being edited (or at the end) and moves
 * to its product.
 */
void
rapport_document_lines_add_line (RapportDocumentLines *self)
{
  guint position = position_of (self, current_line (self, NULL));
  g_autoptr(CrmEntity) line = crm_entity_new (self->line_type);

  if (!self->editable)
    return;
  position = position == GTK_INVALID_LIST_POSITION ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : position + 1;
  g_list_store_insert (self->store, position, line);
  rapport_document_lines_update_empty (self);
  rapport_document_lines_changed (self);
  rapport_document_lines_move_focus (self, line, COLUMN_PRODUCT);
}

static void
add_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  rapport_document_lines_add_line (RAPPORT_DOCUMENT_LINES (widget));
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  RapportDocumentLines *self = RAPPORT_DOCUMENT_LINES (widget);
  int column;
  CrmEntity *line = current_line (self, &column);
  guint position = position_of (self, line);
  guint n;

  if (!self->editable || position == GTK_INVALID_LIST_POSITION)
    return;
  /* the focus leaves the row before it goes */
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  g_list_store_remove (self->store, position);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  rapport_document_lines_update_empty (self);
  rapport_document_lines_changed (self);
  if (n > 0)
    {
      g_autoptr(CrmEntity) next = g_list_model_get_item (G_LIST_MODEL (self->store), MIN (position, n - 1));
      rapport_document_lines_move_focus (self, next, column);
    }
}

static void
move_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  RapportDocumentLines *self = RAPPORT_DOCUMENT_LINES (widget);
  int column;
  g_autoptr(CrmEntity) line = NULL;
  guint position;
  int step = g_str_equal (action, "lines.move-up") ? -1 : 1;

  line = current_line (self, &column);
  if (line)
    g_object_ref (line);
  position = position_of (self, line);
  if (!self->editable || position == GTK_INVALID_LIST_POSITION ||
      (step < 0 && position == 0) ||
      (step > 0 && position + 1 >= g_list_model_get_n_items (G_LIST_MODEL (self->store))))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  g_list_store_remove (self->store, position);
  g_list_store_insert (self->store, position + step, line);
  rapport_document_lines_changed (self);
  rapport_document_lines_move_focus (self, line, column);
}

static void
take_last_price_activated (GtkWidget  *widget,
                           const char *action,
                           GVariant   *parameter)
{
  RapportDocumentLines *self = RAPPORT_DOCUMENT_LINES (widget);

  rapport_document_lines_take_last_price (self, current_line (self, NULL));
}

/* moves @step cells on, line after line; FALSE past the first or last cell */
static gboolean
step_cell (RapportDocumentLines *self,
           int                   step)
{
  int column;
  CrmEntity *line = current_line (self, &column);
  guint position;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autoptr(CrmEntity) target = NULL;

  /* a line whose row is not made yet is where the focus is going */
  if (self->pending_line)
    {
      line = self->pending_line;
      column = self->pending_column;
    }
  position = position_of (self, line);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  do
    {
      column += step;
      if (column < 0 || column >= (int) G_N_ELEMENTS (columns))
        {
          if ((step < 0 && position == 0) || (step > 0 && position + 1 >= n))
            return FALSE;
          position += step;
          column = step > 0 ? 0 : (int) G_N_ELEMENTS (columns) - 1;
        }
    }
  while (columns[column].kind != KIND_PRODUCT && columns[column].kind != KIND_TEXT &&
         columns[column].kind != KIND_AMOUNT);
  target = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  rapport_document_lines_move_focus (self, target, column);
  return TRUE;
}

/* Tab and Shift+Tab go from cell to cell, line after line, then leave the grid */
static gboolean
tab_pressed (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  return step_cell (RAPPORT_DOCUMENT_LINES (widget), g_variant_get_int32 (args));
}

static void
cell_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  step_cell (RAPPORT_DOCUMENT_LINES (widget), g_str_equal (action, "lines.next-cell") ? 1 : -1);
}

static void
add_shortcuts (RapportDocumentLines *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct { guint key; GdkModifierType mods; const char *action; } named[] = {
    { GDK_KEY_Return,    GDK_CONTROL_MASK, "lines.add" },
    { GDK_KEY_KP_Enter,  GDK_CONTROL_MASK, "lines.add" },
    { GDK_KEY_Delete,    GDK_CONTROL_MASK, "lines.remove" },
    { GDK_KEY_KP_Delete, GDK_CONTROL_MASK, "lines.remove" },
    { GDK_KEY_Up,        GDK_ALT_MASK,     "lines.move-up" },
    { GDK_KEY_Down,      GDK_ALT_MASK,     "lines.move-down" },
    { GDK_KEY_l,         GDK_CONTROL_MASK, "lines.take-last-price" },
  };

  /* before the entries, which take Ctrl+Delete for deleting a word */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (named[i].key, named[i].mods),
                                                            gtk_named_action_new (named[i].action)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Tab, 0),
                                                                         gtk_callback_action_new (tab_pressed, NULL, NULL),
                                                                         "i", 1));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_ISO_Left_Tab,
                                                                                                 GDK_SHIFT_MASK),
                                                                         gtk_callback_action_new (tab_pressed, NULL, NULL),
                                                                         "i", -1));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
rapport_document_lines_dispose (GObject *object)
{
  RapportDocumentLines *self = RAPPORT_DOCUMENT_LINES (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_DOCUMENT_LINES);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->built, g_ptr_array_unref);
  g_clear_object (&self->pending_line);
  g_clear_object (&self->current_line);
  g_clear_object (&self->store);
  g_clear_object (&self->api);
  g_clear_pointer (&self->loaded, g_free);
  G_OBJECT_CLASS (rapport_document_lines_parent_class)->dispose (object);
}

static void
rapport_document_lines_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_document_lines_parent_class)->root (widget);
  rapport_document_lines_watch_focus (RAPPORT_DOCUMENT_LINES (widget), gtk_widget_get_root (widget));
}

static void
rapport_document_lines_unroot (GtkWidget *widget)
{
  rapport_document_lines_unwatch_focus (RAPPORT_DOCUMENT_LINES (widget), gtk_widget_get_root (widget));
  GTK_WIDGET_CLASS (rapport_document_lines_parent_class)->unroot (widget);
}

static void
rapport_document_lines_class_init (RapportDocumentLinesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_document_lines_dispose;
  widget_class->root = rapport_document_lines_root;
  widget_class->unroot = rapport_document_lines_unroot;

  /**
   * RapportDocumentLines::changed:
   *
   * A line was typed in, chosen, added, removed or moved.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-document-lines.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentLines, column_view);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentLines, scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentLines, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentLines, empty_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentLines, toolbar);
  gtk_widget_class_install_action (widget_class, "lines.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "lines.remove", NULL, remove_activated);
  gtk_widget_class_install_action (widget_class, "lines.move-up", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "lines.move-down", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "lines.take-last-price", NULL, take_last_price_activated);
  gtk_widget_class_install_action (widget_class, "lines.next-cell", NULL, cell_activated);
  gtk_widget_class_install_action (widget_class, "lines.previous-cell", NULL, cell_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_document_lines_init (RapportDocumentLines *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cells = g_ptr_array_new ();
  self->built = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->editable = TRUE;
  self->loaded = g_strdup ("");
  add_shortcuts (self);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller)), "changed",
                           G_CALLBACK (rapport_document_lines_update_summary), self, G_CONNECT_SWAPPED);
}

/**
 * rapport_document_lines_new:
 * @api: the signed-in client, to search products and last prices
 * @line_type: the document class's line type
 *
 * Returns: (transfer floating): an empty grid
 */
RapportDocumentLines *
rapport_document_lines_new (RapportApi *api,
                            GType       line_type)
{
  RapportDocumentLines *self = g_object_new (RAPPORT_TYPE_DOCUMENT_LINES, NULL);

  self->api = g_object_ref (api);
  self->line_type = line_type;
  /* line types are not in the registry of collections, which readies its classes */
  g_type_class_unref (g_type_class_ref (line_type));
  self->store = g_list_store_new (line_type);
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)))));
  rapport_document_lines_build_columns (self);
  rapport_document_lines_update_empty (self);
  return self;
}

/**
 * rapport_document_lines_set_lines:
 * @self: the grid
 * @lines: (element-type CrmEntity) (nullable): the document's lines as stored
 *
 * Shows @lines to be edited, as they were stored: nothing is changed yet.
 */
void
rapport_document_lines_set_lines (RapportDocumentLines *self,
                                  GPtrArray            *lines)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) products = g_hash_table_new (NULL, NULL);

  for (guint i = 0; lines && i < lines->len; i++)
    {
      g_autofree char *json = crm_json_entity_to_string (lines->pdata[i]);
      g_autoptr(JsonObject) object = crm_json_parse_object (json, -1, NULL);
      CrmEntity *line = crm_entity_new (self->line_type);
      gint64 product;

      crm_json_read_entity (line, object, NULL);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          int field = columns[c].key ? crm_entity_class_find_json_key (CRM_ENTITY_GET_CLASS (line), columns[c].key) : -1;
          g_autofree char *text = NULL;

          if (field < 0 || !crm_entity_has_value (line, field))
            continue;
          if (columns[c].kind == KIND_TEXT)
            rapport_document_lines_set_typed (line, columns[c].key, crm_entity_value (line, field)->s);
          else if (columns[c].kind == KIND_AMOUNT)
            {
              /* the amounts' JSON keys are their field names */
              text = rapport_document_lines_amount_text (crm_entity_get_money (line, columns[c].key),
                                                         c == COLUMN_UNIT_PRICE ? 2 : 0);
              rapport_document_lines_set_typed (line, columns[c].key, text);
            }
        }
      product = crm_entity_get_int (line, "product");
      if (product > 0 && !g_hash_table_contains (products, GSIZE_TO_POINTER ((gsize) product)))
        {
          g_hash_table_add (products, GSIZE_TO_POINTER ((gsize) product));
          rapport_document_lines_load_product_label (self, line);
        }
      g_ptr_array_add (items, line);
    }
  g_clear_object (&self->current_line);
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)), items->pdata, items->len);
  g_free (self->loaded);
  self->loaded = typed_lines (self);
  rapport_document_lines_update_summary (self);
  rapport_document_lines_update_empty (self);
}

/**
 * rapport_document_lines_get_model:
 *
 * Returns: (transfer none): the lines shown, #CrmEntity items
 */
GListModel *
rapport_document_lines_get_model (RapportDocumentLines *self)
{
  return G_LIST_MODEL (self->store);
}

/**
 * rapport_document_lines_build:
 * @self: the grid
 * @error: return location for a #GError naming the line and field
 *
 * The lines as typed, checked as the server checks them, leaving out lines
 * nothing was typed in.
 *
 * Returns: (transfer container) (element-type CrmEntity): new lines with
 *   their inputs only, in order, or %NULL with @error set
 */
GPtrArray *
rapport_document_lines_build (RapportDocumentLines  *self,
                              GError               **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  g_ptr_array_set_size (self->built, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmEntity) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      g_autoptr(CrmEntity) line = NULL;
      const char *discount = rapport_document_lines_typed (item, "discount");
      const char *tax_rate = rapport_document_lines_typed (item, "tax_rate");
      CrmPriceLine parsed;

      if (rapport_document_lines_line_is_empty (item))
        continue;
      g_ptr_array_add (self->built, g_object_ref (item));
      if (!crm_price_line_parse (lines->len + 1, rapport_document_lines_typed (item, "quantity"),
                                 rapport_document_lines_typed (item, "unit_price"),
                                 discount[0] ? discount : NULL, tax_rate[0] ? tax_rate : NULL, &parsed, error))
        return NULL;
      line = crm_entity_new (self->line_type);
      if (crm_entity_get_int (item, "product") > 0)
        crm_entity_set_int (line, "product", crm_entity_get_int (item, "product"));
      if (rapport_document_lines_typed (item, "description")[0])
        crm_entity_set_text (line, "description", rapport_document_lines_typed (item, "description"));
      if (rapport_document_lines_typed (item, "unit")[0])
        crm_entity_set_text (line, "unit", rapport_document_lines_typed (item, "unit"));
      crm_entity_set_money (line, "quantity", parsed.quantity);
      crm_entity_set_money (line, "unit_price", parsed.unit_price);
      if (discount[0])
        crm_entity_set_money (line, "discount", parsed.discount);
      if (tax_rate[0])
        crm_entity_set_money (line, "tax_rate", parsed.tax_rate);
      if (!crm_entity_validate (line, CRM_VALIDATE_CREATE, error))
        {
          g_prefix_error (error, _("Line %u: "), lines->len + 1);
          return NULL;
        }
      g_ptr_array_add (lines, g_steal_pointer (&line));
    }
  return g_steal_pointer (&lines);
}

/**
 * rapport_document_lines_set_results:
 * @self: the grid
 * @priced: (element-type CrmEntity) (nullable): the lines last built, priced;
 *   %NULL clears the amounts shown
 */
void
rapport_document_lines_set_results (RapportDocumentLines *self,
                                    GPtrArray            *priced)
{
  static const char * const results[] = { "net", "tax", "gross", "unit_price_gross" };

  for (guint i = 0; i < self->built->len; i++)
    {
      CrmEntity *item = self->built->pdata[i];

      for (guint r = 0; r < G_N_ELEMENTS (results); r++)
        {
          if (priced && i < priced->len)
            crm_entity_set_money (item, results[r], crm_entity_get_money (priced->pdata[i], results[r]));
          else
            crm_entity_clear_value (item, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (item), results[r]));
        }
      rapport_document_lines_show_line (self, item);
    }
  rapport_document_lines_update_summary (self);
}

/**
 * rapport_document_lines_show_error:
 * @self: the grid
 * @field: (nullable): a path such as "lines[1].quantity", counting the
 *   lines last built from 0
 *
 * Marks the cell an error names and moves there.
 */
void
rapport_document_lines_show_error (RapportDocumentLines *self,
                                   const char           *field)
{
  guint index;
  const char *key;
  char *end;

  for (guint i = 0; i < self->cells->len; i++)
    if (rapport_document_lines_cell_entry (self->cells->pdata[i]))
      gtk_widget_remove_css_class (rapport_document_lines_cell_entry (self->cells->pdata[i]), "error");
  if (field == NULL || !g_str_has_prefix (field, "lines["))
    return;
  index = g_ascii_strtoull (field + 6, &end, 10);
  key = strchr (end, '.');
  if (index >= self->built->len || key == NULL)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    if (g_strcmp0 (columns[c].key, key + 1) == 0)
      {
        GtkWidget *cell = rapport_document_lines_find_cell (self, self->built->pdata[index], c);

        if (cell && rapport_document_lines_cell_entry (cell))
          gtk_widget_add_css_class (rapport_document_lines_cell_entry (cell), "error");
        rapport_document_lines_move_focus (self, self->built->pdata[index], c);
      }
}

/**
 * rapport_document_lines_get_dirty:
 * @self: the grid
 *
 * Returns: whether the lines, as typed, differ from those last set with
 *   rapport_document_lines_set_lines(): typing a value back undoes a change
 */
gboolean
rapport_document_lines_get_dirty (RapportDocumentLines *self)
{
  g_autofree char *typed = NULL;

  g_return_val_if_fail (RAPPORT_IS_DOCUMENT_LINES (self), FALSE);

  typed = typed_lines (self);
  return g_strcmp0 (typed, self->loaded) != 0;
}

/* the lines of a document that can no longer change are shown as they are */
void
rapport_document_lines_set_editable (RapportDocumentLines *self,
                                     gboolean              editable)
{
  self->editable = editable;
  gtk_widget_set_visible (self->toolbar, editable);
  gtk_label_set_text (GTK_LABEL (self->empty_label),
                      editable ? _("No lines yet: press Ctrl+Enter to add one.") : _("No lines."));
  for (const char * const *a = (const char * const[]) { "lines.add", "lines.remove", "lines.move-up", "lines.move-down",
                                                       "lines.take-last-price", NULL }; *a; a++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), *a, editable);
  for (guint i = 0; i < self->cells->len; i++)
    rapport_document_lines_show_cell (self, self->cells->pdata[i]);
}

/* the customer, whose last prices are offered */
void
rapport_document_lines_set_account_id (RapportDocumentLines *self,
                                       gint64                account_id)
{
  if (account_id == self->account_id)
    return;
  self->account_id = account_id;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(CrmEntity) line = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      rapport_document_lines_load_last_price (self, line);
      rapport_document_lines_show_line (self, line);
    }
}

/**
 * rapport_document_lines_get_cell:
 * @self: the grid
 * @line: a line's position
 * @key: a column's JSON key, e.g. "quantity"
 *
 * Returns: (transfer none) (nullable): the widget to type in (or choose
 *   with) for that cell, while the line is shown
 */
GtkWidget *
rapport_document_lines_get_cell (RapportDocumentLines *self,
                                 guint                 line,
                                 const char           *key)
{
  g_autoptr(CrmEntity) item = g_list_model_get_item (G_LIST_MODEL (self->store), line);

  for (guint c = 0; item && c < G_N_ELEMENTS (columns); c++)
    if (g_strcmp0 (columns[c].key, key) == 0)
      {
        GtkWidget *cell = rapport_document_lines_find_cell (self, item, c);

        return cell && rapport_document_lines_cell_entry (cell) ? rapport_document_lines_cell_entry (cell) : cell;
      }
  return NULL;
}

/**
 * rapport_document_lines_get_last_price:
 *
 * Returns: (nullable): the unit price the customer last bought the
 *   line's product at, once known
 */
const char *
rapport_document_lines_get_last_price (RapportDocumentLines *self,
                                       guint                 line)
{
  g_autoptr(CrmEntity) item = g_list_model_get_item (G_LIST_MODEL (self->store), line);

  return item ? g_object_get_data (G_OBJECT (item), "last-price") : NULL;
}
