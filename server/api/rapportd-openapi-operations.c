/* rapportd-openapi-operations.c: one operation of openapi.json from its route: summary, id, parameters, answers */
#include "config.h"
#include "rapportd-openapi-private.h"
#include "rapportd-idempotency.h"
#include "rapportd-repo.h"
#include "rapportd-tree.h"
#include "crm-error.h"

#include <string.h>

/* the error answers, each a shared response of components */
typedef struct
{
  guint       status;
  const char *name;
  const char *description;
} ErrorAnswer;

static const ErrorAnswer error_answers[] = {
  { 400, "BadRequest", "The request is malformed: its head, query, headers or JSON body" },
  { 401, "Unauthorized", "No valid credentials: sign in, or send a valid key" },
  { 403, "Forbidden", "The credentials do not allow this" },
  { 404, "NotFound", "No such record, or one the caller may not see" },
  { 409, "Conflict", "The record changed since its version was read, or the change would duplicate another" },
  { 413, "PayloadTooLarge", "The body is larger than the server takes" },
  { 422, "UnprocessableEntity", "A value is not valid; field names it" },
  { 423, "Locked", "The record or account may not be changed now" },
  { 429, "TooManyRequests", "Too many attempts; Retry-After tells when to try again" },
  { 503, "ServiceUnavailable", "The database is not available or the server is busy; Retry-After tells when to try again" },
};

/* the answers that are not JSON: the route's path ends so (or is so, for
 * a whole path); each media type as its handler sets it */
typedef struct
{
  const char *ending;
  const char *media_type;
} MediaAnswer;

static const MediaAnswer media_answers[] = {
  { "/pdf", "application/pdf" },
  { "/complaint-file.pdf", "application/pdf" },
  { "/export.csv", "text/csv" },
  { "/invitation.ics", "text/calendar" },
  { "/calendar/{secret}", "text/calendar" },
  { "/metrics", "text/plain" },
  { "/attachments/{id}", "application/octet-stream" },
};

/* routes outside the metamodel whose body and answer have a schema of
 * their own in components */
typedef struct
{
  const char *method;
  const char *path;
  const char *request;
  const char *answer;
} DescribedRoute;

static const DescribedRoute described_routes[] = {
  { "POST", "/surveys/{id}/invitations", "#/components/schemas/SurveyInvitationsRequest",
    "#/components/schemas/SurveyInvitationsSent" },
};

/* one path parameter: the name its path gives it, and what it holds */
typedef struct
{
  const char *name;
  const char *type;
  const char *description;
} PathParameter;

static const PathParameter path_parameters[] = {
  { "secret", "string", "The feed's secret, as its address was given" },
  { "id", "integer", "The id of the record or item" },
};

static void
set_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_ref (JsonBuilder *builder,
         const char  *name,
         const char  *ref)
{
  if (name != NULL)
    json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  set_string (builder, "$ref", ref);
  json_builder_end_object (builder);
}

/* "accounts", or with its article "an account" */
static char *
lowercase_label (CrmEntityClass *klass,
                 gboolean        plural)
{
  const char *label = plural ? klass->plural_label : klass->label;
  g_autofree char *fallback = NULL;
  g_autofree char *lower = NULL;

  if (label == NULL)
    label = fallback = g_strdelimit (g_strdup (plural ? klass->collection : klass->entity_name), "_-", ' ');
  lower = g_utf8_strdown (label, -1);
  if (plural)
    return g_steal_pointer (&lower);
  return g_strconcat (strchr ("aeio", lower[0]) != NULL ? "an " : "a ", lower, NULL);
}

/* the route's summary with {one} and {many} said for its collection:
 * "Share {one} with a user or team" → "Share an account with a user or team" */
