/* test-workflow.c: unit tests for the approval engine: actions × states, modes, delegation, escalation */
#include <string.h>

#include <glib.h>

#include "crm-error.h"
#include "crm-workflow-engine.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define OK   (-1)

#define CONFLICT   CRM_ERROR_CONFLICT
#define FORBIDDEN  CRM_ERROR_FORBIDDEN
#define DUPLICATE  CRM_ERROR_DUPLICATE
#define VALIDATION CRM_ERROR_VALIDATION

#define PENDING   CRM_WORKFLOW_STATE_PENDING
#define APPROVED  CRM_WORKFLOW_STATE_APPROVED
#define REJECTED  CRM_WORKFLOW_STATE_REJECTED
#define WITHDRAWN CRM_WORKFLOW_STATE_WITHDRAWN

/* Definitions by name, written with ' for " to stay readable. */
static const struct
{
  const char *name;
  const char *json;
} definition_texts[] = {
  { "manager", "{'name':'Manager','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Manager',"
               "'approvers':{'manager_levels':1},'deadline_hours':24,'escalate':'next_manager'}]}" },
  { "quorum", "{'name':'Board','version':1,'entity':'order','trigger':'confirm','steps':[{'name':'Board',"
              "'approvers':{'users':['a','b','c','d']},'mode':'quorum','quorum':2}]}" },
  { "all", "{'name':'Everyone','version':1,'entity':'order','trigger':'confirm','steps':[{'name':'Everyone',"
           "'approvers':{'users':['a','b','c']},'mode':'all'}]}" },
  { "mixed", "{'name':'Mixed','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Pair',"
             "'approvers':{'users':['rep','mgr']}}]}" },
  { "self", "{'name':'Self','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Self',"
            "'approvers':{'users':['rep']}}]}" },
  { "director", "{'name':'Director','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Director',"
                "'approvers':{'role':'director'},'deadline_hours':24}]}" },
  { "nobody", "{'name':'Audit','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Audit',"
              "'approvers':{'role':'auditor'}}]}" },
  { "legal", "{'name':'Legal','version':1,'entity':'contract','trigger':'activate','steps':[{'name':'Legal',"
             "'approvers':{'team':'Legal'},'mode':'quorum','quorum':4}]}" },
  { "ghost", "{'name':'Ghost','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Ghost',"
             "'approvers':{'users':['ghost']}}]}" },
  { "broken", "{'name':'Broken','version':1,'entity':'quote','trigger':'submit','steps':[{'name':'Broken',"
              "'approvers':{'users':['broken']}}]}" },
  { "amount", "{'name':'Amount','version':1,'entity':'expense','trigger':'submit','condition':'amount > 5',"
              "'steps':[{'name':'Manager','approvers':{'manager_levels':1}}]}" },
};

/* the shipped definitions, loaded from WORKFLOWS_DIR */
static const char * const shipped[] = { "quote-discount", "contract-large", "expense" };

static GHashTable *definitions;

/* The organisation the resolver reports. */
static const char * const org_roles[][2] = {
  { "director", "dir1" }, { "director", "dir2" },
  { "finance", "fin1" }, { "finance", "fin2" },
  { "manager", "mgr" }, { "manager", "cfo" },
};
static const char * const org_teams[][2] = { { "Legal", "law1" }, { "Legal", "law2" }, { "Legal", "law3" } };
static const char * const org_managers[][2] = {
  { "rep", "mgr" }, { "rep2", "mgr" }, { "asst", "mgr" }, { "mgr", "dir1" }, { "dir1", "ceo" },
  { "dir2", "ceo" }, { "fin1", "cfo" }, { "fin2", "cfo" }, { "cfo", "ceo" },
};

static char **
resolve_members (CrmWorkflowApproverKind   kind,
                 const char               *name,
                 gpointer                  user_data,
                 GError                  **error)
{
  GPtrArray *out = g_ptr_array_new ();

  if (kind == CRM_WORKFLOW_APPROVER_USERS && g_str_equal (name, "broken"))
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, "directory unavailable");
      g_ptr_array_unref (out);
      return NULL;
    }
  if (kind == CRM_WORKFLOW_APPROVER_USERS && !g_str_equal (name, "ghost"))
    g_ptr_array_add (out, g_strdup (name));
  for (guint i = 0; kind == CRM_WORKFLOW_APPROVER_ROLE && i < G_N_ELEMENTS (org_roles); i++)
    if (g_str_equal (org_roles[i][0], name))
      g_ptr_array_add (out, g_strdup (org_roles[i][1]));
  for (guint i = 0; kind == CRM_WORKFLOW_APPROVER_TEAM && i < G_N_ELEMENTS (org_teams); i++)
    if (g_str_equal (org_teams[i][0], name))
      g_ptr_array_add (out, g_strdup (org_teams[i][1]));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static char *
resolve_manager (const char  *user,
                 guint        level,
                 gpointer     user_data,
                 GError     **error)
{
  const char *current = user;

  for (guint l = 0; l < level && current != NULL; l++)
    {
      const char *next = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (org_managers); i++)
        if (g_str_equal (org_managers[i][0], current))
          next = org_managers[i][1];
      current = next;
    }
  return g_strdup (current);
}

