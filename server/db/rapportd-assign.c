/* rapportd-assign.c: the assignment rules at work: who a new record goes to, and by which rule */
#include "rapportd-assign.h"
#include "rapportd-pool-moves.h"
#include "rapportd-repo.h"
#include "crm-assignment-rule.h"
#include "crm-condition.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* a lead is open while it is one of these */
#define OPEN_LEADS "l.archived = 0 AND l.status IN ('new', 'working', 'qualified')"

/* the re-run's largest batch: what is left waits for the next run */
#define RERUN_MAX 10000

enum { RULE_ID, RULE_NAME, RULE_CONDITION, RULE_TARGET, RULE_USER, RULE_TEAM, RULE_POOL, RULE_CAP };

static GMutex conditions_lock;
static GHashTable *conditions;

/* rules are parsed once, not on every intake; a text saved was checked then */
static CrmCondition *
condition_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  CrmCondition *condition;

  g_mutex_lock (&conditions_lock);
  if (conditions == NULL || g_hash_table_size (conditions) > 256)
    {
      g_clear_pointer (&conditions, g_hash_table_unref);
      conditions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) crm_condition_unref);
    }
  condition = g_hash_table_lookup (conditions, text);
  if (condition == NULL && (condition = crm_condition_parse (text, NULL, &error)) != NULL)
    g_hash_table_insert (conditions, g_strdup (text), condition);
  if (condition != NULL)
    crm_condition_ref (condition);
  g_mutex_unlock (&conditions_lock);
  if (error != NULL)
    g_warning ("An assignment rule's condition does not parse: %s", error->message);
  return condition;
}

/* a condition that cannot be evaluated for this record (a comparison with
 * an empty field) does not hold */
static gboolean
rule_matches (const char *text,
              GHashTable *values)
{
  g_autoptr(CrmCondition) condition = NULL;
  g_autoptr(GError) error = NULL;
  gboolean result = FALSE;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  if ((condition = condition_for (text)) == NULL)
    return FALSE;
  if (!crm_condition_evaluate_bool (condition, values, &result, &error))
    return FALSE;
  return result;
}

static gint64
cell_int (RapportdDbResult *result,
          guint             row,
          guint             col)
{
  const char *text = rapportd_db_result_get (result, row, col);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* the rule's cursor row, locked until the transaction ends: assignments by
 * one rule happen one after the other, each seeing the one before. The
 * row is made by the rule's first assignment; every later one locks it
 * with one statement. */
static gboolean
lock_cursor (RapportdDb  *db,
             gint64       rule_id,
             gint64      *last_user_id,
             GError     **error)
{
  g_autoptr(RapportdSql) insert = NULL;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT last_user_id FROM assignment_cursors "
                                                        "WHERE rule_id = ? FOR UPDATE");
      g_autoptr(RapportdDbResult) result = NULL;

      rapportd_sql_add_int (select, rule_id);
      if ((result = rapportd_db_query (db, select, error)) == NULL)
        return FALSE;
      if (result->n_rows > 0)
        {
          *last_user_id = cell_int (result, 0, 0);
          return TRUE;
        }
      if (attempt > 0)
        break;
      /* two first assignments at once: one inserts, the other waits for its row */
      insert = rapportd_sql_new ("INSERT INTO assignment_cursors (rule_id, last_user_id) VALUES (?, 0) "
                                 "ON DUPLICATE KEY UPDATE last_user_id = last_user_id");
      rapportd_sql_add_int (insert, rule_id);
      if (!rapportd_db_execute (db, insert, NULL, NULL, error))
        return FALSE;
    }
  *last_user_id = 0;
  return TRUE;
}

