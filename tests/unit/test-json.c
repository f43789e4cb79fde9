/* test-json.c: unit tests for the entity <-> JSON codec, body parsing and error envelopes */
#include <string.h>

#include <json-glib/json-glib.h>

#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

/* An entity with the field kinds no registered entity has yet. */
#define TEST_TYPE_GADGET (test_gadget_get_type ())
G_DECLARE_FINAL_TYPE (TestGadget, test_gadget, TEST, GADGET, CrmEntity)

struct _TestGadget
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (TestGadget, test_gadget, CRM_TYPE_ENTITY)

static const CrmFieldSpec gadget_fields[] = {
  { "label",    CRM_FIELD_TEXT,      .max_len = 50, .flags = CRM_FIELD_REQUIRED },
  { "amount",   CRM_FIELD_MONEY,     .scale = 2 },
  { "quantity", CRM_FIELD_INT },
  { "due_at",   CRM_FIELD_TIMESTAMP },
  { "approved", CRM_FIELD_BOOL },
};

static void
test_gadget_class_init (TestGadgetClass *klass)
{
  crm_entity_class_install_fields (CRM_ENTITY_CLASS (klass), "gadget", "gadgets",
                                   gadget_fields, G_N_ELEMENTS (gadget_fields));
}

static void
test_gadget_init (TestGadget *self)
{
}

static CrmEntity *
entity_for (const char *entity_name)
{
  GType type;

  if (g_str_equal (entity_name, "gadget"))
    return crm_entity_new (TEST_TYPE_GADGET);
  type = crm_entities_lookup_name (entity_name);
  g_assert_true (type != G_TYPE_INVALID);
  return crm_entity_new (type);
}

static int
field_index (CrmEntity  *entity,
             const char *name)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), name);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = crm_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

/* Decodes @text into @entity; the result must be valid. */
static void
decode_ok (CrmEntity       *entity,
           const char      *text,
           CrmValidateMode  mode)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_json_to_entity (entity, object, mode, &error));
  g_assert_no_error (error);
}

/* Decodes @text into @entity; it must fail with a 422 naming @expect_key. */
static GError *
decode_fails (CrmEntity       *entity,
              const char      *text,
              CrmValidateMode  mode,
              const char      *expect_key)
{
  g_autoptr(JsonObject) object = parse_object (text);
  GError *error = NULL;

  g_assert_false (crm_json_to_entity (entity, object, mode, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == CRM_ERROR);
  g_assert_cmpuint (crm_error_code_to_http_status (error->code), ==, 422);
  g_assert_cmpstr (crm_error_get_field (error), ==, expect_key);
  return error;
}

static JsonObject *
encode (CrmEntity *entity)
{
  g_autoptr(JsonNode) node = crm_json_from_entity (entity);
  g_autofree char *text = NULL;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  /* go through text, as a client would */
  text = crm_json_to_string (node);
  return parse_object (text);
}

/* Round trips */

/* Sets every field a client may set, and the server's own, to a valid
 * non-empty value, so that a field added later is covered without a change
 * here. */
static void
fill_entity (CrmEntity *entity)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);

  crm_entity_set_id (entity, 1001);
  crm_entity_set_version (entity, 3);
  crm_entity_set_int (entity, "created_at", G_GINT64_CONSTANT (1700000000123456));
  crm_entity_set_int (entity, "created_by", 2);
  crm_entity_set_int (entity, "updated_at", G_GINT64_CONSTANT (1700000100000001));
  crm_entity_set_int (entity, "updated_by", 5);
  crm_entity_set_bool (entity, "archived", FALSE);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < n_fields; i++)
    {
      const CrmFieldSpec *spec = &fields[i];
      CrmValue *value = crm_entity_value (entity, i);

      crm_entity_clear_value (entity, i);
      value->set = TRUE;

      switch (spec->type)
        {
        case CRM_FIELD_TEXT:
          value->s = g_strdup_printf ("%.8s 值 \"%u\"", spec->name, i);
          break;
        case CRM_FIELD_LONG_TEXT:
          value->s = g_strdup_printf ("%s\n第二行 \"quoted\" \\ back\tslash\r\n", spec->name);
          break;
        case CRM_FIELD_INT:
          value->i = G_GINT64_CONSTANT (9007199254740993) + i;
          break;
        case CRM_FIELD_BOOL:
          value->i = 1;
          break;
        case CRM_FIELD_MONEY:
          value->i = -123456789 - i;
          break;
        case CRM_FIELD_DATE:
          value->s = g_strdup ("2024-02-29");
          break;
        case CRM_FIELD_TIMESTAMP:
          value->i = G_GINT64_CONSTANT (1709164800654321);
          break;
        case CRM_FIELD_ENUM:
          /* not the first value, to catch an index mix-up */
          value->s = g_strdup (spec->enum_values[1] ? spec->enum_values[1] : spec->enum_values[0]);
          break;
        case CRM_FIELD_REFERENCE:
          value->i = 40 + i;
          break;
        case CRM_FIELD_EMAIL:
          value->s = g_strdup ("li.lei+crm@example.com.cn");
          break;
        case CRM_FIELD_PHONE:
          value->s = g_strdup ("+86 10 1234 5678");
          break;
        case CRM_FIELD_URL:
          value->s = g_strdup ("https://example.cn/a?b=c&d=%E4%B8%AD");
          break;
        case CRM_FIELD_TAGS:
          {
            const char *tags[] = { "vip", "华东", "say \"hi\"", NULL };

            value->tags = g_strdupv ((char **) tags);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  for (guint i = 0; i < n_fields; i++)
    g_assert_true (crm_entity_has_value (entity, i));
}

static void
assert_value_equal (const CrmFieldSpec *spec,
                    const CrmValue     *a,
                    const CrmValue     *b)
{
  g_test_message ("field %s", spec->name);
  g_assert_cmpint (a->set, ==, b->set);
  g_assert_cmpint (a->is_null, ==, b->is_null);
  if (!a->set || a->is_null)
    return;

  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_BOOL:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_TIMESTAMP:
    case CRM_FIELD_REFERENCE:
      g_assert_cmpint (a->i, ==, b->i);
      break;
    case CRM_FIELD_TAGS:
      g_assert_nonnull (a->tags);
      g_assert_nonnull (b->tags);
      g_assert_cmpuint (g_strv_length (a->tags), ==, g_strv_length (b->tags));
      g_assert_true (g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags));
      break;
    default:
      g_assert_cmpstr (a->s, ==, b->s);
      break;
    }
}

