/* rapport-admin-mailboxes-page.c: RapportAdminMailboxesPage, the service queues' mailboxes: list, make, change, read now, delete */
#include "rapport-admin-mailboxes-page.h"
#include "rapport-json-items.h"
#include "rapport-window.h"
#include "widgets/rapport-confirm-dialog.h"
#include "widgets/rapport-mailbox-form.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportAdminMailboxesPage
{
  GtkWidget     parent_instance;

  GtkLabel     *error_label;
  GtkStack     *view_stack;
  GtkListBox   *list_box;

  RapportApi   *api;
  GCancellable *cancellable;
  /* one GObject a mailbox, its JSON object as "mailbox" */
  GListStore   *mailboxes;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (RapportAdminMailboxesPage, rapport_admin_mailboxes_page, GTK_TYPE_WIDGET)

static void edit_mailbox (RapportAdminMailboxesPage *self,
                          JsonObject                *mailbox,
                          JsonObject                *typed,
                          const char                *problem);

static JsonObject *
mailbox_of (gpointer item)
{
  return rapport_json_items_get (item, "mailbox");
}

static void
show_error (RapportAdminMailboxesPage *self,
            const GError              *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%x %H:%M") : g_strdup (iso);
}

/* where it reads, whether it sends, and how its last reading went */
static char *
describe (JsonObject *mailbox)
{
  const char *imap = json_object_get_string_member_with_default (mailbox, "imap_url", "");
  const char *smtp = json_object_get_string_member_with_default (mailbox, "smtp_url", NULL);
  const char *polled = json_object_get_string_member_with_default (mailbox, "last_polled_at", NULL);
  const char *failure = json_object_get_string_member_with_default (mailbox, "last_error", NULL);
  g_autofree char *state = NULL;
  g_autofree char *sends = NULL;

  if (!json_object_get_boolean_member_with_default (mailbox, "active", TRUE))
    state = g_strdup (_("switched off"));
  else if (failure != NULL && failure[0] != '\0')
    /* TRANSLATORS: %s is why a mailbox could not be read, as the mail server or the network said */
    state = g_strdup_printf (_("last reading failed: %s"), failure);
  else if (polled != NULL)
    {
      g_autofree char *when = local_time (polled);

      /* TRANSLATORS: %s is a date and time */
      state = g_strdup_printf (_("read %s"), when);
    }
  else
    state = g_strdup (_("not read yet"));
  sends = smtp && smtp[0] ? g_strdup_printf (_("replies from %s"), json_object_get_string_member_with_default (mailbox, "from_address", ""))
                          : g_strdup (_("does not send"));
  /* TRANSLATORS: a mailbox's IMAP address, whether it sends replies, and how its last reading went */
  return g_strdup_printf (_("%s · %s · %s"), imap, sends, state);
}

static void on_read_clicked   (GtkButton *button,
                               gpointer   user_data);
static void on_edit_clicked   (GtkButton *button,
                               gpointer   user_data);
static void on_delete_clicked (GtkButton *button,
                               gpointer   user_data);

static void
add_button (GtkWidget  *row,
            gpointer    item,
            const char *label,
            const char *tooltip,
            const char *css_class,
            GCallback   callback,
            gpointer    user_data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  g_object_set_data_full (G_OBJECT (button), "item", g_object_ref (item), g_object_unref);
  g_signal_connect (button, "clicked", callback, user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  JsonObject *mailbox = mailbox_of (item);
  g_autofree char *subtitle = describe (mailbox);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member_with_default (mailbox, "name", ""));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  add_button (row, item, _("_Read Now"), _("Read the mailbox’s new messages now"), NULL, G_CALLBACK (on_read_clicked), user_data);
  add_button (row, item, _("_Edit…"), _("Change the mailbox’s settings"), NULL, G_CALLBACK (on_edit_clicked), user_data);
  add_button (row, item, _("_Delete…"), _("Delete the mailbox, or switch it off once it has read mail"), "destructive-action",
              G_CALLBACK (on_delete_clicked), user_data);
  return row;
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  show_error (self, error);
  if (node == NULL)
    return;
  gtk_stack_set_visible_child_name (self->view_stack,
                                    rapport_json_items_replace (self->mailboxes, node, "mailbox") > 0 ? "list" : "empty");
}

void
rapport_admin_mailboxes_page_reload (RapportAdminMailboxesPage *self)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_MAILBOXES_PAGE (self));

  if (self->api == NULL)
    return;
  self->busy = TRUE;
  rapport_api_request_async (self->api, "GET", "/mailboxes", NULL, self->cancellable, loaded, self);
}

