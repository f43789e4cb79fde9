/* crm-json.c: entity <-> JSON, driven by the field descriptors */
#include "crm-json.h"
#include "crm-json-parse.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * crm_json_format_timestamp:
 * @usec: microseconds since the epoch, UTC
 *
 * Returns: (transfer full): ISO 8601 UTC text, e.g. "2026-11-27T07:45:39.123456Z"
 */
char *
crm_json_format_timestamp (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) full = g_date_time_add (dt, usec % G_USEC_PER_SEC);

  return g_date_time_format (full, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gboolean
crm_json_parse_timestamp (const char *text,
                          gint64     *usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

/* JSON string escaping: quotes, backslashes and control characters; UTF-8 passes through */
static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString            *out,
              const CrmFieldSpec *spec,
              const CrmValue     *value)
{
  if (!value->set || value->is_null)
    {
      g_string_append (out, spec->type == CRM_FIELD_TAGS ? "[]" : "null");
      return;
    }

  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->i);
      break;
    case CRM_FIELD_BOOL:
      g_string_append (out, value->i ? "true" : "false");
      break;
    case CRM_FIELD_MONEY:
      {
        g_autofree char *text = crm_money_to_string (crm_money_new (value->i, spec->scale));
        append_string (out, text);
      }
      break;
    case CRM_FIELD_TIMESTAMP:
      {
        g_autofree char *text = crm_json_format_timestamp (value->i);
        append_string (out, text);
      }
      break;
    case CRM_FIELD_TAGS:
      g_string_append_c (out, '[');
      for (guint i = 0; value->tags && value->tags[i]; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_string (out, value->tags[i]);
        }
      g_string_append_c (out, ']');
      break;
    default:
      append_string (out, value->s);
      break;
    }
}

/**
 * crm_json_append_entity:
 * @out: where to write
 * @entity: a #CrmEntity
 * @only_set: write only the fields that are set, as a client sends a change
 *
 * Writes the record as a JSON object with every field the API shows, in
 * descriptor order. This is the one encoder; the others call it.
 */
