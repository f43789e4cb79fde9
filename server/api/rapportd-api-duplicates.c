/* rapportd-api-duplicates.c: possible duplicates: checked on create, and GET /{collection}/:id/duplicates */
#include "rapportd-api.h"
#include "rapportd-dedup.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  json_node_set_string (node, text ? text : "");
  quoted = crm_json_to_string (node);
  g_string_append (out, quoted);
}

/**
 * rapportd_api_duplicates_append:
 * @out: the answer being written
 * @matches: (element-type RapportdDuplicate): possible duplicates
 * @rows: (nullable): "entity:id" -> row number (GUINT_TO_POINTER), for the
 *   records an import created from earlier rows of its file
 *
 * Appends [{"entity","id","name","score","rule"[,"row"]}, …]; a score in
 * hundredths is written as a decimal (0.95).
 */
void
rapportd_api_duplicates_append (GString    *out,
                                GPtrArray  *matches,
                                GHashTable *rows)
{
  g_return_if_fail (out != NULL && matches != NULL);

  g_string_append_c (out, '[');
  for (guint i = 0; i < matches->len; i++)
    {
      RapportdDuplicate *duplicate = g_ptr_array_index (matches, i);
      g_autofree char *key = rows ? g_strdup_printf ("%s:%" G_GINT64_FORMAT, duplicate->entity, duplicate->id) : NULL;
      guint row = rows ? GPOINTER_TO_UINT (g_hash_table_lookup (rows, key)) : 0;

      g_string_append (out, i ? ",{\"entity\":" : "{\"entity\":");
      append_json_string (out, duplicate->entity);
      g_string_append_printf (out, ",\"id\":%" G_GINT64_FORMAT ",\"name\":", duplicate->id);
      if (duplicate->name != NULL)
        append_json_string (out, duplicate->name);
      else
        g_string_append (out, "null");
      if (duplicate->score % 100 == 0)
        g_string_append_printf (out, ",\"score\":%u", duplicate->score / 100);
      else if (duplicate->score % 10 == 0)
        g_string_append_printf (out, ",\"score\":0.%u", duplicate->score / 10);
      else
        g_string_append_printf (out, ",\"score\":0.%02u", duplicate->score);
      g_string_append (out, ",\"rule\":");
      append_json_string (out, duplicate->rule);
      if (row > 0)
        g_string_append_printf (out, ",\"row\":%u", row);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static gboolean
has_reason (const RapportdActor *actor)
{
  g_autofree char *reason = actor->reason ? g_strstrip (g_strdup (actor->reason)) : NULL;

  return reason != NULL && reason[0] != '\0';
}

/**
 * rapportd_api_duplicates_check:
 * @request: a create
 * @db: its connection
 * @entity: the record to be created
 * @matches: (out) (transfer full) (nullable): its possible duplicates, %NULL
 *   for an entity that is not checked
 * @refused: (out): the create is refused; the answer is set (409 `duplicate`
 *   listing the matches) and the transaction is to be rolled back
 * @error: return location for a #GError
 *
 * With `[sales] duplicates=block`, a match scoring
 * %RAPPORTD_DEDUP_BLOCK_SCORE or more refuses the create unless the request
 * says why it is saved anyway (`X-Change-Reason`, kept in the audit trail).
 *
 * Returns: %TRUE on success
 */
gboolean
rapportd_api_duplicates_check (RapportdRequest  *request,
                               RapportdDb       *db,
                               CrmEntity        *entity,
                               GPtrArray       **matches,
                               gboolean         *refused,
                               GError          **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) duplicate_error = NULL;
  g_autofree char *envelope = NULL;
  GString *answer;
  RapportdDuplicate *best;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (entity), FALSE);

  *matches = NULL;
  *refused = FALSE;
  if (!rapportd_dedup_class_is_checked (CRM_ENTITY_GET_CLASS (entity)))
    return TRUE;
  if ((found = rapportd_dedup_find (db, &request->actor, entity, error)) == NULL)
    return FALSE;
  best = found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
  if (rapportd_dedup_get_mode () != RAPPORTD_DEDUP_BLOCK || best == NULL ||
      best->score < RAPPORTD_DEDUP_BLOCK_SCORE || has_reason (&request->actor))
    {
      *matches = g_steal_pointer (&found);
      return TRUE;
    }

  g_set_error (&duplicate_error, CRM_ERROR, CRM_ERROR_DUPLICATE,
               _("This looks like a record that exists already: open it, or save anyway with a reason"));
  envelope = crm_json_error_envelope (duplicate_error);
  /* the envelope's "error" object, with the matches beside its code and message */
  answer = g_string_new_len (envelope, strlen (envelope) - 2);
  g_string_append (answer, ",\"possible_duplicates\":");
  rapportd_api_duplicates_append (answer, found, NULL);
  g_string_append (answer, "}}");
  rapportd_request_take_body (request, crm_error_code_to_http_status (CRM_ERROR_DUPLICATE),
                              g_string_free (answer, FALSE));
  request->rollback = TRUE;
  *refused = TRUE;
  return TRUE;
}

/**
 * rapportd_api_duplicates_answer:
 * @entity_json: (transfer full): a record's JSON object
 * @matches: its possible duplicates
 *
 * Returns: (transfer full): the object with a `possible_duplicates` member
 */
char *
rapportd_api_duplicates_answer (char      *entity_json,
                                GPtrArray *matches)
{
  GString *out;
  gsize length;

  g_return_val_if_fail (entity_json != NULL, NULL);
  g_return_val_if_fail (matches != NULL, entity_json);

  out = g_string_new (entity_json);
  g_free (entity_json);
  length = out->len;
  while (length > 0 && out->str[length - 1] != '}')
    length--;
  g_return_val_if_fail (length > 0, g_string_free (out, FALSE));
  g_string_truncate (out, length - 1);
  g_string_append (out, length > 2 ? ",\"possible_duplicates\":" : "\"possible_duplicates\":");
  rapportd_api_duplicates_append (out, matches, NULL);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* GET /{collection}/:id/duplicates: the record's possible duplicates, now */
RAPPORTD_HANDLER (rapportd_api_records_duplicates)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  GString *out;
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_dedup_class_is_checked (g_type_class_peek (type)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }
  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL ||
      (matches = rapportd_dedup_find (db, &request->actor, record, error)) == NULL)
    return FALSE;
  out = g_string_new ("{\"possible_duplicates\":");
  rapportd_api_duplicates_append (out, matches, NULL);
  g_string_append_c (out, '}');
  rapportd_request_take_body (request, 200, g_string_free (out, FALSE));
  return TRUE;
}

/* POST /{collection}/duplicates {fields…}: the possible duplicates of a
 * record not yet stored, as a create would answer them, under the same
 * visibility; nothing is written */
RAPPORTD_HANDLER (rapportd_api_records_check_duplicates)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  GString *out;

  if (type == G_TYPE_INVALID || !rapportd_dedup_class_is_checked (g_type_class_peek (type)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }
  record = crm_entity_new (type);
  if ((body = rapportd_request_body_object (request, error)) == NULL ||
      !crm_json_to_entity (record, body, CRM_VALIDATE_PATCH, error) ||
      (matches = rapportd_dedup_find (db, &request->actor, record, error)) == NULL)
    return FALSE;
  out = g_string_new ("{\"possible_duplicates\":");
  rapportd_api_duplicates_append (out, matches, NULL);
  g_string_append_c (out, '}');
  rapportd_request_take_body (request, 200, g_string_free (out, FALSE));
  return TRUE;
}