static const CrmWorkflowResolver resolver = { resolve_members, resolve_manager, NULL };

static gint64
t0 (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 1, 5, 9, 0, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static CrmWorkflowDefinition *
get_definition (const char *name)
{
  CrmWorkflowDefinition *definition = g_hash_table_lookup (definitions, name);

  g_assert_nonnull (definition);
  return definition;
}

static CrmConditionValue *
parse_value (const char *text)
{
  const char *point = strchr (text, '.');
  CrmMoney number;

  if (g_str_equal (text, "null"))
    return crm_condition_value_new_null ();
  if (crm_money_parse (text, point != NULL ? (guint) strlen (point + 1) : 0, &number, NULL))
    return crm_condition_value_new_number (number);
  return crm_condition_value_new_string (text);
}

/* Runs one line of a script: "<action> <actor> [key=value…]". Keys: at
 * (hours after t0; otherwise one second after the previous line), comment
 * ('_' for spaces), owner, delegate, until (hours after t0), as (acting for);
 * any other key is a record value for submit. Actor "-" is empty. */
static CrmWorkflowInstance *
run_line (CrmWorkflowDefinition  *definition,
          CrmWorkflowInstance    *instance,
          const char             *line,
          gint64                 *clock,
          GError                **error)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  g_autoptr(GHashTable) values = crm_condition_values_new ();
  g_autofree char *comment = NULL;
  CrmWorkflowAction action = { 0 };
  gint64 now = *clock < 0 ? t0 () : *clock + G_USEC_PER_SEC;
  const char *actor;

  g_assert_true (crm_workflow_action_from_string (words[0], &action.kind));
  g_assert_nonnull (words[1]);
  actor = g_str_equal (words[1], "-") ? "" : words[1];
  action.values = values;

  for (guint i = 2; words[i] != NULL; i++)
    {
      char *value = strchr (words[i], '=');

      g_assert_nonnull (value);
      *value++ = '\0';
      if (g_str_equal (words[i], "at"))
        now = t0 () + g_ascii_strtoll (value, NULL, 10) * HOUR;
      else if (g_str_equal (words[i], "comment"))
        action.comment = comment = g_strdelimit (g_strdup (value), "_", ' ');
      else if (g_str_equal (words[i], "owner"))
        action.owner = value;
      else if (g_str_equal (words[i], "delegate"))
        action.delegate = value;
      else if (g_str_equal (words[i], "as"))
        action.on_behalf_of = value;
      else if (g_str_equal (words[i], "until"))
        action.until = t0 () + g_ascii_strtoll (value, NULL, 10) * HOUR;
      else
        crm_condition_values_take (values, words[i], parse_value (value));
    }

  *clock = now;
  return crm_workflow_engine_apply (definition, instance, &action, actor, &resolver, now, error);
}

/* Runs every line of @script, which must succeed. */
static CrmWorkflowInstance *
run_script (CrmWorkflowDefinition *definition,
            const char            *script,
            gint64                *clock)
{
  g_auto(GStrv) lines = g_strsplit (script, "\n", -1);
  CrmWorkflowInstance *instance = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      CrmWorkflowInstance *next;

      if (lines[i][0] == '\0')
        continue;
      next = run_line (definition, instance, lines[i], clock, &error);
      g_assert_no_error (error);
      g_clear_pointer (&instance, crm_workflow_instance_unref);
      instance = next;
    }
  return instance;
}

typedef struct
{
  const char      *name;
  const char      *definition;
  const char      *setup;
  const char      *action;
  /* OK, or the error code */
  int              code;
  CrmWorkflowState state;
  int              step;
  const char      *message;
} EngineCase;

#define S_DRAFT     ""
#define S_PENDING   "submit rep"
#define S_APPROVED  "submit rep\napprove mgr"
#define S_REJECTED  "submit rep\nreject mgr comment=no"
#define S_WITHDRAWN "submit rep\nwithdraw rep"

#define A_SUBMIT   "submit rep"
#define A_APPROVE  "approve mgr"
#define A_REJECT   "reject mgr comment=too_deep_a_discount"
#define A_WITHDRAW "withdraw rep"
#define A_DELEGATE "delegate mgr delegate=dir2 until=48"
#define A_COMMENT  "comment rep comment=hello"
#define A_ESCALATE "escalate scheduler at=30"

