/* rapportd-timeline.c: one customer record's stream, newest first, merged from its sources
 *
 * Each source (activities, tasks, documents' audit rows, approvals,
 * signatures, the record's own changes) is read as one indexed range,
 * newest first, at most a page and one; the pages are then merged here.
 * A page costs a page of rows a source, whatever the length of the
 * history. Items are ordered by time, newest first, then by source name,
 * then by the source's row id, newest first: the cursor (at, source, seq)
 * of the last item of a page names where the next one starts, and rows
 * inserted since do not move it.
 */
#include "rapportd-timeline.h"
#include "rapportd-pool-view.h"
#include "rapportd-repo-private.h"
#include "crm-activity.h"
#include "crm-contact.h"
#include "crm-contract.h"
#include "crm-entities.h"
#include "crm-invoice.h"
#include "crm-json.h"
#include "crm-json-parse.h"
#include "crm-opportunity.h"
#include "crm-sales-order.h"
#include "crm-payment.h"
#include "crm-quote.h"
#include "crm-task.h"

#include <string.h>

typedef struct
{
  gint64      at;
  const char *source;
  const char *kind;
  gint64      seq;
  char       *entity;
  gint64      id;
  char       *title;
  char       *summary;
  char       *actor;
  char       *action;
  JsonNode   *changed;
} TimelineItem;

typedef struct
{
  GPtrArray *items;
  guint      next;
} TimelinePage;

static void
timeline_item_free (TimelineItem *item)
{
  g_free (item->entity);
  g_free (item->title);
  g_free (item->summary);
  g_free (item->actor);
  g_free (item->action);
  g_clear_pointer (&item->changed, json_node_unref);
  g_free (item);
}

static void
timeline_page_free (TimelinePage *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static const struct
{
  const char            *name;
  RapportdTimelineKinds  flag;
} kind_names[] = {
  { "activity", RAPPORTD_TIMELINE_ACTIVITY },
  { "task", RAPPORTD_TIMELINE_TASK },
  { "document", RAPPORTD_TIMELINE_DOCUMENT },
  { "approval", RAPPORTD_TIMELINE_APPROVAL },
  { "change", RAPPORTD_TIMELINE_CHANGE },
  { "comment", RAPPORTD_TIMELINE_COMMENT },
};

/* the sources' names, as the cursor gives them */
static const char * const source_names[] = {
  "activity", "approval", "change", "comment", "document", "signature", "task", NULL
};

/**
 * rapportd_timeline_has_stream:
 * @entity: an entity name
 *
 * Returns: whether records of @entity have a timeline: accounts,
 *   contacts, leads and opportunities
 */
gboolean
rapportd_timeline_has_stream (const char *entity)
{
  static const char * const customers[] = { "account", "contact", "lead", "opportunity", NULL };

  g_return_val_if_fail (entity != NULL, FALSE);

  return g_strv_contains (customers, entity);
}

/**
 * rapportd_timeline_parse_kinds:
 * @text: (nullable): a comma-separated list of kinds, %NULL for all
 * @kinds: (out): the kinds named
 *
 * Returns: whether every name is a kind
 */
gboolean
rapportd_timeline_parse_kinds (const char            *text,
                               RapportdTimelineKinds *kinds)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (kinds != NULL, FALSE);

  *kinds = RAPPORTD_TIMELINE_ALL;
  if (text == NULL)
    return TRUE;
  *kinds = 0;
  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i]; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (kind_names) && !known; k++)
        if (g_str_equal (g_strstrip (names[i]), kind_names[k].name))
          {
            *kinds |= kind_names[k].flag;
            known = TRUE;
          }
      if (!known)
        return FALSE;
    }
  return *kinds != 0;
}

/**
 * rapportd_timeline_parse_cursor:
 * @text: a cursor, as a page's "next" gives it: `AT_USEC.SOURCE.SEQ`
 * @cursor: (out): the cursor read
 *
 * Returns: whether @text is a cursor
 */
