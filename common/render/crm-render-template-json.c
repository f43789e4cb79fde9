/* crm-render-template-json.c: a document template to and from JSON, strictly checked */
#include "crm-render-template.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "crm-error.h"
#include "crm-json-parse.h"
#include "crm-render-labels.h"

#define MAX_LINE_CHARS    200
#define MAX_ADDRESS_LINES 8
#define MAX_TEXT_CHARS    20000
#define MAX_PATH_CHARS    4096
/* base64 of the largest logo crm_render_template_set_logo_png() accepts */
#define MAX_BASE64_CHARS  (1024 * 1024 / 3 * 4 + 4)

static gboolean
reject_unknown_members (JsonObject          *object,
                        const char          *prefix,
                        const char * const  *known,
                        GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_autofree char *field = g_strconcat (prefix, l->data, NULL);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                                     _("Unknown template member “%s”"), field);
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads an optional string member of at most @max_chars characters into
 * @out (%NULL when the member is absent). */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             const char  *field,
             gsize        max_chars,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                                 _("The template member “%s” must be a string"), field);
      return FALSE;
    }
  text = json_node_get_string (node);
  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                                 _("The template member “%s” is longer than %u characters"),
                                 field, (guint) max_chars);
      return FALSE;
    }
  *out = g_strdup (text);
  return TRUE;
}

/* Reads an optional list member into @out (%NULL when absent). */
static gboolean
read_array (JsonObject  *object,
            const char  *member,
            const char  *field,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, field,
                                 _("The template member “%s” must be a list"), field);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

/* Reads an optional object member into @out (%NULL when absent). */
static gboolean
read_object (JsonObject  *object,
             const char  *member,
             JsonObject **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                 _("The template member “%s” must be an object"), member);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_address (CrmRenderTemplate  *self,
              JsonObject         *company,
              GError            **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *array;

  if (!read_array (company, "address", "company.address", &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  if (json_array_get_length (array) > MAX_ADDRESS_LINES)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "company.address",
                                 _("The company address has more than %u lines"),
                                 (guint) MAX_ADDRESS_LINES);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          g_utf8_strlen (json_node_get_string (node), -1) > MAX_LINE_CHARS)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "company.address",
                                     _("Each line of the company address must be text of at most %u "
                                       "characters"),
                                     (guint) MAX_LINE_CHARS);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  lines = g_strv_builder_end (builder);
  crm_render_template_set_company_address (self, (const char * const *) lines);
  return TRUE;
}

static gboolean
read_company (CrmRenderTemplate  *self,
              JsonObject         *company,
              GError            **error)
{
  static const char * const known[] = { "name", "address", "tax_id", "bank_name", "bank_account", NULL };
  g_autofree char *name = NULL;
  g_autofree char *tax_id = NULL;
  g_autofree char *bank_name = NULL;
  g_autofree char *bank_account = NULL;

  if (!reject_unknown_members (company, "company.", known, error) ||
      !read_string (company, "name", "company.name", MAX_LINE_CHARS, &name, error) ||
      !read_string (company, "tax_id", "company.tax_id", MAX_LINE_CHARS, &tax_id, error) ||
      !read_string (company, "bank_name", "company.bank_name", MAX_LINE_CHARS, &bank_name, error) ||
      !read_string (company, "bank_account", "company.bank_account", MAX_LINE_CHARS, &bank_account, error))
    return FALSE;

  if (name == NULL || g_strstrip (name)[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "company.name",
                                 _("The template needs the company’s name"));
      return FALSE;
    }

  crm_render_template_set_company_name (self, name);
  crm_render_template_set_company_tax_id (self, tax_id);
  crm_render_template_set_bank (self, bank_name, bank_account);
  return read_address (self, company, error);
}

