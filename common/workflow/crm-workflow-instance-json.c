/* crm-workflow-instance-json.c: an approval request to and from the JSON it is stored as, exactly */
#include "crm-workflow-instance-private.h"

#include <glib/gi18n-lib.h>

#include "crm-error.h"
#include "crm-json-parse.h"
#include "crm-json.h"

/* the layout written below; a reader of a later layout refuses older code */
#define FORMAT_VERSION 1

static const char * const root_members[] = {
  "format", "state", "definition", "submitter", "owner", "submitted_at", "finished_at",
  "current_step", "values", "steps", "log", NULL
};
static const char * const step_members[] = {
  "name", "state", "mode", "quorum", "started_at", "deadline", "slots", "escalated", NULL
};
static const char * const slot_members[] = { "label", "members", NULL };
static const char * const record_members[] = {
  "action", "step", "actor", "at", "on_behalf_of", "comment", "delegate", "until", "added", NULL
};

static void
set_timestamp (JsonObject *object,
               const char *member,
               gint64      usec)
{
  g_autofree char *text = crm_json_format_timestamp (usec);

  json_object_set_string_member (object, member, text);
}

static JsonArray *
strings_to_array (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return array;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
values_to_json (GHashTable *values)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);

  /* sorted, so that equal instances give equal text */
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *key = g_ptr_array_index (names, i);

      json_object_set_member (object, key, crm_condition_value_to_json (g_hash_table_lookup (values, key)));
    }
  return object;
}

static JsonObject *
step_to_json (CrmWorkflowInstance *self,
              guint                index)
{
  const CrmWorkflowStep *def = crm_workflow_definition_get_step (self->definition, index);
  CrmWorkflowStepRun *run = g_ptr_array_index (self->steps, index);
  JsonObject *object = json_object_new ();
  JsonArray *slots = json_array_new ();

  json_object_set_string_member (object, "name", def->name);
  json_object_set_string_member (object, "state", crm_workflow_step_state_to_string (run->state));
  json_object_set_string_member (object, "mode", crm_workflow_mode_to_string (def->mode));
  if (def->mode == CRM_WORKFLOW_MODE_QUORUM)
    json_object_set_int_member (object, "quorum", def->quorum);
  if (run->started_at != 0)
    set_timestamp (object, "started_at", run->started_at);
  if (run->deadline != 0)
    set_timestamp (object, "deadline", run->deadline);

  for (guint s = 0; s < run->slots->len; s++)
    {
      CrmWorkflowSlot *slot = g_ptr_array_index (run->slots, s);
      JsonObject *slot_object = json_object_new ();

      json_object_set_string_member (slot_object, "label", slot->label);
      json_object_set_array_member (slot_object, "members", strings_to_array (slot->members));
      json_array_add_object_element (slots, slot_object);
    }
  json_object_set_array_member (object, "slots", slots);
  json_object_set_array_member (object, "escalated", strings_to_array (run->escalated));
  return object;
}

static JsonObject *
record_to_json (const CrmWorkflowRecord *record)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "action", crm_workflow_action_to_string (record->kind));
  if (record->step >= 0)
    json_object_set_int_member (object, "step", record->step);
  json_object_set_string_member (object, "actor", record->actor);
  set_timestamp (object, "at", record->at);
  if (record->on_behalf_of != NULL)
    json_object_set_string_member (object, "on_behalf_of", record->on_behalf_of);
  if (record->comment != NULL)
    json_object_set_string_member (object, "comment", record->comment);
  if (record->delegate != NULL)
    {
      json_object_set_string_member (object, "delegate", record->delegate);
      set_timestamp (object, "until", record->until);
    }
  if (record->added != NULL)
    json_object_set_string_member (object, "added", record->added);
  return object;
}

/**
 * crm_workflow_instance_to_json:
 * @self: an instance
 *
 * Writes everything, the definition it follows included, so the stored
 * request stands on its own. Times are ISO 8601 UTC with microseconds,
 * numbers decimal strings; crm_workflow_instance_new_from_json() reads it
 * back to an equal instance.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
crm_workflow_instance_to_json (CrmWorkflowInstance *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *steps = json_array_new ();
  JsonArray *log = json_array_new ();
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  json_object_set_int_member (object, "format", FORMAT_VERSION);
  json_object_set_string_member (object, "state", crm_workflow_state_to_string (self->state));
  json_object_set_member (object, "definition", crm_workflow_definition_to_json (self->definition));
  json_object_set_string_member (object, "submitter", self->submitter);
  json_object_set_string_member (object, "owner", self->owner);
  set_timestamp (object, "submitted_at", self->submitted_at);
  if (self->finished_at != 0)
    set_timestamp (object, "finished_at", self->finished_at);
  json_object_set_int_member (object, "current_step", self->current_step);
  json_object_set_object_member (object, "values", values_to_json (self->values));

  for (guint i = 0; i < self->steps->len; i++)
    json_array_add_object_element (steps, step_to_json (self, i));
  json_object_set_array_member (object, "steps", steps);
  for (guint i = 0; i < self->records->len; i++)
    json_array_add_object_element (log, record_to_json (g_ptr_array_index (self->records, i)));
  json_object_set_array_member (object, "log", log);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/**
 * crm_workflow_instance_to_data:
 * @self: an instance
 *
 * Returns: (transfer full): the JSON text to store
 */
