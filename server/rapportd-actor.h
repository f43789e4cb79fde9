/* rapportd-actor.h: RapportdActor, the signed-in user a request acts for, and what they may see */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64      user_id;
  char       *login;
  char       *name;
  char       *role;
  gint64      team_id;
  /* entity name -> "own", "team", "company" or "none" */
  GHashTable *scopes;
  /* why this request changes what it changes, when the client says */
  char       *reason;
  /* signed in, but must choose a new password before anything else */
  gboolean    must_change_password;
  /* the user's row was read in the write's own transaction, active and
   * under a shared lock (rapportd_auth_refresh_actor()) */
  gboolean    refreshed;
} RapportdActor;

static inline gboolean
rapportd_actor_is_admin (const RapportdActor *actor)
{
  return g_strcmp0 (actor->role, "admin") == 0;
}

/* auditors read everything and change nothing */
static inline gboolean
rapportd_actor_is_read_only (const RapportdActor *actor)
{
  return g_strcmp0 (actor->role, "auditor") == 0;
}

static inline const char *
rapportd_actor_scope (const RapportdActor *actor,
                      const char          *entity)
{
  const char *scope = actor->scopes ? g_hash_table_lookup (actor->scopes, entity) : NULL;

  return scope ? scope : "none";
}

static inline void
rapportd_actor_copy (const RapportdActor *src,
                     RapportdActor       *dest)
{
  dest->user_id = src->user_id;
  dest->login = g_strdup (src->login);
  dest->name = g_strdup (src->name);
  dest->role = g_strdup (src->role);
  dest->team_id = src->team_id;
  dest->scopes = src->scopes ? g_hash_table_ref (src->scopes) : NULL;
  dest->must_change_password = src->must_change_password;
}

static inline void
rapportd_actor_clear (RapportdActor *actor)
{
  g_clear_pointer (&actor->login, g_free);
  g_clear_pointer (&actor->name, g_free);
  g_clear_pointer (&actor->role, g_free);
  g_clear_pointer (&actor->scopes, g_hash_table_unref);
  g_clear_pointer (&actor->reason, g_free);
  actor->refreshed = FALSE;
  actor->user_id = 0;
  actor->team_id = 0;
  actor->must_change_password = FALSE;
}

G_END_DECLS
