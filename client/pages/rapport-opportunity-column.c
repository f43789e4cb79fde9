/* rapport-opportunity-column.c: RapportOpportunityColumn, one stage of the board: its cards, paged as they scroll into view, and the stage's count and sum */
#include "rapport-opportunity-column.h"
#include "rapport-list-model-private.h"
#include "widgets/rapport-opportunity-card.h"
#include "crm-entities.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _RapportOpportunityColumn
{
  GtkWidget           parent_instance;

  GtkWidget          *content;
  GtkLabel           *name_label;
  GtkLabel           *count_label;
  GtkLabel           *sum_label;
  GtkListView        *list_view;

  RapportApi         *api;
  JsonObject         *stage;
  gint64              stage_id;
  RapportListModel   *model;
  GtkSingleSelection *selection;
  /* the stage's count and Σ amount_base as the server totals them (the
   * funnel's figures), so that the header is exact before every card has come */
  gboolean            has_totals;
  gint64              total_count;
  CrmMoney            total_amount;
  /* without the server's totals: every page is fetched, and the cards add up */
  gboolean            fetch_all;
  /* Σ amount_base of the cards loaded, in the base currency */
  CrmMoney            sum;
  gboolean            sum_overflow;
  guint               update_source;
  /* the card to give the focus to once its row shows */
  gint64              focus_id;
  guint               focus_tries;
  guint               focus_tick;
};

G_DEFINE_FINAL_TYPE (RapportOpportunityColumn, rapport_opportunity_column, GTK_TYPE_WIDGET)

enum
{
  CARD_ACTIVATED,
  CARD_DROPPED,
  MOVE_REQUESTED,
  MENU_REQUESTED,
  TOTALS_STALE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
first_page_loaded (RapportOpportunityColumn *self)
{
  return self->model->pages->len > 0 && g_array_index (self->model->pages, Page, 0).loaded;
}

/* every card has come */
static gboolean
all_loaded (RapportOpportunityColumn *self)
{
  return self->model->complete && !rapport_list_model_get_loading (self->model) &&
         rapport_list_model_get_error (self->model) == NULL;
}

/**
 * rapport_opportunity_column_get_ready:
 * @self: the column
 *
 * Returns: whether the column shows its first cards and its header its
 *   exact count and sum (the server's totals; without them, once every
 *   card has come and been added up)
 */
gboolean
rapport_opportunity_column_get_ready (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), FALSE);

  if (rapport_list_model_get_error (self->model) != NULL || !first_page_loaded (self))
    return FALSE;
  return self->has_totals || (self->fetch_all && all_loaded (self));
}

/* the sum is exact: each amount in the base currency, added as it is stored */
static void
add_up (RapportOpportunityColumn *self)
{
  guint n = self->model->items->len;
  CrmMoney sum = crm_money_new (0, 2);

  self->sum_overflow = FALSE;
  for (guint i = 0; i < n; i++)
    {
      CrmEntity *entity = self->model->items->pdata[i];
      int index;

      if (entity == NULL)
        continue;
      index = crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), "amount_base");
      if (index < 0 || !crm_entity_has_value (entity, index))
        continue;
      if (!crm_money_add (sum, crm_entity_get_money (entity, "amount_base"), &sum, NULL))
        {
          self->sum_overflow = TRUE;
          break;
        }
    }
  self->sum = sum;
}

/* A card someone else moved is read again in place (the list follows
 * changes by id): it leaves the column whose stage it left. */
static void
drop_departed (RapportOpportunityColumn *self)
{
  for (guint i = self->model->items->len; i > 0; i--)
    {
      CrmEntity *entity = self->model->items->pdata[i - 1];
      int index = entity ? crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (entity), "stage") : -1;

      if (index >= 0 && crm_entity_has_value (entity, index) && crm_entity_get_id (entity) > 0 &&
          crm_entity_value (entity, index)->i != self->stage_id)
        rapport_list_model_remove_row (self->model, i - 1);
    }
}

static gboolean
update_header (gpointer user_data)
{
  RapportOpportunityColumn *self = user_data;
  gint64 total = rapport_opportunity_column_get_count (self);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (total, 0));
  g_autofree char *amount = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *tooltip = NULL;

  self->update_source = 0;
  drop_departed (self);
  if (!self->has_totals)
    add_up (self);
  amount = crm_money_format (self->has_totals ? self->total_amount : self->sum, 2);
  if (rapport_list_model_get_error (self->model))
    sum = g_strdup (rapport_list_model_get_error (self->model)->message);
  else if (self->has_totals || (self->fetch_all && all_loaded (self)))
    sum = g_strdup_printf ("%s %s", rapport_api_get_base_currency (self->api), amount);
  else
    /* Translators: a column's sum while its cards are still arriving */
    sum = g_strdup_printf (_("%s %s so far"), rapport_api_get_base_currency (self->api), amount);
  gtk_label_set_text (self->count_label, count);
  gtk_label_set_text (self->sum_label, sum);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s opportunity", "%s opportunities", MAX (total, 0)), count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), tooltip);
  return G_SOURCE_REMOVE;
}

