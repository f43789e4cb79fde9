/* rapportd-api-presence.c: GET/PUT/DELETE /{collection}/:id/presence, who has unsaved edits in a record */
#include "rapportd-api.h"
#include "rapportd-auth.h"
#include "rapportd-presence.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

/* The record the path names, if the user may read it: one they may not
 * read is answered as one that does not exist, whatever the verb. */
static CrmEntity *
readable_record (RapportdRequest  *request,
                 RapportdDb       *db,
                 GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  gint64 id;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return NULL;
    }
  if (!rapportd_request_segment_id (request, 1, &id, error))
    return NULL;
  return rapportd_repo_get (db, &request->actor, type, id, FALSE, error);
}

/* Only who may change this kind of record may say they edit one, as
 * saving it would be refused; the record's own rights come after. */
static gboolean
may_edit_kind (RapportdRequest  *request,
               GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  CrmEntityClass *klass;
  gboolean may = TRUE;

  if (type == G_TYPE_INVALID)
    return TRUE;
  klass = g_type_class_ref (type);
  if (klass->admin_writes && !rapportd_actor_is_admin (&request->actor))
    {
      may = FALSE;
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("Only an administrator may change %s records"), klass->entity_name);
    }
  else if (request->actor.scopes != NULL && !crm_entity_class_may_write (klass, request->actor.role))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      may = FALSE;
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("Your role may read but not change this kind of record (%s)"), noun);
    }
  g_type_class_unref (klass);
  return may;
}

/* A presence carries nothing but itself: no body, or an empty object.
 * Anything else (a field's value, say) is refused rather than ignored. */
static gboolean
check_empty_body (RapportdRequest  *request,
                  GError          **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GList) members = NULL;

  if (request->body == NULL || g_bytes_get_size (request->body) == 0)
    return TRUE;
  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  members = json_object_get_members (body);
  if (members != NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, members->data,
                                 _("Presence carries no values: send an empty object or no body"));
      return FALSE;
    }
  return TRUE;
}

static void
answer (RapportdRequest *request,
        CrmEntity       *record,
        gboolean         editing)
{
  rapportd_request_take_body (request, 200,
                              g_strdup_printf ("{\"entity\":\"%s\",\"id\":%" G_GINT64_FORMAT ",\"editing\":%s,"
                                               "\"ttl_seconds\":%d}",
                                               crm_entity_get_entity_name (record), crm_entity_get_id (record),
                                               editing ? "true" : "false", RAPPORTD_PRESENCE_TTL_SECONDS));
}

/* GET /{collection}/:id/presence: who edits the record now, for whoever may read it */
RAPPORTD_HANDLER (rapportd_api_presence_get)
{
  g_autoptr(CrmEntity) record = readable_record (request, db, error);
  g_autoptr(JsonNode) list = NULL;

  if (record == NULL ||
      (list = rapportd_presence_list (db, crm_entity_get_entity_name (record), crm_entity_get_id (record),
                                      g_get_real_time (), error)) == NULL)
    return FALSE;
  rapportd_request_set_json (request, 200, list);
  return TRUE;
}

/* PUT /{collection}/:id/presence: the caller has unsaved edits in the
 * record, from this session; sent again as a heartbeat while they do.
 * Not audited: it changes no record. */
RAPPORTD_HANDLER (rapportd_api_presence_put)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autofree char *session = NULL;

  if (!may_edit_kind (request, error) || !check_empty_body (request, error) ||
      (record = readable_record (request, db, error)) == NULL)
    return FALSE;
  session = rapportd_auth_token_hash (request->token);
  if (!rapportd_presence_put (db, &request->actor, session, crm_entity_get_entity_name (record),
                              crm_entity_get_id (record), g_get_real_time (), error))
    return FALSE;
  answer (request, record, TRUE);
  return TRUE;
}

/* DELETE /{collection}/:id/presence: the caller stopped editing (saved,
 * discarded, closed) */
RAPPORTD_HANDLER (rapportd_api_presence_delete)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autofree char *session = NULL;

  if (!may_edit_kind (request, error) || (record = readable_record (request, db, error)) == NULL)
    return FALSE;
  session = rapportd_auth_token_hash (request->token);
  if (!rapportd_presence_delete (db, &request->actor, session, crm_entity_get_entity_name (record),
                                 crm_entity_get_id (record), g_get_real_time (), error))
    return FALSE;
  answer (request, record, FALSE);
  return TRUE;
}
