/* rapport-complaint-panel.c: RapportComplaintPanel, a complaint's steps on its case's page: the signed reportability assessment, the closure request, the complaint file */
#include "rapport-complaint-panel.h"
#include "rapport-attachment-preview.h"
#include "rapport-sign-dialog.h"
#include "crm-entities.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* the regulators a reportable complaint goes to, in the order offered, as the API names them */
static const char * const regimes[] = { "mdr_vigilance", "fda_mdr", "other" };

struct _RapportComplaintPanel
{
  GtkWidget      parent_instance;

  GtkWidget     *group;
  AdwActionRow  *state_row;
  AdwActionRow  *due_row;
  GtkSwitch     *reportable_switch;
  AdwComboRow   *regime_row;
  GtkWidget     *reason_row;
  GtkWidget     *assess_button;
  GtkWidget     *close_button;
  GtkWidget     *file_button;
  GtkLabel      *message_label;

  RapportApi    *api;
  GCancellable  *cancellable;
  gint64         id;
  char          *subject;
};

G_DEFINE_FINAL_TYPE (RapportComplaintPanel, rapport_complaint_panel, GTK_TYPE_WIDGET)

enum { RECORD_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
is_set (CrmEntity  *entity,
        const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), name);

  return field >= 0 && crm_entity_has_value (entity, field) && !crm_entity_value (entity, field)->is_null;
}

/* a choice's label, as the case's fields name it */
static const char *
enum_label (CrmEntity  *entity,
            const char *name)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);

  return crm_field_spec_enum_label (&klass->fields[crm_entity_class_find_field (klass, name)],
                                    crm_entity_get_text (entity, name));
}

static char *
format_time (CrmEntity  *entity,
             const char *name)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (crm_entity_get_int (entity, name) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static void
show_message (RapportComplaintPanel *self,
              const char            *message,
              gboolean               error)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

/* "Reportable: EU MDR vigilance — assessed 2026-12-07 10:00", or not yet assessed */
static char *
describe_assessment (CrmEntity *entity)
{
  g_autofree char *when = NULL;

  if (!is_set (entity, "reportable"))
    return g_strdup (_("Not yet assessed: decide whether it must be reported, and sign"));
  when = format_time (entity, "assessed_at");
  if (crm_entity_get_bool (entity, "reportable"))
    /* TRANSLATORS: a complaint's signed assessment: the regulator, then when it was signed */
    return g_strdup_printf (_("Reportable: %s — assessed %s"), enum_label (entity, "report_regime"), when);
  /* TRANSLATORS: a complaint's signed assessment: when it was signed */
  return g_strdup_printf (_("Not reportable — assessed %s"), when);
}

/* when the report is due, and whether it went out */
static char *
describe_report (CrmEntity *entity)
{
  g_autofree char *due = NULL;

  if (is_set (entity, "report_submitted_at"))
    {
      g_autofree char *sent = format_time (entity, "report_submitted_at");

      /* TRANSLATORS: a complaint's regulatory report: when it was submitted, and the regulator's reference */
      return g_strdup_printf (_("Submitted %s, reference %s"), sent,
                              is_set (entity, "report_reference") ? crm_entity_get_text (entity, "report_reference") : "—");
    }
  if (!is_set (entity, "report_due_at"))
    return g_strdup (_("No report is due for this type of complaint"));
  due = format_time (entity, "report_due_at");
  if (is_set (entity, "report_overdue_at"))
    return g_strdup_printf (_("Overdue since %s"), due);
  return g_strdup_printf (_("Due %s"), due);
}

/**
 * rapport_complaint_panel_set_entity:
 * @self: the panel
 * @entity: the case as loaded or saved
 *
 * Shows the complaint's steps when the case is a complaint, nothing
 * otherwise; a closed complaint offers none.
 */
void
rapport_complaint_panel_set_entity (RapportComplaintPanel *self,
                                    CrmEntity             *entity)
{
  gboolean complaint;
  gboolean closed;
  g_autofree char *assessment = NULL;
  g_autofree char *report = NULL;

  g_return_if_fail (RAPPORT_IS_COMPLAINT_PANEL (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  complaint = is_set (entity, "is_complaint") && crm_entity_get_bool (entity, "is_complaint");
  gtk_widget_set_visible (GTK_WIDGET (self), complaint);
  if (!complaint)
    return;
  /* what was said of another case is not this one's */
  if (self->id != crm_entity_get_id (entity))
    show_message (self, NULL, FALSE);
  self->id = crm_entity_get_id (entity);
  g_free (self->subject);
  self->subject = g_strdup_printf ("%s %s", crm_entity_get_text (entity, "number"), crm_entity_get_text (entity, "subject"));
  assessment = describe_assessment (entity);
  report = describe_report (entity);
  adw_action_row_set_subtitle (self->state_row, assessment);
  adw_action_row_set_subtitle (self->due_row, report);
  if (is_set (entity, "report_overdue_at") && !is_set (entity, "report_submitted_at"))
    gtk_widget_add_css_class (GTK_WIDGET (self->due_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_row), "error");
  closed = g_strcmp0 (crm_entity_get_text (entity, "status"), "closed") == 0;
  if (closed && is_set (entity, "closure_approved_at"))
    {
      g_autofree char *when = format_time (entity, "closure_approved_at");
      /* TRANSLATORS: a closed complaint: when its closure was approved */
      g_autofree char *text = g_strdup_printf (_("Closed: its closure was approved and signed %s"), when);

      show_message (self, text, FALSE);
    }
  /* a closed complaint's assessment is no longer to be edited */
  gtk_widget_set_sensitive (GTK_WIDGET (self->reportable_switch), !closed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), !closed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->regime_row), !closed && gtk_switch_get_active (self->reportable_switch));
  gtk_widget_set_sensitive (self->assess_button, !closed);
  gtk_widget_set_sensitive (self->close_button, !closed && is_set (entity, "assessed_at"));
}

static void
on_reportable_changed (RapportComplaintPanel *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->regime_row), gtk_switch_get_active (self->reportable_switch) &&
                            gtk_widget_get_sensitive (GTK_WIDGET (self->reportable_switch)));
}

