/* rapport-calendar-week.c: RapportCalendarWeek, seven day columns of hours with the items as blocks, tasks in a strip above */
#include "rapport-calendar-week.h"
#include "rapport-calendar-private.h"

#include <glib/gi18n.h>
#include <string.h>

#define GUTTER 56
#define HEADER 32
#define STRIP_ROW 26
#define HOUR 40
#define SNAP_MINUTES 15
#define MIN_BLOCK 20

struct _RapportCalendarWeek
{
  GtkWidget      parent_instance;

  GDateTime     *monday;
  GtkWidget     *day_labels[7];
  /* the chips, one an item, in the order given */
  GPtrArray     *chips;
  GtkDropTarget *drop_target;
  guint          strip_rows;
  /* the scrolled window's: the day names and the strip stay in view */
  GtkAdjustment *vadjustment;
  guint          scroll_tick;
  /* where in the dragged chip the pointer took it, so it lands where it is seen */
  double         grab_y;
};

G_DEFINE_FINAL_TYPE (RapportCalendarWeek, rapport_calendar_week, GTK_TYPE_WIDGET)

enum { ITEM_ACTIVATED, MOVE_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static double
column_width (RapportCalendarWeek *self)
{
  return MAX (1.0, (gtk_widget_get_width (GTK_WIDGET (self)) - GUTTER) / 7.0);
}

static int
hours_top (RapportCalendarWeek *self)
{
  return HEADER + (int) MAX (self->strip_rows, 1) * STRIP_ROW;
}

/* how far the week is scrolled, where the day names and the strip are drawn */
static int
scrolled (RapportCalendarWeek *self)
{
  return self->vadjustment ? (int) gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* the day of the week an instant falls on, 0 for Monday, or -1 outside the week */
static int
day_index (RapportCalendarWeek *self,
           gint64               usec)
{
  g_autoptr(GDateTime) day = rapport_calendar_local_day (usec);
  GTimeSpan span;
  int index;

  if (self->monday == NULL)
    return -1;
  span = g_date_time_difference (day, self->monday);
  if (span < 0)
    return -1;
  /* a day across a change of daylight saving is 23 or 25 hours */
  index = (int) ((span + G_TIME_SPAN_HOUR * 2) / G_TIME_SPAN_DAY);
  return index < 7 ? index : -1;
}

static int
minutes_into_day (gint64 usec)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return g_date_time_get_hour (at) * 60 + g_date_time_get_minute (at);
}

static void
chip_clicked (GtkButton           *chip,
              RapportCalendarWeek *self)
{
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, rapport_calendar_chip_get_item (GTK_WIDGET (chip)));
}

static void
drag_begin (GtkDragSource       *source,
            GdkDrag             *drag,
            RapportCalendarWeek *self)
{
  GtkWidget *chip = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  RapportCalendarItem *item = rapport_calendar_chip_get_item (chip);
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (chip);
  double x, y;

  /* where the pointer took the block, so that it lands where it is seen */
  gtk_gesture_get_point (GTK_GESTURE (source), NULL, &x, &y);
  self->grab_y = rapport_calendar_item_get_all_day (item) ? 0 : y;
  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
}

static void
clear_chips (RapportCalendarWeek *self)
{
  for (guint i = 0; i < self->chips->len; i++)
    gtk_widget_unparent (self->chips->pdata[i]);
  g_ptr_array_set_size (self->chips, 0);
}

static void
update_day_labels (RapportCalendarWeek *self)
{
  for (int d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (self->monday, d);
      /* TRANSLATORS: a day's column heading in the week, as g_date_time_format() takes it: "Tue 5" */
      g_autofree char *text = g_date_time_format (day, _("%a %e"));

      gtk_label_set_text (GTK_LABEL (self->day_labels[d]), text);
    }
}

/**
 * rapport_calendar_week_set_range:
 * @self: the week
 * @monday: the local midnight its first day starts at
 * @items: (element-type RapportCalendarItem): what to show in it
 *
 * Shows the week from @monday with @items, each as a chip.
 */
