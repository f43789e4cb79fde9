/* test-mail-outbox.c: replies to customers queued in a transaction and sent by rapportd's mail thread over SMTP to a real Exim: Re: [number] subject encoded per RFC 2047, our Message-ID, In-Reply-To and References of the customer's message; a customer's answer to it threads back; a conversation's reply is mailed and its note never; an SMTP server that refuses is retried; a closed case's survey link mailed to its contact, and a survey sent by hand mailed to the contacts with an email */
#include "rapport-test-db.h"
#include "rapport-test-mail.h"
#include "rapportd-mail-outbox.h"

#include <gmime/gmime.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)

#define WAIT_SECONDS 60

static RapportTestServer *server;
static RapportTestMail *mail;
static gint64 team, account, bob;

static gint64
add_mailbox (gint64      team_id,
             const char *smtp_url)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"Support\",\"team_id\":%" G_GINT64_FORMAT ",\"fallback_account_id\":%"
                                           G_GINT64_FORMAT ",\"imap_url\":\"%s\",\"username\":\"%s\",\"password\":\"%s\","
                                           "\"smtp_url\":\"%s\",\"from_address\":\"support@rapport-test.localhost\","
                                           "\"poll_seconds\":3600}",
                                           team_id, account, mail->imap_url, RAPPORT_TEST_MAIL_USER,
                                           RAPPORT_TEST_MAIL_PASSWORD, smtp_url);

  return rapport_test_create (server, server->admin_token, "mailboxes", body);
}

static void
poll (gint64 mailbox)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/mailboxes/%" G_GINT64_FORMAT "/poll", mailbox);
  g_autoptr(RapportTestReply) reply = rapport_test_request (server, "POST", path, server->admin_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

static gint64
case_of (const char *message_id)
{
  return rapport_test_sql_int (server, "SELECT IFNULL(MAX(case_id), 0) FROM mail_messages WHERE message_id_header = '%s'",
                               message_id);
}

/* the reply queued in a transaction of its own, as a reply's would */
static char *
enqueue (gint64      case_id,
         const char *body)
{
  RapportdDb *db = rapport_test_db_open (server, "rapport");
  g_autoptr(GError) error = NULL;
  char *message_id = NULL;

  g_assert_true (rapportd_db_begin (db, &error));
  g_assert_true (rapportd_mail_outbox_enqueue (db, case_id, 0, body, &message_id, &error));
  g_assert_no_error (error);
  g_assert_true (rapportd_db_commit (db, &error));
  rapportd_db_close (db);
  return message_id;
}

static GMimeMessage *
wait_for_delivery (const char  *message_id,
                   char       **raw)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GPtrArray) delivered = rapport_test_mail_delivered (mail);

      for (guint i = 0; i < delivered->len; i++)
        {
          const char *text = delivered->pdata[i];
          g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (text, strlen (text));
          g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
          GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

          if (message != NULL && g_strcmp0 (g_mime_message_get_message_id (message), message_id) == 0)
            {
              *raw = g_strdup (text);
              return message;
            }
          g_clear_object (&message);
        }
      g_usleep (50 * 1000);
    }
  g_error ("no message %s was delivered in %d s", message_id, WAIT_SECONDS);
}

static char *
outbox_state (gint64 case_id)
{
  g_autofree char *query = g_strdup_printf ("SELECT CONCAT(state, ' ', attempts, ' ', IFNULL(last_error, '')) "
                                            "FROM mail_outbox WHERE case_id = %" G_GINT64_FORMAT " ORDER BY id DESC LIMIT 1",
                                            case_id);

  return g_strchomp (rapport_test_server_sql (server, query));
}

