/* test-cluster.c: [database] nodes= fails over to the next node; the periodic jobs run on one rapportd at a time; a transaction a deadlock ended never commits */
#include "rapport-test-peer.h"
#include "rapport-test-db.h"
#include "rapportd-audit.h"
#include "rapportd-lease.h"
#include "crm-error.h"

#include <signal.h>
#include <string.h>
#include <gio/gunixsocketaddress.h>

/* A stand-in for one node of a cluster: a TCP port on loopback whose
 * connections go on to the fixture's MariaDB (its unix socket), until the
 * node is stopped: then its port refuses and its connections are cut, as
 * when a node dies. Runs on a thread and main context of its own. */
typedef struct
{
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GSocketService  *service;
  char            *socket_path;
  guint16          port;
  /* the pairs of streams it joined: the client's, then MariaDB's */
  GPtrArray       *streams;
  gint             accepted;
} Node;

static RapportTestServer *server;

static gboolean
node_incoming (GSocketService    *service,
               GSocketConnection *connection,
               GObject           *source,
               gpointer           data)
{
  Node *node = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (node->socket_path);
  g_autoptr(GSocketConnection) upstream = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);

  if (upstream == NULL)
    return FALSE;
  g_atomic_int_inc (&node->accepted);
  g_ptr_array_add (node->streams, g_object_ref (connection));
  g_ptr_array_add (node->streams, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream), G_IO_STREAM_SPLICE_NONE,
                            G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  return TRUE;
}

static gpointer
node_run (gpointer data)
{
  Node *node = data;

  g_main_context_push_thread_default (node->context);
  g_main_loop_run (node->loop);
  g_main_context_pop_thread_default (node->context);
  return NULL;
}

static Node *
node_start (void)
{
  Node *node = g_new0 (Node, 1);
  g_autoptr(GError) error = NULL;

  node->socket_path = rapport_test_server_socket (server);
  node->context = g_main_context_new ();
  node->loop = g_main_loop_new (node->context, FALSE);
  node->streams = g_ptr_array_new_with_free_func (g_object_unref);
  /* made with the node's context as the thread's default, whose sources it adds there */
  g_main_context_push_thread_default (node->context);
  node->service = g_socket_service_new ();
  node->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (node->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (node->service, "incoming", G_CALLBACK (node_incoming), node);
  g_socket_service_start (node->service);
  g_main_context_pop_thread_default (node->context);
  node->thread = g_thread_new ("node", node_run, node);
  return node;
}

static gboolean
node_cut (gpointer data)
{
  Node *node = data;

  g_socket_service_stop (node->service);
  g_socket_listener_close (G_SOCKET_LISTENER (node->service));
  for (guint i = 0; i < node->streams->len; i++)
    g_io_stream_close (node->streams->pdata[i], NULL, NULL);
  g_main_loop_quit (node->loop);
  return G_SOURCE_REMOVE;
}

/* the node dies: its port refuses, its connections are cut */
static void
node_stop (Node *node)
{
  g_main_context_invoke (node->context, node_cut, node);
  g_thread_join (node->thread);
  g_clear_object (&node->service);
  g_ptr_array_unref (node->streams);
  g_main_loop_unref (node->loop);
  g_main_context_unref (node->context);
  g_free (node->socket_path);
  g_free (node);
}

/* a loopback port nobody listens on */
static guint16
refusing_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static gboolean
log_has (RapportTestPeer *peer,
         const char      *text)
{
  g_autofree char *log = NULL;

  return g_file_get_contents (peer->log_path, &log, NULL, NULL) && strstr (log, text) != NULL;
}

/* an account written through @peer, read back from the database */
static void
assert_writes_through (RapportTestPeer *peer,
                       const char      *name)
{
  RapportTestServer clone = *server;
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  gint64 id;

  clone.base_url = peer->base_url;
  id = rapport_test_create (&clone, server->admin_token, "accounts", body);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM accounts WHERE id = %" G_GINT64_FORMAT
                                         " AND name = '%s'", id, name), ==, 1);
}