static gboolean
move_cursor (RapportdDb  *db,
             gint64       rule_id,
             gint64       user_id,
             GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE assignment_cursors SET last_user_id = ? WHERE rule_id = ?");

  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_int (sql, rule_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* the candidates, active users only, by id, each with their open leads */
static RapportdDbResult *
candidates (RapportdDb  *db,
            gint64       team_id,
            gint64       user_id,
            gboolean     count,
            GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);

  /* counting is the costly part: only for a cap or the fewest */
  if (count)
    rapportd_sql_append (sql, "SELECT u.id, (SELECT COUNT(*) FROM leads l WHERE l.owner_id = u.id AND " OPEN_LEADS ")");
  else
    rapportd_sql_append (sql, "SELECT u.id, 0");
  rapportd_sql_append (sql, " FROM users u WHERE u.active = 1 AND u.archived = 0 AND ");

  if (team_id > 0)
    rapportd_sql_append (sql, "u.team_id = ?");
  else
    rapportd_sql_append (sql, "u.id = ?");
  rapportd_sql_append (sql, " ORDER BY u.id");
  rapportd_sql_add_int (sql, team_id > 0 ? team_id : user_id);
  return rapportd_db_query (db, sql, error);
}

static gboolean
under_cap (RapportdDbResult *members,
           guint             row,
           gint64            cap)
{
  return cap <= 0 || cell_int (members, row, 1) < cap;
}

/* who a rule that matched gives the record to: 0 when every candidate is
 * at the cap (or there is none), and the next rule is tried */
static gboolean
choose_member (RapportdDb        *db,
               RapportdDbResult  *rule,
               guint              r,
               gint64            *user_id,
               GError           **error)
{
  const char *target = rapportd_db_result_get (rule, r, RULE_TARGET);
  gint64 rule_id = cell_int (rule, r, RULE_ID);
  gint64 cap = cell_int (rule, r, RULE_CAP);
  gboolean round_robin = g_strcmp0 (target, "round_robin") == 0;
  g_autoptr(RapportdDbResult) members = NULL;
  gint64 last = 0;
  int best = -1;

  *user_id = 0;
  if (!lock_cursor (db, rule_id, &last, error))
    return FALSE;
  members = candidates (db, g_strcmp0 (target, "user") == 0 ? 0 : cell_int (rule, r, RULE_TEAM),
                        cell_int (rule, r, RULE_USER), cap > 0 || g_strcmp0 (target, "fewest_open") == 0, error);
  if (members == NULL)
    return FALSE;

  if (round_robin)
    {
      /* the first member after the last one served, then from the start */
      for (guint pass = 0; pass < 2 && best < 0; pass++)
        for (guint m = 0; m < members->n_rows && best < 0; m++)
          if ((pass == 1 || cell_int (members, m, 0) > last) && under_cap (members, m, cap))
            best = m;
    }
  else
    {
      /* fewest open leads, the lower id first; a named user: the one row */
      for (guint m = 0; m < members->n_rows; m++)
        if (under_cap (members, m, cap) &&
            (best < 0 || cell_int (members, m, 1) < cell_int (members, best, 1)))
          best = m;
    }
  if (best < 0)
    return TRUE;
  *user_id = cell_int (members, best, 0);
  return !round_robin || move_cursor (db, rule_id, *user_id, error);
}

void
rapportd_assignment_clear (RapportdAssignment *assignment)
{
  g_clear_pointer (&assignment->rule_name, g_free);
  assignment->rule_id = 0;
  assignment->user_id = 0;
  assignment->pool_id = 0;
}

/**
 * rapportd_assignment_reason:
 * @assignment: an assignment a rule made
 * @before: (nullable): a reason the change already has
 *
 * Returns: (transfer full): the audit row's reason, naming the rule by id
 *   and name after @before
 */
char *
rapportd_assignment_reason (const RapportdAssignment *assignment,
                            const char               *before)
{
  g_autofree char *mine = NULL;

  g_return_val_if_fail (assignment != NULL, NULL);

  /* not translated: the audit trail is kept in one language */
  mine = g_strdup_printf ("assignment rule %" G_GINT64_FORMAT " \"%s\"", assignment->rule_id,
                          assignment->rule_name ? assignment->rule_name : "");
  if (before == NULL || before[0] == '\0')
    return g_steal_pointer (&mine);
  return g_strdup_printf ("%s; %s", before, mine);
}

/**
 * rapportd_assign_choose:
 * @db: a connection inside the transaction that stores the record
 * @entity: the record, as it will be stored
 * @out: (out caller-allocates): the rule that decided and its choice;
 *   rule_id 0 when none did
 * @error: return location for a #GError
 *
 * Runs the active rules for @entity's kind in order (position, then id).
 * The first whose condition holds and that finds a user under its cap (or
 * names a pool) decides. A round-robin rule's cursor is moved in this
 * transaction.
 *
 * Returns: %FALSE on a database error
 */
gboolean
rapportd_assign_choose (RapportdDb          *db,
                        CrmEntity           *entity,
                        RapportdAssignment  *out,
                        GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, name, `condition`, target, target_user_id, target_team_id, "
                                                 "target_pool_id, cap_open FROM `assignment-rules` "
                                                 "WHERE entity = ? AND active = 1 AND archived = 0 ORDER BY position, id");
  g_autoptr(RapportdDbResult) rules = NULL;
  g_autoptr(GHashTable) values = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (RapportdAssignment) { 0 };
  rapportd_sql_add_text (sql, crm_entity_get_entity_name (entity));
  if ((rules = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (rules->n_rows == 0)
    return TRUE;
  values = crm_condition_values_new_from_entity (entity);

  for (guint r = 0; r < rules->n_rows; r++)
    {
      gint64 user_id = 0;

      if (!rule_matches (rapportd_db_result_get (rules, r, RULE_CONDITION), values))
        continue;
      if (g_strcmp0 (rapportd_db_result_get (rules, r, RULE_TARGET), "pool") == 0)
        out->pool_id = cell_int (rules, r, RULE_POOL);
      else if (!choose_member (db, rules, r, &user_id, error))
        return FALSE;
      else
        out->user_id = user_id;
      if (out->user_id == 0 && out->pool_id == 0)
        continue;
      out->rule_id = cell_int (rules, r, RULE_ID);
      out->rule_name = g_strdup (rapportd_db_result_get (rules, r, RULE_NAME));
      return TRUE;
    }
  return TRUE;
}

/**
 * rapportd_assign_set_pool:
 * @record: a record about to be written
 * @pool_id: the pool it goes to, or 0 for none
 *
 * Puts @record in a pool (its "pool" field, as pools keep it) or takes it
 * out, in the values the write stores and audits. A kind of record that
 * no pool holds is left alone.
 */
void
rapportd_assign_set_pool (CrmEntity *record,
                          gint64     pool_id)
{
  int pool;

  g_return_if_fail (CRM_IS_ENTITY (record));

  pool = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "pool");
  if (pool < 0)
    return;
  if (pool_id > 0)
    crm_entity_set_int (record, "pool", pool_id);
  else
    crm_entity_set_null (record, pool);
}

/**
 * rapportd_assign_is_requested:
 * @entity: a new record from a client
 * @when_unset: whether an owner not given at all asks for the rules too
 *   (an import's empty cell), besides an explicit null
 *
 * Returns: whether the rules decide @entity's owner: its kind has rules,
 *   and its owner was given as null (or, with @when_unset, not given)
 */
gboolean
rapportd_assign_is_requested (CrmEntity *entity,
                              gboolean   when_unset)
{
  CrmEntityClass *rule_class = g_type_class_peek (CRM_TYPE_ASSIGNMENT_RULE);
  int kind = crm_entity_class_find_field (rule_class, "entity");
  int owner = crm_entity_class_find_owner (CRM_ENTITY_GET_CLASS (entity));
  const CrmValue *value;

  g_return_val_if_fail (CRM_IS_ENTITY (entity), FALSE);

  if (owner < 0 || !crm_field_spec_has_enum (&rule_class->fields[kind], crm_entity_get_entity_name (entity)))
    return FALSE;
  value = crm_entity_value (entity, owner);
  return value->set ? value->is_null : when_unset;
}

/* the server acts, on the maker's behalf: no scope limits the owner a rule picks */
static CrmEntity *
give_to (RapportdDb                *db,
         const RapportdActor       *actor,
         CrmEntity                 *record,
         const RapportdAssignment  *assignment,
         GError                   **error)
{
  RapportdActor server = { 0 };
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  g_autoptr(CrmEntity) patch = crm_entity_new (G_OBJECT_TYPE (record));
  int owner = crm_entity_class_find_owner (klass);
  int pool = crm_entity_class_find_field (klass, "pool");
  CrmValue *value = crm_entity_value (patch, owner);
  CrmEntity *changed;

  rapportd_actor_copy (actor, &server);
  g_clear_pointer (&server.scopes, g_hash_table_unref);
  server.reason = rapportd_assignment_reason (assignment, actor->reason);
  /* a pooled record given to a user leaves its pool as a claim does: the
   * pool it came from and when are kept, and the move is written */
  if (assignment->user_id > 0 && pool >= 0 && crm_entity_has_value (record, pool) &&
      !crm_entity_value (record, pool)->is_null)
    {
      changed = rapportd_pool_moves_take (db, &server, klass->entity_name, crm_entity_get_id (record),
                                          crm_entity_get_version (record), crm_entity_value (record, pool)->i,
                                          assignment->user_id, "assign", g_get_real_time (), server.reason, error);
      rapportd_actor_clear (&server);
      return changed;
    }
  crm_entity_set_version (patch, crm_entity_get_version (record));
  value->set = TRUE;
  value->is_null = assignment->user_id == 0;
  value->i = assignment->user_id;
  /* to a user, it leaves any pool it was in; to a pool, it goes there */
  rapportd_assign_set_pool (patch, assignment->pool_id);
  changed = rapportd_repo_update_as_server (db, &server, crm_entity_get_id (record), patch, error);
  rapportd_actor_clear (&server);
  return changed;
}

/**
 * rapportd_assign_record:
 * @db: a connection inside the transaction that stored @stored
 * @actor: on whose request
 * @stored: a record just stored, owned by whoever made it
 * @error: return location for a #GError
 *
 * Runs the rules for @stored; a rule that decides gives it to its user (or
 * puts it in its pool, without an owner), a change audited with the rule's
 * id and name as its reason. The rules may give a record to someone its
 * maker could not.
 *
 * Returns: (transfer full): the record as it is now, or %NULL on error
 */
CrmEntity *
rapportd_assign_record (RapportdDb           *db,
                        const RapportdActor  *actor,
                        CrmEntity            *stored,
                        GError              **error)
{
  g_auto(RapportdAssignment) assignment = { 0 };

  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (CRM_IS_ENTITY (stored), NULL);

  if (!rapportd_assign_choose (db, stored, &assignment, error))
    return NULL;
  if (assignment.rule_id == 0)
    return g_object_ref (stored);
  return give_to (db, actor, stored, &assignment, error);
}

static void
count_rule (GHashTable               *counts,
            GPtrArray                *order,
            const RapportdAssignment *assignment)
{
  char *key = g_strdup_printf ("%" G_GINT64_FORMAT, assignment->rule_id);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

  if (n == 0)
    {
      g_ptr_array_add (order, g_strdup (key));
      g_ptr_array_add (order, g_strdup (assignment->rule_name));
    }
  g_hash_table_replace (counts, key, GUINT_TO_POINTER (n + 1));
}

static JsonNode *
rerun_answer (GHashTable *counts,
              GPtrArray  *order,
              guint       examined,
              guint       left)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < order->len; i += 2)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (order->pdata[i], NULL, 10));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, order->pdata[i + 1]);
      json_builder_set_member_name (builder, "assigned");
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (counts, order->pdata[i])));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "examined");
  json_builder_add_int_value (builder, examined);
  json_builder_set_member_name (builder, "unassigned");
  json_builder_add_int_value (builder, left);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * rapportd_assign_rerun:
 * @db: a connection inside the request's transaction
 * @actor: the administrator who asks
 * @error: return location for a #GError
 *
 * Runs the rules again over the open leads that have no owner (at most
 * %RERUN_MAX, the oldest first); a lead a rule gives to a user is his from
 * now on, audited with the rule. Leads the rules leave alone (or put in a
 * pool) stay where they are.
 *
 * Returns: (transfer full): `{"rules":[{"id","name","assigned"}],
 *   "examined","unassigned"}`, or %NULL on error
 */
JsonNode *
rapportd_assign_rerun (RapportdDb           *db,
                       const RapportdActor  *actor,
                       GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT l.id FROM leads l WHERE l.owner_id IS NULL AND " OPEN_LEADS
                                                 " ORDER BY l.id LIMIT ?");
  g_autoptr(RapportdDbResult) leads = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  guint left = 0;

  g_return_val_if_fail (actor != NULL, NULL);

  rapportd_sql_add_int (sql, RERUN_MAX);
  if ((leads = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < leads->n_rows; r++)
    {
      g_auto(RapportdAssignment) assignment = { 0 };
      g_autoptr(CrmEntity) lead = NULL;
      g_autoptr(CrmEntity) changed = NULL;

      lead = rapportd_repo_get (db, NULL, crm_entities_lookup_name ("lead"), cell_int (leads, r, 0), TRUE, error);
      if (lead == NULL || !rapportd_assign_choose (db, lead, &assignment, error))
        return NULL;
      if (assignment.user_id == 0)
        {
          left++;
          continue;
        }
      if ((changed = give_to (db, actor, lead, &assignment, error)) == NULL)
        return NULL;
      count_rule (counts, order, &assignment);
    }
  return rerun_answer (counts, order, leads->n_rows, left);
}