void
rapport_calendar_week_set_range (RapportCalendarWeek *self,
                                 GDateTime           *monday,
                                 GPtrArray           *items)
{
  guint strip[7] = { 0 };

  g_return_if_fail (RAPPORT_IS_CALENDAR_WEEK (self));
  g_return_if_fail (monday != NULL);

  g_clear_pointer (&self->monday, g_date_time_unref);
  self->monday = g_date_time_ref (monday);
  update_day_labels (self);
  clear_chips (self);
  self->strip_rows = 1;
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RapportCalendarItem *item = items->pdata[i];
      GtkWidget *chip = rapport_calendar_chip_new (item, FALSE);
      int day = day_index (self, rapport_calendar_item_get_starts (item));
      GtkDragSource *source = rapport_calendar_chip_get_drag_source (chip);

      g_signal_connect (chip, "clicked", G_CALLBACK (chip_clicked), self);
      if (source != NULL)
        g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin), self);
      if (rapport_calendar_item_get_all_day (item) && day >= 0)
        {
          strip[day]++;
          self->strip_rows = MAX (self->strip_rows, strip[day]);
        }
      gtk_widget_set_parent (chip, GTK_WIDGET (self));
      g_ptr_array_add (self->chips, chip);
    }
  /* the day names and the strip lie above the hours scrolled under them */
  for (int d = 0; d < 7; d++)
    gtk_widget_insert_before (self->day_labels[d], GTK_WIDGET (self), NULL);
  for (guint i = 0; i < self->chips->len; i++)
    if (rapport_calendar_item_get_all_day (rapport_calendar_chip_get_item (self->chips->pdata[i])))
      gtk_widget_insert_before (self->chips->pdata[i], GTK_WIDGET (self), NULL);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
place_after_scroll (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  RAPPORT_CALENDAR_WEEK (widget)->scroll_tick = 0;
  gtk_widget_queue_allocate (widget);
  return G_SOURCE_REMOVE;
}

/* the scrolled window moves the adjustment while it is itself being laid
 * out: the day names follow on the next frame */
static void
scrolled_changed (RapportCalendarWeek *self)
{
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), place_after_scroll, NULL, NULL);
}

/**
 * rapport_calendar_week_set_vadjustment:
 * @self: the week
 * @adjustment: (nullable): the vertical adjustment of the scrolled window it is in
 *
 * Keeps the day names and the strip of tasks in view as the hours scroll.
 */
void
rapport_calendar_week_set_vadjustment (RapportCalendarWeek *self,
                                       GtkAdjustment       *adjustment)
{
  g_return_if_fail (RAPPORT_IS_CALENDAR_WEEK (self));

  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment)
    g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (scrolled_changed), self);
}

/**
 * rapport_calendar_week_relayout:
 * @self: the week
 *
 * Places the chips again after their items moved, and renames them.
 */
