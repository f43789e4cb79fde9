/* rapport-opportunity-board.c: RapportOpportunityBoard, a pipeline's opportunities as a kanban board, a column per stage */
#include "rapport-opportunity-board.h"
#include "rapport-window.h"
#include "widgets/rapport-opportunity-card.h"
#include "widgets/rapport-stage-move.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-money.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportOpportunityBoard
{
  GtkWidget      parent_instance;

  GtkWidget     *content;
  GtkDropDown   *pipeline_dropdown;
  GtkStack      *state_stack;
  GtkBox        *columns_box;
  AdwStatusPage *error_page;

  RapportApi    *api;
  GCancellable  *cancellable;
  /* GET /pipelines' items, in the drop-down's order */
  JsonArray     *pipelines;
  /* the pipeline shown, kept when they are read again */
  gint64         pipeline_id;
  guint          moves_pending;
  /* the columns' counts and sums, read from the funnel: the request on its
   * way, and the short wait that gathers the changes told together */
  GCancellable  *totals_cancellable;
  guint          totals_source;
};

/* changes told together (a move and its event, a burst of others' moves)
 * cost one reading of the totals */
#define TOTALS_DELAY_MS 150

G_DEFINE_FINAL_TYPE (RapportOpportunityBoard, rapport_opportunity_board, GTK_TYPE_WIDGET)

/* A move on its way to the server: the card stays where it is until the
 * server accepts it. */
typedef struct
{
  RapportOpportunityBoard *self;
  gint64                   id;
  gint64                   from_stage;
  gint64                   to_stage;
  /* the card as it was, for the refusal's words and the names it shows */
  CrmEntity               *before;
} Move;

static void
move_free (Move *move)
{
  g_clear_object (&move->before);
  g_free (move);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Move, move_free)

static void
toast (RapportOpportunityBoard *self,
       const char              *message)
{
  rapport_window_toast_for (GTK_WIDGET (self), message);
}

guint
rapport_opportunity_board_get_n_columns (RapportOpportunityBoard *self)
{
  guint n = 0;

  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_BOARD (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Returns: (transfer none) (nullable): the column at @index, from the left */
RapportOpportunityColumn *
rapport_opportunity_board_get_column (RapportOpportunityBoard *self,
                                      guint                    index)
{
  GtkWidget *child;

  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_BOARD (self), NULL);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child && index > 0;
       child = gtk_widget_get_next_sibling (child))
    index--;
  return child ? RAPPORT_OPPORTUNITY_COLUMN (child) : NULL;
}

static RapportOpportunityColumn *
column_of_stage (RapportOpportunityBoard *self,
                 gint64                   stage_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child;
       child = gtk_widget_get_next_sibling (child))
    if (rapport_opportunity_column_get_stage_id (RAPPORT_OPPORTUNITY_COLUMN (child)) == stage_id)
      return RAPPORT_OPPORTUNITY_COLUMN (child);
  return NULL;
}

/* the column whose loaded cards hold @id, and that card's opportunity */
static RapportOpportunityColumn *
column_holding (RapportOpportunityBoard  *self,
                gint64                    id,
                CrmEntity               **entity)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child;
       child = gtk_widget_get_next_sibling (child))
    if ((*entity = rapport_opportunity_column_find (RAPPORT_OPPORTUNITY_COLUMN (child), id)) != NULL)
      return RAPPORT_OPPORTUNITY_COLUMN (child);
  return NULL;
}

/**
 * rapport_opportunity_board_get_ready:
 * @self: the board
 *
 * Returns: whether every column shows its first cards and its exact count
 *   and sum, with no reading of the totals pending
 */
gboolean
rapport_opportunity_board_get_ready (RapportOpportunityBoard *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_BOARD (self), FALSE);

  if (rapport_opportunity_board_get_n_columns (self) == 0 || self->totals_source != 0 ||
      self->totals_cancellable != NULL)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child;
       child = gtk_widget_get_next_sibling (child))
    if (!rapport_opportunity_column_get_ready (RAPPORT_OPPORTUNITY_COLUMN (child)))
      return FALSE;
  return TRUE;
}

