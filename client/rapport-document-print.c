/* rapport-document-print.c: RapportDocumentPrint, prints a quote, order or contract through GtkPrintOperation with the shared renderer */
#include "rapport-document-print.h"
#include "crm-document-render.h"
#include "crm-entities.h"
#include "crm-error.h"
#include "crm-json.h"
#include "crm-render-labels.h"
#include "crm-renderer.h"

#include <glib/gi18n.h>

#define SHIPPED_TEMPLATE "/org/rapport/Rapport/templates/default.json"

/* enough to find a template by name among those whose name contains it */
#define MAX_TEMPLATES 100

struct _RapportDocumentPrint
{
  GObject            parent_instance;

  RapportApi        *api;
  CrmEntity         *document;
  CrmEntity         *account;
  CrmEntity         *contact;
  CrmRenderTemplate *template;
  /* product id -> code, for the code column */
  GHashTable        *codes;
  CrmRenderer       *renderer;
};

G_DEFINE_FINAL_TYPE (RapportDocumentPrint, rapport_document_print, G_TYPE_OBJECT)

typedef struct
{
  GtkWindow               *parent;
  GtkPrintOperationAction  action;
  char                    *export_filename;
  guint                    pending;
  GError                  *error;
  GtkPrintOperation       *operation;
  gboolean                 finished;
  GCancellable            *cancellable;
  /* lay the document out and hand the renderer over, print nothing */
  gboolean                 prepare_only;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->parent);
  g_clear_object (&run->operation);
  g_clear_object (&run->cancellable);
  g_free (run->export_filename);
  g_clear_error (&run->error);
  g_free (run);
}

/**
 * rapport_document_print_shipped_template:
 * @language: (nullable): "en" or "zh_CN" to print in, or %NULL for the
 *   template's own
 *
 * Returns: (transfer full): the template shipped with Rapport, the one the
 *   server prints with when a document names no stored template
 */
CrmRenderTemplate *
rapport_document_print_shipped_template (const char *language)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (SHIPPED_TEMPLATE, 0, NULL);
  g_autoptr(GError) error = NULL;
  CrmRenderTemplate *template;

  g_assert (bytes != NULL);
  template = crm_render_template_new_from_json (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  if (language != NULL && crm_render_language_is_supported (language))
    crm_render_template_set_language (template, language);
  return template;
}

static void
begin_print (GtkPrintOperation    *operation,
             GtkPrintContext      *context,
             RapportDocumentPrint *self)
{
  guint n_pages = crm_renderer_paginate (self->renderer,
                                         gtk_print_context_get_width (context),
                                         gtk_print_context_get_height (context),
                                         gtk_print_context_get_cairo_context (context));

  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page (GtkPrintOperation    *operation,
           GtkPrintContext      *context,
           int                   page,
           RapportDocumentPrint *self)
{
  crm_renderer_draw_page (self->renderer, gtk_print_context_get_cairo_context (context), page);
}

static void
audited (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* a print made here is told to the server, which audits it like its own PDF */
static void
audit_print (GTask *task)
{
  RapportDocumentPrint *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (run->operation);
  g_autofree char *path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/printed", crm_entity_get_collection (self->document),
                                           crm_entity_get_id (self->document));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, settings ? MAX (1, gtk_print_settings_get_n_copies (settings)) : 1);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, crm_renderer_get_n_pages (self->renderer));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  rapport_api_request_async (self->api, "POST", path, body, run->cancellable, audited, g_object_ref (task));
}

/* the operation has finished, synchronously or not: said once */
static void
finish (GTask                   *task,
        GtkPrintOperationResult  result,
        GError                  *error)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) reported = NULL;

  if (run->finished)
    return;
  run->finished = TRUE;
  g_signal_handlers_disconnect_by_data (run->operation, task);
  if (error == NULL && result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (run->operation, &reported);
      error = reported;
    }
  if (error || result == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_task_return_error (task, error ? g_error_copy (error)
                                     : g_error_new_literal (CRM_ERROR, CRM_ERROR_INTERNAL, _("Printing failed")));
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    g_task_return_boolean (task, FALSE);
  /* a preview prints nothing */
  else if (run->action == GTK_PRINT_OPERATION_ACTION_PREVIEW)
    g_task_return_boolean (task, TRUE);
  else
    audit_print (task);
  g_object_unref (task);
}

static void
print_done (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            GTask                   *task)
{
  finish (task, result, NULL);
}

/* everything is fetched: what the document prints as */
static void
build_renderer (RapportDocumentPrint *self)
{
  g_autoptr(CrmRenderDocument) render = NULL;

  render = crm_document_render_new_full (self->document, self->account, self->contact,
                                         rapport_api_get_base_currency (self->api), self->codes);
  g_clear_object (&self->renderer);
  self->renderer = crm_renderer_new (self->template, render);
}

