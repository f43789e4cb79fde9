/* bench-render.c: what the renderer costs to write a quote's PDF (CPU, wall time, resident memory), 3 and 200 lines, Chinese and English */
#include "crm-render-document.h"
#include "crm-render-template.h"
#include "crm-renderer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* a line of /proc/self/status in MB, e.g. "VmRSS" */
static double
status_mb (const char *key)
{
  g_autofree char *status = NULL;
  g_autofree char *prefix = g_strconcat ("\n", key, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, prefix)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (prefix), NULL) / 1024.0;
}

static double
rss_mb (void)
{
  return status_mb ("VmRSS");
}

static GBytes *
render_once (CrmRenderTemplate *template,
             CrmRenderDocument *document,
             guint             *pages)
{
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, document);
  g_autoptr(GError) error = NULL;
  GBytes *pdf = crm_renderer_render_pdf (renderer, NULL, &error);

  if (pdf == NULL)
    g_error ("render: %s", error->message);
  if (pages != NULL)
    *pages = crm_renderer_get_n_pages (renderer);
  return pdf;
}

/* Prints the costs of @n_lines-line quotes; @result names the RESULT line
 * (tests/bench/README) that carries the mean CPU time, or is NULL */
static void
measure (const char        *name,
         CrmRenderTemplate *template,
         guint              n_lines,
         gboolean           chinese,
         const char        *result,
         const char        *target)
{
  g_autoptr(CrmRenderDocument) document = quote (n_lines, chinese);
  gint64 best = G_MAXINT64, total = 0;
  double best_cpu = G_MAXDOUBLE, total_cpu = 0;
  gsize size = 0;
  guint pages = 0;

  /* the first render loads the fonts; it is not counted */
  g_bytes_unref (render_once (template, document, NULL));
  for (guint run = 0; run < RUNS; run++)
    {
      double cpu_start = cpu_ms ();
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) pdf = render_once (template, document, &pages);
      gint64 took = g_get_monotonic_time () - start;
      double cpu = cpu_ms () - cpu_start;

      best = MIN (best, took);
      total += took;
      best_cpu = MIN (best_cpu, cpu);
      total_cpu += cpu;
      size = g_bytes_get_size (pdf);
    }
  printf ("%-12s %3u lines %2u pages %8zu bytes   CPU best %6.1f ms mean %6.1f ms   wall best %6.1f ms mean %6.1f ms\n",
          name, n_lines, pages, size, best_cpu, total_cpu / RUNS, best / 1000.0, total / 1000.0 / RUNS);
  if (result != NULL)
    printf ("RESULT name=%s value=%.1f unit=ms target=%s language=%s best=%.1f wall=%.1f\n",
            result, total_cpu / RUNS, target, chinese ? "zh_CN" : "en", best_cpu, total / 1000.0 / RUNS);
}

typedef struct
{
  CrmRenderTemplate *template;
  CrmRenderDocument *document;
  guint              n;
} Batch;

static gpointer
render_batch (gpointer data)
{
  Batch *batch = data;

  for (guint i = 0; i < batch->n; i++)
    g_bytes_unref (render_once (batch->template, batch->document, NULL));
  return NULL;
}

/* N one-page quotes, alternately Chinese and English, on several threads
 * at once as rapportd's workers render them */
static void
measure_memory (CrmRenderTemplate *zh,
                CrmRenderTemplate *en,
                guint              n,
                guint              n_threads)
{
  g_autoptr(CrmRenderDocument) zh_doc = quote (3, TRUE);
  g_autoptr(CrmRenderDocument) en_doc = quote (3, FALSE);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autofree Batch *batches = g_new0 (Batch, n_threads);
  double before = rss_mb (), cpu_start = cpu_ms (), after;

  for (guint t = 0; t < n_threads; t++)
    {
      batches[t].template = t % 2 ? en : zh;
      batches[t].document = t % 2 ? en_doc : zh_doc;
      batches[t].n = n / n_threads;
      g_ptr_array_add (threads, g_thread_new ("render", render_batch, &batches[t]));
    }
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads->pdata[t]);
  after = rss_mb ();
  printf ("%u one-page renders on %u threads: RSS %.1f MB before, %.1f MB after; CPU %.1f ms a render\n",
          n / n_threads * n_threads, n_threads, before, after, (cpu_ms () - cpu_start) / (n / n_threads * n_threads));
  printf ("resident after: %.1f MB anonymous, %.1f MB of mapped files (fonts, libraries), %.1f MB shared memory\n",
          status_mb ("RssAnon"), status_mb ("RssFile"), status_mb ("RssShmem"));
