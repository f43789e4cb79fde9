/* rapportd-import-duplicates.c: an import's duplicate checks, each row against the database and the file's earlier rows */
#include "rapportd-import-duplicates.h"
#include "rapportd-dedup.h"
#include "rapportd-repo-private.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The rows an import has created are in its transaction, keys included,
 * so a row is checked against the database and against the file's earlier
 * rows by one search; a match that an earlier row made names that row.
 * With `[sales] duplicates=block`, a row whose best match scores
 * RAPPORTD_DEDUP_BLOCK_SCORE or more stops the import as a bad row does
 * (nothing is kept), unless the request says why it is saved anyway.
 *
 * With on_duplicate=skip or update, a row that carries the id of a record,
 * or the code of one, or whose best match scores RAPPORTD_DEDUP_BLOCK_SCORE
 * or more, matches that record: it is left out, or updates it, and is
 * listed in "skipped" or "updated" rather than created.
 */

struct _RapportdImportDuplicates
{
  gboolean    checked;
  /* "entity:id" -> the row that created it */
  GHashTable *rows;
  /* {"row":N,"possible_duplicates":[…]}, … */
  GString    *report;
  guint       n_reported;
  RapportdImportPolicy policy;
  /* {"row":N,"id":M}, … of the rows that matched a record */
  GString    *matched;
  guint       n_matched;
};

RapportdImportDuplicates *
rapportd_import_duplicates_new (CrmEntityClass *klass)
{
  RapportdImportDuplicates *self;

  g_return_val_if_fail (klass != NULL, NULL);

  self = g_new0 (RapportdImportDuplicates, 1);
  self->checked = rapportd_dedup_class_is_checked (klass);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->report = g_string_new (NULL);
  self->matched = g_string_new (NULL);
  return self;
}

void
rapportd_import_duplicates_free (RapportdImportDuplicates *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->rows);
  g_string_free (self->report, TRUE);
  g_string_free (self->matched, TRUE);
  g_free (self);
}

static gboolean
has_reason (const RapportdActor *actor)
{
  g_autofree char *reason = actor->reason ? g_strstrip (g_strdup (actor->reason)) : NULL;

  return reason != NULL && reason[0] != '\0';
}

/* 409 `duplicate` naming the row, its matches beside the code and message */
static void
refuse (RapportdImportDuplicates *self,
        RapportdRequest          *request,
        GPtrArray                *matches,
        guint                     row)
{
  g_autoptr(GError) duplicate_error = NULL;
  g_autofree char *envelope = NULL;
  GString *answer;

  g_set_error (&duplicate_error, CRM_ERROR, CRM_ERROR_DUPLICATE,
               _("Row %u: this looks like a record that exists already; nothing was imported. "
                 "Correct the file, or import it anyway with a reason"), row);
  envelope = crm_json_error_envelope (duplicate_error);
  answer = g_string_new_len (envelope, strlen (envelope) - 2);
  g_string_append_printf (answer, ",\"row\":%u,\"possible_duplicates\":", row);
  rapportd_api_duplicates_append (answer, matches, self->rows);
  g_string_append (answer, "}}");
  rapportd_request_take_body (request, crm_error_code_to_http_status (CRM_ERROR_DUPLICATE),
                              g_string_free (answer, FALSE));
  request->rollback = TRUE;
}

/**
 * rapportd_import_duplicates_check:
 * @self: the import's checks
 * @request: the import
 * @db: its connection, inside its transaction
 * @entity: the row, about to be created
 * @row: its number in the file (the header is row 0)
 * @refused: (out): the import is refused: the answer is set (409) and the
 *   transaction is to be rolled back
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success, refused or not
 */
