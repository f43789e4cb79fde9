/* rapportd-audit-bundle.c: the audit trail exported with its signed checkpoints, and verified offline */
#include "rapportd-audit-bundle.h"
#include "rapportd-checkpoint.h"
#include "rapportd-signed-heads.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <stdlib.h>
#include <string.h>

/* v1: the single chain of old; v2: rows name their chain and the row before
 * them in it, checkpoints sign every chain's head */
#define BUNDLE_FORMAT "rapport-audit-bundle-v2"
#define BUNDLE_FORMAT_V1 "rapport-audit-bundle-v1"

static const char * const row_columns[] = {
  "id", "chain", "prev_id", "at", "actor_id", "entity", "entity_id", "action", "reason", "before_json", "after_json",
  "prev_hash", "hash",
};

static const char * const checkpoint_columns[] = {
  "last_audit_id", "head_hash", "signed_at", "public_key", "signature", "heads",
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

static gboolean
export_snapshot (RapportdDb   *db,
                 const char   *path,
                 gint64        from_usec,
                 gint64        to_usec,
                 guint64      *n_rows,
                 GError      **error)
{
  g_autoptr(RapportdSql) rows_sql = rapportd_sql_new ("SELECT id, chain, prev_id, at, actor_id, entity, entity_id, action, "
                                                      "reason, before_json, after_json, prev_hash, hash "
                                                      "FROM audit_log WHERE at >= ?");
  g_autoptr(RapportdSql) cps_sql = rapportd_sql_new ("SELECT last_audit_id, head_hash, signed_at, public_key, signature, heads "
                                                     "FROM audit_checkpoints WHERE last_audit_id >= ?");
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
  if (to_usec > 0 || rows->n_rows == 0)
    {
      rapportd_sql_append (cps_sql, " AND last_audit_id <= ?");
      rapportd_sql_add_int (cps_sql, last);
    }
  rapportd_sql_append (cps_sql, " ORDER BY id");
  if ((cps = rapportd_db_query (db, cps_sql, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, BUNDLE_FORMAT);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, exported);
  /* null: the trail from its first row, so every row named must be there */
  json_builder_set_member_name (builder, "from");
  if (from_usec > 0)
    {
      g_autofree char *from_text = crm_json_format_timestamp (from_usec);
      json_builder_add_string_value (builder, from_text);
    }
  else
    json_builder_add_null_value (builder);
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

/**
 * rapportd_audit_export:
 * @db: a connection
 * @path: the bundle to write
 * @from_usec: first time included, or 0
 * @to_usec: last time included, or 0
 * @n_rows: (out): rows written
 * @error: return location for a #GError
 *
 * Writes the rows (every column, as stored) in id order and the signed
 * checkpoints from the first of them on (up to the last, for a period
 * with an end), as JSON, from one snapshot of the database.
 */
gboolean
rapportd_audit_export (RapportdDb   *db,
                       const char   *path,
                       gint64        from_usec,
                       gint64        to_usec,
                       guint64      *n_rows,
                       GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (db != NULL && path != NULL && n_rows != NULL, FALSE);

  /* connections read committed by default: rows and checkpoints of one moment */
  if (!rapportd_db_exec (db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", error) ||
      !rapportd_db_exec (db, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", error))
    return FALSE;
  ok = export_snapshot (db, path, from_usec, to_usec, n_rows, error);
  rapportd_db_rollback (db);
  return ok;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* the row's chain and predecessor: a v1 bundle's rows are chain 0, one after another */
static void
row_link (JsonObject *row,
          gboolean    chained,
          guint64     id,
          guint      *chain,
          guint64    *prev_id)
{
  *chain = chained ? (guint) g_ascii_strtoull (member (row, "chain") ? member (row, "chain") : "0", NULL, 10) : 0;
  *prev_id = chained ? g_ascii_strtoull (member (row, "prev_id") ? member (row, "prev_id") : "0", NULL, 10) : id - 1;
}

typedef struct
{
  guint64     last_id;
  const char *hash;
} ChainEnd;

/* one row, in the bundle's order: after the row before it in the bundle,
 * hashed right (its chain and link included), and after the row before it
 * in its chain */
static gboolean
check_row (JsonObject          *row,
           gboolean             chained,
           guint64              first_id,
           guint64              previous,
           GHashTable          *ends,
           RapportdSignedHeads *signed_heads,
           RapportdAuditReport *report)
{
  guint64 id = g_ascii_strtoull (member (row, "id") ? member (row, "id") : "0", NULL, 10);
  g_autofree char *hash = NULL;
  ChainEnd *end;
  guint chain;
  guint64 prev_id;

  row_link (row, chained, id, &chain, &prev_id);
  if (id <= previous)
    return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " comes after row %" G_GUINT64_FORMAT
                                           " (rows reordered or repeated)", id, previous);
  hash = rapportd_audit_row_hash (member (row, "prev_hash"), chain, prev_id, id, member (row, "at"), member (row, "actor_id"),
                                  member (row, "entity"), member (row, "entity_id"), member (row, "action"),
                                  member (row, "reason"), member (row, "before_json"), member (row, "after_json"));
  if (g_strcmp0 (hash, member (row, "hash")) != 0)
    return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " was changed: its content no longer "
                                           "matches its hash (or it was moved to chain %u)", id, chain);
  end = g_hash_table_lookup (ends, GUINT_TO_POINTER (chain));
  /* the first row of its chain in a period's bundle follows a row before the period */
  if (end != NULL || prev_id == 0 || prev_id >= first_id)
    {
      guint64 expected = end ? end->last_id : 0;

      if (prev_id > expected)
        return !rapportd_audit_report_problem (report, prev_id, "row %" G_GUINT64_FORMAT " is missing (deleted, or moved "
                                               "to another chain): row %" G_GUINT64_FORMAT " follows it", prev_id, id);
      if (prev_id < expected)
        return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " does not follow row %"
                                               G_GUINT64_FORMAT " in chain %u (inserted, or moved from another chain)",
                                               id, expected, chain);
      if (g_strcmp0 (member (row, "prev_hash"), end ? end->hash : RAPPORTD_AUDIT_ZERO_HASH) != 0)
        return !rapportd_audit_report_problem (report, id, "row %" G_GUINT64_FORMAT " does not follow the row before it", id);
    }
  rapportd_signed_heads_check_row (signed_heads, id, chain, hash, report);
  if (end == NULL)
    {
      end = g_new0 (ChainEnd, 1);
      g_hash_table_insert (ends, GUINT_TO_POINTER (chain), end);
    }
  end->last_id = id;
  end->hash = member (row, "hash");
  return TRUE;
}

/**
 * rapportd_audit_verify_bundle:
 * @path: a bundle from rapportd_audit_export()
 * @pinned_public_key: (nullable): the server's public key (hex) to insist on
 * @report: (out caller-allocates): rows checked and the first bad row, if any
 * @error: return location for a #GError when the bundle cannot be read
 *
 * Needs no database. Rows must come in id order, each must follow the row
 * before it in its chain by id and by hash and hash to its content; every
 * checkpoint's signature must hold, and each chain head it signs must be
 * there as signed: rows cut off a chain's end after a signed checkpoint
 * are missed. A bundle of a period trusts its first row in each chain.
 */
gboolean
rapportd_audit_verify_bundle (const char          *path,
                              const char          *pinned_public_key,
                              RapportdAuditReport *report,
                              GError             **error)
{
  g_autoptr(JsonNode) bundle = NULL;
  g_autoptr(GHashTable) ends = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(RapportdSignedHeads) signed_heads = rapportd_signed_heads_new (pinned_public_key);
  JsonObject *root;
  JsonArray *rows, *cps;
  gboolean chained;
  guint64 first_id = 0, previous = 0;

  g_return_val_if_fail (path != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  /* a bundle holds the whole chain: many values, but no deeper than any other text */
  if ((bundle = crm_json_parse_file (path, G_MAXSIZE, error)) == NULL)
    return FALSE;
  root = JSON_NODE_HOLDS_OBJECT (bundle) ? json_node_get_object (bundle) : NULL;
  chained = root != NULL && g_strcmp0 (member (root, "format"), BUNDLE_FORMAT) == 0;
  if (root == NULL || (!chained && g_strcmp0 (member (root, "format"), BUNDLE_FORMAT_V1) != 0) ||
      (rows = json_object_get_array_member (root, "rows")) == NULL ||
      (cps = json_object_get_array_member (root, "checkpoints")) == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_BAD_REQUEST, "%s is not an audit bundle", path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (cps); i++)
    {
      JsonObject *cp = json_array_get_object_element (cps, i);
      const char *last = member (cp, "last_audit_id");

      if (!rapportd_signed_heads_add (signed_heads, g_ascii_strtoull (last ? last : "0", NULL, 10),
                                      member (cp, "head_hash"), member (cp, "signed_at"), member (cp, "public_key"),
                                      member (cp, "signature"), member (cp, "heads"), report))
        return TRUE;
    }

  /* a bundle of the whole trail must hold every row named; one of a
   * period, every row from its first on */
  if (json_array_get_length (rows) > 0 && (!chained || member (root, "from") != NULL))
    {
      const char *id = member (json_array_get_object_element (rows, 0), "id");

      first_id = g_ascii_strtoull (id ? id : "0", NULL, 10);
    }
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (!check_row (row, chained, first_id > 0 ? first_id : 1, previous, ends, signed_heads, report))
        return TRUE;
      previous = g_ascii_strtoull (member (row, "id"), NULL, 10);
      report->n_rows++;
    }
  rapportd_signed_heads_check_missing (signed_heads, first_id, report);
  return TRUE;
}
