/* rapport-comment-thread.c: RapportCommentThread, the review comments (批复) on an activity or a weekly report, kept up to date in place, one posted, and marking an activity reviewed */
#include "rapport-comment-thread.h"
#include "rapport-review-mark.h"
#include "rapport-window.h"

#include <glib/gi18n.h>
#include <string.h>

struct _RapportCommentThread
{
  AdwBin        parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget    *entry;
  GtkWidget    *post;
  GtkWidget    *reviewed;
  GPtrArray    *rows;
  /* the id of the comment each row shows */
  GArray       *row_ids;

  RapportApi   *api;
  CrmEntity    *entity;
  GCancellable *cancellable;
  /* a post, a mark or a read on its way */
  guint         busy;
  /* reads on their way, and whether a comment was told meanwhile */
  guint         reading;
  gboolean      read_again;
};

G_DEFINE_FINAL_TYPE (RapportCommentThread, rapport_comment_thread, ADW_TYPE_BIN)

static void load (RapportCommentThread *self);

/* "/activities/7/comments", "/weekly-reports/3/comments": the thread of the
 * record's collection */
static char *
comments_path (RapportCommentThread *self)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (self->entity);

  return g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/comments", klass->collection, crm_entity_get_id (self->entity));
}

static gboolean
is_activity (CrmEntity *entity)
{
  return g_strcmp0 (crm_entity_get_entity_name (entity), "activity") == 0;
}

/* an activity is marked reviewed, and a weekly report once submitted */
static gboolean
is_reviewable (CrmEntity *entity)
{
  return is_activity (entity) || g_strcmp0 (crm_entity_get_text (entity, "status"), "submitted") == 0;
}

static void
update_sensitive (RapportCommentThread *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  gtk_widget_set_sensitive (self->post, self->busy == 0 && self->entity != NULL && text[strspn (text, " ")] != '\0');
  gtk_widget_set_sensitive (self->reviewed, self->busy == 0 && self->entity != NULL);
}

static void
done_busy (RapportCommentThread *self)
{
  self->busy--;
  update_sensitive (self);
}

/* "lena · 2026-12-07 09:30", in local time */
static char *
byline (JsonObject *comment)
{
  const char *author = json_object_get_string_member_with_default (comment, "author_name", "");
  const char *at = json_object_get_string_member_with_default (comment, "created_at", "");
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (at);

  /* TRANSLATORS: who wrote a review comment, and when */
  return g_strdup_printf (_("%s · %s"), author, when);
}

/* a row for each comment; those shown stay as they are, so that the
 * page's scroll position, the box written in and its focus are kept */
static void
show_comments (RapportCommentThread *self,
               JsonArray            *items)
{
  guint n = json_array_get_length (items);
  gboolean shown_first = self->rows->len <= n;
  GtkListBox *list;

  /* comments are never changed nor removed: those shown come first, in order */
  for (guint i = 0; shown_first && i < self->rows->len; i++)
    shown_first = json_object_get_int_member_with_default (json_array_get_object_element (items, i), "id", 0) ==
                  g_array_index (self->row_ids, gint64, i);
  if (!shown_first)
    {
      for (guint i = 0; i < self->rows->len; i++)
        adw_preferences_group_remove (self->group, self->rows->pdata[i]);
      g_ptr_array_set_size (self->rows, 0);
      g_array_set_size (self->row_ids, 0);
    }
  /* the box to write in stays last: the rows go in before it */
  list = GTK_LIST_BOX (gtk_widget_get_parent (self->entry));
  for (guint i = self->rows->len; i < n; i++)
    {
      JsonObject *comment = json_array_get_object_element (items, i);
      g_autofree char *by = byline (comment);
      gint64 id = json_object_get_int_member_with_default (comment, "id", 0);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     json_object_get_string_member_with_default (comment, "text", ""));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), by);
      gtk_list_box_insert (list, row, (int) self->rows->len);
      g_ptr_array_add (self->rows, row);
      g_array_append_val (self->row_ids, id);
    }
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportCommentThread *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading--;
  done_busy (self);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      if (error != NULL)
        rapport_window_toast_for (GTK_WIDGET (self), error->message);
    }
  else
    show_comments (self, items);
  /* a comment told while this read was on its way may not be in it */
  if (self->read_again && self->reading == 0)
    {
      self->read_again = FALSE;
      load (self);
    }
}

static void
load (RapportCommentThread *self)
{
  g_autofree char *path = comments_path (self);

  self->busy++;
  self->reading++;
  update_sensitive (self);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

/* "activity.comment", "weekly_report.comment" (told to the record's
 * owner): the thread read again if it is this record's */
static void
on_comment_event (RapportCommentThread *self,
                  const char           *kind,
                  JsonObject           *data)
{
  if (self->entity == NULL || crm_entity_get_id (self->entity) <= 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL),
                 crm_entity_get_entity_name (self->entity)) != 0 ||
      json_object_get_int_member_with_default (data, "id", 0) != crm_entity_get_id (self->entity))
    return;
  if (self->reading > 0)
    self->read_again = TRUE;
  else
    load (self);
}

/* a change missed (the client was away too long): read it all again */
static void
on_reload_event (RapportCommentThread *self)
{
  if (self->entity == NULL || crm_entity_get_id (self->entity) <= 0)
    return;
  if (self->reading > 0)
    self->read_again = TRUE;
  else
    load (self);
}

