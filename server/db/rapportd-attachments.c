/* rapportd-attachments.c: documents filed under a record, their versions, downloads and removal */

/* Who may see a record may see, attach and remove its files: every call
 * first reads the record through rapportd_repo_get() as the actor, which
 * answers 404 to anyone else. Each upload is a new row, the next version
 * of its name under the record; nothing is overwritten. The bytes are
 * written and synced (rapportd-blob-store.c) before the row is inserted,
 * in the request's transaction: a crash between leaves a file without a
 * row, never a row without its file. Uploads, downloads and removals are
 * audited in the transaction of their row. */
#include "rapportd-attachments.h"
#include "rapportd-attachments-type.h"
#include "rapportd-blob-store.h"
#include "rapportd-repo.h"
#include "rapportd-sql.h"
#include "audit/rapportd-audit.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define DEFAULT_MAX_BYTES (64 * 1024 * 1024)

static guint64 max_bytes = DEFAULT_MAX_BYTES;

/* the records that carry files */
static const char *const attachable[] = {
  "accounts", "contacts", "opportunities", "quotes", "orders", "contracts", "cases",
};

/**
 * rapportd_attachments_set_max_bytes:
 * @bytes: the largest file accepted; 0: the default (64 MiB, within the
 *   bodies of uploads rapportd reads by default)
 */
void
rapportd_attachments_set_max_bytes (guint64 bytes)
{
  max_bytes = bytes > 0 ? bytes : DEFAULT_MAX_BYTES;
}

/**
 * rapportd_attachments_get_max_bytes:
 *
 * Returns: the largest file accepted
 */
guint64
rapportd_attachments_get_max_bytes (void)
{
  return max_bytes;
}

/**
 * rapportd_attachments_is_attachable:
 * @collection: a collection ("accounts")
 *
 * Returns: whether its records carry files
 */
gboolean
rapportd_attachments_is_attachable (const char *collection)
{
  for (guint i = 0; i < G_N_ELEMENTS (attachable); i++)
    if (g_strcmp0 (attachable[i], collection) == 0)
      return TRUE;
  return FALSE;
}

static GType
attachable_type (const char  *collection,
                 GError     **error)
{
  if (rapportd_attachments_is_attachable (collection))
    return crm_entities_lookup_collection (collection);
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("Records of this kind have no attachments"));
  return G_TYPE_INVALID;
}

/* the collection of a record type by its entity name ("account") */
static GType
entity_type (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (attachable); i++)
    {
      GType type = crm_entities_lookup_collection (attachable[i]);
      CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;

      if (klass != NULL && g_strcmp0 (klass->entity_name, entity) == 0)
        return type;
    }
  return G_TYPE_INVALID;
}

/* the record, if @actor may read it (404 otherwise) */
static CrmEntity *
visible_record (RapportdDb           *db,
                const RapportdActor  *actor,
                GType                 type,
                gint64                id,
                gboolean              for_update,
                GError              **error)
{
  return rapportd_repo_get (db, actor, type, id, for_update, error);
}

static gboolean
under_legal_hold (CrmEntity *record)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);

  return crm_entity_class_find_field (klass, "legal_hold") >= 0 && crm_entity_get_bool (record, "legal_hold");
}

/* a file's name as given, trimmed: one path component of UTF-8 text */
static char *
checked_name (const char  *name,
              GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    trimmed = g_strstrip (g_strdup (name));
  if (trimmed == NULL || trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > RAPPORTD_ATTACHMENT_NAME_MAX ||
      strpbrk (trimmed, "/\\") != NULL || g_str_equal (trimmed, ".") || g_str_equal (trimmed, ".."))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "name",
                                 _("Give the file a name of at most %d characters, without / or \\"),
                                 RAPPORTD_ATTACHMENT_NAME_MAX);
      return NULL;
    }
  for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "name", _("A file’s name cannot hold control characters"));
        return NULL;
      }
  return g_steal_pointer (&trimmed);
}

static gint64
cell_int (RapportdDbResult *rows,
          guint             row,
          guint             col)
{
  const char *text = rapportd_db_result_get (rows, row, col);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
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

#define ATTACHMENT_COLUMNS "a.id, a.entity, a.record_id, a.name, a.version, a.size, a.content_type, " \
                           "a.sha256, a.uploaded_by, IFNULL(u.name, 'mail'), a.uploaded_at " \
                           "FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by "

/* the members of one version, from a row of ATTACHMENT_COLUMNS */
static void
add_members (JsonBuilder      *builder,
             RapportdDbResult *rows,
             guint             row)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, cell_int (rows, row, 0));
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 1));
  json_builder_set_member_name (builder, "record_id");
  json_builder_add_int_value (builder, cell_int (rows, row, 2));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 3));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, cell_int (rows, row, 4));
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, cell_int (rows, row, 5));
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 6));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 7));
  json_builder_set_member_name (builder, "uploaded_by");
  json_builder_add_int_value (builder, cell_int (rows, row, 8));
  json_builder_set_member_name (builder, "uploaded_by_name");
  json_builder_add_string_value (builder, rapportd_db_result_get (rows, row, 9));
  add_time (builder, "uploaded_at", rapportd_db_result_get (rows, row, 10));
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return crm_json_to_string (root);
}

