/* rapportd-activities.c: activities' own rules: the edit window, corrections, participants, the records' last activity */
#include "rapportd-activities.h"
#include "rapportd-repo.h"
#include "crm-activity.h"
#include "crm-contact.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-user.h"

#include <glib/gi18n-lib.h>

/* the longest reason a correction may give (the audit column's size) */
#define MAX_REASON 500
/* activities the periodic job closes in one run; the rest wait for the next */
#define CLOSE_BATCH 1000

static guint edit_hours = RAPPORTD_ACTIVITY_EDIT_HOURS_DEFAULT;

/**
 * rapportd_activities_set_edit_hours:
 * @hours: how long the owner may edit an activity after creating it, a
 *   company setting (rapportd.conf, [activities] edit_hours)
 *
 * Set once, at start.
 */
void
rapportd_activities_set_edit_hours (guint hours)
{
  edit_hours = hours;
}

/**
 * rapportd_activities_get_edit_hours:
 *
 * Returns: the company's edit window in hours
 */
guint
rapportd_activities_get_edit_hours (void)
{
  return edit_hours;
}

static gboolean
has (CrmEntity  *record,
     const char *name)
{
  int field = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (record), name);

  return field >= 0 && crm_entity_has_value (record, field) && !crm_entity_value (record, field)->is_null;
}

static void
copy_value (const CrmValue *src,
            CrmValue       *dest)
{
  g_free (dest->s);
  g_strfreev (dest->tags);
  *dest = *src;
  dest->s = g_strdup (src->s);
  dest->tags = g_strdupv (src->tags);
}

static gboolean
same_value (const CrmValue *a,
            const CrmValue *b)
{
  if (a->is_null || !a->set || b->is_null || !b->set)
    return (a->is_null || !a->set) == (b->is_null || !b->set);
  return a->i == b->i && g_strcmp0 (a->s, b->s) == 0 &&
         (a->tags == NULL) == (b->tags == NULL) &&
         (a->tags == NULL || g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags));
}

static gboolean
same_participants (CrmEntity *a,
                   CrmEntity *b)
{
  GPtrArray *la = crm_entity_get_lines (a);
  GPtrArray *lb = crm_entity_get_lines (b);
  guint na = la ? la->len : 0;
  guint nb = lb ? lb->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (crm_entity_get_int (la->pdata[i], "user") != crm_entity_get_int (lb->pdata[i], "user") ||
        crm_entity_get_int (la->pdata[i], "contact") != crm_entity_get_int (lb->pdata[i], "contact"))
      return FALSE;
  return TRUE;
}

/* whether anything but the owner changes: a transfer alone (a user
 * deactivated, their records handed over) is not an edit */
static gboolean
content_changed (CrmEntity *before,
                 CrmEntity *after)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);
  int owner = crm_entity_class_find_owner (klass);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    if ((int) i != owner && !same_value (crm_entity_value (before, i), crm_entity_value (after, i)))
      return TRUE;
  return !same_participants (before, after);
}

static gboolean
is_closed (CrmEntity *activity,
           gint64     now)
{
  return g_strcmp0 (crm_entity_get_text (activity, "status"), "open") != 0 ||
         (has (activity, "editable_until") && crm_entity_get_int (activity, "editable_until") <= now);
}

/* every participant names a colleague who exists, or a contact the writer may see */
static gboolean
check_participants (RapportdDb           *db,
                    const RapportdActor  *actor,
                    CrmEntity            *after,
                    CrmEntity            *before,
                    GError              **error)
{
  GPtrArray *participants = crm_entity_get_lines (after);
  GPtrArray *known = before ? crm_entity_get_lines (before) : NULL;

  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      CrmEntity *participant = participants->pdata[i];
      gboolean contact = has (participant, "contact");
      gint64 id = crm_entity_get_int (participant, contact ? "contact" : "user");
      g_autoptr(CrmEntity) found = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean seen = FALSE;

      for (guint k = 0; known != NULL && k < known->len && !seen; k++)
        seen = crm_entity_get_int (known->pdata[k], contact ? "contact" : "user") == id;
      if (seen)
        continue;
      found = rapportd_repo_get (db, contact ? actor : NULL, contact ? CRM_TYPE_CONTACT : CRM_TYPE_USER,
                                 id, FALSE, &local_error);
      if (found != NULL)
        continue;
      if (!g_error_matches (local_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "participants",
                                 contact ? _("Participant %u: no contact with id %lld")
                                         : _("Participant %u: no colleague with id %lld"),
                                 i + 1, (long long) id);
      return FALSE;
    }
  return TRUE;
}

/* A new activity opens its edit window; afterwards only its owner edits
 * it, and only within the window (closed, it takes a correction). */