void
rapport_calendar_week_relayout (RapportCalendarWeek *self)
{
  g_return_if_fail (RAPPORT_IS_CALENDAR_WEEK (self));

  for (guint i = 0; i < self->chips->len; i++)
    {
      GtkWidget *chip = self->chips->pdata[i];
      g_autofree char *name = rapport_calendar_item_dup_accessible_name (rapport_calendar_chip_get_item (chip));

      gtk_widget_set_tooltip_text (chip, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * rapport_calendar_week_get_item_widget:
 * @self: the week
 * @entity: the item's collection ("activities", "visit-plans", "tasks")
 * @id: its record
 *
 * Returns: (transfer none) (nullable): the chip of the record's first item
 */
GtkWidget *
rapport_calendar_week_get_item_widget (RapportCalendarWeek *self,
                                       const char          *entity,
                                       gint64               id)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_WEEK (self), NULL);

  for (guint i = 0; i < self->chips->len; i++)
    {
      RapportCalendarItem *item = rapport_calendar_chip_get_item (self->chips->pdata[i]);

      if (rapport_calendar_item_get_id (item) == id && g_str_equal (rapport_calendar_item_get_entity (item), entity))
        return self->chips->pdata[i];
    }
  return NULL;
}

/**
 * rapport_calendar_week_time_at:
 * @self: the week
 * @x: a point in the week's coordinates
 * @y: the same
 * @in_strip: (out) (optional): whether the point is in the strip above the hours
 *
 * Returns: the time at the point, snapped down to a quarter of an hour (in
 *   the strip: the day's midnight), or 0 outside the days
 */
gint64
rapport_calendar_week_time_at (RapportCalendarWeek *self,
                               double               x,
                               double               y,
                               gboolean            *in_strip)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) at = NULL;
  int column;
  int minutes;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_WEEK (self), 0);

  if (self->monday == NULL || x < GUTTER || y - scrolled (self) < HEADER)
    return 0;
  column = CLAMP ((int) ((x - GUTTER) / column_width (self)), 0, 6);
  day = g_date_time_add_days (self->monday, column);
  if (in_strip)
    *in_strip = y - scrolled (self) < hours_top (self);
  if (y - scrolled (self) < hours_top (self))
    return g_date_time_to_unix (day) * G_USEC_PER_SEC;
  minutes = (int) ((y - hours_top (self)) * 60 / HOUR);
  minutes = CLAMP (minutes - minutes % SNAP_MINUTES, 0, 24 * 60 - SNAP_MINUTES);
  at = g_date_time_add_minutes (day, minutes);
  return g_date_time_to_unix (at) * G_USEC_PER_SEC;
}

/**
 * rapport_calendar_week_point_for:
 * @self: the week
 * @usec: a time in the week
 * @x: (out): the middle of its day's column
 * @y: (out): the height of its time among the hours
 *
 * Returns: whether @usec is in the week shown
 */
gboolean
rapport_calendar_week_point_for (RapportCalendarWeek *self,
                                 gint64               usec,
                                 double              *x,
                                 double              *y)
{
  int day;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_WEEK (self), FALSE);

  day = day_index (self, usec);
  if (day < 0)
    return FALSE;
  *x = GUTTER + (day + 0.5) * column_width (self);
  *y = hours_top (self) + minutes_into_day (usec) * HOUR / 60.0 + 1;
  return TRUE;
}

GtkDropTarget *
rapport_calendar_week_get_drop_target (RapportCalendarWeek *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_WEEK (self), NULL);
  return self->drop_target;
}

static gboolean
drop (GtkDropTarget       *target,
      const GValue        *value,
      double               x,
      double               y,
      RapportCalendarWeek *self)
{
  RapportCalendarItem *item = g_value_get_object (value);
  gboolean in_strip = FALSE;
  gint64 at;
  gint64 starts;

  if (item == NULL || !rapport_calendar_item_get_movable (item))
    return FALSE;
  at = rapport_calendar_week_time_at (self, x, y - self->grab_y, &in_strip);
  self->grab_y = 0;
  if (at == 0)
    return FALSE;
  starts = rapport_calendar_item_get_starts (item);
  /* to the strip, or a task anywhere in a day: another day at the same time */
  if (in_strip)
    at = rapport_calendar_shift (at, 0, minutes_into_day (starts));
  if (at == starts)
    return FALSE;
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, item, at);
  return TRUE;
}

static gboolean
move_selected (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  RapportCalendarWeek *self = RAPPORT_CALENDAR_WEEK (widget);
  GtkWidget *focus = gtk_widget_get_focus_child (widget);
  RapportCalendarItem *item = focus ? rapport_calendar_chip_get_item (focus) : NULL;
  int days, minutes;

  if (item == NULL || !rapport_calendar_item_get_movable (item))
    return FALSE;
  g_variant_get (args, "(ii)", &days, &minutes);
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, item,
                 rapport_calendar_shift (rapport_calendar_item_get_starts (item), days, minutes));
  return TRUE;
}

