/* rapport-record-page-duplicates.c: before a new account, contact or lead is saved, its possible duplicates, and what the user does about them */
#include "rapport-record-page-private.h"
#include "rapport-window.h"
#include "widgets/rapport-duplicate-dialog.h"
#include "crm-entities.h"
#include "crm-error.h"

#include <glib/gi18n.h>

/*
 * A new record of a kind the server checks for duplicates is first sent
 * to POST /{collection}/duplicates. Without a match it is created at once;
 * with one, a dialog lists them: "Open" opens the match (the new record is
 * not saved), "Merge into this" makes what was typed a change of the match
 * (a PATCH with its version) and opens it, "Save anyway" creates the record
 * with the reason given (X-Change-Reason, kept in the audit trail).
 * Every callback returns at once when cancelled: the page may be gone.
 */

#define PENDING "rapport-pending-create"

static gboolean
class_is_checked (CrmEntityClass *klass)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].flags & CRM_FIELD_DUPLICATE_KEY)
      return TRUE;
  return FALSE;
}

static CrmEntityClass *
page_class (RapportRecordPage *self)
{
  return g_type_class_peek (self->entity_type);
}

static void
open_match (RapportRecordPage *self,
            const char        *entity,
            gint64             id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GType type = crm_entities_lookup_name (entity);

  rapport_record_page_end_saving (self);
  if (RAPPORT_IS_WINDOW (root) && type != G_TYPE_INVALID)
    rapport_window_open_record (RAPPORT_WINDOW (root), ((CrmEntityClass *) g_type_class_peek (type))->collection,
                                id, NULL);
}

static void
merged (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *record;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      rapport_record_page_end_saving (self);
      rapport_record_page_show_error (self, error);
      return;
    }
  record = json_node_get_object (node);
  open_match (self, page_class (self)->entity_name, json_object_get_int_member_with_default (record, "id", 0));
}

/* the match as stored: what was typed and differs from it is its change */
static void
match_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(JsonNode) patch_node = NULL;
  g_autofree char *path = NULL;
  JsonNode *body;
  JsonObject *match;
  JsonObject *patch;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      rapport_record_page_end_saving (self);
      rapport_record_page_show_error (self, error);
      return;
    }
  body = g_object_get_data (G_OBJECT (self), PENDING);
  match = json_node_get_object (node);
  patch = json_object_new ();
  json_object_iter_init (&iter, json_node_get_object (body));
  while (json_object_iter_next (&iter, &member, &value))
    {
      JsonNode *theirs = json_object_get_member (match, member);

      if (theirs == NULL || !json_node_equal (theirs, value))
        json_object_set_member (patch, member, json_node_copy (value));
    }
  json_object_set_int_member (patch, "version", json_object_get_int_member_with_default (match, "version", 0));
  patch_node = json_node_init_object (json_node_alloc (), patch);
  json_object_unref (patch);
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, page_class (self)->collection,
                          json_object_get_int_member_with_default (match, "id", 0));
  rapport_api_request_async (self->api, "PATCH", path, patch_node, self->cancellable, merged, self);
}

static void
dialog_response (RapportDuplicateDialog *dialog,
                 const char             *response,
                 RapportRecordPage      *self)
{
  JsonNode *body = g_object_get_data (G_OBJECT (self), PENDING);
  const char *entity = g_object_get_data (G_OBJECT (dialog), "entity");
  const gint64 *id = g_object_get_data (G_OBJECT (dialog), "id");

  /* a choice closes the dialog, which answers its close response too */
  if (g_object_get_data (G_OBJECT (dialog), "answered") != NULL || body == NULL)
    return;
  g_object_set_data (G_OBJECT (dialog), "answered", GINT_TO_POINTER (TRUE));
  if (g_str_equal (response, "save"))
    {
      g_autofree char *reason = rapport_duplicate_dialog_get_reason (dialog);

      rapport_record_page_send_create (self, body, reason);
    }
  else if (g_str_equal (response, "open") && entity != NULL && id != NULL)
    open_match (self, entity, *id);
  else if (g_str_equal (response, "merge") && entity != NULL && id != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, page_class (self)->collection, *id);

      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, match_loaded, self);
    }
  else
    rapport_record_page_end_saving (self);
}

static void
duplicates_checked (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RapportRecordPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonNode *body;
  JsonArray *matches;
  RapportDuplicateDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  body = g_object_get_data (G_OBJECT (self), PENDING);
  matches = node && JSON_NODE_HOLDS_OBJECT (node) &&
            json_object_has_member (json_node_get_object (node), "possible_duplicates")
            ? json_object_get_array_member (json_node_get_object (node), "possible_duplicates") : NULL;
  /* no match, or no answer: the create itself is checked again by the server */
  if (matches == NULL || json_array_get_length (matches) == 0)
    {
      rapport_record_page_send_create (self, body, NULL);
      return;
    }
  dialog = rapport_duplicate_dialog_new (GTK_WIDGET (self), page_class (self)->entity_name, matches);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rapport_record_page_create:
 * @self: the page of a new record
 * @body: the record as it is to be created
 *
 * Creates the record, first asking the server for its possible duplicates
 * where its kind is checked, and the user what to do about them.
 */
void
rapport_record_page_create (RapportRecordPage *self,
                            JsonNode          *body)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RAPPORT_IS_RECORD_PAGE (self));
  g_return_if_fail (body != NULL);

  if (!class_is_checked (page_class (self)))
    {
      rapport_record_page_send_create (self, body, NULL);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), PENDING, json_node_ref (body), (GDestroyNotify) json_node_unref);
  path = g_strdup_printf ("/%s/duplicates", page_class (self)->collection);
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, duplicates_checked, self);
}
