/* crm-team.c: CrmTeam, a department or sub-team; teams form a tree */
#include "crm-team.h"

#include <glib/gi18n-lib.h>

struct _CrmTeam
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmTeam, crm_team, CRM_TYPE_ENTITY)

static const CrmFieldSpec team_fields[] = {
  { "name",   CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "parent", CRM_FIELD_REFERENCE, .column = "parent_id", .json_key = "parent_id", .reference = "team", .flags = CRM_FIELD_FILTERABLE, .label = N_("Parent team") },
};

static void
crm_team_class_init (CrmTeamClass *klass)
{
  crm_entity_class_install_fields (CRM_ENTITY_CLASS (klass), "team", "teams",
                                   team_fields, G_N_ELEMENTS (team_fields));
  crm_entity_class_set_labels (CRM_ENTITY_CLASS (klass), N_("Team"), N_("Teams"));
  CRM_ENTITY_CLASS (klass)->admin_writes = TRUE;
}

static void
crm_team_init (CrmTeam *self)
{
}
