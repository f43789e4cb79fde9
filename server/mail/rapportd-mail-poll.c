/* rapportd-mail-poll.c: a mailbox read once: every message above its last UID taken in turn */
#include "rapportd-mail-poll.h"
#include "rapportd-imap.h"
#include "rapportd-mail-intake.h"
#include "rapportd-mail-parse.h"
#include "rapportd-mail-secret.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct
{
  char   *imap_url;
  char   *username;
  char   *sealed;
  gint64  uid_validity;
  gint64  last_uid;
} Account;

static void
account_clear (Account *account)
{
  g_free (account->imap_url);
  g_free (account->username);
  g_free (account->sealed);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

static gboolean
read_account (RapportdDb  *db,
              gint64       mailbox_id,
              Account     *account,
              GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT imap_url, username, password_sealed, uid_validity, last_uid "
                                                 "FROM mailboxes WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, mailbox_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such mailbox"));
      return FALSE;
    }
  account->imap_url = g_strdup (rapportd_db_result_get (result, 0, 0));
  account->username = g_strdup (rapportd_db_result_get (result, 0, 1));
  account->sealed = g_strdup (rapportd_db_result_get (result, 0, 2));
  account->uid_validity = rapportd_db_result_get (result, 0, 3) ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 3), NULL, 10) : -1;
  account->last_uid = g_ascii_strtoll (rapportd_db_result_get (result, 0, 4), NULL, 10);
  return TRUE;
}

/* a folder made anew numbers its messages anew: read it from the start */
static gboolean
restart_numbering (RapportdDb  *db,
                   gint64       mailbox_id,
                   gint64       uid_validity,
                   GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE mailboxes SET uid_validity = ?, last_uid = 0 WHERE id = ?");

  rapportd_sql_add_int (sql, uid_validity);
  rapportd_sql_add_int (sql, mailbox_id);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

static gboolean
note_poll (RapportdDb   *db,
           gint64        mailbox_id,
           const GError *failure)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE mailboxes SET last_polled_at = UTC_TIMESTAMP(6), last_error = ? "
                                                 "WHERE id = ?");
  g_autofree char *message = failure ? rapportd_mail_cut (failure->message, 1000) : NULL;

  if (message)
    rapportd_sql_add_text (sql, message);
  else
    rapportd_sql_add_null (sql);
  rapportd_sql_add_int (sql, mailbox_id);
  return rapportd_db_execute (db, sql, NULL, NULL, NULL);
}

static gboolean
take_new (RapportdDb              *db,
          gint64                   mailbox_id,
          RapportdMailPollReport  *report,
          GError                 **error)
{
  g_auto(Account) account = { 0 };
  g_autoptr(RapportdImap) imap = NULL;
  g_autoptr(GArray) uids = NULL;
  g_autofree char *password = NULL;
  gint64 uid_validity = -1;

  if (!read_account (db, mailbox_id, &account, error) ||
      (password = rapportd_mail_secret_open (account.sealed, error)) == NULL)
    return FALSE;
  imap = rapportd_imap_open (account.imap_url, account.username, password);
  memset (password, 0, strlen (password));
  if ((uids = rapportd_imap_uids_above (imap, account.last_uid, &uid_validity, error)) == NULL)
    return FALSE;
  if (uid_validity != account.uid_validity)
    {
      g_clear_pointer (&uids, g_array_unref);
      if (!restart_numbering (db, mailbox_id, uid_validity, error) ||
          (uids = rapportd_imap_uids_above (imap, 0, &uid_validity, error)) == NULL)
        return FALSE;
    }
  for (guint i = 0; i < uids->len; i++)
    {
      gint64 uid = g_array_index (uids, gint64, i);
      g_autoptr(GBytes) raw = rapportd_imap_fetch (imap, uid, error);
      RapportdMailOutcome outcome;

      if (raw == NULL || !rapportd_mail_intake_take (db, mailbox_id, uid_validity, uid, raw, &outcome, error))
        return FALSE;
      report->stored += outcome == RAPPORTD_MAIL_STORED;
      report->errors += outcome == RAPPORTD_MAIL_ERROR;
      report->duplicates += outcome == RAPPORTD_MAIL_DUPLICATE;
    }
  return TRUE;
}

