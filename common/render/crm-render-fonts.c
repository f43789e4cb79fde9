/* crm-render-fonts.c: a light copy of the Chinese faces, holding the characters documents use, so that cairo subsets a small font */
/* memfd_create () */
#define _GNU_SOURCE
#include "config.h"

#include "crm-render-private.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * To embed a subset of a CFF font, cairo 1.16 first copies the font's whole
 * CFF table, twice for each face of each document, and walks the font's
 * whole character map once for each subset it writes: for Noto Sans CJK
 * (15 MB a face, 44,000 characters) most of a Chinese quote's render time
 * and all of its memory. So the renderer draws with light copies of each
 * face, made once per process with HarfBuzz's subsetter and kept in
 * anonymous memory files, in two tiers:
 *
 *  - "Common": Latin, punctuation, symbols, the full-width forms and the
 *    non-hanzi rows of GB 2312 (kana, Greek, Cyrillic, pinyin), and GB 2312's
 *    level-1 hanzi, the 3,755 most frequent characters;
 *  - "Extra": GB 2312's level-2 hanzi (3,008 characters, many of them in
 *    names and addresses), embedded only by a document that shows one.
 *
 * The copies keep the shaping features that horizontal Latin and Chinese
 * text uses, but not the localised (`locl`) or vertical forms, whose
 * alternates would double the glyph count. Outlines and metrics are the
 * original's, so a page looks the same; a character neither tier holds
 * falls back to the full face, which is embedded as a subset then.
 */

typedef struct
{
  const char *family;
  const char *tag;       /* of the memory file */
  guint       first_row; /* of GB 2312's hanzi, 0xb0 - 0xf7 */
  guint       last_row;
  gboolean    latin;     /* with Latin, symbols and GB 2312's other rows */
} Tier;

static const Tier tiers[] = {
  { CRM_RENDER_CJK_COMMON_FAMILY, "common", 0xb0, 0xd7, TRUE },
  { CRM_RENDER_CJK_EXTRA_FAMILY,  "extra",  0xd8, 0xf7, FALSE },
};

/* what horizontal text shapes with; HarfBuzz's defaults less locl */
static const char * const shaping_features[] = {
  "abvm", "blwm", "calt", "ccmp", "clig", "curs", "dist", "kern", "liga", "mark", "mkmk", "rclt", "rlig",
};

typedef struct
{
  int         weight;
  const char *style;
  const char *postscript_name;
} Face;

static const Face faces[] = {
  { FC_WEIGHT_REGULAR, "Regular", "NotoSansCJKsc-Regular" },
  { FC_WEIGHT_BOLD,    "Bold",    "NotoSansCJKsc-Bold" },
};

/* the file and index of the @family face of @weight, or NULL */
static char *
find_face (const char *family,
           int         weight,
           int        *index)
{
  FcPattern *pattern = FcPatternCreate ();
  FcPattern *match;
  FcResult result;
  FcChar8 *found = NULL, *file = NULL;
  char *path = NULL;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  FcPatternAddInteger (pattern, FC_WEIGHT, weight);
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  if (match != NULL &&
      FcPatternGetString (match, FC_FAMILY, 0, &found) == FcResultMatch &&
      g_ascii_strcasecmp ((const char *) found, family) == 0 &&
      FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch &&
      FcPatternGetInteger (match, FC_INDEX, 0, index) == FcResultMatch)
    path = g_strdup ((const char *) file);
  if (match != NULL)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return path;
}

static void
add_range (hb_set_t *set,
           gunichar  first,
           gunichar  last)
{
  hb_set_add_range (set, first, last);
}