static gboolean
read_logo (CrmRenderTemplate  *self,
           JsonObject         *logo,
           GError            **error)
{
  static const char * const known[] = { "png", "path", NULL };
  g_autofree char *base64 = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) png = NULL;
  guchar *data;
  gsize size;

  if (!reject_unknown_members (logo, "logo.", known, error) ||
      !read_string (logo, "png", "logo.png", MAX_BASE64_CHARS, &base64, error) ||
      !read_string (logo, "path", "logo.path", MAX_PATH_CHARS, &path, error))
    return FALSE;

  if ((base64 == NULL) == (path == NULL) || (path != NULL && path[0] == '\0'))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "logo",
                                 _("The logo needs either “png” (base64 PNG data) or a “path”"));
      return FALSE;
    }
  if (path != NULL)
    {
      crm_render_template_set_logo_path (self, path);
      return TRUE;
    }

  data = g_base64_decode (base64, &size);
  png = g_bytes_new_take (data, size);
  return crm_render_template_set_logo_png (self, png, error);
}

static gboolean
read_columns (CrmRenderTemplate  *self,
              JsonArray          *array,
              GError            **error)
{
  CrmRenderColumn columns[CRM_RENDER_N_COLUMNS];
  guint n = json_array_get_length (array);

  if (n == 0 || n > CRM_RENDER_N_COLUMNS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "columns",
                                 _("The template needs between 1 and %u columns"),
                                 (guint) CRM_RENDER_N_COLUMNS);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *name = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        name = json_node_get_string (node);
      if (!crm_render_column_from_string (name, &columns[i]))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "columns",
                                     _("Unknown column “%s”; the columns are index, code, description, "
                                       "quantity, unit, unit_price, unit_price_gross, discount, tax_rate, "
                                       "net, tax and gross"),
                                     name != NULL ? name : "");
          return FALSE;
        }
    }
  return crm_render_template_set_columns (self, columns, n, error);
}

static gboolean
read_version (CrmRenderTemplate  *self,
              JsonObject         *root,
              GError            **error)
{
  JsonNode *version = json_object_get_member (root, "version");

  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) < 1 || json_node_get_int (version) > G_MAXINT)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "version",
                                 _("The template needs a “version”: a whole number from 1"));
      return FALSE;
    }
  crm_render_template_set_version (self, (guint) json_node_get_int (version));
  return TRUE;
}

static gboolean
read_texts (CrmRenderTemplate  *self,
            JsonObject         *root,
            GError            **error)
{
  g_autofree char *language = NULL;
  g_autofree char *accent = NULL;
  g_autofree char *header = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *terms = NULL;

  if (!read_string (root, "language", "language", MAX_LINE_CHARS, &language, error))
    return FALSE;
  if (language != NULL && !crm_render_language_is_supported (language))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "language",
                                 _("Documents can be printed in “en” or “zh_CN”, not “%s”"), language);
      return FALSE;
    }
  if (language != NULL)
    crm_render_template_set_language (self, language);

  if (!read_string (root, "accent_color", "accent_color", MAX_LINE_CHARS, &accent, error) ||
      (accent != NULL && !crm_render_template_set_accent_color (self, accent, error)) ||
      !read_string (root, "header_text", "header_text", MAX_LINE_CHARS, &header, error) ||
      !read_string (root, "footer_text", "footer_text", MAX_TEXT_CHARS, &footer, error) ||
      !read_string (root, "default_terms", "default_terms", MAX_TEXT_CHARS, &terms, error))
    return FALSE;

  crm_render_template_set_header_text (self, header);
  crm_render_template_set_footer_text (self, footer);
  crm_render_template_set_default_terms (self, terms);
  return TRUE;
}

/**
 * crm_render_template_new_from_json:
 * @json: a template as written by crm_render_template_to_json()
 * @error: return location for a #GError
 *
 * Reads and checks a template. Members: "version" (required, from 1),
 * "language" ("en" or "zh_CN"), "accent_color" ("#rrggbb"), "company"
 * (required: "name", "address" (list of lines), "tax_id", "bank_name",
 * "bank_account"), "logo" ("png": base64 PNG data, or "path"), "columns"
 * (list of column names), "header_text", "footer_text", "default_terms".
 * Unknown members are refused so that a typing mistake never goes unnoticed
 * on a printed document.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with
 *   %CRM_ERROR_VALIDATION naming the offending member (see crm_error_get_field())
 */
