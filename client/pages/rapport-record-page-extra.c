/* rapport-record-page-extra.c: the widgets a kind of record shows above its form: an opportunity's stage bar, checklist and contacts' roles, an activity's and a weekly report's review comments, a case's service level, complaint steps and conversation, the files filed under an account, a contact or an opportunity, a knowledge-base article's usefulness and versions */
#include "rapport-record-page-private.h"
#include "rapport-activity-follow-up.h"
#include "rapport-activity-participants.h"
#include "widgets/rapport-attachments.h"
#include "widgets/rapport-case-articles.h"
#include "widgets/rapport-case-conversation.h"
#include "widgets/rapport-comment-thread.h"
#include "widgets/rapport-complaint-panel.h"
#include "widgets/rapport-contact-roles.h"
#include "widgets/rapport-invitation-export.h"
#include "widgets/rapport-kb-feedback.h"
#include "widgets/rapport-kb-versions.h"
#include "widgets/rapport-sla-badge.h"
#include "widgets/rapport-survey-answers.h"
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

static void
contact_roles_set_entity (GtkWidget *widget,
                          CrmEntity *entity)
{
  rapport_contact_roles_set_entity (RAPPORT_CONTACT_ROLES (widget), entity);
}

static void
follow_up_set_entity (GtkWidget *widget,
                      CrmEntity *entity)
{
  rapport_activity_follow_up_set_entity (RAPPORT_ACTIVITY_FOLLOW_UP (widget), entity);
}

static void
participants_set_entity (GtkWidget *widget,
                         CrmEntity *entity)
{
  rapport_activity_participants_set_entity (RAPPORT_ACTIVITY_PARTICIPANTS (widget), entity);
}

static void
comment_thread_set_entity (GtkWidget *widget,
                           CrmEntity *entity)
{
  rapport_comment_thread_set_entity (RAPPORT_COMMENT_THREAD (widget), entity);
}

static void
attachments_set_entity (GtkWidget *widget,
                        CrmEntity *entity)
{
  rapport_attachments_set_entity (RAPPORT_ATTACHMENTS (widget), entity);
}

static void
invitation_export_set_entity (GtkWidget *widget,
                              CrmEntity *entity)
{
  rapport_invitation_export_set_entity (RAPPORT_INVITATION_EXPORT (widget), entity);
}

static void
sla_badge_set_entity (GtkWidget *widget,
                      CrmEntity *entity)
{
  rapport_sla_badge_set_entity (RAPPORT_SLA_BADGE (widget), entity);
}

static void
survey_answers_set_entity (GtkWidget *widget,
                           CrmEntity *entity)
{
  rapport_survey_answers_set_entity (RAPPORT_SURVEY_ANSWERS (widget), entity);
}

static void
conversation_set_entity (GtkWidget *widget,
                         CrmEntity *entity)
{
  rapport_case_conversation_set_entity (RAPPORT_CASE_CONVERSATION (widget), entity);
}

static void
case_articles_set_entity (GtkWidget *widget,
                          CrmEntity *entity)
{
  rapport_case_articles_set_entity (RAPPORT_CASE_ARTICLES (widget), entity);
}

static void
complaint_panel_set_entity (GtkWidget *widget,
                            CrmEntity *entity)
{
  rapport_complaint_panel_set_entity (RAPPORT_COMPLAINT_PANEL (widget), entity);
}

static void
kb_feedback_set_entity (GtkWidget *widget,
                        CrmEntity *entity)
{
  rapport_kb_feedback_set_entity (RAPPORT_KB_FEEDBACK (widget), entity);
}

static void
kb_versions_set_entity (GtkWidget *widget,
                        CrmEntity *entity)
{
  rapport_kb_versions_set_entity (RAPPORT_KB_VERSIONS (widget), entity);
}

/* in the order shown, top to bottom */
static const Extra extras[] = {
  { "opportunity", rapport_stage_bar_new, stage_bar_set_entity },
  { "opportunity", rapport_contact_roles_new, contact_roles_set_entity },
  { "activity", rapport_invitation_export_new, invitation_export_set_entity },
  { "activity", rapport_activity_follow_up_new, follow_up_set_entity },
  { "activity", rapport_comment_thread_new, comment_thread_set_entity },
  { "activity", rapport_activity_participants_new, participants_set_entity },
  { "weekly_report", rapport_comment_thread_new, comment_thread_set_entity },
  { "account", rapport_attachments_new, attachments_set_entity },
  { "contact", rapport_attachments_new, attachments_set_entity },
  { "opportunity", rapport_attachments_new, attachments_set_entity },
  { "case", rapport_sla_badge_new, sla_badge_set_entity },
  { "case", rapport_complaint_panel_new, complaint_panel_set_entity },
  { "case", rapport_survey_answers_new, survey_answers_set_entity },
  { "case", rapport_case_conversation_new, conversation_set_entity },
  { "case", rapport_case_articles_new, case_articles_set_entity },
  { "case", rapport_attachments_new, attachments_set_entity },
  { "kb_article", rapport_kb_feedback_new, kb_feedback_set_entity },
  { "kb_article", rapport_kb_versions_new, kb_versions_set_entity },
};

static gboolean
is_for (RapportRecordPage *self,
        const Extra       *extra)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);

  return g_str_equal (extra->entity_name, klass->entity_name);
}

static void
on_record_changed (RapportRecordPage *self)
{
  rapport_record_page_reload (self);
  g_signal_emit_by_name (self, "changed");
}

/* above the form, in a box of their own, for the kinds of record that have some */
void
rapport_record_page_build_extra (RapportRecordPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      GtkWidget *widget;

      if (!is_for (self, &extras[i]))
        continue;
      if (self->extra == NULL)
        {
          self->extra = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
          gtk_box_prepend (GTK_BOX (self->form_box), self->extra);
        }
      widget = extras[i].new_widget (self->api);
      g_object_set_data (G_OBJECT (widget), "rapport-extra", (gpointer) &extras[i]);
      g_signal_connect_object (widget, "record-changed", G_CALLBACK (on_record_changed), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->extra), widget);
    }
}

/* the record as loaded or saved */
void
rapport_record_page_update_extra (RapportRecordPage *self)
{
  if (self->extra == NULL || self->entity == NULL)
    return;
  for (GtkWidget *widget = gtk_widget_get_first_child (self->extra); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      const Extra *extra = g_object_get_data (G_OBJECT (widget), "rapport-extra");

      extra->set_entity (widget, self->entity);
    }
}
