/* fuzz-mail-parse.c: the mail reader's parser on any bytes: never crashes, and what it lets onto a case is sound */
#include "fuzz-common.h"
#include "rapportd-mail-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(RapportdMailParsed) parsed = NULL;

  fuzz_set_up ();
  raw = g_bytes_new (data, size);
  parsed = rapportd_mail_parse (raw);
  g_assert (parsed != NULL);
  g_assert (parsed->subject == NULL || g_utf8_validate (parsed->subject, -1, NULL));
  g_assert (parsed->text == NULL || g_utf8_validate (parsed->text, -1, NULL));
  g_assert (parsed->message_id == NULL || strlen (parsed->message_id) <= 250);
  if (parsed->error != NULL)
    return 0;
  /* a message that goes onto a case has a sender and no program attached */
  g_assert (parsed->from_address != NULL && strchr (parsed->from_address, '@') != NULL);
  for (guint i = 0; i < parsed->attachments->len; i++)
    {
      RapportdMailAttachment *file = parsed->attachments->pdata[i];

      g_assert (file->name != NULL && file->content != NULL);
      g_assert (!rapportd_mail_is_dangerous (file->name));
    }
  return 0;
}
