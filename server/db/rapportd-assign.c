/* rapportd-assign.c: the assignment rules at work: who a new record goes to, and by which rule */
#include "rapportd-assign.h"
#include "rapportd-pool-moves.h"
#include "rapportd-repo.h"
#include "rapportd-tree.h"
#include "crm-assignment-rule.h"
#include "crm-condition.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* The kinds of record the rules assign, and when one is still open: what
 * a cap and "fewest open" count, and what the re-run takes up. */
static const struct
{
  const char *entity;
  const char *open;
} kinds[] = {
  { "lead", "r.archived = 0 AND r.status IN ('new', 'working', 'qualified')" },
  { "case", "r.archived = 0 AND r.status NOT IN ('resolved', 'closed')" },
};

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

static const char *
open_records (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].entity, entity))
      return kinds[i].open;
  g_return_val_if_reached ("r.archived = 0");
}

/* a condition that cannot be evaluated for this record (a comparison with
 * an empty field) does not hold */
static gboolean
holds (CrmCondition *condition,
       GHashTable   *values)
{
  g_autoptr(GError) error = NULL;
  gboolean result = FALSE;

  return crm_condition_evaluate_bool (condition, values, &result, &error) && result;
}

/* the record's references to a tree (a case's category), each with the
 * ids above its value, nearest first: field index, then the ids */
static GPtrArray *
tree_values (RapportdDb  *db,
             CrmEntity   *entity,
             GError     **error)
{
  GPtrArray *trees = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < n_fields; i++)
    {
      CrmEntityClass *tree = rapportd_tree_class_of (&fields[i]);
      const CrmValue *value = crm_entity_value (entity, i);
      GArray *ids;
      gint64 index = i;

      if (tree == NULL || !value->set || value->is_null)
        continue;
      if ((ids = rapportd_tree_ancestors (db, tree, value->i, error)) == NULL)
        {
          g_ptr_array_unref (trees);
          return NULL;
        }
      /* the field's own value is bound already: keep what is above it */
      if (ids->len > 0)
        g_array_remove_index (ids, 0);
      g_array_prepend_val (ids, index);
      g_ptr_array_add (trees, ids);
    }
  return trees;
}

/* A condition on a reference to a tree holds for a record below the one it
 * names: `category == 5` takes the cases of category 5 and of every
 * category under it. The condition is tried with the record's own value,
 * then with each value above it in turn. */
