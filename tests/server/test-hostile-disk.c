/* test-hostile-disk.c: a database out of space answers 507 plainly, keeps sign-in errors, logs why, and recovers */
#include "rapport-test-server.h"

#include <signal.h>
#include <string.h>

/* InnoDB keeps every table in one system tablespace that may not grow past
 * the cap: filling it is the disk filling up, without touching the machine's */
#define CONFIG_CAPPED \
  "[server]\n" \
  "[embedded]\n" \
  "mariadbd_options=innodb_file_per_table=0;innodb_data_file_path=ibdata1:12M:autoextend:max:%uM;" \
  "innodb_buffer_pool_size=32M;innodb_flush_log_at_trx_commit=2\n"
#define CAP_MB 40
#define GROWN_CAP_MB 80
/* writes that may still fit in pages already allocated before one needs a new page */
#define MAX_WRITES_BEFORE_FULL 400
#define LOG_LINE "MariaDB is out of space or memory"

static RapportTestServer *server;

/* Fills the tablespace from the database root's side, row by row, each
 * committed, with ever smaller rows, until not even a small one fits. The
 * rows stay inside their page: an insert that fails while writing a row's
 * overflow pages must be rolled back, and InnoDB aborts when that rollback
 * finds no space either. */
static void
fill_tablespace (void)
{
  static const char script[] =
    "CREATE TABLE filler (id INT AUTO_INCREMENT PRIMARY KEY, b LONGBLOB) ENGINE=InnoDB;\n"
    "DELIMITER //\n"
    "BEGIN NOT ATOMIC\n"
    "  DECLARE size INT DEFAULT 7000;\n"
    "  DECLARE full INT DEFAULT 0;\n"
    "  DECLARE CONTINUE HANDLER FOR 1114 SET full = 1;\n"
    "  WHILE size >= 10 DO\n"
    "    SET full = 0;\n"
    "    WHILE full = 0 DO\n"
    "      INSERT INTO filler (b) VALUES (REPEAT('x', size));\n"
    "    END WHILE;\n"
    "    SET size = size DIV 10;\n"
    "  END WHILE;\n"
    "END//\n"
    "DELIMITER ;\n"
    "SELECT COUNT(*) FROM filler;\n";
  g_autofree char *socket = rapport_test_server_socket (server);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              "mariadb", "--socket", socket, "--user", "root", "--batch",
                              "--skip-column-names", "rapport", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, script, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("filling the tablespace failed: %s", output);
  /* rows went in before it was full */
  g_assert_cmpint (g_ascii_strtoll (output, NULL, 10), >, 0);
}

