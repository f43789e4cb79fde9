/* rapport-document-lines-private.h: what the grid's cells and the grid itself share */
#pragma once

#include "rapport-document-lines.h"

G_BEGIN_DECLS

typedef enum
{
  KIND_INDEX,
  KIND_PRODUCT,
  KIND_TEXT,
  KIND_AMOUNT,
  KIND_RESULT,
} Kind;

/* the grid's columns; labels come from the line's descriptors */
static const struct
{
  const char *key;
  Kind        kind;
  int         width_chars;
} columns[] = {
  { NULL,          KIND_INDEX,   2 },
  { "product_id",  KIND_PRODUCT, 16 },
  /* it takes what room is left over */
  { "description", KIND_TEXT,    12 },
  { "quantity",    KIND_AMOUNT,  5 },
  { "unit",        KIND_TEXT,    4 },
  /* 1,234,567.8900 whole */
  { "unit_price",  KIND_AMOUNT,  14 },
  { "discount",    KIND_AMOUNT,  4 },
  { "tax_rate",    KIND_AMOUNT,  4 },
  { "net",         KIND_RESULT,  10 },
  { "tax",         KIND_RESULT,  9 },
  { "gross",       KIND_RESULT,  10 },
};

enum
{
  COLUMN_PRODUCT = 1,
  COLUMN_QUANTITY = 3,
  COLUMN_UNIT_PRICE = 5,
};

struct _RapportDocumentLines
{
  GtkWidget      parent_instance;

  GtkColumnView *column_view;
  GtkWidget     *scroller;
  GtkWidget     *summary_label;
  GtkWidget     *empty_label;
  GtkWidget     *toolbar;

  RapportApi    *api;
  GType          line_type;
  GListStore    *store;
  /* the cells bound to a line now, each knowing its line and column */
  GPtrArray     *cells;
  /* the lines last built, in the order sent: errors name them by index */
  GPtrArray     *built;
  GCancellable  *cancellable;
  gint64         account_id;
  gboolean       editable;
  /* the lines as last set, as typed_lines() writes them */
  char          *loaded;
  gboolean       binding;
  /* a cell to focus once its line's row is made */
  CrmEntity     *pending_line;
  int            pending_column;
  /* the line last typed in, whose amounts the summary shows */
  CrmEntity     *current_line;
  guint          reveal_tick;
  guint          reveal_frames;
};

const char *rapport_document_lines_typed         (CrmEntity            *line,
                                                  const char           *key);
void        rapport_document_lines_set_typed     (CrmEntity            *line,
                                                  const char           *key,
                                                  const char           *text);
char       *rapport_document_lines_amount_text   (CrmMoney              m,
                                                  guint                 min_decimals);
gboolean    rapport_document_lines_line_is_empty (CrmEntity            *line);
char       *rapport_document_lines_result_text   (CrmEntity            *line,
                                                  const char           *key);

int         rapport_document_lines_cell_column   (GtkWidget            *cell);
CrmEntity  *rapport_document_lines_cell_line     (GtkWidget            *cell);
GtkWidget  *rapport_document_lines_cell_entry    (GtkWidget            *cell);
GtkWidget  *rapport_document_lines_find_cell     (RapportDocumentLines *self,
                                                  CrmEntity            *line,
                                                  int                   column);
void        rapport_document_lines_show_cell     (RapportDocumentLines *self,
                                                  GtkWidget            *cell);
void        rapport_document_lines_show_line     (RapportDocumentLines *self,
                                                  CrmEntity            *line);
void        rapport_document_lines_build_columns (RapportDocumentLines *self);
void        rapport_document_lines_update_empty  (RapportDocumentLines *self);
void        rapport_document_lines_load_last_price (RapportDocumentLines *self,
                                                    CrmEntity            *line);
void        rapport_document_lines_load_product_label (RapportDocumentLines *self,
                                                       CrmEntity            *line);
void        rapport_document_lines_take_last_price (RapportDocumentLines *self,
                                                    CrmEntity            *line);

/* in rapport-document-lines.c */
void        rapport_document_lines_changed       (RapportDocumentLines *self);

/* in rapport-document-lines-focus.c */
GtkWidget  *rapport_document_lines_focused_cell  (RapportDocumentLines *self);
gboolean    rapport_document_lines_focus_cell    (GtkWidget            *cell);
void        rapport_document_lines_move_focus    (RapportDocumentLines *self,
                                                  CrmEntity            *line,
                                                  int                   column);
void        rapport_document_lines_cell_bound    (RapportDocumentLines *self,
                                                  GtkWidget            *cell);
void        rapport_document_lines_update_summary (RapportDocumentLines *self);
void        rapport_document_lines_watch_focus   (RapportDocumentLines *self,
                                                  GtkRoot              *root);
void        rapport_document_lines_unwatch_focus (RapportDocumentLines *self,
                                                  GtkRoot              *root);

G_END_DECLS
