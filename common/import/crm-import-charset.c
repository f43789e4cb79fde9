/* crm-import-charset.c: an imported file's text encoding, found and converted to UTF-8
 *
 * A byte order mark decides first, then whether the bytes are UTF-8, then
 * ICU's charset detector, among the encodings that office files really come
 * in: GB18030 (which reads GBK and GB2312), Big5, Shift_JIS, UTF-16 and
 * Windows-1252 (which reads ISO-8859-1). */
#include "crm-import-charset.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unicode/ucsdet.h>

/* what ICU may name, as the name the result gives */
static const struct
{
  const char *icu;
  const char *name;
} detectable[] = {
  { "UTF-8",        "UTF-8" },
  { "UTF-16LE",     "UTF-16LE" },
  { "UTF-16BE",     "UTF-16BE" },
  { "GB18030",      "GB18030" },
  { "Big5",         "Big5" },
  { "Shift_JIS",    "Shift_JIS" },
  { "windows-1252", "windows-1252" },
  { "ISO-8859-1",   "windows-1252" },
};

/* how iconv reads an encoding: the supersets that Windows writes */
static const struct
{
  const char *name;
  const char *iconv;
} supersets[] = {
  { "GB18030",      "GB18030" },
  { "GBK",          "GB18030" },
  { "GB2312",       "GB18030" },
  { "CP936",        "GB18030" },
  { "Shift_JIS",    "CP932" },
  { "SJIS",         "CP932" },
  { "Big5",         "BIG5" },
  { "windows-1252", "CP1252" },
  { "ISO-8859-1",   "CP1252" },
  { "latin1",       "CP1252" },
};

static gsize
bom_length (const char  *data,
            gsize        length,
            const char **name)
{
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *name = "UTF-8";
      return 3;
    }
  if (length >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    {
      *name = "UTF-16LE";
      return 2;
    }
  if (length >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    {
      *name = "UTF-16BE";
      return 2;
    }
  *name = NULL;
  return 0;
}

/**
 * crm_import_charset_detect:
 * @data: the file's bytes
 * @length: their number
 *
 * Names the encoding the bytes are most likely in: a byte order mark's,
 * UTF-8 where they are valid UTF-8, else the best of ICU's guesses that is
 * one of UTF-16LE, UTF-16BE, GB18030, Big5, Shift_JIS and windows-1252, and
 * windows-1252 where ICU has none of them.
 *
 * Returns: (transfer none): the encoding's name
 */
const char *
crm_import_charset_detect (const char *data,
                           gsize       length)
{
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector *detector;
  const UCharsetMatch **matches;
  const char *name = NULL;
  int32_t n_matches = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (bom_length (data, length, &name) > 0)
    return name;
  if (g_utf8_validate (data, length, NULL))
    return "UTF-8";

  detector = ucsdet_open (&status);
  /* ICU reads at most an int's worth; the start of a file tells */
  ucsdet_setText (detector, data, (int32_t) MIN (length, 1 << 20), &status);
  matches = ucsdet_detectAll (detector, &n_matches, &status);
  for (int32_t i = 0; U_SUCCESS (status) && name == NULL && i < n_matches; i++)
    {
      const char *icu = ucsdet_getName (matches[i], &status);

      for (guint d = 0; U_SUCCESS (status) && d < G_N_ELEMENTS (detectable); d++)
        if (g_strcmp0 (icu, detectable[d].icu) == 0)
          {
            name = detectable[d].name;
            break;
          }
    }
  ucsdet_close (detector);
  return name != NULL ? name : "windows-1252";
}

static const char *
iconv_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (supersets); i++)
    if (g_ascii_strcasecmp (name, supersets[i].name) == 0)
      return supersets[i].iconv;
  return name;
}

/**
 * crm_import_charset_to_utf8:
 * @data: the file's bytes
 * @length: their number
 * @charset: (nullable): the encoding the sender named, which overrides
 *   detection; %NULL to detect it
 * @found: (out) (optional) (transfer none): the encoding the bytes were read
 *   in: a static string, or @charset itself
 * @utf8_length: (out) (optional): the length of the result in bytes
 * @error: return location for a %CRM_ERROR_VALIDATION where the bytes are
 *   not text in that encoding, or %CRM_ERROR_BAD_REQUEST where the named
 *   encoding is unknown
 *
 * Converts a file's text to UTF-8, without its byte order mark. A named
 * charset is read as the superset Windows writes under that name (GBK and
 * GB2312 as GB18030, Shift_JIS as CP932, ISO-8859-1 as windows-1252).
 *
 * Returns: (transfer full): the text, NUL-terminated, or %NULL
 */
char *
crm_import_charset_to_utf8 (const char  *data,
                            gsize        length,
                            const char  *charset,
                            const char **found,
                            gsize       *utf8_length,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *bom = NULL;
  const char *name;
  gsize skip = bom_length (data, length, &bom);
  gsize written = 0;
  char *text;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (charset == NULL || *charset == '\0')
    name = crm_import_charset_detect (data, length);
  else if (bom != NULL && g_ascii_strncasecmp (charset, bom, 5) == 0)
    /* UTF-16 named with a mark: the mark tells the byte order */
    name = bom;
  else
    {
      name = charset;
      skip = 0;
    }
  if (found != NULL)
    *found = NULL;

  if (g_ascii_strcasecmp (name, "UTF-8") == 0)
    {
      if (!g_utf8_validate (data + skip, length - skip, NULL))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file is not UTF-8 text"));
          return NULL;
        }
      text = g_strndup (data + skip, length - skip);
      written = length - skip;
    }
  else
    {
      text = g_convert (data + skip, length - skip, "UTF-8", iconv_name (name), NULL, &written, &local_error);
      if (text == NULL && g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("Unknown character set: %s"), name);
          return NULL;
        }
      if (text == NULL)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file is not %s text"), name);
          return NULL;
        }
    }
  if (found != NULL)
    *found = name;
  if (utf8_length != NULL)
    *utf8_length = written;
  return text;
}
