/* test-surveys-ui.c: surveys in the client, under Xvfb against a real rapportd: a closed case's survey answered by phone on the case's page, a survey's results beside the Surveys list (response rate, CSAT and NPS with their counts, whole and by rep), and a survey sent to contacts chosen by typing their names, and a survey's questions edited one by one */
#include "rapport-application.h"
#include "rapport-test-keys.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-records-page.h"
#include "pages/rapport-record-page.h"
#include "pages/rapport-survey-results.h"
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-questions-row.h"
#include "widgets/rapport-survey-answers.h"

#include <glib/gi18n.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static char *manager;
static const char *suffix = "";

static RapportSurveyResults *
results (void)
{
  GtkWidget *stack = CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack");
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (stack), "surveys");
  GtkWidget *found = page ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_SURVEY_RESULTS) : NULL;

  return found ? RAPPORT_SURVEY_RESULTS (found) : NULL;
}

static const char *
cell_text (guint column,
           guint row)
{
  GtkWidget *cell = gtk_grid_get_child_at (rapport_survey_results_get_grid (results ()), column, row);

  return cell && GTK_IS_LABEL (cell) ? gtk_label_get_text (GTK_LABEL (cell)) : NULL;
}

/* the table is read and its first row names @data */
static gboolean
shows_group (gpointer data)
{
  return results () != NULL && gtk_widget_get_mapped (GTK_WIDGET (results ())) &&
         !rapport_survey_results_get_busy (results ()) && g_strcmp0 (cell_text (0, 1), data) == 0;
}

static void
record (gint64      invitation,
        const char *answers)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/survey-invitations/%" G_GINT64_FORMAT "/answers", invitation);
  g_autofree char *body = g_strdup_printf ("{\"answers\":%s}", answers);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, rep, body);

  g_assert_cmpuint (reply->status, ==, 201);
}

static gboolean
signed_out (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "main_stack"))),
                    "workspace") != 0;
}

static void
sign_out (void)
{
  gtk_widget_activate_action (window, "win.sign-out", NULL);
  rapport_test_ui_wait_until (signed_out, NULL, 30, "the sign-in page");
}

/* the chosen survey's whole results are read: @data sent */
static gboolean
shows_sent (gpointer data)
{
  return results () != NULL && !rapport_survey_results_get_busy (results ()) &&
         g_strcmp0 (cell_text (0, 1), C_("survey results", "All invitations")) == 0 &&
         g_strcmp0 (cell_text (1, 1), data) == 0;
}

static RapportSurveyAnswers *
answers_widget (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_SURVEY_ANSWERS) : NULL;

  return found ? RAPPORT_SURVEY_ANSWERS (found) : NULL;
}

static gboolean
answers_status (gpointer data)
{
  return answers_widget () != NULL && g_strcmp0 (rapport_survey_answers_get_status (answers_widget ()), data) == 0;
}

static void
move (gint64      id,
      const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, id);
  g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, rep, NULL);
  g_autofree char *body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                           rapport_test_reply_int (current, "version"), status);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "PATCH", path, rep, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* a closed case's survey, answered by phone on the case's page: a required
 * answer left out is said beside its question, then the answers are saved */
