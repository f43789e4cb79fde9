/* crm-import-charset.h: an imported file's text encoding, found and converted to UTF-8 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *crm_import_charset_detect  (const char  *data,
                                        gsize        length);
char       *crm_import_charset_to_utf8 (const char  *data,
                                        gsize        length,
                                        const char  *charset,
                                        const char **found,
                                        gsize       *utf8_length,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
