/* rapportd-complaints.h: a complaint's file, its signed reportability assessment, its closure through approval */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean rapportd_complaints_prepare          (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               CrmEntity            *before,
                                               CrmEntity            *after,
                                               gboolean              as_server,
                                               GError              **error);
gboolean rapportd_complaints_check_assessor   (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               GError              **error);
gboolean rapportd_complaints_check_assessment (JsonObject           *body,
                                               GError              **error);
CrmEntity *rapportd_complaints_assess         (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               CrmEntity            *complaint,
                                               JsonObject           *body,
                                               gint64               *signature_id,
                                               GError              **error);
gboolean rapportd_complaints_submit_closure   (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               CrmEntity            *complaint,
                                               gint64               *approval_id,
                                               GError              **error);
gboolean rapportd_complaints_closure_decided  (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               CrmEntity            *complaint,
                                               gboolean              approved,
                                               GError              **error);

G_END_DECLS
