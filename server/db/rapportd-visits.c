/* rapportd-visits.c: a visit plan's check-out, check-in and recorded visit, plan versus actual a week, and weekly reports' submission */
#include "rapportd-visits.h"
#include "rapportd-repo-private.h"
#include "rapportd-tasks.h"
#include "crm-account.h"
#include "crm-activity.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-visit-plan.h"
#include "crm-weekly-report.h"

#include <glib/gi18n-lib.h>

static CrmValue *
field (CrmEntity  *entity,
       const char *name)
{
  return crm_entity_value (entity, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), name));
}

static gboolean
is_set (CrmEntity  *entity,
        const char *name)
{
  CrmValue *value = field (entity, name);

  return value->set && !value->is_null;
}

/* a new plan's place is its account's address until the rep gives one */
static gboolean
visit_plan_prepare (RapportdDb           *db,
                    const RapportdActor  *actor,
                    CrmEntity            *before,
                    CrmEntity            *after,
                    gboolean              as_server,
                    GError              **error)
{
  g_autoptr(CrmEntity) account = NULL;
  const char *address;
  const char *place;

  place = is_set (after, "place") ? crm_entity_get_text (after, "place") : NULL;
  if (before != NULL || (place != NULL && place[0] != '\0') || !is_set (after, "account"))
    return TRUE;
  /* read as the server: an account the rep may not see is refused by the
   * reference check that follows, and the plan is not stored */
  account = rapportd_repo_get (db, NULL, CRM_TYPE_ACCOUNT, field (after, "account")->i, FALSE, NULL);
  address = account != NULL && is_set (account, "address") ? crm_entity_get_text (account, "address") : NULL;
  if (address != NULL && address[0] != '\0')
    {
      g_autofree char *cut = g_utf8_substring (address, 0, MIN (g_utf8_strlen (address, -1), 200));

      crm_entity_set_text (after, "place", cut);
    }
  return TRUE;
}

const RapportdRepoRules rapportd_visit_plan_rules = {
  "visit_plan", visit_plan_prepare, NULL,
};

/* submitted_at follows the move to submitted */
static gboolean
weekly_report_prepare (RapportdDb           *db,
                       const RapportdActor  *actor,
                       CrmEntity            *before,
                       CrmEntity            *after,
                       gboolean              as_server,
                       GError              **error)
{
  const char *status = crm_entity_get_text (after, "status");
  const char *was = before != NULL ? crm_entity_get_text (before, "status") : NULL;

  if (g_strcmp0 (status, "submitted") == 0 && g_strcmp0 (was, "submitted") != 0)
    crm_entity_set_int (after, "submitted_at", g_get_real_time ());
  return TRUE;
}

const RapportdRepoRules rapportd_weekly_report_rules = {
  "weekly_report", weekly_report_prepare, NULL,
};

static gboolean
check_status (CrmEntity   *plan,
              const char  *expected,
              const char  *message,
              GError     **error)
{
  if (g_strcmp0 (crm_entity_get_text (plan, "status"), expected) == 0)
    return TRUE;
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT, message);
  return FALSE;
}

/**
 * rapportd_visits_step:
 * @db: a connection inside the request's transaction
 * @actor: who steps; they must be able to change the plan
 * @id: the visit plan
 * @step: leaving (a planned visit) or returning (one checked out)
 * @place: (nullable): where the rep goes or is, kept on the plan
 * @error: return location for a #GError; %CRM_ERROR_CONFLICT out of order
 *
 * Records the server's time of the step and moves the plan's status on.
 *
 * Returns: (transfer full): the plan as stored
 */
CrmEntity *
rapportd_visits_step (RapportdDb           *db,
                      const RapportdActor  *actor,
                      gint64                id,
                      RapportdVisitStep     step,
                      const char           *place,
                      GError              **error)
{
  g_autoptr(CrmEntity) plan = NULL;
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_VISIT_PLAN);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if ((plan = rapportd_repo_get (db, actor, CRM_TYPE_VISIT_PLAN, id, TRUE, error)) == NULL)
    return NULL;
  if (step == RAPPORTD_VISIT_CHECK_OUT)
    {
      if (!check_status (plan, "planned", _("Only a planned visit can be checked out"), error))
        return NULL;
      crm_entity_set_text (patch, "status", "checked_out");
      crm_entity_set_int (patch, "checked_out_at", g_get_real_time ());
    }
  else
    {
      if (!check_status (plan, "checked_out", _("Only a visit checked out can be checked in"), error))
        return NULL;
      crm_entity_set_text (patch, "status", "checked_in");
      /* never before its check-out, whatever the clock did */
      crm_entity_set_int (patch, "checked_in_at", MAX (g_get_real_time (), field (plan, "checked_out_at")->i));
    }
  if (place != NULL && place[0] != '\0')
    crm_entity_set_text (patch, "place", place);
  crm_entity_set_version (patch, crm_entity_get_version (plan));
  return rapportd_repo_update_as_server (db, actor, id, patch, error);
}

