/* crm-case.c: CrmCase, a customer's service case (ticket), numbered per year, worked through its statuses */
#include "crm-case.h"

#include <glib/gi18n-lib.h>

struct _CrmCase
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmCase, crm_case, CRM_TYPE_ENTITY)

static const char * const channels[] = { "phone", "email", "visit", "web", "letter", NULL };

/* in context "case channel": how the customer reached us */
static const char * const channel_labels[] = {
  NC_("case channel", "Phone"), NC_("case channel", "Email"), NC_("case channel", "Visit"),
  NC_("case channel", "Web"), NC_("case channel", "Letter"), NULL
};

static const char * const priorities[] = { "low", "normal", "high", "urgent", NULL };

static const char * const priority_labels[] = {
  NC_("case priority", "Low"), NC_("case priority", "Normal"), NC_("case priority", "High"),
  NC_("case priority", "Urgent"), NULL
};

static const char * const statuses[] = {
  "new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed", NULL
};

static const char * const status_labels[] = {
  NC_("case", "New"), NC_("case", "Assigned"), NC_("case", "In progress"),
  NC_("case", "Waiting on customer"), NC_("case", "Resolved"), NC_("case", "Closed"), NULL
};

/* a complaint's harm to a patient or user, and the regulator a report goes to */
static const char * const impacts[] = { "none", "injury", "serious_injury", "death", "unknown", NULL };

static const char * const impact_labels[] = {
  NC_("patient impact", "None"), NC_("patient impact", "Injury"), NC_("patient impact", "Serious injury"),
  NC_("patient impact", "Death"), NC_("patient impact", "Unknown"), NULL
};

static const char * const regimes[] = { "mdr_vigilance", "fda_mdr", "other", "none", NULL };

static const char * const regime_labels[] = {
  NC_("report regime", "EU MDR vigilance"), NC_("report regime", "FDA medical device report"),
  NC_("report regime", "Other regulator"), NC_("report regime", "None"), NULL
};

/* A closed case reopens only within the server's [service] reopen_days of
 * its closing; the server checks that (server/db/rapportd-cases.c). */
static const CrmStatusTransition transitions[] = {
  { NULL,                  "new" },
  { "new",                 "assigned" },
  { "new",                 "in_progress" },
  { "assigned",            "in_progress" },
  { "in_progress",         "waiting_on_customer" },
  { "waiting_on_customer", "in_progress" },
  { "in_progress",         "resolved" },
  { "waiting_on_customer", "resolved" },
  { "resolved",            "closed" },
  { "resolved",            "in_progress" },
  { "closed",              "in_progress" },
  { NULL,                  NULL },
};

/* The owner works the case and the queue is the team it waits with. The
 * server keeps the number (CS-2026-00001) and the times of the first
 * response (its first outbound reply, or its first move to waiting on the
 * customer or resolved), of resolving and of closing. The category is one of the
 * tree administrators keep (crm-case-category.c). */
