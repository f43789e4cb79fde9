/* rapport-test-template.h: a data directory as rapportd leaves its first start, copied instead of made again */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *rapport_test_template_for     (const char         *config,
                                           gboolean            tls,
                                           const char * const *environment);
gboolean    rapport_test_template_copy    (const char         *name,
                                           const char         *data_dir);
char       *rapport_test_template_staging (void);
gboolean    rapport_test_template_keep    (const char         *name,
                                           const char         *staging);

G_END_DECLS
