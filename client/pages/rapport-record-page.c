/* rapport-record-page.c: RapportRecordPage, one record: its form, save with its version, others' changes, archive, sharing and transfer */
#include "rapport-record-page-private.h"
#include "rapport-window.h"
#include "widgets/rapport-discard-dialog.h"
#include "widgets/rapport-save-button.h"
#include "widgets/rapport-share-dialog.h"
#include "widgets/rapport-transfer-dialog.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (RapportRecordPage, rapport_record_page, GTK_TYPE_WIDGET)

enum
{
  CLOSED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CrmEntityClass *
entity_class (RapportRecordPage *self)
{
  return g_type_class_peek (self->entity_type);
}

char *
rapport_record_page_path (RapportRecordPage *self,
                          const char        *suffix)
{
  return g_strdup_printf ("/%s/%" G_GINT64_FORMAT "%s", entity_class (self)->collection, self->id,
                          suffix ? suffix : "");
}

static void
toast (RapportRecordPage *self,
       AdwToast          *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error (RapportRecordPage *self,
            const GError      *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  rapport_entity_form_clear_errors (self->form);
  if (error)
    rapport_entity_form_show_error (self->form, crm_error_get_field (error));
}

void
rapport_record_page_show_error (RapportRecordPage *self,
                                const GError      *error)
{
  show_error (self, error);
}

/* sharing and transfers, for records with an owner, as far as the role allows (the server decides) */
static void
update_access_actions (RapportRecordPage *self)
{
  const char *role = rapport_api_get_user_role (self->api);
  gboolean owned = crm_entity_class_find_owner (entity_class (self)) >= 0;
  gboolean may_change = self->id != 0 && owned && !g_str_equal (role, "auditor");

  gtk_widget_set_visible (self->more_button, may_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.share", may_change);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.transfer",
                                 may_change && g_strv_contains ((const char * const[]) { "admin", "director", "manager", NULL },
                                                                role));
}

static void
update_title (RapportRecordPage *self)
{
  CrmEntityClass *klass = entity_class (self);
  int name = crm_entity_class_find_title (klass);
  const char *text = self->entity && name >= 0 ? crm_entity_value (self->entity, name)->s : NULL;

  g_free (self->title);
  if (self->id == 0)
    /* TRANSLATORS: the title of a record being created, e.g. "New Account" */
    self->title = g_strdup_printf (_("New %s"), g_dgettext (GETTEXT_PACKAGE, klass->label));
  else
    self->title = g_strdup (text ? text : "");
  gtk_label_set_text (self->title_label, self->title);
  gtk_widget_set_visible (self->archive_button, self->id != 0);
  update_access_actions (self);
  rapport_record_page_update_actions (self);

  if (self->entity && self->id != 0)
    {
      guint n_fields;
      const CrmFieldSpec *fields = crm_entity_get_fields (self->entity, &n_fields);
      g_autofree char *updated = crm_format_value (&fields[CRM_ENTITY_FIELD_UPDATED_AT],
                                                   crm_entity_value (self->entity, CRM_ENTITY_FIELD_UPDATED_AT));
      g_autofree char *meta = g_strdup_printf (_("Version %lld · last changed %s%s"),
                                               (long long) crm_entity_get_version (self->entity), updated,
                                               crm_entity_get_bool (self->entity, "archived") ? _(" · archived") : "");
      gtk_label_set_text (self->meta_label, meta);
    }
  else
    gtk_label_set_text (self->meta_label, "");
}

/* others are told while the form has unsaved edits */
static void
update_presence (RapportRecordPage *self)
{
  rapport_record_presence_set_editing (self->presence, self->id != 0 && rapport_entity_form_is_dirty (self->form));
}

static void
set_entity (RapportRecordPage *self,
            CrmEntity         *entity)
{
  g_set_object (&self->entity, entity);
  self->id = crm_entity_get_id (entity);
  rapport_record_watch_set_record (self->watch, self->id, crm_entity_get_version (entity));
  gtk_revealer_set_reveal_child (self->change_banner, FALSE);
  rapport_entity_form_set_entity (self->form, entity);
  rapport_entity_form_freeze (self->form, entity);
  rapport_record_presence_set_record (self->presence, self->id);
  update_presence (self);
  gtk_stack_set_visible_child_name (self->state_stack, "form");
  update_title (self);
  rapport_record_page_update_extra (self);
  rapport_record_page_update_timeline (self);
}

/* Save is the suggested action only while there is something to save */
static void
update_save_button (RapportRecordPage *self)
{
  rapport_save_button_set_unsaved (self->save_button, rapport_entity_form_is_dirty (self->form));
}

/* a record opens on its first field, where typing begins, never on Archive;
 * after the stack has moved the focus into the page it shows */
static gboolean
focus_first_field (gpointer user_data)
{
  RapportRecordPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  self->focus_source = 0;
  /* typing already went into a field, or into a widget above the form (a
   * case's reply): it stays there */
  if (focus && (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->form)) ||
                (self->extra != NULL && gtk_widget_is_ancestor (focus, self->extra))))
    return G_SOURCE_REMOVE;
  rapport_entity_form_focus_first (self->form);
  return G_SOURCE_REMOVE;
}

