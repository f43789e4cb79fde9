/* rapport-team-dialog.c: RapportTeamDialog, a team's name, and for a new one its place in the tree */
#include "rapport-team-dialog.h"
#include "rapport-chooser-row.h"

#include <glib/gi18n.h>

struct _RapportTeamDialog
{
  AdwMessageDialog   parent_instance;

  GtkWidget         *name_row;
  RapportChooserRow *parent_row;
};

G_DEFINE_FINAL_TYPE (RapportTeamDialog, rapport_team_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_responses (RapportTeamDialog *self)
{
  g_autofree char *name = rapport_team_dialog_get_name (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", name[0] != '\0');
}

static void
rapport_team_dialog_class_init (RapportTeamDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (RAPPORT_TYPE_CHOOSER_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-team-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTeamDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamDialog, parent_row);
  gtk_widget_class_bind_template_callback (widget_class, update_responses);
}

static void
rapport_team_dialog_init (RapportTeamDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_team_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @api: the signed-in client
 * @name: (nullable): the name of the team renamed, or %NULL for a new team
 * @parent_id: for a new team, the team it is proposed under, or 0
 *
 * A team once created keeps its place: only its name changes here, so the
 * tree never gets a loop. The caller acts on the "save" response.
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportTeamDialog *
rapport_team_dialog_new (GtkWidget  *parent,
                         RapportApi *api,
                         const char *name,
                         gint64      parent_id)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  RapportTeamDialog *self = g_object_new (RAPPORT_TYPE_TEAM_DIALOG,
                                          "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          "heading", name ? _("Rename Team") : _("New Team"),
                                          NULL);

  if (name)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      gtk_widget_set_visible (GTK_WIDGET (self->parent_row), FALSE);
    }
  else
    {
      rapport_chooser_row_select_id (self->parent_row, parent_id);
      rapport_chooser_row_load (self->parent_row, api, 0);
    }
  return self;
}

/* the name, trimmed */
char *
rapport_team_dialog_get_name (RapportTeamDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

/* the team a new one goes under, or 0 for the top level */
gint64
rapport_team_dialog_get_parent_id (RapportTeamDialog *self)
{
  return rapport_chooser_row_get_selected_id (self->parent_row);
}
