/* rapportd-complaints.c: a complaint's file, its signed reportability assessment, its closure through approval */

/* A complaint is a case with is_complaint set (by hand, or by a rule);
 * its file lives on the case (common/entities/crm-case.c), so a signature
 * on the case's version binds the complaint file as the case stood. The
 * steps: received (awareness, defaulting to the case's creation) →
 * assessed (reportable or not, the regime and the reason, written only by
 * a signature meaning "assessed" from a holder of complaint.assess) →
 * investigated (root cause, CAPA, the report submitted when reportable) →
 * closed, only through the "Complaint closure" approval, signed. */
#include "rapportd-complaints.h"
#include "rapportd-approvals.h"
#include "rapportd-audit.h"
#include "rapportd-repo.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>

#define CLOSURE_WORKFLOW "Complaint closure"
#define USEC_PER_DAY ((gint64) 24 * 3600 * G_USEC_PER_SEC)

static gboolean
is_set (CrmEntity  *record,
        const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return field >= 0 && crm_entity_has_value (record, field) && !crm_entity_value (record, field)->is_null;
}

static gboolean
is_true (CrmEntity  *record,
         const char *name)
{
  return is_set (record, name) && crm_entity_get_bool (record, name);
}

static gboolean
has_text (CrmEntity  *record,
          const char *name)
{
  g_autofree char *text = is_set (record, name) ? g_strstrip (g_strdup (crm_entity_get_text (record, name))) : NULL;

  return text != NULL && *text != '\0';
}

static void
set_null (CrmEntity  *record,
          const char *name)
{
  crm_entity_set_null (record, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name));
}

/* The report is due a number of calendar days after awareness, by the
 * complaint's type; a new due instant is warned of and marked again. The
 * job looks at the case next at the warning, then at the due instant,
 * unless the report is submitted, found not reportable, or marked overdue. */
static gboolean
compute_report_due (RapportdDb  *db,
                    CrmEntity   *before,
                    CrmEntity   *after,
                    GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT report_due_days, warn_days FROM `complaint-types` WHERE id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  const char *days = NULL;
  gint64 due, warn;

  set_null (after, "report_next_at");
  if (is_set (after, "complaint_type"))
    {
      rapportd_sql_add_int (sql, crm_entity_get_int (after, "complaint_type"));
      if ((result = rapportd_db_query (db, sql, error)) == NULL)
        return FALSE;
      days = result->n_rows == 1 ? rapportd_db_result_get (result, 0, 0) : NULL;
    }
  if (days == NULL)
    {
      set_null (after, "report_due_at");
      return TRUE;
    }
  due = crm_entity_get_int (after, "received_at") + g_ascii_strtoll (days, NULL, 10) * USEC_PER_DAY;
  warn = due - g_ascii_strtoll (rapportd_db_result_get (result, 0, 1), NULL, 10) * USEC_PER_DAY;
  if (before == NULL || !is_set (before, "report_due_at") || crm_entity_get_int (before, "report_due_at") != due)
    {
      set_null (after, "report_warned_at");
      set_null (after, "report_overdue_at");
    }
  crm_entity_set_int (after, "report_due_at", due);
  if (is_set (after, "report_submitted_at") || (is_set (after, "reportable") && !is_true (after, "reportable")) ||
      is_set (after, "report_overdue_at"))
    return TRUE;
  crm_entity_set_int (after, "report_next_at", is_set (after, "report_warned_at") ? due : warn);
  return TRUE;
}

/* a complaint resolves or closes with its assessment signed, its report
 * submitted when reportable, and its closure approved and signed */
