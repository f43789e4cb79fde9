/* rapportd-api-import.c: POST /api/v1/{collection}/import.csv, all rows or the good ones, each audited */
#include "rapportd-api-import.h"
#include "rapportd-api-import-rejected.h"
#include "rapportd-import-options.h"
#include "rapportd-import-queue.h"
#include "rapportd-import-run.h"
#include "rapportd-repo.h"
#include "rapportd-assign.h"
#include "crm-csv.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-import-value.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/**
 * rapportd_api_import_add_member:
 * @object: the row's record as a client would send it
 * @spec: the field of a cell
 * @cell: the cell, not empty
 * @error: return location for a %CRM_ERROR_VALIDATION naming the field
 *
 * Sets the cell as the JSON member a client would send for the field.
 *
 * Returns: whether the cell is a value of the field's type
 */
gboolean
rapportd_api_import_add_member (JsonObject          *object,
                                const CrmFieldSpec  *spec,
                                const char          *cell,
                                GError             **error)
{
  const char *key = crm_field_spec_get_json_key (spec);
  g_autofree char *converted = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *lower = NULL;
  char *end = NULL;
  gint64 number;

  /* dates, money, choices and phones as files write them (crm-import-value.h) */
  if (!crm_import_value_convert (spec, cell, &converted, &explanation, error))
    return FALSE;
  /* an empty date is left unset */
  if (*converted == '\0')
    return TRUE;
  cell = converted;
  lower = g_ascii_strdown (cell, -1);
  switch (spec->type)
    {
    case CRM_FIELD_REFERENCE:
      /* an id, or the code, name or login the record is known by:
       * found before the row is checked (rapportd_api_import_match()) */
      number = g_ascii_strtoll (cell, &end, 10);
      if (end != cell && *end == '\0')
        json_object_set_int_member (object, key, number);
      else
        json_object_set_string_member (object, key, cell);
      return TRUE;
    case CRM_FIELD_INT:
      number = g_ascii_strtoll (cell, &end, 10);
      if (end == cell || *end != '\0')
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("“%s” is not a whole number"), cell);
          return FALSE;
        }
      json_object_set_int_member (object, key, number);
      return TRUE;
    case CRM_FIELD_BOOL:
      if (g_strv_contains ((const char * const[]) { "true", "yes", "1", NULL }, lower))
        json_object_set_boolean_member (object, key, TRUE);
      else if (g_strv_contains ((const char * const[]) { "false", "no", "0", NULL }, lower))
        json_object_set_boolean_member (object, key, FALSE);
      else
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, key, _("“%s” is not true or false"), cell);
          return FALSE;
        }
      return TRUE;
    case CRM_FIELD_TAGS:
      {
        g_auto(GStrv) tags = g_strsplit_set (cell, ";,", -1);
        JsonArray *array = json_array_new ();

        for (guint i = 0; tags[i]; i++)
          if (*g_strstrip (tags[i]))
            json_array_add_string_element (array, tags[i]);
        json_object_set_array_member (object, key, array);
        return TRUE;
      }
    default:
      json_object_set_string_member (object, key, cell);
      return TRUE;
    }
}

static gboolean
create_or_match (RapportdRequest           *request,
                 RapportdDb                *db,
                 GType                      type,
                 RapportdImportDuplicates  *duplicates,
                 RapportdImportReferences  *references,
                 JsonObject                *object,
                 guint                      row,
                 gboolean                  *refused,
                 GError                   **error);

/**
 * rapportd_api_import_create:
 * @request: the import
 * @db: its transaction
 * @type: the kind of record
 * @duplicates: the import's duplicate checks and what a row that matches a
 *   record does (on_duplicate)
 * @references: the import's references by code, name or login
 * @object: the row's record as a client would send it, with the "id" the
 *   row carries
 * @row: the row's number, the header's being 0
 * @refused: (out): set where duplicates=block refuses the row: the answer is
 *   set, and the import ends without an error
 * @error: return location for the reason the row is not created, prefixed
 *   with its number
 *
 * Creates one row's record as a create is checked and written: validated,
 * checked for duplicates against the database and the file's earlier rows,
 * given an owner by the assignment rules where it names none; or, where
 * the row matches a record and on_duplicate says so, skips it or updates it.
 * The accounts create_missing=accounts made for it go in the import's batch
 * with it; a row refused takes them back.
 *
 * Returns: whether the record is created, or the row skipped or updated
 */
