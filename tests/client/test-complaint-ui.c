/* test-complaint-ui.c: a complaint's steps on its case's page under Xvfb, against a real rapportd: the quality user assesses it reportable and signs with the password (a wrong one told in place, nothing signed), asks for the closure (refused, told in the panel, until the root cause and the report are recorded), another quality user approves the closure, signed, and the page shows the complaint closed with no step left; then previews the complaint file the server prints; in both languages */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-attachment-preview.h"
#include "widgets/rapport-complaint-panel.h"
#include "widgets/rapport-sign-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#define PASSWORD "correct horse battery"

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *suffix = "";
static gint64 case_id;
static char *rep;
static char *qiang;   /* quality: approves the closure another asked for */

static RapportComplaintPanel *
panel (void)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  GtkWidget *found = page ? rapport_test_ui_find_by_type (GTK_WIDGET (page), RAPPORT_TYPE_COMPLAINT_PANEL) : NULL;

  return found ? RAPPORT_COMPLAINT_PANEL (found) : NULL;
}

/* the panel shows the case as a complaint whose summary holds @part */
static gboolean
panel_says (gpointer data)
{
  RapportComplaintPanel *shown = panel ();

  return shown != NULL && gtk_widget_get_visible (GTK_WIDGET (shown)) &&
         strstr (rapport_complaint_panel_get_summary (shown), data) != NULL;
}

static gboolean
sign_error_shown (gpointer data)
{
  return rapport_sign_dialog_get_error (RAPPORT_SIGN_DIALOG (data)) != NULL &&
         !rapport_sign_dialog_get_busy (RAPPORT_SIGN_DIALOG (data));
}

static gboolean
panel_message (gpointer data)
{
  RapportComplaintPanel *shown = panel ();
  const char *message = shown ? rapport_complaint_panel_get_message (shown) : NULL;

  return message != NULL && strstr (message, data) != NULL;
}

static gboolean
pages_shown (gpointer data)
{
  RapportAttachmentPreview *preview = data;

  return g_strcmp0 (rapport_attachment_preview_get_shown (preview), "pages") == 0 &&
         rapport_attachment_preview_get_n_rendered (preview) >= 1;
}

static void
test_sign_in (void)
{
  rapport_test_ui_sign_in (window, server->base_url, "quinn", PASSWORD);
}

/* not yet assessed; assessed reportable with the reason, signed: a wrong
 * password first, told in the dialog, signs nothing */
static void
test_assess (void)
{
  g_autofree char *shot = g_strdup_printf ("complaint-assessed%s", suffix);
  RapportComplaintPanel *shown;
  GtkWidget *dialog;

  rapport_window_open_record (RAPPORT_WINDOW (window), "cases", case_id, NULL);
  rapport_test_ui_wait_until (panel_says, (gpointer) _("Not yet assessed: decide whether it must be reported, and sign"), 30, "the complaint panel, not yet assessed");
  shown = panel ();
  gtk_switch_set_active (GTK_SWITCH (CHILD (shown, RAPPORT_TYPE_COMPLAINT_PANEL, "reportable_switch")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (shown, RAPPORT_TYPE_COMPLAINT_PANEL, "reason_row")),
                         "输液中断导致患者受伤：属于严重事件");
  g_signal_emit_by_name (CHILD (shown, RAPPORT_TYPE_COMPLAINT_PANEL, "assess_button"), "clicked");
  dialog = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_SIGN_DIALOG, "the assessment's signature dialog");

  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), "not the password");
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_until (sign_error_shown, dialog, 30, "the wrong password told");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT, case_id), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (CHILD (dialog, RAPPORT_TYPE_SIGN_DIALOG, "password_row")), PASSWORD);
  rapport_sign_dialog_sign (RAPPORT_SIGN_DIALOG (dialog));
  rapport_test_ui_wait_dialog_gone (RAPPORT_TYPE_SIGN_DIALOG, "the signature dialog, signed");
  rapport_test_ui_wait_until (panel_says, (gpointer) C_("report regime", "EU MDR vigilance"), 30, "the complaint panel, assessed");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                         " AND reportable = 1 AND report_regime = 'mdr_vigilance'", case_id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT " AND meaning = 'assessed'", case_id), ==, 1);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the closure asked for: refused (told in the panel) until the root cause
 * and the report are recorded, then waiting for the quality approval */
static void
test_closure (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, case_id);
  g_autofree char *patch = NULL;
  g_autoptr(RapportTestReply) patched = NULL;

  g_signal_emit_by_name (CHILD (panel (), RAPPORT_TYPE_COMPLAINT_PANEL, "close_button"), "clicked");
  rapport_test_ui_wait_until (panel_message, (gpointer) _("Record the investigation’s root cause before the complaint is closed"),
                              30, "the closure refused without a root cause");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM approvals WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT, case_id), ==, 0);

  patch = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"root_cause\":\"传感器开裂\",\"report_submitted_at\":"
                           "\"2026-12-07T09:00:00Z\",\"report_reference\":\"MIR-2026-0042\"}",
                           rapport_test_sql_int (server, "SELECT version FROM cases WHERE id = %" G_GINT64_FORMAT, case_id));
  patched = rapport_test_request (server, "PATCH", path, rep, patch);
  g_assert_cmpuint (patched->status, ==, 200);
  rapport_record_page_reload (rapport_test_ui_record_page (window));
  rapport_test_ui_wait_until (panel_says, (gpointer) C_("report regime", "EU MDR vigilance"), 30, "the complaint panel, read again");
  g_signal_emit_by_name (CHILD (panel (), RAPPORT_TYPE_COMPLAINT_PANEL, "close_button"), "clicked");
  rapport_test_ui_wait_until (panel_message, (gpointer) _("Submitted: the closure waits for the quality function’s signed approval"),
                              30, "the closure submitted");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM approvals WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT " AND state = 'pending'", case_id), ==, 1);
}

