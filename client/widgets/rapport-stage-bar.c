/* rapport-stage-bar.c: RapportStageBar, an opportunity's pipeline as segments (the current stage highlighted, a click moves it) and the current stage's checklist */
#include "rapport-stage-bar.h"
#include "rapport-stage-move.h"
#include "rapport-window.h"
#include "crm-error.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportStageBar
{
  GtkWidget     parent_instance;

  GtkWidget    *content;
  GtkBox       *segments_box;
  GtkLabel     *status_label;
  GtkWidget    *checklist_group;
  GtkListBox   *checklist_list;

  RapportApi   *api;
  CrmEntity    *entity;
  /* the pipeline as GET /pipelines/:id gives it, with its stages */
  JsonObject   *pipeline;
  gint64        pipeline_id;
  GCancellable *cancellable;
  /* a move or a checklist save on its way */
  guint         busy;
  /* the page reads the record again after a change: until it comes, what
   * is shown has an old version, and no other change starts */
  gboolean      reloading;
  /* the buttons follow the record, not the clicks, while they are set */
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (RapportStageBar, rapport_stage_bar, GTK_TYPE_WIDGET)

enum
{
  RECORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static JsonArray *
stages (RapportStageBar *self)
{
  return self->pipeline && json_object_has_member (self->pipeline, "stages")
    ? json_object_get_array_member (self->pipeline, "stages") : NULL;
}

static JsonObject *
find_stage (RapportStageBar *self,
            gint64           stage_id)
{
  JsonArray *list = stages (self);

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    if (json_object_get_int_member_with_default (json_array_get_object_element (list, i), "id", 0) == stage_id)
      return json_array_get_object_element (list, i);
  return NULL;
}

static gint64
entity_int (CrmEntity  *entity,
            const char *name)
{
  int index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), name);

  return index >= 0 && crm_entity_has_value (entity, index) ? crm_entity_value (entity, index)->i : 0;
}

static void
tell (RapportStageBar *self,
      const char      *message)
{
  gtk_label_set_text (self->status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

static void on_segment_toggled (GtkToggleButton *button,
                                RapportStageBar *self);
static void on_check_toggled   (GtkCheckButton  *check,
                                RapportStageBar *self);

static void
build_checklist (RapportStageBar *self,
                 JsonObject      *stage)
{
  JsonArray *items = stage && json_object_has_member (stage, "checklist")
    ? json_object_get_array_member (stage, "checklist") : NULL;
  const char * const *done = crm_entity_get_tags (self->entity, "checklist_done");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checklist_list))) != NULL)
    gtk_list_box_remove (self->checklist_list, child);
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      const char *item = json_array_get_string_element (items, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), done && g_strv_contains (done, item));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, item, -1);
      g_object_set_data_full (G_OBJECT (check), "item", g_strdup (item), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self, 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->checklist_list, row);
    }
  gtk_widget_set_visible (self->checklist_group, items != NULL && json_array_get_length (items) > 0);
}

/* a segment a stage, the current one pressed in */
static void
update (RapportStageBar *self)
{
  JsonArray *list = stages (self);
  gint64 current = self->entity ? entity_int (self->entity, "stage") : 0;
  gint64 pending = self->entity ? entity_int (self->entity, "pending_stage") : 0;
  JsonObject *waiting = pending ? find_stage (self, pending) : NULL;
  GtkWidget *child;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->segments_box))) != NULL)
    gtk_box_remove (self->segments_box, child);
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *stage = json_array_get_object_element (list, i);
      gint64 id = json_object_get_int_member_with_default (stage, "id", 0);
      GtkWidget *button = gtk_toggle_button_new_with_label (json_object_get_string_member_with_default (stage, "name", ""));
      g_autofree char *tooltip = g_strdup_printf (_("Move to %s"), json_object_get_string_member_with_default (stage, "name", ""));

      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), PANGO_ELLIPSIZE_END);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      json_object_get_string_member_with_default (stage, "name", ""), -1);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), id == current);
      if (id == current)
        gtk_widget_add_css_class (button, "suggested-action");
      else
        gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data (G_OBJECT (button), "stage", stage);
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_segment_toggled), self, 0);
      gtk_box_append (self->segments_box, button);
    }
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), list != NULL);
  build_checklist (self, current ? find_stage (self, current) : NULL);
  if (waiting)
    {
      g_autofree char *text = g_strdup_printf (_("Waiting for approval to enter %s"),
                                               json_object_get_string_member_with_default (waiting, "name", ""));

      tell (self, text);
    }
  else
    tell (self, NULL);
}

static void
update_sensitive (RapportStageBar *self)
{
  gboolean idle = self->busy == 0 && !self->reloading;

  gtk_widget_set_sensitive (GTK_WIDGET (self->segments_box), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->checklist_list), idle);
}

static void
done_busy (RapportStageBar *self,
           gboolean         changed)
{
  self->busy--;
  self->reloading = self->reloading || changed;
  update_sensitive (self);
  if (changed)
    g_signal_emit (self, signals[RECORD_CHANGED], 0);
}

static void
moved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportStageBar *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean waiting = FALSE;
  JsonObject *opportunity = rapport_stage_move_finish (result, &waiting, &error);

  /* the page reads the record again, names and all: the answer is not kept */
  g_clear_pointer (&opportunity, json_object_unref);
  /* cancelled: the bar may be gone, so nothing of it is touched */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  /* the reason not given: the stage stays as it was */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update (self);
      done_busy (self, FALSE);
      return;
    }
  if (error)
    {
      g_autofree char *message = NULL;

      message = rapport_stage_move_describe_refusal (self->entity,
                                                     g_object_get_data (G_OBJECT (self), "target-stage"), error);
      update (self);
      tell (self, message);
      rapport_window_toast_for (GTK_WIDGET (self), message);
      /* someone else's change: the page reads the record again */
      done_busy (self, g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT));
      return;
    }
  done_busy (self, TRUE);
}

