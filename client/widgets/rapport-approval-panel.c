/* rapport-approval-panel.c: RapportApprovalPanel, a record's approval history and who would approve it next */
#include "rapport-approval-panel.h"
#include "rapport-approval-format.h"
#include "crm-condition.h"
#include "crm-entities.h"
#include "crm-format.h"
#include "crm-workflow-definition.h"
#include "crm-workflow-instance.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* workflows for one kind of record: a handful */
#define MAX_WORKFLOWS 50

struct _RapportApprovalPanel
{
  GtkWidget              parent_instance;

  AdwPreferencesGroup   *preview_group;
  GtkListBox            *preview_list;
  AdwPreferencesGroup   *history_group;
  GtkSpinner            *spinner;
  GtkListBox            *history_list;

  RapportApi            *api;
  GCancellable          *cancellable;
  GCancellable          *workflow_cancellable;
  char                  *collection;
  gint64                 id;
  CrmEntity             *record;
  /* the active workflow of the record's kind, once asked for */
  char                  *workflow_entity;
  gboolean               workflow_loaded;
  char                  *workflow_name;
  CrmWorkflowDefinition *definition;
  /* the approvals of the record, oldest first, as their details arrive */
  GPtrArray             *approvals;
  guint                  n_details;
  guint                  n_loading;
  int                    n_applying;
  gboolean               pending;
  /* the names of the people a workflow names by login, as the users list gives them */
  JsonObject            *people;
  GHashTable            *asked;
  GCancellable          *people_cancellable;
};

G_DEFINE_FINAL_TYPE (RapportApprovalPanel, rapport_approval_panel, GTK_TYPE_WIDGET)

/* an approval's slot stays empty until its detail arrives */
static void
detail_free (gpointer detail)
{
  if (detail != NULL)
    json_object_unref (detail);
}

static void
add_note (GtkListBox *list,
          const char *text)
{
  gtk_list_box_append (list, rapport_approval_format_note_row (text));
}

/* "max_line_discount > 10 — here max_line_discount = 15.0000" */
static char *
explain (CrmCondition *condition,
         GHashTable   *values)
{
  const char * const *names = crm_condition_get_identifiers (condition);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *read = NULL;

  for (guint i = 0; names && names[i]; i++)
    {
      const CrmConditionValue *value = g_hash_table_lookup (values, names[i]);
      g_autofree char *text = value ? crm_condition_value_to_string (value) : g_strdup ("?");

      g_ptr_array_add (parts, g_strdup_printf ("%s = %s", names[i], text));
    }
  g_ptr_array_add (parts, NULL);
  read = g_strjoinv (_(", "), (char **) parts->pdata);
  /* TRANSLATORS: a condition and the values it read, e.g. "max_line_discount > 10 (here max_line_discount = 15.0000)" */
  return g_strdup_printf (_("%s (here %s)"), crm_condition_get_text (condition), read);
}

static GtkWidget *
preview_row (const CrmWorkflowStep *step,
             guint                  index,
             gboolean               applies,
             const char            *why,
             JsonObject            *people)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = g_strdup_printf ("%u. %s", index + 1, crm_workflow_step_get_name_for (step, g_get_language_names ()));

  for (guint a = 0; a < step->approvers->len; a++)
    {
      g_autofree char *who = rapport_approval_format_approvers (g_ptr_array_index (step->approvers, a), people);

      if (subtitle->len)
        g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, who);
    }
  if (applies)
    {
      g_autofree char *rule = rapport_approval_format_rule (step);

      g_string_append_printf (subtitle, "\n%s", rule);
    }
  if (why)
    {
      g_autofree char *line = applies ? g_strdup_printf (_("Applies: %s"), why)
                                      : g_strdup_printf (_("Skipped: %s does not hold"), why);

      g_string_append_printf (subtitle, "\n%s", line);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), applies ? "avatar-default-symbolic" : "action-unavailable-symbolic");
  if (!applies)
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static const char *
record_noun (RapportApprovalPanel *self)
{
  return self->record && CRM_ENTITY_GET_CLASS (self->record)->label ? _(CRM_ENTITY_GET_CLASS (self->record)->label) : "";
}

/* the preview applies to a record that would be submitted: new, a draft, or rejected */
static gboolean
may_be_submitted (RapportApprovalPanel *self)
{
  int status = self->record ? crm_entity_class_find_field (CRM_ENTITY_GET_CLASS (self->record), "status") : -1;
  const char *value = status >= 0 ? crm_entity_get_text (self->record, "status") : NULL;

  return self->record != NULL && !self->pending && (value == NULL || g_str_equal (value, "draft") || g_str_equal (value, "rejected"));
}

