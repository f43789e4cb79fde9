/* rapportd-attachments-type.c: an attachment's type, read from its content */
/* memmem () */
#define _GNU_SOURCE

/* Only what an office files under a customer is accepted: PDF, PNG, JPEG,
 * GIF, WebP, the ZIP-based Office documents (Word, Excel, PowerPoint,
 * OpenDocument) and plain UTF-8 text. The type is what the first bytes
 * say, never what the client or the file's name claims. */
#include "rapportd-attachments-type.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static gboolean
starts_with (const guchar *data,
             gsize         size,
             const char   *magic,
             gsize         length)
{
  return size >= length && memcmp (data, magic, length) == 0;
}

static gboolean
contains (const guchar *data,
          gsize         size,
          const char   *needle)
{
  return memmem (data, size, needle, strlen (needle)) != NULL;
}

/* an OpenDocument's first member is "mimetype", stored, holding its type */
static const char *
open_document_type (const guchar *data,
                    gsize         size)
{
  static const char *const types[] = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
  };

  if (size < 38 || memcmp (data + 30, "mimetype", 8) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (starts_with (data + 38, size - 38, types[i], strlen (types[i])))
      return types[i];
  return NULL;
}

/* a ZIP holds its members' names in the clear: an Office Open XML file
 * names [Content_Types].xml and its part folder */
static const char *
zip_type (const guchar *data,
          gsize         size)
{
  const char *odf = open_document_type (data, size);

  if (odf != NULL)
    return odf;
  if (!contains (data, size, "[Content_Types].xml"))
    return NULL;
  if (contains (data, size, "word/"))
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (contains (data, size, "xl/"))
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (contains (data, size, "ppt/"))
    return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  return NULL;
}

/* UTF-8 without NUL or control characters other than tab, line feed,
 * form feed and carriage return */
static gboolean
is_text (const guchar *data,
         gsize         size)
{
  if (!g_utf8_validate_len ((const char *) data, size, NULL))
    return FALSE;
  for (gsize i = 0; i < size; i++)
    if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\f' && data[i] != '\r') ||
        data[i] == 0x7f)
      return FALSE;
  return TRUE;
}

/**
 * rapportd_attachments_type_sniff:
 * @content: a file's bytes
 *
 * Returns: (nullable): the media type its content shows, %NULL when it
 *   is none of the accepted types
 */
const char *
rapportd_attachments_type_sniff (GBytes *content)
{
  gsize size = 0;
  const guchar *data;

  g_return_val_if_fail (content != NULL, NULL);

  data = g_bytes_get_data (content, &size);
  if (size == 0)
    return NULL;
  if (starts_with (data, size, "%PDF-", 5))
    return "application/pdf";
  if (starts_with (data, size, "\x89PNG\r\n\x1a\n", 8))
    return "image/png";
  if (starts_with (data, size, "\xff\xd8\xff", 3))
    return "image/jpeg";
  if (starts_with (data, size, "GIF87a", 6) || starts_with (data, size, "GIF89a", 6))
    return "image/gif";
  if (size >= 12 && starts_with (data, size, "RIFF", 4) && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (starts_with (data, size, "PK\x03\x04", 4))
    return zip_type (data, size);
  if (is_text (data, size))
    return "text/plain";
  return NULL;
}

/* types a client may declare for what is the same content */
static gboolean
same_type (const char *declared,
           const char *sniffed)
{
  if (g_ascii_strcasecmp (declared, sniffed) == 0)
    return TRUE;
  if (g_str_equal (sniffed, "image/jpeg"))
    return g_ascii_strcasecmp (declared, "image/jpg") == 0 || g_ascii_strcasecmp (declared, "image/pjpeg") == 0;
  if (g_str_equal (sniffed, "text/plain"))
    return g_ascii_strncasecmp (declared, "text/", 5) == 0;
  return FALSE;
}

/**
 * rapportd_attachments_type_check:
 * @content: a file's bytes
 * @declared: (nullable): the type its sender gave (Content-Type), without
 *   parameters; %NULL or application/octet-stream: none
 * @error: %CRM_ERROR_UNSUPPORTED_MEDIA_TYPE for content of no accepted
 *   type, %CRM_ERROR_VALIDATION for a declared type that the content
 *   contradicts
 *
 * Returns: (nullable): the type the file is kept with: the one its content
 *   shows (text keeps a declared text type, such as text/csv)
 */
const char *
rapportd_attachments_type_check (GBytes      *content,
                                 const char  *declared,
                                 GError     **error)
{
  const char *sniffed;

  g_return_val_if_fail (content != NULL, NULL);

  sniffed = rapportd_attachments_type_sniff (content);
  if (sniffed == NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_UNSUPPORTED_MEDIA_TYPE,
                           _("Attach a PDF, an image (PNG, JPEG, GIF, WebP), an Office document or plain text"));
      return NULL;
    }
  if (declared == NULL || declared[0] == '\0' || g_ascii_strcasecmp (declared, "application/octet-stream") == 0)
    return sniffed;
  if (!same_type (declared, sniffed))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "Content-Type",
                                 _("The file is declared as %s but its content is %s"), declared, sniffed);
      return NULL;
    }
  if (g_str_equal (sniffed, "text/plain") && (g_ascii_strcasecmp (declared, "text/csv") == 0))
    return "text/csv";
  return sniffed;
}
