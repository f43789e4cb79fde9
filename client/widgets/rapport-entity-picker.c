/* rapport-entity-picker.c: RapportEntityPicker, a popover that searches a collection and picks one record */
#include "rapport-entity-picker.h"
#include "crm-entities.h"
#include "crm-format.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* a search narrows; a list this long is enough to choose from */
#define MAX_RESULTS 30

struct _RapportEntityPicker
{
  GtkPopover          parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *state_stack;
  GtkListView        *list_view;
  GtkLabel           *message_label;

  RapportApi         *api;
  char               *collection;
  char               *filter;
  GListStore         *results;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  gboolean            loading;
  gboolean            stale;
};

G_DEFINE_FINAL_TYPE (RapportEntityPicker, rapport_entity_picker, GTK_TYPE_POPOVER)

enum
{
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * rapport_entity_describe:
 * @entity: a record
 *
 * Returns: (transfer full): how a person names the record: a product by
 *   its code and name, a document by number and title, others by name
 */
char *
rapport_entity_describe (CrmEntity *entity)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  const char *name = crm_entity_class_find_field (klass, "name") >= 0 ? crm_entity_get_text (entity, "name") : NULL;
  int code_field = crm_entity_class_find_field (klass, "code");
  /* a code every record must have (a product's) is how people know it */
  const char *code = code_field >= 0 && (klass->fields[code_field].flags & CRM_FIELD_REQUIRED)
                     ? crm_entity_get_text (entity, "code") : NULL;
  const char *number = crm_entity_class_find_field (klass, "number") >= 0 ? crm_entity_get_text (entity, "number") : NULL;
  const char *title = crm_entity_class_find_field (klass, "title") >= 0 ? crm_entity_get_text (entity, "title") : NULL;
  int named = crm_entity_class_find_title (klass);

  if (code && name)
    /* TRANSLATORS: a product in a list: its code and its name */
    return g_strdup_printf (_("%s · %s"), code, name);
  if (name)
    return g_strdup (name);
  if (number && title && title[0])
    return g_strdup_printf (_("%s · %s"), number, title);
  if (number)
    return g_strdup (number);
  /* else the text that names it: an activity's subject, a lead's company */
  if (named >= 0 && klass->fields[named].type == CRM_FIELD_TEXT &&
      crm_entity_get_text (entity, klass->fields[named].name) != NULL)
    return g_strdup (crm_entity_get_text (entity, klass->fields[named].name));
  /* TRANSLATORS: a record without a name, by its id */
  return g_strdup_printf (_("No. %lld"), (long long) crm_entity_get_id (entity));
}

/* whether rapport_entity_describe() names @entity with @field */
static gboolean
names_with (CrmEntity  *entity,
            const char *field)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  int name = crm_entity_class_find_field (klass, "name");
  int code = crm_entity_class_find_field (klass, "code");

  if (name >= 0)
    return g_str_equal (field, "name") ||
           (g_str_equal (field, "code") && code >= 0 && (klass->fields[code].flags & CRM_FIELD_REQUIRED));
  return g_str_equal (field, "number") || g_str_equal (field, "title") ||
         (crm_entity_class_find_title (klass) >= 0 &&
          g_str_equal (field, klass->fields[crm_entity_class_find_title (klass)].name));
}

/**
 * rapport_entity_describe_details:
 * @entity: a record
 *
 * Returns: (transfer full): its other list columns, for a line under the
 *   name rapport_entity_describe() gives; "" when there are none
 */
char *
rapport_entity_describe_details (CrmEntity *entity)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < n_fields; i++)
    {
      g_autofree char *value = NULL;

      if (!(fields[i].flags & CRM_FIELD_COLUMN) || names_with (entity, fields[i].name))
        continue;
      /* a reference shows the name of the record it points at */
      value = fields[i].type == CRM_FIELD_REFERENCE ? g_strdup (crm_entity_get_reference_name (entity, i))
                                                    : crm_format_value (&fields[i], crm_entity_value (entity, i));
      if (value == NULL || value[0] == '\0')
        continue;
      if (text->len)
        g_string_append (text, " · ");
      g_string_append (text, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  CrmEntity *entity = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autofree char *title = rapport_entity_describe (entity);
  g_autofree char *more = rapport_entity_describe_details (entity);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), more);
  gtk_widget_set_visible (gtk_widget_get_last_child (box), more[0] != '\0');
}

/**
 * rapport_entity_row_factory_new:
 *
 * Returns: (transfer full): a factory for lists of #CrmEntity items, each
 *   row the record's name and, dimmed below it, its other list columns
 */
GtkListItemFactory *
rapport_entity_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  return factory;
}

static void
show_message (RapportEntityPicker *self,
              const char          *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_stack_set_visible_child_name (self->state_stack, message ? "message" : "list");
}

