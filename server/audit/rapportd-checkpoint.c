/* rapportd-checkpoint.c: Ed25519-signed checkpoints of the audit chains' heads */
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

/**
 * rapportd_checkpoint_public_key:
 * @data_dir: rapportd's data directory
 *
 * Returns: (transfer full) (nullable): the public half (hex) of the signing
 *   key kept there, or %NULL when it cannot be read; never creates one
 */
char *
rapportd_checkpoint_public_key (const char *data_dir)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  guchar public[crypto_sign_PUBLICKEYBYTES];
  gsize length = 0;

  g_return_val_if_fail (data_dir != NULL, NULL);

  path = g_build_filename (data_dir, "keys", "audit-ed25519.key", NULL);
  if (!g_file_get_contents (path, &contents, &length, NULL) || length != crypto_sign_SECRETKEYBYTES)
    return NULL;
  crypto_sign_ed25519_sk_to_pk (public, (const guchar *) contents);
  sodium_memzero (contents, length);
  return to_hex (public, sizeof public);
}

/* what is signed. v1: the single chain's last row and its hash, at a time;
 * v2: the greatest last row of all chains and the SHA-256 of every chain's
 * head (see heads_text()), at a time */
static char *
checkpoint_message (gboolean    all_chains,
                    guint64     last_id,
                    const char *hash,
                    const char *signed_at)
{
  return g_strdup_printf ("rapport-audit-checkpoint-%s\n%" G_GUINT64_FORMAT "\n%s\n%s\n",
                          all_chains ? "v2" : "v1", last_id, hash, signed_at);
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* one line a chain, in chain order: "CHAIN LAST_ID HASH" */
static char *
heads_text (RapportdDbResult *chains,
            guint64          *max_id)
{
  GString *text = g_string_new (NULL);

  *max_id = 0;
  for (guint r = 0; r < chains->n_rows; r++)
    {
      guint64 last = g_ascii_strtoull (rapportd_db_result_get (chains, r, 1), NULL, 10);

      g_string_append_printf (text, "%s %s %s\n", rapportd_db_result_get (chains, r, 0),
                              rapportd_db_result_get (chains, r, 1), rapportd_db_result_get (chains, r, 2));
      *max_id = MAX (*max_id, last);
    }
  return g_string_free (text, FALSE);
}

/**
 * rapportd_checkpoint_parse_heads:
 * @last_id: the checkpoint's last_audit_id
 * @hash: its head_hash
 * @heads: (nullable): its heads, %NULL for a checkpoint of the single chain of old
 *
 * Returns: (transfer full) (element-type RapportdChainHead) (nullable): the
 *   chain heads the checkpoint signs, or %NULL when @heads is malformed
 */
GArray *
rapportd_checkpoint_parse_heads (guint64     last_id,
                                 const char *hash,
                                 const char *heads)
{
  g_autoptr(GArray) parsed = g_array_new (FALSE, TRUE, sizeof (RapportdChainHead));
  g_auto(GStrv) lines = NULL;

  if (hash == NULL || strlen (hash) != 64)
    return NULL;
  if (heads == NULL)
    {
      RapportdChainHead head = { .chain = 0, .last_id = last_id };

      memcpy (head.hash, hash, 65);
      g_array_append_val (parsed, head);
      return g_steal_pointer (&parsed);
    }
  lines = g_strsplit (heads, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      RapportdChainHead head = { 0 };
      guint64 chain;

      if (lines[i][0] == '\0')
        continue;
      words = g_strsplit (lines[i], " ", -1);
      if (g_strv_length (words) != 3 || strlen (words[2]) != 64 ||
          !g_ascii_string_to_unsigned (words[0], 10, 0, G_MAXUINT8, &chain, NULL) ||
          !g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT64, &head.last_id, NULL))
        return NULL;
      head.chain = (guint) chain;
      memcpy (head.hash, words[2], 65);
      g_array_append_val (parsed, head);
    }
  return g_steal_pointer (&parsed);
}

/**
 * rapportd_checkpoint_maybe_sign:
 * @db: a connection
 * @key: the server's signing key
 * @every_rows: sign once about this many rows were appended since the last checkpoint
 * @every_seconds: or once this long has passed, if any row was appended
 * @signed_one: (out) (optional): whether a checkpoint was signed
 * @error: return location for a #GError
 *
 * Signs the heads of every chain as one statement read them, which is one
 * moment of the database: appends go on meanwhile.
 */
