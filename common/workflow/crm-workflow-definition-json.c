/* crm-workflow-definition-json.c: reads a workflow definition from JSON, naming the member of every error */
#include "crm-workflow-definition-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-error.h"
#include "crm-json-parse.h"
#include "crm-user.h"

#define MAX_NAME_CHARS        200
#define MAX_DESCRIPTION_CHARS 2000
#define MAX_TEAM_CHARS        100
#define MAX_LOGIN_CHARS       64

static const char * const root_members[] = {
  "$schema", "name", "names", "description", "version", "entity", "trigger", "condition", "steps", NULL
};
static const char * const step_members[] = {
  "name", "names", "condition", "approvers", "mode", "quorum", "deadline_hours", "escalate", NULL
};
static const char * const approver_members[] = { "role", "team", "users", "manager_levels", NULL };
static const char * const modes[] = { "any", "all", "quorum", NULL };
static const char * const escalations[] = { "next_manager", NULL };

static char *
path_of (const char *prefix,
         const char *member)
{
  return g_strconcat (prefix, member, NULL);
}

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *message)
{
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path, "%s", message);
  return FALSE;
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
reject_unknown (JsonObject          *object,
                const char          *prefix,
                const char * const  *known,
                GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_autofree char *path = path_of (prefix, l->data);
          g_autofree char *message = g_strdup_printf (_("Unknown member “%s”"), path);

          return fail (error, path, message);
        }
    }
  return TRUE;
}

static gboolean
fail_required (const char  *path,
               GError     **error)
{
  g_autofree char *message = g_strdup_printf (_("“%s” is required"), path);

  return fail (error, path, message);
}

static gboolean
check_text (const char  *text,
            const char  *path,
            guint        max_chars,
            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *message = NULL;

  if (stripped[0] == '\0')
    message = g_strdup_printf (_("“%s” must not be empty"), path);
  else if (g_utf8_strlen (text, -1) > (glong) max_chars)
    message = g_strdup_printf (_("“%s” is longer than %u characters"), path, max_chars);
  else
    return TRUE;
  return fail (error, path, message);
}

/* A string member; %NULL in @out when it is absent and not @required. */
static gboolean
read_string (JsonObject  *object,
             const char  *prefix,
             const char  *member,
             gboolean     required,
             guint        max_chars,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = path_of (prefix, member);

  *out = NULL;
  if (node == NULL)
    return required ? fail_required (path, error) : TRUE;
  if (!node_holds (node, G_TYPE_STRING))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a string"), path);

      return fail (error, path, message);
    }
  if (!check_text (json_node_get_string (node), path, max_chars, error))
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* "zh_CN", "de": a language as gettext names it */
static gboolean
is_language (const char *tag)
{
  gsize length = strlen (tag);

  if (length != 2 && length != 5)
    return FALSE;
  if (!g_ascii_islower (tag[0]) || !g_ascii_islower (tag[1]))
    return FALSE;
  return length == 2 || (tag[2] == '_' && g_ascii_isupper (tag[3]) && g_ascii_isupper (tag[4]));
}

/* "names": {"zh_CN": "经理审批"}, the name in other languages; %NULL in @out when absent */
static gboolean
read_names (JsonObject   *object,
            const char   *prefix,
            GHashTable  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, "names");
  g_autofree char *path = path_of (prefix, "names");
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GList) languages = NULL;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be an object"), path);

      return fail (error, path, message);
    }
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  languages = json_object_get_members (json_node_get_object (node));
  for (GList *l = languages; l != NULL; l = l->next)
    {
      JsonNode *name = json_object_get_member (json_node_get_object (node), l->data);
      g_autofree char *name_path = g_strdup_printf ("%s.%s", path, (const char *) l->data);

      if (!is_language (l->data))
        {
          /* TRANSLATORS: a member of "names" that is no language, e.g. "“names.chinese” must be a language such as zh_CN" */
          g_autofree char *message = g_strdup_printf (_("“%s” must be a language such as zh_CN"), name_path);

          return fail (error, name_path, message);
        }
      if (!node_holds (name, G_TYPE_STRING))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” must be a string"), name_path);

          return fail (error, name_path, message);
        }
      if (!check_text (json_node_get_string (name), name_path, MAX_NAME_CHARS, error))
        return FALSE;
      g_hash_table_insert (names, g_strdup (l->data), g_strdup (json_node_get_string (name)));
    }
  *out = g_steal_pointer (&names);
  return TRUE;
}

