/* crm-activity.c: CrmActivity, a call, visit, meeting, email or note on record with a customer */
#include "crm-activity.h"
#include "crm-activity-participant.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

struct _CrmActivity
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmActivity, crm_activity, CRM_TYPE_ENTITY)

/* the most participants an activity may name */
#define MAX_PARTICIPANTS 100

static const char * const kinds[] = { "call", "visit", "meeting", "email", "note", NULL };

static const char * const kind_labels[] = {
  NC_("activity kind", "Call"), NC_("activity kind", "Visit"), NC_("activity kind", "Meeting"),
  NC_("activity kind", "Email"), NC_("activity kind", "Note"), NULL
};

/* open: its owner may still edit it; closed: its edit window has passed,
 * and it is changed only by a correction, a new activity linked to it;
 * corrected: it has that correction */
static const char * const statuses[] = { "open", "closed", "corrected", NULL };

static const char * const status_labels[] = {
  NC_("activity", "Open for edits"), NC_("activity", "Closed"), NC_("activity", "Corrected"), NULL
};

static const char * const closed_statuses[] = { "closed", NULL };

/* a closed activity is corrected by a new one, which the page opens */
static const CrmRecordAction actions[] = {
  { "corrections", N_("Correct…"), closed_statuses, "activity", "reason" },
  { NULL },
};

const char * const crm_activity_related_fields[] = { "account", "contact", "lead", "opportunity", NULL };

static const CrmFieldSpec activity_fields[] = {
  { "kind",              CRM_FIELD_ENUM,      .enum_values = kinds, .enum_labels = kind_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = NC_("activity kind", "Kind"), .context = "activity kind", .default_value = "call" },
  { "subject",           CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Subject") },
  { "discussion",        CRM_FIELD_LONG_TEXT, .max_len = 20000, .label = N_("What was discussed") },
  { "outcome",           CRM_FIELD_LONG_TEXT, .max_len = 5000, .label = N_("Outcome") },
  { "next_step",         CRM_FIELD_TEXT,      .max_len = 500, .label = N_("Next step") },
  { "next_step_on",      CRM_FIELD_DATE,      .flags = CRM_FIELD_SORTABLE, .label = N_("Next step date") },
  { "starts_at",         CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_COLUMN | CRM_FIELD_SORTABLE, .label = N_("Starts") },
  { "ends_at",           CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_SORTABLE, .label = N_("Ends") },
  { "place",             CRM_FIELD_TEXT,      .max_len = 200, .label = N_("Place") },
  { "account",           CRM_FIELD_REFERENCE, .column = "account_id", .json_key = "account_id", .reference = "account", .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Account") },
  { "contact",           CRM_FIELD_REFERENCE, .column = "contact_id", .json_key = "contact_id", .reference = "contact", .flags = CRM_FIELD_FILTERABLE, .label = N_("Contact") },
  { "lead",              CRM_FIELD_REFERENCE, .column = "lead_id", .json_key = "lead_id", .reference = "lead", .flags = CRM_FIELD_FILTERABLE, .label = N_("Lead") },
  { "opportunity",       CRM_FIELD_REFERENCE, .column = "opportunity_id", .json_key = "opportunity_id", .reference = "opportunity", .flags = CRM_FIELD_FILTERABLE, .label = N_("Opportunity") },
  { "owner",             CRM_FIELD_REFERENCE, .column = "owner_id", .json_key = "owner_id", .reference = "user", .flags = CRM_FIELD_OWNER | CRM_FIELD_FILTERABLE, .label = N_("Owner") },
  { "status",            CRM_FIELD_ENUM,      .enum_values = statuses, .enum_labels = status_labels, .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = NC_("activity", "Status"), .context = "activity", .default_value = "open" },
  { "editable_until",    CRM_FIELD_TIMESTAMP, .flags = CRM_FIELD_READONLY, .label = N_("Editable until") },
  { "corrects",          CRM_FIELD_REFERENCE, .column = "corrects_id", .json_key = "corrects_id", .reference = "activity", .flags = CRM_FIELD_READONLY | CRM_FIELD_FILTERABLE, .label = N_("Corrects") },
  { "correction_reason", CRM_FIELD_TEXT,      .max_len = 500, .flags = CRM_FIELD_READONLY, .label = N_("Reason for the correction") },
  { "corrected_by",      CRM_FIELD_REFERENCE, .column = "corrected_by_id", .json_key = "corrected_by_id", .reference = "activity", .flags = CRM_FIELD_READONLY, .label = N_("Corrected by") },
};

/**
 * crm_activity_relates_to_something:
 * @activity: an activity
 *
 * Returns: whether @activity names an account, a contact, a lead or an opportunity
 */
gboolean
crm_activity_relates_to_something (CrmEntity *activity)
{
  CrmEntityClass *klass;

  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), FALSE);

  klass = CRM_ENTITY_GET_CLASS (activity);
  for (guint i = 0; crm_activity_related_fields[i] != NULL; i++)
    {
      int field = crm_entity_class_find_field (klass, crm_activity_related_fields[i]);

      if (crm_entity_has_value (activity, field) && !crm_entity_value (activity, field)->is_null)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_participants (CrmEntity  *self,
                    GError    **error)
{
  GPtrArray *participants = crm_entity_get_lines (self);

  if (participants == NULL)
    return TRUE;
  if (participants->len > MAX_PARTICIPANTS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "participants",
                                 _("An activity has at most %u participants"), MAX_PARTICIPANTS);
      return FALSE;
    }
  for (guint i = 0; i < participants->len; i++)
    {
      CrmEntity *participant = participants->pdata[i];
      CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (participant);
      int user = crm_entity_class_find_field (klass, "user");
      int contact = crm_entity_class_find_field (klass, "contact");
      gboolean has_user = crm_entity_has_value (participant, user) && !crm_entity_value (participant, user)->is_null;
      gboolean has_contact = crm_entity_has_value (participant, contact) && !crm_entity_value (participant, contact)->is_null;

      if (has_user == has_contact)
        {
          crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "participants",
                                     _("Participant %u: name either a colleague (user_id) or a contact (contact_id)"), i + 1);
          return FALSE;
        }
      crm_entity_set_int (participant, "position", i);
    }
  return TRUE;
}

/* An activity relates to a customer's record, ends no earlier than it
 * starts, and names each participant once as a colleague or a contact. */
static gboolean
crm_activity_derive (CrmEntity    *self,
                     CrmRounding   rounding,
                     GError      **error)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (self);
  CrmValue *starts = crm_entity_value (self, crm_entity_class_find_field (klass, "starts_at"));
  CrmValue *ends = crm_entity_value (self, crm_entity_class_find_field (klass, "ends_at"));

  if (!crm_activity_relates_to_something (self))
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "account_id",
                                 _("An activity relates to an account, a contact, a lead or an opportunity: name at least one"));
      return FALSE;
    }
  if (starts->set && !starts->is_null && ends->set && !ends->is_null && ends->i < starts->i)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "ends_at",
                                 _("An activity ends no earlier than it starts"));
      return FALSE;
    }
  return check_participants (self, error);
}

static void
crm_activity_class_init (CrmActivityClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "activity", "activities",
                                   activity_fields, G_N_ELEMENTS (activity_fields));
  crm_entity_class_set_labels (entity_class, N_("Activity"), N_("Activities"));
  entity_class->line_type = CRM_TYPE_ACTIVITY_PARTICIPANT;
  entity_class->lines_member = "participants";
  entity_class->derive = crm_activity_derive;
  entity_class->actions = actions;
}

static void
crm_activity_init (CrmActivity *self)
{
}
