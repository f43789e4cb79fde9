/* rapportd-opportunity-stage.c: an opportunity's stage: where it starts, its moves, their checks and history */
#include "rapportd-opportunity-stage.h"
#include "rapportd-approvals.h"
#include "rapportd-repo.h"
#include "crm-error.h"
#include "crm-opportunity.h"
#include "crm-pipeline.h"

#include <glib/gi18n-lib.h>

static gboolean
default_pipeline (RapportdDb  *db,
                  gint64      *id,
                  GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT id FROM pipelines WHERE is_default = 1 AND archived = 0");
  g_autoptr(RapportdDbResult) result = rapportd_db_query (db, sql, error);

  if (result == NULL)
    return FALSE;
  if (result->n_rows != 1)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pipeline_id",
                                 _("There is no default pipeline: name the opportunity’s pipeline"));
      return FALSE;
    }
  *id = g_ascii_strtoll (rapportd_db_result_get (result, 0, 0), NULL, 10);
  return TRUE;
}

static CrmEntity *
load_pipeline (RapportdDb  *db,
               gint64       id,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CrmEntity *pipeline = rapportd_repo_get (db, NULL, CRM_TYPE_PIPELINE, id, FALSE, &local_error);

  if (pipeline == NULL && g_error_matches (local_error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
    crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "pipeline_id", "%s", local_error->message);
  else if (pipeline == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return pipeline;
}

static gboolean
is_closed (CrmEntity *stage)
{
  return g_strcmp0 (crm_entity_get_text (stage, "kind"), "open") != 0;
}

static gboolean
value_missing (CrmEntity  *record,
               int         index)
{
  CrmValue *value = index >= 0 ? crm_entity_value (record, index) : NULL;

  if (value == NULL || !value->set || value->is_null)
    return TRUE;
  if (value->s != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (value->s));

      return text[0] == '\0';
    }
  return value->tags != NULL && value->tags[0] == NULL;
}

/* an opportunity enters @stage only with the stage's required fields and,
 * to close it, a reason; a refusal names every field missing */
static gboolean
check_entry (CrmEntity   *opportunity,
             CrmEntity   *stage,
             GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (opportunity);
  const char * const *required = crm_entity_get_tags (stage, "required_fields");
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    if (value_missing (opportunity, crm_entity_class_find_json_key (klass, required[i])))
      g_ptr_array_add (missing, (gpointer) required[i]);
  if (is_closed (stage) && value_missing (opportunity, crm_entity_class_find_field (klass, "close_reason")))
    g_ptr_array_add (missing, (gpointer) "close_reason");
  if (missing->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (missing, NULL);
      names = g_strjoinv (", ", (char **) missing->pdata);
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, missing->pdata[0],
                                 _("To enter the stage “%s”, fill in: %s"),
                                 crm_entity_get_text (stage, "name"), names);
      return FALSE;
    }
  return TRUE;
}

/* what entering @stage sets: the status its kind says, the probability
 * asked or the stage's own, when it closed, and a new checklist */
static void
enter_stage (CrmEntity *opportunity,
             CrmEntity *stage,
             int        probability,
             gint64     now)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (opportunity);

  crm_entity_set_int (opportunity, "stage", crm_entity_get_id (stage));
  crm_entity_set_text (opportunity, "status", crm_entity_get_text (stage, "kind"));
  crm_entity_set_int (opportunity, "probability",
                      probability >= 0 ? probability : crm_entity_get_int (stage, "probability"));
  crm_entity_set_int (opportunity, "stage_entered_at", now);
  if (is_closed (stage))
    crm_entity_set_int (opportunity, "closed_at", now);
  else
    {
      crm_entity_set_null (opportunity, crm_entity_class_find_field (klass, "closed_at"));
      crm_entity_set_null (opportunity, crm_entity_class_find_field (klass, "close_reason"));
    }
  crm_entity_set_null (opportunity, crm_entity_class_find_field (klass, "checklist_done"));
  crm_entity_set_null (opportunity, crm_entity_class_find_field (klass, "pending_stage"));
}

/* a new opportunity starts in its pipeline's first stage, or in the one
 * named, as if it had moved there */
