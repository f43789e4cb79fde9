/* rapport-document-actions.c: RapportDocumentActions, the buttons for a document's next steps (submit, send, make order…) */
#include "rapport-document-actions.h"
#include "crm-entities.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef enum
{
  /* the document itself moves on */
  STEP,
  /* the answer is another document: a revision, a copy, an order, a contract */
  MAKES,
} Effect;

/* The steps the server takes (README, "Sales documents"), from the statuses
 * they apply in; NULL in from[0] means any. Those that issue a document or
 * cannot be undone ask first. */
static const struct
{
  const char *entity;
  const char *verb;
  const char *label;
  const char *tooltip;
  const char *from[4];
  Effect      effect;
  const char *makes;
  const char *heading;
  const char *body;
  gboolean    destructive;
} steps[] = {
  { "quote", "submit", N_("_Submit"), N_("Submit the quote for approval"), { "draft", "rejected" }, STEP },
  { "quote", "send", N_("S_end"), N_("Issue the quote to the customer"), { "approved" }, STEP, NULL,
    N_("Send This Quote?"),
    N_("The quote is issued: its PDF is archived as it is now and cannot change afterwards. A later change makes a new revision.") },
  { "quote", "accept", N_("_Accepted"), N_("The customer accepted the quote"), { "sent" }, STEP },
  { "quote", "decline", N_("_Declined"), N_("The customer declined the quote"), { "sent" }, STEP },
  { "quote", "revise", N_("_Revise"), N_("Make a new revision under the same number"), { "sent", "declined", "expired" },
    MAKES, "quotes",
    N_("Revise This Quote?"),
    N_("A new draft revision is made under the same number. This one is kept as it was issued, marked superseded.") },
  { "quote", "order", N_("Make _Order"), N_("Make a sales order with the quote’s lines"), { "approved", "accepted" },
    MAKES, "orders" },
  { "order", "confirm", N_("_Confirm"), N_("Confirm the order"), { "draft" }, STEP, NULL,
    N_("Confirm This Order?"),
    N_("The order is issued: its PDF is archived as it is now and cannot change afterwards.") },
  { "order", "fulfil", N_("_Fulfilled"), N_("The order was delivered"), { "confirmed" }, STEP },
  { "order", "contract", N_("Make _Contract"), N_("Make a contract with the order’s lines"), { "confirmed", "fulfilled" },
    MAKES, "contracts" },
  { "order", "cancel", N_("Ca_ncel Order"), N_("Cancel the order"), { "draft", "confirmed" }, STEP, NULL,
    N_("Cancel This Order?"), N_("A cancelled order is neither confirmed nor fulfilled any more."), TRUE },
  { "contract", "activate", N_("_Activate"), N_("The contract was signed and takes effect"), { "draft" }, STEP, NULL,
    N_("Activate This Contract?"),
    N_("The contract is issued: its PDF is archived as it is now and cannot change afterwards.") },
  { "contract", "expire", N_("_Expired"), N_("The contract ran its term"), { "active" }, STEP },
  { "contract", "terminate", N_("_Terminate"), N_("End the contract before its term"), { "active" }, STEP, NULL,
    N_("Terminate This Contract?"), N_("A terminated contract cannot be activated again."), TRUE },
  { NULL, "copy", N_("Cop_y"), N_("Make a new draft with the same lines and a new number"), { NULL }, MAKES, NULL },
};

struct _RapportDocumentActions
{
  GtkWidget     parent_instance;

  GtkWidget    *box;

  RapportApi   *api;
  CrmEntity    *document;
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      unsaved;
};

G_DEFINE_FINAL_TYPE (RapportDocumentActions, rapport_document_actions, GTK_TYPE_WIDGET)

enum
{
  DONE,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
applies (guint      step,
         CrmEntity *document)
{
  const char *status = crm_entity_get_text (document, "status");

  if (steps[step].entity && !g_str_equal (steps[step].entity, crm_entity_get_entity_name (document)))
    return FALSE;
  if (steps[step].from[0] == NULL)
    return TRUE;
  return status && g_strv_contains (steps[step].from, status);
}

static void
update_sensitivity (RapportDocumentActions *self)
{
  for (GtkWidget *button = gtk_widget_get_first_child (self->box); button; button = gtk_widget_get_next_sibling (button))
    {
      guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));

      gtk_widget_set_sensitive (button, !self->busy && !self->unsaved);
      gtk_widget_set_tooltip_text (button, self->unsaved ? _("Save your changes first") : _(steps[step].tooltip));
    }
}

