/* rapport-document-page.c: RapportDocumentPage, a quote, order or contract: header, lines, live totals, steps, printing */
#include "rapport-document-page-private.h"
#include "rapport-window.h"
#include "widgets/rapport-attachments.h"
#include "widgets/rapport-discard-dialog.h"
#include "widgets/rapport-reference-row.h"
#include "widgets/rapport-save-button.h"
#include "crm-document-pricing.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-json.h"
#include "crm-pricing.h"

#include <adwaita.h>
#include <glib/gi18n.h>


G_DEFINE_FINAL_TYPE (RapportDocumentPage, rapport_document_page, GTK_TYPE_WIDGET)

enum
{
  CLOSED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
rapport_document_page_emit_changed (RapportDocumentPage *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

enum
{
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CrmEntityClass *
rapport_document_page_entity_class (RapportDocumentPage *self)
{
  return g_type_class_peek (self->entity_type);
}

char *
rapport_document_page_path (RapportDocumentPage *self,
                            const char          *suffix)
{
  return g_strdup_printf ("/%s/%" G_GINT64_FORMAT "%s", rapport_document_page_entity_class (self)->collection, self->id,
                          suffix ? suffix : "");
}

void
rapport_document_page_toast (RapportDocumentPage *self,
                             const char          *message)
{
  rapport_window_toast_for (GTK_WIDGET (self), message);
}

static gboolean
is_dirty (RapportDocumentPage *self)
{
  return self->editable && (rapport_entity_form_is_dirty (self->form) || rapport_document_lines_get_dirty (self->lines));
}

/* Save is the suggested action only while the header or the lines differ from what was loaded */
static void
update_save_button (RapportDocumentPage *self)
{
  rapport_save_button_set_unsaved (self->save_button, is_dirty (self));
}

/* an error inline, its field marked: a header row, or a line's cell */
void
rapport_document_page_show_error (RapportDocumentPage *self,
                                  const GError        *error)
{
  const char *field = error ? crm_error_get_field (error) : NULL;

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  rapport_entity_form_clear_errors (self->form);
  rapport_document_lines_show_error (self->lines, NULL);
  if (field && g_str_has_prefix (field, "lines["))
    rapport_document_lines_show_error (self->lines, field);
  else if (field)
    rapport_entity_form_show_error (self->form, field);
}

/* the header's pricing inputs as typed, checked by the pricing rules */
static CrmEntity *
header_document (RapportDocumentPage  *self,
                 GError              **error)
{
  g_autoptr(CrmEntity) document = crm_entity_new (self->entity_type);
  g_autofree char *currency = rapport_entity_form_get_text (self->form, "currency");
  g_autofree char *pricing = rapport_entity_form_get_text (self->form, "pricing");
  g_autofree char *discount = rapport_entity_form_get_text (self->form, "header_discount");
  g_autofree char *rate = rapport_entity_form_get_text (self->form, "exchange_rate");
  CrmMoney header_discount, exchange_rate;

  if (!crm_pricing_parse_header (discount && discount[0] ? discount : NULL, rate && rate[0] ? rate : NULL,
                                 &header_discount, &exchange_rate, error))
    return NULL;
  crm_entity_set_text (document, "currency", currency && currency[0] ? currency : NULL);
  crm_entity_set_text (document, "pricing", pricing && pricing[0] ? pricing : NULL);
  crm_entity_set_money (document, "header_discount", header_discount);
  crm_entity_set_money (document, "exchange_rate", exchange_rate);
  return g_steal_pointer (&document);
}

/* the totals as the server will store them, from what is typed now */
void
rapport_document_page_reprice (RapportDocumentPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(CrmEntity) document = NULL;

  if (!self->editable)
    {
      if (self->entity)
        rapport_document_totals_show (self->totals, self->entity, rapport_api_get_base_currency (self->api));
      rapport_approval_panel_set_record (self->approvals, rapport_document_page_entity_class (self)->collection, self->id, self->entity);
      return;
    }
  lines = rapport_document_lines_build (self->lines, &error);
  if (lines)
    document = header_document (self, &error);
  if (document)
    {
      crm_entity_set_lines (document, g_ptr_array_ref (lines));
      if (!crm_document_price (document, rapport_api_get_rounding (self->api), &error))
        g_clear_object (&document);
    }
  if (document == NULL)
    {
      rapport_document_lines_set_results (self->lines, NULL);
      rapport_document_totals_show_error (self->totals, error);
      return;
    }
  rapport_document_lines_set_results (self->lines, crm_entity_get_lines (document));
  rapport_document_totals_show (self->totals, document, rapport_api_get_base_currency (self->api));
  /* who will approve it, from what is typed now, and its approval history */
  rapport_approval_panel_set_record (self->approvals, rapport_document_page_entity_class (self)->collection, self->id, document);
}

static const char *
status_label (RapportDocumentPage *self)
{
  CrmEntityClass *klass = rapport_document_page_entity_class (self);
  const char *status = self->entity ? crm_entity_get_text (self->entity, "status") : NULL;
  int field = crm_entity_class_find_field (klass, "status");

  return status && field >= 0 ? crm_field_spec_enum_label (&klass->fields[field], status) : "";
}

void
rapport_document_page_update_title (RapportDocumentPage *self)
{
  CrmEntityClass *klass = rapport_document_page_entity_class (self);
  const char *number = self->entity ? crm_entity_get_text (self->entity, "number") : NULL;
  const char *subject = self->entity ? crm_entity_get_text (self->entity, "title") : NULL;
  gint64 revision = self->entity && crm_entity_class_find_field (klass, "revision") >= 0
                    ? crm_entity_get_int (self->entity, "revision") : 0;
  gboolean stored = self->id != 0;
  g_autoptr(GString) meta = g_string_new (NULL);

  g_autofree char *previous = g_steal_pointer (&self->title);

  if (!stored)
    /* TRANSLATORS: the title of a record being created, e.g. "New Quote" */
    self->title = g_strdup_printf (_("New %s"), g_dgettext (GETTEXT_PACKAGE, klass->label));
  else if (revision > 1)
    /* TRANSLATORS: a document's number and its revision, e.g. "Q-2026-00001, revision 2" */
    self->title = g_strdup_printf (_("%s, revision %lld"), number ? number : "", (long long) revision);
  else
    self->title = g_strdup (number ? number : "");
  gtk_label_set_text (self->title_label, self->title);
  if (g_strcmp0 (previous, self->title) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  gtk_label_set_text (self->status_label, status_label (self));

  if (self->entity && stored)
    {
      guint n_fields;
      const CrmFieldSpec *fields = crm_entity_get_fields (self->entity, &n_fields);
      g_autofree char *updated = crm_format_value (&fields[CRM_ENTITY_FIELD_UPDATED_AT],
                                                   crm_entity_value (self->entity, CRM_ENTITY_FIELD_UPDATED_AT));

      if (subject && subject[0])
        g_string_append_printf (meta, "%s\n", subject);
      g_string_append_printf (meta, _("Version %lld · last changed %s%s"),
                              (long long) crm_entity_get_version (self->entity), updated,
                              crm_entity_get_bool (self->entity, "archived") ? _(" · archived") : "");
      if (!self->editable)
        g_string_append_printf (meta, "\n%s",
                                crm_entity_class_find_field (klass, "revision") >= 0
                                ? _("Read-only in this status: take it further with the buttons above, or revise or copy it.")
                                : _("Read-only in this status: take it further with the buttons above, or copy it."));
    }
  gtk_label_set_text (self->meta_label, meta->str);
  gtk_widget_set_visible (self->save_button, self->editable);
  update_save_button (self);
  gtk_widget_set_visible (self->print_button, stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.print", stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.preview", stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.export-pdf", stored);
  rapport_document_actions_set_document (self->actions, stored ? self->entity : NULL, is_dirty (self));
}

gboolean
rapport_document_page_may_change (RapportDocumentPage *self)
{
  CrmEntityClass *klass = rapport_document_page_entity_class (self);
  const char *status = self->entity ? crm_entity_get_text (self->entity, "status") : NULL;

  if (!crm_entity_class_may_write (klass, rapport_api_get_user_role (self->api)) ||
      g_str_equal (rapport_api_get_user_role (self->api), "auditor"))
    return FALSE;
  return self->id == 0 || klass->editable_statuses == NULL ||
         (status && g_strv_contains (klass->editable_statuses, status));
}

void
rapport_document_page_set_editable (RapportDocumentPage *self,
                                    gboolean             editable)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* the focus leaves what is about to become unchangeable */
  if (!editable && focus && gtk_widget_is_ancestor (focus, self->form_box))
    gtk_root_set_focus (root, NULL);
  self->editable = editable;
  rapport_entity_form_set_editable (self->form, editable);
  rapport_document_lines_set_editable (self->lines, editable);
}

void
rapport_document_page_set_entity (RapportDocumentPage *self,
                                  CrmEntity           *entity)
{
  GtkWidget *account = rapport_entity_form_get_row (self->form, "account_id");

  g_set_object (&self->entity, entity);
  self->id = crm_entity_get_id (entity);
  rapport_record_watch_set_record (self->watch, self->id, crm_entity_get_version (entity));
  /* what it told of is shown now, or overtaken */
  if (self->change_toast != NULL)
    adw_toast_dismiss (self->change_toast);
  rapport_entity_form_set_entity (self->form, entity);
  rapport_document_lines_set_lines (self->lines, crm_entity_get_lines (entity));
  rapport_attachments_set_entity (RAPPORT_ATTACHMENTS (self->attachments), entity);
  if (account)
    rapport_document_lines_set_account_id (self->lines, rapport_reference_row_get_id (RAPPORT_REFERENCE_ROW (account)));
  rapport_document_page_set_editable (self, rapport_document_page_may_change (self));
  rapport_record_presence_set_record (self->presence, self->id);
  rapport_record_presence_set_editing (self->presence, is_dirty (self));
  gtk_stack_set_visible_child_name (self->state_stack, "form");
  rapport_document_page_reprice (self);
  rapport_document_page_update_title (self);
}

CrmEntity *
rapport_document_page_entity_from_node (RapportDocumentPage  *self,
                                        JsonNode             *node,
                                        GError              **error)
{
  g_autoptr(CrmEntity) entity = crm_entity_new (self->entity_type);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !crm_json_read_entity (entity, json_node_get_object (node), error))
    return NULL;
  return g_steal_pointer (&entity);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportDocumentPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) entity = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  entity = node ? rapport_document_page_entity_from_node (self, node, &error) : NULL;
  rapport_document_page_show_error (self, entity ? NULL : error);
  if (entity)
    rapport_document_page_set_entity (self, entity);
}

void
rapport_document_page_reload (RapportDocumentPage *self)
{
  g_autofree char *path = NULL;

  if (self->id == 0)
    return;
  path = rapport_document_page_path (self, NULL);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

/* Someone else saved the document, or took a step with it: without edits
 * here it is loaded again in place; with edits, a toast that stays says
 * who and when and offers to reload. */
static void
on_changed_elsewhere (RapportDocumentPage *self,
                      const char          *action,
                      gint64               actor_id,
                      const char          *actor_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autofree char *text = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (rapport_document_page_get_busy (self))
    return;
  if (!is_dirty (self))
    {
      rapport_document_page_reload (self);
      return;
    }
  /* missed changes, if any, come to light when saving */
  if (g_str_equal (action, "reload") || !RAPPORT_IS_WINDOW (root))
    return;
  /* TRANSLATORS: a notice on a record being edited: “Changed by Wang Fang at 14:05” */
  text = g_strdup_printf (_("Changed by %s at %s"), actor_name ? actor_name : _("someone else"), time);
  if (self->change_toast != NULL)
    adw_toast_dismiss (self->change_toast);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Reload"));
  adw_toast_set_timeout (toast, 0);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (rapport_document_page_reload), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->change_toast, toast);
  rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
}

static void
on_changed (RapportDocumentPage *self)
{
  GtkWidget *account = rapport_entity_form_get_row (self->form, "account_id");

  if (account)
    rapport_document_lines_set_account_id (self->lines, rapport_reference_row_get_id (RAPPORT_REFERENCE_ROW (account)));
  rapport_document_page_reprice (self);
  update_save_button (self);
  rapport_document_actions_set_document (self->actions, self->id ? self->entity : NULL, is_dirty (self));
  rapport_record_presence_set_editing (self->presence, is_dirty (self));
}

static void
on_step_done (RapportDocumentPage *self,
              CrmEntity           *document,
              gboolean             made)
{
  /* opening the new document closes this page */
  g_autoptr(RapportDocumentPage) keep G_GNUC_UNUSED = g_object_ref (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *message = NULL;

  rapport_document_page_show_error (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  if (!made)
    {
      rapport_document_page_set_entity (self, document);
      /* the new status and the steps that follow it are at the top */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      /* TRANSLATORS: a toast after a step, e.g. "Q-2026-00001 is now Sent" */
      message = g_strdup_printf (_("%s is now %s"), self->title, status_label (self));
      rapport_document_page_toast (self, message);
      return;
    }
  /* TRANSLATORS: a toast after a new document was made from another, e.g. "SO-2026-00003 made" */
  message = g_strdup_printf (_("%s made"), crm_entity_get_text (document, "number"));
  rapport_document_page_toast (self, message);
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), crm_entity_get_collection (document),
                                crm_entity_get_id (document), NULL);
}

static void
on_step_failed (RapportDocumentPage *self,
                const GError        *error)
{
  rapport_document_page_show_error (self, error);
  rapport_document_page_toast (self, error->message);
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT))
    rapport_document_page_reload (self);
}

