/* rapport-opportunity-card.c: RapportOpportunityCard, one opportunity on the board: name, account, amount, close date, owner */
#include "rapport-opportunity-card.h"
#include "crm-format.h"

#include <glib/gi18n.h>

/* The card draws its four lines itself rather than holding a label each:
 * a column's list view keeps up to a couple of hundred cards, and a card's
 * height comes from the font alone, so that only the cards in view lay
 * their text out. */
enum
{
  LINE_NAME,
  LINE_ACCOUNT,
  LINE_AMOUNT,
  LINE_CLOSE,
  LINE_OWNER,
  N_LINES
};

#define PADDING_X 10
#define PADDING_Y 8
#define SPACING   2
/* the owner's line, as the caption style has it */
#define CAPTION_SCALE PANGO_SCALE_SMALL
/* dimmed text: the close date and the owner */
#define DIM_ALPHA 0.55f

struct _RapportOpportunityCard
{
  GtkWidget        parent_instance;

  /* the context menu, made when first asked for */
  GtkWidget       *menu_popover;

  CrmEntity       *entity;
  /* NULL-terminated, for rapport_opportunity_card_dup_text() */
  char            *texts[N_LINES + 1];
  /* made when first drawn, for the texts and width they were made for */
  PangoLayout     *layouts[N_LINES];
  int              layout_width;
  /* where the close date was drawn, for its tooltip */
  graphene_rect_t  close_area;
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
clear_layouts (RapportOpportunityCard *self)
{
  for (guint i = 0; i < N_LINES; i++)
    g_clear_object (&self->layouts[i]);
}

static void
rapport_opportunity_card_dispose (GObject *object)
{
  RapportOpportunityCard *self = RAPPORT_OPPORTUNITY_CARD (object);

  g_clear_object (&self->entity);
  clear_layouts (self);
  for (guint i = 0; i < N_LINES; i++)
    g_clear_pointer (&self->texts[i], g_free);
  g_clear_pointer (&self->menu_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_OPPORTUNITY_CARD);
  G_OBJECT_CLASS (rapport_opportunity_card_parent_class)->dispose (object);
}

/* the height of a line of the widget's font, scaled by @scale: as a label
 * of Latin and Chinese text would be */
static int
line_height (GtkWidget *widget,
             double     scale)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag\xe4\xb8\xad");
  PangoAttrList *attributes = pango_attr_list_new ();
  int height;

  pango_attr_list_insert (attributes, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* three lines of text and a caption, whatever they say: no text is laid
 * out to measure a card */
static void
rapport_opportunity_card_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * PADDING_X + 40;
      *natural = 2 * PADDING_X + 220;
      return;
    }
  *minimum = *natural = 2 * PADDING_Y + 3 * line_height (widget, 1.0) + line_height (widget, CAPTION_SCALE) + 3 * SPACING;
}

static void
rapport_opportunity_card_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  RapportOpportunityCard *self = RAPPORT_OPPORTUNITY_CARD (widget);

  if (self->menu_popover)
    gtk_popover_present (GTK_POPOVER (self->menu_popover));
}

static PangoLayout *
make_layout (RapportOpportunityCard *self,
             guint                   line,
             int                     width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->texts[line] ? self->texts[line] : "");
  PangoAttrList *attributes = pango_attr_list_new ();

  if (line == LINE_NAME)
    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (line == LINE_AMOUNT || line == LINE_CLOSE)
    pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  if (line == LINE_OWNER)
    pango_attr_list_insert (attributes, pango_attr_scale_new (CAPTION_SCALE));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  if (width > 0)
    pango_layout_set_width (layout, width * PANGO_SCALE);
  return layout;
}

/* the lines laid out for @width: the close date at the right of the amount's line */
static void
ensure_layouts (RapportOpportunityCard *self,
                int                     width)
{
  int inner = MAX (1, width - 2 * PADDING_X);
  int close_width = 0;

  if (self->layouts[LINE_NAME] != NULL && self->layout_width == width)
    return;
  clear_layouts (self);
  self->layout_width = width;
  self->layouts[LINE_CLOSE] = make_layout (self, LINE_CLOSE, -1);
  pango_layout_get_pixel_size (self->layouts[LINE_CLOSE], &close_width, NULL);
  self->layouts[LINE_NAME] = make_layout (self, LINE_NAME, inner);
  self->layouts[LINE_ACCOUNT] = make_layout (self, LINE_ACCOUNT, inner);
  self->layouts[LINE_AMOUNT] = make_layout (self, LINE_AMOUNT, MAX (1, inner - close_width - 6));
  self->layouts[LINE_OWNER] = make_layout (self, LINE_OWNER, inner);
}

