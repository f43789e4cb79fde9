/* test-render-template.c: document templates to and from JSON, strictly checked; the printed labels */
#include <string.h>

#include <cairo.h>
#include <glib.h>

#include "crm-error.h"
#include "crm-render-labels.h"
#include "crm-render-template.h"

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static CrmRenderTemplate *
make_template (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  GByteArray *png = g_byte_array_new ();
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *base64 = NULL;
  CrmRenderTemplate *template;

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  logo = g_byte_array_free_to_bytes (png);
  base64 = g_base64_encode (g_bytes_get_data (logo, NULL), g_bytes_get_size (logo));

  json = g_strdup_printf (
    "{ \"version\": 3, \"language\": \"zh_CN\", \"accent_color\": \"#1C71D8\","
    "  \"company\": { \"name\": \"上海瑞博医疗科技有限公司\","
    "                 \"address\": [\"上海市浦东新区科苑路 88 号\", \"邮编 201203\"],"
    "                 \"tax_id\": \"91310115MA1K3Y8X2Q\", \"bank_name\": \"中国工商银行上海张江支行\","
    "                 \"bank_account\": \"1001 2345 0910 0012 345\" },"
    "  \"logo\": { \"png\": \"%s\" },"
    "  \"columns\": [\"index\", \"code\", \"description\", \"quantity\", \"unit\", \"unit_price\","
    "                \"tax_rate\", \"net\", \"tax\", \"gross\"],"
    "  \"header_text\": \"ISO 9001 · ISO 13485\","
    "  \"footer_text\": \"www.example.cn\","
    "  \"default_terms\": \"1. 交货期：30 个工作日。\\n\\n2. 质保：三年。\" }",
    base64);

  template = crm_render_template_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (template);
  return template;
}

static void
test_template_round_trip (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ();
  g_autoptr(CrmRenderTemplate) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = crm_render_template_to_json (template);
  g_autofree char *again = NULL;
  g_autofree char *accent = NULL;
  const CrmRenderColumn *columns;
  guint n_columns;

  copy = crm_render_template_new_from_json (json, &error);
  g_assert_no_error (error);
  again = crm_render_template_to_json (copy);
  g_assert_cmpstr (json, ==, again);

  g_assert_cmpuint (crm_render_template_get_version (copy), ==, 3);
  g_assert_cmpstr (crm_render_template_get_language (copy), ==, "zh_CN");
  accent = crm_render_template_get_accent_color (copy);
  g_assert_cmpstr (accent, ==, "#1c71d8");
  g_assert_cmpstr (crm_render_template_get_company_name (copy), ==, "上海瑞博医疗科技有限公司");
  g_assert_cmpstrv (crm_render_template_get_company_address (copy),
                    crm_render_template_get_company_address (template));
  g_assert_true (g_bytes_equal (crm_render_template_get_logo_png (copy),
                                crm_render_template_get_logo_png (template)));
  columns = crm_render_template_get_columns (copy, &n_columns);
  g_assert_cmpuint (n_columns, ==, 10);
  g_assert_cmpint (columns[0], ==, CRM_RENDER_COLUMN_INDEX);
  g_assert_cmpint (columns[9], ==, CRM_RENDER_COLUMN_GROSS);
  g_assert_cmpstr (crm_render_template_get_default_terms (copy), ==,
                   crm_render_template_get_default_terms (template));
}

