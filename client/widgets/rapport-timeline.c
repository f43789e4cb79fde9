/* rapport-timeline.c: RapportTimeline, a customer record's one stream, newest first, filtered by kind and paged from the server
 *
 * GET /{collection}/:id/timeline gives a page of items (activities,
 * tasks, documents' changes, approvals and signatures, the record's own
 * changes) and the cursor of the next; "Load more" appends that page. An
 * item opens its record.
 */
#include "rapport-timeline.h"
#include "rapport-window.h"
#include "widgets/rapport-audit-row.h"
#include "crm-entities.h"
#include "crm-format.h"
#include "crm-json.h"

#include <glib/gi18n.h>

#define PAGE_SIZE 30

struct _RapportTimeline
{
  AdwBin        parent_instance;

  RapportApi   *api;
  GCancellable *cancellable;
  char         *collection;
  gint64        id;
  char         *next;
  gboolean      busy;
  guint         n_rows;

  GtkWidget    *group;
  GtkWidget    *kind_dropdown;
  GtkWidget    *list;
  GtkWidget    *more;
  GtkWidget    *empty;
};

G_DEFINE_FINAL_TYPE (RapportTimeline, rapport_timeline, ADW_TYPE_BIN)

/* the filter's choices: the server's kind names, "" for every kind */
static const struct
{
  const char *kind;
  const char *label;
} kinds[] = {
  { "", N_("Everything") },
  { "activity", N_("Activities") },
  { "comment", N_("Comments") },
  { "task", N_("Tasks") },
  { "document", N_("Documents") },
  { "approval", N_("Approvals and signatures") },
  { "change", N_("Changes") },
};

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "activity") == 0)
    return _("Activity");
  if (g_strcmp0 (kind, "task") == 0)
    return _("Task");
  if (g_strcmp0 (kind, "comment") == 0)
    return _("Comment");
  if (g_strcmp0 (kind, "document") == 0)
    return _("Document");
  if (g_strcmp0 (kind, "approval") == 0)
    return _("Approval");
  return _("Change");
}

static const char *
member_text (JsonObject *item,
             const char *name)
{
  JsonNode *node = json_object_get_member (item, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* the names of the fields a change changed, in the user's language */
static void
append_changed (GString        *text,
                CrmEntityClass *klass,
                JsonObject     *item)
{
  JsonNode *node = json_object_get_member (item, "changed");
  JsonArray *changed = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; changed && i < json_array_get_length (changed); i++)
    {
      const char *key = json_array_get_string_element (changed, i);
      int field = klass && key ? crm_entity_class_find_json_key (klass, key) : -1;

      if (key == NULL)
        continue;
      /* TRANSLATORS: between the names of fields a change changed, e.g. "Phone, Address" */
      g_string_append (text, i > 0 ? _(", ") : ": ");
      g_string_append (text, field >= 0 ? crm_field_spec_get_label (&klass->fields[field]) : key);
    }
}

/* the item's title: an activity's or task's subject; a document's kind
 * and number; what a change did */
static char *
describe_item (JsonObject *item)
{
  GType type = crm_entities_lookup_name (member_text (item, "entity") ? member_text (item, "entity") : "");
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  const char *title = member_text (item, "title");
  const char *kind = member_text (item, "kind");
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_strcmp0 (kind, "activity") == 0 || g_strcmp0 (kind, "task") == 0)
    return g_strdup (title ? title : "");
  if (g_strcmp0 (kind, "comment") == 0)
    /* TRANSLATORS: a review comment in a timeline, on an activity, e.g. "Comment on “Quarterly review”" */
    return g_strdup_printf (_("Comment on “%s”"), title ? title : "");
  if (g_strcmp0 (kind, "change") == 0)
    {
      g_string_append (text, rapport_audit_action_label (member_text (item, "action") ? member_text (item, "action") : ""));
      if (g_strcmp0 (member_text (item, "action"), "create") != 0)
        append_changed (text, klass, item);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (klass == NULL)
    return g_strdup (title ? title : "");
  g_string_append (text, g_dgettext (GETTEXT_PACKAGE, klass->label));
  if (title)
    g_string_append_printf (text, " %s", title);
  if (g_strcmp0 (kind, "document") == 0 && member_text (item, "action"))
    /* TRANSLATORS: a document's line in a timeline, e.g. "Quote Q-2026-00031 · Changed" */
    g_string_append_printf (text, _(" · %s"), rapport_audit_action_label (member_text (item, "action")));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_row_activated (AdwActionRow *row,
                  gpointer      user_data)
{
  const char *entity = g_object_get_data (G_OBJECT (row), "entity");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));
  GType type = crm_entities_lookup_name (entity ? entity : "");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));
  CrmEntityClass *klass;

  if (type == G_TYPE_INVALID || !RAPPORT_IS_WINDOW (root))
    return;
  klass = g_type_class_ref (type);
  rapport_window_open_record (RAPPORT_WINDOW (root), klass->collection, id, NULL);
  g_type_class_unref (klass);
}

