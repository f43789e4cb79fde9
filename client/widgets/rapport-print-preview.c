/* rapport-print-preview.c: RapportPrintPreview, a window that shows a document's printed pages, drawn by the shared renderer */
#include "rapport-print-preview.h"

#include <glib/gi18n.h>

/* room around the page, in pixels */
#define PAGE_MARGIN 24.0
/* 100 % shows a page at its real size on a 96 dpi screen */
#define PIXELS_PER_POINT (96.0 / 72.0)

static const double zoom_steps[] = { 0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0 };

struct _RapportPrintPreview
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel       *page_label;
  GtkLabel       *zoom_label;
  GtkScrolledWindow *scroller;
  GtkDrawingArea *page_area;

  CrmRenderer    *renderer;
  guint           n_pages;
  guint           page;
  double          zoom;       /* as set, when not fitting the width */
  gboolean        fit_width;
  guint           relayout;   /* idle source that follows a new width */
};

enum {
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ZOOM,
  PROP_FIT_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PRINT,
  SIGNAL_EXPORT_PDF,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RapportPrintPreview, rapport_print_preview, ADW_TYPE_WINDOW)

/* pixels per point as drawn in an area @width pixels wide */
static double
scale_for_width (RapportPrintPreview *self,
                 int                  width)
{
  if (self->fit_width && width > 2 * PAGE_MARGIN)
    return (width - 2 * PAGE_MARGIN) / CRM_RENDER_A4_WIDTH;
  return self->zoom * PIXELS_PER_POINT;
}

static void
update_size (RapportPrintPreview *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->page_area));
  double scale = scale_for_width (self, width);
  GtkPolicyType horizontal = self->fit_width ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC;
  GtkPolicyType current;
  int content_width = self->fit_width ? 0 : (int) (CRM_RENDER_A4_WIDTH * scale + 2 * PAGE_MARGIN);
  int content_height = (int) (CRM_RENDER_A4_HEIGHT * scale + 2 * PAGE_MARGIN);

  /* fitting, the page follows the width it is given and never scrolls sideways */
  gtk_scrolled_window_get_policy (self->scroller, &current, NULL);
  if (current != horizontal)
    gtk_scrolled_window_set_policy (self->scroller, horizontal, GTK_POLICY_AUTOMATIC);
  if (gtk_drawing_area_get_content_width (self->page_area) != content_width)
    gtk_drawing_area_set_content_width (self->page_area, content_width);
  if (gtk_drawing_area_get_content_height (self->page_area) != content_height)
    gtk_drawing_area_set_content_height (self->page_area, content_height);
}

static void
update_labels (RapportPrintPreview *self)
{
  /* TRANSLATORS: the page shown in the print preview, e.g. "Page 1 of 3" */
  g_autofree char *page = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);
  /* TRANSLATORS: the zoom of the print preview, e.g. "100 %" */
  g_autofree char *zoom = g_strdup_printf (_("%.0f %%"), rapport_print_preview_get_zoom (self) * 100);

  gtk_label_set_label (self->page_label, page);
  gtk_label_set_label (self->zoom_label, zoom);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->page_area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, page, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", self->page + 1 < self->n_pages);
}

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  RapportPrintPreview *self = user_data;
  double scale = scale_for_width (self, width);
  double page_width = CRM_RENDER_A4_WIDTH * scale;
  double page_height = CRM_RENDER_A4_HEIGHT * scale;
  double x = MAX (PAGE_MARGIN, (width - page_width) / 2);
  double y = PAGE_MARGIN;

  if (self->renderer == NULL || self->n_pages == 0)
    return;

  /* a sheet of paper with a soft edge, on the window's background */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x + 1, y + 2, page_width, page_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, page_width, page_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, page_width, page_height);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  crm_renderer_draw_page (self->renderer, cr, self->page);
  cairo_restore (cr);
}

static gboolean
relayout (gpointer user_data)
{
  RapportPrintPreview *self = user_data;

  self->relayout = 0;
  update_size (self);
  update_labels (self);
  return G_SOURCE_REMOVE;
}

/* Fitting the width, the page's height and the zoom shown follow the width
 * the area was given; changed once the allocation is over, not inside it */
static void
area_resized (GtkDrawingArea      *area,
              int                  width,
              int                  height,
              RapportPrintPreview *self)
{
  if (self->fit_width && self->relayout == 0)
    self->relayout = g_idle_add (relayout, self);
}