static void
test_record_on_case (void)
{
  gint64 account = rapport_test_create (server, rep, "accounts", "{\"name\":\"苏州精密仪器有限公司\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"李强\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact = rapport_test_create (server, rep, "contacts", contact_body);
  g_autofree char *case_body = g_strdup_printf ("{\"subject\":\"仪器校准 Calibration\",\"account_id\":%" G_GINT64_FORMAT
                                                ",\"contact_id\":%" G_GINT64_FORMAT "}", account, contact);
  gint64 case_id = rapport_test_create (server, rep, "cases", case_body);
  g_autofree char *shot = g_strdup_printf ("survey-answers%s", suffix);
  const char *steps[] = { "in_progress", "resolved", "closed" };
  gint64 invitation;

  rapport_test_create (server, manager, "surveys",
                       "{\"name\":\"关单回访\",\"title\":\"工单关闭回访\",\"trigger\":\"case_closed\",\"questions\":\""
                       "[{\\\"id\\\":\\\"csat\\\",\\\"type\\\":\\\"rating\\\",\\\"label\\\":\\\"服务满意度\\\",\\\"required\\\":true},"
                       "{\\\"id\\\":\\\"how\\\",\\\"type\\\":\\\"choice\\\",\\\"label\\\":\\\"How did we help?\\\",\\\"options\\\":[\\\"Phone\\\",\\\"Visit\\\"]},"
                       "{\\\"id\\\":\\\"more\\\",\\\"type\\\":\\\"text\\\",\\\"label\\\":\\\"Anything else?\\\"}]\"}");
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    move (case_id, steps[i]);
  invitation = rapport_test_sql_int (server, "SELECT id FROM survey_invitations WHERE case_id = %" G_GINT64_FORMAT, case_id);
  g_assert_cmpint (invitation, >, 0);

  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (answers_status, "pending", 30, "the case's survey form");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (answers_widget ())));
  /* opened as the user does, by its heading */
  gtk_expander_set_expanded (GTK_EXPANDER (rapport_test_ui_find_by_type (GTK_WIDGET (answers_widget ()), GTK_TYPE_EXPANDER)), TRUE);
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (answers_widget ()), "工单关闭回访"));

  /* the required rating left out: refused, said beside the question, nothing stored */
  g_assert_true (rapport_survey_answers_choose (answers_widget (), "how", "Visit"));
  rapport_survey_answers_save (answers_widget ());
  rapport_test_ui_wait_until (answers_status, "error", 30, "the refusal");
  g_assert_nonnull (rapport_test_ui_find_label_containing (GTK_WIDGET (answers_widget ()), "服务满意度"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_answers WHERE invitation_id = %" G_GINT64_FORMAT,
                                         invitation), ==, 0);

  g_assert_true (rapport_survey_answers_choose (answers_widget (), "csat", "4"));
  g_assert_true (rapport_survey_answers_choose (answers_widget (), "more", "工程师很专业"));
  g_free (rapport_test_ui_screenshot (window, shot));
  rapport_survey_answers_save (answers_widget ());
  rapport_test_ui_wait_until (answers_status, "answered", 30, "the answers saved");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_invitations WHERE id = %" G_GINT64_FORMAT
                                         " AND status = 'answered' AND recorded_by = %" G_GINT64_FORMAT,
                                         invitation, rapport_test_user_id (server, rep)), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_answers WHERE invitation_id = %" G_GINT64_FORMAT
                                         " AND ((question_id = 'csat' AND score = 4) OR (question_id = 'how' AND choice = 'Visit') "
                                         "OR (question_id = 'more' AND answer_text = '工程师很专业'))", invitation), ==, 3);
  sign_out ();
}

