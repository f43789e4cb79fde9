/* test-render.c: the document renderer: PDFs checked with poppler and qpdf */
#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crm-error.h"
#include "crm-money.h"
#include "crm-renderer.h"

/* Every PDF the test writes goes here; kept when RAPPORT_TEST_RENDER_DIR names it */
static char *out_dir;

typedef struct
{
  const char *language;
  guint       n_lines;
  gboolean    superseded;
  const char *file;
} Case;

static const Case cases[] = {
  { "zh_CN", 3,   FALSE, "quote-zh-3.pdf" },
  { "zh_CN", 200, FALSE, "quote-zh-200.pdf" },
  { "en",    3,   FALSE, "quote-en-3.pdf" },
  { "en",    200, TRUE,  "quote-en-200.pdf" },
};

/* The totals of the two line sets, worked out by hand (and checked below) */
#define SHORT_NET   "10,925.37"
#define SHORT_TAX   "1,420.30"
#define SHORT_TOTAL "12,345.67"
#define SHORT_WORDS "壹万贰仟叁佰肆拾伍元陆角柒分"
#define LONG_NET    "548,479.27"
#define LONG_TAX    "71,302.27"
#define LONG_TOTAL  "619,781.54"
#define LONG_WORDS  "陆拾壹万玖仟柒佰捌拾壹元伍角肆分"

#define ZH_CUSTOMER "上海华东医疗器械有限公司"
#define EN_CUSTOMER "Northwind Clinical Supplies Ltd."

/* "1234567.5" → "1,234,567.50", written independently of the renderer's own */
static char *
grouped (CrmMoney m)
{
  g_autofree char *plain = crm_money_to_string (m);
  const char *point = strchr (plain, '.');
  gsize n_int = point - plain;
  GString *out = g_string_new (NULL);

  g_assert_true (m.value >= 0 && m.scale == 2);
  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, plain[i]);
    }
  g_string_append (out, point);
  return g_string_free (out, FALSE);
}

static CrmMoney
add (CrmMoney a,
     CrmMoney b)
{
  CrmMoney sum;

  g_assert_true (crm_money_add (a, b, &sum, NULL));
  return sum;
}

static const CrmMoney short_prices[] = { { 320000, 2 }, { 68050, 2 }, { 112287, 2 } };
static const guint short_quantities[] = { 2, 5, 1 };

static const char * const zh_descriptions[] = {
  "一次性使用无菌注射器 5ml（带针），符合 GB 15810 标准，每箱 100 支",
  "医用外科口罩，三层无纺布，独立包装",
  ("多参数监护仪 PM-9000：心电、血氧、无创血压、体温、呼吸五参数，含中央监护软件授权一年、"
   "上门安装调试及操作培训，整机保修三年，配件（血氧探头、袖带、导联线）保修一年"),
  "电子血压计，上臂式",
  "病床护理垫 60×90cm，高吸收型，每包 20 片，适用于术后护理及长期卧床患者",
};

static const char * const en_descriptions[] = {
  "Disposable sterile syringe 5 ml with needle, ISO 7886-1, box of 100",
  "Surgical face mask, three-ply, individually packed",
  "Multi-parameter patient monitor PM-9000: ECG, SpO2, NIBP, temperature and respiration, "
  "with a one-year central station licence, installation, commissioning and operator "
  "training on site; three years' warranty, one year on accessories",
  "Digital blood pressure monitor, upper arm",
  "Underpad 60 × 90 cm, high absorbency, pack of 20, for post-operative and long-term care",
};

/* Line @i (from 0) of a document of @n lines: quantity, net unit price,
 * net, 13% tax rounded half up per line, gross */
