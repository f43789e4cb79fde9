/* rapportd-api-documents.c: a document's steps (submit, send, accept, decline), copies and revisions */
#include "rapportd-api.h"
#include "rapportd-api-documents.h"
#include "rapportd-repo.h"
#include "rapportd-approvals.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The steps of a document's life that its owner takes. Approval itself
 * belongs to the workflow engine: with no approval step that applies, a
 * submitted document is approved at once. */
typedef struct
{
  const char *entity;
  const char *verb;
  const char *from[4];
  const char *to;
  /* the document is issued: its PDF is rendered and archived */
  gboolean    issue;
} Step;

static const Step steps[] = {
  { "quote",    "submit",    { "draft", "rejected" },     "approved" },
  { "quote",    "send",      { "approved" },              "sent", TRUE },
  { "quote",    "accept",    { "sent" },                  "accepted" },
  { "quote",    "decline",   { "sent" },                  "declined" },
  { "order",    "confirm",   { "draft" },                 "confirmed", TRUE },
  { "order",    "fulfil",    { "confirmed" },             "fulfilled" },
  { "order",    "cancel",    { "draft", "confirmed" },    "cancelled" },
  { "contract", "activate",  { "draft" },                 "active", TRUE },
  { "contract", "terminate", { "active" },                "terminated" },
  { "contract", "expire",    { "active" },                "expired" },
};

/* One document becomes the next: an approved or accepted quote an order,
 * a confirmed order a contract; the new one points back at its source. */
typedef struct
{
  const char *entity;
  const char *verb;
  const char *from[4];
  const char *target;
  const char *link;
} Conversion;

static const Conversion conversions[] = {
  { "quote", "order",    { "approved", "accepted" },   "order",    "quote" },
  { "order", "contract", { "confirmed", "fulfilled" }, "contract", "order" },
};

/* a revision replaces a document its customer has seen */
static const char * const revisable[] = { "sent", "declined", "expired", NULL };

static GType
document_type (RapportdRequest  *request,
               GError          **error)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);

  if (type == G_TYPE_INVALID || !crm_entity_class_is_document (g_type_class_peek (type)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return G_TYPE_INVALID;
    }
  return type;
}

/* the document to act on, locked, if the actor may change it and, when the
 * client says which version it saw, that one */
static CrmEntity *
document_for_update (RapportdRequest  *request,
                     RapportdDb       *db,
                     GType             type,
                     GError          **error)
{
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(JsonObject) body = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error))
    return NULL;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0 &&
      (body = rapportd_request_body_object (request, error)) == NULL)
    return NULL;
  document = rapportd_repo_get (db, &request->actor, type, id, TRUE, error);
  if (document == NULL)
    return NULL;
  if (body != NULL && json_object_has_member (body, "version") &&
      json_object_get_int_member_with_default (body, "version", -1) != crm_entity_get_version (document))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (CRM_ENTITY_GET_CLASS (document));

      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                                 _("This %s was changed since you read it; reload it and try again"), noun);
      return NULL;
    }
  return g_steal_pointer (&document);
}

static const char *
status_label (CrmEntity  *document,
              const char *status)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (document);

  return crm_field_spec_enum_label (&klass->fields[crm_entity_class_find_field (klass, "status")], status);
}

static CrmEntity *
set_status (RapportdRequest  *request,
            RapportdDb       *db,
            CrmEntity        *document,
            const char       *status,
            GError          **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (G_OBJECT_TYPE (document));

  crm_entity_set_version (patch, crm_entity_get_version (document));
  crm_entity_set_text (patch, "status", status);
  return rapportd_repo_update_as_server (db, &request->actor, crm_entity_get_id (document), patch, error);
}