gboolean
rapportd_api_import_create (RapportdRequest           *request,
                            RapportdDb                *db,
                            GType                      type,
                            RapportdImportDuplicates  *duplicates,
                            RapportdImportReferences  *references,
                            JsonObject                *object,
                            guint                      row,
                            gboolean                  *refused,
                            GError                   **error)
{
  g_autoptr(GPtrArray) made = NULL;

  if (!create_or_match (request, db, type, duplicates, references, object, row, refused, error))
    {
      /* a row refused takes back with it the accounts it made (mode=good_rows) */
      rapportd_import_references_drop_row (references);
      return FALSE;
    }
  /* the accounts made for a row kept are the batch's too: an undo archives them */
  made = rapportd_import_references_keep_row (references);
  for (guint i = 0; i < made->len; i++)
    rapportd_import_run_created (request, made->pdata[i]);
  return TRUE;
}

static gboolean
create_or_match (RapportdRequest           *request,
                 RapportdDb                *db,
                 GType                      type,
                 RapportdImportDuplicates  *duplicates,
                 RapportdImportReferences  *references,
                 JsonObject                *object,
                 guint                      row,
                 gboolean                  *refused,
                 GError                   **error)
{
  g_autoptr(CrmEntity) entity = crm_entity_new (type);
  g_autoptr(CrmEntity) stored = NULL;
  gboolean matched = FALSE;
  gboolean assign;

  *refused = FALSE;
  if (!rapportd_api_import_match (request, db, type, duplicates, references, object, row, &matched, error))
    return FALSE;
  if (matched)
    return TRUE;
  if (!crm_json_to_entity (entity, object, CRM_VALIDATE_CREATE, error))
    {
      g_prefix_error (error, _("Row %u: "), row);
      return FALSE;
    }
  /* against the database and the rows before it; with duplicates=block a likely one stops the import */
  if (!rapportd_import_duplicates_check (duplicates, request, db, entity, row, refused, error) || *refused)
    return FALSE;
  /* a row without an owner goes by the assignment rules, or stays the importer's */
  assign = rapportd_assign_is_requested (entity, TRUE);
  if ((stored = rapportd_repo_create (db, &request->actor, entity, error)) == NULL ||
      (assign && !rapportd_api_assign_stored (db, &request->actor, &stored, error)))
    {
      g_prefix_error (error, _("Row %u: "), row);
      return FALSE;
    }
  rapportd_import_duplicates_created (duplicates, stored, row);
  rapportd_import_run_created (request, stored);
  return TRUE;
}

typedef struct
{
  CrmEntityClass *klass;
  const int      *columns;
  guint           n_columns;
} CellsOf;

/* the cell of the column that holds @field */
static char *
cell_of_field (gpointer            data,
               const char *const  *cells,
               const char         *field)
{
  CellsOf *of = data;

  for (guint c = 0; c < of->n_columns; c++)
    if (g_strcmp0 (crm_field_spec_get_json_key (&of->klass->fields[of->columns[c]]), field) == 0)
      return g_strdup (cells[c]);
  return NULL;
}

/* POST /{collection}/import.csv[?dry_run=true][&mode=all|good_rows]
 * [&on_duplicate=create|skip|update][&create_missing=accounts]: the
 * header names the fields by their JSON keys, "id" the record a row
 * matches; empty cells are left unset;
 * with mode=all the first bad row stops the import and nothing is kept, with
 * mode=good_rows bad rows are skipped and listed, the others kept */
