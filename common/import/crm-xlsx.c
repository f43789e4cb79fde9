/* crm-xlsx.c: an Excel workbook's sheet (XLSX), read into rows of cells as a CSV file is
 *
 * The workbook is a zip archive (read with libgsf) of XML parts (read with
 * libxml2, without network or entity expansion): xl/workbook.xml names the
 * sheets, xl/_rels/workbook.xml.rels where each is, xl/sharedStrings.xml the
 * text that cells point to, xl/styles.xml which number formats are dates.
 * A cell is read as its text: shared and inline strings (phonetic runs left
 * out), numbers as written, booleans as true or false, numbers formatted as
 * dates as YYYY-MM-DD, errors as empty. The first row is the header; rows
 * with no value are skipped; each row has the header's number of cells. */
#include "crm-xlsx.h"
#include "crm-csv.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

static void
set_not_xlsx (GError **error)
{
  g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file is not an Excel workbook (XLSX)"));
}

/* a part of the archive, by its path from the root, parsed; NULL where it is missing */
static xmlDoc *
read_part (GsfInfile   *zip,
           const char  *path,
           GError     **error)
{
  g_auto(GStrv) names = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
  g_autoptr(GsfInput) input = gsf_infile_child_by_aname (zip, (const char **) names);
  gsf_off_t size;
  const guint8 *bytes;
  xmlDoc *doc;

  if (input == NULL)
    return NULL;
  size = gsf_input_size (input);
  if (size < 0 || size > CRM_XLSX_MAX_PART_BYTES)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_LARGE, _("A part of the workbook is larger than %u MiB"),
                   CRM_XLSX_MAX_PART_BYTES / (1024 * 1024));
      return NULL;
    }
  bytes = size > 0 ? gsf_input_read (input, size, NULL) : (const guint8 *) "";
  doc = bytes ? xmlReadMemory ((const char *) bytes, (int) size, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      set_not_xlsx (error);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  return doc;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

static xmlNode *
child (xmlNode    *parent,
       const char *name)
{
  for (xmlNode *node = parent ? parent->children : NULL; node; node = node->next)
    if (is_element (node, name))
      return node;
  return NULL;
}

static char *
attribute (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

/* the text of every <t> below, phonetic runs (<rPh>) left out */
static void
append_text (GString *text,
             xmlNode *node)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (is_element (n, "rPh") || is_element (n, "phoneticPr"))
        continue;
      if (is_element (n, "t"))
        {
          xmlChar *content = xmlNodeGetContent (n);

          g_string_append (text, (const char *) content);
          xmlFree (content);
        }
      else if (n->type == XML_ELEMENT_NODE)
        append_text (text, n);
    }
}

static GPtrArray *
read_shared_strings (xmlDoc *doc)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *si = doc ? xmlDocGetRootElement (doc)->children : NULL; si; si = si->next)
    if (is_element (si, "si"))
      {
        GString *text = g_string_new (NULL);

        append_text (text, si);
        g_ptr_array_add (strings, g_string_free (text, FALSE));
      }
  return strings;
}

/* a number format's code shows a date where it has d or y outside quotes and brackets */
static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE;
  int bracket = 0;

  for (const char *p = code; p && *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '[')
        bracket++;
      else if (!quoted && *p == ']' && bracket > 0)
        bracket--;
      else if (!quoted && bracket == 0 && *p == '\\' && p[1])
        p++;
      else if (!quoted && bracket == 0 && strchr ("dDyY", *p))
        return TRUE;
    }
  return FALSE;
}

/* per cell style (the s= of a cell), whether its number is a date */
static GArray *
read_date_styles (xmlDoc *doc)
{
  GArray *dates = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_autoptr(GHashTable) custom = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, NULL);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

  for (xmlNode *fmt = child (child (root, "numFmts"), "numFmt"); fmt; fmt = fmt->next)
    if (is_element (fmt, "numFmt"))
      {
        g_autofree char *id = attribute (fmt, "numFmtId");
        g_autofree char *code = attribute (fmt, "formatCode");

        if (id != NULL)
          g_hash_table_insert (custom, GINT_TO_POINTER (atoi (id)), GINT_TO_POINTER (format_code_is_date (code)));
      }
  for (xmlNode *xf = child (child (root, "cellXfs"), "xf"); xf; xf = xf->next)
    if (is_element (xf, "xf"))
      {
        g_autofree char *id_text = attribute (xf, "numFmtId");
        int id = id_text ? atoi (id_text) : 0;
        gboolean date = (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
                        (id >= 50 && id <= 58) || GPOINTER_TO_INT (g_hash_table_lookup (custom, GINT_TO_POINTER (id)));

        g_array_append_val (dates, date);
      }
  return dates;
}

