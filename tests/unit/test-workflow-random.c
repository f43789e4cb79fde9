/* test-workflow-random.c: random action sequences on random definitions, checking the engine's invariants */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "crm-error.h"
#include "crm-workflow-engine.h"

#define HOUR          (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define N_USERS       10
#define N_ROLES       3
#define N_TEAMS       2
#define DEFAULT_SEED  20260105
#define DEFAULT_RUNS  5000
#define MAX_ACTIONS   30

typedef struct
{
  GRand   *rand;
  /* role and team members, and each user's manager (-1 at the top) */
  gboolean roles[N_ROLES][N_USERS];
  gboolean teams[N_TEAMS][N_USERS];
  int      manager[N_USERS];
  /* what was seen, to show the run covered the ground */
  guint    n_ok[CRM_WORKFLOW_N_ACTIONS];
  guint    n_refused[CRM_WORKFLOW_N_ACTIONS];
  guint    n_final[CRM_WORKFLOW_STATE_WITHDRAWN + 1];
} World;

static const char * const roles[N_ROLES] = { "director", "manager", "finance" };
static const char * const conditions[] = {
  "amount > 100", "amount >= 0", "flag", "not flag", "amount > 50 and flag", "amount * 2 <= 150 or flag",
};

static char *
user (guint i)
{
  return g_strdup_printf ("u%u", i);
}

static guint
user_index (const char *id)
{
  return (guint) g_ascii_strtoull (id + 1, NULL, 10);
}

/* the row of @name ("director", "t1", "u7") in the world's tables, checked
 * against their bounds: the definitions name nothing else */
static guint
member_index (CrmWorkflowApproverKind  kind,
              const char              *name)
{
  guint64 index = 0;

  if (kind == CRM_WORKFLOW_APPROVER_ROLE)
    {
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        if (g_str_equal (name, roles[r]))
          return r;
      g_error ("unknown role “%s”", name);
    }
  if (!g_ascii_string_to_unsigned (name + 1, 10, 0,
                                   kind == CRM_WORKFLOW_APPROVER_TEAM ? N_TEAMS - 1 : N_USERS - 1,
                                   &index, NULL) ||
      name[0] != (kind == CRM_WORKFLOW_APPROVER_TEAM ? 't' : 'u'))
    g_error ("unknown team or user “%s”", name);
  return (guint) index;
}

