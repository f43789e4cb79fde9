/* rapport-attachments.c: RapportAttachments, the files filed under a record: listed, attached (chosen or dropped), previewed, opened, removed */
#include "rapport-attachments.h"
#include "rapport-attachment-chooser.h"
#include "rapport-attachment-preview.h"
#include "rapport-attachment-row.h"
#include "rapport-window.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

struct _RapportAttachments
{
  AdwBin        parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget    *attach;
  GtkWidget    *empty;
  GPtrArray    *rows;
  /* name → id of the latest version shown, and id → its content type */
  GHashTable   *ids;
  GHashTable   *types;

  RapportApi   *api;
  CrmEntity    *entity;
  GCancellable *cancellable;
  /* files waiting to be sent (Pending), one at a time, each to the record
   * it was given for, and whether they are being sent */
  GQueue        pending;
  gboolean      sending;
  /* where the file being sent goes */
  char         *sending_path;
  /* the list's read on its way, dropped when a newer one starts */
  GCancellable *load_cancellable;
  /* a read, an upload, a download or a removal on its way */
  guint         busy;
  /* the name of the file being sent */
  char         *uploading;
  /* where the file last opened was saved */
  char         *saved_path;
};

G_DEFINE_FINAL_TYPE (RapportAttachments, rapport_attachments, ADW_TYPE_BIN)

/* the records that carry files, by collection */
static const char *const attachable[] = {
  "accounts", "contacts", "opportunities", "quotes", "orders", "contracts", "cases",
};

static void load (RapportAttachments *self);
static void upload_next (RapportAttachments *self);

/**
 * rapport_attachments_is_for:
 * @entity: a record
 *
 * Returns: whether records of its kind carry files
 */
gboolean
rapport_attachments_is_for (CrmEntity *entity)
{
  const char *collection;

  g_return_val_if_fail (CRM_IS_ENTITY (entity), FALSE);

  collection = crm_entity_get_collection (entity);
  for (guint i = 0; i < G_N_ELEMENTS (attachable); i++)
    if (g_strcmp0 (attachable[i], collection) == 0)
      return TRUE;
  return FALSE;
}

/* "/accounts/7/attachments" */
static char *
attachments_path (RapportAttachments *self)
{
  return g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/attachments", crm_entity_get_collection (self->entity),
                          crm_entity_get_id (self->entity));
}

static void
update_sensitive (RapportAttachments *self)
{
  gtk_widget_set_sensitive (self->attach, self->entity != NULL && crm_entity_get_id (self->entity) > 0);
}

typedef struct
{
  GFile *file;
  /* the record's attachments, "/accounts/12/attachments" */
  char  *records;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->file);
  g_free (pending->records);
  g_free (pending);
}

static void
start_busy (RapportAttachments *self)
{
  self->busy++;
  update_sensitive (self);
}

static void
done_busy (RapportAttachments *self)
{
  self->busy--;
  update_sensitive (self);
}

static void
on_open_clicked (GtkButton          *button,
                 RapportAttachments *self)
{
  rapport_attachments_open (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "rapport-attachment-id")));
}

static void
on_preview_clicked (GtkButton          *button,
                    RapportAttachments *self)
{
  rapport_attachments_preview (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "rapport-attachment-id")));
}

static void
on_remove_clicked (GtkButton          *button,
                   RapportAttachments *self)
{
  rapport_attachments_remove (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "rapport-attachment-id")));
}

static GtkWidget *
row_button (RapportAttachments *self,
            const char         *icon,
            const char         *tooltip,
            gint64              id,
            GCallback           callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data (G_OBJECT (button), "rapport-attachment-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static void
show_files (RapportAttachments *self,
            JsonArray          *items)
{
  guint n = json_array_get_length (items);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->ids);
  g_hash_table_remove_all (self->types);
  gtk_widget_set_visible (self->empty, n == 0);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *file = json_array_get_object_element (items, i);
      const char *name = json_object_get_string_member_with_default (file, "name", "");
      gint64 id = json_object_get_int_member_with_default (file, "id", 0);
      GtkWidget *row = rapport_attachment_row_new (file);
      GtkWidget *preview = row_button (self, "view-reveal-symbolic", _("Preview this file"), id,
                                       G_CALLBACK (on_preview_clicked));

      /* activating the row previews the file */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), preview);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), preview);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, "document-open-symbolic", _("Open with the desktop’s application"),
                                             id, G_CALLBACK (on_open_clicked)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, "user-trash-symbolic", _("Remove this file"),
                                             id, G_CALLBACK (on_remove_clicked)));
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->ids, g_strdup (name), GSIZE_TO_POINTER ((gsize) id));
      g_hash_table_insert (self->types, GSIZE_TO_POINTER ((gsize) id),
                           g_strdup (json_object_get_string_member_with_default (file, "content_type", "")));
    }
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportAttachments *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  /* cancelled: the widget may be gone, or a newer read took its place */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  g_clear_object (&self->load_cancellable);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      if (error != NULL)
        rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  show_files (self, items);
}

