/* rapport-approval-view.c: RapportApprovalView, one approval: its record, steps, signatures, timeline and actions */
#include "rapport-approval-view.h"
#include "rapport-approval-action-dialog.h"
#include "rapport-approval-format.h"
#include "rapport-sign-dialog.h"
#include "rapport-window.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-json.h"
#include "crm-workflow-instance.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

struct _RapportApprovalView
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *header_group;
  GtkLabel            *state_label;
  GtkWidget           *approve_button;
  GtkWidget           *reject_button;
  GtkWidget           *withdraw_button;
  GtkWidget           *more_button;
  GtkWidget           *record_button;
  AdwButtonContent    *record_button_content;
  GtkLabel            *error_label;
  GtkListBox          *steps_list;
  GtkListBox          *signatures_list;
  GtkListBox          *timeline_list;

  RapportApi          *api;
  GCancellable        *cancellable;
  gint64               approval_id;
  char                *number;
  JsonObject          *detail;
  /* the record, as far as the user may see it */
  JsonObject          *record;
  /* the record was asked for, and is outside what the user may see */
  gboolean             record_hidden;
  guint                n_pending;
  /* the comment, delegation or withdrawal on its way */
  const char          *acting;
};

G_DEFINE_FINAL_TYPE (RapportApprovalView, rapport_approval_view, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the actions the API may allow; the first three have buttons, the others are in a menu */
static const char * const verbs[] = { "approve", "reject", "withdraw", "comment", "delegate", NULL };

static const char *
detail_entity (RapportApprovalView *self)
{
  return self->detail ? json_object_get_string_member_with_default (self->detail, "entity", NULL) : NULL;
}

static gint64
detail_record_id (RapportApprovalView *self)
{
  return self->detail ? json_object_get_int_member_with_default (self->detail, "record_id", 0) : 0;
}

/* "Quote Q-2026-00001", with the number as far as it is known */
static char *
subject (RapportApprovalView *self)
{
  const char *number = self->number;

  if (self->record)
    number = json_object_get_string_member_with_default (self->record, "number", number);
  return rapport_approval_format_record (detail_entity (self), number, detail_record_id (self));
}

static void
show_error (RapportApprovalView *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWidget *
button_for (RapportApprovalView *self,
            const char          *verb)
{
  GtkWidget *buttons[] = { self->approve_button, self->reject_button, self->withdraw_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (g_str_equal (verbs[i], verb))
      return buttons[i];
  return NULL;
}

/* the record's title and status, when the user may see the record */
static char *
record_summary (RapportApprovalView *self)
{
  GType type = crm_entities_lookup_name (detail_entity (self));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CrmEntity) record = NULL;
  static const char * const shown[] = { "title", "status", NULL };

  if (self->record == NULL || type == G_TYPE_INVALID)
    return NULL;
  record = crm_entity_new (type);
  if (!crm_json_read_entity (record, self->record, NULL))
    return NULL;
  for (guint i = 0; shown[i]; i++)
    {
      CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
      int index = crm_entity_class_find_field (klass, shown[i]);
      g_autofree char *text = NULL;

      if (index < 0 || !crm_entity_has_value (record, index))
        continue;
      text = crm_format_value (&klass->fields[index], crm_entity_value (record, index));
      if (text[0] == '\0')
        continue;
      g_ptr_array_add (parts, g_steal_pointer (&text));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
show_header (RapportApprovalView *self)
{
  g_autofree char *title = subject (self);
  g_autofree char *summary = record_summary (self);
  g_autofree char *about = rapport_approval_format_about (self->detail);
  g_autofree char *trigger = rapport_approval_format_trigger (self->detail);
  g_autoptr(GString) description = g_string_new (about);
  g_autofree char *open = NULL;
  GType type = crm_entities_lookup_name (detail_entity (self));

  adw_preferences_group_set_title (self->header_group, title);
  /* what the decision is about and why it is asked for, told by the
   * approval itself, so also to an approver whose scope hides the record */
  if (trigger != NULL)
    {
      if (description->len > 0)
        g_string_append_c (description, '\n');
      g_string_append_printf (description, _("Why: %s"), trigger);
    }
  if (summary != NULL || self->record_hidden)
    {
      if (description->len > 0)
        g_string_append_c (description, '\n');
      g_string_append (description, summary ? summary
                                            : _("You take part in this request, but the record itself is outside what you may see."));
    }
  adw_preferences_group_set_description (self->header_group, description->str);
  if (type != G_TYPE_INVALID)
    {
      CrmEntityClass *klass = g_type_class_ref (type);

      /* TRANSLATORS: a button that opens the record an approval is about, e.g. "_Open Quote" */
      open = g_strdup_printf (_("_Open %s"), _(klass->label));
      g_type_class_unref (klass);
      adw_button_content_set_label (self->record_button_content, open);
    }
  /* an approver may see an approval whose record their scope hides */
  gtk_widget_set_visible (self->record_button, type != G_TYPE_INVALID && self->record != NULL);
}

static void
show_detail (RapportApprovalView *self)
{
  JsonObject *detail = self->detail;
  JsonNode *instance_node = json_object_get_member (detail, "instance");
  JsonArray *allowed = json_object_has_member (detail, "allowed_actions")
                       ? json_object_get_array_member (detail, "allowed_actions") : NULL;
  JsonArray *signatures = json_object_has_member (detail, "signatures")
                          ? json_object_get_array_member (detail, "signatures") : NULL;
  JsonNode *people_node = json_object_get_member (detail, "people");
  JsonObject *people = people_node && JSON_NODE_HOLDS_OBJECT (people_node) ? json_node_get_object (people_node) : NULL;
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  show_header (self);
  gtk_label_set_text (self->state_label,
                      rapport_approval_format_state (json_object_get_string_member_with_default (detail, "state", "")));
  gtk_widget_set_visible (self->more_button, FALSE);
  for (guint i = 0; verbs[i]; i++)
    {
      gboolean on = FALSE;
      g_autofree char *action = g_strconcat ("approval.", verbs[i], NULL);
      GtkWidget *button = button_for (self, verbs[i]);

      for (guint a = 0; allowed && a < json_array_get_length (allowed); a++)
        on |= g_strcmp0 (json_array_get_string_element (allowed, a), verbs[i]) == 0;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), action, on);
      if (button)
        gtk_widget_set_visible (button, on);
      else if (on)
        gtk_widget_set_visible (self->more_button, TRUE);
    }

  rapport_approval_format_clear_list (self->steps_list);
  rapport_approval_format_clear_list (self->timeline_list);
  rapport_approval_format_clear_list (self->signatures_list);
  if (instance_node)
    instance = crm_workflow_instance_new_from_json (instance_node, &error);
  if (instance)
    {
      for (guint s = 0; s < crm_workflow_instance_get_n_steps (instance); s++)
        gtk_list_box_append (self->steps_list, rapport_approval_format_step_row (instance, s, now, people));
      for (guint r = 0; r < crm_workflow_instance_get_n_records (instance); r++)
        gtk_list_box_append (self->timeline_list, rapport_approval_format_log_row (instance, r, people));
    }
  else
    gtk_list_box_append (self->steps_list,
                         rapport_approval_format_note_row (error ? error->message : _("This approval cannot be shown")));
  for (guint i = 0; signatures && i < json_array_get_length (signatures); i++)
    gtk_list_box_append (self->signatures_list,
                         rapport_approval_format_signature_row (json_array_get_object_element (signatures, i)));
  if (signatures == NULL || json_array_get_length (signatures) == 0)
    gtk_list_box_append (self->signatures_list, rapport_approval_format_note_row (_("Nobody has signed yet")));
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
set_detail (RapportApprovalView *self,
            JsonObject          *detail)
{
  if (detail != self->detail)
    {
      /* the record as loaded before a decision still has the status from
       * before it: shown beside the new state, the header would contradict
       * itself until the record is loaded again */
      if (self->detail == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (self->detail, "state", NULL),
                     json_object_get_string_member_with_default (detail, "state", NULL)) != 0)
        g_clear_pointer (&self->record, json_object_unref);
      g_clear_pointer (&self->detail, json_object_unref);
      self->detail = json_object_ref (detail);
    }
  show_detail (self);
}

static void
record_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportApprovalView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  g_clear_pointer (&self->record, json_object_unref);
  /* not found: the approver takes part, but the record is outside their scope */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    self->record = json_object_ref (json_node_get_object (node));
  self->record_hidden = g_error_matches (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  if (self->detail)
    show_header (self);
}

static void
load_record (RapportApprovalView *self)
{
  GType type = crm_entities_lookup_name (detail_entity (self));
  g_autofree char *path = NULL;

  if (type == G_TYPE_INVALID)
    return;
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, ((CrmEntityClass *) g_type_class_peek (type))->collection,
                          detail_record_id (self));
  self->n_pending++;
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, record_loaded, self);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportApprovalView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  gtk_spinner_stop (self->spinner);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      adw_status_page_set_description (self->error_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  set_detail (self, json_node_get_object (node));
  load_record (self);
}

void
rapport_approval_view_reload (RapportApprovalView *self)
{
  g_autofree char *path = NULL;

  if (self->api == NULL || self->approval_id <= 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_pending = 1;
  show_error (self, NULL);
  if (self->detail == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  path = g_strdup_printf ("/approvals/%" G_GINT64_FORMAT, self->approval_id);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

/**
 * rapport_approval_view_show:
 * @self: the view
 * @approval_id: the approval
 * @number: (nullable): its record's number, shown until the record is loaded
 */
void
rapport_approval_view_show (RapportApprovalView *self,
                            gint64               approval_id,
                            const char          *number)
{
  if (approval_id != self->approval_id)
    {
      g_clear_pointer (&self->detail, json_object_unref);
      g_clear_pointer (&self->record, json_object_unref);
      self->record_hidden = FALSE;
    }
  self->approval_id = approval_id;
  g_free (self->number);
  self->number = g_strdup (number);
  rapport_approval_view_reload (self);
}

void
rapport_approval_view_set_api (RapportApprovalView *self,
                               RapportApi          *api)
{
  g_set_object (&self->api, api);
}

gint64
rapport_approval_view_get_approval_id (RapportApprovalView *self)
{
  return self->approval_id;
}

/**
 * rapport_approval_view_get_detail:
 *
 * Returns: (transfer none) (nullable): the approval as last loaded
 */
JsonObject *
rapport_approval_view_get_detail (RapportApprovalView *self)
{
  return self->detail;
}

gboolean
rapport_approval_view_get_busy (RapportApprovalView *self)
{
  return self->n_pending > 0;
}

/* after an action the server answers with the approval as it is now */
static void
acted (RapportApprovalView *self,
       JsonObject          *detail,
       const char          *message)
{
  set_detail (self, detail);
  load_record (self);
  rapport_window_toast_for (GTK_WIDGET (self), message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_signed (RapportApprovalView *self,
           JsonObject          *detail)
{
  g_autofree char *what = subject (self);
  const char *state = json_object_get_string_member_with_default (detail, "state", "");
  g_autofree char *message = NULL;

  if (g_str_equal (state, "approved"))
    /* TRANSLATORS: a toast after the last approval, e.g. "Quote Q-2026-00001 is approved" */
    message = g_strdup_printf (_("%s is approved"), what);
  else if (g_str_equal (state, "rejected"))
    message = g_strdup_printf (_("%s is rejected"), what);
  else
    /* TRANSLATORS: a toast after a signature that leaves other steps, e.g. "Signed; Quote Q-2026-00001 goes to the next step" */
    message = g_strdup_printf (_("Signed; %s goes to the next step"), what);
  acted (self, detail, message);
}

static void
action_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportApprovalView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_pending--;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      show_error (self, error ? error->message : _("The server answered with an error"));
      return;
    }
  acted (self, json_node_get_object (node),
         g_strcmp0 (self->acting, "withdraw") == 0 ? _("The request is withdrawn")
         : g_strcmp0 (self->acting, "delegate") == 0 ? _("Delegated") : _("Comment added"));
}

static void
on_action_response (RapportApprovalActionDialog *dialog,
                    const char                  *response,
                    RapportApprovalView         *self)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "confirm"))
    return;
  body = rapport_approval_action_dialog_dup_body (dialog);
  path = g_strdup_printf ("/approvals/%" G_GINT64_FORMAT "/%s", self->approval_id,
                          rapport_approval_action_dialog_get_verb (dialog));
  show_error (self, NULL);
  for (guint i = 0; verbs[i]; i++)
    if (g_str_equal (verbs[i], rapport_approval_action_dialog_get_verb (dialog)))
      self->acting = verbs[i];
  self->n_pending++;
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, action_done, self);
}