static void
on_signed (RapportComplaintPanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  show_message (self, _("The assessment is signed"), FALSE);
  g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

/* the decision typed, signed with the password in the signature dialog */
static void
on_assess (RapportComplaintPanel *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  gboolean reportable = gtk_switch_get_active (self->reportable_switch);
  g_autoptr(JsonObject) assessment = json_object_new ();
  RapportSignDialog *dialog;

  if (reason[0] == '\0')
    {
      show_message (self, _("Give the reason for the decision"), TRUE);
      gtk_widget_grab_focus (self->reason_row);
      return;
    }
  show_message (self, NULL, FALSE);
  json_object_set_boolean_member (assessment, "reportable", reportable);
  json_object_set_string_member (assessment, "report_regime",
                                 reportable ? regimes[MIN (adw_combo_row_get_selected (self->regime_row), 2)] : "none");
  json_object_set_string_member (assessment, "assessment_reason", reason);
  dialog = rapport_sign_dialog_new_assessment (GTK_WIDGET (self), self->api, self->id, self->subject, assessment);
  g_signal_connect_object (dialog, "signed", G_CALLBACK (on_signed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
closure_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportComplaintPanel *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_COMPLAINT_PANEL (user_data);
  gtk_widget_set_sensitive (self->close_button, TRUE);
  if (node == NULL)
    {
      show_message (self, error ? error->message : _("The server answered with an error"), TRUE);
      return;
    }
  show_message (self, _("Submitted: the closure waits for the quality function’s signed approval"), FALSE);
  g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

static void
on_submit_closure (RapportComplaintPanel *self)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/complaint/close", self->id);
  g_autoptr(JsonObject) empty = json_object_new ();
  /* the node takes its own reference of the object */
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), empty);

  gtk_widget_set_sensitive (self->close_button, FALSE);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, closure_done, self);
}

/* the complaint file as the server prints it, in a preview window */
static void
on_file (RapportComplaintPanel *self)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/complaint-file.pdf", self->id);
  /* TRANSLATORS: the title of the complaint file's preview window, with the case's number and subject */
  g_autofree char *title = g_strdup_printf (_("Complaint file %s"), self->subject);
  GtkWidget *preview = rapport_attachment_preview_new_for_path (self->api, path, title, "application/pdf");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (preview), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (preview));
}

/**
 * rapport_complaint_panel_get_summary:
 *
 * Returns: (transfer none): the assessment as shown
 */
const char *
rapport_complaint_panel_get_summary (RapportComplaintPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPLAINT_PANEL (self), NULL);

  return adw_action_row_get_subtitle (self->state_row);
}

/**
 * rapport_complaint_panel_get_message:
 *
 * Returns: (transfer none) (nullable): the last message shown (an error, or
 *   what a step did), %NULL when none is
 */
const char *
rapport_complaint_panel_get_message (RapportComplaintPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPLAINT_PANEL (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_text (self->message_label) : NULL;
}

static void
rapport_complaint_panel_dispose (GObject *object)
{
  RapportComplaintPanel *self = RAPPORT_COMPLAINT_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->subject, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_COMPLAINT_PANEL);
  G_OBJECT_CLASS (rapport_complaint_panel_parent_class)->dispose (object);
}

static void
rapport_complaint_panel_class_init (RapportComplaintPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_complaint_panel_dispose;

  /**
   * RapportComplaintPanel::record-changed:
   *
   * The case changed on the server (assessed, or submitted for closure):
   * its page reads it again.
   */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-complaint-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, group);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, state_row);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, due_row);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, reportable_switch);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, regime_row);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, reason_row);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, assess_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, file_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComplaintPanel, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_reportable_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_assess);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_closure);
  gtk_widget_class_bind_template_callback (widget_class, on_file);
}

static void
rapport_complaint_panel_init (RapportComplaintPanel *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autoptr(GTypeClass) case_class = g_type_class_ref (crm_entities_lookup_name ("case"));
  CrmEntityClass *klass = CRM_ENTITY_CLASS (case_class);
  const CrmFieldSpec *regime = &klass->fields[crm_entity_class_find_field (klass, "report_regime")];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (regimes); i++)
    gtk_string_list_append (choices, crm_field_spec_enum_label (regime, regimes[i]));
  adw_combo_row_set_model (self->regime_row, G_LIST_MODEL (choices));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_complaint_panel_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the panel, hidden until it is given a complaint
 */
GtkWidget *
rapport_complaint_panel_new (RapportApi *api)
{
  RapportComplaintPanel *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_COMPLAINT_PANEL, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