static void
check_round_trip (const char *entity_name)
{
  g_autoptr(CrmEntity) source = entity_for (entity_name);
  g_autoptr(CrmEntity) copy = entity_for (entity_name);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (source, &n_fields);

  fill_entity (source);
  object = encode (source);

  g_assert_true (crm_json_to_entity (copy, object, CRM_VALIDATE_CREATE, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_fields; i++)
    {
      const CrmFieldSpec *spec = &fields[i];
      CrmValue *decoded = crm_entity_value (copy, i);

      if (i == CRM_ENTITY_FIELD_VERSION || !(spec->flags & CRM_FIELD_READONLY))
        assert_value_equal (spec, crm_entity_value (source, i), decoded);
      else
        /* the server's own values are never taken from a client */
        g_assert_false (decoded->set);
    }
  g_assert_cmpint (crm_entity_get_version (copy), ==, 3);
}

static void
test_round_trip_account (void)
{
  check_round_trip ("account");
}

static void
test_round_trip_contact (void)
{
  check_round_trip ("contact");
}

static void
test_round_trip_user (void)
{
  check_round_trip ("user");
}

static void
test_round_trip_gadget (void)
{
  check_round_trip ("gadget");
}

/* Output */

static void
test_output_members (void)
{
  g_autoptr(CrmEntity) account = entity_for ("account");
  g_autoptr(JsonObject) object = NULL;
  const char *tags[] = { "vip", NULL };
  JsonArray *array;

  fill_entity (account);
  crm_entity_set_int (account, "owner", 42);
  crm_entity_set_tags (account, "tags", tags);
  crm_entity_set_bool (account, "archived", TRUE);
  object = encode (account);

  g_assert_cmpint (json_object_get_int_member_with_default (object, "id", -1), ==, 1001);
  g_assert_cmpint (json_object_get_int_member_with_default (object, "version", -1), ==, 3);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "created_at", NULL), ==,
                   "2023-11-14T22:13:20.123456Z");
  g_assert_cmpint (json_object_get_int_member_with_default (object, "created_by", -1), ==, 2);
  g_assert_true (json_object_get_boolean_member_with_default (object, "archived", FALSE));
  /* members use the JSON key, not the field name */
  g_assert_cmpint (json_object_get_int_member_with_default (object, "owner_id", -1), ==, 42);
  g_assert_false (json_object_has_member (object, "owner"));

  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "tags")));
  array = json_object_get_array_member (object, "tags");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "vip");
}

static void
test_output_unset (void)
{
  g_autoptr(CrmEntity) account = entity_for ("account");
  g_autoptr(JsonObject) object = NULL;
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (account, &n_fields);
  JsonNode *tags;

  crm_entity_set_text (account, "name", "Acme");
  crm_entity_set_text (account, "region", NULL);
  object = encode (account);

  /* every field is present, so clients need not guess */
  g_assert_cmpuint (json_object_get_size (object), ==, n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *key = crm_field_spec_get_json_key (&fields[i]);

      g_test_message ("member %s", key);
      g_assert_true (json_object_has_member (object, key));
      if (fields[i].type == CRM_FIELD_TAGS || g_str_equal (key, "name"))
        continue;
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, key)));
    }

  g_assert_cmpstr (json_object_get_string_member_with_default (object, "name", NULL), ==, "Acme");
  tags = json_object_get_member (object, "tags");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (tags));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (tags)), ==, 0);
}

static void
test_output_null_tags (void)
{
  g_autoptr(CrmEntity) account = entity_for ("account");
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  crm_entity_set_tags (account, "tags", NULL);
  node = crm_json_from_entity (account);
  text = crm_json_to_string (node);
  g_assert_nonnull (strstr (text, "\"tags\":[]"));
  g_assert_nonnull (strstr (text, "\"code\":null"));
}

static const char * const hidden_keys[] = { "password_hash", "failed_logins", "locked_until" };