/* "BC12" -> 54 (from 0), or -1 */
static int
column_of (const char *reference)
{
  int column = 0;
  const char *p = reference;

  for (; p && g_ascii_isalpha (*p) && p - reference < 3; p++)
    column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
  return p == reference || (p && g_ascii_isalpha (*p)) ? -1 : column - 1;
}

/* a day number of the workbook's calendar as YYYY-MM-DD */
static char *
serial_date (const char *value,
             gboolean    date1904)
{
  char *end = NULL;
  double serial = g_ascii_strtod (value, &end);
  g_autoptr(GDate) date = NULL;

  if (end == value || *end != '\0' || serial < 1 || serial > 2958465)
    return g_strdup (value);
  /* 1900: day 1 is 1900-01-01, and day 60 the 29 February 1900 that never was */
  if (date1904)
    date = g_date_new_dmy (1, 1, 1904);
  else if (serial >= 61)
    date = g_date_new_dmy (30, 12, 1899);
  else
    date = g_date_new_dmy (31, 12, 1899);
  g_date_add_days (date, (guint) serial);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

typedef struct
{
  GPtrArray *strings;
  GArray    *dates;
  gboolean   date1904;
} Context;

static char *
cell_text (Context *context,
           xmlNode *cell)
{
  g_autofree char *type = attribute (cell, "t");
  g_autofree char *style = attribute (cell, "s");
  xmlNode *v = child (cell, "v");
  xmlChar *content = v ? xmlNodeGetContent (v) : NULL;
  g_autofree char *value = g_strdup (content ? (const char *) content : "");
  char *text;

  xmlFree (content);
  if (g_strcmp0 (type, "s") == 0)
    {
      guint64 index = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &index, NULL) || index >= context->strings->len)
        return g_strdup ("");
      return g_strdup (context->strings->pdata[index]);
    }
  if (g_strcmp0 (type, "inlineStr") == 0)
    {
      GString *inline_text = g_string_new (NULL);
      xmlNode *is = child (cell, "is");

      if (is != NULL)
        append_text (inline_text, is);
      return g_string_free (inline_text, FALSE);
    }
  if (g_strcmp0 (type, "b") == 0)
    return g_strdup (g_str_equal (value, "1") ? "true" : "false");
  if (g_strcmp0 (type, "e") == 0)
    return g_strdup ("");
  if (type == NULL || g_str_equal (type, "n"))
    {
      guint64 index = 0;

      if (style != NULL && g_ascii_string_to_unsigned (style, 10, 0, G_MAXUINT, &index, NULL) &&
          index < context->dates->len && g_array_index (context->dates, gboolean, index) && *value)
        return serial_date (value, context->date1904);
    }
  text = g_steal_pointer (&value);
  return text;
}

/* the sheet's part path: the named sheet's, or the first's */
static char *
sheet_path (xmlDoc      *workbook,
            xmlDoc      *rels,
            const char  *sheet,
            gboolean    *date1904,
            GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (workbook);
  xmlNode *properties = child (root, "workbookPr");
  g_autofree char *id = NULL;
  g_autofree char *when1904 = properties ? attribute (properties, "date1904") : NULL;

  *date1904 = g_strcmp0 (when1904, "1") == 0 || g_strcmp0 (when1904, "true") == 0;
  for (xmlNode *s = child (child (root, "sheets"), "sheet"); s && id == NULL; s = s->next)
    {
      g_autofree char *name = is_element (s, "sheet") ? attribute (s, "name") : NULL;

      if (name != NULL && (sheet == NULL || g_str_equal (name, sheet)))
        {
          xmlChar *rid = xmlGetNsProp (s, (const xmlChar *) "id", (const xmlChar *) REL_NS);

          id = g_strdup ((const char *) rid);
          xmlFree (rid);
        }
    }
  if (id == NULL)
    {
      if (sheet != NULL)
        g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The workbook has no sheet named “%s”"), sheet);
      else
        set_not_xlsx (error);
      return NULL;
    }
  for (xmlNode *r = rels ? xmlDocGetRootElement (rels)->children : NULL; r; r = r->next)
    {
      g_autofree char *rel_id = is_element (r, "Relationship") ? attribute (r, "Id") : NULL;
      g_autofree char *target = NULL;

      if (g_strcmp0 (rel_id, id) != 0 || (target = attribute (r, "Target")) == NULL)
        continue;
      return target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("xl/", target, NULL);
    }
  set_not_xlsx (error);
  return NULL;
}

