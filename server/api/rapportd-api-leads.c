/* rapportd-api-leads.c: POST /leads/:id/convert, a lead made into an account and a contact */
#include "rapportd-api.h"
#include "rapportd-repo.h"
#include "crm-account.h"
#include "crm-contact.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-lead.h"
#include "crm-opportunity.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  gint64      account_id;
  gboolean    create_contact;
  gboolean    create_opportunity;
  /* (nullable): what the new opportunity is to hold besides the lead's */
  JsonObject *opportunity;
  gint64      version;
} ConvertOptions;

static void
convert_options_clear (ConvertOptions *options)
{
  g_clear_pointer (&options->opportunity, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConvertOptions, convert_options_clear)

static gboolean
parse_options (RapportdRequest  *request,
               ConvertOptions   *options,
               GError          **error)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  options->account_id = 0;
  options->create_contact = TRUE;
  options->create_opportunity = FALSE;
  options->opportunity = NULL;
  options->version = -1;
  if (request->body == NULL || g_bytes_get_size (request->body) == 0)
    return TRUE;
  if ((body = rapportd_request_body_object (request, error)) == NULL)
    return FALSE;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    {
      gboolean null = JSON_NODE_HOLDS_NULL (node);
      GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

      if (g_str_equal (member, "account_id") && (null || (value_type == G_TYPE_INT64 && json_node_get_int (node) > 0)))
        options->account_id = null ? 0 : json_node_get_int (node);
      else if (g_str_equal (member, "create_contact") && value_type == G_TYPE_BOOLEAN)
        options->create_contact = json_node_get_boolean (node);
      else if (g_str_equal (member, "create_opportunity") && value_type == G_TYPE_BOOLEAN)
        options->create_opportunity = json_node_get_boolean (node);
      else if (g_str_equal (member, "opportunity") && JSON_NODE_HOLDS_OBJECT (node))
        {
          g_clear_pointer (&options->opportunity, json_object_unref);
          options->opportunity = json_object_ref (json_node_get_object (node));
        }
      else if (g_str_equal (member, "version") && value_type == G_TYPE_INT64)
        options->version = json_node_get_int (node);
      else
        {
          if (g_str_equal (member, "account_id"))
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("account_id must be an account’s id"));
          else if (g_str_equal (member, "create_contact") || g_str_equal (member, "version") ||
                   g_str_equal (member, "create_opportunity") || g_str_equal (member, "opportunity"))
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member, _("%s has the wrong type"), member);
          else
            crm_error_set_field_error (error, CRM_ERROR_VALIDATION, member,
                                       _("A conversion takes only account_id, create_contact, create_opportunity, opportunity and version"));
          return FALSE;
        }
    }
  return TRUE;
}

/* the lead's owner, or the one converting a lead in the pool */
static gint64
new_owner (RapportdRequest *request,
           CrmEntity       *lead)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (lead);
  int owner = crm_entity_class_find_owner (klass);

  if (crm_entity_has_value (lead, owner))
    return crm_entity_value (lead, owner)->i;
  return request->actor.user_id;
}

static void
copy_text (CrmEntity  *to,
           const char *to_field,
           CrmEntity  *from,
           const char *from_field)
{
  const char *text = crm_entity_get_text (from, from_field);

  if (text != NULL && text[0] != '\0')
    crm_entity_set_text (to, to_field, text);
}

static CrmEntity *
create_account (RapportdRequest  *request,
                RapportdDb       *db,
                CrmEntity        *lead,
                GError          **error)
{
  g_autoptr(CrmEntity) account = crm_entity_new (CRM_TYPE_ACCOUNT);
  const char *source = crm_lead_account_source (crm_entity_get_text (lead, "source"));

  copy_text (account, "name", lead, "company");
  copy_text (account, "phone", lead, "phone");
  copy_text (account, "region", lead, "region");
  copy_text (account, "industry", lead, "industry");
  if (source != NULL)
    crm_entity_set_text (account, "source", source);
  crm_entity_set_int (account, "owner", new_owner (request, lead));
  if (!crm_entity_validate (account, CRM_VALIDATE_CREATE, error))
    return NULL;
  return rapportd_repo_create (db, &request->actor, account, error);
}

static CrmEntity *
create_contact (RapportdRequest  *request,
                RapportdDb       *db,
                CrmEntity        *lead,
                gint64            account_id,
                GError          **error)
{
  g_autoptr(CrmEntity) contact = crm_entity_new (CRM_TYPE_CONTACT);
  const char *person = crm_entity_get_text (lead, "person");

  if (person == NULL || person[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "person",
                                 _("The lead names no contact person; fill it in, or convert without a contact"));
      return NULL;
    }
  crm_entity_set_int (contact, "account", account_id);
  copy_text (contact, "name", lead, "person");
  copy_text (contact, "title", lead, "title");
  copy_text (contact, "mobile", lead, "mobile");
  copy_text (contact, "email", lead, "email");
  crm_entity_set_int (contact, "owner", new_owner (request, lead));
  if (!crm_entity_validate (contact, CRM_VALIDATE_CREATE, error))
    return NULL;
  return rapportd_repo_create (db, &request->actor, contact, error);
}

/* the opportunity the lead becomes: what the request gives (a name, an
 * amount…), named after the company otherwise, in the base currency, in
 * the default pipeline's first stage unless a pipeline is given */
