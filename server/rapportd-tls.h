/* rapportd-tls.h: the server's TLS certificate: configured, or self-signed on first start */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GTlsCertificate *rapportd_tls_load (const char  *data_dir,
                                    const char  *cert_path,
                                    const char  *key_path,
                                    GError     **error);

const char      *rapportd_tls_profile (void);

G_END_DECLS
