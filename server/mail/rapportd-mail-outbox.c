/* rapportd-mail-outbox.c: mail to customers (replies on a case, survey links) queued in its transaction, sent over SMTP with retries */

/* Modelled on the webhooks' outbox (rapportd-webhook-outbox.c), whose
 * backoff and number of attempts it shares: a row is written whole in the
 * transaction of the reply, claimed for a lease (FOR UPDATE SKIP LOCKED),
 * sent, and recorded as sent or due again after its backoff; after the
 * last attempt it is failed, with the error kept. */
#include "rapportd-mail-outbox.h"
#include "rapportd-mail-compose.h"
#include "rapportd-mail-parse.h"
#include "rapportd-mail-secret.h"
#include "rapportd-smtp.h"
#include "rapportd-webhook-outbox.h"
#include "crm-error.h"

#include <string.h>

#define CLAIM_MAX 10
#define LEASE_SECONDS 300
/* the References of a reply: the customer's latest messages on the case */
#define REFERENCES_MAX 20

static const char *
text_or_null (RapportdDbResult *result,
              guint             col)
{
  return result->n_rows > 0 ? rapportd_db_result_get (result, 0, col) : NULL;
}

/* the Message-IDs of the customer's messages on the case, oldest first */
static GPtrArray *
thread_ids (RapportdDb  *db,
            gint64       case_id,
            GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT message_id_header FROM (SELECT id, message_id_header "
                                                 "FROM mail_messages WHERE case_id = ? AND message_id_header IS NOT NULL "
                                                 "ORDER BY id DESC LIMIT " G_STRINGIFY (REFERENCES_MAX) ") latest ORDER BY id");
  g_autoptr(RapportdDbResult) result = NULL;
  GPtrArray *ids;

  rapportd_sql_add_int (sql, case_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < result->n_rows; r++)
    g_ptr_array_add (ids, g_strdup (rapportd_db_result_get (result, r, 0)));
  return ids;
}

