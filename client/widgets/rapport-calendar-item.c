/* rapport-calendar-item.c: RapportCalendarItem, an activity, visit plan or task as the calendar shows it */
#include "rapport-calendar-item.h"
#include "crm-json.h"

#include <glib/gi18n.h>

/* how long an item with no end is drawn: an activity half an hour, a visit an hour */
#define ACTIVITY_USEC (G_GINT64_CONSTANT (30) * 60 * G_USEC_PER_SEC)
#define VISIT_USEC (G_GINT64_CONSTANT (60) * 60 * G_USEC_PER_SEC)

struct _RapportCalendarItem
{
  GObject   parent_instance;

  char     *kind;
  char     *entity;
  char     *title;
  char     *type;
  char     *status;
  gint64    id;
  gint64    version;
  gint64    starts;
  gint64    ends;
  /* a task's reminder, which keeps its lead when the task moves */
  gint64    remind;
  gboolean  occurrence;
};

G_DEFINE_FINAL_TYPE (RapportCalendarItem, rapport_calendar_item, G_TYPE_OBJECT)

static void
rapport_calendar_item_finalize (GObject *object)
{
  RapportCalendarItem *self = RAPPORT_CALENDAR_ITEM (object);

  g_free (self->kind);
  g_free (self->entity);
  g_free (self->title);
  g_free (self->type);
  g_free (self->status);
  G_OBJECT_CLASS (rapport_calendar_item_parent_class)->finalize (object);
}

static void
rapport_calendar_item_class_init (RapportCalendarItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_calendar_item_finalize;
}

static void
rapport_calendar_item_init (RapportCalendarItem *self)
{
}

static gint64
read_time (JsonObject *object,
           const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  gint64 usec = 0;

  if (text == NULL || !crm_json_parse_timestamp (text, &usec))
    return 0;
  return usec;
}

/**
 * rapport_calendar_item_new_from_json:
 * @object: an item of `GET /calendar-items`
 *
 * Returns: (transfer full): the item
 */
RapportCalendarItem *
rapport_calendar_item_new_from_json (JsonObject *object)
{
  RapportCalendarItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_CALENDAR_ITEM, NULL);
  self->kind = g_strdup (json_object_get_string_member_with_default (object, "kind", "activity"));
  self->entity = g_strdup (json_object_get_string_member_with_default (object, "entity", "activities"));
  self->title = g_strdup (json_object_get_string_member_with_default (object, "title", ""));
  self->type = g_strdup (json_object_get_string_member_with_default (object, "type", NULL));
  self->status = g_strdup (json_object_get_string_member_with_default (object, "status", ""));
  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->version = json_object_get_int_member_with_default (object, "version", 0);
  self->starts = read_time (object, "starts_at");
  self->ends = read_time (object, "ends_at");
  self->remind = read_time (object, "remind_at");
  self->occurrence = json_object_get_boolean_member_with_default (object, "occurrence", FALSE);
  return self;
}

const char *
rapport_calendar_item_get_kind (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), NULL);
  return self->kind;
}

const char *
rapport_calendar_item_get_entity (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), NULL);
  return self->entity;
}

gint64
rapport_calendar_item_get_id (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), 0);
  return self->id;
}

gint64
rapport_calendar_item_get_version (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), 0);
  return self->version;
}

const char *
rapport_calendar_item_get_title (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), NULL);
  return self->title;
}

/**
 * rapport_calendar_item_get_kind_label:
 * @self: an item
 *
 * Returns: what the item is, in words: the activity's kind, "Visit plan" or "Task"
 */
const char *
rapport_calendar_item_get_kind_label (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), NULL);

  if (g_str_equal (self->kind, "visit"))
    return _("Visit plan");
  if (g_str_equal (self->kind, "task"))
    return _("Task");
  if (g_strcmp0 (self->type, "visit") == 0)
    return C_("activity kind", "Visit");
  if (g_strcmp0 (self->type, "meeting") == 0)
    return C_("activity kind", "Meeting");
  if (g_strcmp0 (self->type, "email") == 0)
    return C_("activity kind", "Email");
  if (g_strcmp0 (self->type, "note") == 0)
    return C_("activity kind", "Note");
  return C_("activity kind", "Call");
}

