/* rapport-entity-form.c: RapportEntityForm, the editable rows of a record, generated from its descriptors */
#include "rapport-entity-form.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct
{
  const CrmFieldSpec *spec;
  guint               index;
  GtkWidget          *row;
  /* the value as last loaded, in the row's text form */
  char               *original;
} FieldRow;

struct _RapportEntityForm
{
  GtkWidget  parent_instance;

  GtkWidget *group;
  GArray    *rows;
};

G_DEFINE_FINAL_TYPE (RapportEntityForm, rapport_entity_form, GTK_TYPE_WIDGET)

static void
field_row_clear (FieldRow *row)
{
  g_clear_pointer (&row->original, g_free);
}

/* a value as the row shows it: text, an enum value, "true"/"false", tags joined */
static char *
value_text (const CrmFieldSpec *spec,
            const CrmValue     *value)
{
  if (!value->set || value->is_null)
    return g_strdup (spec->type == CRM_FIELD_BOOL ? "false" : "");
  switch (spec->type)
    {
    case CRM_FIELD_BOOL:
      return g_strdup (value->i ? "true" : "false");
    case CRM_FIELD_TAGS:
      return value->tags ? g_strjoinv (", ", value->tags) : g_strdup ("");
    case CRM_FIELD_INT:
    case CRM_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    default:
      return g_strdup (value->s ? value->s : "");
    }
}

static char *
row_text (FieldRow *row)
{
  switch (row->spec->type)
    {
    case CRM_FIELD_BOOL:
      return g_strdup (gtk_switch_get_active (g_object_get_data (G_OBJECT (row->row), "switch")) ? "true" : "false");
    case CRM_FIELD_ENUM:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->row));

        return g_strdup (selected == 0 || selected == GTK_INVALID_LIST_POSITION ? "" : row->spec->enum_values[selected - 1]);
      }
    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->row)));
    }
}

static void
set_row_text (FieldRow   *row,
              const char *text)
{
  switch (row->spec->type)
    {
    case CRM_FIELD_BOOL:
      gtk_switch_set_active (g_object_get_data (G_OBJECT (row->row), "switch"), g_str_equal (text, "true"));
      break;
    case CRM_FIELD_ENUM:
      {
        guint selected = 0;

        for (guint i = 0; row->spec->enum_values[i]; i++)
          if (g_str_equal (row->spec->enum_values[i], text))
            selected = i + 1;
        adw_combo_row_set_selected (ADW_COMBO_ROW (row->row), selected);
      }
      break;
    default:
      gtk_editable_set_text (GTK_EDITABLE (row->row), text);
      break;
    }
}

