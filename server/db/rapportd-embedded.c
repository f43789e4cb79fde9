/* rapportd-embedded.c: the private mariadbd that embedded mode initialises and supervises */
#include "rapportd-embedded.h"
#include "crm-error.h"

#include <gio/gio.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#define START_TIMEOUT_SECONDS 120
#define STOP_TIMEOUT_SECONDS 60
#define MAX_RESTARTS 5

struct _RapportdEmbedded
{
  char        *data_dir;
  char        *db_dir;
  char        *socket;
  GSubprocess *process;
  gboolean     stopping;
  GCancellable *cancellable;
  guint        restarts;
  gint64       last_restart;
  /* the pending wait on process; its self is cleared when we stop */
  struct Watch *watch;
};

typedef struct Watch
{
  RapportdEmbedded *self;
} Watch;

static void watch_process (RapportdEmbedded *self);

char *
rapportd_embedded_socket_path (const char *data_dir)
{
  return g_build_filename (data_dir, "db", "mariadb.sock", NULL);
}

static const char *
os_user (void)
{
  struct passwd *pw = getpwuid (geteuid ());

  return pw ? pw->pw_name : "root";
}

static void
params_for_socket (const char       *socket,
                   const char       *database,
                   RapportdDbParams *params)
{
  params->host = g_strdup ("localhost");
  params->port = 0;
  params->socket = g_strdup (socket);
  /* root authenticates by the unix socket as the OS user that runs us */
  params->user = g_strdup ("root");
  params->password = NULL;
  params->database = g_strdup (database);
}

gboolean
rapportd_embedded_is_running (const char *data_dir)
{
  g_autofree char *socket = rapportd_embedded_socket_path (data_dir);
  RapportdDbParams params = { 0 };
  RapportdDb *db;

  if (!g_file_test (socket, G_FILE_TEST_EXISTS))
    return FALSE;
  params_for_socket (socket, NULL, &params);
  db = rapportd_db_open (&params, NULL);
  rapportd_db_params_clear (&params);
  rapportd_db_close (db);
  return db != NULL;
}

static void
child_setup (gpointer user_data)
{
  /* if rapportd dies without a chance to stop it, mariadbd goes too */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
run_install_db (RapportdEmbedded  *self,
                const char        *datadir,
                GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  g_autofree char *datadir_arg = g_strdup_printf ("--datadir=%s", datadir);
  g_autofree char *socket_user = g_strdup_printf ("--auth-root-socket-user=%s", os_user ());
  g_autofree char *user_arg = g_strdup_printf ("--user=%s", os_user ());
  g_autofree char *tmpdir = g_build_filename (self->db_dir, "tmp", NULL);

  /* its own temporary directory: servers initialised side by side never collide */
  g_mkdir_with_parents (tmpdir, 0700);
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmpdir, TRUE);
  g_message ("Initialising a private MariaDB in %s", datadir);
  process = g_subprocess_launcher_spawn (launcher, error,
                                         "mariadb-install-db", "--no-defaults",
                                         datadir_arg, user_arg,
                                         "--auth-root-authentication-method=socket",
                                         socket_user, "--skip-test-db",
                                         "--skip-name-resolve", NULL);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "mariadb-install-db failed:\n%s", output);
      return FALSE;
    }
  return TRUE;
}

static gboolean
spawn_server (RapportdEmbedded  *self,
              GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *datadir = g_build_filename (self->db_dir, "data", NULL);
  g_autofree char *datadir_arg = g_strdup_printf ("--datadir=%s", datadir);
  g_autofree char *socket_arg = g_strdup_printf ("--socket=%s", self->socket);
  g_autofree char *pid_arg = g_strdup_printf ("--pid-file=%s/mariadb.pid", self->db_dir);
  g_autofree char *log_arg = g_strdup_printf ("--log-error=%s/mariadb.err", self->db_dir);
  g_autofree char *user_arg = g_strdup_printf ("--user=%s", os_user ());
  g_autofree char *tmpdir = g_build_filename (self->db_dir, "tmp", NULL);
  g_autofree char *tmpdir_arg = g_strdup_printf ("--tmpdir=%s", tmpdir);

  /* a private temporary directory: several servers on one machine never collide */
  g_mkdir_with_parents (tmpdir, 0700);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error,
                                               "mariadbd", "--no-defaults",
                                               datadir_arg, socket_arg, pid_arg, log_arg, user_arg,
                                               tmpdir_arg,
                                               "--skip-networking", "--skip-name-resolve",
                                               "--character-set-server=utf8mb4",
                                               "--collation-server=utf8mb4_unicode_ci",
                                               "--innodb-buffer-pool-size=256M",
                                               "--innodb-flush-log-at-trx-commit=1",
                                               "--max-connections=300",
                                               "--table-open-cache=2000",
                                               "--default-time-zone=+00:00",
                                               NULL);
  return self->process != NULL;
}

