/* rapportd-api-pdf.c: issuing a document as an archived PDF, and serving it, every read audited */
#include "rapportd-api.h"
#include "rapportd-api-documents.h"
#include "rapportd-audit.h"
#include "rapportd-auth.h"
#include "rapportd-render-pool.h"
#include "rapportd-repo.h"
#include "crm-account.h"
#include "crm-contact.h"
#include "crm-product.h"
#include "crm-document-render.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-renderer.h"

#include <glib/gi18n-lib.h>

#define TEMPLATE_RESOURCE "/org/rapport/rapportd/templates/default.json"

static char *base_currency;

/**
 * rapportd_documents_set_base_currency:
 * @currency: the company's currency, e.g. "CNY"; set once, at start
 */
void
rapportd_documents_set_base_currency (const char *currency)
{
  g_free (base_currency);
  base_currency = g_strdup (currency);
}

/* The template a document names: a stored one (its version is the
 * record's, which the issued document records), or the shipped default,
 * whose language "en" or "zh_CN" a document may name instead. */
static CrmRenderTemplate *
load_template (RapportdDb  *db,
               CrmEntity   *document,
               char       **used,
               GError     **error)
{
  const char *name = crm_entity_get_text (document, "template");
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT content, version FROM templates WHERE name = ? AND archived = 0");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CrmRenderTemplate) template = NULL;

  rapportd_sql_add_text (sql, name ? name : "default");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows == 1)
    {
      if ((template = crm_render_template_new_from_json (rapportd_db_result_get (result, 0, 0), error)) == NULL)
        return NULL;
      crm_render_template_set_version (template, g_ascii_strtoull (rapportd_db_result_get (result, 0, 1), NULL, 10));
      *used = g_strdup (name ? name : "default");
      return g_steal_pointer (&template);
    }

  bytes = g_resources_lookup_data (TEMPLATE_RESOURCE, 0, error);
  if (bytes == NULL ||
      (template = crm_render_template_new_from_json (g_bytes_get_data (bytes, NULL), error)) == NULL)
    return NULL;
  if (name != NULL && crm_render_language_is_supported (name))
    crm_render_template_set_language (template, name);
  *used = g_strdup_printf ("shipped:%s", crm_render_template_get_language (template));
  return g_steal_pointer (&template);
}

/* the document's customer and contact, as the system reads them */
static CrmRenderDocument *
render_document (RapportdDb  *db,
                 CrmEntity   *document,
                 GError     **error)
{
  g_autoptr(CrmEntity) account = NULL;
  g_autoptr(CrmEntity) contact = NULL;
  g_autoptr(RapportdSql) signatures = rapportd_sql_new ("SELECT signer_name, signer_role, meaning, signed_at FROM signatures "
                                                        "WHERE entity = ? AND record_id = ? ORDER BY id");
  g_autoptr(RapportdDbResult) signed_rows = NULL;
  g_autoptr(CrmRenderDocument) render = NULL;
  g_autoptr(GHashTable) codes = NULL;
  GPtrArray *lines = crm_entity_get_lines (document);
  gint64 contact_id = crm_entity_get_int (document, "contact");

  account = rapportd_repo_get (db, NULL, CRM_TYPE_ACCOUNT, crm_entity_get_int (document, "account"), FALSE, error);
  if (account == NULL)
    return NULL;
  if (contact_id > 0 && (contact = rapportd_repo_get (db, NULL, CRM_TYPE_CONTACT, contact_id, FALSE, error)) == NULL)
    return NULL;
  /* the code column shows each product's code */
  codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      gint64 product_id = crm_entity_get_int (lines->pdata[i], "product");
      g_autoptr(CrmEntity) product = NULL;

      if (product_id <= 0 || g_hash_table_contains (codes, &product_id))
        continue;
      if ((product = rapportd_repo_get (db, NULL, CRM_TYPE_PRODUCT, product_id, FALSE, NULL)) != NULL)
        g_hash_table_insert (codes, g_memdup2 (&product_id, sizeof product_id),
                             g_strdup (crm_entity_get_text (product, "code")));
    }
  render = crm_document_render_new_full (document, account, contact, base_currency ? base_currency : "CNY", codes);
  /* the electronic signatures given on it: name, role, meaning, UTC time */
  rapportd_sql_add_text (signatures, crm_entity_get_entity_name (document));
  rapportd_sql_add_int (signatures, crm_entity_get_id (document));
  if ((signed_rows = rapportd_db_query (db, signatures, error)) == NULL)
    return NULL;
  for (guint i = 0; i < signed_rows->n_rows; i++)
    {
      gint64 usec = 0;
      g_autoptr(GDateTime) at = NULL;

      if (!rapportd_sql_parse_time (rapportd_db_result_get (signed_rows, i, 3), &usec))
        continue;
      at = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      crm_render_document_add_approval (render, rapportd_db_result_get (signed_rows, i, 0),
                                        rapportd_db_result_get (signed_rows, i, 1),
                                        rapportd_db_result_get (signed_rows, i, 2), at);
    }
  return g_steal_pointer (&render);
}