static void
test_reply_sent (void)
{
  gint64 mailbox = add_mailbox (team, mail->smtp_url);
  const char *inbound = "From: Bob Li <bob@customer.example>\r\nTo: support@rapport-test.localhost\r\n"
                        "Subject: =?utf-8?b?6K6+5aSH5oql6K2mIEU0Mg==?=\r\nMessage-ID: <first.bob@customer.example>\r\n"
                        "Date: Mon, 7 Dec 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=utf-8\r\n\r\nThe device shows E42.\r\n";
  g_autofree char *message_id = NULL;
  g_autofree char *number = NULL;
  g_autofree char *query = NULL;
  g_autofree char *to = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *raw = NULL;
  const char *subject_line;
  g_autofree char *lower = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *state = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GMimeMessage) sent = NULL;
  g_autoptr(RapportTestReply) listed = NULL;
  gint64 case_id, deadline;
  GMimeObject *part;

  rapport_test_mail_append (mail, inbound);
  poll (mailbox);
  case_id = case_of ("first.bob@customer.example");
  g_assert_cmpint (case_id, >, 0);
  query = g_strdup_printf ("SELECT number FROM cases WHERE id = %" G_GINT64_FORMAT, case_id);
  number = g_strchomp (rapport_test_server_sql (server, query));

  message_id = enqueue (case_id, "您好，我们已收到报警信息。\nWe are on it.");
  g_assert_nonnull (message_id);
  g_assert_true (g_str_has_suffix (message_id, "@rapport-test.localhost"));
  sent = wait_for_delivery (message_id, &raw);
  expected = g_strdup_printf ("Re: [%s] 设备报警 E42", number);
  g_assert_cmpstr (g_mime_message_get_subject (sent), ==, expected);
  /* the Chinese subject travels encoded (RFC 2047), never raw */
  subject_line = strstr (raw, "\nSubject: ");
  g_assert_nonnull (subject_line);
  g_assert_true (g_str_has_prefix (subject_line, "\nSubject: Re: [") || g_str_has_prefix (subject_line, "\nSubject: =?"));
  lower = g_ascii_strdown (subject_line, strcspn (subject_line + 1, "\n") + 1);
  g_assert_nonnull (strstr (lower, "=?utf-8?b?"));
  g_assert_true (g_str_is_ascii (raw));
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (sent), "In-Reply-To"), ==, "<first.bob@customer.example>");
  g_assert_nonnull (strstr (g_mime_object_get_header (GMIME_OBJECT (sent), "References"), "<first.bob@customer.example>"));
  to = internet_address_list_to_string (g_mime_message_get_to (sent), NULL, FALSE);
  g_assert_nonnull (strstr (to, "bob@customer.example"));
  part = g_mime_message_get_mime_part (sent);
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (part), "text", "plain"));
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
  body = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  g_assert_nonnull (strstr (body, "您好，我们已收到报警信息。"));

  /* its state on the case: sent, once */
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && !g_str_has_prefix ((state = outbox_state (case_id)), "sent"))
    {
      g_clear_pointer (&state, g_free);
      g_usleep (50 * 1000);
    }
  g_assert_cmpstr (state, ==, "sent 1");
  path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/mail-outbox", case_id);
  listed = rapport_test_request (server, "GET", path, server->admin_token, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_nonnull (strstr (listed->body, "\"state\":\"sent\""));
  g_assert_nonnull (strstr (listed->body, message_id));

  /* the customer answers our mail (In-Reply-To only): the same case */
  answer = g_strdup_printf ("From: bob@customer.example\r\nTo: support@rapport-test.localhost\r\nSubject: Re: thanks\r\n"
                            "Message-ID: <second.bob@customer.example>\r\nIn-Reply-To: <%s>\r\n"
                            "Date: Mon, 7 Dec 2026 11:00:00 +0800\r\n\r\nThanks.\r\n", message_id);
  rapport_test_mail_append (mail, answer);
  poll (mailbox);
  g_assert_cmpint (case_of ("second.bob@customer.example"), ==, case_id);
}

