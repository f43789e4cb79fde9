/* rapport-list-model.c: RapportListModel, a GListModel of records that pages from the API as rows are needed */
#include "rapport-list-model.h"
#include "crm-entity.h"
#include "crm-json.h"

#define PAGE_SIZE 100
/* start fetching the next page this many rows before the end is shown */
#define PREFETCH 40

struct _RapportListModel
{
  GObject       parent_instance;

  RapportApi   *api;
  GType         entity_type;
  char         *path;
  char         *search;
  char         *sort;
  GHashTable   *filters;

  GPtrArray    *items;
  char         *next;
  gboolean      complete;
  gint64        total;
  GCancellable *cancellable;
  GError       *error;
  guint         pages_fetched;
  guint         reload_id;
};

enum
{
  PROP_0,
  PROP_TOTAL,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);
static void fetch_page (RapportListModel *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportListModel, rapport_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return RAPPORT_LIST_MODEL (model)->entity_type;
}

static guint
get_n_items (GListModel *model)
{
  return RAPPORT_LIST_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RapportListModel *self = RAPPORT_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  /* a view asks only for rows it shows: near the end, the next page is wanted */
  if (position + PREFETCH >= self->items->len && !self->complete)
    fetch_page (self);
  return g_object_ref (self->items->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
rapport_list_model_dispose (GObject *object)
{
  RapportListModel *self = RAPPORT_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  G_OBJECT_CLASS (rapport_list_model_parent_class)->dispose (object);
}

static void
rapport_list_model_finalize (GObject *object)
{
  RapportListModel *self = RAPPORT_LIST_MODEL (object);

  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->path);
  g_free (self->search);
  g_free (self->sort);
  g_free (self->next);
  g_hash_table_unref (self->filters);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (rapport_list_model_parent_class)->finalize (object);
}

static void
rapport_list_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportListModel *self = RAPPORT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, rapport_list_model_get_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_list_model_class_init (RapportListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_list_model_dispose;
  object_class->finalize = rapport_list_model_finalize;
  object_class->get_property = rapport_list_model_get_property;

  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_list_model_init (RapportListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->filters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->total = -1;
}

/**
 * rapport_list_model_new:
 * @api: the signed-in client
 * @entity_type: the #CrmEntity subtype of the rows
 * @path: the list's path, e.g. "/accounts" or "/accounts/7/contacts"
 *
 * Returns: (transfer full): an empty model that fetches its first page
 */
RapportListModel *
rapport_list_model_new (RapportApi *api,
                        GType       entity_type,
                        const char *path)
{
  RapportListModel *self = g_object_new (RAPPORT_TYPE_LIST_MODEL, NULL);

  self->api = g_object_ref (api);
  self->entity_type = entity_type;
  self->path = g_strdup (path);
  fetch_page (self);
  return self;
}

static char *
page_path (RapportListModel *self)
{
  GString *path = g_string_new (self->path);
  GHashTableIter iter;
  gpointer key, value;

  g_string_append_printf (path, "?limit=%d", PAGE_SIZE);
  if (self->next == NULL)
    g_string_append (path, "&count=true");
  if (self->search && self->search[0])
    {
      g_string_append (path, "&q=");
      g_string_append_uri_escaped (path, self->search, NULL, TRUE);
    }
  if (self->sort)
    g_string_append_printf (path, "&sort=%s", self->sort);
  g_hash_table_iter_init (&iter, self->filters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_string_append_printf (path, "&%s=", (char *) key);
      g_string_append_uri_escaped (path, value, NULL, TRUE);
    }
  if (self->next)
    {
      g_string_append (path, "&after=");
      g_string_append_uri_escaped (path, self->next, NULL, TRUE);
    }
  return g_string_free (path, FALSE);
}

static void
page_fetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportListModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *object;
  JsonArray *items;
  guint before = self->items->len;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_error (&self->error);
      self->error = error ? g_steal_pointer (&error) : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "bad list");
      self->complete = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  object = json_node_get_object (node);
  items = json_object_get_array_member (object, "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autoptr(CrmEntity) entity = crm_entity_new (self->entity_type);

      if (crm_json_read_entity (entity, json_array_get_object_element (items, i), NULL))
        g_ptr_array_add (self->items, g_steal_pointer (&entity));
    }
  g_free (self->next);
  self->next = g_strdup (json_object_get_string_member_with_default (object, "next", NULL));
  self->complete = self->next == NULL;
  self->pages_fetched++;
  if (json_object_has_member (object, "total"))
    {
      self->total = json_object_get_int_member (object, "total");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->items->len - before);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
fetch_page (RapportListModel *self)
{
  g_autofree char *path = NULL;

  if (self->cancellable != NULL || self->complete)
    return;
  self->cancellable = g_cancellable_new ();
  path = page_path (self);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable,
                             page_fetched, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * rapport_list_model_reload:
 * @self: the model
 *
 * Drops every row and fetches the first page again, with the current
 * search, sort and filters.
 */
void
rapport_list_model_reload (RapportListModel *self)
{
  guint removed = self->items->len;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->next, g_free);
  self->complete = FALSE;
  g_ptr_array_set_size (self->items, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  fetch_page (self);
}

void
rapport_list_model_set_search (RapportListModel *self,
                               const char       *text)
{
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  rapport_list_model_reload (self);
}

const char *
rapport_list_model_get_search (RapportListModel *self)
{
  return self->search ? self->search : "";
}

void
rapport_list_model_set_sort (RapportListModel *self,
                             const char       *json_key,
                             gboolean          descending)
{
  g_autofree char *sort = json_key ? g_strdup_printf ("%s%s", descending ? "-" : "", json_key) : NULL;

  if (g_strcmp0 (self->sort, sort) == 0)
    return;
  g_free (self->sort);
  self->sort = g_steal_pointer (&sort);
  rapport_list_model_reload (self);
}

/**
 * rapport_list_model_set_filter:
 * @self: the model
 * @name: a filterable field's JSON key
 * @value: (nullable): the value, comma-separated values, or %NULL for any
 */
void
rapport_list_model_set_filter (RapportListModel *self,
                               const char       *name,
                               const char       *value)
{
  if (g_strcmp0 (g_hash_table_lookup (self->filters, name), value) == 0)
    return;
  if (value)
    g_hash_table_insert (self->filters, g_strdup (name), g_strdup (value));
  else
    g_hash_table_remove (self->filters, name);
  rapport_list_model_reload (self);
}

gint64
rapport_list_model_get_total (RapportListModel *self)
{
  return self->total;
}

gboolean
rapport_list_model_get_loading (RapportListModel *self)
{
  return self->cancellable != NULL;
}

const GError *
rapport_list_model_get_error (RapportListModel *self)
{
  return self->error;
}

guint
rapport_list_model_get_pages_fetched (RapportListModel *self)
{
  return self->pages_fetched;
}