static void
discard_and_close (GObject   *owner,
                   CrmEntity *wanted)
{
  g_signal_emit (owner, signals[CLOSED], 0);
}

/* leaves the page, asking first when there are unsaved changes */
void
rapport_document_page_close (RapportDocumentPage *self)
{
  g_return_if_fail (RAPPORT_IS_DOCUMENT_PAGE (self));

  if (!is_dirty (self))
    {
      g_signal_emit (self, signals[CLOSED], 0);
      return;
    }
  rapport_discard_dialog_present (GTK_WIDGET (self), _("What you changed on this record has not been saved."), NULL,
                                  discard_and_close);
}

static void
rapport_document_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, RAPPORT_DOCUMENT_PAGE (object)->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_document_page_dispose (GObject *object)
{
  RapportDocumentPage *self = RAPPORT_DOCUMENT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->focus_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_DOCUMENT_PAGE);
  /* the template's top widget has no id: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* gone with the template's widgets */
  self->form = NULL;
  self->lines = NULL;
  g_clear_object (&self->watch);
  if (self->presence)
    rapport_record_presence_set_editing (self->presence, FALSE);
  g_clear_object (&self->presence);
  self->presence_banner = NULL;
  if (self->change_toast != NULL)
    adw_toast_dismiss (self->change_toast);
  g_clear_weak_pointer (&self->change_toast);
  g_clear_object (&self->entity);
  g_clear_object (&self->api);
  g_clear_pointer (&self->preset, g_variant_unref);
  g_clear_pointer (&self->title, g_free);
  rapport_retry_key_clear (&self->create_key);
  G_OBJECT_CLASS (rapport_document_page_parent_class)->dispose (object);
}