static char *
operation_summary (const RapportdOpenapiOperation *operation)
{
  g_autoptr(GString) summary = NULL;

  if (operation->route.summary == NULL)
    return NULL;
  summary = g_string_new (operation->route.summary);
  if (operation->klass != NULL)
    {
      g_autofree char *one = lowercase_label (operation->klass, FALSE);
      g_autofree char *many = lowercase_label (operation->klass, TRUE);

      g_string_replace (summary, "{one}", one, 0);
      g_string_replace (summary, "{many}", many, 0);
    }
  if (summary->len > 0)
    summary->str[0] = g_ascii_toupper (summary->str[0]);
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* "GET /accounts/{id}/import.csv" → "getAccountsByIdImportCsv": unique as
 * method and path are, and safe in an address */
static char *
operation_id (const RapportdOpenapiOperation *operation)
{
  g_autofree char *method = g_ascii_strdown (operation->route.method, -1);
  GString *id = g_string_new (method);
  gboolean upper = TRUE;

  for (const char *c = operation->path; *c != '\0'; c++)
    {
      if (*c == '{')
        {
          g_string_append (id, "By");
          upper = TRUE;
        }
      else if (!g_ascii_isalnum (*c))
        upper = TRUE;
      else
        {
          g_string_append_c (id, upper ? g_ascii_toupper (*c) : *c);
          upper = FALSE;
        }
    }
  return g_string_free (id, FALSE);
}

static void
add_parameter (JsonBuilder *builder,
               const char  *name,
               const char  *in,
               gboolean     required,
               const char  *type,
               const char  *description)
{
  json_builder_begin_object (builder);
  set_string (builder, "name", name);
  set_string (builder, "in", in);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, required);
  set_string (builder, "description", description);
  json_builder_set_member_name (builder, "schema");
  json_builder_begin_object (builder);
  set_string (builder, "type", type);
  if (g_str_equal (type, "integer"))
    {
      set_string (builder, "format", "int64");
      json_builder_set_member_name (builder, "minimum");
      json_builder_add_int_value (builder, 1);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_path_parameters (JsonBuilder *builder,
                     const char  *path)
{
  for (const char *open = strchr (path, '{'); open != NULL; open = strchr (open + 1, '{'))
    {
      g_autofree char *name = g_strndup (open + 1, strchr (open, '}') - open - 1);
      const PathParameter *parameter = &path_parameters[G_N_ELEMENTS (path_parameters) - 1];

      for (guint i = 0; i < G_N_ELEMENTS (path_parameters); i++)
        if (g_str_equal (path_parameters[i].name, name))
          parameter = &path_parameters[i];
      add_parameter (builder, name, "path", TRUE, parameter->type, parameter->description);
    }
}

/* a list's filters, search, sort and paging, as rapportd_api_records_parse_query() reads them */
static void
add_list_parameters (JsonBuilder    *builder,
                     CrmEntityClass *klass)
{
  static const char * const reserved[] = { "q", "after", "limit", "sort", "count", "archived", "subtree", NULL };
  g_autofree char *limit = g_strdup_printf ("At most this many records, 1 to %d", RAPPORTD_LIST_MAX_LIMIT);
  gboolean tree = FALSE;

  add_parameter (builder, "q", "query", FALSE, "string", "Only records whose searchable fields hold this text");
  add_parameter (builder, "after", "query", FALSE, "string", "The cursor a previous page answered as next");
  add_parameter (builder, "limit", "query", FALSE, "integer", limit);
  add_parameter (builder, "sort", "query", FALSE, "string", "A sortable field's key, - before it for descending");
  add_parameter (builder, "count", "query", FALSE, "string", "true: answer an estimated total; exact: the exact one");
  add_parameter (builder, "archived", "query", FALSE, "string", "true: only archived records; all: both; false (default): none");
  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      const char *key = crm_field_spec_get_json_key (spec);
      g_autofree char *description = NULL;

      if (!(spec->flags & CRM_FIELD_FILTERABLE) || i == CRM_ENTITY_FIELD_ARCHIVED || g_strv_contains (reserved, key))
        continue;
      description = g_strdup_printf ("Only records whose %s is one of these values, comma-separated%s%s%s",
                                     spec->label ? spec->label : spec->name,
                                     g_strcmp0 (spec->reference, "user") == 0 ? "; me: oneself, team: oneself and one's teams' users" : "",
                                     g_strcmp0 (spec->reference, "team") == 0 ? "; mine: one's own team" : "",
                                     spec->flags & CRM_FIELD_REQUIRED ? "" : "; none: empty");
      add_parameter (builder, key, "query", FALSE, "string", description);
      tree |= rapportd_tree_class_of (spec) != NULL;
    }
  if (tree)
    add_parameter (builder, "subtree", "query", FALSE, "string",
                   "true: a filter on a record of a tree (a category) also matches the records below it");
}

static gboolean
is_collection (const RapportdOpenapiOperation *operation)
{
  return operation->klass != NULL && g_str_equal (operation->route.segments[0], "*") &&
         operation->route.segments[1] == NULL;
}

static gboolean
is_record (const RapportdOpenapiOperation *operation)
{
  return operation->klass != NULL && g_str_equal (operation->route.segments[0], "*") &&
         operation->route.segments[1] != NULL && g_str_equal (operation->route.segments[1], "*") &&
         operation->route.segments[2] == NULL;
}

static gboolean
has_body (const RapportdOpenapiOperation *operation)
{
  const char *method = operation->route.method;

  return g_str_equal (method, "POST") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH");
}

static void
add_parameters (JsonBuilder                    *builder,
                const RapportdOpenapiOperation *operation)
{
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_array (builder);
  add_path_parameters (builder, operation->path);
  if (is_collection (operation) && g_str_equal (operation->route.method, "GET"))
    add_list_parameters (builder, operation->klass);
  if (is_record (operation) && g_str_equal (operation->route.method, "DELETE"))
    add_parameter (builder, "version", "query", FALSE, "integer", "The version read; a stale one is 409");
  if (!operation->route.public && g_str_equal (operation->route.method, "POST"))
    add_ref (builder, NULL, "#/components/parameters/IdempotencyKey");
  if (!operation->route.public && operation->route.writes)
    add_ref (builder, NULL, "#/components/parameters/ChangeReason");
  json_builder_end_array (builder);
}

static const DescribedRoute *
described_route (const RapportdOpenapiOperation *operation)
{
  for (guint i = 0; i < G_N_ELEMENTS (described_routes); i++)
    if (g_str_equal (described_routes[i].method, operation->route.method) &&
        g_str_equal (described_routes[i].path, operation->path))
      return &described_routes[i];
  return NULL;
}

/* the schema its body and answer carry, when one is known */
static char *
record_schema (const RapportdOpenapiOperation *operation)
{
  g_autofree char *name = NULL;

  if (is_collection (operation) || is_record (operation))
    {
      name = rapportd_openapi_schema_name (operation->klass);
      return g_strdup_printf ("#/components/schemas/%s", name);
    }
  if (g_str_equal (operation->path, "/webhooks") || g_str_equal (operation->path, "/webhooks/{id}"))
    return g_strdup ("#/components/schemas/WebhookSubscription");
  return NULL;
}

static void
add_content (JsonBuilder *builder,
             const char  *media_type,
             const char  *ref)
{
  json_builder_set_member_name (builder, "content");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, media_type);
  json_builder_begin_object (builder);
  if (ref != NULL)
    add_ref (builder, "schema", ref);
  else
    {
      json_builder_set_member_name (builder, "schema");
      json_builder_begin_object (builder);
      set_string (builder, "type", g_str_equal (media_type, "application/json") ? "object" : "string");
      if (!g_str_equal (media_type, "application/json"))
        set_string (builder, "format", "binary");
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_request_body (JsonBuilder                    *builder,
                  const RapportdOpenapiOperation *operation,
                  const char                     *ref)
{
  json_builder_set_member_name (builder, "requestBody");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, ref != NULL || operation->route.large_body);
  if (operation->route.large_body)
    {
      set_string (builder, "description", "The file, as its bytes");
      add_content (builder, "application/octet-stream", NULL);
    }
  else
    add_content (builder, "application/json", ref);
  json_builder_end_object (builder);
}

/* a page of a list: GET /{collection} */
static void
add_list_answer (JsonBuilder *builder,
                 const char  *ref)
{
  json_builder_set_member_name (builder, "content");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "application/json");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_begin_object (builder);
  set_string (builder, "type", "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  set_string (builder, "type", "array");
  add_ref (builder, "items", ref);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_begin_object (builder);
  set_string (builder, "type", "string");
  json_builder_set_member_name (builder, "nullable");
  json_builder_add_boolean_value (builder, TRUE);
  set_string (builder, "description", "The cursor of the next page (the after parameter), null on the last");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_begin_object (builder);
  set_string (builder, "type", "integer");
  set_string (builder, "description", "With count: how many records match");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "total_exact");
  json_builder_begin_object (builder);
  set_string (builder, "type", "boolean");
  set_string (builder, "description", "With count: whether total is exact or estimated");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* which errors the route can answer, from what it is */
static gboolean
can_answer (const RapportdOpenapiOperation *operation,
            guint                           status)
{
  const RapportdRouteInfo *route = &operation->route;
  gboolean signs_in = g_str_equal (operation->path, "/session") && g_str_equal (route->method, "POST");
  gboolean keyed = g_str_equal (operation->path, "/intake/leads");

  switch (status)
    {
    case 400:
    case 503:
      return TRUE;
    case 401:
      return !route->public || signs_in || keyed;
    case 403:
      return !route->public || g_str_equal (operation->path, "/metrics");
    case 404:
      return strchr (operation->path, '{') != NULL;
    case 409:
      return route->writes;
    case 413:
      return route->large_body;
    case 422:
      return has_body (operation) || (is_collection (operation) && g_str_equal (route->method, "GET"));
    case 423:
      return route->writes || signs_in || strstr (operation->path, "/comments/{") != NULL;
    case 429:
      return signs_in || keyed;
    default:
      return FALSE;
    }
}

static const char *
answer_media_type (const RapportdOpenapiOperation *operation)
{
  if (g_str_equal (operation->route.method, "GET"))
    for (guint i = 0; i < G_N_ELEMENTS (media_answers); i++)
      if (g_str_has_suffix (operation->path, media_answers[i].ending))
        return media_answers[i].media_type;
  return "application/json";
}

static void
add_responses (JsonBuilder                    *builder,
               const RapportdOpenapiOperation *operation,
               const char                     *ref)
{
  g_autofree char *status = g_strdup_printf ("%u", operation->route.status);
  const char *method = operation->route.method;

  json_builder_set_member_name (builder, "responses");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, status);
  json_builder_begin_object (builder);
  set_string (builder, "description", operation->route.status == 201 ? "Created" : "Done");
  if (ref != NULL && is_collection (operation) && g_str_equal (method, "GET"))
    add_list_answer (builder, ref);
  else if (ref != NULL && (g_str_equal (method, "GET") || g_str_equal (method, "PATCH") ||
                           (g_str_equal (method, "POST") && operation->route.status == 201)))
    add_content (builder, "application/json", ref);
  else
    add_content (builder, answer_media_type (operation), NULL);
  json_builder_end_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (error_answers); i++)
    if (can_answer (operation, error_answers[i].status))
      {
        g_autofree char *code = g_strdup_printf ("%u", error_answers[i].status);
        g_autofree char *answer = g_strdup_printf ("#/components/responses/%s", error_answers[i].name);

        add_ref (builder, code, answer);
      }
  json_builder_end_object (builder);
}

