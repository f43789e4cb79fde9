/* rapport-calendar-item.h: RapportCalendarItem, an activity, visit plan or task as the calendar shows it */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_CALENDAR_ITEM (rapport_calendar_item_get_type ())

G_DECLARE_FINAL_TYPE (RapportCalendarItem, rapport_calendar_item, RAPPORT, CALENDAR_ITEM, GObject)

RapportCalendarItem *rapport_calendar_item_new_from_json (JsonObject          *object);
const char          *rapport_calendar_item_get_kind      (RapportCalendarItem *self);
const char          *rapport_calendar_item_get_entity    (RapportCalendarItem *self);
gint64               rapport_calendar_item_get_id        (RapportCalendarItem *self);
gint64               rapport_calendar_item_get_version   (RapportCalendarItem *self);
const char          *rapport_calendar_item_get_title     (RapportCalendarItem *self);
const char          *rapport_calendar_item_get_kind_label (RapportCalendarItem *self);
gint64               rapport_calendar_item_get_starts    (RapportCalendarItem *self);
gint64               rapport_calendar_item_get_ends      (RapportCalendarItem *self);
gint64               rapport_calendar_item_get_display_ends (RapportCalendarItem *self);
gboolean             rapport_calendar_item_get_all_day   (RapportCalendarItem *self);
gboolean             rapport_calendar_item_get_movable   (RapportCalendarItem *self);
void                 rapport_calendar_item_move_to       (RapportCalendarItem *self,
                                                          gint64               starts);
char                *rapport_calendar_item_dup_accessible_name (RapportCalendarItem *self);
JsonNode            *rapport_calendar_item_patch_body    (RapportCalendarItem *self,
                                                          gint64               starts);

G_END_DECLS
