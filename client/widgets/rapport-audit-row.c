/* rapport-audit-row.c: one audit entry (as the API sends it) as a row: what, when, who, why, and its changes, as people read them */
#include "rapport-audit-row.h"
#include "crm-entities.h"
#include "crm-format.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* changes spelled out in the subtitle; all of them are inside the row */
#define SUMMARY_CHANGES 3

static const struct
{
  const char *action;
  const char *label;
  /* where the word alone means something else ("Created" is also a date) */
  const char *context;
} action_labels[] = {
  { "create", NC_("audit action", "Created"), "audit action" }, { "update", N_("Changed") }, { "archive", N_("Archived") },
  { "restore", N_("Restored") }, { "share", N_("Shared") }, { "unshare", N_("Share ended") },
  { "erase", N_("Personal data erased") }, { "restrict", N_("Processing restricted") },
  { "restriction_lifted", N_("Restriction lifted") }, { "legal_hold", N_("Legal hold placed") },
  { "legal_hold_released", N_("Legal hold released") }, { "export_personal_data", N_("Personal data exported") },
  { "sign_in_failed", N_("Sign-in failed") }, { "password_change", N_("Password changed") },
  { "password_reset", N_("Password reset") }, { "unlock", N_("Unlocked") },
  { "end_sessions", N_("Sessions ended") }, { "deactivate", N_("Deactivated") },
  { "export", N_("Exported") }, { "print", N_("Printed") }, { "submit", N_("Submitted") },
  { "approve", N_("Approved") }, { "reject", N_("Rejected") }, { "withdraw", N_("Withdrawn") },
  { "delegate", N_("Delegated") }, { "cancel", N_("Cancelled") }, { "transfer", N_("Transferred") },
  { "close", N_("Closed") },
  { "attachment_upload", N_("File attached") }, { "attachment_download", N_("File downloaded") },
  { "attachment_remove", N_("File removed") }, { "attachment_remove_held", N_("File removed, kept for the legal hold") },
  { "message", N_("Message written") }, { "merge", N_("Duplicate merged in") },
};

/**
 * rapport_audit_action_label:
 * @action: an action as the audit trail records it, e.g. "password_reset"
 *
 * Returns: (transfer none): how people call it ("Password reset"),
 *   translated; an action without a label reads with its underscores as
 *   spaces, never as a code
 */
const char *
rapport_audit_action_label (const char *action)
{
  static GHashTable *unknown;
  char *spelled;

  g_return_val_if_fail (action != NULL, "");

  for (guint i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (g_str_equal (action_labels[i].action, action))
      return action_labels[i].context ? g_dpgettext2 (GETTEXT_PACKAGE, action_labels[i].context, action_labels[i].label)
                                      : _(action_labels[i].label);
  if (unknown == NULL)
    unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  spelled = g_hash_table_lookup (unknown, action);
  if (spelled == NULL)
    {
      spelled = g_strdup (action);
      g_strdelimit (spelled, "_", ' ');
      if (spelled[0])
        spelled[0] = g_ascii_toupper (spelled[0]);
      g_hash_table_insert (unknown, g_strdup (action), spelled);
    }
  return spelled;
}

/* a value of one field as its form shows it: Yes/No, money, an enum's label */
static char *
field_text (CrmEntityClass *klass,
            int             index,
            JsonNode       *node)
{
  const CrmFieldSpec *spec = &klass->fields[index];
  g_autoptr(CrmEntity) entity = crm_entity_new (G_TYPE_FROM_CLASS (klass));
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_member (object, crm_field_spec_get_json_key (spec), json_node_copy (node));
  if (!crm_json_read_entity (entity, object, NULL) || !crm_entity_has_value (entity, index))
    return NULL;
  return crm_format_value (spec, crm_entity_value (entity, index));
}

/* before or after of one change, as people read it; NULL where it had none */
static char *
value_text (CrmEntityClass *klass,
            int             index,
            JsonObject     *change,
            const char     *which)
{
  g_autofree char *label_member = g_strconcat (which, "_label", NULL);
  JsonNode *node = json_object_get_member (change, which);
  const char *label = json_object_get_string_member_with_default (change, label_member, NULL);
  char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  /* the record a reference points at, by its number or name */
  if (label)
    return g_strdup (label);
  /* a document's lines: how many, not their JSON */
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      guint n = json_array_get_length (json_node_get_array (node));

      if (g_str_equal (json_object_get_string_member_with_default (change, "field", ""), "lines"))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n), n);
    }
  if (klass && index >= 0 && (text = field_text (klass, index, node)) != NULL)
    return text;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  return crm_json_to_string (node);
}

