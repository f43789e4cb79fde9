/* rapport-activity-log-dialog.c: RapportActivityLogDialog, the quick log of a call, visit or note on the record shown, with its follow-up task */
#include "rapport-activity-log-dialog.h"
#include "widgets/rapport-date-row.h"
#include "widgets/rapport-reference-row.h"
#include "widgets/rapport-time-row.h"
#include "crm-activity.h"

#include <glib/gi18n.h>

struct _RapportActivityLogDialog
{
  AdwMessageDialog  parent_instance;

  /* the activity's member naming the record ("account_id"), and the record */
  char             *link_key;
  gint64            record_id;

  AdwComboRow      *kind_row;
  GtkWidget        *subject_row;
  GtkWidget        *discussion_row;
  GtkWidget        *outcome_row;
  GtkWidget        *next_step_row;
  RapportDateRow   *next_step_on_row;
  GtkWidget        *follow_up_row;
  GtkSwitch        *follow_up_switch;
  GtkWidget        *task_subject_row;
  /* made in code: time rows and the assignee's reference row */
  GtkWidget        *due_row;
  GtkWidget        *remind_row;
  GtkWidget        *assignee_row;
  /* the next-step date that last turned the follow-up on, so that a date
   * typed turns it on once and the user may turn it off again */
  char             *offered_for;
};

G_DEFINE_FINAL_TYPE (RapportActivityLogDialog, rapport_activity_log_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const CrmFieldSpec *
kind_spec (void)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_ACTIVITY);

  return &klass->fields[crm_entity_class_find_field (klass, "kind")];
}

static char *
text_of (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* an empty time row, or one that reads as a time */
static gboolean
time_ok (GtkWidget *row)
{
  g_autofree char *typed = text_of (row);
  gint64 usec;

  gtk_widget_remove_css_class (row, "error");
  if (typed[0] == '\0' || rapport_time_row_parse (typed, &usec))
    return TRUE;
  gtk_widget_add_css_class (row, "error");
  return FALSE;
}

static gboolean
follow_up_wanted (RapportActivityLogDialog *self)
{
  return gtk_switch_get_active (self->follow_up_switch);
}

/* the task's subject: as typed, else the next step's */
static char *
task_subject (RapportActivityLogDialog *self)
{
  g_autofree char *typed = text_of (self->task_subject_row);

  if (typed[0] != '\0')
    return g_steal_pointer (&typed);
  return text_of (self->next_step_row);
}

/* a next-step date given offers the follow-up, due that day at nine */
static void
offer_follow_up (RapportActivityLogDialog *self,
                 const char               *date)
{
  g_autofree char *due = NULL;
  g_autofree char *due_text = NULL;

  if (g_strcmp0 (date, self->offered_for) == 0)
    return;
  g_free (self->offered_for);
  self->offered_for = g_strdup (date);
  due_text = text_of (self->due_row);
  if (due_text[0] == '\0' || g_object_get_data (G_OBJECT (self->due_row), "rapport-offered") != NULL)
    {
      due = g_strdup_printf ("%s 09:00", date);
      gtk_editable_set_text (GTK_EDITABLE (self->due_row), due);
      g_object_set_data (G_OBJECT (self->due_row), "rapport-offered", GINT_TO_POINTER (TRUE));
    }
  gtk_switch_set_active (self->follow_up_switch, TRUE);
}

/* Log needs a subject and a next-step date that is one (or none); with a
 * follow-up, the task's subject (or a next step) and times that read */
static void
update_responses (RapportActivityLogDialog *self)
{
  g_autofree char *subject = text_of (self->subject_row);
  g_autofree char *typed = text_of (GTK_WIDGET (self->next_step_on_row));
  g_autofree char *task = NULL;
  gboolean ok;
  gboolean due_ok;
  gboolean remind_ok;
  GDate date;

  /* the template's rows speak before the rows made in code exist */
  if (self->due_row == NULL)
    return;
  ok = subject[0] != '\0' && (typed[0] == '\0' || rapport_date_parse (typed, &date));
  if (typed[0] != '\0' && rapport_date_parse (typed, &date))
    {
      g_autofree char *iso = rapport_date_row_dup_date (self->next_step_on_row);

      offer_follow_up (self, iso);
    }
  due_ok = time_ok (self->due_row);
  remind_ok = time_ok (self->remind_row);
  if (follow_up_wanted (self))
    {
      task = task_subject (self);
      ok = ok && task[0] != '\0' && due_ok && remind_ok;
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "log", ok);
}

static void
follow_up_toggled (RapportActivityLogDialog *self)
{
  gboolean on = follow_up_wanted (self);

  gtk_widget_set_visible (self->task_subject_row, on);
  gtk_widget_set_visible (self->due_row, on);
  gtk_widget_set_visible (self->remind_row, on);
  gtk_widget_set_visible (self->assignee_row, on);
  update_responses (self);
}

static void
due_edited (RapportActivityLogDialog *self)
{
  g_object_set_data (G_OBJECT (self->due_row), "rapport-offered", NULL);
  update_responses (self);
}

static void
rapport_activity_log_dialog_finalize (GObject *object)
{
  g_free (RAPPORT_ACTIVITY_LOG_DIALOG (object)->link_key);
  g_free (RAPPORT_ACTIVITY_LOG_DIALOG (object)->offered_for);
  G_OBJECT_CLASS (rapport_activity_log_dialog_parent_class)->finalize (object);
}

static void
rapport_activity_log_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_ACTIVITY_LOG_DIALOG);
  G_OBJECT_CLASS (rapport_activity_log_dialog_parent_class)->dispose (object);
}

