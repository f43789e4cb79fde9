/* crm-render-template.c: how a company's documents look: letterhead, colour, columns, language */
#include "crm-render-template.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-error.h"
#include "crm-render-labels.h"

#define MAX_LOGO_BYTES (1024 * 1024)

struct _CrmRenderTemplate
{
  GObject parent_instance;

  guint   version;
  char   *language;
  guint8  accent[3];

  char   *company_name;
  GStrv   company_address;
  char   *company_tax_id;
  char   *bank_name;
  char   *bank_account;

  GBytes *logo_png;
  char   *logo_path;

  CrmRenderColumn columns[CRM_RENDER_N_COLUMNS];
  guint           n_columns;

  char   *header_text;
  char   *footer_text;
  char   *default_terms;
};

G_DEFINE_FINAL_TYPE (CrmRenderTemplate, crm_render_template, G_TYPE_OBJECT)

static const char * const column_names[] = {
  [CRM_RENDER_COLUMN_INDEX]            = "index",
  [CRM_RENDER_COLUMN_CODE]             = "code",
  [CRM_RENDER_COLUMN_DESCRIPTION]      = "description",
  [CRM_RENDER_COLUMN_QUANTITY]         = "quantity",
  [CRM_RENDER_COLUMN_UNIT]             = "unit",
  [CRM_RENDER_COLUMN_UNIT_PRICE]       = "unit_price",
  [CRM_RENDER_COLUMN_UNIT_PRICE_GROSS] = "unit_price_gross",
  [CRM_RENDER_COLUMN_DISCOUNT]         = "discount",
  [CRM_RENDER_COLUMN_TAX_RATE]         = "tax_rate",
  [CRM_RENDER_COLUMN_NET]              = "net",
  [CRM_RENDER_COLUMN_TAX]              = "tax",
  [CRM_RENDER_COLUMN_GROSS]            = "gross",
};

G_STATIC_ASSERT (G_N_ELEMENTS (column_names) == CRM_RENDER_N_COLUMNS);

static const CrmRenderColumn default_columns[] = {
  CRM_RENDER_COLUMN_INDEX,
  CRM_RENDER_COLUMN_CODE,
  CRM_RENDER_COLUMN_DESCRIPTION,
  CRM_RENDER_COLUMN_QUANTITY,
  CRM_RENDER_COLUMN_UNIT,
  CRM_RENDER_COLUMN_UNIT_PRICE,
  CRM_RENDER_COLUMN_DISCOUNT,
  CRM_RENDER_COLUMN_TAX_RATE,
  CRM_RENDER_COLUMN_NET,
};

/**
 * crm_render_column_to_string:
 * @column: a column
 *
 * Returns: (transfer none): the column's name in template JSON, e.g. "unit_price"
 */
const char *
crm_render_column_to_string (CrmRenderColumn column)
{
  g_return_val_if_fail ((guint) column < CRM_RENDER_N_COLUMNS, NULL);
  return column_names[column];
}

gboolean
crm_render_column_from_string (const char      *name,
                               CrmRenderColumn *out_column)
{
  for (guint i = 0; i < CRM_RENDER_N_COLUMNS; i++)
    {
      if (g_strcmp0 (name, column_names[i]) == 0)
        {
          *out_column = (CrmRenderColumn) i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
crm_render_template_finalize (GObject *object)
{
  CrmRenderTemplate *self = CRM_RENDER_TEMPLATE (object);

  g_free (self->language);
  g_free (self->company_name);
  g_strfreev (self->company_address);
  g_free (self->company_tax_id);
  g_free (self->bank_name);
  g_free (self->bank_account);
  g_clear_pointer (&self->logo_png, g_bytes_unref);
  g_free (self->logo_path);
  g_free (self->header_text);
  g_free (self->footer_text);
  g_free (self->default_terms);

  G_OBJECT_CLASS (crm_render_template_parent_class)->finalize (object);
}

static void
crm_render_template_class_init (CrmRenderTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_render_template_finalize;
}

static void
crm_render_template_init (CrmRenderTemplate *self)
{
  self->version = 1;
  self->language = g_strdup ("en");
  self->accent[0] = 0x1c;
  self->accent[1] = 0x71;
  self->accent[2] = 0xd8;
  self->company_name = g_strdup ("");
  self->company_address = g_new0 (char *, 1);
  memcpy (self->columns, default_columns, sizeof default_columns);
  self->n_columns = G_N_ELEMENTS (default_columns);
}

/**
 * crm_render_template_new:
 *
 * Returns: (transfer full): an English template with the default columns and
 *   accent colour and no company details yet
 */
CrmRenderTemplate *
crm_render_template_new (void)
{
  return g_object_new (CRM_TYPE_RENDER_TEMPLATE, NULL);
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

guint
crm_render_template_get_version (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), 0);
  return self->version;
}

/**
 * crm_render_template_set_version:
 * @self: a template
 * @version: the template's revision, at least 1; printed documents record it
 */
void
crm_render_template_set_version (CrmRenderTemplate *self,
                                 guint              version)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  g_return_if_fail (version >= 1);
  self->version = version;
}

const char *
crm_render_template_get_language (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->language;
}

/**
 * crm_render_template_set_language:
 * @self: a template
 * @language: "en" or "zh_CN" (see crm_render_language_is_supported()): the
 *   language every label is printed in
 */
void
crm_render_template_set_language (CrmRenderTemplate *self,
                                  const char        *language)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  g_return_if_fail (crm_render_language_is_supported (language));

  replace_string (&self->language, language);
}

