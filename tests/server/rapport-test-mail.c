/* rapport-test-mail.c: the mail fixture: a private Dovecot (IMAP) and Exim (SMTP) on loopback ports */

/* Everything lives in a directory of its own under TMPDIR, removed at the
 * stop: Dovecot's configuration, its passwd-file with one user, that user's
 * maildir, Exim's configuration and spool, and the maildir Exim delivers
 * every message into. Both run in the foreground as children of the test
 * (dovecot -F, exim4 -bdf) and are stopped by it. As root, Dovecot's login
 * and mail processes and Exim's deliveries run as their Debian users
 * (dovenull, dovecot, Debian-exim), which own the directories they write;
 * the directory is made traversable (mode 0711) for them. */
#include "rapport-test-mail.h"

#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define START_SECONDS 30

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
wait_for_port (guint        port,
               GSubprocess *process,
               const char  *log)
{
  gint64 deadline = g_get_monotonic_time () + START_SECONDS * G_USEC_PER_SEC;
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

      if (connection != NULL)
        return;
      if (g_subprocess_get_identifier (process) == NULL)
        break;
      g_usleep (50 * 1000);
    }
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (log, &contents, NULL, NULL);
    g_error ("the mail server on port %u did not start:\n%s", port, contents ? contents : "(no log)");
  }
}

/* the user a server's workers run as: its Debian user as root, else us */
static void
run_as (const char  *debian_user,
        char       **name,
        uid_t       *uid,
        gid_t       *gid)
{
  struct passwd *entry = getuid () == 0 ? getpwnam (debian_user) : getpwuid (getuid ());

  g_assert_nonnull (entry);
  *name = g_strdup (entry->pw_name);
  *uid = entry->pw_uid;
  *gid = entry->pw_gid;
}

static void
make_dir_for (const char *path,
              uid_t       uid,
              gid_t       gid)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  if (getuid () == 0)
    g_assert_cmpint (chown (path, uid, gid), ==, 0);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A server outlives no test, even one that aborts: a shell runs it and
 * stops it once the test (its parent's pid) is gone, or when stopped
 * itself. PR_SET_PDEATHSIG would not do: exec of the set-user-ID exim4
 * clears it. */
static GSubprocess *
spawn (GError             **error,
       const char * const  *argv)
{
  static const char watch[] =
    "test=$1; shift; \"$@\" & child=$!; "
    "trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM; "
    "while kill -0 $test 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.2; done; "
    "kill $child 2>/dev/null; wait $child";
  g_autofree char *test = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) command = NULL;

  g_strv_builder_add_many (builder, "/bin/sh", "-c", watch, "sh", test, NULL);
  g_strv_builder_addv (builder, (const char **) argv);
  command = g_strv_builder_end (builder);
  return g_subprocess_newv ((const char * const *) command, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                            error);
}

static void
start_dovecot (RapportTestMail *mail)
{
  g_autofree char *user = NULL;
  g_autofree char *mail_root = g_build_filename (mail->dir, "mail", NULL);
  g_autofree char *config = NULL;
  g_autofree char *passwd = NULL;
  g_autofree char *log = g_build_filename (mail->dir, "dovecot.log", NULL);
  g_autofree char *config_path = g_build_filename (mail->dir, "dovecot.conf", NULL);
  g_autoptr(GError) error = NULL;
  uid_t uid;
  gid_t gid;
  gboolean root = getuid () == 0;
  g_autofree char *us = g_strdup (g_get_user_name ());

  run_as ("dovecot", &user, &uid, &gid);
  make_dir_for (mail_root, uid, gid);
  mail->maildir = g_build_filename (mail_root, RAPPORT_TEST_MAIL_USER, NULL);
  passwd = g_strdup_printf ("%s:{PLAIN}%s\n", RAPPORT_TEST_MAIL_USER, RAPPORT_TEST_MAIL_PASSWORD);
  write_file (mail->dir, "passwd", passwd);
  config = g_strdup_printf ("protocols = imap\n"
                            "listen = 127.0.0.1\n"
                            "base_dir = %s/run\n"
                            "state_dir = %s/state\n"
                            "log_path = %s\n"
                            "ssl = no\n"
                            "disable_plaintext_auth = no\n"
                            "auth_mechanisms = plain login\n"
                            "default_internal_user = %s\n"
                            "default_internal_group = %s\n"
                            "default_login_user = %s\n"
                            "first_valid_uid = 0\n"
                            "mail_location = maildir:%s/%%u\n"
                            "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN %s/passwd\n}\n"
                            "userdb {\n  driver = static\n  args = uid=%u gid=%u home=%s/%%u\n}\n"
                            "service auth {\n  user = %s\n}\n"
                            "service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = %u\n  }\n"
                            "  inet_listener imaps {\n    port = 0\n  }\n}\n",
                            mail->dir, mail->dir, log,
                            root ? "dovecot" : us, root ? "dovecot" : us, root ? "dovenull" : us,
                            mail_root, mail->dir, (guint) uid, (guint) gid, mail_root, us, mail->imap_port);
  write_file (mail->dir, "dovecot.conf", config);
  mail->dovecot = spawn (&error, (const char * const []) { "dovecot", "-c", config_path, "-F", NULL });
  g_assert_no_error (error);
  wait_for_port (mail->imap_port, mail->dovecot, log);
}

