/* rapport-review-page.h: RapportReviewPage, what the team recorded that awaits the manager's review (批复) */
#pragma once

#include <adwaita.h>

#include "rapport-api.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REVIEW_PAGE (rapport_review_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportReviewPage, rapport_review_page, RAPPORT, REVIEW_PAGE, GtkWidget)

GtkWidget  *rapport_review_page_new          (RapportApi        *api);
void        rapport_review_page_reload       (RapportReviewPage *self);
gboolean    rapport_review_page_get_busy     (RapportReviewPage *self);
GListModel *rapport_review_page_get_items    (RapportReviewPage *self);
GtkListBox *rapport_review_page_get_list     (RapportReviewPage *self);
GtkWidget  *rapport_review_page_get_mark_all (RapportReviewPage *self);
void        rapport_review_page_mark         (RapportReviewPage *self,
                                              guint              position);

G_END_DECLS