static gboolean
read_choice (JsonObject          *object,
             const char          *prefix,
             const char          *member,
             gboolean             required,
             const char * const  *choices,
             int                 *out,
             GError             **error)
{
  g_autofree char *text = NULL;

  *out = -1;
  if (!read_string (object, prefix, member, required, MAX_NAME_CHARS, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  for (int i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], text))
        {
          *out = i;
          return TRUE;
        }
    }

  {
    g_autofree char *path = path_of (prefix, member);
    g_autofree char *allowed = g_strjoinv (", ", (char **) choices);
    g_autofree char *message = g_strdup_printf (_("“%s” must be one of: %s"), path, allowed);

    return fail (error, path, message);
  }
}

/* A whole-number member from @min to @max; @present tells whether it was there. */
static gboolean
read_int (JsonObject  *object,
          const char  *prefix,
          const char  *member,
          gboolean     required,
          gint64       min,
          gint64       max,
          gint64      *out,
          gboolean    *present,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = path_of (prefix, member);

  *out = 0;
  if (present != NULL)
    *present = node != NULL;
  if (node == NULL)
    return required ? fail_required (path, error) : TRUE;

  if (!node_holds (node, G_TYPE_INT64) || json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a whole number from %d to %d"),
                                                  path, (int) min, (int) max);

      return fail (error, path, message);
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_condition (JsonObject    *object,
                const char    *prefix,
                CrmCondition **out,
                GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *path = path_of (prefix, "condition");
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (!read_string (object, prefix, "condition", FALSE, CRM_CONDITION_MAX_LENGTH, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  *out = crm_condition_parse (text, NULL, &local_error);
  if (*out == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path, "“%s”: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fail_twice (const char  *path,
            const char  *what,
            GError     **error)
{
  g_autofree char *message = g_strdup_printf (_("“%s”: “%s” appears twice"), path, what);

  return fail (error, path, message);
}

static const char * const *
user_roles (void)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (CRM_TYPE_USER);
  int index = crm_entity_class_find_field (CRM_ENTITY_CLASS (klass), "role");

  /* the class and its field table live as long as the program */
  return index >= 0 ? CRM_ENTITY_CLASS (klass)->fields[index].enum_values : NULL;
}

static gboolean
read_users (JsonNode     *node,
            const char   *path,
            char       ***out,
            GError      **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > CRM_WORKFLOW_MAX_USERS)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a list of 1 to %u logins"),
                                                  path, (guint) CRM_WORKFLOW_MAX_USERS);

      return fail (error, path, message);
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      const char *login;

      if (!node_holds (item, G_TYPE_STRING))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” must be a string"), item_path);

          return fail (error, item_path, message);
        }
      login = json_node_get_string (item);
      if (!check_text (login, item_path, MAX_LOGIN_CHARS, error))
        return FALSE;
      if (g_ptr_array_find_with_equal_func (users, login, g_str_equal, NULL))
        return fail_twice (path, login, error);
      g_ptr_array_add (users, g_strdup (login));
    }

  g_ptr_array_add (users, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&users), FALSE);
  return TRUE;
}

