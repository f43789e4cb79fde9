/* rapportd-api-pool.c: claiming a record from its pool, releasing it back, a rep's limits and holdings */
#include "rapportd-api.h"
#include "rapportd-jobs-pool.h"
#include "rapportd-pool-moves.h"
#include "rapportd-pool-view.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-pool.h"

#include <glib/gi18n-lib.h>

#define DAY (24 * G_TIME_SPAN_HOUR)

/* the kind of record named by the path's collection, if it lies in pools */
static CrmEntityClass *
pool_class (RapportdRequest  *request,
            GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;

  if (klass == NULL || !crm_pool_class_has_pool (klass))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("Records of %s do not lie in pools"), request->segments[0]);
      return NULL;
    }
  return klass;
}

static gint64
cell_int (RapportdDbResult *result,
          guint             col)
{
  const char *cell = rapportd_db_result_get (result, 0, col);

  return cell ? g_ascii_strtoll (cell, NULL, 10) : 0;
}

/* a pool's limits; -1 for a limit not set */
typedef struct
{
  gint64 claims_per_day;
  gint64 max_holdings;
  gint64 cooldown_days;
} PoolLimits;

/* the pool, if @actor is one of its members (404 otherwise) */
static gboolean
member_pool (RapportdDb           *db,
             const RapportdActor  *actor,
             gint64                pool_id,
             PoolLimits           *limits,
             GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COALESCE(claims_per_day, -1), COALESCE(max_holdings, -1), "
                                                 "COALESCE(cooldown_days, 0) FROM pools WHERE id = ? AND id IN ");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, pool_id);
  rapportd_pool_view_append_member_pools (sql, actor);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No pool with id %lld"), (long long) pool_id);
      return FALSE;
    }
  limits->claims_per_day = cell_int (result, 0);
  limits->max_holdings = cell_int (result, 1);
  limits->cooldown_days = cell_int (result, 2);
  return TRUE;
}

/* the start of the server's local day */
static gint64
start_of_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/* the record as locked for a claim */
typedef struct
{
  gint64   version;
  gint64   owner_id;
  gint64   pool_id;
  gboolean in_member_pool;
  gboolean from_member_pool;
} Claimable;

static gboolean
lock_record (RapportdDb           *db,
             const RapportdActor  *actor,
             CrmEntityClass       *klass,
             gint64                id,
             Claimable            *record,
             GError              **error)
{
  int owner = crm_entity_class_find_owner (klass);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT version, `%s`, pool_id, pool_id IN ",
                        crm_field_spec_get_column (&klass->fields[owner]));
  rapportd_pool_view_append_member_pools (sql, actor);
  rapportd_sql_append (sql, ", from_pool_id IN ");
  rapportd_pool_view_append_member_pools (sql, actor);
  rapportd_sql_appendf (sql, " FROM `%s` WHERE id = ? AND archived = 0 FOR UPDATE", klass->collection);
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No %s with id %lld"), klass->entity_name, (long long) id);
      return FALSE;
    }
  record->version = cell_int (result, 0);
  record->owner_id = cell_int (result, 1);
  record->pool_id = cell_int (result, 2);
  record->in_member_pool = cell_int (result, 3) == 1;
  record->from_member_pool = cell_int (result, 4) == 1;
  return TRUE;
}

/* the claims from one pool wait for each other, so that one rep's claims
 * at the same instant are counted against the day's and the holdings'
 * limits one after the other (the record is locked first, then the pool:
 * the reclaim job locks only records) */
static gboolean
lock_pool (RapportdDb  *db,
           gint64       pool_id,
           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM pools WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, pool_id);
  result = rapportd_db_query (db, sql, error);
  return result != NULL;
}

