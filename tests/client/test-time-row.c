/* test-time-row.c: a moment typed in local time (Asia/Shanghai here) and sent as UTC, in a record's form, under Xvfb */
#include "widgets/rapport-entity-form.h"
#include "widgets/rapport-time-row.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <adwaita.h>

static gint64
utc (const char *iso)
{
  gint64 usec = 0;

  g_assert_true (crm_json_parse_timestamp (iso, &usec));
  return usec;
}

/* what may be typed, and the moment it is */
static void
test_parse (void)
{
  static const struct { const char *typed; const char *moment; } good[] = {
    { "2026-12-07 09:30",      "2026-12-07T01:30:00Z" },
    { "2026-12-07T09:30",      "2026-12-07T01:30:00Z" },
    { "2026-12-07 09:30:15",   "2026-12-07T01:30:15Z" },
    { "  2026-12-07 9:05 ",    "2026-12-07T01:05:00Z" },
    { "2026-12-07",            "2026-12-06T16:00:00Z" },
    { "2027-01-01 00:00",      "2026-12-31T16:00:00Z" },
    { "2026-12-07T09:30:00Z",  "2026-12-07T09:30:00Z" },
  };
  static const char * const bad[] = {
    "", "tomorrow", "2026-13-01 09:00", "2026-02-30 09:00", "2026-12-07 24:00", "2026-12-07 09:60",
    "2026-12-07 09:30x", "2026-12-07 09:30:61", "2026-12-07/09:30",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 usec = 0;

      g_assert_true (rapport_time_row_parse (good[i].typed, &usec));
      g_assert_cmpint (usec, ==, utc (good[i].moment));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 usec = 0;

      g_assert_false (rapport_time_row_parse (bad[i], &usec));
    }
}

/* a stored time is shown in local time and given back unchanged */
static void
test_round_trip (void)
{
  GtkWidget *row = g_object_ref_sink (rapport_time_row_new ("Due"));
  g_autofree char *back = NULL;
  g_autofree char *empty = NULL;
  gint64 usec = 0;

  /* a stored time keeps its fraction of a second while the row is not retyped: a loaded record is not changed */
  rapport_time_row_set_value (row, "2026-12-07T01:30:00.250000Z");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2026-12-07 09:30");
  back = rapport_time_row_dup_value (row);
  g_assert_cmpstr (back, ==, "2026-12-07T01:30:00.250000Z");
  g_clear_pointer (&back, g_free);
  gtk_editable_set_text (GTK_EDITABLE (row), "2026-12-07 10:30");
  back = rapport_time_row_dup_value (row);
  g_assert_true (crm_json_parse_timestamp (back, &usec));
  g_assert_cmpint (usec, ==, utc ("2026-12-07T02:30:00Z"));
  gtk_editable_set_text (GTK_EDITABLE (row), "   ");
  empty = rapport_time_row_dup_value (row);
  g_assert_cmpstr (empty, ==, "");
  g_object_unref (row);
}

/* a task's form: the due time typed in local time is sent as UTC; a time that does not parse is marked and not sent */
static void
test_task_form (void)
{
  RapportEntityForm *form = g_object_ref_sink (rapport_entity_form_new (crm_entities_lookup_name ("task")));
  g_autoptr(CrmEntity) patch = crm_entity_new (crm_entities_lookup_name ("task"));
  g_autoptr(CrmEntity) second = crm_entity_new (crm_entities_lookup_name ("task"));
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (patch);
  GtkWidget *due = rapport_entity_form_get_row (form, "due_at");
  GtkWidget *remind = rapport_entity_form_get_row (form, "remind_at");

  g_assert_nonnull (due);
  g_assert_nonnull (remind);
  gtk_editable_set_text (GTK_EDITABLE (due), "2026-12-08 18:00");
  gtk_editable_set_text (GTK_EDITABLE (remind), "next week");
  g_assert_true (rapport_entity_form_fill_changes (form, patch));
  g_assert_true (crm_entity_value (patch, crm_entity_class_find_field (klass, "due_at"))->set);
  g_assert_cmpint (crm_entity_get_int (patch, "due_at"), ==, utc ("2026-12-08T10:00:00Z"));
  g_assert_false (crm_entity_value (patch, crm_entity_class_find_field (klass, "remind_at"))->set);
  g_assert_true (gtk_widget_has_css_class (remind, "error"));

  gtk_editable_set_text (GTK_EDITABLE (remind), "2026-12-08 17:45");
  g_assert_false (gtk_widget_has_css_class (remind, "error"));
  g_assert_true (rapport_entity_form_fill_changes (form, second));
  g_assert_cmpint (crm_entity_get_int (second, "remind_at"), ==, utc ("2026-12-08T09:45:00Z"));
  g_object_unref (form);
}

int
main (int   argc,
      char *argv[])
{
  /* before anything reads the local zone: the tests' times are Shanghai's */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/time-row/parse", test_parse);
  g_test_add_func ("/time-row/round-trip", test_round_trip);
  g_test_add_func ("/time-row/task-form", test_task_form);
  return g_test_run ();
}
