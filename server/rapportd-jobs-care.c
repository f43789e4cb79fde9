/* rapportd-jobs-care.c: the automatic reminders: contracts ending, quotes expiring, customers without activity, contacts' birthdays, each told to its owner once */
#include "rapportd-jobs-care.h"
#include "rapportd-event-log.h"
#include "rapportd-audit.h"
#include "crm-json.h"
#include "crm-reminder-setting.h"

/* how far back a customer's idle time may have begun N days ago and still
 * be told: a customer idle for years when the reminder is turned on is not */
#define IDLE_LOOKBACK_DAYS 7

typedef struct
{
  const char *kind;
  const char *entity;
  /* the query's rows: id, owner, subject, date, occurrence; 500 at most a
   * run, the rest wait for the next */
  const char *select;
} CareKind;

/* each candidate is left out once told for its occurrence, or when its
 * owner turned the kind off */
#define NOT_TOLD(kind, alias, occurrence, owner) \
  " AND NOT EXISTS (SELECT 1 FROM reminders_told t WHERE t.kind = '" kind "' AND t.record_id = " alias ".id " \
  "AND t.occurrence = " occurrence ")" \
  " AND NOT EXISTS (SELECT 1 FROM reminder_opt_outs o WHERE o.user_id = " owner " AND o.kind = '" kind "')"

static const CareKind contract_end = {
  "contract_end", "contract",
  "SELECT c.id, c.owner_id, COALESCE(c.title, c.number), CAST(c.end_date AS CHAR), CAST(c.end_date AS CHAR) "
  "FROM contracts c WHERE c.status = 'active' AND c.end_date BETWEEN ? AND ? AND c.archived = 0"
  NOT_TOLD ("contract_end", "c", "CAST(c.end_date AS CHAR) COLLATE utf8mb4_unicode_ci", "c.owner_id")
  " ORDER BY c.end_date, c.id LIMIT 500"
};

static const CareKind quote_expiry = {
  "quote_expiry", "quote",
  "SELECT q.id, q.owner_id, COALESCE(q.title, q.number), CAST(q.valid_until AS CHAR), CAST(q.valid_until AS CHAR) "
  "FROM quotes q WHERE q.status = 'sent' AND q.valid_until BETWEEN ? AND ? AND q.archived = 0"
  NOT_TOLD ("quote_expiry", "q", "CAST(q.valid_until AS CHAR) COLLATE utf8mb4_unicode_ci", "q.owner_id")
  " ORDER BY q.valid_until, q.id LIMIT 500"
};

static const CareKind no_activity = {
  "no_activity", "account",
  "SELECT a.id, a.owner_id, a.name, CAST(a.idle_since AS CHAR), CAST(a.idle_since AS CHAR) "
  "FROM accounts a WHERE a.idle_since > ? AND a.idle_since <= ? AND a.owner_id IS NOT NULL AND a.archived = 0"
  NOT_TOLD ("no_activity", "a", "CAST(a.idle_since AS CHAR) COLLATE utf8mb4_unicode_ci", "a.owner_id")
  " ORDER BY a.idle_since, a.id LIMIT 500"
};

/* a contact without an owner of its own is its account's owner's; a contact
 * erased or whose processing is restricted is not told of */
static const CareKind birthday = {
  "birthday", "contact",
  "SELECT c.id, COALESCE(c.owner_id, a.owner_id), c.name, CAST(c.birthday_md AS CHAR), ? "
  "FROM contacts c JOIN accounts a ON a.id = c.account_id "
  "WHERE c.birthday_md IN (%s) AND c.archived = 0 AND c.erased_at IS NULL AND c.restricted = 0 "
  "AND COALESCE(c.owner_id, a.owner_id) IS NOT NULL"
  NOT_TOLD ("birthday", "c", "?", "COALESCE(c.owner_id, a.owner_id)")
  " ORDER BY c.birthday_md, c.id LIMIT 500"
};

typedef struct
{
  gboolean enabled;
  gint64   days;
} CareSetting;

static gboolean
load_setting (RapportdDb   *db,
              const char   *kind,
              CareSetting  *setting,
              GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT enabled, days FROM `reminder-settings` WHERE kind = ? AND archived = 0");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, kind);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  setting->enabled = result->n_rows == 1 && g_strcmp0 (rapportd_db_result_get (result, 0, 0), "1") == 0;
  setting->days = result->n_rows == 1 ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10) : 0;
  return TRUE;
}

/* "contract.reminder"-like event for the owner alone, shaped as a task's
 * reminder: what it is about, its subject, the date it is about */