guint
rapport_opportunity_board_get_moves_pending (RapportOpportunityBoard *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_BOARD (self), 0);

  return self->moves_pending;
}

static void
open_record (RapportOpportunityBoard *self,
             gint64                   id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), "opportunities", id, NULL);
}

static void
on_open_clicked (RapportOpportunityBoard *self,
                 AdwToast                *note)
{
  gint64 *id = g_object_get_data (G_OBJECT (note), "opportunity");

  if (id)
    open_record (self, *id);
}

static void
refused (Move         *move,
         const GError *error)
{
  RapportOpportunityBoard *self = move->self;
  RapportOpportunityColumn *from = column_of_stage (self, move->from_stage);
  RapportOpportunityColumn *to = column_of_stage (self, move->to_stage);
  g_autofree char *message = NULL;
  AdwToast *note;
  GtkRoot *root;

  if (to == NULL)
    return;
  message = rapport_stage_move_describe_refusal (move->before, rapport_opportunity_column_get_stage (to), error);
  /* the card is read again as it is now */
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT) && from)
    rapport_opportunity_column_reload (from);
  note = adw_toast_new (message);
  /* the card went back, and this says why: long enough to read, not so
   * long that the next toasts wait behind it */
  adw_toast_set_timeout (note, 10);
  if (!g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT))
    {
      /* the form, to fill in what is missing */
      adw_toast_set_button_label (note, _("_Open"));
      g_object_set_data_full (G_OBJECT (note), "opportunity", g_memdup2 (&move->id, sizeof move->id), g_free);
      g_signal_connect_object (note, "button-clicked", G_CALLBACK (on_open_clicked), self, G_CONNECT_SWAPPED);
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), note);
  else
    g_object_unref (g_object_ref_sink (note));
}

/* the stage's answer names no account or owner: the card keeps the names it showed */
static void
keep_names (CrmEntity *entity,
            CrmEntity *before)
{
  guint n_fields;
  const CrmFieldSpec *fields = crm_entity_get_fields (entity, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    if (fields[i].type == CRM_FIELD_REFERENCE && crm_entity_get_reference_name (entity, i) == NULL &&
        crm_entity_get_reference_name (before, i) != NULL && crm_entity_has_value (entity, i) &&
        crm_entity_value (entity, i)->i == crm_entity_value (before, i)->i)
      crm_entity_set_reference_name (entity, i, crm_entity_get_reference_name (before, i));
}

static void
totals_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportOpportunityBoard *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *stages = NULL;

  /* cancelled: the board may be gone, or a newer reading is on its way */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->totals_cancellable);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "stages"))
    stages = json_object_get_array_member (json_node_get_object (node), "stages");
  if (stages == NULL)
    {
      /* the columns add their cards up themselves, every page fetched */
      g_debug ("the board's totals could not be read: %s", error ? error->message : "no stages");
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child;
           child = gtk_widget_get_next_sibling (child))
        rapport_opportunity_column_fetch_all (RAPPORT_OPPORTUNITY_COLUMN (child));
      return;
    }
  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);
      RapportOpportunityColumn *column = column_of_stage (self, json_object_get_int_member_with_default (stage, "stage_id", 0));
      CrmMoney amount;

      if (column == NULL ||
          !crm_money_parse (json_object_get_string_member_with_default (stage, "amount", "0"), 2, &amount, NULL))
        continue;
      rapport_opportunity_column_set_totals (column, json_object_get_int_member_with_default (stage, "count", 0), amount);
    }
}

/* the funnel of the pipeline shown gives each stage's count and sum, under
 * the very visibility of the columns' lists; a reading on its way is
 * dropped for the newer one */
static void
read_totals (RapportOpportunityBoard *self)
{
  g_autofree char *path = g_strdup_printf ("/pipeline/funnel?pipeline_id=%" G_GINT64_FORMAT, self->pipeline_id);

  g_clear_handle_id (&self->totals_source, g_source_remove);
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  self->totals_cancellable = g_cancellable_new ();
  rapport_api_request_async (self->api, "GET", path, NULL, self->totals_cancellable, totals_loaded, self);
}

