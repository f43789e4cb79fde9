/* crm-business-calendar-day.c: CrmBusinessCalendarDay, a holiday or a make-up working day of a business calendar */
#include "crm-business-calendar-day.h"

#include <glib/gi18n-lib.h>

struct _CrmBusinessCalendarDay
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmBusinessCalendarDay, crm_business_calendar_day, CRM_TYPE_ENTITY)

static const char * const kinds[] = { "holiday", "working_day", NULL };

static const char * const kind_labels[] = { N_("Holiday"), N_("Make-up working day"), NULL };

/* A holiday runs from its date to its last date (one day without it); a
 * working day (a 调休 Saturday, or a day of shorter hours) is worked for its
 * hours, whatever its weekday and any holiday around it say. */
static const CrmFieldSpec day_fields[] = {
  { "position",  CRM_FIELD_INT,  .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Position") },
  { "date",      CRM_FIELD_DATE, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("Date") },
  { "last_date", CRM_FIELD_DATE, .flags = CRM_FIELD_COLUMN, .label = N_("Last day of the holiday") },
  { "kind",      CRM_FIELD_ENUM, .enum_values = kinds, .enum_labels = kind_labels, .flags = CRM_FIELD_COLUMN, .label = N_("Kind of day"), .default_value = "holiday" },
  { "hours",     CRM_FIELD_TEXT, .max_len = 100, .flags = CRM_FIELD_COLUMN, .label = N_("Working hours") },
  { "name",      CRM_FIELD_TEXT, .max_len = 100, .flags = CRM_FIELD_COLUMN, .label = N_("Occasion") },
};

static void
crm_business_calendar_day_class_init (CrmBusinessCalendarDayClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "business_calendar_day", "business-calendar-days",
                                   day_fields, G_N_ELEMENTS (day_fields));
  crm_entity_class_set_labels (entity_class, N_("Calendar day"), N_("Calendar days"));
  entity_class->parent_column = "calendar_id";
}

static void
crm_business_calendar_day_init (CrmBusinessCalendarDay *self)
{
}