static void
load (RapportAttachments *self)
{
  g_autofree char *path = attachments_path (self);

  /* a newer read replaces one on its way, whose answer may be older */
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      done_busy (self);
    }
  self->load_cancellable = g_cancellable_new ();
  start_busy (self);
  rapport_api_request_async (self->api, "GET", path, NULL, self->load_cancellable, loaded, self);
}

static void
uploaded (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportAttachments *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the list is read again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  if (error != NULL)
    {
      /* TRANSLATORS: a file that could not be attached, and why */
      g_autofree char *message = g_strdup_printf (_("“%s”: %s"), self->uploading, error->message);

      rapport_window_toast_for (GTK_WIDGET (self), message);
    }
  upload_next (self);
}

static void
file_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RapportAttachments *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  if (error != NULL)
    {
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      upload_next (self);
      return;
    }
  name = g_file_get_basename (G_FILE (source));
  escaped = g_uri_escape_string (name, NULL, FALSE);
  path = g_strdup_printf ("%s?name=%s", self->sending_path, escaped);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_free (self->uploading);
  self->uploading = g_strdup (name);
  start_busy (self);
  /* the server reads the type from the content */
  rapport_api_upload_async (self->api, path, "application/octet-stream", bytes, self->cancellable, uploaded, self);
}

/* the next file waiting, or the list read again once all are sent */
static void
upload_next (RapportAttachments *self)
{
  Pending *pending = g_queue_pop_head (&self->pending);

  if (pending == NULL)
    {
      self->sending = FALSE;
      load (self);
      return;
    }
  g_free (self->sending_path);
  self->sending_path = g_strdup (pending->records);
  start_busy (self);
  g_file_load_contents_async (pending->file, self->cancellable, file_read, self);
  pending_free (pending);
}

/**
 * rapport_attachments_upload_files:
 * @self: the attachments
 * @files: (element-type GFile): the files to attach, each under its own
 *   name (a name attached already gets its next version)
 *
 * Sends them one after the other, then reads the list again; a file
 * refused is told in a toast and the others go on.
 */
void
rapport_attachments_upload_files (RapportAttachments *self,
                                  GSList             *files)
{
  g_return_if_fail (RAPPORT_IS_ATTACHMENTS (self));

  if (self->entity == NULL || crm_entity_get_id (self->entity) <= 0)
    return;
  /* each file goes to the record it was given for, even if the page has
   * moved to another record before its turn */
  for (GSList *l = files; l != NULL; l = l->next)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->file = g_object_ref (l->data);
      pending->records = attachments_path (self);
      g_queue_push_tail (&self->pending, pending);
    }
  /* files added while others are sent follow them */
  if (!self->sending)
    {
      self->sending = TRUE;
      upload_next (self);
    }
}

static gboolean
on_drop (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         RapportAttachments *self)
{
  GdkFileList *list;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->entity == NULL || crm_entity_get_id (self->entity) <= 0)
    return FALSE;
  list = g_value_get_boxed (value);
  rapport_attachments_upload_files (self, gdk_file_list_get_files (list));
  return TRUE;
}

static void
on_attach (RapportAttachments *self)
{
  if (self->entity != NULL && crm_entity_get_id (self->entity) > 0)
    rapport_attachment_chooser_show (self);
}

static void
launched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportAttachments *self = user_data;
  g_autoptr(GError) error = NULL;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  if (error != NULL)
    rapport_window_toast_for (GTK_WIDGET (self), error->message);
}

