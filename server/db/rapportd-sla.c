/* rapportd-sla.c: a case's service level: its policy, its due instants in business time, its pauses and its state */
#include "rapportd-sla.h"
#include "rapportd-repo.h"
#include "crm-business-calendar.h"
#include "crm-business-time.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* the policy's targets, as the case's policy is chosen or read again */
typedef struct
{
  gint64 id;
  gint64 calendar_id;
  gint64 first_response;
  gint64 resolution;
  gint64 first_response_warn;
  gint64 resolution_warn;
} Targets;

static gboolean
has_time (CrmEntity  *record,
          const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return field >= 0 && crm_entity_has_value (record, field) && !crm_entity_value (record, field)->is_null;
}

static gint64
get_time (CrmEntity  *record,
          const char *name)
{
  return has_time (record, name) ? crm_entity_get_int (record, name) : 0;
}

static void
set_time (CrmEntity  *record,
          const char *name,
          gint64      usec)
{
  if (usec > 0)
    crm_entity_set_int (record, name, usec);
  else
    crm_entity_set_null (record, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name));
}

/* the calendar's business time, the default calendar's for 0; %NULL
 * without an error when there is no default calendar: service levels are
 * then not measured, and cases are still taken */
static CrmBusinessTime *
load_calendar (RapportdDb  *db,
               gint64       id,
               GError     **error)
{
  g_autoptr(CrmEntity) calendar = NULL;

  if (id <= 0)
    {
      g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM `business-calendars` WHERE is_default = 1 AND archived = 0 LIMIT 1");
      g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

      if (result == NULL)
        return NULL;
      if (result->n_rows == 0)
        return NULL;
      id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
    }
  if ((calendar = rapportd_repo_get (db, NULL, CRM_TYPE_BUSINESS_CALENDAR, id, FALSE, error)) == NULL)
    return NULL;
  return crm_business_calendar_compile (calendar, error);
}

static gint64
column_int (RapportdDbResult *result,
            guint             column)
{
  const char *text = rapportd_db_result_get (result, 0, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* the warning instant of a target, as business seconds after the start */
static gint64
warn_seconds (RapportdDbResult *result,
              gint64            target)
{
  const char *percent = rapportd_db_result_get (result, 0, 4);
  const char *minutes = rapportd_db_result_get (result, 0, 5);

  if (minutes != NULL)
    return MAX (0, target - g_ascii_strtoll (minutes, NULL, 10) * 60);
  return target * (percent != NULL ? g_ascii_strtoll (percent, NULL, 10) : 80) / 100;
}

/* the case's category by its name: the text its `category` column holds */
static const char *
category_of (CrmEntity *record)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);

  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type == CRM_FIELD_TEXT &&
        g_strcmp0 (crm_field_spec_get_column (&klass->fields[i]), "category") == 0)
      return crm_entity_get_text (record, klass->fields[i].name);
  return NULL;
}

static const char *policy_columns =
  "SELECT id, calendar_id, first_response_minutes * 60, resolution_minutes * 60, warn_percent, warn_minutes FROM `sla-policies` ";

static gboolean
read_targets (RapportdSql  *sql,
              RapportdDb   *db,
              Targets      *targets,
              GError      **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  memset (targets, 0, sizeof *targets);
  if (result == NULL)
    return FALSE;
  if (result->n_rows == 0)
    return TRUE;
  targets->id = column_int (result, 0);
  targets->calendar_id = column_int (result, 1);
  targets->first_response = column_int (result, 2);
  targets->resolution = column_int (result, 3);
  targets->first_response_warn = warn_seconds (result, targets->first_response);
  targets->resolution_warn = warn_seconds (result, targets->resolution);
  return TRUE;
}

/* The most specific active policy matching the case: priority and
 * category, then category, then priority, then any; the lowest id of equals. */
