/* rapportd-api-import-match.c: an imported row's references found, and the record it matches skipped or updated as on_duplicate says */
#include "rapportd-api-import.h"
#include "rapportd-import-run.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* the row's "id" member, taken out of it: 0 where it has none */
static gboolean
take_id (JsonObject  *object,
         gint64      *id,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, "id");
  const char *text = node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ?
                     json_node_get_string (node) : NULL;
  guint64 value = 0;

  *id = 0;
  if (node == NULL)
    return TRUE;
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "id", _("“%s” is not the id of a record"),
                                 text ? text : "");
      return FALSE;
    }
  json_object_remove_member (object, "id");
  *id = (gint64) value;
  return TRUE;
}

/* the matched record, with the row's cells, as a PATCH changes it */
static gboolean
update (RapportdRequest  *request,
        RapportdDb       *db,
        GType             type,
        JsonObject       *object,
        gint64            id,
        GError          **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (type);
  g_autoptr(CrmEntity) before = NULL;
  g_autoptr(CrmEntity) stored = NULL;

  if (!crm_json_to_entity (patch, object, CRM_VALIDATE_PATCH, error) ||
      (before = rapportd_repo_get (db, &request->actor, type, id, TRUE, error)) == NULL)
    return FALSE;
  /* the version it has now, read under lock in the import's transaction */
  crm_entity_set_version (patch, crm_entity_get_version (before));
  if ((stored = rapportd_repo_update (db, &request->actor, id, patch, error)) == NULL)
    return FALSE;
  /* the batch keeps what it was, for an undo */
  rapportd_import_run_updated (request, before, stored);
  return TRUE;
}

/**
 * rapportd_api_import_match:
 * @request: the import
 * @db: its transaction
 * @type: the kind of record
 * @duplicates: the import's duplicate checks and policy
 * @references: the import's references
 * @object: the row's record as a client would send it, with the "id" the
 *   row carries; its references become ids, and the id is taken out
 * @row: the row's number, the header's being 0
 * @matched: (out): the row matched a record, and was skipped or updated it
 * @error: return location for the reason the row is refused, prefixed with
 *   its number
 *
 * Returns: whether the row may go on: matched, or to be created
 */
gboolean
rapportd_api_import_match (RapportdRequest           *request,
                           RapportdDb                *db,
                           GType                      type,
                           RapportdImportDuplicates  *duplicates,
                           RapportdImportReferences  *references,
                           JsonObject                *object,
                           guint                      row,
                           gboolean                  *matched,
                           GError                   **error)
{
  RapportdImportPolicy policy = rapportd_import_duplicates_get_policy (duplicates);
  CrmEntityClass *klass = g_type_class_peek (type);
  gint64 id = 0;
  gint64 found = 0;

  *matched = FALSE;
  if (!take_id (object, &id, error) ||
      !rapportd_import_references_resolve (references, db, &request->actor, klass, object, error) ||
      (policy != RAPPORTD_IMPORT_CREATE &&
       !rapportd_import_duplicates_match (duplicates, request, db, klass, object, id, &found, error)) ||
      (found > 0 && policy == RAPPORTD_IMPORT_UPDATE && !update (request, db, type, object, found, error)))
    {
      g_prefix_error (error, _("Row %u: "), row);
      return FALSE;
    }
  if (found > 0)
    {
      rapportd_import_duplicates_matched (duplicates, row, found);
      if (policy == RAPPORTD_IMPORT_SKIP)
        rapportd_import_run_skipped (request);
      *matched = TRUE;
    }
  return TRUE;
}

/**
 * rapportd_api_import_add_id:
 * @object: the row's record as a client would send it
 * @cell: the row's cell of the "id" column
 *
 * Keeps the id a row carries, which finds the record it stands for
 * (rapportd_api_import_match()); an empty cell carries none.
 */
void
rapportd_api_import_add_id (JsonObject *object,
                            const char *cell)
{
  g_autofree char *id = g_strstrip (g_strdup (cell));

  g_return_if_fail (object != NULL && cell != NULL);

  if (*id != '\0')
    json_object_set_string_member (object, "id", id);
}
