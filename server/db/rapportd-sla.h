/* rapportd-sla.h: a case's service level: its policy, its due instants in business time, its pauses and its state */
#pragma once

#include "crm-entity.h"
#include "rapportd-db.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean rapportd_sla_prepare      (RapportdDb   *db,
                                    CrmEntity    *before,
                                    CrmEntity    *after,
                                    gint64        now,
                                    GError      **error);
void     rapportd_sla_update_next  (CrmEntity    *record);
GHashTable *rapportd_sla_calendar_cache_new (void);
gboolean rapportd_sla_recompute    (RapportdDb   *db,
                                    CrmEntity    *record,
                                    GHashTable   *calendars,
                                    CrmEntity    *patch,
                                    gboolean     *changed,
                                    GError      **error);
gboolean rapportd_sla_append_state (RapportdDb   *db,
                                    CrmEntity    *record,
                                    gint64        now,
                                    GHashTable  **calendars,
                                    GString      *out,
                                    GError      **error);
void     rapportd_sla_add_schema   (JsonBuilder  *builder);

G_END_DECLS
