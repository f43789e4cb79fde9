/* rapportd-jobs-sla.h: the SLA job: cases whose warning or due instant has passed are marked, told and audited, once */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_jobs_sla_run (RapportdDb  *db,
                                gint64       now,
                                guint       *n_warned,
                                guint       *n_breached,
                                GError     **error);

G_END_DECLS