/* POST /{documents}/:id/{submit,send,accept,decline} */
RAPPORTD_HANDLER (rapportd_api_documents_step)
{
  GType type = document_type (request, error);
  const char *verb = request->segments[2];
  const Step *step = NULL;
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(RapportdIssueRender) issue = NULL;
  g_autofree char *json = NULL;
  const RapportdApprovalGate *gate;
  gint64 approval_id = 0;
  const char *status;

  if (type == G_TYPE_INVALID)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].verb, verb) &&
        g_str_equal (steps[i].entity, ((CrmEntityClass *) g_type_class_peek (type))->entity_name))
      step = &steps[i];
  if (step == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }

  if ((document = document_for_update (request, db, type, error)) == NULL)
    return FALSE;
  status = crm_entity_get_text (document, "status");
  if (!g_strv_contains (step->from, status))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (CRM_ENTITY_GET_CLASS (document));

      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This %s is “%s”; it cannot become “%s” from there"),
                   noun, status_label (document, status), status_label (document, step->to));
      return FALSE;
    }
  /* a step that needs approval first goes through its workflow */
  if ((gate = rapportd_approvals_gate (crm_entity_get_entity_name (document), verb)) != NULL)
    {
      if (!rapportd_approvals_submit (db, &request->actor, gate, document, &approval_id, error) ||
          (stored = rapportd_repo_get (db, &request->actor, type, crm_entity_get_id (document), FALSE, error)) == NULL)
        return FALSE;
      json = crm_json_entity_to_string (stored);
      /* the record, and the approval it now waits for (or null) */
      json[strlen (json) - 1] = '\0';
      if (approval_id > 0)
        rapportd_request_take_body (request, 200, g_strdup_printf ("%s,\"approval_id\":%" G_GINT64_FORMAT "}", json, approval_id));
      else
        rapportd_request_take_body (request, 200, g_strdup_printf ("%s,\"approval_id\":null}", json));
      return TRUE;
    }
  /* drawn before the status changes and the change is audited, so that
   * drawing holds the document's row and no lock of the audit trail */
  if (step->issue && (issue = rapportd_documents_render_issue (db, document, error)) == NULL)
    return FALSE;
  if ((stored = set_status (request, db, document, step->to, error)) == NULL)
    return FALSE;
  if (step->issue)
    {
      g_clear_object (&stored);
      if (!rapportd_documents_issue_rendered (db, &request->actor, type, crm_entity_get_id (document), issue, error) ||
          (stored = rapportd_repo_get (db, &request->actor, type, crm_entity_get_id (document), FALSE, error)) == NULL)
        return FALSE;
    }
  rapportd_request_take_body (request, 200, crm_json_entity_to_string (stored));
  return TRUE;
}

/* a new record of @type in draft with what it may take of @source: its
 * lines, prices and terms; what the server sets (number, status, totals,
 * links) is left for the server */
static CrmEntity *
draft_from (CrmEntity *source,
            GType      type)
{
  CrmEntityClass *klass = g_type_class_peek (type);
  CrmEntity *draft = crm_entity_new (type);
  g_autofree char *json = crm_json_entity_to_string (source);
  g_autoptr(JsonNode) node = crm_json_parse (json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GError) error = NULL;

  for (GList *m = members; m != NULL; m = m->next)
    {
      int index = crm_entity_class_find_json_key (klass, m->data);

      if (g_str_equal (m->data, "lines") ? klass->line_type == G_TYPE_INVALID
          : index < CRM_ENTITY_N_SYSTEM_FIELDS || (klass->fields[index].flags & CRM_FIELD_READONLY))
        json_object_remove_member (object, m->data);
    }
  if (!crm_json_to_entity (draft, object, CRM_VALIDATE_CREATE, &error))
    g_critical ("%s from %s: %s", klass->entity_name, crm_entity_get_entity_name (source), error->message);
  return draft;
}

static CrmEntity *
new_draft_of (CrmEntity *document)
{
  return draft_from (document, G_OBJECT_TYPE (document));
}