static gboolean
tell (RapportdDb      *db,
      const CareKind  *kind,
      gint64           id,
      gint64           owner,
      const char      *subject,
      const char      *date,
      const char      *occurrence,
      gint64           days,
      gint64           now,
      GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) audit = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) audit_root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reminded_at = crm_json_format_timestamp (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, kind->entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject ? subject : "");
  json_builder_set_member_name (builder, "reminder");
  json_builder_add_string_value (builder, kind->kind);
  json_builder_set_member_name (builder, kind == &no_activity ? "last_activity_at" : "date");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "days");
  json_builder_add_int_value (builder, days);
  json_builder_set_member_name (builder, "reminded_at");
  json_builder_add_string_value (builder, reminded_at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = crm_json_to_string (root);

  /* the audit row names the reminder and its occurrence, not the record's
   * personal data */
  json_builder_begin_object (audit);
  json_builder_set_member_name (audit, "reminder");
  json_builder_add_string_value (audit, kind->kind);
  json_builder_set_member_name (audit, "user_id");
  json_builder_add_int_value (audit, owner);
  json_builder_set_member_name (audit, "occurrence");
  json_builder_add_string_value (audit, occurrence);
  json_builder_end_object (audit);
  audit_root = json_builder_get_root (audit);
  after = crm_json_to_string (audit_root);

  return rapportd_event_log_add (db, owner, "record.reminder", kind->entity, id, payload, error) &&
         rapportd_audit_append (db, 0, kind->entity, id, "remind", NULL, NULL, after, error);
}

/* Claims the reminder by its key: of two runs that find it at once, the
 * second waits for the first's transaction and then finds the key taken. */
static gboolean
claim (RapportdDb      *db,
       const CareKind  *kind,
       gint64           id,
       const char      *occurrence,
       gint64           owner,
       gint64           now,
       gboolean        *claimed,
       GError         **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT IGNORE INTO reminders_told (kind, record_id, occurrence, user_id, told_at) "
                                                 "VALUES (?, ?, ?, ?, ?)");
  g_autofree char *at = rapportd_sql_format_time (now);
  guint64 affected = 0;

  rapportd_sql_add_text (sql, kind->kind);
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_text (sql, occurrence);
  rapportd_sql_add_int (sql, owner);
  rapportd_sql_add_text (sql, at);
  if (!rapportd_db_execute (db, sql, &affected, NULL, error))
    return FALSE;
  *claimed = affected == 1;
  return TRUE;
}

/* the birthday's date in @year: 29 February on the 28th in other years */
static char *
birthday_date (guint md,
               gint  year)
{
  guint month = md / 100, day = md % 100;

  if (month == 2 && day == 29 && !g_date_is_leap_year (year))
    day = 28;
  return g_strdup_printf ("%04d-%02u-%02u", year, month, day);
}

/* Tells each candidate the query finds, that no run told before; a row's
 * occurrence is its fifth column. */
static gboolean
tell_found (RapportdDb       *db,
            const CareKind   *kind,
            RapportdDbResult *result,
            gint              birthday_year,
            gint64            days,
            gint64            now,
            guint            *n_told,
            GError          **error)
{
  for (guint i = 0; i < result->n_rows; i++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10);
      gint64 owner = g_ascii_strtoll (rapportd_db_result_get (result, i, 1), NULL, 10);
      const char *occurrence = rapportd_db_result_get (result, i, 4);
      g_autofree char *date = NULL;
      gboolean claimed = FALSE;

      if (kind == &birthday)
        date = birthday_date ((guint) g_ascii_strtoull (rapportd_db_result_get (result, i, 3), NULL, 10), birthday_year);
      else
        date = g_strdup (rapportd_db_result_get (result, i, 3));
      if (!claim (db, kind, id, occurrence, owner, now, &claimed, error))
        return FALSE;
      if (claimed &&
          !tell (db, kind, id, owner, rapportd_db_result_get (result, i, 2), date, occurrence, days, now, error))
        return FALSE;
      if (claimed)
        (*n_told)++;
    }
  return TRUE;
}

/* what lies between @today and @days later */
static gboolean
run_dated (RapportdDb      *db,
           const CareKind  *kind,
           GDateTime       *today,
           gint64           days,
           gint64           now,
           guint           *n_told,
           GError         **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (kind->select);
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GDateTime) last = g_date_time_add_days (today, (gint) days);
  g_autofree char *from = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (last, "%Y-%m-%d");

  rapportd_sql_add_text (sql, from);
  rapportd_sql_add_text (sql, to);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  return tell_found (db, kind, result, 0, days, now, n_told, error);
}