static void
queue_update (RapportOpportunityColumn *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_header, self);
}

/* without the server's totals, every page is fetched, one after the other,
 * while the board is in use */
static void
on_loading_changed (RapportOpportunityColumn *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (self->fetch_all && !rapport_list_model_get_loading (self->model) &&
      rapport_list_model_get_error (self->model) == NULL && n > 0)
    rapport_list_model_ensure (self->model, n - 1);
  queue_update (self);
}

/* A page that comes as the column scrolls is added at the end, and changes
 * no total; anything else (a card moved in or out, one that someone else
 * changed, joined or archived, the column read again) may have. */
static void
on_items_changed (RapportOpportunityColumn *self,
                  guint                     position,
                  guint                     removed,
                  guint                     added)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  queue_update (self);
  if (removed > 0 || position + added < n)
    g_signal_emit (self, signals[TOTALS_STALE], 0);
}

static void
on_card_menu (RapportOpportunityColumn *self,
              RapportOpportunityCard   *card)
{
  g_signal_emit (self, signals[MENU_REQUESTED], 0, card);
}

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            RapportOpportunityColumn *self)
{
  RapportOpportunityCard *card = rapport_opportunity_card_new ();

  g_signal_connect_object (card, "menu-requested", G_CALLBACK (on_card_menu), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, GTK_WIDGET (card));
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           RapportOpportunityColumn *self)
{
  rapport_opportunity_card_set_entity (RAPPORT_OPPORTUNITY_CARD (gtk_list_item_get_child (item)),
                                       gtk_list_item_get_item (item));
}

static void
on_activate (RapportOpportunityColumn *self,
             guint                     position)
{
  g_autoptr(CrmEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (entity && crm_entity_get_id (entity) > 0)
    g_signal_emit (self, signals[CARD_ACTIVATED], 0, entity);
}

static gboolean
on_drop (GtkDropTarget            *target,
         const GValue             *value,
         double                    x,
         double                    y,
         RapportOpportunityColumn *self)
{
  if (!G_VALUE_HOLDS_INT64 (value) || g_value_get_int64 (value) <= 0)
    return FALSE;
  g_signal_emit (self, signals[CARD_DROPPED], 0, g_value_get_int64 (value));
  return TRUE;
}

/* Ctrl+Right, Ctrl+Left: the selected card one stage on or back */
static gboolean
on_move_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  RapportOpportunityColumn *self = RAPPORT_OPPORTUNITY_COLUMN (widget);
  CrmEntity *entity = rapport_opportunity_column_get_selected (self);

  if (entity == NULL)
    return FALSE;
  g_signal_emit (self, signals[MOVE_REQUESTED], 0, entity, g_variant_get_int32 (args));
  return TRUE;
}

/* Shift+F10 or the Menu key: the selected card's context menu */
static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  RapportOpportunityColumn *self = RAPPORT_OPPORTUNITY_COLUMN (widget);
  guint position = gtk_single_selection_get_selected (self->selection);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);

      if (position != GTK_INVALID_LIST_POSITION && card && RAPPORT_IS_OPPORTUNITY_CARD (card) &&
          rapport_opportunity_card_get_entity (RAPPORT_OPPORTUNITY_CARD (card)) ==
          rapport_opportunity_column_get_selected (self))
        {
          g_signal_emit (self, signals[MENU_REQUESTED], 0, card);
          return TRUE;
        }
    }
  return FALSE;
}

static void
rapport_opportunity_column_dispose (GObject *object)
{
  RapportOpportunityColumn *self = RAPPORT_OPPORTUNITY_COLUMN (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->focus_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_OPPORTUNITY_COLUMN);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->api);
  g_clear_pointer (&self->stage, json_object_unref);
  G_OBJECT_CLASS (rapport_opportunity_column_parent_class)->dispose (object);
}

