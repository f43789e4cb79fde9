/* crm-entity-status.c: the moves of a record's status that a client may make (CrmStatusTransition) */
#include "crm-entity.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/**
 * crm_entity_class_initial_status:
 * @klass: an entity class
 *
 * Returns: (nullable): the status a new record starts in when none is
 *   given, or %NULL if the class does not guard its status
 */
const char *
crm_entity_class_initial_status (CrmEntityClass *klass)
{
  g_return_val_if_fail (klass != NULL, NULL);

  for (const CrmStatusTransition *t = klass->status_transitions; t != NULL && t->to != NULL; t++)
    if (t->from == NULL)
      return t->to;
  return NULL;
}

static const CrmStatusTransition *
find_transition (CrmEntityClass *klass,
                 const char     *from,
                 const char     *to)
{
  for (const CrmStatusTransition *t = klass->status_transitions; t->to != NULL; t++)
    if (g_strcmp0 (t->from, from) == 0 && g_str_equal (t->to, to))
      return t;
  return NULL;
}

/**
 * crm_entity_class_next_statuses:
 * @klass: an entity class
 * @from: (nullable): a record's status, or %NULL for a new record
 *
 * The statuses a client may choose for a record now in @from: @from itself
 * and those its status_transitions lead to, or those a new record may start
 * in. Statuses reached only by the server's own steps are not among them.
 *
 * Returns: (transfer full) (nullable): the statuses in the field's order,
 *   or %NULL if the class does not guard its status
 */
char **
crm_entity_class_next_statuses (CrmEntityClass *klass,
                                const char     *from)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  int status;

  g_return_val_if_fail (klass != NULL, NULL);

  status = crm_entity_class_find_field (klass, "status");
  if (klass->status_transitions == NULL || status < 0)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; klass->fields[status].enum_values[i] != NULL; i++)
    {
      const char *value = klass->fields[status].enum_values[i];

      if ((from != NULL && g_str_equal (value, from)) || find_transition (klass, from, value) != NULL)
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

static gboolean
has_value (CrmEntity  *entity,
           int         index)
{
  CrmValue *value = crm_entity_value (entity, index);

  if (!value->set || value->is_null)
    return FALSE;
  if (value->s != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value->s));

      return stripped[0] != '\0';
    }
  return TRUE;
}

/**
 * crm_entity_check_status_change:
 * @before: (nullable): the record as stored, or %NULL for a new one
 * @after: the record as it is to be stored
 * @error: return location for a %CRM_ERROR_VALIDATION naming the field
 *
 * Checks that @after's status may follow @before's by the class's
 * status_transitions, and that the field a transition requires holds a
 * value. A class without transitions, or an unchanged status, passes.
 */
gboolean
crm_entity_check_status_change (CrmEntity  *before,
                                CrmEntity  *after,
                                GError    **error)
{
  CrmEntityClass *klass;
  const CrmStatusTransition *transition;
  const char *from;
  const char *to;
  int status;

  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);
  g_return_val_if_fail (before == NULL || CRM_IS_ENTITY (before), FALSE);

  klass = CRM_ENTITY_GET_CLASS (after);
  status = crm_entity_class_find_field (klass, "status");
  if (klass->status_transitions == NULL || status < 0)
    return TRUE;
  from = before ? crm_entity_get_text (before, "status") : NULL;
  to = crm_entity_get_text (after, "status");
  if (before != NULL && g_strcmp0 (from, to) == 0)
    return TRUE;

  transition = to ? find_transition (klass, from, to) : NULL;
  if (transition == NULL)
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);
      const CrmFieldSpec *spec = &klass->fields[status];
      const char *to_label = to ? crm_field_spec_enum_label (spec, to) : "";

      if (from == NULL)
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "status",
                                   _("A new %s cannot start as “%s”"), noun, to_label);
      else
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "status",
                                   _("A %s cannot go from “%s” to “%s”"), noun,
                                   crm_field_spec_enum_label (spec, from), to_label);
      return FALSE;
    }
  if (transition->requires != NULL)
    {
      int required = crm_entity_class_find_field (klass, transition->requires);

      if (required >= 0 && !has_value (after, required))
        {
          const CrmFieldSpec *spec = &klass->fields[required];

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (spec),
                                     _("%s is required to set the status to “%s”"),
                                     crm_field_spec_get_label (spec),
                                     crm_field_spec_enum_label (&klass->fields[status], to));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * crm_entity_field_is_frozen:
 * @self: a record as stored
 * @index: one of its fields
 *
 * Returns: whether the field keeps its value in the record's status: it is
 *   flagged %CRM_FIELD_FROZEN and the status is one of the class's
 *   frozen_statuses (a published article's text)
 */
gboolean
crm_entity_field_is_frozen (CrmEntity *self,
                            guint      index)
{
  CrmEntityClass *klass;
  guint n_fields;
  const CrmFieldSpec *fields;
  const char *status;

  g_return_val_if_fail (CRM_IS_ENTITY (self), FALSE);

  klass = CRM_ENTITY_GET_CLASS (self);
  fields = crm_entity_class_get_fields (klass, &n_fields);
  g_return_val_if_fail (index < n_fields, FALSE);
  if ((fields[index].flags & CRM_FIELD_FROZEN) == 0 || klass->frozen_statuses == NULL ||
      crm_entity_class_find_field (klass, "status") < 0)
    return FALSE;
  status = crm_entity_get_text (self, "status");
  return status != NULL && g_strv_contains (klass->frozen_statuses, status);
}
