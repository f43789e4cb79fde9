/* rapport-window-sections.c: the sections of the window's sidebar, who sees each, and the counts beside them */
#include "rapport-window-sections.h"
#include "pages/rapport-approvals-page.h"
#include "pages/rapport-calendar-page.h"
#include "pages/rapport-opportunity-board.h"
#include "pages/rapport-pipeline-report-page.h"
#include "pages/rapport-pool-page.h"
#include "pages/rapport-review-page.h"
#include "pages/rapport-survey-results.h"
#include "pages/rapport-service-page.h"
#include "pages/rapport-tasks-page.h"
#include "pages/rapport-visit-plan-summary.h"

#include <glib/gi18n.h>

static char *
describe_approvals (guint    n,
                    gboolean more)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u request waits for your approval",
                                       "%u requests wait for your approval", n), n);
}

static char *
describe_reviews (guint    n,
                  gboolean more)
{
  if (more)
    /* TRANSLATORS: the sidebar's count of what awaits review, with more than it counts */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "More than %u records await your review",
                                         "More than %u records await your review", n), n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record awaits your review",
                                       "%u records await your review", n), n);
}

/* the sidebar; later sections (leads, opportunities, quotes…) are a line each */
const RapportSection rapport_sections[] = {
  { "accounts", N_("Accounts"), "x-office-address-book-symbolic" },
  { "contacts", N_("Contacts"), "avatar-default-symbolic" },
  { "leads",    N_("Leads"),    "starred-symbolic" },
  { "pool",     N_("Pool"),     "mail-send-receive-symbolic", .new_page = rapport_pool_page_new },
  { "opportunities", N_("Opportunities"), "view-dual-symbolic", .add_views = rapport_opportunity_board_add_to },
  { "activities", N_("Activities"), "x-office-calendar-symbolic" },
  { "reviews",  N_("Awaiting my review"), "mail-mark-important-symbolic", .new_page = rapport_review_page_new, .managers = TRUE,
    .describe_pending = describe_reviews },
  { "tasks",    N_("Tasks"),    "object-select-symbolic", .add_views = rapport_tasks_page_add_to },
  { "calendar", N_("Calendar"), "view-grid-symbolic", .new_page = rapport_calendar_page_new },
  { "visit-plans", N_("Visits"), "find-location-symbolic", .add_views = rapport_visit_plan_summary_add_to },
  { "weekly-reports", N_("Weekly reports"), "x-office-document-symbolic" },
  { "kb-articles", N_("Knowledge base"), "accessories-dictionary-symbolic" },
  { "cases",    N_("Cases"),    "help-browser-symbolic", .add_views = rapport_service_page_add_to },
  { "pipeline", N_("Pipeline"), "view-sort-descending-symbolic", .new_page = rapport_pipeline_report_page_new, .managers = TRUE },
  { "products", N_("Products"), "package-x-generic-symbolic" },
  { "quotes",   N_("Quotes"),   "x-office-document-symbolic" },
  { "orders",   N_("Sales orders"), "emblem-documents-symbolic" },
  { "contracts", N_("Contracts"), "document-edit-symbolic" },
  { "payments", N_("Payments"), "accessories-calculator-symbolic" },
  { "invoices", N_("Invoices"), "x-office-spreadsheet-symbolic" },
  { "assignment-rules", N_("Assignment rules"), "view-list-ordered-symbolic", .managers = TRUE },
  { "case-categories", N_("Case categories"), "folder-symbolic", .managers = TRUE },
  { "complaint-types", N_("Complaint types"), "dialog-warning-symbolic", .managers = TRUE },
  { "kb-categories", N_("Knowledge-base categories"), "folder-symbolic", .managers = TRUE },
  { "surveys",  N_("Surveys"),  "emblem-favorite-symbolic", .add_views = rapport_survey_results_add_to, .managers = TRUE },
  { "pools",    N_("Pool settings"), "preferences-other-symbolic", .managers = TRUE },
  { "approvals", N_("Approvals"), "emblem-ok-symbolic", .approvals = TRUE, .describe_pending = describe_approvals },
  { "audit",    N_("Audit"),    "security-high-symbolic", TRUE },
  { "reminder-settings", N_("Automatic reminders"), "alarm-symbolic", .managers = TRUE },
  { "admin",    N_("Administration"), "emblem-system-symbolic", .admin = TRUE },
};

const guint rapport_n_sections = G_N_ELEMENTS (rapport_sections);

