/* crm-render-private.h: the renderer's page model, shared by layout, pagination and drawing */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "crm-money.h"
#include "crm-render-document.h"
#include "crm-render-labels.h"
#include "crm-render-template.h"

G_BEGIN_DECLS

/* A Chinese document draws every run, Latin and digits included, in Noto
 * Sans CJK SC, so its lines never mix the metrics of two fonts. Any other
 * draws its text in a Latin face and falls back to the CJK face only for
 * what the Latin one lacks (a Chinese name, say): its PDF embeds the CJK
 * font only when it shows a CJK character, and cairo embeds a subset of
 * each font it uses. */
#define CRM_RENDER_CJK_FAMILY        "Noto Sans CJK SC"
/* the light copies of it that crm-render-fonts.c makes */
#define CRM_RENDER_CJK_COMMON_FAMILY "Noto Sans CJK SC Common"
#define CRM_RENDER_CJK_EXTRA_FAMILY  "Noto Sans CJK SC Extra"
#define CRM_RENDER_FONT_FAMILY_CJK   "Noto Sans CJK SC Common, Noto Sans CJK SC Extra, Noto Sans CJK SC, Noto Sans, sans-serif"
#define CRM_RENDER_FONT_FAMILY_LATIN "Noto Sans, DejaVu Sans, Noto Sans CJK SC Common, Noto Sans CJK SC Extra, Noto Sans CJK SC"

typedef struct
{
  double red, green, blue;
} CrmRenderRgb;

typedef enum
{
  CRM_RENDER_OP_TEXT,
  CRM_RENDER_OP_RECT,
  CRM_RENDER_OP_LINE,
  CRM_RENDER_OP_IMAGE,
} CrmRenderOpKind;

/* One drawing operation, relative to the top left of its block. A LINE runs
 * from (x, y) to (x + width, y + height). */
typedef struct
{
  CrmRenderOpKind  kind;
  double           x, y, width, height;
  double           line_width;
  CrmRenderRgb     colour;
  PangoLayout     *layout;
  cairo_surface_t *image;
} CrmRenderOp;

/* A piece of a page that is measured once and placed whole: the table
 * header, a line, the totals, a paragraph of terms. @breaks lists the offsets
 * at which a block taller than a page may be cut (between its text lines). */
typedef struct
{
  GArray *ops;           /* of CrmRenderOp */
  double  height;
  double  space_before;  /* from the block above, unless at the top of a page */
  GArray *breaks;        /* of double, ascending; may be empty */
} CrmRenderBlock;

/* A block, or a slice of it, at a place on a page */
typedef struct
{
  CrmRenderBlock *block;
  double          y;
  double          offset;
  double          height;
} CrmRenderPlaced;

typedef struct
{
  GArray         *placed;        /* of CrmRenderPlaced */
  guint           first_row;
  guint           n_rows;        /* lines that start on this page */
  gboolean        has_table;
  double          table_end;     /* where the page subtotal goes */
  CrmMoney        net;
  CrmMoney        gross;
  gboolean        overflow;      /* a subtotal did not fit in 64 bits */
  CrmRenderBlock *subtotal;      /* owned, or NULL */
  CrmRenderBlock *footer;        /* owned */
} CrmRenderPage;

typedef struct
{
  CrmRenderColumn column;
  double          x;
  double          width;
  PangoAlignment  align;
  gboolean        numeric;
} CrmRenderTableColumn;

/* Everything the renderer knows after measuring a document for one page size */
typedef struct
{
  CrmRenderTemplate    *template;
  CrmRenderDocument    *document;
  const char           *language;
  const char           *font_family;  /* one of CRM_RENDER_FONT_FAMILY_* */
  PangoContext         *context;
  cairo_surface_t      *logo;

  CrmRenderRgb          accent;
  CrmRenderRgb          tint;

  double                page_width;
  double                page_height;
  double                left;
  double                width;
  double                body_top;
  double                body_bottom;
  double                footer_top;

  CrmRenderBlock       *header;
  CrmRenderBlock       *notice;      /* the reprint notice, or NULL */
  double                notice_y;
  PangoLayout          *watermark;   /* "DRAFT" across a draft's pages, or NULL */

  GPtrArray            *intro;       /* of CrmRenderBlock: page 1 only */
  CrmRenderTableColumn  columns[CRM_RENDER_N_COLUMNS];
  guint                 n_columns;
  double                table_font;
  CrmRenderBlock       *table_header;
  GPtrArray            *rows;        /* of CrmRenderBlock, one per line */
  double                subtotal_height;
  GPtrArray            *tail;        /* of CrmRenderBlock: totals, terms, approvals, signatures */

  GArray               *pages;       /* of CrmRenderPage */
} CrmRenderLayout;

