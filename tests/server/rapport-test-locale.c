/* rapport-test-locale.c: a locale the system lacks, compiled for the tests' rapportd, with the build's catalogues */
#include "rapport-test-locale.h"

#include <gio/gio.h>

/**
 * rapport_test_locale_compile:
 * @lang: a locale's name without its charset, e.g. "zh_CN"
 *
 * Compiles @lang in UTF-8 with localedef into a private directory (no
 * root, no change to the system) and points LOCPATH at it, and
 * RAPPORT_LOCALEDIR at the build's catalogues, for a rapportd started
 * after; the language of this process is left as it is.
 *
 * Returns: (transfer full): the locale's name, e.g. "zh_CN.UTF-8"
 */
char *
rapport_test_locale_compile (const char *lang)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-locale-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("%s.UTF-8", lang);
  g_autofree char *target = g_build_filename (dir, name, NULL);
  g_autofree char *server_dir = g_path_get_dirname (g_getenv ("RAPPORTD"));
  g_autofree char *build_dir = g_path_get_dirname (server_dir);
  g_autofree char *localedir = g_build_filename (build_dir, "po", NULL);
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     NULL, "localedef", "-c", "-i", lang, "-f", "UTF-8", target, NULL);

  g_assert_nonnull (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_setenv ("LOCPATH", dir, TRUE);
  g_setenv ("RAPPORT_LOCALEDIR", localedir, TRUE);
  return g_steal_pointer (&name);
}
