/* rapport-visit-plan-summary.c: RapportVisitPlanSummary, plan versus actual: each rep's visits of an ISO week, planned, done, missed and unplanned */
#include "rapport-visit-plan-summary.h"
#include "widgets/rapport-grid-cell.h"

#include <glib/gi18n.h>

struct _RapportVisitPlanSummary
{
  GtkWidget     parent_instance;

  GtkLabel     *week_label;
  GtkLabel     *error_label;
  GtkGrid      *grid;
  GtkWidget    *empty_label;

  RapportApi   *api;
  /* the Monday of the week shown, local midnight */
  GDateTime    *monday;
  char         *week;
  GCancellable *cancellable;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (RapportVisitPlanSummary, rapport_visit_plan_summary, GTK_TYPE_WIDGET)

/* the counts the server gives, in the order of the table's columns */
static const char * const counts[] = { "planned", "checked_in", "recorded", "missed", "cancelled", "unplanned" };

static const char *
count_label (guint column)
{
  const char *labels[] = {
    /* TRANSLATORS: plan versus actual: the columns of a rep's visits in a week */
    C_("visits", "Planned"), C_("visits", "Checked in"), C_("visits", "Done"),
    C_("visits", "Missed"), C_("visits", "Cancelled"), C_("visits", "Unplanned"),
  };

  return labels[column];
}

static GtkWidget *
cell (const char *text,
      gboolean    number,
      gboolean    heading)
{
  return rapport_grid_cell (text, (number ? RAPPORT_GRID_CELL_NUMBER : 0) | (heading ? RAPPORT_GRID_CELL_HEADING : 0));
}


static void
show_week_label (RapportVisitPlanSummary *self)
{
  g_autoptr(GDateTime) sunday = g_date_time_add_days (self->monday, 6);
  g_autofree char *from = g_date_time_format (self->monday, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (sunday, "%Y-%m-%d");
  /* TRANSLATORS: an ISO week and its first and last days, e.g. "2026-W49 · 2026-11-30 – 2026-12-06" */
  g_autofree char *text = g_strdup_printf (_("%s · %s – %s"), self->week, from, to);

  gtk_label_set_text (self->week_label, text);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportVisitPlanSummary *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;
  guint n;

  /* cancelled: the page may be gone, or another week asked for */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  rapport_grid_clear (self->grid);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      gtk_label_set_text (self->error_label, error ? error->message : _("The server answered with an error"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  n = json_array_get_length (items);
  gtk_widget_set_visible (self->empty_label, n == 0);
  if (n == 0)
    return;
  gtk_grid_attach (self->grid, cell (C_("visits", "Rep"), FALSE, TRUE), 0, 0, 1, 1);
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    gtk_grid_attach (self->grid, cell (count_label (c), TRUE, TRUE), 1 + c, 0, 1, 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      gtk_grid_attach (self->grid, cell (json_object_get_string_member_with_default (item, "owner_name", ""), FALSE, FALSE),
                       0, 1 + i, 1, 1);
      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   json_object_get_int_member_with_default (item, counts[c], 0));

          gtk_grid_attach (self->grid, cell (text, TRUE, FALSE), 1 + c, 1 + i, 1, 1);
        }
    }
}

/**
 * rapport_visit_plan_summary_reload:
 * @self: the view
 *
 * Reads the week shown again (GET /visit-plans/summary?week=).
 */
void
rapport_visit_plan_summary_reload (RapportVisitPlanSummary *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_VISIT_PLAN_SUMMARY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->week);
  self->week = g_date_time_format (self->monday, "%G-W%V");
  show_week_label (self);
  path = g_strdup_printf ("/visit-plans/summary?week=%s", self->week);
  self->busy = TRUE;
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

/**
 * rapport_visit_plan_summary_move:
 * @self: the view
 * @weeks: how many weeks on (back when negative); 0 for this week
 */
void
rapport_visit_plan_summary_move (RapportVisitPlanSummary *self,
                                 int                      weeks)
{
  GDateTime *moved;

  g_return_if_fail (RAPPORT_IS_VISIT_PLAN_SUMMARY (self));

  if (weeks == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      moved = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                     g_date_time_get_day_of_month (now), 0, 0, 0);
      g_clear_pointer (&self->monday, g_date_time_unref);
      self->monday = g_date_time_add_days (moved, 1 - g_date_time_get_day_of_week (moved));
      g_date_time_unref (moved);
    }
  else
    {
      moved = g_date_time_add_weeks (self->monday, weeks);
      g_clear_pointer (&self->monday, g_date_time_unref);
      self->monday = moved;
    }
  rapport_visit_plan_summary_reload (self);
}

static void
on_previous (RapportVisitPlanSummary *self)
{
  rapport_visit_plan_summary_move (self, -1);
}

static void
on_next (RapportVisitPlanSummary *self)
{
  rapport_visit_plan_summary_move (self, 1);
}

static void
on_this_week (RapportVisitPlanSummary *self)
{
  rapport_visit_plan_summary_move (self, 0);
}

static void
rapport_visit_plan_summary_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_visit_plan_summary_parent_class)->map (widget);
  /* a visit recorded or planned elsewhere shows when the view is shown again */
  rapport_visit_plan_summary_reload (RAPPORT_VISIT_PLAN_SUMMARY (widget));
}

