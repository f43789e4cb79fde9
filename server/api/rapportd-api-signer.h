/* rapportd-api-signer.h: an electronic signature's re-entered credentials, checked for any request that signs */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

gboolean rapportd_api_signer_session_has_signed (RapportdDb                 *db,
                                                 const char                 *token);
gboolean rapportd_api_signer_check              (RapportdRequest            *request,
                                                 RapportdDb                 *db,
                                                 const RapportdApiSettings  *settings,
                                                 JsonObject                 *body,
                                                 GError                    **error);
gboolean rapportd_api_signer_mark_signed        (RapportdDb                 *db,
                                                 const char                 *token,
                                                 GError                    **error);

G_END_DECLS
