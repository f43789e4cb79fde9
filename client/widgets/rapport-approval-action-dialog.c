/* rapport-approval-action-dialog.c: RapportApprovalActionDialog, asks what a comment, delegation or withdrawal needs */
#include "rapport-approval-action-dialog.h"
#include "rapport-chooser-row.h"
#include "crm-entity.h"
#include "crm-json.h"

#include <glib/gi18n.h>
#include <stdio.h>

/* a delegation lasts a week unless the approver says otherwise */
#define DEFAULT_DELEGATION_DAYS 7

struct _RapportApprovalActionDialog
{
  AdwMessageDialog   parent_instance;

  RapportChooserRow *user_row;
  GtkWidget         *until_row;
  GtkWidget         *comment_row;

  /* "comment", "delegate" or "withdraw", as the API names them */
  char              *verb;
};

G_DEFINE_FINAL_TYPE (RapportApprovalActionDialog, rapport_approval_action_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* a day as the last moment of that day, local time, for the API */
static char *
end_of_day (const char *text)
{
  g_autoptr(GDateTime) day = NULL;
  int y, m, d;
  char extra;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
      (day = g_date_time_new_local (y, m, d, 23, 59, 59)) == NULL)
    return NULL;
  return crm_json_format_timestamp (g_date_time_to_unix (day) * G_USEC_PER_SEC);
}

static char *
comment_text (RapportApprovalActionDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
}

static const char *
delegate_login (RapportApprovalActionDialog *self)
{
  CrmEntity *user = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self->user_row));

  return user && crm_entity_get_id (user) > 0 ? crm_entity_get_text (user, "login") : NULL;
}

static void
update_response (RapportApprovalActionDialog *self)
{
  g_autofree char *comment = NULL;
  g_autofree char *until = NULL;
  gboolean ok = TRUE;

  /* the template is still being built */
  if (self->user_row == NULL || self->until_row == NULL || self->comment_row == NULL)
    return;
  comment = comment_text (self);
  until = end_of_day (gtk_editable_get_text (GTK_EDITABLE (self->until_row)));

  if (g_str_equal (self->verb, "comment"))
    ok = comment[0] != '\0';
  else if (g_str_equal (self->verb, "delegate"))
    ok = delegate_login (self) != NULL && until != NULL;
  if (g_str_equal (self->verb, "delegate"))
    {
      if (until == NULL)
        gtk_widget_add_css_class (self->until_row, "error");
      else
        gtk_widget_remove_css_class (self->until_row, "error");
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", ok);
}

const char *
rapport_approval_action_dialog_get_verb (RapportApprovalActionDialog *self)
{
  return self->verb;
}

/**
 * rapport_approval_action_dialog_dup_body:
 * @self: the dialog
 *
 * Returns: (transfer full): the request body for
 *   `POST /approvals/:id/VERB`, from what was typed
 */
JsonNode *
rapport_approval_action_dialog_dup_body (RapportApprovalActionDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *comment = comment_text (self);

  json_builder_begin_object (builder);
  if (comment[0] != '\0')
    {
      json_builder_set_member_name (builder, "comment");
      json_builder_add_string_value (builder, comment);
    }
  if (g_str_equal (self->verb, "delegate"))
    {
      g_autofree char *until = end_of_day (gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
      const char *login = delegate_login (self);

      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, login ? login : "");
      if (until)
        {
          json_builder_set_member_name (builder, "until");
          json_builder_add_string_value (builder, until);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
rapport_approval_action_dialog_finalize (GObject *object)
{
  g_free (RAPPORT_APPROVAL_ACTION_DIALOG (object)->verb);
  G_OBJECT_CLASS (rapport_approval_action_dialog_parent_class)->finalize (object);
}

static void
rapport_approval_action_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_APPROVAL_ACTION_DIALOG);
  G_OBJECT_CLASS (rapport_approval_action_dialog_parent_class)->dispose (object);
}

static void
rapport_approval_action_dialog_class_init (RapportApprovalActionDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_approval_action_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_approval_action_dialog_finalize;

  g_type_ensure (RAPPORT_TYPE_CHOOSER_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-approval-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalActionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalActionDialog, until_row);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalActionDialog, comment_row);
  gtk_widget_class_bind_template_callback (widget_class, update_response);
}

static void
rapport_approval_action_dialog_init (RapportApprovalActionDialog *self)
{
  self->verb = g_strdup ("comment");
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_approval_action_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client, to list whom to delegate to
 * @verb: "comment", "delegate" or "withdraw"
 * @subject: the record, e.g. "Quote Q-2026-00001"
 *
 * The caller acts on the "confirm" response, sending
 * rapport_approval_action_dialog_dup_body(); "cancel" does nothing.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportApprovalActionDialog *
rapport_approval_action_dialog_new (GtkWidget  *parent,
                                    RapportApi *api,
                                    const char *verb,
                                    const char *subject)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  RapportApprovalActionDialog *self = g_object_new (RAPPORT_TYPE_APPROVAL_ACTION_DIALOG,
                                                    "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    NULL);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *heading = NULL;

  g_free (self->verb);
  self->verb = g_strdup (verb);
  if (g_str_equal (verb, "withdraw"))
    {
      /* TRANSLATORS: e.g. "Withdraw Quote Q-2026-00001?" */
      heading = g_strdup_printf (_("Withdraw %s?"), subject);
      adw_message_dialog_set_body (dialog, _("The request is taken back: it goes back to draft, and the approvers no "
                                             "longer see it waiting for them. You can submit it again later."));
      adw_message_dialog_set_response_label (dialog, "confirm", _("_Withdraw"));
      adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->comment_row), _("Reason (optional)"));
    }
  else if (g_str_equal (verb, "delegate"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) until = g_date_time_add_days (now, DEFAULT_DELEGATION_DAYS);
      g_autofree char *until_text = g_date_time_format (until, "%Y-%m-%d");

      /* TRANSLATORS: e.g. "Delegate Quote Q-2026-00001" */
      heading = g_strdup_printf (_("Delegate %s"), subject);
      adw_message_dialog_set_body (dialog, _("Someone else may approve or reject in your place, in this step only, "
                                             "until the day you give. You keep your own right to act."));
      adw_message_dialog_set_response_label (dialog, "confirm", _("_Delegate"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->comment_row), _("Comment (optional)"));
      gtk_widget_set_visible (GTK_WIDGET (self->user_row), TRUE);
      gtk_widget_set_visible (self->until_row, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->until_row), until_text);
      rapport_chooser_row_load (self->user_row, api, rapport_api_get_user_id (api));
    }
  else
    {
      /* TRANSLATORS: e.g. "Comment on Quote Q-2026-00001" */
      heading = g_strdup_printf (_("Comment on %s"), subject);
      adw_message_dialog_set_body (dialog, _("Everyone taking part in this approval sees the comment in its timeline."));
      adw_message_dialog_set_response_label (dialog, "confirm", _("_Comment"));
    }
  adw_message_dialog_set_heading (dialog, heading);
  update_response (self);
  return self;
}
