/* rapportd-soup-body.h: bodies the HTTP server reads (chunked, or heads the listener does not read plainly): held to their route's limit, uploads spooled to a file */
#pragma once

#include <libsoup/soup.h>

#include "rapportd-listener.h"

G_BEGIN_DECLS

gboolean rapportd_soup_body_start (SoupServerMessage  *msg,
                                   RapportdListener   *listener,
                                   gsize               max_body,
                                   gsize               max_upload,
                                   GError            **error);
gboolean rapportd_soup_body_take  (SoupServerMessage  *msg,
                                   GBytes            **body,
                                   GError            **error);

G_END_DECLS
