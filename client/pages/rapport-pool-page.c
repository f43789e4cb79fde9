/* rapport-pool-page.c: RapportPoolPage, the public pool (公海): its records and a Claim button each, within the rep's limits */
#include "rapport-pool-page.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct
{
  gint64  id;
  char   *collection;
} PoolRef;

struct _RapportPoolPage
{
  GtkWidget       parent_instance;

  GtkDropDown    *pool_choice;
  GtkStringList  *pool_names;
  GtkLabel       *limits_label;
  GtkLabel       *message_label;
  GtkListBox     *records_list;
  GtkListBox     *holdings_list;

  RapportApi     *api;
  GCancellable   *cancellable;
  /* PoolRef, in the order of pool_names */
  GArray         *pools;
  /* CrmEntity: the selected pool's records, as the server sends them (masked) */
  GListStore     *records;
  /* GtkStringObject: what the user holds from pools, its title; the
   * "when" data is the days until it goes back */
  GListStore     *holdings;
  guint           n_pending;
};

G_DEFINE_FINAL_TYPE (RapportPoolPage, rapport_pool_page, GTK_TYPE_WIDGET)

static void
pool_ref_clear (PoolRef *ref)
{
  g_clear_pointer (&ref->collection, g_free);
}

static void
show_message (RapportPoolPage *self,
              const char      *text,
              gboolean         is_error)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static const PoolRef *
selected_pool (RapportPoolPage *self)
{
  guint i = gtk_drop_down_get_selected (self->pool_choice);

  return i < self->pools->len ? &g_array_index (self->pools, PoolRef, i) : NULL;
}

static void
request_done (RapportPoolPage *self)
{
  if (self->n_pending > 0)
    self->n_pending--;
}

static void
limits_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportPoolPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *limits;
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      gtk_label_set_text (self->limits_label, "");
      return;
    }
  limits = json_node_get_object (node);
  if (!json_node_is_null (json_object_get_member (limits, "claims_left_today")))
    {
      gint64 left = json_object_get_int_member (limits, "claims_left_today");

      g_string_append_printf (text, ngettext ("%lld claim left today", "%lld claims left today", left), (long long) left);
    }
  if (!json_node_is_null (json_object_get_member (limits, "max_holdings")))
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("%lld of %lld held"),
                              (long long) json_object_get_int_member (limits, "held"),
                              (long long) json_object_get_int_member (limits, "max_holdings"));
    }
  gtk_label_set_text (self->limits_label, text->str);
}

static void
records_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportPoolPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const PoolRef *pool;
  JsonArray *array;
  GType type;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  pool = selected_pool (self);
  if (node == NULL || pool == NULL)
    {
      g_list_store_remove_all (self->records);
      if (error != NULL)
        show_message (self, error->message, TRUE);
      return;
    }
  type = crm_entities_lookup_collection (pool->collection);
  array = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; array && type != G_TYPE_INVALID && i < json_array_get_length (array); i++)
    {
      g_autoptr(CrmEntity) record = crm_entity_new (type);

      if (crm_json_read_entity (record, json_array_get_object_element (array, i), NULL))
        g_ptr_array_add (items, g_steal_pointer (&record));
    }
  g_list_store_splice (self->records, 0, g_list_model_get_n_items (G_LIST_MODEL (self->records)),
                       items->pdata, items->len);
}

