/* rapport-sign-dialog.c: RapportSignDialog, an electronic signature: approve or reject with login and password */
#include "rapport-sign-dialog.h"
#include "rapport-approval-format.h"
#include "crm-error.h"

#include <glib/gi18n.h>

struct _RapportSignDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel       *subject_label;
  GtkWidget      *login_row;
  GtkWidget      *password_row;
  AdwComboRow    *meaning_row;
  GtkWidget      *comment_row;
  GtkLabel       *error_label;
  GtkWidget      *sign_button;

  RapportApi     *api;
  GCancellable   *cancellable;
  gint64          approval_id;
  gboolean        approve;
  /* a review or an assessment signed rather than an approval: the request it signs */
  char           *review_path;
  /* what that request says besides the signature (an assessment's decision) */
  JsonObject     *members;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (RapportSignDialog, rapport_sign_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the meanings an approval may carry, as the API names them; a rejection means "rejected" */
static const char * const approve_meanings[] = { "approved", "reviewed", NULL };

static void
clear_password (RapportSignDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
show_error (RapportSignDialog *self,
            const char        *message,
            const char        *field)
{
  GtkWidget *rows[] = { self->login_row, self->password_row, GTK_WIDGET (self->meaning_row), self->comment_row };
  const char *fields[] = { "login", "password", "meaning", "comment" };

  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (g_strcmp0 (field, fields[i]) == 0)
        {
          gtk_widget_add_css_class (rows[i], "error");
          gtk_widget_grab_focus (rows[i]);
        }
      else
        gtk_widget_remove_css_class (rows[i], "error");
    }
}

/* typing again in the field a message was about puts the message away */
static void
on_row_changed (RapportSignDialog *self,
                GtkWidget         *row)
{
  if (!gtk_widget_has_css_class (row, "error"))
    return;
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
set_busy (RapportSignDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->sign_button, !busy);
}

static void
signed_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportSignDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *field = error ? crm_error_get_field (error) : NULL;

      /* a wrong password (401) is told here, and the dialog stays for another try */
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED))
        field = "password";
      show_error (self, error ? error->message : _("The server answered with an error"), field);
      return;
    }
  g_signal_emit (self, signals[SIGNED], 0, json_node_get_object (node));
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * rapport_sign_dialog_sign:
 * @self: the dialog
 *
 * Signs with what is typed. The password goes with this one request and
 * is cleared from the dialog at once; the server's answer shows in place,
 * and the dialog closes once the signature is recorded.
 */
void
rapport_sign_dialog_sign (RapportSignDialog *self)
{
  g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  g_autofree char *comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint meaning = adw_combo_row_get_selected (self->meaning_row);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (self->busy)
    return;
  if (login[0] == '\0')
    {
      show_error (self, _("Enter your login"), "login");
      return;
    }
  if (password[0] == '\0')
    {
      show_error (self, _("Enter your password to sign"), "password");
      return;
    }
  if (!self->approve && self->review_path == NULL && comment[0] == '\0')
    {
      show_error (self, _("Say why you reject it: a comment is required"), "comment");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  /* sent every time: the first signature of a session needs it (21 CFR 11.200) */
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (self->review_path == NULL)
    {
      json_builder_set_member_name (builder, "meaning");
      json_builder_add_string_value (builder, self->approve ? approve_meanings[MIN (meaning, 1)] : "rejected");
    }
  if (comment[0] != '\0' && self->review_path == NULL)
    {
      json_builder_set_member_name (builder, "comment");
      json_builder_add_string_value (builder, comment);
    }
  if (self->members != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, self->members);
      while (json_object_iter_next (&iter, &name, &value))
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_node_copy (value));
        }
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  clear_password (self);

  show_error (self, NULL, NULL);
  set_busy (self, TRUE);
  if (self->review_path != NULL)
    path = g_strdup (self->review_path);
  else
    path = g_strdup_printf ("/approvals/%" G_GINT64_FORMAT "/%s", self->approval_id, self->approve ? "approve" : "reject");
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, signed_done, self);
}

gboolean
rapport_sign_dialog_get_busy (RapportSignDialog *self)
{
  return self->busy;
}

/* the message shown, or NULL */
const char *
rapport_sign_dialog_get_error (RapportSignDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

static gboolean
on_close_request (RapportSignDialog *self)
{
  clear_password (self);
  return FALSE;
}

static void
rapport_sign_dialog_dispose (GObject *object)
{
  RapportSignDialog *self = RAPPORT_SIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->review_path, g_free);
  g_clear_pointer (&self->members, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SIGN_DIALOG);
  G_OBJECT_CLASS (rapport_sign_dialog_parent_class)->dispose (object);
}

