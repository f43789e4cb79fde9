/* crm-rrule.h: RFC 5545 recurrence rules (RRULE), parsed and expanded by libical */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean crm_rrule_check (const char  *rule,
                          GError     **error);
gboolean crm_rrule_next  (const char  *rule,
                          gint64       start,
                          gint64       after,
                          const char  *tzid,
                          gint64      *next,
                          GError     **error);

G_END_DECLS
