/* rapportd-repo-settings.c: the company settings the repository applies to every write: rounding, base currency, required reasons */
#include "rapportd-repo-private.h"
#include "crm-currency.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static CrmRounding rounding = CRM_ROUND_HALF_UP;

/**
 * rapportd_repo_set_rounding:
 * @mode: how amounts round to cents, a company setting
 *
 * Set once, at start.
 */
void
rapportd_repo_set_rounding (CrmRounding mode)
{
  rounding = mode;
}

static char *base_currency;

/**
 * rapportd_repo_set_base_currency:
 * @currency: the company's currency, an ISO 4217 code such as "CNY"
 *
 * Set once, at start: a record in another currency must then carry its
 * exchange rate (crm_currency_check_exchange_rate()).
 */
void
rapportd_repo_set_base_currency (const char *currency)
{
  g_return_if_fail (currency == NULL || crm_currency_is_valid (currency));

  g_free (base_currency);
  base_currency = g_strdup (currency);
}

/**
 * rapportd_repo_get_base_currency:
 *
 * Returns: the company’s currency, as set at start ("CNY" unless configured)
 */
const char *
rapportd_repo_get_base_currency (void)
{
  return base_currency ? base_currency : "CNY";
}

static GStrv reason_required;

/**
 * rapportd_repo_require_reasons:
 * @entities: (nullable): names of the entities whose every change must say why
 *
 * EU Annex 11 §9: for these, a change through the API without a reason
 * (X-Change-Reason) is refused. Set once, at start.
 */
void
rapportd_repo_require_reasons (const char * const *entities)
{
  g_strfreev (reason_required);
  reason_required = g_strdupv ((char **) entities);
}

/* whether @actor says why, where the change of a @klass record must */
gboolean
rapportd_repo_check_reason (CrmEntityClass       *klass,
              const RapportdActor  *actor,
              GError              **error)
{
  g_autofree char *reason = actor->reason ? g_strstrip (g_strdup (actor->reason)) : NULL;

  /* the command line (an actor without scopes) acts for the system */
  if (actor->scopes == NULL || reason_required == NULL ||
      !g_strv_contains ((const char * const *) reason_required, klass->entity_name) ||
      (reason != NULL && reason[0] != '\0'))
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "X-Change-Reason",
                             _("Say why you change this %s: a reason is required"), klass->entity_name);
  return FALSE;
}

/* how amounts round, as set at start */
CrmRounding
rapportd_repo_rounding (void)
{
  return rounding;
}

/* the company's currency as configured, or %NULL when none was */
const char *
rapportd_repo_base_currency_set (void)
{
  return base_currency;
}