static char **
resolve_members (CrmWorkflowApproverKind   kind,
                 const char               *name,
                 gpointer                  user_data,
                 GError                  **error)
{
  World *world = user_data;
  GPtrArray *out = g_ptr_array_new ();
  guint index = member_index (kind, name);

  for (guint u = 0; u < N_USERS; u++)
    {
      if ((kind == CRM_WORKFLOW_APPROVER_ROLE && world->roles[index][u]) ||
          (kind == CRM_WORKFLOW_APPROVER_TEAM && world->teams[index][u]) ||
          (kind == CRM_WORKFLOW_APPROVER_USERS && index == u))
        g_ptr_array_add (out, user (u));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static char *
resolve_manager (const char  *id,
                 guint        level,
                 gpointer     user_data,
                 GError     **error)
{
  World *world = user_data;
  int current = (int) user_index (id);

  for (guint l = 0; l < level && current >= 0; l++)
    current = world->manager[current];
  return current >= 0 ? user ((guint) current) : NULL;
}

static void
make_world (World *world)
{
  g_autofree guint *order = g_new (guint, N_USERS);

  for (guint r = 0; r < N_ROLES; r++)
    for (guint u = 0; u < N_USERS; u++)
      world->roles[r][u] = g_rand_int_range (world->rand, 0, 4) == 0;
  for (guint t = 0; t < N_TEAMS; t++)
    for (guint u = 0; u < N_USERS; u++)
      world->teams[t][u] = g_rand_int_range (world->rand, 0, 3) == 0;

  /* one chain of command in a random order */
  for (guint u = 0; u < N_USERS; u++)
    order[u] = u;
  for (guint u = N_USERS - 1; u > 0; u--)
    {
      guint j = (guint) g_rand_int_range (world->rand, 0, (gint32) u + 1);
      guint tmp = order[u];

      order[u] = order[j];
      order[j] = tmp;
    }
  for (guint u = 0; u < N_USERS; u++)
    world->manager[order[u]] = u + 1 < N_USERS ? (int) order[u + 1] : -1;
}

static char *
random_definition_json (World *world)
{
  GString *json = g_string_new (NULL);
  guint n_steps = (guint) g_rand_int_range (world->rand, 1, 5);

  g_string_append_printf (json, "{\"name\":\"Random\",\"version\":%d,"
                          "\"entity\":\"quote\",\"trigger\":\"submit\",",
                          g_rand_int_range (world->rand, 1, 1000));
  if (g_rand_boolean (world->rand))
    g_string_append_printf (json, "\"condition\":\"%s\",",
                            conditions[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (conditions))]);
  g_string_append (json, "\"steps\":[");

  for (guint s = 0; s < n_steps; s++)
    {
      guint n_entries = (guint) g_rand_int_range (world->rand, 1, 4);
      int mode = g_rand_int_range (world->rand, 0, 3);

      g_string_append_printf (json, "%s{\"name\":\"S%u\",", s > 0 ? "," : "", s);
      if (g_rand_int_range (world->rand, 0, 3) == 0)
        g_string_append_printf (json, "\"condition\":\"%s\",",
                                conditions[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (conditions))]);
      g_string_append (json, "\"approvers\":[");
      for (guint e = 0; e < n_entries; e++)
        {
          int kind = g_rand_int_range (world->rand, 0, 4);

          g_string_append (json, e > 0 ? "," : "");
          if (kind == 0)
            g_string_append_printf (json, "{\"role\":\"%s\"}",
                                    roles[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (roles))]);
          else if (kind == 1)
            g_string_append_printf (json, "{\"team\":\"t%d\"}", g_rand_int_range (world->rand, 0, N_TEAMS));
          else if (kind == 2)
            g_string_append_printf (json, "{\"users\":[\"u%d\",\"u%d\"]}",
                                    g_rand_int_range (world->rand, 0, N_USERS),
                                    g_rand_int_range (world->rand, 0, N_USERS));
          else
            g_string_append_printf (json, "{\"manager_levels\":%d}", g_rand_int_range (world->rand, 1, 3));
        }
      g_string_append_printf (json, "],\"mode\":\"%s\"", (const char *[]) { "any", "all", "quorum" }[mode]);
      if (mode == 2)
        g_string_append_printf (json, ",\"quorum\":%d", g_rand_int_range (world->rand, 1, 4));
      if (g_rand_boolean (world->rand))
        {
          g_string_append_printf (json, ",\"deadline_hours\":%d", g_rand_int_range (world->rand, 1, 48));
          if (g_rand_boolean (world->rand))
            g_string_append (json, ",\"escalate\":\"next_manager\"");
        }
      g_string_append (json, "}");
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

/* A definition the validator accepts (random ones may repeat a role, say). */
static CrmWorkflowDefinition *
random_definition (World *world)
{
  for (;;)
    {
      g_autofree char *json = random_definition_json (world);
      CrmWorkflowDefinition *definition = crm_workflow_definition_new_from_data (json, -1, NULL);

      if (definition != NULL)
        return definition;
    }
}

/* Independent of the engine: can @n_principals people fill every slot of
 * @step, each a different person? (A search with memory over used people.) */
static gboolean
fill_slots (CrmWorkflowInstance *instance,
            guint                step,
            guint                slot,
            char               **principals,
            guint                used,
            GHashTable          *failed)
{
  const char * const *escalated = crm_workflow_instance_get_step_escalated (instance, step);
  gpointer key = GUINT_TO_POINTER ((slot << 16) | used);

  if (slot == crm_workflow_instance_get_step_n_slots (instance, step))
    return TRUE;
  if (g_hash_table_contains (failed, key))
    return FALSE;

  for (guint p = 0; principals[p] != NULL; p++)
    {
      const char * const *members = NULL;

      crm_workflow_instance_get_step_slot (instance, step, slot, &members);
      if ((used & (1u << p)) == 0 &&
          (g_strv_contains (members, principals[p]) || g_strv_contains (escalated, principals[p])) &&
          fill_slots (instance, step, slot + 1, principals, used | (1u << p), failed))
        return TRUE;
    }
  g_hash_table_add (failed, key);
  return FALSE;
}

static gboolean
is_requester (CrmWorkflowInstance *instance,
              const char          *id)
{
  return g_strcmp0 (id, crm_workflow_instance_get_submitter (instance)) == 0 ||
         g_strcmp0 (id, crm_workflow_instance_get_owner (instance)) == 0;
}

/* The delegation @principal gave @actor in @step was in force at @record. */
static gboolean
delegated_at (CrmWorkflowInstance     *instance,
              guint                    upto,
              const CrmWorkflowRecord *record)
{
  for (guint i = upto; i > 0; i--)
    {
      const CrmWorkflowRecord *d = crm_workflow_instance_get_record (instance, i - 1);

      if (d->kind == CRM_WORKFLOW_ACTION_DELEGATE && d->step == record->step &&
          g_strcmp0 (d->actor, record->on_behalf_of) == 0)
        return g_strcmp0 (d->delegate, record->actor) == 0 && record->at < d->until;
    }
  return FALSE;
}

static void
check_step (CrmWorkflowInstance *instance,
            guint                step)
{
  CrmWorkflowDefinition *definition = crm_workflow_instance_get_definition (instance);
  const CrmWorkflowStep *def = crm_workflow_definition_get_step (definition, step);
  g_auto(GStrv) approvals = crm_workflow_instance_dup_step_approvals (instance, step);
  g_auto(GStrv) eligible = crm_workflow_instance_dup_step_approvers (instance, step);
  g_autoptr(GHashTable) actors = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) principals = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_approvals = g_strv_length (approvals);

  for (guint i = 0; i < crm_workflow_instance_get_n_records (instance); i++)
    {
      const CrmWorkflowRecord *r = crm_workflow_instance_get_record (instance, i);
      const char *principal = r->on_behalf_of != NULL ? r->on_behalf_of : r->actor;

      if (r->step != (int) step ||
          (r->kind != CRM_WORKFLOW_ACTION_APPROVE && r->kind != CRM_WORKFLOW_ACTION_REJECT))
        continue;
      /* no self-approval, each person once, only the eligible or their delegates */
      g_assert_false (is_requester (instance, r->actor));
      g_assert_false (is_requester (instance, principal));
      g_assert_true (g_hash_table_add (actors, r->actor));
      g_assert_true (g_hash_table_add (principals, (gpointer) principal));
      g_assert_true (g_strv_contains ((const char * const *) eligible, principal));
      if (r->on_behalf_of != NULL)
        g_assert_true (delegated_at (instance, i, r));
    }
  for (guint i = 0; eligible[i] != NULL; i++)
    g_assert_false (is_requester (instance, eligible[i]));

  /* a completed step has exactly the approvals its mode needs */
  if (crm_workflow_instance_get_step_state (instance, step) == CRM_WORKFLOW_STEP_APPROVED)
    {
      if (def->mode == CRM_WORKFLOW_MODE_ANY)
        g_assert_cmpuint (n_approvals, ==, 1);
      else if (def->mode == CRM_WORKFLOW_MODE_QUORUM)
        g_assert_cmpuint (n_approvals, ==, def->quorum);
      else
        {
          g_autoptr(GHashTable) failed = g_hash_table_new (NULL, NULL);

          g_assert_cmpuint (n_approvals, ==, crm_workflow_instance_get_step_n_slots (instance, step));
          g_assert_true (fill_slots (instance, step, 0, approvals, 0, failed));
        }
    }
  else if (def->mode == CRM_WORKFLOW_MODE_QUORUM)
    {
      g_assert_cmpuint (n_approvals, <, def->quorum);
    }
}

