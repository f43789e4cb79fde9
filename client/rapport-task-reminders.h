/* rapport-task-reminders.h: a task's reminder, heard over the event WebSocket, shown as a desktop notification */
#pragma once

#include <gio/gio.h>

#include "rapport-api.h"

G_BEGIN_DECLS

void rapport_task_reminders_watch (GApplication *app,
                                   RapportApi   *api);

G_END_DECLS