static void
line_amounts (guint     n,
              guint     i,
              CrmMoney *quantity,
              CrmMoney *price,
              CrmMoney *net,
              CrmMoney *tax,
              CrmMoney *gross)
{
  guint k = i + 1;

  if (n == 3)
    {
      *quantity = crm_money_new (short_quantities[i], 0);
      *price = short_prices[i];
    }
  else
    {
      *quantity = crm_money_new ((k % 9) + 1, 0);
      *price = crm_money_new ((120 + (k * 73) % 880) * 100 + (k * 17) % 100, 2);
    }
  g_assert_true (crm_money_mul (*quantity, *price, 2, CRM_ROUND_HALF_UP, net, NULL));
  g_assert_true (crm_money_mul (*net, crm_money_new (13, 2), 2, CRM_ROUND_HALF_UP, tax, NULL));
  *gross = add (*net, *tax);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A small logo drawn here, so the template carries PNG data */
static GBytes *
make_logo (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 120);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
  cairo_arc (cr, 60, 60, 56, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 14);
  cairo_move_to (cr, 42, 92);
  cairo_line_to (cr, 42, 30);
  cairo_curve_to (cr, 95, 26, 95, 66, 44, 62);
  cairo_line_to (cr, 84, 92);
  cairo_stroke (cr);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static CrmRenderTemplate *
make_template (const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) logo = make_logo ();
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (logo, NULL), g_bytes_get_size (logo));
  g_autofree char *json = NULL;
  CrmRenderTemplate *template;
  gboolean zh = g_str_equal (language, "zh_CN");

  json = g_strdup_printf (
    "{ \"version\": 3, \"language\": \"%s\", \"accent_color\": \"#1c71d8\","
    "  \"company\": { \"name\": \"%s\", \"address\": [\"%s\", \"%s\"],"
    "                 \"tax_id\": \"91310115MA1K3Y8X2Q\", \"bank_name\": \"%s\","
    "                 \"bank_account\": \"1001 2345 0910 0012 345\" },"
    "  \"logo\": { \"png\": \"%s\" },"
    "  \"columns\": [\"index\", \"code\", \"description\", \"quantity\", \"unit\", \"unit_price\","
    "                \"tax_rate\", \"net\", \"tax\", \"gross\"],"
    "  \"header_text\": \"ISO 9001 · ISO 13485\","
    "  \"footer_text\": \"%s\","
    "  \"default_terms\": \"%s\" }",
    language,
    zh ? "上海瑞博医疗科技有限公司" : "Rapport Medical Technology (Shanghai) Co., Ltd.",
    zh ? "上海市浦东新区张江高科技园区科苑路 88 号 3 号楼 5 层" : "Building 3, 88 Keyuan Road, Zhangjiang Hi-Tech Park",
    zh ? "邮编 201203" : "Pudong, Shanghai 201203, China",
    zh ? "中国工商银行上海张江支行" : "ICBC Shanghai Zhangjiang Branch",
    base64,
    zh ? "www.example.cn · 销售热线 021-5080 1234 · 本报价单经双方签字盖章后生效"
       : "www.example.cn · sales@example.cn · +86 21 5080 1234",
    zh ? "1. 交货期：合同签订并收到预付款后 30 个工作日内交货。\\n\\n"
         "2. 付款方式：合同签订后预付 30%，货到验收合格后 30 日内付清余款。\\n\\n"
         "3. 质保：设备整机保修三年，自验收合格之日起计算。"
       : "1. Delivery within 30 working days of the signed order and the advance payment.\\n\\n"
         "2. Payment: 30% with the order, the balance within 30 days of acceptance.\\n\\n"
         "3. Warranty: three years on the equipment from the date of acceptance.");

  template = crm_render_template_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (template);
  return template;
}

