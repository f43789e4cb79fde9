/* rapport-list-model-private.h: RapportListModel's state, shared by its paging and its following of others' changes */
#pragma once

#include "rapport-list-model.h"
#include "crm-entity.h"

G_BEGIN_DECLS

#define PAGE_SIZE 100
/* start fetching the next page this many rows before the end is shown */
#define PREFETCH 40
/* pages kept in memory; older ones are dropped and fetched again if shown */
#define MAX_LOADED_PAGES 60

typedef struct
{
  /* the cursor that fetches this page: NULL for the first */
  char         *after;
  /* the position of its first row; rows that others create or archive
   * meanwhile make a page longer or shorter than PAGE_SIZE */
  guint         first;
  guint         n_rows;
  gboolean      loaded;
  GCancellable *cancellable;
} Page;

struct _RapportListModel
{
  GObject       parent_instance;

  RapportApi   *api;
  GType         entity_type;
  char         *path;
  char         *search;
  char         *sort;
  GHashTable   *filters;

  /* one slot a row; NULL where the row's page was dropped */
  GPtrArray    *items;
  GArray       *pages;
  GQueue        loaded;
  guint         generation;
  char         *next;
  gboolean      complete;
  gint64        total;
  /* FALSE while the total is the server's estimate */
  gboolean      total_exact;
  /* the exact count, asked for after an estimate */
  GCancellable *total_cancellable;
  GCancellable *cancellable;
  GError       *error;
  guint         pages_fetched;
  guint         reload_id;
  /* fetch the next page when a row near the end is asked for */
  gboolean      autoload;
  /* rows a page after the first: PAGE_SIZE unless set */
  guint         page_size;
  /* changes to its records, told by the event WebSocket, are being fetched */
  GCancellable *live_cancellable;
  /* ids told of and not fetched yet: loaded rows that changed, records that may join */
  GHashTable   *changed_ids;
  GHashTable   *joining_ids;
  guint         gather_source;
};

void     rapport_list_model_follow_changes (RapportListModel *self);
void     rapport_list_model_forget_changes (RapportListModel *self);
guint    rapport_list_model_page_at        (RapportListModel *self,
                                            guint             position);
char    *rapport_list_model_query_path     (RapportListModel *self,
                                            const char       *after,
                                            int               limit,
                                            const char       *count);
void     rapport_list_model_insert_row     (RapportListModel *self,
                                            guint             position,
                                            CrmEntity        *entity);
void     rapport_list_model_remove_row     (RapportListModel *self,
                                            guint             position);
void     rapport_list_model_set_page_size  (RapportListModel *self,
                                            guint             size);
void     rapport_list_model_set_total      (RapportListModel *self,
                                            gint64            total,
                                            gboolean          exact);

G_END_DECLS