/* POST /quotes/:id/order, /orders/:id/contract */
RAPPORTD_HANDLER (rapportd_api_documents_convert)
{
  GType type = document_type (request, error);
  const Conversion *conversion = NULL;
  g_autoptr(CrmEntity) source = NULL;
  g_autoptr(CrmEntity) draft = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  const char *status;
  GType target;

  if (type == G_TYPE_INVALID)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (conversions); i++)
    if (g_str_equal (conversions[i].verb, request->segments[2]) &&
        g_str_equal (conversions[i].entity, ((CrmEntityClass *) g_type_class_peek (type))->entity_name))
      conversion = &conversions[i];
  if (conversion == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }
  if ((source = document_for_update (request, db, type, error)) == NULL)
    return FALSE;
  status = crm_entity_get_text (source, "status");
  target = crm_entities_lookup_name (conversion->target);
  if (!g_strv_contains (conversion->from, status))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (CRM_ENTITY_GET_CLASS (source));
      g_autofree char *made = crm_entity_class_dup_noun (g_type_class_peek (target));

      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This %s is “%s”; no %s can be made from it yet"),
                   noun, status_label (source, status), made);
      return FALSE;
    }
  draft = draft_from (source, target);
  crm_entity_set_int (draft, conversion->link, crm_entity_get_id (source));
  if ((stored = rapportd_repo_create (db, &request->actor, draft, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 201, crm_json_entity_to_string (stored));
  return TRUE;
}

/* POST /{documents}/:id/copy: a new document, numbered anew, in draft */
RAPPORTD_HANDLER (rapportd_api_documents_copy)
{
  GType type = document_type (request, error);
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(CrmEntity) draft = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  gint64 id;

  if (type == G_TYPE_INVALID || !rapportd_request_segment_id (request, 1, &id, error) ||
      (document = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL)
    return FALSE;
  draft = new_draft_of (document);
  /* the copy is the copier's */
  crm_entity_clear_value (draft, crm_entity_class_find_owner (CRM_ENTITY_GET_CLASS (draft)));
  if ((stored = rapportd_repo_create (db, &request->actor, draft, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 201, crm_json_entity_to_string (stored));
  return TRUE;
}

/* POST /{documents}/:id/revise: the next revision under the same number, in
 * draft; the old one is superseded and stays readable as it was issued */
RAPPORTD_HANDLER (rapportd_api_documents_revise)
{
  GType type = document_type (request, error);
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(CrmEntity) draft = NULL;
  g_autoptr(CrmEntity) superseded = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  const char *status;

  if (type == G_TYPE_INVALID || (document = document_for_update (request, db, type, error)) == NULL)
    return FALSE;
  status = crm_entity_get_text (document, "status");
  if (!g_strv_contains (revisable, status))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (CRM_ENTITY_GET_CLASS (document));

      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("Only a sent, declined or expired %s can be revised; this one is “%s”"),
                   noun, status_label (document, status));
      return FALSE;
    }
  if ((superseded = set_status (request, db, document, "superseded", error)) == NULL)
    return FALSE;

  draft = new_draft_of (document);
  crm_entity_set_text (draft, "number", crm_entity_get_text (document, "number"));
  crm_entity_set_int (draft, "revision", crm_entity_get_int (document, "revision") + 1);
  crm_entity_set_int (draft, "supersedes", crm_entity_get_id (document));
  if ((stored = rapportd_repo_create (db, &request->actor, draft, error)) == NULL)
    return FALSE;
  rapportd_request_take_body (request, 201, crm_json_entity_to_string (stored));
  return TRUE;
}

/**
 * rapportd_documents_has_verb:
 * @klass: an entity class
 * @verb: the last segment of POST /{collection}/:id/{verb}, or "pdf"
 *
 * Returns: whether the entity's documents answer to @verb
 */
gboolean
rapportd_documents_has_verb (CrmEntityClass *klass,
                             const char     *verb)
{
  if (!crm_entity_class_is_document (klass))
    return FALSE;
  if (g_str_equal (verb, "copy") || g_str_equal (verb, "pdf") || g_str_equal (verb, "printed"))
    return TRUE;
  if (g_str_equal (verb, "approvals"))
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (g_str_equal (steps[i].entity, klass->entity_name) && rapportd_approvals_gate (klass->entity_name, steps[i].verb))
        return TRUE;
  if (g_str_equal (verb, "revise"))
    return crm_entity_class_find_field (klass, "revision") >= 0;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].entity, klass->entity_name) && g_str_equal (steps[i].verb, verb))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (conversions); i++)
    if (g_str_equal (conversions[i].entity, klass->entity_name) && g_str_equal (conversions[i].verb, verb))
      return TRUE;
  return FALSE;
}