static void
test_output_hidden (void)
{
  g_autoptr(CrmEntity) user = entity_for ("user");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;

  fill_entity (user);
  crm_entity_set_text (user, "password_hash", "$argon2id$v=19$secret");
  crm_entity_set_int (user, "failed_logins", 4);
  crm_entity_set_int (user, "locked_until", G_GINT64_CONSTANT (1700000000000000));

  node = crm_json_from_entity (user);
  text = crm_json_to_string (node);
  g_assert_null (strstr (text, "argon2id"));
  object = encode (user);
  for (guint i = 0; i < G_N_ELEMENTS (hidden_keys); i++)
    g_assert_false (json_object_has_member (object, hidden_keys[i]));
  g_assert_true (json_object_has_member (object, "login"));
  g_assert_true (json_object_has_member (object, "active"));
}

/* Input */

static void
test_input_hidden (void)
{
  static const char * const bodies[] = {
    "{\"password_hash\": \"x\"}",
    "{\"failed_logins\": 0}",
    "{\"locked_until\": null}",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (bodies) == G_N_ELEMENTS (hidden_keys));
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(CrmEntity) user = entity_for ("user");
      g_autoptr(GError) error = decode_fails (user, bodies[i], CRM_VALIDATE_PATCH, hidden_keys[i]);

      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_false (crm_entity_value (user, field_index (user, hidden_keys[i]))->set);
    }
}

static const struct
{
  const char *entity;
  const char *body;
  const char *member;
} unknown_cases[] = {
  { "account", "{\"bogus\": 1}",                    "bogus" },
  { "account", "{\"name\": \"Acme\", \"Name\": \"x\"}", "Name" },
  { "account", "{\"owner\": 7}",                    "owner" },
  { "account", "{\"\": 7}",                         "" },
  { "account", "{\"password_hash\": \"x\"}",        "password_hash" },
  { "contact", "{\"is_primary\": true}",            "is_primary" },
  { "contact", "{\"account\": 1}",                  "account" },
  { "contact", "{\"tags\": []}",                    "tags" },
};

static void
test_input_unknown (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (unknown_cases); i++)
    {
      g_autoptr(CrmEntity) entity = entity_for (unknown_cases[i].entity);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s %s", unknown_cases[i].entity, unknown_cases[i].body);
      error = decode_fails (entity, unknown_cases[i].body, CRM_VALIDATE_PATCH, unknown_cases[i].member);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
    }
}

static const struct
{
  const char *entity;
  const char *body;
  const char *field;
} type_cases[] = {
  /* number, bool, array, object for text */
  { "account", "{\"name\": 5}",                    "name" },
  { "account", "{\"name\": true}",                 "name" },
  { "account", "{\"name\": [\"Acme\"]}",           "name" },
  { "account", "{\"name\": {}}",                   "name" },
  { "account", "{\"notes\": 1.5}",                 "notes" },
  { "account", "{\"industry\": 3}",                "industry" },
  { "contact", "{\"email\": false}",               "email" },
  { "contact", "{\"birthday\": 20240101}",         "birthday" },
  /* string, float, bool for a reference */
  { "account", "{\"owner_id\": \"7\"}",            "owner_id" },
  { "account", "{\"owner_id\": 1.5}",              "owner_id" },
  { "account", "{\"owner_id\": 7.0}",              "owner_id" },
  { "account", "{\"owner_id\": true}",             "owner_id" },
  { "contact", "{\"account_id\": [1]}",            "account_id" },
  /* tags */
  { "account", "{\"tags\": \"vip\"}",              "tags" },
  { "account", "{\"tags\": {\"vip\": true}}",      "tags" },
  { "account", "{\"tags\": [\"vip\", 1]}",         "tags" },
  { "account", "{\"tags\": [null]}",               "tags" },
  { "account", "{\"tags\": [[\"vip\"]]}",          "tags" },
  /* bool */
  { "contact", "{\"primary\": \"true\"}",          "primary" },
  { "contact", "{\"primary\": 1}",                 "primary" },
  /* version */
  { "account", "{\"version\": \"3\"}",             "version" },
  { "account", "{\"version\": 3.5}",               "version" },
  { "account", "{\"version\": null}",              "version" },
  /* int, money, timestamp */
  { "gadget",  "{\"quantity\": \"12\"}",           "quantity" },
  { "gadget",  "{\"quantity\": 1.5}",              "quantity" },
  { "gadget",  "{\"amount\": 12.5}",               "amount" },
  { "gadget",  "{\"amount\": 12}",                 "amount" },
  { "gadget",  "{\"approved\": \"yes\"}",          "approved" },
  { "gadget",  "{\"due_at\": 0}",                  "due_at" },
  { "gadget",  "{\"due_at\": \"yesterday\"}",      "due_at" },
  { "gadget",  "{\"due_at\": \"2024-01-01T00:00:00\"}", "due_at" },
};

static void
test_input_wrong_types (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_cases); i++)
    {
      g_autoptr(CrmEntity) entity = entity_for (type_cases[i].entity);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s %s", type_cases[i].entity, type_cases[i].body);
      error = decode_fails (entity, type_cases[i].body, CRM_VALIDATE_PATCH, type_cases[i].field);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
    }
}