static void
test_results (void)
{
  gint64 account = rapport_test_create (server, rep, "accounts", "{\"name\":\"杭州康泰医疗器械有限公司\"}");
  g_autofree char *contact_body = g_strdup_printf ("{\"name\":\"王芳\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact = rapport_test_create (server, rep, "contacts", contact_body);
  gint64 survey = rapport_test_create (server, manager, "surveys",
                                       "{\"name\":\"售后回访\",\"title\":\"您对本次服务满意吗？\",\"questions\":\""
                                       "[{\\\"id\\\":\\\"csat\\\",\\\"type\\\":\\\"rating\\\",\\\"label\\\":\\\"服务满意度\\\",\\\"required\\\":true},"
                                       "{\\\"id\\\":\\\"nps\\\",\\\"type\\\":\\\"nps\\\",\\\"label\\\":\\\"推荐意愿\\\"}]\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/surveys/%" G_GINT64_FORMAT "/invitations", survey);
  g_autofree char *body = g_strdup_printf ("{\"contact_ids\":[%" G_GINT64_FORMAT "]}", contact);
  const char *answers[] = { "{\"csat\":5,\"nps\":10}", "{\"csat\":4,\"nps\":9}", "{\"csat\":1,\"nps\":0}" };
  g_autofree char *shot = g_strdup_printf ("survey-results%s", suffix);
  g_autofree char *rate = g_strdup_printf (_("%s %%"), "75.00");
  g_autofree char *csat_rate = g_strdup_printf (_("%s %%"), "66.67");
  g_autofree char *csat_text = NULL;
  g_autofree char *nps_text = NULL;

  /* four invitations, three answered by phone: CSAT 2 of 3, NPS (2 - 1) of 3 */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, manager, body);
      JsonObject *item;

      g_assert_cmpuint (reply->status, ==, 201);
      item = json_array_get_object_element (json_object_get_array_member (rapport_test_reply_object (reply), "items"), 0);
      if (i < 3)
        record (json_object_get_int_member (item, "id"), answers[i]);
    }
  csat_text = g_strdup_printf (_("CSAT %s (n = %lu)"), csat_rate, 3UL);
  nps_text = g_strdup_printf (_("NPS %s (%lu / %lu / %lu, n = %lu)"), "33.33", 2UL, 0UL, 1UL, 3UL);

  rapport_test_ui_sign_in (window, server->base_url, "mona", "correct horse battery");
  rapport_window_show_section (RAPPORT_WINDOW (window), "surveys");
  rapport_records_page_show_view (RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (
                                    GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "surveys")),
                                  "survey-results");
  rapport_test_ui_wait_until (shows_group, (gpointer) C_("survey results", "All invitations"), 30, "the results view");
  rapport_survey_results_choose (results (), survey, "none");
  rapport_test_ui_wait_until (shows_sent, "4", 30, "the survey's results");
  g_assert_cmpstr (cell_text (1, 1), ==, "4");      /* sent */
  g_assert_cmpstr (cell_text (2, 1), ==, "3");      /* answered */
  g_assert_cmpstr (cell_text (3, 1), ==, rate);     /* response rate */
  g_assert_cmpstr (cell_text (4, 0), ==, "服务满意度");
  g_assert_cmpstr (cell_text (4, 1), ==, csat_text);
  g_assert_cmpstr (cell_text (5, 0), ==, "推荐意愿");
  g_assert_cmpstr (cell_text (5, 1), ==, nps_text);
  g_free (rapport_test_ui_screenshot (window, shot));

  /* by rep: the contact's owner, who took the answers down */
  rapport_survey_results_choose (results (), survey, "owner");
  rapport_test_ui_wait_until (shows_group, "lena", 30, "the results by rep");
  g_assert_cmpstr (cell_text (1, 1), ==, "4");
  g_assert_null (cell_text (0, 2));
  sign_out ();
}

static gboolean
results_ready (gpointer data)
{
  return results () != NULL && gtk_widget_get_mapped (GTK_WIDGET (results ())) && !rapport_survey_results_get_busy (results ());
}

static gboolean
dialog_ready (gpointer data)
{
  return gtk_widget_get_mapped (data) && !rapport_survey_send_dialog_get_busy (data);
}

static gboolean
n_chosen (gpointer data)
{
  RapportSurveySendDialog *dialog = g_object_get_data (data, "dialog");

  return !rapport_survey_send_dialog_get_busy (dialog) &&
         g_list_model_get_n_items (rapport_survey_send_dialog_get_chosen (dialog)) == GPOINTER_TO_UINT (g_object_get_data (data, "n"));
}

static gboolean
has_status (gpointer data)
{
  return !rapport_survey_send_dialog_get_busy (data) &&
         (rapport_survey_send_dialog_get_status (data) != NULL || rapport_survey_send_dialog_get_error (data) != NULL);
}

static gint64
chosen_id (RapportSurveySendDialog *dialog,
           guint                    position)
{
  g_autoptr(CrmEntity) contact = g_list_model_get_item (rapport_survey_send_dialog_get_chosen (dialog), position);

  return contact ? crm_entity_get_id (contact) : 0;
}

/* a mapped button whose tooltip is @tooltip: an icon button */
static GtkWidget *
find_button_by_tooltip (GtkWidget  *root,
                        const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_by_tooltip (child, tooltip);

      if (found)
        return found;
    }
  return NULL;
}

