/* crm-entities.c: the registry of entity types, by name and by collection */
#include "crm-entities.h"
#include "crm-account.h"
#include "crm-contact.h"
#include "crm-product.h"
#include "crm-quote.h"
#include "crm-sales-order.h"
#include "crm-contract.h"
#include "crm-payment.h"
#include "crm-invoice.h"
#include "crm-document-template.h"
#include "crm-workflow.h"
#include "crm-team.h"
#include "crm-user.h"
#include "crm-lead.h"
#include "crm-pool.h"
#include "crm-pipeline.h"
#include "crm-opportunity.h"
#include "crm-assignment-rule.h"
#include "crm-activity.h"
#include "crm-task.h"
#include "crm-case.h"
#include "crm-visit-plan.h"
#include "crm-weekly-report.h"
#include "crm-reminder-setting.h"
#include "crm-business-calendar.h"
#include "crm-sla-policy.h"
#include "crm-case-category.h"
#include "crm-complaint-type.h"
#include "crm-kb-category.h"
#include "crm-kb-article.h"
#include "crm-survey.h"

#include <string.h>

/**
 * crm_entities_list:
 * @n_types: (out): number of types
 *
 * Returns: (transfer none): every entity type, classes initialised
 */
const GType *
crm_entities_list (guint *n_types)
{
  static GType types[30];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      types[0] = CRM_TYPE_TEAM;
      types[1] = CRM_TYPE_USER;
      types[2] = CRM_TYPE_ACCOUNT;
      types[3] = CRM_TYPE_CONTACT;
      types[4] = CRM_TYPE_PRODUCT;
      types[5] = CRM_TYPE_QUOTE;
      types[6] = CRM_TYPE_SALES_ORDER;
      types[7] = CRM_TYPE_CONTRACT;
      types[8] = CRM_TYPE_PAYMENT;
      types[9] = CRM_TYPE_INVOICE;
      types[10] = CRM_TYPE_DOCUMENT_TEMPLATE;
      types[11] = CRM_TYPE_WORKFLOW;
      types[12] = CRM_TYPE_LEAD;
      types[13] = CRM_TYPE_PIPELINE;
      types[14] = CRM_TYPE_OPPORTUNITY;
      types[15] = CRM_TYPE_ASSIGNMENT_RULE;
      types[16] = CRM_TYPE_POOL;
      types[17] = CRM_TYPE_TASK;
      types[18] = CRM_TYPE_ACTIVITY;
      types[19] = CRM_TYPE_VISIT_PLAN;
      types[20] = CRM_TYPE_WEEKLY_REPORT;
      types[21] = CRM_TYPE_REMINDER_SETTING;
      types[22] = CRM_TYPE_BUSINESS_CALENDAR;
      types[23] = CRM_TYPE_CASE;
      types[24] = CRM_TYPE_CASE_CATEGORY;
      types[25] = CRM_TYPE_SLA_POLICY;
      types[26] = CRM_TYPE_SURVEY;
      types[27] = CRM_TYPE_KB_CATEGORY;
      types[28] = CRM_TYPE_KB_ARTICLE;
      types[29] = CRM_TYPE_COMPLAINT_TYPE;
      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        g_type_class_ref (types[i]);
      g_once_init_leave (&initialized, 1);
    }
  *n_types = G_N_ELEMENTS (types);
  return types;
}

static GType
lookup (gboolean    by_collection,
        const char *key)
{
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  for (guint i = 0; i < n_types; i++)
    {
      CrmEntityClass *klass = g_type_class_peek (types[i]);
      const char *name = by_collection ? klass->collection : klass->entity_name;

      if (g_strcmp0 (name, key) == 0)
        return types[i];
    }
  return G_TYPE_INVALID;
}

GType
crm_entities_lookup_collection (const char *collection)
{
  return lookup (TRUE, collection);
}

GType
crm_entities_lookup_name (const char *entity_name)
{
  return lookup (FALSE, entity_name);
}
