/* rapport-audit-row.c: one audit entry (as the API sends it) as a row: what, when, who, why, and its changes */
#include "rapport-audit-row.h"
#include "crm-entities.h"
#include "crm-format.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* changes spelled out in the subtitle; all of them are inside the row */
#define SUMMARY_CHANGES 3

static const char *
action_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "create", N_("Created") }, { "update", N_("Changed") }, { "archive", N_("Archived") },
    { "restore", N_("Restored") }, { "share", N_("Shared") }, { "unshare", N_("Share ended") },
    { "erase", N_("Personal data erased") }, { "restrict", N_("Processing restricted") },
    { "restriction_lifted", N_("Restriction lifted") }, { "legal_hold", N_("Legal hold placed") },
    { "legal_hold_released", N_("Legal hold released") }, { "export_personal_data", N_("Personal data exported") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].action, action))
      return _(labels[i].label);
  return action;
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    /* TRANSLATORS: a field without a value, in the history of a record */
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return crm_json_to_string (node);
}

/**
 * rapport_audit_row_new:
 * @item: an entry of `/audit` or `/{collection}/:id/history`
 * @name_record: say which record the entry is about (the audit trail does,
 *   a record's own history need not)
 *
 * Returns: (transfer floating): an expander row; the subtitle tells when,
 *   who, why and the first changes, the row holds every change
 */
GtkWidget *
rapport_audit_row_new (JsonObject *item,
                       gboolean    name_record)
{
  GtkWidget *row = adw_expander_row_new ();
  JsonArray *changes = json_object_get_array_member (item, "changes");
  const char *action = json_object_get_string_member_with_default (item, "action", "");
  const char *actor = json_object_get_string_member_with_default (item, "actor", NULL);
  const char *reason = json_object_get_string_member_with_default (item, "reason", NULL);
  GType type = crm_entities_lookup_name (json_object_get_string_member_with_default (item, "entity", ""));
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;
  gint64 usec;

  if (crm_json_parse_timestamp (json_object_get_string_member_with_default (item, "at", ""), &usec))
    {
      g_autofree char *when = crm_format_timestamp (usec);
      g_string_append (subtitle, when);
    }
  if (name_record)
    {
      /* TRANSLATORS: an audit entry: action, kind of record and its id, e.g. "update · Account 12" */
      title = g_strdup_printf (_("%s · %s %lld"), action,
                               klass ? g_dgettext (GETTEXT_PACKAGE, klass->label)
                                     : json_object_get_string_member_with_default (item, "entity", ""),
                               (long long) json_object_get_int_member_with_default (item, "entity_id", 0));
      g_string_append_printf (subtitle, " · %s", actor ? actor : _("the system"));
    }
  else
    /* TRANSLATORS: who did what to a record, e.g. "Changed by Li Na" */
    title = g_strdup_printf (_("%s by %s"), action_label (action), actor ? actor : _("the system"));
  if (reason)
    g_string_append_printf (subtitle, " · “%s”", reason);

  for (guint c = 0; changes && c < json_array_get_length (changes); c++)
    {
      JsonObject *change = json_array_get_object_element (changes, c);
      const char *field = json_object_get_string_member (change, "field");
      int index = klass ? crm_entity_class_find_json_key (klass, field) : -1;
      const char *label = index >= 0 ? crm_field_spec_get_label (&klass->fields[index]) : field;
      g_autofree char *was = value_text (json_object_get_member (change, "before"));
      g_autofree char *is = value_text (json_object_get_member (change, "after"));
      g_autofree char *diff = g_strdup_printf ("%s → %s", was, is);
      GtkWidget *line = adw_action_row_new ();

      if (c < SUMMARY_CHANGES && !g_str_equal (action, "create"))
        g_string_append_printf (subtitle, " · %s: %s", label, diff);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), diff);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  return row;
}