gint64
rapport_calendar_item_get_starts (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), 0);
  return self->starts;
}

gint64
rapport_calendar_item_get_ends (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), 0);
  return self->ends;
}

/**
 * rapport_calendar_item_get_display_ends:
 * @self: an item
 *
 * Returns: its end, or for one with none the end it is drawn with
 */
gint64
rapport_calendar_item_get_display_ends (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), 0);

  if (self->ends > self->starts)
    return self->ends;
  return self->starts + (g_str_equal (self->kind, "visit") ? VISIT_USEC : ACTIVITY_USEC);
}

/**
 * rapport_calendar_item_get_all_day:
 * @self: an item
 *
 * Returns: whether it belongs in the strip above the hours: a task, due by
 *   a time rather than taking one
 */
gboolean
rapport_calendar_item_get_all_day (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), FALSE);
  return g_str_equal (self->kind, "task");
}

/**
 * rapport_calendar_item_get_movable:
 * @self: an item
 *
 * Returns: whether dragging it may reschedule it: not a later occurrence
 *   of a recurring task, which is made only when the one before is done
 */
gboolean
rapport_calendar_item_get_movable (RapportCalendarItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), FALSE);
  return !self->occurrence;
}

/**
 * rapport_calendar_item_move_to:
 * @self: an item
 * @starts: its new start, µs since the epoch
 *
 * Moves the item as shown, keeping its duration.
 */
void
rapport_calendar_item_move_to (RapportCalendarItem *self,
                               gint64               starts)
{
  g_return_if_fail (RAPPORT_IS_CALENDAR_ITEM (self));

  if (self->ends != 0)
    self->ends += starts - self->starts;
  if (self->remind != 0)
    self->remind += starts - self->starts;
  self->starts = starts;
}

/**
 * rapport_calendar_item_dup_accessible_name:
 * @self: an item
 *
 * Returns: (transfer full): "TITLE, KIND, DAY TIME", what a screen reader says
 */
char *
rapport_calendar_item_dup_accessible_name (RapportCalendarItem *self)
{
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), NULL);

  at = g_date_time_new_from_unix_local (self->starts / G_USEC_PER_SEC);
  /* TRANSLATORS: an item's day and time in the calendar, as g_date_time_format() takes it */
  when = g_date_time_format (at, _("%A %e %B %H:%M"));
  /* TRANSLATORS: a calendar item read out: its title, its kind and its time */
  return g_strdup_printf (_("%s, %s, %s"), self->title, rapport_calendar_item_get_kind_label (self), when);
}

/**
 * rapport_calendar_item_patch_body:
 * @self: an item
 * @starts: the new start
 *
 * Returns: (transfer full): the PATCH that moves the record to @starts,
 *   keeping its duration (and a task its reminder's lead), with the
 *   version it was read at
 */
JsonNode *
rapport_calendar_item_patch_body (RapportCalendarItem *self,
                                  gint64               starts)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *start_text = NULL;
  const char *field;

  g_return_val_if_fail (RAPPORT_IS_CALENDAR_ITEM (self), NULL);

  if (g_str_equal (self->kind, "task"))
    field = "due_at";
  else if (g_str_equal (self->kind, "visit"))
    field = "planned_at";
  else
    field = "starts_at";
  start_text = crm_json_format_timestamp (starts);
  json_object_set_int_member (body, "version", self->version);
  json_object_set_string_member (body, field, start_text);
  if (self->ends != 0 && g_str_equal (self->kind, "activity"))
    {
      g_autofree char *end_text = crm_json_format_timestamp (self->ends + (starts - self->starts));

      json_object_set_string_member (body, "ends_at", end_text);
    }
  if (self->remind != 0 && g_str_equal (self->kind, "task"))
    {
      g_autofree char *remind_text = crm_json_format_timestamp (self->remind + (starts - self->starts));

      json_object_set_string_member (body, "remind_at", remind_text);
    }
  return json_node_init_object (json_node_alloc (), body);
}
