/* rapport-test-mail.h: the mail fixture: a private Dovecot (IMAP) and Exim (SMTP) on loopback ports */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORT_TEST_MAIL_USER "support"
#define RAPPORT_TEST_MAIL_PASSWORD "Mailbox-Secret-7"

typedef struct
{
  char        *dir;
  GSubprocess *dovecot;
  GSubprocess *exim;
  guint        imap_port;
  guint        smtp_port;
  /* imap://127.0.0.1:PORT/INBOX and smtp://127.0.0.1:PORT */
  char        *imap_url;
  char        *smtp_url;
  /* the user's maildir, which Dovecot serves */
  char        *maildir;
  /* the maildir Exim delivers every message it accepts into */
  char        *delivered;
} RapportTestMail;

RapportTestMail *rapport_test_mail_start     (void);
void             rapport_test_mail_stop      (RapportTestMail *mail);
void             rapport_test_mail_append    (RapportTestMail *mail,
                                              const char      *message);
void             rapport_test_mail_append_all (RapportTestMail *mail,
                                               GPtrArray       *messages);
void             rapport_test_mail_append_read (RapportTestMail *mail,
                                                const char      *message);
guint            rapport_test_mail_count     (RapportTestMail *mail,
                                              const char      *criteria);
GPtrArray       *rapport_test_mail_delivered (RapportTestMail *mail);

G_END_DECLS