static CrmRenderDocument *
make_document (const Case *c,
               char      **base_total)
{
  gboolean zh = g_str_equal (c->language, "zh_CN");
  CrmRenderDocument *doc = crm_render_document_new (CRM_RENDER_DOCUMENT_QUOTE, "Q-2026-00001",
                                                    c->superseded ? 2 : 1);
  const char * const *descriptions = zh ? zh_descriptions : en_descriptions;
  const char *zh_address[] = { "上海市徐汇区漕溪北路 398 号汇智大厦 12 楼", "邮编 200030", NULL };
  const char *en_address[] = { "14 Harbour Road", "Kowloon, Hong Kong", NULL };
  CrmMoney net_total = crm_money_new (0, 2), tax_total = crm_money_new (0, 2), total = crm_money_new (0, 2);
  CrmMoney base;
  g_autofree char *net_text = NULL, *tax_text = NULL, *total_text = NULL;
  g_autoptr(GDateTime) approved = g_date_time_new_utc (2026, 3, 2, 9, 15, 0);
  g_autoptr(GDateTime) reviewed = g_date_time_new_utc (2026, 3, 2, 11, 40, 0);

  crm_render_document_set_issue_date (doc, "2026-03-02");
  crm_render_document_set_valid_until (doc, "2026-04-01");
  crm_render_document_set_currency (doc, zh ? "CNY" : "USD", 2);
  crm_render_document_add_info (doc, CRM_RENDER_LABEL_PAYMENT_TERMS, zh ? "预付 30%，验收后 30 日内付清" : "30% advance, balance 30 days");
  crm_render_document_add_info (doc, CRM_RENDER_LABEL_SALES_REPRESENTATIVE, zh ? "王晓明" : "Li Wei");
  crm_render_document_set_customer (doc, zh ? ZH_CUSTOMER : EN_CUSTOMER,
                                    zh ? zh_address : en_address,
                                    zh ? "张伟 138 0013 8000" : "Mary Chan, +852 2345 6789",
                                    zh ? "91310104MA1FR2XK7B" : NULL);
  if (c->superseded)
    crm_render_document_set_superseded (doc, TRUE, "Superseded by revision 3 on 2026-03-09.");

  for (guint i = 0; i < c->n_lines; i++)
    {
      CrmMoney quantity, price, net, tax, gross;
      g_autofree char *code = g_strdup_printf ("MD-%04u", 1000 + i * 7);
      g_autofree char *q = NULL, *p = NULL, *n = NULL, *t = NULL, *g = NULL;
      CrmRenderLine line = { NULL, };

      line_amounts (c->n_lines, i, &quantity, &price, &net, &tax, &gross);
      q = crm_money_to_string (quantity);
      p = grouped (price);
      n = grouped (net);
      t = grouped (tax);
      g = grouped (gross);

      line.code = code;
      line.description = descriptions[(i * 3) % G_N_ELEMENTS (zh_descriptions)];
      line.quantity = q;
      line.unit = zh ? "台" : "pcs";
      line.unit_price = p;
      line.tax_rate = "13%";
      line.net = n;
      line.tax = t;
      line.gross = g;
      line.net_amount = net;
      line.gross_amount = gross;
      crm_render_document_add_line (doc, &line);

      net_total = add (net_total, net);
      tax_total = add (tax_total, tax);
      total = add (total, gross);
    }

  net_text = grouped (net_total);
  tax_text = grouped (tax_total);
  total_text = grouped (total);
  g_assert_cmpstr (net_text, ==, c->n_lines == 3 ? SHORT_NET : LONG_NET);
  g_assert_cmpstr (tax_text, ==, c->n_lines == 3 ? SHORT_TAX : LONG_TAX);
  g_assert_cmpstr (total_text, ==, c->n_lines == 3 ? SHORT_TOTAL : LONG_TOTAL);

  crm_render_document_set_totals (doc, net_text, total_text);
  crm_render_document_add_tax_row (doc, "13%", tax_text);
  if (zh)
    {
      crm_render_document_set_amount_in_words (doc, c->n_lines == 3 ? SHORT_WORDS : LONG_WORDS);
      *base_total = NULL;
    }
  else
    {
      g_assert_true (crm_money_mul (total, crm_money_new (71234, 4), 2, CRM_ROUND_HALF_UP, &base, NULL));
      *base_total = grouped (base);
      crm_render_document_set_base_total (doc, "CNY", *base_total);
    }

  crm_render_document_add_approval (doc, zh ? "李娜" : "Anna Schmidt", zh ? "销售总监" : "Sales director",
                                    zh ? "价格审批通过" : "Price approved", approved);
  crm_render_document_add_approval (doc, zh ? "陈刚" : "Chen Gang", zh ? "财务经理" : "Finance manager",
                                    zh ? "付款条件审核通过" : "Payment terms reviewed", reviewed);
  return doc;
}

