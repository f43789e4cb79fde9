/* rapportd-audit-bundle.c: the audit trail exported with its signed checkpoints, and verified offline */
#include "rapportd-audit-bundle.h"
#include "rapportd-checkpoint.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <stdlib.h>
#include <string.h>

#define BUNDLE_FORMAT "rapport-audit-bundle-v1"
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static const char * const row_columns[] = {
  "id", "at", "actor_id", "entity", "entity_id", "action", "reason", "before_json", "after_json", "prev_hash", "hash",
};

static const char * const checkpoint_columns[] = {
  "last_audit_id", "head_hash", "signed_at", "public_key", "signature",
};

/* DATETIME(6) text as it was hashed and signed */
static char *
normalise_time (const char *text)
{
  gint64 usec;

  return text && rapportd_sql_parse_time (text, &usec) ? rapportd_sql_format_time (usec) : g_strdup (text);
}

static void
add_cells (JsonBuilder        *builder,
           RapportdDbResult   *result,
           guint               row,
           const char * const *names,
           guint               n,
           const char         *time_column)
{
  json_builder_begin_object (builder);
  for (guint c = 0; c < n; c++)
    {
      const char *cell = rapportd_db_result_get (result, row, c);

      json_builder_set_member_name (builder, names[c]);
      if (cell == NULL)
        json_builder_add_null_value (builder);
      else if (g_str_equal (names[c], time_column))
        {
          g_autofree char *text = normalise_time (cell);
          json_builder_add_string_value (builder, text);
        }
      else
        json_builder_add_string_value (builder, cell);
    }
  json_builder_end_object (builder);
}

/**
 * rapportd_audit_export:
 * @db: a connection
 * @path: the bundle to write
 * @from_usec: first time included, or 0
 * @to_usec: last time included, or 0
 * @n_rows: (out): rows written
 * @error: return location for a #GError
 *
 * Writes the rows (every column, as stored) and the signed checkpoints that
 * fall among them, as JSON.
 */
gboolean
rapportd_audit_export (RapportdDb   *db,
                       const char   *path,
                       gint64        from_usec,
                       gint64        to_usec,
                       guint64      *n_rows,
                       GError      **error)
{
  g_autoptr(RapportdSql) rows_sql = rapportd_sql_new ("SELECT id, at, actor_id, entity, entity_id, action, reason, "
                                                      "before_json, after_json, prev_hash, hash FROM audit_log WHERE at >= ?");
  g_autoptr(RapportdSql) cps_sql = rapportd_sql_new ("SELECT last_audit_id, head_hash, signed_at, public_key, signature "
                                                     "FROM audit_checkpoints WHERE last_audit_id BETWEEN ? AND ? ORDER BY id");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(RapportdDbResult) cps = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = rapportd_sql_format_time (from_usec);
  g_autofree char *text = NULL;
  g_autofree char *exported = crm_json_format_timestamp (g_get_real_time ());
  guint64 first = 0, last = 0;

  rapportd_sql_add_text (rows_sql, from);
  if (to_usec > 0)
    {
      g_autofree char *to = rapportd_sql_format_time (to_usec);
      rapportd_sql_append (rows_sql, " AND at <= ?");
      rapportd_sql_add_text (rows_sql, to);
    }
  rapportd_sql_append (rows_sql, " ORDER BY id");
  if ((rows = rapportd_db_query (db, rows_sql, error)) == NULL)
    return FALSE;
  if (rows->n_rows > 0)
    {
      first = g_ascii_strtoull (rapportd_db_result_get (rows, 0, 0), NULL, 10);
      last = g_ascii_strtoull (rapportd_db_result_get (rows, rows->n_rows - 1, 0), NULL, 10);
    }
  rapportd_sql_add_int (cps_sql, first);
  rapportd_sql_add_int (cps_sql, last);
  if ((cps = rapportd_db_query (db, cps_sql, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, BUNDLE_FORMAT);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, exported);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < rows->n_rows; r++)
    add_cells (builder, rows, r, row_columns, G_N_ELEMENTS (row_columns), "at");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "checkpoints");
  json_builder_begin_array (builder);
  for (guint r = 0; r < cps->n_rows; r++)
    add_cells (builder, cps, r, checkpoint_columns, G_N_ELEMENTS (checkpoint_columns), "signed_at");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = crm_json_to_string (root);
  *n_rows = rows->n_rows;
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}


