/* rapportd-api-export.c: GET /api/v1/{collection}/export.csv, what the user may see, audited */
#include "rapportd-api.h"
#include "rapportd-audit.h"
#include "rapportd-repo.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-money.h"

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

static char *
cell_text (const CrmFieldSpec *spec,
           const CrmValue     *value)
{
  if (!value->set || value->is_null)
    return g_strdup ("");
  switch (spec->type)
    {
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case CRM_FIELD_BOOL:
      return g_strdup (value->i ? "true" : "false");
    case CRM_FIELD_MONEY:
      return crm_money_to_string (crm_money_new (value->i, spec->scale));
    case CRM_FIELD_TIMESTAMP:
      return crm_json_format_timestamp (value->i);
    case CRM_FIELD_TAGS:
      return value->tags ? g_strjoinv (";", value->tags) : g_strdup ("");
    default:
      return g_strdup (value->s ? value->s : "");
    }
}

static void
append_row (GString   *out,
            CrmEntity *entity)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);
  gboolean first = TRUE;

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = NULL;

      if (fields[i].flags & CRM_FIELD_HIDDEN)
        continue;
      text = cell_text (&fields[i], crm_entity_value (entity, i));
      if (!first)
        g_string_append_c (out, ',');
      append_cell (out, text);
      first = FALSE;
    }
  g_string_append (out, "\r\n");
}

RAPPORTD_HANDLER (rapportd_api_records_export)
{
  GType type = crm_entities_lookup_collection (request->segments[0]);
  CrmEntityClass *klass;
  RapportdListQuery query;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *summary = NULL;
  const char *q = rapportd_request_query (request, "q");
  int restricted;
  guint n_rows = 0;
  gboolean first = TRUE;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such collection: %s"), request->segments[0]);
      return FALSE;
    }
  klass = g_type_class_peek (type);

  for (guint i = 0; i < klass->n_fields; i++)
    if (!(klass->fields[i].flags & CRM_FIELD_HIDDEN))
      {
        if (!first)
          g_string_append_c (out, ',');
        append_cell (out, crm_field_spec_get_json_key (&klass->fields[i]));
        first = FALSE;
      }
  g_string_append (out, "\r\n");

  rapportd_list_query_init (&query);
  query.q = g_strdup (q);
  query.limit = EXPORT_PAGE;
  /* Art. 18: records whose processing is restricted stay out of exports */
  if ((restricted = crm_entity_class_find_field (klass, "restricted")) >= 0)
    rapportd_list_query_add_filter (&query, restricted, "0");
  do
    {
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) page = rapportd_repo_list (db, &request->actor, type, &query, &next, error);

      if (page == NULL)
        {
          rapportd_list_query_clear (&query);
          return FALSE;
        }
      for (guint i = 0; i < page->len; i++)
        append_row (out, page->pdata[i]);
      n_rows += page->len;
      g_free (query.after);
      query.after = g_steal_pointer (&next);
    }
  while (query.after != NULL);
  rapportd_list_query_clear (&query);

  /* a read that takes data out of the system is audited */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "rows");
    json_builder_add_int_value (builder, n_rows);
    json_builder_set_member_name (builder, "q");
    if (q)
      json_builder_add_string_value (builder, q);
    else
      json_builder_add_null_value (builder);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    summary = crm_json_to_string (root);
  }
  if (!rapportd_audit_append (db, request->actor.user_id, klass->entity_name, 0, "export",
                              request->actor.reason, NULL, summary, error))
    return FALSE;
  rapportd_request_take_body (request, 200, g_string_free (g_steal_pointer (&out), FALSE));
  request->media_type = "text/csv; charset=utf-8";
  return TRUE;
}
