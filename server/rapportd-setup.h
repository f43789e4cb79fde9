/* rapportd-setup.h: bring the database up (embedded or external), migrate it, create the first admin */
#pragma once

#include "rapportd-config.h"
#include "rapportd-embedded.h"

G_BEGIN_DECLS

gboolean rapportd_setup_database (const RapportdConfig  *config,
                                  gboolean               reuse_running,
                                  GCancellable          *cancellable,
                                  RapportdEmbedded     **embedded,
                                  RapportdDbParams      *params,
                                  GError               **error);
gboolean rapportd_setup_admin    (RapportdDb            *db,
                                  const char            *data_dir,
                                  GError               **error);

G_END_DECLS
