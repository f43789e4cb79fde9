/* rapport-choice-row.c: RapportChoiceRow, a row choosing one of a field's values in a drop-down with search */
#include "rapport-choice-row.h"

#include <glib/gi18n.h>

struct _RapportChoiceRow
{
  AdwActionRow   parent_instance;

  GtkDropDown   *drop_down;
  GtkWidget     *search;
  GtkStringList *labels;
  /* the value of each label, "" first for none */
  GPtrArray     *values;
  /* the labels offered: all, or those rapport_choice_row_offer_only() names */
  GtkFilterListModel *offered;
  GHashTable    *offered_values;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (RapportChoiceRow, rapport_choice_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * rapport_choice_row_add:
 * @self: the row
 * @value: the value stored ("CNY", "hospital")
 * @label: what the user reads and types to find it ("CNY — Yuan Renminbi")
 */
void
rapport_choice_row_add (RapportChoiceRow *self,
                        const char       *value,
                        const char       *label)
{
  rapport_choice_row_add_named (self, value, label, NULL);
}

/**
 * rapport_choice_row_add_named:
 * @self: the row
 * @value: the value stored ("CNY")
 * @label: what the user reads and types to find it ("CNY — 人民币")
 * @name: (nullable): what it is found by too, typed from its start ("人民币")
 */
void
rapport_choice_row_add_named (RapportChoiceRow *self,
                              const char       *value,
                              const char       *label,
                              const char       *name)
{
  guint n;
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (RAPPORT_IS_CHOICE_ROW (self));
  g_return_if_fail (value != NULL && label != NULL);

  g_ptr_array_add (self->values, g_strdup (value));
  gtk_string_list_append (self->labels, label);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  item = g_list_model_get_item (G_LIST_MODEL (self->labels), n - 1);
  g_object_set_data_full (item, "value", g_strdup (value), g_free);
  if (name != NULL)
    g_object_set_data_full (item, "name", g_utf8_casefold (name, -1), g_free);
}

/* whether @typed, case folded, begins the choice's label or its name */
static gboolean
choice_matches (GtkStringObject *item,
                const char      *typed)
{
  g_autofree char *label = g_utf8_casefold (gtk_string_object_get_string (item), -1);
  const char *name = g_object_get_data (G_OBJECT (item), "name");

  return g_str_has_prefix (label, typed) || (name != NULL && g_str_has_prefix (name, typed));
}

/* What the drop-down's search compares with the text typed. GTK 4.8's
 * drop-down only finds an item whose string begins with that text: a choice
 * found by its label or its name gives the text itself, any other nothing. */
static char *
search_string (GtkStringObject  *item,
               RapportChoiceRow *self)
{
  const char *text = self->search ? gtk_editable_get_text (GTK_EDITABLE (self->search)) : "";
  g_autofree char *typed = g_utf8_casefold (text, -1);

  if (typed[0] == '\0')
    return g_strdup (gtk_string_object_get_string (item));
  return g_strdup (choice_matches (item, typed) ? text : "");
}

/**
 * rapport_choice_row_get_value:
 * @self: the row
 *
 * Returns: the value chosen, "" for none
 */
const char *
rapport_choice_row_get_value (RapportChoiceRow *self)
{
  gpointer item;
  const char *value;

  g_return_val_if_fail (RAPPORT_IS_CHOICE_ROW (self), NULL);

  item = gtk_drop_down_get_selected_item (self->drop_down);
  value = item ? g_object_get_data (item, "value") : NULL;
  return value ? value : "";
}

/* the position of @value among the choices offered, or GTK_INVALID_LIST_POSITION */
static guint
offered_position (RapportChoiceRow *self,
                  const char       *value)
{
  GListModel *model = G_LIST_MODEL (self->offered);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (g_object_get_data (item, "value"), value) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* a value that is not among the choices (an old record's) is added, so that it shows as it is */
void
rapport_choice_row_set_value (RapportChoiceRow *self,
                              const char       *value)
{
  g_return_if_fail (RAPPORT_IS_CHOICE_ROW (self));

  if (value == NULL)
    value = "";
  if (!g_ptr_array_find_with_equal_func (self->values, value, g_str_equal, NULL))
    rapport_choice_row_add (self, value, value);
  /* the value a record holds is shown, offered or not */
  if (self->offered_values != NULL && !g_hash_table_contains (self->offered_values, value))
    {
      g_hash_table_add (self->offered_values, g_strdup (value));
      gtk_filter_changed (gtk_filter_list_model_get_filter (self->offered), GTK_FILTER_CHANGE_LESS_STRICT);
    }
  gtk_drop_down_set_selected (self->drop_down, offered_position (self, value));
}

static gboolean
is_offered (gpointer          item,
            RapportChoiceRow *self)
{
  return self->offered_values == NULL
         || g_hash_table_contains (self->offered_values, g_object_get_data (item, "value"));
}

/**
 * rapport_choice_row_offer_only:
 * @self: the row
 * @values: (nullable) (array zero-terminated=1): the values to offer, or
 *   %NULL for all of them
 *
 * Offers only some of the choices, say the statuses a record may move to
 * now. The value chosen stays shown, offered or not.
 */
void
rapport_choice_row_offer_only (RapportChoiceRow   *self,
                               const char * const *values)
{
  g_autofree char *chosen = NULL;

  g_return_if_fail (RAPPORT_IS_CHOICE_ROW (self));

  chosen = g_strdup (rapport_choice_row_get_value (self));
  g_clear_pointer (&self->offered_values, g_hash_table_unref);
  if (values != NULL)
    {
      self->offered_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; values[i] != NULL; i++)
        g_hash_table_add (self->offered_values, g_strdup (values[i]));
    }
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->offered), GTK_FILTER_CHANGE_DIFFERENT);
  rapport_choice_row_set_value (self, chosen);
}

/**
 * rapport_choice_row_get_drop_down:
 *
 * Returns: (transfer none): the drop-down, whose popup searches as one types
 */
GtkDropDown *
rapport_choice_row_get_drop_down (RapportChoiceRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_CHOICE_ROW (self), NULL);