/* A step is skipped exactly when its condition, or the workflow's, is false. */
static void
check_skipped (CrmWorkflowInstance *instance,
               GHashTable          *values)
{
  CrmWorkflowDefinition *definition = crm_workflow_instance_get_definition (instance);
  CrmCondition *condition = crm_workflow_definition_get_condition (definition);
  gboolean applies = TRUE;

  if (condition != NULL)
    g_assert_true (crm_condition_evaluate_bool (condition, values, &applies, NULL));

  for (guint s = 0; s < crm_workflow_instance_get_n_steps (instance); s++)
    {
      const CrmWorkflowStep *step = crm_workflow_definition_get_step (definition, s);
      gboolean step_applies = applies;

      if (applies && step->condition != NULL)
        g_assert_true (crm_condition_evaluate_bool (step->condition, values, &step_applies, NULL));
      g_assert_cmpint (crm_workflow_instance_get_step_state (instance, s) == CRM_WORKFLOW_STEP_SKIPPED, ==,
                       !step_applies);
    }
}

static void
check_instance (CrmWorkflowInstance *instance,
                const char          *definition_text,
                GHashTable          *values)
{
  CrmWorkflowState state = crm_workflow_instance_get_state (instance);
  int current = crm_workflow_instance_get_current_step (instance);
  guint n_steps = crm_workflow_instance_get_n_steps (instance);
  guint count[CRM_WORKFLOW_STEP_CANCELLED + 1] = { 0 };
  g_autofree char *pinned = crm_workflow_definition_to_data (crm_workflow_instance_get_definition (instance));
  g_autofree char *text = crm_workflow_instance_to_data (instance);
  g_autoptr(CrmWorkflowInstance) back = NULL;
  g_autofree char *text_back = NULL;
  g_autoptr(GError) error = NULL;

  /* version pinned; JSON round trip exact */
  g_assert_cmpstr (pinned, ==, definition_text);
  back = crm_workflow_instance_new_from_data (text, -1, &error);
  g_assert_no_error (error);
  text_back = crm_workflow_instance_to_data (back);
  g_assert_cmpstr (text_back, ==, text);

  for (guint s = 0; s < n_steps; s++)
    {
      CrmWorkflowStepState step_state = crm_workflow_instance_get_step_state (instance, s);

      count[step_state]++;
      if (current >= 0 && (int) s < current)
        g_assert_true (step_state == CRM_WORKFLOW_STEP_APPROVED || step_state == CRM_WORKFLOW_STEP_SKIPPED);
      if (current >= 0 && (int) s > current)
        g_assert_true (step_state == CRM_WORKFLOW_STEP_WAITING || step_state == CRM_WORKFLOW_STEP_SKIPPED);
      check_step (instance, s);
    }

  g_assert_cmpint (crm_workflow_instance_is_final (instance), ==, current < 0);
  g_assert_cmpint (crm_workflow_instance_get_finished_at (instance) != 0, ==, current < 0);
  g_assert_cmpuint (count[CRM_WORKFLOW_STEP_ACTIVE], ==, state == CRM_WORKFLOW_STATE_PENDING ? 1 : 0);
  g_assert_cmpuint (count[CRM_WORKFLOW_STEP_REJECTED], ==, state == CRM_WORKFLOW_STATE_REJECTED ? 1 : 0);
  g_assert_cmpuint (count[CRM_WORKFLOW_STEP_CANCELLED], ==, state == CRM_WORKFLOW_STATE_WITHDRAWN ? 1 : 0);
  if (state == CRM_WORKFLOW_STATE_PENDING)
    g_assert_cmpint (crm_workflow_instance_get_step_state (instance, (guint) current), ==,
                     CRM_WORKFLOW_STEP_ACTIVE);
  if (state == CRM_WORKFLOW_STATE_APPROVED)
    g_assert_cmpuint (count[CRM_WORKFLOW_STEP_APPROVED] + count[CRM_WORKFLOW_STEP_SKIPPED], ==, n_steps);
  check_skipped (instance, values);
}

