/* rapportd-smtp.c: one message handed to an SMTP server over libcurl */
#include "rapportd-smtp.h"
#include "crm-error.h"

#include <curl/curl.h>
#include <string.h>

#define TIMEOUT_SECONDS 60
#define CONNECT_SECONDS 10

typedef struct
{
  const char *data;
  gsize       left;
} Reader;

static size_t
read_message (char   *buffer,
              size_t  size,
              size_t  n,
              void   *user_data)
{
  Reader *reader = user_data;
  gsize length = MIN (size * n, reader->left);

  memcpy (buffer, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return length;
}

static void
init_once (void)
{
  static gsize done;

  /* thread-safe since libcurl 7.84 */
  if (g_once_init_enter (&done))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&done, 1);
    }
}

/**
 * rapportd_smtp_send:
 * @url: smtp://host[:port] or smtps://…
 * @username: (nullable): the login, when the server asks for one
 * @password: (nullable): its password
 * @from: the envelope sender
 * @to: the one recipient
 * @message: the whole message, CRLF line ends
 * @error: return location for a #GError
 *
 * Returns: whether the server took the message
 */
gboolean
rapportd_smtp_send (const char  *url,
                    const char  *username,
                    const char  *password,
                    const char  *from,
                    const char  *to,
                    const char  *message,
                    GError     **error)
{
  CURL *curl;
  struct curl_slist *recipients;
  g_autofree char *sender = g_strdup_printf ("<%s>", from);
  Reader reader = { message, strlen (message) };
  CURLcode code;

  g_return_val_if_fail (url != NULL && from != NULL && to != NULL && message != NULL, FALSE);

  init_once ();
  curl = curl_easy_init ();
  recipients = curl_slist_append (NULL, to);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (username != NULL && *username != '\0')
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, username);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, sender);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt (curl, CURLOPT_READDATA, &reader);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_SECONDS);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) TIMEOUT_SECONDS);
  code = curl_easy_perform (curl);
  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);
  if (code != CURLE_OK)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "SMTP: %s", curl_easy_strerror (code));
      return FALSE;
    }
  return TRUE;
}
