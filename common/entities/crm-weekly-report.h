/* crm-weekly-report.h: CrmWeeklyReport, a rep's plan or summary of one ISO week, submitted to the manager */
#pragma once

#include "crm-entity.h"

G_BEGIN_DECLS

#define CRM_TYPE_WEEKLY_REPORT (crm_weekly_report_get_type ())

G_DECLARE_FINAL_TYPE (CrmWeeklyReport, crm_weekly_report, CRM, WEEKLY_REPORT, CrmEntity)

gboolean crm_iso_week_parse (const char  *week,
                             GTimeZone   *zone,
                             gint64      *start,
                             gint64      *end);
char    *crm_iso_week_of    (gint64       at,
                             GTimeZone   *zone);

G_END_DECLS
