/* crm-activity-participant.c: CrmActivityParticipant, a colleague or a contact who took part in an activity */
#include "crm-activity-participant.h"

#include <glib/gi18n-lib.h>

struct _CrmActivityParticipant
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmActivityParticipant, crm_activity_participant, CRM_TYPE_ENTITY)

/* one row a person, either a user (a colleague) or a contact, kept in a
 * table of its own so that "the activities I took part in" is a query */
static const CrmFieldSpec participant_fields[] = {
  { "position", CRM_FIELD_INT,       .flags = CRM_FIELD_READONLY | CRM_FIELD_SORTABLE, .label = N_("Position") },
  { "user",     CRM_FIELD_REFERENCE, .column = "user_id", .json_key = "user_id", .reference = "user", .flags = CRM_FIELD_COLUMN, .label = N_("Colleague") },
  { "contact",  CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_COLUMN, .label = N_("Contact") },
};

static void
crm_activity_participant_class_init (CrmActivityParticipantClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "activity_participant", "activity_participants",
                                   participant_fields, G_N_ELEMENTS (participant_fields));
  crm_entity_class_set_labels (entity_class, N_("Participant"), N_("Participants"));
  entity_class->parent_column = "activity_id";
}

static void
crm_activity_participant_init (CrmActivityParticipant *self)
{
}
