/* rapport-survey-invitations.c: RapportSurveyInvitations, a survey's invitations under its results: who, when, whether answered, and what became of the mail that carried the link */
#include "rapport-survey-invitations.h"
#include "rapport-grid-cell.h"
#include "crm-format.h"
#include "crm-json.h"

#include <glib/gi18n.h>

struct _RapportSurveyInvitations
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *heading;
  GtkGrid      *grid;
  GtkLabel     *note;

  GCancellable *cancellable;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (RapportSurveyInvitations, rapport_survey_invitations, GTK_TYPE_WIDGET)

static GtkWidget *
cell (const char *text,
      gboolean    heading,
      gboolean    trouble)
{
  return rapport_grid_cell (text, RAPPORT_GRID_CELL_WRAP | (heading ? RAPPORT_GRID_CELL_HEADING : RAPPORT_GRID_CELL_SELECTABLE) |
                                  (trouble ? RAPPORT_GRID_CELL_ERROR : 0));
}

static void
clear (RapportSurveyInvitations *self)
{
  rapport_grid_clear (self->grid);
  gtk_widget_set_visible (GTK_WIDGET (self->note), FALSE);
}

/* the API's UTC instant, in the user's time zone; "" for none */
static char *
local_time (const char *iso)
{
  gint64 usec;

  if (iso == NULL || !crm_json_parse_timestamp (iso, &usec))
    return g_strdup (iso ? iso : "");
  return crm_format_timestamp (usec);
}

static const char *
status_words (const char *status)
{
  if (g_strcmp0 (status, "answered") == 0)
    return C_("survey invitation", "Answered");
  if (g_strcmp0 (status, "expired") == 0)
    return C_("survey invitation", "Expired");
  return C_("survey invitation", "Waiting for an answer");
}

/**
 * rapport_survey_invitations_describe_mail:
 * @mail: (nullable): an invitation's `mail`, or %NULL when its link was
 *   not mailed
 * @trouble: (out): whether the mail failed or waits after a failed attempt
 *
 * Returns: (transfer full): what became of the mail, in words
 */
char *
rapport_survey_invitations_describe_mail (JsonObject *mail,
                                          gboolean   *trouble)
{
  const char *state;
  const char *error;
  gint64 attempts;

  g_return_val_if_fail (trouble != NULL, NULL);

  *trouble = FALSE;
  if (mail == NULL)
    return g_strdup (_("Not mailed"));
  state = json_object_get_string_member_with_default (mail, "state", "");
  error = json_object_get_null_member (mail, "error") ? NULL : json_object_get_string_member_with_default (mail, "error", NULL);
  attempts = json_object_get_int_member_with_default (mail, "attempts", 0);
  if (g_str_equal (state, "sent"))
    {
      g_autofree char *when = local_time (json_object_get_null_member (mail, "sent_at")
                                          ? NULL : json_object_get_string_member_with_default (mail, "sent_at", NULL));

      /* TRANSLATORS: the survey's link was mailed at this date and time */
      return g_strdup_printf (_("Mailed %s"), when);
    }
  *trouble = error != NULL || g_str_equal (state, "failed");
  if (g_str_equal (state, "failed"))
    /* TRANSLATORS: the mail with the survey's link was given up; then the mail server's answer */
    return error ? g_strdup_printf (_("Mail failed: %s"), error) : g_strdup (_("Mail failed"));
  if (error != NULL)
    /* TRANSLATORS: the mail with the survey's link will be tried again; the mail server's last answer, then how many attempts were made */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Not sent yet: %s (%lu attempt)", "Not sent yet: %s (%lu attempts)",
                                         (gulong) attempts), error, (gulong) attempts);
  return g_strdup (_("Waiting to be mailed"));
}