CrmRenderTemplate *
crm_render_template_new_from_json (const char  *json,
                                   GError     **error)
{
  static const char * const known[] = {
    "version", "language", "accent_color", "company", "logo", "columns",
    "header_text", "footer_text", "default_terms", NULL
  };
  g_autoptr(CrmRenderTemplate) self = crm_render_template_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root, *company, *logo;
  JsonArray *columns;

  g_return_val_if_fail (json != NULL, NULL);

  node = crm_json_parse (json, -1, CRM_JSON_MAX_VALUES, &parse_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (g_error_matches (parse_error, CRM_ERROR, CRM_ERROR_VALIDATION))
        g_propagate_error (error, g_steal_pointer (&parse_error));
      else if (parse_error != NULL)
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, crm_error_get_field (parse_error),
                                   _("The template is not valid JSON: %s"), parse_error->message);
      else
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, NULL,
                                   _("The template must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!reject_unknown_members (root, "", known, error) ||
      !read_version (self, root, error) ||
      !read_texts (self, root, error) ||
      !read_object (root, "company", &company, error))
    return NULL;

  if (company == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "company.name",
                                 _("The template needs the company’s name"));
      return NULL;
    }

  if (!read_company (self, company, error) ||
      !read_object (root, "logo", &logo, error) ||
      (logo != NULL && !read_logo (self, logo, error)) ||
      !read_array (root, "columns", "columns", &columns, error) ||
      (columns != NULL && !read_columns (self, columns, error)))
    return NULL;

  return g_steal_pointer (&self);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_company (JsonBuilder       *builder,
             CrmRenderTemplate *self)
{
  const char * const *address = crm_render_template_get_company_address (self);

  json_builder_set_member_name (builder, "company");
  json_builder_begin_object (builder);
  add_string (builder, "name", crm_render_template_get_company_name (self));
  json_builder_set_member_name (builder, "address");
  json_builder_begin_array (builder);
  for (guint i = 0; address[i] != NULL; i++)
    json_builder_add_string_value (builder, address[i]);
  json_builder_end_array (builder);
  add_string (builder, "tax_id", crm_render_template_get_company_tax_id (self));
  add_string (builder, "bank_name", crm_render_template_get_bank_name (self));
  add_string (builder, "bank_account", crm_render_template_get_bank_account (self));
  json_builder_end_object (builder);
}

static void
add_logo (JsonBuilder       *builder,
          CrmRenderTemplate *self)
{
  GBytes *png = crm_render_template_get_logo_png (self);
  const char *path = crm_render_template_get_logo_path (self);

  if (png == NULL && path == NULL)
    return;

  json_builder_set_member_name (builder, "logo");
  json_builder_begin_object (builder);
  if (png != NULL)
    {
      gsize size;
      const guchar *data = g_bytes_get_data (png, &size);
      g_autofree char *base64 = g_base64_encode (data, size);

      add_string (builder, "png", base64);
    }
  add_string (builder, "path", path);
  json_builder_end_object (builder);
}

/**
 * crm_render_template_to_json:
 * @self: a template
 *
 * Returns: (transfer full): the template as indented JSON, readable by
 *   crm_render_template_new_from_json()
 */
char *
crm_render_template_to_json (CrmRenderTemplate *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *accent = NULL;
  const CrmRenderColumn *columns;
  guint n_columns;

  g_return_val_if_fail (CRM_IS_RENDER_TEMPLATE (self), NULL);

  accent = crm_render_template_get_accent_color (self);
  columns = crm_render_template_get_columns (self, &n_columns);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_render_template_get_version (self));
  add_string (builder, "language", crm_render_template_get_language (self));
  add_string (builder, "accent_color", accent);
  add_company (builder, self);
  add_logo (builder, self);

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_columns; i++)
    json_builder_add_string_value (builder, crm_render_column_to_string (columns[i]));
  json_builder_end_array (builder);

  add_string (builder, "header_text", crm_render_template_get_header_text (self));
  add_string (builder, "footer_text", crm_render_template_get_footer_text (self));
  add_string (builder, "default_terms", crm_render_template_get_default_terms (self));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}
