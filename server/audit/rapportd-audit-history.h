/* rapportd-audit-history.h: audit rows found by record, actor, action or time, personal values opened */
#pragma once

#include <json-glib/json-glib.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  char       *at;
  char       *actor_id;
  char       *actor;
  char       *entity;
  gint64      entity_id;
  char       *action;
  char       *reason;
  JsonNode   *before;
  JsonNode   *after;
} RapportdHistoryRow;

typedef struct
{
  const char *entity;
  gint64      entity_id;
  gint64      actor_id;
  const char *action;
  gint64      from_usec;
  gint64      to_usec;
  /* rows older than this id: the cursor of the next page, newest first */
  gint64      before_id;
  guint       limit;
} RapportdAuditFilter;

GPtrArray *rapportd_audit_query       (RapportdDb                *db,
                                       const RapportdAuditFilter *filter,
                                       GError                   **error);
GPtrArray *rapportd_audit_history     (RapportdDb                *db,
                                       const char                *entity,
                                       gint64                     id,
                                       guint                      limit,
                                       GError                   **error);
void       rapportd_audit_add_row     (JsonBuilder               *builder,
                                       RapportdHistoryRow        *row);
void       rapportd_audit_add_row_labelled (JsonBuilder          *builder,
                                            RapportdHistoryRow   *row,
                                            GHashTable           *labels);

G_END_DECLS
