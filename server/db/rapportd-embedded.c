/* rapportd-embedded.c: the private mariadbd that embedded mode initialises and supervises */
#include "rapportd-embedded.h"
#include "crm-error.h"

#include <gio/gio.h>
#include <errno.h>
#include <mysql.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#define START_TIMEOUT_SECONDS 120
#define STOP_TIMEOUT_SECONDS 60
#define MAX_RESTARTS 5
/* how often a stop looks whether mariadbd has exited */
#define STOP_POLL_MS 20

struct _RapportdEmbedded
{
  char        *data_dir;
  char        *db_dir;
  char        *socket;
  /* [embedded] mariadbd_options, as --NAME=VALUE */
  GStrv        options;
  GSubprocess *process;
  gboolean     stopping;
  GCancellable *cancellable;
  guint        restarts;
  gint64       last_restart;
  /* the pending wait on process; its self is cleared when we stop */
  struct Watch *watch;

  /* A restarted mariadbd is waited for on a thread of its own, so that the
   * main loop goes on answering (503 until it is back). The thread reads
   * only what does not change while it runs; it hands its outcome back to
   * the main context through restart_done, under lock. */
  GMainContext *context;
  GCancellable *restart_cancellable;
  GThread      *restarter;
  GMutex        lock;
  GSource      *restart_done;
  GError       *restart_error;
};

typedef struct Watch
{
  RapportdEmbedded *self;
} Watch;

static void watch_process (RapportdEmbedded *self);
static void restart (RapportdEmbedded *self);

/* what the embedded mode itself decides: where the files are, who runs it,
 * that there is no TCP */
static const char * const reserved_options[] = {
  "datadir", "socket", "pid-file", "log-error", "user", "tmpdir", "networking",
  "port", "bind-address", "defaults-file", "defaults-extra-file",
  "defaults-group-suffix", "no-defaults", "print-defaults",
};

/* NAME or NAME=VALUE, NAME of letters, digits, '-' and '_'; the prefixes
 * that mariadbd reads as modifiers do not hide a reserved NAME */
static char *
option_argument (const char  *option,
                 GError     **error)
{
  const char *equals = strchr (option, '=');
  g_autofree char *name = g_strndup (option, equals ? (gsize) (equals - option) : strlen (option));
  const char *core = name;
  static const char * const modifiers[] = { "loose-", "skip-", "enable-", "disable-", "maximum-" };
  gboolean stripped = TRUE;

  g_strdelimit (name, "_", '-');
  for (const char *c = name; *c; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-')
        core = NULL;
    }
  while (core != NULL && stripped)
    {
      stripped = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
        {
          if (g_str_has_prefix (core, modifiers[i]))
            {
              core += strlen (modifiers[i]);
              stripped = TRUE;
            }
        }
    }
  if (core == NULL || core[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                   _("[embedded] mariadbd_options: “%s” is not a NAME=VALUE setting"), option);
      return NULL;
    }
  if (g_strv_contains (reserved_options, core))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                   _("[embedded] mariadbd_options: “%s” is set by rapportd itself"), core);
      return NULL;
    }
  return g_strdup_printf ("--%s%s", name, equals ? equals : "");
}

static GStrv
option_arguments (const char * const  *options,
                  GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      g_autofree char *option = g_strstrip (g_strdup (options[i]));
      char *argument;

      if (option[0] == '\0')
        continue;
      if ((argument = option_argument (option, error)) == NULL)
        return NULL;
      g_strv_builder_add (builder, argument);
      g_free (argument);
    }
  return g_strv_builder_end (builder);
}

char *
rapportd_embedded_socket_path (const char *data_dir)
{
  return g_build_filename (data_dir, "db", "mariadb.sock", NULL);
}

/**
 * rapportd_embedded_socket_user:
 *
 * The MariaDB account that authenticates through the unix socket as the OS
 * user running us: mariadb-install-db gives root@localhost to the OS user
 * root only, and makes an account of the same name, with all privileges, for
 * the OS user that initialised the data directory (the packaged service's
 * `rapport`).
 *
 * Returns: (transfer none): the OS user's name, root if it has none
 */