static void
test_input_money (void)
{
  g_autoptr(CrmEntity) gadget = entity_for ("gadget");
  g_autoptr(GError) malformed = NULL;
  g_autoptr(GError) too_precise = NULL;

  decode_ok (gadget, "{\"amount\": \"1234.5\"}", CRM_VALIDATE_PATCH);
  g_assert_cmpint (crm_entity_get_money (gadget, "amount").value, ==, 123450);
  decode_ok (gadget, "{\"amount\": \"-0.05\"}", CRM_VALIDATE_PATCH);
  g_assert_cmpint (crm_entity_get_money (gadget, "amount").value, ==, -5);

  /* the money module's code is kept, the field is named */
  malformed = decode_fails (gadget, "{\"amount\": \"12,50\"}", CRM_VALIDATE_PATCH, "amount");
  g_assert_error (malformed, CRM_ERROR, CRM_ERROR_VALIDATION);
  too_precise = decode_fails (gadget, "{\"amount\": \"12.345\"}", CRM_VALIDATE_PATCH, "amount");
  g_assert_error (too_precise, CRM_ERROR, CRM_ERROR_OUT_OF_RANGE);
}

static void
test_input_money_no_error_location (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(CrmEntity) gadget = entity_for ("gadget");
      g_autoptr(JsonObject) object = parse_object ("{\"amount\": \"abc\"}");

      /* a bad money string must not need an error location to report into */
      g_assert_false (crm_json_to_entity (gadget, object, CRM_VALIDATE_PATCH, NULL));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_input_no_error_location (void)
{
  static const char * const bodies[] = {
    "{\"bogus\": 1}",
    "{\"name\": 5}",
    "{\"name\": \"   \"}",
    "{\"version\": \"1\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(CrmEntity) account = entity_for ("account");
      g_autoptr(JsonObject) object = parse_object (bodies[i]);

      g_assert_false (crm_json_to_entity (account, object, CRM_VALIDATE_PATCH, NULL));
    }
}

static void
test_input_read_only (void)
{
  g_autoptr(CrmEntity) account = entity_for ("account");

  /* a client may send back what it received */
  decode_ok (account,
             "{\"id\": 99, \"version\": 4, \"created_at\": \"2024-01-01T00:00:00.000000Z\","
             " \"created_by\": 1, \"updated_at\": \"not even a time\", \"updated_by\": \"x\","
             " \"archived\": true, \"name\": \"Acme\"}",
             CRM_VALIDATE_CREATE);

  g_assert_cmpint (crm_entity_get_version (account), ==, 4);
  g_assert_true (crm_entity_has_value (account, CRM_ENTITY_FIELD_VERSION));
  g_assert_cmpstr (crm_entity_get_text (account, "name"), ==, "Acme");
  for (guint i = 0; i < CRM_ENTITY_N_SYSTEM_FIELDS; i++)
    if (i != CRM_ENTITY_FIELD_VERSION)
      g_assert_false (crm_entity_value (account, i)->set);
  g_assert_cmpint (crm_entity_get_id (account), ==, 0);
}

static void
test_input_read_only_user (void)
{
  g_autoptr(CrmEntity) user = entity_for ("user");

  decode_ok (user, "{\"login\": \"lilei\", \"name\": \"Li Lei\", \"role\": \"sales\", \"active\": true}",
             CRM_VALIDATE_CREATE);
  g_assert_false (crm_entity_value (user, field_index (user, "active"))->set);
}

static void
test_input_empty_string (void)
{
  static const struct
  {
    const char *entity;
    const char *field;
    gboolean    becomes_null;
  } cases[] = {
    { "account", "industry",      TRUE },
    { "account", "website",       TRUE },
    { "account", "phone",         TRUE },
    { "account", "region",        FALSE },
    { "account", "notes",         FALSE },
    { "contact", "email",         TRUE },
    { "contact", "birthday",      TRUE },
    { "contact", "decision_role", TRUE },
    { "contact", "mobile",        TRUE },
    { "contact", "title",         FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrmEntity) entity = entity_for (cases[i].entity);
      g_autofree char *body = g_strdup_printf ("{\"%s\": \"\"}", cases[i].field);
      CrmValue *value;

      g_test_message ("%s.%s", cases[i].entity, cases[i].field);
      crm_entity_set_text (entity, cases[i].field, "before");
      decode_ok (entity, body, CRM_VALIDATE_PATCH);
      value = crm_entity_value (entity, field_index (entity, cases[i].field));
      g_assert_true (value->set);
      if (cases[i].becomes_null)
        {
          g_assert_true (value->is_null);
          g_assert_null (crm_entity_get_text (entity, cases[i].field));
        }
      else
        {
          g_assert_false (value->is_null);
          g_assert_cmpstr (crm_entity_get_text (entity, cases[i].field), ==, "");
        }
    }
}

static void
test_input_empty_string_required (void)
{
  g_autoptr(CrmEntity) user = entity_for ("user");
  g_autoptr(CrmEntity) account = entity_for ("account");
  g_autoptr(GError) role = NULL;
  g_autoptr(GError) name = NULL;

  role = decode_fails (user, "{\"login\": \"lilei\", \"name\": \"Li Lei\", \"role\": \"\"}",
                       CRM_VALIDATE_CREATE, "role");
  g_assert_error (role, CRM_ERROR, CRM_ERROR_VALIDATION);
  name = decode_fails (account, "{\"name\": \"\"}", CRM_VALIDATE_PATCH, "name");
  g_assert_error (name, CRM_ERROR, CRM_ERROR_VALIDATION);
}

static void
test_input_patch (void)
{
  g_autoptr(CrmEntity) account = entity_for ("account");
  int region = field_index (account, "region");
  int tags = field_index (account, "tags");

  crm_entity_set_text (account, "name", "Acme");
  decode_ok (account, "{\"region\": \"华东\"}", CRM_VALIDATE_PATCH);
  g_assert_cmpstr (crm_entity_get_text (account, "name"), ==, "Acme");
  g_assert_cmpstr (crm_entity_get_text (account, "region"), ==, "华东");

  decode_ok (account, "{\"region\": null, \"tags\": null}", CRM_VALIDATE_PATCH);
  g_assert_true (crm_entity_value (account, region)->set);
  g_assert_true (crm_entity_value (account, region)->is_null);
  g_assert_true (crm_entity_value (account, tags)->set);
  g_assert_true (crm_entity_value (account, tags)->is_null);
  g_assert_cmpstr (crm_entity_get_text (account, "name"), ==, "Acme");

  decode_ok (account, "{}", CRM_VALIDATE_PATCH);
  g_assert_cmpstr (crm_entity_get_text (account, "name"), ==, "Acme");
}

static const struct
{
  const char      *entity;
  const char      *body;
  CrmValidateMode  mode;
  const char      *field;
} invalid_cases[] = {
  { "account", "{}",                                           CRM_VALIDATE_CREATE, "name" },
  { "account", "{\"name\": null}",                             CRM_VALIDATE_PATCH,  "name" },
  { "account", "{\"name\": \"   \"}",                          CRM_VALIDATE_PATCH,  "name" },
  { "account", "{\"name\": \"A\\nB\"}",                        CRM_VALIDATE_PATCH,  "name" },
  { "account", "{\"industry\": \"spaceflight\"}",              CRM_VALIDATE_PATCH,  "industry" },
  { "account", "{\"owner_id\": 0}",                            CRM_VALIDATE_PATCH,  "owner_id" },
  { "account", "{\"website\": \"javascript:alert(1)\"}",       CRM_VALIDATE_PATCH,  "website" },
  { "account", "{\"tags\": [\"vip\", \"vip\"]}",               CRM_VALIDATE_PATCH,  "tags" },
  { "contact", "{\"name\": \"Li Lei\"}",                       CRM_VALIDATE_CREATE, "account_id" },
  { "contact", "{\"account_id\": null}",                       CRM_VALIDATE_PATCH,  "account_id" },
  { "contact", "{\"birthday\": \"2023-02-29\"}",               CRM_VALIDATE_PATCH,  "birthday" },
  { "contact", "{\"email\": \"a@b\"}",                         CRM_VALIDATE_PATCH,  "email" },
  { "gadget",  "{\"amount\": \"1.00\"}",                       CRM_VALIDATE_CREATE, "label" },
};

static void
test_input_validates (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(CrmEntity) entity = entity_for (invalid_cases[i].entity);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s %s", invalid_cases[i].entity, invalid_cases[i].body);
      error = decode_fails (entity, invalid_cases[i].body, invalid_cases[i].mode, invalid_cases[i].field);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
    }
}