static void
rapport_calendar_week_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  RapportCalendarWeek *self = RAPPORT_CALENDAR_WEEK (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = GUTTER + 7 * 64;
      *natural = GUTTER + 7 * 140;
    }
  else
    *minimum = *natural = hours_top (self) + 24 * HOUR;
}

/* the blocks of a day side by side where they overlap */
static void
allocate_day (RapportCalendarWeek *self,
              int                  day,
              double               width)
{
  double x0 = GUTTER + day * width;
  gint64 lane_ends[8] = { 0 };
  guint lanes = 1;
  guint strip_row = 0;
  GPtrArray *timed = g_ptr_array_new ();

  for (guint i = 0; i < self->chips->len; i++)
    {
      GtkWidget *chip = self->chips->pdata[i];
      RapportCalendarItem *item = rapport_calendar_chip_get_item (chip);

      if (day_index (self, rapport_calendar_item_get_starts (item)) != day)
        continue;
      if (rapport_calendar_item_get_all_day (item))
        {
          GtkAllocation box = { (int) x0 + 2, scrolled (self) + HEADER + (int) strip_row++ * STRIP_ROW + 1,
                                (int) width - 4, STRIP_ROW - 2 };

          gtk_widget_size_allocate (chip, &box, -1);
          gtk_widget_set_child_visible (chip, TRUE);
        }
      else
        g_ptr_array_add (timed, chip);
    }
  /* the items come sorted by kind, then time: a lane is the first free one */
  for (guint pass = 0; pass < 2; pass++)
    {
      memset (lane_ends, 0, sizeof lane_ends);
      for (guint i = 0; i < timed->len; i++)
        {
          GtkWidget *chip = timed->pdata[i];
          RapportCalendarItem *item = rapport_calendar_chip_get_item (chip);
          gint64 starts = rapport_calendar_item_get_starts (item);
          gint64 ends = rapport_calendar_item_get_display_ends (item);
          guint lane = 0;

          while (lane < G_N_ELEMENTS (lane_ends) - 1 && lane_ends[lane] > starts)
            lane++;
          lane_ends[lane] = ends;
          lanes = MAX (lanes, lane + 1);
          if (pass == 1)
            {
              int top = hours_top (self) + minutes_into_day (starts) * HOUR / 60;
              int height = (int) MAX (MIN_BLOCK, (ends - starts) / (60 * G_USEC_PER_SEC) * HOUR / 60);
              double lane_width = (width - 4) / lanes;
              GtkAllocation box = { (int) (x0 + 2 + lane * lane_width), top + 1,
                                    (int) lane_width - 1, MIN (height - 2, hours_top (self) + 24 * HOUR - top - 1) };

              gtk_widget_size_allocate (chip, &box, -1);
              gtk_widget_set_child_visible (chip, TRUE);
            }
        }
    }
  g_ptr_array_unref (timed);
}

static void
rapport_calendar_week_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  RapportCalendarWeek *self = RAPPORT_CALENDAR_WEEK (widget);
  double column = column_width (self);

  for (int d = 0; d < 7; d++)
    {
      GtkAllocation box = { GUTTER + (int) (d * column), scrolled (self), (int) column, HEADER };

      gtk_widget_size_allocate (self->day_labels[d], &box, -1);
    }
  for (guint i = 0; i < self->chips->len; i++)
    gtk_widget_set_child_visible (self->chips->pdata[i], FALSE);
  for (int d = 0; d < 7; d++)
    allocate_day (self, d, column);
}