/**
 * rapportd_mail_poll:
 * @db: a connection outside a transaction
 * @mailbox_id: the mailbox
 * @report: (out caller-allocates): what was taken
 * @error: return location for a #GError
 *
 * Reads every message above the mailbox's last UID, each taken in a
 * transaction of its own (rapportd_mail_intake_take()); a failure stops
 * the poll after the messages taken so far and is noted on the mailbox
 * (last_error).
 *
 * Returns: whether every new message was taken
 */
gboolean
rapportd_mail_poll (RapportdDb              *db,
                    gint64                   mailbox_id,
                    RapportdMailPollReport  *report,
                    GError                 **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (db != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if (take_new (db, mailbox_id, report, &local_error))
    return note_poll (db, mailbox_id, NULL);
  if (!g_error_matches (local_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
    note_poll (db, mailbox_id, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * rapportd_mail_poll_due:
 * @db: a connection outside a transaction
 * @error: return location for a #GError
 *
 * Polls each active mailbox whose poll_seconds have passed since its
 * last poll. A mailbox that fails is noted and the others are read.
 *
 * Returns: whether the mailboxes could be listed
 */
gboolean
rapportd_mail_poll_due (RapportdDb  *db,
                        GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM mailboxes WHERE active = 1 AND (last_polled_at IS NULL "
                                                 "OR last_polled_at <= UTC_TIMESTAMP(6) - INTERVAL poll_seconds SECOND) "
                                                 "ORDER BY id");
  g_autoptr(RapportdDbResult) result = NULL;

  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < result->n_rows; r++)
    {
      gint64 id = g_ascii_strtoll (rapportd_db_result_get (result, r, 0), NULL, 10);
      g_autoptr(GError) poll_error = NULL;
      RapportdMailPollReport report;

      if (!rapportd_mail_poll (db, id, &report, &poll_error))
        g_warning ("mailbox %" G_GINT64_FORMAT ": %s", id, poll_error->message);
      else if (report.stored + report.errors > 0)
        g_message ("Mailbox %" G_GINT64_FORMAT ": %u message(s) on cases, %u kept with an error", id, report.stored,
                   report.errors);
    }
  return TRUE;
}

/**
 * rapportd_mail_messages_list:
 * @db: a connection
 * @mailbox_id: the mailbox
 * @status: (nullable): "stored" or "error", or %NULL for both
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[…]}, the latest 500, newest first
 */
JsonNode *
rapportd_mail_messages_list (RapportdDb  *db,
                             gint64       mailbox_id,
                             const char  *status,
                             GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, uid, status, reason, message_id_header, from_address, subject, "
                                                 "size, raw_sha256, case_id, threaded_by, "
                                                 "DATE_FORMAT(received_at, '%Y-%m-%dT%H:%i:%sZ') "
                                                 "FROM mail_messages WHERE mailbox_id = ? AND (? = '' OR status = ?) "
                                                 "ORDER BY id DESC LIMIT 500");
  static const char * const keys[] = { "id", "uid", "status", "reason", "message_id", "from_address", "subject",
                                       "size", "sha256", "case_id", "threaded_by", "received_at" };
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *items = json_array_new ();

  json_object_set_array_member (answer, "items", items);
  if (status != NULL && !g_str_equal (status, "stored") && !g_str_equal (status, "error"))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "status", _("status must be stored or error"));
      return NULL;
    }
  rapportd_sql_add_int (sql, mailbox_id);
  rapportd_sql_add_text (sql, status ? status : "");
  rapportd_sql_add_text (sql, status ? status : "");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  for (guint r = 0; r < result->n_rows; r++)
    {
      JsonObject *item = json_object_new ();

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *value = rapportd_db_result_get (result, r, k);
          gboolean number = g_str_equal (keys[k], "id") || g_str_equal (keys[k], "uid") ||
                            g_str_equal (keys[k], "size") || g_str_equal (keys[k], "case_id");

          if (value == NULL)
            json_object_set_null_member (item, keys[k]);
          else if (number)
            json_object_set_int_member (item, keys[k], g_ascii_strtoll (value, NULL, 10));
          else
            json_object_set_string_member (item, keys[k], value);
        }
      json_array_add_object_element (items, item);
    }
  return json_node_init_object (json_node_alloc (), answer);
}
