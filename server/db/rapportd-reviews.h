/* rapportd-reviews.h: supervisor review (批复): a record's comment thread, what each reviewer marked reviewed, what awaits them */
#pragma once

#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

/* the longest comment, in characters */
#define RAPPORTD_REVIEW_COMMENT_MAX 4000

char      *rapportd_reviews_add_comment (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         const char           *collection,
                                         gint64                record_id,
                                         const char           *text,
                                         GError              **error);
char      *rapportd_reviews_comments    (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         const char           *collection,
                                         gint64                record_id,
                                         GError              **error);
gboolean   rapportd_reviews_needs_signature (RapportdDb       *db,
                                         const RapportdActor  *actor,
                                         const char           *collection,
                                         gint64                record_id,
                                         gboolean             *needed,
                                         GError              **error);
char      *rapportd_reviews_mark        (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         const char           *collection,
                                         gint64                record_id,
                                         gboolean              signed_review,
                                         GError              **error);
gboolean   rapportd_reviews_mark_all    (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         gint64                until,
                                         gint64               *marked,
                                         GError              **error);
GPtrArray *rapportd_reviews_pending     (RapportdDb           *db,
                                         const RapportdActor  *actor,
                                         const char           *after,
                                         guint                 limit,
                                         char                **next,
                                         GError              **error);

G_END_DECLS
