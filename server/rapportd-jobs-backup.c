/* rapportd-jobs-backup.c: the daily backup rapportd makes itself ([backup] time, directory, retention, key_file) */
#include "rapportd-jobs-backup.h"
#include "rapportd-event-log.h"
#include "rapportd-metrics.h"
#include "rapportd-repo.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define CHECK_SECONDS 60
#define NAME_PREFIX "rapport-"
#define NAME_SUFFIX ".backup"
/* the binary logs rapport-admin backup ships beside the archive */
#define BINLOGS_PREFIX "rapport-binlogs-"
#define BINLOGS_SUFFIX ".binlogs"
/* rapport-YYYYMMDDTHHMMSSZ.backup */
#define NAME_LENGTH (strlen (NAME_PREFIX) + 16 + strlen (NAME_SUFFIX))

struct _RapportdJobsBackup
{
  char         *admin;
  char         *data_dir;
  char         *config_path;
  char         *directory;
  char         *key_file;
  guint         minute_of_day;
  guint         retention;
  RapportdPool *pool;
  GCancellable *cancellable;
  gboolean      running;
  /* the scheduled moment (Unix seconds) last tried, so a failure is tried
   * again at the next one, not every minute */
  gint64        tried_for;
  guint         source;
};

typedef struct
{
  gboolean  ok;
  char     *file;
  char     *problem;
} Outcome;

static gint
by_name (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_archive_name (const char *name)
{
  return strlen (name) == NAME_LENGTH && g_str_has_prefix (name, NAME_PREFIX) && g_str_has_suffix (name, NAME_SUFFIX);
}

/* the archives in the directory, oldest first: their names sort by time */
static GPtrArray *
archives (RapportdJobsBackup *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (self->directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_archive_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, by_name);
  return names;
}

/* the newest archive's time, 0 without one */
static gint64
newest_archive (RapportdJobsBackup *self)
{
  g_autoptr(GPtrArray) names = archives (self);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) when = NULL;
  const char *name;

  if (names->len == 0)
    return 0;
  name = names->pdata[names->len - 1];
  /* YYYYMMDDTHHMMSSZ as ISO 8601's basic format, which GLib reads */
  iso = g_strndup (name + strlen (NAME_PREFIX), 16);
  when = g_date_time_new_from_iso8601 (iso, utc);
  return when ? g_date_time_to_unix (when) : 0;
}

/* the binary logs shipped before the oldest archive kept was made: no
 * archive kept starts in them (the one its backup ends in is shipped
 * with it, after it) */
static void
prune_binlogs (RapportdJobsBackup *self,
               const char         *oldest)
{
  g_autofree char *before = g_strconcat (BINLOGS_PREFIX, oldest + strlen (NAME_PREFIX), NULL);
  g_autoptr(GDir) dir = g_dir_open (self->directory, 0, NULL);
  const char *name;

  /* rapport-binlogs-YYYYMMDDTHHMMSSZ…, compared to the same length */
  before[strlen (BINLOGS_PREFIX) + 16] = '\0';
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, BINLOGS_PREFIX) || !g_str_has_suffix (name, BINLOGS_SUFFIX) ||
          strncmp (name, before, strlen (before)) >= 0)
        continue;
      path = g_build_filename (self->directory, name, NULL);
      if (g_unlink (path) == 0)
        g_message ("Removed the binary logs %s, older than the oldest backup kept", path);
    }
}

static void
prune (RapportdJobsBackup *self)
{
  g_autoptr(GPtrArray) names = archives (self);

  for (guint i = 0; i + self->retention < names->len; i++)
    {
      g_autofree char *path = g_build_filename (self->directory, names->pdata[i], NULL);

      if (g_unlink (path) == 0)
        g_message ("Removed the old backup %s (retention %u)", path, self->retention);
    }
  if (names->len > 0)
    prune_binlogs (self, names->pdata[names->len > self->retention ? names->len - self->retention : 0]);
}

/* every active administrator is told, through the event log */
static gboolean
notify_admins (RapportdDb *db,
               gpointer    data)
{
  Outcome *outcome = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM users WHERE role = 'admin' AND active = 1");
  g_autoptr(RapportdDbResult) admins = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  if (db == NULL)
    return TRUE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, outcome->ok);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, outcome->file);
  if (outcome->problem)
    {
      json_builder_set_member_name (builder, "problem");
      json_builder_add_string_value (builder, outcome->problem);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  if (!rapportd_db_begin (db, &error) || (admins = rapportd_db_query (db, sql, &error)) == NULL)
    goto failed;
  for (guint r = 0; r < admins->n_rows; r++)
    if (!rapportd_event_log_add (db, g_ascii_strtoll (rapportd_db_result_get (admins, r, 0), NULL, 10),
                                 "backup", NULL, 0, payload, &error))
      goto failed;
  if (rapportd_db_commit (db, &error))
    return TRUE;
failed:
  rapportd_db_rollback (db);
  g_warning ("telling the administrators of the backup failed: %s", error ? error->message : "?");
  return TRUE;
}

static void
outcome_free (gpointer data,
              gboolean ran)
{
  Outcome *outcome = data;

  g_free (outcome->file);
  g_free (outcome->problem);
  g_free (outcome);
}

