/* rapport-test-locale.h: a locale the system lacks, compiled for the tests' rapportd, with the build's catalogues */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rapport_test_locale_compile (const char *lang);

G_END_DECLS
