/* rapport-admin-pitr.c: rapport-admin restore --until, a backup brought forward to a moment by replaying shipped binary logs */
#include "rapport-admin-backup.h"
#include "rapport-admin-binlogs.h"
#include "rapportd-embedded-binlog.h"
#include "rapportd-embedded-encryption.h"
#include "rapportd-setup.h"
#include "rapportd-sql.h"
#include "crm-error.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* @text: `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC, or with an offset
 * (`+08:00`, `Z`); a `T` may stand for the space */
static GDateTime *
parse_until (const char  *text,
                           GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = g_strdup (text);
  GDateTime *until = NULL;

  /* the date and the time, at least: not a week or an ordinal date */
  if (strlen (iso) >= 19 && iso[4] == '-' && iso[7] == '-' && (iso[10] == ' ' || iso[10] == 'T') && iso[13] == ':' &&
      iso[16] == ':')
    {
      iso[10] = 'T';
      until = g_date_time_new_from_iso8601 (iso, utc);
    }
  if (until == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                   "--until: “%s” is not a time; give YYYY-MM-DD HH:MM:SS[.ffffff] in UTC, "
                   "or with an offset such as +08:00", text);
      return NULL;
    }
  return until;
}

/* the binary log and position of the backup's consistent point, which
 * mariadb-backup wrote as "FILE<TAB>POSITION<TAB>GTID" */
static gboolean
backup_position (const char  *data_dir,
                 char       **file,
                 guint64     *position,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "db", "data", "xtrabackup_binlog_info", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      g_strv_length (fields = g_strsplit_set (g_strstrip (text), "\t ", -1)) < 2)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                           "the backup was made without binary logs: it restores only as it is, without --until");
      return FALSE;
    }
  *file = g_strdup (fields[0]);
  *position = g_ascii_strtoull (fields[1], NULL, 10);
  return TRUE;
}

/* when mariadb-backup finished: "end_time = YYYY-MM-DD HH:MM:SS" in
 * xtrabackup_info, in the local time of the machine it ran on */
static GDateTime *
backup_end (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "db", "data", "xtrabackup_info", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *at;
  char iso[20];

  if (!g_file_get_contents (path, &text, NULL, NULL) || (at = strstr (text, "end_time = ")) == NULL ||
      strlen (at += strlen ("end_time = ")) < 19)
    return NULL;
  memcpy (iso, at, 19);
  iso[19] = '\0';
  iso[10] = 'T';
  return g_date_time_new_from_iso8601 (iso, local);
}

/* the shipped binary logs from the backup's on, with none missing; the
 * older ones are removed, and mariadbd's index lists the rest */
