/* rapport-main.c: rapport, the Rapport desktop client */
#include "config.h"
#include "rapport-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* RAPPORT_LOCALEDIR: translations of an uninstalled build */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR") ? g_getenv ("RAPPORT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rapport_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