static void
searched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportEntityPicker *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *items;
  GType type;

  /* cancelled: the picker may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  type = crm_entities_lookup_collection (self->collection);
  self->loading = FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_list_store_remove_all (self->results);
      show_message (self, error ? error->message : _("The server answered with an error"));
      return;
    }
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autoptr(CrmEntity) entity = crm_entity_new (type);

      if (crm_json_read_entity (entity, json_array_get_object_element (items, i), NULL))
        g_ptr_array_add (found, g_steal_pointer (&entity));
    }
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       found->pdata, found->len);
  show_message (self, found->len ? NULL : _("Nothing matches"));
}

/* the first of the fields a person looks a record up by that the server sorts on */
static const char *
sort_key (CrmEntityClass *klass)
{
  static const char * const keys[] = { "name", "code", "number", NULL };

  for (guint i = 0; keys[i]; i++)
    {
      int field = crm_entity_class_find_field (klass, keys[i]);

      if (field >= 0 && (klass->fields[field].flags & CRM_FIELD_SORTABLE))
        return keys[i];
    }
  return NULL;
}

static void
refresh (RapportEntityPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GType type = crm_entities_lookup_collection (self->collection);
  const char *sort = sort_key (g_type_class_peek (type));
  g_autoptr(GString) path = g_string_new (NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  self->stale = FALSE;
  g_string_printf (path, "/%s?limit=%d", self->collection, MAX_RESULTS);
  if (sort)
    g_string_append_printf (path, "&sort=%s", sort);
  if (text[0])
    {
      g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
      g_string_append_printf (path, "&q=%s", escaped);
    }
  if (self->filter)
    g_string_append_printf (path, "&%s", self->filter);
  rapport_api_request_async (self->api, "GET", path->str, NULL, self->cancellable, searched, self);
}

static void
on_search_changed (RapportEntityPicker *self)
{
  refresh (self);
}

static void
on_show (RapportEntityPicker *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  if (self->stale)
    refresh (self);
}

static void
choose (RapportEntityPicker *self,
        guint                position)
{
  g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (entity == NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CHOSEN], 0, entity);
}

static void
on_activate (RapportEntityPicker *self,
             guint                position)
{
  choose (self, position);
}

/**
 * rapport_entity_picker_choose_selected:
 *
 * Picks the highlighted result, as Enter in the search does.
 *
 * Returns: whether there was one
 */
gboolean
rapport_entity_picker_choose_selected (RapportEntityPicker *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (self->loading || selected == GTK_INVALID_LIST_POSITION)
    return FALSE;
  choose (self, selected);
  return TRUE;
}

/* Up and Down move through the results while typing goes on in the search */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RapportEntityPicker   *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint selected = gtk_single_selection_get_selected (self->selection);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_Up) || n == 0)
    return FALSE;
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (keyval == GDK_KEY_Down && selected + 1 < n)
    selected++;
  else if (keyval == GDK_KEY_Up && selected > 0)
    selected--;
  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
  return TRUE;
}

static void
rapport_entity_picker_dispose (GObject *object)
{
  RapportEntityPicker *self = RAPPORT_ENTITY_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ENTITY_PICKER);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_entity_picker_parent_class)->dispose (object);
}

static void
rapport_entity_picker_finalize (GObject *object)
{
  RapportEntityPicker *self = RAPPORT_ENTITY_PICKER (object);

  g_free (self->collection);
  g_free (self->filter);
  G_OBJECT_CLASS (rapport_entity_picker_parent_class)->finalize (object);
}

static void
rapport_entity_picker_class_init (RapportEntityPickerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_entity_picker_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_entity_picker_finalize;

  /**
   * RapportEntityPicker::chosen:
   * @entity: the record picked
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, CRM_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-entity-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportEntityPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportEntityPicker, state_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportEntityPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, RapportEntityPicker, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_show);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, rapport_entity_picker_choose_selected);
}

static void
rapport_entity_picker_init (RapportEntityPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = rapport_entity_row_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->stale = TRUE;
  self->results = g_list_store_new (CRM_TYPE_ENTITY);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/**
 * rapport_entity_picker_new:
 * @api: the signed-in client
 * @collection: where to search, e.g. "products"
 *
 * Returns: (transfer floating): the popover; it searches when shown
 */
RapportEntityPicker *
rapport_entity_picker_new (RapportApi *api,
                           const char *collection)
{
  RapportEntityPicker *self = g_object_new (RAPPORT_TYPE_ENTITY_PICKER, NULL);

  g_return_val_if_fail (crm_entities_lookup_collection (collection) != G_TYPE_INVALID, self);
  self->api = g_object_ref (api);
  self->collection = g_strdup (collection);
  return self;
}

/**
 * rapport_entity_picker_set_filter:
 * @self: the picker
 * @query: (nullable): filters the server applies, e.g. "account_id=7"
 */
void
rapport_entity_picker_set_filter (RapportEntityPicker *self,
                                  const char          *query)
{
  if (g_strcmp0 (self->filter, query) == 0)
    return;
  g_free (self->filter);
  self->filter = g_strdup (query);
  self->stale = TRUE;
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    refresh (self);
}

/* searches for @text as if typed */
void
rapport_entity_picker_search (RapportEntityPicker *self,
                              const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  refresh (self);
}

/**
 * rapport_entity_picker_get_results:
 *
 * Returns: (transfer none): the records found, #CrmEntity items
 */
GListModel *
rapport_entity_picker_get_results (RapportEntityPicker *self)
{
  return G_LIST_MODEL (self->results);
}

gboolean
rapport_entity_picker_get_loading (RapportEntityPicker *self)
{
  return self->loading;
}
