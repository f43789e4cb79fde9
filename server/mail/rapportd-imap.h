/* rapportd-imap.h: one IMAP session over libcurl: the folder's UIDVALIDITY, the UIDs above a mark, whole messages */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportdImap RapportdImap;

RapportdImap *rapportd_imap_open        (const char    *url,
                                         const char    *username,
                                         const char    *password);
GArray       *rapportd_imap_uids_above  (RapportdImap  *imap,
                                         gint64         last_uid,
                                         gint64        *uid_validity,
                                         GError       **error);
GBytes       *rapportd_imap_fetch       (RapportdImap  *imap,
                                         gint64         uid,
                                         GError       **error);
void          rapportd_imap_close       (RapportdImap  *imap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdImap, rapportd_imap_close)

G_END_DECLS
