/* rapportd-import-run.h: what an import keeps while it runs: its batch, and its progress told live to its user */
#pragma once

#include "rapportd-api.h"

G_BEGIN_DECLS

gboolean rapportd_import_run_begin   (RapportdRequest            *request,
                                      const RapportdApiSettings  *settings,
                                      const char                 *format,
                                      gboolean                    dry_run,
                                      guint                       rows_total,
                                      GError                    **error);
void     rapportd_import_run_row     (RapportdRequest            *request,
                                      guint                       rows_done);
void     rapportd_import_run_created (RapportdRequest            *request,
                                      CrmEntity                  *stored);
void     rapportd_import_run_updated (RapportdRequest            *request,
                                      CrmEntity                  *before,
                                      CrmEntity                  *stored);
void     rapportd_import_run_skipped (RapportdRequest            *request);
gboolean rapportd_import_run_finish  (RapportdRequest            *request,
                                      RapportdDb                 *db,
                                      guint                       rejected,
                                      GError                    **error);
void     rapportd_import_run_append  (RapportdRequest            *request,
                                      GString                    *answer);

G_END_DECLS