/* "Goes back to the pool in 3 days", from a reclaim date */
static char *
reclaim_text (const char *reclaim_at)
{
  gint64 when, days;

  if (reclaim_at == NULL || !crm_json_parse_timestamp (reclaim_at, &when))
    return g_strdup (_("Not reclaimed"));
  days = (when - g_get_real_time () + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
  if (days <= 0)
    return g_strdup (_("Goes back to the pool today"));
  return g_strdup_printf (ngettext ("Goes back to the pool in %lld day", "Goes back to the pool in %lld days", days),
                          (long long) days);
}

static void
holdings_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportPoolPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  array = node ? json_object_get_array_member (json_node_get_object (node), "items") : NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *holding = json_array_get_object_element (array, i);
      GtkStringObject *item = gtk_string_object_new (json_object_get_string_member_with_default (holding, "title", ""));
      const char *warn_at = json_object_get_string_member_with_default (holding, "warn_at", NULL);
      gint64 warn = 0;

      g_object_set_data_full (G_OBJECT (item), "when",
                              reclaim_text (json_object_get_string_member_with_default (holding, "reclaim_at", NULL)),
                              g_free);
      g_object_set_data (G_OBJECT (item), "warned",
                         GINT_TO_POINTER (warn_at && crm_json_parse_timestamp (warn_at, &warn) && warn <= g_get_real_time ()));
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->holdings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->holdings)),
                       items->pdata, items->len);
}

static GtkWidget *
create_holding_row (gpointer item,
                    gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_string_object_get_string (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_object_get_data (item, "when"));
  if (g_object_get_data (item, "warned"))
    gtk_widget_add_css_class (row, "warning");
  return row;
}

static void
load_records (RapportPoolPage *self)
{
  const PoolRef *pool = selected_pool (self);
  g_autofree char *list = NULL;
  g_autofree char *limits = NULL;

  if (pool == NULL)
    return;
  list = g_strdup_printf ("/%s?pool_id=%" G_GINT64_FORMAT "&limit=200", pool->collection, pool->id);
  limits = g_strdup_printf ("/pools/%" G_GINT64_FORMAT "/limits", pool->id);
  self->n_pending += 3;
  rapport_api_request_async (self->api, "GET", "/pool/mine", NULL, self->cancellable, holdings_loaded, self);
  rapport_api_request_async (self->api, "GET", list, NULL, self->cancellable, records_loaded, self);
  rapport_api_request_async (self->api, "GET", limits, NULL, self->cancellable, limits_loaded, self);
}

static void
pools_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportPoolPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *array;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (node == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  array = json_object_get_array_member (json_node_get_object (node), "items");
  g_array_set_size (self->pools, 0);
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *pool = json_array_get_object_element (array, i);
      const char *entity = json_object_get_string_member_with_default (pool, "entity", "lead");
      PoolRef ref = { json_object_get_int_member_with_default (pool, "id", 0),
                      g_strdup (g_str_equal (entity, "account") ? "accounts" : "leads") };

      g_array_append_val (self->pools, ref);
      g_ptr_array_add (names, (gpointer) json_object_get_string_member_with_default (pool, "name", ""));
    }
  g_ptr_array_add (names, NULL);
  /* choosing the first pool (notify::selected) loads its records */
  gtk_string_list_splice (self->pool_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pool_names)),
                          (const char * const *) names->pdata);
  if (self->pools->len > 0)
    load_records (self);
}

static void
on_pool_changed (RapportPoolPage *self)
{
  show_message (self, NULL, FALSE);
  load_records (self);
}

static void
claimed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportPoolPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (node == NULL)
    show_message (self, error->message, TRUE);
  else
    {
      JsonObject *record = json_node_get_object (node);
      g_autofree char *text = g_strdup_printf (_("Claimed “%s”; it is yours now"),
                                               json_object_get_string_member_with_default (record, "company",
                                                 json_object_get_string_member_with_default (record, "name", "")));

      show_message (self, text, FALSE);
    }
  /* claimed or not, the pool and the limits as they are now */
  load_records (self);
}

static void
on_claim_clicked (GtkButton       *button,
                  RapportPoolPage *self)
{
  const PoolRef *pool = selected_pool (self);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "record-id"));
  g_autofree char *path = NULL;

  if (pool == NULL)
    return;
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/claim", pool->collection, id);
  self->n_pending++;
  rapport_api_request_async (self->api, "POST", path, NULL, self->cancellable, claimed, self);
}