static void
test_input_long_name (void)
{
  g_autoptr(CrmEntity) account = entity_for ("account");
  g_autoptr(GError) error = NULL;
  GString *name = g_string_new (NULL);
  g_autofree char *ok_body = NULL;
  g_autofree char *long_body = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (name, "中");
  ok_body = g_strdup_printf ("{\"name\": \"%s\"}", name->str);
  long_body = g_strdup_printf ("{\"name\": \"%s中\"}", name->str);
  g_string_free (name, TRUE);

  decode_ok (account, ok_body, CRM_VALIDATE_CREATE);
  g_assert_cmpuint (g_utf8_strlen (crm_entity_get_text (account, "name"), -1), ==, 200);
  error = decode_fails (account, long_body, CRM_VALIDATE_CREATE, "name");
  g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
}

/* Request bodies */

static void
test_parse_object (void)
{
  static const char * const rejected[] = {
    "", "   ", "null", "[1]", "[]", "1", "\"text\"", "true", "{", "{\"a\":}", "{\"a\" 1}",
  };
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_autoptr(GError) local = NULL;

      g_test_message ("“%s”", rejected[i]);
      object = crm_json_parse_object (rejected[i], -1, &local);
      g_assert_null (object);
      g_assert_error (local, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
      g_assert_cmpuint (crm_error_code_to_http_status (local->code), ==, 400);
    }

  object = crm_json_parse_object (NULL, -1, &error);
  g_assert_null (object);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  object = crm_json_parse_object ("{}", 0, &error);
  g_assert_null (object);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_null (crm_json_parse_object ("[1]", -1, NULL));
}

static void
test_parse_object_accepts (void)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  object = crm_json_parse_object ("{}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpuint (json_object_get_size (object), ==, 0);
  json_object_unref (object);

  object = crm_json_parse_object (" \n{\"name\": \"阿克米\", \"n\": 1}\n", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "name", NULL), ==, "阿克米");
  g_assert_cmpint (json_object_get_int_member_with_default (object, "n", 0), ==, 1);
  json_object_unref (object);

  /* the body need not be NUL-terminated */
  object = crm_json_parse_object ("{\"a\": 1}garbage", 8, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, "a"));
  json_object_unref (object);
}

/* Error envelopes */