  return self->drop_down;
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search_entry (child);

      if (found)
        return found;
    }
  return NULL;
}

/* Enter in the search takes the first choice whose label or name begins with what was typed */
static void
on_search_activate (RapportChoiceRow *self,
                    GtkEditable      *entry)
{
  g_autofree char *typed = g_utf8_casefold (gtk_editable_get_text (entry), -1);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (entry), GTK_TYPE_POPOVER);

  for (guint i = 0; typed[0] && i < g_list_model_get_n_items (G_LIST_MODEL (self->offered)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->offered), i);

      if (choice_matches (item, typed))
        {
          gtk_drop_down_set_selected (self->drop_down, i);
          break;
        }
    }
  if (popover)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* the list opens with the focus in its search, so that typing filters at once */
static void
on_popup_map (GtkWidget *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (entry);
}

gboolean
rapport_choice_row_has_choice (RapportChoiceRow *self,
                               const char       *value)
{
  g_return_val_if_fail (RAPPORT_IS_CHOICE_ROW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  return g_ptr_array_find_with_equal_func (self->values, value, g_str_equal, NULL);
}

static void
names_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportChoiceRow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  /* cancelled: the row may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      const char *name = json_object_get_string_member_with_default (json_array_get_object_element (items, i), "name", NULL);

      /* a value shown before the list came is there already */
      if (name && name[0] && !rapport_choice_row_has_choice (self, name))
        rapport_choice_row_add (self, name, name);
    }
}

/**
 * rapport_choice_row_load_names:
 * @self: the row
 * @api: the signed-in client
 * @collection: the records whose names are the choices, e.g. "templates"
 *
 * Offers the names of the records that exist (the first 200, by name).
 */
void
rapport_choice_row_load_names (RapportChoiceRow *self,
                               RapportApi       *api,
                               const char       *collection)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_CHOICE_ROW (self));
  g_return_if_fail (RAPPORT_IS_API (api));
  g_return_if_fail (collection != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  path = g_strdup_printf ("/%s?limit=200&sort=name", collection);
  rapport_api_request_async (api, "GET", path, NULL, self->cancellable, names_loaded, self);
}

/* the choices are shown by their labels: the search's string is not for reading */
static void
setup_choice (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  checked)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (checked)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
  gtk_list_item_set_child (list_item, box);
}

/* in the list, the choice made is checked */
static void
update_check (GtkDropDown *drop_down,
              GParamSpec  *pspec,
              GtkListItem *list_item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (list_item));
  gpointer item = gtk_list_item_get_item (list_item);

  gtk_widget_set_opacity (check, item != NULL && item == gtk_drop_down_get_selected_item (drop_down) ? 1 : 0);
}

