/* rapportd-mail-intake.c: one message read from a mailbox, kept and put on its case in one transaction */

/* The mailbox's row is locked, the raw bytes go to the blob store, the
 * message is read (rapportd-mail-parse.c) and threaded: a case number in
 * its subject ([CS-2026-00001]), else a Message-ID it answers (In-Reply-To,
 * then References, newest first) that a message of a case carries, else a
 * new case in the mailbox's queue. Its mail_messages row, its audit row and
 * the mailbox's last_uid are written in that same transaction: a reader
 * that dies before the commit reads the message again, one after it never
 * does, and a UID or Message-ID already stored is never stored twice. */
#include "rapportd-mail-intake.h"
#include "rapportd-mail-parse.h"
#include "rapportd-assign.h"
#include "rapportd-attachments.h"
#include "rapportd-audit.h"
#include "rapportd-blob-store.h"
#include "rapportd-case-messages.h"
#include "rapportd-repo.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-json-parse.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* the longest subject and description a case takes (crm-case.c) */
#define SUBJECT_MAX 200
#define DESCRIPTION_MAX 20000

typedef struct
{
  gint64  team_id;
  gint64  fallback_account_id;
  char   *address;
} Mailbox;

/* the mail reader acts as the server: user 0 */
static const RapportdActor server = { 0, (char *) "mail", (char *) "mail", (char *) "admin" };

/* the case a number in the subject names: [CS-2026-00001] */
static gboolean
case_by_subject (RapportdDb          *db,
                 RapportdMailParsed  *parsed,
                 gint64              *case_id,
                 GError             **error)
{
  static gsize once;
  static GRegex *reference;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM cases WHERE number = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  if (g_once_init_enter (&once))
    {
      reference = g_regex_new ("\\[(CS-[0-9]{4}-[0-9]{5,})\\]", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (parsed->subject == NULL || !g_regex_match (reference, parsed->subject, 0, &match))
    return TRUE;
  number = g_match_info_fetch (match, 1);
  rapportd_sql_add_text (sql, number);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows > 0)
    *case_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  return TRUE;
}

/* the case of a message whose Message-ID is @id: one read from mail, or
 * a reply of ours mailed to the customer (a survey's link sent by hand is
 * about no case: an answer to it opens one) */
static gboolean
case_by_message_id (RapportdDb   *db,
                    const char   *id,
                    gint64       *case_id,
                    GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("(SELECT case_id FROM mail_messages "
                                                 "WHERE message_id_header = ? AND case_id IS NOT NULL LIMIT 1) "
                                                 "UNION ALL (SELECT case_id FROM mail_outbox WHERE message_id_header = ? AND case_id IS NOT NULL) "
                                                 "LIMIT 1");
  g_autoptr(RapportdDbResult) result = NULL;

  if (id == NULL || strlen (id) > 250)
    return TRUE;
  rapportd_sql_add_text (sql, id);
  rapportd_sql_add_text (sql, id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows > 0)
    *case_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  return TRUE;
}

/* which case @parsed belongs to, and by what; 0 for none */
static gboolean
thread (RapportdDb          *db,
        RapportdMailParsed  *parsed,
        gint64              *case_id,
        const char         **threaded_by,
        GError             **error)
{
  *case_id = 0;
  if (!case_by_subject (db, parsed, case_id, error))
    return FALSE;
  if (*case_id > 0)
    {
      *threaded_by = "subject";
      return TRUE;
    }
  if (!case_by_message_id (db, parsed->in_reply_to, case_id, error))
    return FALSE;
  if (*case_id > 0)
    {
      *threaded_by = "in_reply_to";
      return TRUE;
    }
  for (guint i = parsed->references->len; i > 0 && *case_id == 0; i--)
    if (!case_by_message_id (db, parsed->references->pdata[i - 1], case_id, error))
      return FALSE;
  *threaded_by = *case_id > 0 ? "references" : "new";
  return TRUE;
}

/* the contact whose email the sender wrote from, and its account */
static gboolean
find_contact (RapportdDb   *db,
              const char   *address,
              gint64       *contact_id,
              gint64       *account_id,
              GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, account_id FROM contacts "
                                                 "WHERE email = ? AND archived = 0 ORDER BY id LIMIT 1");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_text (sql, address);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows > 0)
    {
      *contact_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
      *account_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
    }
  return TRUE;
}