gboolean
rapportd_checkpoint_maybe_sign (RapportdDb               *db,
                                const RapportdSigningKey *key,
                                guint                     every_rows,
                                guint                     every_seconds,
                                gboolean                 *signed_one,
                                GError                  **error)
{
  g_autoptr(RapportdSql) chains_sql = rapportd_sql_new ("SELECT id, last_id, hash FROM audit_chains ORDER BY id");
  g_autoptr(RapportdSql) last_sql = rapportd_sql_new ("SELECT last_audit_id, signed_at, heads FROM audit_checkpoints "
                                                      "ORDER BY id DESC LIMIT 1");
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdDbResult) chains = NULL;
  g_autoptr(RapportdDbResult) last = NULL;
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *heads = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *message = NULL;
  g_autofree char *signature_hex = NULL;
  g_autofree char *public_hex = NULL;
  guchar signature[crypto_sign_BYTES];
  guint64 head_id, last_id = 0;
  gint64 last_at = 0;

  g_return_val_if_fail (db != NULL && key != NULL, FALSE);

  if (signed_one)
    *signed_one = FALSE;
  if ((chains = rapportd_db_query (db, chains_sql, error)) == NULL || (last = rapportd_db_query (db, last_sql, error)) == NULL)
    return FALSE;
  if (chains->n_rows == 0)
    return TRUE;
  heads = heads_text (chains, &head_id);
  if (last->n_rows == 1)
    {
      /* nothing appended since */
      if (g_strcmp0 (rapportd_db_result_get (last, 0, 2), heads) == 0)
        return TRUE;
      last_id = g_ascii_strtoull (rapportd_db_result_get (last, 0, 0), NULL, 10);
      rapportd_sql_parse_time (rapportd_db_result_get (last, 0, 1), &last_at);
    }
  if (head_id == 0)
    return TRUE;
  /* ids, drawn from a sequence, count the rows only about: a few are lost
   * to rollbacks and restarts, which only brings a checkpoint forward */
  if (head_id < last_id + every_rows && g_get_real_time () - last_at < (gint64) every_seconds * G_USEC_PER_SEC)
    return TRUE;

  digest = sha256_hex (heads);
  message = checkpoint_message (TRUE, head_id, digest, now);
  crypto_sign_detached (signature, NULL, (const guchar *) message, strlen (message), key->secret);
  signature_hex = to_hex (signature, sizeof signature);
  public_hex = to_hex (key->public, sizeof key->public);
  insert = rapportd_sql_new ("INSERT INTO audit_checkpoints (last_audit_id, head_hash, signed_at, public_key, signature, heads) "
                             "VALUES (?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_int (insert, head_id);
  rapportd_sql_add_text (insert, digest);
  rapportd_sql_add_text (insert, now);
  rapportd_sql_add_text (insert, public_hex);
  rapportd_sql_add_text (insert, signature_hex);
  rapportd_sql_add_text (insert, heads);
  if (!rapportd_db_execute (db, insert, NULL, NULL, error))
    return FALSE;
  /* a copy outside the database, which whoever can write it cannot take back */
  g_message ("Signed audit checkpoint: rows up to %" G_GUINT64_FORMAT ", heads SHA-256 %s, at %s, signature %s",
             head_id, digest, now, signature_hex);
  if (signed_one)
    *signed_one = TRUE;
  return TRUE;
}

/**
 * rapportd_checkpoint_verify:
 * @public_key_hex: the key to check against
 * @last_id: the checkpoint's last_audit_id
 * @hash: its head_hash
 * @signed_at: its signed_at, as signed
 * @heads: (nullable): its heads, %NULL for a checkpoint of the single chain of old
 * @signature_hex: its signature
 *
 * Returns: whether the key signed exactly this
 */
gboolean
rapportd_checkpoint_verify (const char *public_key_hex,
                            guint64     last_id,
                            const char *hash,
                            const char *signed_at,
                            const char *heads,
                            const char *signature_hex)
{
  guchar public[crypto_sign_PUBLICKEYBYTES];
  guchar signature[crypto_sign_BYTES];
  g_autofree char *message = NULL;

  if (!from_hex (public_key_hex, public, sizeof public) || !from_hex (signature_hex, signature, sizeof signature) ||
      hash == NULL || signed_at == NULL)
    return FALSE;
  if (heads != NULL)
    {
      g_autofree char *digest = sha256_hex (heads);

      if (g_strcmp0 (digest, hash) != 0)
        return FALSE;
    }
  message = checkpoint_message (heads != NULL, last_id, hash, signed_at);
  return crypto_sign_verify_detached (signature, (const guchar *) message, strlen (message), public) == 0;
}
