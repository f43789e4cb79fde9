/* rapportd-openapi-schemas.c: openapi.json's schemas: every entity from the metamodel, webhooks, survey invitations, the error envelope */
#include "config.h"
#include "rapportd-openapi-private.h"
#include "rapportd-repo-rules.h"
#include "rapportd-webhooks.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

static void
add_field_schema (JsonBuilder        *builder,
                  const CrmFieldSpec *spec)
{
  json_builder_set_member_name (builder, crm_field_spec_get_json_key (spec));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      json_builder_add_string_value (builder, "integer");
      break;
    case CRM_FIELD_BOOL:
      json_builder_add_string_value (builder, "boolean");
      break;
    case CRM_FIELD_TAGS:
      json_builder_add_string_value (builder, "array");
      json_builder_set_member_name (builder, "items");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "string");
      json_builder_end_object (builder);
      break;
    default:
      json_builder_add_string_value (builder, "string");
      break;
    }
  switch (spec->type)
    {
    case CRM_FIELD_MONEY:
      /* exact decimals travel as strings, never JSON numbers */
      json_builder_set_member_name (builder, "pattern");
      json_builder_add_string_value (builder, spec->scale > 0 ? "^-?[0-9]+(\\.[0-9]+)?$" : "^-?[0-9]+$");
      json_builder_set_member_name (builder, "x-decimals");
      json_builder_add_int_value (builder, spec->scale);
      break;
    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, spec->type == CRM_FIELD_DATE ? "date"
                                              : spec->type == CRM_FIELD_TIMESTAMP ? "date-time"
                                              : spec->type == CRM_FIELD_EMAIL ? "email" : "uri");
      break;
    case CRM_FIELD_ENUM:
      json_builder_set_member_name (builder, "enum");
      json_builder_begin_array (builder);
      for (guint i = 0; spec->enum_values[i]; i++)
        json_builder_add_string_value (builder, spec->enum_values[i]);
      json_builder_end_array (builder);
      break;
    case CRM_FIELD_REFERENCE:
      json_builder_set_member_name (builder, "x-references");
      json_builder_add_string_value (builder, spec->reference);
      break;
    default:
      break;
    }
  if (spec->max_len > 0 && spec->type != CRM_FIELD_TAGS)
    {
      json_builder_set_member_name (builder, "maxLength");
      json_builder_add_int_value (builder, spec->max_len);
    }
  if (spec->flags & CRM_FIELD_READONLY)
    {
      json_builder_set_member_name (builder, "readOnly");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "nullable");
  json_builder_add_boolean_value (builder, !(spec->flags & CRM_FIELD_REQUIRED));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, spec->label ? spec->label : spec->name);
  json_builder_end_object (builder);
}

/**
 * rapportd_openapi_schema_name:
 * @klass: an entity class
 *
 * Returns: (transfer full): its schema's name: "quote_line" → "QuoteLine"
 */
char *
rapportd_openapi_schema_name (CrmEntityClass *klass)
{
  g_auto(GStrv) words = g_strsplit (klass->entity_name, "_", -1);
  GString *name = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      words[i][0] = g_ascii_toupper (words[i][0]);
      g_string_append (name, words[i]);
    }
  return g_string_free (name, FALSE);
}

static void
add_entity_schema (JsonBuilder    *builder,
                   CrmEntityClass *klass)
{
  g_autofree char *name = rapportd_openapi_schema_name (klass);
  const RapportdRepoRules *rules = rapportd_repo_rules_lookup (klass->entity_name);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_REQUIRED)
      json_builder_add_string_value (builder, crm_field_spec_get_json_key (&klass->fields[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < klass->n_fields; i++)
    if (!(klass->fields[i].flags & CRM_FIELD_HIDDEN))
      add_field_schema (builder, &klass->fields[i]);
  /* a list names the record each reference points at */
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type == CRM_FIELD_REFERENCE && !(klass->fields[i].flags & CRM_FIELD_HIDDEN))
      {
        g_autofree char *key = g_strconcat (klass->fields[i].name, "_name", NULL);

        json_builder_set_member_name (builder, key);
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "type");
        json_builder_add_string_value (builder, "string");
        json_builder_set_member_name (builder, "readOnly");
        json_builder_add_boolean_value (builder, TRUE);
        json_builder_set_member_name (builder, "description");
        json_builder_add_string_value (builder, "In lists: the name (or number) of the record the reference points at");
        json_builder_end_object (builder);
      }
  /* what the entity's rules compute as a record is read */
  if (rules != NULL && rules->present_schema != NULL)
    rules->present_schema (builder);
  if (klass->line_type != G_TYPE_INVALID)
    {
      CrmEntityClass *line_class = g_type_class_ref (klass->line_type);
      g_autofree char *line = rapportd_openapi_schema_name (line_class);
      g_autofree char *ref = g_strdup_printf ("#/components/schemas/%s", line);

      g_type_class_unref (line_class);
      json_builder_set_member_name (builder, crm_entity_class_lines_member (klass));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "array");
      json_builder_set_member_name (builder, "items");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "$ref");
      json_builder_add_string_value (builder, ref);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_property (JsonBuilder *builder,
              const char  *name,
              const char  *type,
              const char  *description)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
}

static void
add_event_types (JsonBuilder *builder)
{
  g_auto(GStrv) types = rapportd_webhook_types ();

  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  for (guint i = 0; types[i]; i++)
    json_builder_add_string_value (builder, types[i]);
  json_builder_end_array (builder);
}

