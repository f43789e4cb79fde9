/* crm-account.c: CrmAccount, a customer company */
#include "crm-account.h"
#include "crm-industries.h"

#include <glib/gi18n-lib.h>

struct _CrmAccount
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmAccount, crm_account, CRM_TYPE_ENTITY)

static const char * const sources[] = {
  "website", "referral", "trade_show", "cold_call", "partner", "advertising",
  "email_campaign", "social_media", "other", NULL
};

static const char * const tiers[] = {
  "strategic", "key", "standard", "small", NULL
};

static const char * const lifecycle_stages[] = {
  "prospect", "qualified", "customer", "repeat_customer", "dormant", "lost", NULL
};

static const char * const source_labels[] = {
  N_("Website"), N_("Referral"), N_("Trade show"), N_("Cold call"), N_("Partner"), N_("Advertising"), N_("Email campaign"), N_("Social media"), N_("Other"), NULL
};

static const char * const tier_labels[] = {
  N_("Strategic"), N_("Key"), N_("Standard"), N_("Small"), NULL
};

/* in context "lifecycle": a "Customer" here is 成交客户, where a printed document's is 需方 */
static const char * const lifecycle_stage_labels[] = {
  NC_("lifecycle", "Prospect"), NC_("lifecycle", "Qualified"), NC_("lifecycle", "Customer"),
  NC_("lifecycle", "Repeat customer"), NC_("lifecycle", "Dormant"), NC_("lifecycle", "Lost"), NULL
};

static const CrmFieldSpec account_fields[] = {
  { "name",            CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_DUPLICATE_KEY, .label = N_("Name") },
  { "code",            CRM_FIELD_TEXT,      .max_len = 32,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE, .label = N_("Code") },
  { "industry",        CRM_FIELD_ENUM,      .enum_values = crm_industries, .enum_labels = crm_industry_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Industry") },
  { "region",          CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE | CRM_FIELD_SEARCHABLE, .label = N_("Region") },
  { "source",          CRM_FIELD_ENUM,      .enum_values = sources, .enum_labels = source_labels, .flags = CRM_FIELD_FILTERABLE, .label = N_("Source") },
  { "tier",            CRM_FIELD_ENUM,      .enum_values = tiers, .enum_labels = tier_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Tier") },
  { "lifecycle_stage", CRM_FIELD_ENUM,      .enum_values = lifecycle_stages, .enum_labels = lifecycle_stage_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("lifecycle", "Lifecycle stage"), .context = "lifecycle" },
  { "owner",           CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "phone",           CRM_FIELD_PHONE,     .max_len = 32,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_DUPLICATE_KEY, .label = N_("Phone") },
  { "website",         CRM_FIELD_URL,       .max_len = 255, .label = N_("Website") },
  { "address",         CRM_FIELD_LONG_TEXT, .max_len = 500, .label = N_("Address") },
  { "tax_id",          CRM_FIELD_TEXT,      .max_len = 50,  .flags = CRM_FIELD_SEARCHABLE, .label = N_("Tax ID") },
  { "notes",           CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Notes") },
  { "tags",            CRM_FIELD_TAGS,      .max_len = 20, .label = N_("Tags") },
  { "pool",            CRM_FIELD_REFERENCE, .column = "pool_id", .json_key = "pool_id", .reference = "pool", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Pool") },
  { "claimed_at",      CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Claimed") },
  { "last_activity_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Last activity") },
  { "merged_into",     CRM_FIELD_REFERENCE, .column = "merged_into_id", .json_key = "merged_into_id", .reference = "account", .flags = CRM_FIELD_READONLY, .label = N_("Merged into") },
};

static void
crm_account_class_init (CrmAccountClass *klass)
{
  crm_entity_class_install_fields (CRM_ENTITY_CLASS (klass), "account", "accounts",
                                   account_fields, G_N_ELEMENTS (account_fields));
  crm_entity_class_set_labels (CRM_ENTITY_CLASS (klass), N_("Account"), N_("Accounts"));
}

static void
crm_account_init (CrmAccount *self)
{
}