static void
rapport_opportunity_column_class_init (RapportOpportunityColumnClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_opportunity_column_dispose;

  signals[CARD_ACTIVATED] = g_signal_new ("card-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_ENTITY);
  signals[CARD_DROPPED] = g_signal_new ("card-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[MOVE_REQUESTED] = g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, CRM_TYPE_ENTITY, G_TYPE_INT);
  signals[MENU_REQUESTED] = g_signal_new ("menu-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, RAPPORT_TYPE_OPPORTUNITY_CARD);
  /**
   * RapportOpportunityColumn::totals-stale:
   *
   * The column's cards changed otherwise than by a page coming: the count
   * and sum given by rapport_opportunity_column_set_totals() may be out of
   * date, and the board reads them again.
   */
  signals[TOTALS_STALE] = g_signal_new ("totals-stale", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-opportunity-column.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityColumn, content);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityColumn, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityColumn, sum_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityColumn, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
add_shortcut (GtkEventController *controller,
              guint               keyval,
              GdkModifierType     modifiers,
              GtkShortcutFunc     callback,
              GVariant           *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                            gtk_callback_action_new (callback, NULL, NULL));

  if (args)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
}

static void
rapport_opportunity_column_init (RapportOpportunityColumn *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_card), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_card), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  /* before the list view's own Ctrl+arrow bindings, which move its cursor */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_shortcut (keys, GDK_KEY_Right, GDK_CONTROL_MASK, on_move_key, g_variant_new_int32 (1));
  add_shortcut (keys, GDK_KEY_Left, GDK_CONTROL_MASK, on_move_key, g_variant_new_int32 (-1));
  add_shortcut (keys, GDK_KEY_F10, GDK_SHIFT_MASK, on_menu_key, NULL);
  add_shortcut (keys, GDK_KEY_Menu, 0, on_menu_key, NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/**
 * rapport_opportunity_column_new:
 * @api: the signed-in client
 * @pipeline_id: the board's pipeline
 * @stage: the stage as GET /pipelines gives it (id, name, kind…)
 *
 * Returns: (transfer floating): the column, its first page on its way
 */
RapportOpportunityColumn *
rapport_opportunity_column_new (RapportApi *api,
                                gint64      pipeline_id,
                                JsonObject *stage)
{
  RapportOpportunityColumn *self;
  g_autofree char *pipeline = NULL;
  g_autofree char *stage_id = NULL;
  const char *kind;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (stage != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_OPPORTUNITY_COLUMN, NULL);
  self->api = g_object_ref (api);
  self->stage = json_object_ref (stage);
  self->stage_id = json_object_get_int_member_with_default (stage, "id", 0);
  kind = rapport_opportunity_column_get_kind (self);
  gtk_label_set_text (self->name_label, rapport_opportunity_column_get_name (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_opportunity_column_get_name (self), -1);
  /* won and lost come last, narrower: what is closed matters less here */
  gtk_widget_set_size_request (GTK_WIDGET (self), g_str_equal (kind, "open") ? 280 : 200, -1);
  if (!g_str_equal (kind, "open"))
    gtk_widget_add_css_class (GTK_WIDGET (self), g_str_equal (kind, "won") ? "rapport-board-won" : "rapport-board-lost");

  /* pages come as the cards scroll into view: the count and sum come from
   * the server (rapport_opportunity_column_set_totals()) */
  self->model = rapport_list_model_new (api, crm_entities_lookup_collection ("opportunities"), "/opportunities");
  pipeline = g_strdup_printf ("%" G_GINT64_FORMAT, pipeline_id);
  stage_id = g_strdup_printf ("%" G_GINT64_FORMAT, self->stage_id);
  rapport_list_model_set_filter (self->model, "pipeline_id", pipeline);
  rapport_list_model_set_filter (self->model, "stage_id", stage_id);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_loading_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error", G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  queue_update (self);
  return self;
}

gint64
rapport_opportunity_column_get_stage_id (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), 0);

  return self->stage_id;
}

const char *
rapport_opportunity_column_get_name (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), NULL);

  return json_object_get_string_member_with_default (self->stage, "name", "");
}

/* "open", "won" or "lost" */
const char *
rapport_opportunity_column_get_kind (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), NULL);

  return json_object_get_string_member_with_default (self->stage, "kind", "open");
}

/* Returns: (transfer none): the stage as the pipeline gives it */
JsonObject *
rapport_opportunity_column_get_stage (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), NULL);

  return self->stage;
}

/* Returns: (transfer none): the cards' opportunities, paged */
GListModel *
rapport_opportunity_column_get_model (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), NULL);

  return G_LIST_MODEL (self->model);
}

/* the number of opportunities in the stage, as the server counts them */
gint64
rapport_opportunity_column_get_count (RapportOpportunityColumn *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), -1);

  return self->has_totals ? self->total_count : rapport_list_model_get_total (self->model);
}

/**
 * rapport_opportunity_column_get_sum:
 * @self: the column
 * @sum: (out): Σ amount in the base currency of the stage (the server's
 *   total; without it, of the cards loaded)
 *
 * Returns: whether the sum is exact (the server's, or every page loaded
 *   with no overflow)
 */
gboolean
rapport_opportunity_column_get_sum (RapportOpportunityColumn *self,
                                    CrmMoney                 *sum)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), FALSE);
  g_return_val_if_fail (sum != NULL, FALSE);

  if (self->has_totals)
    {
      *sum = self->total_amount;
      return TRUE;
    }
  add_up (self);
  *sum = self->sum;
  return self->fetch_all && all_loaded (self) && !self->sum_overflow;
}

