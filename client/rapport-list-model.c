/* rapport-list-model.c: RapportListModel, a GListModel of records that pages from the API as rows are needed */
#include "rapport-list-model-private.h"
#include "crm-entity.h"
#include "crm-json.h"

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

static void refetch_page (RapportListModel *self, guint page);
static void touch_page (RapportListModel *self, guint page);

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RapportListModel *self = RAPPORT_LIST_MODEL (model);
  gpointer item;

  if (position >= self->items->len)
    return NULL;
  /* a list box asks for the rows it shows: near the end, the next page is wanted */
  if (self->autoload)
    rapport_list_model_ensure (self, position);
  item = self->items->pdata[position];
  if (item == NULL)
    {
      /* a dropped page comes back; meanwhile the row is blank */
      refetch_page (self, rapport_list_model_page_at (self, position));
      return crm_entity_new (self->entity_type);
    }
  touch_page (self, rapport_list_model_page_at (self, position));
  return g_object_ref (item);
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
  g_cancellable_cancel (self->total_cancellable);
  g_cancellable_cancel (self->live_cancellable);
  rapport_list_model_forget_changes (self);
  for (guint i = 0; i < self->pages->len; i++)
    g_cancellable_cancel (g_array_index (self->pages, Page, i).cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  G_OBJECT_CLASS (rapport_list_model_parent_class)->dispose (object);
}

static void
rapport_list_model_finalize (GObject *object)
{
  RapportListModel *self = RAPPORT_LIST_MODEL (object);

  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->total_cancellable);
  g_clear_object (&self->live_cancellable);
  g_clear_pointer (&self->changed_ids, g_hash_table_unref);
  g_clear_pointer (&self->joining_ids, g_hash_table_unref);
  g_clear_error (&self->error);
  g_free (self->path);
  g_free (self->search);
  g_free (self->sort);
  g_free (self->next);
  g_hash_table_unref (self->filters);
  g_ptr_array_unref (self->items);
  g_array_unref (self->pages);
  g_queue_clear (&self->loaded);

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
unref_nullable (gpointer object)
{
  if (object)
    g_object_unref (object);
}

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->after, g_free);
  g_clear_object (&page->cancellable);
}

static void
rapport_list_model_init (RapportListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (unref_nullable);
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_array_set_clear_func (self->pages, (GDestroyNotify) page_clear);
  g_queue_init (&self->loaded);
  self->filters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->total = -1;
  self->total_exact = TRUE;
  self->autoload = TRUE;
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
  self->live_cancellable = g_cancellable_new ();
  rapport_list_model_follow_changes (self);
  fetch_page (self);
  return self;
}

/* the search, sort and filters, each as "&name=value" */
static void
append_query (RapportListModel *self,
              GString          *path)
{
  GHashTableIter iter;
  gpointer key, value;

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
}

/**
 * rapport_list_model_dup_query:
 * @self: the model
 *
 * Returns: (transfer full): the list's search, sort and filters as query
 *   parameters ("&q=…&sort=…&industry=…"), without paging; "" for none
 */
char *
rapport_list_model_dup_query (RapportListModel *self)
{
  GString *query = g_string_new (NULL);

  g_return_val_if_fail (RAPPORT_IS_LIST_MODEL (self), NULL);

  append_query (self, query);
  return g_string_free (query, FALSE);
}

/* @count: "true" (exact when cheap, else an estimate), "exact", or NULL */
char *
rapport_list_model_query_path (RapportListModel *self,
                               const char       *after,
                               int               limit,
                               const char       *count)
{
  GString *path = g_string_new (self->path);

  g_string_append_printf (path, "?limit=%d", limit);
  if (count)
    g_string_append_printf (path, "&count=%s", count);
  append_query (self, path);
  if (after)
    {
      g_string_append (path, "&after=");
      g_string_append_uri_escaped (path, after, NULL, TRUE);
    }
  return g_string_free (path, FALSE);
}

/* a page that others made longer than PAGE_SIZE is fetched again whole;
 * the first page is short, so that it shows soon */
static char *
page_path (RapportListModel *self,
           Page             *page)
{
  guint size = page->after == NULL ? PAGE_SIZE : MAX (self->page_size, PAGE_SIZE);

  return rapport_list_model_query_path (self, page->after, MIN (MAX (page->n_rows, size), 500),
                                        page->after == NULL ? "true" : NULL);
}

/**
 * rapport_list_model_page_at:
 * @self: the model
 * @position: a row
 *
 * Returns: the index of the page that holds @position
 */
guint
rapport_list_model_page_at (RapportListModel *self,
                            guint             position)
{
  guint low = 0, high = self->pages->len;

  /* the last page whose first row is at or before @position */
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->pages, Page, middle).first <= position)
        low = middle;
      else
        high = middle;
    }
  return low;
}