static gboolean
insert (RapportdDb   *db,
        gint64        mailbox_id,
        gint64        case_id,
        gint64        case_message_id,
        const char   *to,
        const char   *subject,
        const char   *message_id,
        const char   *raw,
        GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO mail_outbox (mailbox_id, case_id, case_message_id, to_address, "
                                                 "subject, message_id_header, raw, next_attempt_at, created_at) "
                                                 "VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");

  rapportd_sql_add_int (sql, mailbox_id);
  if (case_id > 0)
    rapportd_sql_add_int (sql, case_id);
  else
    rapportd_sql_add_null (sql);
  if (case_message_id > 0)
    rapportd_sql_add_int (sql, case_message_id);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_text (sql, to);
  rapportd_sql_add_text (sql, subject);
  rapportd_sql_add_text (sql, message_id);
  rapportd_sql_add_text (sql, raw);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* the conversation's message carries the Message-ID it is mailed with */
static gboolean
mark_message (RapportdDb  *db,
              gint64       case_message_id,
              const char  *message_id,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE case_messages SET message_id_header = ? "
                                                 "WHERE id = ? AND message_id_header IS NULL");

  if (case_message_id <= 0)
    return TRUE;
  rapportd_sql_add_text (sql, message_id);
  rapportd_sql_add_int (sql, case_message_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/* the active mailbox that sends, of @team_id's queue first: its id and
 * from_address, no row when none sends */
static RapportdDbResult *
sending_mailbox (RapportdDb  *db,
                 gint64       team_id,
                 GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, from_address FROM mailboxes "
                                                 "WHERE active = 1 AND smtp_url IS NOT NULL "
                                                 "ORDER BY team_id = ? DESC, id LIMIT 1");

  rapportd_sql_add_int (sql, team_id);
  return rapportd_db_query (db, sql, error);
}

/* @draft (its sender, Message-ID and text made here) composed and written
 * in the outbox from @mailbox, a row of sending_mailbox() */
static gboolean
queue_mail (RapportdDb         *db,
            RapportdDbResult   *mailbox,
            gint64              case_id,
            gint64              case_message_id,
            RapportdMailDraft  *draft,
            char              **message_id,
            GError            **error)
{
  g_autofree char *id = rapportd_mail_new_message_id (text_or_null (mailbox, 1));
  g_autofree char *raw = NULL;

  draft->from = text_or_null (mailbox, 1);
  draft->message_id = id;
  raw = rapportd_mail_compose (draft);
  if (!insert (db, g_ascii_strtoll (text_or_null (mailbox, 0), NULL, 10), case_id, case_message_id, draft->to,
               draft->subject, id, raw, error) ||
      !mark_message (db, case_message_id, id, error))
    return FALSE;
  if (message_id != NULL)
    *message_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
is_address (const char *text)
{
  return text != NULL && strchr (text, '@') != NULL;
}

/* a mail to the case's contact from the mailbox of the case's queue (else
 * the first active mailbox that sends): a reply (@title NULL: "Re: [NUMBER]
 * SUBJECT", answering the customer's last message) or a notice about the
 * case ("[NUMBER] TITLE", in the case's thread) */
static gboolean
queue_case_mail (RapportdDb   *db,
                 gint64        case_id,
                 gint64        case_message_id,
                 const char   *title,
                 const char   *body,
                 char        **message_id,
                 GError      **error)
{
  g_autoptr(RapportdSql) about = rapportd_sql_new ("SELECT c.number, c.subject, t.email, IFNULL(c.queue_team_id, 0) "
                                                   "FROM cases c LEFT JOIN contacts t ON t.id = c.contact_id WHERE c.id = ?");
  g_autoptr(RapportdDbResult) the_case = NULL;
  g_autoptr(RapportdDbResult) mailbox = NULL;
  g_autoptr(GPtrArray) references = NULL;
  g_autofree char *subject = NULL;
  RapportdMailDraft draft = { 0 };

  g_return_val_if_fail (db != NULL && body != NULL, FALSE);

  if (message_id != NULL)
    *message_id = NULL;
  rapportd_sql_add_int (about, case_id);
  if ((the_case = rapportd_db_query (db, about, error)) == NULL)
    return FALSE;
  if (!is_address (text_or_null (the_case, 2)))
    return TRUE;
  if ((mailbox = sending_mailbox (db, g_ascii_strtoll (text_or_null (the_case, 3), NULL, 10), error)) == NULL ||
      (references = thread_ids (db, case_id, error)) == NULL)
    return FALSE;
  if (mailbox->n_rows == 0)
    return TRUE;
  subject = title == NULL ? g_strdup_printf ("Re: [%s] %s", text_or_null (the_case, 0), text_or_null (the_case, 1))
                          : g_strdup_printf ("[%s] %s", text_or_null (the_case, 0), title);
  draft.to = text_or_null (the_case, 2);
  draft.subject = subject;
  draft.in_reply_to = title == NULL && references->len > 0 ? references->pdata[references->len - 1] : NULL;
  draft.references = references;
  draft.body = body;
  return queue_mail (db, mailbox, case_id, case_message_id, &draft, message_id, error);
}

/**
 * rapportd_mail_outbox_enqueue:
 * @db: a connection inside the reply's transaction
 * @case_id: the case replied on
 * @case_message_id: the conversation's message, or 0
 * @body: the reply, plain text
 * @message_id: (out) (optional) (transfer full) (nullable): the Message-ID
 *   it is sent with; %NULL when nothing was queued
 * @error: return location for a #GError
 *
 * Queues the reply to the case's contact, from the mailbox of the case's
 * queue (else the first active mailbox that sends), as "Re: [NUMBER]
 * SUBJECT", answering the customer's last message. A case whose contact
 * has no email, or no mailbox that sends, queues nothing.
 *
 * Returns: whether the case could be read and the reply queued if it could be
 */
gboolean
rapportd_mail_outbox_enqueue (RapportdDb   *db,
                              gint64        case_id,
                              gint64        case_message_id,
                              const char   *body,
                              char        **message_id,
                              GError      **error)
{
  return queue_case_mail (db, case_id, case_message_id, NULL, body, message_id, error);
}

/**
 * rapportd_mail_outbox_enqueue_notice:
 * @db: a connection inside the transaction that has something to tell
 * @case_id: the case it is about
 * @title: the subject, after the case's number
 * @body: plain text
 * @message_id: (out) (optional) (transfer full) (nullable): the Message-ID
 *   it is sent with; %NULL when nothing was queued
 * @error: return location for a #GError
 *
 * Queues a mail about the case to its contact (a survey's invitation),
 * "[NUMBER] TITLE", from the mailbox of the case's queue, as a reply is;
 * nothing for a contact without an email or without a mailbox that sends.
 *
 * Returns: whether the case could be read and the mail queued if it could be
 */
gboolean
rapportd_mail_outbox_enqueue_notice (RapportdDb   *db,
                                     gint64        case_id,
                                     const char   *title,
                                     const char   *body,
                                     char        **message_id,
                                     GError      **error)
{
  g_return_val_if_fail (title != NULL, FALSE);

  return queue_case_mail (db, case_id, 0, title, body, message_id, error);
}

/**
 * rapportd_mail_outbox_enqueue_to:
 * @db: a connection inside the transaction that has something to tell
 * @team_id: the sender's team, or 0
 * @to: (nullable): the address
 * @subject: the subject
 * @body: plain text
 * @message_id: (out) (optional) (transfer full) (nullable): the Message-ID
 *   it is sent with; %NULL when nothing was queued
 * @error: return location for a #GError
 *
 * Queues a mail about no case (a survey's invitation sent by hand) to @to,
 * from the mailbox of @team_id's queue, else the first active mailbox that
 * sends; nothing for no address or without a mailbox that sends.
 *
 * Returns: whether the mail could be queued if there was one to queue
 */
gboolean
rapportd_mail_outbox_enqueue_to (RapportdDb   *db,
                                 gint64        team_id,
                                 const char   *to,
                                 const char   *subject,
                                 const char   *body,
                                 char        **message_id,
                                 GError      **error)
{
  g_autoptr(RapportdDbResult) mailbox = NULL;
  RapportdMailDraft draft = { 0 };

  g_return_val_if_fail (db != NULL && subject != NULL && body != NULL, FALSE);

  if (message_id != NULL)
    *message_id = NULL;
  if (!is_address (to))
    return TRUE;
  if ((mailbox = sending_mailbox (db, team_id, error)) == NULL)
    return FALSE;
  if (mailbox->n_rows == 0)
    return TRUE;
  draft.to = to;
  draft.subject = subject;
  draft.body = body;
  return queue_mail (db, mailbox, 0, 0, &draft, message_id, error);
}

typedef struct
{
  gint64  id;
  guint   attempts;
  char   *smtp_url;
  char   *username;
  char   *sealed;
  char   *from;
  char   *to;
  char   *raw;
} Outgoing;

static void
outgoing_free (gpointer data)
{
  Outgoing *outgoing = data;

  g_free (outgoing->smtp_url);
  g_free (outgoing->username);
  g_free (outgoing->sealed);
  g_free (outgoing->from);
  g_free (outgoing->to);
  g_free (outgoing->raw);
  g_free (outgoing);
}

/* the due rows, marked sending for a lease, in a transaction of their own */
static GPtrArray *
claim (RapportdDb  *db,
       GError     **error)
{
  g_autoptr(RapportdSql) due = rapportd_sql_new ("SELECT o.id, o.attempts, m.smtp_url, m.username, m.password_sealed, "
                                                 "m.from_address, o.to_address, o.raw "
                                                 "FROM mail_outbox o JOIN mailboxes m ON m.id = o.mailbox_id "
                                                 "WHERE ((o.state = 'queued' AND o.next_attempt_at <= UTC_TIMESTAMP(6)) "
                                                 "OR (o.state = 'sending' AND o.lease_until < UTC_TIMESTAMP(6))) "
                                                 "AND m.smtp_url IS NOT NULL "
                                                 "ORDER BY o.id LIMIT " G_STRINGIFY (CLAIM_MAX) " FOR UPDATE SKIP LOCKED");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GPtrArray) claimed = g_ptr_array_new_with_free_func (outgoing_free);

  if (!rapportd_db_begin (db, error))
    return NULL;
  if ((result = rapportd_db_query (db, due, error)) == NULL)
    goto fail;
  for (guint r = 0; r < result->n_rows; r++)
    {
      Outgoing *outgoing = g_new0 (Outgoing, 1);
      g_autoptr(RapportdSql) mark = rapportd_sql_new ("UPDATE mail_outbox SET state = 'sending', "
                                                      "lease_until = UTC_TIMESTAMP(6) + INTERVAL "
                                                      G_STRINGIFY (LEASE_SECONDS) " SECOND WHERE id = ?");

      outgoing->id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      outgoing->attempts = g_ascii_strtoull (rapportd_db_result_get (result, r, 1), NULL, 10);
      outgoing->smtp_url = g_strdup (rapportd_db_result_get (result, r, 2));
      outgoing->username = g_strdup (rapportd_db_result_get (result, r, 3));
      outgoing->sealed = g_strdup (rapportd_db_result_get (result, r, 4));
      outgoing->from = g_strdup (rapportd_db_result_get (result, r, 5));
      outgoing->to = g_strdup (rapportd_db_result_get (result, r, 6));
      outgoing->raw = g_strdup (rapportd_db_result_get (result, r, 7));
      g_ptr_array_add (claimed, outgoing);
      rapportd_sql_add_int (mark, outgoing->id);
      if (!rapportd_db_execute (db, mark, NULL, NULL, error))
        goto fail;
    }
  if (!rapportd_db_commit (db, error))
    goto fail;
  return g_steal_pointer (&claimed);

fail:
  rapportd_db_rollback (db);
  return NULL;
}

/* sent, or due again after its backoff, or failed after the last attempt */
static gboolean
record (RapportdDb     *db,
        Outgoing       *outgoing,
        const GError   *failure,
        GError        **error)
{
  guint attempts = outgoing->attempts + 1;
  g_autoptr(RapportdSql) sql = NULL;
  g_autofree char *message = failure ? rapportd_mail_cut (failure->message, 1000) : NULL;

  if (failure == NULL)
    sql = rapportd_sql_new ("UPDATE mail_outbox SET state = 'sent', attempts = ?, sent_at = UTC_TIMESTAMP(6), "
                            "lease_until = NULL, last_error = NULL WHERE id = ?");
  else
    {
      sql = rapportd_sql_new ("UPDATE mail_outbox SET state = ?, attempts = ?, lease_until = NULL, last_error = ?, "
                              "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND WHERE id = ?");
      rapportd_sql_add_text (sql, attempts >= RAPPORTD_WEBHOOK_MAX_ATTEMPTS ? "failed" : "queued");
    }
  rapportd_sql_add_int (sql, attempts);
  if (failure != NULL)
    {
      rapportd_sql_add_text (sql, message);
      rapportd_sql_add_int (sql, rapportd_webhook_backoff_seconds (attempts));
    }
  rapportd_sql_add_int (sql, outgoing->id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_mail_outbox_send_due:
 * @db: a connection outside a transaction
 * @error: return location for a #GError
 *
 * Sends up to ten due replies, one after the other, each recorded in a
 * statement of its own as it is done.
 *
 * Returns: whether the outbox could be read and written
 */
gboolean
rapportd_mail_outbox_send_due (RapportdDb  *db,
                               GError     **error)
{
  g_autoptr(GPtrArray) claimed = claim (db, error);

  if (claimed == NULL)
    return FALSE;
  for (guint i = 0; i < claimed->len; i++)
    {
      Outgoing *outgoing = claimed->pdata[i];
      g_autoptr(GError) failure = NULL;
      g_autofree char *password = rapportd_mail_secret_open (outgoing->sealed, &failure);

      if (password != NULL)
        {
          rapportd_smtp_send (outgoing->smtp_url, outgoing->username, password, outgoing->from, outgoing->to,
                              outgoing->raw, &failure);
          memset (password, 0, strlen (password));
        }
      if (!record (db, outgoing, failure, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_mail_outbox_make_due:
 * @db: a connection inside the periodic jobs' transaction
 * @now: the time the jobs run as of
 * @error: return location for a #GError
 *
 * Mail waiting out its backoff until at most @now is due at once, as
 * webhook deliveries are (POST /jobs/run?now=).
 *
 * Returns: whether it could be written
 */
gboolean
rapportd_mail_outbox_make_due (RapportdDb  *db,
                               gint64       now,
                               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE mail_outbox SET next_attempt_at = UTC_TIMESTAMP(6) "
                                                 "WHERE state = 'queued' AND next_attempt_at <= ? "
                                                 "AND next_attempt_at > UTC_TIMESTAMP(6)");
  g_autofree char *at = rapportd_sql_format_time (now);

  rapportd_sql_add_text (sql, at);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_mail_outbox_list:
 * @db: a connection
 * @case_id: a case
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[…]}: the replies mailed on the case,
 *   oldest first, each with its state, attempts and last error
 */
JsonNode *
rapportd_mail_outbox_list (RapportdDb  *db,
                           gint64       case_id,
                           GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, case_message_id, to_address, subject, message_id_header, state, "
                                                 "attempts, last_error, "
                                                 "DATE_FORMAT(next_attempt_at, '%Y-%m-%dT%H:%i:%sZ'), "
                                                 "DATE_FORMAT(sent_at, '%Y-%m-%dT%H:%i:%sZ') "
                                                 "FROM mail_outbox WHERE case_id = ? ORDER BY id");
  static const char * const keys[] = { "id", "case_message_id", "to", "subject", "message_id", "state", "attempts",
                                       "error", "next_attempt_at", "sent_at" };
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  json_object_set_array_member (answer, "items", items);
  rapportd_sql_add_int (sql, case_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    {
      JsonObject *item = json_object_new ();

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *value = rapportd_db_result_get (result, r, k);

          if (value == NULL)
            json_object_set_null_member (item, keys[k]);
          else if (k == 0 || k == 1 || k == 6)
            json_object_set_int_member (item, keys[k], g_ascii_strtoll (value, NULL, 10));
          else
            json_object_set_string_member (item, keys[k], value);
        }
      json_array_add_object_element (items, item);
    }
  return json_node_init_object (json_node_alloc (), answer);
}
