/* rapport-survey-send-dialog.c: RapportSurveySendDialog, sends a survey to contacts chosen by name, and says how many were invited and mailed */
#include "rapport-survey-send-dialog.h"
#include "rapport-entity-picker.h"
#include "rapport-list-model.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n.h>
#include <stdio.h>

struct _RapportSurveySendDialog
{
  AdwWindow         parent_instance;

  AdwWindowTitle   *window_title;
  GtkSearchEntry   *search_entry;
  GtkListView      *results_view;
  GtkLabel         *chosen_label;
  GtkListBox       *chosen_list;
  GtkLabel         *status_label;
  GtkLabel         *error_label;
  GtkWidget        *send_button;

  RapportApi       *api;
  GCancellable     *cancellable;
  gint64            survey_id;
  /* the contacts found by the search, paged from the server */
  RapportListModel *found;
  /* the contacts chosen, in the order chosen */
  GListStore       *chosen;
  /* once sent: contact id → SENT_MAILED or SENT_NOT_MAILED; NULL before */
  GHashTable       *outcomes;
  /* Enter came before the answer to this search: its first contact is
   * chosen when it comes, unless another search is typed meanwhile */
  char             *pick_first;
  gboolean          sending;
};

G_DEFINE_FINAL_TYPE (RapportSurveySendDialog, rapport_survey_send_dialog, ADW_TYPE_WINDOW)

enum
{
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  SENT_MAILED = 1,
  SENT_NOT_MAILED,
};

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
update_state (RapportSurveySendDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->chosen));
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No contact chosen yet"));
  else if (self->outcomes != NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent to %u contact", "Sent to %u contacts", n), n);
  else
    /* TRANSLATORS: how many contacts a survey is about to be sent to, and the most it may be */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u contact chosen (at most %u)", "%u contacts chosen (at most %u)", n),
                            n, (guint) RAPPORT_SURVEY_SEND_MAX);
  gtk_label_set_text (self->chosen_label, text);
  gtk_widget_set_sensitive (self->send_button, n > 0 && !self->sending && self->outcomes == NULL);
}

static void
on_remove_clicked (GtkButton               *button,
                   RapportSurveySendDialog *self)
{
  CrmEntity *contact = g_object_get_data (G_OBJECT (button), "contact");
  guint position;

  if (g_list_store_find (self->chosen, contact, &position))
    g_list_store_remove (self->chosen, position);
}

/* what a row says under the contact's name: its email, or once sent
 * whether it was mailed */
static char *
describe_chosen (RapportSurveySendDialog *self,
                 CrmEntity               *contact)
{
  const char *email = crm_entity_get_text (contact, "email");
  gpointer outcome = self->outcomes ? g_hash_table_lookup (self->outcomes, &(gint64) { crm_entity_get_id (contact) }) : NULL;

  if (GPOINTER_TO_INT (outcome) == SENT_MAILED)
    /* TRANSLATORS: a contact sent a survey, and the address its link was mailed to */
    return g_strdup_printf (_("Invited · link mailed to %s"), email ? email : "");
  if (GPOINTER_TO_INT (outcome) == SENT_NOT_MAILED)
    return g_strdup (_("Invited · not mailed"));
  return g_strdup (email && email[0] ? email : _("No email address: the link is not mailed"));
}

/* a chosen contact: name, email or what was done, and before the sending
 * a button that takes it off */
static GtkWidget *
chosen_row (gpointer item,
            gpointer user_data)
{
  RapportSurveySendDialog *self = user_data;
  CrmEntity *contact = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove;
  g_autofree char *name = rapport_entity_describe (contact);
  g_autofree char *label = g_strdup_printf (_("Remove %s"), name);
  g_autofree char *subtitle = describe_chosen (self, contact);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (self->outcomes != NULL)
    return row;
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (remove), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/**
 * rapport_survey_send_dialog_add_contact:
 * @self: the dialog
 * @contact: a contact, as listed
 *
 * Adds @contact to those the survey is sent to.
 *
 * Returns: whether it was added: not when chosen already, or when as many
 *   as may be sent at once are
 */
gboolean
rapport_survey_send_dialog_add_contact (RapportSurveySendDialog *self,
                                        CrmEntity               *contact)
{
  guint n;

  g_return_val_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self), FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (contact), FALSE);

  if (crm_entity_get_id (contact) <= 0)
    return FALSE;
  /* the contacts sent to make way for the next sending */
  if (self->outcomes != NULL)
    {
      g_clear_pointer (&self->outcomes, g_hash_table_unref);
      g_list_store_remove_all (self->chosen);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->chosen));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmEntity) chosen = g_list_model_get_item (G_LIST_MODEL (self->chosen), i);

      if (crm_entity_get_id (chosen) == crm_entity_get_id (contact))
        return FALSE;
    }
  if (n >= RAPPORT_SURVEY_SEND_MAX)
    {
      g_autofree char *message = g_strdup_printf (_("A survey is sent to at most %u contacts at once"),
                                                  (guint) RAPPORT_SURVEY_SEND_MAX);

      show_label (self->error_label, message);
      return FALSE;
    }
  show_label (self->error_label, NULL);
  show_label (self->status_label, NULL);
  g_list_store_append (self->chosen, contact);
  return TRUE;
}

