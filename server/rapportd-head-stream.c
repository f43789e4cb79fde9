/* rapportd-head-stream.c: RapportdHeadStream, a connection's input with its already-read request head in front */
#include "rapportd-head-stream.h"

/* The listener reads and checks a request's head before the HTTP server sees
 * the connection; this stream gives those bytes back first, then reads on,
 * as far as the request's body goes when its length is known: past it
 * (where the next request on a kept-alive connection starts) the server
 * reads an end of stream, and the listener reads and checks that head in
 * turn.  Closing it leaves the connection to its owner, and once cut it
 * reads no more: the server then sees a broken connection and lets it go. */
struct _RapportdHeadStream
{
  GInputStream  parent_instance;

  GInputStream *base;
  GBytes       *head;
  gsize         offset;
  /* what may still be read from base; -1: no end */
  gint64        unread;
  gboolean      cut;
};

static void pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportdHeadStream, rapportd_head_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM, pollable_init))

static gssize
take_head (RapportdHeadStream *self,
           void               *buffer,
           gsize               count)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->head, &size);
  gsize n = MIN (count, size - self->offset);

  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return n;
}

static gboolean
has_head (RapportdHeadStream *self)
{
  return self->offset < g_bytes_get_size (self->head);
}

/* the request's end is reached: an end of stream, and readable at once */
static gboolean
at_end (RapportdHeadStream *self)
{
  return !has_head (self) && self->unread == 0;
}

static gsize
bounded (RapportdHeadStream *self,
         gsize               count)
{
  return self->unread < 0 ? count : (gsize) MIN ((guint64) count, (guint64) self->unread);
}

static gssize
count_read (RapportdHeadStream *self,
            gssize              n)
{
  if (n > 0 && self->unread > 0)
    self->unread -= n;
  return n;
}

static gboolean
refuse_if_cut (RapportdHeadStream  *self,
               GError             **error)
{
  if (!self->cut)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "request refused");
  return TRUE;
}

static gssize
head_stream_read (GInputStream  *stream,
                  void          *buffer,
                  gsize          count,
                  GCancellable  *cancellable,
                  GError       **error)
{
  RapportdHeadStream *self = RAPPORTD_HEAD_STREAM (stream);

  if (refuse_if_cut (self, error))
    return -1;
  if (has_head (self))
    return take_head (self, buffer, count);
  if (at_end (self))
    return 0;
  return count_read (self, g_input_stream_read (self->base, buffer, bounded (self, count), cancellable, error));
}

static gboolean
head_stream_close (GInputStream  *stream,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return TRUE;
}

static gboolean
head_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
head_stream_is_readable (GPollableInputStream *stream)
{
  RapportdHeadStream *self = RAPPORTD_HEAD_STREAM (stream);

  return self->cut || has_head (self) || at_end (self) ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
head_stream_create_source (GPollableInputStream *stream,
                           GCancellable         *cancellable)
{
  RapportdHeadStream *self = RAPPORTD_HEAD_STREAM (stream);
  g_autoptr(GSource) base_source = NULL;
  GSource *source;

  if (self->cut || has_head (self) || at_end (self))
    {
      source = g_pollable_source_new_full (self, NULL, cancellable);
      g_source_set_ready_time (source, 0);
      return source;
    }
  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);
  return g_pollable_source_new_full (self, base_source, cancellable);
}

static gssize
head_stream_read_nonblocking (GPollableInputStream  *stream,
                              void                  *buffer,
                              gsize                  count,
                              GError               **error)
{
  RapportdHeadStream *self = RAPPORTD_HEAD_STREAM (stream);

  if (refuse_if_cut (self, error))
    return -1;
  if (has_head (self))
    return take_head (self, buffer, count);
  if (at_end (self))
    return 0;
  return count_read (self, g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base),
                                                                     buffer, bounded (self, count), NULL, error));
}

static void
pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = head_stream_can_poll;
  iface->is_readable = head_stream_is_readable;
  iface->create_source = head_stream_create_source;
  iface->read_nonblocking = head_stream_read_nonblocking;
}

static void
rapportd_head_stream_finalize (GObject *object)
{
  RapportdHeadStream *self = RAPPORTD_HEAD_STREAM (object);

  g_clear_object (&self->base);
  g_clear_pointer (&self->head, g_bytes_unref);

  G_OBJECT_CLASS (rapportd_head_stream_parent_class)->finalize (object);
}

static void
rapportd_head_stream_class_init (RapportdHeadStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rapportd_head_stream_finalize;
  stream_class->read_fn = head_stream_read;
  stream_class->close_fn = head_stream_close;
}

static void
rapportd_head_stream_init (RapportdHeadStream *self)
{
}

/**
 * rapportd_head_stream_new:
 * @base: a pollable input stream, which closing this one leaves open
 * @head: the bytes already read from @base
 * @unread: how many more bytes may be read from @base, or -1 for all
 *
 * Returns: (transfer full): a stream that reads @head, then @base up to
 *   @unread bytes, then ends
 */
GInputStream *
rapportd_head_stream_new (GInputStream *base,
                          GBytes       *head,
                          gint64        unread)
{
  RapportdHeadStream *self;

  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (head != NULL, NULL);

  self = g_object_new (RAPPORTD_TYPE_HEAD_STREAM, NULL);
  self->base = g_object_ref (base);
  self->head = g_bytes_ref (head);
  self->unread = unread;
  return G_INPUT_STREAM (self);
}

/**
 * rapportd_head_stream_is_done:
 * @self: a #RapportdHeadStream
 *
 * Returns: whether everything it had to give was read: its head, and its
 *   bounded part of the base stream
 */
gboolean
rapportd_head_stream_is_done (RapportdHeadStream *self)
{
  g_return_val_if_fail (RAPPORTD_IS_HEAD_STREAM (self), FALSE);

  return !self->cut && at_end (self);
}

/**
 * rapportd_head_stream_cut:
 * @self: a #RapportdHeadStream
 *
 * Every later read fails, and the stream reports itself readable so that a
 * reader waiting on it learns at once.
 */
void
rapportd_head_stream_cut (RapportdHeadStream *self)
{
  g_return_if_fail (RAPPORTD_IS_HEAD_STREAM (self));

  self->cut = TRUE;
}