static CrmWorkflowInstance *
try_action (World                      *world,
            CrmWorkflowDefinition      *definition,
            CrmWorkflowInstance        *instance,
            const CrmWorkflowAction    *action,
            const char                 *actor,
            gint64                      now)
{
  const CrmWorkflowResolver resolver = { resolve_members, resolve_manager, world };
  g_autofree char *before = instance != NULL ? crm_workflow_instance_to_data (instance) : NULL;
  g_autoptr(GError) error = NULL;
  CrmWorkflowInstance *next;

  next = crm_workflow_engine_apply (definition, instance, action, actor, &resolver, now, &error);
  if (instance != NULL)
    {
      g_autofree char *after = crm_workflow_instance_to_data (instance);

      g_assert_cmpstr (after, ==, before);
    }
  if (next == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == CRM_ERROR);
      g_assert_true (error->code == CRM_ERROR_CONFLICT || error->code == CRM_ERROR_FORBIDDEN ||
                     error->code == CRM_ERROR_DUPLICATE || error->code == CRM_ERROR_VALIDATION);
      world->n_refused[action->kind]++;
      return NULL;
    }

  g_assert_no_error (error);
  world->n_ok[action->kind]++;
  if (instance != NULL)
    {
      /* one entry appended, the rest untouched; a final request only takes comments */
      g_assert_cmpuint (crm_workflow_instance_get_n_records (next), ==,
                        crm_workflow_instance_get_n_records (instance) + 1);
      if (crm_workflow_instance_is_final (instance))
        {
          g_assert_cmpint (action->kind, ==, CRM_WORKFLOW_ACTION_COMMENT);
          g_assert_cmpint (crm_workflow_instance_get_state (next), ==,
                           crm_workflow_instance_get_state (instance));
        }
    }
  return next;
}