static CrmEntity *
create_opportunity (RapportdRequest  *request,
                    RapportdDb       *db,
                    CrmEntity        *lead,
                    gint64            account_id,
                    CrmEntity        *contact,
                    JsonObject       *given,
                    GError          **error)
{
  g_autoptr(CrmEntity) opportunity = crm_entity_new (CRM_TYPE_OPPORTUNITY);
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (opportunity);

  if (given != NULL && !crm_json_to_entity (opportunity, given, CRM_VALIDATE_PATCH, error))
    {
      g_prefix_error (error, _("The opportunity: "));
      return NULL;
    }
  if (!crm_entity_has_value (opportunity, crm_entity_class_find_field (klass, "name")))
    copy_text (opportunity, "name", lead, "company");
  if (!crm_entity_has_value (opportunity, crm_entity_class_find_field (klass, "currency")))
    crm_entity_set_text (opportunity, "currency", rapportd_repo_get_base_currency ());
  crm_entity_set_int (opportunity, "account", account_id);
  if (contact != NULL)
    crm_entity_set_int (opportunity, "contact", crm_entity_get_id (contact));
  crm_entity_set_int (opportunity, "lead", crm_entity_get_id (lead));
  crm_entity_set_int (opportunity, "owner", new_owner (request, lead));
  if (!crm_entity_validate (opportunity, CRM_VALIDATE_CREATE, error))
    return NULL;
  return rapportd_repo_create (db, &request->actor, opportunity, error);
}

/* the lead to convert, locked, if the actor may change it and it is open */
static CrmEntity *
lead_for_conversion (RapportdRequest       *request,
                     RapportdDb            *db,
                     const ConvertOptions  *options,
                     GError               **error)
{
  g_autoptr(CrmEntity) lead = NULL;
  const char *status;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (lead = rapportd_repo_get (db, &request->actor, CRM_TYPE_LEAD, id, TRUE, error)) == NULL)
    return NULL;
  status = crm_entity_get_text (lead, "status");
  if (g_strcmp0 (status, "converted") == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This lead has already been converted"));
      return NULL;
    }
  if (g_strcmp0 (status, "disqualified") == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "status",
                                 _("A disqualified lead is reopened before it is converted"));
      return NULL;
    }
  if (options->version >= 0 && options->version != crm_entity_get_version (lead))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                                 _("This lead was changed since you read it; reload it and try again"));
      return NULL;
    }
  return g_steal_pointer (&lead);
}

/* POST /leads/:id/convert {"account_id"?, "create_contact"?,
 * "create_opportunity"?, "opportunity"?, "version"?}: in the request's one
 * transaction, the account (created from the lead, or the one named), the
 * contact, the opportunity if asked, and the lead marked converted with
 * links to them; any failure keeps none of it */
RAPPORTD_HANDLER (rapportd_api_leads_convert)
{
  g_auto(ConvertOptions) options = { 0 };
  g_autoptr(CrmEntity) lead = NULL;
  g_autoptr(CrmEntity) account = NULL;
  g_autoptr(CrmEntity) contact = NULL;
  g_autoptr(CrmEntity) opportunity = NULL;
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autofree char *lead_json = NULL;
  g_autofree char *account_json = NULL;
  g_autofree char *contact_json = NULL;
  g_autofree char *opportunity_json = NULL;

  if (!parse_options (request, &options, error) ||
      (lead = lead_for_conversion (request, db, &options, error)) == NULL)
    return FALSE;

  if (options.account_id > 0)
    {
      g_autoptr(GError) local = NULL;

      account = rapportd_repo_get (db, &request->actor, CRM_TYPE_ACCOUNT, options.account_id, FALSE, &local);
      if (account == NULL)
        {
          if (g_error_matches (local, CRM_ERROR, CRM_ERROR_NOT_FOUND))
            crm_error_set_field_error (error, CRM_ERROR_NOT_FOUND, "account_id", "%s", local->message);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  else if ((account = create_account (request, db, lead, error)) == NULL)
    return FALSE;
  if (options.create_contact &&
      (contact = create_contact (request, db, lead, crm_entity_get_id (account), error)) == NULL)
    return FALSE;
  if (options.create_opportunity &&
      (opportunity = create_opportunity (request, db, lead, crm_entity_get_id (account), contact,
                                         options.opportunity, error)) == NULL)
    return FALSE;

  patch = crm_entity_new (CRM_TYPE_LEAD);
  crm_entity_set_version (patch, crm_entity_get_version (lead));
  crm_entity_set_text (patch, "status", "converted");
  crm_entity_set_int (patch, "converted_account", crm_entity_get_id (account));
  if (contact != NULL)
    crm_entity_set_int (patch, "converted_contact", crm_entity_get_id (contact));
  if (opportunity != NULL)
    crm_entity_set_int (patch, "converted_opportunity", crm_entity_get_id (opportunity));
  crm_entity_set_int (patch, "last_activity_at", g_get_real_time ());
  if ((stored = rapportd_repo_update_as_server (db, &request->actor, crm_entity_get_id (lead), patch, error)) == NULL)
    return FALSE;

  lead_json = crm_json_entity_to_string (stored);
  account_json = crm_json_entity_to_string (account);
  contact_json = contact ? crm_json_entity_to_string (contact) : g_strdup ("null");
  opportunity_json = opportunity ? crm_json_entity_to_string (opportunity) : g_strdup ("null");
  rapportd_request_take_body (request, 200, g_strdup_printf ("{\"lead\":%s,\"account\":%s,\"contact\":%s,\"opportunity\":%s}",
                                                             lead_json, account_json, contact_json, opportunity_json));
  return TRUE;
}
