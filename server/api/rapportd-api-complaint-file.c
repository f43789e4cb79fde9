/* rapportd-api-complaint-file.c: a complaint's whole file as PDF through the shared renderer, its read audited */
#include "rapportd-api.h"
#include "rapportd-audit.h"
#include "rapportd-auth.h"
#include "rapportd-language.h"
#include "rapportd-render-pool.h"
#include "crm-case.h"
#include "crm-error.h"
#include "crm-renderer.h"

#include <glib/gi18n-lib.h>

#define TEMPLATE_RESOURCE "/org/rapport/rapportd/templates/default.json"
/* the newest changes of the case the file shows */
#define AUDIT_EXTRACT_ROWS 200

/* the fields of the case each section shows, as the metamodel names them */
static const char * const case_fields[] = {
  "number", "subject", "account", "contact", "product", "serial_lot", "order", "contract", "status", "priority",
  "channel", "owner", "created_at", "resolved_at", "closed_at", NULL
};
static const char * const received_fields[] = {
  "received_at", "received_by", "complaint_type", "event_description", "patient_impact", NULL
};
static const char * const assessment_fields[] = {
  "reportable", "report_regime", "assessment_reason", "assessed_by", "assessed_at", NULL
};
static const char * const investigation_fields[] = { "root_cause", "capa_reference", NULL };
static const char * const report_fields[] = {
  "report_due_at", "report_warned_at", "report_overdue_at", "report_submitted_at", "report_reference",
  "closure_approved_at", NULL
};

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return at ? g_date_time_format (at, "%Y-%m-%d %H:%M UTC") : NULL;
}

/* a field's value as a reader reads it: a choice's label, a reference's
 * name, a time in UTC, yes or no */
static char *
field_text (CrmEntity *record,
            int        field)
{
  const CrmFieldSpec *spec = &CRM_ENTITY_GET_CLASS (record)->fields[field];
  const CrmValue *value = crm_entity_value (record, field);

  if (!crm_entity_has_value (record, field) || value->is_null)
    return NULL;
  switch (spec->type)
    {
    case CRM_FIELD_BOOL:
      return g_strdup (crm_entity_get_bool (record, spec->name) ? _("Yes") : _("No"));
    case CRM_FIELD_TIMESTAMP:
      return format_time (crm_entity_get_int (record, spec->name));
    case CRM_FIELD_ENUM:
      return g_strdup (crm_field_spec_enum_label (spec, crm_entity_get_text (record, spec->name)));
    case CRM_FIELD_REFERENCE:
      return g_strdup (crm_entity_get_reference_name (record, field));
    case CRM_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, crm_entity_get_int (record, spec->name));
    default:
      return g_strdup (crm_entity_get_text (record, spec->name));
    }
}

static void
add_section (CrmRenderDocument  *render,
             CrmEntity          *record,
             const char         *heading,
             const char * const *names)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);

  crm_render_document_add_section (render, heading);
  for (guint i = 0; names[i] != NULL; i++)
    {
      int field = crm_entity_class_find_field (klass, names[i]);
      g_autofree char *text = NULL;

      if (field < 0)
        continue;
      text = field_text (record, field);
      crm_render_document_add_field (render, crm_field_spec_get_label (&klass->fields[field]), text);
    }
}

/* every signature given on the case: the assessment's and the closure
 * approval's, each with its manifestation (name, role, meaning, UTC time)
 * in the signatures block and, in the section, the version and hash it binds */
