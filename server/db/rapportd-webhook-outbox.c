/* rapportd-webhook-outbox.c: webhook deliveries: left by the transaction of each change, claimed, logged, replayed */
#include "rapportd-webhook-outbox.h"
#include "rapportd-webhooks.h"
#include "rapportd-audit.h"
#include "crm-error.h"
#include "crm-json-parse.h"

#include <glib/gi18n-lib.h>

/* a claimed delivery is another sender's again after this, should its
 * sender die: well past the receiver's timeout */
#define LEASE_SECONDS 60
#define TIME_FORMAT "'%Y-%m-%dT%H:%i:%s.%fZ'"

static const guint backoff[] = { 10, 60, 300, 1800, 7200, 21600 };

G_STATIC_ASSERT (G_N_ELEMENTS (backoff) + 1 == RAPPORTD_WEBHOOK_MAX_ATTEMPTS);

/**
 * rapportd_webhook_backoff_seconds:
 * @failed_attempts: how many attempts failed so far, at least 1
 *
 * Returns: how long after the last failure the next attempt is made
 */
guint
rapportd_webhook_backoff_seconds (guint failed_attempts)
{
  return backoff[CLAMP (failed_attempts, 1, G_N_ELEMENTS (backoff)) - 1];
}

void
rapportd_webhook_delivery_free (RapportdWebhookDelivery *delivery)
{
  g_free (delivery->type);
  g_free (delivery->body);
  g_free (delivery->url);
  g_free (delivery->secret);
  g_free (delivery);
}