static void
copy_value (CrmEntity  *from,
            const char *from_name,
            CrmEntity  *to,
            const char *to_name)
{
  CrmValue *source = field (from, from_name);
  CrmValue *target = field (to, to_name);

  if (!source->set || source->is_null)
    return;
  target->set = TRUE;
  target->is_null = FALSE;
  target->i = source->i;
  g_free (target->s);
  target->s = g_strdup (source->s);
}

/**
 * rapportd_visits_record:
 * @db: a connection inside the request's transaction
 * @actor: who records; they must be able to change the plan
 * @id: the visit plan, checked in
 * @activity: (out) (transfer full): the visit recorded
 * @error: return location for a #GError; %CRM_ERROR_CONFLICT unless the
 *   plan is checked in
 *
 * Makes the visit activity from the plan (its account and contact, from
 * check-out to check-in, its purpose as the subject, its place, its
 * owner's) and links it to the plan, which is then done.
 *
 * Returns: (transfer full): the plan as stored
 */
CrmEntity *
rapportd_visits_record (RapportdDb           *db,
                        const RapportdActor  *actor,
                        gint64                id,
                        CrmEntity           **activity,
                        GError              **error)
{
  g_autoptr(CrmEntity) plan = NULL;
  g_autoptr(CrmEntity) visit = crm_entity_new (CRM_TYPE_ACTIVITY);
  g_autoptr(CrmEntity) created = NULL;
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_VISIT_PLAN);
  CrmEntity *stored;
  const char *purpose;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (activity != NULL && *activity == NULL, NULL);

  if ((plan = rapportd_repo_get (db, actor, CRM_TYPE_VISIT_PLAN, id, TRUE, error)) == NULL ||
      !check_status (plan, "checked_in", _("Only a visit checked in can be recorded"), error))
    return NULL;

  purpose = is_set (plan, "purpose") ? crm_entity_get_text (plan, "purpose") : NULL;
  crm_entity_set_text (visit, "kind", "visit");
  crm_entity_set_text (visit, "subject", purpose != NULL && purpose[0] != '\0' ? purpose : _("Visit"));
  copy_value (plan, "account", visit, "account");
  copy_value (plan, "contact", visit, "contact");
  copy_value (plan, "owner", visit, "owner");
  copy_value (plan, "place", visit, "place");
  copy_value (plan, "checked_out_at", visit, "starts_at");
  copy_value (plan, "checked_in_at", visit, "ends_at");
  if ((created = rapportd_repo_create (db, actor, visit, error)) == NULL)
    return NULL;

  crm_entity_set_version (patch, crm_entity_get_version (plan));
  crm_entity_set_text (patch, "status", "done");
  crm_entity_set_int (patch, "activity", crm_entity_get_id (created));
  if ((stored = rapportd_repo_update_as_server (db, actor, id, patch, error)) == NULL)
    return NULL;
  *activity = g_steal_pointer (&created);
  return stored;
}

/**
 * rapportd_visits_summary:
 * @db: a connection
 * @actor: who reads; only the plans they may see are counted
 * @week: (nullable): an ISO week such as "2026-W49", in the zone of
 *   rapportd_tasks_time_zone(); %NULL: this week
 * @owner_id: one rep, or 0 for every rep whose plans the reader sees
 * @error: return location for a #GError
 *
 * Plan versus actual: for each rep, the visits planned in the week (by
 * their planned time), those checked in, those recorded and those
 * cancelled; those missed (planned before now, neither recorded nor
 * cancelled); and the visits recorded in the week (by their start)
 * that no plan led to, unplanned, among the activities the reader sees.
 *
 * Returns: (transfer full): {"week", "starts_at", "ends_at", "items": [{"owner_id",
 *   "owner_name", "planned", "checked_in", "recorded", "cancelled",
 *   "missed", "unplanned"}]}
 */
