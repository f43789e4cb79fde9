/* rapportd-reviews.c: supervisor review (批复): a record's comment thread, what each reviewer marked reviewed, what awaits them */

/* Comments and marks name their record by its entity's name ("activity"),
 * so that other records reviewed the same way (visits, weekly summaries)
 * share the tables. Who may comment or mark is who may read the record:
 * rapportd_repo_get() answers 404 to anyone else, for the record and so
 * for its thread. */
#include "rapportd-reviews.h"
#include "rapportd-review-signature.h"
#include "rapportd-repo.h"
#include "rapportd-repo-private.h"
#include "rapportd-event-log.h"
#include "audit/rapportd-audit.h"
#include "crm-activity.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-json-parse.h"

#include <glib/gi18n-lib.h>

#define ENTITY "activity"

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return crm_json_to_string (root);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          const char  *sql_time)
{
  gint64 usec = 0;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, member);
  if (sql_time == NULL || !rapportd_sql_parse_time (sql_time, &usec))
    {
      json_builder_add_null_value (builder);
      return;
    }
  text = crm_json_format_timestamp (usec);
  json_builder_add_string_value (builder, text);
}

/* the records that carry a comment thread: by collection, with the field
 * that names the record in its author's notification */
static const struct
{
  const char *collection;
  const char *title_field;
} commentable[] = {
  { "activities",     "subject" },
  { "weekly-reports", "week" },
};

/* the commentable record type of @collection, G_TYPE_INVALID if none */
static GType
commentable_type (const char  *collection,
                  const char **title_field)
{
  for (guint i = 0; i < G_N_ELEMENTS (commentable); i++)
    if (g_strcmp0 (commentable[i].collection, collection) == 0)
      {
        if (title_field != NULL)
          *title_field = commentable[i].title_field;
        return crm_entities_lookup_collection (collection);
      }
  return G_TYPE_INVALID;
}

/* the record of @collection, if it has a thread and @actor may read it (404 otherwise) */
static CrmEntity *
visible_record (RapportdDb           *db,
                const RapportdActor  *actor,
                const char           *collection,
                gint64                id,
                const char          **title_field,
                GError              **error)
{
  GType type = commentable_type (collection, title_field);

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, "%s have no comments", collection);
      return NULL;
    }
  return rapportd_repo_get (db, actor, type, id, FALSE, error);
}

/* one comment on a record of @entity from a row of (id, record_id,
 * author_id, author's name, created_at, body) */
static void
add_comment (JsonBuilder      *builder,
             const char       *entity,
             RapportdDbResult *rows,
             guint             row)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (rows, row, 0), NULL, 10));
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (rows, row, 1), NULL, 10));
  json_builder_set_member_name (builder, "author_id");
  json_builder_add_int_value (builder, g_ascii_strtoll (rapportd_db_result_get (rows, row, 2), NULL, 10));
  json_builder_set_member_name (builder, "author_name");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 3));
  add_time (builder, "created_at", rapportd_db_result_get (rows, row, 4));
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 5));
  json_builder_end_object (builder);
}

#define COMMENT_COLUMNS "c.id, c.record_id, c.author_id, u.name, c.created_at, c.body " \
                        "FROM review_comments c JOIN users u ON u.id = c.author_id "

/* the "ENTITY.comment" event ("activity.comment", "weekly_report.comment"),
 * for the record's owner alone */
static gboolean
tell_owner (RapportdDb  *db,
            CrmEntity   *record,
            const char  *title_field,
            const char  *comment_json,
            GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) comment = crm_json_parse (comment_json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL);
  g_autofree char *payload = NULL;
  g_autofree char *kind = g_strconcat (crm_entity_get_entity_name (record), ".comment", NULL);
  gint64 owner = crm_entity_get_int (record, "owner");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, crm_entity_get_entity_name (record));
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, crm_entity_get_id (record));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, crm_entity_get_text (record, title_field));
  json_builder_set_member_name (builder, "comment");
  json_builder_add_value (builder, g_steal_pointer (&comment));
  json_builder_end_object (builder);
  payload = builder_to_string (builder);
  return rapportd_event_log_add (db, owner, kind, crm_entity_get_entity_name (record), crm_entity_get_id (record), payload, error);
}