/* What a render needs, read from the database: it is drawn afterwards,
 * outside any transaction */
static CrmRenderer *
prepare_render (RapportdDb   *db,
                CrmEntity    *document,
                char        **template_name,
                guint        *template_version,
                GError      **error)
{
  g_autoptr(CrmRenderTemplate) template = load_template (db, document, template_name, error);
  g_autoptr(CrmRenderDocument) render = NULL;

  if (template == NULL || (render = render_document (db, document, error)) == NULL)
    return NULL;
  *template_version = crm_render_template_get_version (template);
  return crm_renderer_new (template, render);
}

/* runs on a render thread: see rapportd-render-pool.c */
static gpointer
draw_pdf (gpointer   renderer,
          GError   **error)
{
  return crm_renderer_render_pdf (renderer, NULL, error);
}

static GBytes *
render_pdf (RapportdDb   *db,
            CrmEntity    *document,
            char        **template_name,
            guint        *template_version,
            GError      **error)
{
  g_autoptr(CrmRenderer) renderer = prepare_render (db, document, template_name, template_version, error);

  if (renderer == NULL)
    return NULL;
  return rapportd_render_pool_run (draw_pdf, renderer, error);
}

struct _RapportdIssueRender
{
  GBytes *pdf;
  char   *template_name;
  guint   template_version;
};

void
rapportd_issue_render_free (RapportdIssueRender *render)
{
  if (render == NULL)
    return;
  g_clear_pointer (&render->pdf, g_bytes_unref);
  g_free (render->template_name);
  g_free (render);
}

/**
 * rapportd_documents_render_issue:
 * @db: a connection inside the transaction that issues the document
 * @document: the document as it is read in that transaction, locked
 * @error: return location for a #GError
 *
 * Draws the PDF that rapportd_documents_issue_rendered() archives. What
 * the PDF shows does not depend on the document's status, so a step may
 * draw it before it changes the status: then no audit row has been written
 * yet, and drawing holds no lock of the audit trail, only the document's.
 *
 * Returns: (transfer full): the PDF and the template that drew it
 */
RapportdIssueRender *
rapportd_documents_render_issue (RapportdDb  *db,
                                 CrmEntity   *document,
                                 GError     **error)
{
  g_autoptr(RapportdIssueRender) render = g_new0 (RapportdIssueRender, 1);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (CRM_IS_ENTITY (document), NULL);

  render->pdf = render_pdf (db, document, &render->template_name, &render->template_version, error);
  if (render->pdf == NULL)
    return NULL;
  return g_steal_pointer (&render);
}

/**
 * rapportd_documents_issue_rendered:
 * @db: a connection inside the transaction that issues the document
 * @actor: who issues it
 * @type: the document's type
 * @id: its id
 * @render: its PDF, from rapportd_documents_render_issue() in the same
 *   transaction
 * @error: return location for a #GError
 *
 * Archives the PDF with its SHA-256 and the template's version, and records
 * the hash on the document. An issued PDF is never rendered again: a change
 * makes a new revision.
 */
