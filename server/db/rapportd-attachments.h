/* rapportd-attachments.h: documents filed under a record, their versions, downloads and removal */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* the longest file name, in characters */
#define RAPPORTD_ATTACHMENT_NAME_MAX 255

void     rapportd_attachments_set_max_bytes (guint64               max_bytes);
guint64  rapportd_attachments_get_max_bytes (void);
gboolean rapportd_attachments_is_attachable (const char           *collection);
char    *rapportd_attachments_upload        (RapportdDb           *db,
                                             const RapportdActor  *actor,
                                             const char           *collection,
                                             gint64                record_id,
                                             const char           *name,
                                             const char           *declared_type,
                                             GBytes               *content,
                                             GError              **error);
char    *rapportd_attachments_list          (RapportdDb           *db,
                                             const RapportdActor  *actor,
                                             const char           *collection,
                                             gint64                record_id,
                                             GError              **error);
GBytes  *rapportd_attachments_download      (RapportdDb           *db,
                                             const RapportdActor  *actor,
                                             gint64                id,
                                             char                **name,
                                             char                **content_type,
                                             GError              **error);
gboolean rapportd_attachments_remove        (RapportdDb           *db,
                                             const RapportdActor  *actor,
                                             gint64                id,
                                             GError              **error);

G_END_DECLS
