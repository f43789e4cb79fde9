/* rapport-recent.c: the records a user opened last, per server and login, kept in GSettings */
#include "rapport-recent.h"

#include <string.h>

#define RECENT_KEY "recent-records"

/**
 * rapport_recent_user_key:
 * @server: the server's address
 * @login: the user's login
 *
 * Returns: (transfer full): the key of that user's list, "server login"
 */
char *
rapport_recent_user_key (const char *server,
                         const char *login)
{
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (login != NULL, NULL);

  return g_strdup_printf ("%s %s", server, login);
}

/**
 * rapport_recent_list:
 * @settings: the application's settings
 * @user_key: from rapport_recent_user_key()
 *
 * Returns: (transfer full): the user's records, newest first, as "collection/id"
 */
char **
rapport_recent_list (GSettings  *settings,
                     const char *user_key)
{
  g_autoptr(GVariant) all = NULL;
  char **items = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (user_key != NULL, NULL);

  all = g_settings_get_value (settings, RECENT_KEY);
  if (!g_variant_lookup (all, user_key, "^as", &items))
    items = g_new0 (char *, 1);
  return items;
}

/**
 * rapport_recent_remember:
 * @settings: the application's settings
 * @user_key: from rapport_recent_user_key()
 * @collection: the record's collection
 * @id: the record
 *
 * Puts the record first in the user's list, once, keeping the newest
 * %RAPPORT_RECENT_MAX; other users' lists are kept as they are.
 */
void
rapport_recent_remember (GSettings  *settings,
                         const char *user_key,
                         const char *collection,
                         gint64      id)
{
  g_autoptr(GVariant) all = NULL;
  g_auto(GStrv) items = NULL;
  g_autofree char *item = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (user_key != NULL);
  g_return_if_fail (collection != NULL && strchr (collection, '/') == NULL);
  g_return_if_fail (id > 0);

  item = g_strdup_printf ("%s/%" G_GINT64_FORMAT, collection, id);
  items = rapport_recent_list (settings, user_key);
  g_ptr_array_add (kept, item);
  for (guint i = 0; items[i] && kept->len < RAPPORT_RECENT_MAX; i++)
    if (!g_str_equal (items[i], item))
      g_ptr_array_add (kept, items[i]);

  all = g_settings_get_value (settings, RECENT_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_loop (&iter, "{&s@as}", &key, &value))
    if (!g_str_equal (key, user_key))
      g_variant_builder_add (&builder, "{s@as}", key, value);
  g_variant_builder_add (&builder, "{s@as}", user_key,
                         g_variant_new_strv ((const char * const *) kept->pdata, kept->len));
  g_settings_set_value (settings, RECENT_KEY, g_variant_builder_end (&builder));
}

/**
 * rapport_recent_parse:
 * @item: an item of rapport_recent_list()
 * @collection: (out) (transfer full): its collection
 * @id: (out): its record
 *
 * Returns: whether @item names a record
 */
gboolean
rapport_recent_parse (const char  *item,
                      char       **collection,
                      gint64      *id)
{
  const char *slash;
  guint64 number;

  g_return_val_if_fail (item != NULL, FALSE);

  slash = strchr (item, '/');
  if (slash == NULL || slash == item ||
      !g_ascii_string_to_unsigned (slash + 1, 10, 1, G_MAXINT64, &number, NULL))
    return FALSE;
  *collection = g_strndup (item, slash - item);
  *id = number;
  return TRUE;
}
