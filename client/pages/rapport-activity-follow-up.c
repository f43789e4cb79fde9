/* rapport-activity-follow-up.c: RapportActivityFollowUp, an activity's follow-up task on its page: opened if it has one, offered from its next step if not */
#include "rapport-activity-follow-up.h"
#include "rapport-window.h"
#include "crm-activity.h"
#include "crm-json.h"

#include <glib/gi18n.h>
#include <stdio.h>

struct _RapportActivityFollowUp
{
  AdwBin        parent_instance;

  RapportApi   *api;
  GCancellable *cancellable;
  CrmEntity    *entity;
  /* the task that follows the activity up, 0 for none (yet known) */
  gint64        task;
  GtkWidget    *button;
};

G_DEFINE_FINAL_TYPE (RapportActivityFollowUp, rapport_activity_follow_up, ADW_TYPE_BIN)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_task (RapportActivityFollowUp *self,
           gint64                   task)
{
  self->task = task;
  gtk_button_set_label (GTK_BUTTON (self->button), task > 0 ? _("Open Follow-up Task") : _("Follow-up Task…"));
  gtk_widget_set_tooltip_text (self->button, task > 0 ? _("The task that follows this activity up")
                                                      : _("A task for the next step, related to what the activity is"));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
task_found (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportActivityFollowUp *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items = NULL;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "items"))
    items = json_object_get_array_member (json_node_get_object (node), "items");
  if (items == NULL)
    return;
  show_task (self, json_array_get_length (items) > 0
                     ? json_object_get_int_member_with_default (json_array_get_object_element (items, 0), "id", 0) : 0);
}

/* the next step's date at nine, local time, as the API takes it */
static char *
due_from (const char *date)
{
  int y, m, d;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3 ||
      (local = g_date_time_new_local (y, m, d, 9, 0, 0)) == NULL)
    return NULL;
  utc = g_date_time_to_utc (local);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* a new task's form, filled from the activity: its next step, due that
 * day, following it up, on the records it relates to */
static void
offer_task (RapportActivityFollowUp *self,
            GtkWindow               *window)
{
  GVariantBuilder preset;
  const char *next_step = crm_entity_get_text (self->entity, "next_step");
  const char *subject = next_step != NULL && next_step[0] != '\0' ? next_step : crm_entity_get_text (self->entity, "subject");
  g_autofree char *due = due_from (crm_entity_get_text (self->entity, "next_step_on"));
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (self->entity);

  g_variant_builder_init (&preset, G_VARIANT_TYPE_VARDICT);
  if (subject != NULL)
    g_variant_builder_add (&preset, "{sv}", "subject", g_variant_new_string (subject));
  if (due != NULL)
    g_variant_builder_add (&preset, "{sv}", "due_at", g_variant_new_string (due));
  g_variant_builder_add (&preset, "{sv}", "activity_id", g_variant_new_int64 (crm_entity_get_id (self->entity)));
  for (guint i = 0; crm_activity_related_fields[i] != NULL; i++)
    {
      int field = crm_entity_class_find_field (klass, crm_activity_related_fields[i]);
      gint64 related = crm_entity_get_int (self->entity, crm_activity_related_fields[i]);
      g_autofree char *key = g_strdup_printf ("%s_id", crm_activity_related_fields[i]);

      if (field >= 0 && crm_entity_has_value (self->entity, field) && related > 0)
        g_variant_builder_add (&preset, "{sv}", key, g_variant_new_int64 (related));
    }
  rapport_window_open_record (RAPPORT_WINDOW (window), "tasks", 0, g_variant_builder_end (&preset));
}

static void
on_clicked (RapportActivityFollowUp *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->entity == NULL || !RAPPORT_IS_WINDOW (root))
    return;
  /* the page that asked is closed by this: nothing of it is touched after */
  if (self->task > 0)
    rapport_window_open_record (RAPPORT_WINDOW (root), "tasks", self->task, NULL);
  else
    offer_task (self, GTK_WINDOW (root));
}

static void
rapport_activity_follow_up_dispose (GObject *object)
{
  RapportActivityFollowUp *self = RAPPORT_ACTIVITY_FOLLOW_UP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_activity_follow_up_parent_class)->dispose (object);
}

static void
rapport_activity_follow_up_class_init (RapportActivityFollowUpClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_activity_follow_up_dispose;

  /* the record page's extras all have it; this one never changes the activity */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_activity_follow_up_init (RapportActivityFollowUp *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->cancellable = g_cancellable_new ();
  self->button = gtk_button_new_with_label (_("Follow-up Task…"));
  gtk_widget_set_name (self->button, "follow-up-task");
  g_signal_connect_object (self->button, "clicked", G_CALLBACK (on_clicked), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->button);
  adw_bin_set_child (ADW_BIN (self), box);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_activity_follow_up_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the row, shown once an activity is set
 */
GtkWidget *
rapport_activity_follow_up_new (RapportApi *api)
{
  RapportActivityFollowUp *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_ACTIVITY_FOLLOW_UP, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_activity_follow_up_set_entity:
 * @self: the row
 * @entity: the activity as loaded or saved
 *
 * Looks for the task that follows the activity up.
 */
void
rapport_activity_follow_up_set_entity (RapportActivityFollowUp *self,
                                       CrmEntity               *entity)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_ACTIVITY_FOLLOW_UP (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  g_set_object (&self->entity, entity);
  if (crm_entity_get_id (entity) <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  path = g_strdup_printf ("/tasks?activity_id=%" G_GINT64_FORMAT "&limit=1", crm_entity_get_id (entity));
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, task_found, self);
}

/* Returns: the follow-up task shown, 0 for none */
gint64
rapport_activity_follow_up_get_task (RapportActivityFollowUp *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACTIVITY_FOLLOW_UP (self), 0);
  return self->task;
}

GtkWidget *
rapport_activity_follow_up_get_button (RapportActivityFollowUp *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACTIVITY_FOLLOW_UP (self), NULL);
  return self->button;
}
