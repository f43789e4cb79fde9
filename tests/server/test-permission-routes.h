/* test-permission-routes.h: who may call each route of the router, the permission matrix's second table */
#pragma once

#include <glib.h>

/* Every route of the router × every role. The router lists its table in
 * openapi.json ("x-routes"); each route must have its row here, and each row
 * a route, so a route added without saying who may call it fails this test.
 * A route is tried on every collection the API documents it for, with a
 * record id that does not exist: what is checked is who gets past the
 * roles' gate (403 before anything else is looked at) and who does not. */
typedef enum
{
  WHO_PUBLIC,        /* no session needed */
  WHO_ANYONE,        /* every signed-in role, the read-only one too */
  WHO_CHANGERS,      /* a change: every role but the read-only one */
  WHO_ADMIN,         /* administrators only */
  WHO_ADMIN_AUDITOR, /* the audit trail: administrators and auditors */
  WHO_DATA_OFFICERS, /* personal data's erasure, hold and restriction: administrators and directors */
  WHO_INTAKE_KEY,    /* no session, an intake key: 401 to everyone without one, sessions too */
  WHO_OVERSEERS,     /* survey results: administrators, directors, managers and auditors */
} Who;

typedef struct
{
  const char *route;
  Who         who;
  /* for a route that no collection documents: where to try it */
  const char *probe;
} RouteRule;

extern const RouteRule route_rules[];
extern const guint n_route_rules;
