/* rapportd-webhooks.c: webhook subscriptions: the addresses administrators have told of event types */
#include "rapportd-webhooks.h"
#include "rapportd-webhook-outbox.h"
#include "rapportd-audit.h"
#include "rapportd-auth.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SECRET_BYTES 32
#define MIN_SECRET 16
#define MAX_SECRET 200
#define MAX_URL 2000

/* what the audit trail calls a change ("create") and what a receiver is
 * told happened ("account.created"): the changes rapportd writes to its
 * event log as "change" events */
static const struct
{
  const char *action;
  const char *past;
  /* the one entity it happens to, or NULL for every entity */
  const char *entity;
} happenings[] = {
  { "create",     "created",     NULL },
  { "update",     "updated",     NULL },
  { "archive",    "archived",    NULL },
  { "restore",    "restored",    NULL },
  { "deactivate", "deactivated", "user" },
};

/**
 * rapportd_webhook_type_for:
 * @entity: the record's entity, e.g. "account"
 * @action: the audited action, e.g. "create"
 *
 * Returns: (transfer full) (nullable): the event type a subscription
 *   names, e.g. "account.created"; %NULL for a change no one may subscribe to
 */
char *
rapportd_webhook_type_for (const char *entity,
                           const char *action)
{
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (happenings); i++)
    if (g_str_equal (happenings[i].action, action) &&
        (happenings[i].entity == NULL || g_str_equal (happenings[i].entity, entity)))
      return g_strconcat (entity, ".", happenings[i].past, NULL);
  return NULL;
}

/* the record's "status", where its entity has one: an enum of the
 * metamodel whose every value is also an event type ("order.confirmed") */
static const CrmFieldSpec *
status_spec (CrmEntityClass *klass)
{
  int index = klass != NULL ? crm_entity_class_find_field (klass, "status") : -1;

  if (index < 0 || klass->fields[index].type != CRM_FIELD_ENUM || klass->fields[index].enum_values == NULL)
    return NULL;
  return &klass->fields[index];
}

/**
 * rapportd_webhook_status_entered:
 * @before: (nullable): the record before the change; %NULL for a new one
 * @after: (nullable): the record after it
 *
 * Returns: (nullable): the status @after is in when the change moved it
 *   there (a new record enters the status it starts in), or %NULL: no
 *   status, or the same as before. Its event type is ENTITY.STATUS.
 */
const char *
rapportd_webhook_status_entered (CrmEntity *before,
                                 CrmEntity *after)
{
  const CrmFieldSpec *status;
  const char *now;

  if (after == NULL || (status = status_spec (CRM_ENTITY_GET_CLASS (after))) == NULL)
    return NULL;
  now = crm_entity_get_text (after, status->name);
  if (now == NULL || !crm_field_spec_has_enum (status, now))
    return NULL;
  if (before != NULL && g_strcmp0 (crm_entity_get_text (before, status->name), now) == 0)
    return NULL;
  return now;
}

/**
 * rapportd_webhook_type_exists:
 * @type: e.g. "account.created"
 *
 * Returns: whether rapportd writes events of @type: an entity of the
 *   metamodel and something that happens to it, or a value of its "status"
 *   its records enter
 */
gboolean
rapportd_webhook_type_exists (const char *type)
{
  const char *dot;
  g_autofree char *entity = NULL;
  const CrmFieldSpec *status;
  GType entity_type;

  g_return_val_if_fail (type != NULL, FALSE);

  if ((dot = strrchr (type, '.')) == NULL)
    return FALSE;
  entity = g_strndup (type, dot - type);
  if ((entity_type = crm_entities_lookup_name (entity)) == G_TYPE_INVALID)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (happenings); i++)
    if (g_str_equal (happenings[i].past, dot + 1) &&
        (happenings[i].entity == NULL || g_str_equal (happenings[i].entity, entity)))
      return TRUE;
  status = status_spec (g_type_class_peek (entity_type));
  return status != NULL && crm_field_spec_has_enum (status, dot + 1);
}

/**
 * rapportd_webhook_types:
 *
 * Returns: (transfer full): every event type a subscription may name
 */