/* a claim still allowed: the pool's cool-down, claims per day and holdings */
static gboolean
check_limits (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntityClass       *klass,
              gint64                id,
              gint64                pool_id,
              const PoolLimits     *limits,
              gint64                now,
              GError              **error)
{
  g_autofree char *noun = crm_entity_class_dup_noun (klass);
  gint64 left_at, n;

  if (limits->cooldown_days > 0)
    {
      if ((left_at = rapportd_pool_moves_last_left (db, klass->entity_name, id, actor->user_id, error)) < 0)
        return FALSE;
      if (left_at > 0 && now < left_at + limits->cooldown_days * DAY)
        {
          g_autofree char *until = crm_json_format_timestamp (left_at + limits->cooldown_days * DAY);

          crm_error_set_field_error (error, CRM_ERROR_OUT_OF_RANGE, "cooldown_days",
                                     _("This %s left you less than %lld days ago (the pool’s cool-down); you may claim it again from %s"),
                                     noun, (long long) limits->cooldown_days, until);
          return FALSE;
        }
    }
  if (limits->claims_per_day >= 0)
    {
      if ((n = rapportd_pool_moves_count_claims (db, pool_id, actor->user_id, start_of_today (), error)) < 0)
        return FALSE;
      if (n >= limits->claims_per_day)
        {
          crm_error_set_field_error (error, CRM_ERROR_OUT_OF_RANGE, "claims_per_day",
                                     g_dngettext (GETTEXT_PACKAGE, "This pool allows %lld claim a day, and you have made it today",
                                                  "This pool allows %lld claims a day, and you have made them all today",
                                                  limits->claims_per_day),
                                     (long long) limits->claims_per_day);
          return FALSE;
        }
    }
  if (limits->max_holdings >= 0)
    {
      if ((n = rapportd_pool_moves_count_held (db, klass, pool_id, actor->user_id, error)) < 0)
        return FALSE;
      if (n >= limits->max_holdings)
        {
          crm_error_set_field_error (error, CRM_ERROR_OUT_OF_RANGE, "max_holdings",
                                     _("You hold %lld open records from this pool, the most it allows; release or convert one first"),
                                     (long long) n);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
answer_record (RapportdRequest  *request,
               RapportdDb       *db,
               CrmEntityClass   *klass,
               gint64            id,
               GError          **error)
{
  g_autoptr(CrmEntity) record = rapportd_repo_get_named (db, &request->actor, G_TYPE_FROM_CLASS (klass), id, error);

  if (record == NULL)
    return FALSE;
  rapportd_request_take_body (request, 200, crm_json_entity_to_string (record));
  return TRUE;
}

/* POST /{leads|accounts}/:id/claim: in the request's one transaction, the
 * record locked, still in a pool the rep is a member of, within the pool's
 * limits, becomes the rep's */
RAPPORTD_HANDLER (rapportd_api_pool_claim)
{
  CrmEntityClass *klass;
  g_autofree char *noun = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  Claimable record;
  PoolLimits limits;
  gint64 id;
  gint64 now = g_get_real_time ();

  if ((klass = pool_class (request, error)) == NULL ||
      !rapportd_request_segment_id (request, 1, &id, error) ||
      !lock_record (db, &request->actor, klass, id, &record, error))
    return FALSE;
  noun = crm_entity_class_dup_noun (klass);
  if (record.owner_id == request->actor.user_id)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("You hold this %s already"), noun);
      return FALSE;
    }
  if (record.owner_id != 0 || record.pool_id == 0)
    {
      if (record.from_member_pool)
        g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                     _("This %s is no longer in the pool: someone claimed it first"), noun);
      else
        g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No %s with id %lld"), klass->entity_name, (long long) id);
      return FALSE;
    }
  if (!record.in_member_pool)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No %s with id %lld"), klass->entity_name, (long long) id);
      return FALSE;
    }
  if (!member_pool (db, &request->actor, record.pool_id, &limits, error) ||
      !lock_pool (db, record.pool_id, error) ||
      !check_limits (db, &request->actor, klass, id, record.pool_id, &limits, now, error))
    return FALSE;
  stored = rapportd_pool_moves_take (db, &request->actor, klass->entity_name, id, record.version, record.pool_id,
                                     request->actor.user_id, "claim", now, request->actor.reason, error);
  if (stored == NULL)
    return FALSE;
  return answer_record (request, db, klass, id, error);
}

static gboolean
parse_release (RapportdRequest  *request,
               char            **reason,
               gint64           *pool_id,
               GError          **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *stripped = NULL;
  const char *text = NULL;

  *pool_id = 0;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0)
    {
      if ((body = rapportd_request_body_object (request, error)) == NULL)
        return FALSE;
      text = json_object_get_string_member_with_default (body, "reason", NULL);
    }
  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (stripped[0] == '\0' || g_utf8_strlen (stripped, -1) > 500)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "reason",
                                 _("Say why the record goes back to the pool, in at most 500 characters"));
      return FALSE;
    }
  if (body != NULL && json_object_has_member (body, "pool_id"))
    {
      JsonNode *node = json_object_get_member (body, "pool_id");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) <= 0)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pool_id", _("pool_id must be a pool’s id"));
          return FALSE;
        }
      *pool_id = json_node_get_int (node);
    }
  *reason = g_steal_pointer (&stripped);
  return TRUE;
}