/* Who approves next must be exactly who may approve. */
static void
check_pending (World               *world,
               CrmWorkflowInstance *instance,
               gint64               now)
{
  g_auto(GStrv) pending = crm_workflow_instance_pending_approvers (instance, now);
  CrmWorkflowAction approve = { CRM_WORKFLOW_ACTION_APPROVE };

  for (guint u = 0; u < N_USERS; u++)
    {
      g_autofree char *id = user (u);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmWorkflowInstance) next =
        crm_workflow_engine_apply (NULL, instance, &approve, id, NULL, now, &error);

      if ((next != NULL) != g_strv_contains ((const char * const *) pending, id))
        {
          g_autofree char *text = crm_workflow_instance_to_data (instance);

          g_printerr ("%s: %s\n%s\n", id, error ? error->message : "accepted", text);
        }

      g_assert_cmpint (next != NULL, ==, g_strv_contains ((const char * const *) pending, id));
    }
}

static void
run_once (World *world)
{
  g_autoptr(CrmWorkflowDefinition) definition = random_definition (world);
  g_autoptr(CrmWorkflowDefinition) other = random_definition (world);
  g_autofree char *definition_text = crm_workflow_definition_to_data (definition);
  g_autoptr(GHashTable) values = crm_condition_values_new ();
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  g_autofree char *submitter = user ((guint) g_rand_int_range (world->rand, 0, N_USERS));
  g_autofree char *owner = user ((guint) g_rand_int_range (world->rand, 0, N_USERS));
  CrmWorkflowAction submit = { CRM_WORKFLOW_ACTION_SUBMIT, .values = values, .owner = owner };
  gint64 now = G_GINT64_CONSTANT (1767600000) * G_USEC_PER_SEC;
  CrmMoney amount;

  amount = crm_money_new (g_rand_int_range (world->rand, 0, 20000), 2);
  crm_condition_values_take (values, "amount", crm_condition_value_new_number (amount));
  crm_condition_values_take (values, "flag", crm_condition_value_new_bool (g_rand_boolean (world->rand)));

  instance = try_action (world, definition, NULL, &submit, submitter, now);
  if (instance == NULL)
    return;

  /* a few actions after the end show that a final request stays final */
  for (guint i = 0, after_end = 0; i < MAX_ACTIONS && after_end < 3; i++)
    {
      CrmWorkflowAction action = { 0 };
      g_autofree char *actor = user ((guint) g_rand_int_range (world->rand, 0, N_USERS));
      g_autofree char *delegate = user ((guint) g_rand_int_range (world->rand, 0, N_USERS));
      g_autofree char *behalf = user ((guint) g_rand_int_range (world->rand, 0, N_USERS));
      g_auto(GStrv) pending = NULL;
      CrmWorkflowInstance *next;

      check_instance (instance, definition_text, values);
      /* no time at all, up to half a day, or days, past any deadline */
      switch (g_rand_int_range (world->rand, 0, 6))
        {
        case 0:
        case 1:
          break;
        case 2:
          now += (gint64) g_rand_int_range (world->rand, 24, 72) * HOUR;
          break;
        default:
          now += (gint64) g_rand_int_range (world->rand, 1, 12 * 3600) * G_USEC_PER_SEC;
          break;
        }
      check_pending (world, instance, now);

      /* mostly someone who may act, so that requests move on */
      pending = crm_workflow_instance_pending_approvers (instance, now);
      switch (g_rand_int_range (world->rand, 0, 6))
        {
        case 0:
          break;
        case 1:
          g_free (actor);
          actor = g_strdup (crm_workflow_instance_get_submitter (instance));
          break;
        default:
          if (pending[0] != NULL)
            {
              g_free (actor);
              actor = g_strdup (pending[g_rand_int_range (world->rand, 0, (gint32) g_strv_length (pending))]);
            }
          break;
        }

      action.kind = (CrmWorkflowActionKind) g_rand_int_range (world->rand, 0, CRM_WORKFLOW_N_ACTIONS);
      if (g_rand_int_range (world->rand, 0, 3) == 0)
        action.kind = CRM_WORKFLOW_ACTION_APPROVE;
      action.comment = g_rand_int_range (world->rand, 0, 5) > 0 ? "noted" : NULL;
      action.delegate = delegate;
      action.until = now + g_rand_int_range (world->rand, -2, 48) * HOUR;
      action.on_behalf_of = g_rand_int_range (world->rand, 0, 5) == 0 ? behalf : NULL;
      action.values = values;

      /* passing another definition must change nothing: the request keeps its own */
      next = try_action (world, other, instance, &action, actor, now);
      if (next != NULL)
        {
          crm_workflow_instance_unref (instance);
          instance = next;
        }
      if (crm_workflow_instance_is_final (instance))
        after_end++;
    }

  check_instance (instance, definition_text, values);
  world->n_final[crm_workflow_instance_get_state (instance)]++;
}

