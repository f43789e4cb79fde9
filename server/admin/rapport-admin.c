/* rapport-admin.c: rapport-admin, the administrator's command line */
#include "config.h"
#include "rapport-admin-backup.h"
#include "rapport-admin-binlogs.h"
#include "rapport-admin-demo.h"
#include "rapport-admin-org.h"
#include "rapportd-audit.h"
#include "rapportd-audit-bundle.h"
#include "rapportd-checkpoint.h"
#include "crm-json.h"
#include "rapportd-auth.h"
#include "rapportd-config.h"
#include "rapportd-repo.h"
#include "rapportd-password.h"
#include "rapportd-setup.h"
#include "rapportd-search-index.h"
#include "crm-user.h"
#include "crm-entities.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <mysql.h>

typedef struct
{
  char  *out;
  char  *bundle;
  char  *public_key;
  char  *from;
  char  *to;
  guint  accounts;
  guint  seed;
  char  *password_file;
  char  *role;
  char  *name;
  char  *team;
  char  *manager;
  char  *parent;
  char  *transfer_to;
  char  *key_file;
  guint  jobs;
  gboolean no_contacts;
  char  *until;
  char  *binlogs;
} Options;

static const char usage[] =
  "Commands:\n"
  "  init                          create the database and the first admin\n"
  "  migrate                       apply pending schema migrations\n"
  "  demo [--accounts N] [--jobs N] [--no-contacts]\n"
  "                                load demo users, accounts and contacts\n"
  "  audit verify [--public-key HEX]\n"
  "                                check the audit chains and their signed checkpoints; exit 1\n"
  "                                if broken (the key: the data directory's, if readable)\n"
  "  audit export --out FILE [--from TIME] [--to TIME]\n"
  "                                write the trail and its signed checkpoints\n"
  "  audit verify --bundle FILE [--public-key HEX]\n"
  "                                check an exported trail, without a database\n"
  "  user list                     list users\n"
  "  team add NAME [--parent NAME]  add a team, under another one\n"
  "  user add LOGIN --role ROLE [--name NAME] [--team NAME] [--manager LOGIN] --password-file FILE\n"
  "                                add a user\n"
  "  user deactivate LOGIN --transfer-to LOGIN\n"
  "                                deactivate a user, transferring all they own\n"
  "  user password LOGIN --password-file FILE\n"
  "                                set a user's password\n"
  "  search rebuild                empty the search index and index every record again\n"
  "  backup-key new --out FILE     write a new backup key\n"
  "  backup --out FILE --key-file KEY\n"
  "                                back up the database, keys and attachments, online, into one\n"
  "                                encrypted archive\n"
  "  backup verify FILE --key-file KEY\n"
  "                                check an archive without restoring it; exit 1 if broken\n"
  "  restore --from FILE --data-dir DIR --key-file KEY\n"
  "                                restore an archive into a new, empty data directory\n"
  "  restore ... --until TIME [--binlogs DIR]\n"
  "                                then replay the shipped binary logs up to TIME\n"
  "                                (YYYY-MM-DD HH:MM:SS[.ffffff], UTC unless it has an offset)\n"
  "  binlogs ship --out DIR --key-file KEY\n"
  "                                ship the closed binary logs, encrypted, beside the backups\n";

/* 0 intact, 1 broken (naming the first bad row), 2 the check could not run */
static int
report_verdict (const char          *what,
                gboolean             ran,
                GError              *error,
                RapportdAuditReport *report)
{
  int status = 0;

  if (!ran)
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 2;
    }
  if (report->bad_id != 0)
    {
      g_print ("%s BROKEN at row %" G_GUINT64_FORMAT ": %s\n", what, report->bad_id, report->problem);
      status = 1;
    }
  else
    g_print ("%s intact: %" G_GUINT64_FORMAT " rows\n", what, report->n_rows);
  rapportd_audit_report_clear (report);
  return status;
}

/* checkpoints must be signed with --public-key, or else the data directory's key, if it can be read */
static int
cmd_audit_verify (RapportdDb *db,
                  Options    *options,
                  const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *own_key = options->public_key ? NULL : rapportd_checkpoint_public_key (data_dir);
  RapportdAuditReport report;
  gboolean ran = rapportd_audit_verify (db, options->public_key ? options->public_key : own_key, &report, &error);

  return report_verdict ("audit chain", ran, error, &report);
}

