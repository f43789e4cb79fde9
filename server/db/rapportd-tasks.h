/* rapportd-tasks.h: a task's server-kept fields, its next occurrence when done, snoozing and the agenda */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "rapportd-repo-rules.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORTD_TASKS_OVERDUE,
  RAPPORTD_TASKS_TODAY,
  RAPPORTD_TASKS_UPCOMING,
} RapportdTasksView;

extern const RapportdRepoRules rapportd_task_rules;

const char *rapportd_tasks_time_zone (void);
CrmEntity  *rapportd_tasks_snooze    (RapportdDb           *db,
                                      const RapportdActor  *actor,
                                      gint64                id,
                                      gint64                until,
                                      GError              **error);
GPtrArray  *rapportd_tasks_agenda    (RapportdDb           *db,
                                      const RapportdActor  *actor,
                                      RapportdTasksView     view,
                                      gint64                now,
                                      guint                 limit,
                                      GError              **error);

G_END_DECLS