static gboolean
check_may_close (CrmEntity  *after,
                 GError    **error)
{
  if (!is_set (after, "assessed_at"))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "status",
                                 _("A complaint is resolved or closed only after its reportability assessment is signed"));
      return FALSE;
    }
  if (is_true (after, "reportable") && (!is_set (after, "report_submitted_at") || !has_text (after, "report_reference")))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "report_submitted_at",
                                 _("A reportable complaint is closed only once its report is submitted: give the time it was "
                                   "submitted and the regulator’s reference"));
      return FALSE;
    }
  if (!is_set (after, "closure_approved_at"))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "status",
                                 _("A complaint is resolved or closed only through its closure approval, signed by the "
                                   "quality function: submit it for closure"));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_complaints_prepare:
 * @db: a connection inside the write's transaction
 * @actor: who writes
 * @before: (nullable): the case as stored, %NULL when it is created
 * @after: the case as it will be stored
 * @as_server: whether the server itself writes (the closure's decision)
 * @error: return location for a #GError
 *
 * For a complaint: awareness defaults to the case's creation and the
 * receiver to its creator; the report's due instant follows the type and
 * the awareness; the move to resolved or closed is refused without the
 * signed assessment, the report when reportable, and the approved
 * closure; reopening withdraws the closure's approval; an assessed
 * complaint stays one.
 */
gboolean
rapportd_complaints_prepare (RapportdDb           *db,
                             const RapportdActor  *actor,
                             CrmEntity            *before,
                             CrmEntity            *after,
                             gboolean              as_server,
                             GError              **error)
{
  const char *from = before != NULL ? crm_entity_get_text (before, "status") : NULL;
  const char *to = crm_entity_get_text (after, "status");

  g_return_val_if_fail (CRM_IS_ENTITY (after), FALSE);

  if (!is_true (after, "is_complaint"))
    {
      set_null (after, "report_next_at");
      if (before != NULL && is_set (before, "assessed_at"))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "is_complaint",
                                     _("A complaint whose reportability was assessed stays a complaint"));
          return FALSE;
        }
      return TRUE;
    }
  if (!is_set (after, "received_at"))
    crm_entity_set_int (after, "received_at", before != NULL && is_set (before, "created_at")
                                              ? crm_entity_get_int (before, "created_at") : g_get_real_time ());
  if (!is_set (after, "received_by") && before != NULL && is_set (before, "created_by"))
    crm_entity_set_int (after, "received_by", crm_entity_get_int (before, "created_by"));
  else if (!is_set (after, "received_by") && actor != NULL && actor->user_id > 0)
    crm_entity_set_int (after, "received_by", actor->user_id);
  if (!compute_report_due (db, before, after, error))
    return FALSE;

  if (to == NULL || g_strcmp0 (from, to) == 0)
    return TRUE;
  if (g_str_equal (to, "resolved") || g_str_equal (to, "closed"))
    return check_may_close (after, error);
  /* reopened: a new closure needs a new approval */
  if (g_strcmp0 (from, "resolved") == 0 || g_strcmp0 (from, "closed") == 0)
    set_null (after, "closure_approved_at");
  return TRUE;
}

/**
 * rapportd_complaints_check_assessor:
 * @db: a connection
 * @actor: the signed-in user
 * @error: return location for a #GError: 403 without the permission
 *
 * Returns: whether @actor's role holds complaint.assess (table
 *   role_permissions; the shipped quality role does)
 */
gboolean
rapportd_complaints_check_assessor (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT 1 FROM role_permissions WHERE role = ? AND permission = 'complaint.assess'");
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  rapportd_sql_add_text (sql, actor->role);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 1)
    return TRUE;
  g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
               _("Assessing a complaint and approving its closure needs the complaint.assess permission "
                 "(the quality role)"));
  return FALSE;
}

/**
 * rapportd_complaints_check_assessment:
 * @body: (nullable): {"reportable": true|false, "report_regime", "assessment_reason"}
 * @error: return location for a #GError: 422 naming the member
 *
 * Returns: whether the assessment says what it must: the decision, the
 *   regime a reportable complaint goes to, and the reason
 */
