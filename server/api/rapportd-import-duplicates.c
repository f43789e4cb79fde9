/* rapportd-import-duplicates.c: an import's duplicate checks, each row against the database and the file's earlier rows */
#include "rapportd-import-duplicates.h"
#include "rapportd-dedup.h"
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
 */

struct _RapportdImportDuplicates
{
  gboolean    checked;
  /* "entity:id" -> the row that created it */
  GHashTable *rows;
  /* {"row":N,"possible_duplicates":[…]}, … */
  GString    *report;
  guint       n_reported;
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
  return self;
}

void
rapportd_import_duplicates_free (RapportdImportDuplicates *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->rows);
  g_string_free (self->report, TRUE);
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
  RapportdDuplicate *best;

  g_return_val_if_fail (self != NULL && request != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_ENTITY (entity), FALSE);

  *refused = FALSE;
  if (!self->checked)
    return TRUE;
  if ((matches = rapportd_dedup_find (db, &request->actor, entity, error)) == NULL)
    return FALSE;
  if (matches->len == 0)
    return TRUE;
  best = g_ptr_array_index (matches, 0);
  if (rapportd_dedup_get_mode () == RAPPORTD_DEDUP_BLOCK && best->score >= RAPPORTD_DEDUP_BLOCK_SCORE &&
      !has_reason (&request->actor))
    {
      refuse (self, request, matches, row);
      *refused = TRUE;
      return TRUE;
    }
  g_string_append_printf (self->report, "%s{\"row\":%u,\"possible_duplicates\":", self->n_reported ? "," : "", row);
  rapportd_api_duplicates_append (self->report, matches, self->rows);
  g_string_append_c (self->report, '}');
  self->n_reported++;
  return TRUE;
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

/* ,"duplicates":[…] for an entity that is checked; nothing otherwise */
void
rapportd_import_duplicates_append (RapportdImportDuplicates *self,
                                   GString                  *answer)
{
  g_return_if_fail (self != NULL && answer != NULL);

  if (self->checked)
    g_string_append_printf (answer, ",\"duplicates\":[%s]", self->report->str);
}