static void
queue_focus_first_field (RapportRecordPage *self)
{
  if (self->focus_source == 0)
    self->focus_source = g_idle_add (focus_first_field, self);
}

static void
rapport_record_page_map (GtkWidget *widget)
{
  RapportRecordPage *self = RAPPORT_RECORD_PAGE (widget);

  GTK_WIDGET_CLASS (rapport_record_page_parent_class)->map (widget);
  if (self->id == 0 || self->entity != NULL)
    queue_focus_first_field (self);
}

static CrmEntity *
entity_from_node (RapportRecordPage  *self,
                  JsonNode           *node,
                  GError            **error)
{
  g_autoptr(CrmEntity) entity = crm_entity_new (self->entity_type);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !crm_json_read_entity (entity, json_node_get_object (node), error))
    return NULL;
  return g_steal_pointer (&entity);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) entity = NULL;
  gboolean first;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  entity = node ? entity_from_node (self, node, &error) : NULL;
  if (entity == NULL)
    {
      show_error (self, error);
      return;
    }
  show_error (self, NULL);
  first = self->entity == NULL;
  set_entity (self, entity);
  if (first && gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_focus_first_field (self);
  rapport_record_page_load_history (self);
}

void
rapport_record_page_reload (RapportRecordPage *self)
{
  g_autofree char *path = NULL;

  if (self->id == 0)
    return;
  path = rapport_record_page_path (self, NULL);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

/* Someone saved the record shown: without edits here it is loaded
 * again in place; with edits, the banner says who and when, and offers
 * to reload (saving instead meets the version conflict as usual). */
static void
on_changed_elsewhere (RapportRecordPage *self,
                      const char        *action,
                      gint64             actor_id,
                      const char        *actor_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autofree char *text = NULL;

  if (self->saving)
    return;
  if (!rapport_entity_form_is_dirty (self->form))
    {
      rapport_record_page_reload (self);
      return;
    }
  /* missed changes, if any, come to light when saving */
  if (g_str_equal (action, "reload"))
    return;
  /* TRANSLATORS: a banner on a record being edited: “Changed by Wang Fang at 14:05” */
  text = g_strdup_printf (_("Changed by %s at %s"), actor_name ? actor_name : _("someone else"), time);
  gtk_label_set_text (self->change_label, text);
  gtk_revealer_set_reveal_child (self->change_banner, TRUE);
}

static void
conflict_response (AdwMessageDialog  *dialog,
                   const char        *response,
                   RapportRecordPage *self)
{
  CrmEntity *latest = g_object_get_data (G_OBJECT (dialog), "latest");

  if (g_str_equal (response, "discard"))
    set_entity (self, latest);
  else
    {
      /* keep what was typed, now based on the version saved meanwhile */
      g_set_object (&self->entity, latest);
      rapport_record_watch_set_record (self->watch, self->id, crm_entity_get_version (latest));
      gtk_revealer_set_reveal_child (self->change_banner, FALSE);
      rapport_entity_form_rebase (self->form, latest);
      update_title (self);
    }
}

static void
latest_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) latest = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((latest = node ? entity_from_node (self, node, &error) : NULL) == NULL)
    {
      show_error (self, error);
      return;
    }
  body = g_strdup_printf (_("%s\n\nYour changes are still here. Keep them to review and save them on top of "
                            "the current version, or discard them and load the current version."),
                          gtk_label_get_text (self->error_label));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Someone Else Changed This Record"), body));
  adw_message_dialog_add_responses (dialog, "discard", _("_Discard My Changes"),
                                    "keep", _("_Keep My Changes"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "latest", g_steal_pointer (&latest), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) entity = NULL;
  gboolean was_new;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  entity = node ? entity_from_node (self, node, &error) : NULL;
  if (entity == NULL)
    {
      show_error (self, error);
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT) && self->id != 0)
        {
          g_autofree char *path = rapport_record_page_path (self, NULL);
          rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, latest_loaded, self);
        }
      return;
    }

  rapport_retry_key_clear (&self->create_key);
  show_error (self, NULL);
  was_new = self->id == 0;
  set_entity (self, entity);
  /* a record saved for the first time shows at once what may point at
   * it (an account's contacts), above its history */
  if (was_new && self->id != 0)
    {
      rapport_record_page_build_children (self);
      gtk_box_reorder_child_after (GTK_BOX (self->form_box), self->history_group,
                                   gtk_widget_get_last_child (self->form_box));
    }
  rapport_record_page_load_history (self);
  toast (self, adw_toast_new (_("Saved")));
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * rapport_record_page_send_create:
 * @self: the page of a new record
 * @body: the record
 * @reason: (nullable): why it is saved although it may be a duplicate
 *
 * Sends the create; the answer is handled as any save's.
 */
