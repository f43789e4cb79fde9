/* rapport-import-report.c: an import's answer told in rows and sentences: problems, conversions, counts
 *
 * The answer of POST /{collection}/import, dry run or not: "rejected"
 * [{row, field, value, reason}], "duplicates" [{row, possible_duplicates}],
 * "conversions" [{row, field, value, converted, explanation}] and the counts
 * "created"/"valid", "updated", "skipped" (each a number or a list of rows). */
#include "rapport-import-report.h"

#include <adwaita.h>
#include <glib/gi18n.h>

static JsonArray *
array_member (JsonObject *answer,
              const char *member)
{
  JsonNode *node = answer ? json_object_get_member (answer, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * rapport_import_report_count:
 * @answer: (nullable): an import's answer
 * @member: "created", "updated", "skipped", "rejected"…
 *
 * Returns: the number @member holds, or the length of its list; 0 where
 *   it is missing
 */
guint
rapport_import_report_count (JsonObject *answer,
                             const char *member)
{
  JsonNode *node = answer ? json_object_get_member (answer, member) : NULL;
  JsonArray *array = array_member (answer, member);

  if (array)
    return json_array_get_length (array);
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return (guint) CLAMP (json_node_get_int (node), 0, G_MAXUINT);
  return 0;
}

static void
append_row (GtkListBox *list,
            const char *title,
            const char *subtitle,
            const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  gtk_list_box_append (list, row);
}

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
append_more (GtkListBox *list,
             guint       shown,
             guint       total)
{
  g_autofree char *more = NULL;

  if (total <= shown)
    return;
  more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", total - shown), total - shown);
  append_row (list, more, NULL, NULL);
}

static char *
names_of (JsonArray *duplicates)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; duplicates && i < json_array_get_length (duplicates); i++)
    {
      JsonObject *duplicate = json_array_get_object_element (duplicates, i);

      if (duplicate == NULL)
        continue;
      if (names->len > 0)
        /* TRANSLATORS: between the names of possible duplicates */
        g_string_append (names, _(", "));
      g_string_append (names, json_object_get_string_member_with_default (duplicate, "name", ""));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/**
 * rapport_import_report_fill_problems:
 * @list: the rows to fill, emptied first
 * @answer: an import's answer
 * @klass: (nullable): the kind of record imported, for its fields' labels
 *
 * A row for each rejected row (its number, field, value and reason), for
 * each row skipped or updating a record already there, and for each row
 * that may be a record already there.
 *
 * Returns: the number of problems
 */
/* a field's label, from its JSON key */
static const char *
label_of (CrmEntityClass *klass,
          const char     *key)
{
  int index = klass && key ? crm_entity_class_find_json_key (klass, key) : -1;

  return index >= 0 ? crm_field_spec_get_label (&klass->fields[index]) : key;
}

/* the rows left alone or written over a record already there */
static void
append_matched (GtkListBox *list,
                JsonObject *answer,
                const char *member,
                const char *format)
{
  JsonArray *rows = array_member (answer, member);
  guint n = rows ? json_array_get_length (rows) : 0;

  for (guint i = 0; i < MIN (n, RAPPORT_IMPORT_REPORT_MAX_ROWS); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *title = NULL;

      if (row == NULL)
        continue;
      title = g_strdup_printf (format, (long long) json_object_get_int_member_with_default (row, "row", 0),
                               (long long) json_object_get_int_member_with_default (row, "id", 0));
      append_row (list, title, NULL, "edit-copy-symbolic");
    }
  append_more (list, MIN (n, RAPPORT_IMPORT_REPORT_MAX_ROWS), n);
}

guint
rapport_import_report_fill_problems (GtkListBox     *list,
                                     JsonObject     *answer,
                                     CrmEntityClass *klass)
{
  JsonArray *rejected = array_member (answer, "rejected");
  JsonArray *duplicates = array_member (answer, "duplicates");
  guint n_rejected = rejected ? json_array_get_length (rejected) : 0;
  guint n_duplicates = duplicates ? json_array_get_length (duplicates) : 0;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), 0);

  clear (list);
  for (guint i = 0; i < MIN (n_rejected, RAPPORT_IMPORT_REPORT_MAX_ROWS); i++)
    {
      JsonObject *row = json_array_get_object_element (rejected, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (row == NULL)
        continue;
      /* TRANSLATORS: a rejected row: its number in the file, then the field */
      title = g_strdup_printf (_("Row %lld: %s"), (long long) json_object_get_int_member_with_default (row, "row", 0),
                               label_of (klass, json_object_get_string_member_with_default (row, "field", "")));
      if (json_object_get_string_member_with_default (row, "value", "")[0] != '\0')
        /* TRANSLATORS: the value of a rejected cell, then why it was refused */
        subtitle = g_strdup_printf (_("“%s”: %s"), json_object_get_string_member_with_default (row, "value", ""),
                                    json_object_get_string_member_with_default (row, "reason", ""));
      else
        subtitle = g_strdup (json_object_get_string_member_with_default (row, "reason", ""));
      append_row (list, title, subtitle, "dialog-error-symbolic");
    }
  append_more (list, MIN (n_rejected, RAPPORT_IMPORT_REPORT_MAX_ROWS), n_rejected);
  /* TRANSLATORS: a row of the file, then the id of the record it matches */
  append_matched (list, answer, "skipped", _("Row %lld: skipped, record %lld is already there"));
  /* TRANSLATORS: a row of the file, then the id of the record it updates */
  append_matched (list, answer, "updated", _("Row %lld: updates record %lld"));
  for (guint i = 0; i < MIN (n_duplicates, RAPPORT_IMPORT_REPORT_MAX_ROWS); i++)
    {
      JsonObject *row = json_array_get_object_element (duplicates, i);
      g_autofree char *title = NULL;
      g_autofree char *names = NULL;

      if (row == NULL)
        continue;
      names = names_of (json_object_has_member (row, "possible_duplicates")
                        ? json_object_get_array_member (row, "possible_duplicates") : NULL);
      /* TRANSLATORS: a row that may be a record already there */
      title = g_strdup_printf (_("Row %lld: possible duplicate"),
                               (long long) json_object_get_int_member_with_default (row, "row", 0));
      append_row (list, title, names, "dialog-warning-symbolic");
    }
  append_more (list, MIN (n_duplicates, RAPPORT_IMPORT_REPORT_MAX_ROWS), n_duplicates);
  if (gtk_widget_get_first_child (GTK_WIDGET (list)) == NULL)
    append_row (list, _("No problems found"), NULL, "object-select-symbolic");
  return n_rejected + n_duplicates;
}

/**
 * rapport_import_report_fill_conversions:
 * @list: the rows to fill, emptied first
 * @answer: an import's answer
 * @klass: (nullable): the kind of record imported, for its fields' labels
 *
 * A row for each value converted (a date's layout, a choice's label…),
 * with why.
 *
 * Returns: the number of conversions the answer counts
 */
guint
rapport_import_report_fill_conversions (GtkListBox     *list,
                                        JsonObject     *answer,
                                        CrmEntityClass *klass)
{
  JsonArray *conversions = array_member (answer, "conversions");
  guint n = conversions ? json_array_get_length (conversions) : 0;
  guint total = MAX (n, (guint) json_object_get_int_member_with_default (answer, "conversions_total", 0));

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), 0);

  clear (list);
  for (guint i = 0; i < MIN (n, RAPPORT_IMPORT_REPORT_MAX_ROWS); i++)
    {
      JsonObject *row = json_array_get_object_element (conversions, i);
      g_autofree char *title = NULL;

      if (row == NULL)
        continue;
      /* TRANSLATORS: row number, field, the value in the file, the value stored */
      title = g_strdup_printf (_("Row %lld, %s: “%s” → “%s”"),
                               (long long) json_object_get_int_member_with_default (row, "row", 0),
                               label_of (klass, json_object_get_string_member_with_default (row, "field", "")),
                               json_object_get_string_member_with_default (row, "value", ""),
                               json_object_get_string_member_with_default (row, "converted", ""));
      append_row (list, title, json_object_get_string_member_with_default (row, "explanation", NULL), NULL);
    }
  append_more (list, MIN (n, RAPPORT_IMPORT_REPORT_MAX_ROWS), total);
  return total;
}

