/* rapport-json-items.c: a list answer's items as GObjects carrying their JSON objects, for list models of pages that show them */
#include "rapport-json-items.h"

/**
 * rapport_json_items_replace:
 * @store: a store of GObjects
 * @answer: (nullable): a list answer, `{"items":[…]}`
 * @key: the name of the data each GObject keeps its item's JSON object as
 *
 * Replaces what @store holds by one GObject an item of @answer, at once.
 *
 * Returns: how many items it holds now
 */
guint
rapport_json_items_replace (GListStore *store,
                            JsonNode   *answer,
                            const char *key)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *member = object ? json_object_get_member (object, "items") : NULL;
  JsonArray *array = member && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      GObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
        continue;
      item = g_object_new (G_TYPE_OBJECT, NULL);
      g_object_set_data_full (item, key, json_object_ref (json_array_get_object_element (array, i)),
                              (GDestroyNotify) json_object_unref);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
  return items->len;
}

/* the JSON object an item of rapport_json_items_replace() carries */
JsonObject *
rapport_json_items_get (gpointer    item,
                        const char *key)
{
  return g_object_get_data (G_OBJECT (item), key);
}