RAPPORTD_HANDLER (rapportd_api_records_import)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  CrmEntityClass *klass;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree int *columns = NULL;
  g_autoptr(RapportdImportDuplicates) duplicates = NULL;
  g_autoptr(CrmImportConversions) conversions = crm_import_conversions_new ();
  g_autoptr(RapportdImportRejected) rejected = NULL;
  g_autoptr(RapportdImportReferences) references = NULL;
  g_auto(RapportdImportOptions) options = { 0 };
  g_autoptr(RapportdImportQueue) queue = NULL;
  CellsOf cells_of = { 0 };
  GString *answer;
  gboolean dry_run = g_strcmp0 (rapportd_request_query (request, "dry_run"), "true") == 0;
  char **header;
  guint n_columns;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  klass = g_type_class_peek (type);
  if (!rapportd_import_options_parse (&options, request, db, klass, error))
    return FALSE;
  /* the header names the fields; POST /{collection}/import matches others */
  if (options.mapping != NULL || options.preset_named)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST,
                                 options.preset_named ? "preset" : options.saved ? "mapping_id" : "mapping",
                                 _("import.csv names fields by their keys; send other columns to /import"));
      return FALSE;
    }
  if (request->content_type != NULL && !g_str_equal (request->content_type, "text/csv"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_UNSUPPORTED_MEDIA_TYPE, _("Send the file as text/csv"));
      return FALSE;
    }
  if (request->body == NULL ||
      (rows = crm_csv_parse (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body), error)) == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, _("The request has no CSV body"));
      return FALSE;
    }
  if (rows->len == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file has no header row"));
      return FALSE;
    }
  header = rows->pdata[0];
  n_columns = g_strv_length (header);
  columns = g_new (int, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      columns[c] = crm_entity_class_find_json_key (klass, g_strstrip (header[c]));
      if (columns[c] < 0 || (klass->fields[columns[c]].flags & CRM_FIELD_HIDDEN))
        {
          g_autofree char *noun = crm_entity_class_dup_noun (klass);

          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, header[c],
                                     _("Column %u: “%s” is not a field of this kind of record (%s)"), c + 1, header[c], noun);
          return FALSE;
        }
    }

  if ((rejected = rapportd_import_rejected_new (request, (const char *const *) header, error)) == NULL)
    return FALSE;

  if (!rapportd_import_run_begin (request, settings, "csv", dry_run, rows->len - 1, error))
    return FALSE;
  duplicates = rapportd_import_duplicates_new (klass);
  rapportd_import_duplicates_set_policy (duplicates, options.on_duplicate);
  references = rapportd_import_references_new (options.create_missing_accounts);
  cells_of.klass = klass;
  cells_of.columns = columns;
  cells_of.n_columns = n_columns;
  queue = rapportd_import_queue_new (request, db, type, duplicates, references, rejected, cell_of_field, &cells_of);
  for (guint r = 1; r < rows->len; r++)
    {
      const char *const *cells = (const char *const *) rows->pdata[r];
      g_autoptr(JsonObject) object = json_object_new ();
      GError *row_error = NULL;
      gboolean refused = FALSE;
      int bad = -1;

      rapportd_import_run_row (request, r - 1);
      for (guint c = 0; c < n_columns && bad < 0; c++)
        {
          const CrmFieldSpec *spec = &klass->fields[columns[c]];

          /* the id finds the record a row matches */
          if (columns[c] == CRM_ENTITY_FIELD_ID)
            rapportd_api_import_add_id (object, cells[c]);
          /* what the server sets (id, version, totals…) is not imported */
          if (cells[c][0] == '\0' || (spec->flags & CRM_FIELD_READONLY))
            continue;
          /* each conversion explained in the answer */
          crm_import_conversions_note (conversions, r, spec, cells[c]);
          if (!rapportd_api_import_add_member (object, spec, cells[c], &row_error))
            {
              g_prefix_error (&row_error, _("Row %u: "), r);
              bad = (int) c;
            }
        }
      if (!rapportd_import_queue_add (queue, r, cells, object, row_error, bad >= 0 ? cells[bad] : NULL,
                                      &refused, error))
        return FALSE;
      if (refused)
        return TRUE;
    }
  {
    gboolean refused = FALSE;

    if (!rapportd_import_queue_finish (queue, &refused, error))
      return FALSE;
    if (refused)
      return TRUE;
  }
  if (!rapportd_import_run_finish (request, db, rapportd_import_rejected_get_n_rows (rejected), error))
    return FALSE;
  /* a dry run is checked against the database, constraints included, and rolled back */
  request->rollback = dry_run;
  answer = g_string_new (NULL);
  g_string_printf (answer, "{\"%s\":%u", dry_run ? "valid" : "created",
                   rows->len - 1 - rapportd_import_rejected_get_n_rows (rejected) -
                   rapportd_import_duplicates_get_n_matched (duplicates));
  rapportd_import_duplicates_append (duplicates, answer);
  rapportd_import_references_append (references, answer);
  crm_import_conversions_append (conversions, answer);
  rapportd_import_rejected_append (rejected, answer);
  rapportd_import_run_append (request, answer);
  g_string_append_c (answer, '}');
  rapportd_request_take_body (request, dry_run ? 200 : 201, g_string_free (answer, FALSE));
  return TRUE;
}
