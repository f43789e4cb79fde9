/* rapport-child-row.c: RapportChildRow, a record that points at the one shown (an account's contact, quote…), to open */
#include "rapport-child-row.h"
#include "rapport-entity-picker.h"

#include <glib/gi18n.h>

struct _RapportChildRow
{
  AdwActionRow  parent_instance;

  CrmEntity    *entity;
};

G_DEFINE_FINAL_TYPE (RapportChildRow, rapport_child_row, ADW_TYPE_ACTION_ROW)

static void
rapport_child_row_dispose (GObject *object)
{
  RapportChildRow *self = RAPPORT_CHILD_ROW (object);

  g_clear_object (&self->entity);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CHILD_ROW);
  G_OBJECT_CLASS (rapport_child_row_parent_class)->dispose (object);
}

static void
rapport_child_row_class_init (RapportChildRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_child_row_dispose;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/rapport/Rapport/rapport-child-row.ui");
}

static void
rapport_child_row_init (RapportChildRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_child_row_new:
 * @entity: the record
 *
 * Returns: (transfer floating): a row naming @entity (a contact by name, a
 *   quote by number and title), its other list columns under it
 */
RapportChildRow *
rapport_child_row_new (CrmEntity *entity)
{
  RapportChildRow *self = g_object_new (RAPPORT_TYPE_CHILD_ROW, NULL);
  g_autofree char *title = rapport_entity_describe (entity);
  g_autofree char *details = rapport_entity_describe_details (entity);

  self->entity = g_object_ref (entity);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), details);
  return self;
}

/**
 * rapport_child_row_get_entity:
 *
 * Returns: (transfer none): the record the row names
 */
CrmEntity *
rapport_child_row_get_entity (RapportChildRow *self)
{
  return self->entity;
}

/**
 * rapport_child_row_new_placeholder:
 *
 * Returns: (transfer floating): what a list of such rows shows while empty
 */
GtkWidget *
rapport_child_row_new_placeholder (void)
{
  /* TRANSLATORS: an empty list of records that point at the one shown */
  GtkWidget *label = gtk_label_new (_("None yet"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  return label;
}
