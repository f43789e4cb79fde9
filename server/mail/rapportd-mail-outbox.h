/* rapportd-mail-outbox.h: mail to customers (replies on a case, survey links) queued in its transaction, sent over SMTP with retries */
#pragma once

#include <json-glib/json-glib.h>
#include "rapportd-db.h"

G_BEGIN_DECLS

gboolean  rapportd_mail_outbox_enqueue   (RapportdDb   *db,
                                          gint64        case_id,
                                          gint64        case_message_id,
                                          const char   *body,
                                          char        **message_id,
                                          GError      **error);
gboolean  rapportd_mail_outbox_enqueue_notice (RapportdDb   *db,
                                               gint64        case_id,
                                               const char   *title,
                                               const char   *body,
                                               char        **message_id,
                                               GError      **error);
gboolean  rapportd_mail_outbox_enqueue_to (RapportdDb   *db,
                                           gint64        team_id,
                                           const char   *to,
                                           const char   *subject,
                                           const char   *body,
                                           char        **message_id,
                                           GError      **error);
gboolean  rapportd_mail_outbox_send_due  (RapportdDb   *db,
                                          GError      **error);
gboolean  rapportd_mail_outbox_make_due  (RapportdDb   *db,
                                          gint64        now,
                                          GError      **error);
JsonNode *rapportd_mail_outbox_list      (RapportdDb   *db,
                                          gint64        case_id,
                                          GError      **error);

G_END_DECLS