static void
test_random (void)
{
  const char *seed_env = g_getenv ("WORKFLOW_RANDOM_SEED");
  const char *runs_env = g_getenv ("WORKFLOW_RANDOM_RUNS");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : DEFAULT_SEED;
  guint runs = runs_env != NULL ? (guint) g_ascii_strtoull (runs_env, NULL, 10) : DEFAULT_RUNS;
  World world = { 0 };

  g_test_message ("seed %u (set WORKFLOW_RANDOM_SEED to replay), %u runs", seed, runs);
  world.rand = g_rand_new_with_seed (seed);

  for (guint run = 0; run < runs; run++)
    {
      if (run % 100 == 0)
        make_world (&world);
      run_once (&world);
    }

  for (guint k = 0; k < CRM_WORKFLOW_N_ACTIONS; k++)
    g_test_message ("%-8s accepted %6u, refused %6u", crm_workflow_action_to_string (k),
                    world.n_ok[k], world.n_refused[k]);
  for (guint s = CRM_WORKFLOW_STATE_PENDING; s <= CRM_WORKFLOW_STATE_WITHDRAWN; s++)
    g_test_message ("ended %-9s %6u", crm_workflow_state_to_string (s), world.n_final[s]);

  /* a full run reaches every action and every outcome */
  for (guint k = 0; runs >= DEFAULT_RUNS && k < CRM_WORKFLOW_N_ACTIONS; k++)
    g_assert_cmpuint (world.n_ok[k], >, 0);
  for (guint s = CRM_WORKFLOW_STATE_APPROVED; runs >= DEFAULT_RUNS && s <= CRM_WORKFLOW_STATE_WITHDRAWN; s++)
    g_assert_cmpuint (world.n_final[s], >, 0);

  g_rand_free (world.rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow-random/invariants", test_random);

  return g_test_run ();
}
