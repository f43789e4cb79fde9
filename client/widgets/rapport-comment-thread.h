/* rapport-comment-thread.h: RapportCommentThread, the review comments (批复) on an activity or a weekly report, one posted in place, and marking an activity reviewed */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_COMMENT_THREAD (rapport_comment_thread_get_type ())

G_DECLARE_FINAL_TYPE (RapportCommentThread, rapport_comment_thread, RAPPORT, COMMENT_THREAD, AdwBin)

GtkWidget *rapport_comment_thread_new          (RapportApi           *api);
void       rapport_comment_thread_set_entity   (RapportCommentThread *self,
                                                CrmEntity            *entity);
gboolean   rapport_comment_thread_get_busy     (RapportCommentThread *self);
guint      rapport_comment_thread_get_n_comments (RapportCommentThread *self);
GtkWidget *rapport_comment_thread_get_entry    (RapportCommentThread *self);
GtkWidget *rapport_comment_thread_get_post     (RapportCommentThread *self);
GtkWidget *rapport_comment_thread_get_reviewed (RapportCommentThread *self);

G_END_DECLS
