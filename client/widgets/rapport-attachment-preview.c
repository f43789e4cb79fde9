/* rapport-attachment-preview.c: RapportAttachmentPreview, a window that shows a file attached to a record: an image, a PDF's pages, or an offer to open it */
#include "rapport-attachment-preview.h"

#include <glib/gi18n.h>
#include <poppler.h>

/* a PDF page is drawn this wide, in pixels, at the window's scale */
#define PAGE_WIDTH 760
/* and never larger than this either way: a page of 1 pt by 14,400 pt
 * would otherwise ask for an image cairo cannot make */
#define PAGE_MAX_PIXELS 8192

struct _RapportAttachmentPreview
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *open_button;
  GtkStack       *stack;
  GtkPicture     *picture;
  GtkBox         *pages_box;
  GtkLabel       *pages_note;
  AdwStatusPage  *status_page;

  RapportApi      *api;
  char            *content_type;
  /* the download, cancelled when the window goes */
  GCancellable    *cancellable;
  PopplerDocument *document;
  guint            n_pages;
  guint            n_rendered;
  /* draws the next page when the window is idle */
  guint            render_id;
};

G_DEFINE_FINAL_TYPE (RapportAttachmentPreview, rapport_attachment_preview, ADW_TYPE_WINDOW)

enum
{
  OPEN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_open_clicked (RapportAttachmentPreview *self)
{
  g_signal_emit (self, signals[OPEN_REQUESTED], 0);
}

static void
show_nothing (RapportAttachmentPreview *self,
              const char               *title,
              const char               *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  /* the page has the button itself */
  gtk_widget_set_visible (self->open_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* a page drawn on white, as a texture; %NULL when it cannot be drawn */
static GdkTexture *
render_page (PopplerPage *page,
             int          scale_factor)
{
  double width = 0, height = 0;
  double scale;
  int pixel_width, pixel_height;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) pixels = NULL;
  GdkTexture *texture;

  poppler_page_get_size (page, &width, &height);
  /* a size that is no number, or none, is drawn as a point */
  if (!(width >= 1.0 && width <= G_MAXINT))
    width = 1.0;
  if (!(height >= 1.0 && height <= G_MAXINT))
    height = 1.0;
  scale = (double) PAGE_WIDTH * scale_factor / width;
  /* the longer side at most PAGE_MAX_PIXELS, the page's shape kept */
  scale = MIN (scale, PAGE_MAX_PIXELS / MAX (width, height));
  pixel_width = CLAMP ((int) (width * scale), 1, PAGE_MAX_PIXELS);
  pixel_height = CLAMP ((int) (height * scale), 1, PAGE_MAX_PIXELS);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_debug ("cannot draw a page of %d by %d pixels: %s", pixel_width, pixel_height,
               cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* cairo's ARGB32 is GDK's default memory format */
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * pixel_height);
  texture = gdk_memory_texture_new (pixel_width, pixel_height, GDK_MEMORY_DEFAULT, pixels,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

/* one page at a time, so that the window answers while a long PDF is drawn */
static gboolean
render_next_page (gpointer data)
{
  RapportAttachmentPreview *self = data;
  guint last = MIN (self->n_pages, RAPPORT_ATTACHMENT_PREVIEW_MAX_PAGES);
  PopplerPage *page = poppler_document_get_page (self->document, (int) self->n_rendered);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *label = NULL;
  GtkWidget *picture;

  if (page != NULL)
    texture = render_page (page, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  g_clear_object (&page);
  /* a page that cannot be drawn is left out */
  if (texture != NULL)
    {
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
      gtk_widget_add_css_class (picture, "card");
      /* TRANSLATORS: a PDF's page in the preview, for screen readers */
      label = g_strdup_printf (_("Page %u"), self->n_rendered + 1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      /* below the note on a long PDF, in order */
      gtk_box_append (self->pages_box, picture);
    }
  self->n_rendered++;
  if (self->n_rendered < last)
    return G_SOURCE_CONTINUE;
  self->render_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_pdf (RapportAttachmentPreview *self,
          GBytes                   *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  self->document = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (self->document == NULL)
    {
      show_nothing (self, _("Cannot Show This PDF"), error->message);
      return;
    }
  self->n_pages = (guint) MAX (0, poppler_document_get_n_pages (self->document));
  /* TRANSLATORS: how many pages a PDF has, under its name */
  subtitle = g_strdup_printf (ngettext ("%u page", "%u pages", self->n_pages), self->n_pages);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  if (self->n_pages > RAPPORT_ATTACHMENT_PREVIEW_MAX_PAGES)
    {
      g_autofree char *note = g_strdup_printf (_("The first %u of %u pages are shown; open the file to see them all."),
                                               RAPPORT_ATTACHMENT_PREVIEW_MAX_PAGES, self->n_pages);

      gtk_label_set_text (self->pages_note, note);
      gtk_widget_set_visible (GTK_WIDGET (self->pages_note), TRUE);
    }
  gtk_stack_set_visible_child_name (self->stack, "pages");
  if (self->n_pages > 0)
    self->render_id = g_idle_add (render_next_page, self);
}

static void
show_image (RapportAttachmentPreview *self,
            GBytes                   *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, &error);
  g_autofree char *subtitle = NULL;

  if (texture == NULL)
    {
      show_nothing (self, _("Cannot Show This Image"), error->message);
      return;
    }
  /* TRANSLATORS: an image's width and height in pixels, under its name */
  subtitle = g_strdup_printf (_("%d × %d pixels"), gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "image");
}

static void
downloaded (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  /* the download holds the window (disposed, if it is gone) until it ends */
  g_autoptr(RapportAttachmentPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rapport_api_request_bytes_finish (RAPPORT_API (source), result, &error);

  /* cancelled: the window is gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    show_nothing (self, _("Cannot Download This File"), error->message);
  else if (g_str_equal (self->content_type, "application/pdf"))
    show_pdf (self, bytes);
  else if (g_str_has_prefix (self->content_type, "image/"))
    show_image (self, bytes);
}

static void
rapport_attachment_preview_dispose (GObject *object)
{
  RapportAttachmentPreview *self = RAPPORT_ATTACHMENT_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->api);
  g_clear_pointer (&self->content_type, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ATTACHMENT_PREVIEW);
  G_OBJECT_CLASS (rapport_attachment_preview_parent_class)->dispose (object);
}

static void
rapport_attachment_preview_class_init (RapportAttachmentPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_attachment_preview_dispose;

  /**
   * RapportAttachmentPreview::open-requested:
   *
   * The user asks to open the file with the desktop's application.
   */
  signals[OPEN_REQUESTED] = g_signal_new ("open-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-attachment-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, open_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, picture);
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, pages_box);
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, pages_note);
  gtk_widget_class_bind_template_child (widget_class, RapportAttachmentPreview, status_page);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_attachment_preview_init (RapportAttachmentPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * rapport_attachment_preview_new:
 * @api: the signed-in client
 * @id: the file (a version) to show
 * @name: its name
 * @content_type: its type, as the server read it from the content
 *
 * Downloads the file and shows it: an image, the first
 * %RAPPORT_ATTACHMENT_PREVIEW_MAX_PAGES pages of a PDF (drawn one by one),
 * or, for any other type, an offer to open it.
 *
 * Returns: (transfer floating): the window, not yet shown
 */
GtkWidget *
rapport_attachment_preview_new (RapportApi *api,
                                gint64      id,
                                const char *name,
                                const char *content_type)
{
  g_autofree char *path = g_strdup_printf ("/attachments/%" G_GINT64_FORMAT, id);

  return rapport_attachment_preview_new_for_path (api, path, name, content_type);
}

/**
 * rapport_attachment_preview_new_for_path:
 * @api: the signed-in client
 * @path: what to download, under /api/v1 (a complaint's file,
 *   "/cases/7/complaint-file.pdf")
 * @name: its name
 * @content_type: its type
 *
 * As rapport_attachment_preview_new(), for a file the server makes when
 * asked rather than one filed.
 *
 * Returns: (transfer floating): the window, not yet shown
 */
GtkWidget *
rapport_attachment_preview_new_for_path (RapportApi *api,
                                         const char *path,
                                         const char *name,
                                         const char *content_type)
{
  RapportAttachmentPreview *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_ATTACHMENT_PREVIEW, NULL);
  self->api = g_object_ref (api);
  self->content_type = g_strdup (content_type ? content_type : "");
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);
  if (!g_str_equal (self->content_type, "application/pdf") && !g_str_has_prefix (self->content_type, "image/"))
    {
      show_nothing (self, _("No Preview"),
                    _("Rapport shows images and PDF files. Open this one with the desktop’s application."));
      return GTK_WIDGET (self);
    }
  rapport_api_request_bytes_async (api, path, self->cancellable, downloaded, g_object_ref (self));
  return GTK_WIDGET (self);
}

/**
 * rapport_attachment_preview_get_shown:
 *
 * Returns: what the window shows: "loading", "image", "pages" (a PDF) or
 *   "none" (no preview, or an error)
 */
const char *
rapport_attachment_preview_get_shown (RapportAttachmentPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENT_PREVIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * rapport_attachment_preview_get_paintable:
 *
 * Returns: (transfer none) (nullable): the image shown
 */
GdkPaintable *
rapport_attachment_preview_get_paintable (RapportAttachmentPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENT_PREVIEW (self), NULL);

  return gtk_picture_get_paintable (self->picture);
}

/**
 * rapport_attachment_preview_get_n_pages:
 *
 * Returns: the pages of the PDF shown, 0 for anything else
 */
guint
rapport_attachment_preview_get_n_pages (RapportAttachmentPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENT_PREVIEW (self), 0);

  return self->n_pages;
}

/**
 * rapport_attachment_preview_get_n_rendered:
 *
 * Returns: the PDF's pages drawn so far (at most
 *   %RAPPORT_ATTACHMENT_PREVIEW_MAX_PAGES)
 */
guint
rapport_attachment_preview_get_n_rendered (RapportAttachmentPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_ATTACHMENT_PREVIEW (self), 0);

  return self->n_rendered;
}
