/* rapportd-imap.c: one IMAP session over libcurl: the folder's UIDVALIDITY, the UIDs above a mark, whole messages */

/* One curl handle is one connection, kept for a whole poll: the first
 * request selects the folder of the URL (imap://host/INBOX), and the
 * SELECT's answer, which libcurl passes to the header callback, names the
 * folder's UIDVALIDITY. Messages are fetched by UID with that UIDVALIDITY
 * in the URL (…/INBOX;UIDVALIDITY=V/;UID=N), so a folder recreated in
 * between is an error, never another message under a known UID. libcurl
 * fetches BODY[], which marks the message \Seen on the server: a message
 * that was unseen when the UIDs were searched is marked unseen again after
 * it is fetched, so people who read the same mailbox in their mail client
 * still see it as new. One STORE marks those fetched so far, every
 * RESTORE_BATCH of them and when the session closes, after a poll that took
 * everything or failed (a rapportd killed in between leaves those read): a
 * STORE a message cost the poll a third of its speed. */
#include "rapportd-imap.h"
#include "crm-error.h"

#include <curl/curl.h>
#include <string.h>

#define TIMEOUT_SECONDS 60
#define CONNECT_SECONDS 10
/* fetched messages marked unseen again by one STORE */
#define RESTORE_BATCH 200

struct _RapportdImap
{
  CURL    *curl;
  char    *url;
  char    *username;
  char    *password;
  GString *body;
  GString *headers;
  gint64   uid_validity;
  /* the UIDs above the mark that were not \Seen when they were searched */
  GHashTable *unseen;
  /* "UID,UID,…" of those fetched and not yet marked unseen again */
  GString    *restore;
  guint       n_restore;
};

static size_t
collect (char   *data,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  g_string_append_len (user_data, data, size * n);
  return size * n;
}

static void
init_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&done, 1);
    }
}

/**
 * rapportd_imap_open:
 * @url: imap://host[:port]/FOLDER or imaps://…
 * @username: the login
 * @password: its password
 *
 * Returns: (transfer full): a session; nothing is sent before the first call
 */
RapportdImap *
rapportd_imap_open (const char *url,
                    const char *username,
                    const char *password)
{
  RapportdImap *self;

  g_return_val_if_fail (url != NULL && username != NULL && password != NULL, NULL);

  init_once ();
  self = g_new0 (RapportdImap, 1);
  self->curl = curl_easy_init ();
  self->url = g_str_has_suffix (url, "/") ? g_strndup (url, strlen (url) - 1) : g_strdup (url);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  self->body = g_string_new (NULL);
  self->headers = g_string_new (NULL);
  self->uid_validity = -1;
  self->unseen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->restore = g_string_new (NULL);
  curl_easy_setopt (self->curl, CURLOPT_USERNAME, self->username);
  curl_easy_setopt (self->curl, CURLOPT_PASSWORD, self->password);
  curl_easy_setopt (self->curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (self->curl, CURLOPT_WRITEDATA, self->body);
  curl_easy_setopt (self->curl, CURLOPT_HEADERFUNCTION, collect);
  curl_easy_setopt (self->curl, CURLOPT_HEADERDATA, self->headers);
  curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_SECONDS);
  curl_easy_setopt (self->curl, CURLOPT_TIMEOUT, (long) TIMEOUT_SECONDS);
  curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  return self;
}

static gboolean
perform (RapportdImap  *self,
         const char    *url,
         const char    *request,
         GError       **error)
{
  CURLcode code;

  g_string_truncate (self->body, 0);
  g_string_truncate (self->headers, 0);
  curl_easy_setopt (self->curl, CURLOPT_URL, url);
  curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, request);
  code = curl_easy_perform (self->curl);
  if (code != CURLE_OK)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "IMAP %s: %s", request ? request : "FETCH",
                   curl_easy_strerror (code));
      return FALSE;
    }
  return TRUE;
}

/* the number after @label in @text ("[UIDVALIDITY 42]"), or -1 */
static gint64
number_after (const char *text,
              const char *label)
{
  const char *at = strstr (text, label);

  return at != NULL ? g_ascii_strtoll (at + strlen (label), NULL, 10) : -1;
}

/* the UIDs above @last_uid a UID SEARCH (@request) answers, rising */
static GArray *
search (RapportdImap  *imap,
        const char    *request,
        gint64         last_uid,
        GError       **error)
{
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) lines = NULL;

  if (!perform (imap, imap->url, request, error))
    return NULL;
  lines = g_strsplit (imap->body->str, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) words = NULL;

      if (!g_str_has_prefix (lines[l], "* SEARCH"))
        continue;
      words = g_strsplit_set (lines[l] + strlen ("* SEARCH"), " \r", -1);
      for (guint w = 0; words[w] != NULL; w++)
        {
          gint64 uid = g_ascii_strtoll (words[w], NULL, 10);

          /* N:* names the highest UID even when it is below N */
          if (uid > last_uid)
            g_array_append_val (uids, uid);
        }
    }
  return g_steal_pointer (&uids);
}

