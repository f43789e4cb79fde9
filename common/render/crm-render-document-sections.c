/* crm-render-document-sections.c: a record's file as sections of labelled values, the content of a CrmRenderDocument */
#include "crm-render-document-private.h"

void
crm_render_section_free (gpointer data)
{
  CrmRenderSection *section = data;

  g_free (section->heading);
  g_ptr_array_unref (section->labels);
  g_ptr_array_unref (section->values);
  g_free (section);
}

/**
 * crm_render_document_add_section:
 * @self: a document
 * @heading: the section's heading, printed as given
 *
 * Starts a section of a record's file (a complaint file's "Assessment"):
 * the fields added next print under @heading, a label beside each value.
 */
void
crm_render_document_add_section (CrmRenderDocument *self,
                                 const char        *heading)
{
  CrmRenderSection *section;

  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (heading != NULL);

  if (self->sections == NULL)
    self->sections = g_ptr_array_new_with_free_func (crm_render_section_free);
  section = g_new0 (CrmRenderSection, 1);
  section->heading = g_strdup (heading);
  section->labels = g_ptr_array_new_with_free_func (g_free);
  section->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->sections, section);
}

/**
 * crm_render_document_add_field:
 * @self: a document with a section
 * @label: what the value is, printed as given
 * @value: (nullable): the value, already formatted; long text wraps and
 *   "\n" breaks a line; %NULL prints as a dash
 *
 * Adds a row to the last section.
 */
void
crm_render_document_add_field (CrmRenderDocument *self,
                               const char        *label,
                               const char        *value)
{
  CrmRenderSection *section;

  g_return_if_fail (CRM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (self->sections != NULL && self->sections->len > 0);

  section = g_ptr_array_index (self->sections, self->sections->len - 1);
  g_ptr_array_add (section->labels, g_strdup (label));
  g_ptr_array_add (section->values, g_strdup (value != NULL && value[0] != '\0' ? value : "—"));
}

guint
crm_render_document_get_n_sections (CrmRenderDocument *self)
{
  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), 0);
  return self->sections != NULL ? self->sections->len : 0;
}

/**
 * crm_render_document_get_section:
 * @self: a document
 * @index: which section
 * @n_fields: (out) (optional): how many rows it has
 *
 * Returns: (transfer none): its heading
 */
const char *
crm_render_document_get_section (CrmRenderDocument *self,
                                 guint              index,
                                 guint             *n_fields)
{
  CrmRenderSection *section;

  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < crm_render_document_get_n_sections (self), NULL);

  section = g_ptr_array_index (self->sections, index);
  if (n_fields != NULL)
    *n_fields = section->labels->len;
  return section->heading;
}

/**
 * crm_render_document_get_field:
 * @self: a document
 * @section: which section
 * @index: which row of it
 * @value: (out) (transfer none): its value
 *
 * Returns: (transfer none): its label
 */
const char *
crm_render_document_get_field (CrmRenderDocument  *self,
                               guint               section,
                               guint               index,
                               const char        **value)
{
  CrmRenderSection *s;

  g_return_val_if_fail (CRM_IS_RENDER_DOCUMENT (self), NULL);
  g_return_val_if_fail (section < crm_render_document_get_n_sections (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  s = g_ptr_array_index (self->sections, section);
  g_return_val_if_fail (index < s->labels->len, NULL);
  *value = g_ptr_array_index (s->values, index);
  return g_ptr_array_index (s->labels, index);
}