char *
crm_workflow_instance_to_data (CrmWorkflowInstance *self)
{
  g_autoptr(JsonNode) node = crm_workflow_instance_to_json (self);

  return crm_json_to_string (node);
}

/* Reading: every check fails with the path of what is wrong. */

static gboolean
malformed (const char  *path,
           GError     **error)
{
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path,
                             _("The stored approval is malformed at “%s”"), path);
  return FALSE;
}

static gboolean
only_members (JsonObject         *object,
              const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A non-empty string member, or %NULL (absent or wrong). */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* An optional timestamp: 0 when absent, FALSE when malformed. */
static gboolean
get_timestamp (JsonObject *object,
               const char *member,
               gint64     *out)
{
  const char *text;

  *out = 0;
  if (!json_object_has_member (object, member))
    return TRUE;
  text = get_string (object, member);
  return text != NULL && crm_json_parse_timestamp (text, out) && *out != 0;
}

static gboolean
read_strings (JsonArray *array,
              GPtrArray *out)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      g_ptr_array_add (out, g_strdup (json_node_get_string (node)));
    }
  return array != NULL;
}

static gboolean
read_step (CrmWorkflowInstance  *self,
           guint                 index,
           JsonObject           *object,
           GError              **error)
{
  const CrmWorkflowStep *def = crm_workflow_definition_get_step (self->definition, index);
  CrmWorkflowStepRun *run = g_ptr_array_index (self->steps, index);
  g_autofree char *path = g_strdup_printf ("steps[%u]", index);
  JsonArray *slots;
  gint64 quorum = 0;

  if (object == NULL || !only_members (object, step_members) ||
      g_strcmp0 (get_string (object, "name"), def->name) != 0 ||
      !crm_workflow_step_state_from_string (get_string (object, "state"), &run->state) ||
      g_strcmp0 (get_string (object, "mode"), crm_workflow_mode_to_string (def->mode)) != 0 ||
      (def->mode == CRM_WORKFLOW_MODE_QUORUM) != get_int (object, "quorum", &quorum) ||
      (guint64) quorum != (def->mode == CRM_WORKFLOW_MODE_QUORUM ? def->quorum : 0) ||
      !get_timestamp (object, "started_at", &run->started_at) ||
      !get_timestamp (object, "deadline", &run->deadline) ||
      !read_strings (get_array (object, "escalated"), run->escalated) ||
      (slots = get_array (object, "slots")) == NULL)
    return malformed (path, error);

  for (guint s = 0; s < json_array_get_length (slots); s++)
    {
      JsonObject *slot_object = get_object (json_array_get_element (slots, s));
      CrmWorkflowSlot *slot;

      if (slot_object == NULL || !only_members (slot_object, slot_members) ||
          get_string (slot_object, "label") == NULL)
        return malformed (path, error);
      slot = crm_workflow_slot_new (get_string (slot_object, "label"));
      g_ptr_array_add (run->slots, slot);
      if (!read_strings (get_array (slot_object, "members"), slot->members))
        return malformed (path, error);
    }
  return TRUE;
}

static gboolean
read_record (CrmWorkflowInstance  *self,
             guint                 index,
             JsonObject           *object,
             GError              **error)
{
  g_autofree char *path = g_strdup_printf ("log[%u]", index);
  g_autoptr(CrmWorkflowRecord) record = NULL;
  CrmWorkflowActionKind kind;
  gint64 step = -1;
  gint64 at;

  if (object == NULL || !only_members (object, record_members) ||
      !crm_workflow_action_from_string (get_string (object, "action"), &kind) ||
      (json_object_has_member (object, "step") && !get_int (object, "step", &step)) ||
      step < -1 || step >= (gint64) self->steps->len ||
      get_string (object, "actor") == NULL ||
      !get_timestamp (object, "at", &at) || at == 0)
    return malformed (path, error);

  record = crm_workflow_record_new (kind, (int) step, get_string (object, "actor"), at);
  record->on_behalf_of = g_strdup (get_string (object, "on_behalf_of"));
  record->comment = g_strdup (get_string (object, "comment"));
  record->delegate = g_strdup (get_string (object, "delegate"));
  record->added = g_strdup (get_string (object, "added"));
  if (!get_timestamp (object, "until", &record->until) ||
      (record->delegate != NULL) != (kind == CRM_WORKFLOW_ACTION_DELEGATE) ||
      (record->delegate != NULL) != (record->until != 0) ||
      (record->added != NULL) != (kind == CRM_WORKFLOW_ACTION_ESCALATE) ||
      (index == 0) != (kind == CRM_WORKFLOW_ACTION_SUBMIT))
    return malformed (path, error);

  g_ptr_array_add (self->records, g_steal_pointer (&record));
  return TRUE;
}