gboolean
rapportd_timeline_parse_cursor (const char             *text,
                                RapportdTimelineCursor *cursor)
{
  g_auto(GStrv) parts = NULL;
  guint64 at, seq;

  g_return_val_if_fail (text != NULL && cursor != NULL, FALSE);

  parts = g_strsplit (text, ".", -1);
  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &at, NULL) ||
      !g_strv_contains (source_names, parts[1]) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXINT64, &seq, NULL))
    return FALSE;
  cursor->at = at;
  cursor->source = g_strdup (parts[1]);
  cursor->seq = seq;
  return TRUE;
}

void
rapportd_timeline_cursor_clear (RapportdTimelineCursor *cursor)
{
  g_clear_pointer (&cursor->source, g_free);
}

/* the order of the stream: newest first, then by source, then newest row first */
static int
compare_items (const TimelineItem *a,
               const TimelineItem *b)
{
  int by_source;

  if (a->at != b->at)
    return a->at > b->at ? -1 : 1;
  if ((by_source = strcmp (a->source, b->source)) != 0)
    return by_source;
  if (a->seq != b->seq)
    return a->seq > b->seq ? -1 : 1;
  return 0;
}

/* what follows the cursor, in a source named @source whose time and row
 * id are @at_column and @seq_column; then the order and the page's size */
static void
append_page (RapportdSql                  *sql,
             const char                   *source,
             const char                   *at_column,
             const char                   *seq_column,
             const RapportdTimelineCursor *before,
             guint                         limit)
{
  if (before != NULL)
    {
      g_autofree char *at = rapportd_sql_format_time (before->at);
      int by_source = strcmp (source, before->source);

      if (by_source > 0)
        rapportd_sql_appendf (sql, " AND %s <= ?", at_column);
      else if (by_source < 0)
        rapportd_sql_appendf (sql, " AND %s < ?", at_column);
      else
        rapportd_sql_appendf (sql, " AND (%s < ? OR (%s = ? AND %s < ?))", at_column, at_column, seq_column);
      rapportd_sql_add_text (sql, at);
      if (by_source == 0)
        {
          rapportd_sql_add_text (sql, at);
          rapportd_sql_add_int (sql, before->seq);
        }
    }
  rapportd_sql_appendf (sql, " ORDER BY %s DESC, %s DESC LIMIT ?", at_column, seq_column);
  rapportd_sql_add_int (sql, limit + 1);
}

/* `IN (SELECT id FROM <type's table> WHERE <column> = ? AND <actor's scope>)` */
static void
append_visible_ids (RapportdSql         *sql,
                    const RapportdActor *actor,
                    GType                type,
                    const char          *column,
                    gint64               id)
{
  CrmEntityClass *klass = g_type_class_ref (type);

  rapportd_sql_appendf (sql, " IN (SELECT `id` FROM `%s` WHERE `%s` = ?", klass->collection, column);
  rapportd_sql_add_int (sql, id);
  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  rapportd_sql_append (sql, ")");
  g_type_class_unref (klass);
}

static void
append_scope_of (RapportdSql         *sql,
                 const RapportdActor *actor,
                 GType                type)
{
  CrmEntityClass *klass = g_type_class_ref (type);

  rapportd_repo_append_scope (sql, klass, actor, FALSE);
  g_type_class_unref (klass);
}

/* the names of the members an audit row changed, bookkeeping left out;
 * values are not shown: the record's history gives them to who may read it */
static JsonNode *
changed_members (const char *before_json,
                 const char *after_json)
{
  g_autoptr(JsonNode) before = before_json ? crm_json_parse (before_json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL) : NULL;
  g_autoptr(JsonNode) after = after_json ? crm_json_parse (after_json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL) : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const bookkeeping[] = {
    "id", "version", "created_at", "created_by", "updated_at", "updated_by", NULL
  };

  json_builder_begin_array (builder);
  if (after && JSON_NODE_HOLDS_OBJECT (after))
    {
      JsonObject *was = before && JSON_NODE_HOLDS_OBJECT (before) ? json_node_get_object (before) : NULL;
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (after));

      for (GList *m = members; m; m = m->next)
        {
          JsonNode *value = json_object_get_member (json_node_get_object (after), m->data);

          if (g_strv_contains (bookkeeping, m->data))
            continue;
          if (was && json_object_has_member (was, m->data) &&
              json_node_equal (json_object_get_member (was, m->data), value))
            continue;
          json_builder_add_string_value (builder, m->data);
        }
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* a member of an audit row's JSON as text, or NULL */
static char *
json_member_text (const char *json,
                  const char *member)
{
  g_autoptr(JsonNode) node = json ? crm_json_parse (json, -1, CRM_JSON_MAX_VALUES_TRUSTED, NULL) : NULL;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (value = json_object_get_member (json_node_get_object (node), member)) == NULL ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (value));
}