/* through the conversation: a reply is mailed, a note never */
static void
test_reply_mailed_note_never (void)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"Calibration\",\"account_id\":%" G_GINT64_FORMAT ",\"contact_id\":%"
                                           G_GINT64_FORMAT ",\"queue_team_id\":%" G_GINT64_FORMAT "}", account, bob, team);
  gint64 case_id = rapport_test_create (server, server->admin_token, "cases", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT "/messages", case_id);
  g_autoptr(RapportTestReply) note = rapport_test_request (server, "POST", path, server->admin_token,
                                                           "{\"kind\":\"note\",\"body\":\"Internal: check the lot\"}");
  g_autoptr(RapportTestReply) reply = NULL;
  g_autoptr(GMimeMessage) sent = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *query = NULL;
  g_autofree char *message_id = NULL;

  g_assert_cmpuint (note->status, ==, 201);
  /* queued, if at all, in the note's own transaction: nothing is */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_outbox WHERE case_id = %" G_GINT64_FORMAT,
                                         case_id), ==, 0);
  reply = rapport_test_request (server, "POST", path, server->admin_token,
                                "{\"kind\":\"reply\",\"body\":\"校准已安排在周三。\"}");
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_outbox WHERE case_id = %" G_GINT64_FORMAT,
                                         case_id), ==, 1);
  /* the reply carries the Message-ID it is mailed with */
  query = g_strdup_printf ("SELECT m.message_id_header FROM case_messages m JOIN mail_outbox o ON o.case_message_id = m.id "
                           "WHERE m.case_id = %" G_GINT64_FORMAT " AND m.kind = 'reply'", case_id);
  message_id = g_strchomp (rapport_test_server_sql (server, query));
  g_assert_true (g_str_has_prefix (message_id, "rapport."));
  sent = wait_for_delivery (message_id, &raw);
  g_assert_nonnull (strstr (raw, "Calibration"));
  /* the conversation shows the reply sent, the note with no mail state */
  {
    g_autoptr(RapportTestReply) listed = NULL;
    gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

    for (;;)
      {
        listed = rapport_test_request (server, "GET", path, server->admin_token, NULL);
        g_assert_cmpuint (listed->status, ==, 200);
        if (strstr (listed->body, "\"mail_state\":\"sent\"") != NULL || g_get_monotonic_time () > deadline)
          break;
        g_clear_pointer (&listed, rapport_test_reply_free);
        g_usleep (50 * 1000);
      }
    g_assert_nonnull (strstr (listed->body, "\"mail_state\":\"sent\""));
    g_assert_nonnull (strstr (listed->body, "\"mail_state\":null"));
  }
  g_assert_null (strstr (raw, "Internal: check the lot"));
  {
    g_autoptr(GPtrArray) delivered = rapport_test_mail_delivered (mail);

    for (guint i = 0; i < delivered->len; i++)
      g_assert_null (strstr (delivered->pdata[i], "check the lot"));
  }
}

static void
test_refused_retried (void)
{
  g_autofree char *closed = NULL;
  gint64 other_team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Night desk\"}");
  g_autofree char *contact = g_strdup_printf ("{\"name\":\"Carol\",\"account_id\":%" G_GINT64_FORMAT
                                              ",\"email\":\"carol@customer.example\"}", account);
  gint64 contact_id = rapport_test_create (server, server->admin_token, "contacts", contact);
  g_autofree char *body = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *state = NULL;
  gint64 case_id, deadline;
  guint port;

  /* a port nothing listens on */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  closed = g_strdup_printf ("smtp://127.0.0.1:%u", port);
  add_mailbox (other_team, closed);
  body = g_strdup_printf ("{\"subject\":\"Night shift\",\"account_id\":%" G_GINT64_FORMAT ",\"contact_id\":%" G_GINT64_FORMAT
                          ",\"queue_team_id\":%" G_GINT64_FORMAT "}", account, contact_id, other_team);
  case_id = rapport_test_create (server, server->admin_token, "cases", body);
  message_id = enqueue (case_id, "We will call you.");
  g_assert_nonnull (message_id);
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && !g_str_has_prefix ((state = outbox_state (case_id)), "queued 1 "))
    {
      g_clear_pointer (&state, g_free);
      g_usleep (50 * 1000);
    }
  /* queued again after its backoff, the error kept */
  g_assert_true (g_str_has_prefix (state, "queued 1 SMTP: "));
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT next_attempt_at > UTC_TIMESTAMP(6) FROM mail_outbox WHERE case_id = %"
                                         G_GINT64_FORMAT, case_id), ==, 1);

  /* the controllable clock brings its backoff forward: tried again */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 5);
    g_autofree char *stamp = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *run = g_strdup_printf ("/api/v1/jobs/run?now=%s", stamp);
    g_autoptr(RapportTestReply) ran = rapport_test_request (server, "POST", run, server->admin_token, NULL);

    g_assert_cmpuint (ran->status, ==, 200);
    deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
    g_clear_pointer (&state, g_free);
    while (g_get_monotonic_time () < deadline && !g_str_has_prefix ((state = outbox_state (case_id)), "queued 2 "))
      {
        g_clear_pointer (&state, g_free);
        g_usleep (50 * 1000);
      }
    g_assert_true (g_str_has_prefix (state, "queued 2 SMTP: "));
  }
}

