/* rapportd-jobs-backup.h: the daily backup rapportd makes itself ([backup] time, directory, retention, key_file) */
#pragma once

#include "rapportd-config.h"
#include "rapportd-pool.h"

G_BEGIN_DECLS

typedef struct _RapportdJobsBackup RapportdJobsBackup;

RapportdJobsBackup *rapportd_jobs_backup_start (const RapportdConfig *config,
                                                RapportdPool         *pool);
void                rapportd_jobs_backup_stop  (RapportdJobsBackup   *self);

G_END_DECLS
