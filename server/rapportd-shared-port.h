/* rapportd-shared-port.h: listening sockets that share one port (SO_REUSEPORT), one an HTTP thread */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  rapportd_shared_port_is_free (GInetAddress  *address,
                                        guint          port,
                                        GError       **error);
GSocket  *rapportd_shared_port_listen  (GInetAddress  *address,
                                        guint          port,
                                        GError       **error);

G_END_DECLS
