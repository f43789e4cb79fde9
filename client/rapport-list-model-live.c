/* rapport-list-model-live.c: RapportListModel follows others' changes told by the event WebSocket: a changed row is fetched again in place, a new one joins, an archived one goes */
#include "rapport-list-model-private.h"
#include "crm-error.h"
#include "crm-json.h"

/* changes told together (a hub's poll, one transaction's many rows) are
 * gathered this long, then fetched: one request a changed row, one for
 * all the records that may join */
#define GATHER_MS 150
/* more changed rows than this at once, and the list is loaded again instead */
#define MAX_ROW_FETCHES 40

typedef struct
{
  RapportListModel *self;
  guint             generation;
  /* the changed row's record, or 0 */
  gint64            id;
  /* gint64 ids that may join the list, or NULL */
  GHashTable       *joining;
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_clear_pointer (&change->joining, g_hash_table_unref);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static Change *
change_new (RapportListModel *self,
            gint64            id)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->generation = self->generation;
  change->id = id;
  return change;
}

/* the loaded row that shows record @id, or -1 */
static int
find_row (RapportListModel *self,
          gint64            id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (self->items->pdata[i] != NULL && crm_entity_get_id (self->items->pdata[i]) == id)
      return (int) i;
  return -1;
}

/* the list's "archived" filter: "false" (the default), "true" or "all" */
static const char *
archived_shown (RapportListModel *self)
{
  const char *value = g_hash_table_lookup (self->filters, "archived");

  return value ? value : "false";
}

static gboolean
shows_archived_state (RapportListModel *self,
                      gboolean          archived)
{
  const char *shown = archived_shown (self);

  return g_str_equal (shown, "all") || archived == g_str_equal (shown, "true");
}

/* The row keeps its object, so that a selection of it stays; its values
 * become the record's as read now, and the views bind it again. */
static void
refresh_row (RapportListModel *self,
             guint             position,
             JsonObject       *object)
{
  CrmEntity *row = self->items->pdata[position];
  guint n_fields;

  crm_entity_get_fields (row, &n_fields);
  for (guint f = 0; f < n_fields; f++)
    crm_entity_clear_value (row, f);
  crm_json_read_entity (row, object, NULL);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
record_fetched (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  RapportListModel *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) fresh = NULL;
  JsonObject *object;
  int row;

  /* cancelled, or the list started again meanwhile: nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || change->generation != self->generation)
    return;
  if ((row = find_row (self, change->id)) < 0)
    return;
  if (node == NULL)
    {
      /* no longer this user's to see: it leaves the list */
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
        rapport_list_model_remove_row (self, row);
      return;
    }
  fresh = crm_entity_new (self->entity_type);
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !crm_json_read_entity (fresh, (object = json_node_get_object (node)), NULL))
    return;
  /* an answer overtaken by a newer one changes nothing */
  if (crm_entity_get_version (fresh) < crm_entity_get_version (self->items->pdata[row]))
    return;
  if (!shows_archived_state (self, crm_entity_get_bool (fresh, "archived")))
    rapport_list_model_remove_row (self, row);
  else
    refresh_row (self, row, object);
}

/* The first page as it is now, with the list's search, filters and sort:
 * the record joins the list where that page has it. */
static void
first_page_fetched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  RapportListModel *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *object;
  JsonArray *items;
  gboolean joined = FALSE;

  /* cancelled, or the list started again meanwhile: nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || change->generation != self->generation)
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  /* the first page still on its way brings them */
  if (self->pages->len == 0 || !g_array_index (self->pages, Page, 0).loaded)
    return;
  object = json_node_get_object (node);
  items = json_object_get_array_member (object, "items");
  /* in the page's order, so that each lands where the page has it */
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = item ? json_object_get_int_member_with_default (item, "id", 0) : 0;
      g_autoptr(CrmEntity) fresh = NULL;

      if (!g_hash_table_contains (change->joining, &id) || find_row (self, id) >= 0)
        continue;
      fresh = crm_entity_new (self->entity_type);
      if (i > self->items->len || !crm_json_read_entity (fresh, item, NULL))
        break;
      rapport_list_model_insert_row (self, i, fresh);
      joined = TRUE;
    }
  if (joined && json_object_has_member (object, "total"))
    rapport_list_model_set_total (self, json_object_get_int_member (object, "total"),
                                  json_object_get_boolean_member_with_default (object, "total_exact", TRUE));
}

