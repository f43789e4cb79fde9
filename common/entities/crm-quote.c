/* crm-quote.c: CrmQuote, a priced offer to an account, numbered per year, with lines */
#include "crm-quote.h"
#include "crm-document-fields.h"
#include "crm-document-pricing.h"
#include "crm-document-line.h"

#include <glib/gi18n-lib.h>

struct _CrmQuote
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmQuote, crm_quote, CRM_TYPE_ENTITY)

static const char * const statuses[] = {
  "draft", "pending_approval", "approved", "rejected", "sent", "accepted", "declined", "expired", "superseded", NULL
};

static const char * const status_labels[] = {
  N_("Draft"), N_("Pending approval"), N_("Approved"), N_("Rejected"), N_("Sent"), N_("Accepted"), N_("Declined"), N_("Expired"), N_("Superseded"), NULL
};

/* once submitted, a quote is changed only by its workflow, or revised */
static const char * const editable[] = { "draft", "rejected", NULL };

static const CrmFieldSpec quote_fields[] = {
  CRM_DOCUMENT_PARTY_FIELDS,
  { "revision",    CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY, .label = N_("Revision") },
  { "opportunity", CRM_FIELD_REFERENCE, .column = "opportunity_id", .json_key = "opportunity_id", .reference = "opportunity", .flags = CRM_FIELD_FILTERABLE, .label = N_("Opportunity") },
  { "status",      CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Status") },
  CRM_DOCUMENT_PRICE_FIELDS,
  { "valid_until", CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Valid until") },
  CRM_DOCUMENT_ISSUE_FIELDS,
  { "supersedes",  CRM_FIELD_REFERENCE, .column = "supersedes_id", .json_key = "supersedes_id", .reference = "quote", .flags = CRM_FIELD_READONLY, .label = N_("Revision of") },
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
  entity_class->derive = crm_document_price;
}

static void
crm_quote_init (CrmQuote *self)
{
}
