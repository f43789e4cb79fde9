/* crm-assignment-rule.c: CrmAssignmentRule, one of the ordered rules that give a new record its owner */
#include "crm-assignment-rule.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-condition.h"

#include <glib/gi18n-lib.h>

struct _CrmAssignmentRule
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmAssignmentRule, crm_assignment_rule, CRM_TYPE_ENTITY)

/* the kinds of record rules assign (server/db/rapportd-assign.c knows
 * when each is open); accounts are to come */
static const char * const entities[] = { "lead", "case", NULL };
static const char * const entity_labels[] = { N_("Lead"), N_("Case"), NULL };

static const char * const targets[] = { "user", "round_robin", "fewest_open", "pool", NULL };

/* in context "assignment target": who a rule gives a record to */
static const char * const target_labels[] = {
  NC_("assignment target", "A named user"), NC_("assignment target", "Round-robin in a team"),
  NC_("assignment target", "Fewest open records in a team"), NC_("assignment target", "A pool"), NULL
};

static const CrmFieldSpec rule_fields[] = {
  /* 100 when not given: between rules put first and rules put last */
  { "position",    CRM_FIELD_INT,       .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .default_value = "100", .label = NC_("assignment rule", "Position"), .context = "assignment rule", .min_value = 0, .max_value = 1000000 },
  { "name",        CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "active",      CRM_FIELD_BOOL,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Active"), .default_value = "true" },
  { "entity",      CRM_FIELD_ENUM,      .enum_values = entities, .enum_labels = entity_labels, .flags = CRM_FIELD_FILTERABLE, .label = N_("Applies to"), .default_value = "lead" },
  /* empty: every record matches */
  { "condition",   CRM_FIELD_LONG_TEXT, .max_len = CRM_CONDITION_MAX_LENGTH, .flags = CRM_FIELD_COLUMN, .label = N_("Condition") },
  { "target",      CRM_FIELD_ENUM,      .enum_values = targets, .enum_labels = target_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE, .label = NC_("assignment target", "Assign to"), .context = "assignment target" },
  { "target_user", CRM_FIELD_REFERENCE, .column = "target_user_id", .json_key = "target_user_id", .reference = "user", .label = N_("User") },
  { "target_team", CRM_FIELD_REFERENCE, .column = "target_team_id", .json_key = "target_team_id", .reference = "team", .label = N_("Team") },
  /* a pool by its id (pools are kept in their own table) */
  { "target_pool", CRM_FIELD_INT,       .column = "target_pool_id", .json_key = "target_pool_id", .label = NC_("assignment rule", "Pool"), .context = "assignment rule", .min_value = 1, .max_value = G_MAXINT64 },
  /* 0 or empty: no cap */
  { "cap_open",    CRM_FIELD_INT,       .label = N_("Most open records a member may hold"), .min_value = 0, .max_value = 100000 },
};

/* a placeholder of each kind, so that a condition that compares a field
 * with a value of another kind is found when the rule is saved */
static void
set_placeholder (CrmEntity          *sample,
                 guint               index,
                 const CrmFieldSpec *spec)
{
  CrmValue *value = crm_entity_value (sample, index);

  value->set = TRUE;
  value->is_null = FALSE;
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_BOOL:
      value->i = 0;
      break;
    case CRM_FIELD_DATE:
      value->s = g_strdup ("2000-01-01");
      break;
    default:
      value->s = g_strdup (spec->enum_values ? spec->enum_values[0] : "");
      break;
    }
}

/**
 * crm_assignment_rule_check_condition:
 * @condition: a condition in the workflow condition language
 * @type: the entity type the rule assigns, such as CRM_TYPE_LEAD
 * @error: return location for a %CRM_ERROR_VALIDATION naming "condition"
 *
 * A condition is kept only if it parses (the message gives the column of
 * the error), reads only fields of @type that a condition can read, and
 * evaluates to true or false on a record of @type with a value in every
 * field.
 *
 * Returns: whether @condition may be saved
 */
gboolean
crm_assignment_rule_check_condition (const char  *condition,
                                     GType        type,
                                     GError     **error)
{
  g_autoptr(CrmCondition) parsed = NULL;
  g_autoptr(GError) problem = NULL;
  g_autoptr(CrmEntity) sample = NULL;
  g_autoptr(GHashTable) values = NULL;
  CrmEntityClass *klass;
  const char * const *ids;
  gboolean result;

  g_return_val_if_fail (condition != NULL, FALSE);
  g_return_val_if_fail (g_type_is_a (type, CRM_TYPE_ENTITY), FALSE);

  if ((parsed = crm_condition_parse (condition, NULL, &problem)) == NULL)
    {
      crm_error_set_nested_field_error (error, "condition", problem);
      return FALSE;
    }
  klass = g_type_class_peek (type);
  ids = crm_condition_get_identifiers (parsed);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      int index = crm_entity_class_find_field (klass, ids[i]);

      if (index < 0 || index < CRM_ENTITY_N_SYSTEM_FIELDS ||
          !crm_condition_field_type_is_bound (klass->fields[index].type))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "condition",
                                     _("%s records have no field “%s” that a condition can read"),
                                     klass->entity_name, ids[i]);
          return FALSE;
        }
    }

  sample = crm_entity_new (type);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    set_placeholder (sample, i, &klass->fields[i]);
  values = crm_condition_values_new_from_entity (sample);
  if (!crm_condition_evaluate_bool (parsed, values, &result, &problem))
    {
      crm_error_set_nested_field_error (error, "condition", problem);
      return FALSE;
    }
  return TRUE;
}

/* a rule is kept only with a condition that evaluates and the target its kind needs */
static gboolean
crm_assignment_rule_derive (CrmEntity    *self,
                            CrmRounding   rounding,
                            GError      **error)
{
  const char *condition = crm_entity_get_text (self, "condition");
  const char *target = crm_entity_get_text (self, "target");
  const char *entity = crm_entity_get_text (self, "entity");
  GType type = crm_entities_lookup_name (entity ? entity : "lead");
  const char *needs = NULL;

  if (condition != NULL && condition[0] != '\0' &&
      !crm_assignment_rule_check_condition (condition, type, error))
    return FALSE;

  if (g_strcmp0 (target, "user") == 0)
    needs = "target_user";
  else if (g_strcmp0 (target, "round_robin") == 0 || g_strcmp0 (target, "fewest_open") == 0)
    needs = "target_team";
  else if (g_strcmp0 (target, "pool") == 0)
    needs = "target_pool";
  /* only the kinds that pools hold go to a pool */
  if (needs != NULL && g_str_equal (needs, "target_pool") &&
      crm_entity_class_find_field (g_type_class_peek (type), "pool") < 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "target",
                                 _("No pool holds records of this kind"));
      return FALSE;
    }
  if (needs != NULL)
    {
      int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), needs);

      if (!crm_entity_has_value (self, index) || crm_entity_value (self, index)->is_null)
        {
          const CrmFieldSpec *spec = &CRM_ENTITY_GET_CLASS (self)->fields[index];

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (spec),
                                     _("This kind of rule needs %s"), crm_field_spec_get_label (spec));
          return FALSE;
        }
    }
  return TRUE;
}

static void
crm_assignment_rule_class_init (CrmAssignmentRuleClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "assignment_rule", "assignment-rules",
                                   rule_fields, G_N_ELEMENTS (rule_fields));
  crm_entity_class_set_labels (entity_class, N_("Assignment rule"), N_("Assignment rules"));
  entity_class->admin_writes = TRUE;
  entity_class->derive = crm_assignment_rule_derive;
}

static void
crm_assignment_rule_init (CrmAssignmentRule *self)
{
}