static void
wait_chosen (RapportSurveySendDialog *dialog,
             guint                    n)
{
  g_autoptr(GObject) wanted = g_object_new (G_TYPE_OBJECT, NULL);
  g_autofree char *what = g_strdup_printf ("%u contacts chosen", n);

  g_object_set_data (wanted, "dialog", dialog);
  g_object_set_data (wanted, "n", GUINT_TO_POINTER (n));
  rapport_test_ui_wait_until (n_chosen, wanted, 30, what);
}

/* "zhao<Return>" typed at full speed: Enter comes before the search's
 * answer, and picks the contact found once it comes */
static void
type_and_pick (RapportSurveySendDialog *dialog,
               const char              *keys,
               guint                    n)
{
  rapport_test_keys_send (GTK_WIDGET (dialog), keys);
  wait_chosen (dialog, n);
}

/* the invitations' table under the results: the label at @column of @row (0: the headings) */
static GtkWidget *
invitation_cell (int column,
                 int row)
{
  return gtk_grid_get_child_at (rapport_survey_invitations_get_grid (rapport_survey_results_get_invitations (results ())),
                                column, row);
}

static const char *
invitation_text (int column,
                 int row)
{
  GtkWidget *label = invitation_cell (column, row);

  return GTK_IS_LABEL (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* the second invitation's mail cell says @data */
static gboolean
invitation_says (gpointer data)
{
  return !rapport_survey_results_get_busy (results ()) && g_strcmp0 (invitation_text (3, 2), data) == 0;
}

/* the contact's invitation's link went out in a mail the server gave up on
 * (as rapportd's mail thread leaves it after its last attempt), through an
 * administrator's mailbox, switched off */
static void
mail_failed (gint64      contact,
             const char *reason)
{
  gint64 account = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Survey mail fallback\"}");
  gint64 team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Survey mail desk\"}");
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Survey mail\",\"team_id\":%" G_GINT64_FORMAT ",\"fallback_account_id\":%"
                                           G_GINT64_FORMAT ",\"imap_url\":\"imap://127.0.0.1:1/INBOX\",\"username\":\"survey\","
                                           "\"password\":\"secret\",\"smtp_url\":\"smtp://127.0.0.1:1\","
                                           "\"from_address\":\"survey@rapport-test.localhost\",\"active\":false}", team, account);
  gint64 mailbox = rapport_test_create (server, server->admin_token, "mailboxes", body);
  g_autofree char *statement = g_strdup_printf ("INSERT INTO mail_outbox (mailbox_id, to_address, subject, message_id_header, raw, "
                                                "state, attempts, next_attempt_at, last_error, created_at) VALUES (%" G_GINT64_FORMAT
                                                ", 'zhao.min@huadong.example', 'survey', 'ui-failed-%" G_GINT64_FORMAT
                                                "@rapport-test.localhost', '', 'failed', 6, UTC_TIMESTAMP(6), '%s', "
                                                "UTC_TIMESTAMP(6)); UPDATE survey_invitations SET mail_message_id = 'ui-failed-%"
                                                G_GINT64_FORMAT "@rapport-test.localhost' WHERE contact_id = %" G_GINT64_FORMAT,
                                                mailbox, contact, reason, contact, contact);

  g_free (rapport_test_server_sql (server, statement));
}

/* a manager sends a survey to contacts found by typing their names: one
 * the manager may no longer see is refused, named in the dialog, nothing
 * made; taken off, the two others are sent: the dialog says both were
 * invited and neither mailed (this server has no mailbox), each row says
 * so, and the invitations are on the server; the results list them, and
 * a mail given up on shows its reason */