static void
show (RapportSurveyInvitations *self,
      JsonArray                *items)
{
  const char *headings[] = { C_("survey invitation", "Contact"), C_("survey invitation", "Sent"),
                             C_("survey invitation", "Status"), C_("survey invitation", "Mail") };
  guint n = json_array_get_length (items);
  guint shown = MIN (n, RAPPORT_SURVEY_INVITATIONS_SHOWN);

  gtk_widget_set_visible (self->box, n > 0);
  if (n == 0)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    gtk_grid_attach (self->grid, cell (headings[c], TRUE, FALSE), c, 0, 1, 1);
  for (guint i = 0; i < shown; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *name = json_object_get_null_member (item, "contact_name")
                         ? NULL : json_object_get_string_member_with_default (item, "contact_name", NULL);
      JsonObject *mail = json_object_get_null_member (item, "mail") ? NULL : json_object_get_object_member (item, "mail");
      g_autofree char *sent = local_time (json_object_get_string_member_with_default (item, "created_at", NULL));
      gboolean trouble = FALSE;
      g_autofree char *mailed = rapport_survey_invitations_describe_mail (mail, &trouble);

      /* TRANSLATORS: in the survey's invitations, a contact the user may not see */
      gtk_grid_attach (self->grid, cell (name ? name : _("A contact you cannot see"), FALSE, FALSE), 0, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, cell (sent, FALSE, FALSE), 1, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, cell (status_words (json_object_get_string_member_with_default (item, "status", NULL)),
                                         FALSE, FALSE), 2, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, cell (mailed, FALSE, trouble), 3, 1 + i, 1, 1);
    }
  if (shown < n)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The newest %u of %u invitation are listed.",
                                                            "The newest %u of %u invitations are listed.", n),
                                               shown, n);

      gtk_label_set_text (self->note, text);
      gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
    }
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportSurveyInvitations *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  /* cancelled: the view may be gone, or another survey asked for */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  clear (self);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      /* the figures above say what went wrong; the list stays empty */
      gtk_widget_set_visible (self->box, FALSE);
      return;
    }
  show (self, items);
}

/**
 * rapport_survey_invitations_load:
 * @self: the list
 * @api: the signed-in client
 * @survey_id: the survey, or 0 for none: the list empties
 *
 * Reads the survey's invitations (GET /survey-invitations?survey_id=),
 * newest first; what was asked before and has not come is forgotten.
 */
void
rapport_survey_invitations_load (RapportSurveyInvitations *self,
                                 RapportApi               *api,
                                 gint64                    survey_id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_SURVEY_INVITATIONS (self));
  g_return_if_fail (RAPPORT_IS_API (api));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (survey_id <= 0)
    {
      self->busy = FALSE;
      clear (self);
      gtk_widget_set_visible (self->box, FALSE);
      return;
    }
  self->busy = TRUE;
  path = g_strdup_printf ("/survey-invitations?survey_id=%" G_GINT64_FORMAT, survey_id);
  rapport_api_request_async (api, "GET", path, NULL, self->cancellable, loaded, self);
}

/* Returns: whether a read is on its way */
gboolean
rapport_survey_invitations_get_busy (RapportSurveyInvitations *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_INVITATIONS (self), FALSE);
  return self->busy;
}

/* Returns: (transfer none): the table: a heading row, then a row an invitation */
GtkGrid *
rapport_survey_invitations_get_grid (RapportSurveyInvitations *self)
{
  g_return_val_if_fail (RAPPORT_IS_SURVEY_INVITATIONS (self), NULL);
  return self->grid;
}

static void
rapport_survey_invitations_dispose (GObject *object)
{
  RapportSurveyInvitations *self = RAPPORT_SURVEY_INVITATIONS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (rapport_survey_invitations_parent_class)->dispose (object);
}

static void
rapport_survey_invitations_class_init (RapportSurveyInvitationsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_survey_invitations_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_survey_invitations_init (RapportSurveyInvitations *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->heading = GTK_LABEL (gtk_label_new (C_("survey invitation", "Invitations")));
  gtk_label_set_xalign (self->heading, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "title-4");
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 24);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  C_("survey invitation", "Invitations"), -1);
  self->note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->note, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->note), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->note), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->heading));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->grid));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->note));
  gtk_widget_set_visible (self->box, FALSE);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}