/* everything is fetched: lays the document out and prints it */
static void
print_now (GTask *task)
{
  RapportDocumentPrint *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;
  GtkPrintOperationResult result;

  build_renderer (self);

  operation = run->operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* the template has its own margins */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, crm_entity_get_text (self->document, "number"));
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (run->export_filename)
    gtk_print_operation_set_export_filename (operation, run->export_filename);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page), self, 0);
  g_signal_connect (operation, "done", G_CALLBACK (print_done), g_object_ref (task));

  result = gtk_print_operation_run (operation, run->action, run->parent, &error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    finish (task, result, error);
}

static void
part_done (GTask  *task,
           GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (error && run->error == NULL)
    run->error = g_error_copy (error);
  if (--run->pending > 0)
    return;
  if (run->error)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else if (run->prepare_only)
    {
      RapportDocumentPrint *self = g_task_get_source_object (task);

      build_renderer (self);
      g_task_return_pointer (task, g_object_ref (self->renderer), g_object_unref);
    }
  else
    print_now (task);
  g_object_unref (task);
}

static CrmEntity *
read_entity (JsonNode   *node,
             const char *collection)
{
  g_autoptr(CrmEntity) entity = crm_entity_new (crm_entities_lookup_collection (collection));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !crm_json_read_entity (entity, json_node_get_object (node), NULL))
    return NULL;
  return g_steal_pointer (&entity);
}

static void
account_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportDocumentPrint *self;

  /* cancelled: the run ends with that, and nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      part_done (task, error);
      return;
    }
  self = g_task_get_source_object (task);
  self->account = read_entity (node, "accounts");
  part_done (task, error);
}

static void
contact_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  RapportDocumentPrint *self;

  /* cancelled: the run ends with that, and nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      part_done (task, error);
      return;
    }
  /* a contact the user may not see prints without a name, not without a quote */
  self = g_task_get_source_object (task);
  self->contact = read_entity (node, "contacts");
  part_done (task, NULL);
}

static void
product_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) product = NULL;
  RapportDocumentPrint *self;

  /* cancelled: the run ends with that, and nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      part_done (task, error);
      return;
    }
  self = g_task_get_source_object (task);
  product = read_entity (node, "products");
  if (product && crm_entity_get_text (product, "code"))
    g_hash_table_insert (self->codes, g_memdup2 (&(gint64) { crm_entity_get_id (product) }, sizeof (gint64)),
                         g_strdup (crm_entity_get_text (product, "code")));
  /* a product the user may not see prints without its code */
  part_done (task, NULL);
}

/* the template the document names: a stored one, or the shipped one, as the server chooses */
static void
templates_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items = node && JSON_NODE_HOLDS_OBJECT (node)
                     ? json_object_get_array_member (json_node_get_object (node), "items") : NULL;
  RapportDocumentPrint *self;
  const char *name;

  /* cancelled: the run ends with that, and nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      part_done (task, error);
      return;
    }
  self = g_task_get_source_object (task);
  name = crm_entity_get_text (self->document, "template");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "name", NULL), name ? name : "default") == 0)
        {
          g_clear_error (&error);
          self->template = crm_render_template_new_from_json (json_object_get_string_member_with_default (item, "content", ""),
                                                              &error);
          break;
        }
    }
  if (self->template == NULL)
    {
      g_clear_error (&error);
      self->template = rapport_document_print_shipped_template (name);
    }
  part_done (task, error);
}

/* the customer, the contact, each product's code and the template: fetched
 * side by side; @task ends when all are in */