const char *
rapportd_embedded_socket_user (void)
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
  /* authenticated by the unix socket as the OS user that runs us */
  params->user = g_strdup (rapportd_embedded_socket_user ());
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
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *output = NULL;
  g_autofree char *datadir_arg = g_strdup_printf ("--datadir=%s", datadir);
  const char *os_user = rapportd_embedded_socket_user ();
  g_autofree char *socket_user = g_strdup_printf ("--auth-root-socket-user=%s", os_user);
  g_autofree char *user_arg = g_strdup_printf ("--user=%s", os_user);
  g_autofree char *tmpdir = g_build_filename (self->db_dir, "tmp", NULL);

  /* its own temporary directory: servers initialised side by side never collide */
  g_mkdir_with_parents (tmpdir, 0700);
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmpdir, TRUE);
  g_message ("Initialising a private MariaDB in %s", datadir);
  g_ptr_array_add (argv, (char *) "mariadb-install-db");
  g_ptr_array_add (argv, (char *) "--no-defaults");
  /* what shapes the files (a tablespace's size, say) must hold from the start */
  for (guint i = 0; self->options[i] != NULL; i++)
    g_ptr_array_add (argv, self->options[i]);
  g_ptr_array_add (argv, datadir_arg);
  g_ptr_array_add (argv, user_arg);
  g_ptr_array_add (argv, (char *) "--auth-root-authentication-method=socket");
  g_ptr_array_add (argv, socket_user);
  g_ptr_array_add (argv, (char *) "--skip-test-db");
  g_ptr_array_add (argv, (char *) "--skip-name-resolve");
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
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
  g_autofree char *user_arg = g_strdup_printf ("--user=%s", rapportd_embedded_socket_user ());
  g_autofree char *tmpdir = g_build_filename (self->db_dir, "tmp", NULL);
  g_autofree char *tmpdir_arg = g_strdup_printf ("--tmpdir=%s", tmpdir);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  static const char * const tunables[] = {
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
    "--innodb-buffer-pool-size=256M",
    "--innodb-flush-log-at-trx-commit=1",
    "--max-connections=300",
    "--table-open-cache=2000",
    "--default-time-zone=+00:00",
  };

  /* a private temporary directory: several servers on one machine never collide */
  g_mkdir_with_parents (tmpdir, 0700);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_ptr_array_add (argv, (char *) "mariadbd");
  g_ptr_array_add (argv, (char *) "--no-defaults");
  for (guint i = 0; i < G_N_ELEMENTS (tunables); i++)
    g_ptr_array_add (argv, (char *) tunables[i]);
  /* the administrator's settings come after our defaults, so they win over them */
  for (guint i = 0; self->options[i] != NULL; i++)
    g_ptr_array_add (argv, self->options[i]);
  g_ptr_array_add (argv, datadir_arg);
  g_ptr_array_add (argv, socket_arg);
  g_ptr_array_add (argv, pid_arg);
  g_ptr_array_add (argv, log_arg);
  g_ptr_array_add (argv, user_arg);
  g_ptr_array_add (argv, tmpdir_arg);
  g_ptr_array_add (argv, (char *) "--skip-networking");
  g_ptr_array_add (argv, (char *) "--skip-name-resolve");
  g_ptr_array_add (argv, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  return self->process != NULL;
}

/* Waits until mariadbd accepts connections and database `rapport` exists.
 * At start-up, on the main thread, it lets a SIGTERM handler run
 * (@iterate_main); a restart waits on a thread of its own and must not. */
static gboolean
wait_until_ready (RapportdEmbedded  *self,
                  GCancellable      *cancellable,
                  gboolean           iterate_main,
                  GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  RapportdDbParams params = { 0 };

  params_for_socket (self->socket, NULL, &params);
  while (g_get_monotonic_time () < deadline)
    {
      RapportdDb *db;

      /* starting is abandoned on SIGTERM, not waited out */
      while (iterate_main && g_main_context_iteration (NULL, FALSE))
        ;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          rapportd_db_params_clear (&params);
          return FALSE;
        }

      if (g_subprocess_get_identifier (self->process) == NULL)
        break;
      db = rapportd_db_connect (&params, NULL);
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

static gboolean
restart_finished (gpointer user_data)
{
  RapportdEmbedded *self = user_data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->restart_done, g_source_unref);
  error = g_steal_pointer (&self->restart_error);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->restarter));

  if (error != NULL)
    {
      g_warning ("restarting mariadbd failed: %s", error->message);
      if (g_subprocess_get_identifier (self->process) != NULL)
        {
          g_subprocess_force_exit (self->process);
          g_subprocess_wait (self->process, NULL, NULL);
        }
      restart (self);
      return G_SOURCE_REMOVE;
    }
  g_message ("mariadbd is ready again");
  rapportd_db_set_restarting (FALSE);
  watch_process (self);
  return G_SOURCE_REMOVE;
}

