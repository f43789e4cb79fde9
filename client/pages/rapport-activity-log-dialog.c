/* rapport-activity-log-dialog.c: RapportActivityLogDialog, the quick log of a call, visit or note on the record shown */
#include "rapport-activity-log-dialog.h"
#include "widgets/rapport-date-row.h"
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

/* Log needs a subject, and a next-step date that is one (or none) */
static void
update_responses (RapportActivityLogDialog *self)
{
  g_autofree char *subject = text_of (self->subject_row);
  g_autofree char *typed = text_of (GTK_WIDGET (self->next_step_on_row));
  GDate date;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "log",
                                           subject[0] != '\0' && (typed[0] == '\0' || rapport_date_parse (typed, &date)));
}

static void
rapport_activity_log_dialog_finalize (GObject *object)
{
  g_free (RAPPORT_ACTIVITY_LOG_DIALOG (object)->link_key);
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
  gtk_widget_class_bind_template_callback (widget_class, update_responses);
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
 * @link_key: the activity's member that names the record, e.g. "account_id"
 * @record_id: the record the activity relates to
 * @record_title: (nullable): how the record is named, for the dialog's body
 *
 * The caller presents the dialog and, on its "log" response, sends
 * rapport_activity_log_dialog_build() to POST /activities.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportActivityLogDialog *
rapport_activity_log_dialog_new (GtkWidget  *parent,
                                 const char *link_key,
                                 gint64      record_id,
                                 const char *record_title)
{
  GtkRoot *root;
  RapportActivityLogDialog *self;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (link_key != NULL, NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (RAPPORT_TYPE_ACTIVITY_LOG_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       NULL);
  self->link_key = g_strdup (link_key);
  self->record_id = record_id;
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
  json_node_set_object (node, object);
  return node;
}
