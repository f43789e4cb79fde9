/* rapport-document-lines-focus.c: where the keyboard is in RapportDocumentLines: moving it, and keeping the focused cell and its line's amounts in view */
#include "rapport-document-lines-private.h"

#include <glib/gi18n.h>

/* frames a newly made row may take to be laid out before it is scrolled to */
#define REVEAL_FRAMES 10

/* the cell holding the keyboard focus, if it is one of ours */
GtkWidget *
rapport_document_lines_focused_cell (RapportDocumentLines *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_POPOVER (w))
        return NULL;
      if (g_ptr_array_find (self->cells, w, NULL))
        return w;
    }
  return NULL;
}

gboolean
rapport_document_lines_focus_cell (GtkWidget *cell)
{
  GtkWidget *entry = rapport_document_lines_cell_entry (cell);

  return gtk_widget_grab_focus (entry ? entry : cell);
}

/*
 * Focuses a cell before returning, so that the very next key typed goes
 * there. A line's row is made as soon as the line is in the model, or,
 * far from the lines shown, as it is scrolled to; one not made even then
 * takes the focus as it is bound.
 */
void
rapport_document_lines_move_focus (RapportDocumentLines *self,
                                   CrmEntity            *line,
                                   int                   column)
{
  g_autoptr(CrmEntity) keep G_GNUC_UNUSED = g_object_ref (line);
  GtkWidget *cell = rapport_document_lines_find_cell (self, line, column);
  guint position;

  /* @line may be the one pending, held by nothing else */
  g_clear_object (&self->pending_line);
  if (cell == NULL && g_list_store_find (self->store, line, &position))
    {
      GtkWidget *list = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

      gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
      cell = rapport_document_lines_find_cell (self, line, column);
    }
  if (cell != NULL && rapport_document_lines_focus_cell (cell))
    return;
  g_set_object (&self->pending_line, line);
  self->pending_column = column;
}

/* a cell just bound that was to have the focus takes it */
void
rapport_document_lines_cell_bound (RapportDocumentLines *self,
                                   GtkWidget            *cell)
{
  if (self->pending_line == NULL || self->pending_line != rapport_document_lines_cell_line (cell) ||
      self->pending_column != rapport_document_lines_cell_column (cell))
    return;
  g_clear_object (&self->pending_line);
  rapport_document_lines_focus_cell (cell);
}

/* scrolls @adjustment the least that shows @start to @end of a view @size long */
static void
scroll_into_view (GtkAdjustment *adjustment,
                  double         start,
                  double         end,
                  double         size)
{
  double value = gtk_adjustment_get_value (adjustment);

  if (start < 0)
    gtk_adjustment_set_value (adjustment, value + start);
  else if (end > size)
    gtk_adjustment_set_value (adjustment, value + MIN (start, end - size));
}

/* once the focused cell is laid out: the grid scrolls sideways to it, the page down to it and its line's amounts */
static gboolean
reveal_focused (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  RapportDocumentLines *self = RAPPORT_DOCUMENT_LINES (widget);
  GtkWidget *cell = rapport_document_lines_focused_cell (self);
  GtkWidget *page = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds, summary;

  if (cell != NULL && (gtk_widget_get_width (cell) == 0 || !gtk_widget_compute_bounds (cell, self->scroller, &bounds)))
    {
      if (++self->reveal_frames < REVEAL_FRAMES)
        return G_SOURCE_CONTINUE;
      cell = NULL;
    }
  self->reveal_tick = 0;
  if (cell == NULL)
    return G_SOURCE_REMOVE;
  scroll_into_view (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                    bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (self->scroller));
  if (page == NULL || !gtk_widget_compute_bounds (cell, page, &bounds))
    return G_SOURCE_REMOVE;
  /* the amounts under the grid too, where both fit */
  if (gtk_widget_get_visible (self->summary_label) && gtk_widget_compute_bounds (self->summary_label, page, &summary))
    {
      graphene_rect_t both;

      graphene_rect_union (&bounds, &summary, &both);
      if (both.size.height <= gtk_widget_get_height (page))
        bounds = both;
    }
  scroll_into_view (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page)),
                    bounds.origin.y, bounds.origin.y + bounds.size.height, gtk_widget_get_height (page));
  return G_SOURCE_REMOVE;
}

static void
reveal_when_laid_out (RapportDocumentLines *self)
{
  self->reveal_frames = 0;
  if (self->reveal_tick == 0)
    self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_focused, NULL, NULL);
}

/* an amount of the summary, named as its column is */
static char *
summary_part (CrmEntity  *line,
              const char *key)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (line);
  g_autofree char *amount = rapport_document_lines_result_text (line, key);

  /* TRANSLATORS: a column's name and its amount in a line's summary, e.g. "Net 10.00" */
  return g_strdup_printf (C_("line summary", "%s %s"),
                          crm_field_spec_get_label (&klass->fields[crm_entity_class_find_json_key (klass, key)]),
                          amount[0] ? amount : "—");
}

/* the line being typed in: its number and computed amounts, where the grid is too wide for its window */
void
rapport_document_lines_update_summary (RapportDocumentLines *self)
{
  GtkAdjustment *adjustment;
  gboolean too_wide;
  CrmEntity *line = self->current_line;
  guint position;

  /* the grid's scroller tells while it is taken apart too */
  if (self->scroller == NULL || self->summary_label == NULL)
    return;
  adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  too_wide = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 0.5;
  if (line == NULL || !too_wide || !g_list_store_find (self->store, line, &position))
    {
      gtk_widget_set_visible (self->summary_label, FALSE);
      return;
    }
  {
    g_autofree char *net = summary_part (line, "net");
    g_autofree char *tax = summary_part (line, "tax");
    g_autofree char *gross = summary_part (line, "gross");
    /* TRANSLATORS: the line being typed in and its amounts, e.g. "Line 2: Net 10.00 · Tax 1.30 · Gross 11.30" */
    g_autofree char *text = g_strdup_printf (_("Line %u: %s · %s · %s"), position + 1, net, tax, gross);

    gtk_label_set_text (GTK_LABEL (self->summary_label), text);
    gtk_widget_set_visible (self->summary_label, TRUE);
  }
}

static void
on_focus_widget_changed (RapportDocumentLines *self)
{
  GtkWidget *cell = rapport_document_lines_focused_cell (self);

  if (cell == NULL)
    return;
  g_set_object (&self->current_line, rapport_document_lines_cell_line (cell));
  rapport_document_lines_update_summary (self);
  reveal_when_laid_out (self);
}

void
rapport_document_lines_watch_focus (RapportDocumentLines *self,
                                    GtkRoot              *root)
{
  g_signal_connect_object (root, "notify::focus-widget", G_CALLBACK (on_focus_widget_changed), self, G_CONNECT_SWAPPED);
}

void
rapport_document_lines_unwatch_focus (RapportDocumentLines *self,
                                      GtkRoot              *root)
{
  g_signal_handlers_disconnect_by_func (root, on_focus_widget_changed, self);
  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick);
  self->reveal_tick = 0;
}