static gboolean
read_values (CrmWorkflowInstance  *self,
             JsonObject           *object,
             GError              **error)
{
  g_autoptr(GList) names = object != NULL ? json_object_get_members (object) : NULL;

  if (object == NULL)
    return malformed ("values", error);
  for (GList *l = names; l != NULL; l = l->next)
    {
      CrmConditionValue *value = crm_condition_value_new_from_json (json_object_get_member (object, l->data),
                                                                    NULL);

      if (value == NULL)
        return malformed ("values", error);
      crm_condition_values_take (self->values, l->data, value);
    }
  return TRUE;
}

/* The state, the current step and the step states must agree. */
static gboolean
check_consistent (CrmWorkflowInstance *self)
{
  guint n_active = 0;

  for (guint i = 0; i < self->steps->len; i++)
    {
      if (((CrmWorkflowStepRun *) g_ptr_array_index (self->steps, i))->state == CRM_WORKFLOW_STEP_ACTIVE)
        n_active++;
    }

  if (self->state == CRM_WORKFLOW_STATE_PENDING)
    return self->finished_at == 0 && n_active == 1 && self->current_step >= 0 &&
           ((CrmWorkflowStepRun *) g_ptr_array_index (self->steps, self->current_step))->state ==
             CRM_WORKFLOW_STEP_ACTIVE;
  return self->state != CRM_WORKFLOW_STATE_DRAFT && self->finished_at != 0 && n_active == 0 &&
         self->current_step == -1;
}

/**
 * crm_workflow_instance_new_from_json:
 * @node: what crm_workflow_instance_to_json() wrote
 * @error: return location for a %CRM_ERROR_VALIDATION naming what is malformed
 *
 * Returns: (transfer full) (nullable): the instance
 */
CrmWorkflowInstance *
crm_workflow_instance_new_from_json (JsonNode  *node,
                                     GError   **error)
{
  g_autoptr(CrmWorkflowDefinition) definition = NULL;
  g_autoptr(CrmWorkflowInstance) self = NULL;
  JsonObject *object = get_object (node);
  JsonArray *steps, *log;
  gint64 number;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (object == NULL || !only_members (object, root_members) ||
      !get_int (object, "format", &number) || number != FORMAT_VERSION)
    {
      malformed ("format", error);
      return NULL;
    }

  definition = crm_workflow_definition_new_from_json (json_object_get_member (object, "definition"), NULL);
  if (definition == NULL)
    {
      malformed ("definition", error);
      return NULL;
    }

  self = crm_workflow_instance_alloc (definition);
  self->submitter = g_strdup (get_string (object, "submitter"));
  self->owner = g_strdup (get_string (object, "owner"));
  if (self->submitter == NULL || self->owner == NULL ||
      !crm_workflow_state_from_string (get_string (object, "state"), &self->state) ||
      !get_timestamp (object, "submitted_at", &self->submitted_at) || self->submitted_at == 0 ||
      !get_timestamp (object, "finished_at", &self->finished_at) ||
      !get_int (object, "current_step", &number) || number < -1 || number >= (gint64) self->steps->len)
    {
      malformed ("state", error);
      return NULL;
    }
  self->current_step = (int) number;

  if (!read_values (self, get_object (json_object_get_member (object, "values")), error))
    return NULL;

  steps = get_array (object, "steps");
  if (steps == NULL || json_array_get_length (steps) != self->steps->len)
    {
      malformed ("steps", error);
      return NULL;
    }
  for (guint i = 0; i < self->steps->len; i++)
    {
      if (!read_step (self, i, get_object (json_array_get_element (steps, i)), error))
        return NULL;
    }

  log = get_array (object, "log");
  if (log == NULL || json_array_get_length (log) == 0)
    {
      malformed ("log", error);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      if (!read_record (self, i, get_object (json_array_get_element (log, i)), error))
        return NULL;
    }

  if (!check_consistent (self))
    {
      malformed ("state", error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * crm_workflow_instance_new_from_data:
 * @data: JSON text from crm_workflow_instance_to_data()
 * @length: its length in bytes, or -1 if NUL-terminated
 * @error: return location for a %CRM_ERROR_VALIDATION
 *
 * Returns: (transfer full) (nullable): the instance
 */
CrmWorkflowInstance *
crm_workflow_instance_new_from_data (const char  *data,
                                     gssize       length,
                                     GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  root = crm_json_parse (data, length, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  if (root == NULL)
    {
      malformed ("JSON", error);
      return NULL;
    }
  return crm_workflow_instance_new_from_json (root, error);
}
