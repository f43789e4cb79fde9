/* rapport-audit-page.c: RapportAuditPage, the audit trail for auditors and administrators, filtered by kind, record, action, user and dates */
#include "rapport-audit-page.h"
#include "widgets/rapport-audit-row.h"
#include "widgets/rapport-entity-picker.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#define PAGE_SIZE 50

struct _RapportAuditPage
{
  GtkWidget     parent_instance;

  GtkDropDown  *entity_filter;
  GtkDropDown  *action_filter;
  GtkMenuButton *record_button;
  GtkLabel     *record_label;
  GtkWidget    *record_clear;
  GtkDropDown  *user_filter;
  GtkEntry     *from_filter;
  GtkEntry     *to_filter;
  GtkLabel     *error_label;
  GtkListBox   *rows;
  GtkWidget    *more_button;

  RapportApi   *api;
  GCancellable *cancellable;
  char         *next;
  guint         n_rows;
  /* the record picked for the filter, 0 for any */
  gint64        record_id;
  /* the users the filter offers after "Any user", by id */
  GArray       *user_ids;
  /* the users' list, fetched once */
  GCancellable *users_cancellable;
};

G_DEFINE_FINAL_TYPE (RapportAuditPage, rapport_audit_page, GTK_TYPE_WIDGET)

/* what the trail records, as the filter offers it */
static const char * const actions[] = {
  "create", "update", "archive", "restore", "share", "unshare", "sign_in_failed", "password_change",
  "password_reset", "unlock", "end_sessions", "deactivate", "legal_hold", "restrict", "erase",
  "export_personal_data", "print", "export", "attachment_upload", "attachment_download", "attachment_remove",
  "attachment_remove_held", "message", "merge",
};

static void
page_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportAuditPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    gtk_list_box_append (self->rows, rapport_audit_row_new (json_array_get_object_element (items, i), TRUE));
  self->n_rows += items ? json_array_get_length (items) : 0;
  g_free (self->next);
  self->next = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "next", NULL));
  gtk_widget_set_visible (self->more_button, self->next != NULL);
}

static gboolean
add_date (GString    *path,
          const char *name,
          GtkEntry   *entry,
          const char *time_of_day)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *iso = NULL;
  gint64 usec;

  if (text[0] == '\0')
    return TRUE;
  iso = g_strdup_printf ("%sT%sZ", text, time_of_day);
  if (!crm_json_parse_timestamp (iso, &usec))
    return FALSE;
  g_string_append_printf (path, "&%s=%s", name, iso);
  return TRUE;
}

