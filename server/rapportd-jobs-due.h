/* rapportd-jobs-due.h: the periodic jobs' claim of the cases whose next instant (an SLA's, a complaint report's) has passed */
#pragma once

#include "rapportd-db.h"
#include "crm-entity.h"

G_BEGIN_DECLS

/* judges one claimed case, read whole and locked (a change goes through
 * rapportd_repo_update_locked_as_server()), as of @now; counts what it
 * did in @first or @second */
typedef gboolean (*RapportdJudgeDue) (RapportdDb  *db,
                                      CrmEntity   *record,
                                      gint64       now,
                                      guint       *first,
                                      guint       *second,
                                      GError     **error);

gboolean rapportd_jobs_cases_due (RapportdDb        *db,
                                  const char        *column,
                                  guint              batch,
                                  guint              max_batches,
                                  gint64             now,
                                  RapportdJudgeDue   judge,
                                  guint             *first,
                                  guint             *second,
                                  GError           **error);

G_END_DECLS
