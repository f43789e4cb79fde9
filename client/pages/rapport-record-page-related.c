/* rapport-record-page-related.c: what a record page shows below the form: the records that point at it, and its history */
#include "rapport-record-page-private.h"
#include "rapport-list-model.h"
#include "rapport-activity-quick-log.h"
#include "rapport-window.h"
#include "widgets/rapport-audit-row.h"
#include "widgets/rapport-child-row.h"
#include "crm-activity.h"
#include "crm-entities.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* the record's history, newest first */
static void
history_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;
  GtkWidget *child;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  while ((child = gtk_widget_get_first_child (self->history_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->history_list), child);
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = json_array_get_length (items); i > 0; i--)
    gtk_list_box_append (GTK_LIST_BOX (self->history_list),
                         rapport_audit_row_new (json_array_get_object_element (items, i - 1), FALSE));
  gtk_widget_set_visible (self->history_group, json_array_get_length (items) > 0);
}

void
rapport_record_page_load_history (RapportRecordPage *self)
{
  g_autofree char *path = NULL;

  if (self->id == 0)
    return;
  path = rapport_record_page_path (self, "/history?limit=50");
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, history_loaded, self);
}

typedef struct
{
  RapportRecordPage *self;
  GType              child_type;
} Children;

static GtkWidget *
child_row (gpointer item,
           gpointer user_data)
{
  return GTK_WIDGET (rapport_child_row_new (item));
}

static void
on_child_activated (GtkListBox    *list,
                    GtkListBoxRow *row,
                    gpointer       user_data)
{
  CrmEntity *child = rapport_child_row_get_entity (RAPPORT_CHILD_ROW (row));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list));

  if (child && RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), crm_entity_get_collection (child),
                                crm_entity_get_id (child), NULL);
}

static void
on_add_child (GtkButton *button,
              gpointer   user_data)
{
  RapportRecordPage *self = user_data;
  GType child_type = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "child-type"));
  const char *link = g_object_get_data (G_OBJECT (button), "link");
  CrmEntityClass *child_class = g_type_class_peek (child_type);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_auto(GVariantDict) preset;

  g_variant_dict_init (&preset, NULL);
  g_variant_dict_insert (&preset, link, "x", self->id);
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), child_class->collection, 0, g_variant_dict_end (&preset));
}

/* a group for each kind of record that points at this one, e.g. an account's contacts */
void
rapport_record_page_build_children (RapportRecordPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  guint n_types;
  const GType *types = crm_entities_list (&n_types);

  if (self->id == 0)
    return;
  for (guint t = 0; t < n_types; t++)
    {
      CrmEntityClass *child_class = g_type_class_peek (types[t]);

      for (guint i = CRM_ENTITY_N_SYSTEM_FIELDS; i < child_class->n_fields; i++)
        {
          const CrmFieldSpec *spec = &child_class->fields[i];
          g_autofree char *path = NULL;
          g_autoptr(RapportListModel) model = NULL;
          g_autofree char *add_label = NULL;
          GtkWidget *group, *list, *add;

          if (spec->type != CRM_FIELD_REFERENCE || (spec->flags & CRM_FIELD_OWNER) ||
              g_strcmp0 (spec->reference, klass->entity_name) != 0)
            continue;

          path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/%s", klass->collection, self->id, child_class->collection);
          model = rapport_list_model_new (self->api, types[t], path);
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                           g_dgettext (GETTEXT_PACKAGE, child_class->plural_label));
          add = gtk_button_new_from_icon_name ("list-add-symbolic");
          gtk_widget_add_css_class (add, "flat");
          gtk_widget_set_tooltip_text (add, _("Add"));
          /* Translators: the accessible name of the button that adds a record of a kind, e.g. "Add Quote" */
          add_label = g_strdup_printf (_("Add %s"), g_dgettext (GETTEXT_PACKAGE, child_class->label));
          gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
          g_object_set_data (G_OBJECT (add), "child-type", GSIZE_TO_POINTER (types[t]));
          g_object_set_data (G_OBJECT (add), "link", (gpointer) crm_field_spec_get_json_key (spec));
          g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_child), self, 0);
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);

          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (model), child_row, NULL, NULL);
          gtk_list_box_set_placeholder (GTK_LIST_BOX (list), rapport_child_row_new_placeholder ());
          g_signal_connect (list, "row-activated", G_CALLBACK (on_child_activated), NULL);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
          gtk_box_append (GTK_BOX (self->form_box), group);
          /* a customer's activities: logged from its page too (Ctrl+L) */
          if (types[t] == CRM_TYPE_ACTIVITY && types[t] != self->entity_type)
            rapport_activity_quick_log_attach (GTK_WIDGET (self), self->api, ADW_PREFERENCES_GROUP (group),
                                               crm_field_spec_get_json_key (spec), self->id, model);
          /* the server lists a kind's children by its first reference to this one: one group a kind */
          break;
        }
    }
}

/* the record's history below its form, filled when loaded */
void
rapport_record_page_build_history (RapportRecordPage *self)
{
  self->history_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->history_group), _("History"));
  gtk_widget_set_visible (self->history_group, FALSE);
  self->history_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->history_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->history_list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->history_group), self->history_list);
  gtk_box_append (GTK_BOX (self->form_box), self->history_group);
}
