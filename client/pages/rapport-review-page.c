/* rapport-review-page.c: RapportReviewPage, what the team recorded (activities, submitted weekly reports) that awaits the manager's review (批复) */
#include "rapport-review-page.h"
#include "rapport-window.h"
#include "widgets/rapport-review-mark.h"
#include "crm-activity.h"
#include "crm-entities.h"
#include "crm-json.h"
#include "crm-weekly-report.h"

#include <glib/gi18n.h>

#define PAGE_SIZE 50

struct _RapportReviewPage
{
  GtkWidget      parent_instance;

  GtkLabel      *summary_label;
  GtkWidget     *mark_all_button;
  GtkStack      *content_stack;
  GtkListBox    *list;
  GtkWidget     *more_button;
  AdwStatusPage *error_page;

  RapportApi    *api;
  GListStore    *items;
  char          *next;
  /* the page's life; a read, dropped when a newer one starts */
  GCancellable  *cancellable;
  GCancellable  *load_cancellable;
  guint          busy;
  /* a read again after changes while the page is not shown, for the sidebar's count */
  guint          reload_source;
  guint          n_pending;
  gboolean       more;
};

G_DEFINE_FINAL_TYPE (RapportReviewPage, rapport_review_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_N_PENDING,
  PROP_MORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* how long changes are gathered before the hidden page reads again */
#define RELOAD_DELAY_MS 2000

static void load (RapportReviewPage *self,
                  gboolean           more);

static void
update_state (RapportReviewPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *summary = NULL;

  if (n == 0)
    summary = g_strdup ("");
  else if (self->next != NULL)
    /* TRANSLATORS: more pages follow the activities and weekly reports loaded */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record shown awaits your review, and more",
                                            "%u records shown await your review, and more", n), n);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record awaits your review",
                                            "%u records await your review", n), n);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (self->more_button, self->next != NULL);
  gtk_widget_set_sensitive (self->more_button, self->busy == 0);
  gtk_widget_set_sensitive (self->mark_all_button, self->busy == 0 && n > 0);
  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
  if (self->n_pending != n)
    {
      self->n_pending = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (self->more != (self->next != NULL))
    {
      self->more = self->next != NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MORE]);
    }
}

static void
show_error (RapportReviewPage *self,
            const GError      *error)
{
  adw_status_page_set_description (self->error_page, error ? error->message : _("The server answered with an error"));
  gtk_stack_set_visible_child_name (self->content_stack, "error");
}

static gboolean
is_weekly_report (CrmEntity *record)
{
  return CRM_IS_WEEKLY_REPORT (record);
}

/* when @record was recorded, as its reviewer sees it: an activity when it
 * was logged, a weekly report when it was submitted */
static gint64
recorded_at (CrmEntity *record)
{
  return crm_entity_get_int (record, is_weekly_report (record) ? "submitted_at" : "created_at");
}

/* the row's title: an activity's subject, "Weekly summary 2026-W49" */
static char *
title_of (CrmEntity *record)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  int kind = crm_entity_class_find_field (klass, "kind");

  if (!is_weekly_report (record))
    return g_strdup (crm_entity_get_text (record, "subject"));
  /* TRANSLATORS: a weekly report's kind ("Weekly summary") and its ISO week ("2026-W49") */
  return g_strdup_printf (_("%s %s"), crm_field_spec_enum_label (&klass->fields[kind], crm_entity_get_text (record, "kind")),
                          crm_entity_get_text (record, "week"));
}

/* "Visit · Lena Wu · Kangtai Medical · 2026-12-07 09:30", the start in
 * local time; "Lena Wu · submitted 2026-12-04 17:00" for a weekly report */