static gboolean
rule_matches (const char *text,
              CrmEntity  *entity,
              GHashTable *values,
              GPtrArray  *trees)
{
  g_autoptr(CrmCondition) condition = NULL;
  const CrmFieldSpec *fields;
  guint n_fields;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  if ((condition = condition_for (text)) == NULL)
    return FALSE;
  if (holds (condition, values))
    return TRUE;
  fields = crm_entity_get_fields (entity, &n_fields);
  for (guint t = 0; t < trees->len; t++)
    {
      GArray *ids = trees->pdata[t];
      const char *name = fields[g_array_index (ids, gint64, 0)].name;
      gboolean found = FALSE;

      for (guint i = 1; i < ids->len && !found; i++)
        {
          crm_condition_values_take (values, name, crm_condition_value_new_number (crm_money_new (g_array_index (ids, gint64, i), 0)));
          found = holds (condition, values);
        }
      /* back to the record's own value for the next rule */
      crm_condition_values_take (values, name,
                                 crm_condition_value_new_number (crm_money_new (crm_entity_value (entity, g_array_index (ids, gint64, 0))->i, 0)));
      if (found)
        return TRUE;
    }
  return FALSE;
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

/* the candidates, active users only, by id, each with their open records of @klass */
static RapportdDbResult *
candidates (RapportdDb      *db,
            CrmEntityClass  *klass,
            gint64           team_id,
            gint64           user_id,
            gboolean         count,
            GError         **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);

  /* counting is the costly part: only for a cap or the fewest */
  if (count)
    rapportd_sql_appendf (sql, "SELECT u.id, (SELECT COUNT(*) FROM `%s` r WHERE r.`%s` = u.id AND %s)",
                          klass->collection,
                          crm_field_spec_get_column (&klass->fields[crm_entity_class_find_owner (klass)]),
                          open_records (klass->entity_name));
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

/* A round-robin rule without a cap keeps its turn here, shared by every
 * connection of this rapportd: rule id → the last user it served. Its row
 * in assignment_cursors is no longer held until each assignment commits,
 * which made every intake through the rule wait for the one before it. The
 * row is seeded from and written back to when it is free (for a restart);
 * a turn taken by a transaction that rolls back is not given back, and
 * several rapportd on one database each go round the team on their own. */
static GMutex turns_lock;
static GHashTable *turns;

static gboolean
turn_lookup (gint64  rule_id,
             gint64 *last_user_id)
{
  gint64 *found;

  g_mutex_lock (&turns_lock);
  found = turns ? g_hash_table_lookup (turns, &rule_id) : NULL;
  if (found != NULL)
    *last_user_id = found[1];
  g_mutex_unlock (&turns_lock);
  return found != NULL;
}

/* the turn as the database has it, when this rapportd has none yet; FALSE
 * on a database error */
static gboolean
seed_turn (RapportdDb  *db,
           gint64       rule_id,
           GError     **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;
  gint64 last = 0;

  if (turn_lookup (rule_id, &last))
    return TRUE;
  sql = rapportd_sql_new ("SELECT last_user_id FROM assignment_cursors WHERE rule_id = ?");
  rapportd_sql_add_int (sql, rule_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  last = result->n_rows > 0 ? cell_int (result, 0, 0) : 0;
  g_mutex_lock (&turns_lock);
  if (turns == NULL)
    turns = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!g_hash_table_contains (turns, &rule_id))
    {
      gint64 *entry = g_new (gint64, 2);

      entry[0] = rule_id;
      entry[1] = last;
      g_hash_table_insert (turns, entry, entry);
    }
  g_mutex_unlock (&turns_lock);
  return TRUE;
}

/* the first member after the last one served, else the first; the turn
 * moves to the one chosen. -1 when there is none. */
static int
take_turn (gint64             rule_id,
           RapportdDbResult  *members)
{
  gint64 *entry;
  int best = -1;

  g_mutex_lock (&turns_lock);
  entry = g_hash_table_lookup (turns, &rule_id);
  for (guint m = 0; m < members->n_rows && best < 0; m++)
    if (cell_int (members, m, 0) > entry[1])
      best = m;
  if (best < 0 && members->n_rows > 0)
    best = 0;
  if (best >= 0)
    entry[1] = cell_int (members, best, 0);
  g_mutex_unlock (&turns_lock);
  return best;
}

/* the turn written to the rule's row (made with the rule) when no other
 * transaction holds it; the one that does writes a turn as recent */
static gboolean
store_turn (RapportdDb  *db,
            gint64       rule_id,
            gint64       user_id,
            GError     **error)
{
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT 1 FROM assignment_cursors WHERE rule_id = ? "
                                                    "FOR UPDATE SKIP LOCKED");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (select, rule_id);
  if ((result = rapportd_db_query (db, select, error)) == NULL)
    return FALSE;
  return result->n_rows == 0 || move_cursor (db, rule_id, user_id, error);
}

/* who a rule that matched gives the record to: 0 when every candidate is
 * at the cap (or there is none), and the next rule is tried */