/* a case in the mailbox's queue, without an owner until the assignment
 * rules choose one, on the sender's contact and account, or on the
 * mailbox's fallback account for a sender no contact has */
static gint64
open_case (RapportdDb          *db,
           const Mailbox       *mailbox,
           RapportdMailParsed  *parsed,
           GError             **error)
{
  g_autoptr(CrmEntity) draft = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(CrmEntity) assigned = NULL;
  gboolean has_subject = parsed->subject != NULL && *g_strstrip (parsed->subject) != '\0';
  g_autofree char *subject = rapportd_mail_cut (has_subject ? parsed->subject : "(no subject)", SUBJECT_MAX);
  g_autofree char *description = rapportd_mail_cut (parsed->text, DESCRIPTION_MAX);
  gint64 contact_id = 0, account_id = mailbox->fallback_account_id;

  if (!find_contact (db, parsed->from_address, &contact_id, &account_id, error))
    return 0;
  crm_entity_set_text (draft, "subject", subject);
  crm_entity_set_int (draft, "account", account_id);
  if (contact_id > 0)
    crm_entity_set_int (draft, "contact", contact_id);
  crm_entity_set_text (draft, "channel", "email");
  if (description != NULL && *description != '\0')
    crm_entity_set_text (draft, "description", description);
  crm_entity_set_int (draft, "queue_team", mailbox->team_id);
  crm_entity_set_null (draft, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (draft), "owner"));
  if ((stored = rapportd_repo_create (db, &server, draft, error)) == NULL ||
      (assigned = rapportd_assign_record (db, &server, stored, error)) == NULL)
    return 0;
  return crm_entity_get_id (assigned);
}

/* @text cut to at most @max bytes, at a character's start */
static char *
cut_bytes (const char *text,
           gsize       max)
{
  const char *end;

  if (strlen (text) <= max)
    return g_strdup (text);
  end = g_utf8_find_prev_char (text, text + max + 1);
  return g_strndup (text, end - text);
}

/* the message's files attached to the case; a file of a type the case's
 * attachments refuse is left out, and named in @skipped */
static gboolean
attach_files (RapportdDb          *db,
              gint64               case_id,
              RapportdMailParsed  *parsed,
              GArray              *ids,
              GString             *skipped,
              GError             **error)
{
  for (guint i = 0; i < parsed->attachments->len; i++)
    {
      RapportdMailAttachment *file = parsed->attachments->pdata[i];
      g_autofree char *base = g_path_get_basename (file->name);
      g_autofree char *name = rapportd_mail_cut (base, RAPPORTD_ATTACHMENT_NAME_MAX);
      g_autoptr(GError) refused = NULL;
      g_autofree char *json = rapportd_attachments_upload (db, &server, "cases", case_id, name, NULL, file->content,
                                                           &refused);
      g_autoptr(JsonNode) node = json ? crm_json_parse (json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL) : NULL;
      gint64 id;

      if (json == NULL)
        {
          if (!g_error_matches (refused, CRM_ERROR, CRM_ERROR_UNSUPPORTED_MEDIA_TYPE) &&
              !g_error_matches (refused, CRM_ERROR, CRM_ERROR_VALIDATION) &&
              !g_error_matches (refused, CRM_ERROR, CRM_ERROR_TOO_LARGE))
            {
              g_propagate_error (error, g_steal_pointer (&refused));
              return FALSE;
            }
          g_string_append_printf (skipped, "%s%s (%s)", skipped->len ? "; " : "file not kept: ", name, refused->message);
          continue;
        }
      id = node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_int_member_with_default (json_node_get_object (node), "id", 0) : 0;
      g_array_append_val (ids, id);
    }
  return TRUE;
}

/* the message added to its case's conversation as the customer's reply,
 * with its files; the conversation decides what it does to the case, and
 * may store it on another (a case closed long ago opens a new one) */
