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

/**
 * crm_csv_parse:
 * @data: the CSV text, UTF-8, with or without a byte order mark
 * @length: its length in bytes
 * @error: return location for a %CRM_ERROR_VALIDATION naming the line
 *
 * Reads comma-separated rows: cells in double quotes may hold commas,
 * line breaks and doubled quotes; lines end in CRLF or LF; blank lines are
 * skipped. Every row must have as many cells as the first.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header first
 */
GPtrArray *
crm_csv_parse (const char  *data,
               gsize        length,
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
      if (c == '"' && cell->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          continue;
        }
      if (c == ',' || c == '\n' || c == '\r')
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