static gboolean
choose_policy (RapportdDb  *db,
               CrmEntity   *record,
               Targets     *targets,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (policy_columns);
  const char *category = category_of (record);

  rapportd_sql_appendf (sql, "WHERE is_active = 1 AND archived = 0 AND priority IN (?, 'any') "
                        "AND (category IS NULL OR category = ?) "
                        "ORDER BY category IS NOT NULL DESC, priority <> 'any' DESC, id LIMIT 1");
  rapportd_sql_add_text (sql, crm_entity_get_text (record, "priority") ? crm_entity_get_text (record, "priority") : "normal");
  if (category != NULL)
    rapportd_sql_add_text (sql, category);
  else
    rapportd_sql_add_null (sql);
  return read_targets (sql, db, targets, error);
}

static gboolean
read_policy (RapportdDb  *db,
             gint64       id,
             Targets     *targets,
             GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (policy_columns);

  rapportd_sql_appendf (sql, "WHERE id = ?");
  rapportd_sql_add_int (sql, id);
  return read_targets (sql, db, targets, error);
}

/* the stretches the case's clock stood still, in seconds */
static GArray *
load_pauses (RapportdDb  *db,
             gint64       case_id,
             GError     **error)
{
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (CrmBusinessPause));
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT paused_from, paused_to FROM case_sla_pauses WHERE case_id = ? ORDER BY id");
  g_autoptr(RapportdDbResult) result = NULL;

  if (case_id <= 0)
    return g_steal_pointer (&pauses);
  rapportd_sql_add_int (sql, case_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < result->n_rows; i++)
    {
      CrmBusinessPause pause = { 0, 0 };
      gint64 from, to;

      if (!rapportd_sql_parse_time (rapportd_db_result_get (result, i, 0), &from) ||
          !rapportd_sql_parse_time (rapportd_db_result_get (result, i, 1), &to))
        continue;
      pause.from = from / G_USEC_PER_SEC;
      pause.to = to / G_USEC_PER_SEC;
      g_array_append_val (pauses, pause);
    }
  return g_steal_pointer (&pauses);
}

static gboolean
deadline (CrmBusinessTime  *time,
          gint64            start,
          gint64            seconds,
          GArray           *pauses,
          gint64           *usec,
          GError          **error)
{
  gint64 at;

  if (!crm_business_time_deadline (time, start / G_USEC_PER_SEC, seconds,
                                   (const CrmBusinessPause *) pauses->data, pauses->len, &at, error))
    return FALSE;
  *usec = at * G_USEC_PER_SEC;
  return TRUE;
}

/* the calendar as load_calendar() gives it, through @calendars (calendar
 * id, 0 for the default, to its business time or %NULL for none) when
 * given; @owned holds what is not kept there */
static gboolean
cached_calendar (RapportdDb        *db,
                 gint64             id,
                 GHashTable        *calendars,
                 CrmBusinessTime  **owned,
                 CrmBusinessTime  **time,
                 GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer cached = NULL;

  if (calendars != NULL && g_hash_table_lookup_extended (calendars, &id, NULL, &cached))
    {
      *time = cached;
      return TRUE;
    }
  if ((*time = load_calendar (db, id, &local_error)) == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (calendars != NULL)
    g_hash_table_insert (calendars, g_memdup2 (&id, sizeof id), *time);
  else
    *owned = *time;
  return TRUE;
}

/* the due and warning instants of the case's policy, counted from its
 * creation in the policy's calendar, the stretches it was paused not
 * counted; @calendars: see cached_calendar() */
static gboolean
compute_due (RapportdDb  *db,
             CrmEntity   *record,
             gint64       created_at,
             Targets     *targets,
             GHashTable  *calendars,
             GError     **error)
{
  g_autoptr(CrmBusinessTime) owned = NULL;
  CrmBusinessTime *time = NULL;
  g_autoptr(GArray) pauses = NULL;
  gint64 fr_due, fr_warn, res_due, res_warn;

  if (targets->id != 0 && !cached_calendar (db, targets->calendar_id, calendars, &owned, &time, error))
    return FALSE;
  if (time == NULL)
    {
      crm_entity_set_null (record, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "sla_policy"));
      fr_due = fr_warn = res_due = res_warn = 0;
    }
  else
    {
      if ((pauses = load_pauses (db, crm_entity_get_id (record), error)) == NULL ||
          !deadline (time, created_at, targets->first_response, pauses, &fr_due, error) ||
          !deadline (time, created_at, targets->first_response_warn, pauses, &fr_warn, error) ||
          !deadline (time, created_at, targets->resolution, pauses, &res_due, error) ||
          !deadline (time, created_at, targets->resolution_warn, pauses, &res_warn, error))
        return FALSE;
      crm_entity_set_int (record, "sla_policy", targets->id);
    }
  set_time (record, "first_response_due_at", fr_due);
  set_time (record, "first_response_warn_at", fr_warn);
  set_time (record, "resolution_due_at", res_due);
  set_time (record, "resolution_warn_at", res_warn);
  return TRUE;
}

