/* rapportd-activities.h: activities' own rules: the edit window, corrections, participants, the records' last activity */
#pragma once

#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

/* the company's edit window when rapportd.conf sets none */
#define RAPPORTD_ACTIVITY_EDIT_HOURS_DEFAULT 24

extern const RapportdRepoRules rapportd_activity_rules;

void       rapportd_activities_set_edit_hours (guint                 hours);
guint      rapportd_activities_get_edit_hours (void);
gboolean   rapportd_activities_close          (RapportdDb           *db,
                                               gint64                now,
                                               guint                *n_closed,
                                               GError              **error);
CrmEntity *rapportd_activities_correct        (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               gint64                id,
                                               CrmEntity            *changes,
                                               const char           *reason,
                                               gint64                version,
                                               CrmEntity           **original,
                                               GError              **error);

G_END_DECLS