void
crm_json_append_entity (GString   *out,
                        CrmEntity *entity,
                        gboolean   only_set)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; i < n_fields; i++)
    {
      CrmValue *value = crm_entity_value (entity, i);

      if ((fields[i].flags & CRM_FIELD_HIDDEN) || (only_set && !value->set))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, crm_field_spec_get_json_key (&fields[i]));
      g_string_append_c (out, ':');
      append_value (out, &fields[i], value);
      if (!only_set && crm_entity_get_reference_name (entity, i) != NULL)
        {
          g_autofree char *key = g_strconcat (fields[i].name, "_name", NULL);

          g_string_append_c (out, ',');
          append_string (out, key);
          g_string_append_c (out, ':');
          append_string (out, crm_entity_get_reference_name (entity, i));
        }
    }
  if (crm_entity_get_lines (entity) != NULL)
    {
      GPtrArray *lines = crm_entity_get_lines (entity);

      if (!first)
        g_string_append_c (out, ',');
      append_string (out, crm_entity_class_lines_member (CRM_ENTITY_GET_CLASS (entity)));
      g_string_append (out, ":[");
      for (guint i = 0; i < lines->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          crm_json_append_entity (out, lines->pdata[i], only_set);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

char *
crm_json_entity_to_string (CrmEntity *entity)
{
  GString *out = g_string_sized_new (512);

  crm_json_append_entity (out, entity, FALSE);
  return g_string_free (out, FALSE);
}

static JsonNode *
node_from (CrmEntity *entity,
           gboolean   only_set)
{
  g_autoptr(GString) out = g_string_sized_new (512);

  crm_json_append_entity (out, entity, only_set);
  return crm_json_parse (out->str, out->len, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
}

/**
 * crm_json_from_entity:
 * @entity: a #CrmEntity
 *
 * Returns: (transfer full): a JSON object with every field the API shows
 */
JsonNode *
crm_json_from_entity (CrmEntity *entity)
{
  return node_from (entity, FALSE);
}

/**
 * crm_json_from_entity_set:
 * @entity: a #CrmEntity
 *
 * Returns: (transfer full): a JSON object with only the fields that are
 *   set, as a client sends a change
 */
JsonNode *
crm_json_from_entity_set (CrmEntity *entity)
{
  return node_from (entity, TRUE);
}

static gboolean
type_error (const CrmFieldSpec  *spec,
            const char          *expected,
            GError             **error)
{
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_field_spec_get_json_key (spec),
                             _("%s must be %s"), crm_field_spec_get_json_key (spec), expected);
  return FALSE;
}

static gboolean
node_is_type (JsonNode *node,
              GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
read_value (const CrmFieldSpec  *spec,
            JsonNode            *node,
            CrmValue            *value,
            GError             **error)
{
  value->set = TRUE;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      value->is_null = TRUE;
      return TRUE;
    }

  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      if (!node_is_type (node, G_TYPE_INT64))
        return type_error (spec, _("an integer"), error);
      value->i = json_node_get_int (node);
      return TRUE;

    case CRM_FIELD_BOOL:
      if (!node_is_type (node, G_TYPE_BOOLEAN))
        return type_error (spec, _("true or false"), error);
      value->i = json_node_get_boolean (node) ? 1 : 0;
      return TRUE;

    case CRM_FIELD_MONEY:
      {
        CrmMoney money;

        if (!node_is_type (node, G_TYPE_STRING))
          return type_error (spec, _("a decimal string such as \"1234.50\""), error);
        g_autoptr(GError) local_error = NULL;

        if (!crm_money_parse (json_node_get_string (node), spec->scale, &money, &local_error))
          {
            /* keep the money module's message, but name the field */
            crm_error_set_field_error (error, local_error->code, crm_field_spec_get_json_key (spec),
                                       "%s: %s", crm_field_spec_get_json_key (spec), local_error->message);
            return FALSE;
          }
        value->i = money.value;
        return TRUE;
      }

    case CRM_FIELD_TIMESTAMP:
      if (!node_is_type (node, G_TYPE_STRING) ||
          !crm_json_parse_timestamp (json_node_get_string (node), &value->i))
        return type_error (spec, _("an ISO 8601 time"), error);
      return TRUE;

    case CRM_FIELD_TAGS:
      {
        JsonArray *array;
        g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return type_error (spec, _("an array of strings"), error);
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *item = json_array_get_element (array, i);

            if (!node_is_type (item, G_TYPE_STRING))
              return type_error (spec, _("an array of strings"), error);
            g_ptr_array_add (tags, g_strdup (json_node_get_string (item)));
          }
        g_ptr_array_add (tags, NULL);
        value->tags = (char **) g_ptr_array_steal (tags, NULL);
        return TRUE;
      }

    default:
      if (!node_is_type (node, G_TYPE_STRING))
        return type_error (spec, _("a string"), error);
      /* an empty string clears a field that has a format of its own */
      if (spec->type != CRM_FIELD_TEXT && spec->type != CRM_FIELD_LONG_TEXT &&
          json_node_get_string (node)[0] == '\0')
        {
          value->is_null = TRUE;
          return TRUE;
        }
      value->s = g_strdup (json_node_get_string (node));
      return TRUE;
    }
}

static gboolean read_members (CrmEntity   *entity,
                              JsonObject  *object,
                              gboolean     from_client,
                              GError     **error);