/* "was → is"; what was created, or recorded as it is after the action
 * alone (a password reset), has one side only */
static char *
change_text (CrmEntityClass *klass,
             JsonObject     *change,
             gboolean        snapshot)
{
  const char *field = json_object_get_string_member_with_default (change, "field", "");
  int index = klass ? crm_entity_class_find_json_key (klass, field) : -1;
  g_autofree char *was = value_text (klass, index, change, "before");
  g_autofree char *is = value_text (klass, index, change, "after");

  if (snapshot)
    return g_strdup (is ? is : "");
  /* TRANSLATORS: a field without a value, in the history of a record */
  return g_strdup_printf ("%s → %s", was ? was : _("(empty)"), is ? is : _("(empty)"));
}

/**
 * rapport_audit_row_describe_record:
 * @item: an entry of `/audit`
 *
 * Returns: (transfer full): the record it is about, e.g. "Quote
 *   Q-2026-00031" or "User Li Na"; the id only where the server has no
 *   number or name for it
 */
char *
rapport_audit_row_describe_record (JsonObject *item)
{
  const char *entity = json_object_get_string_member_with_default (item, "entity", "");
  const char *label = json_object_get_string_member_with_default (item, "record_label", NULL);
  gint64 id = json_object_get_int_member_with_default (item, "entity_id", 0);
  GType type = crm_entities_lookup_name (entity);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  const char *kind = klass ? g_dgettext (GETTEXT_PACKAGE, klass->label) : entity;

  g_return_val_if_fail (item != NULL, NULL);

  if (g_str_equal (entity, "audit"))
    return g_strdup (_("Audit trail"));
  if (g_str_equal (entity, "role_scope"))
    return g_strdup (_("Data scope of the roles"));
  if (label)
    /* TRANSLATORS: a kind of record and its number or name, e.g. "Quote Q-2026-00031" */
    return g_strdup_printf (C_("record", "%s %s"), kind, label);
  if (id == 0)
    return g_strdup (kind);
  /* TRANSLATORS: a kind of record and its id, where it has no name, e.g. "Approval #12" */
  return g_strdup_printf (_("%s #%lld"), kind, (long long) id);
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
  const char *user_name = json_object_get_string_member_with_default (item, "user_name", NULL);
  const char *actor = user_name ? user_name : json_object_get_string_member_with_default (item, "actor", NULL);
  const char *reason = json_object_get_string_member_with_default (item, "reason", NULL);
  GType type = crm_entities_lookup_name (json_object_get_string_member_with_default (item, "entity", ""));
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_peek (type) : NULL;
  JsonNode *before = json_object_get_member (item, "before");
  /* nothing before it: the entry shows what the record was after it */
  gboolean snapshot = g_str_equal (action, "create") || before == NULL || JSON_NODE_HOLDS_NULL (before);
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
      g_autofree char *record = rapport_audit_row_describe_record (item);

      /* TRANSLATORS: an audit entry: what was done, to which record, e.g. "Changed · Quote Q-2026-00031" */
      title = g_strdup_printf (_("%s · %s"), rapport_audit_action_label (action), record);
      g_string_append_printf (subtitle, " · %s", actor ? actor : _("the system"));
    }
  else
    /* TRANSLATORS: who did what to a record, e.g. "Changed by Li Na" */
    title = g_strdup_printf (_("%s by %s"), rapport_audit_action_label (action), actor ? actor : _("the system"));
  if (reason)
    g_string_append_printf (subtitle, " · “%s”", reason);

  for (guint c = 0; changes && c < json_array_get_length (changes); c++)
    {
      JsonObject *change = json_array_get_object_element (changes, c);
      const char *field = json_object_get_string_member_with_default (change, "field", "");
      int index = klass ? crm_entity_class_find_json_key (klass, field) : -1;
      const char *label = index >= 0 ? crm_field_spec_get_label (&klass->fields[index]) : field;
      g_autofree char *diff = change_text (klass, change, snapshot);
      GtkWidget *line;

      /* a field left empty on creation says nothing */
      if (snapshot && diff[0] == '\0')
        continue;
      line = adw_action_row_new ();

      if (c < SUMMARY_CHANGES && !snapshot)
        g_string_append_printf (subtitle, " · %s: %s", label, diff);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), diff);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  return row;
}