static void
rapport_activity_log_dialog_class_init (RapportActivityLogDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_activity_log_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_activity_log_dialog_finalize;

  g_type_ensure (RAPPORT_TYPE_DATE_ROW);
  g_type_ensure (CRM_TYPE_ACTIVITY);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-activity-log-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, discussion_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, next_step_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, next_step_on_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, follow_up_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityLogDialog, task_subject_row);
  gtk_widget_class_bind_template_callback (widget_class, update_responses);
  gtk_widget_class_bind_template_callback (widget_class, follow_up_toggled);
}

static void
rapport_activity_log_dialog_init (RapportActivityLogDialog *self)
{
  const CrmFieldSpec *spec;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  spec = kind_spec ();
  for (guint i = 0; spec->enum_values[i] != NULL; i++)
    gtk_string_list_append (kinds, crm_field_spec_enum_label (spec, spec->enum_values[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  C_("activity kind", "Kind"), -1);
}

/**
 * rapport_activity_log_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client, to choose the follow-up's assignee
 * @link_key: the activity's member that names the record, e.g. "account_id"
 * @record_id: the record the activity relates to
 * @record_title: (nullable): how the record is named, for the dialog's body
 *
 * The caller presents the dialog and, on its "log" response, sends
 * rapport_activity_log_dialog_build() to POST /activities/with-follow-up.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportActivityLogDialog *
rapport_activity_log_dialog_new (GtkWidget  *parent,
                                 RapportApi *api,
                                 const char *link_key,
                                 gint64      record_id,
                                 const char *record_title)
{
  GtkRoot *root;
  RapportActivityLogDialog *self;
  GtkWidget *list;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (link_key != NULL, NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (RAPPORT_TYPE_ACTIVITY_LOG_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       NULL);
  self->link_key = g_strdup (link_key);
  self->record_id = record_id;

  /* the follow-up's times and assignee, shown while it is wanted */
  list = gtk_widget_get_parent (self->task_subject_row);
  self->due_row = rapport_time_row_new (_("Task due"));
  self->remind_row = rapport_time_row_new (_("Remind at"));
  self->assignee_row = GTK_WIDGET (rapport_reference_row_new (api, "users"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->assignee_row), _("Assigned to"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->assignee_row), _("Me, unless chosen"));
  gtk_widget_set_name (self->next_step_row, "next-step");
  gtk_widget_set_name (GTK_WIDGET (self->next_step_on_row), "next-step-date");
  gtk_widget_set_name (GTK_WIDGET (self->follow_up_switch), "follow-up-switch");
  gtk_widget_set_name (self->task_subject_row, "follow-up-subject");
  gtk_widget_set_name (self->due_row, "follow-up-due");
  gtk_widget_set_name (self->remind_row, "follow-up-remind");
  gtk_widget_set_name (self->assignee_row, "follow-up-assignee");
  g_object_set (self->due_row, "activates-default", TRUE, NULL);
  g_object_set (self->remind_row, "activates-default", TRUE, NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), self->due_row);
  gtk_list_box_append (GTK_LIST_BOX (list), self->remind_row);
  gtk_list_box_append (GTK_LIST_BOX (list), self->assignee_row);
  g_signal_connect_object (self->due_row, "changed", G_CALLBACK (due_edited), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remind_row, "changed", G_CALLBACK (update_responses), self, G_CONNECT_SWAPPED);
  follow_up_toggled (self);
  if (record_title != NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), record_title);
  gtk_widget_grab_focus (self->subject_row);
  return self;
}

static void
add_text (JsonObject *object,
          const char *member,
          GtkWidget  *row)
{
  g_autofree char *text = text_of (row);

  if (text[0] != '\0')
    json_object_set_string_member (object, member, text);
}

static void
add_time (JsonObject *object,
          const char *member,
          GtkWidget  *row)
{
  g_autofree char *value = rapport_time_row_dup_value (row);

  if (value[0] != '\0')
    json_object_set_string_member (object, member, value);
}

/* the follow-up task: its subject, times and assignee (its maker's when
 * none is chosen); the server relates it to the activity and its record */
static JsonObject *
build_follow_up (RapportActivityLogDialog *self)
{
  JsonObject *task = json_object_new ();
  g_autofree char *subject = task_subject (self);
  gint64 assignee = rapport_reference_row_get_id (RAPPORT_REFERENCE_ROW (self->assignee_row));

  json_object_set_string_member (task, "subject", subject);
  add_time (task, "due_at", self->due_row);
  add_time (task, "remind_at", self->remind_row);
  if (assignee > 0)
    json_object_set_int_member (task, "assignee_id", assignee);
  return task;
}

/**
 * rapport_activity_log_dialog_build:
 * @self: the dialog, after its "log" response
 *
 * Returns: (transfer full): the activity as typed, related to the record
 */
JsonNode *
rapport_activity_log_dialog_build (RapportActivityLogDialog *self)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *next_step_on = NULL;
  guint kind;

  g_return_val_if_fail (RAPPORT_IS_ACTIVITY_LOG_DIALOG (self), NULL);

  kind = adw_combo_row_get_selected (self->kind_row);
  json_object_set_string_member (object, "kind", kind_spec ()->enum_values[kind == GTK_INVALID_LIST_POSITION ? 0 : kind]);
  add_text (object, "subject", self->subject_row);
  add_text (object, "discussion", self->discussion_row);
  add_text (object, "outcome", self->outcome_row);
  add_text (object, "next_step", self->next_step_row);
  next_step_on = rapport_date_row_dup_date (self->next_step_on_row);
  if (next_step_on[0] != '\0')
    json_object_set_string_member (object, "next_step_on", next_step_on);
  json_object_set_int_member (object, self->link_key, self->record_id);
  if (follow_up_wanted (self))
    json_object_set_object_member (object, "follow_up", build_follow_up (self));
  json_node_set_object (node, object);
  return node;
}