/**
 * rapport_import_report_check_summary:
 * @answer: a dry run's answer (mode=good_rows)
 * @all_or_nothing: whether the import will be all or nothing
 *
 * Returns: (transfer full): what the import will do, in a sentence or two
 */
char *
rapport_import_report_check_summary (JsonObject *answer,
                                     gboolean    all_or_nothing)
{
  guint valid = rapport_import_report_count (answer, "valid");
  guint rejected = rapport_import_report_count (answer, "rejected");
  guint duplicates = rapport_import_report_count (answer, "duplicates");
  g_autofree char *good = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row can be imported.",
                                                        "%u rows can be imported.", valid), valid);
  g_autofree char *bad = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row is rejected.",
                                                       "%u rows are rejected.", rejected), rejected);
  g_autofree char *close = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row may be a record already there.",
                                                         "%u rows may be records already there.", duplicates),
                                            duplicates);
  guint skipped = rapport_import_report_count (answer, "skipped");
  guint updated = rapport_import_report_count (answer, "updated");
  g_autofree char *matched = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row matches a record already there: "
                                                           "skipped or updated.", "%u rows match records already "
                                                           "there: skipped or updated.", skipped + updated),
                                              skipped + updated);

  if (rejected > 0 && all_or_nothing)
    return g_strjoin (" ", good, bad, skipped + updated ? matched : "", duplicates ? close : "",
                      _("With “All or nothing” nothing will be imported: go back and choose “Import the good rows”, "
                        "or fix the file."), NULL);
  return g_strjoin (" ", good, rejected ? bad : "", skipped + updated ? matched : "", duplicates ? close : "", NULL);
}

/**
 * rapport_import_report_result_summary:
 * @answer: an import's answer
 *
 * Returns: (transfer full): the records created, updated, skipped and the
 *   rows rejected, a line each
 */
char *
rapport_import_report_result_summary (JsonObject *answer)
{
  guint created = rapport_import_report_count (answer, "created");
  guint updated = rapport_import_report_count (answer, "updated");
  guint skipped = rapport_import_report_count (answer, "skipped");
  guint rejected = rapport_import_report_count (answer, "rejected");
  g_autofree char *created_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Created: %u record",
                                                                "Created: %u records", created), created);
  g_autofree char *updated_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated: %u record",
                                                                "Updated: %u records", updated), updated);
  g_autofree char *skipped_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Skipped: %u row",
                                                                "Skipped: %u rows", skipped), skipped);
  g_autofree char *rejected_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rejected: %u row",
                                                                 "Rejected: %u rows", rejected), rejected);

  return g_strjoin ("\n", created_line, updated_line, skipped_line, rejected_line, NULL);
}