gboolean
rapportd_complaints_check_assessment (JsonObject  *body,
                                      GError     **error)
{
  static const char * const regimes[] = { "mdr_vigilance", "fda_mdr", "other", NULL };
  JsonNode *reportable = body ? json_object_get_member (body, "reportable") : NULL;
  const char *regime = body ? json_object_get_string_member_with_default (body, "report_regime", NULL) : NULL;
  const char *reason = body ? json_object_get_string_member_with_default (body, "assessment_reason", NULL) : NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));

  if (reportable == NULL || json_node_get_value_type (reportable) != G_TYPE_BOOLEAN)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "reportable",
                                 _("Say whether the complaint must be reported to a regulator: true or false"));
      return FALSE;
    }
  if (json_node_get_boolean (reportable) && (regime == NULL || !g_strv_contains (regimes, regime)))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "report_regime",
                                 _("Name the regulator a reportable complaint goes to: mdr_vigilance, fda_mdr or other"));
      return FALSE;
    }
  if (!json_node_get_boolean (reportable) && regime != NULL && !g_str_equal (regime, "none"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "report_regime",
                                 _("A complaint that is not reportable goes to no regulator"));
      return FALSE;
    }
  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > 20000)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "assessment_reason",
                                 _("Give the reason for the decision (up to 20,000 characters)"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_complaint (CrmEntity  *record,
                 GError    **error)
{
  if (is_true (record, "is_complaint"))
    return TRUE;
  g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("Case %s is not a complaint"),
               crm_entity_get_text (record, "number"));
  return FALSE;
}

/**
 * rapportd_complaints_assess:
 * @db: a connection inside the request's transaction
 * @actor: the assessor, whose permission and password were checked
 * @complaint: the case as stored, locked for update
 * @body: the assessment, checked by rapportd_complaints_check_assessment()
 * @signature_id: (out): the signature's id
 * @error: return location for a #GError
 *
 * Writes the decision, the regime and the reason with the time and the
 * assessor (one audited change of the case), then signs that version of
 * the case meaning "assessed" (the SHA-256 of its exact JSON), the
 * signature audited too.
 *
 * Returns: (transfer full) (nullable): the case as assessed
 */