static char *
describe (CrmEntity *record)
{
  CrmEntityClass *klass = CRM_ENTITY_GET_CLASS (record);
  gboolean report = is_weekly_report (record);
  int kind = crm_entity_class_find_field (klass, "kind");
  int owner = crm_entity_class_find_field (klass, "owner");
  int account = report ? -1 : crm_entity_class_find_field (klass, "account");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 when = crm_entity_get_int (record, report ? "submitted_at" : "starts_at");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  const char *name;

  if (!report)
    g_ptr_array_add (parts, g_strdup (crm_field_spec_enum_label (&klass->fields[kind],
                                                                 crm_entity_get_text (record, "kind"))));
  if ((name = crm_entity_get_reference_name (record, owner)) != NULL)
    g_ptr_array_add (parts, g_strdup (name));
  if (account >= 0 && (name = crm_entity_get_reference_name (record, account)) != NULL)
    g_ptr_array_add (parts, g_strdup (name));
  if (local != NULL && report)
    {
      g_autofree char *time = g_date_time_format (local, "%Y-%m-%d %H:%M");

      /* TRANSLATORS: when a weekly report was submitted, "2026-12-04 17:00" */
      g_ptr_array_add (parts, g_strdup_printf (_("submitted %s"), time));
    }
  else if (local != NULL)
    g_ptr_array_add (parts, g_date_time_format (local, "%Y-%m-%d %H:%M"));
  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: what separates the parts of a line describing an activity */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/* where the record of @type and @id is in the list, G_MAXUINT if gone */
static guint
position_of (RapportReviewPage *self,
             GType              type,
             gint64             id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(CrmEntity) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (G_OBJECT_TYPE (item) == type && crm_entity_get_id (item) == id)
        return i;
    }
  return G_MAXUINT;
}

typedef struct
{
  RapportReviewPage *self;
  GType              type;
  gint64             id;
} MarkCall;

static void
marked (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autofree MarkCall *call = user_data;
  RapportReviewPage *self = call->self;
  g_autoptr(GError) error = NULL;
  gboolean done = rapport_review_mark_finish (result, &error);
  guint position;

  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (done && (position = position_of (self, call->type, call->id)) != G_MAXUINT)
    g_list_store_remove (self->items, position);
  if (done || error != NULL)
    rapport_window_toast_for (GTK_WIDGET (self), error != NULL ? error->message : _("Marked reviewed"));
  update_state (self);
}

/**
 * rapport_review_page_mark:
 * @self: the page
 * @position: an activity or a weekly report shown
 *
 * Marks it reviewed, asking for the password where its review is an
 * electronic signature; it leaves the list once the server has it.
 */
void
rapport_review_page_mark (RapportReviewPage *self,
                          guint              position)
{
  g_autoptr(CrmEntity) item = NULL;
  g_autofree char *title = NULL;
  MarkCall *call;

  g_return_if_fail (RAPPORT_IS_REVIEW_PAGE (self));

  if ((item = g_list_model_get_item (G_LIST_MODEL (self->items), position)) == NULL)
    return;
  call = g_new0 (MarkCall, 1);
  call->self = self;
  call->type = G_OBJECT_TYPE (item);
  call->id = crm_entity_get_id (item);
  title = title_of (item);
  self->busy++;
  update_state (self);
  rapport_review_mark_record_async (GTK_WIDGET (self), self->api, crm_entity_get_collection (item), call->id, title,
                                    self->cancellable, marked, call);
}