static JsonObject *
envelope_inner (const GError *error)
{
  g_autofree char *text = crm_json_error_envelope (error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonNode *inner;

  g_assert_nonnull (text);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &parse_error));
  g_assert_no_error (parse_error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 1);
  inner = json_object_get_member (root, "error");
  g_assert_nonnull (inner);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (inner));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (inner)), ==, 3);
  g_assert_true (json_object_has_member (json_node_get_object (inner), "code"));
  g_assert_true (json_object_has_member (json_node_get_object (inner), "message"));
  g_assert_true (json_object_has_member (json_node_get_object (inner), "field"));
  return json_object_ref (json_node_get_object (inner));
}

static void
test_error_envelope (void)
{
  g_autoptr(GError) field_error = NULL;
  g_autoptr(GError) plain = g_error_new_literal (CRM_ERROR, CRM_ERROR_CONFLICT,
                                                 "The record was changed by someone else");
  g_autoptr(GError) foreign = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT,
                                                   "/var/lib/rapport/secret: no such file");
  g_autoptr(GError) internal = g_error_new_literal (CRM_ERROR, CRM_ERROR_INTERNAL,
                                                    "cannot write /var/lib/rapport/attachments/ab/abcdef: No space");
  g_autoptr(JsonObject) inner = NULL;

  crm_error_set_field_error (&field_error, CRM_ERROR_VALIDATION, "owner_id",
                             "Owner must be a “record” id");
  inner = envelope_inner (field_error);
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "code", NULL), ==, "validation");
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "message", NULL), ==,
                   "Owner must be a “record” id");
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "field", NULL), ==, "owner_id");
  g_clear_pointer (&inner, json_object_unref);

  inner = envelope_inner (plain);
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "code", NULL), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "message", NULL), ==,
                   "The record was changed by someone else");
  g_assert_true (json_object_get_null_member (inner, "field"));
  g_clear_pointer (&inner, json_object_unref);

  /* errors from elsewhere do not leak their messages */
  inner = envelope_inner (foreign);
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "code", NULL), ==, "internal");
  g_assert_null (strstr (json_object_get_string_member_with_default (inner, "message", ""), "secret"));
  g_assert_true (json_object_get_null_member (inner, "field"));
  g_clear_pointer (&inner, json_object_unref);

  /* nor do the server's own internal errors: their detail is for its log */
  inner = envelope_inner (internal);
  g_assert_cmpstr (json_object_get_string_member_with_default (inner, "code", NULL), ==, "internal");
  g_assert_null (strstr (json_object_get_string_member_with_default (inner, "message", ""), "attachments"));
}

static void
test_error_envelope_every_code (void)
{
  for (guint code = 0; code <= CRM_ERROR_UNAVAILABLE; code++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) inner = NULL;
      CrmErrorCode back;

      crm_error_set_field_error (&error, code, "f", "message %u", code);
      inner = envelope_inner (error);
      g_assert_true (crm_error_code_from_api_code (json_object_get_string_member_with_default (inner, "code", NULL), &back));
      g_assert_cmpint (back, ==, code);
      g_assert_cmpstr (json_object_get_string_member_with_default (inner, "field", NULL), ==, "f");
    }
}

/* Timestamps */

static const struct
{
  gint64      usec;
  const char *text;
} timestamp_cases[] = {
  { 0,                                       "1970-01-01T00:00:00.000000Z" },
  { 1,                                       "1970-01-01T00:00:00.000001Z" },
  { G_GINT64_CONSTANT (1700000000123456),    "2023-11-14T22:13:20.123456Z" },
  { G_GINT64_CONSTANT (1709164800999999),    "2024-02-29T00:00:00.999999Z" },
  { -1,                                      "1969-12-31T23:59:59.999999Z" },
  { G_GINT64_CONSTANT (-1500000),            "1969-12-31T23:59:58.500000Z" },
  { G_GINT64_CONSTANT (253402300799999999),  "9999-12-31T23:59:59.999999Z" },
};

static void
test_timestamp_format (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (timestamp_cases); i++)
    {
      g_autofree char *text = crm_json_format_timestamp (timestamp_cases[i].usec);

      g_assert_cmpstr (text, ==, timestamp_cases[i].text);
    }
}

static void
test_timestamp_parse (void)
{
  static const gint64 round_trips[] = {
    0, 1, 999999, 1000000, G_GINT64_CONSTANT (1700000000000001), G_GINT64_CONSTANT (1700000000123456),
    G_GINT64_CONSTANT (1700000000999999), G_GINT64_CONSTANT (1709164800654321), -1,
    G_GINT64_CONSTANT (-1500000), G_GINT64_CONSTANT (253402300799999999),
  };

  for (guint i = 0; i < G_N_ELEMENTS (timestamp_cases); i++)
    {
      gint64 usec = -42;

      g_test_message ("%s", timestamp_cases[i].text);
      g_assert_true (crm_json_parse_timestamp (timestamp_cases[i].text, &usec));
      g_assert_cmpint (usec, ==, timestamp_cases[i].usec);
    }

  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *text = crm_json_format_timestamp (round_trips[i]);
      gint64 usec = -42;

      g_test_message ("%s", text);
      g_assert_true (crm_json_parse_timestamp (text, &usec));
      g_assert_cmpint (usec, ==, round_trips[i]);
    }
}

