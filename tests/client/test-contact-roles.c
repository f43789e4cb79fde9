/* test-contact-roles.c: an opportunity's contacts and their roles on its page under Xvfb, against a real rapportd: a contact added in a role, shown by name, removed */
#include "rapport-application.h"
#include "rapport-test-server.h"
#include "rapport-test-ui.h"
#include "rapport-window.h"
#include "pages/rapport-record-page.h"
#include "widgets/rapport-contact-roles.h"

#include <glib/gi18n.h>

#define CHILD(widget, type, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static RapportTestServer *server;
static GtkWidget *window;
static char *rep;
static const char *suffix = "";
static gint64 opportunity_id;
static gint64 director_id;

static RapportContactRoles *
roles (void)
{
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (CHILD (window, RAPPORT_TYPE_WINDOW, "content_stack")));
  GtkWidget *found = page && RAPPORT_IS_RECORD_PAGE (page) ? rapport_test_ui_find_by_type (page, RAPPORT_TYPE_CONTACT_ROLES) : NULL;

  return found ? RAPPORT_CONTACT_ROLES (found) : NULL;
}

/* the contacts the server keeps for the opportunity */
static JsonArray *
stored_contacts (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/opportunities/%" G_GINT64_FORMAT, opportunity_id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, rep, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_ref (json_object_get_array_member (rapport_test_reply_object (reply), "contacts"));
}

/* the group shows @data rows, is done saving, and its names have come */
static gboolean
shows_rows (gpointer data)
{
  RapportContactRoles *group = roles ();

  return group != NULL && gtk_widget_get_visible (GTK_WIDGET (group)) && !rapport_contact_roles_get_busy (group) &&
         rapport_contact_roles_get_n_rows (group) == GPOINTER_TO_UINT (data) &&
         (GPOINTER_TO_UINT (data) == 0 || rapport_test_ui_find_label (GTK_WIDGET (group), "王主任") != NULL);
}

/* a mapped button whose tooltip is @text: the icon buttons have no label */
static GtkWidget *
find_by_tooltip (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, text);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_add_and_remove (void)
{
  g_autofree char *shot = g_strdup_printf ("contact-roles%s", suffix);
  g_autoptr(JsonArray) added = NULL;
  g_autoptr(JsonArray) removed = NULL;
  GtkWidget *remove;

  rapport_test_ui_sign_in (window, server->base_url, "lena", "correct horse battery");
  rapport_window_open_record (RAPPORT_WINDOW (window), "opportunities", opportunity_id, NULL);
  rapport_test_ui_wait_until (shows_rows, GUINT_TO_POINTER (0), 30, "the opportunity's contacts group");

  g_assert_true (rapport_contact_roles_add (roles (), director_id, "decision_maker"));
  rapport_test_ui_wait_until (shows_rows, GUINT_TO_POINTER (1), 30, "the director shown as a contact");
  /* the role is shown by its translated label */
  g_assert_nonnull (rapport_test_ui_find_label (GTK_WIDGET (roles ()), C_("contact role", "Decision maker")));
  added = stored_contacts ();
  g_assert_cmpuint (json_array_get_length (added), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (added, 0), "contact_id"), ==, director_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (added, 0), "role"), ==, "decision_maker");
  g_free (rapport_test_ui_screenshot (window, shot));

  remove = find_by_tooltip (GTK_WIDGET (roles ()), _("Remove this contact from the opportunity"));
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  rapport_test_ui_wait_until (shows_rows, GUINT_TO_POINTER (0), 30, "the director removed");
  removed = stored_contacts ();
  g_assert_cmpuint (json_array_get_length (removed), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *lang = g_getenv ("RAPPORT_TEST_LANG");
  g_autofree char *contact_body = NULL;
  g_autofree char *opportunity_body = NULL;
  gint64 account_id;
  int status;

  g_test_init (&argc, &argv, NULL);
  rapport_test_ui_init_locale ();
  if (lang)
    suffix = "-zh_CN";

  server = rapport_test_server_start ();
  rep = rapport_test_server_add_user (server, "lena", "sales");
  account_id = rapport_test_create (server, rep, "accounts", "{\"name\":\"浙江省人民医院\"}");
  contact_body = g_strdup_printf ("{\"name\":\"王主任\",\"account_id\":%" G_GINT64_FORMAT "}", account_id);
  director_id = rapport_test_create (server, rep, "contacts", contact_body);
  opportunity_body = g_strdup_printf ("{\"name\":\"Infusion pumps\",\"account_id\":%" G_GINT64_FORMAT ",\"currency\":\"CNY\"}",
                                      account_id);
  opportunity_id = rapport_test_create (server, rep, "opportunities", opportunity_body);
  window = rapport_test_ui_open_window (1280, 860);

  g_test_add_func ("/ui/contact-roles/add-and-remove", test_add_and_remove);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (rep);
  rapport_test_server_stop (server);
  return status;
}
