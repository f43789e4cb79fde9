/* rapport-tasks-page.c: RapportTasksPage, one's open tasks as Today, Overdue and Upcoming, each done or snoozed with a click */
#include "rapport-tasks-page.h"
#include "pages/rapport-records-page.h"
#include "crm-json.h"
#include "crm-task.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* the views, in the order of their lists; each is GET /tasks/agenda?view= */
static const char * const views[] = { "today", "overdue", "upcoming" };
#define N_VIEWS G_N_ELEMENTS (views)

#define SNOOZE_SECONDS G_GINT64_CONSTANT (3600)
/* changes heard within this long are read back once */
#define RELOAD_DELAY_MS 300

struct _RapportTasksPage
{
  GtkWidget       parent_instance;

  GtkEntry       *new_task_entry;
  GtkDropDown    *remind_choice;
  GtkLabel       *message_label;
  AdwViewStack   *views;
  GtkListBox     *today_list;
  GtkListBox     *overdue_list;
  GtkListBox     *upcoming_list;

  RapportApi     *api;
  GCancellable   *cancellable;
  /* CrmTask each, in the order of views */
  GListStore     *tasks[N_VIEWS];
  guint           n_pending;
  guint           reload_source;
};

G_DEFINE_FINAL_TYPE (RapportTasksPage, rapport_tasks_page, GTK_TYPE_WIDGET)

/* what an answer holds for the view it was asked for */
typedef struct
{
  RapportTasksPage *self;
  guint             view;
} ViewLoad;

static void
show_message (RapportTasksPage *self,
              const char       *text,
              gboolean          is_error)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
request_done (RapportTasksPage *self)
{
  if (self->n_pending > 0)
    self->n_pending--;
}

static void
view_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree ViewLoad *load = user_data;
  RapportTasksPage *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store;
  JsonArray *array;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  store = self->tasks[load->view];
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error != NULL)
        show_message (self, error->message, TRUE);
      return;
    }
  array = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autoptr(CrmEntity) task = crm_entity_new (CRM_TYPE_TASK);

      if (crm_json_read_entity (task, json_array_get_object_element (array, i), NULL))
        g_ptr_array_add (items, g_steal_pointer (&task));
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

/**
 * rapport_tasks_page_reload:
 * @self: the page
 *
 * Reads the three views again.
 */
void
rapport_tasks_page_reload (RapportTasksPage *self)
{
  g_return_if_fail (RAPPORT_IS_TASKS_PAGE (self));

  for (guint v = 0; v < N_VIEWS; v++)
    {
      g_autofree char *path = g_strdup_printf ("/tasks/agenda?view=%s&limit=200", views[v]);
      ViewLoad *load = g_new0 (ViewLoad, 1);

      load->self = self;
      load->view = v;
      self->n_pending++;
      rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, view_loaded, load);
    }
}

/* a change made: told, then the views as they are now */
static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RapportTasksPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  show_message (self, node == NULL ? error->message : NULL, node == NULL);
  rapport_tasks_page_reload (self);
}

static CrmEntity *
task_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "task");
}

static void
on_done_clicked (GtkButton        *button,
                 RapportTasksPage *self)
{
  CrmEntity *task = task_of (GTK_WIDGET (button));
  g_autofree char *path = g_strdup_printf ("/tasks/%" G_GINT64_FORMAT, crm_entity_get_id (task));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, crm_entity_get_version (task));
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  self->n_pending++;
  rapport_api_request_async (self->api, "PATCH", path, body, self->cancellable, changed, self);
}

static void
on_snooze_clicked (GtkButton        *button,
                   RapportTasksPage *self)
{
  CrmEntity *task = task_of (GTK_WIDGET (button));
  g_autofree char *path = g_strdup_printf ("/tasks/%" G_GINT64_FORMAT "/snooze", crm_entity_get_id (task));
  g_autofree char *until = crm_json_format_timestamp (g_get_real_time () + SNOOZE_SECONDS * G_USEC_PER_SEC);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "until");
  json_builder_add_string_value (builder, until);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  self->n_pending++;
  rapport_api_request_async (self->api, "POST", path, body, self->cancellable, changed, self);
}