static char *
rapportd_log (void)
{
  g_autofree char *path = g_build_filename (server->data_dir, "rapportd.log", NULL);
  g_autoptr(GError) error = NULL;
  char *log = NULL;

  g_file_get_contents (path, &log, NULL, &error);
  g_assert_no_error (error);
  return log;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

static void
assert_insufficient_storage (RapportTestReply *reply)
{
  const char *message;

  g_assert_cmpuint (reply->status, ==, 507);
  g_assert_cmpstr (rapport_test_reply_error_code (reply), ==, "insufficient_storage");
  message = json_object_get_string_member_with_default (
    json_object_get_object_member (rapport_test_reply_object (reply), "error"), "message", NULL);
  g_assert_nonnull (message);
  /* plain words: no table, no file, nothing of MariaDB's */
  g_assert_null (strstr (message, "table"));
  g_assert_null (strstr (message, "'"));
  g_assert_null (strstr (message, "audit_log"));
  g_assert_null (strstr (message, "ibdata"));
  g_assert_null (strstr (reply->body, "is full"));
}

static void
restart_with_cap (guint cap_mb)
{
  g_autofree char *config = g_strdup_printf (CONFIG_CAPPED, cap_mb);
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (server->config_path, config, -1, &error);
  g_assert_no_error (error);
  rapport_test_server_restart (server);
}

static void
test_disk_full (void)
{
  g_autofree char *wrong = g_strdup ("{\"login\":\"admin\",\"password\":\"not the password\"}");
  g_autofree char *unknown = g_strdup ("{\"login\":\"nobody\",\"password\":\"not the password\"}");
  g_autofree char *log = NULL;
  guint writes = 0;
  guint freed = 0;
  guint status = 201;

  /* a record in the database before it fills */
  rapport_test_create_named (server, "Before the disk filled");
  fill_tablespace ();

  /* the pages already there take a few more rows; then every write is refused */
  while (status == 201 && writes < MAX_WRITES_BEFORE_FULL)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Account %u\"}", writes);
      g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", "/api/v1/accounts",
                                                                server->admin_token, body);

      status = reply->status;
      writes++;
      if (status != 201)
        assert_insufficient_storage (reply);
    }
  g_assert_cmpuint (status, ==, 507);
  g_test_message ("%u writes after the filler was full, the last refused", writes);

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(RapportTestReply) again = rapport_test_request (server, "POST", "/api/v1/accounts",
                                                                server->admin_token, "{\"name\":\"Refused\"}");
      g_autoptr(RapportTestReply) bad = rapport_test_request (server, "POST", "/api/v1/session", NULL, wrong);
      g_autoptr(RapportTestReply) nobody = rapport_test_request (server, "POST", "/api/v1/session", NULL, unknown);

      /* InnoDB's background purge may free a page now and then, which the
       * next write takes; a full disk then refuses again */
      if (again->status == 201 && freed < 3)
        {
          freed++;
          i--;
          continue;
        }
      assert_insufficient_storage (again);
      /* a failed sign-in stays what it is, though it cannot be counted or audited */
      g_assert_cmpuint (bad->status, ==, 401);
      g_assert_cmpstr (rapport_test_reply_error_code (bad), ==, "unauthorized");
      g_assert_cmpuint (nobody->status, ==, 401);
      g_assert_cmpstr (rapport_test_reply_error_code (nobody), ==, "unauthorized");
    }

  /* reading goes on */
  {
    g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", "/api/v1/accounts?q=Before%20the%20disk",
                                                             server->admin_token, NULL);
    g_autoptr(RapportTestReply) health = rapport_test_request (server, "GET", "/api/v1/health", NULL, NULL);

    g_assert_cmpuint (list->status, ==, 200);
    g_assert_nonnull (strstr (list->body, "Before the disk filled"));
    g_assert_cmpuint (health->status, ==, 200);
  }

  /* the log says why, in MariaDB's words, once for the whole minute */
  log = rapportd_log ();
  g_assert_cmpuint (count (log, LOG_LINE), ==, 1);
  g_assert_nonnull (strstr (log, "error 1114"));
  g_assert_nonnull (strstr (log, "is full"));
  {
    g_autofree char *line = g_strndup (strstr (log, LOG_LINE), strcspn (strstr (log, LOG_LINE), "\n"));

    g_test_message ("rapportd logged: %s", line);
  }

  /* more space (as an administrator would grow the disk): writes work again */
  restart_with_cap (GROWN_CAP_MB);
  {
    g_autoptr(RapportTestReply) bad = rapport_test_request (server, "POST", "/api/v1/session", NULL, wrong);
    g_autoptr(RapportTestReply) list = NULL;

    g_assert_cmpuint (bad->status, ==, 401);
    rapport_test_create_named (server, "After space was freed");
    /* searched for: however many writes fitted, it may be past the first page */
    list = rapport_test_request (server, "GET", "/api/v1/accounts?q=After%20space", server->admin_token, NULL);
    g_assert_cmpuint (list->status, ==, 200);
    g_assert_nonnull (strstr (list->body, "After space was freed"));
  }
  g_free (log);
  log = rapportd_log ();
  g_assert_null (strstr (log, LOG_LINE));
}

/* a setting that would take the private mariadbd out of rapportd's hands
 * stops rapportd at once, saying which */
static void
test_reserved_option (void)
{
  g_autofree char *config = g_strdup ("[server]\n[embedded]\nmariadbd_options=skip_networking=0\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *config_path = g_build_filename (server->data_dir, "reserved.conf", NULL);
  g_autofree char *other_dir = g_build_filename (server->data_dir, "other", NULL);
  g_autofree char *output = NULL;

  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              g_getenv ("RAPPORTD"), "--data-dir", other_dir, "--config", config_path,
                              "--listen", "127.0.0.1:0", "--no-tls", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (process));
  g_assert_nonnull (strstr (output, "networking"));
  g_assert_nonnull (strstr (output, "mariadbd_options"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_strdup_printf (CONFIG_CAPPED, CAP_MB);
  int status;

  g_test_init (&argc, &argv, NULL);
  server = rapport_test_server_start_with_config (config);
  g_test_add_func ("/hostile/disk/reserved-option", test_reserved_option);
  g_test_add_func ("/hostile/disk/full", test_disk_full);
  status = g_test_run ();
  rapport_test_server_stop (server);
  return status;
}
