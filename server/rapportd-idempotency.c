/* rapportd-idempotency.c: Idempotency-Key on POSTs: the first answer kept with the write, given again to a retry */
#include "rapportd-idempotency.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * rapportd_idempotency_applies:
 * @request: a request whose session is known
 *
 * Keys name a signed-in user's POSTs; on other methods, and before
 * signing in, the header is ignored.
 *
 * Returns: whether @request carries a key that is to be honoured
 */
gboolean
rapportd_idempotency_applies (RapportdRequest *request)
{
  g_return_val_if_fail (request != NULL, FALSE);

  return request->idempotency_key != NULL && g_str_equal (request->method, "POST") &&
         request->actor.user_id > 0;
}

/**
 * rapportd_idempotency_check_key:
 * @key: the header's value
 * @error: %CRM_ERROR_BAD_REQUEST naming the header
 *
 * Returns: whether @key is 1 to 255 printable ASCII characters
 */
gboolean
rapportd_idempotency_check_key (const char  *key,
                                GError     **error)
{
  gsize len;

  g_return_val_if_fail (key != NULL, FALSE);

  len = strlen (key);
  for (gsize i = 0; i < len && len <= RAPPORTD_IDEMPOTENCY_MAX_KEY; i++)
    if (key[i] < 0x20 || key[i] > 0x7e)
      len = 0;
  if (len == 0 || len > RAPPORTD_IDEMPOTENCY_MAX_KEY)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, RAPPORTD_IDEMPOTENCY_HEADER,
                                 _("An Idempotency-Key must be 1 to 255 printable ASCII characters"));
      return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * rapportd_idempotency_fingerprint:
 * @request: a request
 *
 * What makes two requests the same: method, path, query (in name order)
 * and body.
 *
 * Returns: (transfer full): the SHA-256 of them, in hex
 */
char *
rapportd_idempotency_fingerprint (RapportdRequest *request)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree gpointer *names = NULL;
  guint n_names = 0;

  g_return_val_if_fail (request != NULL, NULL);

  /* NUL separates the parts: none of them can hold one */
  g_checksum_update (checksum, (const guchar *) request->method, strlen (request->method) + 1);
  g_checksum_update (checksum, (const guchar *) request->path, strlen (request->path) + 1);
  if (request->query != NULL)
    names = g_hash_table_get_keys_as_array (request->query, &n_names);
  if (n_names > 0)
    qsort (names, n_names, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_names; i++)
    {
      const char *value = g_hash_table_lookup (request->query, names[i]);

      g_checksum_update (checksum, (const guchar *) names[i], strlen (names[i]) + 1);
      g_checksum_update (checksum, (const guchar *) value, strlen (value) + 1);
    }
  g_checksum_update (checksum, (const guchar *) "", 1);
  if (request->body != NULL)
    g_checksum_update (checksum, g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  return g_strdup (g_checksum_get_string (checksum));
}

static RapportdSql *
sql_for_key (const char      *text,
             RapportdRequest *request)
{
  RapportdSql *sql = rapportd_sql_new (text);

  rapportd_sql_add_int (sql, request->actor.user_id);
  rapportd_sql_add_text (sql, request->idempotency_key);
  rapportd_sql_add_int (sql, RAPPORTD_IDEMPOTENCY_KEEP_HOURS);
  return sql;
}

/**
 * rapportd_idempotency_replay:
 * @db: a connection inside the transaction of the write
 * @request: a request for which rapportd_idempotency_applies()
 * @fingerprint: rapportd_idempotency_fingerprint() of @request
 * @replayed: (out): whether @request was answered from the first one
 * @error: %CRM_ERROR_VALIDATION naming the header when the key was
 *   used for another request
 *
 * Looks the key up, and locks it until the transaction ends. A key seen
 * in the last 24 hours with the same request answers with the first
 * answer (status and body), and @request is marked as a replay.
 *
 * Returns: %FALSE on error
 */
