/* rapport-duplicate-dialog.c: RapportDuplicateDialog, the records a new one may duplicate: open one, merge into it, or save anyway with a reason */
#include "rapport-duplicate-dialog.h"
#include "crm-entities.h"

#include <glib/gi18n.h>

/*
 * The matches come as the server gives them ({"entity","id","name","score",
 * "rule"}, best first). "Open" and "Merge into this" close the dialog with
 * the response "open" or "merge", the match chosen kept for the caller;
 * "Save anyway" needs a reason, which the caller sends with the create.
 */

struct _RapportDuplicateDialog
{
  AdwMessageDialog  parent_instance;

  GtkListBox       *matches_list;
  GtkWidget        *reason_row;
};

G_DEFINE_FINAL_TYPE (RapportDuplicateDialog, rapport_duplicate_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_responses (RapportDuplicateDialog *self)
{
  g_autofree char *reason = rapport_duplicate_dialog_get_reason (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", reason[0] != '\0');
}

static void
rapport_duplicate_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_DUPLICATE_DIALOG);
  G_OBJECT_CLASS (rapport_duplicate_dialog_parent_class)->dispose (object);
}

static void
rapport_duplicate_dialog_class_init (RapportDuplicateDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_duplicate_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-duplicate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDuplicateDialog, matches_list);
  gtk_widget_class_bind_template_child (widget_class, RapportDuplicateDialog, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, update_responses);
}

static void
rapport_duplicate_dialog_init (RapportDuplicateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_duplicate_rule_describe:
 * @rule: a rule as the server names it, e.g. "company+mobile"
 *
 * Returns: (transfer full): the rule in words, translated
 */
char *
rapport_duplicate_rule_describe (const char *rule)
{
  static const struct { const char *rule; const char *words; } rules[] = {
    { "company+mobile", N_("Same company and mobile") },
    { "similar_company+mobile", N_("Similar company name and the same mobile") },
    { "mobile", N_("Same mobile") },
    { "email", N_("Same email") },
    { "company", N_("Same company name") },
    { "company_pinyin", N_("Company name sounds the same") },
  };

  g_return_val_if_fail (rule != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].rule, rule))
      return g_strdup (_(rules[i].words));
  return g_strdup (rule);
}

/* the chosen match is kept on the dialog as "entity" and "id" for the caller */
static void
choose (GtkButton              *button,
        RapportDuplicateDialog *self)
{
  g_object_set_data_full (G_OBJECT (self), "entity",
                          g_strdup (g_object_get_data (G_OBJECT (button), "entity")), g_free);
  g_object_set_data_full (G_OBJECT (self), "id",
                          g_memdup2 (g_object_get_data (G_OBJECT (button), "id"), sizeof (gint64)), g_free);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), g_object_get_data (G_OBJECT (button), "response"));
  gtk_window_close (GTK_WINDOW (self));
}

static GtkWidget *
match_button (RapportDuplicateDialog *self,
              const char             *label,
              const char             *accessible,
              const char             *response,
              const char             *entity,
              gint64                  id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "entity", g_strdup (entity), g_free);
  g_object_set_data_full (G_OBJECT (button), "id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (button), "response", (gpointer) response);
  g_signal_connect_object (button, "clicked", G_CALLBACK (choose), self, 0);
  return button;
}

static GtkWidget *
match_row (RapportDuplicateDialog *self,
           JsonObject             *match,
           const char             *entity)
{
  const char *match_entity = json_object_get_string_member_with_default (match, "entity", "");
  const char *name = json_object_get_string_member_with_default (match, "name", NULL);
  gint64 id = json_object_get_int_member_with_default (match, "id", 0);
  double score = json_object_get_double_member_with_default (match, "score", 0);
  GType type = crm_entities_lookup_name (match_entity);
  CrmEntityClass *klass = type != G_TYPE_INVALID ? g_type_class_ref (type) : NULL;
  g_autofree char *rule = rapport_duplicate_rule_describe (json_object_get_string_member_with_default (match, "rule", ""));
  g_autofree char *subtitle = NULL;
  g_autofree char *open_name = NULL;
  g_autofree char *merge_name = NULL;
  g_autofree char *title = name ? g_markup_escape_text (name, -1) : g_strdup_printf ("#%" G_GINT64_FORMAT, id);
  GtkWidget *row = adw_action_row_new ();

  /* Translators: a possible duplicate: its kind, how alike it is (a percentage) and why, e.g. "Account · 95 % · Same mobile" */
  subtitle = g_strdup_printf (_("%s · %d %% · %s"), klass ? _(klass->label) : match_entity,
                              (int) (score * 100 + 0.5), rule);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  open_name = g_strdup_printf (_("Open %s"), name ? name : "");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), match_button (self, _("_Open"), open_name, "open", match_entity, id));
  /* what was typed becomes a change of a record of the same kind */
  if (g_str_equal (match_entity, entity))
    {
      merge_name = g_strdup_printf (_("Merge into %s"), name ? name : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 match_button (self, _("_Merge into This"), merge_name, "merge", match_entity, id));
    }
  if (klass != NULL)
    g_type_class_unref (klass);
  return row;
}

/**
 * rapport_duplicate_dialog_new:
 * @parent: a widget in the window the dialog belongs to
 * @entity: the kind of record being saved, e.g. "lead"
 * @matches: its possible duplicates, as the server lists them
 *
 * The caller acts on the response: "save" (with the reason), "open" or
 * "merge" (the match chosen is the dialog's data "entity" and "id", a
 * gint64 *), or
 * "cancel".
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
RapportDuplicateDialog *
rapport_duplicate_dialog_new (GtkWidget  *parent,
                              const char *entity,
                              JsonArray  *matches)
{
  GtkRoot *root;
  RapportDuplicateDialog *self;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (entity != NULL && matches != NULL, NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (RAPPORT_TYPE_DUPLICATE_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       NULL);
  for (guint i = 0; i < json_array_get_length (matches); i++)
    gtk_list_box_append (self->matches_list, match_row (self, json_array_get_object_element (matches, i), entity));
  return self;
}

/* the reason, trimmed; "" when none */
char *
rapport_duplicate_dialog_get_reason (RapportDuplicateDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_DUPLICATE_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}