JsonNode *
rapportd_visits_summary (RapportdDb           *db,
                         const RapportdActor  *actor,
                         const char           *week,
                         gint64                owner_id,
                         GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (CRM_TYPE_VISIT_PLAN);
  g_autoptr(GTypeClass) activity_class = g_type_class_ref (CRM_TYPE_ACTIVITY);
  g_autofree char *now_text = rapportd_sql_format_time (g_get_real_time ());
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (rapportd_tasks_time_zone ());
  g_autofree char *this_week = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *start_json = NULL;
  g_autofree char *end_json = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 start;
  gint64 end;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  if (week == NULL)
    week = this_week = crm_iso_week_of (g_get_real_time (), zone);
  if (!crm_iso_week_parse (week, zone, &start, &end))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "week", _("week must be an ISO week such as 2026-W49"));
      return NULL;
    }
  start_text = rapportd_sql_format_time (start);
  end_text = rapportd_sql_format_time (end);

  rapportd_sql_append (sql, "SELECT s.owner_id, u.name, SUM(s.planned), SUM(s.checked_in), SUM(s.recorded), "
                       "SUM(s.cancelled), SUM(s.missed), SUM(s.unplanned) FROM ("
                       "SELECT owner_id, COUNT(*) AS planned, SUM(checked_in_at IS NOT NULL) AS checked_in, "
                       "SUM(activity_id IS NOT NULL) AS recorded, SUM(status = 'cancelled') AS cancelled, "
                       "SUM(activity_id IS NULL AND status <> 'cancelled' AND planned_at < ?) AS missed, 0 AS unplanned "
                       "FROM `visit-plans` WHERE archived = 0 AND planned_at >= ? AND planned_at < ?");
  rapportd_sql_add_text (sql, now_text);
  rapportd_sql_add_text (sql, start_text);
  rapportd_sql_add_text (sql, end_text);
  if (owner_id > 0)
    {
      rapportd_sql_append (sql, " AND owner_id = ?");
      rapportd_sql_add_int (sql, owner_id);
    }
  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  /* the visits recorded without a plan, by their start */
  rapportd_sql_append (sql, " GROUP BY owner_id UNION ALL SELECT owner_id, 0, 0, 0, 0, 0, COUNT(*) FROM activities "
                       "WHERE archived = 0 AND kind = 'visit' AND starts_at >= ? AND starts_at < ? "
                       "AND NOT EXISTS (SELECT 1 FROM `visit-plans` p WHERE p.activity_id = activities.id)");
  rapportd_sql_add_text (sql, start_text);
  rapportd_sql_add_text (sql, end_text);
  if (owner_id > 0)
    {
      rapportd_sql_append (sql, " AND owner_id = ?");
      rapportd_sql_add_int (sql, owner_id);
    }
  rapportd_repo_append_scope (sql, CRM_ENTITY_CLASS (activity_class), actor, FALSE);
  rapportd_sql_append (sql, " GROUP BY owner_id) s LEFT JOIN users u ON u.id = s.owner_id "
                       "GROUP BY s.owner_id, u.name ORDER BY u.name, s.owner_id");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;

  start_json = crm_json_format_timestamp (start);
  end_json = crm_json_format_timestamp (end);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "week");
  json_builder_add_string_value (builder, week);
  json_builder_set_member_name (builder, "starts_at");
  json_builder_add_string_value (builder, start_json);
  json_builder_set_member_name (builder, "ends_at");
  json_builder_add_string_value (builder, end_json);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->n_rows; i++)
    {
      static const char * const counts[] = { "planned", "checked_in", "recorded", "cancelled", "missed", "unplanned" };
      const char *owner = rapportd_db_result_get (result, i, 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "owner_id");
      if (owner != NULL)
        json_builder_add_int_value (builder, g_ascii_strtoll (owner, NULL, 10));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "owner_name");
      json_builder_add_string_value (builder, rapportd_db_result_get (result, i, 1));
      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        {
          const char *count = rapportd_db_result_get (result, i, 2 + c);

          json_builder_set_member_name (builder, counts[c]);
          json_builder_add_int_value (builder, count != NULL ? g_ascii_strtoll (count, NULL, 10) : 0);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