void
crm_render_template_get_accent_rgb (CrmRenderTemplate *self,
                                    guint8            *red,
                                    guint8            *green,
                                    guint8            *blue)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  *red = self->accent[0];
  *green = self->accent[1];
  *blue = self->accent[2];
}

/**
 * crm_render_template_get_accent_color:
 * @self: a template
 *
 * Returns: (transfer full): the accent colour as "#rrggbb"
 */
char *
crm_render_template_get_accent_color (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return g_strdup_printf ("#%02x%02x%02x", self->accent[0], self->accent[1], self->accent[2]);
}

/**
 * crm_render_template_set_accent_color:
 * @self: a template
 * @hex: a colour as "#rrggbb"
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with %CRM_ERROR_VALIDATION on "accent_color"
 */
gboolean
crm_render_template_set_accent_color (CrmRenderTemplate  *self,
                                      const char         *hex,
                                      GError            **error)
{
  guint8 rgb[3];

  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), FALSE);

  if (hex == NULL || strlen (hex) != 7 || hex[0] != '#')
    goto invalid;
  for (guint i = 0; i < 3; i++)
    {
      int hi = g_ascii_xdigit_value (hex[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 + 2 * i]);

      if (hi < 0 || lo < 0)
        goto invalid;
      rgb[i] = (guint8) (hi * 16 + lo);
    }
  memcpy (self->accent, rgb, sizeof rgb);
  return TRUE;

invalid:
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "accent_color",
                             _("The accent colour must be written as #rrggbb, such as #1c71d8"));
  return FALSE;
}

const char *
crm_render_template_get_company_name (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->company_name;
}

void
crm_render_template_set_company_name (CrmRenderTemplate *self,
                                      const char        *name)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  replace_string (&self->company_name, name != NULL ? name : "");
}

/**
 * crm_render_template_get_company_address:
 * @self: a template
 *
 * Returns: (transfer none): the address lines, never %NULL
 */
const char * const *
crm_render_template_get_company_address (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return (const char * const *) self->company_address;
}

void
crm_render_template_set_company_address (CrmRenderTemplate  *self,
                                         const char * const *lines)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  g_strfreev (self->company_address);
  self->company_address = lines != NULL ? g_strdupv ((char **) lines) : g_new0 (char *, 1);
}

const char *
crm_render_template_get_company_tax_id (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->company_tax_id;
}

void
crm_render_template_set_company_tax_id (CrmRenderTemplate *self,
                                        const char        *tax_id)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  replace_string (&self->company_tax_id, tax_id);
}

const char *
crm_render_template_get_bank_name (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->bank_name;
}

const char *
crm_render_template_get_bank_account (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->bank_account;
}

void
crm_render_template_set_bank (CrmRenderTemplate *self,
                              const char        *bank_name,
                              const char        *account)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  replace_string (&self->bank_name, bank_name);
  replace_string (&self->bank_account, account);
}

/**
 * crm_render_template_get_logo_png:
 * @self: a template
 *
 * Returns: (transfer none) (nullable): the logo as PNG data, if set that way
 */
GBytes *
crm_render_template_get_logo_png (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->logo_png;
}

/**
 * crm_render_template_get_logo_path:
 * @self: a template
 *
 * Returns: (transfer none) (nullable): the logo's PNG file, if set that way
 */
const char *
crm_render_template_get_logo_path (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->logo_path;
}

/**
 * crm_render_template_set_logo_png:
 * @self: a template
 * @png: (nullable): PNG data of at most 1 MiB, or %NULL for no logo
 * @error: return location for a #GError
 *
 * Replaces any logo path. Returns: %TRUE, or %FALSE with
 * %CRM_ERROR_VALIDATION on "logo.png" when @png is not a PNG or too large
 */