/* the columns every source selects: at, seq, entity, id, title, summary,
 * actor, action, before_json, after_json */
static TimelinePage *
read_source (RapportdDb   *db,
             RapportdSql  *sql,
             const char   *source,
             const char   *kind,
             GError      **error)
{
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);
  TimelinePage *page;

  if (result == NULL)
    return NULL;
  page = g_new0 (TimelinePage, 1);
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) timeline_item_free);
  for (guint r = 0; r < result->n_rows; r++)
    {
      TimelineItem *item = g_new0 (TimelineItem, 1);
      const char *before_json = rapportd_db_result_get (result, r, 8);
      const char *after_json = rapportd_db_result_get (result, r, 9);

      g_ptr_array_add (page->items, item);
      rapportd_sql_parse_time (rapportd_db_result_get (result, r, 0), &item->at);
      item->source = source;
      item->kind = kind;
      item->seq = g_ascii_strtoll (rapportd_db_result_get (result, r, 1), NULL, 10);
      item->entity = g_strdup (rapportd_db_result_get (result, r, 2));
      item->id = g_ascii_strtoll (rapportd_db_result_get (result, r, 3), NULL, 10);
      item->title = g_strdup (rapportd_db_result_get (result, r, 4));
      item->summary = g_strdup (rapportd_db_result_get (result, r, 5));
      item->actor = g_strdup (rapportd_db_result_get (result, r, 6));
      item->action = g_strdup (rapportd_db_result_get (result, r, 7));
      if (g_str_equal (source, "document") || g_str_equal (source, "change"))
        {
          item->changed = changed_members (before_json, after_json);
          if (item->title == NULL)
            item->title = json_member_text (after_json ? after_json : before_json, "number");
          if (item->summary == NULL)
            item->summary = json_member_text (after_json, "status");
        }
    }
  return page;
}

/* a record's audit rows by time: one range of audit_entity_at (migration 030),
 * which the optimiser would otherwise trade for a walk down audit_at */
#define SELECT_AUDIT \
  "SELECT a.at, a.id, a.entity, a.entity_id, NULL, NULL, u.name, a.action, a.before_json, a.after_json " \
  "FROM audit_log a FORCE INDEX (audit_entity_at) LEFT JOIN users u ON u.id = a.actor_id "

/* the record's own changes */
static TimelinePage *
read_changes (RapportdDb                   *db,
              CrmEntity                    *record,
              const RapportdTimelineCursor *before,
              guint                         limit,
              GError                      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (SELECT_AUDIT "WHERE a.entity = ? AND a.entity_id = ?");

  rapportd_sql_add_text (sql, crm_entity_get_entity_name (record));
  rapportd_sql_add_int (sql, crm_entity_get_id (record));
  append_page (sql, "change", "a.at", "a.id", before, limit);
  return read_source (db, sql, "change", "change", error);
}

/* the documents a record's stream takes in: by which column of theirs */
static const struct
{
  GType      (*get_type) (void);
  const char  *account_column;
  const char  *contact_column;
  const char  *opportunity_column;
} documents[] = {
  { crm_quote_get_type, "account_id", "contact_id", "opportunity_id" },
  { crm_sales_order_get_type, "account_id", "contact_id", NULL },
  { crm_contract_get_type, "account_id", "contact_id", NULL },
  { crm_payment_get_type, "account_id", NULL, NULL },
  { crm_invoice_get_type, "account_id", NULL, NULL },
};

