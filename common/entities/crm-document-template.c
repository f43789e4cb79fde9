/* crm-document-template.c: CrmDocumentTemplate, a named print template (company block, columns, language) kept by administrators */
#include "crm-document-template.h"
#include "crm-error.h"
#include "crm-render-template.h"

#include <glib/gi18n-lib.h>

struct _CrmDocumentTemplate
{
  CrmEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmDocumentTemplate, crm_document_template, CRM_TYPE_ENTITY)

/* The content is the template's JSON (crm-render-template.h). Every save
 * is a new version of the record; an issued document records the version
 * it was printed with, and the audit trail keeps each version's content. */
static const CrmFieldSpec template_fields[] = {
  { "name",        CRM_FIELD_TEXT,      .max_len = 64, .flags = CRM_FIELD_REQUIRED | CRM_FIELD_UNIQUE | CRM_FIELD_COLUMN | CRM_FIELD_SEARCHABLE | CRM_FIELD_SORTABLE, .label = N_("Name") },
  { "description", CRM_FIELD_TEXT,      .max_len = 200, .flags = CRM_FIELD_COLUMN, .label = N_("Description") },
  { "content",     CRM_FIELD_LONG_TEXT, .max_len = 1500000, .flags = CRM_FIELD_REQUIRED, .label = N_("Template") },
};

/* a template is stored only if it prints */
static gboolean
crm_document_template_derive (CrmEntity    *self,
                              CrmRounding   rounding,
                              GError      **error)
{
  g_autoptr(CrmRenderTemplate) template = NULL;
  g_autoptr(GError) problem = NULL;
  const char *content = crm_entity_get_text (self, "content");

  template = crm_render_template_new_from_json (content ? content : "", &problem);
  if (template != NULL)
    return TRUE;
  crm_error_set_nested_field_error (error, "content", problem);
  return FALSE;
}

static void
crm_document_template_class_init (CrmDocumentTemplateClass *klass)
{
  CrmEntityClass *entity_class = CRM_ENTITY_CLASS (klass);

  crm_entity_class_install_fields (entity_class, "template", "templates", template_fields, G_N_ELEMENTS (template_fields));
  crm_entity_class_set_labels (entity_class, N_("Print template"), N_("Print templates"));
  entity_class->admin_writes = TRUE;
  entity_class->derive = crm_document_template_derive;
}

static void
crm_document_template_init (CrmDocumentTemplate *self)
{
}