/**
 * rapportd_audit_verify_bundle:
 * @path: a bundle from rapportd_audit_export()
 * @pinned_public_key: (nullable): the server's public key (hex) to insist on
 * @report: (out caller-allocates): rows checked and the first bad row, if any
 * @error: return location for a #GError when the bundle cannot be read
 *
 * Needs no database. Rows must follow each other by id and by hash and
 * hash to their content; every checkpoint's signature must hold and match
 * the row it signs; rows removed after a signed checkpoint are missed.
 */
gboolean
rapportd_audit_verify_bundle (const char          *path,
                              const char          *pinned_public_key,
                              RapportdAuditReport *report,
                              GError             **error)
{
  g_autoptr(JsonNode) bundle = NULL;
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  JsonObject *root;
  JsonArray *rows, *cps;
  const char *prev_hash = NULL;
  const char *key = pinned_public_key;
  guint64 expected = 0;

  memset (report, 0, sizeof *report);
  /* a bundle holds the whole chain: many values, but no deeper than any other text */
  if ((bundle = crm_json_parse_file (path, G_MAXSIZE, error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (bundle) ||
      g_strcmp0 (member ((root = json_node_get_object (bundle)), "format"), BUNDLE_FORMAT) != 0 ||
      (rows = json_object_get_array_member (root, "rows")) == NULL ||
      (cps = json_object_get_array_member (root, "checkpoints")) == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s is not an audit bundle", path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      guint64 id = g_ascii_strtoull (member (row, "id") ? member (row, "id") : "0", NULL, 10);
      g_autofree char *hash = NULL;

      if (i > 0 && id != expected)
        return rapportd_audit_report_problem (report, MIN (id, expected), "row %" G_GUINT64_FORMAT " comes where row %" G_GUINT64_FORMAT
                        " should (rows deleted, inserted or reordered)", id, expected);
      if ((i > 0 || id == 1) && g_strcmp0 (member (row, "prev_hash"), i > 0 ? prev_hash : ZERO_HASH) != 0)
        return rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " does not follow the row before it", id);
      hash = rapportd_audit_row_hash (member (row, "prev_hash"), id, member (row, "at"), member (row, "actor_id"),
                                      member (row, "entity"), member (row, "entity_id"), member (row, "action"),
                                      member (row, "reason"), member (row, "before_json"), member (row, "after_json"));
      if (g_strcmp0 (hash, member (row, "hash")) != 0)
        return rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " was changed: its content no longer matches its hash", id);
      prev_hash = member (row, "hash");
      g_hash_table_insert (hashes, g_memdup2 (&id, sizeof id), g_strdup (prev_hash));
      expected = id + 1;
      report->n_rows++;
    }

  for (guint i = 0; i < json_array_get_length (cps); i++)
    {
      JsonObject *cp = json_array_get_object_element (cps, i);
      gint64 last = g_ascii_strtoll (member (cp, "last_audit_id") ? member (cp, "last_audit_id") : "0", NULL, 10);
      const char *signed_hash;

      if (key == NULL)
        key = member (cp, "public_key");
      if (g_strcmp0 (member (cp, "public_key"), key) != 0 ||
          !rapportd_checkpoint_verify (key, last, member (cp, "head_hash"), member (cp, "signed_at"), member (cp, "signature")))
        return rapportd_audit_report_problem (report, last, "the checkpoint at row %" G_GINT64_FORMAT " is not signed by the server's key", last);
      if ((guint64) last >= expected)
        return rapportd_audit_report_problem (report, expected, "rows %" G_GUINT64_FORMAT " to %" G_GINT64_FORMAT
                        " are missing: a signed checkpoint covers them (truncated)", expected, last);
      signed_hash = g_hash_table_lookup (hashes, &last);
      if (signed_hash != NULL && g_strcmp0 (signed_hash, member (cp, "head_hash")) != 0)
        return rapportd_audit_report_problem (report, last, "row %" G_GINT64_FORMAT " differs from what the checkpoint signed", last);
    }
  return TRUE;
}
