/* rapportd-reviews-pending.c: "Awaiting my review": the team's activities and submitted weekly reports that a reviewer has not reviewed yet */

/* Each kind of record reviewed is read newest first by its own statement,
 * a page's worth at most, and the two are merged by the time each was
 * recorded: an activity when it was created, a weekly report when it was
 * submitted (a draft is its author's, not yet the manager's). Ties are
 * broken by the kind's rank and then the id, so that the cursor
 * "USEC-RANK-ID" names one place in the merged order. */
#include "rapportd-reviews.h"
#include "rapportd-review-signature.h"
#include "rapportd-repo.h"
#include "rapportd-repo-private.h"
#include "crm-activity.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-weekly-report.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  GType       (*get_type) (void);
  const char  *entity;
  const char  *table;
  /* when a record was recorded, as far as its reviewer is concerned */
  const char  *time_column;
  const char  *time_field;
  /* what makes a record of the kind ready for review */
  const char  *ready;
  /* many a member (activities): each member's newest read by their own
   * key, then merged; few a member (two weekly reports a week): one range
   * over the team's, newest first, by a key that holds the owner */
  gboolean     by_member;
} Reviewable;

static const Reviewable reviewables[] = {
  { crm_activity_get_type,      "activity",      "activities",     "created_at",   "created_at",   "1", TRUE },
  { crm_weekly_report_get_type, "weekly_report", "weekly-reports", "submitted_at", "submitted_at", "status = 'submitted'", FALSE },
};

/* where a page ends: the time, kind (its index in reviewables[]) and id of its last record */
typedef struct
{
  char   *time;
  guint   rank;
  gint64  id;
} Cursor;

/* the users in team @team_id and the teams below it, but @self */
static GArray *
team_members (RapportdDb  *db,
              gint64       team_id,
              gint64       self,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("WITH RECURSIVE subtree (id) AS (SELECT ? UNION ALL "
                                                 "SELECT t.id FROM teams t JOIN subtree ON t.parent_id = subtree.id) "
                                                 "SELECT u.id FROM users u WHERE u.team_id IN (SELECT id FROM subtree) "
                                                 "AND u.id <> ? ORDER BY u.id");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (team_id <= 0)
    return g_steal_pointer (&ids);
  rapportd_sql_add_int (sql, team_id);
  rapportd_sql_add_int (sql, self);
  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < rows->n_rows; i++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (rows, i, 0), NULL, 10);

      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* @actor's review horizon for @entity, as SQL time, or NULL for none */
static gboolean
horizon_of (RapportdDb           *db,
            const RapportdActor  *actor,
            const char           *entity,
            char                **horizon,
            GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT reviewed_until FROM review_horizons "
                                                 "WHERE reviewer_id = ? AND entity = ?");
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_add_int (sql, actor->user_id);
  rapportd_sql_add_text (sql, entity);
  if ((rows = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *horizon = rows->n_rows ? g_strdup (rapportd_db_result_get (rows, 0, 0)) : NULL;
  return TRUE;
}

/* what every pending record of @kind meets: ready, not archived, not
 * marked reviewed by @actor, recorded after their horizon and after the
 * cursor in the merged order */
static void
append_pending_where (RapportdSql          *sql,
                      const Reviewable     *kind,
                      guint                 rank,
                      const RapportdActor  *actor,
                      const char           *horizon,
                      const Cursor         *cursor)
{
  const char * const *kinds = rank == 0 ? rapportd_review_signature_kinds () : NULL;

  rapportd_sql_appendf (sql, " AND %s AND archived = 0 AND NOT EXISTS (SELECT 1 FROM review_marks m "
                        "WHERE m.reviewer_id = ? AND m.entity = '%s' AND m.record_id = `%s`.id)",
                        kind->ready, kind->entity, kind->table);
  rapportd_sql_add_int (sql, actor->user_id);
  if (horizon != NULL)
    {
      rapportd_sql_appendf (sql, " AND (%s > ?", kind->time_column);
      rapportd_sql_add_text (sql, horizon);
      /* the activities whose review is signed one by one stay past mark-all */
      if (kinds != NULL)
        {
          rapportd_sql_append (sql, " OR kind IN (");
          for (guint i = 0; kinds[i] != NULL; i++)
            {
              rapportd_sql_append (sql, i ? ", ?" : "?");
              rapportd_sql_add_text (sql, kinds[i]);
            }
          rapportd_sql_append (sql, ")");
        }
      rapportd_sql_append (sql, ")");
    }
  if (cursor == NULL)
    return;
  if (rank > cursor->rank)
    {
      /* a kind ranked after the cursor's follows it only from an earlier time */
      rapportd_sql_appendf (sql, " AND %s < ?", kind->time_column);
      rapportd_sql_add_text (sql, cursor->time);
    }
  else if (rank < cursor->rank)
    {
      rapportd_sql_appendf (sql, " AND %s <= ?", kind->time_column);
      rapportd_sql_add_text (sql, cursor->time);
    }
  else
    {
      rapportd_sql_appendf (sql, " AND (%s < ? OR (%s = ? AND id < ?))", kind->time_column, kind->time_column);
      rapportd_sql_add_text (sql, cursor->time);
      rapportd_sql_add_text (sql, cursor->time);
      rapportd_sql_add_int (sql, cursor->id);
    }
}

/* "USEC-RANK-ID" as the cursor */
static gboolean
parse_cursor (const char *after,
              Cursor     *cursor)
{
  g_auto(GStrv) parts = g_strsplit (after, "-", 3);
  guint64 usec, rank, id;

  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &usec, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_N_ELEMENTS (reviewables) - 1, &rank, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 0, G_MAXINT64, &id, NULL))
    return FALSE;
  cursor->time = rapportd_sql_format_time ((gint64) usec);
  cursor->rank = (guint) rank;
  cursor->id = (gint64) id;
  return TRUE;
}

