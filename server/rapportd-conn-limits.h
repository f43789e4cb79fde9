/* rapportd-conn-limits.h: RapportdConnLimits, connections and TLS handshakes counted across every HTTP thread */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportdConnLimits RapportdConnLimits;

RapportdConnLimits *rapportd_conn_limits_new             (guint               max_connections,
                                                          guint               max_handshakes_per_address,
                                                          guint               max_handshakes);
RapportdConnLimits *rapportd_conn_limits_ref             (RapportdConnLimits *limits);
void                rapportd_conn_limits_unref           (RapportdConnLimits *limits);
gboolean            rapportd_conn_limits_open            (RapportdConnLimits *limits);
void                rapportd_conn_limits_close           (RapportdConnLimits *limits);
guint               rapportd_conn_limits_get_open        (RapportdConnLimits *limits);
guint               rapportd_conn_limits_get_handshakes  (RapportdConnLimits *limits);
gboolean            rapportd_conn_limits_start_handshake (RapportdConnLimits *limits,
                                                          const char         *address);
void                rapportd_conn_limits_end_handshake   (RapportdConnLimits *limits,
                                                          const char         *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdConnLimits, rapportd_conn_limits_unref)

G_END_DECLS