static void
pick (RapportSurveySendDialog *self,
      guint                    position)
{
  g_autoptr(CrmEntity) contact = g_list_model_get_item (G_LIST_MODEL (self->found), position);

  if (contact == NULL)
    return;
  rapport_survey_send_dialog_add_contact (self, contact);
  /* the next name typed replaces this one */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
on_result_activate (RapportSurveySendDialog *self,
                    guint                    position)
{
  pick (self, position);
}

static void
on_search_changed (RapportSurveySendDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->pick_first != NULL && g_strcmp0 (self->pick_first, text) != 0)
    g_clear_pointer (&self->pick_first, g_free);
  rapport_list_model_set_search (self->found, text);
}

/* Enter picks the first contact found, once the search typed is answered */
static void
on_search_activate (RapportSurveySendDialog *self)
{
  on_search_changed (self);
  if (rapport_list_model_get_loading (self->found))
    {
      g_free (self->pick_first);
      self->pick_first = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      return;
    }
  pick (self, 0);
}

static void
on_found_loading (RapportSurveySendDialog *self)
{
  if (self->pick_first == NULL || rapport_list_model_get_loading (self->found))
    return;
  g_clear_pointer (&self->pick_first, g_free);
  pick (self, 0);
}

/**
 * rapport_survey_send_describe:
 * @invited: how many contacts were invited
 * @mailed: how many of them were mailed their link
 *
 * Returns: (transfer full): what the dialog says once it has sent
 */
char *
rapport_survey_send_describe (guint invited,
                              guint mailed)
{
  /* TRANSLATORS: after a survey is sent: how many contacts were invited and how many of them were mailed their link */
  g_autofree char *counts = g_strdup_printf (_("Invited: %u · mailed the link: %u"), invited, mailed);

  if (mailed == invited)
    return g_steal_pointer (&counts);
  return g_strdup_printf ("%s\n%s", counts, _("A contact without an email address is not mailed, nor is anyone while no "
                                               "mailbox sends mail or the server has no public address."));
}

/* the server's refusal, naming the contact it is about */
static void
show_refusal (RapportSurveySendDialog *self,
              const GError            *error)
{
  const char *field = error ? crm_error_get_field (error) : NULL;
  g_autoptr(CrmEntity) contact = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  guint index;

  if (error == NULL)
    {
      show_label (self->error_label, _("The server answered with an error"));
      return;
    }
  if (field == NULL || sscanf (field, "contact_ids[%u]", &index) != 1 ||
      (contact = g_list_model_get_item (G_LIST_MODEL (self->chosen), index)) == NULL)
    {
      show_label (self->error_label, error->message);
      return;
    }
  name = rapport_entity_describe (contact);
  /* TRANSLATORS: a contact's name, then what is wrong with sending it the survey */
  message = g_strdup_printf (_("%s: %s"), name, error->message);
  show_label (self->error_label, message);
}

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  RapportSurveySendDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autofree char *status = NULL;
  JsonArray *items = NULL;
  guint invited, mailed = 0;

  /* cancelled: the dialog may be gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sending = FALSE;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_array_member (json_node_get_object (node), "items");
  if (items == NULL)
    {
      show_refusal (self, error);
      update_state (self);
      return;
    }
  invited = json_array_get_length (items);
  self->outcomes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < invited; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gboolean was_mailed = json_object_get_boolean_member_with_default (item, "mailed", FALSE);

      mailed += was_mailed;
      g_hash_table_insert (self->outcomes, g_memdup2 (&(gint64) { json_object_get_int_member_with_default (item, "contact_id", 0) },
                                                      sizeof (gint64)),
                           GINT_TO_POINTER (was_mailed ? SENT_MAILED : SENT_NOT_MAILED));
    }
  status = rapport_survey_send_describe (invited, mailed);
  /* the rows again, each saying what was done */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->chosen));
    g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (contacts, g_list_model_get_item (G_LIST_MODEL (self->chosen), i));
    g_list_store_splice (self->chosen, 0, n, contacts->pdata, contacts->len);
  }
  /* green when every contact was mailed; a warning when some were not */
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), mailed == invited ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), mailed == invited ? "success" : "warning");
  show_label (self->status_label, status);
  update_state (self);
  g_signal_emit (self, signals[SENT], 0, invited, mailed);
}

