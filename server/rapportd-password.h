/* rapportd-password.h: the password policy, and setting a password with its history */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

#define RAPPORTD_PASSWORD_HISTORY 5

gboolean rapportd_password_check (RapportdDb  *db,
                                  gint64       user_id,
                                  const char  *login,
                                  const char  *password,
                                  guint        min_length,
                                  GError     **error);
gboolean rapportd_password_set   (RapportdDb  *db,
                                  gint64       user_id,
                                  const char  *password,
                                  gboolean     must_change,
                                  GError     **error);

G_END_DECLS
