/* rapportd-config.h: RapportdConfig, rapportd.conf and the command line merged */
#pragma once

#include <glib.h>

#include "crm-money.h"

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  /* how long a session lasts at most, and without use */
  guint session_seconds;
  guint idle_seconds;
  guint min_password_length;
  /* 0: passwords do not expire */
  guint password_expiry_days;
  /* consecutive failures that lock an account until an administrator unlocks it */
  guint lockout_failures;
} RapportdAuthPolicy;

typedef struct
{
  char             *data_dir;
  char             *listen_address;
  guint             listen_port;
  gboolean          tls;
  char             *tls_cert;
  char             *tls_key;
  guint             workers;
  /* requests that may wait for a free worker before more get 503 */
  guint             max_queued;
  gsize             max_body;
  /* the largest body of an import or an attachment, spooled to a file */
  gsize             max_upload;
  /* seconds a client has for its TLS handshake, its request head and its body,
   * and the connections open at once */
  guint             handshake_timeout;
  guint             header_timeout;
  guint             body_timeout;
  guint             max_connections;
  /* threads that accept connections and run HTTP, each with its own main context */
  guint             http_threads;
  /* seconds a kept-alive connection may wait for its next request, and the
   * requests one connection may carry */
  guint             keepalive_timeout;
  guint             max_requests_per_connection;
  /* X-Rapportd-Thread on every answer: which HTTP thread served it */
  gboolean          debug_thread_header;
  /* the cheapest reads (health, a record by id) run on the HTTP thread that
   * read them, on a connection of its own, not on a worker */
  gboolean          reads_on_http_threads;
  RapportdAuthPolicy auth;
  /* sign the audit chain's head after this many rows, or this long */
  guint             checkpoint_rows;
  /* entities whose every change must carry a reason */
  GStrv             require_reason;
  guint             checkpoint_seconds;
  /* [sales] the company's currency, and how amounts round to cents */
  char             *base_currency;
  CrmRounding       rounding;
  /* [sales] duplicates=block: a create with a likely duplicate needs a reason */
  gboolean          duplicates_block;
  /* [activities] edit_hours: how long an activity's owner may edit it */
  guint             activity_edit_hours;
  /* [service] reopen_days: how long after closing a service case may reopen */
  guint             case_reopen_days;
  /* [service] reply_to_closed=reopen: a customer's message to a case closed
   * longer ago reopens it (default new_case: opens a new case after it) */
  gboolean          case_reply_reopens;
  /* [service] public_url: the start of a survey's link (https://crm.example.com),
   * NULL: the request's host; survey_form_per_minute: a form's rate per address */
  char             *public_url;
  guint             survey_form_per_minute;
  /* [reviews] kinds: the kinds of activity that need a review one by one;
   * signature: that review is an electronic signature */
  GStrv             review_kinds;
  gboolean          review_signature;
  /* [attachments] max_bytes: the largest file attached to a record (64 MiB
   * by default), never more than [server] max_upload_bytes */
  guint64           attachment_max_bytes;
  /* how long a checked session is trusted without asking MariaDB again */
  guint             session_cache_seconds;
  /* no [database] group: rapportd runs its own MariaDB under data_dir */
  gboolean          embedded;
  /* [embedded] mariadbd_options: NAME=VALUE settings added to the private mariadbd's */
  GStrv             embedded_options;
  /* [embedded] encryption: MariaDB encrypts what it writes (default); and
   * encryption_key_file: a key the organisation manages, instead of the
   * one generated under the data directory */
  gboolean          embedded_encryption;
  char             *embedded_key_file;
  /* [metrics] allow and token_file: who may read /api/v1/metrics */
  struct _RapportdMetricsAccess *metrics_access;
  /* [backup] time (HH:MM, UTC, as minutes; -1: none), directory, retention
   * and key_file: the daily backup rapportd makes itself */
  gint              backup_minute_of_day;
  char             *backup_directory;
  guint             backup_retention;
  char             *backup_key_file;
  /* [backup] binlog_days: how long the embedded MariaDB keeps its binary
   * logs, for point-in-time recovery (default 7) */
  guint             backup_binlog_days;
  /* [jobs] interval_seconds: how often the periodic jobs run (default 60);
   * lease_seconds: how long the rapportd of a cluster that ran them last
   * keeps them from the others (default three intervals) */
  guint             jobs_interval;
  guint             jobs_lease;
  /* the configuration file read, if any */
  char             *path;
  RapportdDbParams  db;
} RapportdConfig;

gboolean rapportd_config_load        (RapportdConfig  *config,
                                      const char      *path,
                                      GError         **error);
gboolean rapportd_config_set_listen  (RapportdConfig  *config,
                                      const char      *listen,
                                      GError         **error);
void     rapportd_config_clear       (RapportdConfig  *config);

G_END_DECLS