/* the filters as a query string after @base; FALSE when a date is malformed */
static gboolean
filter_path (RapportAuditPage *self,
             GString          *path)
{
  guint entity = gtk_drop_down_get_selected (self->entity_filter);
  guint action = gtk_drop_down_get_selected (self->action_filter);
  guint user = gtk_drop_down_get_selected (self->user_filter);

  if (entity != GTK_INVALID_LIST_POSITION && entity > 0)
    {
      guint n_types;
      const GType *types = crm_entities_list (&n_types);
      CrmEntityClass *klass = g_type_class_peek (types[entity - 1]);

      g_string_append_printf (path, "&entity=%s", klass->entity_name);
      if (self->record_id > 0)
        g_string_append_printf (path, "&record=%" G_GINT64_FORMAT, self->record_id);
    }
  if (action != GTK_INVALID_LIST_POSITION && action > 0)
    g_string_append_printf (path, "&action=%s", actions[action - 1]);
  if (user != GTK_INVALID_LIST_POSITION && user > 0 && user - 1 < self->user_ids->len)
    g_string_append_printf (path, "&user=%" G_GINT64_FORMAT, g_array_index (self->user_ids, gint64, user - 1));
  if (!add_date (path, "from", self->from_filter, "00:00:00") || !add_date (path, "to", self->to_filter, "23:59:59"))
    {
      gtk_label_set_text (self->error_label, _("Dates are written like 2026-11-27"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return FALSE;
    }
  return TRUE;
}

static void
set_record (RapportAuditPage *self,
            gint64            id,
            const char       *label)
{
  self->record_id = id;
  gtk_label_set_text (self->record_label, id > 0 ? label : _("Any record"));
  gtk_widget_set_visible (self->record_clear, id > 0);
}

static void
on_record_chosen (RapportAuditPage *self,
                  CrmEntity        *record)
{
  g_autofree char *label = rapport_entity_describe (record);

  set_record (self, crm_entity_get_id (record), label);
  gtk_menu_button_popdown (self->record_button);
  rapport_audit_page_reload (self);
}

static void
on_record_cleared (RapportAuditPage *self)
{
  set_record (self, 0, NULL);
  rapport_audit_page_reload (self);
}

/* a record is picked among those of the kind chosen, by a search */
static void
on_kind_changed (RapportAuditPage *self)
{
  guint entity = gtk_drop_down_get_selected (self->entity_filter);
  RapportEntityPicker *picker = NULL;

  set_record (self, 0, NULL);
  if (self->api && entity != GTK_INVALID_LIST_POSITION && entity > 0)
    {
      guint n_types;
      const GType *types = crm_entities_list (&n_types);
      CrmEntityClass *klass = g_type_class_peek (types[entity - 1]);

      picker = rapport_entity_picker_new (self->api, klass->collection);
      g_signal_connect_object (picker, "chosen", G_CALLBACK (on_record_chosen), self, G_CONNECT_SWAPPED);
    }
  gtk_menu_button_set_popover (self->record_button, picker ? GTK_WIDGET (picker) : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->record_button), picker != NULL);
  rapport_audit_page_reload (self);
}

static void
users_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportAuditPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GtkStringList) names = NULL;
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      gtk_label_set_text (self->error_label, error ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
      return;
    }
  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("Any user"));
  g_array_set_size (self->user_ids, 0);
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (user, "id", 0);

      gtk_string_list_append (names, json_object_get_string_member_with_default (user, "name", ""));
      g_array_append_val (self->user_ids, id);
    }
  /* the filter is "Any user" again: nothing to reload */
  g_signal_handlers_block_by_func (self->user_filter, rapport_audit_page_reload, self);
  gtk_drop_down_set_model (self->user_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->user_filter, 0);
  g_signal_handlers_unblock_by_func (self->user_filter, rapport_audit_page_reload, self);
}

/**
 * rapport_audit_page_select_user:
 * @self: the page
 * @id: a user
 *
 * Filters the trail to what @id did, as picking them by name does.
 *
 * Returns: whether @id is among the users offered
 */
gboolean
rapport_audit_page_select_user (RapportAuditPage *self,
                                gint64            id)
{
  g_return_val_if_fail (RAPPORT_IS_AUDIT_PAGE (self), FALSE);

  for (guint i = 0; i < self->user_ids->len; i++)
    if (g_array_index (self->user_ids, gint64, i) == id)
      {
        gtk_drop_down_set_selected (self->user_filter, i + 1);
        return TRUE;
      }
  return FALSE;
}

/**
 * rapport_audit_page_select_record:
 * @self: the page
 * @record: a record, as the picker of the kind chosen gives it
 *
 * Filters the trail to what happened to @record, as picking it does.
 */
void
rapport_audit_page_select_record (RapportAuditPage *self,
                                  CrmEntity        *record)
{
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  g_return_if_fail (RAPPORT_IS_AUDIT_PAGE (self));
  g_return_if_fail (CRM_IS_ENTITY (record));

  for (guint i = 0; i < n_types; i++)
    if (types[i] == G_OBJECT_TYPE (record))
      gtk_drop_down_set_selected (self->entity_filter, i + 1);
  on_record_chosen (self, record);
}

/* whether the users to filter by are there */
gboolean
rapport_audit_page_get_users_loaded (RapportAuditPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_AUDIT_PAGE (self), FALSE);

  return self->user_ids->len > 0;
}

static void
fetch (RapportAuditPage *self)
{
  g_autoptr(GString) path = g_string_new (NULL);

  g_string_append_printf (path, "/audit?limit=%d", PAGE_SIZE);
  if (!filter_path (self, path))
    return;
  if (self->next)
    g_string_append_printf (path, "&after=%s", self->next);
  rapport_api_request_async (self->api, "GET", path->str, NULL, self->cancellable, page_loaded, self);
}

