/* rapportd-idempotency.h: Idempotency-Key on POSTs: the first answer kept with the write, given again to a retry */
#pragma once

#include "rapportd-db.h"
#include "rapportd-request.h"

G_BEGIN_DECLS

/* the request header that names a POST, and the answer header of a replay */
#define RAPPORTD_IDEMPOTENCY_HEADER "Idempotency-Key"
#define RAPPORTD_IDEMPOTENCY_REPLAYED_HEADER "Idempotent-Replayed"
#define RAPPORTD_IDEMPOTENCY_MAX_KEY 255
#define RAPPORTD_IDEMPOTENCY_KEEP_HOURS 24

gboolean  rapportd_idempotency_applies     (RapportdRequest  *request);
gboolean  rapportd_idempotency_check_key   (const char       *key,
                                            GError          **error);
char     *rapportd_idempotency_fingerprint (RapportdRequest  *request);
gboolean  rapportd_idempotency_replay      (RapportdDb       *db,
                                            RapportdRequest  *request,
                                            const char       *fingerprint,
                                            gboolean         *replayed,
                                            GError          **error);
gboolean  rapportd_idempotency_store       (RapportdDb       *db,
                                            RapportdRequest  *request,
                                            const char       *fingerprint,
                                            GError          **error);
gboolean  rapportd_idempotency_purge       (RapportdDb       *db,
                                            gint64            now,
                                            guint            *n_purged,
                                            GError          **error);

G_END_DECLS