/* Runs a tool and returns what it printed; a missing tool fails the test */
static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_printerr ("%s: %s\n", argv[0], err);
  g_assert_no_error (error);
  return out;
}

static char *
page_text (const char *path,
           guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, path, "-", NULL };

  return run (argv);
}

static void
assert_contains (const char *haystack,
                 const char *needle,
                 const char *where)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in %s:\n%s", needle, where, haystack);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

/* The fonts a PDF embeds, as pdffonts lists them: name, then "yes"/"no"
 * for embedded and subset */
typedef struct
{
  char     *name;
  gboolean  embedded;
  gboolean  subset;
} PdfFont;

static void
pdf_font_clear (gpointer data)
{
  g_free (((PdfFont *) data)->name);
}

static GArray *
pdf_fonts (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GArray *fonts = g_array_new (FALSE, TRUE, sizeof (PdfFont));
  const char *emb;
  gsize column;

  g_array_set_clear_func (fonts, pdf_font_clear);
  g_assert_nonnull (lines[0]);
  emb = strstr (lines[0], " emb ");
  g_assert_nonnull (emb);
  column = emb - lines[0] + 1;

  for (guint i = 2; lines[i] != NULL; i++)
    {
      PdfFont font;

      if (lines[i][0] == '\0')
        continue;
      g_assert_cmpuint (strlen (lines[i]), >, column + 7);
      font.name = g_strndup (lines[i], strcspn (lines[i], " "));
      font.embedded = strncmp (lines[i] + column, "yes", 3) == 0;
      font.subset = strncmp (lines[i] + column + 4, "yes", 3) == 0;
      g_array_append_val (fonts, font);
    }
  return fonts;
}

/* Every font is embedded as a subset. A Chinese document draws everything
 * in Noto Sans CJK; a Latin one embeds no CJK font at all, so that its PDF
 * carries no CJK glyph data it does not show. */
static void
assert_fonts_embedded (const char *path,
                       gboolean    cjk)
{
  g_autoptr(GArray) fonts = pdf_fonts (path);

  for (guint i = 0; i < fonts->len; i++)
    {
      const PdfFont *font = &g_array_index (fonts, PdfFont, i);

      if (!font->embedded || !font->subset)
        g_error ("%s is not embedded as a subset in %s", font->name, path);
      if (cjk && strstr (font->name, "NotoSansCJK") == NULL)
        g_error ("%s stands in for Noto Sans CJK in %s", font->name, path);
      if (!cjk && strstr (font->name, "CJK") != NULL)
        g_error ("%s is embedded in %s, which shows no CJK character", font->name, path);
    }
  g_assert_cmpuint (fonts->len, >=, 2);
}

static void
assert_qpdf_check (const char *path)
{
  const char *argv[] = { "qpdf", "--check", path, NULL };
  g_autofree char *out = run (argv);

  assert_contains (out, "No syntax or stream encoding errors found", "qpdf --check");
}

