/* rapportd-intake-keys.h: intake keys, kept hashed: made, listed, revoked, and looked up by their secret */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* what an intake needs to know of its key */
typedef struct
{
  gint64   id;
  char    *name;
  char    *channel;
  gint64   pool_id;
  gboolean run_rules;
  guint    rate_per_minute;
  /* read from the database in this request, not only remembered */
  gboolean confirmed;
} RapportdIntakeKey;

#define RAPPORTD_INTAKE_KEY_DEFAULT_RATE 60
#define RAPPORTD_INTAKE_KEY_MAX_RATE     100000

void      rapportd_intake_key_clear   (RapportdIntakeKey    *key);

JsonNode *rapportd_intake_key_create  (RapportdDb           *db,
                                       const RapportdActor  *actor,
                                       JsonObject           *body,
                                       GError              **error);
JsonNode *rapportd_intake_keys_list   (RapportdDb           *db,
                                       GError              **error);
JsonNode *rapportd_intake_key_revoke  (RapportdDb           *db,
                                       const RapportdActor  *actor,
                                       gint64                id,
                                       GError              **error);
gboolean  rapportd_intake_key_find    (RapportdDb           *db,
                                       const char           *secret,
                                       RapportdIntakeKey    *out,
                                       GError              **error);
gboolean  rapportd_intake_key_confirm (RapportdDb           *db,
                                       RapportdIntakeKey    *key,
                                       GError              **error);
gboolean  rapportd_intake_key_used    (RapportdDb           *db,
                                       RapportdIntakeKey    *key,
                                       guint                 n,
                                       GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdIntakeKey, rapportd_intake_key_clear)

G_END_DECLS