gboolean
rapportd_documents_issue_rendered (RapportdDb          *db,
                                   const RapportdActor *actor,
                                   GType                type,
                                   gint64               id,
                                   RapportdIssueRender *render,
                                   GError             **error)
{
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(RapportdSql) sql = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *now = rapportd_sql_format_time (g_get_real_time ());

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (render != NULL && render->pdf != NULL, FALSE);

  if ((document = rapportd_repo_get (db, NULL, type, id, FALSE, error)) == NULL)
    return FALSE;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, render->pdf);
  encoded = g_base64_encode (g_bytes_get_data (render->pdf, NULL), g_bytes_get_size (render->pdf));

  sql = rapportd_sql_new ("INSERT INTO issued_documents (entity, record_id, record_version, sha256, template_name, "
                          "template_version, pdf_base64, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_text (sql, crm_entity_get_entity_name (document));
  rapportd_sql_add_int (sql, id);
  rapportd_sql_add_int (sql, crm_entity_get_version (document));
  rapportd_sql_add_text (sql, sha256);
  rapportd_sql_add_text (sql, render->template_name);
  rapportd_sql_add_int (sql, render->template_version);
  rapportd_sql_add_text (sql, encoded);
  rapportd_sql_add_text (sql, now);
  rapportd_sql_add_int (sql, actor->user_id);
  if (!rapportd_db_execute (db, sql, NULL, NULL, error))
    return FALSE;

  patch = crm_entity_new (type);
  crm_entity_set_version (patch, crm_entity_get_version (document));
  crm_entity_set_text (patch, "issued_sha256", sha256);
  stored = rapportd_repo_update_as_server (db, actor, id, patch, error);
  return stored != NULL;
}

/**
 * rapportd_documents_issue:
 * @db: a connection inside the transaction that issues the document
 * @actor: who issues it
 * @type: the document's type
 * @id: its id
 * @error: return location for a #GError
 *
 * Renders the document as it is now and archives it, as
 * rapportd_documents_render_issue() and rapportd_documents_issue_rendered()
 * do one after the other.
 */
gboolean
rapportd_documents_issue (RapportdDb          *db,
                          const RapportdActor *actor,
                          GType                type,
                          gint64               id,
                          GError             **error)
{
  g_autoptr(CrmEntity) document = rapportd_repo_get (db, NULL, type, id, FALSE, error);
  g_autoptr(RapportdIssueRender) render = NULL;

  if (document == NULL || (render = rapportd_documents_render_issue (db, document, error)) == NULL)
    return FALSE;
  return rapportd_documents_issue_rendered (db, actor, type, id, render, error);
}

/* The archived PDF of an issued document, checked against its recorded hash */
static GBytes *
read_archived (RapportdDb  *db,
               CrmEntity   *document,
               const char  *issued,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT pdf_base64, sha256 FROM issued_documents WHERE entity = ? AND record_id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree guchar *data = NULL;
  g_autofree char *served = NULL;
  gsize length = 0;

  rapportd_sql_add_text (sql, crm_entity_get_entity_name (document));
  rapportd_sql_add_int (sql, crm_entity_get_id (document));
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  if (result->n_rows != 1 || g_strcmp0 (rapportd_db_result_get (result, 0, 1), issued) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, _("The issued document is missing from the archive"));
      return NULL;
    }
  data = g_base64_decode (rapportd_db_result_get (result, 0, 0), &length);
  pdf = g_bytes_new_take (g_steal_pointer (&data), length);
  /* what is served is what was archived */
  served = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  if (g_strcmp0 (served, issued) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, _("The issued document does not match its recorded hash"));
      return NULL;
    }
  return g_steal_pointer (&pdf);
}

/* Fails with CRM_ERROR_CONFLICT unless @document is still at the version
 * that was read; the row stays share-locked until the transaction ends, so
 * no change slips in before the audit row commits */
static gboolean
check_version (RapportdDb  *db,
               CrmEntity   *document,
               GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (document);
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;
  gint64 version;

  rapportd_sql_appendf (sql, "SELECT `version` FROM `%s` WHERE `id` = ? LOCK IN SHARE MODE", klass->collection);
  rapportd_sql_add_int (sql, crm_entity_get_id (document));
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  version = result->n_rows == 1 ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) : -1;
  if (version != crm_entity_get_version (document))
    {
      g_autofree char *noun = crm_entity_class_dup_noun (klass);

      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                                 _("This %s changed while its PDF was being made (version %lld, now %lld). "
                                   "Ask for the PDF again."),
                                 noun, (long long) crm_entity_get_version (document), (long long) version);
      return FALSE;
    }
  return TRUE;
}

/* Reads the document and what a render needs in one snapshot, under the
 * user as they are now: @renderer is set for a preview, @pdf for the
 * archived original */
