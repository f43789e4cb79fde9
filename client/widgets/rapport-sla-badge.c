/* rapport-sla-badge.c: RapportSlaBadge, a case's service level: each target's state and the business time left */
#include "rapport-sla-badge.h"

#include <glib/gi18n.h>

/* the targets in the order shown, as the server names them */
static const char * const targets[] = { "first_response", "resolution" };

struct _RapportSlaBadge
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *labels[G_N_ELEMENTS (targets)];
  char         *states[G_N_ELEMENTS (targets)];
  RapportApi   *api;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RapportSlaBadge, rapport_sla_badge, GTK_TYPE_WIDGET)

enum { RECORD_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const state_classes[] = { "success", "warning", "error", "dim-label" };

/* "2 h 05 min" of business time */
static char *
format_duration (gint64 seconds)
{
  gint64 minutes = (ABS (seconds) + 59) / 60;

  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
}

static char *
describe (const char *target,
          const char *state,
          JsonObject *object)
{
  const char *name = g_str_equal (target, "first_response") ? _("First response") : _("Resolution");
  gboolean has_left = json_object_has_member (object, "remaining_business_seconds") &&
                      !json_object_get_null_member (object, "remaining_business_seconds");
  gint64 left = has_left ? json_object_get_int_member (object, "remaining_business_seconds") : 0;
  g_autofree char *duration = format_duration (left);

  if (g_str_equal (state, "met"))
    return g_strdup_printf (_("%s: met"), name);
  if (g_str_equal (state, "paused"))
    return g_strdup_printf (_("%s: paused, %s of business time left"), name, duration);
  if (g_str_equal (state, "breached"))
    return left < 0 ? g_strdup_printf (_("%s: breached, %s of business time over"), name, duration)
                    : g_strdup_printf (_("%s: breached"), name);
  if (g_str_equal (state, "warning"))
    return g_strdup_printf (_("%s: due soon, %s of business time left"), name, duration);
  return g_strdup_printf (_("%s: %s of business time left"), name, duration);
}

/* the CSS class of a state: green, amber, red or dim */
static const char *
state_class (const char *state)
{
  if (g_str_equal (state, "met") || g_str_equal (state, "ok"))
    return "success";
  if (g_str_equal (state, "warning"))
    return "warning";
  if (g_str_equal (state, "breached"))
    return "error";
  return "dim-label";
}

/* how urgent a state is: breached first, then warned of, running, paused, met */
static int
urgency (const char *state)
{
  static const char * const order[] = { "breached", "warning", "ok", "paused", "met" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_strcmp0 (state, order[i]) == 0)
      return (int) i;
  return G_N_ELEMENTS (order);
}

/**
 * rapport_sla_badge_describe_urgent:
 * @sla: a case's `sla` member, as the server answers it
 * @css_class: (out): the CSS class for the text's colour
 *
 * What a list row says of a case's service level: its more urgent target
 * (breached, then due soon, then running; of two alike, the one with less
 * business time left), as the badge says it.
 *
 * Returns: (transfer full) (nullable): the text, %NULL without a target
 */
char *
rapport_sla_badge_describe_urgent (JsonObject  *sla,
                                   const char **css_class)
{
  JsonObject *chosen = NULL;
  const char *chosen_target = NULL;
  const char *chosen_state = NULL;

  g_return_val_if_fail (sla != NULL && css_class != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      JsonNode *node = json_object_get_member (sla, targets[i]);
      JsonObject *object;
      const char *state;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      state = json_object_get_string_member_with_default (object, "state", "ok");
      if (chosen == NULL || urgency (state) < urgency (chosen_state) ||
          (urgency (state) == urgency (chosen_state) &&
           json_object_get_int_member_with_default (object, "remaining_business_seconds", G_MAXINT64) <
           json_object_get_int_member_with_default (chosen, "remaining_business_seconds", G_MAXINT64)))
        {
          chosen = object;
          chosen_target = targets[i];
          chosen_state = state;
        }
    }
  if (chosen == NULL)
    return NULL;
  *css_class = state_class (chosen_state);
  return describe (chosen_target, chosen_state, chosen);
}

static void
show_target (RapportSlaBadge *self,
             guint            index,
             JsonObject      *object)
{
  const char *state = object ? json_object_get_string_member_with_default (object, "state", "ok") : NULL;
  GtkWidget *label = self->labels[index];
  g_autofree char *text = NULL;

  g_free (self->states[index]);
  self->states[index] = g_strdup (state);
  for (guint c = 0; c < G_N_ELEMENTS (state_classes); c++)
    gtk_widget_remove_css_class (label, state_classes[c]);
  gtk_widget_set_visible (label, state != NULL);
  if (state == NULL)
    return;
  text = describe (targets[index], state, object);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_add_css_class (label, state_class (state));
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportSlaBadge *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *sla = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_SLA_BADGE (user_data);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (node), "sla");