static const char *
document_column (guint       d,
                 const char *entity)
{
  if (g_str_equal (entity, "account"))
    return documents[d].account_column;
  if (g_str_equal (entity, "contact"))
    return documents[d].contact_column;
  if (g_str_equal (entity, "opportunity"))
    return documents[d].opportunity_column;
  return NULL;
}

/* the documents' own rows (created, status changed…), approvals or
 * signatures on them: of those documents of the record the actor sees */
static TimelinePage *
read_documents (RapportdDb                   *db,
                const RapportdActor          *actor,
                CrmEntity                    *record,
                const char                   *source,
                const RapportdTimelineCursor *before,
                guint                         limit,
                GError                      **error)
{
  const char *entity = crm_entity_get_entity_name (record);
  g_autoptr(RapportdSql) sql = NULL;
  gboolean any = FALSE;
  const char *at_column, *seq_column;

  if (g_str_equal (source, "document"))
    {
      sql = rapportd_sql_new (SELECT_AUDIT "WHERE (FALSE");
      at_column = "a.at";
      seq_column = "a.id";
    }
  else if (g_str_equal (source, "approval"))
    {
      sql = rapportd_sql_new ("SELECT p.created_at, p.id, p.entity, p.record_id, NULL, p.state, u.name, "
                              "'submitted', NULL, NULL FROM approvals p LEFT JOIN users u ON u.id = p.submitter_id "
                              "WHERE (FALSE");
      at_column = "p.created_at";
      seq_column = "p.id";
    }
  else
    {
      sql = rapportd_sql_new ("SELECT g.signed_at, g.id, g.entity, g.record_id, NULL, g.meaning, g.signer_name, "
                              "'signed', NULL, NULL FROM signatures g WHERE (FALSE");
      at_column = "g.signed_at";
      seq_column = "g.id";
    }
  for (guint d = 0; d < G_N_ELEMENTS (documents); d++)
    {
      const char *column = document_column (d, entity);
      CrmEntityClass *klass;
      const char *prefix = g_str_equal (source, "document") ? "a" : g_str_equal (source, "approval") ? "p" : "g";

      if (column == NULL)
        continue;
      any = TRUE;
      klass = g_type_class_ref (documents[d].get_type ());
      rapportd_sql_appendf (sql, " OR (%s.entity = ? AND %s.%s", prefix, prefix,
                            g_str_equal (source, "document") ? "entity_id" : "record_id");
      rapportd_sql_add_text (sql, klass->entity_name);
      append_visible_ids (sql, actor, documents[d].get_type (), column, crm_entity_get_id (record));
      rapportd_sql_append (sql, ")");
      g_type_class_unref (klass);
    }
  if (!any)
    return g_new0 (TimelinePage, 1);
  rapportd_sql_append (sql, ")");
  append_page (sql, source, at_column, seq_column, before, limit);
  return read_source (db, sql, source, g_str_equal (source, "document") ? "document" : "approval", error);
}

/* the table unnamed, as the scope's SQL names its columns; read by the
 * record's index, (record, starts_at, id), which the optimiser would
 * otherwise trade for an intersection of owner and archived when one
 * owner has most of the rows */
#define SELECT_ACTIVITY \
  "SELECT starts_at, id, 'activity', id, subject, kind, (SELECT u.name FROM users u WHERE u.id = owner_id), " \
  "status, NULL, NULL FROM activities FORCE INDEX (activities_%.*s) WHERE "

/* activities whose @column is the record, or (@through set) one of the
 * records of type @through whose @through_column is the record */