static void
test_pdf (gconstpointer data)
{
  const Case *c = data;
  const char *lang = c->language;
  gboolean zh = g_str_equal (lang, "zh_CN");
  g_autoptr(CrmRenderTemplate) template = make_template (lang);
  g_autofree char *base_total = NULL;
  g_autoptr(CrmRenderDocument) doc = make_document (c, &base_total);
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, doc);
  g_autofree char *path = g_build_filename (out_dir, c->file, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  guint n_pages, measured, next_line = 0;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crm_renderer_write_pdf (renderer, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
  n_pages = crm_renderer_get_n_pages (renderer);

  /* measuring without a cairo_t gives the same pages as the PDF surface */
  measured = crm_renderer_paginate (renderer, CRM_RENDER_A4_WIDTH, CRM_RENDER_A4_HEIGHT, NULL);
  g_assert_cmpuint (measured, ==, n_pages);
  g_assert_cmpuint (pdf_pages (path), ==, n_pages);
  if (c->n_lines == 3)
    g_assert_cmpuint (n_pages, ==, 1);
  else
    {
      /* some twelve to sixteen lines a page, the long descriptions wrapping */
      g_assert_cmpuint (n_pages, >=, 8);
      g_assert_cmpuint (n_pages, <=, 20);
    }
  if (g_test_verbose ())
    g_test_message ("%s: %u pages", c->file, n_pages);

  assert_fonts_embedded (path, zh);
  assert_qpdf_check (path);
  if (zh && c->n_lines == 3)
    {
      GStatBuf st;

      /* drawn with the light copies of the Chinese faces, whose subsets are
       * a third of those of the full faces (about 1 MB for this page) */
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, <, 600 * 1024);
    }

  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

    all = run (argv);
  }
  assert_contains (all, "Q-2026-00001", path);
  assert_contains (all, zh ? ZH_CUSTOMER : EN_CUSTOMER, path);
  assert_contains (all, c->n_lines == 3 ? SHORT_NET : LONG_NET, path);
  assert_contains (all, c->n_lines == 3 ? SHORT_TAX : LONG_TAX, path);
  assert_contains (all, c->n_lines == 3 ? SHORT_TOTAL : LONG_TOTAL, path);
  assert_contains (all, crm_render_label (lang, CRM_RENDER_LABEL_APPROVALS), path);
  assert_contains (all, zh ? "价格审批通过" : "Price approved", path);
  assert_contains (all, "2026-03-02 09:15 UTC", path);
  if (zh)
    assert_contains (all, c->n_lines == 3 ? SHORT_WORDS : LONG_WORDS, path);
  else
    assert_contains (all, base_total, path);

  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *text = page_text (path, p + 1);
      g_autofree char *where = g_strdup_printf ("page %u of %s", p + 1, c->file);
      g_autofree char *page_label = g_strdup_printf (crm_render_label (lang, CRM_RENDER_LABEL_PAGE_FMT),
                                                     p + 1, n_pages);
      guint first, n;

      /* letterhead and footer on every page */
      assert_contains (text, "Q-2026-00001", where);
      assert_contains (text, page_label, where);
      if (c->superseded)
        assert_contains (text, "Reprint of revision 2", where);
      else
        g_assert_null (strstr (text, zh ? "重印件" : "Reprint"));
      /* after the last line, a page may hold only what follows the table */
      if (!crm_renderer_get_page_lines (renderer, p, &first, &n))
        {
          g_assert_cmpuint (p, >, 0);
          g_assert_cmpuint (next_line, ==, c->n_lines);
          g_assert_null (strstr (text, crm_render_label (lang, CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE)));
          continue;
        }
      /* the table's header row on every page of the table */
      assert_contains (text, crm_render_label (lang, CRM_RENDER_LABEL_COLUMN_DESCRIPTION), where);
      assert_contains (text, crm_render_label (lang, CRM_RENDER_LABEL_COLUMN_GROSS), where);

      /* the lines follow each other from page to page, none left out */
      g_assert_cmpuint (first, ==, next_line);
      next_line += n;

      if (n_pages > 1)
        {
          CrmMoney net = crm_money_new (0, 2), gross = crm_money_new (0, 2);
          g_autofree char *net_text = NULL, *gross_text = NULL;

          for (guint i = first; i < first + n; i++)
            {
              const CrmRenderLine *line = crm_render_document_get_line (doc, i);

              net = add (net, line->net_amount);
              gross = add (gross, line->gross_amount);
            }
          net_text = grouped (net);
          gross_text = grouped (gross);
          assert_contains (text, crm_render_label (lang, CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE), where);
          assert_contains (text, net_text, where);
          assert_contains (text, gross_text, where);
        }
      else
        g_assert_null (strstr (text, crm_render_label (lang, CRM_RENDER_LABEL_SUBTOTAL_THIS_PAGE)));
    }
  g_assert_cmpuint (next_line, ==, c->n_lines);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A line or a paragraph of terms taller than a page is cut between its
 * lines, each line printed once; an empty document still prints */
