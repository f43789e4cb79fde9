/* rapportd-jobs-complaints.h: the complaint job: a regulatory report coming due is warned of, one overdue escalated, once */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_jobs_complaints_run (RapportdDb  *db,
                                       gint64       now,
                                       guint       *n_warned,
                                       guint       *n_overdue,
                                       GError     **error);

G_END_DECLS
