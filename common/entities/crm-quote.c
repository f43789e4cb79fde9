/* crm-quote.c: CrmQuote, a priced offer to an account, numbered per year, with lines */
#include "crm-quote.h"
#include "crm-document-line.h"

#include <glib/gi18n-lib.h>

struct _CrmQuote
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmQuote, crm_quote, CRM_TYPE_ENTITY)

static const char * const pricing_modes[] = { "exclusive", "inclusive", NULL };
static const char * const pricing_labels[] = { N_("Prices exclude tax"), N_("Prices include tax"), NULL };

static const char * const statuses[] = {
  "draft", "pending_approval", "approved", "rejected", "sent", "accepted", "declined", "expired", "superseded", NULL
};

static const char * const status_labels[] = {
  N_("Draft"), N_("Pending approval"), N_("Approved"), N_("Rejected"), N_("Sent"), N_("Accepted"), N_("Declined"), N_("Expired"), N_("Superseded"), NULL
};

/* once submitted, a quote is changed only by its workflow, or revised */
static const char * const editable[] = { "draft", "rejected", NULL };

static const CrmFieldSpec quote_fields[] = {
  { "number",            CRM_FIELD_TEXT,      .max_len = 32, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Number") },
  { "revision",          CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY, .label = N_("Revision") },
  { "title",             CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Title") },
  { "account",           CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "contact",           CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") },
  { "opportunity",       CRM_FIELD_INT,       .column = "opportunity_id", .json_key = "opportunity_id", .flags = CRM_FIELD_FILTERABLE, .label = N_("Opportunity") },
  { "owner",             CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "status",            CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Status") },
  { "currency",          CRM_FIELD_TEXT,      .max_len = 3, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = N_("Currency") },
  { "exchange_rate",     CRM_FIELD_MONEY,     .scale = 8, .label = N_("Exchange rate") },
  { "pricing",           CRM_FIELD_ENUM,      .enum_values = pricing_modes, .enum_labels = pricing_labels, .label = N_("Pricing") },
  { "header_discount",   CRM_FIELD_MONEY,     .scale = 4, .label = N_("Discount on all lines (%)") },
  { "valid_until",       CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Valid until") },
  { "terms",             CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("Terms") },
  { "template",          CRM_FIELD_TEXT,      .max_len = 64, .label = N_("Template") },
  { "net_total",         CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Net total") },
  { "tax_total",         CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY, .label = N_("Tax total") },
  { "total",             CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Total") },
  { "total_base",        CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Total in base currency") },
  { "max_line_discount", CRM_FIELD_MONEY,     .scale = 4, .flags = CRM_FIELD_READONLY, .label = N_("Largest discount (%)") },
  { "supersedes",        CRM_FIELD_REFERENCE, .column = "supersedes_id", .json_key = "supersedes_id", .reference = "quote", .flags = CRM_FIELD_READONLY, .label = N_("Revision of") },
  { "issued_sha256",     CRM_FIELD_TEXT,      .max_len = 64, .flags = CRM_FIELD_READONLY, .label = N_("Issued document SHA-256") },
};

static void
crm_quote_class_init (CrmQuoteClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "quote", "quotes",
                                   quote_fields, G_N_ELEMENTS (quote_fields));
  crm_entity_class_set_labels (entity_class, N_("Quote"), N_("Quotes"));
  entity_class->line_type = CRM_TYPE_DOCUMENT_LINE;
  entity_class->number_prefix = "Q";
  entity_class->editable_statuses = editable;
}

static void
crm_quote_init (CrmQuote *self)
{
}