/**
 * rapportd_imap_uids_above:
 * @imap: a session
 * @last_uid: the highest UID already taken
 * @uid_validity: (out): the folder's UIDVALIDITY
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type gint64): the UIDs above
 *   @last_uid, rising
 */
GArray *
rapportd_imap_uids_above (RapportdImap  *imap,
                          gint64         last_uid,
                          gint64        *uid_validity,
                          GError       **error)
{
  g_autofree char *request = g_strdup_printf ("UID SEARCH UID %" G_GINT64_FORMAT ":*", last_uid + 1);
  g_autofree char *unseen_request = g_strdup_printf ("UID SEARCH UID %" G_GINT64_FORMAT ":* UNSEEN", last_uid + 1);
  g_autoptr(GArray) uids = NULL;
  g_autoptr(GArray) unseen = NULL;

  g_return_val_if_fail (imap != NULL, NULL);

  if ((uids = search (imap, request, last_uid, error)) == NULL)
    return NULL;
  if (imap->uid_validity < 0)
    imap->uid_validity = number_after (imap->headers->str, "[UIDVALIDITY ");
  if (imap->uid_validity < 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "IMAP: the server named no UIDVALIDITY for the folder");
      return NULL;
    }
  *uid_validity = imap->uid_validity;
  if ((unseen = search (imap, unseen_request, last_uid, error)) == NULL)
    return NULL;
  g_hash_table_remove_all (imap->unseen);
  for (guint i = 0; i < unseen->len; i++)
    g_hash_table_add (imap->unseen, g_memdup2 (&g_array_index (unseen, gint64, i), sizeof (gint64)));
  return g_steal_pointer (&uids);
}

/* marks the messages fetched since the last time unseen again; a server
 * that refuses leaves them read, and the refusal is logged */
static void
restore_unseen (RapportdImap *imap)
{
  g_autofree char *store = NULL;
  g_autoptr(GError) refused = NULL;

  if (imap->n_restore == 0)
    return;
  store = g_strdup_printf ("UID STORE %s -FLAGS.SILENT (\\Seen)", imap->restore->str);
  if (!perform (imap, imap->url, store, &refused))
    g_message ("IMAP %s: %u messages stay marked as read: %s", imap->url, imap->n_restore, refused->message);
  g_string_truncate (imap->restore, 0);
  imap->n_restore = 0;
}

/**
 * rapportd_imap_fetch:
 * @imap: a session on which rapportd_imap_uids_above() ran
 * @uid: a message's UID
 * @error: return location for a #GError
 *
 * A message that was not \Seen when rapportd_imap_uids_above() named it
 * is marked unseen again after it is fetched (with others, at the latest
 * when the session closes); if the server refuses that, the message is
 * still taken and the refusal logged.
 *
 * Returns: (transfer full): the whole message, as the server keeps it
 */
GBytes *
rapportd_imap_fetch (RapportdImap  *imap,
                     gint64         uid,
                     GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) message = NULL;

  g_return_val_if_fail (imap != NULL && imap->uid_validity >= 0, NULL);

  url = g_strdup_printf ("%s;UIDVALIDITY=%" G_GINT64_FORMAT "/;UID=%" G_GINT64_FORMAT, imap->url, imap->uid_validity, uid);
  if (!perform (imap, url, NULL, error))
    return NULL;
  message = g_bytes_new (imap->body->str, imap->body->len);
  if (g_hash_table_contains (imap->unseen, &uid))
    {
      g_string_append_printf (imap->restore, "%s%" G_GINT64_FORMAT, imap->n_restore ? "," : "", uid);
      if (++imap->n_restore == RESTORE_BATCH)
        restore_unseen (imap);
    }
  return g_steal_pointer (&message);
}

/**
 * rapportd_imap_close:
 * @imap: (transfer full): a session
 *
 * Marks the messages fetched and not yet marked unseen again, logs out and
 * forgets the password.
 */
void
rapportd_imap_close (RapportdImap *imap)
{
  if (imap == NULL)
    return;
  restore_unseen (imap);
  curl_easy_cleanup (imap->curl);
  g_free (imap->url);
  g_free (imap->username);
  if (imap->password != NULL)
    memset (imap->password, 0, strlen (imap->password));
  g_free (imap->password);
  g_string_free (imap->body, TRUE);
  g_string_free (imap->headers, TRUE);
  g_hash_table_unref (imap->unseen);
  g_string_free (imap->restore, TRUE);
  g_free (imap);
}
