/* rapportd-api-imports.c: GET /api/v1/imports[/:id], POST /imports/:id/undo: the imports kept as batches, and undoing one */
#include "rapportd-api.h"
#include "rapportd-import-batch.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* GET /imports[?collection=C]: the caller's imports, or everyone's for an administrator */
RAPPORTD_HANDLER (rapportd_api_imports_list)
{
  const char *collection = rapportd_request_query (request, "collection");
  JsonNode *answer;

  if (collection != NULL && crm_entities_lookup_collection (collection) == G_TYPE_INVALID)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "collection", _("No such collection: %s"), collection);
      return FALSE;
    }
  if ((answer = rapportd_import_batches_list (db, &request->actor, collection, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  json_node_unref (answer);
  return TRUE;
}

/* GET /imports/:id: its creator's or an administrator's */
RAPPORTD_HANDLER (rapportd_api_imports_get)
{
  JsonNode *answer;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (answer = rapportd_import_batch_get (db, &request->actor, id, FALSE, error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, answer);
  json_node_unref (answer);
  return TRUE;
}

/* the conflict's envelope, with the records changed since the import */
static void
answer_changed (RapportdRequest *request,
                const GError    *error,
                GPtrArray       *changed)
{
  g_autofree char *envelope = crm_json_error_envelope (error);
  GString *answer = g_string_new_len (envelope, strlen (envelope) - 1);

  g_string_append (answer, ",\"changed\":[");
  for (guint i = 0; i < changed->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), changed->pdata[i]);
      g_autofree char *item = json_to_string (node, FALSE);

      g_string_append_printf (answer, "%s%s", i ? "," : "", item);
    }
  g_string_append (answer, "]}");
  /* nothing was written; the answer stands */
  request->rollback = TRUE;
  rapportd_request_take_body (request, crm_error_code_to_http_status (error->code), g_string_free (answer, FALSE));
}

/* POST /imports/:id/undo: what it created archived, what it updated put
 * back, all while none changed since, else 409 with "changed" */
RAPPORTD_HANDLER (rapportd_api_imports_undo)
{
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) local_error = NULL;
  guint undone = 0;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;
  if (!rapportd_import_batch_undo (db, &request->actor, id, &undone, &changed, &local_error))
    {
      if (changed == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      answer_changed (request, local_error, changed);
      return TRUE;
    }
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"undone\":%u}", undone));
  return TRUE;
}
