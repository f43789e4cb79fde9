/* rapportd-cases.c: a service case's server-kept times and its reopening window */
#include "rapportd-cases.h"
#include "rapportd-case-categories.h"
#include "rapportd-case-account.h"
#include "rapportd-sla.h"
#include "service/rapportd-complaints.h"
#include "rapportd-survey-invitations.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

static guint reopen_days = RAPPORTD_CASE_REOPEN_DAYS_DEFAULT;

/**
 * rapportd_cases_set_reopen_days:
 * @days: how many days after closing a case may still be reopened, a
 *   company setting (rapportd.conf, [service] reopen_days); 0: never
 *
 * Set once, at start.
 */
void
rapportd_cases_set_reopen_days (guint days)
{
  reopen_days = days;
}

/**
 * rapportd_cases_get_reopen_days:
 *
 * Returns: the company's reopening window in days
 */
guint
rapportd_cases_get_reopen_days (void)
{
  return reopen_days;
}

static gboolean
has_time (CrmEntity  *record,
          const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return crm_entity_has_value (record, field) && !crm_entity_value (record, field)->is_null;
}

static void
clear_time (CrmEntity  *record,
            const char *name)
{
  crm_entity_set_null (record, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name));
}

/**
 * rapportd_cases_within_reopen_window:
 * @record: a closed case
 * @now: the time to judge by
 *
 * Returns: whether the case closed no more than [service] reopen_days
 *   before @now, and so may be reopened
 */
gboolean
rapportd_cases_within_reopen_window (CrmEntity *record,
                                     gint64     now)
{
  gint64 closed_at;

  g_return_val_if_fail (CRM_IS_ENTITY (record), FALSE);

  closed_at = has_time (record, "closed_at") ? crm_entity_get_int (record, "closed_at") : now;
  return now - closed_at <= (gint64) reopen_days * G_USEC_PER_SEC * 24 * 3600;
}

/* a closed case reopens within the window counted from its closing */
static gboolean
check_reopen (CrmEntity  *before,
              gint64      now,
              GError    **error)
{
  if (rapportd_cases_within_reopen_window (before, now))
    return TRUE;
  crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "status",
                             g_dngettext (GETTEXT_PACKAGE,
                                          "A case closed more than %u day ago cannot be reopened: open a new case",
                                          "A case closed more than %u days ago cannot be reopened: open a new case",
                                          reopen_days),
                             reopen_days);
  return FALSE;
}

/* The times follow the status: the first response is the first outbound
 * reply (rapportd-case-messages.c), or for a case answered outside the
 * conversation its first move to waiting on the customer or resolved (each
 * means the customer was answered; taking a case in progress does not),
 * and is kept;
 * resolved_at and closed_at are those of the latest resolving and closing,
 * cleared when the case is reopened. */
static gboolean
case_prepare (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntity            *before,
              CrmEntity            *after,
              gboolean              as_server,
              GError              **error)
{
  const char *from = before != NULL ? crm_entity_get_text (before, "status") : NULL;
  const char *to = crm_entity_get_text (after, "status");
  gint64 now = g_get_real_time ();

  if (!rapportd_case_categories_name_case (db, before, after, error) ||
      !rapportd_case_account_copy_region (db, before, after, error) ||
      !rapportd_complaints_prepare (db, actor, before, after, as_server, error))
    return FALSE;
  if (to == NULL || g_strcmp0 (from, to) == 0)
    return rapportd_sla_prepare (db, before, after, now, error);
  if (g_strcmp0 (from, "closed") == 0 && g_str_equal (to, "in_progress") && !as_server &&
      !check_reopen (before, now, error))
    return FALSE;
  if (!has_time (after, "first_response_at") &&
      (g_str_equal (to, "waiting_on_customer") || g_str_equal (to, "resolved")))
    crm_entity_set_int (after, "first_response_at", now);
  if (g_str_equal (to, "resolved"))
    crm_entity_set_int (after, "resolved_at", now);
  else if (g_str_equal (to, "closed"))
    crm_entity_set_int (after, "closed_at", now);
  else if (g_strcmp0 (from, "resolved") == 0 || g_strcmp0 (from, "closed") == 0)
    {
      clear_time (after, "resolved_at");
      clear_time (after, "closed_at");
    }
  /* the service level follows the status, the priority and the category */
  return rapportd_sla_prepare (db, before, after, now, error);
}

/* a case's JSON shows its service level's state, now */
static gboolean
case_present (RapportdDb  *db,
              CrmEntity   *record,
              GHashTable **cache,
              GString     *out,
              GError     **error)
{
  return rapportd_sla_append_state (db, record, g_get_real_time (), cache, out, error);
}

/* a case that closes invites its contact to the matching survey, in the same transaction */
static gboolean
case_written (RapportdDb           *db,
              const RapportdActor  *actor,
              CrmEntity            *before,
              CrmEntity            *stored,
              GError              **error)
{
  return rapportd_survey_invite_closed_case (db, actor, before, stored, error);
}

const RapportdRepoRules rapportd_case_rules = {
  "case", case_prepare, case_written, case_present, rapportd_sla_add_schema,
};
