/* rapport-fields-row.c: RapportFieldsRow, a row choosing fields of a kind of record by their labels */
#include "rapport-fields-row.h"
#include "crm-entities.h"

#include <glib/gi18n.h>

struct _RapportFieldsRow
{
  AdwExpanderRow  parent_instance;

  /* a check button for each field a user fills in, by JSON key */
  GHashTable     *checks;
  /* the keys chosen, in the order they were given or ticked */
  GPtrArray      *chosen;
  CrmEntityClass *klass;
  /* set while the checks follow a value given, not the user */
  gboolean        setting;
};

G_DEFINE_FINAL_TYPE (RapportFieldsRow, rapport_fields_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
chosen_index (RapportFieldsRow *self,
              const char       *key,
              guint            *index)
{
  return g_ptr_array_find_with_equal_func (self->chosen, key, g_str_equal, index);
}

/* the subtitle names the fields chosen, by their labels */
static void
update_subtitle (RapportFieldsRow *self)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  for (guint i = 0; i < self->chosen->len; i++)
    {
      int field = crm_entity_class_find_json_key (self->klass, self->chosen->pdata[i]);

      if (labels->len > 0)
        /* TRANSLATORS: between the labels of fields in a list, e.g. "Amount, Expected close" */
        g_string_append (labels, _(", "));
      g_string_append (labels, field >= 0 ? crm_field_spec_get_label (&self->klass->fields[field])
                                          : (const char *) self->chosen->pdata[i]);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), labels->len ? labels->str : _("None"));
}

static void
on_toggled (GtkCheckButton   *check,
            RapportFieldsRow *self)
{
  const char *key = g_object_get_data (G_OBJECT (check), "key");
  guint index;

  if (self->setting)
    return;
  if (gtk_check_button_get_active (check) && !chosen_index (self, key, NULL))
    g_ptr_array_add (self->chosen, g_strdup (key));
  else if (!gtk_check_button_get_active (check) && chosen_index (self, key, &index))
    g_ptr_array_remove_index (self->chosen, index);
  update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * rapport_fields_row_dup_value:
 * @self: the row
 *
 * Returns: (transfer full): the chosen fields' JSON keys, joined by ", "
 */
char *
rapport_fields_row_dup_value (RapportFieldsRow *self)
{
  g_autoptr(GString) value = g_string_new (NULL);

  g_return_val_if_fail (RAPPORT_IS_FIELDS_ROW (self), NULL);

  for (guint i = 0; i < self->chosen->len; i++)
    g_string_append_printf (value, "%s%s", i ? ", " : "", (const char *) self->chosen->pdata[i]);
  return g_string_free (g_steal_pointer (&value), FALSE);
}

/**
 * rapport_fields_row_set_value:
 * @self: the row
 * @value: JSON keys separated by commas; a key the row does not offer is
 *   kept, named as it is
 */
void
rapport_fields_row_set_value (RapportFieldsRow *self,
                              const char       *value)
{
  g_auto(GStrv) keys = NULL;
  GHashTableIter iter;
  gpointer key, check;

  g_return_if_fail (RAPPORT_IS_FIELDS_ROW (self));

  keys = g_strsplit (value ? value : "", ",", -1);
  g_ptr_array_set_size (self->chosen, 0);
  for (guint i = 0; keys[i]; i++)
    {
      const char *one = g_strstrip (keys[i]);

      if (one[0] && !chosen_index (self, one, NULL))
        g_ptr_array_add (self->chosen, g_strdup (one));
    }
  self->setting = TRUE;
  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &key, &check))
    gtk_check_button_set_active (check, chosen_index (self, key, NULL));
  self->setting = FALSE;
  update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
rapport_fields_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportFieldsRow *self = RAPPORT_FIELDS_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_take_string (value, rapport_fields_row_dup_value (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_fields_row_finalize (GObject *object)
{
  RapportFieldsRow *self = RAPPORT_FIELDS_ROW (object);

  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->chosen, g_ptr_array_unref);
  if (self->klass)
    g_type_class_unref (self->klass);
  G_OBJECT_CLASS (rapport_fields_row_parent_class)->finalize (object);
}

static void
rapport_fields_row_class_init (RapportFieldsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rapport_fields_row_get_property;
  object_class->finalize = rapport_fields_row_finalize;

  /**
   * RapportFieldsRow:value:
   *
   * The chosen fields' JSON keys, joined by ", ".
   */
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_fields_row_init (RapportFieldsRow *self)
{
  self->checks = g_hash_table_new (g_str_hash, g_str_equal);
  self->chosen = g_ptr_array_new_with_free_func (g_free);
}

/**
 * rapport_fields_row_new:
 * @entity_name: the kind of record whose fields are offered, e.g. "opportunity"
 *
 * A check box for each field of that kind a user fills in (neither set by
 * the server nor hidden), named by its label in the interface's language.
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
rapport_fields_row_new (const char *entity_name)
{
  RapportFieldsRow *self;
  GType type;

  g_return_val_if_fail (entity_name != NULL, NULL);
  type = crm_entities_lookup_name (entity_name);
  g_return_val_if_fail (type != G_TYPE_INVALID, NULL);

  self = g_object_new (RAPPORT_TYPE_FIELDS_ROW, NULL);
  self->klass = g_type_class_ref (type);
  for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < self->klass->n_fields; i++)
    {
      const CrmFieldSpec *spec = &self->klass->fields[i];
      const char *key = crm_field_spec_get_json_key (spec);
      GtkWidget *check, *row;

      if (spec->flags & (CRM_FIELD_READONLY | CRM_FIELD_HIDDEN))
        continue;
      check = gtk_check_button_new ();
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_field_spec_get_label (spec));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (row, key);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      crm_field_spec_get_label (spec), -1);
      g_object_set_data (G_OBJECT (check), "key", (gpointer) key);
      g_signal_connect (check, "toggled", G_CALLBACK (on_toggled), self);
      g_hash_table_insert (self->checks, (gpointer) key, check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
    }
  update_subtitle (self);
  return GTK_WIDGET (self);
}
