/* crm-opportunity.c: CrmOpportunity, a possible sale to an account moving through a pipeline's stages */
#include "crm-opportunity.h"
#include "crm-opportunity-contact.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

struct _CrmOpportunity
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmOpportunity, crm_opportunity, CRM_TYPE_ENTITY)

/* the status follows the kind of the stage the opportunity is in */
static const char * const statuses[] = { "open", "won", "lost", NULL };

static const char * const status_labels[] = {
  NC_("opportunity", "Open"), NC_("opportunity", "Won"), NC_("opportunity", "Lost"), NULL
};

static const char * const open_statuses[] = { "open", NULL };

static const CrmRecordAction actions[] = {
  { "quote", N_("Create quote"), open_statuses, "quote" },
  { NULL },
};

/* The stage moves by POST /opportunities/:id/stage, which sets the status,
 * the probability, closed_at and stage_entered_at with it; amount_base is
 * computed by the server. checklist_done holds the texts of the current
 * stage's checklist items that are ticked. */
static const CrmFieldSpec opportunity_fields[] = {
  { "name",             CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "account",          CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SEARCHABLE, .label = N_("Account") },
  { "contact",          CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") },
  { "owner",            CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "amount",           CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Amount") },
  { "currency",         CRM_FIELD_TEXT,      .max_len = 3, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_CURRENCY, .label = N_("Currency") },
  { "exchange_rate",    CRM_FIELD_MONEY,     .scale = 8, .label = N_("Exchange rate") },
  { "amount_base",      CRM_FIELD_MONEY,     .scale = 2, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Amount in base currency") },
  { "expected_close",   CRM_FIELD_DATE,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE | CRM_FIELD_FILTERABLE, .label = N_("Expected close") },
  { "pipeline",         CRM_FIELD_REFERENCE, .column = "pipeline_id", .json_key = "pipeline_id", .reference = "pipeline", .flags = CRM_FIELD_FILTERABLE, .label = N_("Pipeline") },
  { "stage",            CRM_FIELD_INT,       .column = "stage_id", .json_key = "stage_id", .flags = CRM_FIELD_FILTERABLE, .label = N_("Stage") },
  { "probability",      CRM_FIELD_INT,       .flags = CRM_FIELD_SORTABLE, .label = N_("Probability (%)"), .min_value = 0, .max_value = 100 },
  { "status",           CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("opportunity", "Status"), .context = "opportunity", .default_value = "open" },
  { "close_reason",     CRM_FIELD_TEXT,      .max_len = 500, .label = N_("Reason won or lost") },
  { "closed_at",        CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Closed") },
  { "lead",             CRM_FIELD_REFERENCE, .column = "lead_id", .json_key = "lead_id", .reference = "lead", .flags = CRM_FIELD_FILTERABLE, .label = N_("Source lead") },
  { "campaign",         CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_FILTERABLE, .label = N_("Campaign") },
  { "competitors",      CRM_FIELD_TEXT,      .max_len = 500, .label = N_("Competitors") },
  { "next_step",        CRM_FIELD_TEXT,      .max_len = 500, .label = N_("Next step") },
  { "stage_entered_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("In stage since") },
  { "last_activity_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Last activity") },
  { "checklist_done",   CRM_FIELD_TAGS,      .max_len = 20, .label = N_("Checklist items done") },
  { "pending_stage",    CRM_FIELD_INT,       .column = "pending_stage_id", .json_key = "pending_stage_id", .flags = CRM_FIELD_READONLY, .label = N_("Stage awaiting approval") },
};

/* amount_base = round2(amount × exchange rate); an empty rate counts as 1 */
static gboolean
derive_amount_base (CrmEntity    *self,
                    CrmRounding   rounding,
                    GError      **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (self);
  CrmValue *amount_value = crm_entity_value (self, crm_entity_class_find_field (klass, "amount"));
  CrmValue *rate_value = crm_entity_value (self, crm_entity_class_find_field (klass, "exchange_rate"));
  CrmMoney rate = rate_value->set && !rate_value->is_null ? crm_entity_get_money (self, "exchange_rate") : crm_money_new (1, 0);
  CrmMoney amount;
  CrmMoney base;

  if (!amount_value->set || amount_value->is_null)
    {
      crm_entity_set_null (self, crm_entity_class_find_field (klass, "amount_base"));
      return TRUE;
    }
  amount = crm_entity_get_money (self, "amount");
  if (crm_money_compare (amount, crm_money_new (0, 0)) < 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "amount", _("An opportunity’s amount cannot be negative"));
      return FALSE;
    }
  if (crm_money_compare (rate, crm_money_new (0, 0)) <= 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "exchange_rate", _("The exchange rate must be greater than 0"));
      return FALSE;
    }
  if (!crm_money_mul (amount, rate, 2, rounding, &base, error))
    return FALSE;
  crm_entity_set_money (self, "amount_base", base);
  return TRUE;
}

/* each contact has one role in an opportunity; the roles are kept in the order given */
static gboolean
check_contacts (CrmEntity  *self,
                GError    **error)
{
  GPtrArray *contacts = crm_entity_get_lines (self);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      gint64 *contact = g_new (gint64, 1);

      crm_entity_set_int (contacts->pdata[i], "position", i + 1);
      *contact = crm_entity_get_int (contacts->pdata[i], "contact");
      if (!g_hash_table_add (seen, contact))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "contacts",
                                     _("Line %u: this contact is already one of the opportunity’s contacts"), i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
crm_opportunity_derive (CrmEntity    *self,
                        CrmRounding   rounding,
                        GError      **error)
{
  return check_contacts (self, error) && derive_amount_base (self, rounding, error);
}

static void
crm_opportunity_class_init (CrmOpportunityClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "opportunity", "opportunities",
                                   opportunity_fields, G_N_ELEMENTS (opportunity_fields));
  crm_entity_class_set_labels (entity_class, N_("Opportunity"), N_("Opportunities"));
  entity_class->actions = actions;
  entity_class->derive = crm_opportunity_derive;
  entity_class->line_type = CRM_TYPE_OPPORTUNITY_CONTACT;
  entity_class->lines_member = "contacts";
}

static void
crm_opportunity_init (CrmOpportunity *self)
{
}
