/* rapport-template-preview.c: RapportTemplatePreview, page 1 of a sample quote drawn with a template being edited */
#include "rapport-template-preview.h"
#include "crm-account.h"
#include "crm-contact.h"
#include "crm-document-line.h"
#include "crm-document-pricing.h"
#include "crm-document-render.h"
#include "crm-quote.h"
#include "crm-renderer.h"

#include <glib/gi18n.h>

struct _RapportTemplatePreview
{
  GtkDrawingArea  parent_instance;

  CrmRenderDocument *sample;
  CrmRenderer       *renderer;
};

G_DEFINE_FINAL_TYPE (RapportTemplatePreview, rapport_template_preview, GTK_TYPE_DRAWING_AREA)

static CrmEntity *
sample_line (gint64      product,
             const char *description,
             const char *unit,
             gint64      quantity,
             gint64      unit_price_cents,
             gint64      discount,
             gint64      tax_rate)
{
  CrmEntity *line = crm_entity_new (CRM_TYPE_DOCUMENT_LINE);

  crm_entity_set_int (line, "product", product);
  crm_entity_set_text (line, "description", description);
  crm_entity_set_text (line, "unit", unit);
  crm_entity_set_money (line, "quantity", crm_money_new (quantity, 0));
  crm_entity_set_money (line, "unit_price", crm_money_new (unit_price_cents, 2));
  crm_entity_set_money (line, "discount", crm_money_new (discount, 0));
  crm_entity_set_money (line, "tax_rate", crm_money_new (tax_rate, 0));
  return line;
}

/* a quote that shows every part of a template: lines at two tax rates, a
 * discount, terms, a customer with an address and a contact */
static CrmRenderDocument *
sample_document (void)
{
  g_autoptr(CrmEntity) quote = crm_entity_new (CRM_TYPE_QUOTE);
  g_autoptr(CrmEntity) account = crm_entity_new (CRM_TYPE_ACCOUNT);
  g_autoptr(CrmEntity) contact = crm_entity_new (CRM_TYPE_CONTACT);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  /* product id -> code, for the code column */
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  static const struct { gint64 id; const char *code; } products[] = { { 1, "MON-200" }, { 2, "CBL-3" }, { 3, "SVC-01" } };

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    g_hash_table_insert (codes, g_memdup2 (&products[i].id, sizeof (gint64)), (gpointer) products[i].code);
  g_ptr_array_add (lines, sample_line (1, _("Patient monitor, 12-inch touch screen"), _("pc"), 4, 1850000, 5, 13));
  g_ptr_array_add (lines, sample_line (2, _("ECG cable, 3-lead"), _("pc"), 12, 8550, 0, 13));
  g_ptr_array_add (lines, sample_line (3, _("Installation and training"), _("day"), 2, 120000, 0, 6));
  crm_entity_set_lines (quote, g_steal_pointer (&lines));
  crm_entity_set_text (quote, "number", "Q-2026-00042");
  crm_entity_set_text (quote, "currency", "CNY");
  crm_entity_set_text (quote, "title", _("Sample quote"));
  crm_entity_set_text (quote, "terms", _("Payment within 30 days of delivery. Prices include delivery to the customer’s site."));
  crm_entity_set_int (quote, "created_at", g_date_time_to_unix (now) * G_USEC_PER_SEC);
  if (!crm_document_price (quote, CRM_ROUND_HALF_UP, &error))
    g_critical ("the sample quote does not price: %s", error->message);

  crm_entity_set_text (account, "name", _("Sample Customer Hospital"));
  crm_entity_set_text (account, "address", _("1 Sample Road\nSample City 100000"));
  crm_entity_set_text (account, "tax_id", "91110000000000000X");
  crm_entity_set_text (contact, "name", _("Alex Sample"));
  return crm_document_render_new_full (quote, account, contact, "CNY", codes);
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  RapportTemplatePreview *self = RAPPORT_TEMPLATE_PREVIEW (area);
  const double margin = 12;
  double scale = MIN ((width - 2 * margin) / CRM_RENDER_A4_WIDTH, (height - 2 * margin) / CRM_RENDER_A4_HEIGHT);
  double page_width = CRM_RENDER_A4_WIDTH * scale;
  double page_height = CRM_RENDER_A4_HEIGHT * scale;
  double x = (width - page_width) / 2;
  double y = (height - page_height) / 2;

  if (self->renderer == NULL || scale <= 0)
    return;
  /* the sheet, with a shadow under it */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_rectangle (cr, x + 2, y + 3, page_width, page_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, page_width, page_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, page_width, page_height);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  crm_renderer_draw_page (self->renderer, cr, 0);
  cairo_restore (cr);
}

/**
 * rapport_template_preview_set_template:
 * @self: the preview
 * @template: how the sample quote is to look
 *
 * Lays the sample quote out on A4 with @template and draws its first page.
 */
void
rapport_template_preview_set_template (RapportTemplatePreview *self,
                                       CrmRenderTemplate      *template)
{
  g_clear_object (&self->renderer);
  self->renderer = crm_renderer_new (template, self->sample);
  crm_renderer_paginate (self->renderer, CRM_RENDER_A4_WIDTH, CRM_RENDER_A4_HEIGHT, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* the pages the sample takes with the template shown; 0 before one is */
guint
rapport_template_preview_get_n_pages (RapportTemplatePreview *self)
{
  return self->renderer ? crm_renderer_get_n_pages (self->renderer) : 0;
}

static void
rapport_template_preview_dispose (GObject *object)
{
  RapportTemplatePreview *self = RAPPORT_TEMPLATE_PREVIEW (object);

  g_clear_object (&self->renderer);
  g_clear_object (&self->sample);
  G_OBJECT_CLASS (rapport_template_preview_parent_class)->dispose (object);
}

static void
rapport_template_preview_class_init (RapportTemplatePreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_template_preview_dispose;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rapport_template_preview_init (RapportTemplatePreview *self)
{
  self->sample = sample_document ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 300);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 424);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preview of a sample quote"), -1);
}
