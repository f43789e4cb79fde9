/* rapport-record-page-timeline.c: a customer's timeline at the foot of its page (accounts, contacts, leads, opportunities) */
#include "rapport-record-page-private.h"
#include "widgets/rapport-timeline.h"

#define TIMELINE_KEY "rapport-timeline"

static const char * const customers[] = { "account", "contact", "lead", "opportunity", NULL };

/* the record as loaded or saved: its timeline below everything else, the
 * first page read again (a save may have added to it) */
void
rapport_record_page_update_timeline (RapportRecordPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  GtkWidget *timeline = g_object_get_data (G_OBJECT (self), TIMELINE_KEY);

  if (self->id == 0 || !g_strv_contains (customers, klass->entity_name))
    return;
  if (timeline == NULL)
    {
      timeline = rapport_timeline_new (self->api);
      g_object_set_data (G_OBJECT (self), TIMELINE_KEY, timeline);
      gtk_box_append (GTK_BOX (self->form_box), timeline);
    }
  else if (gtk_widget_get_next_sibling (timeline) != NULL)
    gtk_box_reorder_child_after (GTK_BOX (self->form_box), timeline, gtk_widget_get_last_child (self->form_box));
  rapport_timeline_set_record (RAPPORT_TIMELINE (timeline), klass->collection, self->id);
}
