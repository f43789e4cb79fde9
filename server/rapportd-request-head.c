/* rapportd-request-head.c: checks an HTTP request head against rapportd's limits before the HTTP server reads it */
#include "rapportd-request-head.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

static guint
count_query_params (const char *line,
                    gsize       length)
{
  const char *end = line + length;
  const char *query = memchr (line, '?', length);
  const char *target_end;
  guint count = 1;

  if (query == NULL)
    return 0;
  target_end = memchr (query, ' ', end - query);
  if (target_end == NULL)
    target_end = end;
  if (target_end == query + 1)
    return 0;
  for (const char *p = query + 1; p < target_end; p++)
    if (*p == '&' || *p == ';')
      count++;
  return count;
}

static guint
count_lines (const guint8 *data,
             gsize         length)
{
  guint lines = 0;

  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n')
      lines++;
  return lines;
}

/* where the head ends, looking only at the bytes from @from on */
static gsize
find_head_end (const guint8 *data,
               gsize         from,
               gsize         length)
{
  for (gsize i = from; i < length; i++)
    if (data[i] == '\n' &&
        ((i >= 1 && data[i - 1] == '\n') ||
         (i >= 2 && data[i - 1] == '\r' && data[i - 2] == '\n')))
      return i + 1;
  return 0;
}

/**
 * rapportd_request_head_check:
 * @data: what the client sent so far
 * @old_length: how much of it an earlier call looked at already
 * @length: how much there is
 * @line_end: (inout): just past the request line's end, or 0 while unknown;
 *   0 before the first call
 * @error: why the head is refused
 *
 * Each call looks at the new bytes only, so a client sending its head a
 * byte at a time costs no more than one sending it at once.
 *
 * Returns: whether the head is complete and within the limits, refused
 *   (with @error set to the code to answer), or not yet complete
 */
RapportdHeadVerdict
rapportd_request_head_check (const guint8  *data,
                             gsize          old_length,
                             gsize          length,
                             gsize         *line_end,
                             GError       **error)
{
  gsize head_end;
  gsize line_length;

  g_return_val_if_fail (data != NULL || length == 0, RAPPORTD_HEAD_REFUSED);
  g_return_val_if_fail (old_length <= length && line_end != NULL, RAPPORTD_HEAD_REFUSED);

  head_end = find_head_end (data, old_length >= 2 ? old_length - 2 : 0, length);
  /* a NUL in the head; the body's bytes are the body's business */
  if (memchr (data + old_length, '\0', (head_end ? MAX (head_end, old_length) : length) - old_length) != NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("The request is malformed"));
      return RAPPORTD_HEAD_REFUSED;
    }
  if (*line_end == 0)
    {
      const guint8 *found = memchr (data + old_length, '\n', length - old_length);

      if (found)
        *line_end = found - data + 1;
    }
  if (head_end == 0 && length <= RAPPORTD_MAX_HEAD)
    return RAPPORTD_HEAD_INCOMPLETE;

  if (*line_end == 0 || *line_end > RAPPORTD_MAX_HEAD)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_URI_TOO_LONG, _("The request address is too long"));
      return RAPPORTD_HEAD_REFUSED;
    }
  line_length = *line_end - 1;
  if (count_query_params ((const char *) data, line_length) > RAPPORTD_MAX_QUERY_PARAMS)
    g_set_error_literal (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("The request has too many query parameters"));
  else if (line_length > RAPPORTD_MAX_REQUEST_LINE)
    g_set_error_literal (error, CRM_ERROR, CRM_ERROR_URI_TOO_LONG, _("The request address is too long"));
  else if (head_end == 0 || head_end > RAPPORTD_MAX_HEAD ||
           count_lines (data, head_end) > RAPPORTD_MAX_HEADERS + 2)
    g_set_error_literal (error, CRM_ERROR, CRM_ERROR_HEADERS_TOO_LARGE, _("The request headers are too large"));
  else
    return RAPPORTD_HEAD_COMPLETE;
  return RAPPORTD_HEAD_REFUSED;
}

/**
 * rapportd_request_head_error_response:
 * @code: what is refused
 * @message: why, for the client
 * @length: (out): the answer's length
 *
 * Returns: (transfer full): a whole HTTP answer with the JSON error
 *   envelope, closing the connection
 */
static gboolean
header_is (const char *line,
           gsize       name_length,
           const char *name)
{
  return name_length == strlen (name) && g_ascii_strncasecmp (line, name, name_length) == 0;
}

