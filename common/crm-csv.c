/* crm-csv.c: RFC 4180 CSV, read into rows of cells */
#include "crm-csv.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* a cell exported with a leading ' to defuse = + - @ is read back as it was */
static char *
undefuse (GString *cell)
{
  if (cell->len >= 2 && cell->str[0] == '\'' && strchr ("=+-@", cell->str[1]) != NULL)
    g_string_erase (cell, 0, 1);
  return g_strndup (cell->str, cell->len);
}

/* the most lines of notes above a header */
#define MAX_NOTE_LINES 8

/* the rows so far are notes above the header that @cells starts */
static gboolean
rows_are_notes (GPtrArray *rows,
                GPtrArray *cells)
{
  if (rows->len > MAX_NOTE_LINES || cells->len < 2)
    return FALSE;
  for (guint r = 0; r < rows->len; r++)
    if (g_strv_length (rows->pdata[r]) != 1)
      return FALSE;
  return TRUE;
}

/* Excel's first line "sep=;", naming the separator */
static gboolean
excel_separator_line (const char *p,
                      const char *end,
                      char       *separator)
{
  if (end - p < 6 || g_ascii_strncasecmp (p, "sep=", 4) != 0 || strchr (",;\t", p[4]) == NULL)
    return FALSE;
  if (p[5] != '\n' && !(p[5] == '\r' && end - p >= 7 && p[6] == '\n'))
    return FALSE;
  *separator = p[4];
  return TRUE;
}

/**
 * crm_csv_parse:
 * @data: the CSV text, UTF-8, with or without a byte order mark
 * @length: its length in bytes
 * @error: return location for a %CRM_ERROR_VALIDATION naming the line
 *
 * Reads comma-separated rows: cells in double quotes may hold commas,
 * line breaks and doubled quotes; lines end in CRLF or LF; blank lines are
 * skipped. Every row must have as many cells as the first, except notes
 * above the header: a few lines of one cell each (a title, LinkedIn's
 * "Notes:") followed by a row of several cells are no rows, that row is the
 * header.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header first
 */
GPtrArray *
crm_csv_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  return crm_csv_parse_separated (data, length, ',', error);
}

/**
 * crm_csv_parse_separated:
 * @data: the text, UTF-8, with or without a byte order mark
 * @length: its length in bytes
 * @separator: the cells' separator: ',', ';' or '\t'
 * @error: return location for a %CRM_ERROR_VALIDATION naming the line
 *
 * Reads rows as crm_csv_parse() does, their cells separated by @separator.
 * Excel's ways are read too: a first line `sep=;` names the separator (and
 * is no row), and a cell written as the formula `="007"` (so that Excel keeps
 * its leading zeros) is read as its text.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header first
 */
GPtrArray *
crm_csv_parse_separated (const char  *data,
                         gsize        length,
                         char         separator,
                         GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *end = data + length;
  const char *p = data;
  gboolean quoted = FALSE;
  gboolean was_quoted = FALSE;
  guint line = 1;
  guint row_line = 1;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file is not UTF-8 text"));
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  if (excel_separator_line (p, end, &separator))
    {
      p += 5;
      p += *p == '\r' ? 2 : 1;
      row_line = line = 2;
    }

  for (; p <= end; p++)
    {
      char c = p < end ? *p : '\n';

      if (quoted)
        {
          if (p == end)
            {
              g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                           _("Line %u: a quoted cell is never closed"), row_line);
              return NULL;
            }
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (cell, c);
            }
          continue;
        }
      if (c == '=' && cell->len == 0 && !was_quoted && p + 1 < end && p[1] == '"')
        /* Excel's ="text" */
        continue;
      if (c == '"' && cell->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          continue;
        }
      if (c == separator || c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] != '\n')
            {
              g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                           _("Line %u: a carriage return outside quotes"), line);
              return NULL;
            }
          if (c == '\r')
            continue;
          if (c == '\n' && cells->len == 0 && cell->len == 0 && !was_quoted)
            {
              /* a blank line */
              row_line = ++line;
              continue;
            }
          if (cells->len >= CRM_CSV_MAX_COLUMNS)
            {
              g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                           _("Line %u: more than %u cells"), row_line, CRM_CSV_MAX_COLUMNS);
              return NULL;
            }
          g_ptr_array_add (cells, undefuse (cell));
          g_string_truncate (cell, 0);
          was_quoted = FALSE;
          if (c == '\n')
            {
              if (rows->len > 0 && cells->len != g_strv_length (rows->pdata[0]) && rows_are_notes (rows, cells))
                g_ptr_array_set_size (rows, 0);
              if (rows->len > 0 && cells->len != g_strv_length (rows->pdata[0]))
                {
                  g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                               _("Line %u has %u cells where the first has %u"),
                               row_line, cells->len, g_strv_length (rows->pdata[0]));
                  return NULL;
                }
              g_ptr_array_add (cells, NULL);
              /* stealing leaves the array empty, for the next row */
              g_ptr_array_add (rows, g_ptr_array_steal (cells, NULL));
              row_line = ++line;
            }
          continue;
        }
      if (was_quoted)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION,
                       _("Line %u: text after a closing quote"), row_line);
          return NULL;
        }
      g_string_append_c (cell, c);
    }
  return g_steal_pointer (&rows);
}

/* the separator's count on each of the first lines, outside quotes */
#define SNIFF_LINES 16

/**
 * crm_csv_sniff_separator:
 * @data: the text, UTF-8
 * @length: its length in bytes
 *
 * Guesses which of comma, semicolon and tab separates the cells: the one
 * that Excel's `sep=` line names, else the one found the same number of
 * times (outside quotes) on each of the first lines, the most often (in a
 * tie: tab, then semicolon, which cells hold less often than commas), else
 * the most frequent on the first line, else the comma.
 *
 * Returns: ',', ';' or '\t'
 */
char
crm_csv_sniff_separator (const char *data,
                         gsize       length)
{
  static const char candidates[] = { '\t', ';', ',' };
  guint counts[G_N_ELEMENTS (candidates)][SNIFF_LINES] = { { 0 } };
  const char *end = data + length;
  const char *p = data;
  gboolean quoted = FALSE;
  guint n_lines = 0;
  char best = ',';
  guint best_count = 0;
  char separator;

  g_return_val_if_fail (data != NULL || length == 0, ',');

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  if (excel_separator_line (p, end, &separator))
    return separator;
  for (; p < end && n_lines < SNIFF_LINES; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '\n')
        n_lines++;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (*p == candidates[c])
            counts[c][n_lines]++;
    }
  if (p == end && n_lines < SNIFF_LINES && p > data && p[-1] != '\n')
    n_lines++;

  /* consistent over the lines read */
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      gboolean same = counts[c][0] > 0;

      for (guint l = 1; same && l < n_lines; l++)
        same = counts[c][l] == counts[c][0];
      if (same && counts[c][0] > best_count)
        {
          best = candidates[c];
          best_count = counts[c][0];
        }
    }
  if (best_count > 0)
    return best;
  /* else the header's */
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    if (counts[c][0] > best_count)
      {
        best = candidates[c];
        best_count = counts[c][0];
      }
  return best;
}
