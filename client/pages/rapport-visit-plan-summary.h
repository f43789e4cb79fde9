/* rapport-visit-plan-summary.h: RapportVisitPlanSummary, plan versus actual: each rep's visits of an ISO week, planned, done, missed and unplanned */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "pages/rapport-records-page.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_VISIT_PLAN_SUMMARY (rapport_visit_plan_summary_get_type ())

G_DECLARE_FINAL_TYPE (RapportVisitPlanSummary, rapport_visit_plan_summary, RAPPORT, VISIT_PLAN_SUMMARY, GtkWidget)

GtkWidget  *rapport_visit_plan_summary_new      (RapportApi              *api);
void        rapport_visit_plan_summary_add_to   (RapportRecordsPage      *page,
                                                 RapportApi              *api);
void        rapport_visit_plan_summary_reload   (RapportVisitPlanSummary *self);
void        rapport_visit_plan_summary_move     (RapportVisitPlanSummary *self,
                                                 int                      weeks);
const char *rapport_visit_plan_summary_get_week (RapportVisitPlanSummary *self);
gboolean    rapport_visit_plan_summary_get_busy (RapportVisitPlanSummary *self);
GtkGrid    *rapport_visit_plan_summary_get_grid (RapportVisitPlanSummary *self);

G_END_DECLS
