/* rapport-record-page-extra.c: the widget a kind of record shows above its form, e.g. an opportunity's stage bar and checklist */
#include "rapport-record-page-private.h"
#include "widgets/rapport-stage-bar.h"

/* Each extra widget is told the record whenever it is loaded or saved,
 * and has a "record-changed" signal for when it changed the record on the
 * server itself: the page then reads the record again. */
typedef struct
{
  const char  *entity_name;
  GtkWidget *(*new_widget) (RapportApi *api);
  void       (*set_entity) (GtkWidget  *widget,
                            CrmEntity  *entity);
} Extra;

static void
stage_bar_set_entity (GtkWidget *widget,
                      CrmEntity *entity)
{
  rapport_stage_bar_set_entity (RAPPORT_STAGE_BAR (widget), entity);
}

static const Extra extras[] = {
  { "opportunity", rapport_stage_bar_new, stage_bar_set_entity },
};

static const Extra *
find_extra (RapportRecordPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    if (g_str_equal (extras[i].entity_name, klass->entity_name))
      return &extras[i];
  return NULL;
}

static void
on_record_changed (RapportRecordPage *self)
{
  rapport_record_page_reload (self);
  g_signal_emit_by_name (self, "changed");
}

/* above the form, for the kinds of record that have one */
void
rapport_record_page_build_extra (RapportRecordPage *self)
{
  const Extra *extra = find_extra (self);

  if (extra == NULL)
    return;
  self->extra = extra->new_widget (self->api);
  g_signal_connect_object (self->extra, "record-changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
  gtk_box_prepend (GTK_BOX (self->form_box), self->extra);
}

/* the record as loaded or saved */
void
rapport_record_page_update_extra (RapportRecordPage *self)
{
  const Extra *extra = find_extra (self);

  if (extra != NULL && self->extra != NULL && self->entity != NULL)
    extra->set_entity (self->extra, self->entity);
}
