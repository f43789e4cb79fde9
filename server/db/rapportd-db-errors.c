/* rapportd-db-errors.c: what MariaDB's errors mean to a request, and the log of a server short of space or memory */
#include "rapportd-db.h"
#include "rapportd-db-errors.h"

#include <mysqld_error.h>
#include <errmsg.h>
#include <string.h>

/* a server out of space or memory fails every request alike: say so once a minute */
#define RESOURCE_LOG_INTERVAL (60 * G_USEC_PER_SEC)

/* errors that carry an operating-system errno in their message, as
 * "(errno: 28 ...)", "(Errcode: 28 ...)" or "Got error 28 ..." */
static gboolean
reports_enospc (unsigned int  err,
                const char   *message)
{
  static const char * const prefixes[] = { "errno: ", "Errcode: ", "error " };

  switch (err)
    {
    case ER_CANT_CREATE_FILE:
    case ER_CANT_CREATE_TABLE:
    case ER_ERROR_ON_CLOSE:
    case ER_ERROR_ON_WRITE:
    case ER_GET_ERRNO:
    case ER_ERROR_DURING_COMMIT:
    case ER_GET_TEMPORARY_ERRMSG:
    case ER_IO_WRITE_ERROR:
      break;
    default:
      return FALSE;
    }
  /* mariadbd speaks English to us: its messages are not localised per connection */
  if (strstr (message, "No space left on device") != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      for (const char *at = strstr (message, prefixes[i]); at != NULL; at = strstr (at + 1, prefixes[i]))
        {
          const char *number = at + strlen (prefixes[i]);

          if (g_str_has_prefix (number, "28") && !g_ascii_isdigit (number[2]))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * rapportd_db_error_code:
 * @err: a MariaDB or Connector/C error number
 * @message: its message
 *
 * Returns: what the error means to a request: a duplicate, a conflict, a
 *   server away or short of memory, storage full, or internal
 */
CrmErrorCode
rapportd_db_error_code (unsigned int  err,
                        const char   *message)
{
  switch (err)
    {
    case ER_DUP_ENTRY:
    case ER_DUP_ENTRY_WITH_KEY_NAME:
      return CRM_ERROR_DUPLICATE;
    case ER_NO_REFERENCED_ROW:
    case ER_NO_REFERENCED_ROW_2:
    case ER_ROW_IS_REFERENCED:
    case ER_ROW_IS_REFERENCED_2:
      return CRM_ERROR_CONFLICT;
    case ER_LOCK_DEADLOCK:
    case ER_LOCK_WAIT_TIMEOUT:
      return CRM_ERROR_CONFLICT;
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
      return CRM_ERROR_UNAVAILABLE;
    /* a full tablespace, disk or undo log */
    case ER_RECORD_FILE_FULL:
    case ER_DISK_FULL:
    case ER_INDEX_FILE_FULL:
    case ER_INNODB_UNDO_LOG_FULL:
    case ER_TABLESPACE_AUTO_EXTEND_ERROR:
    case ER_TEMP_FILE_WRITE_FAILURE:
      return CRM_ERROR_INSUFFICIENT_STORAGE;
    /* out of memory: it passes, so the client may try again later */
    case ER_OUTOFMEMORY:
    case ER_OUT_OF_SORTMEMORY:
    case ER_OUT_OF_RESOURCES:
    case ER_ENGINE_OUT_OF_MEMORY:
    case ER_LOCK_TABLE_FULL:
      return CRM_ERROR_UNAVAILABLE;
    default:
      return reports_enospc (err, message) ? CRM_ERROR_INSUFFICIENT_STORAGE : CRM_ERROR_INTERNAL;
    }
}

/* Returns: whether the connection is gone after @err */
gboolean
rapportd_db_error_breaks_connection (unsigned int err)
{
  /* ER_UNKNOWN_COM_ERROR: a Galera node that left the primary component
   * ("WSREP has not yet prepared node for application use") refuses every
   * statement until it is back: another node must serve */
  return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
         err == CR_CONNECTION_ERROR || err == CR_CONN_HOST_ERROR ||
         err == ER_UNKNOWN_COM_ERROR;
}

/* Logs a shortage of space or memory at most once a minute, whichever
 * worker meets it: while it lasts, every request would report it. */
void
rapportd_db_error_log_shortage (unsigned int  err,
                                const char   *message)
{
  static GMutex lock;
  static gint64 last_logged;
  static guint suppressed;
  gint64 now = g_get_monotonic_time ();
  guint others;

  g_mutex_lock (&lock);
  if (last_logged != 0 && now - last_logged < RESOURCE_LOG_INTERVAL)
    {
      suppressed++;
      g_mutex_unlock (&lock);
      return;
    }
  last_logged = now;
  others = suppressed;
  suppressed = 0;
  g_mutex_unlock (&lock);

  if (others > 0)
    g_warning ("MariaDB is out of space or memory (error %u: %s); requests that need it fail "
               "until an administrator frees some (%u more such errors since the last report)",
               err, message, others);
  else
    g_warning ("MariaDB is out of space or memory (error %u: %s); requests that need it fail "
               "until an administrator frees some", err, message);
}

/**
 * rapportd_db_duplicate_key:
 * @error: a %CRM_ERROR_DUPLICATE from this module
 *
 * Returns: (nullable): the name of the unique key a duplicate hit, e.g. "accounts_code"
 */
const char *
rapportd_db_duplicate_key (const GError *error)
{
  const char *key;

  if (error == NULL || !g_error_matches (error, CRM_ERROR, CRM_ERROR_DUPLICATE))
    return NULL;
  key = g_strrstr (error->message, "for key '");
  return key ? key + strlen ("for key '") : NULL;
}
