/* rapportd-case-merge.c: a duplicate service case merged into another: its conversation and files moved, itself closed */

/* Unlike a merge of accounts (rapportd-merge.c), no value moves and
 * nothing points at a case to be followed: the duplicate's messages move
 * to the case kept, keeping their times (so the conversation reads in
 * time order), and its files with them (a name the kept case has already
 * becomes that name's next versions); an internal note on each case says
 * what was merged; the duplicate is closed, pointing at the case kept
 * (merged_into_id), its history kept. Both cases are locked, the lower id
 * first, as the actor may change them. Every write is audited: the
 * moves as one "merge" row of the case kept, the notes as messages, the
 * closing as the duplicate's update. */
#include "rapportd-case-merge.h"
#include "rapportd-case-messages.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "audit/rapportd-audit.h"
#include "crm-case.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
rapportd_case_merge_result_clear (RapportdCaseMergeResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_object (&result->into);
  g_clear_object (&result->from);
  result->moved_messages = 0;
  result->moved_attachments = 0;
}

static gboolean
has_value (CrmEntity  *record,
           const char *name)
{
  return crm_entity_has_value (record, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name));
}

static gboolean
lock_both (RapportdDb           *db,
           const RapportdActor  *actor,
           gint64                from_id,
           gint64                into_id,
           CrmEntity           **from,
           CrmEntity           **into,
           GError              **error)
{
  gboolean into_first = into_id < from_id;
  g_autoptr(CrmEntity) first = NULL;
  g_autoptr(CrmEntity) second = NULL;

  if ((first = rapportd_repo_get (db, actor, CRM_TYPE_CASE, into_first ? into_id : from_id, TRUE, error)) == NULL ||
      (second = rapportd_repo_get (db, actor, CRM_TYPE_CASE, into_first ? from_id : into_id, TRUE, error)) == NULL)
    return FALSE;
  *into = g_object_ref (into_first ? first : second);
  *from = g_object_ref (into_first ? second : first);
  return TRUE;
}

static gboolean
check_pair (CrmEntity  *from,
            CrmEntity  *into,
            GError    **error)
{
  if (has_value (from, "merged_into_case"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "id",
                                 _("This case was merged into case %lld already"),
                                 (long long) crm_entity_get_int (from, "merged_into_case"));
      return FALSE;
    }
  if (has_value (into, "merged_into_case") || g_strcmp0 (crm_entity_get_text (into, "status"), "closed") == 0)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "into",
                                 _("Case %s is closed or merged: merge into an open case"),
                                 crm_entity_get_text (into, "number"));
      return FALSE;
    }
  /* a case points only at cases of its own account (rapportd-repo-references.c) */
  if (crm_entity_get_int (from, "account") != crm_entity_get_int (into, "account"))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "into",
                                 _("These cases are of different accounts: merge the accounts first"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
move_messages (RapportdDb  *db,
               gint64       from_id,
               gint64       into_id,
               guint       *moved,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("UPDATE case_messages SET case_id = ?, "
                                                 "merged_from_case_id = COALESCE(merged_from_case_id, ?) "
                                                 "WHERE case_id = ?");
  guint64 affected = 0;

  rapportd_sql_add_int (sql, into_id);
  rapportd_sql_add_int (sql, from_id);
  rapportd_sql_add_int (sql, from_id);
  if (!rapportd_db_execute (db, sql, &affected, NULL, error))
    return FALSE;
  *moved = (guint) affected;
  return TRUE;
}

/* the highest version of @name under the case kept, 0 for none */
static gboolean
top_version (RapportdDb   *db,
             gint64        into_id,
             const char   *name,
             gint64       *version,
             GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT COALESCE(MAX(version), 0) FROM attachments "
                                                 "WHERE entity = 'case' AND record_id = ? AND name = ?");
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_add_int (sql, into_id);
  rapportd_sql_add_text (sql, name);
  if ((rows = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *version = g_ascii_strtoll (rapportd_db_result_get (rows, 0, 0), NULL, 10);
  return TRUE;
}

/* each file of the duplicate, oldest version first, as the next version
 * of its name under the case kept */
static gboolean
move_attachments (RapportdDb  *db,
                  gint64       from_id,
                  gint64       into_id,
                  guint       *moved,
                  GError     **error)
{
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT id, name FROM attachments WHERE entity = 'case' "
                                                    "AND record_id = ? ORDER BY name, version FOR UPDATE");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  rapportd_sql_add_int (select, from_id);
  if ((rows = rapportd_db_query (db, select, error)) == NULL)
    return FALSE;
  for (guint r = 0; r < rows->n_rows; r++)
    {
      const char *name = rapportd_db_result_get (rows, r, 1);
      gint64 *version = g_hash_table_lookup (next, name);
      g_autoptr(RapportdSql) update = rapportd_sql_new ("UPDATE attachments SET record_id = ?, version = ? WHERE id = ?");

      if (version == NULL)
        {
          version = g_new0 (gint64, 1);
          g_hash_table_insert (next, (gpointer) name, version);
          if (!top_version (db, into_id, name, version, error))
            return FALSE;
        }
      *version += 1;
      rapportd_sql_add_int (update, into_id);
      rapportd_sql_add_int (update, *version);
      rapportd_sql_add_int (update, g_ascii_strtoll (rapportd_db_result_get (rows, r, 0), NULL, 10));
      if (!rapportd_db_execute (db, update, NULL, NULL, error))
        return FALSE;
    }
  *moved = rows->n_rows;
  return TRUE;
}

static gboolean
add_note (RapportdDb           *db,
          const RapportdActor  *actor,
          gint64                case_id,
          const char           *text,
          GError              **error)
{
  RapportdCaseMessage note = { .kind = "note", .direction = "outbound", .body = text };

  return rapportd_case_messages_insert (db, actor, case_id, &note, NULL, error);
}

static gboolean
audit_merge (RapportdDb                     *db,
             const RapportdActor            *actor,
             CrmEntity                      *from,
             gint64                          into_id,
             const RapportdCaseMergeResult  *result,
             GError                        **error)
{
  g_autofree char *json = g_strdup_printf ("{\"merged_case_id\":%" G_GINT64_FORMAT ",\"moved_messages\":%u,"
                                           "\"moved_attachments\":%u}", crm_entity_get_id (from),
                                           result->moved_messages, result->moved_attachments);

  return rapportd_audit_append (db, actor->user_id, "case", into_id, "merge", actor->reason, NULL, json, error);
}

static gboolean
close_merged (RapportdDb               *db,
              const RapportdActor      *actor,
              CrmEntity                *from,
              gint64                    into_id,
              RapportdCaseMergeResult  *result,
              GError                  **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_CASE);

  crm_entity_set_version (patch, crm_entity_get_version (from));
  crm_entity_set_text (patch, "status", "closed");
  crm_entity_set_int (patch, "merged_into_case", into_id);
  result->from = rapportd_repo_update_as_server (db, actor, crm_entity_get_id (from), patch, error);
  return result->from != NULL;
}

