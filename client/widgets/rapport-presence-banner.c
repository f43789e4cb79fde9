/* rapport-presence-banner.c: RapportPresenceBanner, says above a record who else is editing it */
#include "rapport-presence-banner.h"

#include <glib/gi18n.h>

struct _RapportPresenceBanner
{
  GtkWidget              parent_instance;

  GtkRevealer           *revealer;
  GtkLabel              *label;

  RapportRecordPresence *presence;
};

G_DEFINE_FINAL_TYPE (RapportPresenceBanner, rapport_presence_banner, GTK_TYPE_WIDGET)

/* "Li Na is editing…", "Li Na and Wang Fang are editing…",
 * "Li Na, Zhou Jie and Wang Fang are editing…" */
static char *
text_for (char **names)
{
  guint n = g_strv_length (names);
  g_autofree char *last = NULL;
  g_autofree char *rest = NULL;

  if (n == 0)
    return NULL;
  if (n == 1)
    /* TRANSLATORS: a banner on a record someone else has unsaved edits in: “Li Na is editing this record” */
    return g_strdup_printf (_("%s is editing this record"), names[0]);
  last = g_steal_pointer (&names[n - 1]);
  /* TRANSLATORS: joins the names of people, as in “Li Na, Zhou Jie and Wang Fang” */
  rest = g_strjoinv (_(", "), names);
  /* TRANSLATORS: a banner on a record several others have unsaved edits in: “Li Na and Wang Fang are editing this record” */
  return g_strdup_printf (_("%s and %s are editing this record"), rest, last);
}

static void
update (RapportPresenceBanner *self)
{
  g_auto(GStrv) names = self->presence ? rapport_record_presence_dup_names (self->presence) : NULL;
  g_autofree char *text = names ? text_for (names) : NULL;

  if (text != NULL)
    gtk_label_set_text (self->label, text);
  gtk_revealer_set_reveal_child (self->revealer, text != NULL);
}

static void
rapport_presence_banner_dispose (GObject *object)
{
  RapportPresenceBanner *self = RAPPORT_PRESENCE_BANNER (object);

  if (self->presence)
    g_signal_handlers_disconnect_by_data (self->presence, self);
  g_clear_object (&self->presence);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_PRESENCE_BANNER);

  G_OBJECT_CLASS (rapport_presence_banner_parent_class)->dispose (object);
}

static void
rapport_presence_banner_class_init (RapportPresenceBannerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_presence_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-presence-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPresenceBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, RapportPresenceBanner, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_presence_banner_init (RapportPresenceBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_presence_banner_set_presence:
 * @self: the banner
 * @presence: (nullable): who edits the record shown
 *
 * The banner shows while others edit the record, and names them.
 */
void
rapport_presence_banner_set_presence (RapportPresenceBanner *self,
                                      RapportRecordPresence *presence)
{
  g_return_if_fail (RAPPORT_IS_PRESENCE_BANNER (self));
  g_return_if_fail (presence == NULL || RAPPORT_IS_RECORD_PRESENCE (presence));

  if (self->presence)
    g_signal_handlers_disconnect_by_data (self->presence, self);
  g_set_object (&self->presence, presence);
  if (presence)
    g_signal_connect_swapped (presence, "changed", G_CALLBACK (update), self);
  update (self);
}

/* whether it says that someone is editing */
gboolean
rapport_presence_banner_get_shown (RapportPresenceBanner *self)
{
  g_return_val_if_fail (RAPPORT_IS_PRESENCE_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

/**
 * rapport_presence_banner_get_text:
 * @self: the banner
 *
 * Returns: what it says, or what it last said once hidden
 */
const char *
rapport_presence_banner_get_text (RapportPresenceBanner *self)
{
  g_return_val_if_fail (RAPPORT_IS_PRESENCE_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}