/* the contact and `mail` of the invitations GET /survey-invitations?QUERY
 * lists, one for each, once their mails are sent (the sender marks them
 * after the MTA took them): "NAME: STATE ATTEMPTS", or "NAME: none" */
static GPtrArray *
invitation_mails (const char *token,
                  const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/survey-invitations?%s", query);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  GPtrArray *mails = g_ptr_array_new_with_free_func (g_free);

  while (TRUE)
    {
      g_autoptr(RapportTestReply) list = rapport_test_request (server, "GET", path, token, NULL);
      JsonArray *items;
      gboolean waiting = FALSE;

      g_assert_cmpuint (list->status, ==, 200);
      items = json_object_get_array_member (rapport_test_reply_object (list), "items");
      g_ptr_array_set_size (mails, 0);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          JsonObject *mail_of = json_object_get_null_member (item, "mail") ? NULL : json_object_get_object_member (item, "mail");

          const char *name = json_object_get_null_member (item, "contact_name")
                             ? "?" : json_object_get_string_member (item, "contact_name");

          if (mail_of == NULL)
            {
              g_ptr_array_add (mails, g_strdup_printf ("%s: none", name));
              continue;
            }
          waiting |= !g_str_equal (json_object_get_string_member (mail_of, "state"), "sent");
          /* a mail sent carries no error of an earlier attempt */
          g_assert_true (!g_str_equal (json_object_get_string_member (mail_of, "state"), "sent") ||
                         json_object_get_null_member (mail_of, "error"));
          g_ptr_array_add (mails, g_strdup_printf ("%s: %s %" G_GINT64_FORMAT, name,
                                                   json_object_get_string_member (mail_of, "state"),
                                                   json_object_get_int_member (mail_of, "attempts")));
        }
      if (!waiting || g_get_monotonic_time () >= deadline)
        return mails;
      g_usleep (50 * 1000);
    }
}

/* a case that closes mails its contact the survey's link, with its title
 * after the case's number, and the link opens the survey's form */
