/* rapportd-borrowed-output.c: RapportdBorrowedOutput, a connection's output lent to the HTTP server for one request */
#include "rapportd-borrowed-output.h"

/* The HTTP server sees each request on a connection as a connection of its
 * own, and closes it when it has answered; a kept-alive connection must
 * outlive that, so closing this stream only flushes, and the connection
 * stays with the listener. */
struct _RapportdBorrowedOutput
{
  GOutputStream  parent_instance;

  GOutputStream *base;
};

static void pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportdBorrowedOutput, rapportd_borrowed_output, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM, pollable_init))

static gssize
borrowed_write (GOutputStream  *stream,
                const void     *buffer,
                gsize           count,
                GCancellable   *cancellable,
                GError        **error)
{
  RapportdBorrowedOutput *self = RAPPORTD_BORROWED_OUTPUT (stream);

  return g_output_stream_write (self->base, buffer, count, cancellable, error);
}

static gboolean
borrowed_flush (GOutputStream  *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  RapportdBorrowedOutput *self = RAPPORTD_BORROWED_OUTPUT (stream);

  return g_output_stream_flush (self->base, cancellable, error);
}

static gboolean
borrowed_close (GOutputStream  *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  return TRUE;
}

static gboolean
borrowed_can_poll (GPollableOutputStream *stream)
{
  return TRUE;
}

static gboolean
borrowed_is_writable (GPollableOutputStream *stream)
{
  RapportdBorrowedOutput *self = RAPPORTD_BORROWED_OUTPUT (stream);

  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (self->base));
}

static GSource *
borrowed_create_source (GPollableOutputStream *stream,
                        GCancellable          *cancellable)
{
  RapportdBorrowedOutput *self = RAPPORTD_BORROWED_OUTPUT (stream);
  g_autoptr(GSource) base_source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (self->base), NULL);

  return g_pollable_source_new_full (self, base_source, cancellable);
}

static gssize
borrowed_write_nonblocking (GPollableOutputStream  *stream,
                            const void             *buffer,
                            gsize                   count,
                            GError                **error)
{
  RapportdBorrowedOutput *self = RAPPORTD_BORROWED_OUTPUT (stream);

  return g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->base),
                                                     buffer, count, NULL, error);
}

static void
pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = borrowed_can_poll;
  iface->is_writable = borrowed_is_writable;
  iface->create_source = borrowed_create_source;
  iface->write_nonblocking = borrowed_write_nonblocking;
}

static void
rapportd_borrowed_output_finalize (GObject *object)
{
  RapportdBorrowedOutput *self = RAPPORTD_BORROWED_OUTPUT (object);

  g_clear_object (&self->base);

  G_OBJECT_CLASS (rapportd_borrowed_output_parent_class)->finalize (object);
}

static void
rapportd_borrowed_output_class_init (RapportdBorrowedOutputClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rapportd_borrowed_output_finalize;
  stream_class->write_fn = borrowed_write;
  stream_class->flush = borrowed_flush;
  stream_class->close_fn = borrowed_close;
}

static void
rapportd_borrowed_output_init (RapportdBorrowedOutput *self)
{
}

/**
 * rapportd_borrowed_output_new:
 * @base: a pollable output stream, which closing this one leaves open
 *
 * Returns: (transfer full): a stream that writes to @base
 */
GOutputStream *
rapportd_borrowed_output_new (GOutputStream *base)
{
  RapportdBorrowedOutput *self;

  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (base), NULL);

  self = g_object_new (RAPPORTD_TYPE_BORROWED_OUTPUT, NULL);
  self->base = g_object_ref (base);
  return G_OUTPUT_STREAM (self);
}
