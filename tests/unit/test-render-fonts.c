/* test-render-fonts.c: which fonts a document's PDF embeds, read back with pdffonts and pdftotext */
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crm-renderer.h"

/* Every PDF the test writes goes here; kept when RAPPORT_TEST_RENDER_DIR names it */
static char *out_dir;

static CrmRenderTemplate *
make_template (const char *language,
               const char *company)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{ \"version\": 1, \"language\": \"%s\", \"company\": { \"name\": \"%s\" },"
                                           "  \"columns\": [\"index\", \"description\", \"quantity\", \"unit_price\", \"net\"],"
                                           "  \"footer_text\": \"www.example.com\" }",
                                           language, company);
  CrmRenderTemplate *template = crm_render_template_new_from_json (json, &error);

  g_assert_no_error (error);
  return template;
}

static CrmRenderDocument *
make_document (const char *customer,
               const char *description)
{
  CrmRenderDocument *doc = crm_render_document_new (CRM_RENDER_DOCUMENT_QUOTE, "Q-2026-00007", 1);
  CrmRenderLine line = { "MD-1", description, "2", "box", "12.50", NULL, NULL, "13%", "25.00", "3.25", "28.25",
                         { 2500, 2 }, { 2825, 2 } };

  crm_render_document_set_issue_date (doc, "2026-03-02");
  crm_render_document_set_currency (doc, "CNY", 2);
  crm_render_document_set_customer (doc, customer, NULL, NULL, NULL);
  crm_render_document_add_line (doc, &line);
  crm_render_document_set_totals (doc, "25.00", "28.25");
  return doc;
}

