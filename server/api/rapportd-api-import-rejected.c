/* rapportd-api-import-rejected.c: an import's error mode, mode=all (one bad row
 * and nothing is kept) or mode=good_rows (each row in its own savepoint, a bad
 * one skipped and listed, the others kept), and the rejected rows as a CSV */
#include "rapportd-api-import-rejected.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _RapportdImportRejected
{
  gboolean     good_rows;
  /* the file's header, its columns as they came in */
  char       **header;
  guint        n_columns;
  guint        n_rows;
  /* the "rejected" array's members and the CSV, as they grow */
  GString     *list;
  GString     *csv;
};

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *json = json_to_string (node, FALSE);

  g_string_append (out, json);
}

/* RFC 4180 quoting; a leading = + - @ is defused so spreadsheets do not run
 * it, as the export does; the import reads such a cell back as it was */
static void
append_csv_cell (GString    *out,
                 const char *text)
{
  if (text == NULL)
    text = "";
  g_string_append_c (out, '"');
  if (text[0] != '\0' && strchr ("=+-@", text[0]) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* the row's cells as they came in, then the reason */
static void
append_csv_row (GString           *out,
                const char *const *cells,
                guint              n_columns,
                const char        *last)
{
  gboolean ended = FALSE;

  for (guint c = 0; c < n_columns; c++)
    {
      /* a row shorter than the header (a sheet's) has empty cells after its end */
      if (!ended && cells[c] == NULL)
        ended = TRUE;
      append_csv_cell (out, ended ? "" : cells[c]);
      g_string_append_c (out, ',');
    }
  append_csv_cell (out, last);
  g_string_append (out, "\r\n");
}

/* what a row can be rejected for; anything else (the database gone, a
 * deadlock, the disk full) ends the import with nothing kept */
static gboolean
is_row_error (const GError *error)
{
  if (error == NULL || error->domain != CRM_ERROR)
    return FALSE;
  switch (error->code)
    {
    case CRM_ERROR_BAD_REQUEST:
    case CRM_ERROR_VALIDATION:
    case CRM_ERROR_DUPLICATE:
    case CRM_ERROR_OUT_OF_RANGE:
    case CRM_ERROR_NOT_FOUND:
    case CRM_ERROR_FORBIDDEN:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * rapportd_import_rejected_new:
 * @request: the import, whose `mode` query parameter is `all` (the default)
 *   or `good_rows`
 * @header: the file's header row
 * @error: return location for a %CRM_ERROR_BAD_REQUEST naming `mode`
 *
 * Returns: (transfer full) (nullable): the import's error mode and rejected
 *   rows, or %NULL where `mode` is neither
 */
RapportdImportRejected *
rapportd_import_rejected_new (RapportdRequest    *request,
                              const char *const  *header,
                              GError            **error)
{
  const char *mode = rapportd_request_query (request, "mode");
  RapportdImportRejected *self;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  if (mode != NULL && !g_str_equal (mode, "all") && !g_str_equal (mode, "good_rows"))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "mode", _("mode is all or good_rows"));
      return NULL;
    }
  self = g_new0 (RapportdImportRejected, 1);
  self->good_rows = g_strcmp0 (mode, "good_rows") == 0;
  self->header = g_strdupv ((char **) header);
  self->n_columns = g_strv_length (self->header);
  self->list = g_string_new (NULL);
  self->csv = g_string_new (NULL);
  append_csv_row (self->csv, header, self->n_columns, "reason");
  return self;
}

void
rapportd_import_rejected_free (RapportdImportRejected *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->header);
  g_string_free (self->list, TRUE);
  g_string_free (self->csv, TRUE);
  g_free (self);
}

/**
 * rapportd_import_rejected_is_good_rows:
 * @self: an import's error mode
 *
 * Returns: whether bad rows are skipped and listed rather than ending the import
 */
gboolean
rapportd_import_rejected_is_good_rows (RapportdImportRejected *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->good_rows;
}

/**
 * rapportd_import_rejected_get_n_rows:
 * @self: an import's error mode
 *
 * Returns: how many rows were rejected
 */
guint
rapportd_import_rejected_get_n_rows (RapportdImportRejected *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

/**
 * rapportd_import_rejected_begin_row:
 * @self: an import's error mode
 * @db: the request's transaction
 * @error: return location for a #GError
 *
 * In good_rows mode, sets the savepoint a rejected row's writes are rolled
 * back to (each row's replaces the one before); in mode=all, nothing.
 *
 * Returns: whether the row can be imported
 */
gboolean
rapportd_import_rejected_begin_row (RapportdImportRejected  *self,
                                    RapportdDb              *db,
                                    GError                 **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return !self->good_rows || rapportd_db_exec (db, "SAVEPOINT import_row", error);
}

/**
 * rapportd_import_rejected_keep:
 * @self: an import's error mode
 * @db: the request's transaction
 * @row: the row's number, the header's being 0
 * @cells: the row's cells as they came in
 * @value: (nullable): the cell of the field the error names
 * @error: (inout): why the row is not created, prefixed with its number
 *
 * In good_rows mode, a row refused for what it holds (a value, a missing
 * field, a duplicate, a reference) is rolled back to its savepoint, listed
 * with its number, field, value and the reason, and @error is cleared.
 * Otherwise, or where the transaction itself failed, @error is left for the
 * import to end with.
 *
 * Returns: whether the row was rejected and the import goes on
 */
gboolean
rapportd_import_rejected_keep (RapportdImportRejected  *self,
                               RapportdDb              *db,
                               guint                    row,
                               const char *const       *cells,
                               const char              *value,
                               GError                 **error)
{
  g_autofree char *prefix = NULL;
  const char *field;
  const char *reason;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error != NULL && *error != NULL, FALSE);

  if (!self->good_rows || !is_row_error (*error) || rapportd_db_is_broken (db) ||
      !rapportd_db_exec (db, "ROLLBACK TO SAVEPOINT import_row", NULL))
    return FALSE;

  /* the reason without the row's number, which has a member of its own */
  prefix = g_strdup_printf (_("Row %u: "), row);
  reason = (*error)->message;
  if (g_str_has_prefix (reason, prefix))
    reason += strlen (prefix);
  field = crm_error_get_field (*error);

  g_string_append_printf (self->list, "%s{\"row\":%u,\"field\":", self->n_rows > 0 ? "," : "", row);
  if (field != NULL)
    append_json_string (self->list, field);
  else
    g_string_append (self->list, "null");
  g_string_append (self->list, ",\"value\":");
  append_json_string (self->list, value != NULL ? value : "");
  g_string_append (self->list, ",\"reason\":");
  append_json_string (self->list, reason);
  g_string_append_c (self->list, '}');
  append_csv_row (self->csv, cells, self->n_columns, reason);
  self->n_rows++;
  g_clear_error (error);
  return TRUE;
}

/**
 * rapportd_import_rejected_append:
 * @self: an import's error mode
 * @answer: the import's answer, an object being written
 *
 * In good_rows mode, appends the members "rejected", one
 * {"row","field","value","reason"} a rejected row, and "rejected_csv": the
 * header and the rejected rows as they came in with a last column "reason".
 */
void
rapportd_import_rejected_append (RapportdImportRejected *self,
                                 GString                *answer)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (answer != NULL);

  if (!self->good_rows)
    return;
  g_string_append_printf (answer, ",\"rejected\":[%s],\"rejected_csv\":", self->list->str);
  append_json_string (answer, self->csv->str);
}