static gboolean
totals_due (gpointer user_data)
{
  RapportOpportunityBoard *self = user_data;

  self->totals_source = 0;
  read_totals (self);
  return G_SOURCE_REMOVE;
}

/* the totals are read again shortly, once for the changes told together */
static void
queue_totals (RapportOpportunityBoard *self)
{
  if (self->totals_source == 0)
    self->totals_source = g_timeout_add (TOTALS_DELAY_MS, totals_due, self);
}

static void
moved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(Move) move = user_data;
  RapportOpportunityBoard *self = move->self;
  g_autoptr(GError) error = NULL;
  gboolean waiting = FALSE;
  g_autoptr(JsonObject) opportunity = rapport_stage_move_finish (result, &waiting, &error);
  g_autoptr(CrmEntity) entity = NULL;
  RapportOpportunityColumn *from, *to;
  GtkWidget *focus;
  gboolean focused;

  /* cancelled (the board went, or the reason was not given): nothing of
   * the board is touched, and the card stays where it was */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
        self->moves_pending--;
      return;
    }
  self->moves_pending--;
  from = column_of_stage (self, move->from_stage);
  to = column_of_stage (self, move->to_stage);
  if (error != NULL)
    {
      refused (move, error);
      return;
    }
  if (waiting)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” waits for approval to enter %s"),
                                                  crm_entity_get_text (move->before, "name"),
                                                  to ? rapport_opportunity_column_get_name (to) : "");

      toast (self, message);
      return;
    }
  entity = crm_entity_new (crm_entities_lookup_collection ("opportunities"));
  if (opportunity == NULL || !crm_json_read_entity (entity, opportunity, NULL))
    {
      /* moved, but the answer does not say how it is now: read again */
      if (from)
        rapport_opportunity_column_reload (from);
      if (to)
        rapport_opportunity_column_reload (to);
      return;
    }
  keep_names (entity, move->before);
  queue_totals (self);
  focus = gtk_widget_get_root (GTK_WIDGET (self)) ? gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))) : NULL;
  focused = from != NULL && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (from));
  if (from)
    rapport_opportunity_column_remove (from, move->id);
  if (to)
    {
      rapport_opportunity_column_insert (to, entity);
      /* moved from the keyboard: the focus goes with the card */
      if (focused)
        rapport_opportunity_column_focus_card (to, move->id);
    }
}

/**
 * rapport_opportunity_board_move:
 * @self: the board
 * @id: an opportunity on the board
 * @stage_id: the stage it is to enter
 *
 * Moves a card as a drop or Ctrl+→ does: won and lost ask for the reason
 * first; the card changes column only once the server accepts, and a
 * refusal is told in a toast.
 */
void
rapport_opportunity_board_move (RapportOpportunityBoard *self,
                                gint64                   id,
                                gint64                   stage_id)
{
  CrmEntity *entity = NULL;
  RapportOpportunityColumn *from, *to;
  Move *move;

  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_BOARD (self));

  from = column_holding (self, id, &entity);
  to = column_of_stage (self, stage_id);
  if (from == NULL || to == NULL || from == to)
    return;
  move = g_new0 (Move, 1);
  move->self = self;
  move->id = id;
  move->from_stage = rapport_opportunity_column_get_stage_id (from);
  move->to_stage = stage_id;
  move->before = g_object_ref (entity);
  self->moves_pending++;
  rapport_stage_move_async (self->api, GTK_WIDGET (self), entity, rapport_opportunity_column_get_stage (to),
                            self->cancellable, moved, move);
}

static void
on_card_dropped (RapportOpportunityBoard  *self,
                 gint64                    id,
                 RapportOpportunityColumn *column)
{
  rapport_opportunity_board_move (self, id, rapport_opportunity_column_get_stage_id (column));
}

