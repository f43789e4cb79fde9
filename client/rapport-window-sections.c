/* rapport-window-sections.c: the sections of the window's sidebar, and who sees each */
#include "rapport-window-sections.h"
#include "pages/rapport-calendar-page.h"
#include "pages/rapport-opportunity-board.h"
#include "pages/rapport-pipeline-report-page.h"
#include "pages/rapport-pool-page.h"
#include "pages/rapport-review-page.h"
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
  { "pipeline", N_("Pipeline"), "view-sort-descending-symbolic", .new_page = rapport_pipeline_report_page_new, .managers = TRUE },
  { "products", N_("Products"), "package-x-generic-symbolic" },
  { "quotes",   N_("Quotes"),   "x-office-document-symbolic" },
  { "orders",   N_("Sales orders"), "emblem-documents-symbolic" },
  { "contracts", N_("Contracts"), "document-edit-symbolic" },
  { "payments", N_("Payments"), "accessories-calculator-symbolic" },
  { "invoices", N_("Invoices"), "x-office-spreadsheet-symbolic" },
  { "assignment-rules", N_("Assignment rules"), "view-list-ordered-symbolic", .managers = TRUE },
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

/* Returns: @section's place in the sidebar */
guint
rapport_section_index (const RapportSection *section)
{
  g_return_val_if_fail (section >= rapport_sections && section < rapport_sections + rapport_n_sections, 0);
  return (guint) (section - rapport_sections);
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