/* the page was used: it is dropped last */
static void
touch_page (RapportListModel *self,
            guint             page)
{
  GList *link = g_queue_find (&self->loaded, GUINT_TO_POINTER (page));

  if (link == NULL || link == self->loaded.head)
    return;
  g_queue_unlink (&self->loaded, link);
  g_queue_push_head_link (&self->loaded, link);
}

/* memory stays bounded however far one scrolls: the least recently used pages go */
static void
drop_old_pages (RapportListModel *self)
{
  while (g_queue_get_length (&self->loaded) > MAX_LOADED_PAGES)
    {
      guint index = GPOINTER_TO_UINT (g_queue_pop_tail (&self->loaded));
      Page *page = &g_array_index (self->pages, Page, index);

      for (guint i = 0; i < page->n_rows; i++)
        g_clear_object ((GObject **) &self->items->pdata[page->first + i]);
      page->loaded = FALSE;
    }
}

typedef struct
{
  RapportListModel *self;
  guint             page;
  guint             generation;
} Fetch;

static void
fetch_done (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch);
}

static void
total_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  RapportListModel *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *object;

  /* cancelled, or the list started again meanwhile: the estimate stays */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || fetch->generation != self->generation)
    {
      fetch_done (fetch);
      return;
    }
  g_clear_object (&self->total_cancellable);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member ((object = json_node_get_object (node)), "total"))
    {
      self->total = json_object_get_int_member (object, "total");
      self->total_exact = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  fetch_done (fetch);
}

/* an estimated total is followed by the exact one, asked for on its own
 * so that the first page shows without waiting for a long count */
static void
request_exact_total (RapportListModel *self)
{
  g_autofree char *path = rapport_list_model_query_path (self, NULL, 1, "exact");
  Fetch *fetch = g_new0 (Fetch, 1);

  g_cancellable_cancel (self->total_cancellable);
  g_clear_object (&self->total_cancellable);
  self->total_cancellable = g_cancellable_new ();
  fetch->self = g_object_ref (self);
  fetch->generation = self->generation;
  rapport_api_request_async (self->api, "GET", path, NULL, self->total_cancellable, total_fetched, fetch);
}

static void
page_fetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fetch *fetch = user_data;
  RapportListModel *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  gboolean appending;
  Page *page;
  JsonObject *object;
  JsonArray *items;
  guint first;
  guint count = 0;

  /* cancelled, or the list started again meanwhile: nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || fetch->generation != self->generation)
    {
      fetch_done (fetch);
      return;
    }
  appending = fetch->page == self->pages->len - 1 && self->cancellable != NULL;
  page = &g_array_index (self->pages, Page, fetch->page);
  first = page->first;
  g_clear_object (&page->cancellable);
  if (appending)
    g_clear_object (&self->cancellable);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_error (&self->error);
      self->error = error ? g_steal_pointer (&error) : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "bad list");
      self->complete = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      fetch_done (fetch);
      return;
    }

  object = json_node_get_object (node);
  items = json_object_get_array_member (object, "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      g_autoptr(CrmEntity) entity = crm_entity_new (self->entity_type);

      if (!crm_json_read_entity (entity, json_array_get_object_element (items, i), NULL))
        continue;
      if (appending)
        g_ptr_array_add (self->items, g_steal_pointer (&entity));
      else if (count < page->n_rows)
        {
          /* the page again, after it was dropped: the same slots */
          unref_nullable (self->items->pdata[first + count]);
          self->items->pdata[first + count] = g_steal_pointer (&entity);
        }
      else
        break;
      count++;
    }
  if (appending)
    {
      page->n_rows += count;
      g_free (self->next);
      self->next = g_strdup (json_object_get_string_member_with_default (object, "next", NULL));
      self->complete = self->next == NULL;
    }
  page->loaded = TRUE;
  g_queue_push_head (&self->loaded, GUINT_TO_POINTER (fetch->page));
  self->pages_fetched++;
  if (json_object_has_member (object, "total"))
    {
      self->total = json_object_get_int_member (object, "total");
      self->total_exact = json_object_get_boolean_member_with_default (object, "total_exact", TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
      if (!self->total_exact)
        request_exact_total (self);
    }

  drop_old_pages (self);
  if (appending)
    g_list_model_items_changed (G_LIST_MODEL (self), first, 0, count);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), first, page->n_rows, page->n_rows);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  fetch_done (fetch);
}

static void
request_page (RapportListModel *self,
              guint             index,
              GCancellable     *cancellable)
{
  Page *page = &g_array_index (self->pages, Page, index);
  g_autofree char *path = page_path (self, page);
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->page = index;
  fetch->generation = self->generation;
  page->cancellable = g_object_ref (cancellable);
  rapport_api_request_async (self->api, "GET", path, NULL, cancellable, page_fetched, fetch);
}