/* One approver entry: exactly one of role, team, users, manager_levels. */
static CrmWorkflowApprovers *
read_approver (JsonNode    *node,
               const char  *path,
               GError     **error)
{
  g_autoptr(CrmWorkflowApprovers) approvers = g_new0 (CrmWorkflowApprovers, 1);
  g_autofree char *prefix = g_strconcat (path, ".", NULL);
  JsonObject *object;
  gint64 levels;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be an object"), path);

      fail (error, path, message);
      return NULL;
    }
  object = json_node_get_object (node);
  if (!reject_unknown (object, prefix, approver_members, error))
    return NULL;
  if (json_object_get_size (object) != 1)
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” must name exactly one of role, team, users or manager_levels"), path);

      fail (error, path, message);
      return NULL;
    }

  if (json_object_has_member (object, "role"))
    {
      int role;

      approvers->kind = CRM_WORKFLOW_APPROVER_ROLE;
      if (!read_choice (object, prefix, "role", TRUE, user_roles (), &role, error))
        return NULL;
      approvers->name = g_strdup (user_roles ()[role]);
    }
  else if (json_object_has_member (object, "team"))
    {
      approvers->kind = CRM_WORKFLOW_APPROVER_TEAM;
      if (!read_string (object, prefix, "team", TRUE, MAX_TEAM_CHARS, &approvers->name, error))
        return NULL;
    }
  else if (json_object_has_member (object, "users"))
    {
      g_autofree char *users_path = path_of (prefix, "users");

      approvers->kind = CRM_WORKFLOW_APPROVER_USERS;
      if (!read_users (json_object_get_member (object, "users"), users_path, &approvers->users, error))
        return NULL;
    }
  else
    {
      approvers->kind = CRM_WORKFLOW_APPROVER_MANAGER;
      if (!read_int (object, prefix, "manager_levels", TRUE, 1, CRM_WORKFLOW_MAX_MANAGER_LEVELS,
                     &levels, NULL, error))
        return NULL;
      approvers->levels = (guint) levels;
    }
  return g_steal_pointer (&approvers);
}

/* Two entries that name the same people make the step ambiguous. */
static gboolean
check_distinct_approvers (GPtrArray   *list,
                          const char  *path,
                          GError     **error)
{
  for (guint i = 0; i < list->len; i++)
    {
      const CrmWorkflowApprovers *a = g_ptr_array_index (list, i);

      for (guint j = 0; j < i; j++)
        {
          const CrmWorkflowApprovers *b = g_ptr_array_index (list, j);

          if (a->kind != b->kind)
            continue;
          if (a->kind == CRM_WORKFLOW_APPROVER_MANAGER)
            return fail_twice (path, "manager_levels", error);
          if (a->kind != CRM_WORKFLOW_APPROVER_USERS && g_str_equal (a->name, b->name))
            return fail_twice (path, a->name, error);
          for (guint u = 0; a->kind == CRM_WORKFLOW_APPROVER_USERS && a->users[u] != NULL; u++)
            {
              if (g_strv_contains ((const char * const *) b->users, a->users[u]))
                return fail_twice (path, a->users[u], error);
            }
        }
    }
  return TRUE;
}

