/* rapport-date-row.c: RapportDateRow, an entry row for a date, typed or picked in a calendar */
#include "rapport-date-row.h"

#include <glib/gi18n.h>
#include <stdio.h>

struct _RapportDateRow
{
  AdwEntryRow    parent_instance;

  GtkMenuButton *button;
  GtkCalendar   *calendar;
  /* the calendar is being set from the text, not picked in */
  gboolean       syncing;
};

G_DEFINE_FINAL_TYPE (RapportDateRow, rapport_date_row, ADW_TYPE_ENTRY_ROW)

/* year, month and day in that order, with any of the separators people
 * type: 2026-12-06, 2026/12/6, 2026.12.6, 2026年12月6日 */
static gboolean
parse_ymd (const char *text,
           GDate      *date)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  guint year, month, day;
  char rest;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (digits->len == 0 || digits->str[digits->len - 1] != ' ')
        g_string_append_c (digits, ' ');
    }
  if (sscanf (digits->str, "%4u %2u %2u %c", &year, &month, &day, &rest) != 3 || year < 1000)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/**
 * rapport_date_parse:
 * @text: a date as typed
 * @date: (out caller-allocates): where the date goes
 *
 * Reads a date written year first (ISO 8601 and the Chinese order) or in
 * the order of the user's locale (g_date_set_parse()).
 *
 * Returns: whether @text is a valid date
 */
gboolean
rapport_date_parse (const char *text,
                    GDate      *date)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (parse_ymd (text, date))
    return TRUE;
  g_date_set_parse (date, text);
  return g_date_valid (date) && g_date_get_year (date) >= 1000;
}

static char *
iso_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/**
 * rapport_date_row_dup_date:
 * @self: the row
 *
 * Returns: (transfer full): the date typed as YYYY-MM-DD, or the text as
 *   typed where it is not a date (validation names it), "" for none
 */
char *
rapport_date_row_dup_date (RapportDateRow *self)
{
  const char *text;
  GDate date;

  g_return_val_if_fail (RAPPORT_IS_DATE_ROW (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self));
  if (text[0] == '\0' || !rapport_date_parse (text, &date))
    return g_strdup (text);
  return iso_text (&date);
}

GtkMenuButton *
rapport_date_row_get_button (RapportDateRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_DATE_ROW (self), NULL);

  return self->button;
}

GtkCalendar *
rapport_date_row_get_calendar (RapportDateRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_DATE_ROW (self), NULL);

  return self->calendar;
}

/* the calendar opens on the date typed, or on today */
static void
on_popover_show (RapportDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  if (rapport_date_parse (gtk_editable_get_text (GTK_EDITABLE (self)), &date))
    day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);
  else
    day = g_date_time_new_now_local ();
  self->syncing = TRUE;
  gtk_calendar_select_day (self->calendar, day);
  self->syncing = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static void
on_day_selected (RapportDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *text = NULL;

  if (self->syncing)
    return;
  day = gtk_calendar_get_date (self->calendar);
  text = g_date_time_format (day, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  gtk_menu_button_popdown (self->button);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* a date typed in another order reads as YYYY-MM-DD once the row is left */
static void
on_focus_leave (RapportDateRow *self)
{
  g_autofree char *text = rapport_date_row_dup_date (self);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self), text);
}

static void
rapport_date_row_class_init (RapportDateRowClass *klass)
{
}

static void
rapport_date_row_init (RapportDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  g_signal_connect_object (popover, "show", G_CALLBACK (on_popover_show), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self, G_CONNECT_SWAPPED);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->button, "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Pick a date in a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pick a date in a calendar"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->button));

  g_signal_connect_object (focus, "leave", G_CALLBACK (on_focus_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  /* TRANSLATORS: a tooltip; the date may also be typed in the user's own order */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("A date such as 2026-02-28, typed or picked in the calendar"));
}

/**
 * rapport_date_row_new:
 *
 * Returns: (transfer floating): an empty date row
 */
GtkWidget *
rapport_date_row_new (void)
{
  return g_object_new (RAPPORT_TYPE_DATE_ROW, NULL);
}
