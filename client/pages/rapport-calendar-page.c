/* rapport-calendar-page.c: RapportCalendarPage, the Calendar section: one's (or the team's) week or month, items dragged to reschedule them, others' changes followed live */
#include "rapport-calendar-page.h"
#include "rapport-window.h"
#include "widgets/rapport-calendar-item.h"
#include "crm-json.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* the hour the week opens scrolled to */
#define FIRST_HOUR 7
/* changes heard within this time read the view once */
#define FOLLOW_DEBOUNCE_MS 300

/* the records the calendar shows, as the event WebSocket names them */
static const char * const shown_entities[] = { "activity", "task", "visit_plan", NULL };

struct _RapportCalendarPage
{
  GtkWidget             parent_instance;

  GtkLabel             *title_label;
  GtkLabel             *error_label;
  GtkWidget            *scope_box;
  GtkToggleButton      *team_button;
  GtkToggleButton      *week_button;
  GtkToggleButton      *month_button;
  GtkStack             *view_stack;
  GtkScrolledWindow    *week_scroller;
  RapportCalendarWeek  *week_view;
  RapportCalendarMonth *month_view;

  RapportApi           *api;
  GCancellable         *cancellable;
  /* moves are not dropped when the view is read again */
  GCancellable         *moves_cancellable;
  /* a day of the week or month shown, its local midnight */
  GDateTime            *anchor;
  /* the first day shown: the week's Monday, or the Monday before the month's first */
  GDateTime            *first;
  GPtrArray            *items;
  char                 *refusal;
  guint                 n_reading;
  guint                 n_moving;
  guint                 n_loads;
  guint                 scroll_tick;
  /* a read of what others changed, waiting for their changes to settle */
  guint                 follow_source;
  /* a change heard while a move was on its way: read once it is answered */
  gboolean              follow_after_move;
};

G_DEFINE_FINAL_TYPE (RapportCalendarPage, rapport_calendar_page, GTK_TYPE_WIDGET)

static GDateTime *
monday_of (GDateTime *day)
{
  return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
}

static gboolean
showing_month (RapportCalendarPage *self)
{
  return gtk_toggle_button_get_active (self->month_button);
}

static void
show_items (RapportCalendarPage *self)
{
  if (showing_month (self))
    rapport_calendar_month_set_range (self->month_view, self->first, g_date_time_get_month (self->anchor), self->items);
  else
    rapport_calendar_week_set_range (self->week_view, self->first, self->items);
}

static void
update_title (RapportCalendarPage *self)
{
  g_autofree char *title = NULL;

  if (showing_month (self))
    /* TRANSLATORS: the month shown, as g_date_time_format() takes it: "March 2030" */
    title = g_date_time_format (self->anchor, _("%B %Y"));
  else
    {
      g_autoptr(GDateTime) sunday = g_date_time_add_days (self->first, 6);
      /* TRANSLATORS: the first day of the week shown, as g_date_time_format() takes it */
      g_autofree char *from = g_date_time_format (self->first, _("%e %B"));
      /* TRANSLATORS: the last day of the week shown, as g_date_time_format() takes it */
      g_autofree char *to = g_date_time_format (sunday, _("%e %B %Y"));

      /* TRANSLATORS: the week shown, from its first to its last day */
      title = g_strdup_printf (_("%s – %s"), g_strstrip (from), g_strstrip (to));
    }
  gtk_label_set_text (self->title_label, title);
}

/* the week opens at the morning, once its height is known */
static gboolean
scroll_to_morning (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  RapportCalendarPage *self = RAPPORT_CALENDAR_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->week_scroller);
  double x, midnight_y, morning_y;
  g_autoptr(GDateTime) morning = g_date_time_add_hours (self->first, FIRST_HOUR);

  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) ||
      !rapport_calendar_week_point_for (self->week_view, g_date_time_to_unix (self->first) * G_USEC_PER_SEC, &x, &midnight_y) ||
      !rapport_calendar_week_point_for (self->week_view, g_date_time_to_unix (morning) * G_USEC_PER_SEC, &x, &morning_y))
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  /* the morning just under the day names, which stay in view */
  gtk_adjustment_set_value (adjustment, morning_y - midnight_y);
  return G_SOURCE_REMOVE;
}