/* Ctrl+→ / Ctrl+←: the next or previous column */
static void
on_move_requested (RapportOpportunityBoard  *self,
                   CrmEntity                *entity,
                   int                       delta,
                   RapportOpportunityColumn *column)
{
  RapportOpportunityColumn *to = NULL;
  GtkWidget *child = GTK_WIDGET (column);

  if (delta > 0)
    child = gtk_widget_get_next_sibling (child);
  else
    child = gtk_widget_get_prev_sibling (child);
  to = child ? RAPPORT_OPPORTUNITY_COLUMN (child) : NULL;
  if (to)
    rapport_opportunity_board_move (self, crm_entity_get_id (entity), rapport_opportunity_column_get_stage_id (to));
}

static void
on_card_activated (RapportOpportunityBoard *self,
                   CrmEntity               *entity)
{
  open_record (self, crm_entity_get_id (entity));
}

/* Open, then Move to each other stage */
static void
on_menu_requested (RapportOpportunityBoard  *self,
                   RapportOpportunityCard   *card,
                   RapportOpportunityColumn *column)
{
  CrmEntity *entity = rapport_opportunity_card_get_entity (card);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) stages = g_menu_new ();
  g_autoptr(GMenuItem) open = NULL;

  if (entity == NULL || crm_entity_get_id (entity) <= 0)
    return;
  open = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target_value (open, "board.open", g_variant_new_int64 (crm_entity_get_id (entity)));
  g_menu_append_item (menu, open);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      RapportOpportunityColumn *other = RAPPORT_OPPORTUNITY_COLUMN (child);
      g_autoptr(GMenuItem) item = NULL;

      if (other == column)
        continue;
      item = g_menu_item_new (rapport_opportunity_column_get_name (other), NULL);
      g_menu_item_set_action_and_target_value (item, "board.move",
                                               g_variant_new ("(xx)", crm_entity_get_id (entity),
                                                              rapport_opportunity_column_get_stage_id (other)));
      g_menu_append_item (stages, item);
    }
  g_menu_append_submenu (menu, _("_Move to"), G_MENU_MODEL (stages));
  rapport_opportunity_card_popup_menu (card, G_MENU_MODEL (menu));
}

static void
on_totals_stale (RapportOpportunityBoard  *self,
                 RapportOpportunityColumn *column)
{
  queue_totals (self);
}

static void
clear_columns (RapportOpportunityBoard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_box_remove (self->columns_box, child);
}

/* a column a stage, in the stages' order; won and lost come last */
static void
build_columns (RapportOpportunityBoard *self,
               JsonObject              *pipeline)
{
  gint64 pipeline_id = json_object_get_int_member_with_default (pipeline, "id", 0);
  JsonArray *stages = json_object_has_member (pipeline, "stages") ? json_object_get_array_member (pipeline, "stages") : NULL;

  clear_columns (self);
  /* asked for first: the columns' pages queue behind it */
  read_totals (self);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; stages && i < json_array_get_length (stages); i++)
      {
        JsonObject *stage = json_array_get_object_element (stages, i);
        gboolean open = g_str_equal (json_object_get_string_member_with_default (stage, "kind", "open"), "open");
        RapportOpportunityColumn *column;

        if (open != (pass == 0))
          continue;
        column = rapport_opportunity_column_new (self->api, pipeline_id, stage);
        g_signal_connect_object (column, "card-dropped", G_CALLBACK (on_card_dropped), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (column, "move-requested", G_CALLBACK (on_move_requested), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (column, "card-activated", G_CALLBACK (on_card_activated), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (column, "menu-requested", G_CALLBACK (on_menu_requested), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (column, "totals-stale", G_CALLBACK (on_totals_stale), self, G_CONNECT_SWAPPED);
        gtk_box_append (self->columns_box, GTK_WIDGET (column));
      }
  gtk_stack_set_visible_child_name (self->state_stack, "board");
}

static void
on_pipeline_selected (RapportOpportunityBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->pipeline_dropdown);

  if (self->pipelines == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= json_array_get_length (self->pipelines))
    return;
  self->pipeline_id = json_object_get_int_member_with_default (json_array_get_object_element (self->pipelines, selected),
                                                               "id", 0);
  build_columns (self, json_array_get_object_element (self->pipelines, selected));
}

static void
pipelines_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RapportOpportunityBoard *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonArray *items;
  guint chosen = 0;
  gboolean kept = FALSE;

  /* cancelled: the board may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (json_node_get_object (node), "items")) == NULL)
    {
      adw_status_page_set_description (self->error_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      return;
    }
  g_clear_pointer (&self->pipelines, json_array_unref);
  self->pipelines = json_array_ref (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *pipeline = json_array_get_object_element (items, i);

      gtk_string_list_append (names, json_object_get_string_member_with_default (pipeline, "name", ""));
      /* the one shown stays; at first, the default */
      if (json_object_get_int_member_with_default (pipeline, "id", 0) == self->pipeline_id && self->pipeline_id != 0)
        {
          chosen = i;
          kept = TRUE;
        }
      else if (!kept && json_object_get_boolean_member_with_default (pipeline, "is_default", FALSE))
        chosen = i;
    }
  /* the default pipeline first shown; choosing builds the columns */
  g_signal_handlers_block_by_func (self->pipeline_dropdown, on_pipeline_selected, self);
  gtk_drop_down_set_model (self->pipeline_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->pipeline_dropdown, chosen);
  g_signal_handlers_unblock_by_func (self->pipeline_dropdown, on_pipeline_selected, self);
  on_pipeline_selected (self);
}

