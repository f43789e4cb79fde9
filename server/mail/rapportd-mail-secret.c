/* rapportd-mail-secret.c: mailbox passwords sealed under a key derived from the data directory's key */

/* A password is kept as base64 (nonce || crypto_secretbox): XSalsa20-Poly1305
 * under the "mailpass" key derived from DATA_DIR/keys/attachments.key, so a
 * dump of the database holds no password in clear. */
#include "rapportd-mail-secret.h"
#include "rapportd-blob-store.h"
#include "crm-error.h"

#include <sodium.h>
#include <string.h>

G_STATIC_ASSERT (RAPPORTD_BLOB_SUBKEY_BYTES == crypto_secretbox_KEYBYTES);

/**
 * rapportd_mail_secret_seal:
 * @password: the password in clear
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the sealed password, as ASCII
 */
char *
rapportd_mail_secret_seal (const char  *password,
                           GError     **error)
{
  guchar key[crypto_secretbox_KEYBYTES];
  gsize length;
  g_autofree guchar *sealed = NULL;
  char *text;

  g_return_val_if_fail (password != NULL, NULL);

  if (!rapportd_blob_store_derive_key ("mailpass", key, error))
    return NULL;
  length = strlen (password);
  sealed = g_malloc (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + length);
  randombytes_buf (sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + crypto_secretbox_NONCEBYTES, (const guchar *) password, length, sealed, key);
  sodium_memzero (key, sizeof key);
  text = g_base64_encode (sealed, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + length);
  return text;
}

/**
 * rapportd_mail_secret_open:
 * @sealed: what rapportd_mail_secret_seal() made
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the password in clear; free it with
 *   g_free() after clearing it
 */
char *
rapportd_mail_secret_open (const char  *sealed,
                           GError     **error)
{
  guchar key[crypto_secretbox_KEYBYTES];
  gsize length = 0;
  g_autofree guchar *bytes = NULL;
  char *password;
  int failed;

  g_return_val_if_fail (sealed != NULL, NULL);

  bytes = g_base64_decode (sealed, &length);
  if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the mailbox password is damaged");
      return NULL;
    }
  if (!rapportd_blob_store_derive_key ("mailpass", key, error))
    return NULL;
  length -= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  password = g_malloc0 (length + 1);
  failed = crypto_secretbox_open_easy ((guchar *) password, bytes + crypto_secretbox_NONCEBYTES,
                                       length + crypto_secretbox_MACBYTES, bytes, key);
  sodium_memzero (key, sizeof key);
  if (failed != 0)
    {
      g_free (password);
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INTERNAL,
                           "the mailbox password cannot be opened with this data directory's key");
      return NULL;
    }
  return password;
}