static void
test_survey_link_mailed (void)
{
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"Pump alarm\",\"account_id\":%" G_GINT64_FORMAT ",\"contact_id\":%"
                                           G_GINT64_FORMAT ",\"queue_team_id\":%" G_GINT64_FORMAT "}", account, bob, team);
  gint64 case_id = rapport_test_create (server, server->admin_token, "cases", body);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%" G_GINT64_FORMAT, case_id);
  g_autofree char *query = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *form_path = NULL;
  g_autoptr(GMimeMessage) sent = NULL;
  g_autoptr(RapportTestReply) form = NULL;
  const char *link;
  GMimeObject *part;

  rapport_test_create (server, server->admin_token, "surveys",
                       "{\"name\":\"After service\",\"title\":\"您对本次服务满意吗？\",\"intro\":\"Thank you for your time.\","
                       "\"language\":\"zh-CN\",\"trigger\":\"case_closed\","
                       "\"questions\":\"[{\\\"id\\\":\\\"csat\\\",\\\"type\\\":\\\"rating\\\",\\\"label\\\":\\\"服务满意度\\\",\\\"required\\\":true}]\"}");
  for (guint i = 0; i < 3; i++)
    {
      static const char * const steps[] = { "in_progress", "resolved", "closed" };
      g_autoptr(RapportTestReply) current = rapport_test_request (server, "GET", path, server->admin_token, NULL);
      g_autofree char *move = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                               rapport_test_reply_int (current, "version"), steps[i]);
      g_autoptr(RapportTestReply) moved = rapport_test_request (server, "PATCH", path, server->admin_token, move);

      g_assert_cmpuint (moved->status, ==, 200);
    }
  /* queued in the closing's transaction, with the invitation */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM survey_invitations WHERE case_id = %" G_GINT64_FORMAT,
                                         case_id), ==, 1);
  query = g_strdup_printf ("SELECT message_id_header FROM mail_outbox WHERE case_id = %" G_GINT64_FORMAT, case_id);
  message_id = g_strchomp (rapport_test_server_sql (server, query));
  g_assert_true (g_str_has_prefix (message_id, "rapport."));
  sent = wait_for_delivery (message_id, &raw);
  g_assert_true (g_str_has_suffix (g_mime_message_get_subject (sent), "] 您对本次服务满意吗？"));
  g_assert_true (g_str_has_prefix (g_mime_message_get_subject (sent), "[CS-"));
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (sent), "In-Reply-To"));
  part = g_mime_message_get_body (sent);
  g_assert_true (GMIME_IS_TEXT_PART (part));
  text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  g_assert_nonnull (strstr (text, "Thank you for your time."));
  link = strstr (text, "https://crm.example.test/s/");
  g_assert_nonnull (link);
  /* the link, served: the survey's form */
  form_path = g_strndup (link + strlen ("https://crm.example.test"), strcspn (link + strlen ("https://crm.example.test"), " \r\n"));
  form = rapport_test_request (server, "GET", form_path, NULL, NULL);
  g_assert_cmpuint (form->status, ==, 200);
  g_assert_nonnull (strstr (form->body, "服务满意度"));
  /* the case's invitation says its mail went out */
  {
    g_autofree char *by_case = g_strdup_printf ("case_id=%" G_GINT64_FORMAT, case_id);
    g_autoptr(GPtrArray) mails = invitation_mails (server->admin_token, by_case);

    g_assert_cmpuint (mails->len, ==, 1);
    g_assert_cmpstr (mails->pdata[0], ==, "Bob Li: sent 1");
  }
}

/* a survey sent by hand to two contacts: the one with an email is mailed
 * the link from the mailbox of the sender's team, subject the survey's
 * title; the one without is invited, not mailed; the answer says which */
