/* rapport-recent.h: the records a user opened last, per server and login, kept in GSettings */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* how many records each user's list keeps */
#define RAPPORT_RECENT_MAX 10

char  *rapport_recent_user_key (const char *server,
                                const char *login);
void   rapport_recent_remember (GSettings  *settings,
                                const char *user_key,
                                const char *collection,
                                gint64      id);
char **rapport_recent_list     (GSettings  *settings,
                                const char *user_key);
gboolean rapport_recent_parse  (const char  *item,
                                char       **collection,
                                gint64      *id);

G_END_DECLS
