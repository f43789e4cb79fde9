/* rapportd-config.c: RapportdConfig, rapportd.conf and the command line merged */
#include "rapportd-config.h"
#include "rapportd-metrics-access.h"
#include "rapportd-db-nodes.h"
#include "crm-currency.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_PORT 8443

static void
set_defaults (RapportdConfig *config)
{
  config->listen_address = g_strdup ("0.0.0.0");
  config->listen_port = DEFAULT_PORT;
  config->tls = TRUE;
  /* two connections a core keep both cores busy while one waits on MariaDB */
  config->workers = MAX (4, 2 * g_get_num_processors ());
  config->max_body = 1024 * 1024;
  config->max_upload = 256 * 1024 * 1024;
  config->attachment_max_bytes = 64 * 1024 * 1024;
  config->handshake_timeout = 10;
  config->header_timeout = 10;
  config->body_timeout = 60;
  config->max_connections = 1024;
  /* one a core, and two at least so that one busy thread never holds up all */
  /* more than the cores: a thread waits for MariaDB while it runs a read */
  config->http_threads = CLAMP (4 * g_get_num_processors (), 4, 64);
  config->reads_on_http_threads = TRUE;
  config->keepalive_timeout = 15;
  config->max_requests_per_connection = 1000;
  config->max_queued = 128;
  config->auth.session_seconds = 12 * 3600;
  config->auth.idle_seconds = 30 * 60;
  config->auth.min_password_length = 12;
  config->auth.password_expiry_days = 0;
  config->auth.lockout_failures = 10;
  config->session_cache_seconds = 5;
  config->checkpoint_rows = 1000;
  config->checkpoint_seconds = 3600;
  config->embedded = TRUE;
  config->metrics_access = rapportd_metrics_access_new ();
  config->embedded_encryption = TRUE;
  config->backup_minute_of_day = -1;
  config->backup_retention = 7;
  config->backup_binlog_days = 7;
  config->base_currency = g_strdup ("CNY");
  config->rounding = CRM_ROUND_HALF_UP;
  config->activity_edit_hours = 24;
  config->case_reopen_days = 14;
  config->survey_form_per_minute = 30;
  config->jobs_interval = 60;
  config->jobs_lease = 0;
}

gboolean
rapportd_config_set_listen (RapportdConfig  *config,
                            const char      *listen,
                            GError         **error)
{
  const char *colon = strrchr (listen, ':');
  guint64 port;
  g_autofree char *host = NULL;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST,
                   _("The listen address must be ADDRESS:PORT, not “%s”"), listen);
      return FALSE;
    }
  host = g_strndup (listen, colon - listen);
  /* [::1]:8443 */
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  g_free (config->listen_address);
  config->listen_address = g_steal_pointer (&host);
  config->listen_port = port;
  return TRUE;
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return g_strdup (g_strchomp (contents));
}

/* [backup]: a time of day needs a directory and a key to write with */
static gboolean
load_backup (GKeyFile        *file,
             RapportdConfig  *config,
             GError         **error)
{
  g_autofree char *time = g_key_file_get_string (file, "backup", "time", NULL);
  guint hours = 0, minutes = 0;
  char end = 0;

  config->backup_directory = g_key_file_get_string (file, "backup", "directory", NULL);
  config->backup_key_file = g_key_file_get_string (file, "backup", "key_file", NULL);
  if (g_key_file_has_key (file, "backup", "retention", NULL))
    config->backup_retention = CLAMP (g_key_file_get_integer (file, "backup", "retention", NULL), 1, 10000);
  if (g_key_file_has_key (file, "backup", "binlog_days", NULL))
    config->backup_binlog_days = CLAMP (g_key_file_get_integer (file, "backup", "binlog_days", NULL), 1, 99);
  if (time == NULL)
    return TRUE;
  if (sscanf (time, "%2u:%2u%c", &hours, &minutes, &end) != 2 || hours > 23 || minutes > 59)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("[backup] time must be HH:MM (UTC), not “%s”"), time);
      return FALSE;
    }
  if (config->backup_directory == NULL || config->backup_key_file == NULL)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           _("[backup] time needs directory and key_file"));
      return FALSE;
    }
  config->backup_minute_of_day = hours * 60 + minutes;
  return TRUE;
}