static void
add_security (JsonBuilder                    *builder,
              const RapportdOpenapiOperation *operation)
{
  static const char * const user_schemes[] = { "session", "apiKey", NULL };
  static const char * const intake_schemes[] = { "intakeKey", NULL };
  const char * const *schemes = user_schemes;

  if (g_str_equal (operation->path, "/intake/leads"))
    schemes = intake_schemes;
  else if (operation->route.public)
    schemes = NULL;
  json_builder_set_member_name (builder, "security");
  json_builder_begin_array (builder);
  for (guint i = 0; schemes != NULL && schemes[i]; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, schemes[i]);
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_header_parameter (JsonBuilder *builder,
                      const char  *name,
                      const char  *description)
{
  add_parameter (builder, name, "header", TRUE, "string", description);
}

/* what rapportd POSTs to a subscription's url (see rapportd-webhook-sender.c) */
static void
add_webhook_callback (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "callbacks");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "{$request.body#/url}");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "post");
  json_builder_begin_object (builder);
  set_string (builder, "summary", "An event delivered to a subscription's address");
  set_string (builder, "operationId", "receiveWebhookEvent");
  set_string (builder, "description", "Retried after 10 s, 1 min, 5 min, 30 min, 2 h and 6 h until a 2xx answer; "
              "a receiver checks the signature over the raw body and refuses old timestamps.");
  /* no credentials of the receiver's: the signature proves the sender */
  json_builder_set_member_name (builder, "security");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_array (builder);
  add_header_parameter (builder, "X-Rapport-Event", "The event's type, as in the body");
  add_header_parameter (builder, "X-Rapport-Delivery", "The delivery's id, the same on retries and replays");
  add_header_parameter (builder, "X-Rapport-Timestamp", "When it was signed, in Unix seconds");
  add_header_parameter (builder, "X-Rapport-Signature",
                        "sha256=HEX: HMAC-SHA256 keyed with the subscription's secret over TIMESTAMP.BODY");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "requestBody");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, TRUE);
  add_content (builder, "application/json", "#/components/schemas/WebhookEvent");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "responses");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "2XX");
  json_builder_begin_object (builder);
  set_string (builder, "description", "Delivered");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "4XX");
  json_builder_begin_object (builder);
  set_string (builder, "description", "Not delivered, as any other answer or none: tried again later");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * rapportd_openapi_add_operation:
 * @builder: inside a path item
 * @operation: the operation
 *
 * Adds the operation as its lowercase method.
 */