void
rapport_record_page_send_create (RapportRecordPage *self,
                                 JsonNode          *body,
                                 const char        *reason)
{
  g_autofree char *path = g_strdup_printf ("/%s", entity_class (self)->collection);
  const char *key = rapport_retry_key_for (&self->create_key, body);

  if (reason != NULL)
    rapport_api_post_with_reason_async (self->api, path, body, key, reason, self->cancellable, saved, self);
  else
    rapport_api_post_async (self->api, path, body, key, self->cancellable, saved, self);
}

/* a save that stopped before it was sent (a duplicate's dialog cancelled) */
void
rapport_record_page_end_saving (RapportRecordPage *self)
{
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

static void
apply_preset (RapportRecordPage *self,
              CrmEntity         *patch)
{
  g_autoptr(JsonNode) node = NULL;

  if (self->preset == NULL)
    return;
  node = json_gvariant_serialize (self->preset);
  crm_json_read_entity (patch, json_node_get_object (node), NULL);
}

/**
 * rapport_record_page_save:
 * @self: the page
 *
 * Checks the changes with the same rules as the server, then sends them
 * with the version they were made on.
 */
void
rapport_record_page_save (RapportRecordPage *self)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (self->entity_type);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  gboolean changed;

  if (self->saving || (self->id != 0 && self->entity == NULL))
    return;
  changed = rapport_entity_form_fill_changes (self->form, patch);
  if (!changed && self->id != 0)
    {
      toast (self, adw_toast_new (_("No changes to save")));
      return;
    }
  if (self->id == 0)
    {
      rapport_entity_form_fill_defaults (self->form, patch);
      apply_preset (self, patch);
    }
  if (!crm_entity_validate (patch, self->id ? CRM_VALIDATE_PATCH : CRM_VALIDATE_CREATE, &error))
    {
      show_error (self, error);
      return;
    }

  if (self->id != 0)
    crm_entity_set_version (patch, crm_entity_get_version (self->entity));
  body = crm_json_from_entity_set (patch);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  if (self->id == 0)
    rapport_record_page_create (self, body);
  else
    {
      g_autofree char *path = rapport_record_page_path (self, NULL);
      rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, saved, self);
    }
}

static void
restored (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) list_owner = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  GtkRoot *root = gtk_widget_get_root (list_owner);

  if (node == NULL && RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), adw_toast_new (error->message));
  else if (RAPPORT_IS_WINDOW (root))
    gtk_widget_activate_action (GTK_WIDGET (root), "win.reload", NULL);
}