static void
test_send_to_contacts (void)
{
  gint64 account = rapport_test_create (server, rep, "accounts", "{\"name\":\"无锡华东机电有限公司\"}");
  g_autofree char *zhao_body = g_strdup_printf ("{\"name\":\"Zhao Min 赵敏\",\"account_id\":%" G_GINT64_FORMAT
                                                ",\"email\":\"zhao.min@huadong.example\"}", account);
  g_autofree char *qian_body = g_strdup_printf ("{\"name\":\"Qian Lei 钱磊\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 zhao = rapport_test_create (server, rep, "contacts", zhao_body);
  gint64 qian = rapport_test_create (server, rep, "contacts", qian_body);
  g_autofree char *sun_body = g_strdup_printf ("{\"name\":\"Sun Li 孙丽\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 sun = rapport_test_create (server, rep, "contacts", sun_body);
  g_autofree char *hide_sun = g_strdup_printf ("UPDATE contacts SET owner_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                               rapport_test_user_id (server, server->admin_token), sun);
  g_autofree char *remove_sun = g_strdup_printf (_("Remove %s"), "Sun Li 孙丽");
  gint64 survey = rapport_test_create (server, manager, "surveys",
                                       "{\"name\":\"年度回访\",\"title\":\"年度客户满意度调查\",\"questions\":\""
                                       "[{\\\"id\\\":\\\"csat\\\",\\\"type\\\":\\\"rating\\\",\\\"label\\\":\\\"总体满意度\\\"}]\"}");
  g_autofree char *shot = g_strdup_printf ("survey-send%s", suffix);
  g_autofree char *refused_shot = g_strdup_printf ("survey-send-refused%s", suffix);
  g_autofree char *expected = rapport_survey_send_describe (2, 0);
  g_autofree char *listed_path = g_strdup_printf ("/api/v1/survey-invitations?survey_id=%" G_GINT64_FORMAT, survey);
  g_autofree char *invitations_shot = g_strdup_printf ("survey-invitations%s", suffix);
  g_autofree char *failed = g_strdup_printf (_("Mail failed: %s"), "550 5.1.1 <zhao.min@huadong.example>: mailbox unknown");
  g_autoptr(RapportTestReply) listed = NULL;
  RapportSurveySendDialog *dialog;
  JsonArray *items;

  rapport_test_ui_sign_in (window, server->base_url, "mona", "correct horse battery");
  rapport_window_show_section (RAPPORT_WINDOW (window), "surveys");
  rapport_records_page_show_view (RAPPORT_RECORDS_PAGE (gtk_stack_get_child_by_name (
                                    GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")), "surveys")),
                                  "survey-results");
  rapport_test_ui_wait_until (results_ready, NULL, 30, "the results view");
  rapport_survey_results_choose (results (), survey, "none");
  rapport_test_ui_wait_until (results_ready, NULL, 30, "the survey's results");
  /* as the button does */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (results ()), "survey.send-to-contacts", NULL));
  dialog = RAPPORT_SURVEY_SEND_DIALOG (rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SURVEY_SEND_DIALOG, "the Send to Contacts dialog"));
  rapport_test_ui_wait_until (dialog_ready, dialog, 30, "the dialog's contacts");

  type_and_pick (dialog, "zhao<Return>", 1);
  g_assert_cmpint (chosen_id (dialog, 0), ==, zhao);
  type_and_pick (dialog, "qian<Return>", 2);
  g_assert_cmpint (chosen_id (dialog, 1), ==, qian);
  type_and_pick (dialog, "sun<Return>", 3);
  g_assert_cmpint (chosen_id (dialog, 2), ==, sun);
  /* the same contact again is not chosen twice */
  type_and_pick (dialog, "zhao<Return>", 3);

  /* Sun Li passes to someone outside the manager's team: refused, named, nothing made */
  g_free (rapport_test_server_sql (server, hide_sun));
  rapport_survey_send_dialog_send (dialog);
  rapport_test_ui_wait_until (has_status, dialog, 30, "the dialog's refusal");
  g_assert_null (rapport_survey_send_dialog_get_status (dialog));
  g_assert_true (g_str_has_prefix (rapport_survey_send_dialog_get_error (dialog), "Sun Li 孙丽"));
  g_free (rapport_test_ui_screenshot (GTK_WIDGET (dialog), refused_shot));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_invitations WHERE survey_id = %" G_GINT64_FORMAT,
                                         survey), ==, 0);
  gtk_widget_activate (find_button_by_tooltip (GTK_WIDGET (dialog), remove_sun));
  wait_chosen (dialog, 2);

  rapport_survey_send_dialog_send (dialog);
  rapport_test_ui_wait_until (has_status, dialog, 30, "the dialog's answer");
  g_assert_null (rapport_survey_send_dialog_get_error (dialog));
  g_assert_cmpstr (rapport_survey_send_dialog_get_status (dialog), ==, expected);
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (dialog), _("Invited · not mailed")));
  g_free (rapport_test_ui_screenshot (GTK_WIDGET (dialog), shot));

  listed = rapport_test_request (server, "GET", listed_path, manager, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* newest first */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "contact_id"), ==, qian);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "contact_id"), ==, zhao);

  /* closed, the results count the two sent */
  gtk_window_close (GTK_WINDOW (dialog));
  rapport_test_ui_wait_until (shows_sent, "2", 30, "the results with the two sent");
  /* and list them under the figures, newest first, neither mailed */
  g_assert_cmpstr (invitation_text (0, 1), ==, "Qian Lei 钱磊");
  g_assert_cmpstr (invitation_text (2, 1), ==, C_("survey invitation", "Waiting for an answer"));
  g_assert_cmpstr (invitation_text (3, 1), ==, _("Not mailed"));
  g_assert_cmpstr (invitation_text (0, 2), ==, "Zhao Min 赵敏");
  g_assert_cmpstr (invitation_text (3, 2), ==, _("Not mailed"));

  /* the mail server refused Zhao Min's link for good: the list says why */
  mail_failed (zhao, "550 5.1.1 <zhao.min@huadong.example>: mailbox unknown");
  rapport_survey_results_reload (results ());
  rapport_test_ui_wait_until (invitation_says, failed, 30, "the failed mail in the invitations");
  g_assert_true (gtk_widget_has_css_class (invitation_cell (3, 2), "error"));
  g_assert_false (gtk_widget_has_css_class (invitation_cell (3, 1), "error"));
  g_free (rapport_test_ui_screenshot (window, invitations_shot));
  sign_out ();
}

