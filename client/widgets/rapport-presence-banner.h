/* rapport-presence-banner.h: RapportPresenceBanner, says above a record who else is editing it */
#pragma once

#include "rapport-record-presence.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_PRESENCE_BANNER (rapport_presence_banner_get_type ())

G_DECLARE_FINAL_TYPE (RapportPresenceBanner, rapport_presence_banner, RAPPORT, PRESENCE_BANNER, GtkWidget)

void        rapport_presence_banner_set_presence (RapportPresenceBanner *self,
                                                  RapportRecordPresence *presence);
gboolean    rapport_presence_banner_get_shown    (RapportPresenceBanner *self);
const char *rapport_presence_banner_get_text     (RapportPresenceBanner *self);

G_END_DECLS