gboolean
crm_render_template_set_logo_png (CrmRenderTemplate  *self,
                                  GBytes             *png,
                                  GError            **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize size = 0;
  const guint8 *data = NULL;

  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), FALSE);

  if (png != NULL)
    data = g_bytes_get_data (png, &size);
  if (png != NULL && (size < sizeof signature || memcmp (data, signature, sizeof signature) != 0))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "logo.png",
                                 _("The logo must be a PNG image"));
      return FALSE;
    }
  if (size > MAX_LOGO_BYTES)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "logo.png",
                                 _("The logo must not be larger than 1 MiB"));
      return FALSE;
    }

  g_clear_pointer (&self->logo_png, g_bytes_unref);
  g_clear_pointer (&self->logo_path, g_free);
  if (png != NULL)
    self->logo_png = g_bytes_ref (png);
  return TRUE;
}

/**
 * crm_render_template_set_logo_path:
 * @self: a template
 * @path: (nullable): a PNG file read when a document is rendered, or %NULL
 *
 * Replaces any logo data.
 */
void
crm_render_template_set_logo_path (CrmRenderTemplate *self,
                                   const char        *path)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  g_clear_pointer (&self->logo_png, g_bytes_unref);
  replace_string (&self->logo_path, path != NULL && *path != '\0' ? path : NULL);
}

/**
 * crm_render_template_get_columns:
 * @self: a template
 * @n_columns: (out): number of columns
 *
 * Returns: (transfer none) (array length=n_columns): the line table's columns, in order
 */
const CrmRenderColumn *
crm_render_template_get_columns (CrmRenderTemplate *self,
                                 guint             *n_columns)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  *n_columns = self->n_columns;
  return self->columns;
}

/**
 * crm_render_template_set_columns:
 * @self: a template
 * @columns: (array length=n_columns): the line table's columns, in order
 * @n_columns: number of columns
 * @error: return location for a #GError
 *
 * Each column may appear once; "description" and at least one of "net" and
 * "gross" are required, since a page subtotal goes under those.
 *
 * Returns: %TRUE, or %FALSE with %CRM_ERROR_VALIDATION on "columns"
 */
gboolean
crm_render_template_set_columns (CrmRenderTemplate     *self,
                                 const CrmRenderColumn *columns,
                                 guint                  n_columns,
                                 GError               **error)
{
  gboolean seen[CRM_RENDER_N_COLUMNS] = { FALSE, };

  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), FALSE);

  for (guint i = 0; i < n_columns; i++)
    {
      g_return_val_if_fail ((guint) columns[i] < CRM_RENDER_N_COLUMNS, FALSE);
      if (seen[columns[i]])
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "columns",
                                     _("The column “%s” is listed twice"),
                                     column_names[columns[i]]);
          return FALSE;
        }
      seen[columns[i]] = TRUE;
    }
  if (!seen[CRM_RENDER_COLUMN_DESCRIPTION])
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "columns",
                                 _("The columns must include “description”"));
      return FALSE;
    }
  if (!seen[CRM_RENDER_COLUMN_NET] && !seen[CRM_RENDER_COLUMN_GROSS])
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "columns",
                                 _("The columns must include “net” or “gross”"));
      return FALSE;
    }

  memcpy (self->columns, columns, n_columns * sizeof *columns);
  self->n_columns = n_columns;
  return TRUE;
}

const char *
crm_render_template_get_header_text (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->header_text;
}

/**
 * crm_render_template_set_header_text:
 * @self: a template
 * @text: (nullable): a line printed under the company name on every page
 */
void
crm_render_template_set_header_text (CrmRenderTemplate *self,
                                     const char        *text)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  replace_string (&self->header_text, text);
}

const char *
crm_render_template_get_footer_text (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->footer_text;
}

/**
 * crm_render_template_set_footer_text:
 * @self: a template
 * @text: (nullable): printed at the foot of every page, beside the page number
 */
void
crm_render_template_set_footer_text (CrmRenderTemplate *self,
                                     const char        *text)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  replace_string (&self->footer_text, text);
}

const char *
crm_render_template_get_default_terms (CrmRenderTemplate *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);
  return self->default_terms;
}

/**
 * crm_render_template_set_default_terms:
 * @self: a template
 * @terms: (nullable): terms printed when a document brings none of its own;
 *   paragraphs are separated by an empty line
 */
void
crm_render_template_set_default_terms (CrmRenderTemplate *self,
                                       const char        *terms)
{
  g_return_if_fail (CRM_IS_RENDER_TEMPLATE (self));
  replace_string (&self->default_terms, terms);
}
