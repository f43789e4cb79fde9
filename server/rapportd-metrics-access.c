/* rapportd-metrics-access.c: RapportdMetricsAccess, who may read /api/v1/metrics ([metrics] allow, token_file) */
#include "rapportd-metrics-access.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

struct _RapportdMetricsAccess
{
  /* GInetAddressMask: the addresses a scraper may come from */
  GPtrArray *allow;
  /* a scraper from anywhere else must send it as a Bearer token; NULL: none */
  char      *token;
};

static gboolean
add_mask (RapportdMetricsAccess  *access,
          const char             *text,
          GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  GInetAddressMask *mask = g_inet_address_mask_new_from_string (text, &local_error);

  if (mask == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("[metrics] allow: “%s” is not an address or a CIDR block"), text);
      return FALSE;
    }
  g_ptr_array_add (access->allow, mask);
  return TRUE;
}

/* Returns: (transfer full): loopback only, no token */
RapportdMetricsAccess *
rapportd_metrics_access_new (void)
{
  RapportdMetricsAccess *access = g_new0 (RapportdMetricsAccess, 1);

  access->allow = g_ptr_array_new_with_free_func (g_object_unref);
  add_mask (access, "127.0.0.1", NULL);
  add_mask (access, "::1", NULL);
  return access;
}

static gboolean
read_token (RapportdMetricsAccess  *access,
            const char             *path,
            GError                **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  g_strstrip (contents);
  if (strlen (contents) < 16)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("[metrics] token_file: %s must hold a token of at least 16 characters"), path);
      return FALSE;
    }
  access->token = g_steal_pointer (&contents);
  return TRUE;
}

/**
 * rapportd_metrics_access_load:
 * @access: the access, as made by rapportd_metrics_access_new()
 * @file: rapportd.conf
 * @error: a #G_KEY_FILE_ERROR naming the bad setting
 *
 * `[metrics] allow` (addresses and CIDR blocks, separated by `;` or `,`)
 * replaces the loopback default; an empty list allows no address.
 * `token_file` names a file holding the Bearer token that opens the
 * metrics from anywhere.
 */
gboolean
rapportd_metrics_access_load (RapportdMetricsAccess  *access,
                              GKeyFile               *file,
                              GError                **error)
{
  g_autofree char *allow = NULL;
  g_autofree char *token_file = NULL;

  g_return_val_if_fail (access != NULL && file != NULL, FALSE);

  allow = g_key_file_get_value (file, "metrics", "allow", NULL);
  if (allow != NULL)
    {
      g_auto(GStrv) items = g_strsplit_set (allow, ";,", -1);

      g_ptr_array_set_size (access->allow, 0);
      for (guint i = 0; items[i] != NULL; i++)
        if (*g_strstrip (items[i]) != '\0' && !add_mask (access, items[i], error))
          return FALSE;
    }
  token_file = g_key_file_get_string (file, "metrics", "token_file", NULL);
  return token_file == NULL || read_token (access, token_file, error);
}

static gboolean
token_matches (const char *expected,
               const char *token)
{
  gsize length = strlen (expected);

  /* the length is no secret; the bytes are compared in constant time */
  return token != NULL && strlen (token) == length && sodium_memcmp (expected, token, length) == 0;
}

/**
 * rapportd_metrics_access_allows:
 * @access: the access
 * @address: (nullable): the peer's address, as the HTTP server gives it
 * @token: (nullable): the request's Bearer token
 *
 * Returns: whether a scrape from @address with @token is answered
 */
gboolean
rapportd_metrics_access_allows (const RapportdMetricsAccess *access,
                                const char                  *address,
                                const char                  *token)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (access != NULL, FALSE);

  if (access->token != NULL && token_matches (access->token, token))
    return TRUE;
  inet = address ? g_inet_address_new_from_string (address) : NULL;
  if (inet == NULL)
    return FALSE;
  for (guint i = 0; i < access->allow->len; i++)
    {
      GInetAddressMask *mask = g_ptr_array_index (access->allow, i);

      if (g_inet_address_get_family (inet) == g_inet_address_mask_get_family (mask) &&
          g_inet_address_mask_matches (mask, inet))
        return TRUE;
    }
  return FALSE;
}

void
rapportd_metrics_access_free (RapportdMetricsAccess *access)
{
  if (access == NULL)
    return;
  g_ptr_array_unref (access->allow);
  if (access->token != NULL)
    sodium_memzero (access->token, strlen (access->token));
  g_free (access->token);
  g_free (access);
}
