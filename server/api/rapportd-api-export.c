/* rapportd-api-export.c: GET /api/v1/{collection}/export.csv, what the user may see, audited
 *
 * ?format=csv (the default: RFC 4180 in UTF-8; bom=true puts the UTF-8 byte
 * order mark first, charset=gb18030 writes GB18030), xlsx (an Excel
 * workbook) or vcard (contacts only, vCard 3.0); columns=a,b,c (JSON keys,
 * in that order), archived=true|only|false, references=portable (account
 * code, owner login, product code), and the list's own filters, search and
 * sort (GET /{collection}'s parameters). */
#include "rapportd-api.h"
#include "rapportd-export-writers.h"
#include "rapportd-audit.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define EXPORT_PAGE 500

/* RFC 4180 quoting; a leading = + - @ is defused so spreadsheets do not run it */
static void
append_cell (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  if (text && strchr ("=+-@", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (out, '\'');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString   *out,
            GArray    *columns,
            CrmEntity *entity)
{
  for (guint c = 0; c < columns->len; c++)
    {
      g_autofree char *text = rapportd_export_column_text (&g_array_index (columns, RapportdExportColumn, c), entity);

      if (c > 0)
        g_string_append_c (out, ',');
      append_cell (out, text);
    }
  g_string_append (out, "\r\n");
}

typedef enum
{
  EXPORT_CSV,
  EXPORT_XLSX,
  EXPORT_VCARD,
} ExportFormat;

/* format=, bom= and charset=, checked before anything is read */
static gboolean
parse_options (RapportdRequest *request,
               CrmEntityClass  *klass,
               ExportFormat    *format,
               gboolean        *bom,
               gboolean        *gb18030,
               GError         **error)
{
  const char *format_value = rapportd_request_query (request, "format");
  const char *bom_value = rapportd_request_query (request, "bom");
  const char *charset = rapportd_request_query (request, "charset");

  if (format_value == NULL || g_str_equal (format_value, "csv"))
    *format = EXPORT_CSV;
  else if (g_str_equal (format_value, "xlsx"))
    *format = EXPORT_XLSX;
  else if (g_str_equal (format_value, "vcard") && g_str_equal (klass->collection, "contacts"))
    *format = EXPORT_VCARD;
  else
    {
      if (g_str_equal (format_value, "vcard"))
        crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "format", _("Only contacts are exported as vCards"));
      else
        crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "format", _("format is csv, xlsx or vcard"));
      return FALSE;
    }
  if (bom_value != NULL && !g_str_equal (bom_value, "true") && !g_str_equal (bom_value, "false"))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "bom", _("bom is true or false"));
      return FALSE;
    }
  *bom = g_strcmp0 (bom_value, "true") == 0;
  if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0 && g_ascii_strcasecmp (charset, "gb18030") != 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "charset", _("charset is utf-8 or gb18030"));
      return FALSE;
    }
  *gb18030 = charset != NULL && g_ascii_strcasecmp (charset, "gb18030") == 0;
  if (*format != EXPORT_CSV && (*bom || *gb18030))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, *bom ? "bom" : "charset",
                                 _("bom and charset apply to CSV only"));
      return FALSE;
    }
  if (*bom && *gb18030)
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "bom", _("GB18030 is written without a byte order mark"));
      return FALSE;
    }
  return TRUE;
}

/* the parameters that are the export's own; the others are the list's */
static const char * const own_parameters[] = { "format", "bom", "charset", "columns", "archived", "references", NULL };

/* the list's filters, search and sort, read by the list route's own parser
 * from the parameters that are not the export's; a value it refuses is a
 * bad request naming the parameter */