static GPtrArray *
read_approvers (JsonObject  *object,
                const char  *prefix,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_workflow_approvers_free);
  g_autofree char *path = path_of (prefix, "approvers");
  JsonNode *node = json_object_get_member (object, "approvers");
  CrmWorkflowApprovers *approvers;

  if (node == NULL)
    {
      fail_required (path, error);
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      approvers = read_approver (node, path, error);
      if (approvers == NULL)
        return NULL;
      g_ptr_array_add (list, approvers);
      return g_steal_pointer (&list);
    }

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > CRM_WORKFLOW_MAX_APPROVERS)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be an object or a list of 1 to %u objects"),
                                                  path, (guint) CRM_WORKFLOW_MAX_APPROVERS);

      fail (error, path, message);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      approvers = read_approver (json_array_get_element (json_node_get_array (node), i), item_path, error);
      if (approvers == NULL)
        return NULL;
      g_ptr_array_add (list, approvers);
    }

  if (!check_distinct_approvers (list, path, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* How many approvers the step names when that is known before anyone is
 * resolved (only users and manager levels); 0 when a role or team is named. */
static guint
count_named_approvers (GPtrArray *list)
{
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    {
      const CrmWorkflowApprovers *a = g_ptr_array_index (list, i);

      if (a->kind == CRM_WORKFLOW_APPROVER_USERS)
        n += g_strv_length (a->users);
      else if (a->kind == CRM_WORKFLOW_APPROVER_MANAGER)
        n += a->levels;
      else
        return 0;
    }
  return n;
}

static gboolean
read_step_rules (CrmWorkflowStep  *step,
                 JsonObject       *object,
                 const char       *prefix,
                 GError          **error)
{
  gint64 number;
  gboolean present;
  int choice;

  if (!read_choice (object, prefix, "mode", FALSE, modes, &choice, error))
    return FALSE;
  step->mode = choice < 0 ? CRM_WORKFLOW_MODE_ANY : (CrmWorkflowMode) choice;

  if (!read_int (object, prefix, "quorum", step->mode == CRM_WORKFLOW_MODE_QUORUM,
                 1, CRM_WORKFLOW_MAX_QUORUM, &number, &present, error))
    return FALSE;
  if (present && step->mode != CRM_WORKFLOW_MODE_QUORUM)
    {
      g_autofree char *path = path_of (prefix, "quorum");
      g_autofree char *message = g_strdup_printf (_("“%s” is only allowed when mode is “quorum”"), path);

      return fail (error, path, message);
    }
  step->quorum = (guint) number;
  if (step->quorum > 0 && count_named_approvers (step->approvers) > 0 &&
      step->quorum > count_named_approvers (step->approvers))
    {
      g_autofree char *path = path_of (prefix, "quorum");
      g_autofree char *message = g_strdup_printf (_("“%s” is larger than the %u approvers the step names"),
                                                  path, count_named_approvers (step->approvers));

      return fail (error, path, message);
    }

  if (!read_int (object, prefix, "deadline_hours", FALSE, 1, CRM_WORKFLOW_MAX_DEADLINE_HOURS,
                 &number, NULL, error))
    return FALSE;
  step->deadline_hours = (guint) number;

  if (!read_choice (object, prefix, "escalate", FALSE, escalations, &choice, error))
    return FALSE;
  if (choice >= 0 && step->deadline_hours == 0)
    {
      g_autofree char *path = path_of (prefix, "escalate");
      g_autofree char *message = g_strdup_printf (_("“%s” needs “deadline_hours”"), path);

      return fail (error, path, message);
    }
  step->escalate = choice < 0 ? CRM_WORKFLOW_ESCALATE_NONE : CRM_WORKFLOW_ESCALATE_NEXT_MANAGER;
  return TRUE;
}

static CrmWorkflowStep *
read_step (JsonNode               *node,
           guint                   index,
           CrmWorkflowDefinition  *definition,
           GError                **error)
{
  g_autoptr(CrmWorkflowStep) step = g_new0 (CrmWorkflowStep, 1);
  g_autofree char *path = g_strdup_printf ("steps[%u]", index);
  g_autofree char *prefix = g_strconcat (path, ".", NULL);
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be an object"), path);

      fail (error, path, message);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!reject_unknown (object, prefix, step_members, error) ||
      !read_string (object, prefix, "name", TRUE, MAX_NAME_CHARS, &step->name, error) ||
      !read_names (object, prefix, &step->names, error))
    return NULL;

  for (guint i = 0; i < definition->steps->len; i++)
    {
      if (g_str_equal (((CrmWorkflowStep *) g_ptr_array_index (definition->steps, i))->name, step->name))
        {
          fail_twice ("steps", step->name, error);
          return NULL;
        }
    }

  if (!read_condition (object, prefix, &step->condition, error))
    return NULL;
  step->approvers = read_approvers (object, prefix, error);
  if (step->approvers == NULL || !read_step_rules (step, object, prefix, error))
    return NULL;
  return g_steal_pointer (&step);
}

static gboolean
read_header (CrmWorkflowDefinition  *self,
             JsonObject             *object,
             GError                **error)
{
  g_autofree char *entities = crm_workflow_entities_describe ();
  g_autofree char *schema = NULL;

  if (!reject_unknown (object, "", root_members, error) ||
      !read_string (object, "", "$schema", FALSE, 4096, &schema, error) ||
      !read_string (object, "", "name", TRUE, MAX_NAME_CHARS, &self->name, error) ||
      !read_names (object, "", &self->names, error) ||
      !read_string (object, "", "description", FALSE, MAX_DESCRIPTION_CHARS, &self->description, error) ||
      !read_int (object, "", "version", TRUE, 1, G_MAXINT32, &self->version, NULL, error) ||
      !read_string (object, "", "entity", TRUE, MAX_NAME_CHARS, &self->entity, error))
    return FALSE;

  if (!crm_workflow_entity_is_known (self->entity))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be one of: %s"), "entity", entities);

      return fail (error, "entity", message);
    }

  if (!read_string (object, "", "trigger", TRUE, MAX_NAME_CHARS, &self->trigger, error))
    return FALSE;
  if (!crm_workflow_trigger_is_valid (self->entity, self->trigger))
    {
      g_autofree char *allowed = crm_workflow_triggers_describe (self->entity);
      g_autofree char *message = g_strdup_printf (_("“%s” must be one of: %s"), "trigger", allowed);

      return fail (error, "trigger", message);
    }

  return read_condition (object, "", &self->condition, error);
}

