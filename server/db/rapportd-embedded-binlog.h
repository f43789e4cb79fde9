/* rapportd-embedded-binlog.h: the embedded MariaDB's binary logs, kept for point-in-time recovery */
#pragma once

#include "rapportd-db.h"

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORTD_EMBEDDED_BINLOG_BASENAME "binlog"

char    *rapportd_embedded_binlog_dir     (const char  *data_dir);
gboolean rapportd_embedded_binlog_prepare (const char  *data_dir,
                                           GError     **error);
GStrv    rapportd_embedded_binlog_options (const char  *data_dir,
                                           guint        days,
                                           const char * const *more);
gboolean rapportd_embedded_binlog_drop_plain (const char  *data_dir,
                                              RapportdDb  *db,
                                              GError     **error);

G_END_DECLS