static void
on_mark_clicked (GtkButton *button,
                 gpointer   user_data)
{
  RapportReviewPage *self = user_data;
  CrmEntity *item = g_object_get_data (G_OBJECT (button), "item");
  guint position = position_of (self, G_OBJECT_TYPE (item), crm_entity_get_id (item));

  if (position != G_MAXUINT)
    rapport_review_page_mark (self, position);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  CrmEntity *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = gtk_button_new_from_icon_name ("object-select-symbolic");
  g_autofree char *subtitle = describe (record);
  g_autofree char *title = title_of (record);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (mark, "flat");
  gtk_widget_set_tooltip_text (mark, _("Mark Reviewed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mark Reviewed"), -1);
  g_object_set_data_full (G_OBJECT (mark), "item", g_object_ref (record), g_object_unref);
  g_signal_connect (mark, "clicked", G_CALLBACK (on_mark_clicked), user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
on_row_activated (RapportReviewPage *self,
                  GtkListBoxRow     *row)
{
  g_autoptr(CrmEntity) item = g_list_model_get_item (G_LIST_MODEL (self->items), gtk_list_box_row_get_index (row));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (item != NULL && RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), crm_entity_get_collection (item), crm_entity_get_id (item), NULL);
}

typedef struct
{
  RapportReviewPage *self;
  gboolean           more;
} LoadCall;

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autofree LoadCall *call = user_data;
  RapportReviewPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonArray *items;

  /* cancelled: the page may be gone, or a newer read took its place */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  g_clear_object (&self->load_cancellable);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (items = json_object_get_array_member (object = json_node_get_object (node), "items")) == NULL)
    {
      update_state (self);
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *member = json_array_get_object_element (items, i);
      const char *entity = member ? json_object_get_string_member_with_default (member, "entity", "activity") : NULL;
      GType type = entity ? crm_entities_lookup_name (entity) : G_TYPE_INVALID;
      g_autoptr(CrmEntity) record = NULL;

      /* a kind of record this client does not know is left out */
      if (type != CRM_TYPE_ACTIVITY && type != CRM_TYPE_WEEKLY_REPORT)
        continue;
      record = crm_entity_new (type);
      if (crm_json_read_entity (record, member, NULL))
        g_ptr_array_add (fresh, g_steal_pointer (&record));
    }
  g_clear_pointer (&self->next, g_free);
  if (json_object_has_member (object, "next") && !json_object_get_null_member (object, "next"))
    self->next = g_strdup (json_object_get_string_member (object, "next"));
  g_list_store_splice (self->items, call->more ? g_list_model_get_n_items (G_LIST_MODEL (self->items)) : 0,
                       call->more ? 0 : g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       fresh->pdata, fresh->len);
  update_state (self);
}

static void
load (RapportReviewPage *self,
      gboolean           more)
{
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  LoadCall *call;

  if (self->api == NULL || (more && self->next == NULL))
    return;
  /* a newer read replaces one on its way */
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      self->busy--;
    }
  self->load_cancellable = g_cancellable_new ();
  after = more ? g_uri_escape_string (self->next, NULL, TRUE) : NULL;
  path = after ? g_strdup_printf ("/reviews/pending?limit=%d&after=%s", PAGE_SIZE, after)
               : g_strdup_printf ("/reviews/pending?limit=%d", PAGE_SIZE);
  call = g_new0 (LoadCall, 1);
  call->self = self;
  call->more = more;
  self->busy++;
  update_state (self);
  rapport_api_request_async (self->api, "GET", path, NULL, self->load_cancellable, loaded, call);
}

/**
 * rapport_review_page_reload:
 * @self: the page
 *
 * Reads the first page again: what was marked leaves, what was recorded
 * since comes first.
 */
void
rapport_review_page_reload (RapportReviewPage *self)
{
  g_return_if_fail (RAPPORT_IS_REVIEW_PAGE (self));

  load (self, FALSE);
}

static void
on_more (RapportReviewPage *self)
{
  load (self, TRUE);
}

static void
marked_all (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportReviewPage *self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  /* the list is read again: the answer is not kept */
  g_clear_pointer (&node, json_node_unref);
  /* cancelled: the page may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  rapport_window_toast_for (GTK_WIDGET (self), error != NULL ? error->message : _("Marked all reviewed"));
  load (self, FALSE);
}

static void
on_mark_all_response (AdwMessageDialog  *dialog,
                      const char        *response,
                      RapportReviewPage *self)
{
  g_autoptr(CrmEntity) newest = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *until = NULL;

  if (!g_str_equal (response, "mark") ||
      (newest = g_list_model_get_item (G_LIST_MODEL (self->items), 0)) == NULL)
    return;
  /* what was recorded after the list was read was not seen: it stays */
  until = crm_json_format_timestamp (recorded_at (newest));
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "until");
  json_builder_add_string_value (builder, until);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  self->busy++;
  update_state (self);
  rapport_api_request_async (self->api, "POST", "/reviews/mark-all", body, self->cancellable, marked_all, self);
}

