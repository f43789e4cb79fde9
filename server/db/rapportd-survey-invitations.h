/* rapportd-survey-invitations.h: a survey's invitations, each with a one-time link: sent to contacts, or made when a case closes */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"
#include "crm-entity.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* at most so many contacts one request invites */
#define RAPPORTD_SURVEY_MAX_CONTACTS 500

gboolean  rapportd_survey_invitation_create   (RapportdDb           *db,
                                               gint64                actor_id,
                                               CrmEntity            *survey,
                                               gint64                case_id,
                                               gint64                contact_id,
                                               gint64                owner_id,
                                               gint64                category_id,
                                               char                **token,
                                               gint64               *id,
                                               GError              **error);
gboolean  rapportd_survey_invitation_renew    (RapportdDb           *db,
                                               gint64                id,
                                               char                **token,
                                               GError              **error);
JsonNode *rapportd_survey_invite_contacts     (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               gint64                survey_id,
                                               JsonObject           *body,
                                               const char           *host,
                                               GError              **error);
gboolean  rapportd_survey_invite_closed_case  (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               CrmEntity            *before,
                                               CrmEntity            *stored,
                                               GError              **error);
JsonObject *rapportd_survey_invitation_read   (RapportdDb           *db,
                                               gint64                id,
                                               gboolean              for_update,
                                               GError              **error);
JsonNode *rapportd_survey_invitations_list    (RapportdDb           *db,
                                               const RapportdActor  *actor,
                                               GHashTable           *query,
                                               GError              **error);

G_END_DECLS