/* what an audit row says of an attachment */
static char *
audit_json (gint64      id,
            const char *name,
            gint64      version,
            const char *sha256)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attachment_id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/* the content's blob row, made if new and locked: the file is written, or
 * taken away, only by the transaction that holds it */
static gboolean
lock_blob (RapportdDb  *db,
           const char  *hash,
           gsize        size,
           GError     **error)
{
  g_autoptr(RapportdSql) insert = rapportd_sql_new ("INSERT INTO attachment_blobs (sha256, size, created_at) "
                                                    "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE size = size");
  g_autofree char *now_text = rapportd_sql_format_time (g_get_real_time ());

  rapportd_sql_add_text (insert, hash);
  rapportd_sql_add_int (insert, (gint64) size);
  rapportd_sql_add_text (insert, now_text);
  return rapportd_db_execute (db, insert, NULL, NULL, error);
}

/* the next version of @name under the record */
static gboolean
next_version (RapportdDb  *db,
              const char  *entity,
              gint64       record_id,
              const char  *name,
              gint64      *version,
              GError     **error)
{
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT COALESCE(MAX(version), 0) + 1 FROM attachments "
                                                    "WHERE entity = ? AND record_id = ? AND name = ?");
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_add_text (select, entity);
  rapportd_sql_add_int (select, record_id);
  rapportd_sql_add_text (select, name);
  if ((rows = rapportd_db_query (db, select, error)) == NULL)
    return FALSE;
  *version = cell_int (rows, 0, 0);
  return TRUE;
}

/**
 * rapportd_attachments_upload:
 * @db: a connection inside the request's transaction
 * @actor: who attaches: anyone who may read the record
 * @collection: the record's collection ("accounts", "contacts", …)
 * @record_id: the record
 * @name: the file's name
 * @declared_type: (nullable): the type its sender gave
 * @content: the file
 * @error: return location for a #GError
 *
 * Stores the file (once per content) and files it under the record as the
 * next version of @name, audited ("attachment_upload").
 *
 * Returns: (transfer full): the new version as JSON
 */
char *
rapportd_attachments_upload (RapportdDb           *db,
                             const RapportdActor  *actor,
                             const char           *collection,
                             gint64                record_id,
                             const char           *name,
                             const char           *declared_type,
                             GBytes               *content,
                             GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) insert = NULL;
  g_autoptr(RapportdSql) select = NULL;
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *file_name = NULL;
  g_autofree char *now_text = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *after = NULL;
  char hash[RAPPORTD_BLOB_HASH_LENGTH];
  const char *content_type;
  const char *entity;
  GType type;
  gint64 version = 0;
  guint64 id = 0;
  gsize size;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  if ((type = attachable_type (collection, error)) == G_TYPE_INVALID ||
      (record = visible_record (db, actor, type, record_id, TRUE, error)) == NULL ||
      (file_name = checked_name (name, error)) == NULL)
    return NULL;
  size = content ? g_bytes_get_size (content) : 0;
  if (size == 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_VALIDATION, _("The file is empty"));
      return NULL;
    }
  if (size > max_bytes)
    {
      g_autofree char *limit = g_format_size (max_bytes);

      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_LARGE, _("A file may have at most %s"), limit);
      return NULL;
    }
  if ((content_type = rapportd_attachments_type_check (content, declared_type, error)) == NULL)
    return NULL;
  entity = crm_entity_get_entity_name (record);
  rapportd_blob_store_hash (content, hash);
  if (!lock_blob (db, hash, size, error) ||
      !rapportd_blob_store_put (hash, content, error) ||
      !next_version (db, entity, record_id, file_name, &version, error))
    return NULL;

  insert = rapportd_sql_new ("INSERT INTO attachments (entity, record_id, name, version, sha256, size, "
                             "content_type, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  rapportd_sql_add_text (insert, entity);
  rapportd_sql_add_int (insert, record_id);
  rapportd_sql_add_text (insert, file_name);
  rapportd_sql_add_int (insert, version);
  rapportd_sql_add_text (insert, hash);
  rapportd_sql_add_int (insert, (gint64) size);
  rapportd_sql_add_text (insert, content_type);
  /* the server (a customer's mail read onto a case) is no user */
  if (actor->user_id > 0)
    rapportd_sql_add_int (insert, actor->user_id);
  else
    rapportd_sql_add_null (insert);
  rapportd_sql_add_text (insert, now_text);
  if (!rapportd_db_execute (db, insert, NULL, &id, error))
    return NULL;

  select = rapportd_sql_new ("SELECT " ATTACHMENT_COLUMNS "WHERE a.id = ?");
  rapportd_sql_add_int (select, (gint64) id);
  if ((rows = rapportd_db_query_uncached (db, select, error)) == NULL)
    return NULL;
  if (rows->n_rows != 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "the attachment just written is not there");
      return NULL;
    }
  after = audit_json ((gint64) id, file_name, version, hash);
  if (!rapportd_audit_append (db, actor->user_id, entity, record_id, "attachment_upload", actor->reason,
                              NULL, after, error))
    return NULL;
  json_builder_begin_object (builder);
  add_members (builder, rows, 0);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/**
 * rapportd_attachments_list:
 * @db: a connection
 * @actor: who reads; the files are theirs to see when the record is
 * @collection: the record's collection
 * @record_id: the record
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items": the latest version of each name, by
 *   name, each with "versions": all its versions kept, newest first}
 */