static gboolean
is_paused_status (const char *status)
{
  return g_strcmp0 (status, "waiting_on_customer") == 0 || g_strcmp0 (status, "resolved") == 0 ||
         g_strcmp0 (status, "closed") == 0;
}

/* a pause ended: its stretch is recorded with the business seconds it
 * moves the resolution by */
static gboolean
end_pause (RapportdDb  *db,
           CrmEntity   *before,
           CrmEntity   *after,
           gint64       now,
           GError     **error)
{
  g_autoptr(CrmBusinessTime) time = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 paused_at = get_time (before, "sla_paused_at");
  gint64 seconds = 0;
  Targets targets;

  crm_entity_set_null (after, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (after), "sla_paused_at"));
  if (paused_at <= 0 || !has_time (before, "sla_policy"))
    return TRUE;
  if (!read_policy (db, crm_entity_get_int (before, "sla_policy"), &targets, error))
    return FALSE;
  if (targets.id != 0)
    {
      g_autoptr(GError) local_error = NULL;

      if ((time = load_calendar (db, targets.calendar_id, &local_error)) == NULL)
        {
          if (local_error == NULL)
            return compute_due (db, after, crm_entity_get_int (before, "created_at"), &targets, NULL, error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      seconds = crm_business_time_seconds_between (time, paused_at / G_USEC_PER_SEC, now / G_USEC_PER_SEC, NULL, 0, error);
      if (seconds < 0)
        return FALSE;
    }
  from = rapportd_sql_format_time (paused_at);
  to = rapportd_sql_format_time (now);
  sql = rapportd_sql_new ("INSERT INTO case_sla_pauses (case_id, paused_from, paused_to, business_seconds) VALUES (?, ?, ?, ?)");
  rapportd_sql_add_int (sql, crm_entity_get_id (before));
  rapportd_sql_add_text (sql, from);
  rapportd_sql_add_text (sql, to);
  rapportd_sql_add_int (sql, seconds);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error))
    return FALSE;
  return targets.id == 0 || compute_due (db, after, crm_entity_get_int (before, "created_at"), &targets, NULL, error);
}


/**
 * rapportd_sla_prepare:
 * @db: a connection inside the write's transaction
 * @before: (nullable): the case as stored, %NULL for a new one
 * @after: the case about to be stored
 * @now: the time of the change
 * @error: return location for a #GError
 *
 * A new case, or one whose priority or category changes before it is
 * resolved, is given its policy and due instants. Moving into waiting on
 * the customer, resolved or closed stops the resolution clock; moving back
 * to work records the pause and moves the due instants past it.
 */
