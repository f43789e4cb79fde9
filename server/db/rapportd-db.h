/* rapportd-db.h: one MariaDB connection with cached prepared statements */
#pragma once

#include <glib.h>

#include "rapportd-sql.h"

G_BEGIN_DECLS

typedef struct
{
  char  *host;
  guint  port;
  char  *socket;
  char  *user;
  char  *password;
  char  *database;
  /* [database] nodes: HOST:PORT of each cluster node, tried in turn
   * instead of host and port */
  char **nodes;
} RapportdDbParams;

typedef struct _RapportdDb RapportdDb;

typedef struct
{
  guint       n_rows;
  guint       n_cols;
  /* n_rows × n_cols values, NULL for SQL NULL */
  char      **cells;
  char      **names;
} RapportdDbResult;

void              rapportd_db_params_clear  (RapportdDbParams  *params);
void              rapportd_db_params_copy   (const RapportdDbParams *src,
                                             RapportdDbParams  *dest);

RapportdDb       *rapportd_db_open          (const RapportdDbParams *params,
                                             GError           **error);
RapportdDb       *rapportd_db_connect       (const RapportdDbParams *params,
                                             GError           **error);
void              rapportd_db_set_restarting (gboolean          is_restarting);
void              rapportd_db_close         (RapportdDb        *db);
gboolean          rapportd_db_is_broken     (RapportdDb        *db);
guint             rapportd_db_cached_statements (RapportdDb   *db);
guint             rapportd_db_cached_statements_total (void);
guint64           rapportd_db_connection_id (RapportdDb        *db);
gboolean          rapportd_db_in_transaction (RapportdDb       *db);
gboolean          rapportd_db_take_retryable (RapportdDb       *db);
gboolean          rapportd_db_can_retry_elsewhere (RapportdDb  *db);

gboolean          rapportd_db_exec          (RapportdDb        *db,
                                             const char        *statement,
                                             GError           **error);
gboolean          rapportd_db_ping          (RapportdDb        *db,
                                             GError           **error);
gboolean          rapportd_db_exec_script   (RapportdDb        *db,
                                             const char        *script,
                                             GError           **error);
RapportdDbResult *rapportd_db_query         (RapportdDb        *db,
                                             RapportdSql       *sql,
                                             GError           **error);
RapportdDbResult *rapportd_db_query_uncached (RapportdDb       *db,
                                             RapportdSql       *sql,
                                             GError           **error);
gboolean          rapportd_db_execute       (RapportdDb        *db,
                                             RapportdSql       *sql,
                                             guint64           *affected_rows,
                                             guint64           *insert_id,
                                             GError           **error);
gboolean          rapportd_db_execute_uncached (RapportdDb     *db,
                                                RapportdSql    *sql,
                                                guint64        *affected_rows,
                                                guint64        *insert_id,
                                                GError        **error);
gboolean          rapportd_db_execute_rows  (RapportdDb        *db,
                                             RapportdSql       *sql,
                                             guint              n_rows,
                                             GError           **error);
gboolean          rapportd_db_begin         (RapportdDb        *db,
                                             GError           **error);
gboolean          rapportd_db_commit        (RapportdDb        *db,
                                             GError           **error);
void              rapportd_db_rollback      (RapportdDb        *db);

const char       *rapportd_db_result_get    (RapportdDbResult  *result,
                                             guint              row,
                                             guint              col);
void              rapportd_db_result_free   (RapportdDbResult  *result);

const char       *rapportd_db_duplicate_key (const GError      *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdDbResult, rapportd_db_result_free)

G_END_DECLS