CrmEntity *
rapportd_complaints_assess (RapportdDb           *db,
                            const RapportdActor  *actor,
                            CrmEntity            *complaint,
                            JsonObject           *body,
                            gint64               *signature_id,
                            GError              **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  g_autofree char *summary = NULL;
  gboolean reportable = json_object_get_boolean_member_with_default (body, "reportable", FALSE);
  const char *regime = json_object_get_string_member_with_default (body, "report_regime", "none");
  g_autofree char *reason = g_strstrip (g_strdup (json_object_get_string_member_with_default (body, "assessment_reason", "")));
  RapportdSignature assessed = { "assessed", reason };
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (db != NULL && actor != NULL && body != NULL && signature_id != NULL, NULL);
  g_return_val_if_fail (CRM_IS_ENTITY (complaint), NULL);

  if (!check_complaint (complaint, error))
    return NULL;
  crm_entity_set_version (patch, crm_entity_get_version (complaint));
  crm_entity_set_bool (patch, "reportable", reportable);
  crm_entity_set_text (patch, "report_regime", reportable ? regime : "none");
  crm_entity_set_text (patch, "assessment_reason", reason);
  crm_entity_set_int (patch, "assessed_at", now);
  crm_entity_set_int (patch, "assessed_by", actor->user_id);
  if ((stored = rapportd_repo_update_as_server (db, actor, crm_entity_get_id (complaint), patch, error)) == NULL ||
      !rapportd_approvals_sign_record (db, actor, stored, &assessed, now, signature_id, error))
    return NULL;
  summary = g_strdup_printf ("{\"meaning\":\"assessed\",\"signature_id\":%" G_GINT64_FORMAT ",\"record_version\":%"
                             G_GINT64_FORMAT ",\"reportable\":%s}", *signature_id, crm_entity_get_version (stored),
                             reportable ? "true" : "false");
  if (!rapportd_audit_append (db, actor->user_id, "case", crm_entity_get_id (stored), "sign", actor->reason, NULL,
                              summary, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static gboolean
check_no_pending_closure (RapportdDb  *db,
                          CrmEntity   *complaint,
                          GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM approvals WHERE entity = 'case' AND record_id = ? "
                                                 "AND state = 'pending' AND `trigger` = 'close' LIMIT 1");
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_add_int (sql, crm_entity_get_id (complaint));
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  if (result->n_rows == 0)
    return TRUE;
  g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("The closure of this complaint already waits for approval %s"),
               rapportd_db_result_get (result, 0, 0));
  return FALSE;
}

/**
 * rapportd_complaints_submit_closure:
 * @db: a connection inside the request's transaction
 * @actor: who asks for the closure
 * @complaint: the case as stored, locked for update
 * @approval_id: (out): the approval started
 * @error: return location for a #GError: 409 for a complaint not yet
 *   assessed, closed, or waiting already; 422 naming root_cause or
 *   report_submitted_at when the investigation or the report is missing
 *
 * Starts the "Complaint closure" workflow (which must be active); its
 * approval, signed, closes the complaint.
 */
gboolean
rapportd_complaints_submit_closure (RapportdDb           *db,
                                    const RapportdActor  *actor,
                                    CrmEntity            *complaint,
                                    gint64               *approval_id,
                                    GError              **error)
{
  g_return_val_if_fail (CRM_IS_ENTITY (complaint), FALSE);
  g_return_val_if_fail (approval_id != NULL, FALSE);

  if (!check_complaint (complaint, error))
    return FALSE;
  if (g_strcmp0 (crm_entity_get_text (complaint, "status"), "closed") == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("This complaint is closed already"));
      return FALSE;
    }
  if (!is_set (complaint, "assessed_at"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("A complaint is submitted for closure only after its reportability assessment is signed"));
      return FALSE;
    }
  if (!has_text (complaint, "root_cause"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "root_cause",
                                 _("Record the investigation’s root cause before the complaint is closed"));
      return FALSE;
    }
  if (is_true (complaint, "reportable") &&
      (!is_set (complaint, "report_submitted_at") || !has_text (complaint, "report_reference")))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "report_submitted_at",
                                 _("A reportable complaint is closed only once its report is submitted: give the time it was "
                                   "submitted and the regulator’s reference"));
      return FALSE;
    }
  return check_no_pending_closure (db, complaint, error) &&
         rapportd_approvals_submit_named (db, actor, rapportd_approvals_gate ("case", "close"), complaint,
                                          CLOSURE_WORKFLOW, approval_id, error);
}

/**
 * rapportd_complaints_closure_decided:
 * @db: a connection inside the transaction of the approval's decision
 * @actor: whose action decided it, as the server
 * @complaint: the case, as stored, locked
 * @approved: whether the closure was approved
 * @error: return location for a #GError
 *
 * An approved closure closes the complaint (resolved too, if it was not),
 * with the time of the approval; a refused or withdrawn one leaves it as it
 * is, to be investigated further.
 */
gboolean
rapportd_complaints_closure_decided (RapportdDb           *db,
                                     const RapportdActor  *actor,
                                     CrmEntity            *complaint,
                                     gboolean              approved,
                                     GError              **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);
  g_autoptr(CrmEntity) stored = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (CRM_IS_ENTITY (complaint), FALSE);

  if (!approved)
    return TRUE;
  crm_entity_set_version (patch, crm_entity_get_version (complaint));
  crm_entity_set_int (patch, "closure_approved_at", now);
  if (!is_set (complaint, "resolved_at"))
    crm_entity_set_int (patch, "resolved_at", now);
  crm_entity_set_text (patch, "status", "closed");
  stored = rapportd_repo_update_as_server (db, actor, crm_entity_get_id (complaint), patch, error);
  return stored != NULL;
}
