/* rapportd-db-errors.h: what MariaDB's errors mean to a request, and the log of a server short of space or memory */
#pragma once

#include "crm-error.h"

G_BEGIN_DECLS

CrmErrorCode rapportd_db_error_code              (unsigned int  err,
                                                  const char   *message);
gboolean     rapportd_db_error_breaks_connection (unsigned int  err);
void         rapportd_db_error_log_shortage      (unsigned int  err,
                                                  const char   *message);

G_END_DECLS
