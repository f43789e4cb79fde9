/* rapportd-config.h: RapportdConfig, rapportd.conf and the command line merged */
#pragma once

#include <glib.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct
{
  char             *data_dir;
  char             *listen_address;
  guint             listen_port;
  gboolean          tls;
  char             *tls_cert;
  char             *tls_key;
  guint             workers;
  gsize             max_body;
  guint             session_seconds;
  /* how long a checked session is trusted without asking MariaDB again */
  guint             session_cache_seconds;
  /* no [database] group: rapportd runs its own MariaDB under data_dir */
  gboolean          embedded;
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
