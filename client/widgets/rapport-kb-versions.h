/* rapport-kb-versions.h: RapportKbVersions, on a knowledge-base article's page: its published versions, newest first, each readable; on the draft of a new version, the article it will replace */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_KB_VERSIONS (rapport_kb_versions_get_type ())

G_DECLARE_FINAL_TYPE (RapportKbVersions, rapport_kb_versions, RAPPORT, KB_VERSIONS, GtkWidget)

GtkWidget  *rapport_kb_versions_new          (RapportApi        *api);
void        rapport_kb_versions_set_entity   (RapportKbVersions *self,
                                              CrmEntity         *entity);
void        rapport_kb_versions_show_version (RapportKbVersions *self,
                                              gint64             number);
GtkListBox *rapport_kb_versions_get_list     (RapportKbVersions *self);
gint64      rapport_kb_versions_get_shown    (RapportKbVersions *self);
gboolean    rapport_kb_versions_is_loading   (RapportKbVersions *self);

G_END_DECLS
