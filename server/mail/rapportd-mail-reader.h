/* rapportd-mail-reader.h: the thread that reads the mailboxes due and sends the mail queued, on the rapportd holding the mail lease */
#pragma once

#include "rapportd-pool.h"

G_BEGIN_DECLS

typedef struct _RapportdMailReader RapportdMailReader;

RapportdMailReader *rapportd_mail_reader_start (RapportdPool       *pool);
void                rapportd_mail_reader_stop  (RapportdMailReader *reader);

G_END_DECLS