static void
fetch (RapportDocumentPrint *self,
       GTask                *task,
       Run                  *run,
       GCancellable         *cancellable)
{
  const char *name = crm_entity_get_text (self->document, "template");
  gint64 contact = crm_entity_get_int (self->document, "contact");
  g_autofree char *account_path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT, crm_entity_get_int (self->document, "account"));
  g_autofree char *escaped = g_uri_escape_string (name ? name : "default", NULL, FALSE);
  g_autofree char *templates_path = g_strdup_printf ("/templates?limit=%d&q=%s", MAX_TEMPLATES, escaped);

  GPtrArray *lines = crm_entity_get_lines (self->document);
  g_autoptr(GHashTable) products = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  run->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_clear_object (&self->account);
  g_clear_object (&self->contact);
  g_clear_object (&self->template);
  g_hash_table_remove_all (self->codes);
  for (guint i = 0; lines && i < lines->len; i++)
    {
      gint64 *product = g_new (gint64, 1);

      *product = crm_entity_get_int (lines->pdata[i], "product");
      if (*product > 0 && !g_hash_table_contains (products, product))
        g_hash_table_add (products, product);
      else
        g_free (product);
    }
  run->pending = 2 + (contact > 0 ? 1 : 0) + g_hash_table_size (products);

  rapport_api_request_async (self->api, "GET", account_path, NULL, cancellable, account_loaded, g_object_ref (task));
  if (contact > 0)
    {
      g_autofree char *contact_path = g_strdup_printf ("/contacts/%" G_GINT64_FORMAT, contact);
      rapport_api_request_async (self->api, "GET", contact_path, NULL, cancellable, contact_loaded, g_object_ref (task));
    }
  {
    GHashTableIter iter;
    gint64 *product;

    g_hash_table_iter_init (&iter, products);
    while (g_hash_table_iter_next (&iter, (gpointer *) &product, NULL))
      {
        g_autofree char *product_path = g_strdup_printf ("/products/%" G_GINT64_FORMAT, *product);
        rapport_api_request_async (self->api, "GET", product_path, NULL, cancellable, product_loaded, g_object_ref (task));
      }
  }
  rapport_api_request_async (self->api, "GET", templates_path, NULL, cancellable, templates_loaded, task);
}

/**
 * rapport_document_print_run_async:
 * @self: the print job
 * @parent: (nullable): the window a print dialog belongs to
 * @action: %GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG to ask, _PREVIEW to
 *   preview, _EXPORT to write a PDF to @export_filename
 * @export_filename: (nullable): where an export goes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when printed, cancelled or failed
 * @user_data: for @callback
 *
 * Fetches the document's customer, contact, product codes and template, then
 * prints it on A4 pages laid out by the shared renderer, as the server does
 * its PDFs, and tells the server, which audits the print.
 */
void
rapport_document_print_run_async (RapportDocumentPrint    *self,
                                  GtkWindow               *parent,
                                  GtkPrintOperationAction  action,
                                  const char              *export_filename,
                                  GCancellable            *cancellable,
                                  GAsyncReadyCallback      callback,
                                  gpointer                 user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (RAPPORT_IS_DOCUMENT_PRINT (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_document_print_run_async);
  run = g_new0 (Run, 1);
  run->parent = parent ? g_object_ref (parent) : NULL;
  run->action = action;
  run->export_filename = g_strdup (export_filename);
  fetch (self, task, run, cancellable);
}

/**
 * rapport_document_print_prepare_async:
 * @self: the print job
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the document is ready to draw, or failed
 * @user_data: for @callback
 *
 * Fetches what rapport_document_print_run_async() does, and prints
 * nothing: the renderer it gives draws the document as it would print,
 * for a preview.
 */
void
rapport_document_print_prepare_async (RapportDocumentPrint *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (RAPPORT_IS_DOCUMENT_PRINT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_document_print_prepare_async);
  run = g_new0 (Run, 1);
  run->prepare_only = TRUE;
  fetch (self, task, run, cancellable);
}

/**
 * rapport_document_print_prepare_finish:
 * @self: the print job
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the document's renderer, not laid
 *   out yet, or %NULL with @error set
 */
CrmRenderer *
rapport_document_print_prepare_finish (RapportDocumentPrint  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rapport_document_print_run_finish:
 *
 * Returns: %TRUE when printed (or exported), %FALSE when cancelled or on error
 */
gboolean
rapport_document_print_run_finish (RapportDocumentPrint  *self,
                                   GAsyncResult          *result,
                                   GError               **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rapport_document_print_dispose (GObject *object)
{
  RapportDocumentPrint *self = RAPPORT_DOCUMENT_PRINT (object);

  g_clear_object (&self->api);
  g_clear_object (&self->document);
  g_clear_object (&self->account);
  g_clear_object (&self->contact);
  g_clear_object (&self->template);
  g_clear_object (&self->renderer);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  G_OBJECT_CLASS (rapport_document_print_parent_class)->dispose (object);
}

static void
rapport_document_print_class_init (RapportDocumentPrintClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_document_print_dispose;
}

static void
rapport_document_print_init (RapportDocumentPrint *self)
{
  self->codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/**
 * rapport_document_print_new:
 * @api: the signed-in client
 * @document: a stored quote, order or contract, with its lines
 *
 * Returns: (transfer full): a print job for the document as stored
 */
RapportDocumentPrint *
rapport_document_print_new (RapportApi *api,
                            CrmEntity  *document)
{
  RapportDocumentPrint *self = g_object_new (RAPPORT_TYPE_DOCUMENT_PRINT, NULL);

  self->api = g_object_ref (api);
  self->document = g_object_ref (document);
  return self;
}