static void
test_nodes_failover (void)
{
  guint16 dead = refusing_port ();
  Node *first = node_start ();
  Node *second = node_start ();
  g_autofree char *config = g_strdup_printf ("[server]\nsession_cache_seconds=0\n[database]\n"
                                             "nodes=127.0.0.1:%u, 127.0.0.1:%u,127.0.0.1:%u\n"
                                             "user=root\nname=rapport\n", dead, first->port, second->port);
  g_autofree char *on_first = g_strdup_printf ("connected to node 127.0.0.1:%u", first->port);
  g_autofree char *on_second = g_strdup_printf ("connected to node 127.0.0.1:%u", second->port);
  RapportTestPeer *peer;

  /* the first node refuses: it starts, migrates and serves on the next */
  peer = rapport_test_peer_start_with_config (config);
  g_assert_true (log_has (peer, on_first));
  g_assert_false (log_has (peer, on_second));
  assert_writes_through (peer, "Written through the first live node");
  g_assert_cmpint (g_atomic_int_get (&second->accepted), ==, 0);

  /* the node it uses dies under its open connections: the next request
   * runs again on a connection to the node after it */
  node_stop (first);
  assert_writes_through (peer, "Written after its node died");
  g_assert_true (log_has (peer, on_second));
  g_assert_cmpint (g_atomic_int_get (&second->accepted), >, 0);

  rapport_test_peer_stop (peer);
  node_stop (second);
}

/* runs of the periodic jobs, and by how many holders */
static gint64
count_runs (const char *where)
{
  return rapport_test_sql_int (server, "SELECT COUNT(*) FROM job_runs WHERE %s", where);
}

static void
wait_for_runs (const char *where,
               gint64      at_least)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (count_runs (where) < at_least)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("fewer than %" G_GINT64_FORMAT " runs of the periodic jobs where %s", at_least, where);
      g_usleep (G_USEC_PER_SEC / 5);
    }
}

static void
test_jobs_lease (void)
{
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autofree char *config = g_strdup_printf ("[server]\nsession_cache_seconds=0\n[jobs]\ninterval_seconds=1\n"
                                             "lease_seconds=3\n[database]\nsocket=%s\nuser=root\nname=rapport\n",
                                             socket);
  g_autofree char *holder = NULL;
  g_autofree char *others = NULL;
  g_autofree char *gap_sql = NULL;
  g_autofree char *gap = NULL;
  RapportTestPeer *peer;
  int pid = (int) g_ascii_strtoll (server->pid, NULL, 10);

  /* the fixture's rapportd holds the jobs; a second one does not run them */
  wait_for_runs ("TRUE", 2);
  holder = g_strstrip (rapport_test_server_sql (server, "SELECT holder FROM job_leases WHERE name = 'periodic'"));
  g_assert_cmpstr (holder, !=, "");
  peer = rapport_test_peer_start_with_config (config);
  others = g_strdup_printf ("holder <> '%s'", holder);
  wait_for_runs ("TRUE", count_runs ("TRUE") + 4);
  g_assert_cmpint (count_runs (others), ==, 0);
  g_assert_true (log_has (peer, "another rapportd runs them"));

  /* the holder stops answering: once its lease has run out, the other
   * takes over; back, the first finds it taken and runs nothing more */
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  wait_for_runs (others, 1);
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  wait_for_runs (others, 4);
  g_assert_true (log_has (peer, "this rapportd"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM job_runs WHERE holder = '%s' AND started_at > "
                                         "(SELECT MIN(started_at) FROM job_runs WHERE %s)", holder, others), ==, 0);
  /* never both: the first run of the new holder came a lease after the
   * old holder's last (3 s, less the second a lease is renewed early) */
  gap_sql = g_strdup_printf ("SELECT TIMESTAMPDIFF(MICROSECOND, (SELECT MAX(started_at) FROM job_runs WHERE holder = '%s'), "
                             "(SELECT MIN(started_at) FROM job_runs WHERE %s))", holder, others);
  gap = g_strstrip (rapport_test_server_sql (server, gap_sql));
  g_assert_cmpint (g_ascii_strtoll (gap, NULL, 10), >=, 2 * G_USEC_PER_SEC);

  rapport_test_peer_stop (peer);
}