/* a file on its way to be opened */
typedef struct
{
  RapportAttachments *self;
  gint64              id;
  char               *name;
} Opening;

static void
opening_free (Opening *opening)
{
  g_free (opening->name);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

/* the file saved where only its user reads it, then opened with the
 * desktop's application for its type */
static void
downloaded (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  RapportAttachments *self = opening->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rapport_api_request_bytes_finish (RAPPORT_API (source), result, &error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  if (bytes == NULL)
    {
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  dir = g_strdup_printf ("%s/rapport/attachments/%" G_GINT64_FORMAT, g_get_user_cache_dir (), opening->id);
  path = g_build_filename (dir, opening->name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      rapport_window_toast_for (GTK_WIDGET (self), error ? error->message : _("Cannot save the file to open it"));
      return;
    }
  g_free (self->saved_path);
  self->saved_path = g_strdup (path);
  uri = g_filename_to_uri (path, NULL, NULL);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  start_busy (self);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable, launched, self);
}

static const char *
name_of (RapportAttachments *self,
         gint64              id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if ((gint64) GPOINTER_TO_SIZE (value) == id)
      return key;
  return NULL;
}

/**
 * rapport_attachments_open:
 * @self: the attachments
 * @id: a file shown
 *
 * Downloads it, saves it in the user's cache (readable by them alone) and
 * opens it with the desktop's application for its type.
 */
void
rapport_attachments_open (RapportAttachments *self,
                          gint64              id)
{
  g_autofree char *path = NULL;
  const char *name;
  Opening *opening;

  g_return_if_fail (RAPPORT_IS_ATTACHMENTS (self));

  if ((name = name_of (self, id)) == NULL)
    return;
  path = g_strdup_printf ("/attachments/%" G_GINT64_FORMAT, id);
  opening = g_new0 (Opening, 1);
  opening->self = self;
  opening->id = id;
  opening->name = g_strdup (name);
  start_busy (self);
  rapport_api_request_bytes_async (self->api, path, self->cancellable, downloaded, opening);
}

static void
on_preview_open (RapportAttachments *self,
                 GtkWidget          *preview)
{
  rapport_attachments_open (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (preview), "rapport-attachment-id")));
}

/**
 * rapport_attachments_preview:
 * @self: the attachments
 * @id: a file shown
 *
 * Opens a window that downloads and shows it (images, PDFs), or offers to
 * open it with the desktop's application.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWidget *
rapport_attachments_preview (RapportAttachments *self,
                             gint64              id)
{
  GtkRoot *root;
  GtkWidget *preview;
  const char *name;

  g_return_val_if_fail (RAPPORT_IS_ATTACHMENTS (self), NULL);

  if ((name = name_of (self, id)) == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  preview = rapport_attachment_preview_new (self->api, id, name, g_hash_table_lookup (self->types, GSIZE_TO_POINTER ((gsize) id)));
  gtk_window_set_transient_for (GTK_WINDOW (preview), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_object_set_data (G_OBJECT (preview), "rapport-attachment-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (preview, "open-requested", G_CALLBACK (on_preview_open), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preview));
  return preview;
}

static void
removed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportAttachments *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the list is read again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  done_busy (self);
  if (error != NULL)
    rapport_window_toast_for (GTK_WIDGET (self), error->message);
  load (self);
}

static void
remove_answered (AdwMessageDialog   *dialog,
                 const char         *response,
                 RapportAttachments *self)
{
  g_autofree char *path = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "rapport-attachment-id"));

  if (!g_str_equal (response, "remove"))
    return;
  path = g_strdup_printf ("/attachments/%" G_GINT64_FORMAT, id);
  start_busy (self);
  rapport_api_request_async (self->api, "DELETE", path, NULL, self->cancellable, removed, self);
}

/**
 * rapport_attachments_remove:
 * @self: the attachments
 * @id: a file shown (its latest version)
 *
 * Asks, then removes that version; an earlier one, if any, is shown in
 * its place.
 */