static const EngineCase engine_cases[] = {
  /* every action in every state */
  { "draft submit", "manager", S_DRAFT, A_SUBMIT, OK, PENDING, 0 },
  { "draft approve", "manager", S_DRAFT, A_APPROVE, CONFLICT, .message = "This request has not been submitted" },
  { "draft reject", "manager", S_DRAFT, A_REJECT, CONFLICT },
  { "draft withdraw", "manager", S_DRAFT, A_WITHDRAW, CONFLICT },
  { "draft delegate", "manager", S_DRAFT, A_DELEGATE, CONFLICT },
  { "draft comment", "manager", S_DRAFT, A_COMMENT, CONFLICT },
  { "draft escalate", "manager", S_DRAFT, A_ESCALATE, CONFLICT },
  { "pending submit", "manager", S_PENDING, A_SUBMIT, CONFLICT,
    .message = "This request has already been submitted" },
  { "pending approve", "manager", S_PENDING, A_APPROVE, OK, APPROVED, -1 },
  { "pending reject", "manager", S_PENDING, A_REJECT, OK, REJECTED, -1 },
  { "pending withdraw", "manager", S_PENDING, A_WITHDRAW, OK, WITHDRAWN, -1 },
  { "pending delegate", "manager", S_PENDING, A_DELEGATE, OK, PENDING, 0 },
  { "pending comment", "manager", S_PENDING, A_COMMENT, OK, PENDING, 0 },
  { "pending escalate", "manager", S_PENDING, A_ESCALATE, OK, PENDING, 0 },
  { "approved submit", "manager", S_APPROVED, A_SUBMIT, CONFLICT,
    .message = "This request has already been approved" },
  { "approved approve", "manager", S_APPROVED, A_APPROVE, CONFLICT },
  { "approved reject", "manager", S_APPROVED, A_REJECT, CONFLICT },
  { "approved withdraw", "manager", S_APPROVED, A_WITHDRAW, CONFLICT },
  { "approved delegate", "manager", S_APPROVED, A_DELEGATE, CONFLICT },
  { "approved comment", "manager", S_APPROVED, A_COMMENT, OK, APPROVED, -1 },
  { "approved escalate", "manager", S_APPROVED, A_ESCALATE, CONFLICT },
  { "rejected submit", "manager", S_REJECTED, A_SUBMIT, CONFLICT,
    .message = "This request has already been rejected" },
  { "rejected approve", "manager", S_REJECTED, A_APPROVE, CONFLICT },
  { "rejected reject", "manager", S_REJECTED, A_REJECT, CONFLICT },
  { "rejected withdraw", "manager", S_REJECTED, A_WITHDRAW, CONFLICT },
  { "rejected delegate", "manager", S_REJECTED, A_DELEGATE, CONFLICT },
  { "rejected comment", "manager", S_REJECTED, A_COMMENT, OK, REJECTED, -1 },
  { "rejected escalate", "manager", S_REJECTED, A_ESCALATE, CONFLICT },
  { "withdrawn submit", "manager", S_WITHDRAWN, A_SUBMIT, CONFLICT,
    .message = "This request has already been withdrawn" },
  { "withdrawn approve", "manager", S_WITHDRAWN, A_APPROVE, CONFLICT },
  { "withdrawn reject", "manager", S_WITHDRAWN, A_REJECT, CONFLICT },
  { "withdrawn withdraw", "manager", S_WITHDRAWN, A_WITHDRAW, CONFLICT },
  { "withdrawn delegate", "manager", S_WITHDRAWN, A_DELEGATE, CONFLICT },
  { "withdrawn comment", "manager", S_WITHDRAWN, A_COMMENT, OK, WITHDRAWN, -1 },
  { "withdrawn escalate", "manager", S_WITHDRAWN, A_ESCALATE, CONFLICT },

  /* segregation of duties */
  { "requester approves", "mixed", "submit rep", "approve rep", FORBIDDEN,
    .message = "You cannot approve or reject your own request" },
  { "requester rejects", "mixed", "submit rep", "reject rep comment=no", FORBIDDEN },
  { "owner approves", "mixed", "submit asst owner=rep", "approve rep", FORBIDDEN,
    .message = "You cannot approve or reject your own request" },
  { "owner may not be delegated to", "mixed", "submit asst owner=rep", "delegate mgr delegate=rep until=48",
    FORBIDDEN },
  { "manager submits for their report", "manager", S_DRAFT, "submit mgr owner=rep2", VALIDATION,
    .message = "Nobody other than the requester can approve step “Manager”" },
  { "manager submits own", "manager", "submit mgr", "approve dir1", OK, APPROVED, -1 },
  { "manager approves own", "manager", "submit mgr", "approve mgr", FORBIDDEN },
  { "only the requester could approve", "self", S_DRAFT, "submit rep", VALIDATION,
    .message = "Nobody other than the requester can approve step “Self”" },
  { "stranger approves", "manager", S_PENDING, "approve aud", FORBIDDEN,
    .message = "You are not an approver of step “Manager”" },
  { "no actor", "manager", S_PENDING, "approve -", VALIDATION },

  /* one person counts once per step */
  { "approve twice", "quorum", "submit rep\napprove a", "approve a", DUPLICATE,
    .message = "You have already acted on step “Board”" },
  { "reject after approving", "quorum", "submit rep\napprove a", "reject a comment=changed_mind", DUPLICATE },

  /* modes */
  { "any: first approval", "manager", S_PENDING, A_APPROVE, OK, APPROVED, -1 },
  { "quorum: one of two", "quorum", "submit rep", "approve c", OK, PENDING, 0 },
  { "quorum: two of two", "quorum", "submit rep\napprove c", "approve d", OK, APPROVED, -1 },
  { "all: two of three", "all", "submit rep\napprove a", "approve b", OK, PENDING, 0 },
  { "all: three of three", "all", "submit rep\napprove a\napprove b", "approve c", OK, APPROVED, -1 },
  { "countersign: director", "contract-large", "submit rep total_base=2000000", "approve dir1", OK, PENDING, 0 },
  { "countersign: second director", "contract-large", "submit rep total_base=2000000\napprove dir1",
    "approve dir2", CONFLICT, .message = "The approvers that “dir2” can stand for" },
  { "countersign: finance", "contract-large", "submit rep total_base=2000000\napprove dir1",
    "approve fin2", OK, APPROVED, -1 },
  { "countersign: under the limit", "contract-large", S_DRAFT, "submit rep total_base=999999.99",
    OK, APPROVED, -1 },
  { "countersign: at the limit", "contract-large", S_DRAFT, "submit rep total_base=1000000.00", OK, PENDING, 0 },

  /* conditions: skipped steps and none at all */
  { "quote 5 %: nothing to approve", "quote-discount", S_DRAFT,
    "submit rep max_line_discount=5 header_discount=null", OK, APPROVED, -1 },
  { "quote 10 % exactly", "quote-discount", S_DRAFT,
    "submit rep max_line_discount=10.0000 header_discount=null", OK, APPROVED, -1 },
  { "quote 15 %: manager only", "quote-discount", "submit rep max_line_discount=15 header_discount=null",
    "approve mgr", OK, APPROVED, -1 },
  { "quote 30 %: then director", "quote-discount", "submit rep max_line_discount=30 header_discount=null",
    "approve mgr", OK, PENDING, 1 },
  { "quote 30 %: director", "quote-discount",
    "submit rep max_line_discount=30 header_discount=null\napprove mgr", "approve dir2", OK, APPROVED, -1 },
  { "quote header 26 %", "quote-discount", S_DRAFT, "submit rep max_line_discount=0 header_discount=26",
    OK, PENDING, 0 },
  { "quote missing field", "quote-discount", S_DRAFT, "submit rep max_line_discount=15", VALIDATION,
    .message = "The condition of step “Director” cannot be evaluated: Column " },
  { "workflow condition missing field", "amount", S_DRAFT, "submit rep", VALIDATION,
    .message = "The condition of workflow “Amount” cannot be evaluated: Column 1: unknown field “amount”" },
  { "expense over 5000", "expense", S_DRAFT, "submit rep amount=5000.01", OK, PENDING, 0 },
  { "expense at 5000", "expense", S_DRAFT, "submit rep amount=5000", OK, APPROVED, -1 },

  /* resolution at submission */
  { "nobody has the role", "nobody", S_DRAFT, "submit rep", VALIDATION },
  { "quorum larger than the team", "legal", S_DRAFT, "submit rep", VALIDATION,
    .message = "Step “Legal” needs 4 different approvers, but only 3 can be found besides the requester" },
  { "unknown login", "ghost", S_DRAFT, "submit rep", VALIDATION },
  { "resolver fails", "broken", S_DRAFT, "submit rep", CRM_ERROR_UNAVAILABLE },

  /* reject needs a reason */
  { "reject without reason", "manager", S_PENDING, "reject mgr", VALIDATION,
    .message = "A reason is required to reject a request" },
  { "reject with blank reason", "manager", S_PENDING, "reject mgr comment=___", VALIDATION },

  /* withdraw */
  { "withdraw by approver", "manager", S_PENDING, "withdraw mgr", FORBIDDEN,
    .message = "Only the requester can withdraw this request" },
  { "withdraw by owner", "manager", "submit asst owner=rep", "withdraw rep", FORBIDDEN },
  { "withdraw by submitter", "manager", "submit asst owner=rep", "withdraw asst", OK, WITHDRAWN, -1 },
  { "withdraw halfway", "quote-discount", "submit rep max_line_discount=30 header_discount=null\napprove mgr",
    "withdraw rep comment=changed_the_price", OK, WITHDRAWN, -1 },

  /* delegation */
  { "delegate acts", "manager", "submit rep\ndelegate mgr delegate=aud until=48", "approve aud", OK, APPROVED, -1 },
  { "delegate rejects", "manager", "submit rep\ndelegate mgr delegate=aud until=48", "reject aud comment=no",
    OK, REJECTED, -1 },
  { "delegate before the end", "manager", "submit rep\ndelegate mgr delegate=aud until=2", "approve aud at=1",
    OK, APPROVED, -1 },
  { "delegate at the end", "manager", "submit rep\ndelegate mgr delegate=aud until=2", "approve aud at=2",
    FORBIDDEN },
  { "delegation replaced", "manager", "submit rep\ndelegate mgr delegate=aud until=48\n"
    "delegate mgr delegate=dir2 until=48", "approve aud", FORBIDDEN },
  { "delegator still acts", "manager", "submit rep\ndelegate mgr delegate=aud until=48", "approve mgr",
    OK, APPROVED, -1 },
  { "delegate to the requester", "manager", S_PENDING, "delegate mgr delegate=rep until=48", FORBIDDEN,
    .message = "An approval cannot be delegated to the requester" },
  { "delegate to oneself", "manager", S_PENDING, "delegate mgr delegate=mgr until=48", VALIDATION },
  { "delegate to nobody", "manager", S_PENDING, "delegate mgr until=48", VALIDATION },
  { "delegate into the past", "manager", S_PENDING, "delegate mgr delegate=aud until=0 at=1", VALIDATION,
    .message = "A delegation must end in the future" },
  { "delegate by a stranger", "manager", S_PENDING, "delegate aud delegate=dir2 until=48", FORBIDDEN },
  { "delegate passes it on", "manager", "submit rep\ndelegate mgr delegate=aud until=48",
    "delegate aud delegate=dir2 until=48", FORBIDDEN },
  { "act for someone who did not delegate", "manager", S_PENDING, "approve aud as=mgr", FORBIDDEN,
    .message = "“mgr” has not delegated step “Manager” to you" },
  { "delegator after delegate", "quorum", "submit rep\ndelegate a delegate=aud until=48\napprove aud",
    "approve a", DUPLICATE, .message = "“a” has already approved step “Board”" },
  { "delegate after approving", "quorum", "submit rep\napprove a", "delegate a delegate=aud until=48", DUPLICATE },
  { "approver acts again as delegate", "quorum", "submit rep\ndelegate a delegate=b until=48\napprove b",
    "approve b as=a", DUPLICATE },
  { "approver acts as delegate", "quorum", "submit rep\ndelegate a delegate=b until=48", "approve b as=a",
    OK, PENDING, 0 },

  /* escalation with a controlled clock */
  { "escalate early", "manager", S_PENDING, "escalate cron at=23", CONFLICT,
    .message = "Step “Manager” is not past its deadline yet" },
  { "escalate at the deadline", "manager", S_PENDING, "escalate cron at=24", OK, PENDING, 0 },
  { "escalated approves", "manager", "submit rep\nescalate cron at=24", "approve dir1", OK, APPROVED, -1 },
  { "not escalated yet", "manager", S_PENDING, "approve dir1", FORBIDDEN },
  { "escalate again early", "manager", "submit rep\nescalate cron at=24", "escalate cron at=47", CONFLICT },
  { "escalate again", "manager", "submit rep\nescalate cron at=24", "escalate cron at=48", OK, PENDING, 0 },
  { "twice escalated approves", "manager", "submit rep\nescalate cron at=24\nescalate cron at=48",
    "approve ceo", OK, APPROVED, -1 },
  { "escalation runs out", "manager", "submit rep\nescalate cron at=24\nescalate cron at=48",
    "escalate cron at=72", CONFLICT, .message = "Nobody further up the management chain can take step “Manager”" },
  { "step without escalation", "director", S_PENDING, "escalate cron at=30", CONFLICT,
    .message = "Step “Director” does not escalate" },

  /* comments */
  { "comment by approver", "manager", S_PENDING, "comment mgr comment=looks_fine", OK, PENDING, 0 },
  { "comment by stranger", "manager", S_PENDING, "comment aud comment=hi", FORBIDDEN,
    .message = "You are not involved in this request" },
  { "empty comment", "manager", S_PENDING, "comment rep", VALIDATION, .message = "A comment cannot be empty" },
  { "blank comment", "manager", S_PENDING, "comment rep comment=___", VALIDATION },
  { "comment by delegate afterwards", "manager", "submit rep\ndelegate mgr delegate=aud until=48\napprove aud",
    "comment aud comment=done", OK, APPROVED, -1 },

  /* the log is in time order */
  { "clock goes back", "manager", "submit rep at=5", "approve mgr at=4", VALIDATION,
    .message = "The time of this action is before the last recorded action" },
};