/**
 * rapportd_config_load:
 * @config: (out caller-allocates): the configuration
 * @path: (nullable): a rapportd.conf, or %NULL for the defaults
 * @error: return location for a #GError
 */
gboolean
rapportd_config_load (RapportdConfig  *config,
                      const char      *path,
                      GError         **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *listen = NULL;

  memset (config, 0, sizeof *config);
  set_defaults (config);
  if (path == NULL)
    return TRUE;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  config->path = g_canonicalize_filename (path, NULL);
  if (!load_backup (file, config, error))
    return FALSE;

  listen = g_key_file_get_string (file, "server", "listen", NULL);
  if (listen && !rapportd_config_set_listen (config, listen, error))
    return FALSE;
  if (g_key_file_has_key (file, "server", "tls", NULL))
    config->tls = g_key_file_get_boolean (file, "server", "tls", NULL);
  config->tls_cert = g_key_file_get_string (file, "server", "tls_certificate", NULL);
  config->tls_key = g_key_file_get_string (file, "server", "tls_key", NULL);
  if (g_key_file_has_key (file, "server", "workers", NULL))
    config->workers = CLAMP (g_key_file_get_integer (file, "server", "workers", NULL), 1, 256);
  if (g_key_file_has_key (file, "server", "max_queued_requests", NULL))
    config->max_queued = CLAMP (g_key_file_get_integer (file, "server", "max_queued_requests", NULL), 1, 100000);
  if (g_key_file_has_key (file, "server", "max_body_bytes", NULL))
    config->max_body = CLAMP (g_key_file_get_uint64 (file, "server", "max_body_bytes", NULL), 1024, 1024 * 1024 * 1024);
  if (g_key_file_has_key (file, "server", "max_upload_bytes", NULL))
    config->max_upload = CLAMP (g_key_file_get_uint64 (file, "server", "max_upload_bytes", NULL), 1024,
                                G_GUINT64_CONSTANT (64) << 30);
  if (g_key_file_has_key (file, "server", "handshake_timeout_seconds", NULL))
    config->handshake_timeout = CLAMP (g_key_file_get_integer (file, "server", "handshake_timeout_seconds", NULL), 1, 300);
  if (g_key_file_has_key (file, "server", "header_timeout_seconds", NULL))
    config->header_timeout = CLAMP (g_key_file_get_integer (file, "server", "header_timeout_seconds", NULL), 1, 300);
  if (g_key_file_has_key (file, "server", "body_timeout_seconds", NULL))
    config->body_timeout = CLAMP (g_key_file_get_integer (file, "server", "body_timeout_seconds", NULL), 1, 3600);
  if (g_key_file_has_key (file, "server", "max_connections", NULL))
    config->max_connections = CLAMP (g_key_file_get_integer (file, "server", "max_connections", NULL), 16, 100000);
  if (g_key_file_has_key (file, "server", "http_threads", NULL))
    config->http_threads = CLAMP (g_key_file_get_integer (file, "server", "http_threads", NULL), 1, 64);
  if (g_key_file_has_key (file, "server", "keepalive_timeout_seconds", NULL))
    config->keepalive_timeout = CLAMP (g_key_file_get_integer (file, "server", "keepalive_timeout_seconds", NULL), 1, 300);
  if (g_key_file_has_key (file, "server", "max_requests_per_connection", NULL))
    config->max_requests_per_connection = CLAMP (g_key_file_get_integer (file, "server", "max_requests_per_connection", NULL), 1, 1000000);
  if (g_key_file_has_key (file, "server", "reads_on_http_threads", NULL))
    config->reads_on_http_threads = g_key_file_get_boolean (file, "server", "reads_on_http_threads", NULL);
  if (g_key_file_has_key (file, "server", "debug_thread_header", NULL))
    config->debug_thread_header = g_key_file_get_boolean (file, "server", "debug_thread_header", NULL);
  if (g_key_file_has_key (file, "server", "session_hours", NULL))
    config->auth.session_seconds = CLAMP (g_key_file_get_integer (file, "server", "session_hours", NULL), 1, 24 * 30) * 3600;
  if (g_key_file_has_key (file, "security", "session_idle_minutes", NULL))
    config->auth.idle_seconds = CLAMP (g_key_file_get_integer (file, "security", "session_idle_minutes", NULL), 0, 24 * 60) * 60;
  config->require_reason = g_key_file_get_string_list (file, "audit", "require_reason", NULL, NULL);
  if (g_key_file_has_key (file, "audit", "checkpoint_rows", NULL))
    config->checkpoint_rows = CLAMP (g_key_file_get_integer (file, "audit", "checkpoint_rows", NULL), 1, 1000000);
  if (g_key_file_has_key (file, "audit", "checkpoint_seconds", NULL))
    config->checkpoint_seconds = CLAMP (g_key_file_get_integer (file, "audit", "checkpoint_seconds", NULL), 1, 86400);
  if (g_key_file_has_key (file, "security", "session_idle_seconds", NULL))
    config->auth.idle_seconds = CLAMP (g_key_file_get_integer (file, "security", "session_idle_seconds", NULL), 0, 24 * 3600);
  if (g_key_file_has_key (file, "security", "password_min_length", NULL))
    config->auth.min_password_length = CLAMP (g_key_file_get_integer (file, "security", "password_min_length", NULL), 8, 128);
  if (g_key_file_has_key (file, "security", "password_expiry_days", NULL))
    config->auth.password_expiry_days = CLAMP (g_key_file_get_integer (file, "security", "password_expiry_days", NULL), 0, 3650);
  if (g_key_file_has_key (file, "security", "lockout_failures", NULL))
    config->auth.lockout_failures = CLAMP (g_key_file_get_integer (file, "security", "lockout_failures", NULL), 0, 1000);

  if (g_key_file_has_key (file, "sales", "base_currency", NULL))
    {
      g_free (config->base_currency);
      config->base_currency = g_key_file_get_string (file, "sales", "base_currency", NULL);
      if (config->base_currency == NULL || !crm_currency_is_valid (config->base_currency))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[sales] base_currency must be an ISO 4217 currency code such as CNY, not “%s”"),
                       config->base_currency ? config->base_currency : "");
          return FALSE;
        }
    }
  if (g_key_file_has_key (file, "sales", "rounding", NULL))
    {
      g_autofree char *rounding = g_key_file_get_string (file, "sales", "rounding", NULL);

      if (g_strcmp0 (rounding, "half-even") == 0)
        config->rounding = CRM_ROUND_HALF_EVEN;
      else if (g_strcmp0 (rounding, "half-up") != 0)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[sales] rounding must be “half-up” or “half-even”, not “%s”"), rounding);
          return FALSE;
        }
    }
  if (g_key_file_has_key (file, "sales", "duplicates", NULL))
    {
      g_autofree char *duplicates = g_key_file_get_string (file, "sales", "duplicates", NULL);

      config->duplicates_block = g_strcmp0 (duplicates, "block") == 0;
      if (!config->duplicates_block && g_strcmp0 (duplicates, "warn") != 0)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[sales] duplicates must be “warn” or “block”, not “%s”"), duplicates);
          return FALSE;
        }
    }

  if (g_key_file_has_key (file, "activities", "edit_hours", NULL))
    config->activity_edit_hours = CLAMP (g_key_file_get_integer (file, "activities", "edit_hours", NULL), 0, 24 * 366);
  if (g_key_file_has_key (file, "service", "reopen_days", NULL))
    config->case_reopen_days = CLAMP (g_key_file_get_integer (file, "service", "reopen_days", NULL), 0, 3650);
  if (g_key_file_has_key (file, "service", "reply_to_closed", NULL))
    {
      g_autofree char *reply = g_key_file_get_string (file, "service", "reply_to_closed", NULL);

      config->case_reply_reopens = g_strcmp0 (reply, "reopen") == 0;
      if (!config->case_reply_reopens && g_strcmp0 (reply, "new_case") != 0)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[service] reply_to_closed must be “reopen” or “new_case”, not “%s”"), reply);
          return FALSE;
        }
    }
  config->public_url = g_key_file_get_string (file, "service", "public_url", NULL);
  if (g_key_file_has_key (file, "service", "survey_form_per_minute", NULL))
    config->survey_form_per_minute = CLAMP (g_key_file_get_integer (file, "service", "survey_form_per_minute", NULL), 1, 100000);

  if (g_key_file_has_key (file, "jobs", "interval_seconds", NULL))
    config->jobs_interval = CLAMP (g_key_file_get_integer (file, "jobs", "interval_seconds", NULL), 1, 3600);
  if (g_key_file_has_key (file, "jobs", "lease_seconds", NULL))
    config->jobs_lease = CLAMP (g_key_file_get_integer (file, "jobs", "lease_seconds", NULL), 2, 24 * 3600);

  config->review_kinds = g_key_file_get_string_list (file, "reviews", "kinds", NULL, NULL);
  if (g_key_file_has_key (file, "attachments", "max_bytes", NULL))
    /* a file is held in one GByteArray, whose length is a guint */
    config->attachment_max_bytes = CLAMP (g_key_file_get_uint64 (file, "attachments", "max_bytes", NULL), 1,
                                          G_GUINT64_CONSTANT (1) << 31);
  config->review_signature = g_key_file_get_boolean (file, "reviews", "signature", NULL);

  if (g_key_file_has_key (file, "server", "session_cache_seconds", NULL))
    config->session_cache_seconds = CLAMP (g_key_file_get_integer (file, "server", "session_cache_seconds", NULL), 0, 60);

  config->embedded_options = g_key_file_get_string_list (file, "embedded", "mariadbd_options", NULL, NULL);
  if (g_key_file_has_key (file, "embedded", "encryption", NULL))
    {
      g_autoptr(GError) bad = NULL;

      config->embedded_encryption = g_key_file_get_boolean (file, "embedded", "encryption", &bad);
      if (bad != NULL)
        {
          g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               _("[embedded] encryption must be “true” or “false”"));
          return FALSE;
        }
    }
  config->embedded_key_file = g_key_file_get_string (file, "embedded", "encryption_key_file", NULL);
  if (!rapportd_metrics_access_load (config->metrics_access, file, error))
    return FALSE;

  if (g_key_file_has_group (file, "database"))
    {
      g_autofree char *password_file = g_key_file_get_string (file, "database", "password_file", NULL);

      config->embedded = FALSE;
      config->db.host = g_key_file_get_string (file, "database", "host", NULL);
      config->db.port = g_key_file_get_integer (file, "database", "port", NULL);
      config->db.socket = g_key_file_get_string (file, "database", "socket", NULL);
      config->db.user = g_key_file_get_string (file, "database", "user", NULL);
      if (g_key_file_has_key (file, "database", "nodes", NULL))
        {
          g_autofree char *nodes = g_key_file_get_string (file, "database", "nodes", NULL);

          if ((config->db.nodes = rapportd_db_nodes_parse (nodes != NULL ? nodes : "", error)) == NULL)
            return FALSE;
        }
      config->db.database = g_key_file_get_string (file, "database", "name", NULL);
      if (config->db.database == NULL)
        config->db.database = g_strdup ("rapport");
      if (password_file && (config->db.password = read_password_file (password_file, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

void
rapportd_config_clear (RapportdConfig *config)
{
  g_clear_pointer (&config->data_dir, g_free);
  g_clear_pointer (&config->listen_address, g_free);
  g_clear_pointer (&config->public_url, g_free);
  g_clear_pointer (&config->tls_cert, g_free);
  g_clear_pointer (&config->tls_key, g_free);
  g_clear_pointer (&config->require_reason, g_strfreev);
  g_clear_pointer (&config->review_kinds, g_strfreev);
  g_clear_pointer (&config->embedded_options, g_strfreev);
  g_clear_pointer (&config->embedded_key_file, g_free);
  g_clear_pointer (&config->backup_directory, g_free);
  g_clear_pointer (&config->backup_key_file, g_free);
  g_clear_pointer (&config->path, g_free);
  g_clear_pointer (&config->base_currency, g_free);
  g_clear_pointer (&config->metrics_access, rapportd_metrics_access_free);
  rapportd_db_params_clear (&config->db);
}