static gint64 edited_survey;

/* the survey's page is read, at a version above @data */
static gboolean
survey_page_at (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && crm_entity_get_id (entity) == edited_survey &&
         crm_entity_get_version (entity) > GPOINTER_TO_INT (data);
}

static GtkWidget *
button_with_tooltip (GtkWidget  *root,
                     const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = button_with_tooltip (child, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

/* the expander's rows are shown, their opening over: a click reaches them */
static gboolean
revealed (gpointer data)
{
  GtkWidget *revealer = gtk_widget_get_ancestor (data, GTK_TYPE_REVEALER);

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) && gtk_widget_get_mapped (data);
}

static gboolean
entry_says (gpointer data)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (data)), "how fast was our answer") == 0;
}

static gboolean
entry_focused (gpointer data)
{
  return gtk_widget_has_focus (data) || gtk_widget_get_focus_child (data) != NULL;
}

/* the questions are edited on the survey's page, not as JSON: one added
 * (its wording typed), made a choice with options, another added and
 * removed, the first moved up; saved, the server holds them in that
 * order, the kept question with its id */
static void
test_question_editor (void)
{
  g_autofree char *shot = g_strdup_printf ("survey-questions%s", suffix);
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) stored = NULL;
  g_autoptr(JsonNode) questions = NULL;
  RapportQuestionsRow *row;
  JsonArray *list;
  JsonObject *first, *second;
  GtkWidget *label, *question;

  edited_survey = rapport_test_create (server, manager, "surveys",
                                       "{\"name\":\"安装回访\",\"title\":\"安装满意度\",\"questions\":\""
                                       "[{\\\"id\\\":\\\"csat\\\",\\\"type\\\":\\\"rating\\\",\\\"label\\\":\\\"服务满意度\\\",\\\"required\\\":true}]\"}");
  rapport_test_ui_sign_in (window, server->base_url, "mona", "correct horse battery");
  rapport_window_open_record (RAPPORT_WINDOW (window), "surveys", edited_survey, NULL);
  rapport_test_ui_wait_until (survey_page_at, GINT_TO_POINTER (0), 30, "the survey's page");
  row = RAPPORT_QUESTIONS_ROW (rapport_entity_form_get_row (rapport_record_page_get_form (rapport_test_ui_record_page (window)),
                                                           "questions"));
  g_assert_true (RAPPORT_IS_QUESTIONS_ROW (row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  rapport_test_ui_wait_until (revealed, rapport_questions_row_get_add_row (row), 10, "the questions shown");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_questions_row_get_label_entry (row, 0))), ==, "服务满意度");
  g_assert_null (rapport_questions_row_get_question_row (row, 1));

  g_signal_emit_by_name (rapport_questions_row_get_add_row (row), "activated");
  label = rapport_questions_row_get_label_entry (row, 1);
  g_assert_nonnull (label);
  rapport_test_ui_wait_until (entry_focused, label, 10, "the new question's wording focused");
  rapport_test_keys_send (window, "how fast was our answer");
  rapport_test_ui_wait_until (entry_says, label, 10, "the wording typed");
  question = rapport_questions_row_get_question_row (row, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (g_object_get_data (G_OBJECT (question), "options"))));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (rapport_test_ui_find_by_name (question, "question-type")), 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (g_object_get_data (G_OBJECT (question), "options"))));
  gtk_editable_set_text (GTK_EDITABLE (GTK_WIDGET (g_object_get_data (G_OBJECT (question), "options"))), "Same day; 当天；Later");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (rapport_test_ui_find_by_name (question, "question-required")), FALSE);

  /* a third one, then removed */
  g_signal_emit_by_name (rapport_questions_row_get_add_row (row), "activated");
  g_assert_nonnull (rapport_questions_row_get_question_row (row, 2));
  g_signal_emit_by_name (button_with_tooltip (rapport_questions_row_get_question_row (row, 2), _("Remove the question")), "clicked");
  g_assert_null (rapport_questions_row_get_question_row (row, 2));
  /* the choice first */
  g_signal_emit_by_name (button_with_tooltip (rapport_questions_row_get_question_row (row, 1), _("Move up")), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_questions_row_get_label_entry (row, 0))), ==,
                   "how fast was our answer");
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));

  gtk_widget_activate_action (window, "win.save", NULL);
  rapport_test_ui_wait_until (survey_page_at, GINT_TO_POINTER (1), 30, "the survey saved");
  path = g_strdup_printf ("/api/v1/surveys/%" G_GINT64_FORMAT, edited_survey);
  stored = rapport_test_request (server, "GET", path, manager, NULL);
  questions = json_from_string (rapport_test_reply_string (stored, "questions"), NULL);
  list = json_node_get_array (questions);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  first = json_array_get_object_element (list, 0);
  second = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "q1");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "choice");
  g_assert_cmpstr (json_object_get_string_member (first, "label"), ==, "how fast was our answer");
  g_assert_false (json_object_get_boolean_member (first, "required"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "options")), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "options"), 1), ==, "当天");
  g_assert_cmpstr (json_object_get_string_member (second, "id"), ==, "csat");
  g_assert_cmpstr (json_object_get_string_member (second, "type"), ==, "rating");
  sign_out ();
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *team_sql = NULL;
  gint64 team_id;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";

  server = rapport_test_server_start ();
  manager = rapport_test_server_add_user (server, "mona", "manager");
  rep = rapport_test_server_add_user (server, "lena", "service");
  team_id = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"East\"}");
  team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login IN ('mona', 'lena')", team_id);
  g_free (rapport_test_server_sql (server, team_sql));
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/surveys/record-on-case", test_record_on_case);
  g_test_add_func ("/ui/surveys/results", test_results);
  g_test_add_func ("/ui/surveys/send-to-contacts", test_send_to_contacts);
  g_test_add_func ("/ui/surveys/question-editor", test_question_editor);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (manager);
  rapport_test_server_stop (server);
  return status;
}
