/* rapportd-tls-guard.c: RapportdTlsGuard, a TLS connection's raw input that refuses renegotiation */
#include "rapportd-tls-guard.h"

/* GnuTLS leaves client-initiated renegotiation to the application and
 * glib-networking always accepts it.  This stream sits under the TLS layer
 * and follows the record headers: once the first handshake is done, a
 * handshake record from the client can only be a renegotiation (TLS 1.3
 * sends everything after its handshake as application data records), and
 * the connection fails instead. */

#define RECORD_HEADER    5
#define RECORD_HANDSHAKE 22

struct _RapportdTlsGuard
{
  GInputStream  parent_instance;

  GInputStream *base;
  gboolean      handshake_done;
  gboolean      refused;
  guint8        header[RECORD_HEADER];
  gsize         header_length;
  gsize         body_left;
};

static void pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportdTlsGuard, rapportd_tls_guard, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, pollable_init))

/* follows the records in what was read; FALSE at a refused one */
static gboolean
inspect (RapportdTlsGuard *self,
         const guint8     *data,
         gsize             length)
{
  gsize i = 0;

  while (i < length)
    {
      if (self->body_left > 0)
        {
          gsize n = MIN (self->body_left, length - i);

          self->body_left -= n;
          i += n;
          continue;
        }
      self->header[self->header_length++] = data[i++];
      if (self->header_length < RECORD_HEADER)
        continue;
      self->header_length = 0;
      self->body_left = (self->header[3] << 8) | self->header[4];
      if (self->handshake_done && self->header[0] == RECORD_HANDSHAKE)
        return FALSE;
    }
  return TRUE;
}

static gssize
checked (RapportdTlsGuard  *self,
         const void        *buffer,
         gssize             n,
         GError           **error)
{
  if (n > 0 && !inspect (self, buffer, n))
    self->refused = TRUE;
  if (self->refused)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "TLS renegotiation refused");
      return -1;
    }
  return n;
}

static gssize
guard_read (GInputStream  *stream,
            void          *buffer,
            gsize          count,
            GCancellable  *cancellable,
            GError       **error)
{
  RapportdTlsGuard *self = RAPPORTD_TLS_GUARD (stream);
  gssize n;

  if (self->refused)
    return checked (self, buffer, 0, error);
  n = g_input_stream_read (self->base, buffer, count, cancellable, error);
  return n < 0 ? n : checked (self, buffer, n, error);
}

static gboolean
guard_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
guard_is_readable (GPollableInputStream *stream)
{
  RapportdTlsGuard *self = RAPPORTD_TLS_GUARD (stream);

  return self->refused || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
guard_create_source (GPollableInputStream *stream,
                     GCancellable         *cancellable)
{
  RapportdTlsGuard *self = RAPPORTD_TLS_GUARD (stream);
  g_autoptr(GSource) base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);

  return g_pollable_source_new_full (self, base_source, cancellable);
}

static gssize
guard_read_nonblocking (GPollableInputStream  *stream,
                        void                  *buffer,
                        gsize                  count,
                        GError               **error)
{
  RapportdTlsGuard *self = RAPPORTD_TLS_GUARD (stream);
  gssize n;

  if (self->refused)
    return checked (self, buffer, 0, error);
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base), buffer, count, NULL, error);
  return n < 0 ? n : checked (self, buffer, n, error);
}

static void
pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = guard_can_poll;
  iface->is_readable = guard_is_readable;
  iface->create_source = guard_create_source;
  iface->read_nonblocking = guard_read_nonblocking;
}

static void
rapportd_tls_guard_finalize (GObject *object)
{
  RapportdTlsGuard *self = RAPPORTD_TLS_GUARD (object);

  g_clear_object (&self->base);

  G_OBJECT_CLASS (rapportd_tls_guard_parent_class)->finalize (object);
}

static void
rapportd_tls_guard_class_init (RapportdTlsGuardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapportd_tls_guard_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = guard_read;
}

static void
rapportd_tls_guard_init (RapportdTlsGuard *self)
{
}

/**
 * rapportd_tls_guard_new:
 * @base: the connection's pollable raw input
 *
 * Returns: (transfer full): a stream that reads @base
 */
GInputStream *
rapportd_tls_guard_new (GInputStream *base)
{
  RapportdTlsGuard *self;

  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (base), NULL);

  self = g_object_new (RAPPORTD_TYPE_TLS_GUARD, NULL);
  self->base = g_object_ref (base);
  return G_INPUT_STREAM (self);
}

/**
 * rapportd_tls_guard_handshake_done:
 * @self: a #RapportdTlsGuard
 *
 * From now on, a handshake record from the client fails the connection.
 */
void
rapportd_tls_guard_handshake_done (RapportdTlsGuard *self)
{
  g_return_if_fail (RAPPORTD_IS_TLS_GUARD (self));

  self->handshake_done = TRUE;
}
