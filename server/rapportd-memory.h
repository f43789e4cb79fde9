/* rapportd-memory.h: how rapportd's malloc keeps and gives back memory */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void rapportd_memory_setup (void);

G_END_DECLS
