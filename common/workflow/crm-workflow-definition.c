/* crm-workflow-definition.c: CrmWorkflowDefinition: accessors, triggers, JSON output, entity checks */
#include "crm-workflow-definition-private.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"
#include "crm-json.h"

G_DEFINE_BOXED_TYPE (CrmWorkflowDefinition, crm_workflow_definition,
                     crm_workflow_definition_ref, crm_workflow_definition_unref)

/* the events that can start an approval, by entity */
static const struct
{
  const char *entity;
  const char *trigger;
} triggers[] = {
  { "quote", "submit" },
  { "order", "confirm" },
  { "contract", "activate" },
  { "expense", "submit" },
  { "opportunity", "report" },
  { "case", "close" },
  { "case", "sla_breach" },
  { "kb_article", "publish" },
};

static const char * const mode_names[] = { "any", "all", "quorum" };

/**
 * crm_workflow_trigger_is_valid:
 * @entity: an entity name such as "quote"
 * @trigger: an event such as "submit"
 *
 * The events are: quote submit, order confirm, contract activate, expense
 * submit, opportunity report, case close (a complaint's closure) and
 * case sla_breach (a service level breached, escalated for acknowledgement).
 *
 * Returns: %TRUE if a workflow can start on @trigger of an @entity
 */
gboolean
crm_workflow_trigger_is_valid (const char *entity,
                               const char *trigger)
{
  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      if (g_strcmp0 (triggers[i].entity, entity) == 0 && g_strcmp0 (triggers[i].trigger, trigger) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * crm_workflow_trigger_label:
 * @trigger: an event such as "submit"
 *
 * Returns: (transfer none): the event as people name it, translated:
 *   "Submit", "Confirm"…; an unknown event as it is
 */
const char *
crm_workflow_trigger_label (const char *trigger)
{
  g_return_val_if_fail (trigger != NULL, NULL);

  if (g_str_equal (trigger, "submit"))
    return C_("trigger", "Submit");
  if (g_str_equal (trigger, "confirm"))
    return C_("trigger", "Confirm");
  if (g_str_equal (trigger, "activate"))
    return C_("trigger", "Activate");
  if (g_str_equal (trigger, "report"))
    return C_("trigger", "Report");
  if (g_str_equal (trigger, "close"))
    return C_("trigger", "Close");
  if (g_str_equal (trigger, "publish"))
    return C_("trigger", "Publish");
  if (g_str_equal (trigger, "sla_breach"))
    return C_("trigger", "SLA breach");
  return trigger;
}

/* "submit" for quotes: the triggers of @entity, comma separated */
char *
crm_workflow_triggers_describe (const char *entity)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      if (g_strcmp0 (triggers[i].entity, entity) != 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, triggers[i].trigger);
    }
  return g_string_free (out, FALSE);
}

/* whether @entity has any trigger */
gboolean
crm_workflow_entity_is_known (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      if (g_strcmp0 (triggers[i].entity, entity) == 0)
        return TRUE;
    }
  return FALSE;
}

/* the entities that have a trigger, comma separated */
char *
crm_workflow_entities_describe (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, triggers[i].entity);
    }
  return g_string_free (out, FALSE);
}

/**
 * crm_workflow_mode_to_string:
 * @mode: a mode
 *
 * Returns: (transfer none): "any", "all" or "quorum"
 */
const char *
crm_workflow_mode_to_string (CrmWorkflowMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), "any");

  return mode_names[mode];
}

void
crm_workflow_approvers_free (CrmWorkflowApprovers *approvers)
{
  if (approvers == NULL)
    return;
  g_free (approvers->name);
  g_strfreev (approvers->users);
  g_free (approvers);
}

void
crm_workflow_step_free (CrmWorkflowStep *step)
{
  if (step == NULL)
    return;
  g_free (step->name);
  g_clear_pointer (&step->names, g_hash_table_unref);
  g_clear_pointer (&step->condition, crm_condition_unref);
  g_clear_pointer (&step->approvers, g_ptr_array_unref);
  g_free (step);
}

CrmWorkflowDefinition *
crm_workflow_definition_alloc (void)
{
  CrmWorkflowDefinition *self = g_new0 (CrmWorkflowDefinition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_workflow_step_free);
  return self;
}