/**
 * rapport_opportunity_column_set_totals:
 * @self: the column
 * @count: how many opportunities the stage holds
 * @amount: their Σ amount_base, in the base currency
 *
 * The header shows the server's totals from now on; the cards keep coming
 * page by page as they scroll into view.
 */
void
rapport_opportunity_column_set_totals (RapportOpportunityColumn *self,
                                       gint64                    count,
                                       CrmMoney                  amount)
{
  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self));
  g_return_if_fail (count >= 0);

  self->has_totals = TRUE;
  self->fetch_all = FALSE;
  self->total_count = count;
  self->total_amount = amount;
  queue_update (self);
}

/**
 * rapport_opportunity_column_fetch_all:
 * @self: the column
 *
 * Without the server's totals (they could not be read), every page is
 * fetched in the background and the header adds the cards up.
 */
void
rapport_opportunity_column_fetch_all (RapportOpportunityColumn *self)
{
  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self));

  self->has_totals = FALSE;
  self->fetch_all = TRUE;
  rapport_list_model_set_page_size (self->model, 500);
  on_loading_changed (self);
}

static int
find_position (RapportOpportunityColumn *self,
               gint64                    id)
{
  for (guint i = 0; i < self->model->items->len; i++)
    if (self->model->items->pdata[i] != NULL && crm_entity_get_id (self->model->items->pdata[i]) == id)
      return (int) i;
  return -1;
}

/* Returns: (transfer none) (nullable): the loaded card's opportunity */
CrmEntity *
rapport_opportunity_column_find (RapportOpportunityColumn *self,
                                 gint64                    id)
{
  int position;

  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), NULL);

  position = find_position (self, id);
  return position >= 0 ? self->model->items->pdata[position] : NULL;
}

/* the card leaves the column: the server moved it */
void
rapport_opportunity_column_remove (RapportOpportunityColumn *self,
                                   gint64                    id)
{
  int position;

  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self));

  if ((position = find_position (self, id)) >= 0)
    rapport_list_model_remove_row (self->model, position);
}

/* the card joins the column at its top, as the server answered it */
void
rapport_opportunity_column_insert (RapportOpportunityColumn *self,
                                   CrmEntity                *entity)
{
  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  if (find_position (self, crm_entity_get_id (entity)) >= 0)
    return;
  /* a column whose first page has not come yet gets the card with it */
  if (self->model->pages->len == 0 || !g_array_index (self->model->pages, Page, 0).loaded)
    return;
  rapport_list_model_insert_row (self->model, 0, entity);
  if (rapport_list_model_get_total (self->model) >= 0)
    rapport_list_model_set_total (self->model, rapport_list_model_get_total (self->model) + 1,
                                  rapport_list_model_get_total_exact (self->model));
}

/* the row of the card showing @id, once the list view has made it */
static GtkWidget *
row_of (RapportOpportunityColumn *self,
        gint64                    id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);
      CrmEntity *entity = card && RAPPORT_IS_OPPORTUNITY_CARD (card)
        ? rapport_opportunity_card_get_entity (RAPPORT_OPPORTUNITY_CARD (card)) : NULL;

      if (entity && crm_entity_get_id (entity) == id)
        return row;
    }
  return NULL;
}

/* the row comes with the next layout: the focus goes to it then */
static gboolean
focus_when_shown (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  RapportOpportunityColumn *self = RAPPORT_OPPORTUNITY_COLUMN (widget);
  GtkWidget *row = row_of (self, self->focus_id);

  if (row == NULL && ++self->focus_tries < 10)
    return G_SOURCE_CONTINUE;
  if (row)
    gtk_widget_grab_focus (row);
  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

/* selects the card and gives it the keyboard focus */
void
rapport_opportunity_column_focus_card (RapportOpportunityColumn *self,
                                       gint64                    id)
{
  int position;

  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self));

  if ((position = find_position (self, id)) < 0)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) position);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  self->focus_id = id;
  self->focus_tries = 0;
  if (row_of (self, id))
    gtk_widget_grab_focus (row_of (self, id));
  else if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_when_shown, NULL, NULL);
}

/* Returns: (transfer none) (nullable): the selected card's opportunity */
CrmEntity *
rapport_opportunity_column_get_selected (RapportOpportunityColumn *self)
{
  guint position;

  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self), NULL);

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION || position >= self->model->items->len)
    return NULL;
  return self->model->items->pdata[position];
}

void
rapport_opportunity_column_reload (RapportOpportunityColumn *self)
{
  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_COLUMN (self));

  rapport_list_model_reload (self->model);
}