static void
on_segment_toggled (GtkToggleButton *button,
                    RapportStageBar *self)
{
  JsonObject *stage = g_object_get_data (G_OBJECT (button), "stage");

  if (self->updating || self->entity == NULL || stage == NULL)
    return;
  /* the current stage stays pressed in; another moves there */
  if (json_object_get_int_member_with_default (stage, "id", 0) == entity_int (self->entity, "stage"))
    {
      self->updating = TRUE;
      gtk_toggle_button_set_active (button, TRUE);
      self->updating = FALSE;
      return;
    }
  self->busy++;
  update_sensitive (self);
  g_object_set_data_full (G_OBJECT (self), "target-stage", json_object_ref (stage), (GDestroyNotify) json_object_unref);
  rapport_stage_move_async (self->api, GTK_WIDGET (self), self->entity, stage, self->cancellable, moved, self);
}

static void
checklist_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportStageBar *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the page reads the record again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the bar may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error)
    {
      tell (self, error->message);
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
    }
  /* saved or refused, the page reads the record again: its version moved */
  done_busy (self, TRUE);
}

/* the ticked items of the stage's checklist, as checklist_done */
static void
on_check_toggled (GtkCheckButton  *check,
                  RapportStageBar *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (self->entity == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_entity_get_version (self->entity));
  json_builder_set_member_name (builder, "checklist_done");
  json_builder_begin_array (builder);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->checklist_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = ADW_IS_ACTION_ROW (row) ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;

      if (box && gtk_check_button_get_active (GTK_CHECK_BUTTON (box)))
        json_builder_add_string_value (builder, g_object_get_data (G_OBJECT (box), "item"));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/opportunities/%" G_GINT64_FORMAT, crm_entity_get_id (self->entity));
  self->busy++;
  update_sensitive (self);
  rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, checklist_saved, self);
}

static void
pipeline_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportStageBar *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* cancelled: the bar may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      tell (self, error ? error->message : NULL);
      return;
    }
  g_clear_pointer (&self->pipeline, json_object_unref);
  self->pipeline = json_object_ref (json_node_get_object (node));
  update (self);
}

static void
rapport_stage_bar_dispose (GObject *object)
{
  RapportStageBar *self = RAPPORT_STAGE_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_STAGE_BAR);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->pipeline, json_object_unref);
  G_OBJECT_CLASS (rapport_stage_bar_parent_class)->dispose (object);
}

static void
rapport_stage_bar_class_init (RapportStageBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_stage_bar_dispose;

  /**
   * RapportStageBar::record-changed:
   *
   * The opportunity was moved or its checklist saved (or someone else
   * changed it first): the page shows it read again.
   */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-stage-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportStageBar, content);
  gtk_widget_class_bind_template_child (widget_class, RapportStageBar, segments_box);
  gtk_widget_class_bind_template_child (widget_class, RapportStageBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportStageBar, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, RapportStageBar, checklist_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_stage_bar_init (RapportStageBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_stage_bar_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the bar, hidden until it has an opportunity
 */
GtkWidget *
rapport_stage_bar_new (RapportApi *api)
{
  RapportStageBar *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_STAGE_BAR, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}

/**
 * rapport_stage_bar_set_entity:
 * @self: the bar
 * @entity: the opportunity as loaded or saved
 *
 * Shows its pipeline's stages, the current one pressed in, and that
 * stage's checklist; the pipeline is read once.
 */
void
rapport_stage_bar_set_entity (RapportStageBar *self,
                              CrmEntity       *entity)
{
  gint64 pipeline_id;

  g_return_if_fail (RAPPORT_IS_STAGE_BAR (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  g_set_object (&self->entity, entity);
  self->reloading = FALSE;
  update_sensitive (self);
  pipeline_id = entity_int (entity, "pipeline");
  if (pipeline_id != self->pipeline_id)
    {
      g_autofree char *path = g_strdup_printf ("/pipelines/%" G_GINT64_FORMAT, pipeline_id);

      self->pipeline_id = pipeline_id;
      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, pipeline_loaded, self);
      return;
    }
  update (self);
}

/* Returns: (transfer none) (nullable): the opportunity shown */
CrmEntity *
rapport_stage_bar_get_entity (RapportStageBar *self)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_BAR (self), NULL);

  return self->entity;
}

/* whether a move or a checklist save is on its way */
gboolean
rapport_stage_bar_get_busy (RapportStageBar *self)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_BAR (self), FALSE);

  return self->busy > 0 || self->reloading;
}

/* Returns: (transfer none) (nullable): the segment of a stage */
GtkWidget *
rapport_stage_bar_get_segment (RapportStageBar *self,
                               gint64           stage_id)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_BAR (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->segments_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      JsonObject *stage = g_object_get_data (G_OBJECT (child), "stage");

      if (stage && json_object_get_int_member_with_default (stage, "id", 0) == stage_id)
        return child;
    }
  return NULL;
}

/* Returns: (transfer none) (nullable): the tick box of a checklist item */
GtkWidget *
rapport_stage_bar_get_check (RapportStageBar *self,
                             const char      *item)
{
  g_return_val_if_fail (RAPPORT_IS_STAGE_BAR (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->checklist_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = ADW_IS_ACTION_ROW (row) ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;

      if (check && g_strcmp0 (g_object_get_data (G_OBJECT (check), "item"), item) == 0)
        return check;
    }
  return NULL;
}