static void show_preview (RapportApprovalPanel *self);

static void
people_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportApprovalPanel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;
  gboolean named = FALSE;

  /* cancelled: the panel may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* not found: the preview keeps the login */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);
      const char *login = json_object_get_string_member_with_default (user, "login", NULL);
      const char *name = json_object_get_string_member_with_default (user, "name", NULL);

      if (login && name && name[0] && !json_object_has_member (self->people, login))
        {
          json_object_set_string_member (self->people, login, name);
          named = TRUE;
        }
    }
  if (named)
    show_preview (self);
}

/* A step of named users names logins: each is looked up once among the
 * users (read by everyone), and the preview shows their names when known */
static void
load_people (RapportApprovalPanel *self)
{
  if (self->api == NULL || self->definition == NULL)
    return;
  for (guint i = 0; i < crm_workflow_definition_get_n_steps (self->definition); i++)
    {
      const CrmWorkflowStep *step = crm_workflow_definition_get_step (self->definition, i);

      for (guint a = 0; a < step->approvers->len; a++)
        {
          const CrmWorkflowApprovers *approvers = g_ptr_array_index (step->approvers, a);

          for (guint u = 0; approvers->kind == CRM_WORKFLOW_APPROVER_USERS && approvers->users && approvers->users[u]; u++)
            {
              const char *login = approvers->users[u];
              g_autofree char *term = NULL;
              g_autofree char *path = NULL;

              if (json_object_has_member (self->people, login) || g_hash_table_contains (self->asked, login))
                continue;
              g_hash_table_add (self->asked, g_strdup (login));
              term = g_uri_escape_string (login, NULL, FALSE);
              path = g_strdup_printf ("/users?q=%s&limit=20", term);
              rapport_api_request_async (self->api, "GET", path, NULL, self->people_cancellable, people_loaded, self);
            }
        }
    }
}

/* Which steps of the active workflow apply to the record as it is now,
 * found with the engine's own conditions; the people behind each rule
 * are found by the server when the record is submitted. */
static void
show_preview (RapportApprovalPanel *self)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  CrmCondition *condition;
  gboolean applies = TRUE;
  g_autofree char *description = NULL;

  rapport_approval_format_clear_list (self->preview_list);
  self->n_applying = -1;
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), may_be_submitted (self));
  if (!may_be_submitted (self) || !self->workflow_loaded)
    return;
  if (self->definition == NULL)
    {
      self->n_applying = 0;
      adw_preferences_group_set_description (self->preview_group, NULL);
      /* TRANSLATORS: e.g. "No approval workflow is active for Quote: it is approved as soon as it is submitted." */
      description = g_strdup_printf (_("No approval workflow is active for %s: it is approved as soon as it is submitted."),
                                     record_noun (self));
      add_note (self->preview_list, description);
      return;
    }

  values = crm_condition_values_new_from_entity (self->record);
  condition = crm_workflow_definition_get_condition (self->definition);
  /* TRANSLATORS: e.g. "If submitted now, by the workflow “Quote discount”" */
  description = g_strdup_printf (_("If submitted now, by the workflow “%s”"), self->workflow_name);
  adw_preferences_group_set_description (self->preview_group, description);
  if (condition && !crm_condition_evaluate_bool (condition, values, &applies, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot tell yet: %s"), error->message);

      add_note (self->preview_list, text);
      return;
    }
  if (!applies)
    {
      g_autofree char *why = explain (condition, values);
      g_autofree char *text = g_strdup_printf (_("No approval needed: it is approved as soon as it is submitted, "
                                                 "since %s does not hold."), why);

      self->n_applying = 0;
      add_note (self->preview_list, text);
      return;
    }

  self->n_applying = 0;
  for (guint i = 0; i < crm_workflow_definition_get_n_steps (self->definition); i++)
    {
      const CrmWorkflowStep *step = crm_workflow_definition_get_step (self->definition, i);
      gboolean step_applies = TRUE;
      g_autofree char *why = NULL;

      if (step->condition && !crm_condition_evaluate_bool (step->condition, values, &step_applies, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Cannot tell yet: %s"), error->message);

          add_note (self->preview_list, text);
          self->n_applying = -1;
          return;
        }
      if (step->condition)
        why = explain (step->condition, values);
      else if (i == 0 && condition)
        why = explain (condition, values);
      self->n_applying += step_applies;
      gtk_list_box_append (self->preview_list, preview_row (step, i, step_applies, why, self->people));
    }
  load_people (self);
}

static void
workflows_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RapportApprovalPanel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot tell who approves: %s"), error ? error->message : "");

      /* asked again with the next record */
      g_clear_pointer (&self->workflow_entity, g_free);
      rapport_approval_format_clear_list (self->preview_list);
      add_note (self->preview_list, text);
      return;
    }
  g_clear_pointer (&self->definition, crm_workflow_definition_unref);
  g_clear_pointer (&self->workflow_name, g_free);
  items = json_object_get_array_member (json_node_get_object (node), "items");
  /* as the server chooses: the first active one by name */
  for (guint i = 0; items && i < json_array_get_length (items) && self->definition == NULL; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonNode *active = json_object_get_member (item, "active");

      if (active != NULL && !json_node_is_null (active) && !json_node_get_boolean (active))
        continue;
      self->definition = crm_workflow_definition_new_from_data (json_object_get_string_member_with_default (item, "content", ""),
                                                                -1, NULL);
      self->workflow_name = g_strdup (self->definition
                                      ? crm_workflow_definition_get_name_for (self->definition, g_get_language_names ())
                                      : json_object_get_string_member_with_default (item, "name", ""));
    }
  self->workflow_loaded = TRUE;
  show_preview (self);
}

