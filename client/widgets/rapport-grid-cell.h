/* rapport-grid-cell.h: the labels of the client's small read-only tables (a GtkGrid: a heading row, then a row an item) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_GRID_CELL_NUMBER     = 1 << 0,  /* right-aligned, tabular figures */
  RAPPORT_GRID_CELL_HEADING    = 1 << 1,
  RAPPORT_GRID_CELL_WRAP       = 1 << 2,  /* long text wraps at 40 characters */
  RAPPORT_GRID_CELL_SELECTABLE = 1 << 3,  /* the text can be copied */
  RAPPORT_GRID_CELL_ERROR      = 1 << 4,  /* something went wrong: in the error colour */
} RapportGridCellFlags;

GtkWidget *rapport_grid_cell  (const char           *text,
                               RapportGridCellFlags  flags);
void       rapport_grid_clear (GtkGrid              *grid);

G_END_DECLS
