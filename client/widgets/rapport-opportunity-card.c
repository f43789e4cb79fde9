/* rapport-opportunity-card.c: RapportOpportunityCard, one opportunity on the board: name, account, amount, close date, owner */
#include "rapport-opportunity-card.h"
#include "crm-format.h"

#include <glib/gi18n.h>

struct _RapportOpportunityCard
{
  GtkWidget   parent_instance;

  GtkLabel   *name_label;
  GtkLabel   *account_label;
  GtkLabel   *amount_label;
  GtkLabel   *close_label;
  GtkLabel   *owner_label;
  GtkWidget  *content;
  /* the context menu, made when first asked for */
  GtkWidget  *menu_popover;

  CrmEntity  *entity;
};

G_DEFINE_FINAL_TYPE (RapportOpportunityCard, rapport_opportunity_card, GTK_TYPE_WIDGET)

enum
{
  MENU_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
field_text (CrmEntity  *entity,
            const char *name)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (entity);
  int index = crm_entity_class_find_field (klass, name);

  if (index < 0 || !crm_entity_has_value (entity, index))
    return g_strdup ("");
  if (klass->fields[index].type == CRM_FIELD_REFERENCE)
    return g_strdup (crm_entity_get_reference_name (entity, index) ? crm_entity_get_reference_name (entity, index) : "");
  return crm_format_value (&klass->fields[index], crm_entity_value (entity, index));
}

/* the drag carries the opportunity's id */
static GdkContentProvider *
on_drag_prepare (GtkDragSource          *source,
                 double                  x,
                 double                  y,
                 RapportOpportunityCard *self)
{
  if (self->entity == NULL || crm_entity_get_id (self->entity) <= 0)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_INT64, crm_entity_get_id (self->entity));
}

static void
on_drag_begin (GtkDragSource          *source,
               GdkDrag                *drag,
               RapportOpportunityCard *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static void
on_secondary_pressed (GtkGestureClick        *gesture,
                      int                     n_press,
                      double                  x,
                      double                  y,
                      RapportOpportunityCard *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[MENU_REQUESTED], 0);
}

static void
rapport_opportunity_card_dispose (GObject *object)
{
  RapportOpportunityCard *self = RAPPORT_OPPORTUNITY_CARD (object);

  g_clear_object (&self->entity);
  g_clear_pointer (&self->menu_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_OPPORTUNITY_CARD);
  G_OBJECT_CLASS (rapport_opportunity_card_parent_class)->dispose (object);
}

/* the content alone is laid out; the menu is a popover of its own */
static void
rapport_opportunity_card_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  gtk_widget_measure (RAPPORT_OPPORTUNITY_CARD (widget)->content, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
rapport_opportunity_card_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  RapportOpportunityCard *self = RAPPORT_OPPORTUNITY_CARD (widget);

  gtk_widget_allocate (self->content, width, height, baseline, NULL);
  if (self->menu_popover)
    gtk_popover_present (GTK_POPOVER (self->menu_popover));
}

static void
rapport_opportunity_card_class_init (RapportOpportunityCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_opportunity_card_dispose;
  widget_class->measure = rapport_opportunity_card_measure;
  widget_class->size_allocate = rapport_opportunity_card_size_allocate;

  /**
   * RapportOpportunityCard::menu-requested:
   *
   * The card's context menu is asked for (a right click): the board
   * gives it with rapport_opportunity_card_popup_menu().
   */
  signals[MENU_REQUESTED] = g_signal_new ("menu-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-opportunity-card.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityCard, account_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityCard, amount_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityCard, close_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityCard, owner_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOpportunityCard, content);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_opportunity_card_init (RapportOpportunityCard *self)
{
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (on_drag_prepare), self, 0);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_secondary_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

RapportOpportunityCard *
rapport_opportunity_card_new (void)
{
  return g_object_new (RAPPORT_TYPE_OPPORTUNITY_CARD, NULL);
}

/**
 * rapport_opportunity_card_set_entity:
 * @self: the card
 * @entity: (nullable): the opportunity it shows
 */
void
rapport_opportunity_card_set_entity (RapportOpportunityCard *self,
                                     CrmEntity              *entity)
{
  g_autofree char *name = NULL;
  g_autofree char *account = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *close = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *money = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_CARD (self));
  g_return_if_fail (entity == NULL || CRM_IS_ENTITY (entity));

  g_set_object (&self->entity, entity);
  if (entity == NULL)
    return;
  name = field_text (entity, "name");
  account = field_text (entity, "account");
  amount = field_text (entity, "amount");
  currency = field_text (entity, "currency");
  close = field_text (entity, "expected_close");
  owner = field_text (entity, "owner");
  money = amount[0] ? g_strdup_printf ("%s %s", currency, amount) : g_strdup ("");
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->account_label, account);
  gtk_label_set_text (self->amount_label, money);
  gtk_label_set_text (self->close_label, close);
  gtk_label_set_text (self->owner_label, owner);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_label), close[0] ? _("Expected close") : NULL);
  /* Translators: a card of the opportunities' board read by a screen
   * reader: name, account, amount, expected close date, owner */
  accessible = g_strdup_printf (_("%s, %s, %s, closes %s, %s"), name, account, money, close[0] ? close : "—", owner);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* Returns: (transfer none) (nullable): the opportunity shown */
CrmEntity *
rapport_opportunity_card_get_entity (RapportOpportunityCard *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_CARD (self), NULL);

  return self->entity;
}

/**
 * rapport_opportunity_card_popup_menu:
 * @self: the card
 * @menu: its context menu (Open, Move to…)
 */
void
rapport_opportunity_card_popup_menu (RapportOpportunityCard *self,
                                     GMenuModel             *menu)
{
  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_CARD (self));
  g_return_if_fail (G_IS_MENU_MODEL (menu));

  if (self->menu_popover == NULL)
    {
      self->menu_popover = gtk_popover_menu_new_from_model (menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu_popover), FALSE);
      gtk_widget_set_parent (self->menu_popover, GTK_WIDGET (self));
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu_popover), menu);
  gtk_popover_popup (GTK_POPOVER (self->menu_popover));
}