static gboolean
add_to_case (RapportdDb          *db,
             const Mailbox       *mailbox,
             gint64               case_id,
             RapportdMailParsed  *parsed,
             GString             *skipped,
             gint64              *stored_case_id,
             GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *body = cut_bytes (parsed->text != NULL && *g_strstrip (parsed->text) != '\0' ? parsed->text : "(no text)",
                                     RAPPORTD_CASE_MESSAGE_BODY_MAX);
  g_autofree char *subject = rapportd_mail_cut (parsed->subject, SUBJECT_MAX);
  g_autofree char *json = NULL;
  RapportdCaseMessage message = {
    .kind = "reply",
    .direction = "inbound",
    .from_address = parsed->from_address,
    .to_address = mailbox->address,
    .subject = subject,
    .message_id_header = parsed->message_id,
    .body = body,
    .attachment_ids = ids,
  };

  if (!attach_files (db, case_id, parsed, ids, skipped, error))
    return FALSE;
  json = rapportd_case_messages_add (db, &server, case_id, &message, stored_case_id, error);
  return json != NULL;
}

static gboolean
record (RapportdDb          *db,
        gint64               mailbox_id,
        gint64               uid_validity,
        gint64               uid,
        GBytes              *raw,
        const char          *hash,
        RapportdMailParsed  *parsed,
        const char          *note,
        gint64               case_id,
        const char          *threaded_by,
        GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("INSERT INTO mail_messages (mailbox_id, uid_validity, uid, status, reason, "
                                                 "message_id_header, from_address, subject, size, raw_sha256, case_id, "
                                                 "threaded_by, received_at) "
                                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))");
  g_autofree char *subject = rapportd_mail_cut (parsed->subject, 250);
  g_autofree char *from = rapportd_mail_cut (parsed->from_address, 320);
  g_autofree char *reason = rapportd_mail_cut (parsed->error ? parsed->error : note, 1000);
  g_autoptr(JsonObject) after = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *after_json = NULL;
  guint64 id = 0;

  rapportd_sql_add_int (sql, mailbox_id);
  rapportd_sql_add_int (sql, uid_validity);
  rapportd_sql_add_int (sql, uid);
  rapportd_sql_add_text (sql, parsed->error ? "error" : "stored");
  if (reason)
    rapportd_sql_add_text (sql, reason);
  else
    rapportd_sql_add_null (sql);
  if (parsed->message_id)
    rapportd_sql_add_text (sql, parsed->message_id);
  else
    rapportd_sql_add_null (sql);
  if (from)
    rapportd_sql_add_text (sql, from);
  else
    rapportd_sql_add_null (sql);
  if (subject)
    rapportd_sql_add_text (sql, subject);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_int (sql, g_bytes_get_size (raw));
  rapportd_sql_add_text (sql, hash);
  if (case_id > 0)
    rapportd_sql_add_int (sql, case_id);
  else
    rapportd_sql_add_null (sql);
  if (threaded_by)
    rapportd_sql_add_text (sql, threaded_by);
  else
    rapportd_sql_add_null (sql);
  if (!rapportd_db_execute (db, sql, NULL, &id, error))
    return FALSE;
  json_object_set_int_member (after, "mail_message_id", id);
  json_object_set_int_member (after, "mailbox_id", mailbox_id);
  json_object_set_int_member (after, "uid", uid);
  json_object_set_string_member (after, "message_id", parsed->message_id ? parsed->message_id : "");
  json_object_set_string_member (after, "from", from ? from : "");
  json_object_set_string_member (after, "subject", subject ? subject : "");
  if (reason)
    json_object_set_string_member (after, "reason", reason);
  if (threaded_by)
    json_object_set_string_member (after, "threaded_by", threaded_by);
  node = json_node_init_object (json_node_alloc (), after);
  after_json = json_to_string (node, FALSE);
  /* a message on a case is the case's history; one kept with an error, the mailbox's */
  return case_id > 0 ? rapportd_audit_append (db, 0, "case", case_id, "mail_received", NULL, NULL, after_json, error)
                     : rapportd_audit_append (db, 0, "mailbox", mailbox_id, "mail_error", NULL, NULL, after_json, error);
}

