/* crm-search-text-private.h: what the tests of crm-search-text.c may ask of it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean crm_search_text_transliterator_is_open (void);

G_END_DECLS