/**
 * rapportd_reviews_add_comment:
 * @db: a connection inside the request's transaction
 * @actor: who comments: anyone who may read the record, its owner too
 * @collection: the record's collection: "activities" or "weekly-reports"
 * @record_id: the record commented on
 * @text: the comment
 * @error: return location for a #GError naming the field
 *
 * Appends a comment to the record's thread, audited in the same
 * transaction ("comment" on the record). Its owner hears of it over the
 * event WebSocket ("activity.comment", "weekly_report.comment") unless
 * they wrote it.
 *
 * Returns: (transfer full): the comment as JSON
 */
char *
rapportd_reviews_add_comment (RapportdDb           *db,
                              const RapportdActor  *actor,
                              const char           *collection,
                              gint64                record_id,
                              const char           *text,
                              GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdSql) select = NULL;
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;
  g_autofree char *now_text = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *comment_json = NULL;
  const char *title_field = NULL;
  const char *entity;
  gint64 owner;
  guint64 id = 0;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  if ((record = visible_record (db, actor, collection, record_id, &title_field, error)) == NULL)
    return NULL;
  entity = crm_entity_get_entity_name (record);
  body = text ? g_strstrip (g_strdup (text)) : NULL;
  if (body == NULL || body[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "text", _("Write the comment"));
      return NULL;
    }
  if (g_utf8_strlen (body, -1) > RAPPORTD_REVIEW_COMMENT_MAX)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "text",
                                 _("A comment has at most %d characters"), RAPPORTD_REVIEW_COMMENT_MAX);
      return NULL;
    }

  insert = rapportd_sql_new ("INSERT INTO review_comments (entity, record_id, author_id, created_at, body) "
                             "VALUES (?, ?, ?, ?, ?)");
  rapportd_sql_add_text (insert, entity);
  rapportd_sql_add_int (insert, record_id);
  rapportd_sql_add_int (insert, actor->user_id);
  rapportd_sql_add_text (insert, now_text);
  rapportd_sql_add_text (insert, body);
  if (!rapportd_db_execute (db, insert, NULL, &id, error))
    return NULL;

  select = rapportd_sql_new ("SELECT " COMMENT_COLUMNS "WHERE c.id = ?");
  rapportd_sql_add_int (select, (gint64) id);
  if ((rows = rapportd_db_query_uncached (db, select, error)) == NULL)
    return NULL;
  if (rows->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the comment just written is not there");
      return NULL;
    }
  add_comment (builder, entity, rows, 0);
  comment_json = builder_to_string (builder);
  if (!rapportd_audit_append (db, actor->user_id, entity, record_id, "comment", actor->reason,
                              NULL, comment_json, error))
    return NULL;
  owner = crm_entity_get_int (record, "owner");
  if (owner > 0 && owner != actor->user_id &&
      !tell_owner (db, record, title_field, comment_json, error))
    return NULL;
  return g_steal_pointer (&comment_json);
}

/**
 * rapportd_reviews_comments:
 * @db: a connection
 * @actor: who reads; the thread is theirs to read when the record is
 * @collection: the record's collection: "activities" or "weekly-reports"
 * @record_id: the record
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items": the comments, oldest first}
 */
char *
rapportd_reviews_comments (RapportdDb           *db,
                           const RapportdActor  *actor,
                           const char           *collection,
                           gint64                record_id,
                           GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT " COMMENT_COLUMNS
                                                    "WHERE c.entity = ? AND c.record_id = ? ORDER BY c.id");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *entity;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  if ((record = visible_record (db, actor, collection, record_id, NULL, error)) == NULL)
    return NULL;
  entity = crm_entity_get_entity_name (record);
  rapportd_sql_add_text (select, entity);
  rapportd_sql_add_int (select, record_id);
  if ((rows = rapportd_db_query (db, select, error)) == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->n_rows; i++)
    add_comment (builder, entity, rows, i);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/* the record of @collection that @actor may review: one they may read (404
 * otherwise), not their own (403), ready for review (a weekly report once
 * submitted: 409) */