gboolean
rapportd_sla_prepare (RapportdDb  *db,
                      CrmEntity   *before,
                      CrmEntity   *after,
                      gint64       now,
                      GError     **error)
{
  const char *from = before != NULL ? crm_entity_get_text (before, "status") : NULL;
  const char *to = crm_entity_get_text (after, "status");
  Targets targets;

  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  if (before == NULL || ((g_strcmp0 (crm_entity_get_text (before, "priority"), crm_entity_get_text (after, "priority")) != 0 ||
                          g_strcmp0 (category_of (before), category_of (after)) != 0) &&
                         !has_time (after, "resolved_at")))
    {
      gint64 created_at = before != NULL ? crm_entity_get_int (before, "created_at") : now;

      if (!choose_policy (db, after, &targets, error) || !compute_due (db, after, created_at, &targets, NULL, error))
        return FALSE;
    }
  if (before != NULL && g_strcmp0 (from, to) != 0)
    {
      if (is_paused_status (to) && !has_time (before, "sla_paused_at"))
        crm_entity_set_int (after, "sla_paused_at", now);
      else if (!is_paused_status (to) && has_time (before, "sla_paused_at") &&
               !end_pause (db, before, after, now, error))
        return FALSE;
    }
  rapportd_sla_update_next (after);
  return TRUE;
}

/* what counting a case's service level again may change */
static const char * const counted[] = {
  "sla_policy", "first_response_due_at", "first_response_warn_at", "resolution_due_at",
  "resolution_warn_at", "sla_next_at", "sla_due_at",
};

/**
 * rapportd_sla_calendar_cache_new:
 *
 * Returns: (transfer full): a cache of calendars' business time for
 *   rapportd_sla_recompute(), to free with g_hash_table_unref()
 */
GHashTable *
rapportd_sla_calendar_cache_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) crm_business_time_free);
}

/**
 * rapportd_sla_recompute:
 * @db: a connection inside the job's transaction
 * @record: an open case as stored, counted again in place
 * @calendars: from rapportd_sla_calendar_cache_new(), kept over a batch
 * @patch: the change to write, given the version read
 * @changed: (out): whether anything changed, and @patch is to be written
 * @error: return location for a #GError
 *
 * Chooses the case's policy again and counts its due and warning instants
 * again from its creation, the pauses recorded not counted, as the
 * policies and calendars now stand. A first response already given keeps
 * the due instant it was met against; the warnings and breaches marked
 * stay, and so the job never gives one twice.
 */
gboolean
rapportd_sla_recompute (RapportdDb  *db,
                        CrmEntity   *record,
                        GHashTable  *calendars,
                        CrmEntity   *patch,
                        gboolean    *changed,
                        GError     **error)
{
  gint64 was[G_N_ELEMENTS (counted)];
  Targets targets;

  g_return_val_if_fail (CRM_IS_ENTITY (record) && CRM_IS_ENTITY (patch) && calendars != NULL, FALSE);

  *changed = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    was[i] = get_time (record, counted[i]);
  if (!choose_policy (db, record, &targets, error) ||
      !compute_due (db, record, crm_entity_get_int (record, "created_at"), &targets, calendars, error))
    return FALSE;
  if (has_time (record, "sla_policy") && has_time (record, "first_response_at") && was[1] > 0)
    {
      set_time (record, "first_response_due_at", was[1]);
      set_time (record, "first_response_warn_at", was[2]);
    }
  rapportd_sla_update_next (record);
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    *changed |= get_time (record, counted[i]) != was[i];
  if (*changed)
    for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
      set_time (patch, counted[i], get_time (record, counted[i]));
  return TRUE;
}

/* the next instant the job acts on for one target: its warning, then its
 * breach; none once it is met or marked breached */
static gint64
next_of (CrmEntity  *record,
         const char *target,
         gboolean    met)
{
  g_autofree char *due = g_strconcat (target, "_due_at", NULL);
  g_autofree char *warn = g_strconcat (target, "_warn_at", NULL);
  g_autofree char *warned = g_strconcat (target, "_warned_at", NULL);
  g_autofree char *breached = g_strconcat (target, "_breached_at", NULL);

  if (met || !has_time (record, due) || has_time (record, breached))
    return 0;
  if (!has_time (record, warned) && has_time (record, warn))
    return get_time (record, warn);
  return get_time (record, due);
}