/* a subscription as sent and listed, and what its receiver is POSTed */
static void
add_webhook_schemas (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "WebhookSubscription");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_property (builder, "url", "string", "An http or https address the events are POSTed to");
  json_builder_set_member_name (builder, "events");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  add_event_types (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  add_property (builder, "secret", "string", "Signs each delivery; made and shown once when not given");
  add_property (builder, "active", "boolean", "Whether events are delivered");
  add_property (builder, "version", "integer", "The version a change was made on");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "WebhookEvent");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "The body POSTed to a receiver, with the headers X-Rapport-Event, "
                                 "X-Rapport-Delivery, X-Rapport-Timestamp and X-Rapport-Signature: "
                                 "sha256=HEX(HMAC-SHA256(secret, timestamp + \".\" + body))");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_property (builder, "id", "integer", "The event's id, the same in each subscription's delivery of it");
  json_builder_set_member_name (builder, "type");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  add_event_types (builder);
  json_builder_end_object (builder);
  add_property (builder, "created_at", "string", "When the change was made, UTC");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "Which record changed, not its content: read it through the API");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_property (builder, "entity", "string", "The entity of the record (account, order…)");
  add_property (builder, "id", "integer", "The record's id");
  add_property (builder, "action", "string", "create, update, archive, restore, or a special write such as deactivate");
  add_property (builder, "version", "integer", "The record's version after the change");
  add_property (builder, "actor_id", "integer", "The user who made the change");
  add_property (builder, "actor_name", "string", "Their name");
  add_property (builder, "status", "string", "For a type ENTITY.STATUS (order.confirmed): the status the record entered");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
begin_object_schema (JsonBuilder *builder,
                     const char  *name,
                     const char  *description)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
}

static void
end_object_schema (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* POST /surveys/{id}/invitations: the contacts asked, and each invitation
 * made, its link shown once and whether it was mailed */
static void
add_survey_invitation_schemas (JsonBuilder *builder)
{
  begin_object_schema (builder, "SurveyInvitationsRequest", "The contacts to invite, 1 to 500 distinct ids");
  json_builder_set_member_name (builder, "contact_ids");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "minItems");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "maxItems");
  json_builder_add_int_value (builder, 500);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "integer");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  end_object_schema (builder);

  begin_object_schema (builder, "SurveyInvitationsSent", "One invitation for each contact, in the order asked");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_property (builder, "id", "integer", "The invitation's id");
  add_property (builder, "survey_id", "integer", "The survey");
  add_property (builder, "contact_id", "integer", "The contact asked");
  add_property (builder, "owner_id", "integer", "The rep it reports on: the contact's owner");
  add_property (builder, "status", "string", "pending");
  add_property (builder, "created_at", "string", "When it was sent, UTC");
  add_property (builder, "expires_at", "string", "When its link stops working, UTC");
  add_property (builder, "token", "string", "The link's secret, shown this once");
  add_property (builder, "link", "string", "https://HOST/s/TOKEN, under [service] public_url or the request's Host");
  add_property (builder, "mailed", "boolean",
                "Whether the link was queued to be mailed to the contact (in the mail outbox, from the mailbox of the "
                "sender's team's queue, else the first that sends); false for a contact without an email, when no "
                "mailbox sends or without [service] public_url");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  end_object_schema (builder);
}

/* the envelope every error is answered with (crm_json_error_envelope_for) */
static void
add_error_schema (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "Error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "error");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "code");
  json_builder_add_string_value (builder, "message");
  json_builder_add_string_value (builder, "field");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "What went wrong; it decides the HTTP status");
  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  for (guint code = 0; code < CRM_ERROR_N_CODES; code++)
    json_builder_add_string_value (builder, crm_error_code_to_api_code (code));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  add_property (builder, "message", "string", "Said to the user, in the language of the request's Accept-Language");
  json_builder_set_member_name (builder, "field");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_set_member_name (builder, "nullable");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "The JSON key, query parameter or header at fault, or null");
  json_builder_end_object (builder);
  add_property (builder, "request_id", "string", "The request's X-Request-Id, which the server's log names");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * rapportd_openapi_add_schemas:
 * @builder: inside components, before "schemas"
 *
 * Every entity's schema, each line type's once, the webhooks', the survey
 * invitations' and Error.
 */
void
rapportd_openapi_add_schemas (JsonBuilder *builder)
{
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_object (builder);
  for (guint t = 0; t < n_types; t++)
    add_entity_schema (builder, g_type_class_peek (types[t]));
  /* lines travel inside their record: each line type once */
  for (guint t = 0; t < n_types; t++)
    {
      GType line_type = ((CrmEntityClass *) g_type_class_peek (types[t]))->line_type;
      CrmEntityClass *line_class;
      gboolean seen = FALSE;

      for (guint u = 0; u < t; u++)
        seen |= ((CrmEntityClass *) g_type_class_peek (types[u]))->line_type == line_type;
      if (line_type == G_TYPE_INVALID || seen)
        continue;
      line_class = g_type_class_ref (line_type);
      add_entity_schema (builder, line_class);
      g_type_class_unref (line_class);
    }
  add_webhook_schemas (builder);
  add_survey_invitation_schemas (builder);
  add_error_schema (builder);
  json_builder_end_object (builder);
}
