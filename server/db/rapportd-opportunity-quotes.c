/* rapportd-opportunity-quotes.c: an opportunity's quotes: a draft made from it, an accepted one setting its amount */
#include "rapportd-opportunity-quotes.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-opportunity.h"
#include "crm-quote.h"

#include <glib/gi18n-lib.h>

static void
copy_value (CrmEntity  *to,
            const char *to_field,
            CrmEntity  *from,
            const char *from_field)
{
  int source = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (from), from_field);
  int target = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (to), to_field);
  CrmValue *value = crm_entity_value (from, source);
  CrmValue *copy = crm_entity_value (to, target);

  if (!value->set)
    return;
  crm_entity_clear_value (to, target);
  *copy = *value;
  copy->s = g_strdup (value->s);
  copy->tags = g_strdupv (value->tags);
}

/**
 * rapportd_opportunity_create_quote:
 * @db: a connection inside the request's transaction
 * @actor: who asks; they own the new quote
 * @id: an open opportunity the actor may change
 * @version: the opportunity's version as the actor saw it, or -1
 * @error: return location for a #GError
 *
 * A draft quote for the opportunity's account and contact, in its
 * currency at its rate, linked to it and named after it.
 *
 * Returns: (transfer full): the quote as stored
 */
CrmEntity *
rapportd_opportunity_create_quote (RapportdDb           *db,
                                   const RapportdActor  *actor,
                                   gint64                id,
                                   gint64                version,
                                   GError              **error)
{
  g_autoptr(CrmEntity) opportunity = NULL;
  g_autoptr(CrmEntity) quote = crm_entity_new (CRM_TYPE_QUOTE);

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  if ((opportunity = rapportd_repo_get (db, actor, CRM_TYPE_OPPORTUNITY, id, TRUE, error)) == NULL)
    return NULL;
  if (version >= 0 && version != crm_entity_get_version (opportunity))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                                 _("This opportunity was changed since you read it; reload it and try again"));
      return NULL;
    }
  if (g_strcmp0 (crm_entity_get_text (opportunity, "status"), "open") != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("A closed opportunity takes no new quote"));
      return NULL;
    }
  copy_value (quote, "account", opportunity, "account");
  copy_value (quote, "contact", opportunity, "contact");
  copy_value (quote, "currency", opportunity, "currency");
  copy_value (quote, "exchange_rate", opportunity, "exchange_rate");
  copy_value (quote, "title", opportunity, "name");
  crm_entity_set_int (quote, "opportunity", id);
  if (!crm_entity_validate (quote, CRM_VALIDATE_CREATE, error))
    return NULL;
  return rapportd_repo_create (db, actor, quote, error);
}

/* a quote the customer accepted gives its opportunity its amount: the
 * quote's total, in its currency at its rate; audited as the server's
 * step on the acceptor's request */
static gboolean
quote_written (RapportdDb           *db,
               const RapportdActor  *actor,
               CrmEntity            *before,
               CrmEntity            *stored,
               GError              **error)
{
  RapportdActor server = { actor->user_id, actor->login, actor->name, (char *) "system" };
  int link = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (stored), "opportunity");
  g_autoptr(CrmEntity) opportunity = NULL;
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) updated = NULL;

  if (before == NULL || g_strcmp0 (crm_entity_get_text (stored, "status"), "accepted") != 0 ||
      g_strcmp0 (crm_entity_get_text (before, "status"), "accepted") == 0 ||
      !crm_entity_has_value (stored, link))
    return TRUE;
  server.reason = actor->reason;
  if ((opportunity = rapportd_repo_get (db, NULL, CRM_TYPE_OPPORTUNITY, crm_entity_value (stored, link)->i,
                                        TRUE, error)) == NULL)
    return FALSE;
  patch = crm_entity_new (CRM_TYPE_OPPORTUNITY);
  crm_entity_set_version (patch, crm_entity_get_version (opportunity));
  copy_value (patch, "amount", stored, "total");
  copy_value (patch, "currency", stored, "currency");
  copy_value (patch, "exchange_rate", stored, "exchange_rate");
  updated = rapportd_repo_update_as_server (db, &server, crm_entity_get_id (opportunity), patch, error);
  return updated != NULL;
}

const RapportdRepoRules rapportd_quote_rules = {
  "quote", NULL, quote_written,
};