static void
load_workflow (RapportApprovalPanel *self)
{
  const char *entity = self->record ? crm_entity_get_entity_name (self->record) : NULL;
  g_autofree char *path = NULL;

  if (self->api == NULL || entity == NULL || g_strcmp0 (entity, self->workflow_entity) == 0)
    return;
  g_free (self->workflow_entity);
  self->workflow_entity = g_strdup (entity);
  self->workflow_loaded = FALSE;
  g_cancellable_cancel (self->workflow_cancellable);
  g_clear_object (&self->workflow_cancellable);
  self->workflow_cancellable = g_cancellable_new ();
  path = g_strdup_printf ("/workflows?applies_to=%s&sort=name&limit=%d", entity, MAX_WORKFLOWS);
  rapport_api_request_async (self->api, "GET", path, NULL, self->workflow_cancellable, workflows_loaded, self);
}

static GtkWidget *
approval_row (JsonObject *detail,
              JsonArray  *signatures,
              guint       number,
              gboolean    expanded)
{
  JsonNode *instance_node = json_object_get_member (detail, "instance");
  g_autoptr(CrmWorkflowInstance) instance = instance_node ? crm_workflow_instance_new_from_json (instance_node, NULL) : NULL;
  gint64 id = json_object_get_int_member_with_default (detail, "id", 0);
  JsonNode *people_node = json_object_get_member (detail, "people");
  JsonObject *people = people_node && JSON_NODE_HOLDS_OBJECT (people_node) ? json_node_get_object (people_node) : NULL;
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint n_signed = 0;

  /* TRANSLATORS: one approval request of a record, and its state, e.g. "Approval 1 — Approved" */
  title = g_strdup_printf (_("Approval %u — %s"), number,
                           rapport_approval_format_state (json_object_get_string_member_with_default (detail, "state", "")));
  if (instance)
    {
      g_autofree char *when = crm_format_timestamp (crm_workflow_instance_get_submitted_at (instance));

      /* TRANSLATORS: e.g. "Submitted by Rita Rep on 27/11/2026 12:00" */
      subtitle = g_strdup_printf (_("Submitted by %s on %s"),
                                  rapport_approval_format_person (people, crm_workflow_instance_get_submitter (instance)), when);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle ? subtitle : "");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), expanded);
  if (instance)
    {
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_caption_row (_("Steps")));
      for (guint s = 0; s < crm_workflow_instance_get_n_steps (instance); s++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_step_row (instance, s, g_get_real_time (), people));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_caption_row (_("Timeline")));
      for (guint r = 0; r < crm_workflow_instance_get_n_records (instance); r++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_log_row (instance, r, people));
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_caption_row (_("Electronic Signatures")));
  for (guint i = 0; signatures && i < json_array_get_length (signatures); i++)
    {
      JsonObject *signature = json_array_get_object_element (signatures, i);

      if (json_object_get_int_member_with_default (signature, "approval_id", 0) != id)
        continue;
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_signature_row (signature));
      n_signed++;
    }
  if (n_signed == 0)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rapport_approval_format_note_row (_("Nobody has signed yet")));
  return row;
}

