/* rapportd-timeline.h: one customer record's stream, newest first, merged from its sources */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

#define RAPPORTD_TIMELINE_DEFAULT_LIMIT 50
#define RAPPORTD_TIMELINE_MAX_LIMIT 200

typedef enum
{
  RAPPORTD_TIMELINE_ACTIVITY = 1 << 0,
  RAPPORTD_TIMELINE_TASK     = 1 << 1,
  RAPPORTD_TIMELINE_DOCUMENT = 1 << 2,
  RAPPORTD_TIMELINE_APPROVAL = 1 << 3,
  RAPPORTD_TIMELINE_CHANGE   = 1 << 4,
  RAPPORTD_TIMELINE_COMMENT  = 1 << 5,
  RAPPORTD_TIMELINE_ALL      = 0x3f,
} RapportdTimelineKinds;

/* where a page starts: after the item at (at, source, seq) */
typedef struct
{
  gint64  at;
  char   *source;
  gint64  seq;
} RapportdTimelineCursor;

gboolean   rapportd_timeline_has_stream   (const char             *entity);
gboolean   rapportd_timeline_parse_kinds  (const char             *text,
                                           RapportdTimelineKinds  *kinds);
gboolean   rapportd_timeline_parse_cursor (const char             *text,
                                           RapportdTimelineCursor *cursor);
void       rapportd_timeline_cursor_clear (RapportdTimelineCursor *cursor);
JsonNode  *rapportd_timeline_read         (RapportdDb                   *db,
                                           const RapportdActor          *actor,
                                           CrmEntity                    *record,
                                           RapportdTimelineKinds         kinds,
                                           const RapportdTimelineCursor *before,
                                           guint                         limit,
                                           GError                      **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportdTimelineCursor, rapportd_timeline_cursor_clear)

G_END_DECLS
