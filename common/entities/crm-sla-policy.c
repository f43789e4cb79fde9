/* crm-sla-policy.c: CrmSlaPolicy, the first-response and resolution targets cases of a priority and category are held to */
#include "crm-sla-policy.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

struct _CrmSlaPolicy
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmSlaPolicy, crm_sla_policy, CRM_TYPE_ENTITY)

/* a case's priorities (crm-case.c), or any */
static const char * const priorities[] = { "any", "low", "normal", "high", "urgent", NULL };

static const char * const priority_labels[] = {
  NC_("case priority", "Any"), NC_("case priority", "Low"), NC_("case priority", "Normal"),
  NC_("case priority", "High"), NC_("case priority", "Urgent"), NULL
};

/* a year of business minutes is more than any service level means */
#define MAX_MINUTES (366 * 24 * 60)

/* A case takes the most specific active policy that matches it: priority
 * and category, then category, then priority, then one for any case; a
 * blank category matches any. Targets are business minutes in the
 * calendar (the default calendar when none is named); the warning comes
 * when warn_percent of a target has elapsed, or warn_minutes before it. */
static const CrmFieldSpec policy_fields[] = {
  { "name",                   CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "calendar",               CRM_FIELD_REFERENCE, .column = "calendar_id", .json_key = "calendar_id", .reference = "business_calendar", .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Business calendar") },
  { "priority",               CRM_FIELD_ENUM,      .enum_values = priorities, .enum_labels = priority_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("case priority", "Priority"), .context = "case priority", .default_value = "any" },
  { "category",               CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Category") },
  { "first_response_minutes", CRM_FIELD_INT,       .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("First response within (business minutes)"), .min_value = 1, .max_value = MAX_MINUTES },
  { "resolution_minutes",     CRM_FIELD_INT,       .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("Resolution within (business minutes)"), .min_value = 1, .max_value = MAX_MINUTES },
  { "warn_percent",           CRM_FIELD_INT,       .label = N_("Warn at percent of the target"), .min_value = 1, .max_value = 99 },
  { "warn_minutes",           CRM_FIELD_INT,       .label = N_("Warn minutes before the target"), .min_value = 1, .max_value = MAX_MINUTES },
  { "is_active",              CRM_FIELD_BOOL,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Active"), .default_value = "true" },
};

static gboolean
is_set (CrmEntity  *self,
        const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), name);

  return crm_entity_has_value (self, field) && !crm_entity_value (self, field)->is_null;
}

/**
 * crm_sla_policy_warn_seconds:
 * @policy: an SLA policy
 * @target_seconds: one of its targets, in business seconds
 *
 * Returns: after how many business seconds of @target_seconds the warning
 *   comes (80 % of it by default), never less than 0
 */
gint64
crm_sla_policy_warn_seconds (CrmEntity *policy,
                             gint64     target_seconds)
{
  g_return_val_if_fail (CRM_IS_SLA_POLICY (policy), 0);

  if (is_set (policy, "warn_minutes"))
    return MAX (0, target_seconds - crm_entity_get_int (policy, "warn_minutes") * 60);
  if (is_set (policy, "warn_percent"))
    return target_seconds * crm_entity_get_int (policy, "warn_percent") / 100;
  return target_seconds * 80 / 100;
}

/* a warning is given one way: as a percent of the target or as minutes before it */
static gboolean
crm_sla_policy_derive (CrmEntity    *self,
                       CrmRounding   rounding,
                       GError      **error)
{
  g_autofree char *category = g_strdup (crm_entity_get_text (self, "category"));

  if (is_set (self, "warn_percent") && is_set (self, "warn_minutes"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "warn_minutes",
                                 _("Give the warning as a percent of the target or as minutes before it, not both"));
      return FALSE;
    }
  if (category != NULL && *g_strstrip (category) == '\0')
    crm_entity_set_null (self, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), "category"));
  return TRUE;
}

static void
crm_sla_policy_class_init (CrmSlaPolicyClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "sla_policy", "sla-policies",
                                   policy_fields, G_N_ELEMENTS (policy_fields));
  crm_entity_class_set_labels (entity_class, N_("SLA policy"), N_("SLA policies"));
  entity_class->admin_writes = TRUE;
  entity_class->derive = crm_sla_policy_derive;
}

static void
crm_sla_policy_init (CrmSlaPolicy *self)
{
}