static gboolean
parse_list (RapportdRequest    *request,
            GType               type,
            RapportdListQuery  *query,
            GError            **error)
{
  GHashTable *all = request->query;
  g_autoptr(GHashTable) list = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok;

  if (all != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, all);
      while (g_hash_table_iter_next (&iter, &name, &value))
        if (!g_strv_contains (own_parameters, name))
          g_hash_table_insert (list, name, value);
    }
  request->query = list;
  ok = rapportd_api_records_parse_query (request, type, query, error);
  request->query = all;
  if (!ok)
    {
      if (error && *error && (*error)->domain == CRM_ERROR)
        (*error)->code = CRM_ERROR_BAD_REQUEST;
      return FALSE;
    }
  /* every row, page by page, from the first */
  query->limit = EXPORT_PAGE;
  g_clear_pointer (&query->after, g_free);
  query->count = RAPPORTD_COUNT_NONE;
  return TRUE;
}

/* archived= (false: live records, true: archived ones too, only: archived ones alone),
 * references= and columns= */
static gboolean
parse_selection (RapportdRequest    *request,
                 CrmEntityClass     *klass,
                 ExportFormat        format,
                 RapportdListQuery  *query,
                 GArray            **columns,
                 GError            **error)
{
  const char *archived = rapportd_request_query (request, "archived");
  const char *references = rapportd_request_query (request, "references");

  if (archived == NULL || g_str_equal (archived, "false"))
    query->archived = RAPPORTD_ARCHIVED_EXCLUDE;
  else if (g_str_equal (archived, "true"))
    query->archived = RAPPORTD_ARCHIVED_INCLUDE;
  else if (g_str_equal (archived, "only"))
    query->archived = RAPPORTD_ARCHIVED_ONLY;
  else
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "archived", _("archived is true, only or false"));
      return FALSE;
    }
  if (references != NULL && !g_str_equal (references, "portable"))
    {
      crm_error_set_field_error (error, CRM_ERROR_BAD_REQUEST, "references", _("references is portable"));
      return FALSE;
    }
  /* a vCard has its own properties: it takes no columns */
  if (format == EXPORT_VCARD)
    return TRUE;
  *columns = rapportd_export_columns_parse (klass, rapportd_request_query (request, "columns"),
                                            references != NULL, error);
  return *columns != NULL;
}

static void
append_header (GString *out,
               GArray  *columns)
{
  for (guint c = 0; c < columns->len; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_cell (out, g_array_index (columns, RapportdExportColumn, c).header);
    }
  g_string_append (out, "\r\n");
}

static const char * const format_names[] = { "csv", "xlsx", "vcard" };

/* the response in the format asked for: of the CSV or vCard @out (taken), or of
 * the workbook made of @rows */
static gboolean
answer (RapportdRequest *request,
        CrmEntityClass  *klass,
        GArray          *columns,
        GPtrArray       *rows,
        GString         *out,
        ExportFormat     format,
        gboolean         bom,
        gboolean         gb18030,
        GError         **error)
{
  g_autofree char *text = NULL;
  gsize length;

  switch (format)
    {
    case EXPORT_XLSX:
      {
        g_autoptr(GBytes) bytes = rapportd_export_xlsx (klass, columns, rows, error);

        if (bytes == NULL)
          return FALSE;
        rapportd_request_take_bytes (request, 200, RAPPORTD_XLSX_MEDIA_TYPE, g_steal_pointer (&bytes));
        request->disposition = g_strdup_printf ("attachment; filename=\"%s.xlsx\"", klass->collection);
        return TRUE;
      }
    case EXPORT_VCARD:
      length = out->len;
      text = g_string_free (g_steal_pointer (&out), FALSE);
      rapportd_request_take_bytes (request, 200, "text/vcard; charset=utf-8",
                                   g_bytes_new_take (g_steal_pointer (&text), length));
      request->disposition = g_strdup_printf ("attachment; filename=\"%s.vcf\"", klass->collection);
      return TRUE;
    case EXPORT_CSV:
    default:
      break;
    }

  text = g_string_free (g_steal_pointer (&out), FALSE);
  if (gb18030)
    {
      gsize written = 0;
      char *converted = g_convert (text, -1, "GB18030", "UTF-8", NULL, &written, error);

      if (converted == NULL)
        return FALSE;
      rapportd_request_take_bytes (request, 200, "text/csv; charset=gb18030", g_bytes_new_take (converted, written));
      return TRUE;
    }
  if (bom)
    {
      char *marked = g_strconcat ("\xEF\xBB\xBF", text, NULL);

      length = strlen (marked);
      rapportd_request_take_bytes (request, 200, "text/csv; charset=utf-8", g_bytes_new_take (marked, length));
      return TRUE;
    }
  rapportd_request_take_body (request, 200, g_steal_pointer (&text));
  request->media_type = "text/csv; charset=utf-8";
  return TRUE;
}

