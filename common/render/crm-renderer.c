/* crm-renderer.c: draws a document from a template on any cairo_t: PDF on the server, print and preview on the client */
#include "config.h"

#include "crm-renderer.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "crm-error.h"
#include "crm-render-private.h"

struct _CrmRenderer
{
  GObject            parent_instance;

  CrmRenderTemplate *template;
  CrmRenderDocument *document;
  CrmRenderLayout    layout;
  gboolean           paginated;
};

enum {
  PROP_0,
  PROP_TEMPLATE,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmRenderer, crm_renderer, G_TYPE_OBJECT)

static void
crm_renderer_finalize (GObject *object)
{
  CrmRenderer *self = CRM_RENDERER (object);

  crm_render_layout_clear (&self->layout);
  g_clear_object (&self->template);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (crm_renderer_parent_class)->finalize (object);
}

static void
crm_renderer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmRenderer *self = CRM_RENDERER (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_renderer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmRenderer *self = CRM_RENDERER (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      self->template = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_renderer_class_init (CrmRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_renderer_finalize;
  object_class->get_property = crm_renderer_get_property;
  object_class->set_property = crm_renderer_set_property;

  properties[PROP_TEMPLATE] =
    g_param_spec_object ("template", NULL, NULL, CRM_TYPE_RENDER_TEMPLATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, CRM_TYPE_RENDER_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_renderer_init (CrmRenderer *self)
{
}

/**
 * crm_renderer_new:
 * @template: how the document looks
 * @document: what it says
 *
 * The renderer keeps both; change neither while it is in use.
 *
 * Returns: (transfer full): a renderer, to paginate before drawing
 */
CrmRenderer *
crm_renderer_new (CrmRenderTemplate *template,
                  CrmRenderDocument *document)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (template), NULL);
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (document), NULL);

  return g_object_new (CRM_TYPE_RENDERER,
                       "template", template,
                       "document", document,
                       NULL);
}

/**
 * crm_renderer_get_template:
 * @self: a renderer
 *
 * Returns: (transfer none): the template
 */
CrmRenderTemplate *
crm_renderer_get_template (CrmRenderer *self)
{
  g_return_val_if_fail (CRM_IS_RENDERER (self), NULL);
  return self->template;
}

/**
 * crm_renderer_get_document:
 * @self: a renderer
 *
 * Returns: (transfer none): the document
 */
CrmRenderDocument *
crm_renderer_get_document (CrmRenderer *self)
{
  g_return_val_if_fail (CRM_IS_RENDERER (self), NULL);
  return self->document;
}

typedef struct
{
  const guint8 *data;
  gsize         left;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (length > reader->left)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return CAIRO_STATUS_SUCCESS;
}

/* The template's logo, or NULL when it has none or it cannot be read: a
 * missing logo must not keep a quote from being printed. */
static cairo_surface_t *
load_logo (CrmRenderTemplate *template)
{
  GBytes *png = crm_render_template_get_logo_png (template);
  const char *path = crm_render_template_get_logo_path (template);
  cairo_surface_t *surface = NULL;

  if (png != NULL)
    {
      PngReader reader;

      reader.data = g_bytes_get_data (png, &reader.left);
      surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
    }
  else if (path != NULL)
    surface = cairo_image_surface_create_from_png (path);
  else
    return NULL;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (surface) == 0 ||
      cairo_image_surface_get_height (surface) == 0)
    {
      g_debug ("The document logo could not be read: %s",
               cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

/* A context whose measurements hold on every target: unhinted metrics,
 * unrounded positions and 1 unit = 1 point, whatever @cr draws on. */
static PangoContext *
create_context (cairo_t    *cr,
                const char *language)
{
  PangoContext *context;
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Pango keeps a font map per thread, and in it every font it loaded: a
   * render reuses what earlier ones on its thread loaded */
  crm_render_fonts_ensure ();
  if (cr != NULL)
    context = pango_cairo_create_context (cr);
  else
    context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  pango_context_set_matrix (context, NULL);
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_base_dir (context, PANGO_DIRECTION_LTR);
  pango_context_set_language (context,
                              pango_language_from_string (g_str_equal (language, "zh_CN") ? "zh-cn" : "en"));
  return context;
}

static CrmRenderRgb
blend (const CrmRenderRgb *colour,
       double              amount)
{
  CrmRenderRgb mixed;

  mixed.red = 1 - amount * (1 - colour->red);
  mixed.green = 1 - amount * (1 - colour->green);
  mixed.blue = 1 - amount * (1 - colour->blue);
  return mixed;
}

/**
 * crm_renderer_paginate:
 * @self: a renderer
 * @page_width: the page's width in points
 * @page_height: the page's height in points
 * @cr: (nullable): the cairo context that will be drawn on, used for
 *   measuring; %NULL measures for any target
 *
 * Measures every part of the document and lays it out on pages of the given
 * size. Call it again when the page size changes. With GtkPrintOperation,
 * set the unit to points and use_full_page, call this from ::begin-print
 * with gtk_print_context_get_cairo_context() and the context's width and
 * height, and pass the result to gtk_print_operation_set_n_pages().
 *
 * Returns: the number of pages, at least 1
 */
guint
crm_renderer_paginate (CrmRenderer *self,
                       double       page_width,
                       double       page_height,
                       cairo_t     *cr)
{
  CrmRenderLayout *rl = &self->layout;
  guint8 red, green, blue;

  g_return_val_if_fail (CRM_IS_RENDERER (self), 0);
  g_return_val_if_fail (page_width > 200 && page_height > 200, 0);

  crm_render_layout_clear (rl);
  rl->template = self->template;
  rl->document = self->document;
  rl->language = crm_render_template_get_language (self->template);
  rl->font_family = g_str_equal (rl->language, "zh_CN") ? CRM_RENDER_FONT_FAMILY_CJK : CRM_RENDER_FONT_FAMILY_LATIN;
  rl->context = create_context (cr, rl->language);
  rl->logo = load_logo (self->template);
  rl->page_width = page_width;
  rl->page_height = page_height;

  crm_render_template_get_accent_rgb (self->template, &red, &green, &blue);
  rl->accent.red = red / 255.0;
  rl->accent.green = green / 255.0;
  rl->accent.blue = blue / 255.0;
  rl->tint = blend (&rl->accent, 0.12);

  crm_render_frame_measure (rl);
  crm_render_frame_intro (rl);
  crm_render_table_measure (rl);
  crm_render_sections_measure (rl);
  crm_render_layout_paginate (rl);

  self->paginated = TRUE;
  return rl->pages->len;
}

/**
 * crm_renderer_get_n_pages:
 * @self: a renderer
 *
 * Returns: the number of pages of the last crm_renderer_paginate(), or 0
 */
guint
crm_renderer_get_n_pages (CrmRenderer *self)
{
  g_return_val_if_fail (CRM_IS_RENDERER (self), 0);
  return self->paginated ? self->layout.pages->len : 0;
}

/**
 * crm_renderer_get_page_lines:
 * @self: a paginated renderer
 * @page: a page, from 0
 * @first_line: (out) (optional): the first line that starts on @page
 * @n_lines: (out) (optional): how many lines start on @page
 *
 * Returns: whether any line of the table starts on @page
 */
gboolean
crm_renderer_get_page_lines (CrmRenderer *self,
                             guint        page,
                             guint       *first_line,
                             guint       *n_lines)
{
  const CrmRenderPage *p;

  g_return_val_if_fail (CRM_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (page < crm_renderer_get_n_pages (self), FALSE);

  p = &g_array_index (self->layout.pages, CrmRenderPage, page);
  if (first_line != NULL)
    *first_line = p->first_row;
  if (n_lines != NULL)
    *n_lines = p->n_rows;
  return p->n_rows > 0;
}

/**
 * crm_renderer_draw_page:
 * @self: a paginated renderer
 * @cr: where to draw, in points with the page's top left at the origin
 * @page: the page, from 0
 */
void
crm_renderer_draw_page (CrmRenderer *self,
                        cairo_t     *cr,
                        guint        page)
{
  CrmRenderLayout *rl = &self->layout;
  const CrmRenderPage *p;

  g_return_if_fail (CRM_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < crm_renderer_get_n_pages (self));

  p = &g_array_index (rl->pages, CrmRenderPage, page);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  crm_render_block_draw (rl->header, cr, 0, 0);
  if (rl->notice != NULL)
    crm_render_block_draw (rl->notice, cr, 0, rl->notice_y);
  for (guint i = 0; i < p->placed->len; i++)
    {
      const CrmRenderPlaced *placed = &g_array_index (p->placed, CrmRenderPlaced, i);

      crm_render_block_draw_slice (placed->block, cr, placed->y, placed->offset, placed->height,
                                   rl->page_width);
    }
  if (p->subtotal != NULL)
    crm_render_block_draw (p->subtotal, cr, 0, p->table_end);
  crm_render_block_draw (p->footer, cr, 0, 0);
  crm_render_frame_draw_watermark (rl, cr);
  cairo_restore (cr);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} PdfSink;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (CrmRenderer     *self,
              cairo_surface_t *surface)
{
  const char *language = crm_render_template_get_language (self->template);
  g_autofree char *revision = g_strdup_printf (crm_render_label (language, CRM_RENDER_LABEL_REVISION_FMT),
                                               crm_render_document_get_revision (self->document));
  g_autofree char *title = g_strdup_printf ("%s %s, %s",
                                            crm_render_document_get_title (self->document, language),
                                            crm_render_document_get_number (self->document),
                                            revision);
  const char *customer = crm_render_document_get_customer_name (self->document);
  GDateTime *issued_at = crm_render_document_get_issued_at (self->document);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  crm_render_template_get_company_name (self->template));
  if (customer != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, customer);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Rapport " PACKAGE_VERSION);
  if (issued_at != NULL)
    {
      g_autofree char *date = g_date_time_format (issued_at, "%Y-%m-%dT%H:%M:%SZ");

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
}

/* PDFs being written in this process, on any thread */
static gint renders_in_progress;

/* A render allocates several MB (cairo copies each embedded CFF font whole
 * to subset it, zlib and the PDF's streams buffer), all freed by its end.
 * glibc's malloc keeps such freed blocks in the heap of the thread that
 * rendered, so a server whose workers all render once stays some 100 MB
 * larger for good. When the last render in progress ends, hand what is free
 * back to the system; renders that overlap, as under load, skip it and keep
 * reusing the heap. */
static void
render_ended (void)
{
  if (!g_atomic_int_dec_and_test (&renders_in_progress))
    return;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/**
 * crm_renderer_write_pdf:
 * @self: a renderer
 * @stream: where to write the PDF
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Paginates for A4 and writes every page as PDF, fonts embedded as subsets.
 * Blocks while writing: call it from a worker thread on the server.
 *
 * Returns: %TRUE on success; %FALSE with the stream's error, a
 *   %G_IO_ERROR_CANCELLED, or %CRM_ERROR_INTERNAL if cairo failed
 */
gboolean
crm_renderer_write_pdf (CrmRenderer    *self,
                        GOutputStream  *stream,
                        GCancellable   *cancellable,
                        GError        **error)
{
  PdfSink sink = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (CRM_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_atomic_int_inc (&renders_in_progress);
  surface = cairo_pdf_surface_create_for_stream (write_to_stream, &sink,
                                                 CRM_RENDER_A4_WIDTH, CRM_RENDER_A4_HEIGHT);
  set_metadata (self, surface);
  cr = cairo_create (surface);

  n_pages = crm_renderer_paginate (self, CRM_RENDER_A4_WIDTH, CRM_RENDER_A4_HEIGHT, cr);
  for (guint i = 0; i < n_pages && sink.error == NULL; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &sink.error))
        break;
      crm_renderer_draw_page (self, cr, i);
      cairo_show_page (cr);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  render_ended ();

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL,
                   _("The document could not be written as PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_renderer_render_pdf:
 * @self: a renderer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Like crm_renderer_write_pdf(), into memory.
 *
 * Returns: (transfer full) (nullable): the PDF, or %NULL with @error set
 */
GBytes *
crm_renderer_render_pdf (CrmRenderer   *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

  g_return_val_if_fail (CRM_IS_RENDERER (self), NULL);

  if (!crm_renderer_write_pdf (self, stream, cancellable, error) ||
      !g_output_stream_close (stream, cancellable, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}