GStrv
rapportd_webhook_types (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      const char *entity = ((CrmEntityClass *) g_type_class_peek (types[t]))->entity_name;

      const CrmFieldSpec *status = status_spec (g_type_class_peek (types[t]));

      for (guint i = 0; i < G_N_ELEMENTS (happenings); i++)
        if (happenings[i].entity == NULL || g_str_equal (happenings[i].entity, entity))
          {
            g_autofree char *type = g_strconcat (entity, ".", happenings[i].past, NULL);

            g_strv_builder_add (builder, type);
          }
      for (guint v = 0; status != NULL && status->enum_values[v] != NULL; v++)
        {
          g_autofree char *type = g_strconcat (entity, ".", status->enum_values[v], NULL);

          g_strv_builder_add (builder, type);
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
check_url (JsonNode  *node,
           GError   **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *text = holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;

  if (text != NULL && strlen (text) <= MAX_URL)
    uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "url", _("A webhook’s url must be an http or https address"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_events (JsonNode  *node,
              GError   **error)
{
  JsonArray *events = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = events ? json_array_get_length (events) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (events, i);

      if (!holds (element, G_TYPE_STRING) || !rapportd_webhook_type_exists (json_node_get_string (element)))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "events",
                                     _("“%s” is not an event type, such as account.created"),
                                     holds (element, G_TYPE_STRING) ? json_node_get_string (element) : "?");
          return FALSE;
        }
    }
  if (n == 0 || n > 200)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "events", _("A webhook needs a list of event types"));
      return FALSE;
    }
  return TRUE;
}

/* the members a subscription is made or changed with; @creating asks for
 * url and events */
static gboolean
check_body (JsonObject  *body,
            gboolean     creating,
            GError     **error)
{
  static const char * const known[] = { "url", "events", "secret", "active", "version", NULL };
  g_autoptr(GList) members = json_object_get_members (body);
  JsonNode *node;

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, l->data, _("A webhook has no “%s”"), (char *) l->data);
        return FALSE;
      }
  if ((creating || json_object_has_member (body, "url")) && !check_url (json_object_get_member (body, "url"), error))
    return FALSE;
  if ((creating || json_object_has_member (body, "events")) &&
      !check_events (json_object_get_member (body, "events"), error))
    return FALSE;
  node = json_object_get_member (body, "secret");
  if (node != NULL && (!holds (node, G_TYPE_STRING) || strlen (json_node_get_string (node)) < MIN_SECRET ||
                       strlen (json_node_get_string (node)) > MAX_SECRET))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "secret",
                                 _("A webhook’s secret must have from 16 to 200 characters"));
      return FALSE;
    }
  node = json_object_get_member (body, "active");
  if (node != NULL && !holds (node, G_TYPE_BOOLEAN))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "active", _("active must be true or false"));
      return FALSE;
    }
  node = json_object_get_member (body, "version");
  if (!creating && !holds (node, G_TYPE_INT64))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "version", _("A change needs the version it was made on"));
      return FALSE;
    }
  return TRUE;
}

/* the subscription as listed: never its secret */
static JsonObject *
read_subscription (RapportdDb  *db,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT s.id, s.url, s.active, s.version, "
                                                 "DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%sZ'), "
                                                 "DATE_FORMAT(s.updated_at, '%Y-%m-%dT%H:%i:%sZ'), e.type "
                                                 "FROM webhook_subscriptions s "
                                                 "LEFT JOIN webhook_subscription_events e ON e.subscription_id = s.id "
                                                 "WHERE s.id = ? OR ? = 0 ORDER BY s.id, e.type");
  g_autoptr(RapportdDbResult) result = NULL;
  JsonObject *list = json_object_new ();
  JsonObject *current = NULL;
  JsonArray *events = NULL;

  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    {
      json_object_unref (list);
      return NULL;
    }
  /* keyed by id, for the list; one member when @id is given */
  for (guint r = 0; r < result->n_rows; r++)
    {
      const char *row_id = rapportd_db_result_get (result, r, 0);

      if (!json_object_has_member (list, row_id))
        {
          current = json_object_new ();
          events = json_array_new ();
          json_object_set_int_member (current, "id", g_ascii_strtoll (row_id, NULL, 10));
          json_object_set_string_member (current, "url", rapportd_db_result_get (result, r, 1));
          json_object_set_array_member (current, "events", events);
          json_object_set_boolean_member (current, "active", g_strcmp0 (rapportd_db_result_get (result, r, 2), "1") == 0);
          json_object_set_int_member (current, "version", g_ascii_strtoll (rapportd_db_result_get (result, r, 3), NULL, 10));
          json_object_set_string_member (current, "created_at", rapportd_db_result_get (result, r, 4));
          json_object_set_string_member (current, "updated_at", rapportd_db_result_get (result, r, 5));
          json_object_set_object_member (list, row_id, current);
        }
      if (rapportd_db_result_get (result, r, 6) != NULL)
        json_array_add_string_element (events, rapportd_db_result_get (result, r, 6));
    }
  return list;
}

