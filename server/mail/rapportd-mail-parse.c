/* rapportd-mail-parse.c: what a customer's message says, read from its raw bytes with GMime */
#include "rapportd-mail-parse.h"

#include <gmime/gmime.h>
#include <string.h>

/* GMime 3.2 declares no cleanup functions of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimePartIter, g_mime_part_iter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeReferences, g_mime_references_free)

/* files that run when opened on a Windows desktop, or in a browser or JVM */
static const char * const dangerous[] = {
  "exe", "bat", "cmd", "com", "scr", "js", "jse", "vbs", "vbe", "jar", "msi", "msp", "ps1", "psm1", "lnk",
  "pif", "cpl", "hta", "wsf", "wsh", "reg", "dll", "app", "gadget", "iso", "img", NULL
};

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
 * rapportd_mail_is_dangerous:
 * @file_name: an attachment's name
 *
 * Returns: whether its extension names a program or script a desktop runs
 */
gboolean
rapportd_mail_is_dangerous (const char *file_name)
{
  const char *dot;
  g_autofree char *extension = NULL;

  if (file_name == NULL || (dot = strrchr (file_name, '.')) == NULL)
    return FALSE;
  /* "run.bat " runs as run.bat */
  extension = g_ascii_strdown (dot + 1, -1);
  return g_strv_contains (dangerous, g_strchomp (extension));
}

static void
attachment_free (gpointer data)
{
  RapportdMailAttachment *attachment = data;

  g_free (attachment->name);
  g_free (attachment->content_type);
  g_clear_pointer (&attachment->content, g_bytes_unref);
  g_free (attachment);
}

/* a header's Message-ID without its angle brackets */
static char *
first_id (const char *header)
{
  g_autoptr(GMimeReferences) refs = header ? g_mime_references_parse (NULL, header) : NULL;

  return refs != NULL && g_mime_references_length (refs) > 0 ? g_strdup (g_mime_references_get_message_id (refs, 0)) : NULL;
}

static GBytes *
decoded_content (GMimePart *part)
{
  GMimeDataWrapper *wrapper = g_mime_part_get_content (part);
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new ();
  GByteArray *array;

  if (wrapper == NULL || g_mime_data_wrapper_write_to_stream (wrapper, stream) < 0)
    return g_bytes_new (NULL, 0);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  return g_bytes_new (array->data, array->len);
}

/* each leaf part: the text the customer wrote, or a file */
static void
read_parts (GMimeMessage       *message,
            RapportdMailParsed *parsed)
{
  g_autoptr(GMimePartIter) iter = g_mime_part_iter_new (GMIME_OBJECT (message));
  g_autofree char *html = NULL;

  do
    {
      GMimeObject *object = g_mime_part_iter_get_current (iter);
      GMimePart *part;
      const char *name;

      if (object == NULL || !GMIME_IS_PART (object))
        continue;
      part = GMIME_PART (object);
      name = g_mime_part_get_filename (part);
      if (!g_mime_part_is_attachment (part) && name == NULL && GMIME_IS_TEXT_PART (object))
        {
          GMimeContentType *type = g_mime_object_get_content_type (object);

          if (parsed->text == NULL && g_mime_content_type_is_type (type, "text", "plain"))
            parsed->text = g_mime_text_part_get_text (GMIME_TEXT_PART (object));
          else if (html == NULL && g_mime_content_type_is_type (type, "text", "html"))
            html = g_mime_text_part_get_text (GMIME_TEXT_PART (object));
          continue;
        }
      if (rapportd_mail_is_dangerous (name) && parsed->error == NULL)
        parsed->error = g_strdup_printf ("dangerous attachment type: %s", name);
      else
        {
          RapportdMailAttachment *attachment = g_new0 (RapportdMailAttachment, 1);

          attachment->name = g_strdup (name ? name : "attachment");
          attachment->content_type = g_mime_content_type_get_mime_type (g_mime_object_get_content_type (object));
          attachment->content = decoded_content (part);
          g_ptr_array_add (parsed->attachments, attachment);
        }
    }
  while (g_mime_part_iter_next (iter));
  if (parsed->text == NULL)
    parsed->text = g_steal_pointer (&html);
  if (parsed->text != NULL && !g_utf8_validate (parsed->text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (parsed->text, -1);

      g_free (parsed->text);
      parsed->text = valid;
    }
}

static void
read_from (GMimeMessage       *message,
           RapportdMailParsed *parsed)
{
  InternetAddressList *from = g_mime_message_get_from (message);
  InternetAddress *address = from && internet_address_list_length (from) > 0 ? internet_address_list_get_address (from, 0) : NULL;

  if (address == NULL || !INTERNET_ADDRESS_IS_MAILBOX (address))
    return;
  parsed->from_address = g_ascii_strdown (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), -1);
  parsed->from_name = g_strdup (internet_address_get_name (address));
  if (parsed->from_address != NULL && strchr (parsed->from_address, '@') == NULL)
    g_clear_pointer (&parsed->from_address, g_free);
}