void
rapportd_openapi_add_operation (JsonBuilder                    *builder,
                                const RapportdOpenapiOperation *operation)
{
  g_autofree char *method = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ref = NULL;
  const DescribedRoute *described;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (operation != NULL);

  method = g_ascii_strdown (operation->route.method, -1);
  summary = operation_summary (operation);
  id = operation_id (operation);
  ref = record_schema (operation);
  described = described_route (operation);
  json_builder_set_member_name (builder, method);
  json_builder_begin_object (builder);
  /* a route without one is told by test openapi and the linter */
  if (summary != NULL)
    set_string (builder, "summary", summary);
  set_string (builder, "operationId", id);
  add_security (builder, operation);
  add_parameters (builder, operation);
  if (has_body (operation) && described != NULL)
    add_request_body (builder, operation, described->request);
  else if (has_body (operation))
    add_request_body (builder, operation, g_str_equal (method, "put") ? NULL : ref);
  add_responses (builder, operation, described != NULL ? described->answer : ref);
  if (g_str_equal (operation->path, "/webhooks") && g_str_equal (method, "post"))
    add_webhook_callback (builder);
  json_builder_end_object (builder);
}

static void
add_bearer_scheme (JsonBuilder *builder,
                   const char  *name,
                   const char  *format,
                   const char  *description)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  set_string (builder, "type", "http");
  set_string (builder, "scheme", "bearer");
  set_string (builder, "bearerFormat", format);
  set_string (builder, "description", description);
  json_builder_end_object (builder);
}