gboolean
rapportd_import_duplicates_check (RapportdImportDuplicates  *self,
                                  RapportdRequest           *request,
                                  RapportdDb                *db,
                                  CrmEntity                 *entity,
                                  guint                      row,
                                  gboolean                  *refused,
                                  GError                   **error)
{
  g_autoptr(GPtrArray) matches = NULL;

  g_return_val_if_fail (self != NULL && request != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (entity), FALSE);

  *refused = FALSE;
  if (!self->checked)
    return TRUE;
  if ((matches = rapportd_dedup_find (db, &request->actor, entity, error)) == NULL)
    return FALSE;
  if (rapportd_import_duplicates_blocks (self, request, matches))
    {
      refuse (self, request, matches, row);
      *refused = TRUE;
      return TRUE;
    }
  rapportd_import_duplicates_report (self, matches, row);
  return TRUE;
}

/**
 * rapportd_import_duplicates_is_checked:
 * @self: the import's checks
 *
 * Returns: whether the rows' kind is checked for duplicates
 */
gboolean
rapportd_import_duplicates_is_checked (RapportdImportDuplicates *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->checked;
}

/**
 * rapportd_import_duplicates_blocks:
 * @self: the import's checks
 * @request: the import
 * @matches: (element-type RapportdDuplicate): a row's matches, best first
 *
 * Returns: whether `[sales] duplicates=block` refuses the row: its best
 *   match scores RAPPORTD_DEDUP_BLOCK_SCORE or more and the request gives
 *   no reason
 */
gboolean
rapportd_import_duplicates_blocks (RapportdImportDuplicates *self,
                                   RapportdRequest          *request,
                                   GPtrArray                *matches)
{
  RapportdDuplicate *best;

  g_return_val_if_fail (self != NULL && request != NULL && matches != NULL, FALSE);

  if (matches->len == 0)
    return FALSE;
  best = g_ptr_array_index (matches, 0);
  return rapportd_dedup_get_mode () == RAPPORTD_DEDUP_BLOCK && best->score >= RAPPORTD_DEDUP_BLOCK_SCORE &&
         !has_reason (&request->actor);
}

/**
 * rapportd_import_duplicates_report:
 * @self: the import's checks
 * @matches: (element-type RapportdDuplicate): a row's matches, best first
 * @row: its number in the file
 *
 * Lists the row's possible duplicates in the answer, if it has any; those
 * the file's earlier rows made name their row.
 */
void
rapportd_import_duplicates_report (RapportdImportDuplicates *self,
                                   GPtrArray                *matches,
                                   guint                     row)
{
  g_return_if_fail (self != NULL && matches != NULL);

  if (matches->len == 0)
    return;
  g_string_append_printf (self->report, "%s{\"row\":%u,\"possible_duplicates\":", self->n_reported ? "," : "", row);
  rapportd_api_duplicates_append (self->report, matches, self->rows);
  g_string_append_c (self->report, '}');
  self->n_reported++;
}

/* @stored came from @row: a later row that matches it names the row */
void
rapportd_import_duplicates_created (RapportdImportDuplicates *self,
                                    CrmEntity                *stored,
                                    guint                     row)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (CRM_IS_ENTITY (stored));

  if (self->checked)
    g_hash_table_insert (self->rows,
                         g_strdup_printf ("%s:%" G_GINT64_FORMAT, crm_entity_get_entity_name (stored),
                                          crm_entity_get_id (stored)),
                         GUINT_TO_POINTER (row));
}

/* ,"duplicates":[…] for an entity that is checked; ,"skipped":[…] or
 * ,"updated":[…] where rows that match a record are skipped or update it */
void
rapportd_import_duplicates_append (RapportdImportDuplicates *self,
                                   GString                  *answer)
{
  g_return_if_fail (self != NULL && answer != NULL);

  if (self->checked)
    g_string_append_printf (answer, ",\"duplicates\":[%s]", self->report->str);
  if (self->policy != RAPPORTD_IMPORT_CREATE)
    g_string_append_printf (answer, ",\"%s\":[%s]", self->policy == RAPPORTD_IMPORT_SKIP ? "skipped" : "updated",
                            self->matched->str);
}

