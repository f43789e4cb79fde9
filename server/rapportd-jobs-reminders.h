/* rapportd-jobs-reminders.h: the reminder job: each task whose reminder is due is told to its assignee, once */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_jobs_reminders_run (RapportdDb  *db,
                                      gint64       now,
                                      guint       *n_reminded,
                                      GError     **error);

G_END_DECLS
