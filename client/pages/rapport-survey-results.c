/* rapport-survey-results.c: RapportSurveyResults, a survey's results beside the Surveys list: response rate, CSAT, NPS and counts, whole or by rep or category, and its invitations; an active survey is sent to contacts from here */
#include "rapport-survey-results.h"
#include "widgets/rapport-survey-send-dialog.h"
#include "widgets/rapport-survey-invitations.h"
#include "widgets/rapport-grid-cell.h"

#include <glib/gi18n.h>

/* a manager keeps a handful of surveys: the chooser lists this many */
#define MAX_SURVEYS 200

struct _RapportSurveyResults
{
  GtkWidget      parent_instance;

  GtkDropDown   *survey_dropdown;
  GtkStringList *survey_names;
  GtkDropDown   *group_dropdown;
  GtkLabel      *error_label;
  GtkGrid       *grid;
  GtkWidget     *empty_label;
  RapportSurveyInvitations *invitations;

  RapportApi    *api;
  /* the surveys' ids, in the chooser's order */
  GArray        *survey_ids;
  /* whether each may be sent (active), in the same order */
  GArray        *survey_active;
  GCancellable  *cancellable;
  gboolean       busy;
  /* the chooser is being filled: its changes ask for nothing */
  gboolean       filling;
};

G_DEFINE_FINAL_TYPE (RapportSurveyResults, rapport_survey_results, GTK_TYPE_WIDGET)

/* the server's group_by, in the order of the group chooser */
static const char * const groupings[] = { "none", "owner", "category" };

static GtkWidget *
cell (const char *text,
      gboolean    number,
      gboolean    heading)
{
  return rapport_grid_cell (text, (number ? RAPPORT_GRID_CELL_NUMBER : RAPPORT_GRID_CELL_WRAP) |
                                  (heading ? RAPPORT_GRID_CELL_HEADING : 0));
}


static void
show_error (RapportSurveyResults *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* "66.67 %", or a dash when there is nothing to divide by */
static char *
percent (JsonObject *object,
         const char *member)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  /* TRANSLATORS: a percentage the server computed, e.g. "66.67 %" */
  return value ? g_strdup_printf (_("%s %%"), value) : g_strdup ("—");
}

/* what a question's column shows for one group */
static char *
describe_question (JsonObject *figures)
{
  const char *type = json_object_get_string_member_with_default (figures, "type", "");
  gint64 n = json_object_get_int_member_with_default (figures, "n", 0);
  JsonObject *counts = json_object_has_member (figures, "counts") ? json_object_get_object_member (figures, "counts") : NULL;
  g_autofree char *value = NULL;

  if (g_str_equal (type, "rating"))
    {
      value = percent (figures, "csat");
      /* TRANSLATORS: a rating question's satisfaction: the share of 4 and 5, and how many answered */
      return g_strdup_printf (_("CSAT %s (n = %lu)"), value, (gulong) n);
    }
  if (g_str_equal (type, "nps"))
    /* TRANSLATORS: the net promoter score, then the promoters, passives and detractors it rests on */
    return g_strdup_printf (_("NPS %s (%lu / %lu / %lu, n = %lu)"),
                            json_object_get_string_member_with_default (figures, "nps", "—"),
                            (gulong) json_object_get_int_member_with_default (figures, "promoters", 0),
                            (gulong) json_object_get_int_member_with_default (figures, "passives", 0),
                            (gulong) json_object_get_int_member_with_default (figures, "detractors", 0), (gulong) n);
  if (g_str_equal (type, "choice") && counts != NULL)
    {
      g_autoptr(GList) options = json_object_get_members (counts);
      GString *text = g_string_new (NULL);

      for (GList *l = options; l != NULL; l = l->next)
        g_string_append_printf (text, "%s%s %" G_GINT64_FORMAT, text->len ? " · " : "", (const char *) l->data,
                                json_object_get_int_member (counts, l->data));
      return g_string_free (text, FALSE);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu answer", "%lu answers", (gulong) n), (gulong) n);
}

static const char *
group_name (RapportSurveyResults *self,
            JsonObject           *group)
{
  const char *name = json_object_get_string_member_with_default (group, "name", NULL);
  guint grouping = gtk_drop_down_get_selected (self->group_dropdown);

  if (grouping == 0 || grouping == GTK_INVALID_LIST_POSITION)
    return C_("survey results", "All invitations");
  if (name != NULL)
    return name;
  return grouping == 1 ? C_("survey results", "No rep") : C_("survey results", "No category");
}

static void
show_results (RapportSurveyResults *self,
              JsonArray            *groups)
{
  const char *headings[] = { C_("survey results", "Group"), C_("survey results", "Sent"),
                             C_("survey results", "Answered"), C_("survey results", "Response rate") };
  guint n = json_array_get_length (groups);
  JsonArray *questions;

  gtk_widget_set_visible (self->empty_label, n == 0);
  if (n == 0)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    gtk_grid_attach (self->grid, cell (headings[c], c > 0, TRUE), c, 0, 1, 1);
  questions = json_object_get_array_member (json_array_get_object_element (groups, 0), "questions");
  for (guint q = 0; questions != NULL && q < json_array_get_length (questions); q++)
    gtk_grid_attach (self->grid, cell (json_object_get_string_member_with_default (json_array_get_object_element (questions, q),
                                                                                "label", ""), FALSE, TRUE),
                     G_N_ELEMENTS (headings) + q, 0, 1, 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      g_autofree char *sent = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (group, "sent", 0));
      g_autofree char *answered = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   json_object_get_int_member_with_default (group, "answered", 0));
      g_autofree char *rate = percent (group, "response_rate");

      questions = json_object_get_array_member (group, "questions");
      gtk_grid_attach (self->grid, cell (group_name (self, group), FALSE, FALSE), 0, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, cell (sent, TRUE, FALSE), 1, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, cell (answered, TRUE, FALSE), 2, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, cell (rate, TRUE, FALSE), 3, 1 + i, 1, 1);
      for (guint q = 0; questions != NULL && q < json_array_get_length (questions); q++)
        {
          g_autofree char *text = describe_question (json_array_get_object_element (questions, q));

          gtk_grid_attach (self->grid, cell (text, FALSE, FALSE), G_N_ELEMENTS (headings) + q, 1 + i, 1, 1);
        }
    }
}