static gboolean
add_signatures (RapportdDb         *db,
                CrmRenderDocument  *render,
                CrmEntity          *record,
                GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT signer_name, signer_role, meaning, signed_at, record_version, "
                                                 "record_sha256, approval_id, comment FROM signatures "
                                                 "WHERE entity = 'case' AND record_id = ? ORDER BY id");
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_add_int (sql, crm_entity_get_id (record));
  if ((rows = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  crm_render_document_add_section (render, _("Electronic signatures"));
  for (guint i = 0; i < rows->n_rows; i++)
    {
      gint64 usec = 0;
      g_autoptr(GDateTime) at = NULL;
      g_autofree char *when = NULL;
      g_autofree char *line = NULL;
      const char *approval = rapportd_db_result_get (rows, i, 6);
      const char *comment = rapportd_db_result_get (rows, i, 7);

      if (!rapportd_sql_parse_time (rapportd_db_result_get (rows, i, 3), &usec))
        continue;
      at = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      when = format_time (usec);
      crm_render_document_add_approval (render, rapportd_db_result_get (rows, i, 0), rapportd_db_result_get (rows, i, 1),
                                        rapportd_db_result_get (rows, i, 2), at);
      /* TRANSLATORS: a signature on a complaint's file: signer, meaning, time, the record version and its SHA-256 */
      line = g_strdup_printf (_("%s, %s, %s; version %s, SHA-256 %s%s%s%s%s"), rapportd_db_result_get (rows, i, 0),
                              rapportd_db_result_get (rows, i, 2), when, rapportd_db_result_get (rows, i, 4),
                              rapportd_db_result_get (rows, i, 5), approval ? _("; approval ") : "", approval ? approval : "",
                              comment ? "\n" : "", comment ? comment : "");
      crm_render_document_add_field (render, g_str_equal (rapportd_db_result_get (rows, i, 2), "assessed")
                                             ? _("Reportability assessment") : _("Closure approval"), line);
    }
  return TRUE;
}

/* the newest changes of the case from its audit trail, oldest first */
static gboolean
add_audit_extract (RapportdDb         *db,
                   CrmRenderDocument  *render,
                   CrmEntity          *record,
                   GError            **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_appendf (sql, "SELECT a.id, a.at, COALESCE(u.name, u.login, 'system'), a.action, a.reason "
                        "FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
                        "WHERE a.entity = 'case' AND a.entity_id = ? ORDER BY a.id DESC LIMIT %u", AUDIT_EXTRACT_ROWS);
  rapportd_sql_add_int (sql, crm_entity_get_id (record));
  if ((rows = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  crm_render_document_add_section (render, _("Audit trail (extract)"));
  for (guint i = rows->n_rows; i-- > 0;)
    {
      gint64 usec = 0;
      g_autofree char *when = NULL;
      g_autofree char *what = NULL;
      const char *reason = rapportd_db_result_get (rows, i, 4);

      if (!rapportd_sql_parse_time (rapportd_db_result_get (rows, i, 1), &usec))
        continue;
      when = format_time (usec);
      /* TRANSLATORS: one row of an audit trail: audit row id, who, what they did, why */
      what = g_strdup_printf (_("#%s %s: %s%s%s"), rapportd_db_result_get (rows, i, 0), rapportd_db_result_get (rows, i, 2),
                              rapportd_db_result_get (rows, i, 3), reason ? " — " : "", reason ? reason : "");
      crm_render_document_add_field (render, when, what);
    }
  return TRUE;
}

static CrmRenderDocument *
build_file (RapportdDb  *db,
            CrmEntity   *record,
            GError     **error)
{
  /* its "revision" is the case's version it shows, the one its read is audited with */
  g_autoptr(CrmRenderDocument) render = crm_render_document_new (CRM_RENDER_DOCUMENT_COMPLAINT_FILE,
                                                                 crm_entity_get_text (record, "number"),
                                                                 (guint) crm_entity_get_version (record));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const char * const no_address[] = { NULL };
  int account = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "account");
  int contact = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), "contact");

  crm_render_document_set_subject (render, crm_entity_get_text (record, "subject"));
  crm_render_document_set_issue_date (render, today);
  crm_render_document_set_customer (render, crm_entity_get_reference_name (record, account), no_address,
                                    crm_entity_get_reference_name (record, contact), NULL);
  add_section (render, record, _("Case"), case_fields);
  add_section (render, record, _("Complaint received"), received_fields);
  add_section (render, record, _("Reportability assessment"), assessment_fields);
  add_section (render, record, _("Investigation"), investigation_fields);
  add_section (render, record, _("Regulatory report and closure"), report_fields);
  if (!add_signatures (db, render, record, error) || !add_audit_extract (db, render, record, error))
    return NULL;
  return g_steal_pointer (&render);
}

/* runs on a render thread: see rapportd-render-pool.c */
static gpointer
draw_pdf (gpointer   renderer,
          GError   **error)
{
  return crm_renderer_render_pdf (renderer, NULL, error);
}

/* the reader's language, as the labels are translated: the request's, or
 * without Accept-Language rapportd's own */
static const char *
file_language (RapportdRequest *request)
{
  switch (rapportd_language_resolve (request->accept_language))
    {
    case RAPPORTD_LANGUAGE_CHINESE:
      return "zh_CN";
    case RAPPORTD_LANGUAGE_ENGLISH:
      return "en";
    default:
      return g_str_has_prefix (g_get_language_names ()[0], "zh") ? "zh_CN" : "en";
    }
}

/* the shipped template, in the reader's language */
static CrmRenderer *
file_renderer (RapportdRequest    *request,
               CrmRenderDocument  *render,
               GError            **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (TEMPLATE_RESOURCE, 0, error);
  g_autoptr(CrmRenderTemplate) template = NULL;

  if (bytes == NULL || (template = crm_render_template_new_from_json (g_bytes_get_data (bytes, NULL), error)) == NULL)
    return NULL;
  crm_render_template_set_language (template, file_language (request));
  return crm_renderer_new (template, render);
}

/* GET /cases/:id/complaint-file.pdf: the complaint's file (the case, its
 * complaint, the assessment and closure with their signatures, an extract
 * of its audit trail), in the reader's language; the read is audited as a
 * printed document's is ("print") */
RAPPORTD_HANDLER (rapportd_api_complaints_file)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(CrmRenderDocument) render = NULL;
  g_autoptr(CrmRenderer) renderer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *sha256 = NULL;
  gint64 id;

  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      !rapportd_auth_refresh_actor (db, request->token, &request->actor, error) ||
      (record = rapportd_repo_get (db, &request->actor, CRM_TYPE_CASE, id, FALSE, error)) == NULL)
    return FALSE;
  if (!crm_entity_get_bool (record, "is_complaint"))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("Case %s is not a complaint"),
                   crm_entity_get_text (record, "number"));
      return FALSE;
    }
  g_ptr_array_add (items, record);
  if (!rapportd_repo_name_references (db, items, error) ||
      (render = build_file (db, record, error)) == NULL ||
      (renderer = file_renderer (request, render, error)) == NULL ||
      (pdf = rapportd_render_pool_run (draw_pdf, renderer, error)) == NULL)
    return FALSE;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  summary = g_strdup_printf ("{\"format\":\"pdf\",\"document\":\"complaint-file\",\"sha256\":\"%s\",\"version\":%"
                             G_GINT64_FORMAT "}", sha256, crm_entity_get_version (record));
  if (!rapportd_audit_append (db, request->actor.user_id, "case", id, "print", request->actor.reason, NULL, summary, error))
    return FALSE;
  rapportd_request_take_bytes (request, 200, "application/pdf", g_steal_pointer (&pdf));
  return TRUE;
}