static void
show_error (RapportCalendarPage *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void read_items (RapportCalendarPage *self,
                        gboolean             keep_shown);

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportCalendarPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RAPPORT_CALENDAR_PAGE (user_data);
  self->n_reading = 0;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      show_error (self, error ? error->message : _("The calendar could not be read"));
      return;
    }
  show_error (self, NULL);
  g_ptr_array_set_size (self->items, 0);
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    g_ptr_array_add (self->items, rapport_calendar_item_new_from_json (json_array_get_object_element (items, i)));
  show_items (self);
  self->n_loads++;
}

/**
 * rapport_calendar_page_reload:
 * @self: the page
 *
 * Reads the items of the week or month shown again.
 */
void
rapport_calendar_page_reload (RapportCalendarPage *self)
{
  g_return_if_fail (RAPPORT_IS_CALENDAR_PAGE (self));

  read_items (self, FALSE);
}

/* The items of the view shown read again; @keep_shown leaves those shown
 * in place until the answer replaces them (a change followed), where a
 * new view starts empty. */
static void
read_items (RapportCalendarPage *self,
            gboolean             keep_shown)
{
  g_autoptr(GDateTime) first_of_month = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *path = NULL;

  g_clear_handle_id (&self->follow_source, g_source_remove);
  self->follow_after_move = FALSE;
  g_clear_pointer (&self->first, g_date_time_unref);
  if (showing_month (self))
    {
      first_of_month = g_date_time_add_days (self->anchor, 1 - g_date_time_get_day_of_month (self->anchor));
      self->first = monday_of (first_of_month);
      end = g_date_time_add_weeks (self->first, 6);
    }
  else
    {
      self->first = monday_of (self->anchor);
      end = g_date_time_add_weeks (self->first, 1);
    }
  gtk_stack_set_visible_child_name (self->view_stack, showing_month (self) ? "month" : "week");
  update_title (self);
  if (!keep_shown)
    {
      g_ptr_array_set_size (self->items, 0);
      show_items (self);
    }
  if (self->api == NULL)
    return;
  /* what was asked before is no longer wanted */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_reading = 1;
  from = crm_json_format_timestamp (g_date_time_to_unix (self->first) * G_USEC_PER_SEC);
  to = crm_json_format_timestamp (g_date_time_to_unix (end) * G_USEC_PER_SEC);
  path = g_strdup_printf ("/calendar-items?from=%s&to=%s&scope=%s", from, to,
                          gtk_toggle_button_get_active (self->team_button) ? "team" : "mine");
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, loaded, self);
}

typedef struct
{
  RapportCalendarPage *self;
  RapportCalendarItem *item;
  gint64               was;
} Move;

static void
moved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  Move *move = user_data;
  RapportCalendarPage *self = move->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (move->item);
      g_free (move);
      return;
    }
  self->n_moving--;
  if (node == NULL)
    {
      /* refused (closed for edits, not one's to change, changed by someone
       * else first): the item goes back, and the server says why */
      rapport_calendar_item_move_to (move->item, move->was);
      show_items (self);
      g_free (self->refusal);
      self->refusal = g_strdup (error->message);
      rapport_window_toast_for (GTK_WIDGET (self), error->message);
      if (self->follow_after_move && self->n_moving == 0)
        read_items (self, TRUE);
    }
  else
    read_items (self, TRUE);
  g_object_unref (move->item);
  g_free (move);
}