/* the customers whose idle time reached @days at @now, within the lookback */
static gboolean
run_idle (RapportdDb  *db,
          gint64       days,
          gint64       now,
          guint       *n_told,
          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (no_activity.select);
  g_autoptr(RapportdDbResult) result = NULL;
  gint64 cutoff = now - days * G_TIME_SPAN_DAY;
  g_autofree char *after = rapportd_sql_format_time (cutoff - IDLE_LOOKBACK_DAYS * G_TIME_SPAN_DAY);
  g_autofree char *upto = rapportd_sql_format_time (cutoff);

  rapportd_sql_add_text (sql, after);
  rapportd_sql_add_text (sql, upto);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  return tell_found (db, &no_activity, result, 0, days, now, n_told, error);
}

/* the birthdays from @today to @days later, a query for each year the days
 * fall in (two at the turn of the year) */
static gboolean
run_birthdays (RapportdDb  *db,
               GDateTime   *today,
               gint64       days,
               gint64       now,
               guint       *n_told,
               GError     **error)
{
  gint first_year = g_date_time_get_year (today);

  for (gint year = first_year; year <= first_year + 1; year++)
    {
      g_autoptr(GString) days_of_year = g_string_new (NULL);
      g_autoptr(GArray) mds = g_array_new (FALSE, FALSE, sizeof (guint));

      for (gint64 d = 0; d <= MIN (days, CRM_REMINDER_BIRTHDAY_MAX_DAYS); d++)
        {
          g_autoptr(GDateTime) day = g_date_time_add_days (today, (gint) d);
          guint md = (guint) (g_date_time_get_month (day) * 100 + g_date_time_get_day_of_month (day));

          if (g_date_time_get_year (day) != year)
            continue;
          g_array_append_val (mds, md);
          if (md == 228 && !g_date_is_leap_year (year))
            {
              md = 229;
              g_array_append_val (mds, md);
            }
        }
      if (mds->len == 0)
        continue;

      {
        g_autoptr(RapportdSql) sql = NULL;
        g_autoptr(RapportdDbResult) result = NULL;
        g_autofree char *occurrence = g_strdup_printf ("%04d", year);
        g_autofree char *query = NULL;

        for (guint i = 0; i < mds->len; i++)
          g_string_append (days_of_year, i == 0 ? "?" : ", ?");
        query = g_strdup_printf (birthday.select, days_of_year->str);
        sql = rapportd_sql_new (query);
        rapportd_sql_add_text (sql, occurrence);
        for (guint i = 0; i < mds->len; i++)
          rapportd_sql_add_int (sql, g_array_index (mds, guint, i));
        rapportd_sql_add_text (sql, occurrence);
        if ((result = rapportd_db_query (db, sql, error)) == NULL ||
            !tell_found (db, &birthday, result, year, days, now, n_told, error))
          return FALSE;
      }
    }
  return TRUE;
}

/**
 * rapportd_jobs_care_run:
 * @db: a connection inside a transaction
 * @now: the time to judge the dates by (the server's local day)
 * @n_told: (out): how many reminders were told
 * @error: return location for a #GError
 *
 * Tells each owner, with a "record.reminder" event, of each kind of
 * automatic reminder the company turned on (the reminder-settings records)
 * and the owner did not turn off: contracts in force ending within the
 * setting's days, sent quotes whose validity ends within them, owned
 * accounts without activity for that many days (idle time begun at most a
 * week before that, so a reminder turned on tells of the customers who
 * became idle lately, not of every one idle for years), contacts whose
 * birthday falls within them (29 February on 28 February in other years).
 * Each is told once for its occurrence (the contract's end date, the
 * quote's date, the start of the idle time, the year of the birthday),
 * however many rapportd run the job at once, and audited as told.
 */
gboolean
rapportd_jobs_care_run (RapportdDb  *db,
                        gint64       now,
                        guint       *n_told,
                        GError     **error)
{
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) today = NULL;
  const CareKind *dated[] = { &contract_end, &quote_expiry };
  CareSetting setting;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (n_told != NULL, FALSE);

  *n_told = 0;
  moment = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  today = g_date_time_new_local (g_date_time_get_year (moment), g_date_time_get_month (moment),
                                 g_date_time_get_day_of_month (moment), 12, 0, 0);

  for (guint k = 0; k < G_N_ELEMENTS (dated); k++)
    if (!load_setting (db, dated[k]->kind, &setting, error) ||
        (setting.enabled && !run_dated (db, dated[k], today, setting.days, now, n_told, error)))
      return FALSE;
  if (!load_setting (db, no_activity.kind, &setting, error) ||
      (setting.enabled && setting.days > 0 && !run_idle (db, setting.days, now, n_told, error)))
    return FALSE;
  if (!load_setting (db, birthday.kind, &setting, error) ||
      (setting.enabled && !run_birthdays (db, today, setting.days, now, n_told, error)))
    return FALSE;
  return TRUE;
}
