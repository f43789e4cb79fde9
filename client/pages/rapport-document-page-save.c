/* rapport-document-page-save.c: saving a document's header and lines, and meeting someone else's newer version */
#include "rapport-document-page-private.h"
#include "crm-error.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* after someone else saved first: their version, with the user's edits on top */
static void
latest_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportDocumentPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) latest = NULL;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((latest = node ? rapport_document_page_entity_from_node (self, node, &error) : NULL) == NULL)
    {
      rapport_document_page_show_error (self, error);
      return;
    }
  g_set_object (&self->entity, latest);
  rapport_entity_form_rebase (self->form, latest);
  if (!rapport_document_lines_get_dirty (self->lines))
    rapport_document_lines_set_lines (self->lines, crm_entity_get_lines (latest));
  message = g_strdup_printf (_("%s Your changes are kept on top of the newer version: save again to apply them."),
                             gtk_label_get_text (self->error_label));
  gtk_label_set_text (self->error_label, message);
  if (!rapport_document_page_may_change (self))
    rapport_document_page_set_editable (self, FALSE);
  rapport_document_page_reprice (self);
  rapport_document_page_update_title (self);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  RapportDocumentPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) entity = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  entity = node ? rapport_document_page_entity_from_node (self, node, &error) : NULL;
  if (entity == NULL)
    {
      /* what the user typed stays; the server's word is shown with it, and
       * told where it is seen when the field it names is far from the top */
      rapport_document_page_show_error (self, error);
      rapport_document_page_toast (self, error->message);
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT) && self->id != 0)
        {
          g_autofree char *path = rapport_document_page_path (self, NULL);
          rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, latest_loaded, self);
        }
      return;
    }
  rapport_retry_key_clear (&self->create_key);
  rapport_document_page_show_error (self, NULL);
  rapport_document_page_set_entity (self, entity);
  rapport_document_page_toast (self, _("Saved"));
  rapport_document_page_emit_changed (self);
}

/* a new document takes the preset values the user left alone */
static void
apply_preset (RapportDocumentPage *self,
              CrmEntity           *patch)
{
  g_autoptr(JsonNode) node = NULL;
  CrmEntityClass *klass = rapport_document_page_entity_class (self);
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (self->preset == NULL)
    return;
  node = json_gvariant_serialize (self->preset);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &member, &value))
    {
      int field = crm_entity_class_find_json_key (klass, member);
      g_autoptr(JsonObject) one = NULL;

      if (field < 0 || crm_entity_value (patch, field)->set)
        continue;
      one = json_object_new ();
      json_object_set_member (one, member, json_node_copy (value));
      crm_json_read_entity (patch, one, NULL);
    }
}

/**
 * rapport_document_page_save:
 * @self: the page
 *
 * Sends the header's changes and the lines, with the version they were
 * made on; the server prices them by the rules the totals shown follow.
 */
void
rapport_document_page_save (RapportDocumentPage *self)
{
  g_autoptr(CrmEntity) patch = crm_entity_new (self->entity_type);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonNode) body = NULL;
  gboolean header_changed, lines_changed;

  if (self->saving || !self->editable || (self->id != 0 && self->entity == NULL))
    return;
  if (!rapport_entity_form_check (self->form, &error) ||
      (lines = rapport_document_lines_build (self->lines, &error)) == NULL)
    {
      rapport_document_page_show_error (self, error);
      return;
    }
  header_changed = rapport_entity_form_fill_changes (self->form, patch);
  lines_changed = self->id == 0 || rapport_document_lines_get_dirty (self->lines);
  if (!header_changed && !lines_changed)
    {
      rapport_document_page_toast (self, _("No changes to save"));
      return;
    }
  if (self->id == 0)
    {
      rapport_entity_form_fill_defaults (self->form, patch);
      apply_preset (self, patch);
    }
  if (lines_changed)
    crm_entity_set_lines (patch, g_steal_pointer (&lines));
  if (!crm_entity_validate (patch, self->id ? CRM_VALIDATE_PATCH : CRM_VALIDATE_CREATE, &error))
    {
      rapport_document_page_show_error (self, error);
      return;
    }
  if (self->id != 0)
    crm_entity_set_version (patch, crm_entity_get_version (self->entity));
  body = crm_json_from_entity_set (patch);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  if (self->id == 0)
    {
      g_autofree char *path = g_strdup_printf ("/%s", rapport_document_page_entity_class (self)->collection);
      rapport_api_post_async (self->api, path, body, rapport_retry_key_for (&self->create_key, body),
                              self->cancellable, saved, self);
    }
  else
    {
      g_autofree char *path = rapport_document_page_path (self, NULL);
      rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, saved, self);
    }
}
