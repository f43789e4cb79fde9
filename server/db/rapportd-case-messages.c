/* rapportd-case-messages.c: a service case's conversation: replies and internal notes, and what each does to the case */

/* A message is a row of case_messages, written once and never changed:
 * a correction is another message. Who may see the case reads its
 * messages; writing one needs the right to change the case (the case is
 * read for update as the actor: 404 to who cannot see it, 403 to who may
 * only read it). Each message is one audit row of the case ("message",
 * the message as written) and one "case.message" event for everyone who
 * may see the case, in the transaction that stores it. What a message
 * does to the case (its first response, its status, a new case after a
 * closed one) is rapportd-case-message-effects.c's. */
#include "rapportd-case-messages.h"
#include "rapportd-mail-outbox.h"
#include "rapportd-case-message-effects.h"
#include "rapportd-event-log.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "audit/rapportd-audit.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* a conversation longer than this is answered in part, "more" saying so */
#define LIST_MAX 2000
#define ADDRESS_MAX 320
#define SUBJECT_MAX 255
#define MESSAGE_ID_MAX 998

static RapportdReplyToClosed reply_to_closed = RAPPORTD_REPLY_TO_CLOSED_NEW_CASE;

/**
 * rapportd_case_messages_set_reply_to_closed:
 * @setting: what a customer's message to a case closed longer than
 *   [service] reopen_days ago does (rapportd.conf, [service] reply_to_closed)
 *
 * Set once, at start.
 */
void
rapportd_case_messages_set_reply_to_closed (RapportdReplyToClosed setting)
{
  reply_to_closed = setting;
}

/**
 * rapportd_case_messages_get_reply_to_closed:
 *
 * Returns: the company's setting
 */
RapportdReplyToClosed
rapportd_case_messages_get_reply_to_closed (void)
{
  return reply_to_closed;
}

/**
 * rapportd_case_messages_parse_reply_to_closed:
 * @text: "reopen" or "new_case"
 * @setting: (out): the setting it names
 *
 * Returns: whether @text names one
 */
gboolean
rapportd_case_messages_parse_reply_to_closed (const char            *text,
                                              RapportdReplyToClosed *setting)
{
  g_return_val_if_fail (setting != NULL, FALSE);

  if (g_strcmp0 (text, "reopen") == 0)
    *setting = RAPPORTD_REPLY_TO_CLOSED_REOPEN;
  else if (g_strcmp0 (text, "new_case") == 0)
    *setting = RAPPORTD_REPLY_TO_CLOSED_NEW_CASE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_length (const char  *value,
              const char  *field,
              glong        max_chars,
              GError     **error)
{
  if (value == NULL || g_utf8_strlen (value, -1) <= max_chars)
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                             _("At most %ld characters"), max_chars);
  return FALSE;
}

/* the message is one the conversation takes: nothing is written otherwise */
static gboolean
check_message (const RapportdCaseMessage  *message,
               GError                    **error)
{
  const char *body = message->body;
  gboolean blank = TRUE;

  if (g_strcmp0 (message->kind, "reply") != 0 && g_strcmp0 (message->kind, "note") != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "kind",
                                 _("A message is a “reply” the customer sees or an internal “note”"));
      return FALSE;
    }
  if (g_strcmp0 (message->direction, "outbound") != 0 && g_strcmp0 (message->direction, "inbound") != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "direction",
                                 _("A message goes “outbound” to the customer or comes “inbound” from them"));
      return FALSE;
    }
  if (g_str_equal (message->kind, "note") && g_str_equal (message->direction, "inbound"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "direction",
                                 _("An internal note is staff’s own: it cannot come from the customer"));
      return FALSE;
    }
  for (const char *p = body; p != NULL && *p != '\0' && blank; p++)
    blank = g_ascii_isspace (*p);
  if (body == NULL || blank)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "body", _("Write the message"));
      return FALSE;
    }
  if (strlen (body) > RAPPORTD_CASE_MESSAGE_BODY_MAX || !g_utf8_validate (body, -1, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "body",
                                 _("A message is plain text of at most %d KiB"), RAPPORTD_CASE_MESSAGE_BODY_MAX / 1024);
      return FALSE;
    }
  return check_length (message->from_address, "from_address", ADDRESS_MAX, error) &&
         check_length (message->to_address, "to_address", ADDRESS_MAX, error) &&
         check_length (message->subject, "subject", SUBJECT_MAX, error) &&
         check_length (message->message_id_header, "message_id_header", MESSAGE_ID_MAX, error);
}