/* a new document is typed from its first field on, once its rows are shown */
static gboolean
focus_first_field (gpointer user_data)
{
  RapportDocumentPage *self = user_data;
  GtkWidget *first = self->form ? rapport_entity_form_get_row (self->form, "title") : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  self->focus_source = 0;
  /* typing already went somewhere on the page: it stays there */
  if (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  if (first && gtk_widget_get_mapped (first))
    gtk_widget_grab_focus (first);
  return G_SOURCE_REMOVE;
}

static void
rapport_document_page_map (GtkWidget *widget)
{
  RapportDocumentPage *self = RAPPORT_DOCUMENT_PAGE (widget);

  GTK_WIDGET_CLASS (rapport_document_page_parent_class)->map (widget);
  /* removed in dispose: a page closed at once is not kept for it */
  if (self->id == 0 && self->focus_source == 0)
    self->focus_source = g_idle_add_full (G_PRIORITY_LOW, focus_first_field, self, NULL);
}

static void
rapport_document_page_class_init (RapportDocumentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_document_page_dispose;
  G_OBJECT_CLASS (klass)->get_property = rapport_document_page_get_property;
  widget_class->map = rapport_document_page_map;

  /**
   * RapportDocumentPage:title:
   *
   * The document's number (and revision), or "New Quote" and the like.
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RAPPORT_TYPE_DOCUMENT_ACTIONS);
  g_type_ensure (RAPPORT_TYPE_DOCUMENT_TOTALS);
  g_type_ensure (RAPPORT_TYPE_APPROVAL_PANEL);
  g_type_ensure (RAPPORT_TYPE_PRESENCE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-document-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, actions);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, lines_group);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, totals);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, approvals);
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentPage, presence_banner);
  gtk_widget_class_bind_template_callback (widget_class, rapport_document_page_save);
  gtk_widget_class_bind_template_callback (widget_class, on_step_done);
  gtk_widget_class_bind_template_callback (widget_class, on_step_failed);
  gtk_widget_class_install_action (widget_class, "document.print", NULL, rapport_document_page_print_activated);
  gtk_widget_class_install_action (widget_class, "document.preview", NULL, rapport_document_page_print_activated);
  gtk_widget_class_install_action (widget_class, "document.export-pdf", NULL, rapport_document_page_print_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* Ctrl+Enter adds a line from anywhere on the page, not only from the lines */
static gboolean
add_line_pressed (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  RapportDocumentPage *self = RAPPORT_DOCUMENT_PAGE (widget);

  if (!self->editable)
    return FALSE;
  rapport_document_lines_add_line (self->lines);
  return TRUE;
}

static void
rapport_document_page_init (RapportDocumentPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (add_line_pressed, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->editable = TRUE;
}

/* a new document starts in the company's currency, prices without tax */
static GVariant *
new_document_preset (RapportApi *api,
                     GVariant   *preset)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, preset);
  if (!g_variant_dict_contains (&dict, "currency"))
    g_variant_dict_insert (&dict, "currency", "s", rapport_api_get_base_currency (api));
  /* what the pricing rules do without one, said outright */
  if (!g_variant_dict_contains (&dict, "pricing"))
    g_variant_dict_insert (&dict, "pricing", "s", "exclusive");
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/**
 * rapport_document_page_new:
 * @api: the signed-in client
 * @entity_type: a document type, one whose class has a line type
 * @id: the document, or 0 to create one
 * @preset: (nullable): for a new document, values as an a{sv} of JSON keys
 *
 * Returns: (transfer floating): the page; an existing document is fetched
 */
RapportDocumentPage *
rapport_document_page_new (RapportApi *api,
                           GType       entity_type,
                           gint64      id,
                           GVariant   *preset)
{
  RapportDocumentPage *self = g_object_new (RAPPORT_TYPE_DOCUMENT_PAGE, NULL);
  CrmEntityClass *klass = g_type_class_peek (entity_type);
  g_autoptr(GVariant) sunk G_GNUC_UNUSED = preset ? g_variant_ref_sink (preset) : NULL;

  g_return_val_if_fail (klass->line_type != G_TYPE_INVALID, self);
  self->api = g_object_ref (api);
  rapport_approval_panel_set_api (self->approvals, api);
  self->entity_type = entity_type;
  self->id = id;
  self->preset = id == 0 ? new_document_preset (api, preset) : NULL;
  self->form = rapport_entity_form_new_with_api (entity_type, api, self->preset);
  gtk_box_prepend (GTK_BOX (self->form_box), GTK_WIDGET (self->form));
  self->lines = rapport_document_lines_new (api, klass->line_type);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->lines_group), GTK_WIDGET (self->lines));
  self->attachments = rapport_attachments_new (api);
  gtk_box_append (GTK_BOX (self->form_box), self->attachments);
  rapport_document_actions_set_api (self->actions, api);
  g_signal_connect_object (self->form, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lines, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  self->watch = rapport_record_watch_new (api, klass->entity_name);
  rapport_record_watch_set_record (self->watch, id, G_MAXINT64);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_changed_elsewhere), self, G_CONNECT_SWAPPED);
  self->presence = rapport_record_presence_new (api, klass->collection, klass->entity_name);
  rapport_presence_banner_set_presence (self->presence_banner, self->presence);
  rapport_document_page_set_editable (self, rapport_document_page_may_change (self));
  rapport_document_page_update_title (self);
  rapport_document_page_reprice (self);

  if (id == 0)
    gtk_stack_set_visible_child_name (self->state_stack, "form");
  else
    rapport_document_page_reload (self);
  return self;
}

const char *
rapport_document_page_get_title (RapportDocumentPage *self)
{
  return self->title;
}

/**
 * rapport_document_page_get_entity:
 *
 * Returns: (transfer none) (nullable): the document as last loaded or saved
 */
CrmEntity *
rapport_document_page_get_entity (RapportDocumentPage *self)
{
  return self->entity;
}

/* saving, taking a step, printing or exporting */
gboolean
rapport_document_page_get_busy (RapportDocumentPage *self)
{
  return self->saving || self->printing > 0 || rapport_document_actions_get_busy (self->actions);
}