static void
test_table (void)
{
  for (guint n = 0; n < G_N_ELEMENTS (engine_cases); n++)
    {
      const EngineCase *c = &engine_cases[n];
      CrmWorkflowDefinition *definition = get_definition (c->definition);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmWorkflowInstance) before = NULL;
      g_autoptr(CrmWorkflowInstance) after = NULL;
      g_autofree char *before_text = NULL;
      gint64 clock = -1;

      g_test_message ("case %u: %s", n, c->name);

      before = run_script (definition, c->setup, &clock);
      before_text = before != NULL ? crm_workflow_instance_to_data (before) : NULL;
      after = run_line (definition, before, c->action, &clock, &error);

      /* pure: the instance given never changes */
      if (before != NULL)
        {
          g_autofree char *again = crm_workflow_instance_to_data (before);

          g_assert_cmpstr (again, ==, before_text);
        }

      if (c->code != OK)
        {
          g_assert_null (after);
          g_assert_error (error, CRM_ERROR, c->code);
          if (c->message != NULL)
            g_assert_true (g_str_has_prefix (error->message, c->message));
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (after);
      g_assert_cmpint (crm_workflow_instance_get_state (after), ==, c->state);
      g_assert_cmpint (crm_workflow_instance_get_current_step (after), ==, c->step);
      g_assert_cmpuint (crm_workflow_instance_get_n_records (after), ==,
                        (before != NULL ? crm_workflow_instance_get_n_records (before) : 0) + 1);
    }
  g_test_message ("%u engine cases", (guint) G_N_ELEMENTS (engine_cases));
}