static gboolean
prepare_create (RapportdDb  *db,
                CrmEntity   *opportunity,
                GError     **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (opportunity);
  g_autoptr(CrmEntity) pipeline = NULL;
  CrmEntity *stage;
  gint64 pipeline_id;
  int probability = crm_entity_has_value (opportunity, crm_entity_class_find_field (klass, "probability"))
                    ? crm_entity_get_int (opportunity, "probability") : -1;

  if (crm_entity_has_value (opportunity, crm_entity_class_find_field (klass, "pipeline")))
    pipeline_id = crm_entity_get_int (opportunity, "pipeline");
  else if (!default_pipeline (db, &pipeline_id, error))
    return FALSE;
  if ((pipeline = load_pipeline (db, pipeline_id, error)) == NULL)
    return FALSE;
  crm_entity_set_int (opportunity, "pipeline", pipeline_id);
  if (crm_entity_has_value (opportunity, crm_entity_class_find_field (klass, "stage")))
    stage = crm_pipeline_find_stage (pipeline, crm_entity_get_int (opportunity, "stage"));
  else
    stage = crm_pipeline_first_stage (pipeline);
  if (stage == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stage_id",
                                 _("The stage is not one of the pipeline “%s”"), crm_entity_get_text (pipeline, "name"));
      return FALSE;
    }
  if (crm_entity_get_text (stage, "workflow") != NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stage_id",
                                 _("The stage “%s” is entered only through its approval: create the opportunity in an earlier stage"),
                                 crm_entity_get_text (stage, "name"));
      return FALSE;
    }
  if (!check_entry (opportunity, stage, error))
    return FALSE;
  {
    g_autofree char *reason = g_strdup (crm_entity_get_text (opportunity, "close_reason"));

    enter_stage (opportunity, stage, probability, g_get_real_time ());
    if (reason != NULL && is_closed (stage))
      crm_entity_set_text (opportunity, "close_reason", reason);
  }
  return TRUE;
}

static gboolean
opportunity_prepare (RapportdDb           *db,
                     const RapportdActor  *actor,
                     CrmEntity            *before,
                     CrmEntity            *after,
                     gboolean              as_server,
                     GError              **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (after);
  int stage = crm_entity_class_find_field (klass, "stage");
  int pipeline = crm_entity_class_find_field (klass, "pipeline");

  if (before == NULL)
    return prepare_create (db, after, error);
  if (as_server)
    return TRUE;
  /* a PATCH keeps the stage: a move has its checks, history and approval */
  if (crm_entity_value (after, stage)->i != crm_entity_value (before, stage)->i ||
      crm_entity_value (after, pipeline)->i != crm_entity_value (before, pipeline)->i)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION,
                                 crm_entity_value (after, stage)->i != crm_entity_value (before, stage)->i
                                 ? "stage_id" : "pipeline_id",
                                 _("An opportunity changes stage through its stage action, POST /opportunities/%lld/stage"),
                                 (long long) crm_entity_get_id (before));
      return FALSE;
    }
  return TRUE;
}

/* each stay in a stage is a row: the one ending is closed, the new one opened */
static gboolean
opportunity_written (RapportdDb           *db,
                     const RapportdActor  *actor,
                     CrmEntity            *before,
                     CrmEntity            *stored,
                     GError              **error)
{
  gint64 entered = crm_entity_get_int (stored, "stage_entered_at");
  g_autofree char *when = rapportd_sql_format_time (entered);
  g_autoptr(RapportdSql) insert = NULL;

  if (before != NULL && crm_entity_get_int (before, "stage") == crm_entity_get_int (stored, "stage"))
    return TRUE;
  if (before != NULL)
    {
      g_autoptr(RapportdSql) close = rapportd_sql_new ("UPDATE opportunity_stage_history SET left_at = ? "
                                                       "WHERE opportunity_id = ? AND left_at IS NULL");

      rapportd_sql_add_text (close, when);
      rapportd_sql_add_int (close, crm_entity_get_id (stored));
      if (!rapportd_db_execute (db, close, NULL, NULL, error))
        return FALSE;
    }
  insert = rapportd_sql_new ("INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, entered_by) "
                             "VALUES (?, ?, ?, ?)");
  rapportd_sql_add_int (insert, crm_entity_get_id (stored));
  rapportd_sql_add_int (insert, crm_entity_get_int (stored, "stage"));
  rapportd_sql_add_text (insert, when);
  if (actor->user_id > 0)
    rapportd_sql_add_int (insert, actor->user_id);
  else
    rapportd_sql_add_null (insert);
  return rapportd_db_execute (db, insert, NULL, NULL, error);
}

const RapportdRepoRules rapportd_opportunity_rules = {
  "opportunity", opportunity_prepare, opportunity_written,
};

/* the opportunity with the move's reason, as it would enter the stage */
static CrmEntity *
move_patch (CrmEntity               *opportunity,
            const RapportdStageMove *move)
{
  CrmEntity *patch = crm_entity_new (CRM_TYPE_OPPORTUNITY);

  crm_entity_set_version (patch, move->version >= 0 ? move->version : crm_entity_get_version (opportunity));
  if (move->close_reason != NULL)
    crm_entity_set_text (patch, "close_reason", move->close_reason);
  return patch;
}

/**
 * rapportd_opportunity_move:
 * @db: a connection inside the request's transaction
 * @actor: who moves it; they must be able to change it
 * @id: the opportunity
 * @move: the stage and what comes with the move
 * @approval_id: (out): the approval the move waits for, or 0 when it is done
 * @error: return location for a #GError naming the field
 *
 * Moves the opportunity to another stage of its pipeline, once the
 * stage's required fields are filled (and, to close it, a reason given).
 * Where the stage names an approval workflow, the opportunity stays where
 * it is with the stage pending until the workflow decides.
 *
 * Returns: (transfer full): the opportunity as stored
 */