char *
rapportd_attachments_list (RapportdDb           *db,
                           const RapportdActor  *actor,
                           const char           *collection,
                           gint64                record_id,
                           GError              **error)
{
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT " ATTACHMENT_COLUMNS
                                                    "WHERE a.entity = ? AND a.record_id = ? AND a.removed_at IS NULL "
                                                    "ORDER BY a.name, a.version DESC");
  g_autoptr(RapportdDbResult) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GType type;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  if ((type = attachable_type (collection, error)) == G_TYPE_INVALID ||
      (record = visible_record (db, actor, type, record_id, FALSE, error)) == NULL)
    return NULL;
  rapportd_sql_add_text (select, crm_entity_get_entity_name (record));
  rapportd_sql_add_int (select, record_id);
  if ((rows = rapportd_db_query (db, select, error)) == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->n_rows;)
    {
      const char *name = rapportd_db_result_get (rows, i, 3);
      guint j;

      json_builder_begin_object (builder);
      add_members (builder, rows, i);
      json_builder_set_member_name (builder, "versions");
      json_builder_begin_array (builder);
      for (j = i; j < rows->n_rows && g_strcmp0 (rapportd_db_result_get (rows, j, 3), name) == 0; j++)
        {
          json_builder_begin_object (builder);
          add_members (builder, rows, j);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      i = j;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/* a kept version (id, entity, record_id, name, version, sha256, content_type) */
static RapportdDbResult *
find_attachment (RapportdDb  *db,
                 gint64       id,
                 gboolean     for_update,
                 GError     **error)
{
  g_autoptr(RapportdSql) select = rapportd_sql_new ("SELECT id, entity, record_id, name, version, sha256, content_type "
                                                    "FROM attachments WHERE id = ? AND removed_at IS NULL");
  g_autoptr(RapportdDbResult) rows = NULL;

  if (for_update)
    rapportd_sql_append (select, " FOR UPDATE");
  rapportd_sql_add_int (select, id);
  if ((rows = rapportd_db_query_uncached (db, select, error)) == NULL)
    return NULL;
  if (rows->n_rows != 1)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such attachment"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* the record a version is filed under, if @actor may read it (404 otherwise) */
static CrmEntity *
attachment_record (RapportdDb           *db,
                   const RapportdActor  *actor,
                   RapportdDbResult     *row,
                   gboolean              for_update,
                   GError              **error)
{
  GType type = entity_type (rapportd_db_result_get (row, 0, 1));

  if (type == G_TYPE_INVALID)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("No such attachment"));
      return NULL;
    }
  return visible_record (db, actor, type, cell_int (row, 0, 2), for_update, error);
}

/**
 * rapportd_attachments_download:
 * @db: a connection inside the request's transaction
 * @actor: who reads: anyone who may read the record
 * @id: the version
 * @name: (out) (transfer full): its file name
 * @content_type: (out) (transfer full): its type
 * @error: return location for a #GError
 *
 * Reads a version's content, audited ("attachment_download").
 *
 * Returns: (transfer full): the content
 */
GBytes *
rapportd_attachments_download (RapportdDb           *db,
                               const RapportdActor  *actor,
                               gint64                id,
                               char                **name,
                               char                **content_type,
                               GError              **error)
{
  g_autoptr(RapportdDbResult) row = NULL;
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *after = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (name != NULL && content_type != NULL, NULL);

  if ((row = find_attachment (db, id, FALSE, error)) == NULL ||
      (record = attachment_record (db, actor, row, FALSE, error)) == NULL ||
      (content = rapportd_blob_store_get (rapportd_db_result_get (row, 0, 5), error)) == NULL)
    return NULL;
  after = audit_json (id, rapportd_db_result_get (row, 0, 3), cell_int (row, 0, 4), rapportd_db_result_get (row, 0, 5));
  if (!rapportd_audit_append (db, actor->user_id, crm_entity_get_entity_name (record), crm_entity_get_id (record),
                              "attachment_download", actor->reason, NULL, after, error))
    return NULL;
  *name = g_strdup (rapportd_db_result_get (row, 0, 3));
  *content_type = g_strdup (rapportd_db_result_get (row, 0, 6));
  return g_steal_pointer (&content);
}

/* whether a kept version, or one removed under a legal hold, still needs
 * the content; read locked, so as of now rather than of the transaction's start */
static gboolean
blob_needed (RapportdDb  *db,
             const char  *hash,
             gboolean    *needed,
             GError     **error)
{
  g_autoptr(RapportdSql) lock = rapportd_sql_new ("SELECT sha256 FROM attachment_blobs WHERE sha256 = ? FOR UPDATE");
  g_autoptr(RapportdSql) count = rapportd_sql_new ("SELECT COUNT(*) FROM attachments WHERE sha256 = ? "
                                                   "AND (removed_at IS NULL OR kept_for_hold = 1) LOCK IN SHARE MODE");
  g_autoptr(RapportdDbResult) locked = NULL;
  g_autoptr(RapportdDbResult) rows = NULL;

  rapportd_sql_add_text (lock, hash);
  rapportd_sql_add_text (count, hash);
  if ((locked = rapportd_db_query_uncached (db, lock, error)) == NULL ||
      (rows = rapportd_db_query_uncached (db, count, error)) == NULL)
    return FALSE;
  *needed = cell_int (rows, 0, 0) > 0;
  return TRUE;
}

/* marks the version removed, audited; sets its file aside when nothing needs it */
static gboolean
remove_in_transaction (RapportdDb           *db,
                       const RapportdActor  *actor,
                       gint64                id,
                       char                **aside,
                       GError              **error)
{
  g_autoptr(RapportdDbResult) row = NULL;
  g_autoptr(CrmEntity) record = NULL;
  g_autoptr(RapportdSql) update = NULL;
  g_autofree char *now_text = rapportd_sql_format_time (g_get_real_time ());
  g_autofree char *before = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *hash;
  gboolean held;
  gboolean needed = TRUE;

  if ((row = find_attachment (db, id, TRUE, error)) == NULL ||
      (record = attachment_record (db, actor, row, TRUE, error)) == NULL)
    return FALSE;
  hash = rapportd_db_result_get (row, 0, 5);
  held = under_legal_hold (record);
  update = rapportd_sql_new ("UPDATE attachments SET removed_at = ?, removed_by = ?, kept_for_hold = ? WHERE id = ?");
  rapportd_sql_add_text (update, now_text);
  rapportd_sql_add_int (update, actor->user_id);
  rapportd_sql_add_int (update, held ? 1 : 0);
  rapportd_sql_add_int (update, id);
  before = audit_json (id, rapportd_db_result_get (row, 0, 3), cell_int (row, 0, 4), hash);
  if (!rapportd_db_execute (db, update, NULL, NULL, error) ||
      !rapportd_audit_append (db, actor->user_id, crm_entity_get_entity_name (record), crm_entity_get_id (record),
                              held ? "attachment_remove_held" : "attachment_remove", actor->reason,
                              before, NULL, error) ||
      !blob_needed (db, hash, &needed, error))
    return FALSE;
  if (!needed)
    {
      *aside = rapportd_blob_store_set_aside (hash, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapportd_attachments_remove:
 * @db: a connection outside any transaction: this runs its own
 * @actor: who removes: anyone who may read the record
 * @id: the version
 * @error: return location for a #GError
 *
 * Removes a version from its record's files, audited
 * ("attachment_remove"). The row stays, marked removed. Unless a legal
 * hold covers the record ("attachment_remove_held": the bytes are kept),
 * the stored file goes once no kept version needs it: it is set aside
 * inside the transaction and deleted once that is committed, or put back.
 */
gboolean
rapportd_attachments_remove (RapportdDb           *db,
                             const RapportdActor  *actor,
                             gint64                id,
                             GError              **error)
{
  g_autofree char *aside = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!remove_in_transaction (db, actor, id, &aside, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  if (aside != NULL)
    hash = g_path_get_basename (aside);
  if (!rapportd_db_commit (db, error))
    {
      if (aside != NULL)
        {
          hash[RAPPORTD_BLOB_HASH_LENGTH - 1] = '\0';
          rapportd_blob_store_put_back (hash, aside);
        }
      return FALSE;
    }
  if (aside != NULL)
    rapportd_blob_store_discard (aside);
  return TRUE;
}
