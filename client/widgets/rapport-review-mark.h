/* rapport-review-mark.h: marking an activity or a weekly report reviewed, signed with the password where the company asks it */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"

G_BEGIN_DECLS

void     rapport_review_mark_record_async (GtkWidget      *parent,
                                     RapportApi           *api,
                                     const char           *collection,
                                     gint64                record_id,
                                     const char           *subject,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean rapport_review_mark_finish (GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