typedef struct
{
  RapportApi *api;
  char       *path;
  GtkWidget  *window;
} Undo;

static void
undo_free (Undo *undo)
{
  g_object_unref (undo->api);
  g_free (undo->path);
  g_object_unref (undo->window);
  g_free (undo);
}

static void
undo_archive (AdwToast *toast,
              Undo     *undo)
{
  rapport_api_request_async (undo->api, "POST", undo->path, NULL, NULL, restored, g_object_ref (undo->window));
}

static void
archived (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(RapportRecordPage) keep = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root;
  AdwToast *notice;
  Undo *undo;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      show_error (self, error);
      return;
    }

  /* closing the page below lets it go */
  keep = g_object_ref (self);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* TRANSLATORS: a toast after archiving, e.g. “Acme Ltd” archived */
  message = g_strdup_printf (_("“%s” archived"), self->title);
  notice = adw_toast_new (message);
  adw_toast_set_button_label (notice, _("_Undo"));
  adw_toast_set_priority (notice, ADW_TOAST_PRIORITY_HIGH);
  undo = g_new0 (Undo, 1);
  undo->api = g_object_ref (self->api);
  undo->path = rapport_record_page_path (self, "/restore");
  undo->window = g_object_ref (GTK_WIDGET (root));
  g_signal_connect_data (notice, "button-clicked", G_CALLBACK (undo_archive), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  toast (self, notice);
  g_signal_emit (self, signals[CHANGED], 0);
  g_signal_emit (self, signals[CLOSED], 0);
}

void
rapport_record_page_archive (RapportRecordPage *self)
{
  g_autofree char *suffix = NULL;
  g_autofree char *path = NULL;

  if (self->id == 0 || self->entity == NULL)
    return;
  suffix = g_strdup_printf ("?version=%lld", (long long) crm_entity_get_version (self->entity));
  path = rapport_record_page_path (self, suffix);
  rapport_api_request_async (self->api, "DELETE", path, NULL, self->cancellable, archived, self);
}

static void
discard_and_close (GObject   *owner,
                   CrmEntity *wanted)
{
  g_signal_emit (owner, signals[CLOSED], 0);
}

/* leaves the page, asking first when there are unsaved changes */
void
rapport_record_page_close (RapportRecordPage *self)
{
  g_return_if_fail (RAPPORT_IS_RECORD_PAGE (self));

  if (!rapport_entity_form_is_dirty (self->form))
    {
      g_signal_emit (self, signals[CLOSED], 0);
      return;
    }
  rapport_discard_dialog_present (GTK_WIDGET (self), _("What you changed on this record has not been saved."), NULL,
                                  discard_and_close);
}

static void
share_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  RapportRecordPage *self = RAPPORT_RECORD_PAGE (widget);

  if (self->id != 0)
    gtk_window_present (GTK_WINDOW (rapport_share_dialog_new (widget, self->api, entity_class (self)->collection,
                                                              self->id, self->title)));
}

static void
transferred (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  RapportTransferDialog *dialog = RAPPORT_TRANSFER_DIALOG (source);
  g_autoptr(GError) error = NULL;
  gint64 n = rapport_transfer_dialog_transfer_finish (dialog, result, &error);
  g_autofree char *message = NULL;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n < 0)
    {
      show_error (self, error);
      return;
    }
  message = g_strdup_printf (_("“%s” transferred to %s"), self->title, rapport_transfer_dialog_get_owner_label (dialog));
  toast (self, adw_toast_new (message));
  rapport_record_page_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
transfer_response (RapportTransferDialog *dialog,
                   const char            *response,
                   RapportRecordPage     *self)
{
  if (g_str_equal (response, "transfer"))
    rapport_transfer_dialog_transfer_async (dialog, entity_class (self)->collection, &self->id, 1, self->cancellable,
                                            transferred, self);
}