static void
posted (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportCommentThread *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the thread is read again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  if (error != NULL)
    {
      /* what was written stays, to be sent again */
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  load (self);
}

static void
on_post (RapportCommentThread *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (self->busy > 0 || self->entity == NULL || !gtk_widget_get_sensitive (self->post))
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = comments_path (self);
  self->busy++;
  update_sensitive (self);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, posted, self);
}

static void
marked (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportCommentThread *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = rapport_review_mark_finish (result, &error);

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  /* a signature dialog put away unsigned marks nothing and says nothing */
  if (done || error != NULL)
    rapport_window_toast_for (GTK_WIDGET (self), error != NULL ? error->message : _("Marked reviewed"));
}

static void
on_reviewed (RapportCommentThread *self)
{
  if (self->busy > 0 || self->entity == NULL || !is_reviewable (self->entity))
    return;
  self->busy++;
  update_sensitive (self);
  rapport_review_mark_record_async (GTK_WIDGET (self), self->api, crm_entity_get_collection (self->entity),
                                    crm_entity_get_id (self->entity),
                                    crm_entity_get_text (self->entity, is_activity (self->entity) ? "subject" : "week"),
                                    self->cancellable, marked, self);
}

static void
rapport_comment_thread_dispose (GObject *object)
{
  RapportCommentThread *self = RAPPORT_COMMENT_THREAD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_ids, g_array_unref);
  G_OBJECT_CLASS (rapport_comment_thread_parent_class)->dispose (object);
}

static void
rapport_comment_thread_class_init (RapportCommentThreadClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_comment_thread_dispose;

  /**
   * RapportCommentThread::record-changed:
   *
   * Never emitted: a comment or a mark does not change the activity. It
   * is declared as every widget above a record's form declares it.
   */
  g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_comment_thread_init (RapportCommentThread *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Review comments"));
  adw_preferences_group_set_description (self->group, _("A comment is kept with the activity and is never changed"));
  self->reviewed = gtk_button_new_with_mnemonic (_("Mark _Reviewed"));
  gtk_widget_set_valign (self->reviewed, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->group, self->reviewed);
  g_signal_connect_swapped (self->reviewed, "clicked", G_CALLBACK (on_reviewed), self);

  self->entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entry), _("Write a comment"));
  self->post = gtk_button_new_with_mnemonic (_("_Post"));
  gtk_widget_set_valign (self->post, GTK_ALIGN_CENTER);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->entry), self->post);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->entry), FALSE);
  g_signal_connect_swapped (self->post, "clicked", G_CALLBACK (on_post), self);
  g_signal_connect_swapped (self->entry, "entry-activated", G_CALLBACK (on_post), self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (update_sensitive), self);
  adw_preferences_group_add (self->group, self->entry);

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  update_sensitive (self);
}

/**
 * rapport_comment_thread_new:
 * @api: the signed-in client
 *
 * The thread is read again, in place, when the event WebSocket tells of
 * a comment on its record (as it tells the record's owner).
 *
 * Returns: (transfer floating): the thread, hidden until it has a stored
 *   activity or weekly report
 */
GtkWidget *
rapport_comment_thread_new (RapportApi *api)
{
  RapportCommentThread *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_COMMENT_THREAD, NULL);
  self->api = g_object_ref (api);
  g_signal_connect_object (api, "event::activity.comment", G_CALLBACK (on_comment_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::weekly_report.comment", G_CALLBACK (on_comment_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_reload_event), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * rapport_comment_thread_set_entity:
 * @self: the thread
 * @entity: the activity or weekly report as loaded or saved
 *
 * Reads its comments from its collection's thread. Marking an activity
 * reviewed is offered to anyone but its owner, who cannot review their
 * own; a weekly report is not marked.
 */
void
rapport_comment_thread_set_entity (RapportCommentThread *self,
                                   CrmEntity            *entity)
{
  gboolean same;

  g_return_if_fail (RAPPORT_IS_COMMENT_THREAD (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  same = self->entity != NULL && crm_entity_get_id (self->entity) == crm_entity_get_id (entity);
  g_set_object (&self->entity, entity);
  gtk_widget_set_visible (GTK_WIDGET (self), crm_entity_get_id (entity) > 0);
  gtk_widget_set_visible (self->reviewed, is_reviewable (entity) &&
                          crm_entity_get_int (entity, "owner") != rapport_api_get_user_id (self->api));
  adw_preferences_group_set_description (self->group, is_activity (entity)
                                         ? _("A comment is kept with the activity and is never changed")
                                         : _("A comment is kept with the report and is never changed"));
  update_sensitive (self);
  if (crm_entity_get_id (entity) > 0 && !same)
    load (self);
}

/* Returns: whether a post, a mark or a read is on its way */
gboolean
rapport_comment_thread_get_busy (RapportCommentThread *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMMENT_THREAD (self), FALSE);
  return self->busy > 0;
}

/* Returns: how many comments are shown */
guint
rapport_comment_thread_get_n_comments (RapportCommentThread *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMMENT_THREAD (self), 0);
  return self->rows->len;
}

/* Returns: (transfer none): the row a comment is written in */
GtkWidget *
rapport_comment_thread_get_entry (RapportCommentThread *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMMENT_THREAD (self), NULL);
  return self->entry;
}

/* Returns: (transfer none): the Post button */
GtkWidget *
rapport_comment_thread_get_post (RapportCommentThread *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMMENT_THREAD (self), NULL);
  return self->post;
}

/* Returns: (transfer none): the Mark Reviewed button */
GtkWidget *
rapport_comment_thread_get_reviewed (RapportCommentThread *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMMENT_THREAD (self), NULL);
  return self->reviewed;
}