static void
show_history (RapportApprovalPanel *self,
              JsonArray            *signatures)
{
  guint n = self->approvals->len;

  rapport_approval_format_clear_list (self->history_list);
  self->pending = FALSE;
  /* newest first, the newest open */
  for (guint i = n; i > 0; i--)
    {
      JsonObject *detail = g_ptr_array_index (self->approvals, i - 1);

      if (detail == NULL)
        continue;
      self->pending |= g_strcmp0 (json_object_get_string_member_with_default (detail, "state", ""), "pending") == 0;
      gtk_list_box_append (self->history_list, approval_row (detail, signatures, i, i == n));
    }
  if (n == 0)
    add_note (self->history_list, _("Never submitted for approval"));
}

typedef struct
{
  RapportApprovalPanel *self;
  guint                 index;
  JsonArray            *signatures;
} DetailLoad;

static void
detail_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DetailLoad *load = user_data;
  RapportApprovalPanel *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->n_loading--;
      self->n_details--;
      /* one the user may not read stays out */
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_index (self->approvals, load->index) = json_object_ref (json_node_get_object (node));
      /* shown once every detail is in */
      if (self->n_details == 0)
        {
          show_history (self, load->signatures);
          show_preview (self);
          gtk_spinner_stop (self->spinner);
        }
    }
  json_array_unref (load->signatures);
  g_free (load);
}

static void
history_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportApprovalPanel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items, *signatures;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_loading--;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      rapport_approval_format_clear_list (self->history_list);
      add_note (self->history_list, error ? error->message : _("The server answered with an error"));
      gtk_spinner_stop (self->spinner);
      return;
    }
  items = json_object_get_array_member (json_node_get_object (node), "items");
  signatures = json_object_get_array_member (json_node_get_object (node), "signatures");
  g_ptr_array_set_size (self->approvals, 0);
  g_ptr_array_set_size (self->approvals, items ? json_array_get_length (items) : 0);
  if (self->approvals->len == 0)
    {
      show_history (self, NULL);
      show_preview (self);
      gtk_spinner_stop (self->spinner);
      return;
    }
  for (guint i = 0; i < self->approvals->len; i++)
    {
      DetailLoad *load = g_new0 (DetailLoad, 1);
      g_autofree char *path = g_strdup_printf ("/approvals/%" G_GINT64_FORMAT,
                                               json_object_get_int_member_with_default (json_array_get_object_element (items, i), "id", 0));

      load->self = self;
      load->index = i;
      load->signatures = signatures ? json_array_ref (signatures) : json_array_new ();
      self->n_loading++;
      self->n_details++;
      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, detail_loaded, load);
    }
}

/* the record's approvals and signatures, afresh */
void
rapport_approval_panel_reload (RapportApprovalPanel *self)
{
  g_autofree char *path = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_loading = 0;
  self->n_details = 0;
  g_ptr_array_set_size (self->approvals, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), self->id > 0);
  if (self->api == NULL || self->collection == NULL || self->id <= 0)
    {
      self->pending = FALSE;
      show_preview (self);
      return;
    }
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/approvals", self->collection, self->id);
  self->n_loading++;
  gtk_spinner_start (self->spinner);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, history_loaded, self);
}

/* an approval event about the record, or a change to it: its history moved on;
 * a change to a workflow: the preview may have too */
static void
on_event (RapportApprovalPanel *self,
          const char           *kind,
          JsonObject           *data)
{
  const char *entity = json_object_get_string_member_with_default (data, "entity", NULL);
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  GType type = self->collection ? crm_entities_lookup_collection (self->collection) : G_TYPE_INVALID;
  CrmEntityClass *klass;
  gboolean ours;

  /* events were missed: whatever they told is loaded afresh */
  if (g_str_equal (kind, "reload"))
    {
      if (self->id > 0)
        rapport_approval_panel_reload (self);
      return;
    }
  /* an administrator saved a workflow: the preview follows the new version */
  if (g_strcmp0 (entity, "workflow") == 0 && self->workflow_entity != NULL)
    {
      g_clear_pointer (&self->workflow_entity, g_free);
      load_workflow (self);
      return;
    }
  if (type == G_TYPE_INVALID || id != self->id || self->id <= 0)
    return;
  klass = g_type_class_ref (type);
  ours = g_strcmp0 (entity, klass->entity_name) == 0;
  g_type_class_unref (klass);
  if (ours)
    rapport_approval_panel_reload (self);
}

