/* rapportd-mail-intake.h: one message read from a mailbox, kept and put on its case in one transaction */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

typedef enum
{
  /* on a case: a new one, or the one it answers */
  RAPPORTD_MAIL_STORED,
  /* kept raw, with the reason it could not go onto a case */
  RAPPORTD_MAIL_ERROR,
  /* a Message-ID the mailbox has stored already */
  RAPPORTD_MAIL_DUPLICATE,
  /* at or below the mailbox's last UID: another reader took it */
  RAPPORTD_MAIL_TAKEN,
} RapportdMailOutcome;

gboolean rapportd_mail_intake_take (RapportdDb           *db,
                                    gint64                mailbox_id,
                                    gint64                uid_validity,
                                    gint64                uid,
                                    GBytes               *raw,
                                    RapportdMailOutcome  *outcome,
                                    GError              **error);

G_END_DECLS
