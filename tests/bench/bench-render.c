/* bench-render.c: how long the renderer takes to write a quote's PDF, 3 and 200 lines, Chinese and English */
#include "crm-render-document.h"
#include "crm-render-template.h"
#include "crm-renderer.h"

#include <stdio.h>

#define RUNS 20

static CrmRenderDocument *
quote (guint    n_lines,
       gboolean chinese)
{
  CrmRenderDocument *document = crm_render_document_new (CRM_RENDER_DOCUMENT_QUOTE, "Q-2026-00042", 1);
  const char *address[] = { chinese ? "上海市浦东新区张江路 100 号" : "1 Harbour Road, Hamburg", NULL };

  crm_render_document_set_issue_date (document, "2026-11-27");
  crm_render_document_set_currency (document, "CNY", 2);
  crm_render_document_set_customer (document, chinese ? "上海华东医疗器械有限公司" : "Northwind Clinical Supplies Ltd.",
                                    address, chinese ? "张伟" : "Anna Müller", "91310000MA1K000000");
  for (guint i = 0; i < n_lines; i++)
    {
      /* amounts of every size, as real quotes have */
      guint quantity = 1 + (i * 7) % 40;
      gint64 price = 1250 + ((gint64) i * 104729) % 2500000;
      g_autofree char *code = g_strdup_printf ("MD-%04u", i + 1);
      g_autofree char *quantity_text = g_strdup_printf ("%u", quantity);
      g_autofree char *price_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", price / 100, (int) (price % 100));
      g_autofree char *gross_price = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", price * 113 / 10000, (int) ((price * 113 / 100) % 100));
      g_autofree char *net = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", price * quantity / 100, (int) ((price * quantity) % 100));
      g_autofree char *tax = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", price * quantity * 13 / 10000, (int) ((price * quantity * 13 / 100) % 100));
      g_autofree char *gross = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", price * quantity * 113 / 10000, (int) ((price * quantity * 113 / 100) % 100));
      CrmRenderLine line = {
        .code = code,
        .description = chinese ? (i % 3 ? "一次性使用无菌注射器 5ml（带针），符合 GB 15810 标准，每箱 100 支" : "心电电极片")
                               : (i % 3 ? "Single-use sterile syringe 5 ml with needle, GB 15810, 100 per box" : "ECG electrodes"),
        .quantity = quantity_text, .unit = chinese ? "箱" : "box", .unit_price = price_text, .unit_price_gross = gross_price,
        .discount = i % 5 ? "0%" : "12.5%", .tax_rate = "13%", .net = net, .tax = tax, .gross = gross,
        .net_amount = crm_money_new (price * quantity, 2), .gross_amount = crm_money_new (price * quantity * 113 / 100, 2),
      };

      crm_render_document_add_line (document, &line);
    }
  crm_render_document_set_totals (document, "1,280,000.00", "1,446,400.00");
  crm_render_document_add_tax_row (document, "13%", "166,400.00");
  if (chinese)
    crm_render_document_set_amount_in_words (document, "壹佰肆拾肆万陆仟肆佰元整");
  crm_render_document_set_terms (document, chinese ? "1. 报价有效期 30 天。\n2. 验收后 30 日内付清。" : "1. Valid for 30 days.\n2. Payment within 30 days.");
  crm_render_document_set_parties (document, chinese ? "上海瑞博医疗科技有限公司" : "Rapport Medical Ltd", chinese ? "上海华东医疗器械有限公司" : "Northwind");
  return document;
}

static void
measure (const char        *name,
         CrmRenderTemplate *template,
         guint              n_lines,
         gboolean           chinese)
{
  g_autoptr(CrmRenderDocument) document = quote (n_lines, chinese);
  gint64 best = G_MAXINT64, total = 0;
  gsize size = 0;
  guint pages = 0;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, document);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) pdf = crm_renderer_render_pdf (renderer, NULL, &error);
      gint64 took = g_get_monotonic_time () - start;

      if (pdf == NULL)
        g_error ("%s: %s", name, error->message);
      best = MIN (best, took);
      total += took;
      size = g_bytes_get_size (pdf);
      pages = crm_renderer_get_n_pages (renderer);
    }
  printf ("%-22s %3u lines %2u pages %8zu bytes   best %7.1f ms   mean %7.1f ms\n",
          name, n_lines, pages, size, best / 1000.0, total / 1000.0 / RUNS);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmRenderTemplate) zh = NULL;
  g_autoptr(CrmRenderTemplate) en = NULL;

  if (argc < 2 || !g_file_get_contents (argv[1], &json, NULL, &error))
    g_error ("usage: bench-render schemas/templates/default.json (%s)", error ? error->message : "no template");
  zh = crm_render_template_new_from_json (json, &error);
  en = crm_render_template_new_from_json (json, &error);
  if (zh == NULL || en == NULL)
    g_error ("template: %s", error->message);
  crm_render_template_set_language (zh, "zh_CN");
  crm_render_template_set_language (en, "en");
  printf ("PDF render time, %u runs each (the first run loads fonts)\n", RUNS);
  measure ("quote zh_CN", zh, 3, TRUE);
  measure ("quote en", en, 3, FALSE);
  measure ("quote zh_CN", zh, 200, TRUE);
  measure ("quote en", en, 200, FALSE);
  return 0;
}