static void
append_ids (RapportdSql *sql,
            GArray      *ids)
{
  rapportd_sql_append (sql, " AND id IN (");
  for (guint i = 0; i < ids->len; i++)
    {
      rapportd_sql_append (sql, i > 0 ? ", ?" : "?");
      rapportd_sql_add_int (sql, g_array_index (ids, gint64, i));
    }
  rapportd_sql_append (sql, ")");
}

/* every file named is the case's, kept, and no other message's */
static gboolean
check_attachments (RapportdDb                 *db,
                   gint64                      case_id,
                   const RapportdCaseMessage  *message,
                   GError                    **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) rows = NULL;

  if (message->attachment_ids == NULL || message->attachment_ids->len == 0)
    return TRUE;
  sql = rapportd_sql_new ("SELECT COUNT(DISTINCT id) FROM attachments WHERE entity = 'case' AND record_id = ? "
                          "AND removed_at IS NULL AND message_id IS NULL");
  rapportd_sql_add_int (sql, case_id);
  append_ids (sql, message->attachment_ids);
  if ((rows = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (g_ascii_strtoull (rapportd_db_result_get (rows, 0, 0), NULL, 10) == message->attachment_ids->len)
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "attachment_ids",
                             _("Name files attached to this case that belong to no other message"));
  return FALSE;
}

static char *
to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *text)
{
  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_id (JsonBuilder *builder,
        const char  *member,
        const char  *text)
{
  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_int_value (builder, g_ascii_strtoll (text, NULL, 10));
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          const char  *sql_time)
{
  gint64 usec = 0;
  g_autofree char *text = NULL;

  if (sql_time != NULL && rapportd_sql_parse_time (sql_time, &usec))
    text = crm_json_format_timestamp (usec);
  add_text (builder, member, text);
}

#define MESSAGE_COLUMNS "m.id, m.case_id, m.kind, m.direction, m.author_id, u.name, m.from_address, m.to_address, " \
                        "m.subject, m.body, m.message_id_header, m.created_at, m.merged_from_case_id, " \
                        "o.state, o.last_error " \
                        "FROM case_messages m LEFT JOIN users u ON u.id = m.author_id " \
                        "LEFT JOIN mail_outbox o ON o.case_message_id = m.id "

/* message id -> GPtrArray of its files' rows (row index in @rows) */
static GHashTable *
files_by_message (RapportdDbResult *rows)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);

  for (guint r = 0; r < rows->n_rows; r++)
    {
      const char *message = rapportd_db_result_get (rows, r, 1);
      GArray *list = g_hash_table_lookup (files, message);

      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (files, (gpointer) message, list);
        }
      g_array_append_val (list, r);
    }
  return files;
}

