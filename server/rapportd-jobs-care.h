/* rapportd-jobs-care.h: the automatic reminders: contracts ending, quotes expiring, customers without activity, contacts' birthdays, each told to its owner once */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_jobs_care_run (RapportdDb  *db,
                                 gint64       now,
                                 guint       *n_told,
                                 GError     **error);

G_END_DECLS