static const CrmFieldSpec case_fields[] = {
  { "number",            CRM_FIELD_TEXT,      .max_len = 32, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Number") },
  { "subject",           CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Subject") },
  { "account",           CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "contact",           CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") },
  { "status",            CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("case", "Status"), .context = "case", .default_value = "new" },
  { "priority",          CRM_FIELD_ENUM,      .enum_values = priorities, .enum_labels = priority_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("case priority", "Priority"), .context = "case priority", .default_value = "normal" },
  { "channel",           CRM_FIELD_ENUM,      .enum_values = channels, .enum_labels = channel_labels, .flags = CRM_FIELD_FILTERABLE, .label = NC_("case channel", "Channel"), .context = "case channel" },
  { "category",          CRM_FIELD_REFERENCE, .column = "category_id", .json_key = "category_id", .reference = "case_category", .flags = CRM_FIELD_FILTERABLE, .label = N_("Category") },
  /* the category's name, kept by the server (what migration 048's free text held) */
  { "category_name",     CRM_FIELD_TEXT,      .column = "category", .json_key = "category", .max_len = 100, .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Category name") },
  /* the account's region, copied by the server when the case gets its
   * account: what assignment rules route by */
  { "region",            CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Region") },
  { "description",       CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Description") },
  { "product",           CRM_FIELD_REFERENCE, .column = "product_id", .json_key = "product_id", .reference = "product", .flags = CRM_FIELD_FILTERABLE, .label = N_("Product") },
  { "serial_lot",        CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_SEARCHABLE, .label = N_("Serial or lot number") },
  { "order",             CRM_FIELD_REFERENCE, .column = "order_id", .json_key = "order_id", .reference = "order", .flags = CRM_FIELD_FILTERABLE, .label = N_("Sales order") },
  { "contract",          CRM_FIELD_REFERENCE, .column = "contract_id", .json_key = "contract_id", .reference = "contract", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contract") },
  { "is_complaint",      CRM_FIELD_BOOL,      .flags = CRM_FIELD_FILTERABLE, .label = N_("Complaint"), .default_value = "false" },
  /* a complaint's file (server/service/rapportd-complaints.c): received
   * (awareness, by whom), its type and what happened; the reportability
   * assessment, written only by its signature; the investigation; the
   * report due in calendar days after awareness, and its submission */
  { "received_at",       CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_SORTABLE, .label = N_("Received (aware since)") },
  { "received_by",       CRM_FIELD_REFERENCE, .column = "received_by_id", .json_key = "received_by_id", .reference = "user", .label = N_("Received by") },
  { "complaint_type",    CRM_FIELD_REFERENCE, .column = "complaint_type_id", .json_key = "complaint_type_id", .reference = "complaint_type", .flags = CRM_FIELD_FILTERABLE, .label = N_("Complaint type") },
  { "event_description", CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Description of the event") },
  { "patient_impact",    CRM_FIELD_ENUM,      .enum_values = impacts, .enum_labels = impact_labels, .flags = CRM_FIELD_FILTERABLE, .label = NC_("patient impact", "Patient impact"), .context = "patient impact" },
  { "reportable",        CRM_FIELD_BOOL,      .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Reportable") },
  { "report_regime",     CRM_FIELD_ENUM,      .enum_values = regimes, .enum_labels = regime_labels, .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = NC_("report regime", "Report to"), .context = "report regime" },
  { "assessment_reason", CRM_FIELD_LONG_TEXT, .max_len = 20000, .flags = CRM_FIELD_READONLY, .label = N_("Reason for the assessment") },
  { "assessed_at",       CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Assessed at") },
  { "assessed_by",       CRM_FIELD_REFERENCE, .column = "assessed_by_id", .json_key = "assessed_by_id", .reference = "user", .flags = CRM_FIELD_READONLY, .label = N_("Assessed by") },
  { "root_cause",        CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Root cause") },
  { "capa_reference",    CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_SEARCHABLE, .label = N_("CAPA reference") },
  { "report_due_at",     CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Report due") },
  { "report_submitted_at", CRM_FIELD_TIMESTAMP, .label = N_("Report submitted at") },
  { "report_reference",  CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_SEARCHABLE, .label = N_("Report reference") },
  { "report_warned_at",  CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Report deadline warned") },
  { "report_overdue_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Report overdue since") },
  { "closure_approved_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Closure approved at") },
  { "report_next_at",    CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "owner",             CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_COLUMN | CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "queue_team",        CRM_FIELD_REFERENCE, .column = "queue_team_id", .json_key = "queue_team_id", .reference = "team", .flags = CRM_FIELD_FILTERABLE, .label = N_("Queue") },
  { "first_response_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("First response") },
  { "resolved_at",       CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Resolved at") },
  { "closed_at",         CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Closed at") },
  /* the service level, kept by the server (server/db/rapportd-sla.c) */
  { "sla_policy",        CRM_FIELD_REFERENCE, .column = "sla_policy_id", .json_key = "sla_policy_id", .reference = "sla_policy", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("SLA policy") },
  { "first_response_due_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("First response due") },
  { "resolution_due_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Resolution due") },
  { "first_response_warn_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "resolution_warn_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  { "first_response_warned_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("First response warned") },
  { "first_response_breached_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("First response breached") },
  { "resolution_warned_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Resolution warned") },
  { "resolution_breached_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Resolution breached") },
  { "sla_paused_at",     CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("SLA paused since") },
  { "sla_next_at",       CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_HIDDEN },
  /* kept by the server: the case a merge moved this one's conversation to,
   * and the closed case a customer wrote to again (server/db/rapportd-case-merge.c,
   * rapportd-case-messages.c) */
  { "merged_into_case",  CRM_FIELD_REFERENCE, .column = "merged_into_id", .json_key = "merged_into_id", .reference = "case", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Merged into") },
  { "related_case",      CRM_FIELD_REFERENCE, .column = "related_case_id", .json_key = "related_case_id", .reference = "case", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Follows case") },
  /* the earliest due instant of a target whose clock runs (breached ones
   * too): the most urgent first, cases without one last */
  { "sla_due_at",        CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE | CRM_FIELD_NULLS_LAST, .label = N_("Next due") },
};

/* the service level as of the request (server/db/rapportd-sla.c) */
static const char * const computed_members[] = { "sla", NULL };

static void
crm_case_class_init (CrmCaseClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "case", "cases",
                                   case_fields, G_N_ELEMENTS (case_fields));
  crm_entity_class_set_labels (entity_class, N_("Case"), N_("Cases"));
  entity_class->number_prefix = "CS";
  entity_class->status_transitions = transitions;
  entity_class->computed_members = computed_members;
  entity_class->may_wait_unowned = TRUE;
  entity_class->queue_field = "queue_team";
}

static void
crm_case_init (CrmCase *self)
{
}