/* the next page after those loaded */
static void
fetch_page (RapportListModel *self)
{
  Page page = { 0 };

  if (self->cancellable != NULL || self->complete)
    return;
  self->cancellable = g_cancellable_new ();
  page.after = g_strdup (self->next);
  page.first = self->items->len;
  g_array_append_val (self->pages, page);
  request_page (self, self->pages->len - 1, self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* a page that was dropped, fetched again with the cursor that fetched it first */
static void
refetch_page (RapportListModel *self,
              guint             index)
{
  Page *page = &g_array_index (self->pages, Page, index);
  g_autoptr(GCancellable) cancellable = NULL;

  if (page->loaded || page->cancellable != NULL)
    return;
  cancellable = g_cancellable_new ();
  request_page (self, index, cancellable);
}

/* the pages after @index start @delta rows later (or earlier) */
static void
shift_pages_after (RapportListModel *self,
                   guint             index,
                   int               delta)
{
  for (guint i = index + 1; i < self->pages->len; i++)
    g_array_index (self->pages, Page, i).first += delta;
}

/**
 * rapport_list_model_insert_row:
 * @self: the model
 * @position: where the row goes, at most the number of rows
 * @entity: the record
 *
 * A record that someone else made joins the page that holds @position
 * (or the last page, at the end), without fetching anything again.
 */
void
rapport_list_model_insert_row (RapportListModel *self,
                               guint             position,
                               CrmEntity        *entity)
{
  guint index;

  g_return_if_fail (RAPPORT_IS_LIST_MODEL (self));
  g_return_if_fail (position <= self->items->len && self->pages->len > 0);

  index = rapport_list_model_page_at (self, position);
  g_ptr_array_insert (self->items, position, g_object_ref (entity));
  g_array_index (self->pages, Page, index).n_rows++;
  shift_pages_after (self, index, 1);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/**
 * rapport_list_model_remove_row:
 * @self: the model
 * @position: a row
 *
 * A record that left the list (archived, or no longer visible) goes.
 */
void
rapport_list_model_remove_row (RapportListModel *self,
                               guint             position)
{
  guint index;

  g_return_if_fail (RAPPORT_IS_LIST_MODEL (self));
  g_return_if_fail (position < self->items->len);

  index = rapport_list_model_page_at (self, position);
  g_ptr_array_remove_index (self->items, position);
  g_array_index (self->pages, Page, index).n_rows--;
  shift_pages_after (self, index, -1);
  if (self->total > 0)
    rapport_list_model_set_total (self, self->total - 1, self->total_exact);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
rapport_list_model_set_total (RapportListModel *self,
                              gint64            total,
                              gboolean          exact)
{
  g_return_if_fail (RAPPORT_IS_LIST_MODEL (self));

  if (self->total == total && self->total_exact == exact)
    return;
  self->total = total;
  self->total_exact = exact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
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

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  self->live_cancellable = g_cancellable_new ();
  rapport_list_model_forget_changes (self);
  g_cancellable_cancel (self->total_cancellable);
  g_clear_object (&self->total_cancellable);
  for (guint i = 0; i < self->pages->len; i++)
    g_cancellable_cancel (g_array_index (self->pages, Page, i).cancellable);
  g_array_set_size (self->pages, 0);
  g_queue_clear (&self->loaded);
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

/**
 * rapport_list_model_ensure:
 * @self: the model
 * @position: a row about to be shown
 *
 * Fetches the next page when @position is near the end of what is loaded.
 */
void
rapport_list_model_ensure (RapportListModel *self,
                           guint             position)
{
  if (position + PREFETCH >= self->items->len && !self->complete)
    fetch_page (self);
}

/**
 * rapport_list_model_set_autoload:
 * @self: the model
 * @autoload: whether asking for a row near the end fetches the next page
 *
 * A view that keeps a pool of rows larger than it shows (GtkColumnView does)
 * turns this off and calls rapport_list_model_ensure() for the rows that
 * actually come into view.
 */
/**
 * rapport_list_model_set_page_size:
 * @self: the model
 * @size: rows a page after the first, at most 500 (the API's limit)
 *
 * A view that fetches every page in the background (the opportunities'
 * board) asks for fewer, longer pages.
 */
void
rapport_list_model_set_page_size (RapportListModel *self,
                                  guint             size)
{
  g_return_if_fail (RAPPORT_IS_LIST_MODEL (self));

  self->page_size = MIN (size, 500);
}

void
rapport_list_model_set_autoload (RapportListModel *self,
                                 gboolean          autoload)
{
  self->autoload = autoload;
}

gint64
rapport_list_model_get_total (RapportListModel *self)
{
  return self->total;
}

/**
 * rapport_list_model_get_total_exact:
 * @self: the model
 *
 * Returns: %FALSE while the total is the server's estimate; the exact
 *   figure follows on its own and notifies #RapportListModel:total
 */
gboolean
rapport_list_model_get_total_exact (RapportListModel *self)
{
  return self->total_exact;
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
