/* crm-weekly-report.c: CrmWeeklyReport, a rep's plan or summary of one ISO week, submitted to the manager */
#include "crm-weekly-report.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _CrmWeeklyReport
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmWeeklyReport, crm_weekly_report, CRM_TYPE_ENTITY)

static const char * const kinds[] = { "plan", "summary", NULL };

static const char * const kind_labels[] = {
  NC_("weekly report", "Weekly plan"), NC_("weekly report", "Weekly summary"), NULL
};

static const char * const statuses[] = { "draft", "submitted", NULL };

static const char * const status_labels[] = {
  NC_("weekly report", "Draft"), NC_("weekly report", "Submitted"), NULL
};

static const CrmStatusTransition transitions[] = {
  { NULL,    "draft" },
  { "draft", "submitted" },
  { NULL,    NULL },
};

/* a submitted report is what the manager read: no one changes it (423) */
static const char * const editable[] = { "draft", NULL };

/* The owner is the rep who writes it; one of each kind a week. */
static const CrmFieldSpec weekly_report_fields[] = {
  { "week",         CRM_FIELD_TEXT,      .max_len = 8, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Week (such as 2026-W49)") },
  { "kind",         CRM_FIELD_ENUM,      .enum_values = kinds, .enum_labels = kind_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("weekly report", "Kind"), .context = "weekly report", .default_value = "plan" },
  { "text",         CRM_FIELD_LONG_TEXT, .max_len = 20000, .flags = CRM_FIELD_SEARCHABLE, .label = N_("Text") },
  { "status",       CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("weekly report", "Status"), .context = "weekly report", .default_value = "draft" },
  { "submitted_at", CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Submitted at") },
  { "owner",        CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_COLUMN | CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
};

/**
 * crm_iso_week_parse:
 * @week: an ISO 8601 week such as "2026-W49"
 * @zone: the zone whose midnights bound the week
 * @start: (out) (optional): its Monday 00:00, µs since the epoch
 * @end: (out) (optional): the next Monday 00:00
 *
 * Returns: whether @week names a week that exists
 */
gboolean
crm_iso_week_parse (const char *week,
                    GTimeZone  *zone,
                    gint64     *start,
                    gint64     *end)
{
  guint64 year;
  guint64 number;
  g_autoptr(GDateTime) jan4 = NULL;
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *year_text = NULL;

  g_return_val_if_fail (zone != NULL, FALSE);

  if (week == NULL || strlen (week) != 8 || week[4] != '-' || week[5] != 'W' ||
      !g_ascii_isdigit (week[6]) || !g_ascii_isdigit (week[7]))
    return FALSE;
  year_text = g_strndup (week, 4);
  if (!g_ascii_string_to_unsigned (year_text, 10, 1970, 9998, &year, NULL) ||
      !g_ascii_string_to_unsigned (week + 6, 10, 1, 53, &number, NULL))
    return FALSE;
  /* week 1 holds 4 January */
  jan4 = g_date_time_new (zone, (int) year, 1, 4, 0, 0, 0);
  if (jan4 == NULL)
    return FALSE;
  monday = g_date_time_add_days (jan4, (int) (number - 1) * 7 - (g_date_time_get_day_of_week (jan4) - 1));
  if (g_date_time_get_week_numbering_year (monday) != (int) year)
    return FALSE;
  next = g_date_time_add_weeks (monday, 1);
  if (start != NULL)
    *start = g_date_time_to_unix (monday) * G_USEC_PER_SEC;
  if (end != NULL)
    *end = g_date_time_to_unix (next) * G_USEC_PER_SEC;
  return TRUE;
}

/**
 * crm_iso_week_of:
 * @at: a time, µs since the epoch
 * @zone: the zone whose calendar counts
 *
 * Returns: (transfer full): the ISO week holding @at, such as "2026-W49"
 */
char *
crm_iso_week_of (gint64     at,
                 GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (zone != NULL, NULL);

  local = g_date_time_to_timezone (utc, zone);
  return g_strdup_printf ("%04d-W%02d", g_date_time_get_week_numbering_year (local),
                          g_date_time_get_week_of_year (local));
}

static gboolean
crm_weekly_report_derive (CrmEntity    *self,
                          CrmRounding   rounding,
                          GError      **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self), "week");
  CrmValue *value = crm_entity_value (self, index);

  if (!value->set || value->is_null)
    return TRUE;
  if (!crm_iso_week_parse (value->s, utc, NULL, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "week",
                                 _("week must be an ISO week such as 2026-W49"));
      return FALSE;
    }
  return TRUE;
}

static void
crm_weekly_report_class_init (CrmWeeklyReportClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "weekly_report", "weekly-reports",
                                   weekly_report_fields, G_N_ELEMENTS (weekly_report_fields));
  crm_entity_class_set_labels (entity_class, N_("Weekly report"), N_("Weekly reports"));
  entity_class->status_transitions = transitions;
  entity_class->editable_statuses = editable;
  entity_class->derive = crm_weekly_report_derive;
}

static void
crm_weekly_report_init (CrmWeeklyReport *self)
{
}