static void
transfer_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  RapportRecordPage *self = RAPPORT_RECORD_PAGE (widget);
  int owner = crm_entity_class_find_owner (entity_class (self));
  RapportTransferDialog *dialog;

  if (self->id == 0 || self->entity == NULL || owner < 0)
    return;
  dialog = rapport_transfer_dialog_new (widget, self->api, crm_entity_value (self->entity, owner)->i, TRUE);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Transfer “%s”?"), self->title);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The new owner takes the record over. The reason is kept in its history."));
  g_signal_connect_object (dialog, "response", G_CALLBACK (transfer_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_record_page_dispose (GObject *object)
{
  RapportRecordPage *self = RAPPORT_RECORD_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->focus_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_RECORD_PAGE);
  /* the template's top widget has no id: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* gone with the template's widgets */
  self->form = NULL;
  self->history_group = NULL;
  self->history_list = NULL;
  self->extra = NULL;
  g_clear_object (&self->watch);
  /* closed, saved or not: the others are told we stopped */
  if (self->presence)
    rapport_record_presence_set_editing (self->presence, FALSE);
  g_clear_object (&self->presence);
  self->presence_banner = NULL;
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->preset, g_variant_unref);
  g_clear_pointer (&self->title, g_free);
  rapport_retry_key_clear (&self->create_key);
  G_OBJECT_CLASS (rapport_record_page_parent_class)->dispose (object);
}

static void
rapport_record_page_class_init (RapportRecordPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_record_page_dispose;
  widget_class->map = rapport_record_page_map;

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RAPPORT_TYPE_PRESENCE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-record-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, presence_banner);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, change_banner);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, change_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordPage, change_reload_button);
  gtk_widget_class_bind_template_callback (widget_class, rapport_record_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, rapport_record_page_save);
  gtk_widget_class_bind_template_callback (widget_class, rapport_record_page_archive);
  gtk_widget_class_install_action (widget_class, "record.share", NULL, share_activated);
  gtk_widget_class_install_action (widget_class, "record.transfer", NULL, transfer_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_record_page_init (RapportRecordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * rapport_record_page_new:
 * @api: the signed-in client
 * @entity_type: a #CrmEntity subtype
 * @id: the record, or 0 to create one
 * @preset: (nullable): for a new record, values as an a{sv} of JSON keys
 *
 * Returns: (transfer floating): the page; an existing record is fetched
 */
RapportRecordPage *
rapport_record_page_new (RapportApi *api,
                         GType       entity_type,
                         gint64      id,
                         GVariant   *preset)
{
  RapportRecordPage *self = g_object_new (RAPPORT_TYPE_RECORD_PAGE, NULL);

  self->api = g_object_ref (api);
  self->entity_type = entity_type;
  self->id = id;
  self->preset = preset ? g_variant_ref_sink (preset) : NULL;
  self->form = rapport_entity_form_new_with_api (entity_type, api, preset);
  self->watch = rapport_record_watch_new (api, entity_class (self)->entity_name);
  rapport_record_watch_set_record (self->watch, id, G_MAXINT64);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_changed_elsewhere), self, G_CONNECT_SWAPPED);
  self->presence = rapport_record_presence_new (api, entity_class (self)->collection, entity_class (self)->entity_name);
  rapport_presence_banner_set_presence (self->presence_banner, self->presence);
  gtk_box_append (GTK_BOX (self->form_box), GTK_WIDGET (self->form));
  g_signal_connect_object (self->form, "changed", G_CALLBACK (update_presence), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "changed", G_CALLBACK (update_save_button), self, G_CONNECT_SWAPPED);
  update_save_button (self);
  rapport_record_page_build_extra (self);
  rapport_record_page_build_children (self);
  rapport_record_page_build_history (self);
  rapport_record_page_build_actions (self);
  update_title (self);

  if (id == 0)
    gtk_stack_set_visible_child_name (self->state_stack, "form");
  else
    rapport_record_page_reload (self);
  return self;
}

const char *
rapport_record_page_get_title (RapportRecordPage *self)
{
  return self->title;
}

/**
 * rapport_record_page_get_entity:
 *
 * Returns: (transfer none) (nullable): the record as last loaded or saved
 */
CrmEntity *
rapport_record_page_get_entity (RapportRecordPage *self)
{
  return self->entity;
}

RapportEntityForm *
rapport_record_page_get_form (RapportRecordPage *self)
{
  return self->form;
}