#ifdef __GLIBC__
  {
    struct mallinfo2 info = mallinfo2 ();

    printf ("malloc: %.1f MB in use, %.1f MB free in its heaps, %.1f MB mapped on its own\n",
            info.uordblks / 1048576.0, info.fordblks / 1048576.0, info.hblkhd / 1048576.0);
  }
#endif
}

/* --write DIR: the one-page and the 200-line quotes as PDF files, to compare
 * (pdffonts, pdftoppm) before and after a change to the renderer */
static void
write_pdfs (const char        *dir,
            CrmRenderTemplate *zh,
            CrmRenderTemplate *en)
{
  const struct { const char *file; gboolean chinese; guint n_lines; } files[] = {
    { "quote-zh-3.pdf", TRUE, 3 }, { "quote-en-3.pdf", FALSE, 3 },
    { "quote-zh-200.pdf", TRUE, 200 }, { "quote-en-200.pdf", FALSE, 200 },
  };

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(CrmRenderDocument) document = quote (files[i].n_lines, files[i].chinese);
      g_autoptr(GBytes) pdf = render_once (files[i].chinese ? zh : en, document, NULL);
      g_autofree char *path = g_build_filename (dir, files[i].file, NULL);
      g_autoptr(GError) error = NULL;

      if (!g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
        g_error ("%s: %s", path, error->message);
      printf ("wrote %s\n", path);
    }
}

/* --callgrind: five one-page Chinese renders after one that loads the fonts,
 * for valgrind --tool=callgrind --toggle-collect=measured_renders, whose
 * instruction count does not depend on what else the machine runs */
G_GNUC_NO_INLINE static void
measured_renders (CrmRenderTemplate *template,
                  CrmRenderDocument *document,
                  guint              n_renders)
{
  for (guint i = 0; i < n_renders; i++)
    g_bytes_unref (render_once (template, document, NULL));
}

static void
callgrind_renders (CrmRenderTemplate *zh)
{
  g_autoptr(CrmRenderDocument) document = quote (3, TRUE);

  g_bytes_unref (render_once (zh, document, NULL));
  measured_renders (zh, document, 5);
  printf ("rendered the one-page Chinese quote 1 + 5 times; instructions per render: "
          "callgrind's total for measured_renders / 5\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmRenderTemplate) zh = NULL;
  g_autoptr(CrmRenderTemplate) en = NULL;
  const char *renders = g_getenv ("BENCH_RENDERS");
  const char *threads = g_getenv ("BENCH_RENDER_THREADS");

  if (argc < 2 || !g_file_get_contents (argv[1], &json, NULL, &error))
    g_error ("usage: bench-render schemas/templates/default.json [--write DIR | --callgrind] (%s)", error ? error->message : "no template");
  zh = crm_render_template_new_from_json (json, &error);
  en = crm_render_template_new_from_json (json, &error);
  if (zh == NULL || en == NULL)
    g_error ("template: %s", error->message);
  crm_render_template_set_language (zh, "zh_CN");
  crm_render_template_set_language (en, "en");
  /* the English quote is all Latin, its letterhead included */
  {
    const char *address[] = { "88 Keyuan Road, Building 3, Floor 5", "Shanghai 201203", NULL };

    crm_render_template_set_company_name (en, "Rapport Medical Ltd");
    crm_render_template_set_company_address (en, address);
    crm_render_template_set_bank (en, "ICBC Shanghai Zhangjiang Branch", "1001 2345 0910 0012 345");
  }
  if (argc == 4 && g_str_equal (argv[2], "--write"))
    {
      write_pdfs (argv[3], zh, en);
      return 0;
    }
  if (argc == 3 && g_str_equal (argv[2], "--callgrind"))
    {
      callgrind_renders (zh);
      return 0;
    }
  printf ("PDF render cost, %u runs each after one that loads the fonts (load: see uptime)\n", RUNS);
  measure ("quote zh_CN", zh, 3, TRUE, "render-preview-cpu", "<=10");
  measure ("quote en", en, 3, FALSE, "render-preview-cpu-en", "<=10");
  measure ("quote zh_CN", zh, 200, TRUE, "render-200-lines", "<100");
  measure ("quote en", en, 200, FALSE, "render-200-lines-en", "<100");
  measure_memory (zh, en, renders ? atoi (renders) : 1000, threads ? atoi (threads) : 4);
  return 0;
}
