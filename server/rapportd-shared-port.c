/* rapportd-shared-port.c: listening sockets that share one port (SO_REUSEPORT), one an HTTP thread */
#include "rapportd-shared-port.h"

#include <errno.h>
#include <sys/socket.h>

/* Why SO_REUSEPORT rather than one socket accepted from by every thread:
 * the kernel hands each connection to one thread's socket, so there is no
 * thundering herd and no failed accept (which GSocketService reports as a
 * warning), and no lock is taken to accept. */

/**
 * rapportd_shared_port_is_free:
 * @address: an address
 * @port: a port
 * @error: return location for a #GError
 *
 * Fails when something listens on the port already: with SO_REUSEPORT
 * alone, a second rapportd of the same user would silently share it.
 *
 * Returns: %TRUE when nothing listens on @address:@port
 */
gboolean
rapportd_shared_port_is_free (GInetAddress  *address,
                              guint          port,
                              GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  g_autoptr(GSocket) probe = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, error);

  return probe != NULL && g_socket_bind (probe, socket_address, TRUE, error);
}

/**
 * rapportd_shared_port_listen:
 * @address: an address
 * @port: a port, or 0 for any free one
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a socket listening on @address:@port
 *   with SO_REUSEPORT, beside the other sockets of this process on that port
 */
GSocket *
rapportd_shared_port_listen (GInetAddress  *address,
                             guint          port,
                             GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);
  struct sockaddr_storage native;

  /* bind(2) itself: g_socket_bind() turns SO_REUSEPORT off on stream sockets */
  if (socket == NULL ||
      !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, 1, error) ||
      !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, 1, error) ||
      !g_socket_address_to_native (socket_address, &native, sizeof native, error))
    return NULL;
  if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native,
            g_socket_address_get_native_size (socket_address)) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_inet_address_to_string (address);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Error binding to address %s:%u: %s", name, port, g_strerror (saved));
      return NULL;
    }
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}