static int
cmd_audit_export (RapportdDb *db,
                  Options    *options)
{
  g_autoptr(GError) error = NULL;
  gint64 from = 0, to = 0;
  guint64 n = 0;

  if (options->out == NULL)
    {
      g_printerr ("rapport-admin: --out is required\n");
      return 2;
    }
  if ((options->from && !crm_json_parse_timestamp (options->from, &from)) ||
      (options->to && !crm_json_parse_timestamp (options->to, &to)))
    {
      g_printerr ("rapport-admin: --from and --to take ISO 8601 times, such as 2026-11-27T00:00:00Z\n");
      return 2;
    }
  if (!rapportd_audit_export (db, options->out, from, to, &n, &error))
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  g_print ("exported %" G_GUINT64_FORMAT " audit rows to %s\n", n, options->out);
  return 0;
}

static int
cmd_audit_verify_bundle (Options *options)
{
  g_autoptr(GError) error = NULL;
  RapportdAuditReport report;
  gboolean ran = rapportd_audit_verify_bundle (options->bundle, options->public_key, &report, &error);

  return report_verdict ("audit bundle", ran, error, &report);
}

static int
cmd_user_list (RapportdDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, login, name, role, active FROM users ORDER BY id");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, &error);

  if (result == NULL)
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  for (guint r = 0; r < result->n_rows; r++)
    g_print ("%-6s %-20s %-10s %-8s %s\n", rapportd_db_result_get (result, r, 0),
             rapportd_db_result_get (result, r, 1), rapportd_db_result_get (result, r, 3),
             g_str_equal (rapportd_db_result_get (result, r, 4), "1") ? "active" : "inactive",
             rapportd_db_result_get (result, r, 2));
  return 0;
}

static char *
read_password (Options  *options,
               GError  **error)
{
  g_autofree char *password = NULL;

  if (options->password_file == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--password-file is required");
      return NULL;
    }
  if (!g_file_get_contents (options->password_file, &password, NULL, error))
    return NULL;
  g_strchomp (password);
  if (g_utf8_strlen (password, -1) < 10)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "a password needs at least 10 characters");
      return NULL;
    }
  return g_steal_pointer (&password);
}

static int
report (gboolean    ok,
        GError     *error,
        const char *done)
{
  if (!ok)
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", done);
  return 0;
}

static int
cmd_user_add (RapportdDb  *db,
              const char  *login,
              Options     *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = read_password (options, &error);
  g_autofree char *done = g_strdup_printf ("user %s added", login);
  gboolean ok;

  /* the call sets error: it runs before error is read */
  ok = password != NULL &&
       rapport_admin_user_add (db, login, options->name, options->role, options->team,
                               options->manager, password, &error);
  return report (ok, error, done);
}

static int
cmd_team_add (RapportdDb  *db,
              const char  *name,
              Options     *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_strdup_printf ("team %s added", name);
  gboolean ok;

  ok = rapport_admin_team_add (db, name, options->parent, &error);
  return report (ok, error, done);
}

static int
cmd_user_deactivate (RapportdDb  *db,
                     const char  *login,
                     Options     *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  guint n = 0;
  gboolean ok;

  if (options->transfer_to == NULL)
    {
      g_printerr ("rapport-admin: --transfer-to is required: records are never orphaned\n");
      return 2;
    }
  ok = rapport_admin_user_deactivate (db, login, options->transfer_to, &n, &error);
  done = g_strdup_printf ("user %s deactivated; %u records transferred to %s", login, n, options->transfer_to);
  return report (ok, error, done);
}

static int
cmd_user_password (RapportdDb  *db,
                   const char  *login,
                   Options     *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = read_password (options, &error);
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM users WHERE login = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  if (password == NULL)
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  rapportd_sql_add_text (sql, login);
  result = rapportd_db_query (db, sql, &error);
  if (result == NULL || result->n_rows != 1)
    {
      g_printerr ("rapport-admin: %s\n", error ? error->message : "no such user");
      return 1;
    }
  if (!rapportd_password_set (db, g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10),
                              password, FALSE, &error))
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  g_print ("password of %s changed\n", login);
  return 0;
}