/* Gap between the blocks that follow one another down a page */
#define CRM_RENDER_BLOCK_GAP 12.0

extern const CrmRenderRgb crm_render_ink;
extern const CrmRenderRgb crm_render_muted;
extern const CrmRenderRgb crm_render_rule;

/* crm-render-block.c */
CrmRenderBlock *crm_render_block_new        (void);
void            crm_render_block_free       (CrmRenderBlock     *block);
PangoLayout    *crm_render_text_new         (CrmRenderLayout    *rl,
                                             const char         *text,
                                             double              size,
                                             PangoWeight         weight,
                                             double              width,
                                             PangoAlignment      align,
                                             gboolean            tabular);
double          crm_render_text_height      (PangoLayout        *layout);
double          crm_render_text_width       (PangoLayout        *layout);
double          crm_render_block_add_text   (CrmRenderBlock     *block,
                                             PangoLayout        *layout,
                                             double              x,
                                             double              y,
                                             const CrmRenderRgb *colour);
void            crm_render_block_add_rect   (CrmRenderBlock     *block,
                                             double              x,
                                             double              y,
                                             double              width,
                                             double              height,
                                             const CrmRenderRgb *colour);
void            crm_render_block_add_line   (CrmRenderBlock     *block,
                                             double              x,
                                             double              y,
                                             double              dx,
                                             double              dy,
                                             double              line_width,
                                             const CrmRenderRgb *colour);
void            crm_render_block_add_image  (CrmRenderBlock     *block,
                                             cairo_surface_t    *image,
                                             double              x,
                                             double              y,
                                             double              width,
                                             double              height);
void            crm_render_block_add_text_breaks (CrmRenderBlock *block,
                                                  PangoLayout    *layout,
                                                  double          y);
void            crm_render_block_draw       (CrmRenderBlock     *block,
                                             cairo_t            *cr,
                                             double              x,
                                             double              y);
void            crm_render_block_draw_slice (CrmRenderBlock     *block,
                                             cairo_t            *cr,
                                             double              y,
                                             double              offset,
                                             double              height,
                                             double              page_width);
char           *crm_render_format_amount    (CrmMoney            amount,
                                             guint               decimals);
char           *crm_render_labelled         (CrmRenderLayout    *rl,
                                             CrmRenderLabel      label,
                                             const char         *value);
char           *crm_render_caption          (CrmRenderLayout    *rl,
                                             CrmRenderLabel      label);

/* crm-render-fonts.c */
gboolean        crm_render_fonts_ensure     (void);

/* crm-render-table.c */
void            crm_render_table_measure    (CrmRenderLayout    *rl);
CrmRenderBlock *crm_render_table_subtotal   (CrmRenderLayout    *rl,
                                             const CrmRenderPage *page);

/* crm-render-frame.c */
void            crm_render_frame_measure    (CrmRenderLayout    *rl);
CrmRenderBlock *crm_render_frame_footer     (CrmRenderLayout    *rl,
                                             guint               page,
                                             guint               n_pages);
void            crm_render_frame_intro      (CrmRenderLayout    *rl);
void            crm_render_frame_draw_watermark (CrmRenderLayout *rl,
                                                 cairo_t         *cr);

/* crm-render-sections.c */
void            crm_render_sections_measure (CrmRenderLayout    *rl);

/* crm-render-paginate.c */
void            crm_render_layout_paginate  (CrmRenderLayout    *rl);
void            crm_render_layout_clear     (CrmRenderLayout    *rl);

G_END_DECLS