/**
 * crm_xlsx_parse:
 * @data: the workbook's bytes
 * @length: their number
 * @sheet: (nullable): the name of the sheet to read; %NULL for the first
 * @error: return location for a %CRM_ERROR_VALIDATION where the file is no
 *   workbook or has no such sheet, %CRM_ERROR_TOO_LARGE where a part
 *   unpacks to more than %CRM_XLSX_MAX_PART_BYTES
 *
 * Reads a sheet as the file's comment tells.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header first
 */
GPtrArray *
crm_xlsx_parse (const char  *data,
                gsize        length,
                const char  *sheet,
                GError     **error)
{
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(xmlDoc) workbook = NULL;
  g_autoptr(xmlDoc) rels = NULL;
  g_autoptr(xmlDoc) strings_doc = NULL;
  g_autoptr(xmlDoc) styles_doc = NULL;
  g_autoptr(xmlDoc) sheet_doc = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(GArray) dates = NULL;
  g_autofree char *path = NULL;
  Context context;
  gboolean date1904 = FALSE;
  guint width = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = gsf_input_memory_new ((const guint8 *) data, length, FALSE);
  zip = input ? gsf_infile_zip_new (input, NULL) : NULL;
  if (zip == NULL)
    {
      set_not_xlsx (error);
      return NULL;
    }
  if ((workbook = read_part (zip, "xl/workbook.xml", error)) == NULL)
    {
      if (error && *error == NULL)
        set_not_xlsx (error);
      return NULL;
    }
  rels = read_part (zip, "xl/_rels/workbook.xml.rels", error);
  if (rels == NULL || (path = sheet_path (workbook, rels, sheet, &date1904, error)) == NULL)
    {
      if (error && *error == NULL)
        set_not_xlsx (error);
      return NULL;
    }
  strings_doc = read_part (zip, "xl/sharedStrings.xml", error);
  if (error && *error)
    return NULL;
  styles_doc = read_part (zip, "xl/styles.xml", error);
  if (error && *error)
    return NULL;
  if ((sheet_doc = read_part (zip, path, error)) == NULL)
    {
      if (error && *error == NULL)
        set_not_xlsx (error);
      return NULL;
    }
  strings = read_shared_strings (strings_doc);
  dates = read_date_styles (styles_doc);
  context = (Context) { strings, dates, date1904 };

  for (xmlNode *row = child (child (xmlDocGetRootElement (sheet_doc), "sheetData"), "row"); row; row = row->next)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      gboolean any = FALSE;
      int next_column = 0;

      if (!is_element (row, "row"))
        continue;
      for (xmlNode *c = row->children; c; c = c->next)
        {
          g_autofree char *reference = NULL;
          int column;

          if (!is_element (c, "c"))
            continue;
          reference = attribute (c, "r");
          column = reference ? column_of (reference) : next_column;
          if (column < next_column)
            column = next_column;
          next_column = column + 1;
          if (column >= CRM_CSV_MAX_COLUMNS || (width > 0 && (guint) column >= width))
            continue;
          while (cells->len < (guint) column)
            g_ptr_array_add (cells, g_strdup (""));
          g_ptr_array_add (cells, cell_text (&context, c));
          any = any || *(char *) cells->pdata[cells->len - 1] != '\0';
        }
      if (!any)
        continue;
      if (width == 0)
        {
          /* the header's last named column ends the table */
          while (cells->len > 0 && *(char *) cells->pdata[cells->len - 1] == '\0')
            g_ptr_array_remove_index (cells, cells->len - 1);
          width = cells->len;
        }
      while (cells->len < width)
        g_ptr_array_add (cells, g_strdup (""));
      g_ptr_array_add (cells, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (cells, NULL));
    }
  return g_steal_pointer (&rows);
}

/**
 * crm_xlsx_sheet_names:
 * @data: the workbook's bytes
 * @length: their number
 * @error: return location for a %CRM_ERROR_VALIDATION where the file is no
 *   workbook, %CRM_ERROR_TOO_LARGE as crm_xlsx_parse()
 *
 * The names of the workbook's sheets, for a person to choose one.
 *
 * Returns: (transfer full): the names, in the workbook's order
 */
GStrv
crm_xlsx_sheet_names (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(xmlDoc) workbook = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = gsf_input_memory_new ((const guint8 *) data, length, FALSE);
  zip = input ? gsf_infile_zip_new (input, NULL) : NULL;
  if (zip == NULL || (workbook = read_part (zip, "xl/workbook.xml", error)) == NULL)
    {
      if (error && *error == NULL)
        set_not_xlsx (error);
      return NULL;
    }
  for (xmlNode *s = child (child (xmlDocGetRootElement (workbook), "sheets"), "sheet"); s; s = s->next)
    {
      g_autofree char *name = is_element (s, "sheet") ? attribute (s, "name") : NULL;

      if (name != NULL)
        g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}