static gboolean
binlogs_from (const char  *binlog_dir,
              GPtrArray   *names,
              const char  *first,
              GString     *argv_names,
              GError     **error)
{
  g_autoptr(GString) index = g_string_new (NULL);
  g_autofree char *index_path = g_build_filename (binlog_dir, RAPPORTD_EMBEDDED_BINLOG_BASENAME ".index", NULL);
  guint64 expected = 0;
  gboolean started = FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      guint64 number = g_ascii_strtoull (strchr (name, '.') + 1, NULL, 10);
      g_autofree char *path = g_build_filename (binlog_dir, name, NULL);

      started = started || g_str_equal (name, first);
      if (!started)
        {
          g_unlink (path);
          continue;
        }
      if (expected != 0 && number != expected)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                       "binary log number %" G_GUINT64_FORMAT " was not shipped; the logs jump from it to %s",
                       expected, name);
          return FALSE;
        }
      expected = number + 1;
      g_string_append_printf (index, "%s\n", path);
      g_string_append_printf (argv_names, "%s%s", argv_names->len ? "\n" : "", name);
    }
  if (!started)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                   "the binary log the backup ends in, %s, was not shipped", first);
      return FALSE;
    }
  return g_file_set_contents_full (index_path, index->str, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
wait_successful (GSubprocess  *process,
                 const char   *what,
                 GError      **error)
{
  if (!g_subprocess_wait (process, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "%s failed (see its messages above)", what);
      return FALSE;
    }
  return TRUE;
}

/* mariadbd decrypts its binary logs for mariadb-binlog, which reads them
 * as a replica would; the statements go straight into mariadb, never to
 * a file. mariadb-binlog reads --stop-datetime in its own time zone: UTC */
static gboolean
replay (const char   *socket,
        const char   *user,
        const char   *names,
        const char   *start,
        guint64       position,
        GDateTime    *stop,
        GError      **error)
{
  g_autoptr(GSubprocessLauncher) reader = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocessLauncher) writer = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) binlog = NULL;
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) files = g_strsplit (names, "\n", -1);
  g_autofree char *socket_arg = g_strdup_printf ("--socket=%s", socket);
  g_autofree char *user_arg = g_strdup_printf ("--user=%s", user);
  g_autofree char *stop_text = g_date_time_format (stop, "%Y-%m-%d %H:%M:%S");
  gboolean ok;

  g_ptr_array_add (argv, g_strdup ("mariadb-binlog"));
  g_ptr_array_add (argv, g_strdup ("--no-defaults"));
  g_ptr_array_add (argv, g_strdup ("--read-from-remote-server"));
  g_ptr_array_add (argv, g_strdup (socket_arg));
  g_ptr_array_add (argv, g_strdup (user_arg));
  g_ptr_array_add (argv, g_strdup_printf ("--start-position=%" G_GUINT64_FORMAT, position));
  g_ptr_array_add (argv, g_strdup_printf ("--stop-datetime=%s", stop_text));
  for (guint i = 0; files[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (files[i]));
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (reader, "TZ", "UTC", TRUE);
  binlog = g_subprocess_launcher_spawnv (reader, (const char * const *) argv->pdata, error);
  if (binlog == NULL)
    return FALSE;
  g_subprocess_launcher_take_stdin_fd (writer,
                                       dup (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (binlog)))));
  client = g_subprocess_launcher_spawn (writer, error, "mariadb", "--no-defaults", socket_arg, user_arg,
                                        "--binary-mode", NULL);
  /* mariadb alone reads the pipe now: if it stops, mariadb-binlog does too */
  g_input_stream_close (g_subprocess_get_stdout_pipe (binlog), NULL, NULL);
  if (client == NULL)
    {
      g_subprocess_force_exit (binlog);
      g_subprocess_wait (binlog, NULL, NULL);
      return FALSE;
    }
  ok = wait_successful (client, "mariadb, replaying the binary logs,", error);
  ok = wait_successful (binlog, "mariadb-binlog", ok ? error : NULL) && ok;
  g_prefix_error (error, "replaying %s from %s position %" G_GUINT64_FORMAT " until %s UTC: ",
                  start, start, position, stop_text);
  return ok;
}

/* the replayed server keeps only binary logs of its own history: the
 * shipped ones, which run past the moment restored to, go */
static gboolean
purge_shipped (RapportdDbParams  *params,
               GError           **error)
{
  g_autoptr(RapportdSql) show = rapportd_sql_new ("SHOW BINARY LOGS");
  g_autoptr(RapportdDbResult) logs = NULL;
  g_autofree char *purge = NULL;
  RapportdDb *db = rapportd_db_open (params, error);
  gboolean ok = FALSE;

  if (db != NULL && (logs = rapportd_db_query_uncached (db, show, error)) != NULL && logs->n_rows > 0)
    {
      purge = g_strdup_printf ("PURGE BINARY LOGS TO '%s'", rapportd_db_result_get (logs, logs->n_rows - 1, 0));
      ok = rapportd_db_exec (db, purge, error);
    }
  rapportd_db_close (db);
  return ok;
}

/* whole seconds: an event's time is its second, and the events of the
 * second @until falls in are replayed unless @until is its very start */
static GDateTime *
stop_time (GDateTime *until)
{
  gint64 second = g_date_time_to_unix (until);

  return g_date_time_new_from_unix_utc (g_date_time_get_microsecond (until) == 0 ? second : second + 1);
}

