/* rapportd-mail-secret.h: mailbox passwords sealed under a key derived from the data directory's key */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rapportd_mail_secret_seal (const char  *password,
                                 GError     **error);
char *rapportd_mail_secret_open (const char  *sealed,
                                 GError     **error);

G_END_DECLS