typedef struct
{
  RapportdDb *db;
  gboolean    ok;
} Locker;

/* takes the lock on row 2, which the test's transaction holds */
static gpointer
lock_second (gpointer data)
{
  Locker *locker = data;

  locker->ok = rapportd_db_exec (locker->db, "UPDATE deadlock_rows SET n = n + 1 WHERE id = 2", NULL);
  return NULL;
}

/* A deadlock (on a Galera cluster, a certification conflict) rolls the
 * whole transaction back; a caller that goes on after that error must not
 * run the rest outside it, each statement committed alone, nor be told at
 * COMMIT that it committed: everything fails as a deadlock, to be run
 * again. A write answered 201 but lost did so under the cluster test. */
static void
test_deadlock_ends_transaction (void)
{
  RapportdDb *victim = rapport_test_db_open (server, "rapport");
  Locker other = { rapport_test_db_open (server, "rapport"), FALSE };
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (rapportd_db_exec (victim, "CREATE TABLE deadlock_rows (id INT PRIMARY KEY, n INT NOT NULL) "
                                   "ENGINE=InnoDB", NULL));
  g_assert_true (rapportd_db_exec (victim, "INSERT INTO deadlock_rows VALUES (1, 0), (2, 0)", NULL));
  g_assert_true (rapportd_db_begin (other.db, NULL));
  g_assert_true (rapportd_db_exec (other.db, "UPDATE deadlock_rows SET n = n + 1 WHERE id = 1", NULL));
  g_assert_true (rapportd_db_begin (victim, NULL));
  g_assert_true (rapportd_db_exec (victim, "UPDATE deadlock_rows SET n = n + 1 WHERE id = 2", NULL));
  thread = g_thread_new ("locker", lock_second, &other);
  /* until the other waits for row 2 */
  while (rapport_test_sql_int (server, "SELECT COUNT(*) FROM information_schema.INNODB_TRX "
                                       "WHERE trx_state = 'LOCK WAIT'") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  /* row 1: the cycle closes, InnoDB rolls this one back */
  g_assert_false (rapportd_db_exec (victim, "UPDATE deadlock_rows SET n = n + 1 WHERE id = 1", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  g_clear_error (&error);
  g_thread_join (thread);
  g_assert_true (other.ok);
  g_assert_true (rapportd_db_commit (other.db, NULL));

  /* going on regardless writes nothing, and COMMIT says deadlock */
  g_assert_false (rapportd_db_exec (victim, "INSERT INTO deadlock_rows VALUES (3, 0)", &error));
  g_clear_error (&error);
  g_assert_false (rapportd_db_commit (victim, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  g_assert_true (rapportd_db_take_retryable (victim));
  rapportd_db_rollback (victim);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM deadlock_rows WHERE id = 3"), ==, 0);

  /* and the connection serves the next transaction */
  g_assert_true (rapportd_db_begin (victim, NULL));
  g_assert_true (rapportd_db_exec (victim, "INSERT INTO deadlock_rows VALUES (4, 0)", NULL));
  g_assert_true (rapportd_db_commit (victim, NULL));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM deadlock_rows WHERE id = 4"), ==, 1);
  g_assert_true (rapportd_db_exec (victim, "DROP TABLE deadlock_rows", NULL));
  rapportd_db_close (victim);
  rapportd_db_close (other.db);
}

/* A Galera node's audit id sequence may lag the ids the cluster used: an
 * append skips them rather than failing on a duplicate id, or drawing an id
 * below its chain's head, which `audit verify` would find out of order. */
static void
test_audit_ids_lag (void)
{
  g_autofree char *output = NULL;
  gint64 before = rapport_test_sql_int (server, "SELECT MAX(id) FROM audit_log");
  RapportdDb *db = rapport_test_db_open (server, "rapport");
  const gint64 ids[] = { 1, 2, 3 };
  const char * const afters[] = { "{\"n\":1}", "{\"n\":2}", "{\"n\":3}" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (before, >, 1);
  g_free (rapport_test_server_sql (server, "ALTER SEQUENCE audit_ids RESTART WITH 1"));
  rapport_test_create_named (server, "Audited after the sequence fell behind");
  rapport_test_create_named (server, "And once more");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE id > %" G_GINT64_FORMAT,
                                         before), >=, 2);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);

  /* and rows appended many at once, as a bulk import does */
  before = rapport_test_sql_int (server, "SELECT MAX(id) FROM audit_log");
  g_free (rapport_test_server_sql (server, "ALTER SEQUENCE audit_ids RESTART WITH 1"));
  g_assert_true (rapportd_db_begin (db, NULL));
  g_assert_true (rapportd_audit_append_many (db, 0, "account", ids, "update", NULL, NULL, afters, 3, &error));
  g_assert_no_error (error);
  g_assert_true (rapportd_db_commit (db, NULL));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE id > %" G_GINT64_FORMAT,
                                         before), ==, 3);
  g_assert_cmpint (rapport_test_server_admin (server, &output, "audit", "verify", NULL), ==, 0);
  rapportd_db_close (db);
}

/* Work done under a lease commits only while its holder still holds it:
 * a run that outlasted its lease, which another rapportd took meanwhile,
 * fails inside its own transaction and writes nothing. */
static void
test_lease_fences_work (void)
{
  RapportdDb *db = rapport_test_db_open (server, "rapport");
  g_autoptr(GError) error = NULL;
  gboolean held = FALSE;

  g_assert_true (rapportd_lease_take (db, "job_leases", "fence-test", 60, &held, &error));
  g_assert_no_error (error);
  g_assert_true (held);
  /* held: the work's transaction extends it and commits */
  g_assert_true (rapportd_db_begin (db, NULL));
  g_assert_true (rapportd_lease_hold (db, "job_leases", "fence-test", 60, &error));
  g_assert_true (rapportd_db_exec (db, "INSERT INTO job_runs (name, holder, started_at) "
                                   "VALUES ('fence-test', 'first', UTC_TIMESTAMP(6))", NULL));
  g_assert_true (rapportd_db_commit (db, NULL));

  /* taken over meanwhile by another: the next work fails and is rolled back */
  g_free (rapport_test_server_sql (server, "UPDATE job_leases SET holder = 'another:1:0' WHERE name = 'fence-test'"));
  g_assert_true (rapportd_db_begin (db, NULL));
  g_assert_true (rapportd_db_exec (db, "INSERT INTO job_runs (name, holder, started_at) "
                                   "VALUES ('fence-test', 'second', UTC_TIMESTAMP(6))", NULL));
  g_assert_false (rapportd_lease_hold (db, "job_leases", "fence-test", 60, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  rapportd_db_rollback (db);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM job_runs WHERE name = 'fence-test'"), ==, 1);
  g_clear_error (&error);
  g_assert_true (rapportd_lease_take (db, "job_leases", "fence-test", 60, &held, &error));
  g_assert_false (held);
  rapportd_db_close (db);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config ("[jobs]\ninterval_seconds=1\nlease_seconds=3\n");
  g_test_add_func ("/cluster/nodes-failover", test_nodes_failover);
  g_test_add_func ("/cluster/jobs-lease", test_jobs_lease);
  g_test_add_func ("/cluster/deadlock-ends-transaction", test_deadlock_ends_transaction);
  g_test_add_func ("/cluster/audit-ids-lag", test_audit_ids_lag);
  g_test_add_func ("/cluster/lease-fences-work", test_lease_fences_work);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