static void
results_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportSurveyResults *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *groups;

  /* cancelled: the view may be gone, or another survey asked for */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  rapport_grid_clear (self->grid);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (groups = json_object_get_array_member (json_node_get_object (node), "groups")) == NULL)
    {
      show_error (self, error ? error->message : _("The server answered with an error"));
      return;
    }
  show_error (self, NULL);
  show_results (self, groups);
}

/* an active survey is sent to contacts; another is not */
static void
update_send (RapportSurveyResults *self)
{
  guint survey = gtk_drop_down_get_selected (self->survey_dropdown);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.send-to-contacts",
                                 survey < self->survey_active->len &&
                                 g_array_index (self->survey_active, gboolean, survey));
}

static GCancellable *
restart (RapportSurveyResults *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  return self->cancellable;
}

static void
load_results (RapportSurveyResults *self)
{
  guint survey = gtk_drop_down_get_selected (self->survey_dropdown);
  guint grouping = gtk_drop_down_get_selected (self->group_dropdown);
  g_autofree char *path = NULL;

  update_send (self);
  if (survey == GTK_INVALID_LIST_POSITION || survey >= self->survey_ids->len)
    {
      restart (self);
      self->busy = FALSE;
      rapport_grid_clear (self->grid);
      gtk_widget_set_visible (self->empty_label, FALSE);
      show_error (self, self->survey_ids->len == 0 ? _("No survey has been defined yet") : NULL);
      rapport_survey_invitations_load (self->invitations, self->api, 0);
      return;
    }
  path = g_strdup_printf ("/surveys/%" G_GINT64_FORMAT "/results?group_by=%s",
                          g_array_index (self->survey_ids, gint64, survey),
                          groupings[grouping < G_N_ELEMENTS (groupings) ? grouping : 0]);
  rapport_api_request_async (self->api, "GET", path, NULL, restart (self), results_loaded, self);
  rapport_survey_invitations_load (self->invitations, self->api, g_array_index (self->survey_ids, gint64, survey));
}

static void
surveys_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportSurveyResults *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  gint64 chosen = 0;
  guint selected = 0;
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      show_error (self, error ? error->message : _("The server answered with an error"));
      return;
    }
  /* the survey shown stays chosen when the list is read again */
  if (gtk_drop_down_get_selected (self->survey_dropdown) < self->survey_ids->len)
    chosen = g_array_index (self->survey_ids, gint64, gtk_drop_down_get_selected (self->survey_dropdown));
  self->filling = TRUE;
  g_array_set_size (self->survey_ids, 0);
  g_array_set_size (self->survey_active, 0);
  gtk_string_list_splice (self->survey_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->survey_names)), NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *survey = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (survey, "id", 0);
      gboolean active = json_object_get_boolean_member_with_default (survey, "active", FALSE) &&
                        !json_object_get_boolean_member_with_default (survey, "archived", FALSE);

      if (id == chosen)
        selected = i;
      g_array_append_val (self->survey_ids, id);
      g_array_append_val (self->survey_active, active);
      gtk_string_list_append (self->survey_names, json_object_get_string_member_with_default (survey, "name", ""));
    }
  gtk_drop_down_set_selected (self->survey_dropdown, self->survey_ids->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  load_results (self);
}

/**
 * rapport_survey_results_reload:
 * @self: the view
 *
 * Reads the surveys, then the chosen one's results, again.
 */
void
rapport_survey_results_reload (RapportSurveyResults *self)
{
  g_autofree char *path = g_strdup_printf ("/surveys?limit=%d&sort=name", MAX_SURVEYS);

  g_return_if_fail (RAPPORT_IS_SURVEY_RESULTS (self));

  rapport_api_request_async (self->api, "GET", path, NULL, restart (self), surveys_loaded, self);
}

