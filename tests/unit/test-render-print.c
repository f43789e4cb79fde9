/* test-render-print.c: what a quote prints with the shipped template: the draft watermark, the line discount, the subject, the approvals in the document's language; a record's file (a complaint's) over several pages */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crm-document-line.h"
#include "crm-document-pricing.h"
#include "crm-document-render.h"
#include "crm-quote.h"
#include "crm-account.h"
#include "crm-renderer.h"

/* Every PDF the test writes goes here; kept when RAPPORT_TEST_RENDER_DIR names it */
static char *out_dir;

#define SUBJECT_EN "Ward monitors for the new wing"
#define SUBJECT_ZH "新病区监护设备采购"

static CrmEntity *
line (const char *description,
      gint64      quantity,
      gint64      unit_price_cents,
      gint64      discount)
{
  CrmEntity *line = crm_entity_new (CRM_TYPE_DOCUMENT_LINE);

  crm_entity_set_text (line, "description", description);
  crm_entity_set_text (line, "unit", "pc");
  crm_entity_set_money (line, "quantity", crm_money_new (quantity, 0));
  crm_entity_set_money (line, "unit_price", crm_money_new (unit_price_cents, 2));
  crm_entity_set_money (line, "discount", crm_money_new (discount, 0));
  crm_entity_set_money (line, "tax_rate", crm_money_new (13, 0));
  return line;
}

/* A priced quote in @status of @n_lines lines, the first discounted 15 %;
 * issued when @issued_sha256 is given */
static CrmEntity *
quote_new (const char *status,
           const char *issued_sha256,
           const char *subject,
           guint       n_lines)
{
  CrmEntity *quote = crm_entity_new (CRM_TYPE_QUOTE);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (lines, line ("Patient monitor PM-9000", 4, 1850000, 15));
  for (guint i = 1; i < n_lines; i++)
    {
      g_autofree char *description = g_strdup_printf ("ECG cable, 3-lead, item %u", i);

      g_ptr_array_add (lines, line (description, 1 + i % 7, 8550 + i, 0));
    }
  crm_entity_set_lines (quote, lines);
  crm_entity_set_text (quote, "number", "Q-2026-00077");
  crm_entity_set_text (quote, "currency", "CNY");
  crm_entity_set_text (quote, "title", subject);
  crm_entity_set_text (quote, "status", status);
  if (issued_sha256 != NULL)
    crm_entity_set_text (quote, "issued_sha256", issued_sha256);
  crm_entity_set_int (quote, "created_at", G_GINT64_CONSTANT (1772443800) * G_USEC_PER_SEC);
  g_assert_true (crm_document_price (quote, CRM_ROUND_HALF_UP, &error));
  g_assert_no_error (error);
  return quote;
}

/* The template the server and the client print with when a document names
 * none, in @language */
static CrmRenderTemplate *
shipped_template (const char *language)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  CrmRenderTemplate *template;

  g_file_get_contents (SHIPPED_TEMPLATE, &json, NULL, &error);
  g_assert_no_error (error);
  template = crm_render_template_new_from_json (json, &error);
  g_assert_no_error (error);
  crm_render_template_set_language (template, language);
  return template;
}

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

/* Renders @render with the shipped template in @language into @file and
 * returns the text of each page, as pdftotext reads it */
static GPtrArray *
render_pages (CrmRenderDocument *render,
              const char        *language,
              const char        *file)
{
  g_autoptr(CrmRenderTemplate) template = shipped_template (language);
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, render);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = crm_renderer_render_pdf (renderer, NULL, &error);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  for (guint p = 1; p <= crm_renderer_get_n_pages (renderer); p++)
    {
      g_autofree char *number = g_strdup_printf ("%u", p);
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, path, "-", NULL };

      g_ptr_array_add (pages, run (argv));
    }
  return pages;
}

static GPtrArray *
render_quote (CrmEntity  *quote,
              const char *language,
              const char *file)
{
  g_autoptr(CrmEntity) account = crm_entity_new (CRM_TYPE_ACCOUNT);
  g_autoptr(CrmRenderDocument) render = NULL;

  crm_entity_set_text (account, "name", "Northwind Clinical Supplies Ltd.");
  render = crm_document_render_new (quote, account, NULL, "CNY");
  return render_pages (render, language, file);
}

static gboolean
contains (const char *text,
          const char *needle)
{
  return strstr (text, needle) != NULL;
}

typedef struct
{
  double  x;
  char   *text;
} Word;

static int
word_compare (gconstpointer a,
              gconstpointer b)
{
  const Word *wa = a, *wb = b;

  return (wa->x > wb->x) - (wa->x < wb->x);
}

/* The words of page @page of the PDF at @path printed taller than 60 pt,
 * left to right: a diagonal watermark, whose letters pdftotext reads as
 * several words */