static TimelinePage *
read_activities (RapportdDb                   *db,
                 const RapportdActor          *actor,
                 gint64                        id,
                 const char                   *column,
                 GType                         through,
                 const char                   *through_column,
                 const RapportdTimelineCursor *before,
                 guint                         limit,
                 GError                      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);

  /* "account_id" → activities_account */
  rapportd_sql_appendf (sql, SELECT_ACTIVITY, (int) (strlen (column) - 3), column);
  rapportd_sql_appendf (sql, "`%s`", column);
  if (through != G_TYPE_INVALID)
    append_visible_ids (sql, actor, through, through_column, id);
  else
    {
      rapportd_sql_append (sql, " = ?");
      rapportd_sql_add_int (sql, id);
    }
  rapportd_sql_append (sql, " AND archived = 0");
  append_scope_of (sql, actor, crm_activity_get_type ());
  append_page (sql, "activity", "starts_at", "id", before, limit);
  return read_source (db, sql, "activity", "activity", error);
}

/* the review comments on those activities: by the record's activities,
 * then each one's comments (review_comments_record), newest first */
static TimelinePage *
read_comments (RapportdDb                   *db,
               const RapportdActor          *actor,
               gint64                        id,
               const char                   *column,
               const RapportdTimelineCursor *before,
               guint                         limit,
               GError                      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT c.created_at, c.id, 'activity', c.record_id, "
                                                 "(SELECT v.subject FROM activities v WHERE v.id = c.record_id), "
                                                 "c.body, u.name, 'comment', NULL, NULL FROM review_comments c "
                                                 "LEFT JOIN users u ON u.id = c.author_id "
                                                 "WHERE c.entity = 'activity' AND c.record_id IN (SELECT `id` FROM activities ");

  rapportd_sql_appendf (sql, "FORCE INDEX (activities_%.*s) WHERE `%s` = ? AND archived = 0",
                        (int) (strlen (column) - 3), column, column);
  rapportd_sql_add_int (sql, id);
  append_scope_of (sql, actor, crm_activity_get_type ());
  rapportd_sql_append (sql, ")");
  append_page (sql, "comment", "c.created_at", "c.id", before, limit);
  return read_source (db, sql, "comment", "comment", error);
}

static TimelinePage *
read_tasks (RapportdDb                   *db,
            const RapportdActor          *actor,
            gint64                        id,
            const char                   *column,
            const RapportdTimelineCursor *before,
            guint                         limit,
            GError                      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (NULL);

  rapportd_sql_appendf (sql, "SELECT created_at, id, 'task', id, subject, IF(done, 'done', 'open'), "
                        "(SELECT u.name FROM users u WHERE u.id = assignee_id), NULL, NULL, NULL "
                        "FROM tasks FORCE INDEX (tasks_%.*s_created) WHERE `%s` = ? AND archived = 0",
                        (int) (strlen (column) - 3), column, column);
  rapportd_sql_add_int (sql, id);
  append_scope_of (sql, actor, crm_task_get_type ());
  append_page (sql, "task", "created_at", "id", before, limit);
  return read_source (db, sql, "task", "task", error);
}

static void
add_text_or_null (JsonBuilder *builder,
                  const char  *name,
                  const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_item (JsonBuilder  *builder,
          TimelineItem *item)
{
  g_autofree char *at = crm_json_format_timestamp (item->at);

  json_builder_begin_object (builder);
  add_text_or_null (builder, "at", at);
  add_text_or_null (builder, "kind", item->kind);
  add_text_or_null (builder, "entity", item->entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, item->id);
  add_text_or_null (builder, "title", item->title);
  add_text_or_null (builder, "summary", item->summary);
  add_text_or_null (builder, "actor", item->actor);
  add_text_or_null (builder, "action", item->action);
  if (item->changed)
    {
      json_builder_set_member_name (builder, "changed");
      json_builder_add_value (builder, json_node_ref (item->changed));
    }
  add_text_or_null (builder, "source", item->source);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, item->seq);
  json_builder_end_object (builder);
}

/* the k-way merge: the newest head of the sources' pages, until the page
 * is full; an activity met through two paths (the account's own and one
 * of its contacts') is the same item, given once */
