/* test-lead-status.c: a lead's status moves, the descriptor's transition table, checked by crm_entity_check_status_change */
#include "crm-entity.h"
#include "crm-error.h"
#include "crm-entities.h"
#include "crm-lead.h"
#include "crm-quote.h"

typedef struct
{
  const char *from;     /* NULL: a new lead */
  const char *to;
  const char *reason;
  const char *refused;  /* the field named by the refusal, or NULL when allowed */
} Move;

static const Move moves[] = {
  { NULL,           "new",          NULL,     NULL },
  { NULL,           "working",      NULL,     "status" },
  { NULL,           "converted",    NULL,     "status" },
  { "new",          "working",      NULL,     NULL },
  { "new",          "qualified",    NULL,     "status" },
  { "new",          "converted",    NULL,     "status" },
  { "working",      "qualified",    NULL,     NULL },
  { "working",      "new",          NULL,     "status" },
  { "working",      "converted",    NULL,     "status" },
  { "qualified",    "working",      NULL,     "status" },
  { "qualified",    "converted",    NULL,     "status" },
  { "new",          "disqualified", "Spam",   NULL },
  { "working",      "disqualified", "Budget", NULL },
  { "qualified",    "disqualified", "Lost",   NULL },
  { "new",          "disqualified", NULL,     "disqualify_reason" },
  { "working",      "disqualified", "  ",     "disqualify_reason" },
  { "disqualified", "working",      NULL,     NULL },
  { "disqualified", "new",          NULL,     "status" },
  { "disqualified", "qualified",    NULL,     "status" },
  { "converted",    "working",      NULL,     "status" },
  { "converted",    "disqualified", "Late",   "status" },
  { "working",      "working",      NULL,     NULL },
};

static CrmEntity *
lead (const char *status,
      const char *reason)
{
  CrmEntity *entity = crm_entity_new (CRM_TYPE_LEAD);

  crm_entity_set_text (entity, "company", "Table Driven Ltd");
  crm_entity_set_text (entity, "status", status);
  if (reason)
    crm_entity_set_text (entity, "disqualify_reason", reason);
  return entity;
}

static void
test_moves (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      const Move *move = &moves[i];
      g_autoptr(CrmEntity) before = move->from ? lead (move->from, NULL) : NULL;
      g_autoptr(CrmEntity) after = lead (move->to, move->reason);
      g_autoptr(GError) error = NULL;
      gboolean ok = crm_entity_check_status_change (before, after, &error);

      g_test_message ("%s → %s", move->from ? move->from : "(new)", move->to);
      if (move->refused == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, CRM_ERROR, CRM_ERROR_VALIDATION);
          g_assert_cmpstr (crm_error_get_field (error), ==, move->refused);
        }
    }
}

static void
test_initial_and_unguarded (void)
{
  g_autoptr(CrmEntity) draft = crm_entity_new (CRM_TYPE_QUOTE);
  g_autoptr(CrmEntity) accepted = crm_entity_new (CRM_TYPE_QUOTE);

  /* a status without transitions is guarded elsewhere (a quote's by its steps) */
  crm_entity_set_text (draft, "status", "draft");
  crm_entity_set_text (accepted, "status", "accepted");
  g_assert_true (crm_entity_check_status_change (draft, accepted, NULL));
  g_assert_null (crm_entity_class_initial_status (g_type_class_peek (CRM_TYPE_QUOTE)));

  g_assert_cmpstr (crm_entity_class_initial_status (g_type_class_peek (CRM_TYPE_LEAD)), ==, "new");
  g_assert_cmpstr (crm_lead_account_source ("exhibition"), ==, "trade_show");
  g_assert_cmpstr (crm_lead_account_source ("web_form"), ==, "website");
  g_assert_cmpstr (crm_lead_account_source ("phone_in"), ==, "other");
  g_assert_null (crm_lead_account_source ("billboard"));
  g_assert_null (crm_lead_account_source (NULL));
}

/* what a client offers: the record's status and the moves from it, never "converted" */
static void
test_next_statuses (void)
{
  CrmEntityClass *lead = g_type_class_peek (CRM_TYPE_LEAD);
  const char * const fresh[] = { "new", NULL };
  const char * const from_new[] = { "new", "working", "disqualified", NULL };
  const char * const from_qualified[] = { "qualified", "disqualified", NULL };
  const char * const from_disqualified[] = { "working", "disqualified", NULL };
  const char * const from_converted[] = { "converted", NULL };
  g_auto(GStrv) none = crm_entity_class_next_statuses (lead, NULL);
  g_auto(GStrv) after_new = crm_entity_class_next_statuses (lead, "new");
  g_auto(GStrv) after_qualified = crm_entity_class_next_statuses (lead, "qualified");
  g_auto(GStrv) after_disqualified = crm_entity_class_next_statuses (lead, "disqualified");
  g_auto(GStrv) after_converted = crm_entity_class_next_statuses (lead, "converted");

  g_assert_true (g_strv_equal ((const char * const *) none, fresh));
  g_assert_true (g_strv_equal ((const char * const *) after_new, from_new));
  g_assert_true (g_strv_equal ((const char * const *) after_qualified, from_qualified));
  g_assert_true (g_strv_equal ((const char * const *) after_disqualified, from_disqualified));
  g_assert_true (g_strv_equal ((const char * const *) after_converted, from_converted));
  /* a class that does not guard its status offers every value */
  g_assert_null (crm_entity_class_next_statuses (g_type_class_peek (CRM_TYPE_QUOTE), "draft"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  {
    guint n_types;

    crm_entities_list (&n_types);
  }

  g_test_add_func ("/lead/status-moves", test_moves);
  g_test_add_func ("/lead/initial-status-and-sources", test_initial_and_unguarded);
  g_test_add_func ("/lead/next-statuses", test_next_statuses);
  return g_test_run ();
}