static GtkWidget *
create_row (const CrmFieldSpec *spec)
{
  const char *label = crm_field_spec_get_label (spec);
  GtkWidget *row;

  switch (spec->type)
    {
    case CRM_FIELD_BOOL:
      {
        GtkWidget *toggle = gtk_switch_new ();

        row = adw_action_row_new ();
        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
        g_object_set_data (G_OBJECT (row), "switch", toggle);
        gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      }
      break;
    case CRM_FIELD_ENUM:
      {
        g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

        /* TRANSLATORS: no value chosen in a list */
        gtk_string_list_append (strings, _("None"));
        for (guint i = 0; spec->enum_values[i]; i++)
          gtk_string_list_append (strings, crm_field_spec_enum_label (spec, spec->enum_values[i]));
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (strings));
      }
      break;
    default:
      row = adw_entry_row_new ();
      if (spec->type == CRM_FIELD_EMAIL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
      else if (spec->type == CRM_FIELD_PHONE)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
      else if (spec->type == CRM_FIELD_URL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);
      if (spec->type == CRM_FIELD_DATE)
        gtk_widget_set_tooltip_text (row, _("A date such as 1980-02-29"));
      else if (spec->type == CRM_FIELD_TAGS)
        gtk_widget_set_tooltip_text (row, _("Tags separated by commas"));
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  if (spec->flags & CRM_FIELD_REQUIRED)
    {
      /* TRANSLATORS: the title of a field that must be filled in */
      g_autofree char *title = g_strdup_printf (_("%s (required)"), label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  return row;
}

static void
rapport_entity_form_dispose (GObject *object)
{
  RapportEntityForm *self = RAPPORT_ENTITY_FORM (object);

  g_clear_pointer (&self->group, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (rapport_entity_form_parent_class)->dispose (object);
}

static void
rapport_entity_form_class_init (RapportEntityFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_entity_form_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_entity_form_init (RapportEntityForm *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (FieldRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) field_row_clear);
  self->group = adw_preferences_group_new ();
  gtk_widget_set_parent (self->group, GTK_WIDGET (self));
}

/**
 * rapport_entity_form_new:
 * @entity_type: a #CrmEntity subtype
 *
 * One row for each field a user may edit, in descriptor order. References
 * and the owner are not edited here.
 *
 * Returns: (transfer floating): the form
 */
RapportEntityForm *
rapport_entity_form_new (GType entity_type)
{
  RapportEntityForm *self = g_object_new (RAPPORT_TYPE_ENTITY_FORM, NULL);
  CrmEntityClass *klass = g_type_class_ref (entity_type);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &klass->fields[i];
      FieldRow row = { spec, i, NULL, g_strdup ("") };

      if (spec->flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN | CRM_FIELD_OWNER) ||
          spec->type == CRM_FIELD_REFERENCE || spec->type == CRM_FIELD_MONEY ||
          spec->type == CRM_FIELD_TIMESTAMP || spec->type == CRM_FIELD_INT)
        {
          g_free (row.original);
          continue;
        }
      row.row = create_row (spec);
      gtk_widget_set_name (row.row, crm_field_spec_get_json_key (spec));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row.row);
      g_array_append_val (self->rows, row);
    }
  g_type_class_unref (klass);
  return self;
}

static void
load (RapportEntityForm *self,
      CrmEntity         *entity,
      gboolean           keep_edits)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *text = value_text (row->spec, crm_entity_value (entity, row->index));
      g_autofree char *shown = row_text (row);

      /* a row the user left alone takes the new value; an edited one keeps the edit */
      if (!keep_edits || g_strcmp0 (shown, row->original) == 0)
        set_row_text (row, text);
      g_free (row->original);
      row->original = g_steal_pointer (&text);
    }
}

void
rapport_entity_form_set_entity (RapportEntityForm *self,
                                CrmEntity         *entity)
{
  rapport_entity_form_clear_errors (self);
  load (self, entity, FALSE);
}

/**
 * rapport_entity_form_rebase:
 * @self: the form
 * @entity: a newer version of the record
 *
 * Takes @entity as the version edits apply to: fields the user edited keep
 * the edit, the others show the new version. After someone else saved first,
 * neither the user's edits nor the other person's changes are lost.
 */
void
rapport_entity_form_rebase (RapportEntityForm *self,
                            CrmEntity         *entity)
{
  load (self, entity, TRUE);
}

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
      g_autofree char *text = row_text (row);
      CrmValue *value;

      if (g_strcmp0 (text, row->original) == 0)
        continue;
      changed = TRUE;
      value = crm_entity_value (patch, row->index);
      crm_entity_clear_value (patch, row->index);
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
        default:
          /* an emptied date, e-mail address or choice has no value */
          value->is_null = text[0] == '\0';
          value->s = text[0] ? g_strdup (text) : NULL;
          break;
        }
    }
  return changed;
}

gboolean
rapport_entity_form_is_dirty (RapportEntityForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *text = row_text (row);

      if (g_strcmp0 (text, row->original) != 0)
        return TRUE;
    }
  return FALSE;
}

GtkWidget *
rapport_entity_form_get_row (RapportEntityForm *self,
                             const char        *json_key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);

      if (g_strcmp0 (crm_field_spec_get_json_key (row->spec), json_key) == 0)
        return row->row;
    }
  return NULL;
}

/* marks the row of the field an error names, and moves there */
void
rapport_entity_form_show_error (RapportEntityForm *self,
                                const char        *json_key)
{
  GtkWidget *row = json_key ? rapport_entity_form_get_row (self, json_key) : NULL;

  if (row == NULL)
    return;
  gtk_widget_add_css_class (row, "error");
  gtk_widget_grab_focus (row);
}

void
rapport_entity_form_clear_errors (RapportEntityForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_remove_css_class (g_array_index (self->rows, FieldRow, i).row, "error");
}
