/* rapport-entity-form-changes.c: RapportEntityForm, what the user changed, as a record to send */
#include "rapport-entity-form-private.h"
#include "crm-json.h"

static char **
split_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i]; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (tag[0])
        g_ptr_array_add (tags, g_strdup (tag));
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

/* sets @value as @row's text says */
static void
value_from_text (FieldRow *row,
                 char     *text,
                 CrmValue *value)
{
  value->set = TRUE;
  switch (row->spec->type)
    {
    case CRM_FIELD_BOOL:
      value->i = g_str_equal (text, "true");
      break;
    case CRM_FIELD_TAGS:
      value->tags = split_tags (text);
      break;
    case CRM_FIELD_TEXT:
    case CRM_FIELD_LONG_TEXT:
      value->s = g_strdup (text);
      break;
    case CRM_FIELD_REFERENCE:
      value->i = g_ascii_strtoll (text, NULL, 10);
      value->is_null = value->i == 0;
      break;
    case CRM_FIELD_INT:
      value->is_null = g_strstrip (text)[0] == '\0';
      value->i = value->is_null ? 0 : g_ascii_strtoll (text, NULL, 10);
      break;
    case CRM_FIELD_TIMESTAMP:
      /* the row gives UTC text; what does not parse stays marked on its row, unsent */
      value->is_null = text[0] == '\0' || !crm_json_parse_timestamp (text, &value->i);
      break;
    case CRM_FIELD_MONEY:
      {
        CrmMoney money = crm_money_new (0, 0);

        value->is_null = text[0] == '\0';
        if (!value->is_null && crm_money_parse (text, row->spec->scale, &money, NULL) &&
            crm_money_rescale (money, row->spec->scale, CRM_ROUND_HALF_UP, &money, NULL))
          value->i = money.value;
      }
      break;
    default:
      /* an emptied date, e-mail address or choice has no value */
      value->is_null = text[0] == '\0';
      value->s = text[0] ? g_strdup (text) : NULL;
      break;
    }
}

/**
 * rapport_entity_form_fill_changes:
 * @self: the form
 * @patch: an empty record of the form's type
 *
 * Sets in @patch every field whose row differs from the loaded value.
 *
 * Returns: whether anything changed
 */
gboolean
rapport_entity_form_fill_changes (RapportEntityForm *self,
                                  CrmEntity         *patch)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *text = rapport_entity_form_row_text (row);

      if (g_strcmp0 (text, row->original) == 0)
        continue;
      /* an amount or a number that does not parse stays marked on its row, unsent */
      if (!rapport_entity_form_row_valid (row))
        continue;
      changed = TRUE;
      crm_entity_clear_value (patch, row->index);
      value_from_text (row, text, crm_entity_value (patch, row->index));
    }
  return changed;
}

/**
 * rapport_entity_form_fill_defaults:
 * @self: the form of a new record
 * @record: the record to create, as rapport_entity_form_fill_changes() left it
 *
 * Sets in @record the fields it lacks whose rows still show their
 * descriptor's default, as the user saw them: a required choice that starts
 * on its default is sent, not left for the server to find missing.
 */
void
rapport_entity_form_fill_defaults (RapportEntityForm *self,
                                   CrmEntity         *record)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *text = NULL;

      if (row->spec->default_value == NULL || crm_entity_value (record, row->index)->set)
        continue;
      text = rapport_entity_form_row_text (row);
      if (g_strcmp0 (text, row->spec->default_value) == 0)
        value_from_text (row, text, crm_entity_value (record, row->index));
    }
}

gboolean
rapport_entity_form_is_dirty (RapportEntityForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *text = rapport_entity_form_row_text (row);

      if (g_strcmp0 (text, row->original) != 0)
        return TRUE;
    }
  return FALSE;
}
