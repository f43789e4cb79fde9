/* rapportd-main.c: rapportd, the Rapport server daemon */
#include "config.h"
#include "rapportd-activities.h"
#include "rapportd-attachments.h"
#include "rapportd-cases.h"
#include "rapportd-case-messages.h"
#include "rapportd-blob-store.h"
#include "rapportd-review-signature.h"
#include "rapportd-approvals.h"
#include "rapportd-jobs.h"
#include "rapportd-webhook-sender.h"
#include "rapportd-mail-reader.h"
#include "rapportd-jobs-backup.h"
#include "rapportd-auth.h"
#include "rapportd-config.h"
#include "rapportd-survey-key.h"
#include "rapportd-dedup.h"
#include "rapportd-api-documents.h"
#include "rapportd-repo.h"
#include "rapportd-language.h"
#include "rapportd-memory.h"
#include "rapportd-server.h"
#include "rapportd-spool.h"
#include "rapportd-session-cache.h"
#include "rapportd-setup.h"
#include "rapportd-tls.h"
#include "rapportd-checkpoint.h"
#include "crm-entities.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <mysql.h>

/* how long requests already running may take to finish at shutdown */
#define DRAIN_MS 10000

typedef struct
{
  GMainLoop    *loop;
  GCancellable *starting;
} Stop;

static gboolean
quit (gpointer user_data)
{
  Stop *stop = user_data;

  g_message ("Stopping");
  g_cancellable_cancel (stop->starting);
  g_main_loop_quit (stop->loop);
  /* stays installed: run() removes it */
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  RapportdPool       *pool;
  RapportdSigningKey  key;
  guint               rows;
  guint               seconds;
  gboolean            busy;
} Checkpoints;

static gboolean
checkpoint_work (RapportdDb *db,
                 gpointer    data)
{
  Checkpoints *checkpoints = data;
  g_autoptr(GError) error = NULL;

  if (db != NULL && !rapportd_checkpoint_maybe_sign (db, &checkpoints->key, checkpoints->rows,
                                                     checkpoints->seconds, NULL, &error))
    g_warning ("audit checkpoint: %s", error->message);
  return TRUE;
}

static void
checkpoint_done (gpointer data,
                 gboolean ran)
{
  ((Checkpoints *) data)->busy = FALSE;
}

