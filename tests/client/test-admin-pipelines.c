/* test-admin-pipelines.c: the Pipelines tab under Xvfb: a pipeline typed at full speed, a stage moved by Alt+Up, saved and read back; refusals shown on the stage they name; renamed and archived */
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-admin-page.h"
#include "pages/rapport-admin-pipelines-page.h"
#include "pages/rapport-sign-in-page.h"
#include "widgets/rapport-stage-editor.h"
#include "crm-entities.h"
#include "crm-entity.h"

#include <glib/gi18n.h>
#include <string.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
/* "-zh_CN" on the screenshots of a run in Chinese */
static const char *suffix = "";

static char *
sql_text (const char *statement)
{
  char *out = rapport_test_server_sql (server, statement);

  return g_strstrip (out);
}

static void
screenshot (const char *name)
{
  g_autofree char *shot = g_strdup_printf ("%s%s", name, suffix);

  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

static gboolean
is_workspace (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") == 0;
}

static RapportAdminPage *
admin_page (void)
{
  GtkStack *content = GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack"));
  GtkWidget *admin = gtk_stack_get_child_by_name (content, "admin");

  g_assert_nonnull (admin);
  return RAPPORT_ADMIN_PAGE (admin);
}

static RapportAdminPipelinesPage *
pipelines_page (void)
{
  return RAPPORT_ADMIN_PIPELINES_PAGE (CHILD (admin_page (), RAPPORT_TYPE_ADMIN_PAGE, "pipelines_page"));
}

static gboolean
idle (gpointer data)
{
  return !rapport_admin_pipelines_page_get_busy (pipelines_page ());
}

/* the page shows @data stages, the server's answer in */
static gboolean
n_stages_shown (gpointer data)
{
  return idle (NULL) && rapport_admin_pipelines_page_get_n_stages (pipelines_page ()) == GPOINTER_TO_UINT (data);
}

static gboolean
saved (gpointer data)
{
  return idle (NULL) && !rapport_admin_pipelines_page_get_dirty (pipelines_page ());
}

static RapportStageEditor *
stage (guint position)
{
  GtkWidget *editor = rapport_admin_pipelines_page_get_stage (pipelines_page (), position);

  g_assert_nonnull (editor);
  return RAPPORT_STAGE_EDITOR (editor);
}

static gboolean
stage_refused (gpointer data)
{
  return idle (NULL) && rapport_stage_editor_get_error (stage (GPOINTER_TO_UINT (data))) != NULL;
}

static const char *
stage_text (guint       position,
            const char *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (rapport_stage_editor_get_row (stage (position), key)));
}

static void
open_admin (void)
{
  GtkListBox *sections = GTK_LIST_BOX (CHILD (window, RAPPORT_TYPE_WINDOW, "section_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sections, i)) != NULL; i++)
    {
      GtkWidget *label = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));

      if (GTK_IS_LABEL (label) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), _("Administration")))
        {
          g_signal_emit_by_name (sections, "row-activated", row);
          return;
        }
    }
  g_assert_not_reached ();
}

/* an opportunity's amount as a form names it, in the language of the run */
static const char *
amount_label (void)
{
  CrmEntityClass *klass = g_type_class_peek (crm_entities_lookup_name ("opportunity"));

  return crm_field_spec_get_label (&klass->fields[crm_entity_class_find_json_key (klass, "amount")]);
}

static char *
stored_stages (const char *column)
{
  g_autofree char *statement = g_strdup_printf ("SELECT GROUP_CONCAT(s.`%s` ORDER BY s.position SEPARATOR '|') "
                                                "FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id "
                                                "WHERE p.name = 'projects'", column);

  return sql_text (statement);
}

/* a new pipeline typed at full speed, its third stage moved up with
 * Alt+Up, saved with Ctrl+S, and read back in that order */