/**
 * crm_workflow_definition_new_from_json:
 * @node: the definition, as in schemas/workflows/workflow.schema.json
 * @error: return location for a %CRM_ERROR_VALIDATION whose field is the
 *   path of the offending member, such as "steps[1].approvers.role"
 *
 * Reads and validates a definition strictly: unknown members, wrong types,
 * out-of-range numbers, unknown roles, bad conditions, duplicate step names
 * and contradictory rules are all errors. This validator, not the JSON
 * schema, is the authority.
 *
 * Returns: (transfer full) (nullable): the definition
 */
CrmWorkflowDefinition *
crm_workflow_definition_new_from_json (JsonNode  *node,
                                       GError   **error)
{
  g_autoptr(CrmWorkflowDefinition) self = NULL;
  JsonObject *object;
  JsonNode *steps;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                           _("A workflow definition must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  self = crm_workflow_definition_alloc ();
  if (!read_header (self, object, error))
    return NULL;

  steps = json_object_get_member (object, "steps");
  if (steps == NULL)
    {
      fail_required ("steps", error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (steps) || json_array_get_length (json_node_get_array (steps)) == 0 ||
      json_array_get_length (json_node_get_array (steps)) > CRM_WORKFLOW_MAX_STEPS)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a list of 1 to %u steps"),
                                                  "steps", (guint) CRM_WORKFLOW_MAX_STEPS);

      fail (error, "steps", message);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (steps)); i++)
    {
      CrmWorkflowStep *step = read_step (json_array_get_element (json_node_get_array (steps), i),
                                         i, self, error);

      if (step == NULL)
        return NULL;
      g_ptr_array_add (self->steps, step);
    }

  return g_steal_pointer (&self);
}

/**
 * crm_workflow_definition_new_from_data:
 * @data: JSON text
 * @length: its length in bytes, or -1 if NUL-terminated
 * @error: return location for a %CRM_ERROR_VALIDATION
 *
 * Returns: (transfer full) (nullable): the definition
 */
CrmWorkflowDefinition *
crm_workflow_definition_new_from_data (const char  *data,
                                       gssize       length,
                                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  root = crm_json_parse (data, length, CRM_JSON_MAX_VALUES, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_VALIDATION))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_error_get_field (local_error),
                                   _("The workflow definition is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return crm_workflow_definition_new_from_json (root, error);
}