/* the newest @limit records of @kind pending @actor's review, of @owners
 * (NULL: everyone's but @actor's), with the names of what they refer to */
static GPtrArray *
pending_of_kind (RapportdDb           *db,
                 const RapportdActor  *actor,
                 guint                 rank,
                 GArray               *owners,
                 const Cursor         *cursor,
                 guint                 limit,
                 GError              **error)
{
  const Reviewable *kind = &reviewables[rank];
  GType type = kind->get_type ();
  g_autoptr(GTypeClass) klass_ref = g_type_class_ref (type);
  CrmEntityClass *klass = CRM_ENTITY_CLASS (klass_ref);
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT ");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *horizon = NULL;

  if (!horizon_of (db, actor, kind->entity, &horizon, error))
    return NULL;
  for (guint i = 0; i < klass->n_fields; i++)
    rapportd_sql_appendf (sql, "%sa.`%s`", i ? ", " : "", crm_field_spec_get_column (&klass->fields[i]));
  if (owners != NULL && !kind->by_member)
    {
      /* the team's newest of all, the owner read from the key */
      rapportd_sql_appendf (sql, " FROM (SELECT id, %s AS t FROM `%s` WHERE owner_id IN (",
                            kind->time_column, kind->table);
      for (guint o = 0; o < owners->len; o++)
        {
          rapportd_sql_append (sql, o ? ", ?" : "?");
          rapportd_sql_add_int (sql, g_array_index (owners, gint64, o));
        }
      rapportd_sql_append (sql, ")");
      append_pending_where (sql, kind, rank, actor, horizon, cursor);
      rapportd_sql_appendf (sql, " ORDER BY %s DESC, id DESC LIMIT %u) u JOIN `%s` a ON a.id = u.id",
                            kind->time_column, limit, kind->table);
    }
  else if (owners != NULL)
    {
      /* each owner's newest by their own index, merged: a page reads at
       * most a page's worth of rows an owner, however many they have; the
       * merged page is cut before the join, so that only its rows are read
       * whole */
      rapportd_sql_appendf (sql, " FROM (SELECT id, %s AS t FROM (", kind->time_column);
      for (guint o = 0; o < owners->len; o++)
        {
          rapportd_sql_append (sql, o ? " UNION ALL (" : "(");
          rapportd_sql_appendf (sql, "SELECT id, %s FROM `%s` WHERE owner_id = ?", kind->time_column, kind->table);
          rapportd_sql_add_int (sql, g_array_index (owners, gint64, o));
          append_pending_where (sql, kind, rank, actor, horizon, cursor);
          rapportd_sql_appendf (sql, " ORDER BY %s DESC, id DESC LIMIT %u)", kind->time_column, limit);
        }
      rapportd_sql_appendf (sql, ") o ORDER BY %s DESC, id DESC LIMIT %u) u JOIN `%s` a ON a.id = u.id",
                            kind->time_column, limit, kind->table);
    }
  else
    {
      /* everyone's: the newest of all, by the time they were recorded */
      rapportd_sql_appendf (sql, " FROM (SELECT id, %s AS t FROM `%s` WHERE owner_id <> ?",
                            kind->time_column, kind->table);
      rapportd_sql_add_int (sql, actor->user_id);
      append_pending_where (sql, kind, rank, actor, horizon, cursor);
      rapportd_sql_appendf (sql, " ORDER BY %s DESC, id DESC LIMIT %u) u JOIN `%s` a ON a.id = u.id",
                            kind->time_column, limit, kind->table);
    }
  rapportd_sql_appendf (sql, " ORDER BY u.t DESC, u.id DESC LIMIT %u", limit);
  if ((rows = rapportd_db_query_uncached (db, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < rows->n_rows; i++)
    {
      CrmEntity *record = rapportd_repo_entity_from_row (type, rows, i, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (items, record);
    }
  if (!rapportd_repo_name_references (db, items, error))
    return NULL;
  return g_steal_pointer (&items);
}

/* whether @a (of kind @rank_a) comes before @b in the merged order: newer, or as new and of a later kind, or of a higher id */
static gboolean
comes_first (CrmEntity *a,
             guint      rank_a,
             CrmEntity *b,
             guint      rank_b)
{
  gint64 time_a = crm_entity_get_int (a, reviewables[rank_a].time_field);
  gint64 time_b = crm_entity_get_int (b, reviewables[rank_b].time_field);

  if (time_a != time_b)
    return time_a > time_b;
  if (rank_a != rank_b)
    return rank_a > rank_b;
  return crm_entity_get_id (a) > crm_entity_get_id (b);
}

static void
clear_list (gpointer list)
{
  if (list != NULL)
    g_ptr_array_unref (list);
}

/**
 * rapportd_reviews_pending:
 * @db: a connection
 * @actor: the reviewer
 * @after: (nullable): the cursor a previous page gave
 * @limit: the most records a page holds
 * @next: (out) (transfer full): the next page's cursor, %NULL at the end
 * @error: return location for a #GError
 *
 * What awaits @actor's review: the activities and the submitted weekly
 * reports of the users their scope covers (team: their team and the teams
 * below; company: everyone), not their own, recorded after their review
 * horizon and not marked reviewed by them, newest first. Each record
 * carries the names of what it refers to.
 *
 * Returns: (transfer container) (element-type CrmEntity): a page of
 *   activities and weekly reports
 */
GPtrArray *
rapportd_reviews_pending (RapportdDb           *db,
                          const RapportdActor  *actor,
                          const char           *after,
                          guint                 limit,
                          char                **next,
                          GError              **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (clear_list);
  g_autoptr(GArray) members = NULL;
  g_autofree char *cursor_time = NULL;
  Cursor cursor = { NULL, 0, 0 };
  guint taken[G_N_ELEMENTS (reviewables)] = { 0 };
  guint fetched = 0;
  guint last_rank = 0;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (next != NULL, NULL);

  *next = NULL;
  if (after != NULL && !parse_cursor (after, &cursor))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "after", _("after must be a cursor this list gave"));
      return NULL;
    }
  cursor_time = cursor.time;
  g_ptr_array_set_size (lists, G_N_ELEMENTS (reviewables));

  for (guint rank = 0; rank < G_N_ELEMENTS (reviewables); rank++)
    {
      const char *scope = rapportd_actor_scope (actor, reviewables[rank].entity);
      GArray *owners = NULL;
      GPtrArray *list;

      if (g_str_equal (scope, "team"))
        {
          if (members == NULL && (members = team_members (db, actor->team_id, actor->user_id, error)) == NULL)
            return NULL;
          if (members->len == 0)
            continue;
          owners = members;
        }
      else if (!g_str_equal (scope, "company"))
        continue;
      /* one more than a page: whether a next page exists */
      if ((list = pending_of_kind (db, actor, rank, owners, after ? &cursor : NULL, limit + 1, error)) == NULL)
        return NULL;
      fetched += list->len;
      lists->pdata[rank] = list;
    }

  while (items->len < limit)
    {
      CrmEntity *best = NULL;
      guint best_rank = 0;

      for (guint rank = 0; rank < G_N_ELEMENTS (reviewables); rank++)
        {
          GPtrArray *list = lists->pdata[rank];
          CrmEntity *candidate;

          if (list == NULL || taken[rank] >= list->len)
            continue;
          candidate = list->pdata[taken[rank]];
          if (best == NULL || comes_first (candidate, rank, best, best_rank))
            {
              best = candidate;
              best_rank = rank;
            }
        }
      if (best == NULL)
        break;
      g_ptr_array_add (items, g_object_ref (best));
      taken[best_rank]++;
      last_rank = best_rank;
    }
  if (fetched > items->len && items->len > 0)
    {
      CrmEntity *last = items->pdata[items->len - 1];

      *next = g_strdup_printf ("%" G_GINT64_FORMAT "-%u-%" G_GINT64_FORMAT,
                               crm_entity_get_int (last, reviewables[last_rank].time_field), last_rank,
                               crm_entity_get_id (last));
    }
  return g_steal_pointer (&items);
}
