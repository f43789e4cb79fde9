/* rapport-attachments.h: RapportAttachments, the files filed under a record: listed, attached (chosen or dropped), previewed, opened, removed */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ATTACHMENTS (rapport_attachments_get_type ())

G_DECLARE_FINAL_TYPE (RapportAttachments, rapport_attachments, RAPPORT, ATTACHMENTS, AdwBin)

GtkWidget  *rapport_attachments_new            (RapportApi         *api);
gboolean    rapport_attachments_is_for         (CrmEntity          *entity);
void        rapport_attachments_set_entity     (RapportAttachments *self,
                                                CrmEntity          *entity);
void        rapport_attachments_reload         (RapportAttachments *self);
void        rapport_attachments_upload_files   (RapportAttachments *self,
                                                GSList             *files);
void        rapport_attachments_open           (RapportAttachments *self,
                                                gint64              id);
void        rapport_attachments_remove         (RapportAttachments *self,
                                                gint64              id);
GtkWidget  *rapport_attachments_preview        (RapportAttachments *self,
                                                gint64              id);
gboolean    rapport_attachments_get_busy       (RapportAttachments *self);
guint       rapport_attachments_get_n_files    (RapportAttachments *self);
gint64      rapport_attachments_get_file_id    (RapportAttachments *self,
                                                const char         *name);
const char *rapport_attachments_get_saved_path (RapportAttachments *self);
GtkWidget  *rapport_attachments_get_attach_button (RapportAttachments *self);

G_END_DECLS