static int
run_command (RapportdConfig  *config,
             char           **words,
             Options         *options)
{
  g_autoptr(GError) error = NULL;
  RapportdEmbedded *embedded = NULL;
  RapportdDbParams params = { 0 };
  RapportdDb *db = NULL;
  int status = 2;

  if (!rapportd_setup_database (config, TRUE, NULL, &embedded, &params, &error) ||
      (db = rapportd_db_open (&params, &error)) == NULL)
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      status = 1;
      goto out;
    }

  if (g_strv_length (words) == 1 && g_str_equal (words[0], "migrate"))
    status = 0;
  else if (g_strv_length (words) == 1 && g_str_equal (words[0], "init"))
    {
      status = rapportd_setup_admin (db, config->data_dir, &error) ? 0 : 1;
    }
  else if (g_strv_length (words) == 1 && g_str_equal (words[0], "demo"))
    {
      RapportAdminDemoOptions demo = { options->accounts, options->seed, options->jobs, !options->no_contacts };

      status = rapportd_setup_admin (db, config->data_dir, &error) &&
               rapport_admin_demo (db, &params, &demo, &error) ? 0 : 1;
      if (status == 0)
        g_print ("Loaded %u demo accounts. Demo users zhao.min (director), wang.wei (manager), li.na and "
                 "john.smith (sales) sign in with “%s”.\n",
                 options->accounts, RAPPORT_DEMO_PASSWORD);
    }
  else if (g_strv_length (words) == 2 && g_str_equal (words[0], "audit") && g_str_equal (words[1], "verify"))
    status = cmd_audit_verify (db, options, config->data_dir);
  else if (g_strv_length (words) == 2 && g_str_equal (words[0], "audit") && g_str_equal (words[1], "export"))
    status = cmd_audit_export (db, options);
  else if (g_strv_length (words) == 2 && g_str_equal (words[0], "user") && g_str_equal (words[1], "list"))
    status = cmd_user_list (db);
  else if (g_strv_length (words) == 3 && g_str_equal (words[0], "user") && g_str_equal (words[1], "add"))
    status = cmd_user_add (db, words[2], options);
  else if (g_strv_length (words) == 3 && g_str_equal (words[0], "team") && g_str_equal (words[1], "add"))
    status = cmd_team_add (db, words[2], options);
  else if (g_strv_length (words) == 3 && g_str_equal (words[0], "user") && g_str_equal (words[1], "deactivate"))
    status = cmd_user_deactivate (db, words[2], options);
  else if (g_strv_length (words) == 3 && g_str_equal (words[0], "user") && g_str_equal (words[1], "password"))
    status = cmd_user_password (db, words[2], options);
  else if (g_strv_length (words) == 2 && g_str_equal (words[0], "search") && g_str_equal (words[1], "rebuild"))
    {
      guint64 indexed = 0;

      status = rapportd_search_index_rebuild (db, &indexed, &error) ? 0 : 1;
      if (status == 0)
        g_print ("Indexed %" G_GUINT64_FORMAT " records for search.\n", indexed);
    }
  else
    g_printerr ("rapport-admin: unknown command\n%s", usage);

  if (error)
    g_printerr ("rapport-admin: %s\n", error->message);

out:
  rapportd_db_close (db);
  rapportd_db_params_clear (&params);
  rapportd_embedded_stop (embedded);
  return status;
}

static void
free_options (Options *options)
{
  g_free (options->password_file);
  g_free (options->role);
  g_free (options->name);
  g_free (options->team);
  g_free (options->manager);
  g_free (options->parent);
  g_free (options->transfer_to);
  g_free (options->key_file);
  g_free (options->out);
  g_free (options->bundle);
  g_free (options->public_key);
  g_free (options->from);
  g_free (options->to);
  g_free (options->until);
  g_free (options->binlogs);
}