CrmEntity *
rapportd_opportunity_move (RapportdDb              *db,
                           const RapportdActor     *actor,
                           gint64                   id,
                           const RapportdStageMove *move,
                           gint64                  *approval_id,
                           GError                 **error)
{
  g_autoptr(CrmEntity) current = NULL;
  g_autoptr(CrmEntity) pipeline = NULL;
  g_autoptr(CrmEntity) patch = NULL;
  g_autoptr(CrmEntity) merged = NULL;
  CrmEntity *stage;
  const char *workflow;

  g_return_val_if_fail (db != NULL && actor != NULL && move != NULL, NULL);

  *approval_id = 0;
  if ((current = rapportd_repo_get (db, actor, CRM_TYPE_OPPORTUNITY, id, TRUE, error)) == NULL ||
      (pipeline = load_pipeline (db, crm_entity_get_int (current, "pipeline"), error)) == NULL)
    return NULL;
  if (crm_entity_has_value (current, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (current), "pending_stage")))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
                   _("This opportunity waits for the approval of its move to another stage"));
      return NULL;
    }
  if ((stage = crm_pipeline_find_stage (pipeline, move->stage_id)) == NULL)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "stage_id",
                                 _("The stage is not one of the pipeline “%s”"), crm_entity_get_text (pipeline, "name"));
      return NULL;
    }
  patch = move_patch (current, move);
  /* staying in the stage changes only what is given with it */
  if (move->stage_id == crm_entity_get_int (current, "stage"))
    {
      if (move->probability >= 0)
        crm_entity_set_int (patch, "probability", move->probability);
      return rapportd_repo_update_as_server (db, actor, id, patch, error);
    }

  /* the record as it would be: the checks read the reason given now */
  merged = move_patch (current, move);
  for (guint i = 0; i < CRM_ENTITY_GET_CLASS (current)->n_fields; i++)
    if (!crm_entity_value (merged, i)->set)
      {
        CrmValue *from = crm_entity_value (current, i);
        CrmValue *to = crm_entity_value (merged, i);

        *to = *from;
        to->s = g_strdup (from->s);
        to->tags = g_strdupv (from->tags);
      }
  if (!check_entry (merged, stage, error))
    return NULL;

  workflow = crm_entity_get_text (stage, "workflow");
  if (workflow != NULL)
    {
      g_autoptr(CrmEntity) waiting = NULL;

      crm_entity_set_int (patch, "pending_stage", move->stage_id);
      if ((waiting = rapportd_repo_update_as_server (db, actor, id, patch, error)) == NULL ||
          !rapportd_approvals_submit_named (db, actor, rapportd_approvals_gate ("opportunity", "report"),
                                            waiting, workflow, approval_id, error))
        return NULL;
      return rapportd_repo_get (db, NULL, CRM_TYPE_OPPORTUNITY, id, FALSE, error);
    }
  enter_stage (patch, stage, move->probability, g_get_real_time ());
  if (move->close_reason != NULL && is_closed (stage))
    crm_entity_set_text (patch, "close_reason", move->close_reason);
  return rapportd_repo_update_as_server (db, actor, id, patch, error);
}

/**
 * rapportd_opportunity_finish_move:
 * @db: a connection inside the transaction of the approval's decision
 * @actor: whose action decided it
 * @opportunity: the opportunity, as stored, locked
 * @approved: whether the move was approved
 * @error: return location for a #GError
 *
 * An approved move enters the pending stage; a refused or withdrawn one
 * leaves the opportunity where it was, with no stage pending.
 */
gboolean
rapportd_opportunity_finish_move (RapportdDb           *db,
                                  const RapportdActor  *actor,
                                  CrmEntity            *opportunity,
                                  gboolean              approved,
                                  GError              **error)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (CRM_TYPE_OPPORTUNITY);
  g_autoptr(CrmEntity) pipeline = NULL;
  g_autoptr(CrmEntity) stored = NULL;
  CrmEntity *stage;

  g_return_val_if_fail (CRM_IS_OPPORTUNITY (opportunity), FALSE);

  crm_entity_set_version (patch, crm_entity_get_version (opportunity));
  if (!approved)
    crm_entity_set_null (patch, crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (patch), "pending_stage"));
  else
    {
      if ((pipeline = load_pipeline (db, crm_entity_get_int (opportunity, "pipeline"), error)) == NULL)
        return FALSE;
      stage = crm_pipeline_find_stage (pipeline, crm_entity_get_int (opportunity, "pending_stage"));
      if (stage == NULL)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT, _("The stage this opportunity waited for no longer exists"));
          return FALSE;
        }
      enter_stage (patch, stage, -1, g_get_real_time ());
      if (is_closed (stage))
        crm_entity_set_text (patch, "close_reason", crm_entity_get_text (opportunity, "close_reason"));
    }
  stored = rapportd_repo_update_as_server (db, actor, crm_entity_get_id (opportunity), patch, error);
  return stored != NULL;
}