static gboolean
already_stored (RapportdDb          *db,
                gint64               mailbox_id,
                RapportdMailParsed  *parsed,
                gboolean            *stored,
                GError             **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT 1 FROM mail_messages WHERE mailbox_id = ? AND message_id_header = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  *stored = FALSE;
  if (parsed->message_id == NULL)
    return TRUE;
  rapportd_sql_add_int (sql, mailbox_id);
  rapportd_sql_add_text (sql, parsed->message_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *stored = result->n_rows > 0;
  return TRUE;
}

/* the mailbox's row, locked; FALSE in @fresh when @uid was taken already */
static gboolean
lock_mailbox (RapportdDb   *db,
              gint64        mailbox_id,
              gint64        uid_validity,
              gint64        uid,
              Mailbox      *mailbox,
              gboolean     *fresh,
              GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT team_id, fallback_account_id, uid_validity, last_uid, from_address "
                                                 "FROM mailboxes WHERE id = ? FOR UPDATE");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, mailbox_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, "No such mailbox");
      return FALSE;
    }
  mailbox->team_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  mailbox->fallback_account_id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10);
  mailbox->address = g_strdup (rapportd_db_result_get (result, 0, 4));
  *fresh = g_strcmp0 (rapportd_db_result_get (result, 0, 2), NULL) != 0 &&
           g_ascii_strtoll (rapportd_db_result_get (result, 0, 2), NULL, 10) == uid_validity &&
           g_ascii_strtoll (rapportd_db_result_get (result, 0, 3), NULL, 10) < uid;
  return TRUE;
}

static gboolean
take_locked (RapportdDb           *db,
             gint64                mailbox_id,
             gint64                uid_validity,
             gint64                uid,
             GBytes               *raw,
             RapportdMailOutcome  *outcome,
             GError              **error)
{
  g_autoptr(RapportdSql) mark = rapportd_sql_new ("UPDATE mailboxes SET last_uid = ? WHERE id = ?");
  g_autoptr(RapportdMailParsed) parsed = NULL;
  char hash[RAPPORTD_BLOB_HASH_LENGTH];
  const char *threaded_by = NULL;
  g_autoptr(GString) skipped = g_string_new (NULL);
  g_autofree char *address = NULL;
  gboolean fresh = FALSE, duplicate = FALSE;
  gint64 case_id = 0;
  Mailbox mailbox = { 0 };

  rapportd_sql_add_int (mark, uid);
  rapportd_sql_add_int (mark, mailbox_id);
  *outcome = RAPPORTD_MAIL_TAKEN;
  if (!lock_mailbox (db, mailbox_id, uid_validity, uid, &mailbox, &fresh, error))
    return FALSE;
  address = mailbox.address;
  if (!fresh)
    return TRUE;
  parsed = rapportd_mail_parse (raw);
  if (!already_stored (db, mailbox_id, parsed, &duplicate, error))
    return FALSE;
  if (duplicate)
    {
      *outcome = RAPPORTD_MAIL_DUPLICATE;
      return rapportd_db_execute (db, mark, NULL, NULL, error);
    }
  rapportd_blob_store_hash (raw, hash);
  if (!rapportd_blob_store_put (hash, raw, error))
    return FALSE;
  if (parsed->error == NULL)
    {
      if (!thread (db, parsed, &case_id, &threaded_by, error))
        return FALSE;
      if (case_id == 0 && (case_id = open_case (db, &mailbox, parsed, error)) == 0)
        return FALSE;
      if (!add_to_case (db, &mailbox, case_id, parsed, skipped, &case_id, error))
        return FALSE;
    }
  *outcome = parsed->error ? RAPPORTD_MAIL_ERROR : RAPPORTD_MAIL_STORED;
  return record (db, mailbox_id, uid_validity, uid, raw, hash, parsed, skipped->len ? skipped->str : NULL, case_id,
                 threaded_by, error) &&
         rapportd_db_execute (db, mark, NULL, NULL, error);
}

/**
 * rapportd_mail_intake_take:
 * @db: a connection outside a transaction
 * @mailbox_id: the mailbox read
 * @uid_validity: its folder's UIDVALIDITY when the message was read
 * @uid: the message's UID
 * @raw: the whole message
 * @outcome: (out): what became of it
 * @error: return location for a #GError
 *
 * Keeps @raw, puts it on its case (or keeps it with an error) and moves the
 * mailbox's last_uid to @uid, all in one transaction of its own.
 *
 * Returns: whether it was committed
 */
gboolean
rapportd_mail_intake_take (RapportdDb           *db,
                           gint64                mailbox_id,
                           gint64                uid_validity,
                           gint64                uid,
                           GBytes               *raw,
                           RapportdMailOutcome  *outcome,
                           GError              **error)
{
  g_return_val_if_fail (db != NULL && raw != NULL && outcome != NULL, FALSE);

  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!take_locked (db, mailbox_id, uid_validity, uid, raw, outcome, error) || !rapportd_db_commit (db, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