/* the filters changed: the newest matching entries, afresh */
void
rapport_audit_page_reload (RapportAuditPage *self)
{
  GtkWidget *child;

  if (self->api == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_list_box_remove (self->rows, child);
  self->n_rows = 0;
  g_clear_pointer (&self->next, g_free);
  fetch (self);
}

static void
on_more_clicked (RapportAuditPage *self)
{
  fetch (self);
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *text = NULL;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  text = crm_json_to_string (node);
  if (!g_file_replace_contents (g_task_get_task_data (task), text, strlen (text), NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rapport_audit_page_export_async:
 * @self: the page
 * @file: where to save
 * @callback: called when saved
 * @user_data: for @callback
 *
 * Saves every entry matching the filters, as JSON. The server audits the export.
 */
void
rapport_audit_page_export_async (RapportAuditPage    *self,
                                 GFile               *file,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/audit/export?all=true");
  GTask *task = g_task_new (self, self->cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  if (!filter_path (self, path))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", gtk_label_get_text (self->error_label));
      g_object_unref (task);
      return;
    }
  rapport_api_request_async (self->api, "GET", path->str, NULL, self->cancellable, exported, task);
}

gboolean
rapport_audit_page_export_finish (RapportAuditPage  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportAuditPage *self = RAPPORT_AUDIT_PAGE (source);
  g_autoptr(GError) error = NULL;
  gboolean saved = rapport_audit_page_export_finish (self, result, &error);

  /* cancelled: the page is gone or its filters changed, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_text (self->error_label, saved ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !saved);
}

static void
export_chosen (GtkNativeDialog  *dialog,
               int               response,
               RapportAuditPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      rapport_audit_page_export_async (self, file, export_done, NULL);
    }
  g_object_unref (dialog);
}

static void
on_export_clicked (RapportAuditPage *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export the Audit Trail"),
                                                              GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "rapport-audit.json");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

guint
rapport_audit_page_get_n_rows (RapportAuditPage *self)
{
  return self->n_rows;
}

static void
rapport_audit_page_dispose (GObject *object)
{
  RapportAuditPage *self = RAPPORT_AUDIT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_AUDIT_PAGE);
  /* the template's top widget has no id: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->next, g_free);
  g_clear_pointer (&self->user_ids, g_array_unref);
  G_OBJECT_CLASS (rapport_audit_page_parent_class)->dispose (object);
}

static void
rapport_audit_page_class_init (RapportAuditPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_audit_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, entity_filter);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, action_filter);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, record_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, record_clear);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, user_filter);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, from_filter);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, to_filter);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, rows);
  gtk_widget_class_bind_template_child (widget_class, RapportAuditPage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, rapport_audit_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_record_cleared);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_audit_page_init (RapportAuditPage *self)
{
  g_autoptr(GtkStringList) entities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) action_names = gtk_string_list_new (NULL);
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->users_cancellable = g_cancellable_new ();
  gtk_drop_down_set_expression (self->user_filter,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_list_append (entities, _("Any kind of record"));
  for (guint i = 0; i < n_types; i++)
    gtk_string_list_append (entities, g_dgettext (GETTEXT_PACKAGE, ((CrmEntityClass *) g_type_class_peek (types[i]))->label));
  gtk_string_list_append (action_names, _("Any action"));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_string_list_append (action_names, rapport_audit_action_label (actions[i]));
  gtk_drop_down_set_model (self->entity_filter, G_LIST_MODEL (entities));
  gtk_drop_down_set_model (self->action_filter, G_LIST_MODEL (action_names));
}

/**
 * rapport_audit_page_new:
 * @api: a signed-in client of an auditor or administrator
 *
 * Returns: (transfer floating): the page, showing the newest entries
 */
RapportAuditPage *
rapport_audit_page_new (RapportApi *api)
{
  RapportAuditPage *self = g_object_new (RAPPORT_TYPE_AUDIT_PAGE, NULL);

  self->api = g_object_ref (api);
  rapport_api_request_async (api, "GET", "/users?limit=500&sort=name", NULL, self->users_cancellable, users_loaded, self);
  rapport_audit_page_reload (self);
  return self;
}
