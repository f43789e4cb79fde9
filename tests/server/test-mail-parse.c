/* test-mail-parse.c: the mail reader's parser: what goes onto a case, and what is kept with an error (too large, not MIME, no sender, a program attached) */
#include "rapportd-mail-parse.h"

#include <string.h>

static RapportdMailParsed *
parse (const char *text)
{
  g_autoptr(GBytes) raw = g_bytes_new (text, strlen (text));

  return rapportd_mail_parse (raw);
}

static void
test_good (void)
{
  g_autoptr(RapportdMailParsed) parsed = parse ("From: Alice Chen <Alice@Acme.Example>\r\nTo: support@example.com\r\n"
                                                "Subject: =?utf-8?b?5omT5Y2w5py6?= broken\r\n"
                                                "Message-ID: <m1@acme.example>\r\nIn-Reply-To: <m0@acme.example>\r\n"
                                                "References: <a@acme.example>\r\n <m0@acme.example>\r\n"
                                                "Date: Mon, 7 Dec 2026 10:00:00 +0800\r\n\r\nIt does not print.\r\n");

  g_assert_null (parsed->error);
  g_assert_cmpstr (parsed->from_address, ==, "alice@acme.example");
  g_assert_cmpstr (parsed->from_name, ==, "Alice Chen");
  g_assert_cmpstr (parsed->subject, ==, "打印机 broken");
  g_assert_cmpstr (parsed->message_id, ==, "m1@acme.example");
  g_assert_cmpstr (parsed->in_reply_to, ==, "m0@acme.example");
  g_assert_cmpuint (parsed->references->len, ==, 2);
  g_assert_cmpstr (parsed->references->pdata[1], ==, "m0@acme.example");
  g_assert_cmpstr (parsed->text, ==, "It does not print.\r\n");
}

/* the text is the first text/plain part, else the HTML; files are kept */
static void
test_parts (void)
{
  g_autoptr(RapportdMailParsed) parsed = parse ("From: bob@example.com\r\nSubject: Files\r\nMIME-Version: 1.0\r\n"
                                                "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                                                "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>打印</p>\r\n"
                                                "--b\r\nContent-Type: text/plain\r\n"
                                                "Content-Disposition: attachment; filename=\"log.txt\"\r\n"
                                                "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8K\r\n--b--\r\n");

  g_assert_null (parsed->error);
  g_assert_cmpstr (parsed->text, ==, "<p>打印</p>");
  g_assert_cmpuint (parsed->attachments->len, ==, 1);
  g_assert_cmpstr (((RapportdMailAttachment *) parsed->attachments->pdata[0])->name, ==, "log.txt");
  g_assert_cmpuint (g_bytes_get_size (((RapportdMailAttachment *) parsed->attachments->pdata[0])->content), ==, 6);
}

static void
test_dangerous (void)
{
  const char *names[] = { "invoice.PDF.exe", "a.js", "setup.MSI", "x.ps1", "short.lnk", "run.bat ", NULL };
  const char *safe[] = { "report.pdf", "exe", "notes.txt", "archive.zip", "photo.jpeg", NULL };
  g_autoptr(RapportdMailParsed) parsed = parse ("From: mallory@evil.example\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\n"
                                                "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                                                "--b\r\nContent-Type: text/plain\r\n\r\nOpen it.\r\n"
                                                "--b\r\nContent-Type: application/octet-stream; name=\"run.EXE\"\r\n\r\nMZ\r\n--b--\r\n");

  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (rapportd_mail_is_dangerous (names[i]));
  for (guint i = 0; safe[i] != NULL; i++)
    g_assert_false (rapportd_mail_is_dangerous (safe[i]));
  g_assert_cmpstr (parsed->error, ==, "dangerous attachment type: run.EXE");
  g_assert_cmpuint (parsed->attachments->len, ==, 0);
}

static void
test_not_mime (void)
{
  const char binary[] = "From: a@b.example\r\nSubject: x\r\n\r\n\0\1\2";
  g_autoptr(GBytes) raw = g_bytes_new (binary, sizeof binary - 1);
  g_autoptr(RapportdMailParsed) with_nul = rapportd_mail_parse (raw);
  g_autoptr(RapportdMailParsed) garbage = parse ("this is not a mail message at all\r\njust some text\r\n");
  g_autoptr(RapportdMailParsed) no_sender = parse ("Subject: hello\r\nDate: Mon, 7 Dec 2026 10:00:00 +0800\r\n\r\nhi\r\n");
  g_autoptr(RapportdMailParsed) empty = parse ("");

  g_assert_nonnull (strstr (with_nul->error, "not a MIME message"));
  g_assert_nonnull (strstr (garbage->error, "not a MIME message"));
  g_assert_nonnull (strstr (no_sender->error, "no sender"));
  g_assert_nonnull (strstr (empty->error, "not a MIME message"));
}

/* one byte over 25 MiB is too large, and is not read at all */
static void
test_too_large (void)
{
  gsize size = RAPPORTD_MAIL_MAX_BYTES + 1;
  char *text = g_malloc (size);
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(RapportdMailParsed) parsed = NULL;
  const char *head = "From: big@example.com\r\nSubject: big\r\n\r\n";

  memset (text, 'a', size);
  memcpy (text, head, strlen (head));
  raw = g_bytes_new_take (text, size);
  parsed = rapportd_mail_parse (raw);
  g_assert_nonnull (parsed->error);
  g_assert_true (g_str_has_prefix (parsed->error, "too large: 26214401 bytes"));
  g_assert_null (parsed->from_address);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mail-parse/good", test_good);
  g_test_add_func ("/mail-parse/parts", test_parts);
  g_test_add_func ("/mail-parse/dangerous", test_dangerous);
  g_test_add_func ("/mail-parse/not-mime", test_not_mime);
  g_test_add_func ("/mail-parse/too-large", test_too_large);
  return g_test_run ();
}