const RapportSection *
rapport_section_find (const char *collection)
{
  for (guint i = 0; i < rapport_n_sections; i++)
    if (g_str_equal (rapport_sections[i].collection, collection))
      return &rapport_sections[i];
  return NULL;
}

/* the audit trail for auditors and administrators, administration for
 * administrators, reports and rules for managers, directors and administrators */
gboolean
rapport_section_shown_to (const RapportSection *section,
                          const char           *role)
{
  return (!section->audit || g_str_equal (role, "admin") || g_str_equal (role, "auditor")) &&
         (!section->admin || g_str_equal (role, "admin")) &&
         (!section->managers || g_str_equal (role, "manager") ||
          g_str_equal (role, "director") || g_str_equal (role, "admin"));
}

/**
 * rapport_sections_build_sidebar:
 * @list: the sidebar
 * @badges: (element-type GtkLabel): filled with each section's count, or %NULL for a section without one
 *
 * A row for each section: its icon, its name and, for a section with a
 * count, the count, hidden until something waits there.
 */
void
rapport_sections_build_sidebar (GtkListBox *list,
                                GPtrArray  *badges)
{
  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (badges != NULL);

  for (guint i = 0; i < rapport_n_sections; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name (rapport_sections[i].icon);
      GtkWidget *label = gtk_label_new (_(rapport_sections[i].label));
      GtkWidget *badge = NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      if (rapport_sections[i].describe_pending != NULL)
        {
          badge = gtk_label_new (NULL);
          gtk_widget_set_hexpand (label, TRUE);
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (badge, "rapport-badge");
          gtk_widget_add_css_class (badge, "numeric");
          gtk_widget_set_visible (badge, FALSE);
          gtk_box_append (GTK_BOX (box), badge);
        }
      g_ptr_array_add (badges, badge);
      gtk_list_box_append (list, box);
      /* the row is named by its section, without the badge's count */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
    }
}

/* the count beside a counted section's name, from its page */
static void
update_badge (GtkLabel   *badge,
              GParamSpec *pspec,
              GtkWidget  *page)
{
  const RapportSection *section = g_object_get_data (G_OBJECT (page), "rapport-section");
  guint n = 0;
  gboolean more = FALSE;
  g_autofree char *count = NULL;
  g_autofree char *tip = NULL;

  g_object_get (page, "n-pending", &n, NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "more") != NULL)
    g_object_get (page, "more", &more, NULL);
  /* TRANSLATORS: the sidebar's count when there are more than it counts, "50+" */
  count = more ? g_strdup_printf (_("%u+"), n) : g_strdup_printf ("%u", n);
  tip = section->describe_pending (n, more);
  gtk_label_set_text (badge, count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (badge), tip);
  gtk_widget_set_visible (GTK_WIDGET (badge), n > 0);
}

/**
 * rapport_sections_add_counted_pages:
 * @stack: the window's pages, by section
 * @badges: (element-type GtkLabel): the counts rapport_sections_build_sidebar() made
 * @api: the signed-in client
 * @role: the user's role
 *
 * The sections with a count that @role sees have their pages made now, at
 * sign-in; they load and follow the event WebSocket, so that the sidebar's
 * count is right before the section is ever opened.
 */
void
rapport_sections_add_counted_pages (GtkStack   *stack,
                                    GPtrArray  *badges,
                                    RapportApi *api,
                                    const char *role)
{
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (badges != NULL && badges->len == rapport_n_sections);

  for (guint i = 0; i < rapport_n_sections; i++)
    {
      const RapportSection *section = &rapport_sections[i];
      GtkWidget *badge = g_ptr_array_index (badges, i);
      GtkWidget *page;

      if (section->describe_pending == NULL)
        continue;
      gtk_widget_set_visible (badge, FALSE);
      if (!rapport_section_shown_to (section, role))
        continue;
      page = section->new_page ? section->new_page (api) : GTK_WIDGET (rapport_approvals_page_new (api));
      g_object_set_data (G_OBJECT (page), "rapport-section", (gpointer) section);
      g_signal_connect_object (page, "notify::n-pending", G_CALLBACK (update_badge), badge, G_CONNECT_SWAPPED);
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "more") != NULL)
        g_signal_connect_object (page, "notify::more", G_CALLBACK (update_badge), badge, G_CONNECT_SWAPPED);
      gtk_stack_add_named (stack, page, section->collection);
    }
}
