/* test-mail-intake.c: service cases from a real Dovecot mailbox: mailboxes kept by administrators, threading (new, case number, In-Reply-To, forwarded), the customer's replies in the conversation with their files, replies to closed cases, bad messages kept with their reason, a rapportd killed mid-poll, mail left new or read as it was */
#include "rapport-test-server.h"
#include "rapport-test-mail.h"

#include <string.h>

static RapportTestServer *server;
static RapportTestMail *mail;
static gint64 team, acme, fallback, mailbox;
static guint message_serial;

static char *
mailbox_body (void)
{
  return g_strdup_printf ("{\"name\":\"Support\",\"team_id\":%" G_GINT64_FORMAT ",\"fallback_account_id\":%" G_GINT64_FORMAT
                          ",\"imap_url\":\"%s\",\"username\":\"%s\",\"password\":\"%s\",\"smtp_url\":\"%s\","
                          "\"from_address\":\"support@rapport-test.localhost\",\"poll_seconds\":3600,\"active\":false}",
                          team, fallback, mail->imap_url, RAPPORT_TEST_MAIL_USER, RAPPORT_TEST_MAIL_PASSWORD, mail->smtp_url);
}

/* a message with a Message-ID of its own; @headers are more header lines */
static char *
message (const char *from,
         const char *subject,
         const char *headers,
         const char *body,
         char      **message_id)
{
  g_autofree char *id = g_strdup_printf ("m%u.%d@customer.example", ++message_serial, g_random_int_range (0, 1000000));

  if (message_id != NULL)
    *message_id = g_strdup (id);
  return g_strdup_printf ("From: %s\r\nTo: support@rapport-test.localhost\r\nSubject: %s\r\n"
                          "Date: Mon, 7 Dec 2026 10:00:00 +0800\r\nMessage-ID: <%s>\r\n%s"
                          "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
                          from, subject, id, headers ? headers : "", body);
}

static JsonObject *
poll_now (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/mailboxes/%" G_GINT64_FORMAT "/poll", mailbox);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  if (reply->status != 200)
    g_test_message ("poll: %s", reply->body);
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_ref (rapport_test_reply_object (reply));
}

static gint64
case_of (const char *message_id)
{
  return rapport_test_sql_int (server, "SELECT IFNULL(MAX(case_id), 0) FROM mail_messages WHERE message_id_header = '%s'",
                               message_id);
}

static char *
case_number (gint64 case_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, case_id);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "GET", path, server->admin_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (rapport_test_reply_string (reply, "number"));
}

static void
test_mailbox_admin (void)
{
  g_autofree char *body = mailbox_body ();
  g_autofree char *bad = NULL;
  g_autofree char *rep = rapport_test_server_add_user (server, "rep", "sales");
  g_autofree char *audit = NULL;
  g_autofree char *path = NULL;
  g_autofree char *patch = NULL;
  g_autoptr(RapportTestReply) refused = rapport_test_request (server, "POST", "/api/v1/mailboxes", rep, body);
  g_autoptr(RapportTestReply) created = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  g_autoptr(RapportTestReply) wrong_url = NULL;
  g_autoptr(RapportTestReply) read_only = NULL;
  g_autoptr(RapportTestReply) changed = NULL;
  g_autoptr(RapportTestReply) rep_list = rapport_test_request (server, "GET", "/api/v1/mailboxes", rep, NULL);

  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpuint (rep_list->status, ==, 403);
  /* an address that is not imap:// is 422 on the field, and nothing is stored */
  bad = g_strdup_printf ("{\"name\":\"X\",\"team_id\":%" G_GINT64_FORMAT ",\"fallback_account_id\":%" G_GINT64_FORMAT
                         ",\"imap_url\":\"http://127.0.0.1/\",\"username\":\"u\",\"password\":\"p\","
                         "\"from_address\":\"x@example.com\"}", team, fallback);
  wrong_url = rapport_test_request (server, "POST", "/api/v1/mailboxes", server->admin_token, bad);
  g_assert_cmpuint (wrong_url->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (wrong_url), ==, "imap_url");
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mailboxes"), ==, 0);

  created = rapport_test_request (server, "POST", "/api/v1/mailboxes", server->admin_token, body);
  g_assert_cmpuint (created->status, ==, 201);
  mailbox = rapport_test_reply_int (created, "id");
  g_assert_null (strstr (created->body, RAPPORT_TEST_MAIL_PASSWORD));
  g_assert_false (json_object_has_member (rapport_test_reply_object (created), "password"));
  listed = rapport_test_request (server, "GET", "/api/v1/mailboxes", server->admin_token, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_null (strstr (listed->body, RAPPORT_TEST_MAIL_PASSWORD));

  /* the server's own fields are not the client's to write */
  path = g_strdup_printf ("/api/v1/mailboxes/%" G_GINT64_FORMAT, mailbox);
  read_only = rapport_test_request (server, "PATCH", path, server->admin_token, "{\"version\":1,\"last_uid\":99}");
  g_assert_cmpuint (read_only->status, ==, 422);
  g_assert_cmpstr (rapport_test_reply_error_field (read_only), ==, "last_uid");
  patch = g_strdup_printf ("{\"version\":1,\"password\":\"%s\"}", RAPPORT_TEST_MAIL_PASSWORD);
  changed = rapport_test_request (server, "PATCH", path, server->admin_token, patch);
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_null (strstr (changed->body, RAPPORT_TEST_MAIL_PASSWORD));

  /* neither the audit trail nor the database holds the password in clear */
  audit = rapport_test_server_sql (server, "SELECT GROUP_CONCAT(CONCAT(action, ' ', IFNULL(after_json, '')) SEPARATOR '\\n') "
                                           "FROM audit_log WHERE entity = 'mailbox'");
  g_assert_nonnull (strstr (audit, "create"));
  g_assert_nonnull (strstr (audit, "update_secret"));
  g_assert_nonnull (strstr (audit, "\"password\":\"(set)\""));
  g_assert_null (strstr (audit, RAPPORT_TEST_MAIL_PASSWORD));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mailboxes WHERE password_sealed LIKE '%%%s%%'",
                                         RAPPORT_TEST_MAIL_PASSWORD), ==, 0);
}