static void
start_exim (RapportTestMail *mail)
{
  g_autofree char *user = NULL;
  g_autofree char *spool = g_build_filename (mail->dir, "exim", NULL);
  g_autofree char *config = NULL;
  g_autofree char *config_path = g_build_filename (mail->dir, "exim.conf", NULL);
  g_autofree char *log = g_build_filename (spool, "exim-main.log", NULL);
  g_autofree char *port = g_strdup_printf ("%u", mail->smtp_port);
  g_autoptr(GError) error = NULL;
  uid_t uid;
  gid_t gid;

  run_as ("Debian-exim", &user, &uid, &gid);
  mail->delivered = g_build_filename (mail->dir, "delivered", NULL);
  make_dir_for (spool, uid, gid);
  make_dir_for (mail->delivered, uid, gid);
  config = g_strdup_printf ("primary_hostname = rapport-test.localhost\n"
                            "exim_user = %s\n"
                            "exim_group = %u\n"
                            "spool_directory = %s\n"
                            "log_file_path = %s/exim-%%s.log\n"
                            "pid_file_path = %s/exim.pid\n"
                            "local_interfaces = 127.0.0.1\n"
                            "acl_smtp_rcpt = accept\n"
                            "host_lookup =\n"
                            "tls_advertise_hosts =\n"
                            "keep_environment =\n"
                            "begin routers\n"
                            "everything:\n  driver = accept\n  transport = delivered\n"
                            "begin transports\n"
                            "delivered:\n  driver = appendfile\n  directory = %s\n  maildir_format\n"
                            "  envelope_to_add\n  return_path_add\n  user = %s\n  mode = 0644\n"
                            "begin retry\n* * F,1m,1m\n",
                            user, (guint) gid, spool, spool, spool, mail->delivered, user);
  write_file (mail->dir, "exim.conf", config);
  mail->exim = spawn (&error, (const char * const []) { "exim4", "-C", config_path, "-bdf", "-oX", port, NULL });
  g_assert_no_error (error);
  wait_for_port (mail->smtp_port, mail->exim, log);
}

/**
 * rapport_test_mail_start:
 *
 * Returns: (transfer full): Dovecot and Exim, listening
 */
RapportTestMail *
rapport_test_mail_start (void)
{
  RapportTestMail *mail = g_new0 (RapportTestMail, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;

  mail->dir = g_dir_make_tmp ("rapport-mail-XXXXXX", &error);
  g_assert_no_error (error);
  if (getuid () == 0)
    {
      /* the servers' own users reach their directories through ours,
       * and through the test's private TMPDIR (with-tmpdir.sh) */
      parent = g_path_get_dirname (mail->dir);
      g_assert_cmpint (g_chmod (mail->dir, 0711), ==, 0);
      if (g_str_has_prefix (strrchr (parent, '/') ? strrchr (parent, '/') + 1 : parent, "rapport-tmp-"))
        g_assert_cmpint (g_chmod (parent, 0711), ==, 0);
    }
  mail->imap_port = free_port ();
  mail->smtp_port = free_port ();
  mail->imap_url = g_strdup_printf ("imap://127.0.0.1:%u/INBOX", mail->imap_port);
  mail->smtp_url = g_strdup_printf ("smtp://127.0.0.1:%u", mail->smtp_port);
  start_dovecot (mail);
  start_exim (mail);
  return mail;
}

static void
stop_process (GSubprocess *process)
{
  if (process == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * rapport_test_mail_stop:
 * @mail: (transfer full): the servers
 *
 * Stops both, waits for them, and removes their directory.
 */
void
rapport_test_mail_stop (RapportTestMail *mail)
{
  stop_process (mail->exim);
  stop_process (mail->dovecot);
  if (g_getenv ("RAPPORT_TEST_KEEP") == NULL)
    remove_tree (mail->dir);
  g_free (mail->dir);
  g_free (mail->imap_url);
  g_free (mail->smtp_url);
  g_free (mail->maildir);
  g_free (mail->delivered);
  g_free (mail);
}

static char *
read_until_tagged (GDataInputStream *in,
                   const char       *tag)
{
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, tag) || (tag[0] == '+' && g_str_has_prefix (line, "+")))
        return g_steal_pointer (&line);
    }
}