/* a document's "lines": each a whole line, validated as a new one */
static gboolean
read_lines (CrmEntity   *entity,
            JsonNode    *node,
            gboolean     from_client,
            GError     **error)
{
  GType line_type = CRM_ENTITY_GET_CLASS (entity)->line_type;
  const char *member = crm_entity_class_lines_member (CRM_ENTITY_GET_CLASS (entity));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("“%s” must be an array"), member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(CrmEntity) line = crm_entity_new (line_type);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                     _("Line %u must be an object"), i + 1);
          return FALSE;
        }
      if (!read_members (line, json_node_get_object (element), from_client, &local_error) ||
          (from_client && !crm_entity_validate (line, CRM_VALIDATE_CREATE, &local_error)))
        {
          /* the field is named with its line, as "stages[1].probability" */
          const char *field = crm_error_get_field (local_error);
          g_autofree char *path = field ? g_strdup_printf ("%s[%u].%s", member, i, field) : g_strdup (member);

          crm_error_set_field_error (error, local_error->domain == CRM_ERROR ? local_error->code : CRM_ERROR_VALIDATION,
                                     path, _("Line %u: %s"), i + 1, local_error->message);
          return FALSE;
        }
      /* a line others point at (a pipeline's stage) is named by its id to
       * keep it; its class is read from the line, which made sure it exists */
      if (from_client && CRM_ENTITY_GET_CLASS (line)->parent_column != NULL)
        {
          JsonObject *object = json_node_get_object (element);
          JsonNode *id = json_object_get_member (object, "id");

          if (id != NULL && !JSON_NODE_HOLDS_NULL (id))
            {
              if (!node_is_type (id, G_TYPE_INT64) || json_node_get_int (id) <= 0)
                {
                  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                             _("Line %u: “id” must be the id of one of its lines"), i + 1);
                  return FALSE;
                }
              crm_entity_set_id (line, json_node_get_int (id));
            }
        }
      g_ptr_array_add (lines, g_steal_pointer (&line));
    }
  crm_entity_set_lines (entity, g_steal_pointer (&lines));
  return TRUE;
}

/* the reference field whose record's name @member carries ("owner_name"), or -1 */
static int
find_reference_name (CrmEntityClass *klass,
                     const char     *member)
{
  g_autofree char *field_name = NULL;
  int field;

  if (!g_str_has_suffix (member, "_name"))
    return -1;
  field_name = g_strndup (member, strlen (member) - strlen ("_name"));
  field = crm_entity_class_find_field (klass, field_name);
  return field >= 0 && klass->fields[field].type == CRM_FIELD_REFERENCE ? field : -1;
}

