/* crm-lead.c: CrmLead, a possible customer not yet worked into an account */
#include "crm-lead.h"
#include "crm-industries.h"

#include <glib/gi18n-lib.h>

struct _CrmLead
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmLead, crm_lead, CRM_TYPE_ENTITY)

static const char * const sources[] = {
  "web_form", "exhibition", "phone_in", "referral", "partner", "campaign", "import", "other", NULL
};

/* in context "lead source": where a lead came from */
static const char * const source_labels[] = {
  NC_("lead source", "Web form"), NC_("lead source", "Exhibition"), NC_("lead source", "Phone-in (400 hotline)"),
  NC_("lead source", "Referral"), NC_("lead source", "Partner"), NC_("lead source", "Campaign"),
  NC_("lead source", "Import"), NC_("lead source", "Other"), NULL
};

/* the account source each lead source becomes on conversion, in the order of sources */
static const char * const account_sources[] = {
  "website", "trade_show", "other", "referral", "partner", "advertising", "other", "other", NULL
};

static const char * const statuses[] = {
  "new", "working", "qualified", "converted", "disqualified", NULL
};

static const char * const status_labels[] = {
  NC_("lead", "New"), NC_("lead", "Working"), NC_("lead", "Qualified"), NC_("lead", "Converted"),
  NC_("lead", "Disqualified"), NULL
};

/* "converted" is reached only by POST /leads/:id/convert */
static const CrmStatusTransition transitions[] = {
  { NULL,           "new" },
  { "new",          "working" },
  { "working",      "qualified" },
  { "new",          "disqualified", "disqualify_reason" },
  { "working",      "disqualified", "disqualify_reason" },
  { "qualified",    "disqualified", "disqualify_reason" },
  { "disqualified", "working" },
  { NULL,           NULL },
};

static const char * const open_statuses[] = { "new", "working", "qualified", NULL };

static const CrmRecordAction actions[] = {
  { "convert", N_("Convert"), open_statuses, "account" },
  { NULL },
};

/* a converted lead stays as it was converted */
static const char * const editable[] = { "new", "working", "qualified", "disqualified", NULL };

static const CrmFieldSpec lead_fields[] = {
  { "company",           CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_DUPLICATE_KEY, .label = N_("Company name") },
  { "person",            CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_PERSONAL, .label = NC_("lead", "Contact person"), .context = "lead" },
  /* as typed into a web form: longer than a contact's, which conversion checks */
  { "title",             CRM_FIELD_TEXT,      .max_len = 200, .label = N_("Title") },
  { "mobile",            CRM_FIELD_PHONE,     .max_len = 32,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_PERSONAL | CRM_FIELD_DUPLICATE_KEY, .label = N_("Mobile") },
  { "phone",             CRM_FIELD_PHONE,     .max_len = 32,  .flags = CRM_FIELD_SEARCHABLE, .label = N_("Phone") },
  { "email",             CRM_FIELD_EMAIL,     .max_len = 254, .flags = CRM_FIELD_SEARCHABLE | CRM_FIELD_PERSONAL | CRM_FIELD_DUPLICATE_KEY, .label = N_("Email") },
  { "region",            CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Region") },
  { "industry",          CRM_FIELD_ENUM,      .enum_values = crm_industries, .enum_labels = crm_industry_labels, .flags = CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Industry") },
  { "source",            CRM_FIELD_ENUM,      .enum_values = sources, .enum_labels = source_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("lead source", "Source channel"), .context = "lead source" },
  { "source_detail",     CRM_FIELD_TEXT,      .max_len = 200, .label = N_("Source detail") },
  { "score",             CRM_FIELD_INT,       .flags = CRM_FIELD_SORTABLE, .label = N_("Score"), .min_value = 0, .max_value = 100 },
  { "status",            CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("lead", "Status"), .context = "lead", .default_value = "new" },
  { "disqualify_reason", CRM_FIELD_TEXT,      .max_len = 500, .label = N_("Reason for disqualifying") },
  { "owner",             CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "last_activity_at",  CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Last activity") },
  { "pool",              CRM_FIELD_REFERENCE, .column = "pool_id", .json_key = "pool_id", .reference = "pool", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Pool") },
  { "claimed_at",        CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Claimed") },
  { "notes",             CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Notes") },
  { "converted_account", CRM_FIELD_REFERENCE, .column = "converted_account_id", .json_key = "converted_account_id", .reference = "account", .flags = CRM_FIELD_READONLY, .label = N_("Converted to account") },
  { "converted_contact", CRM_FIELD_REFERENCE, .column = "converted_contact_id", .json_key = "converted_contact_id", .reference = "contact", .flags = CRM_FIELD_READONLY, .label = N_("Converted to contact") },
  { "converted_opportunity", CRM_FIELD_REFERENCE, .column = "converted_opportunity_id", .json_key = "converted_opportunity_id", .reference = "opportunity", .flags = CRM_FIELD_READONLY, .label = N_("Converted to opportunity") },
  { "merged_into",       CRM_FIELD_REFERENCE, .column = "merged_into_id", .json_key = "merged_into_id", .reference = "lead", .flags = CRM_FIELD_READONLY, .label = N_("Merged into") },
};

static void
crm_lead_class_init (CrmLeadClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "lead", "leads",
                                   lead_fields, G_N_ELEMENTS (lead_fields));
  crm_entity_class_set_labels (entity_class, N_("Lead"), N_("Leads"));
  entity_class->status_transitions = transitions;
  entity_class->editable_statuses = editable;
  entity_class->actions = actions;
}

static void
crm_lead_init (CrmLead *self)
{
}

/**
 * crm_lead_account_source:
 * @source: (nullable): a lead's source channel
 *
 * Returns: (nullable): the account source a lead from @source becomes on
 *   conversion, or %NULL for none
 */
const char *
crm_lead_account_source (const char *source)
{
  if (source == NULL)
    return NULL;
  for (guint i = 0; sources[i] != NULL; i++)
    if (g_str_equal (sources[i], source))
      return account_sources[i];
  return NULL;
}
