/* rapportd-checkpoint.c: Ed25519-signed checkpoints of the audit chain's head */
#include "rapportd-checkpoint.h"
#include "crm-error.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
to_hex (const guchar *bytes,
        gsize         n)
{
  char *hex = g_malloc (2 * n + 1);

  sodium_bin2hex (hex, 2 * n + 1, bytes, n);
  return hex;
}

static gboolean
from_hex (const char *hex,
          guchar     *bytes,
          gsize       n)
{
  size_t len = 0;

  return hex && strlen (hex) == 2 * n &&
         sodium_hex2bin (bytes, n, hex, strlen (hex), NULL, &len, NULL) == 0 && len == n;
}

/**
 * rapportd_checkpoint_load_key:
 * @data_dir: rapportd's data directory
 * @key: (out caller-allocates): the key pair
 * @error: return location for a #GError
 *
 * Reads `DATA_DIR/keys/audit-ed25519.key`, creating it (mode 0600) on first use.
 */
gboolean
rapportd_checkpoint_load_key (const char          *data_dir,
                              RapportdSigningKey  *key,
                              GError             **error)
{
  g_autofree char *dir = g_build_filename (data_dir, "keys", NULL);
  g_autofree char *path = g_build_filename (dir, "audit-ed25519.key", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &contents, &length, NULL) && length == sizeof key->secret)
    {
      memcpy (key->secret, contents, sizeof key->secret);
      crypto_sign_ed25519_sk_to_pk (key->public, key->secret);
      sodium_memzero (contents, length);
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s", dir);
      return FALSE;
    }
  crypto_sign_keypair (key->public, key->secret);
  if (!g_file_set_contents_full (path, (const char *) key->secret, sizeof key->secret,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  g_message ("Created the audit signing key %s", path);
  return TRUE;
}

/* what is signed: the chain's last row and its hash, at a time */
char *
rapportd_checkpoint_message (guint64     last_id,
                             const char *hash,
                             const char *signed_at)
{
  return g_strdup_printf ("rapport-audit-checkpoint-v1\n%" G_GUINT64_FORMAT "\n%s\n%s\n", last_id, hash, signed_at);
}

/**
 * rapportd_checkpoint_maybe_sign:
 * @db: a connection
 * @key: the server's signing key
 * @every_rows: sign once this many rows were appended since the last checkpoint
 * @every_seconds: or once this long has passed, if any row was appended
 * @signed_one: (out) (optional): whether a checkpoint was signed
 * @error: return location for a #GError
 */
gboolean
rapportd_checkpoint_maybe_sign (RapportdDb               *db,
                                const RapportdSigningKey *key,
                                guint                     every_rows,
                                guint                     every_seconds,
                                gboolean                 *signed_one,
                                GError                  **error)
{
  g_autoptr(RapportdSql) head_sql = rapportd_sql_new ("SELECT last_id, hash FROM audit_head WHERE id = 1");
  g_autoptr(RapportdSql) last_sql = rapportd_sql_new ("SELECT last_audit_id, signed_at FROM audit_checkpoints ORDER BY id DESC LIMIT 1");
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdDbResult) head = NULL;
  g_autoptr(RapportdDbResult) last = NULL;
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *message = NULL;
  g_autofree char *signature_hex = NULL;
  g_autofree char *public_hex = NULL;
  guchar signature[crypto_sign_BYTES];
  guint64 head_id, last_id = 0;
  gint64 last_at = 0;

  if (signed_one)
    *signed_one = FALSE;
  if ((head = rapportd_db_query (db, head_sql, error)) == NULL || (last = rapportd_db_query (db, last_sql, error)) == NULL)
    return FALSE;
  if (head->n_rows != 1)
    return TRUE;
  head_id = g_ascii_strtoull (rapportd_db_result_get (head, 0, 0), NULL, 10);
  if (last->n_rows == 1)
    {
      last_id = g_ascii_strtoull (rapportd_db_result_get (last, 0, 0), NULL, 10);
      rapportd_sql_parse_time (rapportd_db_result_get (last, 0, 1), &last_at);
    }
  if (head_id <= last_id)
    return TRUE;
  if (head_id - last_id < every_rows && g_get_real_time () - last_at < (gint64) every_seconds * G_USEC_PER_SEC)
    return TRUE;

  message = rapportd_checkpoint_message (head_id, rapportd_db_result_get (head, 0, 1), now);
  crypto_sign_detached (signature, NULL, (const guchar *) message, strlen (message), key->secret);
  signature_hex = to_hex (signature, sizeof signature);
  public_hex = to_hex (key->public, sizeof key->public);
  insert = rapportd_sql_new ("INSERT INTO audit_checkpoints (last_audit_id, head_hash, signed_at, public_key, signature) "
                             "VALUES (?, ?, ?, ?, ?)");
  rapportd_sql_add_int (insert, head_id);
  rapportd_sql_add_text (insert, rapportd_db_result_get (head, 0, 1));
  rapportd_sql_add_text (insert, now);
  rapportd_sql_add_text (insert, public_hex);
  rapportd_sql_add_text (insert, signature_hex);
  if (!rapportd_db_execute (db, insert, NULL, NULL, error))
    return FALSE;
  if (signed_one)
    *signed_one = TRUE;
  return TRUE;
}

gboolean
rapportd_checkpoint_verify (const char *public_key_hex,
                            guint64     last_id,
                            const char *hash,
                            const char *signed_at,
                            const char *signature_hex)
{
  guchar public[crypto_sign_PUBLICKEYBYTES];
  guchar signature[crypto_sign_BYTES];
  g_autofree char *message = NULL;

  if (!from_hex (public_key_hex, public, sizeof public) || !from_hex (signature_hex, signature, sizeof signature))
    return FALSE;
  message = rapportd_checkpoint_message (last_id, hash, signed_at);
  return crypto_sign_verify_detached (signature, (const guchar *) message, strlen (message), public) == 0;
}
