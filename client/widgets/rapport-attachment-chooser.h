/* rapport-attachment-chooser.h: the file chooser that picks files to attach to a record */
#pragma once

#include "rapport-attachments.h"

G_BEGIN_DECLS

void rapport_attachment_chooser_show (RapportAttachments *attachments);

G_END_DECLS