static gboolean
choose_member (RapportdDb        *db,
               CrmEntityClass    *klass,
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
  /* a cap and "fewest open" count open records, which only the rule's
   * row, held until commit, keeps right between assignments at once; a
   * named user without a cap needs neither the row nor a turn */
  if (round_robin && cap <= 0)
    {
      if (!seed_turn (db, rule_id, error))
        return FALSE;
    }
  else if ((g_strcmp0 (target, "user") != 0 || cap > 0) && !lock_cursor (db, rule_id, &last, error))
    return FALSE;
  members = candidates (db, klass, g_strcmp0 (target, "user") == 0 ? 0 : cell_int (rule, r, RULE_TEAM),
                        cell_int (rule, r, RULE_USER), cap > 0 || g_strcmp0 (target, "fewest_open") == 0, error);
  if (members == NULL)
    return FALSE;

  if (round_robin && cap <= 0)
    {
      if ((best = take_turn (rule_id, members)) < 0)
        return TRUE;
      *user_id = cell_int (members, best, 0);
      return store_turn (db, rule_id, *user_id, error);
    }
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
  assignment->team_id = 0;
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
 * transaction. A record that waits with a team already (a case given a
 * queue) is taken only by the rules that choose among that team.
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
  g_autoptr(GPtrArray) trees = NULL;
  int queue;
  gint64 queue_id = 0;

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
  if ((trees = tree_values (db, entity, error)) == NULL)
    return FALSE;
  queue = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), "queue_team");
  if (queue >= 0 && crm_entity_has_value (entity, queue) && !crm_entity_value (entity, queue)->is_null)
    queue_id = crm_entity_value (entity, queue)->i;

  for (guint r = 0; r < rules->n_rows; r++)
    {
      const char *target = rapportd_db_result_get (rules, r, RULE_TARGET);
      gboolean to_team = g_strcmp0 (target, "round_robin") == 0 || g_strcmp0 (target, "fewest_open") == 0;
      gint64 user_id = 0;

      if (queue_id > 0 && (!to_team || cell_int (rules, r, RULE_TEAM) != queue_id))
        continue;
      if (!rule_matches (rapportd_db_result_get (rules, r, RULE_CONDITION), entity, values, trees))
        continue;
      if (g_strcmp0 (target, "pool") == 0)
        out->pool_id = cell_int (rules, r, RULE_POOL);
      else if (!choose_member (db, CRM_ENTITY_GET_CLASS (entity), rules, r, &user_id, error))
        return FALSE;
      else
        out->user_id = user_id;
      if (out->user_id == 0 && out->pool_id == 0)
        continue;
      if (to_team && out->user_id > 0)
        out->team_id = cell_int (rules, r, RULE_TEAM);
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
  /* chosen among a team: a case waits in that team's queue */
  if (assignment->team_id > 0 && crm_entity_class_find_field (klass, "queue_team") >= 0)
    crm_entity_set_int (patch, "queue_team", assignment->team_id);
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

/* the open records of one kind without an owner, the oldest first, each
 * given by the rules if one decides; at most @budget of them */
static gboolean
rerun_kind (RapportdDb           *db,
            const RapportdActor  *actor,
            const char           *entity,
            GHashTable           *counts,
            GPtrArray            *order,
            guint                *budget,
            guint                *examined,
            guint                *left,
            GError              **error)
{
  GType type = crm_entities_lookup_name (entity);
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) records = NULL;

  rapportd_sql_appendf (sql, "SELECT r.id FROM `%s` r WHERE r.`%s` IS NULL AND %s ORDER BY r.id LIMIT ?",
                        klass->collection, crm_field_spec_get_column (&klass->fields[crm_entity_class_find_owner (klass)]),
                        open_records (entity));
  rapportd_sql_add_int (sql, *budget);
  if ((records = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *budget -= records->n_rows;
  *examined += records->n_rows;
  for (guint r = 0; r < records->n_rows; r++)
    {
      g_auto(RapportdAssignment) assignment = { 0 };
      g_autoptr(CrmEntity) record = NULL;
      g_autoptr(CrmEntity) changed = NULL;

      record = rapportd_repo_get (db, NULL, type, cell_int (records, r, 0), TRUE, error);
      if (record == NULL || !rapportd_assign_choose (db, record, &assignment, error))
        return FALSE;
      if (assignment.user_id == 0)
        {
          (*left)++;
          continue;
        }
      if ((changed = give_to (db, actor, record, &assignment, error)) == NULL)
        return FALSE;
      count_rule (counts, order, &assignment);
    }
  return TRUE;
}

/**
 * rapportd_assign_rerun:
 * @db: a connection inside the request's transaction
 * @actor: the administrator who asks
 * @error: return location for a #GError
 *
 * Runs the rules again over the open records that have no owner, leads
 * then cases (at most %RERUN_MAX in all, the oldest first); a record a
 * rule gives to a user is his from now on, audited with the rule. Records
 * the rules leave alone (or put in a pool) stay where they are.
 *
 * Returns: (transfer full): `{"rules":[{"id","name","assigned"}],
 *   "examined","unassigned"}`, or %NULL on error
 */
JsonNode *
rapportd_assign_rerun (RapportdDb           *db,
                       const RapportdActor  *actor,
                       GError              **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  guint budget = RERUN_MAX;
  guint examined = 0;
  guint left = 0;

  g_return_val_if_fail (actor != NULL, NULL);

  for (guint k = 0; k < G_N_ELEMENTS (kinds) && budget > 0; k++)
    if (!rerun_kind (db, actor, kinds[k].entity, counts, order, &budget, &examined, &left, error))
      return NULL;
  return rerun_answer (counts, order, examined, left);
}