static JsonObject *
read_one (RapportdDb  *db,
          gint64       id,
          GError     **error)
{
  g_autoptr(JsonObject) list = read_subscription (db, id, error);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (list == NULL)
    return NULL;
  if (!json_object_has_member (list, key))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such webhook"));
      return NULL;
    }
  return json_object_ref (json_object_get_object_member (list, key));
}

/**
 * rapportd_webhooks_list:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[subscription…]}, oldest first, no secrets
 */
JsonNode *
rapportd_webhooks_list (RapportdDb  *db,
                        GError     **error)
{
  g_autoptr(JsonObject) list = read_subscription (db, 0, error);
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(GList) values = NULL;
  JsonArray *items = json_array_new ();

  json_object_set_array_member (answer, "items", items);
  if (list == NULL)
    return NULL;
  values = json_object_get_values (list);
  for (GList *l = values; l; l = l->next)
    json_array_add_element (items, json_node_copy (l->data));
  return json_node_init_object (json_node_alloc (), answer);
}

static gboolean
audit (RapportdDb           *db,
       const RapportdActor  *actor,
       const char           *action,
       gint64                id,
       JsonObject           *before,
       JsonObject           *after,
       GError              **error)
{
  g_autoptr(JsonNode) before_node = before ? json_node_init_object (json_node_alloc (), before) : NULL;
  g_autoptr(JsonNode) after_node = after ? json_node_init_object (json_node_alloc (), after) : NULL;
  g_autofree char *before_json = before_node ? json_to_string (before_node, FALSE) : NULL;
  g_autofree char *after_json = after_node ? json_to_string (after_node, FALSE) : NULL;

  return rapportd_audit_append (db, actor->user_id, "webhook", id, action, actor->reason,
                                before_json, after_json, error);
}