static void
test_create_and_reorder (void)
{
  g_autofree char *names = NULL;
  g_autofree char *probabilities = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *required = NULL;
  GtkWidget *fields;

  open_admin ();
  rapport_admin_page_show (admin_page (), "pipelines");
  /* the seeded "Sales" pipeline, shown first */
  rapport_test_ui_wait_until (n_stages_shown, GUINT_TO_POINTER (6), 30, "the default pipeline's stages");
  screenshot ("pipelines-sales");

  gtk_widget_activate_action (GTK_WIDGET (pipelines_page ()), "pipelines.new", NULL);
  /* a new pipeline has its won and lost stages ready */
  g_assert_cmpuint (rapport_admin_pipelines_page_get_n_stages (pipelines_page ()), ==, 2);
  rapport_test_keys_send (window, "projects"
                          "<C-Return>qualify<Tab>10"
                          "<C-Return>propose<Tab>40"
                          "<C-Return>negotiate<Tab>70"
                          "<A-Up>");
  g_assert_cmpuint (rapport_admin_pipelines_page_get_n_stages (pipelines_page ()), ==, 5);
  g_assert_cmpstr (stage_text (0, "name"), ==, "qualify");
  g_assert_cmpstr (stage_text (1, "name"), ==, "negotiate");
  g_assert_cmpstr (stage_text (2, "name"), ==, "propose");
  g_assert_cmpstr (stage_text (1, "probability"), ==, "70");
  /* "propose" needs the amount: chosen by its label among the opportunity's fields */
  fields = rapport_stage_editor_get_row (stage (2), "required_fields");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (fields), TRUE);
  adw_action_row_activate (ADW_ACTION_ROW (rapport_test_ui_find_by_name (fields, "amount")));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (fields)), ==, amount_label ());
  screenshot ("pipelines-typed");
  gtk_widget_grab_focus (rapport_test_ui_find_by_name (fields, "amount"));
  screenshot ("pipelines-required-fields");
  rapport_stage_editor_focus (stage (1));
  rapport_test_keys_send (window, "<C-s>");
  rapport_test_ui_wait_until (saved, NULL, 30, "the pipeline saved");
  g_assert_null (rapport_admin_pipelines_page_get_error (pipelines_page ()));

  names = stored_stages ("name");
  expected = g_strdup_printf ("qualify|negotiate|propose|%s|%s", C_("stage kind", "Won"), C_("stage kind", "Lost"));
  g_assert_cmpstr (names, ==, expected);
  probabilities = stored_stages ("probability");
  g_assert_cmpstr (probabilities, ==, "10|70|40|100|0");
  required = sql_text ("SELECT required_fields FROM pipeline_stages WHERE name = 'propose'");
  g_assert_nonnull (strstr (required, "\"amount\""));

  /* opened again from the list, after another: the order kept */
  rapport_admin_page_reload (admin_page ());
  rapport_test_ui_wait_until (idle, NULL, 30, "the pipelines read again");
  g_assert_true (rapport_admin_pipelines_page_select (pipelines_page (), "Sales"));
  rapport_test_ui_wait_until (n_stages_shown, GUINT_TO_POINTER (6), 30, "Sales shown");
  g_assert_true (rapport_admin_pipelines_page_select (pipelines_page (), "projects"));
  rapport_test_ui_wait_until (n_stages_shown, GUINT_TO_POINTER (5), 30, "projects shown");
  g_assert_cmpstr (stage_text (0, "name"), ==, "qualify");
  g_assert_cmpstr (stage_text (1, "name"), ==, "negotiate");
  g_assert_cmpstr (stage_text (2, "name"), ==, "propose");
  fields = rapport_stage_editor_get_row (stage (2), "required_fields");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (fields)), ==, amount_label ());
  g_assert_false (rapport_admin_pipelines_page_get_dirty (pipelines_page ()));
  screenshot ("pipelines-saved");
}

/* a probability of 150 is shown on its stage, checked before sending; a name
 * twice, which only the server checks, is refused on the stage it names;
 * either way the stored pipeline stays as it was */
static void
test_refusals (void)
{
  g_autofree char *before = stored_stages ("probability");
  g_autofree char *after = NULL;
  g_autofree char *names = NULL;
  GtkWidget *probability;
  GtkWidget *name;

  g_assert_true (rapport_admin_pipelines_page_select (pipelines_page (), "projects"));
  rapport_test_ui_wait_until (n_stages_shown, GUINT_TO_POINTER (5), 30, "projects shown");

  probability = rapport_stage_editor_get_row (stage (1), "probability");
  gtk_widget_grab_focus (probability);
  gtk_editable_set_text (GTK_EDITABLE (probability), "150");
  rapport_test_keys_send (window, "<C-s>");
  rapport_test_ui_wait_until (stage_refused, GUINT_TO_POINTER (1), 30, "the probability refused");
  g_assert_nonnull (strstr (rapport_stage_editor_get_error (stage (1)), "100"));
  g_assert_true (gtk_widget_has_css_class (probability, "error"));
  g_assert_null (rapport_stage_editor_get_error (stage (0)));
  screenshot ("pipelines-probability-refused");

  /* put right, and a name given twice: the server's refusal, on the stage it names */
  gtk_editable_set_text (GTK_EDITABLE (probability), "75");
  name = rapport_stage_editor_get_row (stage (2), "name");
  gtk_editable_set_text (GTK_EDITABLE (name), "Qualify");
  rapport_test_keys_send (window, "<C-s>");
  rapport_test_ui_wait_until (stage_refused, GUINT_TO_POINTER (2), 30, "the name refused by the server");
  g_assert_nonnull (strstr (rapport_stage_editor_get_error (stage (2)), "qualify"));
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  g_assert_null (rapport_stage_editor_get_error (stage (1)));
  /* what was typed stays, and nothing is stored */
  g_assert_cmpstr (stage_text (1, "probability"), ==, "75");
  g_assert_true (rapport_admin_pipelines_page_get_dirty (pipelines_page ()));
  after = stored_stages ("probability");
  g_assert_cmpstr (after, ==, before);
  names = stored_stages ("name");
  g_assert_true (g_str_has_prefix (names, "qualify|negotiate|propose|"));
  screenshot ("pipelines-name-refused");
}