/* the check is cheap; signing happens only when rows or time call for it */
static gboolean
checkpoint_tick (gpointer data)
{
  Checkpoints *checkpoints = data;

  if (!checkpoints->busy)
    {
      checkpoints->busy = TRUE;
      rapportd_pool_push (checkpoints->pool, checkpoint_work, checkpoint_done, checkpoints);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

static gboolean
run (RapportdConfig  *config,
     GError         **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) starting = g_cancellable_new ();
  Stop stop = { loop, starting };
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(RapportdServer) server = NULL;
  RapportdEmbedded *embedded = NULL;
  RapportdDbParams params = { 0 };
  RapportdPool *pool = NULL;
  RapportdApiSettings settings = { config->auth };
  Checkpoints checkpoints = { 0 };
  guint checkpoint_source = 0;
  guint jobs_source = 0;
  RapportdWebhookSender *webhooks = NULL;
  RapportdMailReader *mail = NULL;
  RapportdJobsBackup *backups = NULL;
  RapportdDb *db;
  gboolean ok = FALSE;
  guint sigterm, sigint;

  /* stop cleanly on a signal even while starting */
  sigterm = g_unix_signal_add (SIGTERM, quit, &stop);
  sigint = g_unix_signal_add (SIGINT, quit, &stop);

  if (!rapportd_setup_database (config, FALSE, starting, &embedded, &params, error))
    goto out;
  db = rapportd_db_open (&params, error);
  if (db == NULL)
    goto out;
  ok = rapportd_setup_admin (db, config->data_dir, error) && rapportd_approvals_seed (db, error);
  /* another rapportd of a cluster, started at the same moment on another
   * node, made them first: its commit certified, this one's did not */
  for (guint attempt = 1; !ok && attempt < 3 && rapportd_db_take_retryable (db); attempt++)
    {
      g_clear_error (error);
      ok = rapportd_setup_admin (db, config->data_dir, error) && rapportd_approvals_seed (db, error);
    }
  rapportd_db_close (db);
  if (!ok)
    goto out;
  ok = FALSE;

  if (config->tls)
    {
      certificate = rapportd_tls_load (config->data_dir, config->tls_cert, config->tls_key, error);
      if (certificate == NULL)
        goto out;
    }

  rapportd_session_cache_configure (config->session_cache_seconds);
  rapportd_repo_require_reasons ((const char * const *) config->require_reason);
  rapportd_repo_set_rounding (config->rounding);
  rapportd_activities_set_edit_hours (config->activity_edit_hours);
  rapportd_cases_set_reopen_days (config->case_reopen_days);
  rapportd_case_messages_set_reply_to_closed (config->case_reply_reopens ? RAPPORTD_REPLY_TO_CLOSED_REOPEN
                                                                          : RAPPORTD_REPLY_TO_CLOSED_NEW_CASE);
  rapportd_survey_key_configure (config->data_dir, config->public_url, config->survey_form_per_minute);
  /* an upload's body larger than max_upload_bytes is refused before it is
   * read: an attachment is bounded by both */
  if (config->attachment_max_bytes > MAX (config->max_upload, config->max_body))
    g_message ("[attachments] max_bytes (%" G_GUINT64_FORMAT ") is above [server] max_upload_bytes (%" G_GSIZE_FORMAT
               "): larger files are refused at max_upload_bytes", config->attachment_max_bytes, config->max_upload);
  rapportd_attachments_set_max_bytes (MIN (config->attachment_max_bytes, MAX (config->max_upload, config->max_body)));
  rapportd_blob_store_configure (config->data_dir);
  rapportd_spool_configure (config->data_dir);
  if (!rapportd_review_signature_configure ((const char * const *) config->review_kinds, config->review_signature, error))
    goto out;
  rapportd_dedup_set_mode (config->duplicates_block ? RAPPORTD_DEDUP_BLOCK : RAPPORTD_DEDUP_WARN);
  rapportd_repo_set_base_currency (config->base_currency);
  rapportd_documents_set_base_currency (config->base_currency);
  pool = rapportd_pool_new (&params, config->workers, config->max_queued, error);
  if (pool == NULL)
    goto out;
  if (!rapportd_checkpoint_load_key (config->data_dir, &checkpoints.key, error))
    goto out;
  checkpoints.pool = pool;
  checkpoints.rows = config->checkpoint_rows;
  checkpoints.seconds = config->checkpoint_seconds;
  checkpoint_source = g_timeout_add_seconds (MIN (config->checkpoint_seconds, 10), checkpoint_tick, &checkpoints);
  jobs_source = rapportd_jobs_start (pool, config->jobs_interval, config->jobs_lease);
  webhooks = rapportd_webhook_sender_start (pool);
  mail = rapportd_mail_reader_start (pool);
  backups = rapportd_jobs_backup_start (config, pool);
  server = rapportd_server_new (pool, &settings, config, certificate);
  if (!rapportd_server_listen (server, config->listen_address, config->listen_port, error))
    goto out;

  g_message ("Listening on %s://%s:%u/api/v1/ (%s database, %u workers), %u HTTP threads",
             config->tls ? "https" : "http", config->listen_address,
             rapportd_server_get_port (server), config->embedded ? "embedded" : "external",
             config->workers, rapportd_server_get_n_threads (server));
  /* a signal during start-up already asked to stop */
  if (!g_cancellable_is_cancelled (starting))
    g_main_loop_run (loop);
  ok = TRUE;

out:
  /* stop accepting first (on every HTTP thread), then let the work in hand
   * finish for a bounded time while the HTTP threads answer it, and only
   * then free what that work uses: each thread's HTTP server, listener and
   * WebSockets on that thread, then the threads, then the database */
  g_clear_handle_id (&checkpoint_source, g_source_remove);
  g_clear_handle_id (&jobs_source, g_source_remove);
  g_clear_pointer (&webhooks, rapportd_webhook_sender_stop);
  g_clear_pointer (&mail, rapportd_mail_reader_stop);
  g_clear_pointer (&backups, rapportd_jobs_backup_stop);
  if (server)
    rapportd_server_stop_listening (server);
  if (!rapportd_pool_free (pool, DRAIN_MS))
    {
      /* workers still hold the server's calls: leave both to the exit */
      server = NULL;
      g_warning ("Stopped without waiting for the requests still running");
    }
  g_clear_object (&server);
  sodium_memzero (&checkpoints.key, sizeof checkpoints.key);
  rapportd_embedded_stop (embedded);
  rapportd_db_params_clear (&params);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *config_path = NULL;
  gboolean no_tls = FALSE;
  gboolean show_version = FALSE;
  RapportdConfig config;
  int status = 0;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Data directory (database, TLS keys)"), "DIR" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, N_("Address and port to listen on"), "ADDR:PORT" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Configuration file"), "FILE" },
    { "no-tls", 0, 0, G_OPTION_ARG_NONE, &no_tls, N_("Serve plain HTTP (loopback addresses only)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  rapportd_memory_setup ();
  setlocale (LC_ALL, "");
  /* RAPPORT_LOCALEDIR: translations of an uninstalled build */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR") ? g_getenv ("RAPPORT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  rapportd_language_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The Rapport CRM server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rapportd: %s\n", error->message);
      return 2;
    }
  if (show_version)
    {
      g_print ("rapportd %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (data_dir == NULL)
    {
      g_printerr ("rapportd: %s\n", _("--data-dir is required"));
      return 2;
    }

  if (!rapportd_config_load (&config, config_path, &error) ||
      (listen && !rapportd_config_set_listen (&config, listen, &error)))
    {
      g_printerr ("rapportd: %s\n", error->message);
      return 2;
    }
  config.data_dir = g_canonicalize_filename (data_dir, NULL);
  if (no_tls)
    {
      if (!is_loopback (config.listen_address))
        {
          g_printerr ("rapportd: %s\n", _("--no-tls is only allowed on a loopback address such as 127.0.0.1"));
          rapportd_config_clear (&config);
          return 2;
        }
      config.tls = FALSE;
    }
  if (g_mkdir_with_parents (config.data_dir, 0700) != 0)
    {
      g_printerr ("rapportd: cannot create %s: %s\n", config.data_dir, g_strerror (errno));
      rapportd_config_clear (&config);
      return 1;
    }

  mysql_library_init (0, NULL, NULL);
  crm_entities_list (&(guint){ 0 });
  if (!rapportd_auth_init (&error) || !run (&config, &error))
    {
      g_printerr ("rapportd: %s\n", error->message);
      status = 1;
    }
  rapportd_config_clear (&config);
  mysql_library_end ();
  return status;
}
