/* rapportd-db-nodes.c: where to connect, and a new MariaDB connection: to the server, or to the first of [database] nodes= that answers, unless it restarts */
#include "rapportd-db-nodes.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
rapportd_db_params_clear (RapportdDbParams *params)
{
  g_clear_pointer (&params->host, g_free);
  g_clear_pointer (&params->socket, g_free);
  g_clear_pointer (&params->user, g_free);
  g_clear_pointer (&params->password, g_free);
  g_clear_pointer (&params->database, g_free);
  g_clear_pointer (&params->nodes, g_strfreev);
}

void
rapportd_db_params_copy (const RapportdDbParams *src,
                         RapportdDbParams       *dest)
{
  dest->host = g_strdup (src->host);
  dest->port = src->port;
  dest->socket = g_strdup (src->socket);
  dest->user = g_strdup (src->user);
  dest->password = g_strdup (src->password);
  dest->database = g_strdup (src->database);
  dest->nodes = g_strdupv (src->nodes);
}

/* the node the last connection reached: the next one tries it first, so
 * that the connections of one rapportd stay on one node while it answers */
static gint preferred_node;

/**
 * rapportd_db_nodes_parse:
 * @text: HOST:PORT,HOST:PORT,… as in `[database] nodes=`
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the nodes in order, each HOST:PORT, or %NULL
 *   with @error set when one is not HOST:PORT
 */
GStrv
rapportd_db_nodes_parse (const char  *text,
                         GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) nodes = g_strv_builder_new ();
  guint n = 0;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *node = g_strstrip (parts[i]);
      const char *colon = strrchr (node, ':');
      guint64 port;

      if (*node == '\0')
        continue;
      if (colon == NULL || colon == node ||
          !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("[database] nodes must be HOST:PORT separated by commas, not “%s”"), node);
          return NULL;
        }
      g_strv_builder_add (nodes, node);
      n++;
    }
  if (n == 0)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           _("[database] nodes names no HOST:PORT"));
      return NULL;
    }
  return g_strv_builder_end (nodes);
}

static gboolean
query_one (MYSQL       *mysql,
           const char  *statement,
           char       **value)
{
  MYSQL_RES *result;
  MYSQL_ROW row;
  guint column;

  if (mysql_query (mysql, statement) != 0 || (result = mysql_store_result (mysql)) == NULL)
    return FALSE;
  /* SHOW STATUS answers NAME, VALUE; SELECT the value alone */
  column = mysql_num_fields (result) - 1;
  row = mysql_fetch_row (result);
  *value = g_strdup (row != NULL && row[column] != NULL ? row[column] : "");
  mysql_free_result (result);
  return TRUE;
}

/* On a Galera node: whether it is part of the primary component and
 * ready to run statements, and if so, reads on this session wait until
 * the node has applied every write the cluster committed before them, so
 * that a client who wrote through one rapportd (and node) reads it back
 * through another. Not a Galera node: ready as it is. */
static gboolean
prepare_session (MYSQL       *mysql,
                 const char  *node,
                 gboolean    *galera,
                 GError     **error)
{
  g_autofree char *wsrep_on = NULL;
  g_autofree char *ready = NULL;

  if (!query_one (mysql, "SELECT @@wsrep_on", &wsrep_on))
    /* a server built without wsrep does not know the variable */
    return TRUE;
  *galera = g_str_equal (wsrep_on, "1");
  if (!*galera)
    return TRUE;
  if (!query_one (mysql, "SHOW STATUS LIKE 'wsrep_ready'", &ready) || !g_str_equal (ready, "ON"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "cannot connect to MariaDB: the Galera node %s is not ready (not in the primary component)",
                   node);
      return FALSE;
    }
  if (mysql_query (mysql, "SET SESSION wsrep_sync_wait = 1") != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "cannot connect to MariaDB: %s: %s", node, mysql_error (mysql));
      return FALSE;
    }
  return TRUE;
}

