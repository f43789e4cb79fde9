/* crm-forecast.h: the pipeline's arithmetic — weighted amounts, exact ratios, days in a stage */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-money.h"

G_BEGIN_DECLS

/* amounts in the base currency are kept to the cent, as DECIMAL(18,2) */
#define CRM_FORECAST_SCALE 2

/**
 * CrmRatio:
 * @numerator: how many of them (won, or reached the next stage)
 * @denominator: out of how many (closed, or reached this stage)
 *
 * A rate kept as the two counts it rests on, never as a float.
 */
typedef struct
{
  gint64 numerator;
  gint64 denominator;
} CrmRatio;

gboolean  crm_forecast_weight         (CrmMoney         amount,
                                       gint             probability,
                                       CrmMoney        *out,
                                       GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  crm_forecast_weighted_sum   (const CrmMoney  *amounts,
                                       const gint      *probabilities,
                                       gsize            n,
                                       CrmMoney        *out,
                                       GError         **error) G_GNUC_WARN_UNUSED_RESULT;
CrmRatio  crm_ratio_new               (gint64           numerator,
                                       gint64           denominator);
char     *crm_ratio_percent           (CrmRatio         ratio) G_GNUC_WARN_UNUSED_RESULT;
void      crm_ratio_build_json        (CrmRatio         ratio,
                                       JsonBuilder     *builder);
char     *crm_forecast_average_days   (gint64           total_seconds,
                                       gint64           stays) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