static void
zoom_changed (RapportPrintPreview *self)
{
  update_size (self);
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/**
 * rapport_print_preview_set_page:
 * @self: a preview
 * @page: the page to show, from 0; past the last, the last
 */
void
rapport_print_preview_set_page (RapportPrintPreview *self,
                                guint                page)
{
  g_return_if_fail (RAPPORT_IS_PRINT_PREVIEW (self));

  page = MIN (page, self->n_pages > 0 ? self->n_pages - 1 : 0);
  if (page == self->page)
    return;
  self->page = page;
  update_labels (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

guint
rapport_print_preview_get_page (RapportPrintPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_PRINT_PREVIEW (self), 0);
  return self->page;
}

guint
rapport_print_preview_get_n_pages (RapportPrintPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_PRINT_PREVIEW (self), 0);
  return self->n_pages;
}

/**
 * rapport_print_preview_get_renderer:
 * @self: a preview
 *
 * Returns: (transfer none): the renderer that draws its pages
 */
CrmRenderer *
rapport_print_preview_get_renderer (RapportPrintPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_PRINT_PREVIEW (self), NULL);
  return self->renderer;
}

/**
 * rapport_print_preview_get_zoom:
 * @self: a preview
 *
 * Returns: the zoom shown, 1.0 being the page's real size on a 96 dpi
 *   screen; while fitting the width, the zoom that fits it
 */
double
rapport_print_preview_get_zoom (RapportPrintPreview *self)
{
  int width;

  g_return_val_if_fail (RAPPORT_IS_PRINT_PREVIEW (self), 1.0);

  width = gtk_widget_get_width (GTK_WIDGET (self->page_area));
  return scale_for_width (self, width) / PIXELS_PER_POINT;
}

/**
 * rapport_print_preview_set_zoom:
 * @self: a preview
 * @zoom: 1.0 for the real size, between 0.25 and 4.0
 *
 * Shows the page at @zoom, and stops fitting the width.
 */
void
rapport_print_preview_set_zoom (RapportPrintPreview *self,
                                double               zoom)
{
  g_return_if_fail (RAPPORT_IS_PRINT_PREVIEW (self));

  zoom = CLAMP (zoom, zoom_steps[0], zoom_steps[G_N_ELEMENTS (zoom_steps) - 1]);
  if (zoom == self->zoom && !self->fit_width)
    return;
  self->zoom = zoom;
  if (self->fit_width)
    {
      self->fit_width = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_WIDTH]);
    }
  zoom_changed (self);
}

gboolean
rapport_print_preview_get_fit_width (RapportPrintPreview *self)
{
  g_return_val_if_fail (RAPPORT_IS_PRINT_PREVIEW (self), FALSE);
  return self->fit_width;
}

/**
 * rapport_print_preview_set_fit_width:
 * @self: a preview
 * @fit_width: whether the page follows the window's width
 */
void
rapport_print_preview_set_fit_width (RapportPrintPreview *self,
                                     gboolean             fit_width)
{
  g_return_if_fail (RAPPORT_IS_PRINT_PREVIEW (self));

  fit_width = !!fit_width;
  if (fit_width == self->fit_width)
    return;
  /* leaving the fit, the zoom stays where the fit had it */
  if (!fit_width)
    self->zoom = rapport_print_preview_get_zoom (self);
  self->fit_width = fit_width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_WIDTH]);
  zoom_changed (self);
}

/* the next step of zoom_steps above (@direction 1) or below (-1) the zoom shown */
static void
zoom_step (RapportPrintPreview *self,
           int                  direction)
{
  double current = rapport_print_preview_get_zoom (self);
  double next = current;

  if (direction > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (zoom_steps) && next == current; i++)
        if (zoom_steps[i] > current + 0.005)
          next = zoom_steps[i];
    }
  else
    {
      for (guint i = G_N_ELEMENTS (zoom_steps); i > 0 && next == current; i--)
        if (zoom_steps[i - 1] < current - 0.005)
          next = zoom_steps[i - 1];
    }
  rapport_print_preview_set_zoom (self, next);
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  RapportPrintPreview *self = RAPPORT_PRINT_PREVIEW (widget);

  if (g_str_equal (action, "preview.previous-page"))
    rapport_print_preview_set_page (self, self->page > 0 ? self->page - 1 : 0);
  else if (g_str_equal (action, "preview.next-page"))
    rapport_print_preview_set_page (self, self->page + 1);
  else if (g_str_equal (action, "preview.first-page"))
    rapport_print_preview_set_page (self, 0);
  else if (g_str_equal (action, "preview.last-page"))
    rapport_print_preview_set_page (self, G_MAXUINT);
  else if (g_str_equal (action, "preview.zoom-in"))
    zoom_step (self, 1);
  else if (g_str_equal (action, "preview.zoom-out"))
    zoom_step (self, -1);
  else if (g_str_equal (action, "preview.zoom-100"))
    rapport_print_preview_set_zoom (self, 1.0);
  else if (g_str_equal (action, "preview.print"))
    g_signal_emit (self, signals[SIGNAL_PRINT], 0);
  else if (g_str_equal (action, "preview.export-pdf"))
    g_signal_emit (self, signals[SIGNAL_EXPORT_PDF], 0);
}