      if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        sla = json_node_get_object (member);
    }
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    show_target (self, i, sla != NULL && json_object_has_member (sla, targets[i])
                          ? json_object_get_object_member (sla, targets[i]) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), sla != NULL);
}

/**
 * rapport_sla_badge_set_entity:
 * @self: the badge
 * @entity: the case shown, as loaded or saved
 *
 * Reads the case's service level as the server judges it now; hidden for
 * a case no policy applies to.
 */
void
rapport_sla_badge_set_entity (RapportSlaBadge *self,
                              CrmEntity       *entity)
{
  g_autofree char *path = NULL;
  gint64 id;

  g_return_if_fail (RAPPORT_IS_SLA_BADGE (self));
  g_return_if_fail (CRM_IS_ENTITY (entity));

  id = crm_entity_get_id (entity);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (id <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, crm_entity_get_collection (entity), id);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

/**
 * rapport_sla_badge_get_text:
 * @self: the badge
 * @target: "first_response" or "resolution"
 *
 * Returns: (nullable): what the badge says of @target
 */
const char *
rapport_sla_badge_get_text (RapportSlaBadge *self,
                            const char      *target)
{
  g_return_val_if_fail (RAPPORT_IS_SLA_BADGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (targets[i], target) == 0 && self->states[i] != NULL)
      return gtk_label_get_text (GTK_LABEL (self->labels[i]));
  return NULL;
}

/**
 * rapport_sla_badge_get_state:
 * @self: the badge
 * @target: "first_response" or "resolution"
 *
 * Returns: (nullable): the state shown for @target (ok, warning, breached, met, paused)
 */
const char *
rapport_sla_badge_get_state (RapportSlaBadge *self,
                             const char      *target)
{
  g_return_val_if_fail (RAPPORT_IS_SLA_BADGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (targets[i], target) == 0)
      return self->states[i];
  return NULL;
}

static void
rapport_sla_badge_dispose (GObject *object)
{
  RapportSlaBadge *self = RAPPORT_SLA_BADGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    g_clear_pointer (&self->states[i], g_free);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_sla_badge_parent_class)->dispose (object);
}

static void
rapport_sla_badge_class_init (RapportSlaBadgeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_sla_badge_dispose;

  /* the page's extra widgets may change their record; this one never does */
  signals[RECORD_CHANGED] = g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "slabadge");
}

static void
rapport_sla_badge_init (RapportSlaBadge *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      self->labels[i] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->labels[i]), 0);
      gtk_label_set_wrap (GTK_LABEL (self->labels[i]), TRUE);
      gtk_widget_add_css_class (self->labels[i], "heading");
      gtk_box_append (GTK_BOX (self->box), self->labels[i]);
    }
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_sla_badge_new:
 * @api: the signed-in connection
 *
 * Returns: (transfer floating): the badge, hidden until it is given a case with a service level
 */
GtkWidget *
rapport_sla_badge_new (RapportApi *api)
{
  RapportSlaBadge *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_SLA_BADGE, NULL);
  self->api = g_object_ref (api);
  return GTK_WIDGET (self);
}