/* every character that rows @first_row to @last_row of GB 2312 encode */
static gboolean
add_gb2312_rows (hb_set_t *set,
                 guint     first_row,
                 guint     last_row)
{
  GIConv conv = g_iconv_open ("UTF-8", "GB2312");

  if (conv == (GIConv) -1)
    return FALSE;
  for (guint high = first_row; high <= last_row; high++)
    for (guint low = 0xa1; low <= 0xfe; low++)
      {
        char in[2] = { (char) high, (char) low };
        char out[8];
        char *inp = in, *outp = out;
        gsize in_left = 2, out_left = sizeof out;

        if (g_iconv (conv, &inp, &in_left, &outp, &out_left) != (gsize) -1 && in_left == 0)
          hb_set_add (set, g_utf8_get_char_validated (out, sizeof out - out_left));
      }
  g_iconv_close (conv);
  return TRUE;
}

/* the characters of @tier */
static gboolean
add_tier (hb_set_t   *set,
          const Tier *tier)
{
  if (tier->latin)
    {
      add_range (set, 0x0020, 0x024f);   /* Latin */
      add_range (set, 0x02b0, 0x036f);   /* modifier letters, combining marks */
      add_range (set, 0x2000, 0x206f);   /* general punctuation */
      add_range (set, 0x20a0, 0x20cf);   /* currency signs */
      add_range (set, 0x2100, 0x218f);   /* letterlike symbols, number forms */
      add_range (set, 0x2190, 0x21ff);   /* arrows */
      add_range (set, 0x2460, 0x24ff);   /* enclosed numbers */
      add_range (set, 0x3000, 0x303f);   /* CJK punctuation */
      add_range (set, 0xff00, 0xffef);   /* full-width forms */
      if (!add_gb2312_rows (set, 0xa1, 0xa9))
        return FALSE;
    }
  return add_gb2312_rows (set, tier->first_row, tier->last_row);
}

static void
put16 (GByteArray *table,
       guint16     value)
{
  guint8 bytes[2] = { value >> 8, value & 0xff };

  g_byte_array_append (table, bytes, 2);
}

/* A name table with Windows English records only: the light copy's own
 * family, so that fontconfig never takes it for the full face, and the
 * original's PostScript name, which the PDF shows */
static hb_blob_t *
name_table (const Face *face,
            const Tier *tier)
{
  g_autofree char *full = g_strdup_printf ("%s %s", tier->family, face->style);
  const char *strings[] = { tier->family, face->style, full, full, face->postscript_name };
  const guint16 ids[] = { 1, 2, 3, 4, 6 };
  GByteArray *table = g_byte_array_new ();
  GByteArray *storage = g_byte_array_new ();
  gsize size;
  guint8 *data;

  put16 (table, 0);
  put16 (table, G_N_ELEMENTS (ids));
  put16 (table, 6 + 12 * G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      glong n_units = 0;
      g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (strings[i], -1, NULL, &n_units, NULL);
      guint offset = storage->len;

      for (glong u = 0; u < n_units; u++)
        put16 (storage, utf16[u]);
      put16 (table, 3);          /* Windows */
      put16 (table, 1);          /* Unicode BMP */
      put16 (table, 0x0409);     /* English */
      put16 (table, ids[i]);
      put16 (table, n_units * 2);
      put16 (table, offset);
    }
  g_byte_array_append (table, storage->data, storage->len);
  g_byte_array_unref (storage);
  size = table->len;
  data = g_byte_array_free (table, FALSE);
  return hb_blob_create ((const char *) data, size, HB_MEMORY_MODE_READONLY, data, g_free);
}

