/* crm-condition-value.c: the typed values a workflow condition reads and computes */
#include "crm-condition-value.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-error.h"

static CrmConditionValue *
value_new (CrmConditionValueType type)
{
  CrmConditionValue *value = g_new0 (CrmConditionValue, 1);

  value->type = type;
  return value;
}

/**
 * crm_condition_value_new_null:
 *
 * Returns: (transfer full): the empty value
 */
CrmConditionValue *
crm_condition_value_new_null (void)
{
  return value_new (CRM_CONDITION_VALUE_NULL);
}

/**
 * crm_condition_value_new_bool:
 * @boolean: the value
 *
 * Returns: (transfer full): a boolean value
 */
CrmConditionValue *
crm_condition_value_new_bool (gboolean boolean)
{
  CrmConditionValue *value = value_new (CRM_CONDITION_VALUE_BOOL);

  value->boolean = !!boolean;
  return value;
}

/**
 * crm_condition_value_new_number:
 * @number: an exact amount, at any scale
 *
 * Returns: (transfer full): a number value
 */
CrmConditionValue *
crm_condition_value_new_number (CrmMoney number)
{
  CrmConditionValue *value = value_new (CRM_CONDITION_VALUE_NUMBER);

  value->number = number;
  return value;
}

/**
 * crm_condition_value_new_string:
 * @string: UTF-8 text
 *
 * Returns: (transfer full): a string value
 */
CrmConditionValue *
crm_condition_value_new_string (const char *string)
{
  CrmConditionValue *value;

  g_return_val_if_fail (string != NULL, NULL);

  value = value_new (CRM_CONDITION_VALUE_STRING);
  value->string = g_strdup (string);
  return value;
}

/**
 * crm_condition_value_new_date:
 * @day: day of the month
 * @month: the month
 * @year: the year
 *
 * Returns: (transfer full): a date value, or %NULL if the day does not exist
 */
CrmConditionValue *
crm_condition_value_new_date (GDateDay   day,
                              GDateMonth month,
                              GDateYear  year)
{
  CrmConditionValue *value;
  GDate date;

  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  value = value_new (CRM_CONDITION_VALUE_DATE);
  value->date = g_date_get_julian (&date);
  return value;
}

/**
 * crm_condition_parse_iso_date:
 * @iso: text such as "2026-01-31"
 * @out_julian: (out): the day as a #GDate Julian day number
 *
 * Accepts exactly YYYY-MM-DD naming a day that exists (years 0001 to 9999).
 *
 * Returns: %TRUE if @iso is such a date
 */
gboolean
crm_condition_parse_iso_date (const char *iso,
                              guint32    *out_julian)
{
  static const char shape[] = "dddd-dd-dd";
  guint year, month, day;
  GDate date;

  if (iso == NULL || strlen (iso) != strlen (shape))
    return FALSE;
  for (guint i = 0; shape[i] != '\0'; i++)
    {
      if (shape[i] == 'd' ? !g_ascii_isdigit (iso[i]) : iso[i] != shape[i])
        return FALSE;
    }

  year = (guint) g_ascii_strtoull (iso, NULL, 10);
  month = (guint) g_ascii_strtoull (iso + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (iso + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  *out_julian = g_date_get_julian (&date);
  return TRUE;
}

/**
 * crm_condition_value_new_date_iso:
 * @iso: text such as "2026-01-31"
 *
 * Returns: (transfer full) (nullable): a date value, or %NULL if @iso is
 *   not a YYYY-MM-DD date that exists
 */
CrmConditionValue *
crm_condition_value_new_date_iso (const char *iso)
{
  CrmConditionValue *value;
  guint32 julian;

  if (!crm_condition_parse_iso_date (iso, &julian))
    return NULL;

  value = value_new (CRM_CONDITION_VALUE_DATE);
  value->date = julian;
  return value;
}

/**
 * crm_condition_value_copy:
 * @value: a value
 *
 * Returns: (transfer full): a deep copy of @value
 */
CrmConditionValue *
crm_condition_value_copy (const CrmConditionValue *value)
{
  CrmConditionValue *copy;

  g_return_val_if_fail (value != NULL, NULL);

  copy = g_memdup2 (value, sizeof *value);
  copy->string = g_strdup (value->string);
  return copy;
}

/**
 * crm_condition_value_clear:
 * @value: a value held by the caller (on the stack, say)
 *
 * Frees what @value owns and leaves it null.
 */
void
crm_condition_value_clear (CrmConditionValue *value)
{
  g_clear_pointer (&value->string, g_free);
  memset (value, 0, sizeof *value);
  value->type = CRM_CONDITION_VALUE_NULL;
}

void
crm_condition_value_free (CrmConditionValue *value)
{
  if (value == NULL)
    return;
  g_free (value->string);
  g_free (value);
}

/**
 * crm_condition_value_equal:
 * @a: a value
 * @b: a value
 *
 * Numbers compare exactly whatever their scales (1000000 equals 1000000.00).
 *
 * Returns: %TRUE if both have the same type and value
 */
gboolean
crm_condition_value_equal (const CrmConditionValue *a,
                           const CrmConditionValue *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->type != b->type)
    return FALSE;

  switch (a->type)
    {
    case CRM_CONDITION_VALUE_NULL:
      return TRUE;
    case CRM_CONDITION_VALUE_BOOL:
      return !a->boolean == !b->boolean;
    case CRM_CONDITION_VALUE_NUMBER:
      return crm_money_compare (a->number, b->number) == 0;
    case CRM_CONDITION_VALUE_STRING:
      return g_strcmp0 (a->string, b->string) == 0;
    case CRM_CONDITION_VALUE_DATE:
      return a->date == b->date;
    default:
      return FALSE;
    }
}

static char *
date_to_iso (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (&date),
                          (guint) g_date_get_month (&date), (guint) g_date_get_day (&date));
}

