/* rapport-attachment-row.c: the row of a file attached to a record: its type's icon, its name, its version, size, author and time */
#include "rapport-attachment-row.h"

#include <glib/gi18n.h>

static const char *
icon_for (const char *content_type)
{
  if (g_str_has_prefix (content_type, "image/"))
    return "image-x-generic-symbolic";
  if (g_str_has_prefix (content_type, "text/"))
    return "text-x-generic-symbolic";
  return "x-office-document-symbolic";
}

/* "Version 2 · 1.2 MB · lena, 2026-12-07 09:30", in local time */
static char *
describe (JsonObject *file)
{
  const char *by = json_object_get_string_member_with_default (file, "uploaded_by_name", "");
  const char *at = json_object_get_string_member_with_default (file, "uploaded_at", "");
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (at);
  g_autofree char *size = g_format_size ((guint64) json_object_get_int_member_with_default (file, "size", 0));
  gint64 version = json_object_get_int_member_with_default (file, "version", 1);

  /* TRANSLATORS: a file attached to a record: its version, its size, who attached it and when */
  return g_strdup_printf (_("Version %d · %s · %s, %s"), (int) version, size, by, when);
}

/**
 * rapport_attachment_row_new:
 * @file: a file as the server lists it ("name", "content_type", "version",
 *   "size", "uploaded_by_name", "uploaded_at")
 *
 * Returns: (transfer floating): an #AdwActionRow, its suffixes the caller's
 */
GtkWidget *
rapport_attachment_row_new (JsonObject *file)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe (file);
  const char *type = json_object_get_string_member_with_default (file, "content_type", "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member_with_default (file, "name", ""));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_for (type)));
  return row;
}