static void
test_survey_sent_by_hand (void)
{
  gint64 desk = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Survey desk\"}");
  gint64 mailbox = add_mailbox (desk, mail->smtp_url);
  g_autofree char *sender = rapport_test_server_add_user (server, "svmgr", "manager");
  g_autofree char *team_sql = g_strdup_printf ("UPDATE users SET team_id = %" G_GINT64_FORMAT " WHERE login = 'svmgr'", desk);
  gint64 own_account = 0, fay = 0, no_email = 0;
  gint64 survey = rapport_test_create (server, server->admin_token, "surveys",
                                       "{\"name\":\"Annual check\",\"title\":\"年度客户满意度调查\","
                                       "\"intro\":\"Two minutes, three questions.\",\"language\":\"zh-CN\","
                                       "\"questions\":\"[{\\\"id\\\":\\\"csat\\\",\\\"type\\\":\\\"rating\\\","
                                       "\\\"label\\\":\\\"总体满意度\\\",\\\"required\\\":true}]\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/surveys/%" G_GINT64_FORMAT "/invitations", survey);
  g_autofree char *body = NULL;
  g_autoptr(RapportTestReply) sent = NULL;
  g_autoptr(GMimeMessage) delivered = NULL;
  g_autoptr(RapportTestReply) form = NULL;
  g_autofree char *query = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *form_path = NULL;
  g_autofree char *answer = NULL;
  JsonArray *items;
  const char *link;
  gint64 answer_case;

  g_free (rapport_test_server_sql (server, team_sql));
  /* the sender's own customers: contacts a manager sees */
  own_account = rapport_test_create (server, sender, "accounts", "{\"name\":\"Survey customer\"}");
  {
    g_autofree char *with = g_strdup_printf ("{\"name\":\"Fay Lin\",\"account_id\":%" G_GINT64_FORMAT
                                             ",\"email\":\"fay@customer.example\"}", own_account);
    g_autofree char *without = g_strdup_printf ("{\"name\":\"Eve Zhou\",\"account_id\":%" G_GINT64_FORMAT "}", own_account);

    fay = rapport_test_create (server, sender, "contacts", with);
    no_email = rapport_test_create (server, sender, "contacts", without);
  }
  body = g_strdup_printf ("{\"contact_ids\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}", fay, no_email);
  sent = rapport_test_request (server, "POST", path, sender, body);
  if (sent->status != 201)
    g_error ("%u %s", sent->status, sent->body);
  items = json_object_get_array_member (rapport_test_reply_object (sent), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "contact_id"), ==, fay);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0), "mailed"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (items, 1), "mailed"));
  /* queued with the invitations, about no case, from the sender's team's mailbox; both audited */
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_outbox WHERE case_id IS NULL AND mailbox_id = %"
                                         G_GINT64_FORMAT " AND to_address = 'fay@customer.example'", mailbox), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_outbox WHERE case_id IS NULL"), ==, 1);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM audit_log a JOIN survey_invitations i "
                                         "ON a.entity = 'survey_invitation' AND a.entity_id = i.id AND a.action = 'create' "
                                         "WHERE i.survey_id = %" G_GINT64_FORMAT, survey), ==, 2);
  query = g_strdup_printf ("SELECT message_id_header FROM mail_outbox WHERE case_id IS NULL AND mailbox_id = %" G_GINT64_FORMAT,
                           mailbox);
  message_id = g_strchomp (rapport_test_server_sql (server, query));
  delivered = wait_for_delivery (message_id, &raw);
  g_assert_cmpstr (g_mime_message_get_subject (delivered), ==, "年度客户满意度调查");
  text = g_mime_text_part_get_text (GMIME_TEXT_PART (g_mime_message_get_body (delivered)));
  g_assert_nonnull (strstr (text, "Two minutes, three questions."));
  link = strstr (text, "https://crm.example.test/s/");
  g_assert_nonnull (link);
  form_path = g_strndup (link + strlen ("https://crm.example.test"), strcspn (link + strlen ("https://crm.example.test"), " \r\n"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (items, 0), "link"), form_path));
  form = rapport_test_request (server, "GET", form_path, NULL, NULL);
  g_assert_cmpuint (form->status, ==, 200);
  g_assert_nonnull (strstr (form->body, "总体满意度"));
  /* nothing for Eve, who has no email */
  {
    g_autoptr(GPtrArray) all = rapport_test_mail_delivered (mail);

    for (guint i = 0; i < all->len; i++)
      g_assert_null (strstr (all->pdata[i], "Eve Zhou"));
  }
  /* the survey's invitations say which mail went out: newest first, Eve's none */
  {
    g_autofree char *by_survey = g_strdup_printf ("survey_id=%" G_GINT64_FORMAT, survey);
    g_autoptr(GPtrArray) mails = invitation_mails (sender, by_survey);

    g_assert_cmpuint (mails->len, ==, 2);
    g_assert_cmpstr (mails->pdata[0], ==, "Eve Zhou: none");
    g_assert_cmpstr (mails->pdata[1], ==, "Fay Lin: sent 1");
  }
  /* a contact the sender no longer sees is listed without its name */
  {
    g_autofree char *by_survey = g_strdup_printf ("survey_id=%" G_GINT64_FORMAT, survey);
    g_autofree char *hide = g_strdup_printf ("UPDATE contacts SET owner_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                             rapport_test_user_id (server, server->admin_token), no_email);
    g_autoptr(GPtrArray) mails = NULL;

    g_free (rapport_test_server_sql (server, hide));
    mails = invitation_mails (sender, by_survey);
    g_assert_cmpuint (mails->len, ==, 2);
    g_assert_cmpstr (mails->pdata[0], ==, "?: none");
    g_assert_cmpstr (mails->pdata[1], ==, "Fay Lin: sent 1");
  }

  /* the customer answers that mail: it is about no case, so a case opens */
  answer = g_strdup_printf ("From: fay@customer.example\r\nTo: support@rapport-test.localhost\r\nSubject: Re: survey\r\n"
                            "Message-ID: <survey.answer.fay@customer.example>\r\nIn-Reply-To: <%s>\r\n"
                            "Date: Mon, 7 Dec 2026 12:00:00 +0800\r\n\r\nDone, thanks.\r\n", message_id);
  rapport_test_mail_append (mail, answer);
  poll (mailbox);
  answer_case = case_of ("survey.answer.fay@customer.example");
  g_assert_cmpint (answer_case, >, 0);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_messages WHERE case_id = %" G_GINT64_FORMAT
                                         " AND threaded_by = 'new'", answer_case), ==, 1);
}