static void
load_pipelines (RapportOpportunityBoard *self)
{
  rapport_api_request_async (self->api, "GET", "/pipelines?limit=100", NULL, self->cancellable, pipelines_loaded, self);
}

static void
move_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  gint64 id, stage_id;

  g_variant_get (parameter, "(xx)", &id, &stage_id);
  rapport_opportunity_board_move (RAPPORT_OPPORTUNITY_BOARD (widget), id, stage_id);
}

static void
open_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  open_record (RAPPORT_OPPORTUNITY_BOARD (widget), g_variant_get_int64 (parameter));
}

/* the list reloaded (Ctrl+R, a record saved): the pipelines are read
 * again (one added, a stage renamed), and the columns of the one shown */
static void
reload_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  load_pipelines (RAPPORT_OPPORTUNITY_BOARD (widget));
}

static void
rapport_opportunity_board_dispose (GObject *object)
{
  RapportOpportunityBoard *self = RAPPORT_OPPORTUNITY_BOARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->totals_cancellable);
  g_clear_object (&self->totals_cancellable);
  g_clear_handle_id (&self->totals_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_OPPORTUNITY_BOARD);
  g_clear_pointer (&self->pipelines, json_array_unref);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_opportunity_board_parent_class)->dispose (object);
}

static void
rapport_opportunity_board_class_init (RapportOpportunityBoardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_opportunity_board_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-opportunity-board.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityBoard, content);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityBoard, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityBoard, state_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityBoard, columns_box);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityBoard, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_pipeline_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "board.move", "(xx)", move_activated);
  gtk_widget_class_install_action (widget_class, "board.open", "x", open_activated);
  gtk_widget_class_install_action (widget_class, "view.reload", NULL, reload_activated);
}

static void
rapport_opportunity_board_init (RapportOpportunityBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * rapport_opportunity_board_new:
 * @api: the signed-in client
 *
 * Returns: (transfer floating): the board, its pipelines on their way
 */
RapportOpportunityBoard *
rapport_opportunity_board_new (RapportApi *api)
{
  RapportOpportunityBoard *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_OPPORTUNITY_BOARD, NULL);
  self->api = g_object_ref (api);
  load_pipelines (self);
  return self;
}

/**
 * rapport_opportunity_board_add_to:
 * @page: the Opportunities section's list
 * @api: the signed-in client
 *
 * Puts the board beside the list, and shows it first.
 */
void
rapport_opportunity_board_add_to (RapportRecordsPage *page,
                                  RapportApi         *api)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (page));

  rapport_records_page_add_view (page, "board", _("Board"), "view-grid-symbolic",
                                 GTK_WIDGET (rapport_opportunity_board_new (api)));
  rapport_records_page_show_view (page, "board");
}
