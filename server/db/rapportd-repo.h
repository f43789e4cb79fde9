/* rapportd-repo.h: the generic repository: SQL for any entity, from its descriptors */
#pragma once

#include "crm-entity.h"
#include "rapportd-actor.h"
#include "rapportd-db.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORTD_ARCHIVED_EXCLUDE,
  RAPPORTD_ARCHIVED_ONLY,
  RAPPORTD_ARCHIVED_INCLUDE,
} RapportdArchived;

typedef struct
{
  int     field;
  /* one or more values, matched with IN */
  GPtrArray *values;
  /* a user reference also matches the members of this team and of the
   * teams below it; 0: no team */
  gint64  team_id;
  /* a reference to a tree (case categories) also matches the records
   * below the values; NULL: the values alone */
  CrmEntityClass *tree;
  /* also matches the records whose field is empty ("none") */
  gboolean        none;
} RapportdFilter;

typedef enum
{
  RAPPORTD_COUNT_NONE,
  /* exact when cheap, otherwise an estimate said to be one */
  RAPPORTD_COUNT_CHEAP,
  RAPPORTD_COUNT_EXACT,
} RapportdCount;

typedef struct
{
  char             *q;
  GPtrArray        *filters;
  int               sort_field;
  gboolean          descending;
  guint             limit;
  char             *after;
  RapportdArchived  archived;
  /* also count every row the query selects */
  RapportdCount     count;
} RapportdListQuery;

#define RAPPORTD_LIST_DEFAULT_LIMIT 50
#define RAPPORTD_LIST_MAX_LIMIT 500

void       rapportd_repo_require_reasons (const char * const *entities);

void       rapportd_list_query_init  (RapportdListQuery   *query);
void       rapportd_list_query_clear (RapportdListQuery   *query);
void       rapportd_list_query_add_filter (RapportdListQuery *query,
                                           int                field,
                                           const char        *value);
void       rapportd_list_query_add_team  (RapportdListQuery *query,
                                          int                field,
                                          gint64             team_id);
void       rapportd_list_query_add_none  (RapportdListQuery *query,
                                          int                field);

CrmEntity *rapportd_repo_get     (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  GType                type,
                                  gint64               id,
                                  gboolean             for_update,
                                  GError             **error);
CrmEntity *rapportd_repo_get_named (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  GType                type,
                                  gint64               id,
                                  GError             **error);
GHashTable *rapportd_repo_get_by_ids (RapportdDb      *db,
                                      GType            type,
                                      GArray          *ids,
                                      GError         **error);
GHashTable *rapportd_repo_get_visible_by_ids (RapportdDb          *db,
                                              const RapportdActor *actor,
                                              GType                type,
                                              GArray              *ids,
                                              GError             **error);
CrmEntity *rapportd_repo_create  (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  CrmEntity           *entity,
                                  GError             **error);
CrmEntity *rapportd_repo_update  (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  gint64               id,
                                  CrmEntity           *patch,
                                  GError             **error);
CrmEntity *rapportd_repo_set_archived (RapportdDb          *db,
                                       const RapportdActor *actor,
                                       GType                type,
                                       gint64               id,
                                       gint64               expected_version,
                                       gboolean             archived,
                                       GError             **error);
CrmEntity *rapportd_repo_update_as_server (RapportdDb          *db,
                                           const RapportdActor *actor,
                                           gint64               id,
                                           CrmEntity           *patch,
                                           GError             **error);
CrmEntity *rapportd_repo_update_locked_as_server (RapportdDb          *db,
                                                  const RapportdActor *actor,
                                                  CrmEntity           *before,
                                                  CrmEntity           *patch,
                                                  GError             **error);
void       rapportd_repo_set_rounding (CrmRounding mode);
void       rapportd_repo_set_base_currency (const char *currency);
const char *rapportd_repo_get_base_currency (void);
gint64     rapportd_repo_count   (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  GType                type,
                                  RapportdListQuery   *query,
                                  gboolean            *exact,
                                  GError             **error);
GPtrArray *rapportd_repo_create_many (RapportdDb         *db,
                                      const RapportdActor *actor,
                                      GPtrArray           *entities,
                                      GError             **error);
gboolean   rapportd_repo_audit   (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  const char          *action,
                                  CrmEntity           *before,
                                  CrmEntity           *after,
                                  GError             **error);
gboolean   rapportd_repo_read_texts_by_ids (RapportdDb  *db,
                                            const char  *collection,
                                            const char  *columns,
                                            GArray      *ids,
                                            GHashTable  *texts,
                                            GError     **error);
gboolean   rapportd_repo_name_references (RapportdDb     *db,
                                          GPtrArray      *items,
                                          GError        **error);
GPtrArray *rapportd_repo_list    (RapportdDb          *db,
                                  const RapportdActor *actor,
                                  GType                type,
                                  RapportdListQuery   *query,
                                  char               **next_cursor,
                                  GError             **error);

G_END_DECLS