static void
on_mark_all (RapportReviewPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Mark All Reviewed?"),
                                   _("Everything listed here, activities and weekly reports, the pages not yet shown "
                                     "too, is marked reviewed by you. What is recorded or submitted from now on will "
                                     "be listed. Activities whose review your company asks one by one stay until you "
                                     "review each."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "mark", _("_Mark All Reviewed"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mark", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "mark");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_mark_all_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
reload_now (gpointer data)
{
  RapportReviewPage *self = data;

  self->reload_source = 0;
  load (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* someone of the team recorded or changed an activity or a weekly report:
 * read again at once if shown, else once the changes have settled, so that
 * the sidebar's count follows */
static void
on_change (RapportReviewPage *self,
           const char        *kind,
           JsonObject        *data)
{
  const char *entity = data != NULL ? json_object_get_string_member_with_default (data, "entity", NULL) : NULL;

  /* being disposed: nothing more is read */
  if (self->api == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (g_strcmp0 (entity, "activity") != 0 && g_strcmp0 (entity, "weekly_report") != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, FALSE);
  else if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_now, self);
}

static void
rapport_review_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_review_page_parent_class)->map (widget);
  /* back from an activity commented on or marked there, or from another section */
  load (RAPPORT_REVIEW_PAGE (widget), FALSE);
}

static void
rapport_review_page_dispose (GObject *object)
{
  RapportReviewPage *self = RAPPORT_REVIEW_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_REVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->items);
  g_clear_pointer (&self->next, g_free);
  G_OBJECT_CLASS (rapport_review_page_parent_class)->dispose (object);
}

static void
rapport_review_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportReviewPage *self = RAPPORT_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    case PROP_MORE:
      g_value_set_boolean (value, self->more);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_review_page_class_init (RapportReviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_review_page_dispose;
  G_OBJECT_CLASS (klass)->get_property = rapport_review_page_get_property;
  /**
   * RapportReviewPage:n-pending:
   *
   * How many records awaiting review are loaded: the first page's, until
   * more are asked for.
   */
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * RapportReviewPage:more:
   *
   * Whether more records await review than are loaded.
   */
  properties[PROP_MORE] =
    g_param_spec_boolean ("more", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  widget_class->map = rapport_review_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportReviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RapportReviewPage, mark_all_button);
  gtk_widget_class_bind_template_child (widget_class, RapportReviewPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportReviewPage, list);
  gtk_widget_class_bind_template_child (widget_class, RapportReviewPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, RapportReviewPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, rapport_review_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, on_more);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_all);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_review_page_init (RapportReviewPage *self)
{
  g_type_ensure (CRM_TYPE_ACTIVITY);
  g_type_ensure (CRM_TYPE_WEEKLY_REPORT);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->items = g_list_store_new (CRM_TYPE_ENTITY);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, self, NULL);
}

/**
 * rapport_review_page_new:
 * @api: the signed-in client
 *
 * The "Awaiting my review" section: the activities and submitted weekly
 * reports of everyone the user's scope covers, newest first, a page of 50 at a time; each opens, or is
 * marked reviewed, and all shown are marked at once after a confirmation.
 * It counts what awaits (#RapportReviewPage:n-pending) from the start.
 *
 * Returns: (transfer floating): the page, read now and when shown
 */
GtkWidget *
rapport_review_page_new (RapportApi *api)
{
  RapportReviewPage *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_REVIEW_PAGE, NULL);
  self->api = g_object_ref (api);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_change), self, G_CONNECT_SWAPPED);
  /* read at once: the sidebar counts what awaits before the page is shown */
  load (self, FALSE);
  return GTK_WIDGET (self);
}

/* Returns: whether a read or a mark is on its way */
gboolean
rapport_review_page_get_busy (RapportReviewPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_REVIEW_PAGE (self), FALSE);
  return self->busy > 0;
}

/* Returns: (transfer none): the activities and weekly reports shown, as CrmEntity */
GListModel *
rapport_review_page_get_items (RapportReviewPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_REVIEW_PAGE (self), NULL);
  return G_LIST_MODEL (self->items);
}

/* Returns: (transfer none): the list */
GtkListBox *
rapport_review_page_get_list (RapportReviewPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_REVIEW_PAGE (self), NULL);
  return self->list;
}

/* Returns: (transfer none): the Mark All Reviewed button */
GtkWidget *
rapport_review_page_get_mark_all (RapportReviewPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_REVIEW_PAGE (self), NULL);
  return self->mark_all_button;
}
