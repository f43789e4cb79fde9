/* crm-case-category.c: CrmCaseCategory, a category of service cases; administrators keep them as a tree */
#include "crm-case-category.h"

#include <glib/gi18n-lib.h>

struct _CrmCaseCategory
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmCaseCategory, crm_case_category, CRM_TYPE_ENTITY)

/* A category sits under its parent (none: at the top). The server refuses
 * a parent that does not exist or lies below the category itself
 * (server/db/rapportd-case-categories.c). Names repeat across branches
 * ("Other" under each). A case is given only an active category that is
 * not archived; the cases that have one keep it when it is retired. */
static const CrmFieldSpec category_fields[] = {
  { "name",     CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "parent",   CRM_FIELD_REFERENCE, .column = "parent_id", .json_key = "parent_id", .reference = "case_category", .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Parent category") },
  /* not a column: a chooser names a category by its name and its parent's */
  { "active",   CRM_FIELD_BOOL,      .flags = CRM_FIELD_FILTERABLE, .label = N_("Active"), .default_value = "true" },
  /* siblings are listed by position, then name */
  { "position", CRM_FIELD_INT,       .flags = CRM_FIELD_SORTABLE, .default_value = "100", .label = N_("Position"), .min_value = 0, .max_value = 1000000 },
  /* a case given this category, or one below it, is a complaint */
  { "complaints", CRM_FIELD_BOOL,    .flags = CRM_FIELD_FILTERABLE, .label = N_("Its cases are complaints"), .default_value = "false" },
};

static void
crm_case_category_class_init (CrmCaseCategoryClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "case_category", "case-categories",
                                   category_fields, G_N_ELEMENTS (category_fields));
  crm_entity_class_set_labels (entity_class, N_("Case category"), N_("Case categories"));
  entity_class->admin_writes = TRUE;
}

static void
crm_case_category_init (CrmCaseCategory *self)
{
}