/* the item moves at once; the server has the last word */
static void
on_move_requested (RapportCalendarPage *self,
                   RapportCalendarItem *item,
                   gint64               starts)
{
  g_autoptr(JsonNode) body = rapport_calendar_item_patch_body (item, starts);
  g_autofree char *path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, rapport_calendar_item_get_entity (item),
                                           rapport_calendar_item_get_id (item));
  Move *move = g_new0 (Move, 1);

  move->self = self;
  move->item = g_object_ref (item);
  move->was = rapport_calendar_item_get_starts (item);
  rapport_calendar_item_move_to (item, starts);
  show_items (self);
  if (!showing_month (self))
    {
      GtkWidget *chip = rapport_calendar_week_get_item_widget (self->week_view, rapport_calendar_item_get_entity (item),
                                                               rapport_calendar_item_get_id (item));

      /* the keyboard's next Alt+arrow moves it on */
      if (chip != NULL)
        gtk_widget_grab_focus (chip);
    }
  self->n_moving++;
  rapport_api_request_async (self->api, "PATCH", path, body, self->moves_cancellable, moved, move);
}

static void
on_item_activated (RapportCalendarPage *self,
                   RapportCalendarItem *item)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_open_record (RAPPORT_WINDOW (root), rapport_calendar_item_get_entity (item),
                                rapport_calendar_item_get_id (item), NULL);
}

static void
step (RapportCalendarPage *self,
      int                  direction)
{
  GDateTime *anchor = showing_month (self) ? g_date_time_add_months (self->anchor, direction)
                                           : g_date_time_add_weeks (self->anchor, direction);

  g_date_time_unref (self->anchor);
  self->anchor = anchor;
  rapport_calendar_page_reload (self);
}

static void
on_previous (RapportCalendarPage *self)
{
  step (self, -1);
}

static void
on_next (RapportCalendarPage *self)
{
  step (self, 1);
}

static GDateTime *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 0, 0, 0);
}

static void
on_today (RapportCalendarPage *self)
{
  g_date_time_unref (self->anchor);
  self->anchor = today ();
  rapport_calendar_page_reload (self);
}

static void
on_scope_toggled (RapportCalendarPage *self)
{
  rapport_calendar_page_reload (self);
}

static void
on_view_toggled (RapportCalendarPage *self)
{
  rapport_calendar_page_reload (self);
}

static void
on_day_activated (RapportCalendarPage *self,
                  GDateTime           *day)
{
  g_date_time_unref (self->anchor);
  self->anchor = g_date_time_ref (day);
  /* the week of a day whose items did not all fit */
  gtk_toggle_button_set_active (self->week_button, TRUE);
}

static gboolean
follow_now (gpointer user_data)
{
  RapportCalendarPage *self = user_data;

  self->follow_source = 0;
  /* a move on its way reads the view when it is answered */
  if (self->n_moving > 0)
    self->follow_after_move = TRUE;
  else
    read_items (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_follow (RapportCalendarPage *self)
{
  /* disposed: its views are gone */
  if (self->api == NULL)
    return;
  g_clear_handle_id (&self->follow_source, g_source_remove);
  self->follow_source = g_timeout_add (FOLLOW_DEBOUNCE_MS, follow_now, self);
}

/* An activity, task or visit created, moved, changed or archived, by
 * someone else or in another window: the view is read again, as the
 * server decides what it shows (rights, recurrences, the team). */
static void
on_change (RapportCalendarPage *self,
           const char          *kind,
           JsonObject          *data)
{
  const char *entity = json_object_get_string_member_with_default (data, "entity", NULL);

  if (entity != NULL && g_strv_contains (shown_entities, entity))
    schedule_follow (self);
}

/* a change missed (the client was away too long): read it all again */
static void
on_reload_event (RapportCalendarPage *self)
{
  schedule_follow (self);
}

/* whether a read or a move is on its way */
gboolean
rapport_calendar_page_get_busy (RapportCalendarPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_PAGE (self), FALSE);
  return self->n_reading > 0 || self->n_moving > 0;
}

/* how many reads have come back, for a test to wait for the next */
guint
rapport_calendar_page_get_loads (RapportCalendarPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_PAGE (self), 0);
  return self->n_loads;
}

RapportCalendarWeek *
rapport_calendar_page_get_week (RapportCalendarPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_PAGE (self), NULL);
  return self->week_view;
}

