/* rapportd-spool.h: RapportdSpool, a large request body written to an unlinked file under the data directory and handed on as a read-only mapping */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportdSpool RapportdSpool;

void           rapportd_spool_configure (const char     *data_dir);
gboolean       rapportd_spool_admits    (const char     *authorization,
                                         GError        **error);
RapportdSpool *rapportd_spool_new       (guint64         length,
                                         GError        **error);
gboolean       rapportd_spool_write     (RapportdSpool  *self,
                                         const void     *data,
                                         gsize           length,
                                         GError        **error);
guint64        rapportd_spool_get_size  (RapportdSpool  *self);
GBytes        *rapportd_spool_finish    (RapportdSpool  *self,
                                         GError        **error);
void           rapportd_spool_free      (RapportdSpool  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdSpool, rapportd_spool_free)

G_END_DECLS
