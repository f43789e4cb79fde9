/* rapport-test-keys.h: keys typed through the X server (XTest), as a keyboard sends them */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rapport_test_keys_send (GtkWidget  *window,
                             const char *keys);

G_END_DECLS
