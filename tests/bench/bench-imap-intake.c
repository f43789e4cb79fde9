/* bench-imap-intake.c: N messages in a real Dovecot mailbox read onto cases by one poll of rapportd; messages a second */
#include "rapport-test-server.h"
#include "rapport-test-mail.h"

#include <stdlib.h>

/* Usage: bench-imap-intake [N [SENDERS]] (run by bench-imap-intake.sh).
 * Starts the tests' Dovecot and Exim and a rapportd (the test fixtures),
 * makes SENDERS [100] contacts and APPENDs N [2000] messages: a third open
 * a thread, a third answer the one before by In-Reply-To, a third by
 * References only. Then times POST /mailboxes/:id/poll, which fetches,
 * keeps, parses, threads and stores each message in a transaction of its
 * own. Prints RESULT name=imap-intake messages=N seconds=S per_second=R
 * cases=C */
int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  guint senders = argc > 2 ? (guint) atoi (argv[2]) : 100;
  RapportTestMail *mail = rapport_test_mail_start ();
  RapportTestServer *server = rapport_test_server_start ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *mailbox_body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportTestReply) polled = NULL;
  gint64 team, account, fallback, mailbox, started, elapsed;
  double seconds;

  team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Service desk\"}");
  account = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Bench customer\"}");
  fallback = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Unknown senders\"}");
  for (guint s = 0; s < senders; s++)
    {
      g_autofree char *contact = g_strdup_printf ("{\"name\":\"Sender %u\",\"account_id\":%" G_GINT64_FORMAT
                                                  ",\"email\":\"sender%u@customer.example\"}", s, account, s);

      rapport_test_create (server, server->admin_token, "contacts", contact);
    }
  mailbox_body = g_strdup_printf ("{\"name\":\"Bench\",\"team_id\":%" G_GINT64_FORMAT ",\"fallback_account_id\":%" G_GINT64_FORMAT
                                  ",\"imap_url\":\"%s\",\"username\":\"%s\",\"password\":\"%s\","
                                  "\"from_address\":\"support@rapport-test.localhost\",\"active\":false}",
                                  team, fallback, mail->imap_url, RAPPORT_TEST_MAIL_USER, RAPPORT_TEST_MAIL_PASSWORD);
  mailbox = rapport_test_create (server, server->admin_token, "mailboxes", mailbox_body);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *thread = NULL;

      if (i % 3 == 1)
        thread = g_strdup_printf ("In-Reply-To: <bench.%u@customer.example>\r\n", i - 1);
      else if (i % 3 == 2)
        thread = g_strdup_printf ("References: <bench.%u@customer.example> <bench.%u@customer.example>\r\n", i - 2, i - 1);
      g_ptr_array_add (messages,
                       g_strdup_printf ("From: Sender %u <sender%u@customer.example>\r\nTo: support@rapport-test.localhost\r\n"
                                        "Subject: =?utf-8?b?5omT5Y2w5py65LiN5omT5Y2w?= %u\r\n"
                                        "Message-ID: <bench.%u@customer.example>\r\n%s"
                                        "Date: Mon, 7 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                                        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                                        "The printer on floor %u prints nothing since Monday.\r\n", i % senders, i % senders, i,
                                        i, thread ? thread : "", i));
    }
  g_printerr ("== appending %u messages\n", n);
  rapport_test_mail_append_all (mail, messages);
  g_printerr ("== polling\n");
  path = g_strdup_printf ("/api/v1/mailboxes/%" G_GINT64_FORMAT "/poll", mailbox);
  started = g_get_monotonic_time ();
  polled = rapport_test_request (server, "POST", path, server->admin_token, NULL);
  elapsed = g_get_monotonic_time () - started;
  g_assert_cmpuint (polled->status, ==, 200);
  g_assert_cmpint (rapport_test_reply_int (polled, "stored"), ==, n);
  seconds = elapsed / (double) G_USEC_PER_SEC;
  g_print ("RESULT name=imap-intake messages=%u seconds=%.2f per_second=%.1f cases=%" G_GINT64_FORMAT "\n", n, seconds,
           n / seconds, rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases"));
  rapport_test_server_stop (server);
  rapport_test_mail_stop (mail);
  return 0;
}
