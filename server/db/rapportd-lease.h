/* rapportd-lease.h: a named lease in the database, held by one rapportd of a cluster at a time */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

const char *rapportd_lease_holder  (void);
gboolean    rapportd_lease_take    (RapportdDb   *db,
                                    const char   *table,
                                    const char   *name,
                                    guint         seconds,
                                    gboolean     *held,
                                    GError      **error);
gboolean    rapportd_lease_hold    (RapportdDb   *db,
                                    const char   *table,
                                    const char   *name,
                                    guint         seconds,
                                    GError      **error);
void        rapportd_lease_release (RapportdDb   *db,
                                    const char   *table,
                                    const char   *name);

G_END_DECLS