static void
backup_finished (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportdJobsBackup *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  Outcome *outcome;
  char *file;

  file = g_object_steal_data (source, "rapportd-backup-file");
  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &output, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (file);
      return;
    }
  self->running = FALSE;
  outcome = g_new0 (Outcome, 1);
  outcome->file = file;
  outcome->ok = error == NULL && g_subprocess_get_successful (G_SUBPROCESS (source));
  if (outcome->ok)
    {
      g_message ("Scheduled backup written to %s", file);
      rapportd_metrics_note_backup (g_get_real_time () / G_USEC_PER_SEC);
      prune (self);
    }
  else
    {
      outcome->problem = g_strdup (error ? error->message : g_strstrip (output ? output : g_strdup ("")));
      g_warning ("Scheduled backup to %s failed: %s", file, outcome->problem);
    }
  rapportd_pool_push (self->pool, notify_admins, outcome_free, outcome);
}

static void
start_backup (RapportdJobsBackup *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *name = g_strconcat (NAME_PREFIX, stamp, NAME_SUFFIX, NULL);
  char *file = g_build_filename (self->directory, name, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;

  g_ptr_array_add (argv, self->admin);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  if (self->config_path)
    {
      g_ptr_array_add (argv, (char *) "--config");
      g_ptr_array_add (argv, self->config_path);
    }
  g_ptr_array_add (argv, (char *) "backup");
  g_ptr_array_add (argv, (char *) "--out");
  g_ptr_array_add (argv, file);
  g_ptr_array_add (argv, (char *) "--key-file");
  g_ptr_array_add (argv, self->key_file);
  g_ptr_array_add (argv, NULL);
  g_message ("Starting the scheduled backup to %s", file);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  if (process == NULL)
    {
      Outcome *outcome = g_new0 (Outcome, 1);

      g_warning ("Scheduled backup to %s failed: %s", file, error->message);
      outcome->file = file;
      outcome->problem = g_strdup (error->message);
      rapportd_pool_push (self->pool, notify_admins, outcome_free, outcome);
      return;
    }
  self->running = TRUE;
  g_object_set_data (G_OBJECT (process), "rapportd-backup-file", file);
  g_subprocess_communicate_utf8_async (process, NULL, self->cancellable, backup_finished, self);
}

/* the most recent scheduled moment, today's or yesterday's */
static gint64
last_moment (RapportdJobsBackup *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), self->minute_of_day / 60,
                                                    self->minute_of_day % 60, 0);
  gint64 moment = g_date_time_to_unix (today);

  return moment <= g_date_time_to_unix (now) ? moment : moment - 24 * 3600;
}

static gboolean
check (gpointer data)
{
  RapportdJobsBackup *self = data;
  gint64 moment = last_moment (self);

  /* one try a moment; none while one runs; none if an archive of that moment is there */
  if (self->running || self->tried_for == moment)
    return G_SOURCE_CONTINUE;
  self->tried_for = moment;
  if (newest_archive (self) < moment)
    start_backup (self);
  return G_SOURCE_CONTINUE;
}

/* rapport-admin beside rapportd (a build tree), or on PATH (installed: rapportd is in sbin) */
static char *
find_admin (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self_exe ? g_path_get_dirname (self_exe) : NULL;
  g_autofree char *sibling = dir ? g_build_filename (dir, "rapport-admin", NULL) : NULL;
  char *found;

  if (sibling && g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&sibling);
  found = g_find_program_in_path ("rapport-admin");
  return found ? found : g_strdup ("rapport-admin");
}

/**
 * rapportd_jobs_backup_start:
 * @config: the configuration; without `[backup] time` nothing is scheduled
 * @pool: the worker pool (not owned), through which administrators are told
 *
 * Checks once a minute, and at once, whether the day's backup is due
 * (`[backup] time`, UTC, and no archive in `[backup] directory` since), and
 * if so runs `rapport-admin backup` into that directory without blocking
 * the main loop; keeps the newest `[backup] retention` archives. Success and
 * failure go to the log and, as a `backup` event, to every active administrator.
 *
 * Returns: (transfer full) (nullable): the schedule, or %NULL without one
 */
RapportdJobsBackup *
rapportd_jobs_backup_start (const RapportdConfig *config,
                            RapportdPool         *pool)
{
  RapportdJobsBackup *self;

  g_return_val_if_fail (config != NULL && pool != NULL, NULL);

  if (config->backup_minute_of_day < 0)
    return NULL;
  self = g_new0 (RapportdJobsBackup, 1);
  self->admin = find_admin ();
  self->data_dir = g_strdup (config->data_dir);
  self->config_path = g_strdup (config->path);
  self->directory = g_strdup (config->backup_directory);
  self->key_file = g_strdup (config->backup_key_file);
  self->minute_of_day = config->backup_minute_of_day;
  self->retention = config->backup_retention;
  self->pool = pool;
  self->cancellable = g_cancellable_new ();
  g_mkdir_with_parents (self->directory, 0700);
  g_message ("Backups daily at %02u:%02u UTC into %s, the newest %u kept", self->minute_of_day / 60,
             self->minute_of_day % 60, self->directory, self->retention);
  self->source = g_timeout_add_seconds (CHECK_SECONDS, check, self);
  check (self);
  return self;
}

/**
 * rapportd_jobs_backup_stop:
 * @self: (transfer full) (nullable): the schedule
 *
 * Stops checking; a backup that runs is left to finish on its own.
 */
void
rapportd_jobs_backup_stop (RapportdJobsBackup *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->admin);
  g_free (self->data_dir);
  g_free (self->config_path);
  g_free (self->directory);
  g_free (self->key_file);
  g_free (self);
}
