/* rapport-kb-versions.c: RapportKbVersions, on a knowledge-base article's page: its published versions, newest first, each readable; on the draft of a new version, the article it will replace */
#include "rapport-kb-versions.h"
#include "rapport-window.h"
#include "crm-format.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportKbVersions
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *draft_box;
  GtkLabel     *draft_label;
  GtkWidget    *versions_box;
  GtkLabel     *heading_label;
  GtkListBox   *list;
  GtkWidget    *viewer_box;
  GtkLabel     *viewer_title;
  GtkLabel     *viewer_meta;
  GtkLabel     *viewer_body;
  GtkLabel     *message_label;

  RapportApi   *api;
  /* the list's requests, and the one version's */
  GCancellable *cancellable;
  GCancellable *version_cancellable;
  /* the article whose versions are listed: the record, or the one its draft replaces */
  gint64        article_id;
  gint64        draft_of;
  /* the version read, 0 for none; the list's newest */
  gint64        shown;
  gint64        newest;
  guint         pending;
};

G_DEFINE_FINAL_TYPE (RapportKbVersions, rapport_kb_versions, GTK_TYPE_WIDGET)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (RapportKbVersions *self,
            const GError      *error)
{
  gtk_label_set_text (self->message_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), error != NULL);
}

static GCancellable *
restart (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}

/* "7 Dec 2026 14:02" from the API's time, or the text as given */
static char *
format_time (const char *text)
{
  gint64 usec;

  if (text == NULL)
    return g_strdup ("");
  return crm_json_parse_timestamp (text, &usec) ? crm_format_timestamp (usec) : g_strdup (text);
}

/* the row of the version whose text is shown, selected */
static void
select_shown (RapportKbVersions *self)
{
  GtkListBoxRow *row;

  gtk_list_box_unselect_all (self->list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    if (self->shown > 0 && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "version-number")) == self->shown)
      gtk_list_box_select_row (self->list, row);
}

static void
clear_rows (RapportKbVersions *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
}

static void
update_visible (RapportKbVersions *self)
{
  gboolean any = gtk_list_box_get_row_at_index (self->list, 0) != NULL;

  gtk_widget_set_visible (self->versions_box, any);
  gtk_widget_set_visible (GTK_WIDGET (self), any || gtk_widget_get_visible (self->draft_box) ||
                                             gtk_widget_get_visible (GTK_WIDGET (self->message_label)));
}

static void
done_one (RapportKbVersions *self)
{
  if (self->pending > 0)
    self->pending--;
  update_visible (self);
}

static void
add_row (RapportKbVersions *self,
         JsonObject        *version)
{
  gint64 number = json_object_get_int_member_with_default (version, "number", 0);
  const char *title = json_object_get_string_member_with_default (version, "title", "");
  g_autofree char *when = format_time (json_object_get_string_member_with_default (version, "published_at", NULL));
  g_autofree char *heading = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (number <= 0)
    return;
  /* TRANSLATORS: a published version of a knowledge-base article: its number and its title */
  heading = g_strdup_printf (_("Version %lld · %s"), (long long) number, title);
  if (self->newest == 0)
    {
      self->newest = number;
      /* TRANSLATORS: the version readers see now, with the time it was published */
      subtitle = g_strdup_printf (_("Published %s · current"), when);
    }
  else
    /* TRANSLATORS: with the time the version was published */
    subtitle = g_strdup_printf (_("Published %s"), when);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "version-number", GINT_TO_POINTER ((int) number));
  gtk_list_box_append (self->list, row);
}

static void
versions_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportKbVersions *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items = NULL;
  g_autofree char *heading = NULL;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_KB_VERSIONS (user_data);
  show_error (self, error);
  clear_rows (self);
  self->newest = 0;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "items"))
    items = json_object_get_array_member (json_node_get_object (node), "items");
  n = items ? json_array_get_length (items) : 0;
  for (guint i = 0; i < n; i++)
    add_row (self, json_array_get_object_element (items, i));
  select_shown (self);
  heading = g_strdup_printf (ngettext ("%u published version", "%u published versions", n), n);
  gtk_label_set_text (self->heading_label, heading);
  done_one (self);
}

/* the article the draft replaces, by its title */
static void
original_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportKbVersions *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *unnamed = NULL;
  g_autofree char *text = NULL;
  const char *title = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_KB_VERSIONS (user_data);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    title = json_object_get_string_member_with_default (json_node_get_object (node), "title", NULL);
  if (title == NULL)
    /* TRANSLATORS: an article named by its id, when its title could not be read */
    title = unnamed = g_strdup_printf (_("article #%lld"), (long long) self->draft_of);
  /* TRANSLATORS: on the draft of a new version of a published article, named by its title */
  text = g_strdup_printf (_("A new version of “%s”: once its approval is given, this text replaces the published one. "
                            "Until then readers see the published text."), title);
  gtk_label_set_text (self->draft_label, text);
  done_one (self);
}

static void
load (RapportKbVersions *self)
{
  GCancellable *cancellable = restart (&self->cancellable);
  g_autofree char *path = g_strdup_printf ("/kb-articles/%" G_GINT64_FORMAT "/versions", self->article_id);

  self->pending = 1;
  if (self->draft_of > 0)
    {
      g_autofree char *original = g_strdup_printf ("/kb-articles/%" G_GINT64_FORMAT, self->draft_of);

      self->pending++;
      rapport_api_request_async (self->api, "GET", original, NULL, cancellable, original_loaded, self);
    }
  rapport_api_request_async (self->api, "GET", path, NULL, cancellable, versions_loaded, self);
}