static gboolean
wait_until_ready (RapportdEmbedded  *self,
                  GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  RapportdDbParams params = { 0 };

  params_for_socket (self->socket, NULL, &params);
  while (g_get_monotonic_time () < deadline)
    {
      RapportdDb *db;

      /* let a SIGTERM handler run: starting is abandoned, not waited out */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        {
          rapportd_db_params_clear (&params);
          return FALSE;
        }

      if (g_subprocess_get_identifier (self->process) == NULL)
        break;
      db = rapportd_db_open (&params, NULL);
      if (db != NULL)
        {
          gboolean ok = rapportd_db_exec (db, "CREATE DATABASE IF NOT EXISTS rapport "
                                          "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", error);
          rapportd_db_close (db);
          rapportd_db_params_clear (&params);
          return ok;
        }
      g_usleep (100 * 1000);
    }
  rapportd_db_params_clear (&params);
  g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
               "mariadbd did not become ready; see %s/mariadb.err", self->db_dir);
  return FALSE;
}

static void
process_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Watch *watch = user_data;
  RapportdEmbedded *self = watch->self;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  if (self == NULL)
    return;
  self->watch = NULL;
  if (self->stopping || G_SUBPROCESS (source) != self->process)
    return;

  g_warning ("mariadbd exited unexpectedly; see %s/mariadb.err", self->db_dir);
  if (now - self->last_restart > 60 * G_USEC_PER_SEC)
    self->restarts = 0;
  if (self->restarts >= MAX_RESTARTS)
    {
      g_critical ("mariadbd keeps failing; not restarting it again");
      return;
    }
  self->restarts++;
  self->last_restart = now;
  g_clear_object (&self->process);
  if (!spawn_server (self, &error) || !wait_until_ready (self, &error))
    {
      g_critical ("could not restart mariadbd: %s", error->message);
      return;
    }
  watch_process (self);
}

static void
watch_process (RapportdEmbedded *self)
{
  self->watch = g_new0 (Watch, 1);
  self->watch->self = self;
  g_subprocess_wait_async (self->process, NULL, process_exited, self->watch);
}

/**
 * rapportd_embedded_start:
 * @data_dir: rapportd's data directory
 * @cancellable: (nullable): cancels a start still waiting for mariadbd
 * @error: return location for a #GError
 *
 * Initialises `DATA_DIR/db` on first use, starts mariadbd on the unix socket
 * `DATA_DIR/db/mariadb.sock` without TCP, and waits until database `rapport`
 * accepts connections. mariadbd is restarted if it dies.
 *
 * Returns: (transfer full): the supervisor
 */
RapportdEmbedded *
rapportd_embedded_start (const char    *data_dir,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RapportdEmbedded *self = g_new0 (RapportdEmbedded, 1);
  g_autofree char *datadir = NULL;
  g_autofree char *marker = NULL;

  self->data_dir = g_strdup (data_dir);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->db_dir = g_build_filename (data_dir, "db", NULL);
  self->socket = rapportd_embedded_socket_path (data_dir);
  datadir = g_build_filename (self->db_dir, "data", NULL);
  marker = g_build_filename (datadir, "mysql", NULL);

  if (g_mkdir_with_parents (self->db_dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "cannot create %s: %s", self->db_dir, g_strerror (errno));
      goto fail;
    }
  if (strlen (self->socket) >= 100)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "the data directory path is too long for a unix socket: %s", self->socket);
      goto fail;
    }
  if (rapportd_embedded_is_running (data_dir))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "a MariaDB server already runs on %s; is another rapportd using %s?",
                   self->socket, data_dir);
      goto fail;
    }
  if (!g_file_test (marker, G_FILE_TEST_IS_DIR) && !run_install_db (self, datadir, error))
    goto fail;
  if (!spawn_server (self, error))
    goto fail;
  if (!wait_until_ready (self, error))
    goto fail;
  watch_process (self);
  return self;

fail:
  rapportd_embedded_stop (self);
  return NULL;
}

static gboolean
stop_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * rapportd_embedded_stop:
 * @self: (transfer full): the supervisor
 *
 * Shuts mariadbd down cleanly (SIGTERM), killing it if it takes too long,
 * and waits for it to exit.
 */
void
rapportd_embedded_stop (RapportdEmbedded *self)
{
  if (self == NULL)
    return;
  self->stopping = TRUE;
  if (self->watch)
    self->watch->self = NULL;

  if (self->process && g_subprocess_get_identifier (self->process) != NULL)
    {
      gboolean timed_out = FALSE;
      guint timeout_id;

      g_subprocess_send_signal (self->process, SIGTERM);
      timeout_id = g_timeout_add_seconds (STOP_TIMEOUT_SECONDS, stop_timeout, &timed_out);
      while (g_subprocess_get_identifier (self->process) != NULL && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (timeout_id);
      else
        {
          g_warning ("mariadbd did not stop in %d s; killing it", STOP_TIMEOUT_SECONDS);
          g_subprocess_force_exit (self->process);
          g_subprocess_wait (self->process, NULL, NULL);
        }
    }

  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_free (self->socket);
  g_free (self->db_dir);
  g_free (self->data_dir);
  g_free (self);
}

void
rapportd_embedded_get_params (RapportdEmbedded *self,
                              RapportdDbParams *params)
{
  params_for_socket (self->socket, "rapport", params);
}