static void
rapport_sign_dialog_class_init (RapportSignDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_sign_dialog_dispose;

  /**
   * RapportSignDialog::signed:
   * @self: the dialog
   * @approval: the approval as the server has it now, signature included;
   *   for a review, the review mark with its signature
   */
  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, subject_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, meaning_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSignDialog, sign_button);
  gtk_widget_class_bind_template_callback (widget_class, rapport_sign_dialog_sign);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_sign_dialog_init (RapportSignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * rapport_sign_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client
 * @approval_id: the approval to sign
 * @approve: %TRUE to approve, %FALSE to reject
 * @subject: what is signed, e.g. "Quote Q-2026-00001"
 *
 * The login is filled in with the signed-in user's, and may be changed;
 * the server refuses a signature in someone else's name.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportSignDialog *
rapport_sign_dialog_new (GtkWidget  *parent,
                         RapportApi *api,
                         gint64      approval_id,
                         gboolean    approve,
                         const char *subject)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  RapportSignDialog *self = g_object_new (RAPPORT_TYPE_SIGN_DIALOG,
                                          "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          NULL);
  JsonObject *user = rapport_api_get_user (api);
  g_autoptr(GtkStringList) meanings = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;

  self->api = g_object_ref (api);
  self->approval_id = approval_id;
  self->approve = approve;
  adw_window_title_set_title (self->window_title, approve ? _("Approve") : _("Reject"));
  adw_window_title_set_subtitle (self->window_title, subject);
  heading = approve
    /* TRANSLATORS: the heading of the signature dialog, e.g. "You approve Quote Q-2026-00001" */
    ? g_strdup_printf (_("You approve %s"), subject)
    : g_strdup_printf (_("You reject %s"), subject);
  gtk_label_set_text (self->subject_label, heading);
  gtk_button_set_label (GTK_BUTTON (self->sign_button), approve ? _("_Sign and Approve") : _("_Sign and Reject"));
  if (!approve)
    {
      gtk_widget_remove_css_class (self->sign_button, "suggested-action");
      gtk_widget_add_css_class (self->sign_button, "destructive-action");
    }

  if (approve)
    {
      gtk_string_list_append (meanings, rapport_approval_format_meaning ("approved"));
      gtk_string_list_append (meanings, rapport_approval_format_meaning ("reviewed"));
    }
  else
    gtk_string_list_append (meanings, rapport_approval_format_meaning ("rejected"));
  adw_combo_row_set_model (self->meaning_row, G_LIST_MODEL (meanings));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->meaning_row),
                               approve ? _("Approved: you approve it. Reviewed: you have reviewed it, "
                                           "as far as your role asks.")
                                       : _("Rejected: you refuse it; it goes back to its owner."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->meaning_row), approve);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->comment_row),
                                 approve ? _("Comment (optional)") : _("Reason for rejecting (required)"));

  gtk_editable_set_text (GTK_EDITABLE (self->login_row),
                         user ? json_object_get_string_member_with_default (user, "login", "") : "");
  gtk_widget_grab_focus (self->password_row);
  return self;
}

/**
 * rapport_sign_dialog_new_review:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client
 * @collection: the collection of the record reviewed ("activities")
 * @record_id: the record whose review is an electronic signature
 * @subject: what is reviewed, e.g. the activity's subject
 *
 * The same signature as an approval's, meaning "Reviewed": the login and
 * password are sent with POST /COLLECTION/ID/reviewed; a wrong password
 * is told in place. "signed" gives the review mark.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportSignDialog *
rapport_sign_dialog_new_review (GtkWidget  *parent,
                                RapportApi *api,
                                const char *collection,
                                gint64      record_id,
                                const char *subject)
{
  RapportSignDialog *self;
  g_autofree char *heading = NULL;
  g_autoptr(GtkStringList) meanings = gtk_string_list_new (NULL);

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = rapport_sign_dialog_new (parent, api, 0, TRUE, subject);
  self->review_path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/reviewed", collection, record_id);
  adw_window_title_set_title (self->window_title, _("Review"));
  /* TRANSLATORS: the heading of the signature dialog, e.g. "You review Visit Dr Wang" */
  heading = g_strdup_printf (_("You review %s"), subject);
  gtk_label_set_text (self->subject_label, heading);
  gtk_button_set_label (GTK_BUTTON (self->sign_button), _("_Sign as Reviewed"));
  gtk_string_list_append (meanings, rapport_approval_format_meaning ("reviewed"));
  adw_combo_row_set_model (self->meaning_row, G_LIST_MODEL (meanings));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->meaning_row),
                               _("Reviewed: you have read what was recorded, as your company asks of this kind of activity."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->meaning_row), FALSE);
  gtk_widget_set_visible (self->comment_row, FALSE);
  return self;
}

/**
 * rapport_sign_dialog_new_assessment:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client
 * @case_id: the complaint (a case) assessed
 * @subject: what is assessed, e.g. the case's number and subject
 * @assessment: the decision: "reportable", "report_regime", "assessment_reason"
 *
 * The reportability assessment of a complaint, an electronic signature
 * meaning "Assessed": the login and password are sent with the decision to
 * POST /cases/ID/complaint/assess; a wrong password is told in place.
 * "signed" gives the case as assessed.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportSignDialog *
rapport_sign_dialog_new_assessment (GtkWidget  *parent,
                                    RapportApi *api,
                                    gint64      case_id,
                                    const char *subject,
                                    JsonObject *assessment)
{
  RapportSignDialog *self;
  g_autofree char *heading = NULL;
  g_autoptr(GtkStringList) meanings = gtk_string_list_new (NULL);

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (assessment != NULL, NULL);

  self = rapport_sign_dialog_new (parent, api, 0, TRUE, subject);
  self->review_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/complaint/assess", case_id);
  self->members = json_object_ref (assessment);
  adw_window_title_set_title (self->window_title, _("Assess Reportability"));
  /* TRANSLATORS: the heading of the signature dialog, e.g. "You assess CS-2026-00042 Pump alarm" */
  heading = g_strdup_printf (_("You assess %s"), subject);
  gtk_label_set_text (self->subject_label, heading);
  gtk_button_set_label (GTK_BUTTON (self->sign_button), _("_Sign the Assessment"));
  gtk_string_list_append (meanings, rapport_approval_format_meaning ("assessed"));
  adw_combo_row_set_model (self->meaning_row, G_LIST_MODEL (meanings));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->meaning_row),
                               _("Assessed: you decided whether the complaint must be reported to a regulator, for "
                                 "the reason given."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->meaning_row), FALSE);
  gtk_widget_set_visible (self->comment_row, FALSE);
  return self;
}
