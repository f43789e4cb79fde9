/* rapportd-export-xlsx.c: a list of records as an Excel workbook (libxlsxwriter)
 *
 * One sheet named after the collection; a header row of the columns' names
 * (the fields' JSON keys, what the import matches first, so the workbook
 * re-imports as it is, or portable references' names); then a
 * row a record: numbers and ids as numbers, money as a number with its
 * decimals where a double holds it exactly (up to 15 digits, else as text),
 * dates as dates, times as dates and times in UTC, true and false as
 * booleans, the rest as text. libxlsxwriter writes a file: the workbook is
 * written to a temporary one, read back and removed. */
#include "rapportd-export-writers.h"
#include "crm-error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* the rows of a sheet, the header's included */
#define XLSX_MAX_ROWS 1048576
/* the largest integer a double holds exactly */
#define EXACT_INT ((gint64) 1 << 53)
/* the most digits of an amount that a double gives back exactly */
#define EXACT_MONEY G_GINT64_CONSTANT (1000000000000000)

typedef struct
{
  lxw_format *date;
  lxw_format *timestamp;
  lxw_format *money[5];
} Formats;

static gint64
power_of_ten (guint n)
{
  gint64 p = 1;

  while (n--)
    p *= 10;
  return p;
}

static lxw_error
write_cell (lxw_worksheet              *sheet,
            Formats                    *formats,
            lxw_row_t                   row,
            lxw_col_t                   col,
            const RapportdExportColumn *column,
            CrmEntity                  *entity)
{
  const CrmFieldSpec *spec = &CRM_ENTITY_GET_CLASS (entity)->fields[column->field];
  const CrmValue *value = crm_entity_value (entity, column->field);
  g_autofree char *text = NULL;

  if (!value->set || value->is_null)
    return LXW_NO_ERROR;
  /* a portable reference is the text it imports by */
  switch (column->portable ? CRM_FIELD_TEXT : spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      if (value->i > -EXACT_INT && value->i < EXACT_INT)
        return worksheet_write_number (sheet, row, col, (double) value->i, NULL);
      break;
    case CRM_FIELD_BOOL:
      return worksheet_write_boolean (sheet, row, col, value->i != 0, NULL);
    case CRM_FIELD_MONEY:
      if (value->i > -EXACT_MONEY && value->i < EXACT_MONEY && spec->scale < G_N_ELEMENTS (formats->money))
        return worksheet_write_number (sheet, row, col, (double) value->i / (double) power_of_ten (spec->scale),
                                       formats->money[spec->scale]);
      break;
    case CRM_FIELD_DATE:
      {
        unsigned year, month, day;

        if (value->s && sscanf (value->s, "%4u-%2u-%2u", &year, &month, &day) == 3)
          {
            lxw_datetime date = { .year = year, .month = month, .day = day };

            return worksheet_write_datetime (sheet, row, col, &date, formats->date);
          }
      }
      break;
    case CRM_FIELD_TIMESTAMP:
      {
        g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (value->i / G_USEC_PER_SEC);

        if (time != NULL)
          {
            lxw_datetime when = {
              .year = g_date_time_get_year (time), .month = g_date_time_get_month (time),
              .day = g_date_time_get_day_of_month (time), .hour = g_date_time_get_hour (time),
              .min = g_date_time_get_minute (time), .sec = g_date_time_get_second (time),
            };

            return worksheet_write_datetime (sheet, row, col, &when, formats->timestamp);
          }
      }
      break;
    default:
      break;
    }
  text = rapportd_export_column_text (column, entity);
  if (*text == '\0')
    return LXW_NO_ERROR;
  return worksheet_write_string (sheet, row, col, text, NULL);
}

static gboolean
write_workbook (const char     *path,
                CrmEntityClass *klass,
                GArray         *columns,
                GPtrArray      *rows,
                GError        **error)
{
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet;
  Formats formats;
  lxw_error status = LXW_NO_ERROR;

  if (workbook == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, _("The workbook could not be made"));
      return FALSE;
    }
  sheet = workbook_add_worksheet (workbook, klass->collection);
  formats.date = workbook_add_format (workbook);
  format_set_num_format (formats.date, "yyyy-mm-dd");
  formats.timestamp = workbook_add_format (workbook);
  format_set_num_format (formats.timestamp, "yyyy-mm-dd hh:mm:ss");
  for (guint scale = 0; scale < G_N_ELEMENTS (formats.money); scale++)
    {
      g_autofree char *zeros = g_strnfill (scale, '0');
      g_autofree char *pattern = scale ? g_strconcat ("0.", zeros, NULL) : g_strdup ("0");

      formats.money[scale] = workbook_add_format (workbook);
      format_set_num_format (formats.money[scale], pattern);
    }

  for (guint c = 0; c < columns->len && status == LXW_NO_ERROR; c++)
    status = worksheet_write_string (sheet, 0, c, g_array_index (columns, RapportdExportColumn, c).header, NULL);

  for (guint r = 0; r < rows->len && status == LXW_NO_ERROR; r++)
    for (guint c = 0; c < columns->len && status == LXW_NO_ERROR; c++)
      {
        const RapportdExportColumn *column = &g_array_index (columns, RapportdExportColumn, c);

        status = write_cell (sheet, &formats, r + 1, c, column, rows->pdata[r]);
      }

  if (status != LXW_NO_ERROR)
    {
      workbook_close (workbook);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, _("The workbook could not be written: %s"),
                   lxw_strerror (status));
      return FALSE;
    }
  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, _("The workbook could not be written: %s"),
                   lxw_strerror (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_export_xlsx:
 * @klass: the kind of the records
 * @columns: (element-type RapportdExportColumn): the columns, in their order
 * @rows: (element-type CrmEntity): the records, in the order to write
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the workbook's bytes, or %NULL
 */
GBytes *
rapportd_export_xlsx (CrmEntityClass *klass,
                      GArray         *columns,
                      GPtrArray      *rows,
                      GError        **error)
{
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (klass != NULL, NULL);
  g_return_val_if_fail (columns != NULL, NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  if (rows->len >= XLSX_MAX_ROWS)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_LARGE,
                   _("A workbook holds at most %d rows; narrow the list or export CSV"), XLSX_MAX_ROWS - 1);
      return NULL;
    }
  fd = g_file_open_tmp ("rapportd-export-XXXXXX.xlsx", &path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  ok = write_workbook (path, klass, columns, rows, error) &&
       g_file_get_contents (path, &contents, &length, error);
  g_unlink (path);
  if (!ok)
    return NULL;
  return g_bytes_new_take (contents, length);
}