void
rapport_admin_mailboxes_page_set_api (RapportAdminMailboxesPage *self,
                                      RapportApi                *api)
{
  g_return_if_fail (RAPPORT_IS_ADMIN_MAILBOXES_PAGE (self));

  g_set_object (&self->api, api);
  rapport_admin_mailboxes_page_reload (self);
}

/**
 * rapport_admin_mailboxes_page_get_mailboxes:
 *
 * Returns: (transfer none): the mailboxes as listed, GObjects whose
 *   "mailbox" data is the mailbox's JSON object
 */
GListModel *
rapport_admin_mailboxes_page_get_mailboxes (RapportAdminMailboxesPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_MAILBOXES_PAGE (self), NULL);

  return G_LIST_MODEL (self->mailboxes);
}

/* whether a request of the page is under way */
gboolean
rapport_admin_mailboxes_page_get_busy (RapportAdminMailboxesPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADMIN_MAILBOXES_PAGE (self), FALSE);

  return self->busy;
}

/* what the dialog was sent with, kept to open it again on a refusal */
typedef struct
{
  RapportAdminMailboxesPage *self;
  JsonObject                *mailbox;
  JsonObject                *typed;
} Saving;

static void
saving_free (Saving *saving)
{
  g_clear_pointer (&saving->mailbox, json_object_unref);
  g_clear_pointer (&saving->typed, json_object_unref);
  g_free (saving);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Saving, saving_free)

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(Saving) saving = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportAdminMailboxesPage *self = saving->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (node == NULL)
    {
      /* the dialog again, as it was typed, with the server's reason */
      edit_mailbox (self, saving->mailbox, saving->typed, error->message);
      return;
    }
  rapport_window_toast_for (GTK_WIDGET (self), saving->mailbox ? _("The mailbox is changed") : _("The mailbox is made"));
  rapport_admin_mailboxes_page_reload (self);
}

static void
on_edit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  GtkWidget *form = g_object_get_data (G_OBJECT (dialog), "form");
  JsonObject *mailbox = g_object_get_data (G_OBJECT (dialog), "mailbox");
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  Saving *saving;

  if (g_strcmp0 (response, "save") != 0 || self->api == NULL)
    return;
  saving = g_new0 (Saving, 1);
  saving->self = self;
  saving->mailbox = mailbox ? json_object_ref (mailbox) : NULL;
  saving->typed = rapport_mailbox_form_read (form, mailbox);
  node = json_node_init_object (json_node_alloc (), saving->typed);
  self->busy = TRUE;
  if (mailbox != NULL)
    {
      path = g_strdup_printf ("/mailboxes/%" G_GINT64_FORMAT, json_object_get_int_member (mailbox, "id"));
      rapport_api_request_async (self->api, "PATCH", path, node, self->cancellable, saved, saving);
    }
  else
    rapport_api_request_async (self->api, "POST", "/mailboxes", node, self->cancellable, saved, saving);
}

static void
update_save (AdwMessageDialog *dialog)
{
  GtkWidget *form = g_object_get_data (G_OBJECT (dialog), "form");

  adw_message_dialog_set_response_enabled (dialog, "save",
                                           rapport_mailbox_form_is_complete (form, g_object_get_data (G_OBJECT (dialog), "mailbox") == NULL));
}

/* the members as typed before a refusal, over the mailbox's own */
static JsonObject *
merge_typed (JsonObject *mailbox,
             JsonObject *typed)
{
  JsonObject *shown = json_object_new ();
  g_autoptr(GList) members = NULL;

  for (guint round = 0; round < 2; round++)
    {
      JsonObject *from = round == 0 ? mailbox : typed;

      if (from == NULL)
        continue;
      members = json_object_get_members (from);
      for (GList *m = members; m != NULL; m = m->next)
        json_object_set_member (shown, m->data, json_node_copy (json_object_get_member (from, m->data)));
      g_clear_pointer (&members, g_list_free);
    }
  return shown;
}

