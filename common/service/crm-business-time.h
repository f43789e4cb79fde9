/* crm-business-time.h: business time against a calendar of working hours, holidays and make-up working days */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the furthest the arithmetic looks ahead, in days: a deadline not reached
 * within it (a calendar of holidays only, a pause without end) is an error,
 * never an endless search */
#define CRM_BUSINESS_TIME_MAX_DAYS 3660

/* a stretch of time not counted, [from, to) in seconds since the epoch
 * (a case waiting on its customer) */
typedef struct
{
  gint64 from;
  gint64 to;
} CrmBusinessPause;

typedef struct _CrmBusinessTime CrmBusinessTime;

CrmBusinessTime *crm_business_time_new              (const char               *time_zone,
                                                             GError                  **error);
void                 crm_business_time_free             (CrmBusinessTime      *self);
const char          *crm_business_time_get_time_zone    (CrmBusinessTime      *self);
GTimeZone           *crm_business_time_get_zone         (CrmBusinessTime      *self);

gboolean             crm_business_time_parse_hours      (const char               *text,
                                                             GArray                  **intervals,
                                                             GError                  **error);
gboolean             crm_business_time_set_hours        (CrmBusinessTime      *self,
                                                             GDateWeekday              weekday,
                                                             const char               *hours,
                                                             GError                  **error);
gboolean             crm_business_time_add_holiday      (CrmBusinessTime      *self,
                                                             const GDate              *first,
                                                             const GDate              *last,
                                                             GError                  **error);
gboolean             crm_business_time_add_working_day  (CrmBusinessTime      *self,
                                                             const GDate              *date,
                                                             const char               *hours,
                                                             GError                  **error);

gboolean             crm_business_time_contains         (CrmBusinessTime      *self,
                                                             gint64                    instant);
gint64               crm_business_time_seconds_between  (CrmBusinessTime      *self,
                                                             gint64                    from,
                                                             gint64                    to,
                                                             const CrmBusinessPause   *pauses,
                                                             guint                     n_pauses,
                                                             GError                  **error);
gboolean             crm_business_time_deadline         (CrmBusinessTime      *self,
                                                             gint64                    start,
                                                             gint64                    seconds,
                                                             const CrmBusinessPause   *pauses,
                                                             guint                     n_pauses,
                                                             gint64                   *deadline,
                                                             GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmBusinessTime, crm_business_time_free)

G_END_DECLS