static gboolean
activity_prepare (RapportdDb           *db,
                  const RapportdActor  *actor,
                  CrmEntity            *before,
                  CrmEntity            *after,
                  gboolean              as_server,
                  GError              **error)
{
  gint64 now = g_get_real_time ();

  if (as_server)
    return TRUE;
  if (before == NULL)
    {
      if (!has (after, "starts_at"))
        crm_entity_set_int (after, "starts_at", now);
      crm_entity_set_text (after, "status", "open");
      crm_entity_set_int (after, "editable_until", now + (gint64) edit_hours * 3600 * G_USEC_PER_SEC);
      return check_participants (db, actor, after, NULL, error);
    }
  if (!content_changed (before, after))
    return TRUE;
  if (crm_entity_get_int (before, "owner") != actor->user_id)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN,
                   _("Only its owner edits an activity; others record a correction, with a reason"));
      return FALSE;
    }
  if (is_closed (before, now))
    {
      g_autofree char *since = crm_json_format_timestamp (crm_entity_get_int (before, "editable_until"));

      g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
                   _("This activity was closed for edits at %s. Record a correction instead, with a reason "
                     "(POST /api/v1/activities/%lld/corrections)"),
                   since, (long long) crm_entity_get_id (before));
      return FALSE;
    }
  return check_participants (db, actor, after, before, error);
}

static gboolean
same_relations (CrmEntity *before,
                CrmEntity *stored)
{
  for (guint i = 0; crm_activity_related_fields[i] != NULL; i++)
    if (crm_entity_get_int (before, crm_activity_related_fields[i]) !=
        crm_entity_get_int (stored, crm_activity_related_fields[i]))
      return FALSE;
  return crm_entity_get_int (before, "starts_at") == crm_entity_get_int (stored, "starts_at");
}

/* Each record the activity relates to has had activity as late as the
 * activity's start (never later than now, never moved back), in the
 * activity's transaction. The related records' versions stay: this is
 * no edit of theirs, and the activity's own audit row names them. */
static gboolean
activity_written (RapportdDb           *db,
                  const RapportdActor  *actor,
                  CrmEntity            *before,
                  CrmEntity            *stored,
                  GError              **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (stored);
  gint64 now = g_get_real_time ();
  gint64 when = has (stored, "starts_at") ? MIN (crm_entity_get_int (stored, "starts_at"), now) : now;
  g_autofree char *when_text = rapportd_sql_format_time (when);

  if (before != NULL && same_relations (before, stored))
    return TRUE;
  for (guint i = 0; crm_activity_related_fields[i] != NULL; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[crm_entity_class_find_field (klass, crm_activity_related_fields[i])];
      CrmEntityClass *related;
      g_autoptr(RapportdSql) sql = NULL;

      if (!has (stored, spec->name))
        continue;
      related = g_type_class_peek (crm_entities_lookup_name (spec->reference));
      sql = rapportd_sql_new (NULL);
      rapportd_sql_appendf (sql, "UPDATE `%s` SET `last_activity_at` = GREATEST(COALESCE(`last_activity_at`, ?), ?) "
                            "WHERE `id` = ?", related->collection);
      rapportd_sql_add_text (sql, when_text);
      rapportd_sql_add_text (sql, when_text);
      rapportd_sql_add_int (sql, crm_entity_get_int (stored, spec->name));
      if (!rapportd_db_execute (db, sql, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

const RapportdRepoRules rapportd_activity_rules = {
  "activity", activity_prepare, activity_written,
};

/**
 * rapportd_activities_close:
 * @db: a connection inside a transaction
 * @now: the time to judge edit windows by
 * @n_closed: (out) (optional): how many were closed
 * @error: return location for a #GError
 *
 * Closes the open activities whose edit window ended by @now, each an
 * audited change made by the system, at most %CLOSE_BATCH a run. An
 * activity past its window is refused edits even before the job runs.
 */
gboolean
rapportd_activities_close (RapportdDb  *db,
                           gint64       now,
                           guint       *n_closed,
                           GError     **error)
{
  RapportdActor system = { 0, (char *) "system", (char *) "system", (char *) "system" };
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id, version FROM activities "
                                                 "WHERE status = 'open' AND editable_until <= ? "
                                                 "ORDER BY editable_until LIMIT " G_STRINGIFY (CLOSE_BATCH));
  g_autofree char *now_text = rapportd_sql_format_time (now);
  g_autoptr(RapportdDbResult) result = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (n_closed != NULL)
    *n_closed = 0;
  rapportd_sql_add_text (sql, now_text);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < result->n_rows; i++)
    {
      g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_ACTIVITY);
      g_autoptr(CrmEntity) stored = NULL;

      crm_entity_set_version (patch, g_ascii_strtoll (rapportd_db_result_get (result, i, 1), NULL, 10));
      crm_entity_set_text (patch, "status", "closed");
      stored = rapportd_repo_update_as_server (db, &system, g_ascii_strtoll (rapportd_db_result_get (result, i, 0), NULL, 10),
                                               patch, error);
      if (stored == NULL)
        return FALSE;
      if (n_closed != NULL)
        (*n_closed)++;
    }
  return TRUE;
}

/* the correction starts as a copy of what the original says, participants
 * included; it belongs to who corrects, who answers for it, unless the
 * changes name an owner */
static CrmEntity *
correction_from (CrmEntity *original,
                 CrmEntity *changes)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (original);
  int owner = crm_entity_class_find_owner (klass);
  CrmEntity *correction = crm_entity_new (CRM_TYPE_ACTIVITY);
  GPtrArray *lines = crm_entity_get_lines (changes) ? crm_entity_get_lines (changes) : crm_entity_get_lines (original);
  GPtrArray *copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < klass->n_fields; i++)
    {
      CrmValue *given = crm_entity_value (changes, i);

      if ((klass->fields[i].flags & CRM_FIELD_READONLY) || ((int) i == owner && !given->set))
        continue;
      copy_value (given->set ? given : crm_entity_value (original, i), crm_entity_value (correction, i));
    }
  for (guint l = 0; lines != NULL && l < lines->len; l++)
    {
      CrmEntity *line = crm_entity_new (G_OBJECT_TYPE (lines->pdata[l]));
      guint n_fields;

      crm_entity_get_fields (line, &n_fields);
      for (guint f = CRM_ENTITY_N_SYSTEM_FIELDS; f < n_fields; f++)
        copy_value (crm_entity_value (lines->pdata[l], f), crm_entity_value (line, f));
      g_ptr_array_add (copies, line);
    }
  crm_entity_set_lines (correction, copies);
  return correction;
}