/* a comma-separated list in which @token appears, in any case */
static gboolean
has_token (const char *value,
           gsize       length,
           const char *token)
{
  g_autofree char *copy = g_strndup (value, length);
  g_auto(GStrv) tokens = g_strsplit (copy, ",", -1);

  for (guint i = 0; tokens[i]; i++)
    if (g_ascii_strcasecmp (g_strstrip (tokens[i]), token) == 0)
      return TRUE;
  return FALSE;
}

static gint64
parse_length (const char *value,
              gsize       length)
{
  guint64 n = 0;

  if (length == 0 || length > 18)
    return -1;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (value[i]))
        return -1;
      n = n * 10 + (value[i] - '0');
    }
  return (gint64) n;
}

/**
 * rapportd_request_head_framing:
 * @data: a request's bytes, starting with a head that
 *   rapportd_request_head_check() found complete
 * @length: how many bytes @data holds
 * @framing: (out caller-allocates): where the head and body end
 *
 * Tells where the request ends, and whether another may follow it on the
 * same connection.  Anything it does not read the same way as the HTTP
 * server could (a folded header, two lengths, a transfer coding) makes
 * the request the connection's last, its body read to the end.
 */
void
rapportd_request_head_framing (const guint8        *data,
                               gsize                length,
                               RapportdHeadFraming *framing)
{
  const char *head = (const char *) data;
  const char *line, *next, *line_end;
  gint64 content_length = -2;
  gboolean chunked_or_upgrade = FALSE;
  gboolean close = FALSE;

  g_return_if_fail (data != NULL && framing != NULL);

  framing->head_length = find_head_end (data, 0, length);
  framing->body_length = -1;
  framing->reusable = FALSE;
  g_return_if_fail (framing->head_length > 0);

  line_end = memchr (head, '\n', framing->head_length);
  if (line_end == NULL)
    return;
  {
    gsize line_length = line_end - head;

    if (line_length > 0 && head[line_length - 1] == '\r')
      line_length--;
    close = line_length < 9 || memcmp (head + line_length - 9, " HTTP/1.1", 9) != 0;
  }
  for (line = line_end + 1; line < head + framing->head_length; line = next)
    {
      const char *colon, *value, *value_end;
      gsize line_length;

      line_end = memchr (line, '\n', head + framing->head_length - line);
      next = line_end + 1;
      line_length = line_end - line;
      if (line_length > 0 && line[line_length - 1] == '\r')
        line_length--;
      if (line_length == 0)
        break;
      if (line[0] == ' ' || line[0] == '\t' || (colon = memchr (line, ':', line_length)) == NULL)
        {
          close = TRUE;
          continue;
        }
      value = colon + 1;
      value_end = line + line_length;
      while (value < value_end && (*value == ' ' || *value == '\t'))
        value++;
      while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t'))
        value_end--;
      if (header_is (line, colon - line, "Content-Length"))
        {
          gint64 n = parse_length (value, value_end - value);

          if (n < 0 || (content_length != -2 && content_length != n))
            chunked_or_upgrade = TRUE;
          content_length = n;
        }
      else if (header_is (line, colon - line, "Transfer-Encoding") || header_is (line, colon - line, "Upgrade"))
        chunked_or_upgrade = TRUE;
      else if (header_is (line, colon - line, "Connection"))
        {
          close |= has_token (value, value_end - value, "close");
          chunked_or_upgrade |= has_token (value, value_end - value, "upgrade");
        }
    }
  if (chunked_or_upgrade)
    return;
  framing->body_length = content_length >= 0 ? content_length : 0;
  framing->reusable = !close;
}

char *
rapportd_request_head_error_response (CrmErrorCode  code,
                                      const char   *message,
                                      gsize        *length)
{
  g_autoptr(GError) error = g_error_new_literal (CRM_ERROR, code, message);
  g_autofree char *body = crm_json_error_envelope (error);
  guint status = crm_error_code_to_http_status (code);
  char *response;

  g_return_val_if_fail (message != NULL && length != NULL, NULL);

  response = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                              "Server: rapportd\r\n"
                              "Content-Type: application/json; charset=utf-8\r\n"
                              "Content-Length: %zu\r\n"
                              "Cache-Control: no-store\r\n"
                              "Connection: close\r\n"
                              "\r\n%s",
                              status, soup_status_get_phrase (status), strlen (body), body);
  *length = strlen (response);
  return response;
}
