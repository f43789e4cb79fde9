/* crm-business-calendar.c: CrmBusinessCalendar, working hours, holidays and make-up working days kept by administrators */
#include "crm-business-calendar.h"
#include "crm-business-calendar-day.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

struct _CrmBusinessCalendar
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmBusinessCalendar, crm_business_calendar, CRM_TYPE_ENTITY)

/* the most holidays and working days a calendar lists (a few years' worth) */
#define MAX_DAYS 1000

/* The hours of each weekday, "09:00-12:00, 13:30-18:00", blank for a day
 * off; the zone is an IANA name, blank for the server's own. */
static const CrmFieldSpec calendar_fields[] = {
  { "name",       CRM_FIELD_TEXT, .max_len = 100, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "time_zone",  CRM_FIELD_TEXT, .max_len = 64, .flags = CRM_FIELD_COLUMN, .label = N_("Time zone") },
  { "is_default", CRM_FIELD_BOOL, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Default calendar"), .default_value = "false" },
  { "monday",     CRM_FIELD_TEXT, .max_len = 100, .label = N_("Monday hours") },
  { "tuesday",    CRM_FIELD_TEXT, .max_len = 100, .label = N_("Tuesday hours") },
  { "wednesday",  CRM_FIELD_TEXT, .max_len = 100, .label = N_("Wednesday hours") },
  { "thursday",   CRM_FIELD_TEXT, .max_len = 100, .label = N_("Thursday hours") },
  { "friday",     CRM_FIELD_TEXT, .max_len = 100, .label = N_("Friday hours") },
  { "saturday",   CRM_FIELD_TEXT, .max_len = 100, .label = N_("Saturday hours") },
  { "sunday",     CRM_FIELD_TEXT, .max_len = 100, .label = N_("Sunday hours") },
};

/* indexed by GDateWeekday */
static const char * const weekdays[] = {
  NULL, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* a problem of the day at @index, named by the member of the day at fault */
static void
set_day_error (GError       **error,
               guint          index,
               const char    *member,
               const GError  *problem)
{
  g_autofree char *path = g_strdup_printf ("days[%u].%s", index, member);

  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path, _("Day %u: %s"), index + 1, problem->message);
}

static gboolean
add_day (CrmBusinessTime  *time,
         CrmEntity        *day,
         guint             index,
         GError          **error)
{
  const char *kind = crm_entity_get_text (day, "kind");
  const char *hours = crm_entity_get_text (day, "hours");
  g_autofree char *stripped = g_strstrip (g_strdup (hours != NULL ? hours : ""));
  gboolean working = g_strcmp0 (kind, "working_day") == 0;
  const char *last_text = crm_entity_get_text (day, "last_date");
  g_autoptr(GError) problem = NULL;
  GDate date, last;

  if (!parse_date (crm_entity_get_text (day, "date"), &date))
    {
      g_set_error (&problem, CRM_ERROR, CRM_ERROR_VALIDATION, _("A day needs its date (YYYY-MM-DD)"));
      set_day_error (error, index, "date", problem);
      return FALSE;
    }
  if (last_text != NULL && (working || !parse_date (last_text, &last)))
    {
      g_set_error (&problem, CRM_ERROR, CRM_ERROR_VALIDATION, _("Only a holiday has a last day"));
      set_day_error (error, index, "last_date", problem);
      return FALSE;
    }
  if (!working && *stripped != '\0')
    {
      g_set_error (&problem, CRM_ERROR, CRM_ERROR_VALIDATION, _("A holiday has no working hours"));
      set_day_error (error, index, "hours", problem);
      return FALSE;
    }
  if (working ? crm_business_time_add_working_day (time, &date, hours, &problem)
              : crm_business_time_add_holiday (time, &date, last_text != NULL ? &last : NULL, &problem))
    return TRUE;
  set_day_error (error, index, working ? "hours" : "last_date", problem);
  return FALSE;
}

/* a date is listed once: a second entry for it would leave unclear which holds */
static gboolean
check_unique_date (GPtrArray  *days,
                   guint       index,
                   GError    **error)
{
  const char *date = crm_entity_get_text (days->pdata[index], "date");

  for (guint j = 0; j < index; j++)
    if (g_strcmp0 (date, crm_entity_get_text (days->pdata[j], "date")) == 0)
      {
        g_autofree char *path = g_strdup_printf ("days[%u].date", index);

        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, path,
                                   _("Day %u: %s is already day %u"), index + 1, date, j + 1);
        return FALSE;
      }
  return TRUE;
}

/**
 * crm_business_calendar_compile:
 * @calendar: a business calendar, with its days
 * @error: return location for a #GError, naming the field at fault
 *
 * Returns: (transfer full) (nullable): the calendar's business time, to
 *   compute deadlines with, or %NULL when a field is not valid
 */
CrmBusinessTime *
crm_business_calendar_compile (CrmEntity  *calendar,
                               GError    **error)
{
  g_autoptr(CrmBusinessTime) time = NULL;
  g_autoptr(GError) problem = NULL;
  GPtrArray *days;

  g_return_val_if_fail (CRM_IS_BUSINESS_CALENDAR (calendar), NULL);

  if ((time = crm_business_time_new (crm_entity_get_text (calendar, "time_zone"), &problem)) == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "time_zone", "%s", problem->message);
      return NULL;
    }
  for (GDateWeekday weekday = G_DATE_MONDAY; weekday <= G_DATE_SUNDAY; weekday++)
    if (!crm_business_time_set_hours (time, weekday, crm_entity_get_text (calendar, weekdays[weekday]), &problem))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, weekdays[weekday], "%s", problem->message);
        return NULL;
      }
  days = crm_entity_get_lines (calendar);
  if (days != NULL && days->len > MAX_DAYS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "days",
                                 _("A calendar lists at most %d holidays and working days"), MAX_DAYS);
      return NULL;
    }
  for (guint i = 0; days != NULL && i < days->len; i++)
    if (!check_unique_date (days, i, error) || !add_day (time, days->pdata[i], i, error))
      return NULL;
  return g_steal_pointer (&time);
}

static gboolean
crm_business_calendar_derive (CrmEntity    *self,
                              CrmRounding   rounding,
                              GError      **error)
{
  g_autoptr(CrmBusinessTime) time = crm_business_calendar_compile (self, error);
  GPtrArray *days = crm_entity_get_lines (self);

  if (time == NULL)
    return FALSE;
  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      if (crm_entity_get_text (days->pdata[i], "kind") == NULL)
        crm_entity_set_text (days->pdata[i], "kind", "holiday");
      crm_entity_set_int (days->pdata[i], "position", i);
    }
  return TRUE;
}

static void
crm_business_calendar_class_init (CrmBusinessCalendarClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "business_calendar", "business-calendars",
                                   calendar_fields, G_N_ELEMENTS (calendar_fields));
  crm_entity_class_set_labels (entity_class, N_("Business calendar"), N_("Business calendars"));
  entity_class->admin_writes = TRUE;
  entity_class->line_type = CRM_TYPE_BUSINESS_CALENDAR_DAY;
  entity_class->lines_member = "days";
  entity_class->derive = crm_business_calendar_derive;
}

static void
crm_business_calendar_init (CrmBusinessCalendar *self)
{
}