static void
test_timestamp_parse_zones (void)
{
  static const struct
  {
    const char *text;
    gint64      usec;
  } cases[] = {
    { "2024-02-29T12:00:00+08:00",         G_GINT64_CONSTANT (1709179200000000) },
    { "2024-02-29T04:00:00Z",              G_GINT64_CONSTANT (1709179200000000) },
    { "2024-02-29T04:00:00.5Z",            G_GINT64_CONSTANT (1709179200500000) },
    { "2024-02-28T23:00:00.25-05:00",      G_GINT64_CONSTANT (1709179200250000) },
  };
  static const char * const rejected[] = {
    "", "yesterday", "2024-02-29", "2024-02-29T04:00:00", "2024-02-30T00:00:00Z",
    "2024-02-29 04:00:00Z x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 usec = -42;

      g_test_message ("%s", cases[i].text);
      g_assert_true (crm_json_parse_timestamp (cases[i].text, &usec));
      g_assert_cmpint (usec, ==, cases[i].usec);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      gint64 usec = -42;

      g_test_message ("%s", rejected[i]);
      g_assert_false (crm_json_parse_timestamp (rejected[i], &usec));
    }
}

/* Strict reading: each malformed body and the error it must get. */
static const struct
{
  const char  *text;
  gssize       length;
  int          code;
  const char  *field;
} strict_cases[] = {
  { "{\"a\":1 /* c */}",                 -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{/* c */\"a\":1}",                  -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1} // c",                    -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1}\n# c",                    -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{'a':1}",                           -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":'x'}",                       -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1,\"a\":2}",                 -1, CRM_ERROR_BAD_REQUEST, "a" },
  { "{\"a\":1,\"\\u0061\":2}",           -1, CRM_ERROR_BAD_REQUEST, "a" },
  { "{\"o\":{\"b\":1,\"c\":2,\"b\":3}}", -1, CRM_ERROR_BAD_REQUEST, "b" },
  { "{\"a\":1}{}",                       -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1} x",                       -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1},",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1,}",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":[1,]}",                      -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\xff\"}",                  -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\xc0\xaf\"}",              -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\xed\xa0\x80\"}",          -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\xe4\xb8\"}",              -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"\xff\":1}",                      -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "\xef\xbb\xbf{\"a\":1}",             -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\\ud800\"}",               -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\\udc00x\"}",              -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\\ud800\\u0041\"}",        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\\ud800\\ud800\"}",        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\\u12\"}",                 -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"\\x41\"}",                 -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"tab\there\"}",             -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"x\0y\"}",                  11, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1}\0",                        8, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":01}",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":0x10}",                      -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":.5}",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1.}",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1e}",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":+1}",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":-}",                         -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":NaN}",                       -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":Infinity}",                  -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":99999999999999999999}",      -1, CRM_ERROR_BAD_REQUEST, "a" },
  { "{\"a\":-9223372036854775809}",      -1, CRM_ERROR_BAD_REQUEST, "a" },
  { "{\"a\":1e400}",                     -1, CRM_ERROR_BAD_REQUEST, "a" },
  { "{\"a\":tru}",                       -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":True}",                      -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{a:1}",                             -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\" 1}",                         -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":1",                          -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\":\"x",                        -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\0b\":1}",                       10, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"a\\u0000b\":1}",                 -1, CRM_ERROR_BAD_REQUEST, NULL },
  { "{\"name\":\"NUL\\u0000Co\"}",       -1, CRM_ERROR_VALIDATION,  "name" },
  { "{\"name\":\"\\u0000\"}",            -1, CRM_ERROR_VALIDATION,  "name" },
  { "{\"tags\":[\"a\",\"b\\u0000\"]}",   -1, CRM_ERROR_VALIDATION,  "tags" },
  { "{\"lines\":[{\"description\":\"x\\u0000\"}]}", -1, CRM_ERROR_VALIDATION, "description" },
};

static void
test_strict_rejects (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (strict_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GString) shown = g_string_new (NULL);
      gsize length = strict_cases[i].length < 0 ? strlen (strict_cases[i].text) : (gsize) strict_cases[i].length;

      for (gsize j = 0; j < length; j++)
        {
          guchar ch = strict_cases[i].text[j];

          if (ch >= 0x20 && ch < 0x7f)
            g_string_append_c (shown, ch);
          else
            g_string_append_printf (shown, "<%02x>", ch);
        }
      g_test_message ("case %u: %s", i, shown->str);
      object = crm_json_parse_object (strict_cases[i].text, length, &error);
      g_assert_null (object);
      g_assert_error (error, CRM_ERROR, strict_cases[i].code);
      g_assert_cmpstr (crm_error_get_field (error), ==, strict_cases[i].field);
      g_test_message ("  %s", error->message);
    }
}

