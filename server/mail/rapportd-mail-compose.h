/* rapportd-mail-compose.h: a reply to a customer as a whole RFC 5322 message, text/plain UTF-8 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *from;
  const char *to;
  /* UTF-8; encoded per RFC 2047 where it is not ASCII */
  const char *subject;
  /* without angle brackets */
  const char *message_id;
  /* (nullable) */
  const char *in_reply_to;
  /* (nullable) (element-type utf8): oldest first */
  GPtrArray  *references;
  const char *body;
} RapportdMailDraft;

char *rapportd_mail_compose     (const RapportdMailDraft *draft);
char *rapportd_mail_new_message_id (const char           *from);

G_END_DECLS
