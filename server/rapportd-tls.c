/* rapportd-tls.c: the server's TLS certificate: configured, or self-signed on first start */
#include "rapportd-tls.h"
#include "crm-error.h"

#include <glib/gstdio.h>

static gboolean
generate_self_signed (const char  *dir,
                      const char  *cert,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  g_autofree char *subject = g_strdup_printf ("/CN=%s/O=Rapport", g_get_host_name ());
  g_autofree char *san = g_strdup_printf ("subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1,IP:::1",
                                          g_get_host_name ());

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create %s", dir);
      return FALSE;
    }
  g_message ("Generating a self-signed TLS certificate in %s", dir);
  process = g_subprocess_launcher_spawn (launcher, error, "openssl", "req", "-x509",
                                         "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                         "-nodes", "-days", "3650", "-subj", subject,
                                         "-addext", san, "-keyout", key, "-out", cert, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "openssl failed:\n%s", output);
      return FALSE;
    }
  g_chmod (key, 0600);
  return TRUE;
}

/* TLS 1.2 and 1.3 only, forward-secret key exchange, AEAD ciphers only (no
 * CBC, no SHA-1 MACs), no compression; the one profile for every connection */
#define TLS_PROFILE "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:" \
                    "-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:" \
                    "-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA:" \
                    "-COMP-ALL:+COMP-NULL:%SAFE_RENEGOTIATION"

/**
 * rapportd_tls_profile:
 *
 * Returns: the GnuTLS priority string rapportd serves TLS with
 */
const char *
rapportd_tls_profile (void)
{
  return TLS_PROFILE;
}

/**
 * rapportd_tls_load:
 * @data_dir: rapportd's data directory
 * @cert_path: (nullable): a configured certificate (PEM)
 * @key_path: (nullable): its private key (PEM)
 * @error: return location for a #GError
 *
 * Without a configured certificate, uses `DATA_DIR/tls/`, creating a
 * self-signed one there on first start.  Sets rapportd's TLS profile
 * (rapportd_tls_profile()) for every connection made afterwards.
 *
 * Returns: (transfer full): the certificate with its key
 */
GTlsCertificate *
rapportd_tls_load (const char  *data_dir,
                   const char  *cert_path,
                   const char  *key_path,
                   GError     **error)
{
  g_autofree char *dir = g_build_filename (data_dir, "tls", NULL);
  g_autofree char *cert = cert_path ? g_strdup (cert_path) : g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = key_path ? g_strdup (key_path) : g_build_filename (dir, "key.pem", NULL);

  g_return_val_if_fail (data_dir != NULL, NULL);

  /* glib-networking reads it once, when it sets up its first connection */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", TLS_PROFILE, TRUE);

  if (cert_path == NULL && !g_file_test (cert, G_FILE_TEST_EXISTS) &&
      !generate_self_signed (dir, cert, key, error))
    return NULL;
  return g_tls_certificate_new_from_files (cert, key, error);
}