static void
assert_strv (char              **actual,
             const char * const *expected)
{
  g_assert_cmpstrv (actual, expected);
  g_strfreev (actual);
}

/* A request follows the definition it started with, whatever is passed later. */
static void
test_version_pinning (void)
{
  g_autofree char *v2_json = g_strdelimit (g_strdup (
    "{'name':'Manager','version':2,'entity':'quote','trigger':'submit','steps':["
    "{'name':'Director','approvers':{'role':'director'}},{'name':'Finance','approvers':{'role':'finance'}}]}"),
    "'", '"');
  g_autoptr(CrmWorkflowDefinition) v2 = crm_workflow_definition_new_from_data (v2_json, -1, NULL);
  CrmWorkflowDefinition *v1 = get_definition ("manager");
  g_autoptr(CrmWorkflowInstance) started = NULL;
  g_autoptr(CrmWorkflowInstance) stored = NULL;
  g_autoptr(CrmWorkflowInstance) approved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *v1_text = crm_workflow_definition_to_data (v1);
  g_autofree char *pinned_text = NULL;
  gint64 clock = -1;

  g_assert_nonnull (v2);
  started = run_script (v1, "submit rep", &clock);
  text = crm_workflow_instance_to_data (started);
  stored = crm_workflow_instance_new_from_data (text, -1, &error);
  g_assert_no_error (error);

  /* v2 has no "Manager" step and mgr is in neither of its roles */
  approved = run_line (v2, stored, "approve mgr", &clock, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_workflow_instance_get_state (approved), ==, CRM_WORKFLOW_STATE_APPROVED);
  g_assert_cmpint (crm_workflow_instance_get_definition_version (approved), ==, 1);
  g_assert_cmpuint (crm_workflow_instance_get_n_steps (approved), ==, 1);
  pinned_text = crm_workflow_definition_to_data (crm_workflow_instance_get_definition (approved));
  g_assert_cmpstr (pinned_text, ==, v1_text);

  /* and a director of v2 cannot approve a v1 request */
  g_clear_pointer (&approved, crm_workflow_instance_unref);
  approved = run_line (v2, stored, "approve dir1", &clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_FORBIDDEN);
}