void
rapportd_import_duplicates_set_policy (RapportdImportDuplicates *self,
                                       RapportdImportPolicy      policy)
{
  g_return_if_fail (self != NULL);

  self->policy = policy;
}

RapportdImportPolicy
rapportd_import_duplicates_get_policy (RapportdImportDuplicates *self)
{
  g_return_val_if_fail (self != NULL, RAPPORTD_IMPORT_CREATE);

  return self->policy;
}

/* whether a visible record of @klass has @column = @value; its id in @found */
static gboolean
find_by (RapportdDb           *db,
         const RapportdActor  *actor,
         CrmEntityClass       *klass,
         const char           *column,
         const char           *value,
         gint64               *found,
         GError              **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);
  g_autoptr(RapportdDbResult) result = NULL;

  rapportd_sql_appendf (sql, "SELECT `id` FROM `%s` WHERE `%s` = ? AND `archived` = 0", klass->collection, column);
  rapportd_sql_add_text (sql, value);
  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  rapportd_sql_append (sql, " LIMIT 1");
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  *found = result->n_rows > 0 ? g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10) : 0;
  return TRUE;
}

/**
 * rapportd_import_duplicates_match:
 * @self: the import's checks
 * @request: the import
 * @db: its connection, inside its transaction
 * @klass: the kind of record imported
 * @object: the row's record, its references found
 * @id: the id the row carries, or 0
 * @matched: (out): the record the row matches, or 0
 * @error: return location for a #GError
 *
 * Finds the record a row stands for: the one with its id, else its code,
 * else the best of the duplicate checks' matches where it scores
 * RAPPORTD_DEDUP_BLOCK_SCORE or more. A row that is not a valid record
 * matches only by id or code.
 *
 * Returns: %TRUE on success, matched or not
 */
gboolean
rapportd_import_duplicates_match (RapportdImportDuplicates  *self,
                                  RapportdRequest           *request,
                                  RapportdDb                *db,
                                  CrmEntityClass            *klass,
                                  JsonObject                *object,
                                  gint64                     id,
                                  gint64                    *matched,
                                  GError                   **error)
{
  g_autofree char *id_text = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;
  const char *code = json_object_get_string_member_with_default (object, "code", NULL);
  g_autoptr(CrmEntity) entity = crm_entity_new (G_TYPE_FROM_CLASS (klass));
  g_autoptr(GPtrArray) matches = NULL;
  RapportdDuplicate *best;

  g_return_val_if_fail (self != NULL && request != NULL && klass != NULL && object != NULL, FALSE);

  *matched = 0;
  if (id_text != NULL && !find_by (db, &request->actor, klass, "id", id_text, matched, error))
    return FALSE;
  if (*matched == 0 && code != NULL && crm_entity_class_find_json_key (klass, "code") >= 0 &&
      !find_by (db, &request->actor, klass, "code", code, matched, error))
    return FALSE;
  if (*matched > 0 || !self->checked || !crm_json_to_entity (entity, object, CRM_VALIDATE_CREATE, NULL))
    return TRUE;
  if ((matches = rapportd_dedup_find (db, &request->actor, entity, error)) == NULL)
    return FALSE;
  best = matches->len > 0 ? g_ptr_array_index (matches, 0) : NULL;
  if (best != NULL && best->score >= RAPPORTD_DEDUP_BLOCK_SCORE &&
      g_str_equal (best->entity, klass->entity_name))
    *matched = best->id;
  return TRUE;
}

/* @row matched record @id, and was skipped or updated it */
void
rapportd_import_duplicates_matched (RapportdImportDuplicates *self,
                                    guint                     row,
                                    gint64                    id)
{
  g_return_if_fail (self != NULL);

  g_string_append_printf (self->matched, "%s{\"row\":%u,\"id\":%" G_GINT64_FORMAT "}",
                          self->n_matched ? "," : "", row, id);
  self->n_matched++;
}

/* how many rows were skipped or updated a record rather than created one */
guint
rapportd_import_duplicates_get_n_matched (RapportdImportDuplicates *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_matched;
}
