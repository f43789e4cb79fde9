/* rapport-grid-cell.c: the labels of the client's small read-only tables (a GtkGrid: a heading row, then a row an item) */
#include "rapport-grid-cell.h"

/**
 * rapport_grid_cell:
 * @text: what the cell says
 * @flags: how it shows
 *
 * Returns: (transfer floating): a label for a table's cell
 */
GtkWidget *
rapport_grid_cell (const char           *text,
                   RapportGridCellFlags  flags)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), (flags & RAPPORT_GRID_CELL_NUMBER) ? 1.0 : 0.0);
  if (flags & RAPPORT_GRID_CELL_WRAP)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  gtk_label_set_selectable (GTK_LABEL (label), (flags & RAPPORT_GRID_CELL_SELECTABLE) != 0);
  if (flags & RAPPORT_GRID_CELL_NUMBER)
    gtk_widget_add_css_class (label, "numeric");
  if (flags & RAPPORT_GRID_CELL_HEADING)
    gtk_widget_add_css_class (label, "heading");
  if (flags & RAPPORT_GRID_CELL_ERROR)
    gtk_widget_add_css_class (label, "error");
  return label;
}

/* Empties @grid, for the table to be drawn again */
void
rapport_grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_GRID (grid));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}
