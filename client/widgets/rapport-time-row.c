/* rapport-time-row.c: a moment typed and shown in the user's local time, kept as a UTC time for the API */
#include "rapport-time-row.h"
#include "crm-json.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/*
 * A task's due time or an activity's start is typed as the user reads a
 * clock, "2026-12-07 09:30", in the local time zone; the API keeps UTC
 * ("2026-12-07T01:30:00Z" in Shanghai). The row shows a stored time in
 * local time and gives back the UTC text, or the text as typed when it is
 * not a time, so that the form can mark it.
 */

/* "2026-12-07 09:30", "2026-12-07 09:30:15", the same with a "T", or "2026-12-07" (midnight), local time */
static gboolean
parse_local (const char *text,
             gint64     *usec)
{
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, end = -1;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = NULL;
  char sep = 0;

  if (sscanf (text, "%4d-%2d-%2d%n", &y, &mo, &d, &end) != 3)
    return FALSE;
  if (text[end] != '\0')
    {
      const char *clock = text + end;

      end = -1;
      if (sscanf (clock, "%c%2d:%2d%n", &sep, &h, &mi, &end) != 3 || (sep != ' ' && sep != 'T'))
        return FALSE;
      clock += end;
      end = -1;
      if (clock[0] != '\0' && (sscanf (clock, ":%2d%n", &s, &end) != 1 || clock[end] != '\0'))
        return FALSE;
    }
  if (h > 23 || mi > 59 || s > 59)
    return FALSE;
  when = g_date_time_new (zone, y, mo, d, h, mi, s);
  if (when == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  return TRUE;
}

/**
 * rapport_time_row_parse:
 * @text: a time as typed: local ("2026-12-07 09:30") or an ISO 8601 time with its zone
 * @usec: (out): the moment, in microseconds since 1970 UTC
 *
 * Returns: whether @text is a time
 */
gboolean
rapport_time_row_parse (const char *text,
                        gint64     *usec)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return parse_local (stripped, usec) || crm_json_parse_timestamp (stripped, usec);
}

/**
 * rapport_time_row_new:
 * @label: the field's label
 *
 * Returns: (transfer floating): an entry row for a moment in local time
 */
GtkWidget *
rapport_time_row_new (const char *label)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_widget_set_tooltip_text (row, _("A date and time in local time, such as 2026-12-07 09:30"));
  g_object_set_data (G_OBJECT (row), "rapport-time-row", GINT_TO_POINTER (TRUE));
  return row;
}

/**
 * rapport_time_row_set_value:
 * @row: a time row
 * @iso: a UTC time as the API gives it, or "" for none
 *
 * Shows the moment in local time, to the minute.
 */
void
rapport_time_row_set_value (GtkWidget  *row,
                            const char *iso)
{
  gint64 usec;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  if (iso == NULL || iso[0] == '\0' || !crm_json_parse_timestamp (iso, &usec))
    text = g_strdup (iso ? iso : "");
  else
    {
      utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      local = g_date_time_to_local (utc);
      text = g_date_time_format (local, g_date_time_get_second (local) ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M");
    }
  /* shown to the second, given back to the microsecond while it is not retyped */
  g_object_set_data_full (G_OBJECT (row), "rapport-time-shown", g_strdup (text), g_free);
  g_object_set_data_full (G_OBJECT (row), "rapport-time-value", g_strdup (iso ? iso : ""), g_free);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/**
 * rapport_time_row_dup_value:
 * @row: a time row
 *
 * Returns: (transfer full): the UTC time the row shows, as the API takes
 *   it (the very value it was given, while its text is as shown then); ""
 *   for an empty row; the text as typed when it is not a time
 */
char *
rapport_time_row_dup_value (GtkWidget *row)
{
  const char *text;
  gint64 usec;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (row));
  if (g_strcmp0 (text, g_object_get_data (G_OBJECT (row), "rapport-time-shown")) == 0)
    return g_strdup (g_object_get_data (G_OBJECT (row), "rapport-time-value"));
  if (text[strspn (text, " \t")] == '\0')
    return g_strdup ("");
  if (!rapport_time_row_parse (text, &usec))
    return g_strdup (text);
  return crm_json_format_timestamp (usec);
}