static void
on_choice_changed (RapportSurveyResults *self)
{
  if (!self->filling && self->api != NULL)
    load_results (self);
}

/**
 * rapport_survey_results_choose:
 * @self: the view
 * @survey_id: a survey in the chooser
 * @group_by: "none", "owner" or "category"
 *
 * Shows that survey's results, so grouped.
 */
void
rapport_survey_results_choose (RapportSurveyResults *self,
                               gint64                survey_id,
                               const char           *group_by)
{
  g_return_if_fail (RAPPORT_IS_SURVEY_RESULTS (self));
  g_return_if_fail (group_by != NULL);

  self->filling = TRUE;
  for (guint i = 0; i < self->survey_ids->len; i++)
    if (g_array_index (self->survey_ids, gint64, i) == survey_id)
      gtk_drop_down_set_selected (self->survey_dropdown, i);
  for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
    if (g_str_equal (groupings[g], group_by))
      gtk_drop_down_set_selected (self->group_dropdown, g);
  self->filling = FALSE;
  load_results (self);
}

/**
 * rapport_survey_results_send:
 * @self: the view
 *
 * Opens the dialog that sends the chosen survey, an active one, to
 * contacts; the results are read again once it has sent.
 *
 * Returns: (transfer none) (nullable): the dialog, %NULL when the chosen
 *   survey may not be sent
 */
RapportSurveySendDialog *
rapport_survey_results_send (RapportSurveyResults *self)
{
  guint survey;
  RapportSurveySendDialog *dialog;

  g_return_val_if_fail (RAPPORT_IS_SURVEY_RESULTS (self), NULL);

  survey = gtk_drop_down_get_selected (self->survey_dropdown);
  if (self->api == NULL || survey >= self->survey_ids->len || !g_array_index (self->survey_active, gboolean, survey))
    return NULL;
  dialog = rapport_survey_send_dialog_new (GTK_WIDGET (self), self->api, g_array_index (self->survey_ids, gint64, survey),
                                           gtk_string_list_get_string (self->survey_names, survey));
  g_signal_connect_object (dialog, "sent", G_CALLBACK (rapport_survey_results_reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
send_to_contacts (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rapport_survey_results_send (RAPPORT_SURVEY_RESULTS (widget));
}

static void
rapport_survey_results_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_survey_results_parent_class)->map (widget);
  /* answers recorded elsewhere show when the view is shown again */
  rapport_survey_results_reload (RAPPORT_SURVEY_RESULTS (widget));
}

static void
rapport_survey_results_dispose (GObject *object)
{
  RapportSurveyResults *self = RAPPORT_SURVEY_RESULTS (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_SURVEY_RESULTS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->survey_ids, g_array_unref);
  g_clear_pointer (&self->survey_active, g_array_unref);
  G_OBJECT_CLASS (rapport_survey_results_parent_class)->dispose (object);
}

static void
rapport_survey_results_class_init (RapportSurveyResultsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_survey_results_dispose;
  widget_class->map = rapport_survey_results_map;

  g_type_ensure (RAPPORT_TYPE_SURVEY_INVITATIONS);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-survey-results.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, survey_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, survey_names);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, grid);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, empty_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSurveyResults, invitations);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, rapport_survey_results_reload);
  gtk_widget_class_install_action (widget_class, "survey.send-to-contacts", NULL, send_to_contacts);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_survey_results_init (RapportSurveyResults *self)
{
  self->survey_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->survey_active = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "survey.send-to-contacts", FALSE);
}

/**
 * rapport_survey_results_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the view, read when shown
 */
GtkWidget *
rapport_survey_results_new (RapportApi *api)
{
  RapportSurveyResults *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_SURVEY_RESULTS, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_survey_results_add_to:
 * @page: the Surveys section's list
 * @api: the signed-in client
 *
 * Puts the results beside the list of surveys.
 */
void
rapport_survey_results_add_to (RapportRecordsPage *page,
                               RapportApi         *api)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (page));
  g_return_if_fail (RAPPORT_IS_API (api));

  rapport_records_page_add_view (page, "survey-results", C_("survey results", "Results"), "x-office-spreadsheet-symbolic",
                                 rapport_survey_results_new (api));
}

/* Returns: whether a read (of the results or of the invitations) is on its way */
gboolean
rapport_survey_results_get_busy (RapportSurveyResults *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_RESULTS (self), FALSE);
  return self->busy || rapport_survey_invitations_get_busy (self->invitations);
}

/* Returns: (transfer none): the chosen survey's invitations, under the results */
RapportSurveyInvitations *
rapport_survey_results_get_invitations (RapportSurveyResults *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_RESULTS (self), NULL);
  return self->invitations;
}

/* Returns: (transfer none): the table: a heading row, then a row a group */
GtkGrid *
rapport_survey_results_get_grid (RapportSurveyResults *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_RESULTS (self), NULL);
  return self->grid;
}
