/* rapportd-review-signature.h: which activities need a supervisor's review, and the electronic signature that reviews them */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean    rapportd_review_signature_configure      (const char * const  *kinds,
                                                      gboolean             signature,
                                                      GError             **error);
const char * const *rapportd_review_signature_kinds  (void);
gboolean    rapportd_review_signature_required       (CrmEntity           *activity);
gboolean    rapportd_review_signature_store          (RapportdDb          *db,
                                                      const RapportdActor *actor,
                                                      CrmEntity           *activity,
                                                      gint64              *signature_id,
                                                      GError             **error);

G_END_DECLS
