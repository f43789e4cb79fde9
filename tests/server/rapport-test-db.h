/* rapport-test-db.h: server tests that talk to the test server's MariaDB through rapportd's own connection code */
#pragma once

#include "rapport-test-server.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

RapportdDb *rapport_test_db_open            (RapportTestServer *server,
                                             const char        *database);
gint64      rapport_test_db_session_counter (RapportdDb        *db,
                                             const char        *name);
void        rapport_test_db_run_numbered    (RapportdDb        *db,
                                             guint              n);

G_END_DECLS
