/* rapport-case-articles.h: RapportCaseArticles, on a case's page: the knowledge-base articles linked to the case as having solved it, and those suggested by its subject, to open, link and unlink */
#pragma once

#include <gtk/gtk.h>

#include "rapport-api.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CASE_ARTICLES (rapport_case_articles_get_type ())

G_DECLARE_FINAL_TYPE (RapportCaseArticles, rapport_case_articles, RAPPORT, CASE_ARTICLES, GtkWidget)

GtkWidget  *rapport_case_articles_new        (RapportApi          *api);
void        rapport_case_articles_set_entity (RapportCaseArticles *self,
                                              CrmEntity           *entity);
GtkListBox *rapport_case_articles_get_list   (RapportCaseArticles *self);
gboolean    rapport_case_articles_is_loading (RapportCaseArticles *self);
void        rapport_case_articles_toggle     (RapportCaseArticles *self,
                                              gint64               article_id);

G_END_DECLS