static void
test_oversized (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("en");
  g_autoptr(CrmRenderDocument) doc = crm_render_document_new (CRM_RENDER_DOCUMENT_CONTRACT, "C-2026-00007", 1);
  g_autoptr(CrmRenderDocument) empty = crm_render_document_new (CRM_RENDER_DOCUMENT_SALES_ORDER, "SO-2026-00002", 1);
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, doc);
  g_autoptr(CrmRenderer) empty_renderer = crm_renderer_new (template, empty);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GString) terms = g_string_new (NULL);
  g_autofree char *path = g_build_filename (out_dir, "contract-oversized.pdf", NULL);
  g_autofree char *empty_path = g_build_filename (out_dir, "order-empty.pdf", NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CrmRenderLine line = { "SVC-1", NULL, "1", "lot", "9,000.00", NULL, NULL, "13%", "9,000.00", "1,170.00",
                         "10,170.00", { 900000, 2 }, { 1017000, 2 } };

  for (guint i = 1; i <= 160; i++)
    g_string_append_printf (description, "item%u: commissioning step with its acceptance record. ", i);
  for (guint i = 1; i <= 220; i++)
    g_string_append_printf (terms, "clause%u: the parties agree to this provision in full. ", i);

  crm_render_document_set_customer (doc, EN_CUSTOMER, NULL, NULL, NULL);
  crm_render_document_set_currency (doc, "CNY", 2);
  line.description = description->str;
  crm_render_document_add_line (doc, &line);
  line.description = "Spare parts kit";
  crm_render_document_add_line (doc, &line);
  crm_render_document_set_totals (doc, "18,000.00", "20,340.00");
  crm_render_document_set_terms (doc, terms->str);

  pdf = crm_renderer_render_pdf (renderer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, crm_renderer_get_n_pages (renderer));
  g_assert_cmpuint (crm_renderer_get_n_pages (renderer), >=, 4);
  /* the tall line starts on page 1 and counts there, the other on the page of the totals */
  {
    guint first, n, last = crm_renderer_get_n_pages (renderer) - 1;

    g_assert_true (crm_renderer_get_page_lines (renderer, 0, &first, &n));
    g_assert_cmpuint (first, ==, 0);
    g_assert_cmpuint (n, ==, 1);
    g_assert_false (crm_renderer_get_page_lines (renderer, 1, NULL, NULL));
    while (!crm_renderer_get_page_lines (renderer, last, &first, &n))
      last--;
    g_assert_cmpuint (first, ==, 1);
    g_assert_cmpuint (n, ==, 1);
  }
  assert_qpdf_check (path);
  assert_fonts_embedded (path, FALSE);

  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

    text = run (argv);
  }
  for (guint i = 1; i <= 220; i++)
    {
      g_autofree char *item = g_strdup_printf ("item%u:", i);
      g_autofree char *clause = g_strdup_printf ("clause%u:", i);

      g_assert_cmpuint (count_occurrences (text, item), ==, i <= 160 ? 1 : 0);
      g_assert_cmpuint (count_occurrences (text, clause), ==, 1);
    }
  assert_contains (text, "Spare parts kit", path);
  assert_contains (text, "20,340.00", path);

  g_clear_pointer (&pdf, g_bytes_unref);
  pdf = crm_renderer_render_pdf (empty_renderer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (empty_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (crm_renderer_get_n_pages (empty_renderer), ==, 1);
  g_assert_false (crm_renderer_get_page_lines (empty_renderer, 0, NULL, NULL));
  assert_qpdf_check (empty_path);
}

/* The client draws on whatever cairo_t GtkPrintOperation hands it */
static void
test_draw_on_image (void)
{
  const Case *c = &cases[1];
  g_autoptr(CrmRenderTemplate) template = make_template (c->language);
  g_autofree char *base_total = NULL;
  g_autoptr(CrmRenderDocument) doc = make_document (c, &base_total);
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, doc);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
  cairo_t *cr = cairo_create (surface);
  guint n_pages;

  cairo_scale (cr, 0.5, 0.5);
  n_pages = crm_renderer_paginate (renderer, CRM_RENDER_A4_WIDTH, CRM_RENDER_A4_HEIGHT, cr);
  for (guint i = 0; i < n_pages; i++)
    crm_renderer_draw_page (renderer, cr, i);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  pdf = crm_renderer_render_pdf (renderer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crm_renderer_get_n_pages (renderer), ==, n_pages);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize size, len = strlen (text);
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i + len <= size; i++)
    if (memcmp (data + i, text, len) == 0)
      return TRUE;
  return FALSE;
}