static void
version_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportKbVersions *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *version;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_KB_VERSIONS (user_data);
  g_clear_object (&self->version_cancellable);
  show_error (self, error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      gtk_widget_set_visible (self->viewer_box, FALSE);
      self->shown = 0;
      select_shown (self);
      update_visible (self);
      return;
    }
  version = json_node_get_object (node);
  self->shown = json_object_get_int_member_with_default (version, "number", 0);
  title = g_strdup_printf (_("Version %lld · %s"), (long long) self->shown,
                           json_object_get_string_member_with_default (version, "title", ""));
  when = format_time (json_object_get_string_member_with_default (version, "published_at", NULL));
  /* TRANSLATORS: above the text of a version of an article, which cannot be changed */
  meta = g_strdup_printf (_("Published %s · read-only"), when);
  gtk_label_set_text (self->viewer_title, title);
  gtk_label_set_text (self->viewer_meta, meta);
  gtk_label_set_text (self->viewer_body, json_object_get_string_member_with_default (version, "body", ""));
  gtk_widget_set_visible (self->viewer_box, TRUE);
  select_shown (self);
}

/**
 * rapport_kb_versions_show_version:
 * @self: the widget
 * @number: a version listed
 *
 * Reads the version's text and shows it, read-only, below the list.
 */
void
rapport_kb_versions_show_version (RapportKbVersions *self,
                                  gint64             number)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_KB_VERSIONS (self));
  g_return_if_fail (number > 0);

  path = g_strdup_printf ("/kb-articles/%" G_GINT64_FORMAT "/versions/%" G_GINT64_FORMAT, self->article_id, number);
  rapport_api_request_async (self->api, "GET", path, NULL, restart (&self->version_cancellable), version_loaded, self);
}

static void
on_row_activated (RapportKbVersions *self,
                  GtkListBoxRow     *row)
{
  gint64 number = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "version-number"));

  if (number > 0)
    rapport_kb_versions_show_version (self, number);
}

static void
on_open_published (RapportKbVersions *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->draft_of > 0 && RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), "kb-articles", self->draft_of, NULL);
}

/**
 * rapport_kb_versions_set_entity:
 * @self: the widget
 * @entity: the article shown, as loaded or saved
 *
 * Lists the versions published of the article, or, on the draft of a new
 * version, says which article it replaces and lists that one's versions;
 * hidden for an article never published.
 */
void
rapport_kb_versions_set_entity (RapportKbVersions *self,
                                CrmEntity         *entity)
{
  gint64 draft_of;
  gint64 article_id;

  g_return_if_fail (RAPPORT_IS_KB_VERSIONS (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  draft_of = crm_entity_get_int (entity, "draft_of");
  article_id = draft_of > 0 ? draft_of : crm_entity_get_id (entity);
  if (article_id != self->article_id)
    {
      g_cancellable_cancel (self->version_cancellable);
      g_clear_object (&self->version_cancellable);
      self->shown = 0;
      gtk_widget_set_visible (self->viewer_box, FALSE);
    }
  self->article_id = article_id;
  self->draft_of = draft_of;
  gtk_widget_set_visible (self->draft_box, draft_of > 0);
  show_error (self, NULL);
  if (article_id <= 0 || (draft_of <= 0 && crm_entity_get_int (entity, "published_version") <= 0))
    {
      g_cancellable_cancel (self->cancellable);
      self->pending = 0;
      clear_rows (self);
      update_visible (self);
      return;
    }
  load (self);
}

GtkListBox *
rapport_kb_versions_get_list (RapportKbVersions *self)
{
  g_return_val_if_fail (RAPPORT_IS_KB_VERSIONS (self), NULL);

  return self->list;
}

/* the number of the version whose text is shown, 0 for none */
gint64
rapport_kb_versions_get_shown (RapportKbVersions *self)
{
  g_return_val_if_fail (RAPPORT_IS_KB_VERSIONS (self), 0);

  return gtk_widget_get_visible (self->viewer_box) ? self->shown : 0;
}

gboolean
rapport_kb_versions_is_loading (RapportKbVersions *self)
{
  g_return_val_if_fail (RAPPORT_IS_KB_VERSIONS (self), FALSE);

  return self->pending > 0 || self->version_cancellable != NULL;
}

static void
rapport_kb_versions_dispose (GObject *object)
{
  RapportKbVersions *self = RAPPORT_KB_VERSIONS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->version_cancellable);
  g_clear_object (&self->version_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_KB_VERSIONS);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_kb_versions_parent_class)->dispose (object);
}

static void
rapport_kb_versions_class_init (RapportKbVersionsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_kb_versions_dispose;

  /* the page's extra widgets may change their record; this one only reads */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-kb-versions.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, box);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, draft_box);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, draft_label);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, versions_box);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, list);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, viewer_box);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, viewer_title);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, viewer_meta);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, viewer_body);
  gtk_widget_class_bind_template_child (widget_class, RapportKbVersions, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_open_published);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_kb_versions_init (RapportKbVersions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_kb_versions_new:
 * @api: the signed-in connection
 *
 * Returns: (transfer floating): the widget, hidden until an article with a
 *   published version, or a new version's draft, is set
 */
GtkWidget *
rapport_kb_versions_new (RapportApi *api)
{
  RapportKbVersions *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_KB_VERSIONS, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
