/* rapport-calendar-month.c: RapportCalendarMonth, a month as a grid of days with the items as chips */
#include "rapport-calendar-month.h"
#include "rapport-calendar-private.h"

#include <glib/gi18n.h>

#define HEADER 28
#define DAY_NUMBER 22
#define CHIP 24
/* chips a day shows; more, and the last place says "+N more" */
#define MAX_CHIPS 3
#define N_DAYS 42

struct _RapportCalendarMonth
{
  GtkWidget      parent_instance;

  GDateTime     *first_monday;
  GtkWidget     *weekday_labels[7];
  GtkWidget     *day_labels[N_DAYS];
  GtkWidget     *more_labels[N_DAYS];
  guint          hidden[N_DAYS];
  /* the chips shown, one an item */
  GPtrArray     *chips;
  GtkDropTarget *drop_target;
};

G_DEFINE_FINAL_TYPE (RapportCalendarMonth, rapport_calendar_month, GTK_TYPE_WIDGET)

enum { ITEM_ACTIVATED, MOVE_REQUESTED, DAY_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static double
cell_width (RapportCalendarMonth *self)
{
  return MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) / 7.0);
}

static double
cell_height (RapportCalendarMonth *self)
{
  return MAX (1.0, (gtk_widget_get_height (GTK_WIDGET (self)) - HEADER) / 6.0);
}

static int
cell_index (RapportCalendarMonth *self,
            gint64                usec)
{
  g_autoptr(GDateTime) day = rapport_calendar_local_day (usec);
  GTimeSpan span;
  int index;

  if (self->first_monday == NULL)
    return -1;
  span = g_date_time_difference (day, self->first_monday);
  if (span < 0)
    return -1;
  /* a day across a change of daylight saving is 23 or 25 hours */
  index = (int) ((span + G_TIME_SPAN_HOUR * 2) / G_TIME_SPAN_DAY);
  return index < N_DAYS ? index : -1;
}

static void
chip_clicked (GtkButton            *chip,
              RapportCalendarMonth *self)
{
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, rapport_calendar_chip_get_item (GTK_WIDGET (chip)));
}

static void
more_clicked (GtkButton            *button,
              RapportCalendarMonth *self)
{
  for (int i = 0; i < N_DAYS; i++)
    if (self->more_labels[i] == GTK_WIDGET (button))
      {
        g_autoptr(GDateTime) day = g_date_time_add_days (self->first_monday, i);

        g_signal_emit (self, signals[DAY_ACTIVATED], 0, day);
      }
}

static void
clear_chips (RapportCalendarMonth *self)
{
  for (guint i = 0; i < self->chips->len; i++)
    gtk_widget_unparent (self->chips->pdata[i]);
  g_ptr_array_set_size (self->chips, 0);
}

/**
 * rapport_calendar_month_set_range:
 * @self: the month
 * @first_monday: the local midnight of the Monday its grid starts on
 * @month: the month shown (1–12); the days of others are dimmed
 * @items: (element-type RapportCalendarItem): what to show, soonest first
 *
 * Shows six weeks from @first_monday, each day with up to three chips, or
 * two and "+N more".
 */
