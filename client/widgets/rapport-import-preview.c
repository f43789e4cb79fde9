/* rapport-import-preview.c: RapportImportPreview, the first rows of a file being imported, as a table
 *
 * The header in bold, then up to RAPPORT_IMPORT_PREVIEW_ROWS rows, each cell
 * on one line (ellipsized, the whole text in its tooltip), scrolled sideways
 * when the file has many columns. */
#include "rapport-import-preview.h"

#include <glib/gi18n.h>

/* a long cell is cut to this many characters, the rest in its tooltip */
#define CELL_WIDTH_CHARS 24
#define CELL_MIN_CHARS 16

struct _RapportImportPreview
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scroller;
  GtkGrid           *grid;
  guint              n_rows;
};

G_DEFINE_FINAL_TYPE (RapportImportPreview, rapport_import_preview, GTK_TYPE_WIDGET)

/* the width of @text in columns: a Chinese character takes two */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *c = text; *c; c = g_utf8_next_char (c))
    width += g_unichar_iswide (g_utf8_get_char (c)) ? 2 : 1;
  return width;
}

static void
rapport_import_preview_dispose (GObject *object)
{
  RapportImportPreview *self = RAPPORT_IMPORT_PREVIEW (object);

  if (self->scroller)
    gtk_widget_unparent (GTK_WIDGET (self->scroller));
  self->scroller = NULL;
  G_OBJECT_CLASS (rapport_import_preview_parent_class)->dispose (object);
}

static void
rapport_import_preview_class_init (RapportImportPreviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_import_preview_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "import-preview");
}

static void
rapport_import_preview_init (RapportImportPreview *self)
{
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_has_frame (self->scroller, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->scroller), GTK_WIDGET (self));
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->grid), 12);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->grid));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("The file’s first rows"), -1);
}

GtkWidget *
rapport_import_preview_new (void)
{
  return g_object_new (RAPPORT_TYPE_IMPORT_PREVIEW, NULL);
}

/**
 * rapport_import_preview_set_rows:
 * @self: the preview
 * @rows: (nullable) (element-type GStrv): the file's rows, the header first
 *
 * Shows the header and the first RAPPORT_IMPORT_PREVIEW_ROWS rows after it.
 */
void
rapport_import_preview_set_rows (RapportImportPreview *self,
                                 GPtrArray            *rows)
{
  GtkWidget *child;

  g_return_if_fail (RAPPORT_IS_IMPORT_PREVIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_rows = rows ? MIN (rows->len, RAPPORT_IMPORT_PREVIEW_ROWS + 1) : 0;
  for (guint r = 0; r < self->n_rows; r++)
    {
      const char * const *cells = rows->pdata[r];

      for (guint c = 0; cells[c] != NULL; c++)
        {
          GtkWidget *label = gtk_label_new (cells[c]);

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (label), CELL_WIDTH_CHARS);
          /* room for a short cell whole, and a long one's start */
          gtk_label_set_width_chars (GTK_LABEL (label), MIN (display_width (cells[c]), CELL_MIN_CHARS));
          if (display_width (cells[c]) > CELL_WIDTH_CHARS)
            gtk_widget_set_tooltip_text (label, cells[c]);
          if (r == 0)
            gtk_widget_add_css_class (label, "heading");
          gtk_grid_attach (self->grid, label, (int) c, (int) r, 1, 1);
        }
    }
}

/* the rows shown, the header included */
guint
rapport_import_preview_get_n_rows (RapportImportPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_IMPORT_PREVIEW (self), 0);

  return self->n_rows;
}

/**
 * rapport_import_preview_get_cell:
 *
 * Returns: (nullable): the text shown at @row (0: the header), @column
 */
const char *
rapport_import_preview_get_cell (RapportImportPreview *self,
                                 guint                 row,
                                 guint                 column)
{
  GtkWidget *label;

  g_return_val_if_fail (RAPPORT_IS_IMPORT_PREVIEW (self), NULL);

  label = gtk_grid_get_child_at (self->grid, (int) column, (int) row);
  return label ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}
