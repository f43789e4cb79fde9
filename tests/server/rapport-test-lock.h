/* rapport-test-lock.h: a row held by another transaction of the fixture's database, as an administrator's long one would hold it */
#pragma once

#include "rapport-test-server.h"

G_BEGIN_DECLS

void         rapport_test_wait_for_count  (RapportTestServer *server,
                                           const char        *sql,
                                           guint64            least);
GSubprocess *rapport_test_lock_hold       (RapportTestServer *server,
                                           const char        *select_for_update);
gboolean     rapport_test_lock_is_held    (RapportTestServer *server);
gint64       rapport_test_lock_release    (RapportTestServer *server,
                                           GSubprocess       *lock);

G_END_DECLS