static char *
large_words (const char *path,
             guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", "-f", number, "-l", number, path, "-", NULL };
  g_autofree char *xhtml = run (argv);
  g_autoptr(GRegex) regex = g_regex_new ("<word xMin=\"([-0-9.]+)\" yMin=\"([-0-9.]+)\" "
                                         "xMax=\"[-0-9.]+\" yMax=\"([-0-9.]+)\">([^<]*)</word>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (Word));
  GString *joined = g_string_new (NULL);

  g_regex_match (regex, xhtml, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *x = g_match_info_fetch (match, 1);
      g_autofree char *top = g_match_info_fetch (match, 2);
      g_autofree char *bottom = g_match_info_fetch (match, 3);
      Word word = { g_ascii_strtod (x, NULL), g_match_info_fetch (match, 4) };

      if (g_ascii_strtod (bottom, NULL) - g_ascii_strtod (top, NULL) > 60)
        g_array_append_val (words, word);
      else
        g_free (word.text);
    }
  g_array_sort (words, word_compare);
  for (guint i = 0; i < words->len; i++)
    {
      g_string_append (joined, g_array_index (words, Word, i).text);
      g_free (g_array_index (words, Word, i).text);
    }
  return g_string_free (joined, FALSE);
}

typedef struct
{
  const char *status;
  const char *issued_sha256;
  gboolean    draft;
} DraftCase;

static const DraftCase draft_cases[] = {
  { "draft",            NULL,       TRUE },
  { "rejected",         NULL,       TRUE },
  { "pending_approval", NULL,       TRUE },
  { "approved",         NULL,       FALSE },
  { "sent",             "0123abcd", FALSE },
  /* issued while a step approved it: the archived PDF is no draft */
  { "pending_approval", "0123abcd", FALSE },
};

/* A draft carries "DRAFT" / "草稿" on every page of a three-page quote, in
 * the template's language; one approved or issued carries it on none */
static void
test_draft_watermark (gconstpointer data)
{
  const DraftCase *c = data;
  static const char * const languages[] = { "en", "zh_CN" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(CrmEntity) quote = quote_new (c->status, c->issued_sha256, SUBJECT_EN, 90);
      g_autofree char *file = g_strdup_printf ("watermark-%s%s-%s.pdf", c->status,
                                               c->issued_sha256 ? "-issued" : "", languages[l]);
      g_autoptr(GPtrArray) pages = render_quote (quote, languages[l], file);
      g_autofree char *path = g_build_filename (out_dir, file, NULL);
      const char *word = g_str_equal (languages[l], "zh_CN") ? "草稿" : "DRAFT";
      const char *other = g_str_equal (languages[l], "zh_CN") ? "DRAFT" : "草稿";

      g_assert_cmpuint (pages->len, >=, 2);
      for (guint p = 0; p < pages->len; p++)
        {
          const char *text = pages->pdata[p];
          g_autofree char *diagonal = large_words (path, p + 1);

          g_test_message ("%s, page %u", file, p + 1);
          /* in the header's text, and across the page in large type */
          g_assert_cmpint (contains (text, word), ==, c->draft);
          g_assert_cmpstr (diagonal, ==, c->draft ? word : "");
          /* never the other language's word */
          g_assert_false (contains (text, other));
        }
    }
}

/* The shipped template prints each line's discount and the document's
 * subject, in either language */
static void
test_discount_and_subject (void)
{
  static const struct { const char *language, *subject, *discount_header, *subject_line; } cases[] = {
    { "en",    SUBJECT_EN, "Discount", "Subject: " SUBJECT_EN },
    { "zh_CN", SUBJECT_ZH, "折扣",     "主题：" SUBJECT_ZH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrmEntity) quote = quote_new ("approved", NULL, cases[i].subject, 3);
      g_autofree char *file = g_strdup_printf ("discount-subject-%s.pdf", cases[i].language);
      g_autoptr(GPtrArray) pages = render_quote (quote, cases[i].language, file);
      const char *text = pages->pdata[0];

      g_assert_cmpuint (pages->len, ==, 1);
      if (!contains (text, cases[i].discount_header) || !contains (text, "15%") ||
          !contains (text, cases[i].subject_line))
        g_error ("%s lacks the discount or the subject:\n%s", file, text);
    }
}

/* The approvals name the signer's role and the signature's meaning in the
 * document's language; free text prints as it was given */
static void
test_approvals_language (void)
{
  static const struct { const char *language; const char *words[6]; const char *absent[3]; } cases[] = {
    { "en",    { "Approver", "Director", "Approved", "Finance", "Reviewed", "Price checked" },
               { "director", "approved", "finance" } },
    { "zh_CN", { "审批人", "总监", "批准", "财务", "审核", "Price checked" },
               { "director", "approved", "Director" } },
  };
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 3, 2, 9, 15, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrmEntity) quote = quote_new ("approved", NULL, SUBJECT_EN, 3);
      g_autoptr(CrmEntity) account = crm_entity_new (CRM_TYPE_ACCOUNT);
      g_autoptr(CrmRenderDocument) render = NULL;
      g_autofree char *file = g_strdup_printf ("approvals-%s.pdf", cases[i].language);
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GString) all = g_string_new (NULL);

      crm_entity_set_text (account, "name", "Northwind Clinical Supplies Ltd.");
      render = crm_document_render_new (quote, account, NULL, "CNY");
      crm_render_document_add_approval (render, "Wang Fang", "director", "approved", at);
      crm_render_document_add_approval (render, "Li Lei", "finance", "reviewed", at);
      crm_render_document_add_approval (render, "Zhao Min", "manager", "Price checked", at);
      pages = render_pages (render, cases[i].language, file);
      for (guint p = 0; p < pages->len; p++)
        g_string_append (all, pages->pdata[p]);

      for (guint w = 0; w < G_N_ELEMENTS (cases[i].words); w++)
        if (!contains (all->str, cases[i].words[w]))
          g_error ("“%s” not found in %s:\n%s", cases[i].words[w], file, all->str);
      for (guint w = 0; w < G_N_ELEMENTS (cases[i].absent); w++)
        if (contains (all->str, cases[i].absent[w]))
          g_error ("“%s” printed in %s:\n%s", cases[i].absent[w], file, all->str);
    }
}

