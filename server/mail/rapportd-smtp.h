/* rapportd-smtp.h: one message handed to an SMTP server over libcurl */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean rapportd_smtp_send (const char  *url,
                             const char  *username,
                             const char  *password,
                             const char  *from,
                             const char  *to,
                             const char  *message,
                             GError     **error);

G_END_DECLS
