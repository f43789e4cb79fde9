/* rapport-admin-page.c: RapportAdminPage, administration for administrators: users, teams and role scopes side by side */
#include "rapport-admin-page.h"
#include "rapport-admin-scopes-page.h"
#include "rapport-admin-teams-page.h"
#include "rapport-admin-intake-page.h"
#include "rapport-admin-mailboxes-page.h"
#include "rapport-admin-pipelines-page.h"
#include "rapport-admin-templates-page.h"
#include "rapport-admin-users-page.h"
#include "rapport-admin-workflows-page.h"

#include <adwaita.h>

struct _RapportAdminPage
{
  GtkWidget               parent_instance;

  AdwViewStack           *stack;
  RapportAdminUsersPage  *users_page;
  RapportAdminTeamsPage  *teams_page;
  RapportAdminIntakePage *intake_page;
  RapportAdminMailboxesPage *mailboxes_page;
  RapportAdminScopesPage *scopes_page;
  RapportAdminTemplatesPage *templates_page;
  RapportAdminWorkflowsPage *workflows_page;
  RapportAdminPipelinesPage *pipelines_page;
};

G_DEFINE_FINAL_TYPE (RapportAdminPage, rapport_admin_page, GTK_TYPE_WIDGET)

void
rapport_admin_page_reload (RapportAdminPage *self)
{
  rapport_admin_users_page_reload (self->users_page);
  rapport_admin_teams_page_reload (self->teams_page);
  rapport_admin_scopes_page_reload (self->scopes_page);
  rapport_admin_templates_page_reload (self->templates_page);
  rapport_admin_workflows_page_reload (self->workflows_page);
  rapport_admin_pipelines_page_reload (self->pipelines_page);
  rapport_admin_mailboxes_page_reload (self->mailboxes_page);
}

/* Ctrl+N: a user or a team, after the tab shown */
void
rapport_admin_page_new_item (RapportAdminPage *self)
{
  const char *shown = adw_view_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (shown, "users") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->users_page), "users.new", NULL);
  else if (g_strcmp0 (shown, "teams") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->teams_page), "teams.new", NULL);
  else if (g_strcmp0 (shown, "intake") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->intake_page), "intake.new", NULL);
  else if (g_strcmp0 (shown, "mailboxes") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->mailboxes_page), "mailboxes.new", NULL);
  else if (g_strcmp0 (shown, "templates") == 0)
    rapport_admin_templates_page_new_template (self->templates_page);
  else if (g_strcmp0 (shown, "workflows") == 0)
    rapport_admin_workflows_page_new_workflow (self->workflows_page);
  else if (g_strcmp0 (shown, "pipelines") == 0)
    rapport_admin_pipelines_page_new_pipeline (self->pipelines_page);
}

/* Ctrl+S: the print template being edited */
void
rapport_admin_page_save (RapportAdminPage *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "templates") == 0)
    rapport_admin_templates_page_save (self->templates_page);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "workflows") == 0)
    rapport_admin_workflows_page_save (self->workflows_page);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "pipelines") == 0)
    rapport_admin_pipelines_page_save (self->pipelines_page);
}

/* shows "users", "teams", "scopes", "templates" or "workflows" */
void
rapport_admin_page_show (RapportAdminPage *self,
                         const char       *name)
{
  adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
rapport_admin_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_ADMIN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (rapport_admin_page_parent_class)->dispose (object);
}

static void
rapport_admin_page_class_init (RapportAdminPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_admin_page_dispose;

  g_type_ensure (RAPPORT_TYPE_ADMIN_USERS_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_TEAMS_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_INTAKE_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_MAILBOXES_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_SCOPES_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_TEMPLATES_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_WORKFLOWS_PAGE);
  g_type_ensure (RAPPORT_TYPE_ADMIN_PIPELINES_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, users_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, teams_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, intake_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, mailboxes_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, scopes_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, templates_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, workflows_page);
  gtk_widget_class_bind_template_child (widget_class, RapportAdminPage, pipelines_page);
  /* the users' Team column names the teams afresh when they change */
  gtk_widget_class_bind_template_callback (widget_class, rapport_admin_users_page_reload);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_admin_page_init (RapportAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_admin_page_new:
 * @api: the signed-in client of an administrator
 *
 * Returns: (transfer floating): the page, loading its users, teams and scopes
 */
RapportAdminPage *
rapport_admin_page_new (RapportApi *api)
{
  RapportAdminPage *self = g_object_new (RAPPORT_TYPE_ADMIN_PAGE, NULL);

  rapport_admin_users_page_set_api (self->users_page, api);
  rapport_admin_teams_page_set_api (self->teams_page, api);
  rapport_admin_intake_page_set_api (self->intake_page, api);
  rapport_admin_mailboxes_page_set_api (self->mailboxes_page, api);
  rapport_admin_scopes_page_set_api (self->scopes_page, api);
  rapport_admin_templates_page_set_api (self->templates_page, api);
  rapport_admin_workflows_page_set_api (self->workflows_page, api);
  rapport_admin_pipelines_page_set_api (self->pipelines_page, api);
  return self;
}