/**
 * rapportd_mail_cut:
 * @text: (nullable): UTF-8 text
 * @max: the most characters kept
 *
 * Returns: (transfer full) (nullable): @text, cut to at most @max
 *   characters (GLib 2.74's g_utf8_substring() reads past a text shorter
 *   than its end)
 */
char *
rapportd_mail_cut (const char *text,
                   glong       max)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  return g_utf8_substring (text, 0, max);
}

/**
 * rapportd_mail_parse:
 * @raw: a whole message (RFC 5322, MIME)
 *
 * Never fails: a message that is too large, not a message, without a
 * sender or with a dangerous attachment comes back with its "error" set
 * and whatever could be read of it.
 *
 * Returns: (transfer full): what it says
 */
RapportdMailParsed *
rapportd_mail_parse (GBytes *raw)
{
  RapportdMailParsed *parsed = g_new0 (RapportdMailParsed, 1);
  gsize size = 0;
  const char *data = g_bytes_get_data (raw, &size);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeReferences) refs = NULL;
  const char *header;

  init_once ();
  parsed->references = g_ptr_array_new_with_free_func (g_free);
  parsed->attachments = g_ptr_array_new_with_free_func (attachment_free);
  if (size > RAPPORTD_MAIL_MAX_BYTES)
    {
      parsed->error = g_strdup_printf ("too large: %" G_GSIZE_FORMAT " bytes, more than %d", size, RAPPORTD_MAIL_MAX_BYTES);
      return parsed;
    }
  if (size == 0 || memchr (data, '\0', size) != NULL)
    {
      parsed->error = g_strdup ("not a MIME message: empty or binary");
      return parsed;
    }
  stream = g_mime_stream_mem_new_with_buffer (data, size);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  if ((message = g_mime_parser_construct_message (parser, NULL)) == NULL)
    {
      parsed->error = g_strdup ("not a MIME message: no header");
      return parsed;
    }
  read_from (message, parsed);
  parsed->message_id = g_strdup (g_mime_message_get_message_id (message));
  parsed->in_reply_to = first_id (g_mime_object_get_header (GMIME_OBJECT (message), "In-Reply-To"));
  header = g_mime_object_get_header (GMIME_OBJECT (message), "References");
  refs = header ? g_mime_references_parse (NULL, header) : NULL;
  for (int i = 0; refs != NULL && i < g_mime_references_length (refs); i++)
    g_ptr_array_add (parsed->references, g_strdup (g_mime_references_get_message_id (refs, i)));
  parsed->subject = g_strdup (g_mime_message_get_subject (message));
  if (parsed->subject != NULL && !g_utf8_validate (parsed->subject, -1, NULL))
    {
      char *valid = g_utf8_make_valid (parsed->subject, -1);

      g_free (parsed->subject);
      parsed->subject = valid;
    }
  if (parsed->message_id != NULL && strlen (parsed->message_id) > 250)
    g_clear_pointer (&parsed->message_id, g_free);
  if (parsed->from_address == NULL)
    parsed->error = g_strdup ("not a MIME message: no sender address (From)");
  else if (g_mime_object_get_header (GMIME_OBJECT (message), "Date") == NULL &&
           g_mime_object_get_header (GMIME_OBJECT (message), "Subject") == NULL &&
           g_mime_object_get_header (GMIME_OBJECT (message), "Message-ID") == NULL)
    parsed->error = g_strdup ("not a MIME message: no Date, Subject or Message-ID");
  read_parts (message, parsed);
  return parsed;
}

/**
 * rapportd_mail_parsed_free:
 * @parsed: (transfer full): what rapportd_mail_parse() read
 */
void
rapportd_mail_parsed_free (RapportdMailParsed *parsed)
{
  if (parsed == NULL)
    return;
  g_free (parsed->error);
  g_free (parsed->message_id);
  g_free (parsed->in_reply_to);
  g_ptr_array_unref (parsed->references);
  g_free (parsed->subject);
  g_free (parsed->from_address);
  g_free (parsed->from_name);
  g_free (parsed->text);
  g_ptr_array_unref (parsed->attachments);
  g_free (parsed);
}
