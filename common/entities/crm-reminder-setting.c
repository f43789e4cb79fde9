/* crm-reminder-setting.c: CrmReminderSetting, the company's setting of one kind of automatic reminder */
#include "crm-reminder-setting.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

struct _CrmReminderSetting
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmReminderSetting, crm_reminder_setting, CRM_TYPE_ENTITY)

/* one record of each kind, made by the migration that made the table */
static const char * const kinds[] = { "contract_end", "quote_expiry", "no_activity", "birthday", NULL };

static const char * const kind_labels[] = {
  N_("Contract ending"), N_("Quote expiring"), N_("Customer without activity"), N_("Contact's birthday"), NULL
};

static const CrmFieldSpec reminder_setting_fields[] = {
  { "kind",    CRM_FIELD_ENUM, .enum_values = kinds, .enum_labels = kind_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_READONLY | CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, .label = N_("Reminder") },
  { "enabled", CRM_FIELD_BOOL, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Turned on"), .default_value = "false" },
  /* days ahead of the date (contract end, quote expiry, birthday: 0 on the
   * day itself), or the days without activity that make a customer due */
  { "days",    CRM_FIELD_INT,  .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED, .label = N_("Days"), .min_value = 0, .max_value = 365 },
};

/* a customer is due after at least a day without activity; a birthday is
 * told at most a month ahead */
static gboolean
crm_reminder_setting_derive (CrmEntity    *self,
                             CrmRounding   rounding,
                             GError      **error)
{
  const char *kind = crm_entity_get_text (self, "kind");
  gint64 days = crm_entity_get_int (self, "days");

  if (g_strcmp0 (kind, "no_activity") == 0 && days < 1)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "days",
                                 _("A customer is reminded of after at least one day without activity"));
      return FALSE;
    }
  if (g_strcmp0 (kind, "birthday") == 0 && days > CRM_REMINDER_BIRTHDAY_MAX_DAYS)
    {
      crm_error_set_field_error (error, CRM_ERROR_VALIDATION, "days",
                                 _("A birthday is reminded of at most %d days ahead"), CRM_REMINDER_BIRTHDAY_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

static void
crm_reminder_setting_class_init (CrmReminderSettingClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "reminder_setting", "reminder-settings",
                                   reminder_setting_fields, G_N_ELEMENTS (reminder_setting_fields));
  crm_entity_class_set_labels (entity_class, N_("Automatic reminder"), N_("Automatic reminders"));
  entity_class->admin_writes = TRUE;
  entity_class->never_archived = TRUE;
  entity_class->derive = crm_reminder_setting_derive;
}

static void
crm_reminder_setting_init (CrmReminderSetting *self)
{
}

/**
 * crm_reminder_setting_kinds:
 *
 * Returns: (transfer none): the kinds of automatic reminder, in order
 */
const char * const *
crm_reminder_setting_kinds (void)
{
  return kinds;
}