static CrmEntity *
reviewable_record (RapportdDb           *db,
                   const RapportdActor  *actor,
                   const char           *collection,
                   gint64                id,
                   GError              **error)
{
  g_autoptr(CrmEntity) record = visible_record (db, actor, collection, id, NULL, error);
  gboolean activity;

  if (record == NULL)
    return NULL;
  activity = g_str_equal (crm_entity_get_entity_name (record), ENTITY);
  if (crm_entity_get_int (record, "owner") == actor->user_id)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                           activity ? _("One does not review one’s own activity")
                                    : _("One does not review one’s own weekly report"));
      return NULL;
    }
  if (!activity && g_strcmp0 (crm_entity_get_text (record, "status"), "submitted") != 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                           _("A weekly report is reviewed once its author has submitted it"));
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* whether reviewing @record is an electronic signature: an activity of a
 * kind the company setting names */
static gboolean
signature_required (CrmEntity *record)
{
  return g_str_equal (crm_entity_get_entity_name (record), ENTITY) &&
         rapportd_review_signature_required (record);
}

/**
 * rapportd_reviews_needs_signature:
 * @db: a connection
 * @actor: the reviewer
 * @collection: the record's collection: "activities" or "weekly-reports"
 * @record_id: the record to review
 * @needed: (out): whether its review is an electronic signature
 * @error: return location for a #GError: 404 for a record @actor may
 *   not read, 403 for their own, 409 for a weekly report not submitted
 *
 * Whether reviewing the record takes the reviewer's password, as the
 * company setting says for an activity's kind; asked before the password
 * is checked.
 */
gboolean
rapportd_reviews_needs_signature (RapportdDb           *db,
                                  const RapportdActor  *actor,
                                  const char           *collection,
                                  gint64                record_id,
                                  gboolean             *needed,
                                  GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (collection != NULL, FALSE);
  g_return_val_if_fail (needed != NULL, FALSE);

  if ((record = reviewable_record (db, actor, collection, record_id, error)) == NULL)
    return FALSE;
  *needed = signature_required (record);
  return TRUE;
}

/**
 * rapportd_reviews_mark:
 * @db: a connection inside the request's transaction
 * @actor: the reviewer: anyone who may read the record but its owner
 * @collection: the record's collection: "activities" or "weekly-reports"
 * @record_id: the record reviewed
 * @signed_review: whether @actor signed with their password, checked
 *   already; needed where the company setting makes the review of an
 *   activity's kind an electronic signature
 * @error: return location for a #GError
 *
 * Records that @actor reviewed the record, now, audited ("review"), and
 * when signed, the signature meaning "reviewed" on this version of it.
 * Marking it again keeps the first time, and its signature.
 *
 * Returns: (transfer full): {"entity", "record_id", "reviewer_id",
 *   "reviewed_at"}, and "signature_id" when the review signed it
 */