/* An issued document renders to the same bytes every time, so that its
 * archived hash can be checked by rendering it again; renders that follow
 * one another reuse what the first one cached (fonts, the font map) */
static void
test_reproducible (void)
{
  const char *languages[] = { "zh_CN", "en" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(CrmRenderTemplate) template = make_template (languages[l]);
      g_autofree char *base_total = NULL;
      g_autoptr(CrmRenderDocument) doc = make_document (&cases[l == 0 ? 0 : 2], &base_total);
      g_autoptr(GDateTime) issued_at = g_date_time_new_utc (2026, 3, 2, 8, 0, 0);
      g_autoptr(CrmRenderer) first = NULL;
      g_autoptr(CrmRenderer) second = NULL;
      g_autoptr(CrmRenderer) third = NULL;
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autoptr(GBytes) c = NULL;
      g_autoptr(GError) error = NULL;

      crm_render_document_set_issued_at (doc, issued_at);
      first = crm_renderer_new (template, doc);
      a = crm_renderer_render_pdf (first, NULL, &error);
      g_assert_no_error (error);
      g_usleep (G_USEC_PER_SEC + 1000);
      second = crm_renderer_new (template, doc);
      b = crm_renderer_render_pdf (second, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (a, b));
      third = crm_renderer_new (template, doc);
      c = crm_renderer_render_pdf (third, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (a, c));
      /* cairo 1.16 writes the date without the "D:" prefix */
      g_assert_true (bytes_contain (a, "20260302080000Z)"));
    }
}

static void
test_cancelled (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("en");
  g_autofree char *base_total = NULL;
  g_autoptr(CrmRenderDocument) doc = make_document (&cases[2], &base_total);
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, doc);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_cancellable_cancel (cancellable);
  pdf = crm_renderer_render_pdf (renderer, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (pdf);
}

static void
remove_out_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (out_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (out_dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *keep = g_getenv ("RAPPORT_TEST_RENDER_DIR");
  int status;

  g_test_init (&argc, &argv, NULL);

  if (keep != NULL)
    {
      g_assert_cmpint (g_mkdir_with_parents (keep, 0755), ==, 0);
      out_dir = g_strdup (keep);
    }
  else
    {
      g_autoptr(GError) error = NULL;

      out_dir = g_dir_make_tmp ("rapport-render-XXXXXX", &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/render/pdf/%s-%u%s", cases[i].language, cases[i].n_lines,
                                               cases[i].superseded ? "-reprint" : "");

      g_test_add_data_func (name, &cases[i], test_pdf);
    }
  g_test_add_func ("/render/draw-on-image", test_draw_on_image);
  g_test_add_func ("/render/cancelled", test_cancelled);
  g_test_add_func ("/render/reproducible", test_reproducible);
  g_test_add_func ("/render/oversized", test_oversized);

  status = g_test_run ();
  if (keep == NULL)
    remove_out_dir ();
  g_free (out_dir);
  return status;
}