static void
test_no_address_no_mail (void)
{
  g_autofree char *contact = g_strdup_printf ("{\"name\":\"Dan\",\"account_id\":%" G_GINT64_FORMAT "}", account);
  gint64 contact_id = rapport_test_create (server, server->admin_token, "contacts", contact);
  g_autofree char *body = g_strdup_printf ("{\"subject\":\"By phone\",\"account_id\":%" G_GINT64_FORMAT ",\"contact_id\":%"
                                           G_GINT64_FORMAT "}", account, contact_id);
  gint64 case_id = rapport_test_create (server, server->admin_token, "cases", body);
  g_autofree char *message_id = enqueue (case_id, "Called back.");

  g_assert_null (message_id);
  g_assert_cmpint (rapport_test_sql_int (server, "SELECT COUNT(*) FROM mail_outbox WHERE case_id = %" G_GINT64_FORMAT,
                                         case_id), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_mime_init ();
  mail = rapport_test_mail_start ();
  server = rapport_test_server_start_with_config ("[service]\npublic_url=https://crm.example.test\n");
  team = rapport_test_create (server, server->admin_token, "teams", "{\"name\":\"Service desk\"}");
  account = rapport_test_create (server, server->admin_token, "accounts", "{\"name\":\"Customer 客户\"}");
  {
    g_autofree char *contact = g_strdup_printf ("{\"name\":\"Bob Li\",\"account_id\":%" G_GINT64_FORMAT
                                                ",\"email\":\"bob@customer.example\"}", account);

    bob = rapport_test_create (server, server->admin_token, "contacts", contact);
  }
  g_test_add_func ("/mail/reply-sent", test_reply_sent);
  g_test_add_func ("/mail/reply-mailed-note-never", test_reply_mailed_note_never);
  g_test_add_func ("/mail/refused-retried", test_refused_retried);
  g_test_add_func ("/mail/no-address-no-mail", test_no_address_no_mail);
  g_test_add_func ("/mail/survey-link-mailed", test_survey_link_mailed);
  g_test_add_func ("/mail/survey-sent-by-hand", test_survey_sent_by_hand);
  status = g_test_run ();
  rapport_test_server_stop (server);
  rapport_test_mail_stop (mail);
  g_mime_shutdown ();
  return status;
}