void
rapport_calendar_month_set_range (RapportCalendarMonth *self,
                                  GDateTime            *first_monday,
                                  int                   month,
                                  GPtrArray            *items)
{
  guint count[N_DAYS] = { 0 };
  guint shown[N_DAYS] = { 0 };

  g_return_if_fail (RAPPORT_IS_CALENDAR_MONTH (self));
  g_return_if_fail (first_monday != NULL);

  g_clear_pointer (&self->first_monday, g_date_time_unref);
  self->first_monday = g_date_time_ref (first_monday);
  clear_chips (self);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      int cell = cell_index (self, rapport_calendar_item_get_starts (items->pdata[i]));

      if (cell >= 0)
        count[cell]++;
    }
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RapportCalendarItem *item = items->pdata[i];
      int cell = cell_index (self, rapport_calendar_item_get_starts (item));
      GtkWidget *chip;

      if (cell < 0 || (count[cell] > MAX_CHIPS && shown[cell] == MAX_CHIPS - 1) || shown[cell] == MAX_CHIPS)
        continue;
      shown[cell]++;
      chip = rapport_calendar_chip_new (item, !rapport_calendar_item_get_all_day (item));
      g_signal_connect (chip, "clicked", G_CALLBACK (chip_clicked), self);
      gtk_widget_set_parent (chip, GTK_WIDGET (self));
      g_ptr_array_add (self->chips, chip);
    }
  for (int d = 0; d < N_DAYS; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first_monday, d);
      g_autofree char *number = g_strdup_printf ("%d", g_date_time_get_day_of_month (day));

      gtk_label_set_text (GTK_LABEL (self->day_labels[d]), number);
      if (g_date_time_get_month (day) == month)
        gtk_widget_remove_css_class (self->day_labels[d], "dim-label");
      else
        gtk_widget_add_css_class (self->day_labels[d], "dim-label");
      self->hidden[d] = count[d] - shown[d];
      gtk_widget_set_visible (self->more_labels[d], self->hidden[d] > 0);
      if (self->hidden[d] > 0)
        {
          /* TRANSLATORS: the items a day of the month has beyond those shown */
          g_autofree char *more = g_strdup_printf (ngettext ("+%u more", "+%u more", self->hidden[d]), self->hidden[d]);

          gtk_button_set_label (GTK_BUTTON (self->more_labels[d]), more);
        }
    }
  for (int w = 0; w < 7; w++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first_monday, w);
      /* TRANSLATORS: a weekday's heading in the month, as g_date_time_format() takes it: "Mon" */
      g_autofree char *name = g_date_time_format (day, _("%a"));

      gtk_label_set_text (GTK_LABEL (self->weekday_labels[w]), name);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * rapport_calendar_month_get_hidden:
 * @self: the month
 * @usec: a time in one of its days
 *
 * Returns: how many of the day's items "+N more" stands for
 */
guint
rapport_calendar_month_get_hidden (RapportCalendarMonth *self,
                                   gint64                usec)
{
  int cell;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_MONTH (self), 0);

  cell = cell_index (self, usec);
  return cell >= 0 ? self->hidden[cell] : 0;
}

/**
 * rapport_calendar_month_get_item_widget:
 * @self: the month
 * @entity: the item's collection
 * @id: its record
 *
 * Returns: (transfer none) (nullable): the chip of the record's first item shown
 */
GtkWidget *
rapport_calendar_month_get_item_widget (RapportCalendarMonth *self,
                                        const char           *entity,
                                        gint64                id)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_MONTH (self), NULL);

  for (guint i = 0; i < self->chips->len; i++)
    {
      RapportCalendarItem *item = rapport_calendar_chip_get_item (self->chips->pdata[i]);

      if (rapport_calendar_item_get_id (item) == id && g_str_equal (rapport_calendar_item_get_entity (item), entity))
        return self->chips->pdata[i];
    }
  return NULL;
}

/**
 * rapport_calendar_month_day_at:
 * @self: the month
 * @x: a point in the month's coordinates
 * @y: the same
 *
 * Returns: (transfer full) (nullable): the local midnight of the day at the point
 */
GDateTime *
rapport_calendar_month_day_at (RapportCalendarMonth *self,
                               double                x,
                               double                y)
{
  int column, row;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_MONTH (self), NULL);

  if (self->first_monday == NULL || y < HEADER)
    return NULL;
  column = CLAMP ((int) (x / cell_width (self)), 0, 6);
  row = CLAMP ((int) ((y - HEADER) / cell_height (self)), 0, 5);
  return g_date_time_add_days (self->first_monday, row * 7 + column);
}

/**
 * rapport_calendar_month_point_for:
 * @self: the month
 * @usec: a time in one of its days
 * @x: (out): the middle of the day's cell
 * @y: (out): the same
 *
 * Returns: whether the day is shown
 */
gboolean
rapport_calendar_month_point_for (RapportCalendarMonth *self,
                                  gint64                usec,
                                  double               *x,
                                  double               *y)
{
  int cell;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_MONTH (self), FALSE);

  cell = cell_index (self, usec);
  if (cell < 0)
    return FALSE;
  *x = (cell % 7 + 0.5) * cell_width (self);
  *y = HEADER + (cell / 7 + 0.5) * cell_height (self);
  return TRUE;
}