static gboolean
case_closed (gpointer data)
{
  RapportRecordPage *page = rapport_test_ui_record_page (window);
  CrmEntity *entity = page ? rapport_record_page_get_entity (page) : NULL;

  return entity != NULL && g_strcmp0 (crm_entity_get_text (entity, "status"), "closed") == 0;
}

/* the other quality user approves the closure, signed: the case is closed,
 * and its page, read again, offers no more steps */
static void
test_closed (void)
{
  g_autofree char *shot = g_strdup_printf ("complaint-closed%s", suffix);
  gint64 approval = rapport_test_sql_int (server, "SELECT id FROM approvals WHERE entity = 'case' AND record_id = %"
                                          G_GINT64_FORMAT " AND state = 'pending'", case_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/approvals/%" G_GINT64_FORMAT "/approve", approval);
  g_autofree char *body = g_strdup_printf ("{\"password\":\"%s\",\"login\":\"qiang\",\"meaning\":\"approved\","
                                           "\"comment\":\"调查完成，同意关闭\"}", PASSWORD);
  g_autoptr(RapportTestReply) approved = rapport_test_request (server, "POST", path, qiang, body);
  g_autofree char *said = NULL;

  if (approved->status != 200)
    g_error ("approve %" G_GINT64_FORMAT ": %u %s", approval, approved->status, approved->body);
  rapport_record_page_reload (rapport_test_ui_record_page (window));
  rapport_test_ui_wait_until (case_closed, NULL, 30, "the complaint, closed");
  /* the words before the time */
  said = g_strndup (_("Closed: its closure was approved and signed %s"),
                    strcspn (_("Closed: its closure was approved and signed %s"), "%"));
  rapport_test_ui_wait_until (panel_message, said, 30, "the panel telling the closure");
  g_assert_false (gtk_widget_get_sensitive (CHILD (panel (), RAPPORT_TYPE_COMPLAINT_PANEL, "assess_button")));
  g_assert_false (gtk_widget_get_sensitive (CHILD (panel (), RAPPORT_TYPE_COMPLAINT_PANEL, "close_button")));
  g_assert_false (gtk_widget_get_sensitive (CHILD (panel (), RAPPORT_TYPE_COMPLAINT_PANEL, "reportable_switch")));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM signatures WHERE entity = 'case' AND record_id = %"
                                         G_GINT64_FORMAT, case_id), ==, 2);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (window, shot));
}

/* the complaint file, as the server prints it, in a preview window */
static void
test_file (void)
{
  g_autofree char *shot = g_strdup_printf ("complaint-file%s", suffix);
  GtkWidget *preview;

  g_signal_emit_by_name (CHILD (panel (), RAPPORT_TYPE_COMPLAINT_PANEL, "file_button"), "clicked");
  preview = rapport_test_ui_wait_for_dialog (RAPPORT_TYPE_ATTACHMENT_PREVIEW, "the complaint file's preview");
  rapport_test_ui_wait_until (pages_shown, preview, 60, "the complaint file's pages");
  g_assert_cmpuint (rapport_attachment_preview_get_n_pages (RAPPORT_ATTACHMENT_PREVIEW (preview)), >=, 1);
  rapport_test_ui_settle (300);
  g_free (rapport_test_ui_screenshot (preview, shot));
  gtk_window_destroy (GTK_WINDOW (preview));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                         G_GINT64_FORMAT " AND action = 'print'", case_id), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *body = NULL;
  g_autofree char *quinn = NULL;
  gint64 account;
  gint64 type;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = g_strdup_printf ("-%s", lang);

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "sven", "service");
  quinn = rapport_test_server_add_user (server, "quinn", "quality");
  /* the closure's approver: not the quality user who asks for it */
  qiang = rapport_test_server_add_user (server, "qiang", "quality");
  g_free (rapport_test_server_sql (server, "UPDATE users SET name = '秦质 Quinn' WHERE login = 'quinn'"));
  account = rapport_test_create (server, rep, "accounts", "{\"name\":\"苏州市立医院\"}");
  type = rapport_test_sql_int (server, "SELECT id FROM `complaint-types` WHERE report_due_days = 10");
  body = g_strdup_printf ("{\"account_id\":%" G_GINT64_FORMAT ",\"subject\":\"输液泵治疗中停止\",\"is_complaint\":true,"
                          "\"complaint_type_id\":%" G_GINT64_FORMAT ",\"patient_impact\":\"injury\"}", account, type);
  case_id = rapport_test_create (server, rep, "cases", body);
  window = rapport_test_ui_open_window (1100, 820);

  g_test_add_func ("/ui/complaint/sign-in", test_sign_in);
  g_test_add_func ("/ui/complaint/assess", test_assess);
  g_test_add_func ("/ui/complaint/closure", test_closure);
  g_test_add_func ("/ui/complaint/closed", test_closed);
  g_test_add_func ("/ui/complaint/file", test_file);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  g_free (qiang);
  rapport_test_server_stop (server);
  return status;
}