/* The light copy of one tier of one face as an OpenType file in memory, or NULL */
static hb_blob_t *
subset_face (hb_blob_t  *source,
             int         index,
             const Face *face,
             const Tier *tier)
{
  hb_face_t *original = NULL, *subset = NULL, *compiled = NULL, *builder = NULL;
  hb_subset_input_t *input = NULL;
  hb_blob_t *result = NULL, *subset_blob = NULL;
  hb_tag_t tags[64];
  unsigned int n_tags = G_N_ELEMENTS (tags);

  original = hb_face_create (source, index);
  input = hb_subset_input_create_or_fail ();
  if (input == NULL)
    goto out;
  {
    hb_set_t *features = hb_subset_input_set (input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);

    if (!add_tier (hb_subset_input_unicode_set (input), tier))
      goto out;
    hb_set_clear (features);
    for (guint i = 0; i < G_N_ELEMENTS (shaping_features); i++)
      hb_set_add (features, hb_tag_from_string (shaping_features[i], 4));
  }
  subset = hb_subset_or_fail (original, input);
  if (subset == NULL)
    goto out;

  /* the subset, its name table replaced */
  subset_blob = hb_face_reference_blob (subset);
  compiled = hb_face_create (subset_blob, 0);
  hb_face_get_table_tags (compiled, 0, &n_tags, tags);
  if (n_tags == 0 || n_tags == G_N_ELEMENTS (tags))
    goto out;
  builder = hb_face_builder_create ();
  for (guint i = 0; i < n_tags; i++)
    {
      hb_blob_t *table = tags[i] == HB_TAG ('n', 'a', 'm', 'e') ? name_table (face, tier)
                                                                 : hb_face_reference_table (compiled, tags[i]);

      hb_face_builder_add_table (builder, tags[i], table);
      hb_blob_destroy (table);
    }
  result = hb_face_reference_blob (builder);
  if (hb_blob_get_length (result) == 0)
    g_clear_pointer (&result, hb_blob_destroy);

out:
  g_clear_pointer (&builder, hb_face_destroy);
  g_clear_pointer (&compiled, hb_face_destroy);
  g_clear_pointer (&subset_blob, hb_blob_destroy);
  g_clear_pointer (&subset, hb_face_destroy);
  g_clear_pointer (&input, hb_subset_input_destroy);
  g_clear_pointer (&original, hb_face_destroy);
  return result;
}

/* Writes @font to an anonymous memory file that stays open for the life
 * of the process, and adds it to @config (NULL: the current one).
 * Returns: whether it was added */
static gboolean
add_light_copy (FcConfig   *config,
                hb_blob_t  *font,
                const char *name)
{
  unsigned int length = 0;
  const char *data = hb_blob_get_data (font, &length);
  g_autofree char *path = NULL;
  gsize written = 0;
  int fd = memfd_create (name, MFD_CLOEXEC);

  if (fd < 0)
    return FALSE;
  while (written < length)
    {
      gssize n = write (fd, data + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          close (fd);
          return FALSE;
        }
      written += n;
    }
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  if (!FcConfigAppFontAddFile (config, (const FcChar8 *) path))
    {
      close (fd);
      return FALSE;
    }
  return TRUE;
}

static gpointer
make_light_copies (gpointer data)
{
  gboolean added = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      int index = 0;
      g_autofree char *file = find_face (CRM_RENDER_CJK_FAMILY, faces[i].weight, &index);
      hb_blob_t *source = file != NULL ? hb_blob_create_from_file_or_fail (file) : NULL;

      for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
        {
          g_autofree char *name = g_strdup_printf ("rapport-cjk-%s-%s", tiers[t].tag, faces[i].style);
          hb_blob_t *font = source != NULL ? subset_face (source, index, &faces[i], &tiers[t]) : NULL;

          if (font == NULL || !add_light_copy (NULL, font, name))
            g_debug ("No light copy %s: documents embed the full face", name);
          else
            added = TRUE;
          g_clear_pointer (&font, hb_blob_destroy);
        }
      g_clear_pointer (&source, hb_blob_destroy);
    }
  /* a font map this thread made before knows nothing of them yet; those of
   * other threads are made by their first render, after this */
  if (added)
    pango_fc_font_map_config_changed (PANGO_FC_FONT_MAP (pango_cairo_font_map_get_default ()));
  return GINT_TO_POINTER (added);
}

/**
 * crm_render_fonts_ensure:
 *
 * Makes the light copies of the Chinese faces and adds them to fontconfig's
 * current configuration, once per process: the first call does the work
 * (well under a second of CPU), any thread may call it. Call it before a
 * thread makes its first Pango context for a document.
 *
 * Returns: whether documents draw with the light copies
 */
gboolean
crm_render_fonts_ensure (void)
{
  static GOnce once = G_ONCE_INIT;

  return GPOINTER_TO_INT (g_once (&once, make_light_copies, NULL));
}
