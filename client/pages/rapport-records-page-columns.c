/* rapport-records-page-columns.c: a records page's columns: cells, server-side sorting and the column chooser, remembered per user */
#include "rapport-records-page-private.h"
#include "crm-format.h"

/* GTK 4.8 has no public way to ask a column view for its sort column; each
 * column's sorter names itself when the view's sorter consults it first. */
static const char *primary_sort_key;

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  const CrmFieldSpec *spec = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  /* amounts line up on their decimal point */
  gtk_label_set_xalign (GTK_LABEL (label), spec->type == CRM_FIELD_MONEY ? 1 : 0);
  if (spec->type == CRM_FIELD_MONEY)
    gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* rows keep one height whichever script (and so font) a value is in */
  gtk_widget_set_size_request (label, -1, 24);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  guint index = GPOINTER_TO_UINT (user_data);
  CrmEntity *entity = gtk_list_item_get_item (item);
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);
  g_autofree char *text = NULL;

  /* a reference shows whom or what it points at by name, as the server named it */
  if (fields[index].type == CRM_FIELD_REFERENCE)
    text = g_strdup (crm_entity_get_reference_name (entity, index));
  else
    text = crm_format_value (&fields[index], crm_entity_value (entity, index));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

static int
sort_probe (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  primary_sort_key = user_data;
  return 1;
}

static void
on_sorter_changed (RapportRecordsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(CrmEntity) a = crm_entity_new (self->entity_type);
  g_autoptr(CrmEntity) b = crm_entity_new (self->entity_type);
  int order;

  primary_sort_key = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  rapport_list_model_set_sort (self->model, order != 0 ? primary_sort_key : NULL, order < 0);
}

/* every field a list can show: not hidden, not long text, not bookkeeping */
static gboolean
is_listable (const CrmFieldSpec *spec,
             guint               index)
{
  return spec->label != NULL && !(spec->flags & CRM_FIELD_HIDDEN) && spec->type != CRM_FIELD_LONG_TEXT &&
         index != CRM_ENTITY_FIELD_VERSION && index != CRM_ENTITY_FIELD_ARCHIVED;
}

/* the section's default columns: those its descriptors mark, and always the owner */
static gboolean
is_default_column (const CrmFieldSpec *spec)
{
  return (spec->flags & (CRM_FIELD_COLUMN | CRM_FIELD_OWNER)) != 0;
}

/* the columns are remembered per server, user and list */
static char *
columns_key (RapportRecordsPage *self)
{
  JsonObject *user = rapport_api_get_user (self->api);
  const char *login = user ? json_object_get_string_member_with_default (user, "login", "") : "";

  return g_strdup_printf ("%s %s %s", rapport_api_get_base_url (self->api), login, self->collection);
}

/* (transfer full) (nullable): the field names the user chose for this list */
static char **
chosen_columns (RapportRecordsPage *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "list-columns");
  g_autofree char *key = columns_key (self);
  g_autoptr(GVariant) chosen = g_variant_lookup_value (all, key, G_VARIANT_TYPE_STRING_ARRAY);

  return chosen ? g_variant_dup_strv (chosen, NULL) : NULL;
}

static void
save_columns (RapportRecordsPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "list-columns");
  g_autofree char *key = columns_key (self);
  g_autoptr(GStrvBuilder) visible = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *other;
  GVariant *value;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (column))
        g_strv_builder_add (visible, g_object_get_data (G_OBJECT (column), "field-name"));
    }
  names = g_strv_builder_end (visible);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@as}", &other, &value))
    {
      if (!g_str_equal (other, key))
        g_variant_builder_add (&builder, "{s@as}", other, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{s^as}", key, names);
  g_settings_set_value (self->settings, "list-columns", g_variant_builder_end (&builder));
}

static void
on_column_toggled (GtkCheckButton     *check,
                   RapportRecordsPage *self)
{
  GtkColumnViewColumn *column = g_object_get_data (G_OBJECT (check), "column");
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n_visible = 0;

  gtk_column_view_column_set_visible (column, gtk_check_button_get_active (check));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (columns, i);

      n_visible += gtk_column_view_column_get_visible (other);
    }
  /* a list keeps at least one column */
  if (n_visible == 0)
    {
      gtk_check_button_set_active (check, TRUE);
      return;
    }
  save_columns (self);
}

/* the list's columns, those the user chose (GSettings "list-columns") or
 * the section's defaults, each sortable by the server; and the column
 * chooser's check boxes */
void
rapport_records_page_build_columns (RapportRecordsPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  g_auto(GStrv) chosen = chosen_columns (self);
  int title = crm_entity_class_find_title (klass);

  /* what names a record comes first, then the fields in descriptor order */
  for (int n = title >= 0 ? -1 : 0; n < (int) klass->n_fields; n++)
    {
      guint i = n < 0 ? (guint) title : (guint) n;
      const CrmFieldSpec *spec = &klass->fields[i];
      g_autoptr(GtkListItemFactory) factory = NULL;
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkWidget *check;
      gboolean visible;

      if (!is_listable (spec, i) || (n >= 0 && (int) i == title))
        continue;
      visible = chosen ? g_strv_contains ((const char * const *) chosen, spec->name) : is_default_column (spec);
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), (gpointer) spec);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (crm_field_spec_get_label (spec), g_steal_pointer (&factory));
      g_object_set_data (G_OBJECT (column), "field-name", (gpointer) spec->name);
      gtk_column_view_column_set_visible (column, visible);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, g_str_equal (spec->name, "name") || g_str_equal (spec->name, "title"));
      if (spec->flags & CRM_FIELD_SORTABLE)
        {
          GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (sort_probe, (gpointer) crm_field_spec_get_json_key (spec), NULL));
          gtk_column_view_column_set_sorter (column, sorter);
          g_object_unref (sorter);
        }
      gtk_column_view_append_column (self->column_view, column);

      /* its line in the column chooser */
      check = gtk_check_button_new_with_label (crm_field_spec_get_label (spec));
      gtk_widget_set_name (check, spec->name);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), visible);
      g_object_set_data (G_OBJECT (check), "column", column);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_column_toggled), self, 0);
      gtk_box_append (GTK_BOX (self->columns_box), check);
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
}
