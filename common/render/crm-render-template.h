/* crm-render-template.h: how a company's documents look: letterhead, colour, columns, language */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CrmRenderColumn:
 *
 * The columns a line table can show, in the template's chosen order.
 */
typedef enum
{
  CRM_RENDER_COLUMN_INDEX,
  CRM_RENDER_COLUMN_CODE,
  CRM_RENDER_COLUMN_DESCRIPTION,
  CRM_RENDER_COLUMN_QUANTITY,
  CRM_RENDER_COLUMN_UNIT,
  CRM_RENDER_COLUMN_UNIT_PRICE,
  CRM_RENDER_COLUMN_UNIT_PRICE_GROSS,
  CRM_RENDER_COLUMN_DISCOUNT,
  CRM_RENDER_COLUMN_TAX_RATE,
  CRM_RENDER_COLUMN_NET,
  CRM_RENDER_COLUMN_TAX,
  CRM_RENDER_COLUMN_GROSS,

  CRM_RENDER_N_COLUMNS
} CrmRenderColumn;

const char *crm_render_column_to_string   (CrmRenderColumn  column);
gboolean    crm_render_column_from_string (const char      *name,
                                           CrmRenderColumn *out_column);

#define CRM_TYPE_RENDER_TEMPLATE (crm_render_template_get_type ())
G_DECLARE_FINAL_TYPE (CrmRenderTemplate, crm_render_template, CRM, RENDER_TEMPLATE, GObject)

CrmRenderTemplate     *crm_render_template_new              (void);
CrmRenderTemplate     *crm_render_template_new_from_json    (const char         *json,
                                                             GError            **error);
char                  *crm_render_template_to_json          (CrmRenderTemplate  *self);

guint                  crm_render_template_get_version      (CrmRenderTemplate  *self);
void                   crm_render_template_set_version      (CrmRenderTemplate  *self,
                                                             guint               version);
const char            *crm_render_template_get_language     (CrmRenderTemplate  *self);
void                   crm_render_template_set_language     (CrmRenderTemplate  *self,
                                                             const char         *language);
void                   crm_render_template_get_accent_rgb   (CrmRenderTemplate  *self,
                                                             guint8             *red,
                                                             guint8             *green,
                                                             guint8             *blue);
char                  *crm_render_template_get_accent_color (CrmRenderTemplate  *self);
gboolean               crm_render_template_set_accent_color (CrmRenderTemplate  *self,
                                                             const char         *hex,
                                                             GError            **error);

const char            *crm_render_template_get_company_name (CrmRenderTemplate  *self);
void                   crm_render_template_set_company_name (CrmRenderTemplate  *self,
                                                             const char         *name);
const char * const    *crm_render_template_get_company_address (CrmRenderTemplate *self);
void                   crm_render_template_set_company_address (CrmRenderTemplate  *self,
                                                                const char * const *lines);
const char            *crm_render_template_get_company_tax_id (CrmRenderTemplate  *self);
void                   crm_render_template_set_company_tax_id (CrmRenderTemplate  *self,
                                                               const char         *tax_id);
const char            *crm_render_template_get_bank_name    (CrmRenderTemplate  *self);
const char            *crm_render_template_get_bank_account (CrmRenderTemplate  *self);
void                   crm_render_template_set_bank         (CrmRenderTemplate  *self,
                                                             const char         *bank_name,
                                                             const char         *account);

GBytes                *crm_render_template_get_logo_png     (CrmRenderTemplate  *self);
const char            *crm_render_template_get_logo_path    (CrmRenderTemplate  *self);
gboolean               crm_render_template_set_logo_png     (CrmRenderTemplate  *self,
                                                             GBytes             *png,
                                                             GError            **error);
void                   crm_render_template_set_logo_path    (CrmRenderTemplate  *self,
                                                             const char         *path);

const CrmRenderColumn *crm_render_template_get_columns      (CrmRenderTemplate  *self,
                                                             guint              *n_columns);
gboolean               crm_render_template_set_columns      (CrmRenderTemplate     *self,
                                                             const CrmRenderColumn *columns,
                                                             guint                  n_columns,
                                                             GError               **error);

const char            *crm_render_template_get_header_text  (CrmRenderTemplate  *self);
void                   crm_render_template_set_header_text  (CrmRenderTemplate  *self,
                                                             const char         *text);
const char            *crm_render_template_get_footer_text  (CrmRenderTemplate  *self);
void                   crm_render_template_set_footer_text  (CrmRenderTemplate  *self,
                                                             const char         *text);
const char            *crm_render_template_get_default_terms (CrmRenderTemplate *self);
void                   crm_render_template_set_default_terms (CrmRenderTemplate *self,
                                                              const char        *terms);

G_END_DECLS
