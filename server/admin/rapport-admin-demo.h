/* rapport-admin-demo.h: realistic demo data (users, accounts, contacts), Chinese and English */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

#define RAPPORT_DEMO_PASSWORD "rapport-demo"

typedef struct
{
  guint    n_accounts;
  guint32  seed;
  /* connections loading accounts at once; 0 or 1: this one alone */
  guint    jobs;
  /* one to three contacts an account */
  gboolean contacts;
} RapportAdminDemoOptions;

gboolean rapport_admin_demo (RapportdDb                     *db,
                             const RapportdDbParams         *params,
                             const RapportAdminDemoOptions  *options,
                             GError                        **error);

gboolean rapport_admin_demo_sales (RapportdDb           *db,
                                   const RapportdActor  *actor,
                                   GRand                *rand,
                                   GArray               *accounts,
                                   GArray               *owners,
                                   GError              **error);

G_END_DECLS