static void
rapport_calendar_week_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  RapportCalendarWeek *self = RAPPORT_CALENDAR_WEEK (widget);
  GdkRGBA line = { 0.5, 0.5, 0.5, 0.3 };
  GdkRGBA text;
  GdkRGBA background = { 1, 1, 1, 1 };
  int width = gtk_widget_get_width (widget);
  int top = hours_top (self);
  int offset = scrolled (self);
  double column = column_width (self);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &text);
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (int h = 0; h <= 24; h++)
    {
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (GUTTER, top + h * HOUR, width - GUTTER, 1));
      if (h < 24)
        {
          g_autofree char *hour = g_strdup_printf ("%02d:00", h);
          PangoLayout *layout = gtk_widget_create_pango_layout (widget, hour);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (6, top + h * HOUR + 2));
          gtk_snapshot_append_layout (snapshot, layout, &text);
          gtk_snapshot_restore (snapshot);
          g_object_unref (layout);
        }
    }
  for (int d = 0; d <= 7; d++)
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (GUTTER + d * column, HEADER, 1, top + 24 * HOUR - HEADER));
  /* the blocks, then above them the day names and the strip, in view however far the hours scroll */
  for (guint i = 0; i < self->chips->len; i++)
    if (!rapport_calendar_item_get_all_day (rapport_calendar_chip_get_item (self->chips->pdata[i])))
      gtk_widget_snapshot_child (widget, self->chips->pdata[i], snapshot);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, offset, width, top));
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, offset + HEADER, width, 1));
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, offset + top - 1, width, 1));
  for (int d = 0; d <= 7; d++)
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (GUTTER + d * column, offset + HEADER, 1, top - HEADER));
  for (int d = 0; d < 7; d++)
    gtk_widget_snapshot_child (widget, self->day_labels[d], snapshot);
  for (guint i = 0; i < self->chips->len; i++)
    if (rapport_calendar_item_get_all_day (rapport_calendar_chip_get_item (self->chips->pdata[i])))
      gtk_widget_snapshot_child (widget, self->chips->pdata[i], snapshot);
}

static void
rapport_calendar_week_dispose (GObject *object)
{
  RapportCalendarWeek *self = RAPPORT_CALENDAR_WEEK (object);

  rapport_calendar_week_set_vadjustment (self, NULL);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  if (self->chips)
    clear_chips (self);
  for (int d = 0; d < 7; d++)
    g_clear_pointer (&self->day_labels[d], gtk_widget_unparent);
  G_OBJECT_CLASS (rapport_calendar_week_parent_class)->dispose (object);
}

static void
rapport_calendar_week_finalize (GObject *object)
{
  RapportCalendarWeek *self = RAPPORT_CALENDAR_WEEK (object);

  g_clear_pointer (&self->chips, g_ptr_array_unref);
  g_clear_pointer (&self->monday, g_date_time_unref);
  G_OBJECT_CLASS (rapport_calendar_week_parent_class)->finalize (object);
}

static void
rapport_calendar_week_class_init (RapportCalendarWeekClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_calendar_week_dispose;
  object_class->finalize = rapport_calendar_week_finalize;
  widget_class->measure = rapport_calendar_week_measure;
  widget_class->size_allocate = rapport_calendar_week_size_allocate;
  widget_class->snapshot = rapport_calendar_week_snapshot;

  /**
   * RapportCalendarWeek::item-activated:
   * @item: the item clicked or activated with Enter
   */
  signals[ITEM_ACTIVATED] = g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, RAPPORT_TYPE_CALENDAR_ITEM);
  /**
   * RapportCalendarWeek::move-requested:
   * @item: the item dragged or moved with Alt and an arrow
   * @starts: its new start, µs since the epoch
   */
  signals[MOVE_REQUESTED] = g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, RAPPORT_TYPE_CALENDAR_ITEM, G_TYPE_INT64);
  rapport_calendar_install_moves (widget_class, move_selected, SNAP_MINUTES, 0);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_calendar_week_init (RapportCalendarWeek *self)
{
  self->chips = g_ptr_array_new ();
  for (int d = 0; d < 7; d++)
    {
      self->day_labels[d] = gtk_label_new ("");
      gtk_widget_add_css_class (self->day_labels[d], "heading");
      gtk_widget_set_parent (self->day_labels[d], GTK_WIDGET (self));
    }
  self->drop_target = gtk_drop_target_new (RAPPORT_TYPE_CALENDAR_ITEM, GDK_ACTION_MOVE);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
rapport_calendar_week_new (void)
{
  return g_object_new (RAPPORT_TYPE_CALENDAR_WEEK, NULL);
}