static void
test_threading (void)
{
  g_autofree char *first_id = NULL, *fwd_id = NULL, *by_subject_id = NULL, *by_header_id = NULL, *stranger_id = NULL;
  g_autofree char *first = message ("Alice Chen <Alice@Acme.example>", "打印机无法打印", NULL, "It prints nothing since Monday.", &first_id);
  g_autofree char *number = NULL, *subject = NULL, *headers = NULL;
  g_autofree char *by_subject = NULL, *by_header = NULL, *forwarded = NULL, *stranger = NULL;
  g_autoptr(JsonObject) first_poll = NULL;
  g_autoptr(JsonObject) second_poll = NULL;
  gint64 case_id;

  /* the mail desk's rule gives the cases mail opens to its agent */
  {
    g_autofree char *join = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'agent'", team);
    g_autofree char *rule = g_strdup_printf ("{\"position\":10,\"name\":\"Mail desk\",\"entity\":\"case\","
                                             "\"condition\":\"channel == \\\"email\\\"\",\"target\":\"round_robin\","
                                             "\"target_team_id\":%" G_GINT64_FORMAT "}", team);

    g_free (rapport_test_server_add_user (server, "agent", "service"));
    g_free (rapport_test_server_sql (server, join));
    rapport_test_create (server, server->admin_token, "assignment-rules", rule);
  }
  rapport_test_mail_append (mail, first);
  first_poll = poll_now ();
  g_assert_cmpint (json_object_get_int_member (first_poll, "stored"), ==, 1);
  case_id = case_of (first_id);
  g_assert_cmpint (case_id, >, 0);
  /* a new case: the sender's contact and account, the mailbox's queue, by email */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases c JOIN contacts t ON t.id = c.contact_id "
                                                 "WHERE c.id = %" G_GINT64_FORMAT " AND c.account_id = %" G_GINT64_FORMAT
                                                 " AND c.queue_team_id = %" G_GINT64_FORMAT " AND c.channel = 'email' "
                                                 "AND c.subject = '打印机无法打印' AND c.description LIKE 'It prints nothing%%'",
                                         case_id, acme, team), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases c JOIN users u ON u.id = c.owner_id "
                                                 "WHERE c.id = %" G_GINT64_FORMAT " AND u.login = 'agent'", case_id), ==, 1);
  number = case_number (case_id);

  subject = g_strdup_printf ("Re: [%s] 打印机无法打印", number);
  by_subject = message ("alice@acme.example", subject, NULL, "Still broken.", &by_subject_id);
  headers = g_strdup_printf ("In-Reply-To: <%s>\r\n", first_id);
  by_header = message ("alice@acme.example", "Re: 打印机无法打印", headers, "Any news?", &by_header_id);
  /* forwarded by a colleague with no references: a case of its own */
  forwarded = message ("bob@acme.example", "Fwd: 打印机无法打印", NULL, "See below.", &fwd_id);
  stranger = message ("someone@unknown.example", "Question", NULL, "Who are you?", &stranger_id);
  rapport_test_mail_append (mail, by_subject);
  rapport_test_mail_append (mail, by_header);
  rapport_test_mail_append (mail, forwarded);
  rapport_test_mail_append (mail, stranger);
  second_poll = poll_now ();
  g_assert_cmpint (json_object_get_int_member (second_poll, "stored"), ==, 4);
  g_assert_cmpint (case_of (by_subject_id), ==, case_id);
  g_assert_cmpint (case_of (by_header_id), ==, case_id);
  g_assert_cmpint (case_of (fwd_id), !=, case_id);
  g_assert_cmpint (case_of (fwd_id), >, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages WHERE message_id_header = '%s' "
                                                 "AND threaded_by = 'subject'", by_subject_id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages WHERE message_id_header = '%s' "
                                                 "AND threaded_by = 'in_reply_to'", by_header_id), ==, 1);
  /* a sender no contact has: the mailbox's fallback account, no contact */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                                 " AND account_id = %" G_GINT64_FORMAT " AND contact_id IS NULL",
                                         case_of (stranger_id), fallback), ==, 1);
  /* and is the customer's reply in the case's conversation */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_messages WHERE case_id = %" G_GINT64_FORMAT
                                                 " AND kind = 'reply' AND direction = 'inbound'", case_id), ==, 3);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM case_messages WHERE message_id_header = '%s' "
                                                 "AND from_address = 'alice@acme.example' AND body = 'Any news?'",
                                         by_header_id), ==, 1);
  /* each message is audited on its case */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = %"
                                                 G_GINT64_FORMAT " AND action = 'mail_received'", case_id), ==, 3);
  /* a poll with nothing new stores nothing */
  {
    g_autoptr(JsonObject) idle = poll_now ();

    g_assert_cmpint (json_object_get_int_member (idle, "stored"), ==, 0);
  }
}

