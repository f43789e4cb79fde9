/* rapportd-mail-compose.c: a reply to a customer as a whole RFC 5322 message, text/plain UTF-8 */
#include "rapportd-mail-compose.h"

#include <gmime/gmime.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFormatOptions, g_mime_format_options_free)

static void
init_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_mime_init ();
      g_once_init_leave (&done, 1);
    }
}

/**
 * rapportd_mail_new_message_id:
 * @from: the address it is sent from, whose domain names it
 *
 * Returns: (transfer full): a Message-ID of ours, without angle brackets
 */
char *
rapportd_mail_new_message_id (const char *from)
{
  const char *at = from ? strrchr (from, '@') : NULL;
  g_autofree char *random = g_uuid_string_random ();

  return g_strdup_printf ("rapport.%s@%s", random, at && at[1] ? at + 1 : "rapport.invalid");
}

/**
 * rapportd_mail_compose:
 * @draft: what to send
 *
 * Returns: (transfer full): the message, CRLF line ends, headers encoded
 *   per RFC 2047 and the body quoted-printable UTF-8
 */
char *
rapportd_mail_compose (const RapportdMailDraft *draft)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeTextPart) text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GMimeFormatOptions) options = NULL;
  g_autoptr(GString) references = g_string_new (NULL);
  g_autofree char *in_reply_to = NULL;

  g_return_val_if_fail (draft != NULL && draft->from != NULL && draft->to != NULL, NULL);

  init_once ();
  message = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, NULL, draft->from);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_TO, NULL, draft->to);
  g_mime_message_set_subject (message, draft->subject, "utf-8");
  g_mime_message_set_message_id (message, draft->message_id);
  g_mime_message_set_date (message, now);
  if (draft->in_reply_to != NULL)
    {
      in_reply_to = g_strdup_printf ("<%s>", draft->in_reply_to);
      g_mime_object_set_header (GMIME_OBJECT (message), "In-Reply-To", in_reply_to, NULL);
    }
  for (guint i = 0; draft->references != NULL && i < draft->references->len; i++)
    g_string_append_printf (references, "%s<%s>", i > 0 ? " " : "", (char *) draft->references->pdata[i]);
  if (references->len > 0)
    g_mime_object_set_header (GMIME_OBJECT (message), "References", references->str, NULL);
  text = g_mime_text_part_new_with_subtype ("plain");
  g_mime_text_part_set_text (text, draft->body ? draft->body : "");
  g_mime_text_part_set_charset (text, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (text), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part (message, GMIME_OBJECT (text));
  options = g_mime_format_options_clone (NULL);
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  return g_mime_object_to_string (GMIME_OBJECT (message), options);
}