static void
add_message (JsonBuilder      *builder,
             RapportdDbResult *rows,
             guint             row,
             RapportdDbResult *files,
             GHashTable       *files_of)
{
  GArray *mine = g_hash_table_lookup (files_of, rapportd_db_result_get (rows, row, 0));

  json_builder_begin_object (builder);
  add_id (builder, "id", rapportd_db_result_get (rows, row, 0));
  add_id (builder, "case_id", rapportd_db_result_get (rows, row, 1));
  add_text (builder, "kind", rapportd_db_result_get (rows, row, 2));
  add_text (builder, "direction", rapportd_db_result_get (rows, row, 3));
  add_id (builder, "author_id", rapportd_db_result_get (rows, row, 4));
  add_text (builder, "author_name", rapportd_db_result_get (rows, row, 5));
  add_text (builder, "from_address", rapportd_db_result_get (rows, row, 6));
  add_text (builder, "to_address", rapportd_db_result_get (rows, row, 7));
  add_text (builder, "subject", rapportd_db_result_get (rows, row, 8));
  add_text (builder, "body", rapportd_db_result_get (rows, row, 9));
  add_text (builder, "message_id_header", rapportd_db_result_get (rows, row, 10));
  add_time (builder, "created_at", rapportd_db_result_get (rows, row, 11));
  add_id (builder, "merged_from_case_id", rapportd_db_result_get (rows, row, 12));
  /* a reply mailed to the customer (rapportd-mail-outbox.c): queued,
   * sending, sent or failed, and the last attempt's error */
  add_text (builder, "mail_state", rapportd_db_result_get (rows, row, 13));
  add_text (builder, "mail_error", rapportd_db_result_get (rows, row, 14));
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; mine != NULL && i < mine->len; i++)
    {
      guint f = g_array_index (mine, guint, i);

      json_builder_begin_object (builder);
      add_id (builder, "id", rapportd_db_result_get (files, f, 0));
      add_text (builder, "name", rapportd_db_result_get (files, f, 2));
      add_id (builder, "version", rapportd_db_result_get (files, f, 3));
      add_id (builder, "size", rapportd_db_result_get (files, f, 4));
      add_text (builder, "content_type", rapportd_db_result_get (files, f, 5));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* the messages of @case_id (one, when @message_id > 0), oldest first */
static gboolean
read_messages (RapportdDb   *db,
               gint64        case_id,
               gint64        message_id,
               const char   *kind,
               JsonBuilder  *builder,
               guint        *n_read,
               GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT " MESSAGE_COLUMNS "WHERE m.case_id = ?");
  g_autoptr(RapportdSql) files_sql = rapportd_sql_new ("SELECT id, message_id, name, version, size, content_type "
                                                       "FROM attachments WHERE entity = 'case' AND record_id = ? "
                                                       "AND message_id IS NOT NULL AND removed_at IS NULL ORDER BY id");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(RapportdDbResult) files = NULL;
  g_autoptr(GHashTable) files_of = NULL;

  rapportd_sql_add_int (sql, case_id);
  if (message_id > 0)
    {
      rapportd_sql_append (sql, " AND m.id = ?");
      rapportd_sql_add_int (sql, message_id);
    }
  if (kind != NULL)
    {
      rapportd_sql_append (sql, " AND m.kind = ?");
      rapportd_sql_add_text (sql, kind);
    }
  rapportd_sql_appendf (sql, " ORDER BY m.created_at, m.id LIMIT %d", LIST_MAX + 1);
  rapportd_sql_add_int (files_sql, case_id);
  if ((rows = rapportd_db_query (db, sql, error)) == NULL ||
      (files = rapportd_db_query (db, files_sql, error)) == NULL)
    return FALSE;
  files_of = files_by_message (files);
  *n_read = rows->n_rows;
  for (guint r = 0; r < rows->n_rows && r < LIST_MAX; r++)
    add_message (builder, rows, r, files, files_of);
  return TRUE;
}

static char *
message_json (RapportdDb  *db,
              gint64       case_id,
              gint64       message_id,
              GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *one;
  guint n = 0;

  json_builder_begin_array (builder);
  if (!read_messages (db, case_id, message_id, NULL, builder, &n, error))
    return NULL;
  json_builder_end_array (builder);
  if (n == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No message with id %lld on this case"), (long long) message_id);
      return NULL;
    }
  root = json_builder_get_root (builder);
  one = json_node_get_array (root);
  return json_to_string (json_array_get_element (one, 0), FALSE);
}

static char *
event_payload (const RapportdActor *actor,
               gint64               case_id,
               gint64               message_id,
               const char          *kind,
               const char          *direction)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, "case");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, case_id);
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_int_value (builder, message_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, direction);
  json_builder_set_member_name (builder, "actor_id");
  json_builder_add_int_value (builder, actor->user_id);
  json_builder_end_object (builder);
  return to_string (builder);
}

