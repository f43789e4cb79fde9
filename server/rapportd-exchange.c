/* rapportd-exchange.c: reading a plain HTTP/1.1 request head, and the head of its answer */
#include "rapportd-exchange.h"

#include <libsoup/soup.h>
#include <string.h>

/* as libsoup reads a request's address, so that a path or query reads the
 * same whichever of the two took the request */
#define URI_FLAGS (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY | \
                   G_URI_FLAGS_ENCODED_FRAGMENT | G_URI_FLAGS_SCHEME_NORMALIZE)

static gboolean
is_tchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* a line without its end: NULL at the head's end */
static const char *
next_line (const char  *data,
           const char  *end,
           gsize       *length)
{
  const char *nl = memchr (data, '\n', end - data);

  if (nl == NULL)
    return NULL;
  *length = nl - data;
  if (*length > 0 && data[*length - 1] == '\r')
    (*length)--;
  return nl + 1;
}

static gboolean
parse_request_line (const char           *line,
                    gsize                 length,
                    RapportdExchangeHead *head)
{
  const char *space = memchr (line, ' ', length);
  const char *target, *target_end;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  if (space == NULL || space == line || space - line > 16 || length < 9 ||
      memcmp (line + length - 9, " HTTP/1.1", 9) != 0)
    return FALSE;
  for (const char *p = line; p < space; p++)
    if (!g_ascii_isupper (*p))
      return FALSE;
  target = space + 1;
  target_end = line + length - 9;
  if (target >= target_end || *target != '/')
    return FALSE;
  for (const char *p = target; p < target_end; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
      return FALSE;
  url = g_strdup_printf ("http://localhost%.*s", (int) (target_end - target), target);
  uri = g_uri_parse (url, URI_FLAGS, NULL);
  if (uri == NULL)
    return FALSE;
  head->method = g_strndup (line, space - line);
  head->path = g_strdup (g_uri_get_path (uri));
  if (g_uri_get_query (uri) != NULL)
    head->query = soup_form_decode (g_uri_get_query (uri));
  return TRUE;
}

static gboolean
parse_header (const char           *line,
              gsize                 length,
              RapportdExchangeHead *head)
{
  const char *colon = memchr (line, ':', length);
  const char *value, *end = line + length;

  if (colon == NULL || colon == line)
    return FALSE;
  for (const char *p = line; p < colon; p++)
    if (!is_tchar (*p))
      return FALSE;
  value = colon + 1;
  while (value < end && (*value == ' ' || *value == '\t'))
    value++;
  while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  for (const char *p = value; p < end; p++)
    if (((guchar) *p < ' ' && *p != '\t') || *p == 0x7f)
      return FALSE;
  g_ptr_array_add (head->headers, g_strndup (line, colon - line));
  g_ptr_array_add (head->headers, g_strndup (value, end - value));
  return TRUE;
}

/**
 * rapportd_exchange_head_parse:
 * @data: a request head that rapportd_request_head_check() found complete
 * @length: the head's length, its blank line included
 * @head: (out caller-allocates): the request, to be cleared with
 *   rapportd_exchange_head_clear()
 *
 * Reads an HTTP/1.1 request whose target is a path.  Anything else (an
 * older version, a folded or odd header line, an absolute or unreadable
 * target, no Host or two) is left to the HTTP server, which answers it as
 * it always has.
 *
 * Returns: whether @head was read; if not, @head is cleared
 */
gboolean
rapportd_exchange_head_parse (const char           *data,
                              gsize                 length,
                              RapportdExchangeHead *head)
{
  const char *end = data + length;
  const char *line = data, *next;
  gsize line_length = 0;
  guint hosts = 0;

  g_return_val_if_fail (data != NULL && head != NULL, FALSE);

  memset (head, 0, sizeof *head);
  head->headers = g_ptr_array_new_with_free_func (g_free);
  next = next_line (line, end, &line_length);
  if (next == NULL || !parse_request_line (line, line_length, head))
    goto refused;
  for (line = next; (next = next_line (line, end, &line_length)) != NULL; line = next)
    {
      if (line_length == 0)
        break;
      if (!parse_header (line, line_length, head))
        goto refused;
      if (g_ascii_strcasecmp (g_ptr_array_index (head->headers, head->headers->len - 2), "Host") == 0)
        hosts++;
    }
  if (next == NULL || hosts != 1)
    goto refused;
  return TRUE;

refused:
  rapportd_exchange_head_clear (head);
  return FALSE;
}

void
rapportd_exchange_head_clear (RapportdExchangeHead *head)
{
  g_return_if_fail (head != NULL);

  g_clear_pointer (&head->method, g_free);
  g_clear_pointer (&head->path, g_free);
  g_clear_pointer (&head->query, g_hash_table_unref);
  g_clear_pointer (&head->headers, g_ptr_array_unref);
}

/**
 * rapportd_exchange_head_get_header:
 * @head: a request head
 * @name: a header's name, in any case
 *
 * Returns: (nullable): the first value of that header
 */
const char *
rapportd_exchange_head_get_header (const RapportdExchangeHead *head,
                                   const char                 *name)
{
  g_return_val_if_fail (head != NULL && name != NULL, NULL);

  for (guint i = 0; head->headers != NULL && i + 1 < head->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (head->headers, i), name) == 0)
      return g_ptr_array_index (head->headers, i + 1);
  return NULL;
}

const char *
rapportd_exchange_get_header (RapportdExchange *exchange,
                              const char       *name)
{
  g_return_val_if_fail (exchange != NULL, NULL);

  return rapportd_exchange_head_get_header (&exchange->head, name);
}

/* the Date header's value, made once a second a thread */
static const char *
http_date (void)
{
  static _Thread_local gint64 second = -1;
  static _Thread_local char text[64];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (now != second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now);
      g_autofree char *formatted = soup_date_time_to_string (time, SOUP_DATE_HTTP);

      g_strlcpy (text, formatted, sizeof text);
      second = now;
    }
  return text;
}

/**
 * rapportd_exchange_answer_head:
 * @status: the HTTP status
 * @media_type: the body's Content-Type
 * @body_length: the body's length
 * @extra_headers: (nullable): more header lines, each ending in CRLF
 * @close: whether the connection closes after this answer
 *
 * Returns: (transfer full): the answer's head, its blank line included,
 *   with the headers the HTTP server would give it
 */
char *
rapportd_exchange_answer_head (guint       status,
                               const char *media_type,
                               gsize       body_length,
                               const char *extra_headers,
                               gboolean    close)
{
  g_return_val_if_fail (media_type != NULL, NULL);

  return g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Server: rapportd\r\n"
                          "Date: %s\r\n"
                          "%s"
                          "Content-Type: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "%s"
                          "\r\n",
                          status, soup_status_get_phrase (status), http_date (),
                          extra_headers ? extra_headers : "", media_type, body_length,
                          close ? "Connection: close\r\n" : "");
}
