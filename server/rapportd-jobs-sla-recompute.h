/* rapportd-jobs-sla-recompute.h: open cases counted again, in batches, after their SLA policy or business calendar changed */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_jobs_sla_recompute_run (RapportdDb  *db,
                                          guint       *n_changed,
                                          gboolean    *more,
                                          GError     **error);

G_END_DECLS