/* people who read the same mailbox in their own mail client still see new
 * mail as new after rapportd took it, and read mail as read */
static void
test_leaves_flags (void)
{
  g_autofree char *unread = message ("carol@acme.example", "Toner", NULL, "Out of toner.", NULL);
  g_autofree char *read = message ("dave@acme.example", "Paper jam", NULL, "Read by a colleague already.", NULL);
  g_autoptr(JsonObject) taken = NULL;
  guint unseen = rapport_test_mail_count (mail, "UNSEEN");
  guint seen = rapport_test_mail_count (mail, "SEEN");

  rapport_test_mail_append (mail, unread);
  rapport_test_mail_append_read (mail, read);
  g_assert_cmpuint (rapport_test_mail_count (mail, "UNSEEN"), ==, unseen + 1);
  g_assert_cmpuint (rapport_test_mail_count (mail, "SEEN"), ==, seen + 1);
  taken = poll_now ();
  g_assert_cmpint (json_object_get_int_member (taken, "stored"), ==, 2);
  g_assert_cmpuint (rapport_test_mail_count (mail, "UNSEEN"), ==, unseen + 1);
  g_assert_cmpuint (rapport_test_mail_count (mail, "SEEN"), ==, seen + 1);
}

static void
test_bad_messages (void)
{
  g_autofree char *good_id = NULL;
  g_autofree char *good = message ("alice@acme.example", "After the bad ones", NULL, "Fine.", &good_id);
  const char *not_mime = "this is not a mail message at all\r\njust some text\r\n";
  const char *dangerous = "From: mallory@evil.example\r\nTo: support@rapport-test.localhost\r\nSubject: Invoice\r\n"
                          "Message-ID: <exe@evil.example>\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                          "--b\r\nContent-Type: text/plain\r\n\r\nOpen the invoice.\r\n"
                          "--b\r\nContent-Type: application/octet-stream\r\n"
                          "Content-Disposition: attachment; filename=\"invoice.PDF.exe\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n";
  g_autofree char *path = g_strdup_printf ("/api/v1/mailboxes/%" G_GINT64_FORMAT "/messages?status=error", mailbox);
  g_autoptr(RapportTestReply) errors = NULL;
  g_autoptr(JsonObject) polled = NULL;
  gint64 cases_before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases");
  JsonArray *items;

  rapport_test_mail_append (mail, not_mime);
  rapport_test_mail_append (mail, dangerous);
  rapport_test_mail_append (mail, good);
  polled = poll_now ();
  g_assert_cmpint (json_object_get_int_member (polled, "errors"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (polled, "stored"), ==, 1);
  g_assert_cmpint (case_of (good_id), >, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases"), ==, cases_before + 1);
  errors = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  g_assert_cmpuint (errors->status, ==, 200);
  items = json_object_get_array_member (rapport_test_reply_object (errors), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_nonnull (strstr (errors->body, "dangerous attachment type: invoice.PDF.exe"));
  g_assert_nonnull (strstr (errors->body, "not a MIME message"));
  /* the raw messages are kept in the blob store */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *sha = json_object_get_string_member (item, "sha256");
      g_autofree char *prefix = g_strndup (sha, 2);
      g_autofree char *file = g_build_filename (server->data_dir, "attachments", prefix, sha, NULL);

      g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "error");
      g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
    }
  {
    g_autoptr(RapportTestReply) bad_status = rapport_test_request (server, "GET", "/api/v1/mailboxes/1/messages?status=lost",
                                                                   server->admin_token, NULL);

    g_assert_cmpuint (bad_status->status, ==, 400);
    g_assert_cmpstr (rapport_test_reply_error_field (bad_status), ==, "status");
  }
}

/* the message's files go onto the case with its reply; a type the case's
 * attachments refuse is left out and named */
static void
test_attachments (void)
{
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) polled = NULL;
  gint64 case_id;

  message_serial++;
  id = g_strdup_printf ("files.%u@customer.example", message_serial);
  text = g_strdup_printf ("From: alice@acme.example\r\nTo: support@rapport-test.localhost\r\nSubject: Logs attached\r\n"
                          "Message-ID: <%s>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                          "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe log and a dump.\r\n"
                          "--b\r\nContent-Type: text/plain; charset=utf-8\r\n"
                          "Content-Disposition: attachment; filename=\"printer.log\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
                          "--b\r\nContent-Type: application/octet-stream\r\n"
                          "Content-Disposition: attachment; filename=\"core.dump\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQ==\r\n--b--\r\n",
                          id, "RXJyb3IgNDI6IOaJk+WNsOWktOWgteWhngo=");
  rapport_test_mail_append (mail, text);
  polled = poll_now ();
  g_assert_cmpint (json_object_get_int_member (polled, "stored"), ==, 1);
  case_id = case_of (id);
  g_assert_cmpint (case_id, >, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments a JOIN case_messages m ON m.id = a.message_id "
                                                 "WHERE a.entity = 'case' AND a.record_id = %" G_GINT64_FORMAT
                                                 " AND a.name = 'printer.log' AND m.message_id_header = '%s'", case_id, id), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM attachments WHERE name = 'core.dump'"), ==, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages WHERE message_id_header = '%s' "
                                                 "AND status = 'stored' AND reason LIKE '%%core.dump%%'", id), ==, 1);
}

