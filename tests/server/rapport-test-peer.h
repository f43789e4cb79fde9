/* rapport-test-peer.h: a second rapportd on the fixture's database, as behind a load balancer */
#pragma once

#include "rapport-test-server.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  char        *base_url;
  /* what it logs (stderr) */
  char        *log_path;
} RapportTestPeer;

RapportTestPeer *rapport_test_peer_start (RapportTestServer *server);
RapportTestPeer *rapport_test_peer_start_with_config (const char *config);
void             rapport_test_peer_stop  (RapportTestPeer   *peer);
void             rapport_test_request_both (RapportTestServer *server,
                                            RapportTestPeer   *peer,
                                            const char        *method,
                                            const char        *path,
                                            RapportTestReply  *replies[2]);

G_END_DECLS