static void
test_pending_approvers (void)
{
  g_autoptr(CrmWorkflowInstance) manager = NULL;
  g_autoptr(CrmWorkflowInstance) delegated = NULL;
  g_autoptr(CrmWorkflowInstance) escalated = NULL;
  g_autoptr(CrmWorkflowInstance) countersign = NULL;
  g_autoptr(CrmWorkflowInstance) quorum = NULL;
  g_autoptr(CrmWorkflowInstance) done = NULL;
  gint64 clock = -1;

  manager = run_script (get_definition ("manager"), "submit rep", &clock);
  assert_strv (crm_workflow_instance_pending_approvers (manager, t0 ()), (const char *[]) { "mgr", NULL });

  clock = -1;
  delegated = run_script (get_definition ("manager"), "submit rep\ndelegate mgr delegate=aud until=2", &clock);
  assert_strv (crm_workflow_instance_pending_approvers (delegated, t0 () + HOUR),
               (const char *[]) { "aud", "mgr", NULL });
  assert_strv (crm_workflow_instance_pending_approvers (delegated, t0 () + 2 * HOUR),
               (const char *[]) { "mgr", NULL });

  clock = -1;
  escalated = run_script (get_definition ("manager"), "submit rep\nescalate cron at=24", &clock);
  assert_strv (crm_workflow_instance_pending_approvers (escalated, clock),
               (const char *[]) { "dir1", "mgr", NULL });
  g_assert_cmpstrv (crm_workflow_instance_get_step_escalated (escalated, 0),
                    ((const char *[]) { "dir1", NULL }));

  /* a second director would not count: finance is what is missing */
  clock = -1;
  countersign = run_script (get_definition ("contract-large"), "submit rep total_base=1000000\napprove dir1",
                            &clock);
  assert_strv (crm_workflow_instance_pending_approvers (countersign, clock),
               (const char *[]) { "fin1", "fin2", NULL });

  clock = -1;
  quorum = run_script (get_definition ("quorum"), "submit rep\napprove c", &clock);
  assert_strv (crm_workflow_instance_pending_approvers (quorum, clock), (const char *[]) { "a", "b", "d", NULL });
  assert_strv (crm_workflow_instance_dup_step_approvals (quorum, 0), (const char *[]) { "c", NULL });

  clock = -1;
  done = run_script (get_definition ("manager"), "submit rep\napprove mgr", &clock);
  assert_strv (crm_workflow_instance_pending_approvers (done, clock), (const char *[]) { NULL });
  assert_strv (crm_workflow_instance_pending_approvers (NULL, clock), (const char *[]) { NULL });
}