static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * crm_condition_value_to_string:
 * @value: a value
 *
 * Writes @value as the condition language spells it: `12.50`, `"EUR"`,
 * `date("2026-01-31")`, `true`, `null`.
 *
 * Returns: (transfer full): the literal
 */
char *
crm_condition_value_to_string (const CrmConditionValue *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  switch (value->type)
    {
    case CRM_CONDITION_VALUE_BOOL:
      return g_strdup (value->boolean ? "true" : "false");
    case CRM_CONDITION_VALUE_NUMBER:
      return crm_money_to_string (value->number);
    case CRM_CONDITION_VALUE_STRING:
      out = g_string_new (NULL);
      append_quoted (out, value->string);
      return g_string_free (out, FALSE);
    case CRM_CONDITION_VALUE_DATE:
      {
        g_autofree char *iso = date_to_iso (value->date);

        return g_strdup_printf ("date(\"%s\")", iso);
      }
    case CRM_CONDITION_VALUE_NULL:
    default:
      return g_strdup ("null");
    }
}

/**
 * crm_condition_value_type_describe:
 * @type: a value type
 *
 * Returns: (transfer none): the type in words, for messages ("a number")
 */
const char *
crm_condition_value_type_describe (CrmConditionValueType type)
{
  switch (type)
    {
    case CRM_CONDITION_VALUE_BOOL:
      return _("true or false");
    case CRM_CONDITION_VALUE_NUMBER:
      return _("a number");
    case CRM_CONDITION_VALUE_STRING:
      return _("a string");
    case CRM_CONDITION_VALUE_DATE:
      return _("a date");
    case CRM_CONDITION_VALUE_NULL:
    default:
      return _("an empty value");
    }
}

static const char * const type_names[] = { "null", "bool", "number", "string", "date" };

/**
 * crm_condition_value_to_json:
 * @value: a value
 *
 * Numbers travel as decimal strings, never as JSON numbers:
 * `{"type":"number","value":"12.50"}`, `{"type":"null"}`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
crm_condition_value_to_json (const CrmConditionValue *value)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (value != NULL, NULL);

  json_object_set_string_member (object, "type", type_names[value->type]);
  switch (value->type)
    {
    case CRM_CONDITION_VALUE_BOOL:
      json_object_set_boolean_member (object, "value", value->boolean);
      break;
    case CRM_CONDITION_VALUE_NUMBER:
      {
        g_autofree char *text = crm_money_to_string (value->number);

        json_object_set_string_member (object, "value", text);
      }
      break;
    case CRM_CONDITION_VALUE_STRING:
      json_object_set_string_member (object, "value", value->string);
      break;
    case CRM_CONDITION_VALUE_DATE:
      {
        g_autofree char *iso = date_to_iso (value->date);

        json_object_set_string_member (object, "value", iso);
      }
      break;
    case CRM_CONDITION_VALUE_NULL:
    default:
      break;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static CrmConditionValue *
number_from_text (const char *text)
{
  const char *point = strchr (text, '.');
  guint scale = point != NULL ? (guint) strlen (point + 1) : 0;
  CrmMoney number;

  if (scale > CRM_MONEY_MAX_SCALE || !crm_money_parse (text, scale, &number, NULL))
    return NULL;
  return crm_condition_value_new_number (number);
}

/**
 * crm_condition_value_new_from_json:
 * @node: what crm_condition_value_to_json() wrote
 * @error: return location for a %CRM_ERROR_VALIDATION
 *
 * Returns: (transfer full): the value, at the scale it was written with
 */