static void
rapport_visit_plan_summary_dispose (GObject *object)
{
  RapportVisitPlanSummary *self = RAPPORT_VISIT_PLAN_SUMMARY (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_VISIT_PLAN_SUMMARY);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->monday, g_date_time_unref);
  g_clear_pointer (&self->week, g_free);
  G_OBJECT_CLASS (rapport_visit_plan_summary_parent_class)->dispose (object);
}

static void
rapport_visit_plan_summary_class_init (RapportVisitPlanSummaryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_visit_plan_summary_dispose;
  widget_class->map = rapport_visit_plan_summary_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-visit-plan-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportVisitPlanSummary, week_label);
  gtk_widget_class_bind_template_child (widget_class, RapportVisitPlanSummary, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportVisitPlanSummary, grid);
  gtk_widget_class_bind_template_child (widget_class, RapportVisitPlanSummary, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_this_week);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_visit_plan_summary_init (RapportVisitPlanSummary *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->monday = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (midnight));
  self->week = g_date_time_format (self->monday, "%G-W%V");
  show_week_label (self);
}

/**
 * rapport_visit_plan_summary_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the view of this week, read when shown
 */
GtkWidget *
rapport_visit_plan_summary_new (RapportApi *api)
{
  RapportVisitPlanSummary *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_VISIT_PLAN_SUMMARY, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_visit_plan_summary_add_to:
 * @page: the Visits section's list
 * @api: the signed-in client
 *
 * Puts plan versus actual beside the list of visit plans: a manager sees
 * each rep of their team, a rep their own.
 */
void
rapport_visit_plan_summary_add_to (RapportRecordsPage *page,
                                   RapportApi         *api)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (page));
  g_return_if_fail (RAPPORT_IS_API (api));

  rapport_records_page_add_view (page, "plan-versus-actual", _("Plan versus Actual"), "view-grid-symbolic",
                                 rapport_visit_plan_summary_new (api));
}

/* Returns: the ISO week shown, e.g. "2026-W49" */
const char *
rapport_visit_plan_summary_get_week (RapportVisitPlanSummary *self)
{
  g_return_val_if_fail (RAPPORT_IS_VISIT_PLAN_SUMMARY (self), NULL);
  return self->week;
}

/* Returns: whether a read is on its way */
gboolean
rapport_visit_plan_summary_get_busy (RapportVisitPlanSummary *self)
{
  g_return_val_if_fail (RAPPORT_IS_VISIT_PLAN_SUMMARY (self), FALSE);
  return self->busy;
}

/* Returns: (transfer none): the table: a heading row, then a row a rep */
GtkGrid *
rapport_visit_plan_summary_get_grid (RapportVisitPlanSummary *self)
{
  g_return_val_if_fail (RAPPORT_IS_VISIT_PLAN_SUMMARY (self), NULL);
  return self->grid;
}
