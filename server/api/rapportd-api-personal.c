/* rapportd-api-personal.c: a person's data under the GDPR: export (Art. 15/20), restriction (18), erasure (17), legal hold */
#include "rapportd-api.h"
#include "rapportd-audit.h"
#include "rapportd-audit-history.h"
#include "rapportd-dedup.h"
#include "rapportd-personal.h"
#include "rapportd-repo.h"
#include "rapportd-search-index.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* a collection of people: personal fields, and the flags this file sets */
static GType
people (RapportdRequest  *request,
        gint64           *id,
        GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;

  if (klass == NULL || !rapportd_personal_has_fields (klass) ||
      crm_entity_class_find_field (klass, "restricted") < 0 || crm_entity_class_find_field (klass, "legal_hold") < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return G_TYPE_INVALID;
    }
  if (!rapportd_request_segment_id (request, 1, id, error))
    return G_TYPE_INVALID;
  return type;
}

/* compliance decisions: administrators and directors */
static gboolean
may_decide (RapportdRequest  *request,
            GError          **error)
{
  if (rapportd_actor_is_admin (&request->actor) || g_strcmp0 (request->actor.role, "director") == 0)
    return TRUE;
  g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN, _("Only an administrator or a director may do this"));
  return FALSE;
}

/* GET /{collection}/:id/personal-data: the record and its whole history, opened */
RAPPORTD_HANDLER (rapportd_api_personal_export)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *name;
  gint64 id;
  GType type = people (request, &id, error);

  if (type == G_TYPE_INVALID || (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL)
    return FALSE;
  name = crm_entity_get_entity_name (record);
  if ((rows = rapportd_audit_history (db, name, id, 0, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_value (builder, crm_json_from_entity (record));
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint r = 0; r < rows->len; r++)
    rapportd_audit_add_row (builder, rows->pdata[r]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  /* a read that exports personal data is itself audited */
  if (!rapportd_audit_append (db, request->actor.user_id, name, id, "export_personal_data",
                              request->actor.reason, NULL, NULL, error))
    return FALSE;
  root = json_builder_get_root (builder);
  rapportd_request_set_json (request, 200, root);
  return TRUE;
}

static gboolean
set_flags (RapportdDb           *db,
           RapportdRequest      *request,
           GType                 type,
           gint64                id,
           const char           *action,
           const char           *assignments,
           gint64                flag,
           gboolean              with_text,
           const char           *text,
           GError              **error)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  g_autoptr(CrmEntity) before = rapportd_repo_get (db, &request->actor, type, id, FALSE, error);
  g_autoptr(CrmEntity) after = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);

  if (before == NULL)
    return FALSE;
  rapportd_sql_appendf (sql, "UPDATE `%s` SET %s, `version` = `version` + 1, `updated_at` = UTC_TIMESTAMP(6), "
                        "`updated_by` = ? WHERE `id` = ?", klass->collection, assignments);
  rapportd_sql_add_int (sql, flag);
  if (with_text)
    rapportd_sql_add_text (sql, text);
  rapportd_sql_add_int (sql, request->actor.user_id);
  rapportd_sql_add_int (sql, id);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error) ||
      (after = rapportd_repo_get (db, NULL, type, id, FALSE, error)) == NULL ||
      !rapportd_repo_audit (db, &request->actor, action, before, after, error))
    return FALSE;
  rapportd_request_take_body (request, 200, crm_json_entity_to_string (after));
  return TRUE;
}

/* POST /{collection}/:id/legal-hold {"hold":true,"reason":"…"} */
RAPPORTD_HANDLER (rapportd_api_personal_legal_hold)
{
  g_autoptr(JsonObject) body = NULL;
  gboolean hold;
  const char *reason;
  gint64 id;
  GType type = people (request, &id, error);

  if (type == G_TYPE_INVALID || !may_decide (request, error) || (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  hold = json_object_get_boolean_member_with_default (body, "hold", FALSE);
  reason = json_object_get_string_member_with_default (body, "reason", NULL);
  if (hold && (reason == NULL || reason[0] == '\0' || g_utf8_strlen (reason, -1) > 500))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "reason", _("A legal hold needs its reason (at most 500 characters)"));
      return FALSE;
    }
  return set_flags (db, request, type, id, hold ? "legal_hold" : "legal_hold_released",
                    "`legal_hold` = ?, `legal_hold_reason` = ?", hold, TRUE, hold ? reason : NULL, error);
}

/* POST /{collection}/:id/restrict {"restricted":true} */
RAPPORTD_HANDLER (rapportd_api_personal_restrict)
{
  g_autoptr(JsonObject) body = NULL;
  gboolean restricted;
  gint64 id;
  GType type = people (request, &id, error);

  if (type == G_TYPE_INVALID || !may_decide (request, error) || (body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;
  restricted = json_object_get_boolean_member_with_default (body, "restricted", TRUE);
  return set_flags (db, request, type, id, restricted ? "restrict" : "restriction_lifted",
                    "`restricted` = ?", restricted, FALSE, NULL, error);
}

/* POST /{collection}/:id/erase: the person is gone; the trail still verifies */
RAPPORTD_HANDLER (rapportd_api_personal_erase)
{
  CrmEntityClass *klass;
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(CrmEntity) after = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autofree char *after_json = NULL;
  gint64 id;
  GType type = people (request, &id, error);

  if (type == G_TYPE_INVALID || !may_decide (request, error) ||
      (record = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL)
    return FALSE;
  klass = g_type_class_peek (type);
  if (crm_entity_get_bool (record, "legal_hold"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This %s is under legal hold and cannot be erased: %s"),
                   klass->entity_name, crm_entity_get_text (record, "legal_hold_reason"));
      return FALSE;
    }

  rapportd_sql_appendf (sql, "UPDATE `%s` SET `erased_at` = UTC_TIMESTAMP(6), `archived` = 1, `version` = `version` + 1, "
                        "`updated_at` = UTC_TIMESTAMP(6), `updated_by` = ?", klass->collection);
  rapportd_sql_add_int (sql, request->actor.user_id);
  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];

      if (!(spec->flags & CRM_FIELD_PERSONAL))
        continue;
      if (spec->flags & CRM_FIELD_REQUIRED)
        {
          /* a required field keeps a value, which says only what happened */
          rapportd_sql_appendf (sql, ", `%s` = ?", crm_field_spec_get_column (spec));
          rapportd_sql_add_text (sql, _("(erased)"));
        }
      else
        rapportd_sql_appendf (sql, ", `%s` = NULL", crm_field_spec_get_column (spec));
    }
  rapportd_sql_append (sql, " WHERE `id` = ?");
  rapportd_sql_add_int (sql, id);

  if (!rapportd_personal_shred (db, klass->entity_name, id, error) ||
      !rapportd_db_execute (db, sql, NULL, NULL, error) ||
      (after = rapportd_repo_get (db, NULL, type, id, FALSE, error)) == NULL ||
      !rapportd_search_index_replace (db, record, after, error) ||
      !rapportd_dedup_index_replace (db, record, after, error))
    return FALSE;
  /* nothing personal is left to seal, and no new key is made for it */
  after_json = crm_json_entity_to_string (after);
  if (!rapportd_audit_append (db, request->actor.user_id, klass->entity_name, id, "erase",
                              request->actor.reason, NULL, after_json, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_steal_pointer (&after_json));
  return TRUE;
}