/* a reply to a case closed within reopen_days reopens it; to one closed
 * longer ago, it opens a new case that follows the old one */
static void
test_reply_to_closed (void)
{
  g_autofree char *recent_id = NULL, *old_id = NULL, *again_id = NULL, *late_id = NULL;
  g_autofree char *recent = message ("alice@acme.example", "Paper jam", NULL, "Jammed.", &recent_id);
  g_autofree char *old = message ("alice@acme.example", "Toner empty", NULL, "Empty.", &old_id);
  g_autofree char *recent_number = NULL, *old_number = NULL, *subject = NULL, *again = NULL, *late = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  gint64 recent_case, old_case, late_case;
  g_autofree char *close_recent = NULL, *close_old = NULL;

  rapport_test_mail_append (mail, recent);
  rapport_test_mail_append (mail, old);
  first = poll_now ();
  recent_case = case_of (recent_id);
  old_case = case_of (old_id);
  close_recent = g_strdup_printf ("UPDATE cases SET status = 'closed', resolved_at = UTC_TIMESTAMP(6) - INTERVAL 2 DAY, "
                                  "closed_at = UTC_TIMESTAMP(6) - INTERVAL 1 DAY WHERE id = %" G_GINT64_FORMAT, recent_case);
  close_old = g_strdup_printf ("UPDATE cases SET status = 'closed', resolved_at = UTC_TIMESTAMP(6) - INTERVAL 61 DAY, "
                               "closed_at = UTC_TIMESTAMP(6) - INTERVAL 60 DAY WHERE id = %" G_GINT64_FORMAT, old_case);
  g_free (rapport_test_server_sql (server, close_recent));
  g_free (rapport_test_server_sql (server, close_old));
  recent_number = case_number (recent_case);
  old_number = case_number (old_case);
  subject = g_strdup_printf ("Re: [%s] Paper jam", recent_number);
  again = message ("alice@acme.example", subject, NULL, "It jams again.", &again_id);
  g_free (subject);
  subject = g_strdup_printf ("Re: [%s] Toner empty", old_number);
  late = message ("alice@acme.example", subject, NULL, "Empty again.", &late_id);
  rapport_test_mail_append (mail, again);
  rapport_test_mail_append (mail, late);
  second = poll_now ();
  g_assert_cmpint (json_object_get_int_member (second, "stored"), ==, 2);
  g_assert_cmpint (case_of (again_id), ==, recent_case);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                                 " AND status = 'in_progress'", recent_case), ==, 1);
  late_case = case_of (late_id);
  g_assert_cmpint (late_case, !=, old_case);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                                 " AND related_case_id = %" G_GINT64_FORMAT, late_case, old_case), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                                                 " AND status = 'closed'", old_case), ==, 1);
}

