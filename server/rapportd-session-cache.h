/* rapportd-session-cache.h: recently checked sessions, so a burst of requests costs one lookup */
#pragma once

#include "rapportd-actor.h"

G_BEGIN_DECLS

void     rapportd_session_cache_configure (guint                seconds);
gboolean rapportd_session_cache_lookup    (const char          *token_hash,
                                           RapportdActor       *actor);
void     rapportd_session_cache_store     (const char          *token_hash,
                                           const RapportdActor *actor);
void     rapportd_session_cache_forget    (const char          *token_hash);
void     rapportd_session_cache_clear     (void);

G_END_DECLS