/* text of @depth nested arrays inside {"a":…} */
static char *
nested_body (guint depth)
{
  GString *text = g_string_new ("{\"a\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static void
test_strict_depth (void)
{
  g_autofree char *deepest = nested_body (CRM_JSON_MAX_DEPTH - 1);
  g_autofree char *too_deep = nested_body (CRM_JSON_MAX_DEPTH);
  g_autofree char *hostile = nested_body (80000);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  object = crm_json_parse_object (deepest, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);

  g_assert_null (crm_json_parse_object (too_deep, -1, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);

  g_assert_null (crm_json_parse_object (hostile, -1, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* the same bound for what rapportd reads of its own */
  g_assert_null (crm_json_parse (hostile, -1, CRM_JSON_MAX_VALUES_TRUSTED, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
}

/* {"a":[0,0,…]} holding @values values in all */
static char *
wide_body (gsize values)
{
  GString *text = g_string_new ("{\"a\":[");

  for (gsize i = 0; i + 3 < values; i++)
    g_string_append (text, i ? ",0" : "0");
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

static void
test_strict_values (void)
{
  g_autofree char *most = wide_body (CRM_JSON_MAX_VALUES);
  g_autofree char *too_many = wide_body (CRM_JSON_MAX_VALUES + 1);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) trusted = NULL;
  g_autoptr(GError) error = NULL;

  object = crm_json_parse_object (most, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "a")), ==, CRM_JSON_MAX_VALUES - 3);

  g_assert_null (crm_json_parse_object (too_many, -1, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_false (crm_json_check (most, -1, 10, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  trusted = crm_json_parse (too_many, -1, CRM_JSON_MAX_VALUES_TRUSTED, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trusted);
}

/* what is valid stays valid, and reads as RFC 8259 says */
static void
test_strict_accepts (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { " \t\r\n{ \"a\" : \"x\" } \n", "{\"a\":\"x\"}" },
    { "{\"a\":\"\\ud83d\\ude00\"}",   "{\"a\":\"\xf0\x9f\x98\x80\"}" },
    { "{\"a\":\"\\u00e9\\/\\\"\\\\\\b\\f\\n\\r\\t\"}", "{\"a\":\"\xc3\xa9/\\\"\\\\\\b\\f\\n\\r\\t\"}" },
    { "{\"a\":\"上海康泰\"}",          "{\"a\":\"上海康泰\"}" },
    { "{\"a\":9223372036854775807}", "{\"a\":9223372036854775807}" },
    { "{\"a\":-9223372036854775807}", "{\"a\":-9223372036854775807}" },
    { "{\"a\":0,\"b\":-0,\"c\":[]}", "{\"a\":0,\"b\":0,\"c\":[]}" },
    { "{\"a\":1.5,\"b\":2E2,\"c\":-1e-1}", "{\"a\":1.5,\"b\":200.0,\"c\":-0.10000000000000001}" },
    { "{\"a\":true,\"b\":false,\"c\":null,\"d\":{}}", "{\"a\":true,\"b\":false,\"c\":null,\"d\":{}}" },
    { "{\"a\":{\"a\":1},\"b\":{\"a\":2}}", "{\"a\":{\"a\":1},\"b\":{\"a\":2}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s", cases[i].text);
      node = crm_json_parse (cases[i].text, -1, CRM_JSON_MAX_VALUES, &error);
      g_assert_no_error (error);
      text = json_to_string (node, FALSE);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* timestamps are UTC whatever the local zone; make a mix-up show */
  g_setenv ("TZ", "CST-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/round-trip/account", test_round_trip_account);
  g_test_add_func ("/json/round-trip/contact", test_round_trip_contact);
  g_test_add_func ("/json/round-trip/user", test_round_trip_user);
  g_test_add_func ("/json/round-trip/gadget", test_round_trip_gadget);
  g_test_add_func ("/json/output/members", test_output_members);
  g_test_add_func ("/json/output/unset", test_output_unset);
  g_test_add_func ("/json/output/null-tags", test_output_null_tags);
  g_test_add_func ("/json/output/hidden", test_output_hidden);
  g_test_add_func ("/json/input/hidden", test_input_hidden);
  g_test_add_func ("/json/input/unknown", test_input_unknown);
  g_test_add_func ("/json/input/wrong-types", test_input_wrong_types);
  g_test_add_func ("/json/input/money", test_input_money);
  g_test_add_func ("/json/input/read-only", test_input_read_only);
  g_test_add_func ("/json/input/read-only-user", test_input_read_only_user);
  g_test_add_func ("/json/input/empty-string", test_input_empty_string);
  g_test_add_func ("/json/input/empty-string-required", test_input_empty_string_required);
  g_test_add_func ("/json/input/patch", test_input_patch);
  g_test_add_func ("/json/input/validates", test_input_validates);
  g_test_add_func ("/json/input/long-name", test_input_long_name);
  g_test_add_func ("/json/parse-object/rejects", test_parse_object);
  g_test_add_func ("/json/parse-object/accepts", test_parse_object_accepts);
  g_test_add_func ("/json/strict/rejects", test_strict_rejects);
  g_test_add_func ("/json/strict/depth", test_strict_depth);
  g_test_add_func ("/json/strict/values", test_strict_values);
  g_test_add_func ("/json/strict/accepts", test_strict_accepts);
  g_test_add_func ("/json/error-envelope/fields", test_error_envelope);
  g_test_add_func ("/json/error-envelope/every-code", test_error_envelope_every_code);
  g_test_add_func ("/json/timestamp/format", test_timestamp_format);
  g_test_add_func ("/json/timestamp/parse", test_timestamp_parse);
  g_test_add_func ("/json/timestamp/parse-zones", test_timestamp_parse_zones);
  /* last: the money case fails until read_value is fixed, and a failure ends the run */
  g_test_add_func ("/json/no-error-location/input", test_input_no_error_location);
  g_test_add_func ("/json/no-error-location/money", test_input_money_no_error_location);

  return g_test_run ();
}
