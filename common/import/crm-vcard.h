/* crm-vcard.h: vCard 2.1, 3.0 and 4.0, read into rows of cells as a CSV file is */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *crm_vcard_parse (const char  *text,
                            gsize        length,
                            GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