GtkDropTarget *
rapport_calendar_month_get_drop_target (RapportCalendarMonth *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_MONTH (self), NULL);
  return self->drop_target;
}

/* to another day, keeping the time of day */
static gboolean
drop (GtkDropTarget        *target,
      const GValue         *value,
      double                x,
      double                y,
      RapportCalendarMonth *self)
{
  RapportCalendarItem *item = g_value_get_object (value);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) from = NULL;
  gint64 starts;
  int days;

  if (item == NULL || !rapport_calendar_item_get_movable (item) ||
      (day = rapport_calendar_month_day_at (self, x, y)) == NULL)
    return FALSE;
  starts = rapport_calendar_item_get_starts (item);
  from = rapport_calendar_local_day (starts);
  days = (int) ((g_date_time_difference (day, from) + G_TIME_SPAN_HOUR * 12) / G_TIME_SPAN_DAY);
  if (g_date_time_difference (day, from) < 0)
    days = -(int) ((g_date_time_difference (from, day) + G_TIME_SPAN_HOUR * 12) / G_TIME_SPAN_DAY);
  if (days == 0)
    return FALSE;
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, item, rapport_calendar_shift (starts, days, 0));
  return TRUE;
}

static gboolean
move_selected (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  RapportCalendarMonth *self = RAPPORT_CALENDAR_MONTH (widget);
  GtkWidget *focus = gtk_widget_get_focus_child (widget);
  RapportCalendarItem *item = focus ? rapport_calendar_chip_get_item (focus) : NULL;
  int days, minutes;

  if (item == NULL || !rapport_calendar_item_get_movable (item))
    return FALSE;
  g_variant_get (args, "(ii)", &days, &minutes);
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, item,
                 rapport_calendar_shift (rapport_calendar_item_get_starts (item), days, 0));
  return TRUE;
}

static void
rapport_calendar_month_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 7 * 64;
      *natural = 7 * 140;
    }
  else
    *minimum = *natural = HEADER + 6 * (DAY_NUMBER + MAX_CHIPS * CHIP + 4);
}

static void
rapport_calendar_month_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  RapportCalendarMonth *self = RAPPORT_CALENDAR_MONTH (widget);
  double w = cell_width (self);
  double h = cell_height (self);
  guint placed[N_DAYS] = { 0 };

  for (int c = 0; c < 7; c++)
    {
      GtkAllocation box = { (int) (c * w), 0, (int) w, HEADER };

      gtk_widget_size_allocate (self->weekday_labels[c], &box, -1);
    }
  for (int d = 0; d < N_DAYS; d++)
    {
      GtkAllocation box = { (int) ((d % 7) * w) + 4, HEADER + (int) ((d / 7) * h) + 2, (int) w - 8, DAY_NUMBER };
      GtkAllocation more = { (int) ((d % 7) * w) + 2, HEADER + (int) ((d / 7) * h) + DAY_NUMBER + (MAX_CHIPS - 1) * CHIP,
                             (int) w - 4, CHIP - 2 };

      gtk_widget_size_allocate (self->day_labels[d], &box, -1);
      if (gtk_widget_get_visible (self->more_labels[d]))
        gtk_widget_size_allocate (self->more_labels[d], &more, -1);
    }
  for (guint i = 0; i < self->chips->len; i++)
    {
      GtkWidget *chip = self->chips->pdata[i];
      int d = cell_index (self, rapport_calendar_item_get_starts (rapport_calendar_chip_get_item (chip)));
      GtkAllocation box;

      if (d < 0)
        {
          gtk_widget_set_child_visible (chip, FALSE);
          continue;
        }
      box = (GtkAllocation) { (int) ((d % 7) * w) + 2, HEADER + (int) ((d / 7) * h) + DAY_NUMBER + (int) placed[d]++ * CHIP,
                              (int) w - 4, CHIP - 2 };
      gtk_widget_set_child_visible (chip, TRUE);
      gtk_widget_size_allocate (chip, &box, -1);
    }
}