void
rapport_attachments_remove (RapportAttachments *self,
                            gint64              id)
{
  GtkRoot *root;
  GtkWidget *dialog;
  const char *name;

  g_return_if_fail (RAPPORT_IS_ATTACHMENTS (self));

  if ((name = name_of (self, id)) == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove “%s”?"), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("This version leaves the record; its removal is kept in the audit trail, "
                                 "and an earlier version, if any, is shown again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "rapport-attachment-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_answered), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_attachments_dispose (GObject *object)
{
  RapportAttachments *self = RAPPORT_ATTACHMENTS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->pending, pending_free);
  g_clear_pointer (&self->sending_path, g_free);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_clear_pointer (&self->saved_path, g_free);
  g_clear_pointer (&self->uploading, g_free);
  G_OBJECT_CLASS (rapport_attachments_parent_class)->dispose (object);
}

static void
rapport_attachments_class_init (RapportAttachmentsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_attachments_dispose;

  /**
   * RapportAttachments::record-changed:
   *
   * Never emitted: a file attached or removed does not change the record.
   * It is declared as every widget above a record's form declares it.
   */
  g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_attachments_init (RapportAttachments *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  GtkWidget *content = adw_button_content_new ();

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->types = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_queue_init (&self->pending);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Attachments"));
  adw_preferences_group_set_description (self->group,
                                         _("PDF, images, Office documents and text; a file attached again under "
                                           "its name is its next version"));
  self->attach = gtk_button_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Attach…"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (self->attach), content);
  gtk_widget_set_valign (self->attach, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->group, self->attach);
  g_signal_connect_swapped (self->attach, "clicked", G_CALLBACK (on_attach), self);
  self->empty = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty), _("No files yet: drop files here or choose Attach"));
  gtk_widget_add_css_class (self->empty, "dim-label");
  adw_preferences_group_add (self->group, self->empty);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  update_sensitive (self);
}

/**
 * rapport_attachments_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the attachments, hidden until they have a
 *   stored record
 */
GtkWidget *
rapport_attachments_new (RapportApi *api)
{
  RapportAttachments *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_ATTACHMENTS, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_attachments_set_entity:
 * @self: the attachments
 * @entity: the record as loaded or saved
 *
 * Reads its files; a record not yet stored shows none.
 */
void
rapport_attachments_set_entity (RapportAttachments *self,
                                CrmEntity          *entity)
{
  gboolean same;

  g_return_if_fail (RAPPORT_IS_ATTACHMENTS (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  same = self->entity != NULL && crm_entity_get_id (self->entity) == crm_entity_get_id (entity);
  g_set_object (&self->entity, entity);
  gtk_widget_set_visible (GTK_WIDGET (self), crm_entity_get_id (entity) > 0);
  update_sensitive (self);
  /* saving the record does not change its files */
  if (crm_entity_get_id (entity) > 0 && (!same || self->rows->len == 0))
    load (self);
}

/**
 * rapport_attachments_reload:
 * @self: the attachments
 *
 * Reads the record's files again.
 */
void
rapport_attachments_reload (RapportAttachments *self)
{
  g_return_if_fail (RAPPORT_IS_ATTACHMENTS (self));

  if (self->entity != NULL && crm_entity_get_id (self->entity) > 0)
    load (self);
}

/**
 * rapport_attachments_get_busy:
 *
 * Returns: whether a read, an upload, a download or a removal is on its way
 */
gboolean
rapport_attachments_get_busy (RapportAttachments *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENTS (self), FALSE);

  return self->busy > 0 || !g_queue_is_empty (&self->pending);
}

/**
 * rapport_attachments_get_n_files:
 *
 * Returns: the names shown
 */
guint
rapport_attachments_get_n_files (RapportAttachments *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENTS (self), 0);

  return self->rows->len;
}

/**
 * rapport_attachments_get_file_id:
 * @name: a file's name
 *
 * Returns: the id of its latest version shown, 0 if none
 */
gint64
rapport_attachments_get_file_id (RapportAttachments *self,
                                 const char         *name)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENTS (self), 0);

  return (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (self->ids, name));
}

/**
 * rapport_attachments_get_saved_path:
 *
 * Returns: (nullable): where the file last opened was saved
 */
const char *
rapport_attachments_get_saved_path (RapportAttachments *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENTS (self), NULL);

  return self->saved_path;
}

/**
 * rapport_attachments_get_attach_button:
 *
 * Returns: (transfer none): the button that chooses files to attach
 */
GtkWidget *
rapport_attachments_get_attach_button (RapportAttachments *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENTS (self), NULL);

  return self->attach;
}
