/* rapport-chooser-row.c: RapportChooserRow, a combo row to pick a user or a team, loaded from the API */
#include "rapport-chooser-row.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* enough for the users and teams of an office; more are reached by search elsewhere */
#define MAX_ITEMS 500

struct _RapportChooserRow
{
  AdwComboRow   parent_instance;

  char         *collection;
  char         *placeholder;
  GListStore   *items;
  GHashTable   *labels;
  GCancellable *cancellable;
  gint64        exclude_id;
  gint64        wanted_id;
  gboolean      loaded;
};

G_DEFINE_FINAL_TYPE (RapportChooserRow, rapport_chooser_row, ADW_TYPE_COMBO_ROW)

enum
{
  PROP_0,
  PROP_COLLECTION,
  PROP_PLACEHOLDER,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
entity_label (CrmEntity *entity)
{
  const char *name = crm_entity_get_text (entity, "name");

  if (g_str_equal (crm_entity_get_entity_name (entity), "user"))
    /* TRANSLATORS: a user in a list to choose from: name and login */
    return g_strdup_printf (_("%s (%s)"), name ? name : "", crm_entity_get_text (entity, "login"));
  return g_strdup (name ? name : "");
}

static char *
item_label (CrmEntity         *item,
            RapportChooserRow *self)
{
  const char *label = item ? g_hash_table_lookup (self->labels, GSIZE_TO_POINTER ((gsize) crm_entity_get_id (item))) : NULL;

  if (item && crm_entity_get_id (item) == 0)
    return g_strdup (self->placeholder ? self->placeholder : "");
  return g_strdup (label ? label : "");
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportChooserRow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *array;
  GType type;

  /* cancelled: the row may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  type = crm_entities_lookup_collection (self->collection);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), error ? error->message : "");
      return;
    }
  array = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autoptr(CrmEntity) entity = crm_entity_new (type);

      if (!crm_json_read_entity (entity, json_array_get_object_element (array, i), NULL) ||
          crm_entity_get_id (entity) == self->exclude_id)
        continue;
      g_hash_table_insert (self->labels, GSIZE_TO_POINTER ((gsize) crm_entity_get_id (entity)), entity_label (entity));
      g_list_store_append (self->items, entity);
    }
  self->loaded = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  rapport_chooser_row_select_id (self, self->wanted_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * rapport_chooser_row_load:
 * @self: the row
 * @api: the signed-in client
 * @exclude_id: a record to leave out (the user who leaves), or 0
 *
 * Fetches the active users, or the teams, sorted by name. Until they are
 * there the row is insensitive.
 */
void
rapport_chooser_row_load (RapportChooserRow *self,
                          RapportApi        *api,
                          gint64             exclude_id)
{
  GType type = crm_entities_lookup_collection (self->collection);
  g_autofree char *path = NULL;

  g_return_if_fail (type != G_TYPE_INVALID);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->exclude_id = exclude_id;
  self->loaded = FALSE;
  g_list_store_remove_all (self->items);
  g_hash_table_remove_all (self->labels);
  if (self->placeholder)
    {
      g_autoptr(CrmEntity) none = crm_entity_new (type);
      g_list_store_append (self->items, none);
    }
  path = g_strdup_printf ("/%s?limit=%d&sort=name%s", self->collection, MAX_ITEMS,
                          g_str_equal (self->collection, "users") ? "&active=true" : "");
  rapport_api_request_async (api, "GET", path, NULL, self->cancellable, loaded, self);
}

gboolean
rapport_chooser_row_get_loaded (RapportChooserRow *self)
{
  return self->loaded;
}

/* the chosen record's id; 0 for the placeholder or nothing */
gint64
rapport_chooser_row_get_selected_id (RapportChooserRow *self)
{
  CrmEntity *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self));

  return item ? crm_entity_get_id (item) : 0;
}

/* chooses @id, once loaded if it is not yet; 0 chooses the placeholder */
void
rapport_chooser_row_select_id (RapportChooserRow *self,
                               gint64             id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  self->wanted_id = id;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmEntity) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (crm_entity_get_id (item) == id)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self), i);
          return;
        }
    }
}

/**
 * rapport_chooser_row_get_label:
 *
 * Returns: (nullable): how the row names @id, once loaded
 */
const char *
rapport_chooser_row_get_label (RapportChooserRow *self,
                               gint64             id)
{
  return g_hash_table_lookup (self->labels, GSIZE_TO_POINTER ((gsize) id));
}

static void
rapport_chooser_row_dispose (GObject *object)
{
  RapportChooserRow *self = RAPPORT_CHOOSER_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rapport_chooser_row_parent_class)->dispose (object);
}

static void
rapport_chooser_row_finalize (GObject *object)
{
  RapportChooserRow *self = RAPPORT_CHOOSER_ROW (object);

  g_clear_object (&self->items);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_free (self->collection);
  g_free (self->placeholder);
  G_OBJECT_CLASS (rapport_chooser_row_parent_class)->finalize (object);
}

static void
rapport_chooser_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportChooserRow *self = RAPPORT_CHOOSER_ROW (object);

  switch (prop_id)
    {
    case PROP_COLLECTION:
      g_value_set_string (value, self->collection);
      break;
    case PROP_PLACEHOLDER:
      g_value_set_string (value, self->placeholder);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_chooser_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportChooserRow *self = RAPPORT_CHOOSER_ROW (object);

  switch (prop_id)
    {
    case PROP_COLLECTION:
      if (g_strcmp0 (self->collection, g_value_get_string (value)) != 0)
        {
          g_free (self->collection);
          self->collection = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PLACEHOLDER:
      if (g_strcmp0 (self->placeholder, g_value_get_string (value)) != 0)
        {
          g_free (self->placeholder);
          self->placeholder = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_chooser_row_class_init (RapportChooserRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_chooser_row_dispose;
  object_class->finalize = rapport_chooser_row_finalize;
  object_class->get_property = rapport_chooser_row_get_property;
  object_class->set_property = rapport_chooser_row_set_property;

  /**
   * RapportChooserRow:collection:
   *
   * "users" or "teams".
   */
  properties[PROP_COLLECTION] =
    g_param_spec_string ("collection", NULL, NULL, "users",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RapportChooserRow:placeholder:
   *
   * When set, the first choice is no record, shown with this text.
   */
  properties[PROP_PLACEHOLDER] =
    g_param_spec_string ("placeholder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/rapport/Rapport/rapport-chooser-row.ui");
}

static void
rapport_chooser_row_init (RapportChooserRow *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  self->collection = g_strdup ("users");
  self->items = g_list_store_new (CRM_TYPE_ENTITY);
  self->labels = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (item_label), self, NULL);
  adw_combo_row_set_expression (ADW_COMBO_ROW (self), expression);
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (self->items));
}