static void
send_text (GOutputStream *out,
           const char    *text,
           gsize          length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (out, text, length, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* an IMAP session of the mailbox's user, signed in */
typedef struct
{
  GSocketConnection *connection;
  GDataInputStream  *in;
  GOutputStream     *out;
} Session;

static void
session_open (RapportTestMail *mail,
              Session         *session)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *login = g_strdup_printf ("a1 LOGIN %s %s\r\n", RAPPORT_TEST_MAIL_USER, RAPPORT_TEST_MAIL_PASSWORD);
  g_autofree char *greeting = NULL, *logged_in = NULL;

  session->connection = g_socket_client_connect_to_host (client, "127.0.0.1", mail->imap_port, NULL, &error);
  g_assert_no_error (error);
  session->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (session->connection)));
  g_data_input_stream_set_newline_type (session->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  session->out = g_io_stream_get_output_stream (G_IO_STREAM (session->connection));
  greeting = read_until_tagged (session->in, "* OK");
  send_text (session->out, login, strlen (login));
  logged_in = read_until_tagged (session->in, "a1 ");
  g_assert_true (g_str_has_prefix (logged_in, "a1 OK"));
}

static void
session_close (Session *session)
{
  g_autofree char *bye = NULL;

  send_text (session->out, "a3 LOGOUT\r\n", 11);
  bye = read_until_tagged (session->in, "a3 ");
  g_clear_object (&session->in);
  g_clear_object (&session->connection);
}

/* APPENDs each of @messages to INBOX with @flags ("" or "(\\Seen) ") */
static void
append (RapportTestMail *mail,
        GPtrArray       *messages,
        const char      *flags)
{
  Session session = { 0 };

  session_open (mail, &session);
  for (guint i = 0; i < messages->len; i++)
    {
      const char *message = messages->pdata[i];
      g_autofree char *command = g_strdup_printf ("b%u APPEND INBOX %s{%" G_GSIZE_FORMAT "}\r\n", i, flags,
                                                  strlen (message));
      g_autofree char *tag = g_strdup_printf ("b%u ", i);
      g_autofree char *ok = g_strdup_printf ("b%u OK", i);
      g_autofree char *go_on = NULL, *appended = NULL;

      send_text (session.out, command, strlen (command));
      go_on = read_until_tagged (session.in, "+");
      send_text (session.out, message, strlen (message));
      send_text (session.out, "\r\n", 2);
      appended = read_until_tagged (session.in, tag);
      g_assert_true (g_str_has_prefix (appended, ok));
    }
  session_close (&session);
}

/**
 * rapport_test_mail_append_all:
 * @mail: the servers
 * @messages: (element-type utf8): whole messages, CRLF line ends
 *
 * Puts each of @messages into the user's INBOX by IMAP APPEND, in order,
 * over one connection.
 */
void
rapport_test_mail_append_all (RapportTestMail *mail,
                              GPtrArray       *messages)
{
  append (mail, messages, "");
}

/**
 * rapport_test_mail_append_read:
 * @mail: the servers
 * @message: a whole message, CRLF line ends
 *
 * Puts @message into the user's INBOX as one already read (\Seen).
 */
void
rapport_test_mail_append_read (RapportTestMail *mail,
                               const char      *message)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, (gpointer) message);
  append (mail, one, "(\\Seen) ");
}

/**
 * rapport_test_mail_count:
 * @mail: the servers
 * @criteria: IMAP SEARCH criteria: "SEEN", "UNSEEN", "ALL"…
 *
 * Looks at INBOX read-only (EXAMINE), so that no flag changes.
 *
 * Returns: how many of its messages match @criteria
 */
guint
rapport_test_mail_count (RapportTestMail *mail,
                         const char      *criteria)
{
  Session session = { 0 };
  g_autofree char *search = g_strdup_printf ("c2 SEARCH %s\r\n", criteria);
  g_autofree char *examined = NULL, *found = NULL, *done = NULL;
  guint n = 0;

  session_open (mail, &session);
  send_text (session.out, "c1 EXAMINE INBOX\r\n", 18);
  examined = read_until_tagged (session.in, "c1 ");
  g_assert_true (g_str_has_prefix (examined, "c1 OK"));
  send_text (session.out, search, strlen (search));
  found = read_until_tagged (session.in, "* SEARCH");
  for (const char *p = found + strlen ("* SEARCH"); *p; p++)
    n += *p == ' ' && g_ascii_isdigit (p[1]);
  done = read_until_tagged (session.in, "c2 ");
  g_assert_true (g_str_has_prefix (done, "c2 OK"));
  session_close (&session);
  return n;
}

/**
 * rapport_test_mail_append:
 * @mail: the servers
 * @message: a whole message, CRLF line ends
 *
 * Puts @message into the user's INBOX by IMAP APPEND.
 */
void
rapport_test_mail_append (RapportTestMail *mail,
                          const char      *message)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, (gpointer) message);
  rapport_test_mail_append_all (mail, one);
}

/**
 * rapport_test_mail_delivered:
 * @mail: the servers
 *
 * Returns: (transfer full) (element-type utf8): every message Exim has
 *   delivered so far, whole
 */
GPtrArray *
rapport_test_mail_delivered (RapportTestMail *mail)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  const char *sub[] = { "new", "cur" };

  for (guint s = 0; s < G_N_ELEMENTS (sub); s++)
    {
      g_autofree char *path = g_build_filename (mail->delivered, sub[s], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          char *contents = NULL;

          if (g_file_get_contents (file, &contents, NULL, NULL))
            g_ptr_array_add (messages, contents);
        }
    }
  return messages;
}