static gpointer
restart_thread (gpointer data)
{
  RapportdEmbedded *self = data;
  GError *error = NULL;

  wait_until_ready (self, self->restart_cancellable, FALSE, &error);
  /* what the client library kept for this thread goes with it */
  mysql_thread_end ();
  g_mutex_lock (&self->lock);
  self->restart_error = error;
  self->restart_done = g_idle_source_new ();
  g_source_set_callback (self->restart_done, restart_finished, self, NULL);
  g_source_attach (self->restart_done, self->context);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* Spawns mariadbd again on the main thread (its parent-death signal is tied
 * to the spawning thread, which must outlive it) and waits for it elsewhere. */
static void
restart (RapportdEmbedded *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

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
  if (!spawn_server (self, &error))
    {
      g_critical ("could not restart mariadbd: %s", error->message);
      return;
    }
  g_message ("Restarting mariadbd; requests are answered 503 until it is ready");
  self->restarter = g_thread_new ("mariadbd-restart", restart_thread, self);
}

static void
process_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Watch *watch = user_data;
  RapportdEmbedded *self = watch->self;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  if (self == NULL)
    return;
  self->watch = NULL;
  if (self->stopping || G_SUBPROCESS (source) != self->process)
    return;

  g_warning ("mariadbd exited unexpectedly; see %s/mariadb.err", self->db_dir);
  /* until it is back, requests are answered 503 without waiting on it */
  rapportd_db_set_restarting (TRUE);
  restart (self);
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
 * @options: (nullable) (array zero-terminated=1): mariadbd settings, each
 *   NAME=VALUE (or NAME), added to rapportd's own; those that decide where
 *   the files are, who runs it and that there is no TCP are refused
 * @cancellable: (nullable): cancels a start still waiting for mariadbd
 * @error: return location for a #GError
 *
 * Initialises `DATA_DIR/db` on first use, starts mariadbd on the unix socket
 * `DATA_DIR/db/mariadb.sock` without TCP, and waits until database `rapport`
 * accepts connections. mariadbd is restarted if it dies; the wait for it to
 * come back runs off the main loop, which goes on serving meanwhile.
 *
 * Returns: (transfer full): the supervisor
 */
RapportdEmbedded *
rapportd_embedded_start (const char          *data_dir,
                         const char * const  *options,
                         GCancellable        *cancellable,
                         GError             **error)
{
  RapportdEmbedded *self;
  g_autofree char *datadir = NULL;
  g_autofree char *marker = NULL;
  GStrv arguments;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if ((arguments = option_arguments (options, error)) == NULL)
    return NULL;
  self = g_new0 (RapportdEmbedded, 1);
  g_mutex_init (&self->lock);
  self->options = arguments;
  self->context = g_main_context_ref_thread_default ();
  self->restart_cancellable = g_cancellable_new ();
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
  if (!wait_until_ready (self, self->cancellable, TRUE, error))
    goto fail;
  watch_process (self);
  return self;

fail:
  rapportd_embedded_stop (self);
  return NULL;
}

/* Waits for mariadbd to exit without iterating the main context: nothing
 * else (a request, say) runs while we stop. */
static gboolean
wait_for_exit (GSubprocess *process,
               guint        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  /* GSubprocess learns of the exit on GLib's own worker thread */
  while (g_subprocess_get_identifier (process) != NULL)
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (STOP_POLL_MS * 1000);
    }
  return TRUE;
}

/**
 * rapportd_embedded_stop:
 * @self: (transfer full): the supervisor
 *
 * Abandons a restart in progress, shuts mariadbd down cleanly (SIGTERM),
 * killing it if it takes too long, and waits for it to exit. The main
 * context is not iterated meanwhile.
 */
void
rapportd_embedded_stop (RapportdEmbedded *self)
{
  if (self == NULL)
    return;
  self->stopping = TRUE;
  if (self->watch)
    self->watch->self = NULL;

  if (self->restarter)
    {
      g_cancellable_cancel (self->restart_cancellable);
      g_thread_join (g_steal_pointer (&self->restarter));
      g_mutex_lock (&self->lock);
      if (self->restart_done)
        g_source_destroy (self->restart_done);
      g_clear_pointer (&self->restart_done, g_source_unref);
      g_clear_error (&self->restart_error);
      g_mutex_unlock (&self->lock);
    }

  if (self->process && g_subprocess_get_identifier (self->process) != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      if (!wait_for_exit (self->process, STOP_TIMEOUT_SECONDS))
        {
          g_warning ("mariadbd did not stop in %d s; killing it", STOP_TIMEOUT_SECONDS);
          g_subprocess_force_exit (self->process);
          g_subprocess_wait (self->process, NULL, NULL);
        }
    }

  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->restart_cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_strfreev (self->options);
  g_mutex_clear (&self->lock);
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
