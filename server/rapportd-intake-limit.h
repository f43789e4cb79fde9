/* rapportd-intake-limit.h: a token bucket per intake key or client address, in this rapportd's memory */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean rapportd_intake_limit_take  (gint64  key_id,
                                      guint   per_minute,
                                      gint64  now_usec,
                                      guint  *retry_after);
gboolean rapportd_intake_limit_take_address (const char *address,
                                             guint       per_minute,
                                             gint64      now_usec,
                                             guint      *retry_after);
guint    rapportd_intake_limit_size  (void);
void     rapportd_intake_limit_reset (void);

G_END_DECLS