/**
 * rapport_approval_panel_set_api:
 * @self: the panel
 * @api: the signed-in client
 *
 * For a panel built from a template; rapport_approval_panel_new() sets it.
 * The panel follows the client's events to keep the history current.
 */
void
rapport_approval_panel_set_api (RapportApprovalPanel *self,
                                RapportApi           *api)
{
  if (self->api == api)
    return;
  if (self->api)
    g_signal_handlers_disconnect_by_data (self->api, self);
  g_set_object (&self->api, api);
  g_clear_pointer (&self->workflow_entity, g_free);
  if (api)
    g_signal_connect_object (api, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  load_workflow (self);
  rapport_approval_panel_reload (self);
}

/**
 * rapport_approval_panel_set_record:
 * @self: the panel
 * @collection: the record's collection, e.g. "quotes"
 * @id: the record, or 0 for one not saved yet (no history)
 * @record: (nullable): the record's values as they are now, edits
 *   included, for the preview of who approves; %NULL: no preview
 *
 * Call it again whenever the values change: the preview follows at once,
 * without asking the server. The history is loaded when @id changes.
 */
void
rapport_approval_panel_set_record (RapportApprovalPanel *self,
                                   const char           *collection,
                                   gint64                id,
                                   CrmEntity            *record)
{
  gboolean other = g_strcmp0 (collection, self->collection) != 0 || id != self->id;

  g_set_object (&self->record, record);
  if (other)
    {
      g_free (self->collection);
      self->collection = g_strdup (collection);
      self->id = id;
      load_workflow (self);
      rapport_approval_panel_reload (self);
      return;
    }
  load_workflow (self);
  show_preview (self);
}

gboolean
rapport_approval_panel_get_busy (RapportApprovalPanel *self)
{
  return self->n_loading > 0 || (self->workflow_entity != NULL && !self->workflow_loaded);
}

/* the approvals the history shows */
guint
rapport_approval_panel_get_n_approvals (RapportApprovalPanel *self)
{
  return self->approvals->len;
}

/* how many steps would apply if the record were submitted now; -1: not known */
int
rapport_approval_panel_get_n_steps_applying (RapportApprovalPanel *self)
{
  return self->n_applying;
}

static void
rapport_approval_panel_dispose (GObject *object)
{
  RapportApprovalPanel *self = RAPPORT_APPROVAL_PANEL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->workflow_cancellable);
  g_clear_object (&self->workflow_cancellable);
  g_cancellable_cancel (self->people_cancellable);
  g_clear_object (&self->people_cancellable);
  if (self->api)
    g_signal_handlers_disconnect_by_data (self->api, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_APPROVAL_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->approvals, g_ptr_array_unref);
  g_clear_pointer (&self->definition, crm_workflow_definition_unref);
  g_clear_pointer (&self->workflow_name, g_free);
  g_clear_pointer (&self->workflow_entity, g_free);
  g_clear_pointer (&self->collection, g_free);
  g_clear_pointer (&self->people, json_object_unref);
  g_clear_pointer (&self->asked, g_hash_table_unref);
  g_clear_object (&self->record);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_approval_panel_parent_class)->dispose (object);
}

static void
rapport_approval_panel_class_init (RapportApprovalPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_approval_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-approval-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalPanel, preview_group);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalPanel, preview_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalPanel, history_group);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalPanel, history_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_approval_panel_init (RapportApprovalPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->workflow_cancellable = g_cancellable_new ();
  self->people_cancellable = g_cancellable_new ();
  self->people = json_object_new ();
  self->asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->approvals = g_ptr_array_new_with_free_func (detail_free);
  self->n_applying = -1;
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), FALSE);
}

/**
 * rapport_approval_panel_new:
 * @api: the signed-in client
 *
 * A panel for a record page: its approval history (each request's steps,
 * timeline and signatures) and, for a record that may still be submitted,
 * which steps of the active workflow would apply and who approves each.
 * It shows nothing until rapport_approval_panel_set_record().
 *
 * Returns: (transfer floating): the panel
 */
RapportApprovalPanel *
rapport_approval_panel_new (RapportApi *api)
{
  RapportApprovalPanel *self = g_object_new (RAPPORT_TYPE_APPROVAL_PANEL, NULL);

  rapport_approval_panel_set_api (self, api);
  return self;
}