/* deliveries held while the subscription was off are due again */
static gboolean
resume (RapportdDb  *db,
        gint64       id,
        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE webhook_deliveries SET state = 'pending', "
                                                 "next_attempt_at = UTC_TIMESTAMP(6) "
                                                 "WHERE subscription_id = ? AND state = 'paused'");

  rapportd_sql_add_int (sql, id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

static gboolean
set_events (RapportdDb  *db,
            gint64       id,
            JsonArray   *events,
            GError     **error)
{
  g_autoptr(RapportdSql) clear = rapportd_sql_new ("DELETE FROM webhook_subscription_events WHERE subscription_id = ?");

  rapportd_sql_add_int (clear, id);
  if (!rapportd_db_execute (db, clear, NULL, NULL, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_autoptr(RapportdSql) add = rapportd_sql_new ("INSERT IGNORE INTO webhook_subscription_events (subscription_id, type) "
                                                     "VALUES (?, ?)");

      rapportd_sql_add_int (add, id);
      rapportd_sql_add_text (add, json_array_get_string_element (events, i));
      if (!rapportd_db_execute (db, add, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_webhook_create:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @body: {"url","events",["secret"],["active"]}
 * @error: return location for a #GError naming the field
 *
 * Returns: (transfer full): the subscription, with its secret as "secret"
 *   the only time it is shown
 */
JsonNode *
rapportd_webhook_create (RapportdDb           *db,
                         const RapportdActor  *actor,
                         JsonObject           *body,
                         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO webhook_subscriptions (url, secret, active, created_by, "
                                                 "created_at, updated_at) "
                                                 "VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
  g_autofree char *secret = NULL;
  g_autoptr(JsonObject) stored = NULL;
  guint64 id = 0;

  /* every change looks for the subscriptions again until the senders know */
  rapportd_webhook_outbox_forget_subscribed ();
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!check_body (body, TRUE, error))
    return NULL;
  secret = json_object_has_member (body, "secret") ? g_strdup (json_object_get_string_member (body, "secret"))
                                                   : rapportd_auth_random_secret (SECRET_BYTES);
  rapportd_sql_add_text (sql, json_object_get_string_member (body, "url"));
  rapportd_sql_add_text (sql, secret);
  rapportd_sql_add_int (sql, json_object_get_boolean_member_with_default (body, "active", TRUE));
  rapportd_sql_add_int (sql, actor->user_id);
  if (!rapportd_db_execute (db, sql, NULL, &id, error) ||
      !set_events (db, id, json_object_get_array_member (body, "events"), error) ||
      (stored = read_one (db, id, error)) == NULL ||
      !audit (db, actor, "create", id, NULL, stored, error))
    return NULL;
  json_object_set_string_member (stored, "secret", secret);
  return json_node_init_object (json_node_alloc (), stored);
}

/**
 * rapportd_webhook_update:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the subscription
 * @body: its "version" and any of "url", "events", "secret", "active"
 * @error: return location for a #GError naming the field; a stale version
 *   is %CRM_ERROR_CONFLICT
 *
 * Returns: (transfer full): the subscription as it is now, no secret
 */
JsonNode *
rapportd_webhook_update (RapportdDb           *db,
                         const RapportdActor  *actor,
                         gint64                id,
                         JsonObject           *body,
                         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE webhook_subscriptions SET version = version + 1, "
                                                 "updated_at = UTC_TIMESTAMP(6)");
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  guint64 changed = 0;

  /* every change looks for the subscriptions again until the senders know */
  rapportd_webhook_outbox_forget_subscribed ();
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!check_body (body, FALSE, error) || (before = read_one (db, id, error)) == NULL)
    return NULL;
  if (json_object_has_member (body, "url"))
    {
      rapportd_sql_append (sql, ", url = ?");
      rapportd_sql_add_text (sql, json_object_get_string_member (body, "url"));
    }
  if (json_object_has_member (body, "secret"))
    {
      rapportd_sql_append (sql, ", secret = ?");
      rapportd_sql_add_text (sql, json_object_get_string_member (body, "secret"));
    }
  if (json_object_has_member (body, "active"))
    {
      rapportd_sql_append (sql, ", active = ?");
      rapportd_sql_add_int (sql, json_object_get_boolean_member (body, "active"));
    }
  rapportd_sql_append (sql, " WHERE id = ? AND version = ?");
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, json_object_get_int_member (body, "version"));
  if (!rapportd_db_execute (db, sql, &changed, NULL, error))
    return NULL;
  if (changed == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version", _("The webhook was changed meanwhile"));
      return NULL;
    }
  if ((json_object_has_member (body, "events") &&
       !set_events (db, id, json_object_get_array_member (body, "events"), error)) ||
      (json_object_get_boolean_member_with_default (body, "active", FALSE) && !resume (db, id, error)) ||
      (after = read_one (db, id, error)) == NULL ||
      !audit (db, actor, json_object_has_member (body, "secret") ? "update_secret" : "update", id, before, after, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), after);
}

/**
 * rapportd_webhook_delete:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: the subscription; its deliveries and their log go with it
 * @error: return location for a #GError
 *
 * Returns: whether it was deleted
 */
gboolean
rapportd_webhook_delete (RapportdDb           *db,
                         const RapportdActor  *actor,
                         gint64                id,
                         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM webhook_subscriptions WHERE id = ?");
  g_autoptr(JsonObject) before = NULL;

  /* every change looks for the subscriptions again until the senders know */
  rapportd_webhook_outbox_forget_subscribed ();
  g_return_val_if_fail (actor != NULL, FALSE);

  rapportd_sql_add_int (sql, id);
  return (before = read_one (db, id, error)) != NULL &&
         rapportd_db_execute (db, sql, NULL, NULL, error) &&
         audit (db, actor, "delete", id, before, NULL, error);
}