static void
step_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RapportDocumentActions *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(CrmEntity) answer = NULL;
  const char *collection;
  guint step;

  /* cancelled: the widget may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "running"));
  collection = steps[step].makes ? steps[step].makes : crm_entity_get_collection (self->document);
  answer = crm_entity_new (crm_entities_lookup_collection (collection));
  self->busy = FALSE;
  update_sensitivity (self);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !crm_json_read_entity (answer, json_node_get_object (node), error ? NULL : &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }
  g_signal_emit (self, signals[DONE], 0, answer, steps[step].effect == MAKES);
}

static void
run_step (RapportDocumentActions *self,
          guint                   step)
{
  g_autofree char *path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/%s", crm_entity_get_collection (self->document),
                                           crm_entity_get_id (self->document), steps[step].verb);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* the step applies to the version shown; a newer one answers 409 */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_entity_get_version (self->document));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  /* the focus leaves the buttons before they wait, and are made anew */
  if (focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_root_set_focus (root, NULL);
  self->busy = TRUE;
  update_sensitivity (self);
  g_object_set_data (G_OBJECT (self), "running", GUINT_TO_POINTER (step));
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, step_done, self);
}

static void
confirm_response (AdwMessageDialog       *dialog,
                  const char             *response,
                  RapportDocumentActions *self)
{
  if (g_str_equal (response, "go"))
    run_step (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "step")));
}

static void
on_clicked (GtkButton              *button,
            RapportDocumentActions *self)
{
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  AdwMessageDialog *dialog;

  if (self->busy || self->document == NULL)
    return;
  if (steps[step].heading == NULL)
    {
      run_step (self, step);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _(steps[step].heading), _(steps[step].body)));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "go", _(steps[step].label), NULL);
  adw_message_dialog_set_response_appearance (dialog, "go", steps[step].destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                                                     : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, steps[step].destructive ? "cancel" : "go");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "step", GUINT_TO_POINTER (step));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rapport_document_actions_set_document:
 * @self: the buttons
 * @document: (nullable): the document as stored, or %NULL for none yet
 * @unsaved: whether it has changes not saved yet: steps wait for them
 */
void
rapport_document_actions_set_document (RapportDocumentActions *self,
                                       CrmEntity              *document,
                                       gboolean                unsaved)
{
  GtkWidget *child;
  gboolean same = document && self->document && document == self->document;

  self->unsaved = unsaved;
  if (same)
    {
      update_sensitivity (self);
      return;
    }
  g_set_object (&self->document, document);
  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  for (guint i = 0; document && crm_entity_get_id (document) > 0 && i < G_N_ELEMENTS (steps); i++)
    {
      GtkWidget *button;

      if (!applies (i, document))
        continue;
      button = gtk_button_new_with_mnemonic (_(steps[i].label));
      gtk_widget_set_name (button, steps[i].verb);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "step", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_clicked), self, 0);
      gtk_box_append (GTK_BOX (self->box), button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), gtk_widget_get_first_child (self->box) != NULL);
  update_sensitivity (self);
}

/**
 * rapport_document_actions_get_button:
 * @self: the buttons
 * @verb: e.g. "submit"
 *
 * Returns: (transfer none) (nullable): the step's button, when it applies
 */
GtkWidget *
rapport_document_actions_get_button (RapportDocumentActions *self,
                                     const char             *verb)
{
  for (GtkWidget *button = gtk_widget_get_first_child (self->box); button; button = gtk_widget_get_next_sibling (button))
    if (g_str_equal (gtk_widget_get_name (button), verb))
      return button;
  return NULL;
}

gboolean
rapport_document_actions_get_busy (RapportDocumentActions *self)
{
  return self->busy;
}

void
rapport_document_actions_set_api (RapportDocumentActions *self,
                                  RapportApi             *api)
{
  g_set_object (&self->api, api);
}

static void
rapport_document_actions_dispose (GObject *object)
{
  RapportDocumentActions *self = RAPPORT_DOCUMENT_ACTIONS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_DOCUMENT_ACTIONS);
  /* the template's top widget has no id: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->document);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_document_actions_parent_class)->dispose (object);
}

static void
rapport_document_actions_class_init (RapportDocumentActionsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_document_actions_dispose;

  /**
   * RapportDocumentActions::done:
   * @document: the document after the step, or the one it made
   * @made: whether @document is another document (a revision, copy, order…)
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, CRM_TYPE_ENTITY, G_TYPE_BOOLEAN);
  /**
   * RapportDocumentActions::failed:
   * @error: what the server said
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-document-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDocumentActions, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_document_actions_init (RapportDocumentActions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