static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             float          x,
             float          y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
rapport_opportunity_card_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  RapportOpportunityCard *self = RAPPORT_OPPORTUNITY_CARD (widget);
  int width = gtk_widget_get_width (widget);
  int line = line_height (widget, 1.0);
  int close_width, close_height;
  float y = PADDING_Y;
  GdkRGBA color, dim;

  if (self->entity == NULL)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = color;
  dim.alpha *= DIM_ALPHA;
  ensure_layouts (self, width);
  draw_layout (snapshot, self->layouts[LINE_NAME], PADDING_X, y, &color);
  y += line + SPACING;
  draw_layout (snapshot, self->layouts[LINE_ACCOUNT], PADDING_X, y, &color);
  y += line + SPACING;
  draw_layout (snapshot, self->layouts[LINE_AMOUNT], PADDING_X, y, &color);
  pango_layout_get_pixel_size (self->layouts[LINE_CLOSE], &close_width, &close_height);
  self->close_area = GRAPHENE_RECT_INIT (width - PADDING_X - close_width, y, close_width, close_height);
  draw_layout (snapshot, self->layouts[LINE_CLOSE], width - PADDING_X - close_width, y, &dim);
  y += line + SPACING;
  draw_layout (snapshot, self->layouts[LINE_OWNER], PADDING_X, y, &dim);
}

/* the close date says what it is */
static gboolean
on_query_tooltip (RapportOpportunityCard *self,
                  int                     x,
                  int                     y,
                  gboolean                keyboard,
                  GtkTooltip             *tooltip)
{
  if (keyboard || self->texts[LINE_CLOSE] == NULL || self->texts[LINE_CLOSE][0] == '\0' ||
      !graphene_rect_contains_point (&self->close_area, &GRAPHENE_POINT_INIT (x, y)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, _("Expected close"));
  return TRUE;
}

static void
rapport_opportunity_card_class_init (RapportOpportunityCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_opportunity_card_dispose;
  widget_class->measure = rapport_opportunity_card_measure;
  widget_class->size_allocate = rapport_opportunity_card_size_allocate;
  widget_class->snapshot = rapport_opportunity_card_snapshot;

  /**
   * RapportOpportunityCard::menu-requested:
   *
   * The card's context menu is asked for (a right click): the board
   * gives it with rapport_opportunity_card_popup_menu().
   */
  signals[MENU_REQUESTED] = g_signal_new ("menu-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-opportunity-card.ui");
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
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
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
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (RAPPORT_IS_OPPORTUNITY_CARD (self));
  g_return_if_fail (entity == NULL || CRM_IS_ENTITY (entity));

  if (!g_set_object (&self->entity, entity) || entity == NULL)
    return;
  for (guint i = 0; i < N_LINES; i++)
    g_clear_pointer (&self->texts[i], g_free);
  clear_layouts (self);
  self->texts[LINE_NAME] = field_text (entity, "name");
  self->texts[LINE_ACCOUNT] = field_text (entity, "account");
  amount = field_text (entity, "amount");
  currency = field_text (entity, "currency");
  self->texts[LINE_AMOUNT] = amount[0] ? g_strdup_printf ("%s %s", currency, amount) : g_strdup ("");
  self->texts[LINE_CLOSE] = field_text (entity, "expected_close");
  self->texts[LINE_OWNER] = field_text (entity, "owner");
  /* Translators: a card of the opportunities' board read by a screen
   * reader: name, account, amount, expected close date, owner */
  accessible = g_strdup_printf (_("%s, %s, %s, closes %s, %s"), self->texts[LINE_NAME], self->texts[LINE_ACCOUNT],
                                self->texts[LINE_AMOUNT], self->texts[LINE_CLOSE][0] ? self->texts[LINE_CLOSE] : "—",
                                self->texts[LINE_OWNER]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rapport_opportunity_card_dup_text:
 * @self: the card
 *
 * Returns: (transfer full): what the card shows, a line each: name,
 *   account, amount with currency, expected close date, owner
 */
char *
rapport_opportunity_card_dup_text (RapportOpportunityCard *self)
{
  g_return_val_if_fail (RAPPORT_IS_OPPORTUNITY_CARD (self), NULL);

  if (self->entity == NULL)
    return g_strdup ("");
  return g_strjoinv ("\n", self->texts);
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