static char *
record_subtitle (CrmEntity *record)
{
  static const char * const fields[] = { "person", "mobile", "phone", "email", "region", NULL };
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);

  for (guint i = 0; fields[i]; i++)
    {
      const char *text = crm_entity_class_find_field (klass, fields[i]) >= 0 ? crm_entity_get_text (record, fields[i]) : NULL;

      if (text != NULL && text[0] != '\0')
        g_ptr_array_add (parts, (gpointer) text);
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RapportPoolPage *self = user_data;
  CrmEntity *record = item;
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  int title = crm_entity_class_find_title (klass);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Claim"));
  g_autofree char *subtitle = record_subtitle (record);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 crm_entity_get_text (record, klass->fields[title].name));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "record-id", GSIZE_TO_POINTER (crm_entity_get_id (record)));
  g_signal_connect (button, "clicked", G_CALLBACK (on_claim_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/**
 * rapport_pool_page_reload:
 * @self: the page
 *
 * Reads the pools again, then the chosen pool's records and the limits.
 */
void
rapport_pool_page_reload (RapportPoolPage *self)
{
  g_return_if_fail (RAPPORT_IS_POOL_PAGE (self));

  self->n_pending++;
  rapport_api_request_async (self->api, "GET", "/pools?limit=200", NULL, self->cancellable, pools_loaded, self);
}

gboolean
rapport_pool_page_get_busy (RapportPoolPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_POOL_PAGE (self), FALSE);

  return self->n_pending > 0;
}

/**
 * rapport_pool_page_get_records:
 * @self: the page
 *
 * Returns: (transfer none): the chosen pool's records, #CrmEntity each
 */
/**
 * rapport_pool_page_get_holdings:
 * @self: the page
 *
 * Returns: (transfer none): what the user holds from pools, a
 *   #GtkStringObject (its title) each
 */
GListModel *
rapport_pool_page_get_holdings (RapportPoolPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_POOL_PAGE (self), NULL);

  return G_LIST_MODEL (self->holdings);
}

GListModel *
rapport_pool_page_get_records (RapportPoolPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_POOL_PAGE (self), NULL);

  return G_LIST_MODEL (self->records);
}

const char *
rapport_pool_page_get_limits (RapportPoolPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_POOL_PAGE (self), NULL);

  return gtk_label_get_text (self->limits_label);
}

/* the last claim's outcome or refusal, or NULL */
const char *
rapport_pool_page_get_message (RapportPoolPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_POOL_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_text (self->message_label) : NULL;
}

GtkWidget *
rapport_pool_page_new (RapportApi *api)
{
  RapportPoolPage *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_POOL_PAGE, NULL);
  self->api = g_object_ref (api);
  rapport_pool_page_reload (self);
  return GTK_WIDGET (self);
}

static void
rapport_pool_page_dispose (GObject *object)
{
  RapportPoolPage *self = RAPPORT_POOL_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_POOL_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->pools, g_array_unref);
  g_clear_object (&self->records);
  g_clear_object (&self->holdings);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_pool_page_parent_class)->dispose (object);
}

static void
rapport_pool_page_class_init (RapportPoolPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_pool_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-pool-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPoolPage, pool_choice);
  gtk_widget_class_bind_template_child (widget_class, RapportPoolPage, pool_names);
  gtk_widget_class_bind_template_child (widget_class, RapportPoolPage, limits_label);
  gtk_widget_class_bind_template_child (widget_class, RapportPoolPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, RapportPoolPage, records_list);
  gtk_widget_class_bind_template_child (widget_class, RapportPoolPage, holdings_list);
  gtk_widget_class_bind_template_callback (widget_class, on_pool_changed);
  gtk_widget_class_bind_template_callback (widget_class, rapport_pool_page_reload);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_pool_page_init (RapportPoolPage *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->pools = g_array_new (FALSE, TRUE, sizeof (PoolRef));
  g_array_set_clear_func (self->pools, (GDestroyNotify) pool_ref_clear);
  self->records = g_list_store_new (CRM_TYPE_ENTITY);
  gtk_list_box_bind_model (self->records_list, G_LIST_MODEL (self->records), create_row, self, NULL);
  self->holdings = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  gtk_list_box_bind_model (self->holdings_list, G_LIST_MODEL (self->holdings), create_holding_row, self, NULL);
}
