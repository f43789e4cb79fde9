/* rapportd-case-messages.h: a service case's conversation: replies and internal notes, and what each does to the case */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* the longest message body, in bytes of UTF-8 */
#define RAPPORTD_CASE_MESSAGE_BODY_MAX (64 * 1024)

typedef enum
{
  /* a customer's message to a case closed longer than reopen_days ago
   * opens a new case that follows it (the default) */
  RAPPORTD_REPLY_TO_CLOSED_NEW_CASE,
  /* ... or reopens the case, however long ago it closed */
  RAPPORTD_REPLY_TO_CLOSED_REOPEN,
} RapportdReplyToClosed;

/* a message to add: what the API's POST or the mail reader read */
typedef struct
{
  /* "reply" (the customer sees it) or "note" (internal, staff only) */
  const char *kind;
  /* "outbound" (staff to the customer) or "inbound" (the customer's) */
  const char *direction;
  /* (nullable): mail's addresses, subject and Message-ID header */
  const char *from_address;
  const char *to_address;
  const char *subject;
  const char *message_id_header;
  /* plain text, at most RAPPORTD_CASE_MESSAGE_BODY_MAX bytes */
  const char *body;
  /* (nullable) (element-type gint64): files already attached to the case
   * that belong to this message */
  GArray     *attachment_ids;
} RapportdCaseMessage;

void                  rapportd_case_messages_set_reply_to_closed (RapportdReplyToClosed  setting);
RapportdReplyToClosed rapportd_case_messages_get_reply_to_closed (void);
gboolean              rapportd_case_messages_parse_reply_to_closed (const char           *text,
                                                                    RapportdReplyToClosed *setting);

char     *rapportd_case_messages_add    (RapportdDb                 *db,
                                         const RapportdActor        *actor,
                                         gint64                      case_id,
                                         const RapportdCaseMessage  *message,
                                         gint64                     *stored_case_id,
                                         GError                    **error);
gboolean  rapportd_case_messages_insert (RapportdDb                 *db,
                                         const RapportdActor        *actor,
                                         gint64                      case_id,
                                         const RapportdCaseMessage  *message,
                                         char                      **json,
                                         GError                    **error);
char     *rapportd_case_messages_list   (RapportdDb                 *db,
                                         const RapportdActor        *actor,
                                         gint64                      case_id,
                                         const char                 *kind,
                                         GError                    **error);
char     *rapportd_case_messages_get    (RapportdDb                 *db,
                                         const RapportdActor        *actor,
                                         gint64                      case_id,
                                         gint64                      message_id,
                                         GError                    **error);

G_END_DECLS
