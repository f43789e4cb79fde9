/* rapportd-actor.h: RapportdActor, the signed-in user a request acts for */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  user_id;
  char   *login;
  char   *name;
  char   *role;
} RapportdActor;

static inline gboolean
rapportd_actor_is_admin (const RapportdActor *actor)
{
  return g_strcmp0 (actor->role, "admin") == 0;
}

static inline void
rapportd_actor_clear (RapportdActor *actor)
{
  g_clear_pointer (&actor->login, g_free);
  g_clear_pointer (&actor->name, g_free);
  g_clear_pointer (&actor->role, g_free);
  actor->user_id = 0;
}

G_END_DECLS
