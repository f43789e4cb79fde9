/* rapportd-mail-parse.h: what a customer's message says, read from its raw bytes with GMime */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the largest message taken onto a case; a larger one is kept raw, with an error */
#define RAPPORTD_MAIL_MAX_BYTES (25 * 1024 * 1024)

typedef struct
{
  char   *name;
  char   *content_type;
  GBytes *content;
} RapportdMailAttachment;

typedef struct
{
  /* why the message cannot go onto a case, or NULL */
  char      *error;
  /* without angle brackets; NULL when it has none */
  char      *message_id;
  char      *in_reply_to;
  /* (element-type utf8): References, oldest first */
  GPtrArray *references;
  char      *subject;
  /* the sender's address, lower case */
  char      *from_address;
  char      *from_name;
  /* the text the customer wrote: the first text/plain part (or text/html) */
  char      *text;
  /* (element-type RapportdMailAttachment) */
  GPtrArray *attachments;
} RapportdMailParsed;

RapportdMailParsed *rapportd_mail_parse       (GBytes             *raw);
gboolean            rapportd_mail_is_dangerous (const char        *file_name);
char               *rapportd_mail_cut         (const char         *text,
                                               glong               max);
void                rapportd_mail_parsed_free (RapportdMailParsed *parsed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdMailParsed, rapportd_mail_parsed_free)

G_END_DECLS