CrmWorkflowDefinition *
crm_workflow_definition_ref (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
crm_workflow_definition_unref (CrmWorkflowDefinition *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_free (self->description);
  g_free (self->entity);
  g_free (self->trigger);
  g_clear_pointer (&self->condition, crm_condition_unref);
  g_ptr_array_unref (self->steps);
  g_free (self);
}

const char *
crm_workflow_definition_get_name (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * crm_workflow_definition_get_description:
 * @self: a definition
 *
 * Returns: (nullable): what the workflow is for, in the administrator's words
 */
const char *
crm_workflow_definition_get_description (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->description;
}

gint64
crm_workflow_definition_get_version (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->version;
}

const char *
crm_workflow_definition_get_entity (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entity;
}

const char *
crm_workflow_definition_get_trigger (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->trigger;
}

/**
 * crm_workflow_definition_get_condition:
 * @self: a definition
 *
 * Returns: (transfer none) (nullable): when the workflow applies at all
 */
CrmCondition *
crm_workflow_definition_get_condition (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->condition;
}

guint
crm_workflow_definition_get_n_steps (CrmWorkflowDefinition *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps->len;
}

/**
 * crm_workflow_definition_get_step:
 * @self: a definition
 * @index: a step, from 0
 *
 * Returns: (transfer none): the step
 */
const CrmWorkflowStep *
crm_workflow_definition_get_step (CrmWorkflowDefinition *self,
                                  guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index);
}

static void
add_identifiers (GPtrArray    *names,
                 CrmCondition *condition)
{
  const char * const *ids;

  if (condition == NULL)
    return;
  ids = crm_condition_get_identifiers (condition);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (!g_ptr_array_find_with_equal_func (names, ids[i], g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (ids[i]));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * crm_workflow_definition_dup_identifiers:
 * @self: a definition
 *
 * Returns: (transfer full) (array zero-terminated=1): every field name its
 *   conditions read, sorted, each once
 */
char **
crm_workflow_definition_dup_identifiers (CrmWorkflowDefinition *self)
{
  GPtrArray *names;

  g_return_val_if_fail (self != NULL, NULL);

  names = g_ptr_array_new ();
  add_identifiers (names, self->condition);
  for (guint i = 0; i < self->steps->len; i++)
    add_identifiers (names, ((CrmWorkflowStep *) g_ptr_array_index (self->steps, i))->condition);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static gboolean
check_condition (CrmCondition    *condition,
                 const char      *path,
                 CrmEntityClass  *klass,
                 GError         **error)
{
  const char * const *ids;

  if (condition == NULL)
    return TRUE;

  ids = crm_condition_get_identifiers (condition);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      int index = crm_entity_class_find_field (klass, ids[i]);

      if (index < 0 || !crm_condition_field_type_is_bound (klass->fields[index].type))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path,
                                     _("“%s”: %s records have no field “%s” that a condition can read"),
                                     path, klass->entity_name, ids[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * crm_workflow_definition_check_entity:
 * @self: a definition
 * @klass: the class of the entity it is for, such as CrmQuote's
 * @error: return location for a %CRM_ERROR_VALIDATION naming the member
 *
 * Checks, when a definition is saved, that it is for @klass and that every
 * field its conditions read is one crm_condition_values_new_from_entity()
 * binds, so that no approval fails later on a misspelt field.
 *
 * Returns: %TRUE if the definition fits @klass
 */
gboolean
crm_workflow_definition_check_entity (CrmWorkflowDefinition  *self,
                                      CrmEntityClass         *klass,
                                      GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY_CLASS (klass), FALSE);

  if (g_strcmp0 (klass->entity_name, self->entity) != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "entity",
                                 _("This workflow is for %s records, not %s records"),
                                 self->entity, klass->entity_name);
      return FALSE;
    }

  if (!check_condition (self->condition, "condition", klass, error))
    return FALSE;
  for (guint i = 0; i < self->steps->len; i++)
    {
      CrmWorkflowStep *step = g_ptr_array_index (self->steps, i);
      g_autofree char *path = g_strdup_printf ("steps[%u].condition", i);

      if (!check_condition (step->condition, path, klass, error))
        return FALSE;
    }
  return TRUE;
}

static JsonNode *
approvers_to_json (const CrmWorkflowApprovers *approvers)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  switch (approvers->kind)
    {
    case CRM_WORKFLOW_APPROVER_ROLE:
      json_object_set_string_member (object, "role", approvers->name);
      break;
    case CRM_WORKFLOW_APPROVER_TEAM:
      json_object_set_string_member (object, "team", approvers->name);
      break;
    case CRM_WORKFLOW_APPROVER_USERS:
      {
        JsonArray *users = json_array_new ();

        for (guint i = 0; approvers->users[i] != NULL; i++)
          json_array_add_string_element (users, approvers->users[i]);
        json_object_set_array_member (object, "users", users);
      }
      break;
    case CRM_WORKFLOW_APPROVER_MANAGER:
    default:
      json_object_set_int_member (object, "manager_levels", approvers->levels);
      break;
    }
  json_node_set_object (node, object);
  return node;
}

/* "names": {"zh_CN": "…"}, in a stable order */
static void
set_names (JsonObject *object,
           GHashTable *names)
{
  g_autoptr(JsonObject) names_object = NULL;
  g_autoptr(GList) languages = NULL;

  if (names == NULL || g_hash_table_size (names) == 0)
    return;
  names_object = json_object_new ();
  languages = g_list_sort (g_hash_table_get_keys (names), (GCompareFunc) g_strcmp0);
  for (GList *l = languages; l != NULL; l = l->next)
    json_object_set_string_member (names_object, l->data, g_hash_table_lookup (names, l->data));
  json_object_set_object_member (object, "names", g_steal_pointer (&names_object));
}

/* the first of @languages (as g_get_language_names() gives them) @names has */
static const char *
name_for (const char         *name,
          GHashTable         *names,
          const char * const *languages)
{
  for (guint i = 0; names != NULL && languages != NULL && languages[i] != NULL; i++)
    {
      const char *translated = g_hash_table_lookup (names, languages[i]);

      if (translated != NULL)
        return translated;
    }
  return name;
}

/**
 * crm_workflow_definition_get_name_for:
 * @self: a definition
 * @languages: (nullable) (array zero-terminated=1): languages in order of
 *   preference, as g_get_language_names() gives them
 *
 * Returns: (transfer none): the name in the first of @languages the
 *   definition's "names" has, else its "name"
 */
const char *
crm_workflow_definition_get_name_for (CrmWorkflowDefinition *self,
                                      const char * const    *languages)
{
  g_return_val_if_fail (self != NULL, NULL);

  return name_for (self->name, self->names, languages);
}

/**
 * crm_workflow_step_get_name_for:
 * @step: a step
 * @languages: (nullable) (array zero-terminated=1): languages in order of preference
 *
 * Returns: (transfer none): the step's name in the first of @languages
 *   its "names" has, else its "name"
 */
const char *
crm_workflow_step_get_name_for (const CrmWorkflowStep *step,
                                const char * const    *languages)
{
  g_return_val_if_fail (step != NULL, NULL);

  return name_for (step->name, step->names, languages);
}

static JsonNode *
step_to_json (const CrmWorkflowStep *step)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "name", step->name);
  set_names (object, step->names);
  if (step->condition != NULL)
    json_object_set_string_member (object, "condition", crm_condition_get_text (step->condition));

  /* one entry is written as an object, as people write it */
  if (step->approvers->len == 1)
    {
      json_object_set_member (object, "approvers",
                              approvers_to_json (g_ptr_array_index (step->approvers, 0)));
    }
  else
    {
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < step->approvers->len; i++)
        json_array_add_element (list, approvers_to_json (g_ptr_array_index (step->approvers, i)));
      json_object_set_array_member (object, "approvers", list);
    }

  json_object_set_string_member (object, "mode", crm_workflow_mode_to_string (step->mode));
  if (step->mode == CRM_WORKFLOW_MODE_QUORUM)
    json_object_set_int_member (object, "quorum", step->quorum);
  if (step->deadline_hours > 0)
    json_object_set_int_member (object, "deadline_hours", step->deadline_hours);
  if (step->escalate == CRM_WORKFLOW_ESCALATE_NEXT_MANAGER)
    json_object_set_string_member (object, "escalate", "next_manager");

  json_node_set_object (node, object);
  return node;
}