static gboolean
read_for_pdf (RapportdRequest  *request,
              RapportdDb       *db,
              GType             type,
              gint64            id,
              CrmEntity       **document_out,
              CrmRenderer     **renderer,
              GBytes          **pdf,
              char            **issued_out,
              GError          **error)
{
  g_autoptr(CrmEntity) document = NULL;
  g_autofree char *template_name = NULL;
  guint template_version = 0;
  const char *issued;

  if (!rapportd_auth_refresh_actor (db, request->token, &request->actor, error) ||
      (document = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL)
    return FALSE;

  issued = crm_entity_get_text (document, "issued_sha256");
  /* a superseded revision reprints with a notice on every page, unless the
   * archived original is asked for */
  if (g_strcmp0 (crm_entity_get_text (document, "status"), "superseded") == 0 &&
      g_strcmp0 (rapportd_request_query (request, "archived"), "true") != 0)
    issued = NULL;
  if (issued != NULL)
    {
      if ((*pdf = read_archived (db, document, issued, error)) == NULL)
        return FALSE;
    }
  else if ((*renderer = prepare_render (db, document, &template_name, &template_version, error)) == NULL)
    return FALSE;
  *issued_out = g_strdup (issued);
  *document_out = g_steal_pointer (&document);
  return TRUE;
}

/* GET /{documents}/:id/pdf[?archived=true]: the issued PDF as archived;
 * before the document is issued, a preview rendered now; a superseded
 * revision, a reprint that says so. Every read is audited.
 *
 * The route runs outside the router's transaction: the document is read in
 * one short transaction, drawn with no transaction open, and the read is
 * audited in a second one that first checks, under a share lock, that the
 * document is still at the version drawn (409 otherwise). */
RAPPORTD_HANDLER (rapportd_api_documents_pdf)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(CrmRenderer) renderer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *issued = NULL;
  gint64 id;

  if (type == G_TYPE_INVALID || !crm_entity_class_is_document (g_type_class_peek (type)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }
  if (!rapportd_request_segment_id (request, 1, &id, error))
    return FALSE;

  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!read_for_pdf (request, db, type, id, &document, &renderer, &pdf, &issued, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  /* only read: nothing to keep */
  rapportd_db_rollback (db);

  if (renderer != NULL && (pdf = rapportd_render_pool_run (draw_pdf, renderer, error)) == NULL)
    return FALSE;

  /* a read that takes data out of the system is audited */
  summary = g_strdup_printf ("{\"format\":\"pdf\",\"archived\":%s,\"sha256\":\"%s\",\"version\":%" G_GINT64_FORMAT "}",
                             issued ? "true" : "false", issued ? issued : "", crm_entity_get_version (document));
  if (!rapportd_db_begin (db, error))
    return FALSE;
  if ((issued == NULL && !check_version (db, document, error)) ||
      !rapportd_audit_append (db, request->actor.user_id, crm_entity_get_entity_name (document), id, "print",
                              request->actor.reason, NULL, summary, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  if (!rapportd_db_commit (db, error))
    return FALSE;
  rapportd_request_take_bytes (request, 200, "application/pdf", g_steal_pointer (&pdf));
  return TRUE;
}

/* POST /{documents}/:id/printed {"copies":N,"pages":N}: a print made on a
 * client from the record it shows is a read that takes data out, audited
 * like the server's PDF */
RAPPORTD_HANDLER (rapportd_api_documents_printed)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  g_autoptr(CrmEntity) document = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *summary = NULL;
  gint64 id, copies = 1, pages = 0;

  if (type == G_TYPE_INVALID || !crm_entity_class_is_document (g_type_class_peek (type)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such resource: %s"), request->path);
      return FALSE;
    }
  if (!rapportd_request_segment_id (request, 1, &id, error) ||
      (document = rapportd_repo_get (db, &request->actor, type, id, FALSE, error)) == NULL)
    return FALSE;
  if (request->body != NULL && g_bytes_get_size (request->body) > 0)
    {
      if ((body = rapportd_request_body_object (request, error)) == NULL)
        return FALSE;
      copies = json_object_get_int_member_with_default (body, "copies", 1);
      pages = json_object_get_int_member_with_default (body, "pages", 0);
    }
  summary = g_strdup_printf ("{\"format\":\"print\",\"version\":%" G_GINT64_FORMAT ",\"copies\":%" G_GINT64_FORMAT
                             ",\"pages\":%" G_GINT64_FORMAT "}", crm_entity_get_version (document), copies, pages);
  if (!rapportd_audit_append (db, request->actor.user_id, crm_entity_get_entity_name (document), id, "print",
                              request->actor.reason, NULL, summary, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_strdup ("{\"audited\":true}"));
  return TRUE;
}