static void
test_records_and_steps (void)
{
  g_autoptr(CrmWorkflowInstance) instance = NULL;
  const CrmWorkflowRecord *record;
  const char * const *members = NULL;
  gint64 clock = -1;

  instance = run_script (get_definition ("quote-discount"),
                         "submit asst owner=rep max_line_discount=30.0000 header_discount=null comment=please\n"
                         "delegate mgr delegate=aud until=48 comment=on_leave\n"
                         "approve aud", &clock);

  g_assert_cmpstr (crm_workflow_instance_get_submitter (instance), ==, "asst");
  g_assert_cmpstr (crm_workflow_instance_get_owner (instance), ==, "rep");
  g_assert_cmpint (crm_workflow_instance_get_submitted_at (instance), ==, t0 ());
  g_assert_cmpint (crm_workflow_instance_get_finished_at (instance), ==, 0);
  g_assert_cmpint (crm_workflow_instance_get_value (instance, "max_line_discount")->number.value, ==, 300000);
  g_assert_cmpint (crm_workflow_instance_get_value (instance, "header_discount")->type, ==,
                   CRM_CONDITION_VALUE_NULL);

  g_assert_cmpint (crm_workflow_instance_get_step_state (instance, 0), ==, CRM_WORKFLOW_STEP_APPROVED);
  g_assert_cmpint (crm_workflow_instance_get_step_state (instance, 1), ==, CRM_WORKFLOW_STEP_ACTIVE);
  g_assert_cmpint (crm_workflow_instance_get_step_started_at (instance, 1), ==, t0 () + 2 * G_USEC_PER_SEC);
  /* the escalation-free director step keeps its first deadline */
  g_assert_cmpint (crm_workflow_instance_get_step_deadline (instance, 1), ==,
                   t0 () + 2 * G_USEC_PER_SEC + 48 * HOUR);
  g_assert_cmpuint (crm_workflow_instance_get_step_n_slots (instance, 0), ==, 1);
  g_assert_cmpstr (crm_workflow_instance_get_step_slot (instance, 0, 0, &members), ==, "manager:1");
  g_assert_cmpstrv (members, ((const char *[]) { "mgr", NULL }));
  g_assert_cmpstr (crm_workflow_instance_get_step_slot (instance, 1, 0, &members), ==, "role:director");
  g_assert_cmpstrv (members, ((const char *[]) { "dir1", "dir2", NULL }));

  g_assert_cmpuint (crm_workflow_instance_get_n_records (instance), ==, 3);
  record = crm_workflow_instance_get_record (instance, 0);
  g_assert_cmpint (record->kind, ==, CRM_WORKFLOW_ACTION_SUBMIT);
  g_assert_cmpint (record->step, ==, -1);
  g_assert_cmpstr (record->comment, ==, "please");
  record = crm_workflow_instance_get_record (instance, 1);
  g_assert_cmpint (record->kind, ==, CRM_WORKFLOW_ACTION_DELEGATE);
  g_assert_cmpstr (record->delegate, ==, "aud");
  g_assert_cmpint (record->until, ==, t0 () + 48 * HOUR);
  g_assert_cmpstr (record->comment, ==, "on leave");
  record = crm_workflow_instance_get_record (instance, 2);
  g_assert_cmpint (record->kind, ==, CRM_WORKFLOW_ACTION_APPROVE);
  g_assert_cmpint (record->step, ==, 0);
  g_assert_cmpstr (record->actor, ==, "aud");
  g_assert_cmpstr (record->on_behalf_of, ==, "mgr");
  g_assert_cmpint (record->at, ==, t0 () + 2 * G_USEC_PER_SEC);
}