/**
 * rapport_survey_send_dialog_send:
 * @self: the dialog
 *
 * Sends the survey to the contacts chosen; the server's answer shows in
 * the dialog, the contacts sent to leave the list.
 */
void
rapport_survey_send_dialog_send (RapportSurveySendDialog *self)
{
  guint n;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = g_uuid_string_random ();

  g_return_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->chosen));
  if (n == 0 || self->sending)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "contact_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmEntity) contact = g_list_model_get_item (G_LIST_MODEL (self->chosen), i);

      json_builder_add_int_value (builder, crm_entity_get_id (contact));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/surveys/%" G_GINT64_FORMAT "/invitations", self->survey_id);
  show_label (self->error_label, NULL);
  show_label (self->status_label, NULL);
  self->sending = TRUE;
  update_state (self);
  /* one key for the one sending: a retry after a lost answer invites nobody twice */
  rapport_api_post_async (self->api, path, body, key, self->cancellable, sent, self);
}

/* Returns: (transfer none): the contacts chosen, #CrmEntity items */
GListModel *
rapport_survey_send_dialog_get_chosen (RapportSurveySendDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self), NULL);
  return G_LIST_MODEL (self->chosen);
}

/* Returns: (transfer none): the contacts the search found */
GListModel *
rapport_survey_send_dialog_get_found (RapportSurveySendDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self), NULL);
  return G_LIST_MODEL (self->found);
}

/* Returns: whether a search or the sending is on its way */
gboolean
rapport_survey_send_dialog_get_busy (RapportSurveySendDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self), FALSE);
  return self->sending || self->pick_first != NULL || rapport_list_model_get_loading (self->found);
}

/* Returns: (nullable): what the last sending did, as shown */
const char *
rapport_survey_send_dialog_get_status (RapportSurveySendDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ? gtk_label_get_text (self->status_label) : NULL;
}

/* Returns: (nullable): the error shown */
const char *
rapport_survey_send_dialog_get_error (RapportSurveySendDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_SEND_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

static void
rapport_survey_send_dialog_dispose (GObject *object)
{
  RapportSurveySendDialog *self = RAPPORT_SURVEY_SEND_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SURVEY_SEND_DIALOG);
  g_clear_object (&self->found);
  g_clear_object (&self->chosen);
  g_clear_object (&self->api);
  g_clear_pointer (&self->outcomes, g_hash_table_unref);
  g_clear_pointer (&self->pick_first, g_free);
  G_OBJECT_CLASS (rapport_survey_send_dialog_parent_class)->dispose (object);
}

static void
rapport_survey_send_dialog_class_init (RapportSurveySendDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_survey_send_dialog_dispose;

  /**
   * RapportSurveySendDialog::sent:
   * @invited: how many contacts were invited
   * @mailed: how many of them were mailed their link
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-survey-send-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, results_view);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, chosen_list);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveySendDialog, send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activate);
  gtk_widget_class_bind_template_callback (widget_class, rapport_survey_send_dialog_send);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_survey_send_dialog_init (RapportSurveySendDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->chosen = g_list_store_new (CRM_TYPE_ENTITY);
  gtk_list_box_bind_model (self->chosen_list, G_LIST_MODEL (self->chosen), chosen_row, self, NULL);
  g_signal_connect_object (self->chosen, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
}

/**
 * rapport_survey_send_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client
 * @survey_id: an active survey
 * @survey_name: its name, for the header
 *
 * Returns: (transfer none): the dialog, listing the contacts the user sees
 */
RapportSurveySendDialog *
rapport_survey_send_dialog_new (GtkWidget  *parent,
                                RapportApi *api,
                                gint64      survey_id,
                                const char *survey_name)
{
  GtkRoot *root;
  RapportSurveySendDialog *self;
  g_autoptr(GtkListItemFactory) factory = rapport_entity_row_factory_new ();
  GtkSingleSelection *selection;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (RAPPORT_TYPE_SURVEY_SEND_DIALOG, "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL);
  self->api = g_object_ref (api);
  self->survey_id = survey_id;
  adw_window_title_set_subtitle (self->window_title, survey_name ? survey_name : "");
  self->found = rapport_list_model_new (api, crm_entities_lookup_collection ("contacts"), "/contacts");
  rapport_list_model_set_sort (self->found, "name", FALSE);
  g_signal_connect_object (self->found, "notify::loading", G_CALLBACK (on_found_loading), self, G_CONNECT_SWAPPED);
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->found)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_list_view_set_factory (self->results_view, factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_entry));
  return self;
}
