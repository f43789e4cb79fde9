/* rapportd-jobs.h: the periodic jobs: approvals past their deadline escalate, documents past their date expire */
#pragma once

#include "rapportd-db.h"
#include "rapportd-pool.h"

G_BEGIN_DECLS

typedef struct
{
  guint escalated;
  guint expired;
  /* records put back into their pool, owners warned of a coming reclaim */
  guint reclaimed;
  guint warned;
  /* task reminders told */
  guint reminded;
  /* automatic reminders told: contracts ending, quotes expiring, idle
   * customers, birthdays */
  guint cared;
  /* webhook deliveries whose backoff ends by then, made due now */
  guint webhooks_due;
} RapportdJobsReport;

gboolean rapportd_jobs_run   (RapportdDb          *db,
                              gint64               now,
                              RapportdJobsReport  *report,
                              GError             **error);
guint    rapportd_jobs_start (RapportdPool        *pool,
                              guint                interval_seconds,
                              guint                lease_seconds);

G_END_DECLS