static void
add_nullable (RapportdSql *sql,
              const char  *text)
{
  if (text != NULL)
    rapportd_sql_add_text (sql, text);
  else
    rapportd_sql_add_null (sql);
}

/**
 * rapportd_case_messages_insert:
 * @db: a connection inside the request's transaction
 * @actor: who writes it (its author; the server's own writes have no user)
 * @case_id: the case, already locked and checked by the caller
 * @message: a message check_message() accepted
 * @json: (out) (optional): the message as stored
 * @error: return location for a #GError
 *
 * Stores the message with no effect on the case, audited and told; for
 * the case's own steps (a merge's notes). Others call
 * rapportd_case_messages_add().
 */
gboolean
rapportd_case_messages_insert (RapportdDb                 *db,
                               const RapportdActor        *actor,
                               gint64                      case_id,
                               const RapportdCaseMessage  *message,
                               char                      **json,
                               GError                    **error)
{
  g_autoptr(RapportdSql) insert = rapportd_sql_new ("INSERT INTO case_messages (case_id, kind, direction, author_id, "
                                                    "from_address, to_address, subject, body, message_id_header, "
                                                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *stored = NULL;
  g_autofree char *payload = NULL;
  guint64 id = 0;

  g_return_val_if_fail (db != NULL && actor != NULL && message != NULL, FALSE);

  rapportd_sql_add_int (insert, case_id);
  rapportd_sql_add_text (insert, message->kind);
  rapportd_sql_add_text (insert, message->direction);
  if (actor->user_id > 0)
    rapportd_sql_add_int (insert, actor->user_id);
  else
    rapportd_sql_add_null (insert);
  add_nullable (insert, message->from_address);
  add_nullable (insert, message->to_address);
  add_nullable (insert, message->subject);
  rapportd_sql_add_text (insert, message->body);
  add_nullable (insert, message->message_id_header);
  rapportd_sql_add_text (insert, now);
  if (!rapportd_db_execute (db, insert, NULL, &id, error))
    return FALSE;
  /* a reply to the customer is mailed to them, queued in this transaction */
  if (g_str_equal (message->kind, "reply") && g_str_equal (message->direction, "outbound") &&
      !rapportd_mail_outbox_enqueue (db, case_id, (gint64) id, message->body, NULL, error))
    return FALSE;
  if (message->attachment_ids != NULL && message->attachment_ids->len > 0)
    {
      /* the files come along to a case the message opened */
      g_autoptr(RapportdSql) files = rapportd_sql_new ("UPDATE attachments SET message_id = ?, record_id = ? "
                                                       "WHERE entity = 'case'");

      rapportd_sql_add_int (files, (gint64) id);
      rapportd_sql_add_int (files, case_id);
      append_ids (files, message->attachment_ids);
      if (!rapportd_db_execute (db, files, NULL, NULL, error))
        return FALSE;
    }
  payload = event_payload (actor, case_id, (gint64) id, message->kind, message->direction);
  if ((stored = message_json (db, case_id, (gint64) id, error)) == NULL ||
      !rapportd_audit_append (db, actor->user_id, "case", case_id, "message", actor->reason, NULL, stored, error) ||
      !rapportd_event_log_add (db, 0, "case.message", "case", case_id, payload, error))
    return FALSE;
  if (json != NULL)
    *json = g_steal_pointer (&stored);
  return TRUE;
}

/**
 * rapportd_case_messages_add:
 * @db: a connection inside the request's (or the mail reader's) transaction
 * @actor: who writes it: staff, for replies and notes they write and for
 *   what a customer told them (inbound); the mail reader acts as the
 *   server (user 0, no scopes)
 * @case_id: the case written to
 * @message: the message; checked here
 * @stored_case_id: (out) (optional): the case the message was stored on:
 *   @case_id, the case it was merged into (an inbound message to a merged
 *   case), or the case opened for it (an inbound message to a case closed
 *   longer than [service] reopen_days ago, when [service] reply_to_closed
 *   is new_case)
 * @error: return location for a #GError: 404 or 403 as the case's scope
 *   answers a change of it, 422 naming the field of a bad message
 *
 * Adds a message to the case's conversation, audited (one "message" row
 * of the case) and told ("case.message" on the event WebSocket), with
 * its effects on the case, each audited and told as a PATCH of it is: the
 * first outbound reply is the case's first response, and moves a new or
 * assigned case in progress; an inbound message takes a case waiting on
 * the customer or resolved back in progress, and reopens a closed one
 * within reopen_days (or always, when reply_to_closed is reopen),
 * otherwise opens a new case that follows it (related_case_id). Nothing
 * is written on failure (the caller rolls back).
 *
 * Returns: (transfer full): the stored message as JSON
 */
char *
rapportd_case_messages_add (RapportdDb                 *db,
                            const RapportdActor        *actor,
                            gint64                      case_id,
                            const RapportdCaseMessage  *message,
                            gint64                     *stored_case_id,
                            GError                    **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autofree char *json = NULL;
  gint64 target = 0;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  if ((record = rapportd_repo_get (db, actor, CRM_TYPE_CASE, case_id, TRUE, error)) == NULL ||
      !check_message (message, error) ||
      !check_attachments (db, case_id, message, error) ||
      !rapportd_case_message_effects_apply (db, actor, record, message, reply_to_closed, &target, error) ||
      !rapportd_case_messages_insert (db, actor, target, message, &json, error))
    return NULL;
  if (stored_case_id != NULL)
    *stored_case_id = target;
  return g_steal_pointer (&json);
}

/**
 * rapportd_case_messages_list:
 * @db: a connection
 * @actor: who reads: anyone who may see the case
 * @case_id: the case
 * @kind: (nullable): "reply" or "note" alone; %NULL: both
 * @error: return location for a #GError (404 for a case one cannot see)
 *
 * Returns: (transfer full): {"items": the messages oldest first, with
 *   their files, "more": whether there were more than the 2,000 given}
 */
char *
rapportd_case_messages_list (RapportdDb           *db,
                             const RapportdActor  *actor,
                             gint64                case_id,
                             const char           *kind,
                             GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = 0;

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  if (kind != NULL && !g_str_equal (kind, "reply") && !g_str_equal (kind, "note"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "kind",
                                 _("A message is a “reply” the customer sees or an internal “note”"));
      return NULL;
    }
  if ((record = rapportd_repo_get (db, actor, CRM_TYPE_CASE, case_id, FALSE, error)) == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  if (!read_messages (db, case_id, 0, kind, builder, &n, error))
    return NULL;
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, n > LIST_MAX);
  json_builder_end_object (builder);
  return to_string (builder);
}

/**
 * rapportd_case_messages_get:
 * @db: a connection
 * @actor: who reads: anyone who may see the case
 * @case_id: the case
 * @message_id: one of its messages
 * @error: return location for a #GError (404)
 *
 * Returns: (transfer full): the message as JSON
 */
char *
rapportd_case_messages_get (RapportdDb           *db,
                            const RapportdActor  *actor,
                            gint64                case_id,
                            gint64                message_id,
                            GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  if ((record = rapportd_repo_get (db, actor, CRM_TYPE_CASE, case_id, FALSE, error)) == NULL)
    return NULL;
  return message_json (db, case_id, message_id, error);
}