RapportCalendarMonth *
rapport_calendar_page_get_month (RapportCalendarPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_PAGE (self), NULL);
  return self->month_view;
}

/**
 * rapport_calendar_page_show_month:
 * @self: the page
 * @month: the month rather than the week
 *
 * Switches the view as its Week and Month buttons do.
 */
void
rapport_calendar_page_show_month (RapportCalendarPage *self,
                                  gboolean             month)
{
  g_return_if_fail (RAPPORT_IS_CALENDAR_PAGE (self));
  gtk_toggle_button_set_active (month ? self->month_button : self->week_button, TRUE);
}

/**
 * rapport_calendar_page_go_to:
 * @self: the page
 * @day: a day in the week or month to show
 */
void
rapport_calendar_page_go_to (RapportCalendarPage *self,
                             GDateTime           *day)
{
  g_return_if_fail (RAPPORT_IS_CALENDAR_PAGE (self));
  g_return_if_fail (day != NULL);

  g_date_time_unref (self->anchor);
  self->anchor = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                        g_date_time_get_day_of_month (day), 0, 0, 0);
  rapport_calendar_page_reload (self);
}

/**
 * rapport_calendar_page_get_refusal:
 * @self: the page
 *
 * Returns: (nullable): the server's message for the last move it refused
 */
const char *
rapport_calendar_page_get_refusal (RapportCalendarPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_PAGE (self), NULL);
  return self->refusal;
}

static void
rapport_calendar_page_dispose (GObject *object)
{
  RapportCalendarPage *self = RAPPORT_CALENDAR_PAGE (object);
  GtkWidget *child;

  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->moves_cancellable);
  g_clear_object (&self->moves_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CALENDAR_PAGE);
  /* the template's outer box, which has no name to be cleared by */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (rapport_calendar_page_parent_class)->dispose (object);
}

static void
rapport_calendar_page_finalize (GObject *object)
{
  RapportCalendarPage *self = RAPPORT_CALENDAR_PAGE (object);

  g_clear_pointer (&self->anchor, g_date_time_unref);
  g_clear_pointer (&self->first, g_date_time_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->refusal);
  G_OBJECT_CLASS (rapport_calendar_page_parent_class)->finalize (object);
}

static void
rapport_calendar_page_class_init (RapportCalendarPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rapport_calendar_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_calendar_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapport/Rapport/rapport-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, scope_box);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, team_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, week_scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, week_view);
  gtk_widget_class_bind_template_child (widget_class, RapportCalendarPage, month_view);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_today);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_view_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_item_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_move_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_day_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_calendar_page_init (RapportCalendarPage *self)
{
  g_type_ensure (RAPPORT_TYPE_CALENDAR_WEEK);
  g_type_ensure (RAPPORT_TYPE_CALENDAR_MONTH);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->moves_cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->anchor = today ();
  rapport_calendar_week_set_vadjustment (self->week_view, gtk_scrolled_window_get_vadjustment (self->week_scroller));
  /* not from inside the scrolled window's layout, which would not take it */
  self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_morning, NULL, NULL);
}

/**
 * rapport_calendar_page_new:
 * @api: the signed-in connection
 *
 * Returns: (transfer floating): the Calendar section, showing this week
 */
GtkWidget *
rapport_calendar_page_new (RapportApi *api)
{
  RapportCalendarPage *self;
  const char *role;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);

  self = g_object_new (RAPPORT_TYPE_CALENDAR_PAGE, NULL);
  self->api = g_object_ref (api);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_change), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_reload_event), self, G_CONNECT_SWAPPED);
  role = rapport_api_get_user_role (api);
  /* the team's calendar, for those who see a team */
  gtk_widget_set_visible (self->scope_box, g_strcmp0 (role, "manager") == 0 || g_strcmp0 (role, "director") == 0 ||
                                           g_strcmp0 (role, "admin") == 0);
  rapport_calendar_page_reload (self);
  return GTK_WIDGET (self);
}
