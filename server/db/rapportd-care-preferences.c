/* rapportd-care-preferences.c: the automatic reminders each user turned on or off for themselves */
#include "rapportd-care-preferences.h"
#include "rapportd-audit.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-reminder-setting.h"

#include <glib/gi18n-lib.h>

/* kind -> whether the user turned it off */
static GHashTable *
load_opt_outs (RapportdDb  *db,
               gint64       user_id,
               GError     **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT kind FROM reminder_opt_outs WHERE user_id = ?");
  g_autoptr(RapportdDbResult) result = NULL;
  GHashTable *off;

  rapportd_sql_add_int (sql, user_id);
  if ((result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  off = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < result->n_rows; i++)
    g_hash_table_add (off, g_strdup (rapportd_db_result_get (result, i, 0)));
  return off;
}

/* {"kind": on, …} for the audit trail */
static char *
format_choices (GHashTable *off)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *kinds = crm_reminder_setting_kinds ();

  json_builder_begin_object (builder);
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      json_builder_set_member_name (builder, kinds[k]);
      json_builder_add_boolean_value (builder, !g_hash_table_contains (off, kinds[k]));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return crm_json_to_string (root);
}

/**
 * rapportd_care_preferences_get:
 * @db: a connection
 * @actor: the user, who reads their own choices
 * @error: return location for a #GError
 *
 * Returns: (transfer full): {"items":[{"kind","enabled","company_enabled",
 *   "days"}]}, a kind of automatic reminder a row, in order: whether the
 *   user wants it, whether the company turned it on and its days
 */
JsonNode *
rapportd_care_preferences_get (RapportdDb           *db,
                               const RapportdActor  *actor,
                               GError              **error)
{
  g_autoptr(GHashTable) off = NULL;
  g_autoptr(RapportdSql) sql = rapportd_sql_new ("SELECT kind, enabled, days FROM `reminder-settings` WHERE archived = 0");
  g_autoptr(RapportdDbResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char * const *kinds = crm_reminder_setting_kinds ();

  g_return_val_if_fail (db != NULL && actor != NULL, NULL);

  if ((off = load_opt_outs (db, actor->user_id, error)) == NULL ||
      (result = rapportd_db_query (db, sql, error)) == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint k = 0; kinds[k] != NULL; k++)
    {
      gboolean company_enabled = FALSE;
      gint64 days = 0;

      for (guint i = 0; i < result->n_rows; i++)
        if (g_str_equal (rapportd_db_result_get (result, i, 0), kinds[k]))
          {
            company_enabled = g_strcmp0 (rapportd_db_result_get (result, i, 1), "1") == 0;
            days = g_ascii_strtoll (rapportd_db_result_get (result, i, 2), NULL, 10);
          }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kinds[k]);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, !g_hash_table_contains (off, kinds[k]));
      json_builder_set_member_name (builder, "company_enabled");
      json_builder_add_boolean_value (builder, company_enabled);
      json_builder_set_member_name (builder, "days");
      json_builder_add_int_value (builder, days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
store_choice (RapportdDb   *db,
              gint64        user_id,
              const char   *kind,
              gboolean      enabled,
              GError      **error)
{
  g_autoptr(RapportdSql) sql = rapportd_sql_new (enabled ? "DELETE FROM reminder_opt_outs WHERE user_id = ? AND kind = ?"
                                                         : "INSERT IGNORE INTO reminder_opt_outs (user_id, kind) VALUES (?, ?)");

  rapportd_sql_add_int (sql, user_id);
  rapportd_sql_add_text (sql, kind);
  return rapportd_db_execute (db, sql, NULL, NULL, error);
}

/**
 * rapportd_care_preferences_set:
 * @db: a connection inside a transaction
 * @actor: the user, who changes their own choices
 * @changes: {"kind": true or false, …}: the kinds to change
 * @error: 422 naming the member that is not a kind or not true or false
 *
 * Turns the kinds named on or off for @actor alone (a kind the company
 * turned off stays off), audited as a change of the user.
 *
 * Returns: (transfer full): as rapportd_care_preferences_get()
 */
JsonNode *
rapportd_care_preferences_set (RapportdDb           *db,
                               const RapportdActor  *actor,
                               JsonObject           *changes,
                               GError              **error)
{
  const char * const *kinds = crm_reminder_setting_kinds ();
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;

  g_return_val_if_fail (db != NULL && actor != NULL && changes != NULL, NULL);

  members = json_object_get_members (changes);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (changes, l->data);

      if (!g_strv_contains (kinds, l->data))
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, l->data,
                                     _("%s is not a kind of automatic reminder"), (const char *) l->data);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, l->data,
                                     _("%s must be true or false"), (const char *) l->data);
          return NULL;
        }
    }

  if ((before = load_opt_outs (db, actor->user_id, error)) == NULL)
    return NULL;
  for (GList *l = members; l != NULL; l = l->next)
    if (!store_choice (db, actor->user_id, l->data, json_object_get_boolean_member (changes, l->data), error))
      return NULL;
  if ((after = load_opt_outs (db, actor->user_id, error)) == NULL)
    return NULL;
  before_json = format_choices (before);
  after_json = format_choices (after);
  if (!g_str_equal (before_json, after_json) &&
      !rapportd_audit_append (db, actor->user_id, "user", actor->user_id, "reminder_preferences",
                              actor->reason, before_json, after_json, error))
    return NULL;
  return rapportd_care_preferences_get (db, actor, error);
}