/* Whether a record the list does not hold may now belong in it. A change
 * to a record that is not loaded is looked for only in a list held whole:
 * in a longer one, it shows when scrolled to or on the next reload. */
static gboolean
may_join (RapportListModel *self,
          const char       *action)
{
  if (g_str_equal (action, "create"))
    return TRUE;
  if (g_str_equal (action, "restore"))
    return shows_archived_state (self, FALSE);
  if (g_str_equal (action, "archive"))
    return shows_archived_state (self, TRUE);
  return self->complete && self->pages->len == 1;
}

static gint64 *
id_copy (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* what was gathered is fetched: each changed row, and the first page for those that may join */
static gboolean
fetch_gathered (gpointer user_data)
{
  RapportListModel *self = user_data;
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  GHashTableIter iter;
  gpointer key;

  self->gather_source = 0;
  if (g_hash_table_size (self->changed_ids) > MAX_ROW_FETCHES)
    {
      /* a bulk change: one reload costs less than a request a row */
      rapport_list_model_reload (self);
      return G_SOURCE_REMOVE;
    }
  g_hash_table_iter_init (&iter, self->changed_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      g_autofree char *path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, klass->collection, id);

      rapport_api_request_async (self->api, "GET", path, NULL, self->live_cancellable, record_fetched,
                                 change_new (self, id));
    }
  g_hash_table_remove_all (self->changed_ids);
  if (g_hash_table_size (self->joining_ids) > 0)
    {
      g_autofree char *path = rapport_list_model_query_path (self, NULL, PAGE_SIZE, "true");
      Change *change = change_new (self, 0);

      change->joining = g_steal_pointer (&self->joining_ids);
      self->joining_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      rapport_api_request_async (self->api, "GET", path, NULL, self->live_cancellable, first_page_fetched, change);
    }
  return G_SOURCE_REMOVE;
}

static void
on_change (RapportListModel *self,
           const char       *kind,
           JsonObject       *data)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  const char *entity = json_object_get_string_member_with_default (data, "entity", NULL);
  const char *action = json_object_get_string_member_with_default (data, "action", "");
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);

  if (g_strcmp0 (entity, klass->entity_name) != 0 || id <= 0)
    return;
  if (find_row (self, id) >= 0)
    g_hash_table_add (self->changed_ids, id_copy (id));
  else if (may_join (self, action))
    g_hash_table_add (self->joining_ids, id_copy (id));
  else
    return;
  if (self->gather_source == 0)
    self->gather_source = g_timeout_add (GATHER_MS, fetch_gathered, self);
}

/**
 * rapport_list_model_forget_changes:
 * @self: the model
 *
 * Drops the changes told and not fetched yet: the list is loaded again,
 * or goes.
 */
void
rapport_list_model_forget_changes (RapportListModel *self)
{
  g_return_if_fail (RAPPORT_IS_LIST_MODEL (self));

  g_clear_handle_id (&self->gather_source, g_source_remove);
  if (self->changed_ids != NULL)
    g_hash_table_remove_all (self->changed_ids);
  if (self->joining_ids != NULL)
    g_hash_table_remove_all (self->joining_ids);
}

/* further behind than the server replays: everything is loaded afresh */
static void
on_reload (RapportListModel *self)
{
  rapport_list_model_reload (self);
}

/**
 * rapport_list_model_follow_changes:
 * @self: the model
 *
 * From now on, the model follows the changes to its entity that the
 * event WebSocket tells of.
 */
void
rapport_list_model_follow_changes (RapportListModel *self)
{
  g_return_if_fail (RAPPORT_IS_LIST_MODEL (self));

  self->changed_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->joining_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect_object (self->api, "event::change", G_CALLBACK (on_change), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->api, "event::reload", G_CALLBACK (on_reload), self, G_CONNECT_SWAPPED);
}