/* the pool a released record goes to: the one it came from, else the one named */
static gint64
release_pool (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntityClass       *klass,
              gint64                id,
              gint64                named,
              GError              **error)
{
  g_autofree char *statement = g_strdup_printf ("SELECT from_pool_id FROM `%s` WHERE id = ?", klass->collection);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (statement);
  g_autoptr(RapportdDbResult) result = NULL;
  PoolLimits limits;
  gint64 from;

  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return 0;
  from = result->n_rows > 0 ? cell_int (result, 0) : 0;
  if (from > 0)
    return from;
  if (named == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pool_id",
                                 _("This record came from no pool; name the pool it goes to"));
      return 0;
    }
  {
    g_autoptr(GError) local = NULL;

    if (!member_pool (db, actor, named, &limits, &local))
      {
        if (g_error_matches (local, CRM_ERROR, CRM_ERROR_NOT_FOUND))
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pool_id", "%s", local->message);
        else
          g_propagate_error (error, g_steal_pointer (&local));
        return 0;
      }
  }
  return named;
}

/* POST /{leads|accounts}/:id/release {"reason", "pool_id"?}: its owner puts
 * the record back into the pool it came from (or the one named), which
 * starts their cool-down on it */
RAPPORTD_HANDLER (rapportd_api_pool_release)
{
  CrmEntityClass *klass;
  g_autoptr(CrmEntity) record = NULL;
  g_autofree char *reason = NULL;
  gint64 id, named, pool_id;
  int owner;

  if ((klass = pool_class (request, error)) == NULL ||
      !rapportd_request_segment_id (request, 1, &id, error) ||
      !parse_release (request, &reason, &named, error) ||
      (record = rapportd_repo_get (db, &request->actor, G_TYPE_FROM_CLASS (klass), id, TRUE, error)) == NULL)
    return FALSE;
  owner = crm_entity_class_find_owner (klass);
  if (!crm_entity_has_value (record, owner) || crm_entity_value (record, owner)->i != request->actor.user_id)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only its owner puts a record back into the pool"));
      return FALSE;
    }
  if ((pool_id = release_pool (db, &request->actor, klass, id, named, error)) == 0 ||
      !rapportd_pool_moves_put_back (db, &request->actor, klass->entity_name, id, crm_entity_get_version (record),
                                     pool_id, request->actor.user_id, "release", g_get_real_time (), reason, error))
    return FALSE;
  return answer_record (request, db, klass, id, error);
}

static void
add_limit (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

/* GET /pools/:id/limits: what the rep may still claim from the pool */
RAPPORTD_HANDLER (rapportd_api_pool_limits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  CrmEntityClass *klass;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT entity FROM pools WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  PoolLimits limits;
  gint64 id, claims, held;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !member_pool (db, &request->actor, id, &limits, error))
    return FALSE;
  rapportd_sql_add_int (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  klass = g_type_class_peek (crm_entities_lookup_name (rapportd_db_result_get (result, 0, 0)));
  if ((claims = rapportd_pool_moves_count_claims (db, id, request->actor.user_id, start_of_today (), error)) < 0 ||
      (held = rapportd_pool_moves_count_held (db, klass, id, request->actor.user_id, error)) < 0)
    return FALSE;

  json_builder_begin_object (builder);
  add_limit (builder, "pool_id", id);
  add_limit (builder, "claims_per_day", limits.claims_per_day);
  add_limit (builder, "claims_today", claims);
  add_limit (builder, "claims_left_today", limits.claims_per_day < 0 ? -1 : MAX (limits.claims_per_day - claims, 0));
  add_limit (builder, "max_holdings", limits.max_holdings);
  add_limit (builder, "held", held);
  add_limit (builder, "holdings_left", limits.max_holdings < 0 ? -1 : MAX (limits.max_holdings - held, 0));
  add_limit (builder, "cooldown_days", limits.cooldown_days);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  json_builder_set_member_name (builder, name);
  if (usec <= 0)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = crm_json_format_timestamp (usec);

      json_builder_add_string_value (builder, text);
    }
}

/* GET /pool/mine: what the rep holds from pools, each with when it goes back */
RAPPORTD_HANDLER (rapportd_api_pool_mine)
{
  g_autoptr(GPtrArray) holdings = rapportd_jobs_pool_holdings (db, NULL, request->actor.user_id, 0, FALSE, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (holdings == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < holdings->len; i++)
    {
      RapportdPoolHolding *holding = holdings->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, holding->entity);
      add_limit (builder, "id", holding->id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, holding->title);
      add_limit (builder, "pool_id", holding->pool_id);
      json_builder_set_member_name (builder, "pool_name");
      json_builder_add_string_value (builder, holding->pool_name);
      json_builder_set_member_name (builder, "reason");
      if (holding->reason)
        json_builder_add_string_value (builder, holding->reason);
      else
        json_builder_add_null_value (builder);
      add_time (builder, "reclaim_at", holding->reclaim_at);
      add_time (builder, "warn_at", holding->warn_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}