/* the archived pipeline is no longer edited, and the list was read again */
static gboolean
archived_shown (gpointer data)
{
  return idle (NULL) && rapport_admin_pipelines_page_get_n_stages (pipelines_page ()) == 6;
}

/* the refused edits put right and the pipeline renamed, saved; then archived
 * after a confirmation: it leaves the list */
static void
test_rename_and_archive (void)
{
  GtkWidget *name = rapport_test_ui_find_by_name (GTK_WIDGET (pipelines_page ()), "name");
  g_autofree char *stored = NULL;
  g_autofree char *probabilities = NULL;
  g_autofree char *archived = NULL;

  /* the header's name comes before the stages' */
  g_assert_true (gtk_widget_is_ancestor (name, GTK_WIDGET (pipelines_page ())));
  g_assert_null (gtk_widget_get_ancestor (name, RAPPORT_TYPE_STAGE_EDITOR));
  gtk_editable_set_text (GTK_EDITABLE (name), "projects 2");
  gtk_editable_set_text (GTK_EDITABLE (rapport_stage_editor_get_row (stage (2), "name")), "propose");
  rapport_test_keys_send (window, "<C-s>");
  rapport_test_ui_wait_until (saved, NULL, 30, "the pipeline renamed");
  stored = sql_text ("SELECT CONCAT(COUNT(*), ' ', MAX(version)) FROM pipelines WHERE name = 'projects 2'");
  g_assert_cmpstr (stored, ==, "1 2");
  probabilities = sql_text ("SELECT GROUP_CONCAT(s.probability ORDER BY s.position SEPARATOR '|') FROM pipeline_stages s "
                            "JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'projects 2'");
  g_assert_cmpstr (probabilities, ==, "10|75|40|100|0");

  gtk_widget_activate_action (GTK_WIDGET (pipelines_page ()), "pipelines.archive", NULL);
  {
    g_autofree char *shot = g_strdup_printf ("pipelines-archive%s", suffix);

    rapport_test_ui_respond ("archive", shot);
  }
  rapport_test_ui_wait_until (archived_shown, NULL, 30, "the archive answered and the list read again");
  archived = sql_text ("SELECT archived FROM pipelines WHERE name = 'projects 2'");
  g_assert_cmpstr (archived, ==, "1");
  g_assert_false (rapport_admin_pipelines_page_select (pipelines_page (), "projects 2"));
  g_assert_true (rapport_admin_pipelines_page_select (pipelines_page (), "Sales"));
  /* the default pipeline, where new opportunities start, is not archived */
  rapport_test_ui_settle (100);
  g_assert_false (gtk_widget_get_sensitive (rapport_test_ui_find_button (GTK_WIDGET (pipelines_page ()), _("A_rchive"))));
  screenshot ("pipelines-archived");
}

int
main (int   argc,
      char *argv[])
{
  RapportSignInPage *page;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (rapport_test_ui_init_locale () != NULL)
    suffix = "-zh_CN";
  server = rapport_test_server_start ();
  window = rapport_test_ui_open_window (1100, 860);
  page = RAPPORT_SIGN_IN_PAGE (CHILD (window, RAPPORT_TYPE_WINDOW, "sign_in_page"));
  rapport_sign_in_page_set_server (page, server->base_url);
  rapport_sign_in_page_sign_in (page, "admin", server->admin_password, NULL);
  rapport_test_ui_wait_until (is_workspace, NULL, 30, "the workspace");

  g_test_add_func ("/admin-pipelines/create-and-reorder", test_create_and_reorder);
  g_test_add_func ("/admin-pipelines/refusals", test_refusals);
  g_test_add_func ("/admin-pipelines/rename-and-archive", test_rename_and_archive);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_server_stop (server);
  return status;
}