/* A record's file, a complaint's: its title on every page, its sections'
 * rows each printed once across the pages (a value taller than a page is
 * cut between its lines), its signatures in the document's language, and
 * no prices, totals or subtotals */
static void
test_record_file (void)
{
  static const struct { const char *language; const char *words[4]; } cases[] = {
    { "en",    { "Complaint file", "Assessed", "Quality", "Approved" } },
    { "zh_CN", { "投诉档案", "已评估", "质量", "批准" } },
  };
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 12, 7, 10, 30, 0);
  g_autoptr(GString) long_value = g_string_new (NULL);

  for (guint i = 1; i <= 150; i++)
    g_string_append_printf (long_value, "finding%u: the occlusion sensor was checked against its drawing. ", i);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrmRenderDocument) render = crm_render_document_new (CRM_RENDER_DOCUMENT_COMPLAINT_FILE, "CS-2026-00042", 7);
      g_autofree char *file = g_strdup_printf ("complaint-file-%s.pdf", cases[i].language);
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GString) all = g_string_new (NULL);

      crm_render_document_set_customer (render, "华东人民医院", NULL, NULL, NULL);
      crm_render_document_add_section (render, "Reportability assessment");
      crm_render_document_add_field (render, "Reportable", "Yes");
      crm_render_document_add_field (render, "Reason", "Injury during therapy");
      crm_render_document_add_field (render, "Empty", NULL);
      crm_render_document_add_section (render, "Investigation");
      crm_render_document_add_field (render, "Root cause", long_value->str);
      crm_render_document_add_section (render, "Audit trail (extract)");
      for (guint r = 1; r <= 80; r++)
        {
          g_autofree char *row = g_strdup_printf ("auditrow%u: update", r);

          crm_render_document_add_field (render, "2026-12-07 10:30 UTC", row);
        }
      crm_render_document_add_approval (render, "李娜 Li Na", "quality", "assessed", at);
      crm_render_document_add_approval (render, "王芳 Wang Fang", "quality", "approved", at);
      pages = render_pages (render, cases[i].language, file);
      g_assert_cmpuint (pages->len, >=, 3);
      for (guint p = 0; p < pages->len; p++)
        {
          g_assert_true (contains (pages->pdata[p], cases[i].words[0]));
          g_assert_true (contains (pages->pdata[p], "CS-2026-00042"));
          g_string_append (all, pages->pdata[p]);
        }
      for (guint w = 1; w < G_N_ELEMENTS (cases[i].words); w++)
        if (!contains (all->str, cases[i].words[w]))
          g_error ("“%s” not found in %s:\n%s", cases[i].words[w], file, all->str);
      for (guint r = 1; r <= 150; r++)
        {
          g_autofree char *finding = g_strdup_printf ("finding%u:", r);
          g_autofree char *row = g_strdup_printf ("auditrow%u:", r);
          const char *at_row = strstr (all->str, row);

          g_assert_true (contains (all->str, finding));
          g_assert_null (strstr (strstr (all->str, finding) + 1, finding));
          if (r <= 80)
            g_assert_true (at_row != NULL && strstr (at_row + 1, row) == NULL);
        }
      g_assert_false (contains (all->str, "Subtotal"));
      g_assert_false (contains (all->str, "Net total"));
      g_assert_false (contains (all->str, "小计"));
    }
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

      out_dir = g_dir_make_tmp ("rapport-render-print-XXXXXX", &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (draft_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/render-print/watermark/%s%s", draft_cases[i].status,
                                               draft_cases[i].issued_sha256 ? "-issued" : "");

      g_test_add_data_func (name, &draft_cases[i], test_draft_watermark);
    }
  g_test_add_func ("/render-print/discount-and-subject", test_discount_and_subject);
  g_test_add_func ("/render-print/approvals-language", test_approvals_language);
  g_test_add_func ("/render-print/record-file", test_record_file);

  status = g_test_run ();
  if (keep == NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (out_dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (out_dir);
    }
  g_free (out_dir);
  return status;
}