/* Renders @doc with @template into out_dir/@file; returns its path */
static char *
write_pdf (CrmRenderTemplate *template,
           CrmRenderDocument *doc,
           const char        *file)
{
  g_autoptr(CrmRenderer) renderer = crm_renderer_new (template, doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = crm_renderer_render_pdf (renderer, NULL, &error);
  char *path = g_build_filename (out_dir, file, NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  return path;
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
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  return run (argv);
}

/* The fonts a PDF embeds, as pdffonts lists them */
typedef struct
{
  guint n_fonts;
  guint n_cjk;        /* Noto Sans CJK, full face or light copy */
  guint n_not_subset; /* embedded whole, or not at all */
} Fonts;

static Fonts
pdf_fonts (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  Fonts fonts = { 0, };
  const char *emb;
  gsize column;

  g_assert_nonnull (lines[0]);
  emb = strstr (lines[0], " emb ");
  g_assert_nonnull (emb);
  column = emb - lines[0] + 1;
  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      g_assert_cmpuint (strlen (lines[i]), >, column + 7);
      fonts.n_fonts++;
      if (strstr (lines[i], "NotoSansCJK") != NULL)
        fonts.n_cjk++;
      if (strncmp (lines[i] + column, "yes yes", 7) != 0)
        fonts.n_not_subset++;
    }
  return fonts;
}

/* An all-ASCII document embeds Latin faces only, as subsets */
static void
test_ascii (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("en", "Rapport Medical Ltd");
  g_autoptr(CrmRenderDocument) doc = make_document ("Northwind Clinical Supplies Ltd.", "ECG electrodes, box of 50");
  g_autofree char *path = write_pdf (template, doc, "ascii.pdf");
  g_autofree char *text = pdf_text (path);
  Fonts fonts = pdf_fonts (path);

  g_assert_cmpuint (fonts.n_fonts, >=, 2);
  g_assert_cmpuint (fonts.n_cjk, ==, 0);
  g_assert_cmpuint (fonts.n_not_subset, ==, 0);
  g_assert_nonnull (strstr (text, "Northwind Clinical Supplies Ltd."));
}

/* A Chinese document draws everything in Noto Sans CJK, embedded as subsets */
static void
test_chinese (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("zh_CN", "上海瑞博医疗科技有限公司");
  g_autoptr(CrmRenderDocument) doc = make_document ("上海华东医疗器械有限公司", "心电电极片，每盒 50 片");
  g_autofree char *path = write_pdf (template, doc, "chinese.pdf");
  g_autofree char *text = pdf_text (path);
  Fonts fonts = pdf_fonts (path);

  g_assert_cmpuint (fonts.n_fonts, >=, 2);
  g_assert_cmpuint (fonts.n_cjk, ==, fonts.n_fonts);
  g_assert_cmpuint (fonts.n_not_subset, ==, 0);
  g_assert_nonnull (strstr (text, "上海华东医疗器械有限公司"));
  g_assert_nonnull (strstr (text, "心电电极片，每盒 50 片"));
}

/* A Latin document that names a Chinese customer embeds the CJK font for
 * that name only, as a subset beside the Latin faces */
static void
test_mixed_script (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("en", "Rapport Medical Ltd");
  g_autoptr(CrmRenderDocument) doc = make_document ("上海华东医疗器械有限公司", "ECG electrodes, box of 50");
  g_autofree char *path = write_pdf (template, doc, "mixed.pdf");
  g_autofree char *text = pdf_text (path);
  Fonts fonts = pdf_fonts (path);

  g_assert_cmpuint (fonts.n_cjk, >=, 1);
  g_assert_cmpuint (fonts.n_fonts - fonts.n_cjk, >=, 2);
  g_assert_cmpuint (fonts.n_not_subset, ==, 0);
  g_assert_nonnull (strstr (text, "上海华东医疗器械有限公司"));
  g_assert_nonnull (strstr (text, "ECG electrodes, box of 50"));
}

/* A character that the light copies of the Chinese faces lack (堃 is not
 * in GB 2312) is drawn from the full face, embedded as a subset too */
static void
test_rare_hanzi (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("zh_CN", "上海瑞博医疗科技有限公司");
  g_autoptr(CrmRenderDocument) doc = make_document ("王堃医疗器械（上海）有限公司", "心电电极片");
  g_autofree char *path = write_pdf (template, doc, "rare.pdf");
  g_autofree char *text = pdf_text (path);
  Fonts fonts = pdf_fonts (path);

  g_assert_cmpuint (fonts.n_cjk, ==, fonts.n_fonts);
  g_assert_cmpuint (fonts.n_not_subset, ==, 0);
  g_assert_nonnull (strstr (text, "王堃医疗器械（上海）有限公司"));
}

/* Whether the light copy @family (Regular) holds @c, as fontconfig sees it */
static gboolean
light_copy_has (const char *family,
                gunichar    c)
{
  FcPattern *pattern = FcPatternBuild (NULL, FC_FAMILY, FcTypeString, family, FC_WEIGHT, FcTypeInteger, FC_WEIGHT_REGULAR, NULL);
  FcObjectSet *objects = FcObjectSetBuild (FC_FAMILY, FC_WEIGHT, FC_CHARSET, NULL);
  FcFontSet *set = FcFontList (NULL, pattern, objects);
  FcCharSet *charset = NULL;
  gboolean has;

  g_assert_nonnull (set);
  g_assert_cmpint (set->nfont, ==, 1);
  g_assert_cmpint (FcPatternGetCharSet (set->fonts[0], FC_CHARSET, 0, &charset), ==, FcResultMatch);
  has = FcCharSetHasChar (charset, c);
  FcFontSetDestroy (set);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
  return has;
}

/* The frequent characters (GB 2312 level 1, Latin, symbols) are in the
 * "Common" light copy that every Chinese document embeds; level 2, often
 * in names, in the "Extra" one that only a document showing such a
 * character embeds; what GB 2312 lacks in neither */
static void
test_tiers (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("zh_CN", "上海瑞博医疗科技有限公司");
  g_autoptr(CrmRenderDocument) doc = make_document ("上海琪璐医疗器械有限公司", "心电电极片");
  g_autofree char *path = write_pdf (template, doc, "tiers.pdf");
  g_autofree char *text = pdf_text (path);
  Fonts fonts = pdf_fonts (path);

  /* 一 and 海 are level 1; 琪 and 璐 level 2; 堃 is not in GB 2312 */
  g_assert_true (light_copy_has ("Noto Sans CJK SC Common", 0x4e00));
  g_assert_true (light_copy_has ("Noto Sans CJK SC Common", 0x6d77));
  g_assert_true (light_copy_has ("Noto Sans CJK SC Common", 'A'));
  g_assert_true (light_copy_has ("Noto Sans CJK SC Common", 0xff08));
  g_assert_false (light_copy_has ("Noto Sans CJK SC Common", 0x742a));
  g_assert_true (light_copy_has ("Noto Sans CJK SC Extra", 0x742a));
  g_assert_true (light_copy_has ("Noto Sans CJK SC Extra", 0x7490));
  g_assert_false (light_copy_has ("Noto Sans CJK SC Extra", 0x4e00));
  g_assert_false (light_copy_has ("Noto Sans CJK SC Extra", 'A'));
  g_assert_false (light_copy_has ("Noto Sans CJK SC Common", 0x5803));
  g_assert_false (light_copy_has ("Noto Sans CJK SC Extra", 0x5803));

  /* a name with level-2 characters prints whole, every font a subset */
  g_assert_cmpuint (fonts.n_cjk, ==, fonts.n_fonts);
  g_assert_cmpuint (fonts.n_not_subset, ==, 0);
  g_assert_nonnull (strstr (text, "上海琪璐医疗器械有限公司"));
}

/* Renders on several threads at once, each with its own font map, draw
 * the same document the same way */
typedef struct
{
  CrmRenderTemplate *template;
  CrmRenderDocument *doc;
  GBytes            *first;
  guint              mismatches;
} Threaded;

static gpointer
render_repeatedly (gpointer data)
{
  Threaded *t = data;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(CrmRenderer) renderer = crm_renderer_new (t->template, t->doc);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = crm_renderer_render_pdf (renderer, NULL, &error);

      g_assert_no_error (error);
      if (!g_bytes_equal (pdf, t->first))
        g_atomic_int_inc (&t->mismatches);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(CrmRenderTemplate) template = make_template ("zh_CN", "上海瑞博医疗科技有限公司");
  g_autoptr(CrmRenderDocument) doc = make_document ("上海华东医疗器械有限公司", "心电电极片 ECG electrodes");
  g_autoptr(GDateTime) issued_at = g_date_time_new_utc (2026, 3, 2, 8, 0, 0);
  g_autoptr(CrmRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  Threaded t = { template, doc, NULL, 0 };
  GThread *threads[4];

  /* a fixed date, so that every render writes the same bytes */
  crm_render_document_set_issued_at (doc, issued_at);
  renderer = crm_renderer_new (template, doc);
  first = crm_renderer_render_pdf (renderer, NULL, &error);
  g_assert_no_error (error);
  t.first = first;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_repeatedly, &t);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (t.mismatches, ==, 0);
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

      out_dir = g_dir_make_tmp ("rapport-render-fonts-XXXXXX", &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/render-fonts/ascii", test_ascii);
  g_test_add_func ("/render-fonts/chinese", test_chinese);
  g_test_add_func ("/render-fonts/mixed-script", test_mixed_script);
  g_test_add_func ("/render-fonts/rare-hanzi", test_rare_hanzi);
  g_test_add_func ("/render-fonts/tiers", test_tiers);
  g_test_add_func ("/render-fonts/threads", test_threads);

  status = g_test_run ();
  if (keep == NULL)
    remove_out_dir ();
  g_free (out_dir);
  return status;
}