static void
rapport_calendar_month_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  RapportCalendarMonth *self = RAPPORT_CALENDAR_MONTH (widget);
  GdkRGBA line = { 0.5, 0.5, 0.5, 0.3 };
  GdkRGBA today = { 0.21, 0.52, 0.89, 0.12 };
  int width = gtk_widget_get_width (widget);
  double w = cell_width (self);
  double h = cell_height (self);
  int now = cell_index (self, g_get_real_time ());

  if (now >= 0)
    gtk_snapshot_append_color (snapshot, &today, &GRAPHENE_RECT_INIT ((now % 7) * w, HEADER + (now / 7) * h, w, h));
  for (int r = 0; r <= 6; r++)
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, HEADER + r * h, width, 1));
  for (int c = 0; c <= 7; c++)
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (c * w, HEADER, 1, 6 * h));
  GTK_WIDGET_CLASS (rapport_calendar_month_parent_class)->snapshot (widget, snapshot);
}

static void
rapport_calendar_month_dispose (GObject *object)
{
  RapportCalendarMonth *self = RAPPORT_CALENDAR_MONTH (object);

  if (self->chips)
    clear_chips (self);
  for (int i = 0; i < 7; i++)
    g_clear_pointer (&self->weekday_labels[i], gtk_widget_unparent);
  for (int d = 0; d < N_DAYS; d++)
    {
      g_clear_pointer (&self->day_labels[d], gtk_widget_unparent);
      g_clear_pointer (&self->more_labels[d], gtk_widget_unparent);
    }
  G_OBJECT_CLASS (rapport_calendar_month_parent_class)->dispose (object);
}

static void
rapport_calendar_month_finalize (GObject *object)
{
  RapportCalendarMonth *self = RAPPORT_CALENDAR_MONTH (object);

  g_clear_pointer (&self->chips, g_ptr_array_unref);
  g_clear_pointer (&self->first_monday, g_date_time_unref);
  G_OBJECT_CLASS (rapport_calendar_month_parent_class)->finalize (object);
}

static void
rapport_calendar_month_class_init (RapportCalendarMonthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_calendar_month_dispose;
  object_class->finalize = rapport_calendar_month_finalize;
  widget_class->measure = rapport_calendar_month_measure;
  widget_class->size_allocate = rapport_calendar_month_size_allocate;
  widget_class->snapshot = rapport_calendar_month_snapshot;

  signals[ITEM_ACTIVATED] = g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, RAPPORT_TYPE_CALENDAR_ITEM);
  signals[MOVE_REQUESTED] = g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, RAPPORT_TYPE_CALENDAR_ITEM, G_TYPE_INT64);
  /**
   * RapportCalendarMonth::day-activated:
   * @day: the local midnight of the day whose "+N more" was clicked
   */
  signals[DAY_ACTIVATED] = g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DATE_TIME);
  rapport_calendar_install_moves (widget_class, move_selected, 0, 7);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_calendar_month_init (RapportCalendarMonth *self)
{
  self->chips = g_ptr_array_new ();
  for (int i = 0; i < 7; i++)
    {
      self->weekday_labels[i] = gtk_label_new ("");
      gtk_widget_add_css_class (self->weekday_labels[i], "heading");
      gtk_widget_set_parent (self->weekday_labels[i], GTK_WIDGET (self));
    }
  for (int d = 0; d < N_DAYS; d++)
    {
      self->day_labels[d] = gtk_label_new ("");
      gtk_label_set_xalign (GTK_LABEL (self->day_labels[d]), 0);
      gtk_widget_set_parent (self->day_labels[d], GTK_WIDGET (self));
      self->more_labels[d] = gtk_button_new_with_label ("");
      gtk_widget_add_css_class (self->more_labels[d], "flat");
      gtk_widget_add_css_class (self->more_labels[d], "rapport-calendar-more");
      gtk_widget_set_visible (self->more_labels[d], FALSE);
      g_signal_connect (self->more_labels[d], "clicked", G_CALLBACK (more_clicked), self);
      gtk_widget_set_parent (self->more_labels[d], GTK_WIDGET (self));
    }
  self->drop_target = gtk_drop_target_new (RAPPORT_TYPE_CALENDAR_ITEM, GDK_ACTION_MOVE);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
rapport_calendar_month_new (void)
{
  return g_object_new (RAPPORT_TYPE_CALENDAR_MONTH, NULL);
}