/**
 * rapportd_case_merge:
 * @db: a connection inside the request's transaction
 * @actor: who merges: they must be able to change both cases
 * @from_id: the duplicate
 * @into_id: the case kept, of the same account
 * @result: (out caller-allocates): the two cases after the merge and what
 *   moved; clear it with rapportd_case_merge_result_clear()
 * @error: return location for a #GError: 404 or 403 as for a change of
 *   either, 422 (on "into") for a case merged into itself, into a closed
 *   or merged case or one of another account, 422 (on "id") for a duplicate
 *   merged already
 *
 * Returns: %TRUE when merged; on failure the transaction is to be rolled back
 */
gboolean
rapportd_case_merge (RapportdDb               *db,
                     const RapportdActor      *actor,
                     gint64                    from_id,
                     gint64                    into_id,
                     RapportdCaseMergeResult  *result,
                     GError                  **error)
{
  g_autoptr(CrmEntity) from = NULL;
  g_autoptr(CrmEntity) into = NULL;
  g_autofree char *into_note = NULL;
  g_autofree char *from_note = NULL;

  g_return_val_if_fail (db != NULL && actor != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (from_id == into_id)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "into", _("A case cannot be merged into itself"));
      return FALSE;
    }
  if (!lock_both (db, actor, from_id, into_id, &from, &into, error) ||
      !check_pair (from, into, error) ||
      !move_messages (db, from_id, into_id, &result->moved_messages, error) ||
      !move_attachments (db, from_id, into_id, &result->moved_attachments, error) ||
      !audit_merge (db, actor, from, into_id, result, error))
    return FALSE;
  into_note = g_strdup_printf (_("Case %s was merged into this case. Messages moved here: %u; files: %u."),
                               crm_entity_get_text (from, "number"), result->moved_messages, result->moved_attachments);
  from_note = g_strdup_printf (_("This case was merged into case %s: its conversation goes on there."),
                               crm_entity_get_text (into, "number"));
  if (!add_note (db, actor, into_id, into_note, error) ||
      !add_note (db, actor, from_id, from_note, error) ||
      !close_merged (db, actor, from, into_id, result, error))
    {
      rapportd_case_merge_result_clear (result);
      return FALSE;
    }
  result->into = rapportd_repo_get (db, actor, CRM_TYPE_CASE, into_id, FALSE, error);
  if (result->into == NULL)
    {
      rapportd_case_merge_result_clear (result);
      return FALSE;
    }
  return TRUE;
}