static gboolean
check_reason (const char  *reason,
              GError     **error)
{
  g_autofree char *text = reason ? g_strstrip (g_strdup (reason)) : NULL;

  if (text == NULL || text[0] == '\0')
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "reason", _("Say why the activity is corrected"));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > MAX_REASON)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "reason",
                                 _("A correction’s reason has at most %d characters"), MAX_REASON);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapportd_activities_correct:
 * @db: a connection inside the request's transaction
 * @actor: who corrects; they must be able to change the activity
 * @id: the activity corrected
 * @changes: what the correction says differently (set fields, and
 *   participants if given); the rest is the original's
 * @reason: why
 * @version: the original's version the client saw, or -1
 * @original: (out) (transfer full): the original, now linked to its correction
 * @error: return location for a #GError naming the field
 *
 * Records a correction: a new activity, linked to the original by
 * `corrects_id` and carrying the reason, and the original, unchanged but
 * "corrected" and pointing at it by `corrected_by_id`; both audited. An
 * activity is corrected once; a later correction corrects the correction.
 *
 * Returns: (transfer full): the correction as stored
 */
CrmEntity *
rapportd_activities_correct (RapportdDb           *db,
                             const RapportdActor  *actor,
                             gint64                id,
                             CrmEntity            *changes,
                             const char           *reason,
                             gint64                version,
                             CrmEntity           **original,
                             GError              **error)
{
  g_autoptr(CrmEntity) before = NULL;
  g_autoptr(CrmEntity) correction = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  g_autoptr(CrmEntity) link = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *link_reason = NULL;
  RapportdActor linker;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (CRM_IS_ACTIVITY (changes), NULL);
  g_return_val_if_fail (original != NULL, NULL);

  if ((before = rapportd_repo_get (db, actor, CRM_TYPE_ACTIVITY, id, TRUE, error)) == NULL ||
      !check_reason (reason, error))
    return NULL;
  if (version >= 0 && version != crm_entity_get_version (before))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "version",
                                 _("This activity was changed since you read it; reload it and try again"));
      return NULL;
    }
  if (has (before, "corrected_by"))
    {
      crm_error_set_field_error (error, CRM_ERROR_CONFLICT, "corrected_by_id",
                                 _("This activity was corrected already, by activity %lld: correct that one"),
                                 (long long) crm_entity_get_int (before, "corrected_by"));
      return NULL;
    }

  stripped = g_strstrip (g_strdup (reason));
  correction = correction_from (before, changes);
  crm_entity_set_int (correction, "corrects", id);
  crm_entity_set_text (correction, "correction_reason", stripped);
  if (!crm_entity_validate (correction, CRM_VALIDATE_CREATE, error) ||
      (stored = rapportd_repo_create (db, actor, correction, error)) == NULL)
    return NULL;

  /* the original keeps what it said; it is closed as corrected and names its correction */
  link = crm_entity_new (CRM_TYPE_ACTIVITY);
  crm_entity_set_version (link, crm_entity_get_version (before));
  crm_entity_set_text (link, "status", "corrected");
  crm_entity_set_int (link, "corrected_by", crm_entity_get_id (stored));
  link_reason = g_strdup_printf (_("Corrected by activity %lld: %s"), (long long) crm_entity_get_id (stored), stripped);
  if (g_utf8_strlen (link_reason, -1) > MAX_REASON)
    {
      char *cut = g_utf8_substring (link_reason, 0, MAX_REASON);

      g_free (link_reason);
      link_reason = cut;
    }
  linker = *actor;
  linker.reason = link_reason;
  if ((*original = rapportd_repo_update_as_server (db, &linker, id, link, error)) == NULL)
    return NULL;
  return g_steal_pointer (&stored);
}
