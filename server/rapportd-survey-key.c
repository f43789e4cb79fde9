/* rapportd-survey-key.c: the secret that signs a survey form's hidden field (DATA_DIR/keys/survey-form.key) and the survey settings */
#include "rapportd-survey-key.h"
#include "crm-error.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

/* The form carries HMAC-SHA256(key, token): a page on another site cannot
 * make a browser post answers it has not been shown, as it cannot compute
 * the field. The key is made on first use, 32 random bytes, mode 0600;
 * several rapportd behind a load balancer share the file. */
#define KEY_FILE "survey-form.key"

static GMutex lock;
static char *key_path;
static guchar key[crypto_auth_hmacsha256_KEYBYTES];
static gboolean key_loaded;
static char *link_base;
static guint per_minute = 30;

/**
 * rapportd_survey_key_configure:
 * @data_dir: rapportd's data directory; the key is in its keys/
 * @public_url: (nullable): `[service] public_url`, the start of a survey
 *   link (`https://crm.example.com`); %NULL: the request's host
 * @form_per_minute: how many times a minute one address may open or post
 *   a survey form (`[service] survey_form_per_minute`)
 *
 * Set once, at start.
 */
void
rapportd_survey_key_configure (const char *data_dir,
                               const char *public_url,
                               guint       form_per_minute)
{
  g_return_if_fail (data_dir != NULL);

  g_mutex_lock (&lock);
  g_free (key_path);
  key_path = g_build_filename (data_dir, "keys", KEY_FILE, NULL);
  key_loaded = FALSE;
  g_free (link_base);
  link_base = public_url && *public_url ? g_strdup (public_url) : NULL;
  if (link_base != NULL && g_str_has_suffix (link_base, "/"))
    link_base[strlen (link_base) - 1] = '\0';
  per_minute = form_per_minute;
  g_mutex_unlock (&lock);
}

/**
 * rapportd_survey_form_per_minute:
 *
 * Returns: how many times a minute one address may open or post a form
 */
guint
rapportd_survey_form_per_minute (void)
{
  return per_minute;
}

/* a new key is written whole under another name and linked in: never over
 * one that is there (another rapportd made it first), never cut short */
static gboolean
load_key_locked (GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  gsize length = 0;
  int fd;

  if (key_loaded)
    return TRUE;
  if (key_path == NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the survey form key is not configured");
      return FALSE;
    }
  if (!g_file_get_contents (key_path, &contents, &length, NULL))
    {
      dir = g_path_get_dirname (key_path);
      tmp = g_strconcat (key_path, ".new-XXXXXX", NULL);
      randombytes_buf (key, sizeof key);
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          (fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600)) < 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s: %s", key_path, g_strerror (errno));
          return FALSE;
        }
      if (write (fd, key, sizeof key) != (ssize_t) sizeof key || fsync (fd) != 0 ||
          (link (tmp, key_path) != 0 && errno != EEXIST))
        {
          int saved = errno;

          close (fd);
          g_unlink (tmp);
          g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot write %s: %s", key_path, g_strerror (saved));
          return FALSE;
        }
      close (fd);
      g_unlink (tmp);
      if (!g_file_get_contents (key_path, &contents, &length, error))
        return FALSE;
    }
  if (length != sizeof key)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "%s is not a survey form key", key_path);
      return FALSE;
    }
  memcpy (key, contents, sizeof key);
  sodium_memzero (contents, length);
  key_loaded = TRUE;
  return TRUE;
}

/**
 * rapportd_survey_key_sign:
 * @token: an invitation's secret, as in its link
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the form's hidden field for @token, hex
 */
char *
rapportd_survey_key_sign (const char  *token,
                          GError     **error)
{
  guchar mac[crypto_auth_hmacsha256_BYTES];
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];

  g_return_val_if_fail (token != NULL, NULL);

  g_mutex_lock (&lock);
  if (!load_key_locked (error))
    {
      g_mutex_unlock (&lock);
      return NULL;
    }
  crypto_auth_hmacsha256 (mac, (const guchar *) token, strlen (token), key);
  g_mutex_unlock (&lock);
  sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);
  return g_strdup (hex);
}

/**
 * rapportd_survey_key_check:
 * @token: an invitation's secret
 * @mac: (nullable): the form's hidden field as posted
 *
 * Returns: whether @mac is the field rapportd gave the form of @token
 *   (compared in constant time)
 */
gboolean
rapportd_survey_key_check (const char *token,
                           const char *mac)
{
  g_autofree char *expected = NULL;

  g_return_val_if_fail (token != NULL, FALSE);

  if (mac == NULL || (expected = rapportd_survey_key_sign (token, NULL)) == NULL ||
      strlen (mac) != strlen (expected))
    return FALSE;
  return sodium_memcmp (mac, expected, strlen (expected)) == 0;
}

/**
 * rapportd_survey_public_link:
 * @token: an invitation's secret
 *
 * Returns: (transfer full) (nullable): the invitation's link under
 *   `[service] public_url`, %NULL without one (a link to mail needs it)
 */
char *
rapportd_survey_public_link (const char *token)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  g_mutex_lock (&lock);
  base = g_strdup (link_base);
  g_mutex_unlock (&lock);
  return base ? g_strdup_printf ("%s/s/%s", base, token) : NULL;
}

/**
 * rapportd_survey_link:
 * @host: (nullable): the request's Host, used without `[service] public_url`
 * @token: an invitation's secret
 *
 * Returns: (transfer full): the invitation's link, `https://HOST/s/TOKEN`
 */
char *
rapportd_survey_link (const char *host,
                      const char *token)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  g_mutex_lock (&lock);
  base = link_base ? g_strdup (link_base) : g_strdup_printf ("https://%s", host ? host : "localhost");
  g_mutex_unlock (&lock);
  return g_strdup_printf ("%s/s/%s", base, token);
}
