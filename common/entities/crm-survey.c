/* crm-survey.c: CrmSurvey, a satisfaction survey's definition: what the customer is asked, and when it is sent */
#include "crm-survey.h"
#include "crm-survey-questions.h"

#include <glib/gi18n-lib.h>

struct _CrmSurvey
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmSurvey, crm_survey, CRM_TYPE_ENTITY)

/* kept by administrators and service managers; every role reads them */
static const char * const writers[] = { "admin", "manager", NULL };

/* the language of the customer's page */
static const char * const languages[] = { "en", "zh-CN", NULL };
static const char * const language_labels[] = { NC_("survey", "English"), NC_("survey", "Simplified Chinese"), NULL };

/* manual: sent to the contacts staff choose; case_closed: once for each
 * case that closes, of the category (and below) when one is given */
static const char * const triggers[] = { "manual", "case_closed", NULL };
static const char * const trigger_labels[] = { N_("Sent by hand"), N_("When a case closes"), NULL };

static const CrmFieldSpec survey_fields[] = {
  { "name",            CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "title",           CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_COLUMN, .label = N_("Title shown to the customer") },
  { "intro",           CRM_FIELD_LONG_TEXT, .max_len = 2000, .label = N_("Introduction shown to the customer") },
  { "language",        CRM_FIELD_ENUM,      .enum_values = languages, .enum_labels = language_labels, .flags = CRM_FIELD_FILTERABLE, .default_value = "en", .label = NC_("survey", "Language"), .context = "survey" },
  /* a JSON array of questions (crm-survey-questions.h), checked on every save */
  { "questions",       CRM_FIELD_LONG_TEXT, .max_len = 100000, .flags = CRM_FIELD_REQUIRED, .label = N_("Questions"),
    .text_format = "survey-questions" },
  { "trigger",         CRM_FIELD_ENUM,      .enum_values = triggers, .enum_labels = trigger_labels, .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .default_value = "manual", .label = N_("Sent") },
  { "category",        CRM_FIELD_REFERENCE, .column = "category_id", .json_key = "category_id", .reference = "case_category", .flags = CRM_FIELD_FILTERABLE, .label = N_("Only cases of the category") },
  { "link_valid_days", CRM_FIELD_INT,       .default_value = "14", .min_value = 1, .max_value = 365, .label = N_("Link valid for days") },
  { "active",          CRM_FIELD_BOOL,      .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .default_value = "true", .label = N_("Active") },
};

/* a survey is stored only with questions that parse and hold together */
static gboolean
crm_survey_derive (CrmEntity    *self,
                   CrmRounding   rounding,
                   GError      **error)
{
  const char *questions = crm_entity_get_text (self, "questions");
  g_autoptr(GPtrArray) parsed = crm_survey_questions_parse (questions ? questions : "", error);

  return parsed != NULL;
}

static void
crm_survey_class_init (CrmSurveyClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "survey", "surveys",
                                   survey_fields, G_N_ELEMENTS (survey_fields));
  crm_entity_class_set_labels (entity_class, N_("Survey"), N_("Surveys"));
  entity_class->write_roles = writers;
  entity_class->derive = crm_survey_derive;
}

static void
crm_survey_init (CrmSurvey *self)
{
}