/* backup-key new, backup verify and restore; -1 for any other command */
static int
backup_command (char       **words,
                Options     *options,
                const char  *data_dir)
{
  guint n = g_strv_length (words);

  if (n == 2 && g_str_equal (words[0], "backup-key") && g_str_equal (words[1], "new"))
    return rapport_admin_backup_key_command (options->out);
  if (n == 3 && g_str_equal (words[0], "backup") && g_str_equal (words[1], "verify"))
    return rapport_admin_backup_verify (words[2], options->key_file);
  /* to a moment: after the configuration is read, for the replay's database */
  if (n == 1 && g_str_equal (words[0], "restore") && options->until == NULL)
    return rapport_admin_restore (options->from, data_dir, options->key_file);
  return -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *config_path = NULL;
  g_auto(GStrv) words = NULL;
  Options options = { NULL, NULL, NULL, NULL, NULL, 300, 20261127, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  RapportdConfig config;
  int status;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Data directory of rapportd"), "DIR" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Configuration file"), "FILE" },
    { "accounts", 0, 0, G_OPTION_ARG_INT, &options.accounts, N_("Demo accounts to load (default 300)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &options.seed, N_("Seed for the demo data"), "N" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &options.jobs, N_("Connections loading demo accounts at once (default 1)"), "N" },
    { "no-contacts", 0, 0, G_OPTION_ARG_NONE, &options.no_contacts, N_("Load demo accounts without contacts"), NULL },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &options.password_file, N_("File holding a password"), "FILE" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options.role, N_("Role of a new user"), "ROLE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, N_("Full name of a new user"), "NAME" },
    { "team", 0, 0, G_OPTION_ARG_STRING, &options.team, N_("Team of a new user"), "NAME" },
    { "manager", 0, 0, G_OPTION_ARG_STRING, &options.manager, N_("Manager of a new user"), "LOGIN" },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &options.parent, N_("Parent of a new team"), "NAME" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options.out, N_("File to write an audit bundle to"), "FILE" },
    { "bundle", 0, 0, G_OPTION_ARG_FILENAME, &options.bundle, N_("Audit bundle to verify, without a database"), "FILE" },
    { "public-key", 0, 0, G_OPTION_ARG_STRING, &options.public_key, N_("The server's audit public key (hex) to insist on"), "HEX" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, N_("Export from this time (ISO 8601)"), "TIME" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("Export up to this time (ISO 8601)"), "TIME" },
    { "transfer-to", 0, 0, G_OPTION_ARG_STRING, &options.transfer_to, N_("Who takes over a deactivated user's records"), "LOGIN" },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &options.key_file, N_("The backup key"), "KEY" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &options.until, N_("Restore to this time (UTC unless it has an offset)"), "TIME" },
    { "binlogs", 0, 0, G_OPTION_ARG_FILENAME, &options.binlogs, N_("Where the binary logs were shipped"), "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, N_("COMMAND") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* RAPPORT_LOCALEDIR: translations of an uninstalled build */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR") ? g_getenv ("RAPPORT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (N_("COMMAND"));
  g_option_context_set_summary (context, _("Administer a Rapport server."));
  g_option_context_set_description (context, usage);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 2;
    }
  if (words == NULL)
    {
      g_printerr ("%s", usage);
      return 2;
    }
  /* a bundle is verified far from any database */
  if (options.bundle && g_strv_length (words) == 2 && g_str_equal (words[0], "audit") && g_str_equal (words[1], "verify"))
    {
      status = cmd_audit_verify_bundle (&options);
      g_free (options.bundle);
      g_free (options.public_key);
      return status;
    }
  /* an archive is made, checked and restored without a running database of ours */
  if ((status = backup_command (words, &options, data_dir)) >= 0)
    {
      free_options (&options);
      return status;
    }
  if (data_dir == NULL && config_path == NULL)
    {
      g_printerr ("rapport-admin: --data-dir or --config is required\n");
      return 2;
    }
  if (!rapportd_config_load (&config, config_path, &error))
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 2;
    }
  config.data_dir = g_canonicalize_filename (data_dir ? data_dir : ".", NULL);

  mysql_library_init (0, NULL, NULL);
  crm_entities_list (&(guint){ 0 });
  if (!rapportd_auth_init (&error))
    {
      g_printerr ("rapport-admin: %s\n", error->message);
      return 1;
    }
  if (g_strv_length (words) == 1 && g_str_equal (words[0], "backup"))
    status = rapport_admin_backup (&config, options.out, options.key_file);
  else if (g_strv_length (words) == 1 && g_str_equal (words[0], "restore"))
    status = rapport_admin_restore_until (&config, options.from, options.key_file, options.until, options.binlogs);
  else if (g_strv_length (words) == 2 && g_str_equal (words[0], "binlogs") && g_str_equal (words[1], "ship"))
    status = rapport_admin_binlogs_command (&config, options.out, options.key_file);
  else
    status = run_command (&config, words, &options);
  free_options (&options);
  rapportd_config_clear (&config);
  mysql_library_end ();
  return status;
}
