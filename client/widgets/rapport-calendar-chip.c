/* rapport-calendar-chip.c: what the week and month views share: an item's chip, its moves by keyboard */
#include "rapport-calendar-private.h"

#include <glib/gi18n.h>

#define ITEM_KEY "rapport-calendar-item"
#define DRAG_KEY "rapport-calendar-drag"

/**
 * rapport_calendar_chip_new:
 * @item: what the chip shows
 * @with_time: whether the label starts with the item's time (the month's chips)
 *
 * A button coloured by the item's kind, named for screen readers by its
 * title, kind and time, which drags the item when it may be moved.
 *
 * Returns: (transfer floating): the chip
 */
GtkWidget *
rapport_calendar_chip_new (RapportCalendarItem *item,
                           gboolean             with_time)
{
  GtkWidget *chip = gtk_button_new ();
  GtkWidget *label;
  g_autofree char *name = rapport_calendar_item_dup_accessible_name (item);
  g_autofree char *css = g_strdup_printf ("rapport-calendar-%s", rapport_calendar_item_get_kind (item));
  g_autofree char *text = NULL;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (item), NULL);

  if (with_time)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (rapport_calendar_item_get_starts (item) / G_USEC_PER_SEC);
      g_autofree char *time = g_date_time_format (at, "%H:%M");

      text = g_strdup_printf ("%s %s", time, rapport_calendar_item_get_title (item));
    }
  else
    text = g_strdup (rapport_calendar_item_get_title (item));
  label = gtk_label_new (text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_button_set_child (GTK_BUTTON (chip), label);
  gtk_widget_add_css_class (chip, "rapport-calendar-item");
  gtk_widget_add_css_class (chip, css);
  gtk_widget_set_tooltip_text (chip, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (chip), ITEM_KEY, g_object_ref (item), g_object_unref);

  if (rapport_calendar_item_get_movable (item))
    {
      GtkDragSource *source = gtk_drag_source_new ();
      g_autoptr(GdkContentProvider) content = gdk_content_provider_new_typed (RAPPORT_TYPE_CALENDAR_ITEM, item);

      gtk_drag_source_set_content (source, content);
      gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
      gtk_widget_add_controller (chip, GTK_EVENT_CONTROLLER (source));
      g_object_set_data (G_OBJECT (chip), DRAG_KEY, source);
    }
  return chip;
}

/**
 * rapport_calendar_chip_get_item:
 * @chip: a chip made by rapport_calendar_chip_new(), or another widget
 *
 * Returns: (transfer none) (nullable): the chip's item
 */
RapportCalendarItem *
rapport_calendar_chip_get_item (GtkWidget *chip)
{
  g_return_val_if_fail (GTK_IS_WIDGET (chip), NULL);
  return g_object_get_data (G_OBJECT (chip), ITEM_KEY);
}

/**
 * rapport_calendar_chip_get_drag_source:
 * @chip: a chip made by rapport_calendar_chip_new()
 *
 * Returns: (transfer none) (nullable): what drags it, if it may be moved
 */
GtkDragSource *
rapport_calendar_chip_get_drag_source (GtkWidget *chip)
{
  g_return_val_if_fail (GTK_IS_WIDGET (chip), NULL);
  return g_object_get_data (G_OBJECT (chip), DRAG_KEY);
}

/**
 * rapport_calendar_local_day:
 * @usec: an instant
 *
 * Returns: (transfer full): the local midnight that starts its day
 */
GDateTime *
rapport_calendar_local_day (gint64 usec)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return g_date_time_new_local (g_date_time_get_year (at), g_date_time_get_month (at),
                                g_date_time_get_day_of_month (at), 0, 0, 0);
}

/**
 * rapport_calendar_shift:
 * @usec: an instant
 * @days: days to add, counted on the wall clock (a day across a change of
 *   daylight saving keeps the time of day)
 * @minutes: minutes to add
 *
 * Returns: the instant moved
 */
gint64
rapport_calendar_shift (gint64 usec,
                        int    days,
                        int    minutes)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) moved = g_date_time_add_days (at, days);
  g_autoptr(GDateTime) later = g_date_time_add_minutes (moved, minutes);

  return g_date_time_to_unix (later) * G_USEC_PER_SEC + usec % G_USEC_PER_SEC;
}

/**
 * rapport_calendar_install_moves:
 * @widget_class: a view's class
 * @move: called with "(ii)", days and minutes, on Alt and an arrow
 * @up_down_minutes: what Alt+Up and Alt+Down move by in minutes (the week's 15)
 * @up_down_days: and in days (the month's 7)
 *
 * The keyboard's way to drag: Alt+Left and Alt+Right move the selected
 * item a day, Alt+Up and Alt+Down as given.
 */
void
rapport_calendar_install_moves (GtkWidgetClass  *widget_class,
                                GtkShortcutFunc  move,
                                int              up_down_minutes,
                                int              up_down_days)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, move, "(ii)", -1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, move, "(ii)", 1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, move, "(ii)", -up_down_days, -up_down_minutes);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, move, "(ii)", up_down_days, up_down_minutes);
}