/* the earlier of two instants, 0 standing for none */
static gint64
earlier (gint64 a,
         gint64 b)
{
  return a > 0 && b > 0 ? MIN (a, b) : MAX (a, b);
}

/**
 * rapportd_sla_update_next:
 * @record: a case
 *
 * Sets the case's sla_next_at: the earliest warning or due instant the
 * SLA job still has to act on, none while its clock is paused or once
 * both targets are met or breached; and its sla_due_at, what the service
 * lists sort by: the earliest due instant of a target not met whose clock
 * runs, breached or not.
 */
void
rapportd_sla_update_next (CrmEntity *record)
{
  gboolean first_met = has_time (record, "first_response_at");
  gboolean resolution_stopped = has_time (record, "resolved_at") || has_time (record, "sla_paused_at");
  gint64 first = next_of (record, "first_response", first_met);
  gint64 resolution = next_of (record, "resolution", resolution_stopped);
  gint64 first_due = first_met ? 0 : get_time (record, "first_response_due_at");
  gint64 resolution_due = resolution_stopped ? 0 : get_time (record, "resolution_due_at");

  g_return_if_fail (CRM_IS_ENTITY (record));

  set_time (record, "sla_next_at", earlier (first, resolution));
  set_time (record, "sla_due_at", earlier (first_due, resolution_due));
}

static CrmBusinessTime *
policy_calendar (RapportdDb  *db,
                 gint64       policy_id,
                 GHashTable  *calendars,
                 GError     **error)
{
  CrmBusinessTime *time = g_hash_table_lookup (calendars, &policy_id);
  Targets targets;

  if (time != NULL)
    return time;
  if (!read_policy (db, policy_id, &targets, error) ||
      (time = load_calendar (db, targets.calendar_id, error)) == NULL)
    return NULL;
  /* kept for the answer: a page of cases reads each policy's calendar once */
  g_hash_table_insert (calendars, g_memdup2 (&policy_id, sizeof policy_id), time);
  return time;
}

/* business seconds from @from to @to, negative when @to is before @from */
static gint64
signed_seconds (CrmBusinessTime *time,
                gint64           from,
                gint64           to)
{
  if (to >= from)
    return crm_business_time_seconds_between (time, from / G_USEC_PER_SEC, to / G_USEC_PER_SEC, NULL, 0, NULL);
  return -crm_business_time_seconds_between (time, to / G_USEC_PER_SEC, from / G_USEC_PER_SEC, NULL, 0, NULL);
}

static void
append_target (GString         *out,
               CrmBusinessTime *time,
               CrmEntity       *record,
               const char      *target,
               gint64           met_at,
               gint64           paused_at,
               gint64           now)
{
  g_autofree char *due_name = g_strconcat (target, "_due_at", NULL);
  g_autofree char *warn_name = g_strconcat (target, "_warn_at", NULL);
  g_autofree char *warned_name = g_strconcat (target, "_warned_at", NULL);
  g_autofree char *breached_name = g_strconcat (target, "_breached_at", NULL);
  gint64 due = get_time (record, due_name);
  gint64 warn = get_time (record, warn_name);
  g_autofree char *due_text = crm_json_format_timestamp (due);
  const char *state;
  gint64 remaining = 0;
  gboolean has_remaining = TRUE;

  if (met_at > 0)
    {
      state = met_at <= due ? "met" : "breached";
      has_remaining = FALSE;
    }
  else if (paused_at > 0)
    {
      state = "paused";
      remaining = signed_seconds (time, paused_at, due);
    }
  else
    {
      remaining = signed_seconds (time, now, due);
      if (has_time (record, breached_name) || now >= due)
        state = "breached";
      else if (has_time (record, warned_name) || (warn > 0 && now >= warn))
        state = "warning";
      else
        state = "ok";
    }
  g_string_append_printf (out, "\"%s\":{\"due_at\":\"%s\",\"state\":\"%s\",\"remaining_business_seconds\":",
                          target, due_text, state);
  if (has_remaining)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "}", remaining);
  else
    g_string_append (out, "null}");
}