static void
add_error_response (JsonBuilder       *builder,
                    const ErrorAnswer *answer)
{
  g_autoptr(GString) description = g_string_new (answer->description);
  const char *separator = ". code: ";

  /* the codes of crm-error.c's table that answer this status */
  for (guint code = 0; code < CRM_ERROR_N_CODES; code++)
    if (crm_error_code_to_http_status (code) == answer->status)
      {
        g_string_append_printf (description, "%s%s", separator, crm_error_code_to_api_code (code));
        separator = ", ";
      }
  json_builder_set_member_name (builder, answer->name);
  json_builder_begin_object (builder);
  set_string (builder, "description", description->str);
  add_content (builder, "application/json", "#/components/schemas/Error");
  json_builder_end_object (builder);
}

static void
add_header_component (JsonBuilder *builder,
                      const char  *component,
                      const char  *name,
                      const char  *description)
{
  json_builder_set_member_name (builder, component);
  add_parameter (builder, name, "header", FALSE, "string", description);
}

/**
 * rapportd_openapi_add_components:
 * @builder: inside the document's components
 *
 * The security schemes, the shared header parameters and the error answers.
 */
void
rapportd_openapi_add_components (JsonBuilder *builder)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "securitySchemes");
  json_builder_begin_object (builder);
  add_bearer_scheme (builder, "session", "session token",
                     "Authorization: Bearer TOKEN, the token POST /session answered");
  add_bearer_scheme (builder, "apiKey", "rk_…",
                     "Authorization: Bearer rk_…, a service account's API key (POST /service-accounts)");
  add_bearer_scheme (builder, "intakeKey", "intake key",
                     "Authorization: Bearer KEY, an intake key (POST /intake-keys) for web forms");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  add_header_component (builder, "IdempotencyKey", RAPPORTD_IDEMPOTENCY_HEADER,
                        "A retry with the same key gets the first answer and changes nothing again");
  add_header_component (builder, "ChangeReason", "X-Change-Reason",
                        "Why the change is made (up to 500 characters), kept in the audit trail");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "responses");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (error_answers); i++)
    add_error_response (builder, &error_answers[i]);
  json_builder_end_object (builder);
}