/* reads an object's members: from a client (strict) or from the server (trusting) */
static gboolean
read_members (CrmEntity   *entity,
              JsonObject  *object,
              gboolean     from_client,
              GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      int index = crm_entity_class_find_json_key (klass, member);
      const CrmFieldSpec *spec = index >= 0 ? &klass->fields[index] : NULL;

      if (klass->line_type != G_TYPE_INVALID && g_str_equal (member, crm_entity_class_lines_member (klass)))
        {
          if (!read_lines (entity, node, from_client, error))
            return FALSE;
          continue;
        }

      /* a referenced record's name is the server's to say: a client may send it back */
      if (spec == NULL && find_reference_name (klass, member) >= 0)
        {
          if (!from_client && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            crm_entity_set_reference_name (entity, find_reference_name (klass, member), json_node_get_string (node));
          continue;
        }
      if (spec == NULL && klass->computed_members != NULL &&
          g_strv_contains (klass->computed_members, member))
        continue;
      if (!from_client && spec == NULL)
        continue;
      if (from_client && (spec == NULL || (spec->flags & CRM_FIELD_HIDDEN)))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                     _("Unknown field “%s”"), member);
          return FALSE;
        }
      if (from_client && index == CRM_ENTITY_FIELD_VERSION)
        {
          if (!node_is_type (node, G_TYPE_INT64))
            return type_error (spec, _("an integer"), error);
          crm_entity_set_version (entity, json_node_get_int (node));
          continue;
        }
      if (from_client && (spec->flags & CRM_FIELD_READONLY))
        continue;

      crm_entity_clear_value (entity, index);
      if (!read_value (spec, node, crm_entity_value (entity, index), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * crm_json_to_entity:
 * @entity: the record to fill
 * @object: a JSON object from a client
 * @mode: %CRM_VALIDATE_CREATE or %CRM_VALIDATE_PATCH
 * @error: return location for a #GError naming the field
 *
 * Reads every member the client may set, rejecting unknown members and
 * values of the wrong type, then validates the record. "version" is read
 * as the version the client last saw; other read-only members are ignored
 * so that a client may send back what it received.
 */
gboolean
crm_json_to_entity (CrmEntity        *entity,
                    JsonObject       *object,
                    CrmValidateMode   mode,
                    GError          **error)
{
  return read_members (entity, object, TRUE, error) &&
         crm_entity_validate (entity, mode, error);
}

/**
 * crm_json_read_entity:
 * @entity: the record to fill
 * @object: a record as the server sends it
 * @error: return location for a #GError naming the field
 *
 * Reads every member, read-only ones included, as a client reads what
 * the server sent; members it does not know (from a newer server) are
 * skipped. Nothing is validated: the server did that.
 */
gboolean
crm_json_read_entity (CrmEntity   *entity,
                      JsonObject  *object,
                      GError     **error)
{
  return read_members (entity, object, FALSE, error);
}

/**
 * crm_json_parse_object:
 * @data: request body
 * @length: its length, or -1
 * @error: return location for a %CRM_ERROR_BAD_REQUEST, or a
 *   %CRM_ERROR_VALIDATION naming the member whose string holds a NUL
 *
 * Reads a client's body as crm_json_parse() does, within
 * %CRM_JSON_MAX_VALUES values.
 *
 * Returns: (transfer full): the body's top-level object
 */
JsonObject *
crm_json_parse_object (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("The request body is empty"));
      return NULL;
    }
  root = crm_json_parse (data, length, CRM_JSON_MAX_VALUES, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_BAD_REQUEST))
        g_prefix_error (&local_error, _("The request body is not valid JSON: "));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           _("The request body must be a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
crm_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/**
 * crm_json_object_to_pretty:
 * @object: a JSON object
 *
 * Returns: (transfer full): @object as JSON indented by two spaces, as
 *   people edit it
 */
char *
crm_json_object_to_pretty (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (object != NULL, NULL);

  json_node_set_object (node, object);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/**
 * crm_json_error_envelope:
 * @error: a #GError; errors outside %CRM_ERROR count as internal
 *
 * An internal error's own message (a path under the data directory, a
 * library's words) is the server's log's, not the client's: the envelope
 * says "Internal server error" in the client's words instead.
 *
 * Returns: (transfer full): `{"error":{"code","message","field"}}`
 */
char *
crm_json_error_envelope (const GError *error)
{
  return crm_json_error_envelope_for (error, NULL);
}

/**
 * crm_json_error_envelope_for:
 * @error: a #GError; errors outside %CRM_ERROR count as internal
 * @request_id: (nullable): the id of the request answered
 *
 * Like crm_json_error_envelope(), with the request's id, which the client
 * shows and the server's log names.
 *
 * Returns: (transfer full): `{"error":{"code","message","field","request_id"}}`
 */
char *
crm_json_error_envelope_for (const GError *error,
                             const char   *request_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean ours = error->domain == CRM_ERROR;
  gboolean told = ours && error->code != CRM_ERROR_INTERNAL;
  const char *field = crm_error_get_field (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, crm_error_code_to_api_code (ours ? error->code : CRM_ERROR_INTERNAL));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, told ? error->message : _("Internal server error"));
  json_builder_set_member_name (builder, "field");
  if (field)
    json_builder_add_string_value (builder, field);
  else
    json_builder_add_null_value (builder);
  if (request_id != NULL)
    {
      json_builder_set_member_name (builder, "request_id");
      json_builder_add_string_value (builder, request_id);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}