/* what the audit keeps of an export: its rows, search, format and every parameter it was given */
static char *
audit_summary (RapportdRequest *request,
               guint            n_rows,
               ExportFormat     format)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *q = rapportd_request_query (request, "q");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, n_rows);
  json_builder_set_member_name (builder, "q");
  if (q)
    json_builder_add_string_value (builder, q);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format_names[format]);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  if (request->query != NULL)
    {
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (request->query), (GCompareFunc) strcmp);

      for (GList *l = names; l; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_string_value (builder, g_hash_table_lookup (request->query, l->data));
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}

RAPPORTD_HANDLER (rapportd_api_records_export)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  CrmEntityClass *klass;
  RapportdListQuery query;
  /* a workbook is made of the records; CSV and vCards are written page by page */
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) columns = NULL;
  GString *out = NULL;
  guint n_rows = 0;
  g_autofree char *summary = NULL;
  ExportFormat format;
  gboolean bom, gb18030, portable;
  int restricted;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  klass = g_type_class_peek (type);
  if (!parse_options (request, klass, &format, &bom, &gb18030, error))
    return FALSE;
  rapportd_list_query_init (&query);
  if (!parse_list (request, type, &query, error) ||
      !parse_selection (request, klass, format, &query, &columns, error))
    {
      rapportd_list_query_clear (&query);
      return FALSE;
    }
  portable = rapportd_request_query (request, "references") != NULL && format != EXPORT_VCARD;

  if (format == EXPORT_CSV)
    {
      out = g_string_new (NULL);
      append_header (out, columns);
    }
  else if (format == EXPORT_VCARD)
    out = g_string_new (NULL);

  /* Art. 18: records whose processing is restricted stay out of exports */
  if ((restricted = crm_entity_class_find_field (klass, "restricted")) >= 0)
    rapportd_list_query_add_filter (&query, restricted, "0");
  do
    {
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) page = rapportd_repo_list (db, &request->actor, type, &query, &next, error);

      if (page == NULL || (portable && !rapportd_export_name_portable (db, page, error)))
        {
          rapportd_list_query_clear (&query);
          if (out != NULL)
            g_string_free (out, TRUE);
          return FALSE;
        }
      for (guint i = 0; i < page->len; i++)
        if (format == EXPORT_CSV)
          append_row (out, columns, page->pdata[i]);
        else if (format == EXPORT_VCARD)
          rapportd_export_vcard_append (out, page->pdata[i]);
        else
          g_ptr_array_add (rows, g_object_ref (page->pdata[i]));
      n_rows += page->len;
      g_free (query.after);
      query.after = g_steal_pointer (&next);
    }
  while (query.after != NULL);
  rapportd_list_query_clear (&query);

  /* a read that takes data out of the system is audited */
  summary = audit_summary (request, n_rows, format);
  if (!rapportd_audit_append (db, request->actor.user_id, klass->entity_name, 0, "export",
                              request->actor.reason, NULL, summary, error))
    {
      if (out != NULL)
        g_string_free (out, TRUE);
      return FALSE;
    }
  return answer (request, klass, columns, rows, out, format, bom, gb18030, error);
}