static GtkWidget *
item_row (JsonObject *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *record = describe_item (item);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *summary = member_text (item, "summary");
  const char *actor = member_text (item, "actor");
  gint64 usec;

  if (crm_json_parse_timestamp (member_text (item, "at") ? member_text (item, "at") : "", &usec))
    {
      g_autofree char *when = crm_format_timestamp (usec);

      g_string_append (subtitle, when);
    }
  /* TRANSLATORS: parts of a timeline item's line, e.g. "2026-03-01 09:00 · Activity · Wang Fang" */
  g_string_append_printf (subtitle, _(" · %s"), kind_label (member_text (item, "kind")));
  if (actor)
    g_string_append_printf (subtitle, _(" · %s"), actor);
  /* an activity's kind (a visit, a call…) in the user's language */
  if (g_strcmp0 (member_text (item, "kind"), "activity") == 0 && summary)
    {
      CrmEntityClass *activity = g_type_class_peek (crm_entities_lookup_name ("activity"));
      int field = activity ? crm_entity_class_find_field (activity, "kind") : -1;

      if (field >= 0)
        summary = crm_field_spec_enum_label (&activity->fields[field], summary);
    }
  /* a task's state: only one done is worth saying */
  if (g_strcmp0 (member_text (item, "kind"), "task") == 0)
    summary = g_strcmp0 (summary, "done") == 0 ? _("Done") : NULL;
  if (summary)
    g_string_append_printf (subtitle, _(" · %s"), summary);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), record);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "entity", g_strdup (member_text (item, "entity")), g_free);
  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER (json_object_get_int_member_with_default (item, "id", 0)));
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), NULL);
  return row;
}

static void
clear_rows (RapportTimeline *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  self->n_rows = 0;
}

static void
page_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportTimeline *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *page;
  JsonArray *items;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_TIMELINE (user_data);
  self->busy = FALSE;
  gtk_widget_set_sensitive (self->more, TRUE);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (error && RAPPORT_IS_WINDOW (root))
        rapport_window_add_toast (RAPPORT_WINDOW (root), adw_toast_new (error->message));
      return;
    }
  page = json_node_get_object (node);
  items = json_object_get_array_member (page, "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      gtk_list_box_append (GTK_LIST_BOX (self->list), item_row (json_array_get_object_element (items, i)));
      self->n_rows++;
    }
  g_clear_pointer (&self->next, g_free);
  self->next = g_strdup (member_text (page, "next"));
  gtk_widget_set_visible (self->more, self->next != NULL);
  gtk_widget_set_visible (self->empty, self->n_rows == 0);
  gtk_widget_set_visible (self->list, self->n_rows > 0);
}

static const char *
selected_kind (RapportTimeline *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));

  return selected < G_N_ELEMENTS (kinds) ? kinds[selected].kind : "";
}

static void
request_page (RapportTimeline *self,
              const char      *before)
{
  g_autoptr(GString) path = NULL;
  const char *kind = selected_kind (self);

  if (self->collection == NULL || self->id == 0)
    return;
  path = g_string_new (NULL);
  g_string_printf (path, "/%s/%" G_GINT64_FORMAT "/timeline?limit=%d", self->collection, self->id, PAGE_SIZE);
  if (kind[0] != '\0')
    g_string_append_printf (path, "&kind=%s", kind);
  if (before)
    {
      g_autofree char *escaped = g_uri_escape_string (before, NULL, FALSE);

      g_string_append_printf (path, "&before=%s", escaped);
    }
  self->busy = TRUE;
  gtk_widget_set_sensitive (self->more, FALSE);
  rapport_api_request_async (self->api, "GET", path->str, NULL, self->cancellable, page_loaded, self);
}