static void
test_template_default (void)
{
  g_autofree char *path = g_build_filename (RAPPORT_TEMPLATES_DIR, "default.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(CrmRenderTemplate) template = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  g_assert_no_error (error);
  template = crm_render_template_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (crm_render_language_is_supported (crm_render_template_get_language (template)));
  g_assert_cmpstr (crm_render_template_get_company_name (template), !=, "");
}

static const struct
{
  const char *json;
  const char *field;
} bad_templates[] = {
  { "not json",                                                              NULL },
  { "[1, 2]",                                                                NULL },
  /* no JSON value at all (found by fuzz-render-template) */
  { "",                                                                      NULL },
  { "  \n",                                                                  NULL },
  { "{\"company\": {\"name\": \"A\"}}",                                      "version" },
  { "{\"version\": 0, \"company\": {\"name\": \"A\"}}",                      "version" },
  { "{\"version\": \"1\", \"company\": {\"name\": \"A\"}}",                  "version" },
  { "{\"version\": 1}",                                                      "company.name" },
  { "{\"version\": 1, \"company\": {\"name\": \"  \"}}",                     "company.name" },
  { "{\"version\": 1, \"company\": {\"name\": 5}}",                          "company.name" },
  { "{\"version\": 1, \"company\": \"A\"}",                                  "company" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\", \"fax\": \"1\"}}",      "company.fax" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\", \"address\": \"x\"}}",  "company.address" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\", \"address\": [1]}}",    "company.address" },
  { "{\"version\": 1, \"colour\": \"#000000\", \"company\": {\"name\": \"A\"}}", "colour" },
  { "{\"version\": 1, \"language\": \"fr\", \"company\": {\"name\": \"A\"}}", "language" },
  { "{\"version\": 1, \"accent_color\": \"blue\", \"company\": {\"name\": \"A\"}}", "accent_color" },
  { "{\"version\": 1, \"accent_color\": \"#12345g\", \"company\": {\"name\": \"A\"}}", "accent_color" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"columns\": []}",     "columns" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"columns\": [\"description\", \"price\"]}", "columns" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"columns\": [\"description\", \"net\", \"net\"]}", "columns" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"columns\": [\"code\", \"net\"]}", "columns" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"columns\": [\"description\", \"tax\"]}", "columns" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"logo\": {\"png\": \"aGVsbG8=\"}}", "logo.png" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"logo\": {}}",        "logo" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"logo\": {\"png\": \"aGVsbG8=\", \"path\": \"/x.png\"}}", "logo" },
  { "{\"version\": 1, \"company\": {\"name\": \"A\"}, \"footer_text\": [\"x\"]}", "footer_text" },
};

static void
test_template_rejected (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_templates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmRenderTemplate) template = crm_render_template_new_from_json (bad_templates[i].json, &error);

      g_assert_null (template);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (error), ==, bad_templates[i].field);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static guint
count_conversions (const char *format)
{
  guint n = 0;

  for (const char *p = strchr (format, '%'); p != NULL && p[1] != '\0'; p = strchr (p + 2, '%'))
    if (p[1] != '%')
      n++;
  return n;
}

static void
test_labels (void)
{
  for (guint i = 0; i < CRM_RENDER_N_LABELS; i++)
    {
      const char *en = crm_render_label ("en", i);
      const char *zh = crm_render_label ("zh_CN", i);

      g_assert_true (en != NULL && *en != '\0');
      g_assert_true (zh != NULL && *zh != '\0');
      g_assert_true (g_utf8_validate (zh, -1, NULL));
      /* the same arguments in both languages */
      g_assert_cmpuint (count_conversions (en), ==, count_conversions (zh));
    }
  g_assert_cmpstr (crm_render_label ("zh_CN", CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE), ==, "本页小计");
  g_assert_cmpstr (crm_render_label ("en", CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE), ==, "Subtotal this page");
  g_assert_true (crm_render_language_is_supported ("en"));
  g_assert_true (crm_render_language_is_supported ("zh_CN"));
  g_assert_false (crm_render_language_is_supported ("de"));
  g_assert_false (crm_render_language_is_supported (NULL));
}

/* a template is read as strictly as a request body, without recursion */
static void
test_template_strict (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"company\":");
  const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"version\":1,\"version\":1}",          "version" },
    { "{\"version\":1 /* c */}",                NULL },
    { "{'version':1}",                           NULL },
    { "{\"version\":1}{}",                      NULL },
    { "{\"header_text\":\"a\\u0000b\"}",       "header_text" },
    { "{\"header_text\":\"\\udc00\"}",          NULL },
  };

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  for (guint i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      const char *json = i < G_N_ELEMENTS (cases) ? cases[i].json : deep->str;
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmRenderTemplate) template = crm_render_template_new_from_json (json, &error);

      g_test_message ("case %u", i);
      g_assert_null (template);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
      g_assert_cmpstr (crm_error_get_field (error), ==, i < G_N_ELEMENTS (cases) ? cases[i].field : NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/labels", test_labels);
  g_test_add_func ("/render/template/round-trip", test_template_round_trip);
  g_test_add_func ("/render/template/default", test_template_default);
  g_test_add_func ("/render/template/rejected", test_template_rejected);
  g_test_add_func ("/render/template/strict", test_template_strict);

  return g_test_run ();
}