char *
rapportd_reviews_mark (RapportdDb           *db,
                       const RapportdActor  *actor,
                       const char           *collection,
                       gint64                record_id,
                       gboolean              signed_review,
                       GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdSql) select = NULL;
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now_text = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *mark_json = NULL;
  const char *entity;
  guint64 added = 0;
  gint64 signature_id = 0;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  if ((record = reviewable_record (db, actor, collection, record_id, error)) == NULL)
    return NULL;
  entity = crm_entity_get_entity_name (record);
  if (!signed_review && signature_required (record))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "password",
                                 _("Reviewing this activity is an electronic signature: sign with your password"));
      return NULL;
    }
  insert = rapportd_sql_new ("INSERT IGNORE INTO review_marks (reviewer_id, entity, record_id, reviewed_at) "
                             "VALUES (?, ?, ?, ?)");
  rapportd_sql_add_int (insert, actor->user_id);
  rapportd_sql_add_text (insert, entity);
  rapportd_sql_add_int (insert, record_id);
  rapportd_sql_add_text (insert, now_text);
  if (!rapportd_db_execute (db, insert, &added, NULL, error))
    return NULL;
  select = rapportd_sql_new ("SELECT reviewed_at FROM review_marks WHERE reviewer_id = ? AND entity = ? "
                             "AND record_id = ?");
  rapportd_sql_add_int (select, actor->user_id);
  rapportd_sql_add_text (select, entity);
  rapportd_sql_add_int (select, record_id);
  if ((rows = rapportd_db_query_uncached (db, select, error)) == NULL)
    return NULL;
  if (added > 0 && signed_review &&
      !rapportd_review_signature_store (db, actor, record, &signature_id, error))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_int_value (builder, record_id);
  json_builder_set_member_name (builder, "reviewer_id");
  json_builder_add_int_value (builder, actor->user_id);
  add_time (builder, "reviewed_at", rows->n_rows ? rapportd_db_result_get (rows, 0, 0) : NULL);
  if (signature_id > 0)
    {
      json_builder_set_member_name (builder, "signature_id");
      json_builder_add_int_value (builder, signature_id);
      json_builder_set_member_name (builder, "meaning");
      json_builder_add_string_value (builder, "reviewed");
    }
  json_builder_end_object (builder);
  mark_json = builder_to_string (builder);
  if (added > 0 &&
      !rapportd_audit_append (db, actor->user_id, entity, record_id, "review", actor->reason, NULL, mark_json, error))
    return NULL;
  return g_steal_pointer (&mark_json);
}

/**
 * rapportd_reviews_mark_all:
 * @db: a connection inside the request's transaction
 * @actor: the reviewer
 * @until: everything recorded up to this time is reviewed
 * @marked: (out) (optional): the time marked, @until or now if sooner
 * @error: return location for a #GError
 *
 * Moves @actor's review horizons for activities and weekly reports (by
 * the time each was submitted) to @until (never back, and never past
 * now: what is recorded later was not seen), audited ("review-all" on
 * the reviewer's user record, with the time).
 */
gboolean
rapportd_reviews_mark_all (RapportdDb           *db,
                           const RapportdActor  *actor,
                           gint64                until,
                           gint64               *marked,
                           GError              **error)
{
  static const char * const entities[] = { ENTITY, "weekly_report" };
  g_autoptr(RapportdSql) upsert = rapportd_sql_new ("INSERT INTO review_horizons (reviewer_id, entity, reviewed_until, marked_at) "
                                                    "VALUES ");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 now = g_get_real_time ();
  g_autofree char *until_text = rapportd_sql_format_time (MIN (until, now));
  g_autofree char *now_text = rapportd_sql_format_time (now);
  g_autofree char *until_json = crm_json_format_timestamp (MIN (until, now));
  g_autofree char *after_json = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (marked != NULL)
    *marked = MIN (until, now);
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      rapportd_sql_append (upsert, i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)");
      rapportd_sql_add_int (upsert, actor->user_id);
      rapportd_sql_add_text (upsert, entities[i]);
      rapportd_sql_add_text (upsert, until_text);
      rapportd_sql_add_text (upsert, now_text);
    }
  rapportd_sql_append (upsert, " ON DUPLICATE KEY UPDATE "
                       "marked_at = IF(VALUES(reviewed_until) > reviewed_until, VALUES(marked_at), marked_at), "
                       "reviewed_until = GREATEST(reviewed_until, VALUES(reviewed_until))");
  if (!rapportd_db_execute (db, upsert, NULL, NULL, error))
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    json_builder_add_string_value (builder, entities[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "until");
  json_builder_add_string_value (builder, until_json);
  json_builder_end_object (builder);
  after_json = builder_to_string (builder);
  return rapportd_audit_append (db, actor->user_id, "user", actor->user_id, "review-all", actor->reason,
                                NULL, after_json, error);
}
