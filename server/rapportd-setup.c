/* rapportd-setup.c: bring the database up (embedded or external), migrate it, create the first admin */
#include "rapportd-setup.h"
#include "rapportd-auth.h"
#include "rapportd-embedded.h"
#include "rapportd-embedded-binlog.h"
#include "rapportd-embedded-encryption.h"
#include "rapportd-migrate.h"
#include "rapportd-password.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-user.h"

#include <glib/gstdio.h>
#include <string.h>

/* The embedded mariadbd's settings: encryption at rest first, unless turned
 * off, then the administrator's [embedded] mariadbd_options */
static GStrv
embedded_options (const RapportdConfig  *config,
                  GError               **error)
{
  g_autofree char *own_key = NULL;

  if (config->embedded_encryption && config->embedded_key_file == NULL)
    own_key = rapportd_embedded_encryption_key_path (config->data_dir);
  if (!rapportd_embedded_encryption_check_data_dir (config->data_dir, config->embedded_encryption,
                                                    own_key, error))
    return NULL;
  if (!config->embedded_encryption)
    return g_strdupv (config->embedded_options ? config->embedded_options : (char *[]) { NULL });
  /* only rapportd's own key is made here; the organisation's must be there */
  if (!rapportd_embedded_encryption_key_ensure (own_key ? own_key : config->embedded_key_file,
                                                own_key != NULL, error))
    return NULL;
  return rapportd_embedded_encryption_options (own_key ? own_key : config->embedded_key_file,
                                               (const char * const *) config->embedded_options);
}

/**
 * rapportd_setup_database:
 * @config: the configuration
 * @reuse_running: in embedded mode, use a mariadbd that already runs on the
 *   data directory (a running rapportd's) instead of failing
 * @cancellable: (nullable): abandons starting the embedded database
 * @embedded: (out) (transfer full) (nullable): the supervisor of the mariadbd
 *   started here, or %NULL
 * @params: (out caller-allocates): how to connect
 * @error: return location for a #GError
 *
 * Leaves the database migrated to the newest schema.
 */
gboolean
rapportd_setup_database (const RapportdConfig  *config,
                         gboolean               reuse_running,
                         GCancellable          *cancellable,
                         RapportdEmbedded     **embedded,
                         RapportdDbParams      *params,
                         GError               **error)
{
  RapportdDb *db;
  guint applied = 0;
  gboolean ok;

  *embedded = NULL;
  memset (params, 0, sizeof *params);

  if (!config->embedded)
    rapportd_db_params_copy (&config->db, params);
  else if (reuse_running && rapportd_embedded_is_running (config->data_dir))
    {
      params->socket = rapportd_embedded_socket_path (config->data_dir);
      params->host = g_strdup ("localhost");
      /* the account the socket authenticates the OS user running us as (not root unless we are) */
      params->user = g_strdup (rapportd_embedded_socket_user ());
      params->database = g_strdup ("rapport");
    }
  else
    {
      g_auto(GStrv) settings = embedded_options (config, error);
      g_auto(GStrv) options = NULL;

      if (settings == NULL || !rapportd_embedded_binlog_prepare (config->data_dir, error))
        return FALSE;
      /* binary logs for point-in-time recovery, unless the settings say otherwise */
      options = rapportd_embedded_binlog_options (config->data_dir, config->backup_binlog_days,
                                                  (const char * const *) settings);
      *embedded = rapportd_embedded_start (config->data_dir, (const char * const *) options,
                                           cancellable, error);
      if (*embedded == NULL)
        return FALSE;
      rapportd_embedded_get_params (*embedded, params);
    }

  db = rapportd_db_open (params, error);
  if (db == NULL)
    return FALSE;
  /* the binary logs of a database written before encryption was turned on */
  ok = *embedded == NULL || !config->embedded_encryption ||
       rapportd_embedded_binlog_drop_plain (config->data_dir, db, error);
  ok = ok && rapportd_migrate (db, &applied, error);
  rapportd_db_close (db);
  if (ok && applied > 0)
    g_message ("Applied %u migration(s)", applied);
  return ok;
}

/**
 * rapportd_setup_admin:
 * @db: a connection
 * @data_dir: where to leave the password
 * @error: return location for a #GError
 *
 * On a database without users, creates `admin` with a random password and
 * writes it to `DATA_DIR/initial-admin-password`, readable by the owner only.
 */
gboolean
rapportd_setup_admin (RapportdDb  *db,
                      const char  *data_dir,
                      GError     **error)
{
  g_autoptr(RapportdSql) count = rapportd_sql_new ("SELECT COUNT(*) FROM users");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, count, error);
  g_autoptr(CrmEntity) admin = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autofree char *password = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "admin" };

  if (result == NULL)
    return FALSE;
  if (g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) > 0)
    return TRUE;

  admin = crm_entity_new (CRM_TYPE_USER);
  crm_entity_set_text (admin, "login", "admin");
  crm_entity_set_text (admin, "name", "Administrator");
  crm_entity_set_text (admin, "role", "admin");
  password = rapportd_auth_random_secret (15);

  if (!rapportd_db_begin (db, error))
    return FALSE;
  stored = rapportd_repo_create (db, &system, admin, error);
  /* the initial password is a secret in a file: the administrator must replace it */
  if (stored == NULL ||
      !rapportd_password_set (db, crm_entity_get_id (stored), password, TRUE, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }

  path = g_build_filename (data_dir, "initial-admin-password", NULL);
  contents = g_strdup_printf ("%s\n", password);
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error) ||
      !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  g_message ("Created user “admin”; its initial password is in %s", path);
  return TRUE;
}
