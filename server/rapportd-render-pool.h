/* rapportd-render-pool.h: runs a render function on one of a few long-lived render threads and waits for it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* runs on a render thread; returns the result or %NULL with @error set */
typedef gpointer (*RapportdRenderFunc) (gpointer   data,
                                        GError   **error);

gpointer rapportd_render_pool_run (RapportdRenderFunc   func,
                                   gpointer             data,
                                   GError             **error);

G_END_DECLS
