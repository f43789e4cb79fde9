/* rapportd-kb-suggest.h: the published articles that answer a case's subject, ranked by the terms they share */
#pragma once

#include "rapportd-db.h"

G_BEGIN_DECLS

/* the most articles suggested at once */
#define RAPPORTD_KB_SUGGEST_MAX 20

typedef struct
{
  gint64     id;
  /* how many of the subject's terms the article holds */
  guint      score;
  /* those terms as the subject wrote them, neighbouring Chinese pairs joined ("打印机") */
  GPtrArray *matched;
} RapportdKbSuggestion;

void       rapportd_kb_suggestion_free (RapportdKbSuggestion *suggestion);
GPtrArray *rapportd_kb_suggest         (RapportdDb   *db,
                                        const char   *subject,
                                        gboolean      customer_only,
                                        guint         limit,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportdKbSuggestion, rapportd_kb_suggestion_free)

G_END_DECLS