/* a new handle: UTC, utf8mb4, autocommit, READ COMMITTED */
static MYSQL *
connect_to (const RapportdDbParams  *params,
            const char              *host,
            guint                    port,
            const char              *socket,
            const char              *node,
            unsigned int             timeout,
            gboolean                *galera,
            GError                 **error)
{
  MYSQL *mysql = mysql_init (NULL);

  mysql_options (mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  mysql_options (mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options (mysql, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00', "
                 "tx_isolation = 'READ-COMMITTED'");
  if (!mysql_real_connect (mysql, host, params->user, params->password, params->database, port,
                           socket, CLIENT_FOUND_ROWS))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                   "cannot connect to MariaDB: %s", mysql_error (mysql));
      mysql_close (mysql);
      return NULL;
    }
  if (!prepare_session (mysql, node, galera, error))
    {
      mysql_close (mysql);
      return NULL;
    }
  return mysql;
}

/**
 * rapportd_db_nodes_connect:
 * @params: where and as whom to connect
 * @galera: (out): whether the server is a Galera node
 * @error: return location for a %CRM_ERROR_UNAVAILABLE
 *
 * Connects to @params' host, port or socket or, with nodes, to the node
 * the last connection reached, else to the next that answers and is
 * ready, in the order given and around. On a Galera node, reads wait for
 * the writes committed before them (wsrep_sync_wait).
 *
 * Returns: (transfer full): the connection, for mysql_close()
 */
MYSQL *
rapportd_db_nodes_connect (const RapportdDbParams  *params,
                           gboolean                *galera,
                           GError                 **error)
{
  guint n_nodes = params->nodes != NULL ? g_strv_length (params->nodes) : 0;
  guint first = (guint) g_atomic_int_get (&preferred_node);
  g_autoptr(GString) failures = NULL;

  g_return_val_if_fail (params != NULL && galera != NULL, NULL);

  *galera = FALSE;
  if (n_nodes == 0)
    return connect_to (params, params->host, params->port, params->socket,
                       params->host != NULL ? params->host : "localhost", 10, galera, error);

  failures = g_string_new (NULL);
  for (guint i = 0; i < n_nodes; i++)
    {
      guint index = (first + i) % n_nodes;
      const char *node = params->nodes[index];
      const char *colon = strrchr (node, ':');
      g_autofree char *host = g_strndup (node, colon - node);
      g_autoptr(GError) local_error = NULL;
      /* a node that does not answer holds up the next less */
      MYSQL *mysql = connect_to (params, host, (guint) g_ascii_strtoull (colon + 1, NULL, 10), NULL, node, 5,
                                 galera, &local_error);

      if (mysql != NULL)
        {
          if (index != first)
            g_message ("Database: connected to node %s", node);
          g_atomic_int_set (&preferred_node, (gint) index);
          return mysql;
        }
      g_string_append_printf (failures, "%s%s", failures->len > 0 ? "; " : "", local_error->message);
    }
  g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "%s", failures->str);
  return NULL;
}

/* set while the embedded mariadbd restarts: a connection attempt then could
 * hang on a server that listens but does not answer yet */
static gint restarting;

/**
 * rapportd_db_set_restarting:
 * @is_restarting: whether the database is restarting
 *
 * While the database restarts, rapportd_db_open() fails at once with
 * %CRM_ERROR_UNAVAILABLE instead of trying, so requests are answered
 * promptly. Only whoever waits for the restart connects, with
 * rapportd_db_connect().
 */
void
rapportd_db_set_restarting (gboolean is_restarting)
{
  g_atomic_int_set (&restarting, is_restarting);
}

/**
 * rapportd_db_open:
 * @params: where and as whom to connect
 * @error: return location for a %CRM_ERROR_UNAVAILABLE
 *
 * Opens a connection in UTC, utf8mb4, autocommit, unless the database is
 * restarting (see rapportd_db_set_restarting()): to the first node that
 * answers when @params has nodes (rapportd_db_nodes_connect()).
 *
 * Returns: (transfer full): the connection
 */
RapportdDb *
rapportd_db_open (const RapportdDbParams  *params,
                  GError                 **error)
{
  g_return_val_if_fail (params != NULL, NULL);

  if (g_atomic_int_get (&restarting))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE,
                           _("The database is restarting; try again shortly"));
      return NULL;
    }
  return rapportd_db_connect (params, error);
}
