/* rapport-import-report.h: an import's answer told in rows and sentences: problems, conversions, counts */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "crm-entity.h"

G_BEGIN_DECLS

/* the most rows of each kind listed; a last row tells how many more there are */
#define RAPPORT_IMPORT_REPORT_MAX_ROWS 200

guint  rapport_import_report_count       (JsonObject *answer,
                                          const char *member);
guint  rapport_import_report_fill_problems (GtkListBox     *list,
                                            JsonObject     *answer,
                                            CrmEntityClass *klass);
guint  rapport_import_report_fill_conversions (GtkListBox     *list,
                                               JsonObject     *answer,
                                               CrmEntityClass *klass);
char  *rapport_import_report_check_summary (JsonObject *answer,
                                            gboolean    all_or_nothing);
char  *rapport_import_report_result_summary (JsonObject *answer);

G_END_DECLS