static void
test_json (void)
{
  static const char * const scripts[] = {
    "submit rep", "submit rep\napprove mgr", "submit rep\nreject mgr comment=no",
    "submit rep\nwithdraw rep", ("submit rep\ndelegate mgr delegate=aud until=48\nescalate cron at=24\n"
                                 "comment aud comment=引号\"与\\反斜杠"),
  };
  static const char * const tampered[][2] = {
    { "\"format\":1", "\"format\":2" },
    { "\"state\":\"pending\"", "\"state\":\"approved\"" },
    { "\"state\":\"pending\"", "\"state\":\"draft\"" },
    { "\"name\":\"Manager\",\"state\"", "\"name\":\"Boss\",\"state\"" },
    { "\"action\":\"submit\"", "\"action\":\"approve\"" },
    { "\"current_step\":0", "\"current_step\":1" },
    { "\"submitter\":\"rep\"", "\"submitter\":\"\"" },
    { "\"log\":[", "\"extra\":1,\"log\":[" },
    { "\"at\":\"2026", "\"at\":\"x2026" },
    { "\"mode\":\"any\",\"started_at\"", "\"mode\":\"all\",\"started_at\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      g_autoptr(CrmWorkflowInstance) instance = NULL;
      g_autoptr(CrmWorkflowInstance) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_back = NULL;
      gint64 clock = -1;

      instance = run_script (get_definition ("manager"), scripts[i], &clock);
      text = crm_workflow_instance_to_data (instance);
      back = crm_workflow_instance_new_from_data (text, -1, &error);
      g_assert_no_error (error);
      text_back = crm_workflow_instance_to_data (back);
      g_assert_cmpstr (text_back, ==, text);
      g_assert_true (crm_workflow_instance_equal (instance, back));
    }

  for (guint i = 0; i < G_N_ELEMENTS (tampered); i++)
    {
      g_autoptr(CrmWorkflowInstance) instance = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GString) bad = NULL;
      gint64 clock = -1;

      instance = run_script (get_definition ("manager"), "submit rep", &clock);
      text = crm_workflow_instance_to_data (instance);
      bad = g_string_new (text);
      g_test_message ("tampered %u: %s", i, tampered[i][1]);
      g_assert_cmpuint (g_string_replace (bad, tampered[i][0], tampered[i][1], 1), ==, 1);
      g_assert_null (crm_workflow_instance_new_from_data (bad->str, -1, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
    }
}

static void
test_allowed_actions (void)
{
  g_autoptr(CrmWorkflowInstance) pending = NULL;
  g_autoptr(CrmWorkflowInstance) approved = NULL;
  gint64 clock = -1;

#define BIT(kind) (1u << CRM_WORKFLOW_ACTION_##kind)
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (NULL, "rep", t0 ()), ==, BIT (SUBMIT));

  pending = run_script (get_definition ("manager"), "submit rep", &clock);
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (pending, "rep", clock), ==,
                    BIT (WITHDRAW) | BIT (COMMENT));
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (pending, "mgr", clock), ==,
                    BIT (APPROVE) | BIT (REJECT) | BIT (DELEGATE) | BIT (COMMENT));
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (pending, "aud", clock), ==, 0);
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (pending, "cron", t0 () + 24 * HOUR), ==,
                    BIT (ESCALATE));

  clock = -1;
  approved = run_script (get_definition ("manager"), "submit rep\napprove mgr", &clock);
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (approved, "mgr", clock), ==, BIT (COMMENT));
  g_assert_cmpuint (crm_workflow_engine_allowed_actions (approved, "aud", clock), ==, 0);
#undef BIT
}

static void
test_names (void)
{
  CrmWorkflowActionKind kind;

  for (guint i = 0; i < CRM_WORKFLOW_N_ACTIONS; i++)
    {
      g_assert_true (crm_workflow_action_from_string (crm_workflow_action_to_string (i), &kind));
      g_assert_cmpuint (kind, ==, i);
    }
  g_assert_false (crm_workflow_action_from_string ("approved", &kind));
  g_assert_cmpstr (crm_workflow_state_to_string (CRM_WORKFLOW_STATE_WITHDRAWN), ==, "withdrawn");
  g_assert_cmpstr (crm_workflow_step_state_to_string (CRM_WORKFLOW_STEP_SKIPPED), ==, "skipped");
  g_assert_cmpint (crm_workflow_instance_get_state (NULL), ==, CRM_WORKFLOW_STATE_DRAFT);
  g_assert_false (crm_workflow_instance_is_final (NULL));
  g_assert_true (G_TYPE_IS_BOXED (CRM_TYPE_WORKFLOW_INSTANCE));
  g_assert_true (G_TYPE_IS_BOXED (CRM_TYPE_WORKFLOW_DEFINITION));
}

static void
load_definitions (void)
{
  definitions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) crm_workflow_definition_unref);

  for (guint i = 0; i < G_N_ELEMENTS (definition_texts); i++)
    {
      g_autofree char *json = g_strdelimit (g_strdup (definition_texts[i].json), "'", '"');
      g_autoptr(GError) error = NULL;
      CrmWorkflowDefinition *definition = crm_workflow_definition_new_from_data (json, -1, &error);

      g_assert_no_error (error);
      g_hash_table_insert (definitions, g_strdup (definition_texts[i].name), definition);
    }

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autofree char *file = g_strconcat (shipped[i], ".json", NULL);
      g_autofree char *path = g_build_filename (WORKFLOWS_DIR, file, NULL);
      g_autofree char *json = NULL;
      g_autoptr(GError) error = NULL;
      CrmWorkflowDefinition *definition;

      g_assert_true (g_file_get_contents (path, &json, NULL, &error));
      definition = crm_workflow_definition_new_from_data (json, -1, &error);
      g_assert_no_error (error);
      g_hash_table_insert (definitions, g_strdup (shipped[i]), definition);
    }
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  load_definitions ();

  g_test_add_func ("/workflow/table", test_table);
  g_test_add_func ("/workflow/version-pinning", test_version_pinning);
  g_test_add_func ("/workflow/pending-approvers", test_pending_approvers);
  g_test_add_func ("/workflow/records-and-steps", test_records_and_steps);
  g_test_add_func ("/workflow/json", test_json);
  g_test_add_func ("/workflow/allowed-actions", test_allowed_actions);
  g_test_add_func ("/workflow/names", test_names);

  result = g_test_run ();
  g_hash_table_unref (definitions);
  return result;
}
