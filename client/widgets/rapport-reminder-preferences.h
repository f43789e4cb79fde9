/* rapport-reminder-preferences.h: RapportReminderPreferences, the automatic reminders the signed-in user receives, turned on or off */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REMINDER_PREFERENCES (rapport_reminder_preferences_get_type ())

G_DECLARE_FINAL_TYPE (RapportReminderPreferences, rapport_reminder_preferences, RAPPORT, REMINDER_PREFERENCES, AdwPreferencesPage)

GtkWidget *rapport_reminder_preferences_new        (RapportApi                 *api);
gboolean   rapport_reminder_preferences_is_loaded  (RapportReminderPreferences *self);
GtkWidget *rapport_reminder_preferences_get_switch (RapportReminderPreferences *self,
                                                    const char                 *kind);

G_END_DECLS