/* a rapportd killed in the middle of a poll: the next poll goes on from
 * the last message committed, and no message is stored twice. The poll
 * is asked on a session of its own, whose answer never comes. */
static gpointer
poll_thread (gpointer data)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/mailboxes/%" G_GINT64_FORMAT "/poll", server->base_url, mailbox);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", server->admin_token);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autoptr(SoupMessage) request = soup_message_new ("POST", url);
  g_autoptr(GBytes) answer = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (request), "Authorization", bearer);
  answer = soup_session_send_and_read (session, request, NULL, NULL);
  return NULL;
}

static void
test_killed_mid_poll (void)
{
  const guint n = 60;
  gint64 before = rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages");
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(JsonObject) after_restart = NULL;
  gint64 taken;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Batch %u", i);
      g_autofree char *text = message ("alice@acme.example", subject, NULL, "One of many.", NULL);

      rapport_test_mail_append (mail, text);
    }
  thread = g_thread_new ("poll", poll_thread, NULL);
  while ((taken = rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages") - before) < 5 &&
         g_get_monotonic_time () < deadline)
    g_usleep (2 * 1000);
  g_assert_cmpint (taken, >=, 5);
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_thread_join (g_steal_pointer (&thread));
  /* its embedded MariaDB went with it */
  rapport_test_server_restart (server);
  taken = rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages") - before;
  g_test_message ("%" G_GINT64_FORMAT " of %u messages taken before the kill", taken, n);
  after_restart = poll_now ();
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages") - before, ==, n);
  g_assert_cmpint (json_object_get_int_member (after_restart, "stored") + taken, ==, n);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(DISTINCT uid) FROM mail_messages"), ==,
                   rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages"));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM cases WHERE subject LIKE 'Batch %%'"), ==, n);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT last_uid FROM mailboxes WHERE id = %" G_GINT64_FORMAT, mailbox), ==,
                   rapport_test_sql_int (server, "SELECT MAX(uid) FROM mail_messages"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  mail = rapport_test_mail_start ();
  server = rapport_test_server_start ();
  team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Service desk\"}");
  acme = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Acme 医疗\"}");
  fallback = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Unknown senders\"}");
  {
    g_autofree char *contact = g_strdup_printf ("{\"name\":\"Alice Chen\",\"account_id\":%" G_GINT64_FORMAT
                                                ",\"email\":\"alice@acme.example\"}", acme);

    rapport_test_create (server, server->admin_token, "contacts", contact);
  }
  /* in order: each case uses the mailbox and messages of the ones before */
  g_test_add_func ("/mail/mailbox-admin", test_mailbox_admin);
  g_test_add_func ("/mail/threading", test_threading);
  g_test_add_func ("/mail/leaves-flags", test_leaves_flags);
  g_test_add_func ("/mail/bad-messages", test_bad_messages);
  g_test_add_func ("/mail/attachments", test_attachments);
  g_test_add_func ("/mail/reply-to-closed", test_reply_to_closed);
  g_test_add_func ("/mail/killed-mid-poll", test_killed_mid_poll);
  status = g_test_run ();
  rapport_test_server_stop (server);
  rapport_test_mail_stop (mail);
  return status;
}