/**
 * rapportd_sla_append_state:
 * @db: a connection
 * @record: a case
 * @now: the time to judge it by
 * @calendars: (inout): a cache of each policy's business time over a page
 *   of cases, %NULL at first
 * @out: where to append the "sla" member (with no leading comma)
 * @error: return location for a #GError
 *
 * Appends "sla": the case's policy and, for its first response and its
 * resolution, the due instant, the state (ok, warning, breached, met,
 * paused) and the business seconds left (negative once past, null once
 * met); null for a case without a policy.
 */
gboolean
rapportd_sla_append_state (RapportdDb  *db,
                           CrmEntity   *record,
                           gint64       now,
                           GHashTable **calendars,
                           GString     *out,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CrmBusinessTime *time;
  gint64 policy;

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);

  if (!has_time (record, "sla_policy") || !has_time (record, "first_response_due_at"))
    {
      g_string_append (out, "\"sla\":null");
      return TRUE;
    }
  policy = crm_entity_get_int (record, "sla_policy");
  if (*calendars == NULL)
    *calendars = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) crm_business_time_free);
  if ((time = policy_calendar (db, policy, *calendars, &local_error)) == NULL)
    {
      /* no calendar to count in any more (no default calendar): no state */
      if (local_error == NULL)
        {
          g_string_append (out, "\"sla\":null");
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_string_append_printf (out, "\"sla\":{\"policy_id\":%" G_GINT64_FORMAT ",", policy);
  append_target (out, time, record, "first_response", get_time (record, "first_response_at"), 0, now);
  g_string_append_c (out, ',');
  append_target (out, time, record, "resolution", get_time (record, "resolved_at"),
                 get_time (record, "sla_paused_at"), now);
  g_string_append_c (out, '}');
  return TRUE;
}

static void
add_typed (JsonBuilder *builder,
           const char  *name,
           const char  *type,
           gboolean     nullable,
           const char  *description)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  /* OpenAPI 3.0 (rapportd-api-openapi.c) */
  if (nullable)
    {
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
}

static void
add_target_schema (JsonBuilder *builder,
                   const char  *target,
                   const char  *description)
{
  static const char * const states[] = { "ok", "warning", "breached", "met", "paused" };

  add_typed (builder, target, "object", FALSE, description);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_typed (builder, "due_at", "string", FALSE, "The due instant, in business time");
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "date-time");
  json_builder_end_object (builder);
  add_typed (builder, "state", "string", FALSE, "ok, warning (its warning instant passed), breached, met, or paused (waiting on the customer)");
  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    json_builder_add_string_value (builder, states[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  add_typed (builder, "remaining_business_seconds", "integer", TRUE,
             "The business seconds left to the due instant, negative once past; null once met");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * rapportd_sla_add_schema:
 * @builder: a JSON builder inside a case's schema's "properties"
 *
 * Describes the "sla" member rapportd_sla_append_state() writes.
 */
void
rapportd_sla_add_schema (JsonBuilder *builder)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  add_typed (builder, "sla", "object", TRUE,
             "The service level, as of the request: null for a case no policy applies to");
  json_builder_set_member_name (builder, "readOnly");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_typed (builder, "policy_id", "integer", FALSE, "The SLA policy the case is held to");
  json_builder_end_object (builder);
  add_target_schema (builder, "first_response", "The first response: met by first_response_at");
  add_target_schema (builder, "resolution", "The resolution: met by resolved_at, paused while waiting on the customer");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}