/**
 * rapport_approval_view_act:
 * @self: the view
 * @verb: "approve", "reject", "comment", "delegate" or "withdraw"
 *
 * Opens the dialog the action needs: the signature dialog to approve or
 * reject, otherwise one that asks for a comment or a delegate.
 */
void
rapport_approval_view_act (RapportApprovalView *self,
                           const char          *verb)
{
  g_autofree char *what = NULL;

  if (self->detail == NULL)
    return;
  what = subject (self);
  if (g_str_equal (verb, "approve") || g_str_equal (verb, "reject"))
    {
      RapportSignDialog *dialog = rapport_sign_dialog_new (GTK_WIDGET (self), self->api, self->approval_id,
                                                           g_str_equal (verb, "approve"), what);

      g_signal_connect_object (dialog, "signed", G_CALLBACK (on_signed), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      RapportApprovalActionDialog *dialog = rapport_approval_action_dialog_new (GTK_WIDGET (self), self->api, verb, what);

      g_signal_connect_object (dialog, "response", G_CALLBACK (on_action_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
action_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  rapport_approval_view_act (RAPPORT_APPROVAL_VIEW (widget), action + strlen ("approval."));
}

static void
open_record (RapportApprovalView *self)
{
  GType type = crm_entities_lookup_name (detail_entity (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (type == G_TYPE_INVALID || !RAPPORT_IS_WINDOW (root))
    return;
  rapport_window_open_record (RAPPORT_WINDOW (root), ((CrmEntityClass *) g_type_class_peek (type))->collection,
                              detail_record_id (self), NULL);
}

static void
rapport_approval_view_dispose (GObject *object)
{
  RapportApprovalView *self = RAPPORT_APPROVAL_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_APPROVAL_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->detail, json_object_unref);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->number, g_free);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_approval_view_parent_class)->dispose (object);
}

static void
rapport_approval_view_class_init (RapportApprovalViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_approval_view_dispose;

  /**
   * RapportApprovalView::changed:
   *
   * An action of the user's changed the approval: inboxes are out of date.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-approval-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, error_page);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, header_group);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, state_label);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, reject_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, more_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, record_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, record_button_content);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, steps_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, signatures_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalView, timeline_list);
  gtk_widget_class_bind_template_callback (widget_class, rapport_approval_view_reload);
  gtk_widget_class_bind_template_callback (widget_class, open_record);
  for (guint i = 0; verbs[i]; i++)
    {
      g_autofree char *action = g_strconcat ("approval.", verbs[i], NULL);

      gtk_widget_class_install_action (widget_class, action, NULL, action_activated);
    }
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_approval_view_init (RapportApprovalView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; verbs[i]; i++)
    {
      g_autofree char *action = g_strconcat ("approval.", verbs[i], NULL);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), action, FALSE);
    }
}

/**
 * rapport_approval_view_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): a view showing nothing until
 *   rapport_approval_view_show()
 */
RapportApprovalView *
rapport_approval_view_new (RapportApi *api)
{
  RapportApprovalView *self = g_object_new (RAPPORT_TYPE_APPROVAL_VIEW, NULL);

  rapport_approval_view_set_api (self, api);
  return self;
}