static void
edit_mailbox (RapportAdminMailboxesPage *self,
              JsonObject                *mailbox,
              JsonObject                *typed,
              const char                *problem)
{
  static const char * const watched[] = { "name", "imap_url", "username", "password", "from_address" };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(JsonObject) shown = merge_typed (mailbox, typed);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              mailbox ? _("Change the Mailbox") : _("New Mailbox"),
                                              problem ? problem : _("A service queue reads its customers’ mail here over IMAP and answers over SMTP."));
  GtkWidget *form = rapport_mailbox_form_new (self->api, typed || mailbox ? shown : NULL, mailbox != NULL);

  if (typed != NULL && json_object_has_member (typed, "password"))
    gtk_editable_set_text (GTK_EDITABLE (rapport_mailbox_form_get_row (form, "password")),
                           json_object_get_string_member (typed, "password"));
  gtk_widget_set_name (dialog, problem ? "mailbox-refused" : "mailbox-dialog");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), form);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save",
                                    mailbox ? _("_Save") : _("_Make Mailbox"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "form", form);
  if (mailbox != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "mailbox", json_object_ref (mailbox), (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_swapped (rapport_mailbox_form_get_row (form, watched[i]), "changed", G_CALLBACK (update_save), dialog);
  g_signal_connect_swapped (rapport_mailbox_form_get_row (form, "team_id"), "notify::id", G_CALLBACK (update_save), dialog);
  g_signal_connect_swapped (rapport_mailbox_form_get_row (form, "fallback_account_id"), "notify::id", G_CALLBACK (update_save), dialog);
  update_save (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_edit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_mailbox (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  edit_mailbox (RAPPORT_ADMIN_MAILBOXES_PAGE (widget), NULL, NULL, NULL);
}

static void
on_edit_clicked (GtkButton *button,
                 gpointer   user_data)
{
  edit_mailbox (user_data, mailbox_of (g_object_get_data (G_OBJECT (button), "item")), NULL, NULL);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *said = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *counts = json_node_get_object (node);
      guint stored = json_object_get_int_member_with_default (counts, "stored", 0);

      /* TRANSLATORS: what reading a mailbox now did: the messages put on cases, those kept with an error, those seen before */
      said = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message taken, %u kept with an error, %u seen before",
                                           "%u messages taken, %u kept with an error, %u seen before", stored),
                              stored, (guint) json_object_get_int_member_with_default (counts, "errors", 0),
                              (guint) json_object_get_int_member_with_default (counts, "duplicates", 0));
    }
  rapport_window_toast_for (GTK_WIDGET (self), said ? said : error->message);
  rapport_admin_mailboxes_page_reload (self);
}

static void
on_read_clicked (GtkButton *button,
                 gpointer   user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  JsonObject *mailbox = mailbox_of (g_object_get_data (G_OBJECT (button), "item"));
  g_autofree char *path = g_strdup_printf ("/mailboxes/%" G_GINT64_FORMAT "/poll", json_object_get_int_member (mailbox, "id"));

  if (self->api == NULL)
    return;
  self->busy = TRUE;
  rapport_api_request_async (self->api, "POST", path, NULL, self->cancellable, read_done, self);
}

static void
deleted (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  rapport_window_toast_for (GTK_WIDGET (self), node == NULL && error != NULL ? error->message : _("The mailbox is deleted, or switched off if it had read mail"));
  rapport_admin_mailboxes_page_reload (self);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  g_autofree char *path = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->api == NULL)
    return;
  path = g_strdup_printf ("/mailboxes/%" G_GINT64_FORMAT,
                          json_object_get_int_member (mailbox_of (g_object_get_data (G_OBJECT (dialog), "item")), "id"));
  self->busy = TRUE;
  rapport_api_request_async (self->api, "DELETE", path, NULL, self->cancellable, deleted, self);
}

static void
on_delete_clicked (GtkButton *button,
                   gpointer   user_data)
{
  RapportAdminMailboxesPage *self = user_data;
  gpointer item = g_object_get_data (G_OBJECT (button), "item");
  /* TRANSLATORS: %s is the name of a mailbox */
  g_autofree char *body = g_strdup_printf (_("“%s” will no longer be read. A mailbox that has read mail is switched off instead, its messages kept."),
                                           json_object_get_string_member_with_default (mailbox_of (item), "name", ""));

  rapport_confirm_dialog_present (GTK_WIDGET (self), _("Delete the Mailbox?"), body, "delete", _("_Delete"), item,
                                  G_CALLBACK (on_delete_response), self);
}

static void
rapport_admin_mailboxes_page_dispose (GObject *object)
{
  RapportAdminMailboxesPage *self = RAPPORT_ADMIN_MAILBOXES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_ADMIN_MAILBOXES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->mailboxes);
  G_OBJECT_CLASS (rapport_admin_mailboxes_page_parent_class)->dispose (object);
}

static void
rapport_admin_mailboxes_page_class_init (RapportAdminMailboxesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_mailboxes_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-mailboxes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminMailboxesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminMailboxesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminMailboxesPage, list_box);
  gtk_widget_class_install_action (widget_class, "mailboxes.new", NULL, new_mailbox);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_mailboxes_page_init (RapportAdminMailboxesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->mailboxes = g_list_store_new (G_TYPE_OBJECT);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->mailboxes), create_row, self, NULL);
  gtk_stack_set_visible_child_name (self->view_stack, "empty");
}