static JsonNode *
merge_pages (GPtrArray *pages,
             guint      limit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  TimelineItem *last = NULL;
  guint n = 0;
  gboolean more = FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (;;)
    {
      TimelinePage *best = NULL;
      TimelineItem *head;

      for (guint p = 0; p < pages->len; p++)
        {
          TimelinePage *page = pages->pdata[p];

          if (page->items == NULL || page->next >= page->items->len)
            continue;
          if (best == NULL || compare_items (page->items->pdata[page->next], best->items->pdata[best->next]) < 0)
            best = page;
        }
      if (best == NULL)
        break;
      head = best->items->pdata[best->next];
      if (last != NULL && compare_items (head, last) == 0)
        {
          best->next++;
          continue;
        }
      if (n == limit)
        {
          more = TRUE;
          break;
        }
      best->next++;
      add_item (builder, head);
      last = head;
      n++;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  if (more)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT ".%s.%" G_GINT64_FORMAT,
                                               last->at, last->source, last->seq);
      json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
add_page (GPtrArray     *pages,
          TimelinePage  *page)
{
  if (page == NULL)
    return FALSE;
  g_ptr_array_add (pages, page);
  return TRUE;
}

/**
 * rapportd_timeline_read:
 * @db: a connection
 * @actor: who reads; only what they may see enters the stream
 * @record: an account, contact, lead or opportunity, as @actor reads it
 * @kinds: which kinds of item
 * @before: (nullable): the cursor of the previous page
 * @limit: the page's size, 1 to %RAPPORTD_TIMELINE_MAX_LIMIT
 * @error: return location for a #GError
 *
 * An account's stream takes in its contacts' and opportunities'
 * activities too (not their comments: those of its own activities), and its quotes, orders, contracts, payments and
 * invoices; a contact's its quotes, orders and contracts; an
 * opportunity's its quotes.
 *
 * Returns: (transfer full): `{"items": […], "next": cursor or null}`
 */
JsonNode *
rapportd_timeline_read (RapportdDb                   *db,
                        const RapportdActor          *actor,
                        CrmEntity                    *record,
                        RapportdTimelineKinds         kinds,
                        const RapportdTimelineCursor *before,
                        guint                         limit,
                        GError                      **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) timeline_page_free);
  const char *entity;
  g_autofree char *column = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_ENTITY (record), NULL);
  g_return_val_if_fail (limit > 0 && limit <= RAPPORTD_TIMELINE_MAX_LIMIT, NULL);

  entity = crm_entity_get_entity_name (record);
  id = crm_entity_get_id (record);
  column = g_strdup_printf ("%s_id", entity);
  if ((kinds & RAPPORTD_TIMELINE_ACTIVITY) &&
      (!add_page (pages, read_activities (db, actor, id, column, G_TYPE_INVALID, NULL, before, limit, error)) ||
       (g_str_equal (entity, "account") &&
        (!add_page (pages, read_activities (db, actor, id, "contact_id", crm_contact_get_type (), "account_id",
                                            before, limit, error)) ||
         !add_page (pages, read_activities (db, actor, id, "opportunity_id", crm_opportunity_get_type (),
                                            "account_id", before, limit, error))))))
    return NULL;
  if ((kinds & RAPPORTD_TIMELINE_COMMENT) &&
      !add_page (pages, read_comments (db, actor, id, column, before, limit, error)))
    return NULL;
  if ((kinds & RAPPORTD_TIMELINE_TASK) &&
      !add_page (pages, read_tasks (db, actor, id, column, before, limit, error)))
    return NULL;
  if ((kinds & RAPPORTD_TIMELINE_DOCUMENT) &&
      !add_page (pages, read_documents (db, actor, record, "document", before, limit, error)))
    return NULL;
  if ((kinds & RAPPORTD_TIMELINE_APPROVAL) &&
      (!add_page (pages, read_documents (db, actor, record, "approval", before, limit, error)) ||
       !add_page (pages, read_documents (db, actor, record, "signature", before, limit, error))))
    return NULL;
  if (kinds & RAPPORTD_TIMELINE_CHANGE)
    {
      gboolean masked;

      /* a pooled lead's history holds the contact details it masks */
      if (!rapportd_pool_view_is_masked (db, actor, record, &masked, error))
        return NULL;
      if (!masked && !add_page (pages, read_changes (db, record, before, limit, error)))
        return NULL;
    }
  return merge_pages (pages, limit);
}