static gboolean
bring_forward (RapportdConfig  *config,
               const char      *key_file,
               const char      *binlogs_dir,
               GDateTime       *until,
               GError         **error)
{
  g_autofree char *binlog_dir = rapportd_embedded_binlog_dir (config->data_dir);
  g_autofree char *own_key = rapportd_embedded_encryption_key_path (config->data_dir);
  g_autofree char *first = NULL;
  g_autoptr(GDateTime) ended = NULL;
  g_autoptr(GDateTime) stop = stop_time (until);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) replayed = g_string_new (NULL);
  guchar key[RAPPORT_ADMIN_BACKUP_KEY_BYTES];
  RapportdEmbedded *embedded = NULL;
  RapportdDbParams params = { 0 };
  guint64 position = 0;
  gboolean ok;

  if (!backup_position (config->data_dir, &first, &position, error))
    return FALSE;
  if ((ended = backup_end (config->data_dir)) != NULL && g_date_time_compare (until, ended) < 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (ended);
      g_autofree char *at = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");

      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                   "--until is before the backup was made (%s UTC): restore an older backup", at);
      return FALSE;
    }
  /* a backup without the database key was written plain: so is the replay */
  if (config->embedded_key_file == NULL && !g_file_test (own_key, G_FILE_TEST_EXISTS))
    config->embedded_encryption = FALSE;
  if (!rapport_admin_backup_key_load (key_file, key, error))
    return FALSE;
  names = rapport_admin_binlogs_unpack (binlogs_dir, key, binlog_dir, error);
  sodium_memzero (key, sizeof key);
  if (names == NULL || !binlogs_from (binlog_dir, names, first, replayed, error))
    return FALSE;
  ok = rapportd_setup_database (config, FALSE, NULL, &embedded, &params, error) &&
       replay (params.socket, params.user, replayed->str, first, position, stop, error) &&
       purge_shipped (&params, error);
  rapportd_db_params_clear (&params);
  rapportd_embedded_stop (embedded);
  return ok;
}

/**
 * rapport_admin_restore_until:
 * @config: the configuration the restored server will run with, its
 *   data directory the one to restore into
 * @archive: a backup archive
 * @key_file: the backup key
 * @until_text: the moment to restore to
 * @binlogs_dir: (nullable): where the binary logs were shipped; the
 *   archive's directory if %NULL
 *
 * `rapport-admin restore --from FILE --data-dir DIR --key-file KEY --until
 * TIME [--binlogs DIR]`: restores the backup, then replays the shipped
 * binary logs from the backup's end up to @until_text. What a failed
 * restore wrote is removed.
 *
 * Returns: the exit status
 */
int
rapport_admin_restore_until (RapportdConfig *config,
                             const char     *archive,
                             const char     *key_file,
                             const char     *until_text,
                             const char     *binlogs_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *dir = binlogs_dir ? g_strdup (binlogs_dir) : archive ? g_path_get_dirname (archive) : NULL;
  g_autofree char *at = NULL;
  int status;

  if ((until = parse_until (until_text, &error)) == NULL)
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 2;
    }
  if (g_date_time_compare (until, now) > 0)
    {
      g_printerr ("rapport-admin: --until %s is in the future\n", until_text);
      return 2;
    }
  if (dir != NULL && !rapport_admin_binlogs_any (dir))
    {
      g_printerr ("rapport-admin: %s holds no shipped binary logs (" RAPPORT_ADMIN_BINLOGS_PREFIX "*"
                  RAPPORT_ADMIN_BINLOGS_SUFFIX "); name their directory with --binlogs DIR\n", dir);
      return 1;
    }
  if ((status = rapport_admin_restore (archive, config->data_dir, key_file)) != 0)
    return status;
  if (!bring_forward (config, key_file, dir, until, &error))
    {
      const char *clear[] = { "find", config->data_dir, "-mindepth", "1", "-delete", NULL };

      g_printerr ("rapport-admin: restore failed, nothing is left in %s: %s\n", config->data_dir, error->message);
      rapport_admin_run (clear, NULL);
      return 1;
    }
  utc = g_date_time_to_utc (until);
  at = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S.%f");
  g_print ("brought forward to %s UTC with the binary logs shipped to %s\n", at, dir);
  return 0;
}
