/* test-sla-private.h: what test-sla.c shares with its other file, test-sla-recompute.c: the server, its records and the helpers */
#pragma once

#include "rapport-test-peer.h"
#include "rapport-test-server.h"

extern RapportTestServer *server;
extern gint64 alice_id;
extern gint64 account;
extern gint64 always_calendar;

gint64            create_policy (const char *body);
gint64            create_case   (const char *extra);
char             *category      (const char *name);
RapportTestReply *get_case      (gint64      id);
void              move          (gint64      id,
                                 const char *status);
gint64            seconds_of    (JsonObject *object,
                                 const char *member);
const char       *state_of      (gint64      id,
                                 const char *target);
void              run_jobs      (const char *now);
gint64            told          (const char *kind,
                                 gint64      id,
                                 gint64      user);
gint64            audit_rows    (gint64      id);
gint64            policy_of     (gint64      id);

/* test-sla-recompute.c */
void test_recompute_policy   (void);
void test_recompute_holiday  (void);
void test_recompute_archived (void);
void two_servers_recompute   (RapportTestPeer *peer);
