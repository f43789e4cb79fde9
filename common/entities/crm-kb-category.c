/* crm-kb-category.c: CrmKbCategory, a category of knowledge-base articles, kept as a tree */
#include "crm-kb-category.h"

#include <glib/gi18n-lib.h>

struct _CrmKbCategory
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmKbCategory, crm_kb_category, CRM_TYPE_ENTITY)

/* A category sits under its parent (none: at the top); the server refuses a
 * parent that does not exist or lies below the category itself, as for
 * case categories (server/db/rapportd-tree.c). */
static const CrmFieldSpec category_fields[] = {
  { "name",     CRM_FIELD_TEXT,      .max_len = 100, .flags = CRM_FIELD_COLUMN | CRM_FIELD_REQUIRED | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "parent",   CRM_FIELD_REFERENCE, .column = "parent_id", .json_key = "parent_id", .reference = "kb_category", .flags = CRM_FIELD_COLUMN | CRM_FIELD_FILTERABLE, .label = N_("Parent category") },
  /* siblings are listed by position, then name */
  { "position", CRM_FIELD_INT,       .flags = CRM_FIELD_SORTABLE, .default_value = "100", .label = N_("Position"), .min_value = 0, .max_value = 1000000 },
};

/* those who keep the knowledge base keep its categories */
static const char * const writers[] = { "admin", "manager", "director", NULL };

static void
crm_kb_category_class_init (CrmKbCategoryClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "kb_category", "kb-categories",
                                   category_fields, G_N_ELEMENTS (category_fields));
  crm_entity_class_set_labels (entity_class, N_("Knowledge-base category"), N_("Knowledge-base categories"));
  entity_class->write_roles = writers;
}

static void
crm_kb_category_init (CrmKbCategory *self)
{
}
