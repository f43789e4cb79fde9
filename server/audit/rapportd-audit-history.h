/* rapportd-audit-history.h: one record's audit rows, personal values opened */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *at;
  char     *actor_id;
  char     *actor;
  char     *action;
  char     *reason;
  JsonNode *before;
  JsonNode *after;
} RapportdHistoryRow;

GPtrArray *rapportd_audit_history (RapportdDb  *db,
                                   const char  *entity,
                                   gint64       id,
                                   guint        limit,
                                   GError     **error);

G_END_DECLS
