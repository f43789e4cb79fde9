/* rapportd-tls-guard.h: RapportdTlsGuard, a TLS connection's raw input that refuses renegotiation */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORTD_TYPE_TLS_GUARD (rapportd_tls_guard_get_type ())

G_DECLARE_FINAL_TYPE (RapportdTlsGuard, rapportd_tls_guard, RAPPORTD, TLS_GUARD, GInputStream)

GInputStream *rapportd_tls_guard_new            (GInputStream     *base);
void          rapportd_tls_guard_handshake_done (RapportdTlsGuard *self);

G_END_DECLS