/**
 * crm_workflow_definition_to_json:
 * @self: a definition
 *
 * Writes the definition in one canonical form that
 * crm_workflow_definition_new_from_json() reads back unchanged.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
crm_workflow_definition_to_json (CrmWorkflowDefinition *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *steps = json_array_new ();
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  json_object_set_string_member (object, "name", self->name);
  set_names (object, self->names);
  if (self->description != NULL)
    json_object_set_string_member (object, "description", self->description);
  json_object_set_int_member (object, "version", self->version);
  json_object_set_string_member (object, "entity", self->entity);
  json_object_set_string_member (object, "trigger", self->trigger);
  if (self->condition != NULL)
    json_object_set_string_member (object, "condition", crm_condition_get_text (self->condition));
  for (guint i = 0; i < self->steps->len; i++)
    json_array_add_element (steps, step_to_json (g_ptr_array_index (self->steps, i)));
  json_object_set_array_member (object, "steps", steps);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/**
 * crm_workflow_definition_to_data:
 * @self: a definition
 *
 * Returns: (transfer full): the canonical JSON text
 */
char *
crm_workflow_definition_to_data (CrmWorkflowDefinition *self)
{
  g_autoptr(JsonNode) node = crm_workflow_definition_to_json (self);

  return crm_json_to_string (node);
}