gboolean
rapportd_idempotency_replay (RapportdDb       *db,
                             RapportdRequest  *request,
                             const char       *fingerprint,
                             gboolean         *replayed,
                             GError          **error)
{
  g_autoptr(RapportdSql) expired = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (request != NULL && request->idempotency_key != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (replayed != NULL, FALSE);

  *replayed = FALSE;
  /* a key past its day names nothing any more, even before the purge */
  expired = sql_for_key ("DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? "
                         "AND created_at < UTC_TIMESTAMP(6) - INTERVAL ? HOUR", request);
  if (!rapportd_db_execute (db, expired, NULL, NULL, error))
    return FALSE;
  sql = rapportd_sql_new ("SELECT fingerprint, status, response FROM idempotency_keys "
                          "WHERE user_id = ? AND idem_key = ? FOR UPDATE");
  rapportd_sql_add_int (sql, request->actor.user_id);
  rapportd_sql_add_text (sql, request->idempotency_key);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    return TRUE;
  if (g_strcmp0 (rapportd_db_result_get (result, 0, 0), fingerprint) != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, RAPPORTD_IDEMPOTENCY_HEADER,
                                 _("This Idempotency-Key was already used for another request"));
      return FALSE;
    }
  rapportd_request_take_body (request, (guint) g_ascii_strtoull (rapportd_db_result_get (result, 0, 1), NULL, 10),
                              g_strdup (rapportd_db_result_get (result, 0, 2)));
  request->idempotent_replay = TRUE;
  *replayed = TRUE;
  return TRUE;
}

/**
 * rapportd_idempotency_store:
 * @db: a connection inside the transaction of the write, after its handler
 * @request: the request, answered with success
 * @fingerprint: rapportd_idempotency_fingerprint() of @request
 * @error: return location for a #GError
 *
 * Keeps the answer with the write, so both are committed or neither is.
 * A binary answer is not kept (no POST gives one).
 *
 * Returns: %FALSE on error
 */
gboolean
rapportd_idempotency_store (RapportdDb       *db,
                            RapportdRequest  *request,
                            const char       *fingerprint,
                            GError          **error)
{
  g_autoptr(RapportdSql) sql = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (request != NULL && request->idempotency_key != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);

  if (request->response == NULL || request->response_length > 0 || request->status == 0)
    return TRUE;
  sql = rapportd_sql_new ("INSERT INTO idempotency_keys (user_id, idem_key, created_at, fingerprint, status, response) "
                          "VALUES (?, ?, UTC_TIMESTAMP(6), ?, ?, ?)");
  rapportd_sql_add_int (sql, request->actor.user_id);
  rapportd_sql_add_text (sql, request->idempotency_key);
  rapportd_sql_add_text (sql, fingerprint);
  rapportd_sql_add_int (sql, request->status);
  rapportd_sql_add_text (sql, request->response);
  if (rapportd_db_execute (db, sql, NULL, NULL, &local_error))
    return TRUE;
  /* the same key answered by another worker at the same moment */
  if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_DUPLICATE))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, RAPPORTD_IDEMPOTENCY_HEADER,
                                 _("Another request with this Idempotency-Key was being answered; send it again"));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * rapportd_idempotency_purge:
 * @db: a connection
 * @now: the time to judge the keys' age by
 * @n_purged: (out) (optional): how many keys went
 * @error: return location for a #GError
 *
 * Forgets the keys older than 24 hours as of @now.
 *
 * Returns: %FALSE on error
 */
gboolean
rapportd_idempotency_purge (RapportdDb  *db,
                            gint64       now,
                            guint       *n_purged,
                            GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("DELETE FROM idempotency_keys WHERE created_at < ?");
  g_autofree char *cutoff = rapportd_sql_format_time (now - (gint64) RAPPORTD_IDEMPOTENCY_KEEP_HOURS * 3600 * G_USEC_PER_SEC);
  guint64 affected = 0;

  g_return_val_if_fail (db != NULL, FALSE);

  rapportd_sql_add_text (sql, cutoff);
  if (!rapportd_db_execute (db, sql, &affected, NULL, error))
    return FALSE;
  if (n_purged != NULL)
    *n_purged = (guint) affected;
  return TRUE;
}