static void
bind_choice (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RapportChoiceRow         *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), gtk_string_object_get_string (item));
  if (gtk_widget_get_last_child (box) != gtk_widget_get_first_child (box))
    {
      g_signal_connect_object (self->drop_down, "notify::selected-item", G_CALLBACK (update_check), list_item, 0);
      update_check (self->drop_down, NULL, list_item);
    }
}

static void
unbind_choice (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RapportChoiceRow         *self)
{
  g_signal_handlers_disconnect_by_func (self->drop_down, update_check, list_item);
}

static GtkListItemFactory *
choice_factory (RapportChoiceRow *self,
                gboolean          checked)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice), GINT_TO_POINTER (checked));
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_choice), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_choice), self, 0);
  return factory;
}

static void
on_selected (RapportChoiceRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
rapport_choice_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, rapport_choice_row_get_value (RAPPORT_CHOICE_ROW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_choice_row_dispose (GObject *object)
{
  RapportChoiceRow *self = RAPPORT_CHOICE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rapport_choice_row_parent_class)->dispose (object);
}

static void
rapport_choice_row_finalize (GObject *object)
{
  RapportChoiceRow *self = RAPPORT_CHOICE_ROW (object);

  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer (&self->offered_values, g_hash_table_unref);
  g_clear_object (&self->offered);
  g_clear_object (&self->labels);
  G_OBJECT_CLASS (rapport_choice_row_parent_class)->finalize (object);
}

static void
rapport_choice_row_class_init (RapportChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_choice_row_dispose;
  object_class->finalize = rapport_choice_row_finalize;
  object_class->get_property = rapport_choice_row_get_property;

  /**
   * RapportChoiceRow:value:
   *
   * The value chosen, "" for none.
   */
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, "",
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_choice_row_init (RapportChoiceRow *self)
{
  GtkExpression *expression;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  GtkWidget *popover;

  self->values = g_ptr_array_new_with_free_func (g_free);
  self->labels = gtk_string_list_new (NULL);
  self->drop_down = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  self->search = find_search_entry (GTK_WIDGET (self->drop_down));
  /* the expression is what the search matches, from the first letter on */
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (search_string), self, NULL);
  gtk_drop_down_set_expression (self->drop_down, expression);
  gtk_expression_unref (expression);
  factory = choice_factory (self, FALSE);
  list_factory = choice_factory (self, TRUE);
  gtk_drop_down_set_factory (self->drop_down, factory);
  gtk_drop_down_set_list_factory (self->drop_down, list_factory);
  gtk_drop_down_set_enable_search (self->drop_down, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->drop_down), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->drop_down));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->drop_down));
  /* TRANSLATORS: no value chosen in a list */
  rapport_choice_row_add (self, "", _("None"));
  self->offered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->labels)),
                                             GTK_FILTER (gtk_custom_filter_new ((GtkCustomFilterFunc) is_offered, self, NULL)));
  gtk_drop_down_set_model (self->drop_down, G_LIST_MODEL (self->offered));
  g_signal_connect_object (self->drop_down, "notify::selected", G_CALLBACK (on_selected), self, G_CONNECT_SWAPPED);

  /* GTK 4.8's drop-down leaves the focus on its list, where letters do nothing */
  popover = self->search ? gtk_widget_get_ancestor (self->search, GTK_TYPE_POPOVER) : NULL;
  if (popover)
    {
      g_signal_connect_object (popover, "map", G_CALLBACK (on_popup_map), self->search, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->search, "activate", G_CALLBACK (on_search_activate), self, G_CONNECT_SWAPPED);
      gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (self->search), popover);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
    }
}

/**
 * rapport_choice_row_new:
 * @title: the field's label, also the drop-down's accessible name
 *
 * Returns: (transfer floating): a row offering only "None" until values are added
 */
GtkWidget *
rapport_choice_row_new (const char *title)
{
  RapportChoiceRow *self = g_object_new (RAPPORT_TYPE_CHOICE_ROW, NULL);

  g_return_val_if_fail (title != NULL, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  /* the row labels its activatable widget by its title as well, which GTK 4.8
   * adds to the name: "Currency Currency (required)"; the field's name is enough */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->drop_down), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  return GTK_WIDGET (self);
}