/* the first page again: a new record, a new filter, or the record saved */
static void
reload (RapportTimeline *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_rows (self);
  g_clear_pointer (&self->next, g_free);
  gtk_widget_set_visible (self->more, FALSE);
  request_page (self, NULL);
}

/**
 * rapport_timeline_load_more:
 * @self: a timeline
 *
 * Appends the next page, if there is one and none is on its way.
 */
void
rapport_timeline_load_more (RapportTimeline *self)
{
  g_return_if_fail (RAPPORT_IS_TIMELINE (self));

  if (self->next == NULL || self->busy)
    return;
  request_page (self, self->next);
}

static void
on_kind_selected (RapportTimeline *self)
{
  reload (self);
}

static void
rapport_timeline_dispose (GObject *object)
{
  RapportTimeline *self = RAPPORT_TIMELINE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_timeline_parent_class)->dispose (object);
}

static void
rapport_timeline_finalize (GObject *object)
{
  RapportTimeline *self = RAPPORT_TIMELINE (object);

  g_free (self->collection);
  g_free (self->next);
  G_OBJECT_CLASS (rapport_timeline_parent_class)->finalize (object);
}

static void
rapport_timeline_class_init (RapportTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_timeline_dispose;
  object_class->finalize = rapport_timeline_finalize;
}

static void
rapport_timeline_init (RapportTimeline *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (labels, _(kinds[i].label));

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Timeline"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("Everything that happened with this customer, newest first"));
  self->kind_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_widget_set_valign (self->kind_dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->kind_dropdown, _("Show only one kind"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of timeline item"), -1);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (on_kind_selected), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->group), self->kind_dropdown);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_visible (self->list, FALSE);
  gtk_box_append (GTK_BOX (box), self->list);

  self->empty = gtk_label_new (_("Nothing yet"));
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_widget_set_visible (self->empty, FALSE);
  gtk_box_append (GTK_BOX (box), self->empty);

  self->more = gtk_button_new_with_mnemonic (_("_Load more"));
  gtk_widget_set_halign (self->more, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->more, FALSE);
  g_signal_connect_object (self->more, "clicked", G_CALLBACK (rapport_timeline_load_more), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->more);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), box);
  adw_bin_set_child (ADW_BIN (self), self->group);
}

GtkWidget *
rapport_timeline_new (RapportApi *api)
{
  RapportTimeline *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_TIMELINE, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_timeline_set_record:
 * @self: a timeline
 * @collection: "accounts", "contacts", "leads" or "opportunities"
 * @id: the record, 0 for none yet
 *
 * Shows the record's first page.
 */
void
rapport_timeline_set_record (RapportTimeline *self,
                             const char      *collection,
                             gint64           id)
{
  g_return_if_fail (RAPPORT_IS_TIMELINE (self));
  g_return_if_fail (collection != NULL);

  g_free (self->collection);
  self->collection = g_strdup (collection);
  self->id = id;
  reload (self);
}

/**
 * rapport_timeline_set_kind:
 * @self: a timeline
 * @kind: a kind the server knows ("activity", "task", "document",
 *   "approval", "change") or "" for every kind
 *
 * Chooses the filter as the user would.
 */
void
rapport_timeline_set_kind (RapportTimeline *self,
                           const char      *kind)
{
  g_return_if_fail (RAPPORT_IS_TIMELINE (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), i);
}

gboolean
rapport_timeline_get_busy (RapportTimeline *self)
{
  g_return_val_if_fail (RAPPORT_IS_TIMELINE (self), FALSE);

  return self->busy;
}

guint
rapport_timeline_get_n_rows (RapportTimeline *self)
{
  g_return_val_if_fail (RAPPORT_IS_TIMELINE (self), 0);

  return self->n_rows;
}

gboolean
rapport_timeline_has_more (RapportTimeline *self)
{
  g_return_val_if_fail (RAPPORT_IS_TIMELINE (self), FALSE);

  return self->next != NULL;
}