static gint64
int_at (RapportdDbResult *result,
        guint             row,
        guint             col)
{
  const char *text = rapportd_db_result_get (result, row, col);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* @status: the status the record entered, told in "data" of its
 * ENTITY.STATUS type; NULL for the others */
static char *
delivery_body (gint64      event_id,
               const char *type,
               const char *created_at,
               const char *payload,
               const char *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  /* the event as rapportd wrote it in the same transaction */
  g_autoptr(JsonNode) data = crm_json_parse (payload, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  g_autoptr(JsonNode) root = NULL;

  if (status != NULL && data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    json_object_set_string_member (json_node_get_object (data), "status", status);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, event_id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, data ? g_steal_pointer (&data) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* whether any subscription is active: -1 not known (look), 0 none, 1 some.
 * With none, a change writes no delivery and need not look for one. */
static gint subscribed = -1;
/* when a subscription last changed (monotonic µs): the change is forgotten
 * inside its transaction, so a look before that commits still finds none;
 * "none" is not kept until FORGET_US have passed since */
static gint64 forgotten_at;
#define FORGET_US (10 * G_USEC_PER_SEC)
static GMutex forget_lock;

/**
 * rapportd_webhook_outbox_check_subscribed:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Looks whether any subscription is active, for every change of this
 * rapportd to come: the senders do it every second, so a subscription made
 * through another rapportd on the same database is served here within a
 * second, and at once through this one (rapportd_webhook_outbox_forget_subscribed()).
 */
gboolean
rapportd_webhook_outbox_check_subscribed (RapportdDb  *db,
                                          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active = 1)");
  g_autoptr(RapportdDbResult) result = NULL;

  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    {
      g_atomic_int_set (&subscribed, -1);
      return FALSE;
    }
  g_mutex_lock (&forget_lock);
  if (result->n_rows > 0 && int_at (result, 0, 0) > 0)
    g_atomic_int_set (&subscribed, 1);
  else if (forgotten_at == 0 || g_get_monotonic_time () - forgotten_at >= FORGET_US)
    g_atomic_int_set (&subscribed, 0);
  g_mutex_unlock (&forget_lock);
  return TRUE;
}

/**
 * rapportd_webhook_outbox_forget_subscribed:
 *
 * A subscription changes: every change looks for its subscriptions again
 * until the senders' next look finds one, or finds none once the change
 * has surely committed (it is forgotten inside its transaction: a look
 * meanwhile would see none, and keep it, and lose the next changes'
 * deliveries).
 */
void
rapportd_webhook_outbox_forget_subscribed (void)
{
  g_mutex_lock (&forget_lock);
  forgotten_at = g_get_monotonic_time ();
  g_atomic_int_set (&subscribed, -1);
  g_mutex_unlock (&forget_lock);
}

/* the deliveries of event @event_id (0: the one just written, whose id
 * is LAST_INSERT_ID()) of the change from @before to @after */
static gboolean
add_for_event (RapportdDb  *db,
               gint64       event_id,
               CrmEntity   *before,
               CrmEntity   *after,
               const char  *action,
               const char  *payload,
               GError     **error)
{
  CrmEntity *any = after != NULL ? after : before;
  const char *entity = crm_entity_get_entity_name (any);
  const char *status = rapportd_webhook_status_entered (before, after);
  g_autofree char *type = rapportd_webhook_type_for (entity, action);
  g_autofree char *status_type = status != NULL ? g_strconcat (entity, ".", status, NULL) : NULL;
  g_autoptr(RapportdSql) find = NULL;
  g_autoptr(RapportdSql) add = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  if (type == NULL && status_type == NULL)
    return TRUE;
  /* LAST_INSERT_ID() is a constant within this SELECT */
  find = rapportd_sql_new ("SELECT ev.id, DATE_FORMAT(ev.created_at, " TIME_FORMAT "), s.id, e.type FROM events ev "
                           "JOIN webhook_subscription_events e ON e.type IN (?, ?) "
                           "JOIN webhook_subscriptions s ON s.id = e.subscription_id AND s.active = 1 ");
  rapportd_sql_append (find, event_id > 0 ? "WHERE ev.id = ?" : "WHERE ev.id = LAST_INSERT_ID()");
  rapportd_sql_add_text (find, type != NULL ? type : status_type);
  rapportd_sql_add_text (find, status_type != NULL ? status_type : type);
  if (event_id > 0)
    rapportd_sql_add_int (find, event_id);
  if ((result = rapportd_db_query (db, find, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    return TRUE;
  add = rapportd_sql_new ("INSERT INTO webhook_deliveries (subscription_id, event_id, type, body, created_at, "
                          "next_attempt_at) VALUES ");
  for (guint r = 0; r < result->n_rows; r++)
    {
      const char *row_type = rapportd_db_result_get (result, r, 3);
      g_autofree char *body = delivery_body (int_at (result, r, 0), row_type, rapportd_db_result_get (result, r, 1),
                                             payload, g_strcmp0 (row_type, status_type) == 0 ? status : NULL);

      rapportd_sql_append (add, r > 0 ? ", (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
                                      : "(?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
      rapportd_sql_add_int (add, int_at (result, r, 2));
      rapportd_sql_add_int (add, int_at (result, r, 0));
      rapportd_sql_add_text (add, row_type);
      rapportd_sql_add_text (add, body);
    }
  return rapportd_db_execute (db, add, NULL, NULL, error);
}

/**
 * rapportd_webhook_outbox_add:
 * @db: a connection inside the transaction of the change, right after it
 *   wrote the change's event (rapportd_event_log_add())
 * @before: (nullable): the record before the change; %NULL for a new one
 * @after: (nullable): the record after it; %NULL for one that is gone
 * @action: the audited action, e.g. "create"
 * @payload: the event's payload, a JSON object
 * @error: return location for a #GError
 *
 * Leaves a delivery of the event for each active subscription to its
 * type, and, when the change moved the record into a status, for each one
 * to that status's type (ENTITY.STATUS, e.g. "order.confirmed"): the same
 * event, told as each type a subscription names. They commit with the
 * change, or are rolled back with it.
 */
gboolean
rapportd_webhook_outbox_add (RapportdDb  *db,
                             CrmEntity   *before,
                             CrmEntity   *after,
                             const char  *action,
                             const char  *payload,
                             GError     **error)
{
  g_return_val_if_fail (db != NULL && (before != NULL || after != NULL) && action != NULL, FALSE);

  /* with no subscription active, a change costs nothing more */
  if (g_atomic_int_get (&subscribed) == 0)
    return TRUE;
  return add_for_event (db, 0, before, after, action, payload, error);
}

/**
 * rapportd_webhook_outbox_add_created:
 * @db: a connection inside the transaction of the creates, right after
 *   rapportd_event_log_add_many() wrote their events in one statement
 * @stored: (element-type CrmEntity): the records created, of one kind
 * @payloads: (element-type utf8): each one's event payload
 * @error: return location for a #GError
 *
 * As rapportd_webhook_outbox_add() for the creation of each of @stored,
 * each delivery naming its own record's event.
 */
gboolean
rapportd_webhook_outbox_add_created (RapportdDb  *db,
                                     GPtrArray   *stored,
                                     GPtrArray   *payloads,
                                     GError     **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) events = NULL;

  g_return_val_if_fail (db != NULL && stored != NULL && payloads != NULL && stored->len == payloads->len, FALSE);

  if (g_atomic_int_get (&subscribed) == 0 || stored->len == 0)
    return TRUE;
  /* LAST_INSERT_ID() is the statement's first event (the first delivery
   * written changes it); ids the statement took need not be consecutive */
  sql = rapportd_sql_new ("SELECT id, record_id FROM events WHERE id >= LAST_INSERT_ID() AND kind = 'change' "
                          "AND entity = ? AND record_id IN (");
  rapportd_sql_add_text (sql, crm_entity_get_entity_name (stored->pdata[0]));
  for (guint i = 0; i < stored->len; i++)
    {
      rapportd_sql_append (sql, i > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, crm_entity_get_id (stored->pdata[i]));
    }
  rapportd_sql_append (sql, ") ORDER BY id");
  if ((events = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      gint64 event_id = 0;

      for (guint r = 0; r < events->n_rows && event_id == 0; r++)
        if (int_at (events, r, 1) == crm_entity_get_id (stored->pdata[i]))
          event_id = int_at (events, r, 0);
      if (event_id > 0 &&
          !add_for_event (db, event_id, NULL, stored->pdata[i], "create", payloads->pdata[i], error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_webhook_outbox_make_due:
 * @db: a connection inside a transaction
 * @now: the time the periodic jobs run as of
 * @n_due: (out) (optional): how many deliveries were brought forward
 * @error: return location for a #GError
 *
 * Deliveries waiting out their backoff until at most @now are due at
 * once: the job clock (`POST /jobs/run?now=`) moves the senders' time.
 */
gboolean
rapportd_webhook_outbox_make_due (RapportdDb  *db,
                                  gint64       now,
                                  guint       *n_due,
                                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE webhook_deliveries SET next_attempt_at = UTC_TIMESTAMP(6) "
                                                 "WHERE state = 'pending' AND next_attempt_at <= ? "
                                                 "AND next_attempt_at > UTC_TIMESTAMP(6)");
  g_autofree char *at = rapportd_sql_format_time (now);
  guint64 changed = 0;

  rapportd_sql_add_text (sql, at);
  if (!rapportd_db_execute (db, sql, &changed, NULL, error))
    return FALSE;
  if (n_due != NULL)
    *n_due = changed;
  return TRUE;
}

/**
 * rapportd_webhook_outbox_prune:
 * @db: a connection inside a transaction
 * @now: the time the periodic jobs run as of
 * @error: return location for a #GError
 *
 * Forgets deliveries delivered or failed more than
 * %RAPPORTD_WEBHOOK_KEEP_DAYS days before @now, with their log, a batch
 * at a time.
 */
gboolean
rapportd_webhook_outbox_prune (RapportdDb  *db,
                               gint64       now,
                               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM webhook_deliveries WHERE state IN ('delivered', 'failed') "
                                                 "AND created_at < ? - INTERVAL " G_STRINGIFY (RAPPORTD_WEBHOOK_KEEP_DAYS)
                                                 " DAY LIMIT 1000");
  g_autofree char *at = rapportd_sql_format_time (now);

  rapportd_sql_add_text (sql, at);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* the deliveries each subscription has on their way now, by any sender */
static GHashTable *
in_flight (RapportdDb  *db,
           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT subscription_id, COUNT(*) FROM webhook_deliveries "
                                                 "WHERE state = 'sending' AND next_attempt_at > UTC_TIMESTAMP(6) "
                                                 "GROUP BY subscription_id");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);
  GHashTable *counts;

  if (result == NULL)
    return NULL;
  counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 *key = g_new (gint64, 1);

      *key = int_at (result, r, 0);
      g_hash_table_insert (counts, key, GUINT_TO_POINTER ((guint) int_at (result, r, 1)));
    }
  return counts;
}

/* the addresses and secrets of the claimed deliveries' subscriptions;
 * those of one switched off meanwhile are paused, not sent */
static gboolean
fill_subscriptions (RapportdDb  *db,
                    GPtrArray   *claimed,
                    GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, url, secret, active FROM webhook_subscriptions WHERE id IN (");
  g_autoptr(RapportdDbResult) result = NULL;

  for (guint i = 0; i < claimed->len; i++)
    {
      rapportd_sql_append (sql, i > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, ((RapportdWebhookDelivery *) claimed->pdata[i])->subscription_id);
    }
  rapportd_sql_append (sql, ")");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < claimed->len; i++)
    {
      RapportdWebhookDelivery *delivery = claimed->pdata[i];

      for (guint r = 0; r < result->n_rows; r++)
        if (int_at (result, r, 0) == delivery->subscription_id && int_at (result, r, 3) == 1)
          {
            delivery->url = g_strdup (rapportd_db_result_get (result, r, 1));
            delivery->secret = g_strdup (rapportd_db_result_get (result, r, 2));
          }
    }
  return TRUE;
}

static gboolean
mark (RapportdDb  *db,
      GPtrArray   *claimed,
      gboolean     sending,
      GError     **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  guint n = 0;

  sql = rapportd_sql_new (sending ? "UPDATE webhook_deliveries SET state = 'sending', "
                                    "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL " G_STRINGIFY (LEASE_SECONDS) " SECOND "
                                    "WHERE id IN ("
                                  : "UPDATE webhook_deliveries SET state = 'paused' WHERE id IN (");
  for (guint i = 0; i < claimed->len; i++)
    {
      RapportdWebhookDelivery *delivery = claimed->pdata[i];

      if ((delivery->url != NULL) != sending)
        continue;
      rapportd_sql_append (sql, n++ > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, delivery->id);
    }
  rapportd_sql_append (sql, ")");
  return n == 0 || rapportd_db_execute (db, sql, NULL, NULL, error);
}

static GPtrArray *
claim_rows (RapportdDb  *db,
            guint        max,
            guint        per_subscription,
            GError     **error)
{
  g_autoptr(GHashTable) counts = in_flight (db, error);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) rapportd_webhook_delivery_free);

  if (counts == NULL)
    return NULL;
  /* rows another sender holds are skipped; rows over a subscription's
   * limit are let go at the commit */
  rapportd_sql_appendf (sql, "SELECT id, subscription_id, type, body, attempts FROM webhook_deliveries "
                        "WHERE state IN ('pending', 'sending') AND next_attempt_at <= UTC_TIMESTAMP(6) "
                        "ORDER BY next_attempt_at, id LIMIT %u FOR UPDATE SKIP LOCKED", max * 4);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows && claimed->len < max; r++)
    {
      RapportdWebhookDelivery *delivery;
      gint64 subscription_id = int_at (result, r, 1);
      guint busy = GPOINTER_TO_UINT (g_hash_table_lookup (counts, &subscription_id));
      gint64 *key;

      if (busy >= per_subscription)
        continue;
      key = g_new (gint64, 1);
      *key = subscription_id;
      g_hash_table_insert (counts, key, GUINT_TO_POINTER (busy + 1));
      delivery = g_new0 (RapportdWebhookDelivery, 1);
      delivery->id = int_at (result, r, 0);
      delivery->subscription_id = subscription_id;
      delivery->type = g_strdup (rapportd_db_result_get (result, r, 2));
      delivery->body = g_strdup (rapportd_db_result_get (result, r, 3));
      delivery->attempts = int_at (result, r, 4);
      g_ptr_array_add (claimed, delivery);
    }
  if (claimed->len > 0 &&
      (!fill_subscriptions (db, claimed, error) || !mark (db, claimed, TRUE, error) || !mark (db, claimed, FALSE, error)))
    return NULL;
  for (guint i = claimed->len; i > 0; i--)
    if (((RapportdWebhookDelivery *) claimed->pdata[i - 1])->url == NULL)
      g_ptr_array_remove_index (claimed, i - 1);
  return g_steal_pointer (&claimed);
}

/**
 * rapportd_webhook_outbox_claim:
 * @db: a connection outside any transaction, the sender's own
 * @max: at most this many
 * @per_subscription: at most this many on their way at once to one subscription
 * @error: return location for a #GError
 *
 * Claims the deliveries due now, in a transaction of its own: each is
 * marked sending for a lease, so no other rapportd sends it meanwhile.
 *
 * Returns: (transfer full) (element-type RapportdWebhookDelivery): the
 *   deliveries to send, with their subscription's url and secret
 */
GPtrArray *
rapportd_webhook_outbox_claim (RapportdDb  *db,
                               guint        max,
                               guint        per_subscription,
                               GError     **error)
{
  g_autoptr(GPtrArray) claimed = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  if (!rapportd_db_begin (db, error))
    return NULL;
  if ((claimed = claim_rows (db, max, per_subscription, error)) == NULL || !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return NULL;
    }
  return g_steal_pointer (&claimed);
}

/**
 * rapportd_webhook_outbox_record:
 * @db: a connection outside any transaction, the sender's own
 * @delivery: a delivery claimed and sent
 * @status: the receiver's HTTP status, or 0 when none came
 * @duration_ms: how long the attempt took
 * @failure: (nullable): why no answer came
 * @response: (nullable): the start of the answer's body
 * @error: return location for a #GError
 *
 * Logs the attempt: a 2xx delivers; anything else waits out its backoff,
 * or fails after the last attempt.
 */
gboolean
rapportd_webhook_outbox_record (RapportdDb               *db,
                                RapportdWebhookDelivery  *delivery,
                                guint                     status,
                                guint                     duration_ms,
                                const char               *failure,
                                const char               *response,
                                GError                  **error)
{
  g_autoptr(RapportdSql) log = rapportd_sql_new ("INSERT INTO webhook_attempts (delivery_id, attempted_at, status, "
                                                 "duration_ms, error, response) "
                                                 "VALUES (?, UTC_TIMESTAMP(6) - INTERVAL ? * 1000 MICROSECOND, ?, ?, ?, ?)");
  g_autoptr(RapportdSql) update = rapportd_sql_new (NULL);
  gboolean delivered = status >= 200 && status < 300;
  guint attempts = delivery->attempts + 1;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (delivery != NULL, FALSE);

  rapportd_sql_add_int (log, delivery->id);
  rapportd_sql_add_int (log, duration_ms);
  if (status > 0)
    rapportd_sql_add_int (log, status);
  else
    rapportd_sql_add_null (log);
  rapportd_sql_add_int (log, duration_ms);
  if (failure != NULL)
    rapportd_sql_add_text (log, failure);
  else
    rapportd_sql_add_null (log);
  if (response != NULL)
    rapportd_sql_add_text (log, response);
  else
    rapportd_sql_add_null (log);
  if (delivered)
    rapportd_sql_append (update, "UPDATE webhook_deliveries SET state = 'delivered', delivered_at = UTC_TIMESTAMP(6), ");
  else if (attempts >= RAPPORTD_WEBHOOK_MAX_ATTEMPTS)
    rapportd_sql_append (update, "UPDATE webhook_deliveries SET state = 'failed', ");
  else
    rapportd_sql_appendf (update, "UPDATE webhook_deliveries SET state = 'pending', "
                          "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL %u SECOND, ",
                          rapportd_webhook_backoff_seconds (attempts));
  /* a replay asked for meanwhile keeps its turn */
  rapportd_sql_append (update, "attempts = attempts + 1, last_status = ? WHERE id = ? AND state = 'sending'");
  if (status > 0)
    rapportd_sql_add_int (update, status);
  else
    rapportd_sql_add_null (update);
  rapportd_sql_add_int (update, delivery->id);
  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!rapportd_db_execute (db, log, NULL, NULL, error) || !rapportd_db_execute (db, update, NULL, NULL, error) ||
      !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
delivery_object (RapportdDbResult *result,
                 guint             r)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", int_at (result, r, 0));
  json_object_set_int_member (object, "webhook_id", int_at (result, r, 1));
  json_object_set_int_member (object, "event_id", int_at (result, r, 2));
  json_object_set_string_member (object, "type", rapportd_db_result_get (result, r, 3));
  json_object_set_string_member (object, "state", rapportd_db_result_get (result, r, 4));
  json_object_set_int_member (object, "attempts", int_at (result, r, 5));
  json_object_set_string_member (object, "created_at", rapportd_db_result_get (result, r, 6));
  json_object_set_string_member (object, "next_attempt_at", rapportd_db_result_get (result, r, 7));
  if (rapportd_db_result_get (result, r, 8) != NULL)
    json_object_set_int_member (object, "last_status", int_at (result, r, 8));
  else
    json_object_set_null_member (object, "last_status");
  json_object_set_array_member (object, "log", json_array_new ());
  return object;
}

#define DELIVERY_COLUMNS "d.id, d.subscription_id, d.event_id, d.type, d.state, d.attempts, " \
                         "DATE_FORMAT(d.created_at, " TIME_FORMAT "), DATE_FORMAT(d.next_attempt_at, " TIME_FORMAT "), " \
                         "d.last_status"

/* each delivery's attempts, oldest first, into its "log" */
static gboolean
add_attempts (RapportdDb  *db,
              JsonArray   *items,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT delivery_id, DATE_FORMAT(attempted_at, " TIME_FORMAT "), "
                                                 "status, duration_ms, error, response FROM webhook_attempts "
                                                 "WHERE delivery_id IN (");
  g_autoptr(RapportdDbResult) result = NULL;
  guint n = json_array_get_length (items);

  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      rapportd_sql_append (sql, i > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, json_object_get_int_member (json_array_get_object_element (items, i), "id"));
    }
  rapportd_sql_append (sql, ") ORDER BY id");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    for (guint i = 0; i < n; i++)
      {
        JsonObject *delivery = json_array_get_object_element (items, i);
        JsonObject *attempt;

        if (json_object_get_int_member (delivery, "id") != int_at (result, r, 0))
          continue;
        attempt = json_object_new ();
        json_object_set_string_member (attempt, "at", rapportd_db_result_get (result, r, 1));
        if (rapportd_db_result_get (result, r, 2) != NULL)
          json_object_set_int_member (attempt, "status", int_at (result, r, 2));
        else
          json_object_set_null_member (attempt, "status");
        json_object_set_int_member (attempt, "duration_ms", int_at (result, r, 3));
        json_object_set_string_member (attempt, "error", rapportd_db_result_get (result, r, 4));
        json_object_set_string_member (attempt, "response", rapportd_db_result_get (result, r, 5));
        json_array_add_object_element (json_object_get_array_member (delivery, "log"), attempt);
      }
  return TRUE;
}

/**
 * rapportd_webhook_outbox_list:
 * @db: a connection
 * @subscription_id: the subscription
 * @before_id: only deliveries older than this one, or 0
 * @limit: at most this many
 * @error: return location for a #GError; %CRM_ERROR_NOT_FOUND for no such
 *   subscription
 *
 * Returns: (transfer full): {"items":[delivery with its "log" of attempts…]},
 *   newest first
 */
JsonNode *
rapportd_webhook_outbox_list (RapportdDb  *db,
                              gint64       subscription_id,
                              gint64       before_id,
                              guint        limit,
                              GError     **error)
{
  g_autoptr(RapportdSql) exists = rapportd_sql_new ("SELECT id FROM webhook_subscriptions WHERE id = ?");
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " DELIVERY_COLUMNS " FROM webhook_deliveries d "
                                                 "WHERE d.subscription_id = ? AND (d.id < ? OR ? = 0) "
                                                 "ORDER BY d.id DESC LIMIT ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  g_return_val_if_fail (db != NULL, NULL);

  json_object_set_array_member (answer, "items", items);
  rapportd_sql_add_int (exists, subscription_id);
  if ((result = rapportd_db_query (db, exists, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such webhook"));
      return NULL;
    }
  g_clear_pointer (&result, rapportd_db_result_free);
  rapportd_sql_add_int (sql, subscription_id);
  rapportd_sql_add_int (sql, before_id);
  rapportd_sql_add_int (sql, before_id);
  rapportd_sql_add_int (sql, limit);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    json_array_add_object_element (items, delivery_object (result, r));
  if (!add_attempts (db, items, error))
    return NULL;
  return json_node_init_object (json_node_alloc (), answer);
}

/**
 * rapportd_webhook_outbox_replay:
 * @db: a connection inside the request's transaction
 * @actor: the administrator
 * @id: a delivery, in any state
 * @error: return location for a #GError
 *
 * Makes the delivery due now, for one more attempt (audited).
 *
 * Returns: (transfer full): the delivery as it is now
 */
JsonNode *
rapportd_webhook_outbox_replay (RapportdDb           *db,
                                const RapportdActor  *actor,
                                gint64                id,
                                GError              **error)
{
  g_autoptr(RapportdSql) update = rapportd_sql_new ("UPDATE webhook_deliveries SET state = 'pending', "
                                                    "next_attempt_at = UTC_TIMESTAMP(6) WHERE id = ?");
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " DELIVERY_COLUMNS " FROM webhook_deliveries d WHERE d.id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) delivery = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *after = NULL;
  guint64 changed = 0;

  g_return_val_if_fail (actor != NULL, NULL);

  rapportd_sql_add_int (update, id);
  rapportd_sql_add_int (sql, id);
  if (!rapportd_db_execute (db, update, &changed, NULL, error) || (result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such webhook delivery"));
      return NULL;
    }
  delivery = delivery_object (result, 0);
  node = json_node_init_object (json_node_alloc (), delivery);
  after = json_to_string (node, FALSE);
  if (!rapportd_audit_append (db, actor->user_id, "webhook_delivery", id, "replay", actor->reason, NULL, after, error))
    return NULL;
  return g_steal_pointer (&node);
}
