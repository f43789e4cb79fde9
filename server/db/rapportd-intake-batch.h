/* rapportd-intake-batch.h: concurrent intakes gathered and committed together in one transaction */
#pragma once

#include "rapportd-db.h"
#include "rapportd-intake-keys.h"

G_BEGIN_DECLS

/* what a writer does to a lead, in this order for every lead of a batch,
 * so that every batch takes its locks in one order: the assignment rules'
 * (a round-robin cursor), then the records' and the audit chain's, then
 * the keys' (in the order of their ids) */
typedef enum
{
  RAPPORTD_INTAKE_ASSIGN,
  RAPPORTD_INTAKE_CREATE,
} RapportdIntakeStep;

/* does @step for one lead inside the transaction @db is in; called again,
 * with the same @data, from RAPPORTD_INTAKE_ASSIGN, when the lead is
 * retried in a transaction of its own */
typedef gboolean (*RapportdIntakeWrite) (RapportdDb          *db,
                                         RapportdIntakeStep   step,
                                         RapportdIntakeKey   *key,
                                         gpointer             data,
                                         GError             **error);

/* the most leads one transaction writes */
#define RAPPORTD_INTAKE_BATCH_MAX  64
/* batches written at once, per processor */
#define RAPPORTD_INTAKE_BATCH_WRITERS_PER_CPU  4
/* how long a batch waits for intakes already on their way, at most */
#define RAPPORTD_INTAKE_BATCH_WAIT_US  2000

void     rapportd_intake_batch_arrive (void);
void     rapportd_intake_batch_leave  (void);
gboolean rapportd_intake_batch_store  (RapportdDb           *db,
                                       RapportdIntakeWrite   write,
                                       RapportdIntakeKey    *key,
                                       gpointer              data,
                                       GError              **error);

G_END_DECLS
