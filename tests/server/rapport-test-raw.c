/* rapport-test-raw.c: HTTP/1.1 by hand over a raw socket, for tests of how rapportd frames requests and answers */
#include "rapport-test-raw.h"

#include <string.h>

void
rapport_test_send_all (GSocket    *socket,
                       const char *data)
{
  gsize length = strlen (data);
  gsize sent = 0;

  while (sent < length)
    {
      gssize n = g_socket_send (socket, data + sent, length - sent, NULL, NULL);

      g_assert_cmpint (n, >, 0);
      sent += n;
    }
}

void
rapport_test_answer_clear (RapportTestAnswer *answer)
{
  g_clear_pointer (&answer->head, g_free);
  g_clear_pointer (&answer->body, g_free);
}

/* One answer off a connection that may carry more: what follows it stays
 * in @pending. Returns FALSE when the connection closed first. */
gboolean
rapport_test_read_answer (GSocket           *socket,
                          GString           *pending,
                          RapportTestAnswer *answer)
{
  char buffer[4096];

  for (;;)
    {
      const char *end = strstr (pending->str, "\r\n\r\n");

      if (end != NULL)
        {
          gsize head_length = end + 4 - pending->str;
          g_autofree char *head = g_strndup (pending->str, head_length);
          const char *length = strstr (head, "Content-Length: ");
          gsize body_length = length ? g_ascii_strtoull (length + 16, NULL, 10) : 0;

          if (pending->len >= head_length + body_length)
            {
              g_assert_true (g_str_has_prefix (head, "HTTP/1.1 "));
              answer->status = g_ascii_strtoull (head + 9, NULL, 10);
              answer->head = g_steal_pointer (&head);
              answer->body = g_strndup (pending->str + head_length, body_length);
              g_string_erase (pending, 0, head_length + body_length);
              return TRUE;
            }
        }
      {
        gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

        if (n <= 0)
          return FALSE;
        g_string_append_len (pending, buffer, n);
      }
    }
}

/* the header's value in an answer's head, or NULL */
char *
rapport_test_header_value (const char *head,
                           const char *name)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s: ", name);
  const char *found = strstr (head, needle);
  const char *end;

  if (found == NULL)
    return NULL;
  found += strlen (needle);
  end = strstr (found, "\r\n");
  return g_strndup (found, end - found);
}

/* whether the server closes @socket within @seconds */
gboolean
rapport_test_closed_within (GSocket *socket,
                            guint    seconds)
{
  char buffer[256];

  g_socket_set_timeout (socket, seconds);
  return g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) == 0;
}