CrmConditionValue *
crm_condition_value_new_from_json (JsonNode  *node,
                                   GError   **error)
{
  JsonObject *object;
  JsonNode *member;
  const char *type;
  CrmConditionValue *value = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);
  type = json_object_get_string_member_with_default (object, "type", "");
  member = json_object_get_member (object, "value");

  if (g_str_equal (type, "null") && member == NULL)
    value = crm_condition_value_new_null ();
  else if (g_str_equal (type, "bool") && node_holds (member, G_TYPE_BOOLEAN))
    value = crm_condition_value_new_bool (json_node_get_boolean (member));
  else if (g_str_equal (type, "number") && node_holds (member, G_TYPE_STRING))
    value = number_from_text (json_node_get_string (member));
  else if (g_str_equal (type, "string") && node_holds (member, G_TYPE_STRING))
    value = crm_condition_value_new_string (json_node_get_string (member));
  else if (g_str_equal (type, "date") && node_holds (member, G_TYPE_STRING))
    value = crm_condition_value_new_date_iso (json_node_get_string (member));

  if (value != NULL && json_object_get_size (object) == (member != NULL ? 2u : 1u))
    return value;
  crm_condition_value_free (value);

invalid:
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                       _("A recorded condition value is malformed"));
  return NULL;
}

/**
 * crm_condition_values_new:
 *
 * Returns: (transfer full): an empty table of field name → #CrmConditionValue
 *   that owns its keys and values
 */
GHashTable *
crm_condition_values_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) crm_condition_value_free);
}

/**
 * crm_condition_values_take:
 * @values: a table from crm_condition_values_new()
 * @name: a field name, such as "total_base" or "owner.role"
 * @value: (transfer full): its value
 *
 * Binds @name, replacing an earlier binding.
 */
void
crm_condition_values_take (GHashTable        *values,
                           const char        *name,
                           CrmConditionValue *value)
{
  g_return_if_fail (values != NULL && name != NULL && value != NULL);

  g_hash_table_replace (values, g_strdup (name), value);
}

/**
 * crm_condition_field_type_is_bound:
 * @type: a field type
 *
 * Returns: %TRUE if crm_condition_values_new_from_entity() binds fields of
 *   @type (timestamps and tags are not: conditions have no literal for them)
 */
gboolean
crm_condition_field_type_is_bound (CrmFieldType type)
{
  return type != CRM_FIELD_TIMESTAMP && type != CRM_FIELD_TAGS;
}

static CrmConditionValue *
value_from_field (const CrmFieldSpec *spec,
                  const CrmValue     *value)
{
  if (value == NULL || !value->set || value->is_null)
    return crm_condition_value_new_null ();

  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      return crm_condition_value_new_number (crm_money_new (value->i, 0));
    case CRM_FIELD_MONEY:
      return crm_condition_value_new_number (crm_money_new (value->i, spec->scale));
    case CRM_FIELD_BOOL:
      return crm_condition_value_new_bool (value->i != 0);
    case CRM_FIELD_DATE:
      {
        CrmConditionValue *date = crm_condition_value_new_date_iso (value->s);

        return date != NULL ? date : crm_condition_value_new_null ();
      }
    default:
      return value->s != NULL ? crm_condition_value_new_string (value->s)
                              : crm_condition_value_new_null ();
    }
}

/**
 * crm_condition_values_new_from_entity:
 * @entity: a record
 *
 * Binds every field of @entity by its name (not its JSON key: `owner`, not
 * `owner_id`): money at the field's scale, whole numbers and references as
 * numbers, booleans, dates, and every kind of text as strings. A field that
 * is not set or is empty is bound to null. Timestamps and tags are left out.
 *
 * Returns: (transfer full): a table for crm_condition_evaluate_bool() and
 *   the workflow engine
 */
GHashTable *
crm_condition_values_new_from_entity (CrmEntity *entity)
{
  GHashTable *values;
  const CrmFieldSpec *fields;
  guint n_fields;

  g_return_val_if_fail (CRM_IS_ENTITY (entity), NULL);

  values = crm_condition_values_new ();
  fields = crm_entity_get_fields (entity, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      if (!crm_condition_field_type_is_bound (fields[i].type))
        continue;
      crm_condition_values_take (values, fields[i].name,
                                 value_from_field (&fields[i], crm_entity_value (entity, i)));
    }
  return values;
}