static void
rapport_print_preview_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportPrintPreview *self = RAPPORT_PRINT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, rapport_print_preview_get_zoom (self));
      break;
    case PROP_FIT_WIDTH:
      g_value_set_boolean (value, self->fit_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_print_preview_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportPrintPreview *self = RAPPORT_PRINT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      rapport_print_preview_set_page (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM:
      rapport_print_preview_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_FIT_WIDTH:
      rapport_print_preview_set_fit_width (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_print_preview_dispose (GObject *object)
{
  RapportPrintPreview *self = RAPPORT_PRINT_PREVIEW (object);

  g_clear_handle_id (&self->relayout, g_source_remove);
  g_clear_object (&self->renderer);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_PRINT_PREVIEW);
  G_OBJECT_CLASS (rapport_print_preview_parent_class)->dispose (object);
}

static void
add_key (GtkWidgetClass  *widget_class,
         guint            key,
         GdkModifierType  modifiers,
         const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, modifiers, action, NULL);
}

static void
rapport_print_preview_class_init (RapportPrintPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const actions[] = {
    "preview.previous-page", "preview.next-page", "preview.first-page", "preview.last-page",
    "preview.zoom-in", "preview.zoom-out", "preview.zoom-100", "preview.print", "preview.export-pdf",
  };

  object_class->dispose = rapport_print_preview_dispose;
  object_class->get_property = rapport_print_preview_get_property;
  object_class->set_property = rapport_print_preview_set_property;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.01, 100, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT_WIDTH] =
    g_param_spec_boolean ("fit-width", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportPrintPreview::print:
   *
   * The user asked to print what the preview shows.
   */
  signals[SIGNAL_PRINT] = g_signal_new ("print", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RapportPrintPreview::export-pdf:
   *
   * The user asked to save the document as a PDF.
   */
  signals[SIGNAL_EXPORT_PDF] = g_signal_new ("export-pdf", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-print-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPrintPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportPrintPreview, page_label);
  gtk_widget_class_bind_template_child (widget_class, RapportPrintPreview, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, RapportPrintPreview, scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportPrintPreview, page_area);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, preview_activated);
  gtk_widget_class_install_property_action (widget_class, "preview.fit-width", "fit-width");

  add_key (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, "preview.first-page");
  add_key (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, "preview.last-page");
  add_key (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in");
  add_key (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in");
  add_key (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in");
  add_key (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out");
  add_key (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "preview.zoom-out");
  add_key (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-100");
  add_key (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print");
  add_key (widget_class, GDK_KEY_Escape, 0, "window.close");
}

/* Page Up and Page Down turn the page wherever the focus is, before the
 * scrolled page would take them to scroll */
static void
add_page_keys (RapportPrintPreview *self)
{
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_Page_Up,      "preview.previous-page" },
    { GDK_KEY_KP_Page_Up,   "preview.previous-page" },
    { GDK_KEY_Page_Down,    "preview.next-page" },
    { GDK_KEY_KP_Page_Down, "preview.next-page" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
rapport_print_preview_init (RapportPrintPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_page_keys (self);
  self->zoom = 1.0;
  self->fit_width = TRUE;
  gtk_drawing_area_set_draw_func (self->page_area, draw_page, self, NULL);
  g_signal_connect_object (self->page_area, "resize", G_CALLBACK (area_resized), self, 0);
}

/**
 * rapport_print_preview_new:
 * @parent: (nullable): the window it belongs to
 * @renderer: the document to show, laid out on A4 here
 * @subtitle: (nullable): what the window's subtitle says, such as the
 *   document's number
 *
 * Returns: (transfer full): a preview window, not shown yet, on page 1,
 *   fitting its width
 */
RapportPrintPreview *
rapport_print_preview_new (GtkWindow   *parent,
                           CrmRenderer *renderer,
                           const char  *subtitle)
{
  RapportPrintPreview *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_RENDERER (renderer), NULL);

  self = g_object_new (RAPPORT_TYPE_PRINT_PREVIEW, "transient-for", parent, NULL);
  self->renderer = g_object_ref (renderer);
  self->n_pages = crm_renderer_paginate (renderer, CRM_RENDER_A4_WIDTH, CRM_RENDER_A4_HEIGHT, NULL);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  update_size (self);
  update_labels (self);
  return self;
}