/* "Due 2026-12-06 18:00 · Repeats", in the local time */
static char *
task_subtitle (CrmEntity *task)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (task);
  CrmValue *due = crm_entity_value (task, crm_entity_class_find_field (klass, "due_at"));
  const char *rule = crm_entity_get_text (task, "recurrence");
  g_autoptr(GString) text = g_string_new (NULL);

  if (due->set && !due->is_null)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due->i / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");

      g_string_append_printf (text, _("Due %s"), when);
    }
  else
    g_string_append (text, _("No due time"));
  if (rule != NULL && rule[0] != '\0')
    g_string_append_printf (text, " · %s", _("Repeats"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
row_button (const char       *label,
            CrmEntity        *task,
            GCallback         callback,
            RapportTasksPage *self)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "task", g_object_ref (task), g_object_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RapportTasksPage *self = user_data;
  CrmEntity *task = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *done = row_button (_("Mark done"), task, G_CALLBACK (on_done_clicked), self);
  g_autofree char *subtitle = task_subtitle (task);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_entity_get_text (task, "subject"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (done, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("Snooze 1 hour"), task, G_CALLBACK (on_snooze_clicked), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
  return row;
}

/* the reminder chosen beside the entry, in the order of its items: none,
 * in 15 minutes, in an hour, tomorrow at 09:00 (local time); or 0 */
static gint64
chosen_reminder (RapportTasksPage *self,
                 GDateTime        *now)
{
  g_autoptr(GDateTime) tomorrow = NULL;

  switch (gtk_drop_down_get_selected (self->remind_choice))
    {
    case 1:
      return (g_date_time_to_unix (now) + 15 * 60) * G_USEC_PER_SEC;
    case 2:
      return (g_date_time_to_unix (now) + 60 * 60) * G_USEC_PER_SEC;
    case 3:
      tomorrow = g_date_time_add_days (now, 1);
      {
        g_autoptr(GDateTime) nine = g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                                           g_date_time_get_day_of_month (tomorrow), 9, 0, 0);

        return g_date_time_to_unix (nine) * G_USEC_PER_SEC;
      }
    default:
      return 0;
    }
}

/* a task typed in the entry, due by the end of today (or when it is to be
 * reminded, if later), with the reminder chosen beside it */
static void
on_add_task (RapportTasksPage *self)
{
  g_autofree char *subject = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_task_entry))));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) end_of_day = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                           g_date_time_get_day_of_month (now), 23, 59, 0);
  gint64 remind = chosen_reminder (self, now);
  g_autofree char *due = crm_json_format_timestamp (MAX (g_date_time_to_unix (end_of_day) * G_USEC_PER_SEC, remind));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  if (subject[0] == '\0')
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "due_at");
  json_builder_add_string_value (builder, due);
  if (remind > 0)
    {
      g_autofree char *remind_text = crm_json_format_timestamp (remind);

      json_builder_set_member_name (builder, "remind_at");
      json_builder_add_string_value (builder, remind_text);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  gtk_editable_set_text (GTK_EDITABLE (self->new_task_entry), "");
  gtk_drop_down_set_selected (self->remind_choice, 0);
  self->n_pending++;
  rapport_api_request_async (self->api, "POST", "/tasks", body, self->cancellable, changed, self);
}

static gboolean
reload_later (gpointer data)
{
  RapportTasksPage *self = data;

  self->reload_source = 0;
  self->n_pending--;
  rapport_tasks_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* a task changed, here or elsewhere (a form, a reminder told): the views again */
static void
on_change (RapportTasksPage *self,
           const char       *kind,
           JsonObject       *data)
{
  if (g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL), "task") != 0 ||
      self->reload_source != 0)
    return;
  self->n_pending++;
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_later, self);
}

gboolean
rapport_tasks_page_get_busy (RapportTasksPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_TASKS_PAGE (self), FALSE);

  return self->n_pending > 0;
}

/**
 * rapport_tasks_page_get_tasks:
 * @self: the page
 * @view: "today", "overdue" or "upcoming"
 *
 * Returns: (transfer none): the view's tasks, a #CrmTask each
 */
GListModel *
rapport_tasks_page_get_tasks (RapportTasksPage *self,
                              const char       *view)
{
  g_return_val_if_fail (RAPPORT_IS_TASKS_PAGE (self), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  for (guint v = 0; v < N_VIEWS; v++)
    if (g_str_equal (views[v], view))
      return G_LIST_MODEL (self->tasks[v]);
  g_return_val_if_reached (NULL);
}

void
rapport_tasks_page_show_view (RapportTasksPage *self,
                              const char       *view)
{
  g_return_if_fail (RAPPORT_IS_TASKS_PAGE (self));
  g_return_if_fail (view != NULL);

  adw_view_stack_set_visible_child_name (self->views, view);
}

/* the last change's refusal, or NULL */
const char *
rapport_tasks_page_get_message (RapportTasksPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_TASKS_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_text (self->message_label) : NULL;
}

GtkWidget *
rapport_tasks_page_new (RapportApi *api)
{
  RapportTasksPage *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_TASKS_PAGE, NULL);
  self->api = g_object_ref (api);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_change), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (rapport_tasks_page_reload), self, G_CONNECT_SWAPPED);
  rapport_tasks_page_reload (self);
  return GTK_WIDGET (self);
}

/**
 * rapport_tasks_page_add_to:
 * @page: the Tasks section's list
 * @api: the signed-in client
 *
 * Puts the agenda (Today, Overdue, Upcoming) beside the list of every task
 * one may see, and shows it first; the list's form makes and edits tasks
 * with every field (reminder, recurrence, assignee, related records).
 */
void
rapport_tasks_page_add_to (RapportRecordsPage *page,
                           RapportApi         *api)
{
  g_return_if_fail (RAPPORT_IS_RECORDS_PAGE (page));
  g_return_if_fail (RAPPORT_IS_API (api));

  rapport_records_page_add_view (page, "agenda", _("Agenda"), "object-select-symbolic", rapport_tasks_page_new (api));
  rapport_records_page_show_view (page, "agenda");
}

static void
rapport_tasks_page_dispose (GObject *object)
{
  RapportTasksPage *self = RAPPORT_TASKS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_TASKS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint v = 0; v < N_VIEWS; v++)
    g_clear_object (&self->tasks[v]);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_tasks_page_parent_class)->dispose (object);
}

static void
rapport_tasks_page_class_init (RapportTasksPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_tasks_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-tasks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, new_task_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, remind_choice);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, views);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, today_list);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, upcoming_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_task);
  gtk_widget_class_bind_template_callback (widget_class, rapport_tasks_page_reload);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_tasks_page_init (RapportTasksPage *self)
{
  GtkListBox *lists[N_VIEWS];

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_VIEW_STACK);
  g_type_ensure (ADW_TYPE_VIEW_SWITCHER);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  lists[0] = self->today_list;
  lists[1] = self->overdue_list;
  lists[2] = self->upcoming_list;
  for (guint v = 0; v < N_VIEWS; v++)
    {
      self->tasks[v] = g_list_store_new (CRM_TYPE_ENTITY);
      gtk_list_box_bind_model (lists[v], G_LIST_MODEL (self->tasks[v]), create_row, self, NULL);
    }
}
