/* rapportd-embedded.h: the private mariadbd that embedded mode initialises and supervises */
#pragma once

#include <gio/gio.h>

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef struct _RapportdEmbedded RapportdEmbedded;

RapportdEmbedded *rapportd_embedded_start       (const char        *data_dir,
                                                 const char * const *options,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
void              rapportd_embedded_stop        (RapportdEmbedded  *self);
void              rapportd_embedded_get_params  (RapportdEmbedded  *self,
                                                 RapportdDbParams  *params);
char             *rapportd_embedded_socket_path (const char        *data_dir);
gboolean          rapportd_embedded_is_running  (const char        *data_dir);
const char       *rapportd_embedded_socket_user (void);

G_END_DECLS
