/* rapport-test-template.c: a data directory as rapportd leaves its first start, copied instead of made again
 *
 * A fresh data directory costs rapportd about two seconds of its start
 * (mariadb-install-db, then every migration) and the test suites start
 * hundreds. With RAPPORT_TEST_TEMPLATES naming a directory (`make check`
 * makes one for each run of a build's tests and removes it after), the
 * first start of a kind is made once there, by a rapportd started and
 * stopped on it, and every later fresh start of that kind begins from a
 * copy: its own MariaDB still runs on its own files, and rapportd starts on
 * them as it starts on a data directory it made before. A configuration
 * with a group that shapes what the first start writes (the embedded
 * database's options and encryption, an external database, the binary logs,
 * the audit key, TLS files, attachments) or an environment of its own
 * starts fresh, as does every start without RAPPORT_TEST_TEMPLATES.
 */
#include "rapport-test-template.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* in a template: the directory its first start was made in */
#define ORIGIN_FILE "template-origin"
/* MariaDB's list of binary logs, which names them by absolute path */
#define BINLOG_INDEX "db/binlog/binlog.index"

/* what rapportd reads before or while it writes its first start */
static const char * const first_start_groups[] = {
  "embedded", "database", "backup", "audit", "tls", "attachments",
};

static const char *
templates_dir (void)
{
  const char *dir = g_getenv ("RAPPORT_TEST_TEMPLATES");

  return dir != NULL && dir[0] != '\0' ? dir : NULL;
}

/**
 * rapport_test_template_for:
 * @config: (nullable): the text of the rapportd.conf the start will have
 * @tls: whether it serves HTTPS (its certificate is made on first start)
 * @environment: (nullable): variables set for rapportd alone
 *
 * Returns: (nullable): the name of the template such a start may begin
 *   from, or %NULL when it starts fresh
 */
const char *
rapport_test_template_for (const char         *config,
                           gboolean            tls,
                           const char * const *environment)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (templates_dir () == NULL || (environment != NULL && environment[0] != NULL))
    return NULL;
  if (config != NULL && !g_key_file_load_from_data (file, config, -1, G_KEY_FILE_NONE, NULL))
    return NULL;
  for (guint i = 0; config != NULL && i < G_N_ELEMENTS (first_start_groups); i++)
    if (g_key_file_has_group (file, first_start_groups[i]))
      return NULL;
  return tls ? "tls" : "plain";
}

/* The copy's list of binary logs names them in the directory the
 * template was made in: each becomes the copy's own, or its MariaDB would
 * ship, purge and replay the files of another. */
static void
repoint_binlogs (const char *data_dir)
{
  g_autofree char *origin_path = g_build_filename (data_dir, ORIGIN_FILE, NULL);
  g_autofree char *index_path = g_build_filename (data_dir, BINLOG_INDEX, NULL);
  g_autofree char *origin = NULL;
  g_autofree char *index = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *repointed = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (origin_path, &origin, NULL, &error))
    g_error ("a template without its %s: %s", ORIGIN_FILE, error->message);
  g_unlink (origin_path);
  if (!g_file_get_contents (index_path, &index, NULL, NULL))
    return;
  parts = g_strsplit (index, origin, -1);
  repointed = g_strjoinv (data_dir, parts);
  if (!g_file_set_contents (index_path, repointed, -1, &error))
    g_error ("cannot write %s: %s", index_path, error->message);
  g_assert_null (strstr (repointed, origin));
}

/**
 * rapport_test_template_copy:
 * @name: a template's name
 * @data_dir: a data directory that holds no more than its rapportd.conf
 *
 * Copies the template, when it has been made, into @data_dir.
 *
 * Returns: %TRUE when @data_dir holds a copy, %FALSE when there is no
 *   template yet
 */
gboolean
rapport_test_template_copy (const char *name,
                            const char *data_dir)
{
  g_autofree char *template = g_build_filename (templates_dir (), name, NULL);
  g_autofree char *source = g_build_filename (template, ".", NULL);
  const char *argv[] = { "cp", "-a", "--", source, data_dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_file_test (template, G_FILE_TEST_IS_DIR))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("copying the template %s into %s: %s\n%s", template, data_dir,
             error ? error->message : "", err ? err : "");
  repoint_binlogs (data_dir);
  return TRUE;
}

/**
 * rapport_test_template_staging:
 *
 * Returns: (transfer full): a new empty directory beside the templates, for
 *   a rapportd's first start that becomes one
 */
char *
rapport_test_template_staging (void)
{
  g_autofree char *staging = g_build_filename (templates_dir (), "staging-XXXXXX", NULL);

  g_mkdir_with_parents (templates_dir (), 0700);
  if (g_mkdtemp (staging) == NULL)
    g_error ("cannot make a directory in %s: %s", templates_dir (), g_strerror (errno));
  return g_steal_pointer (&staging);
}

/**
 * rapport_test_template_keep:
 * @name: the template's name
 * @staging: a data directory from rapport_test_template_staging() whose
 *   rapportd made its first start there and stopped
 *
 * Makes @staging the template @name, less the files of that one start (its
 * configuration and log).
 *
 * Returns: %FALSE when another test made the template meanwhile: @staging
 *   stays, for the caller to remove
 */
gboolean
rapport_test_template_keep (const char *name,
                            const char *staging)
{
  g_autofree char *template = g_build_filename (templates_dir (), name, NULL);
  g_autofree char *config = g_build_filename (staging, "rapportd.conf", NULL);
  g_autofree char *log = g_build_filename (staging, "rapportd.log", NULL);
  g_autofree char *origin = g_build_filename (staging, ORIGIN_FILE, NULL);

  g_autoptr(GError) error = NULL;

  g_unlink (config);
  g_unlink (log);
  if (!g_file_set_contents (origin, staging, -1, &error))
    g_error ("cannot write %s: %s", origin, error->message);
  /* a directory is renamed whole or not at all: a copy never sees half of one */
  if (g_rename (staging, template) == 0)
    return TRUE;
  if (errno != EEXIST && errno != ENOTEMPTY)
    g_error ("cannot keep %s as %s: %s", staging, template, g_strerror (errno));
  return FALSE;
}
