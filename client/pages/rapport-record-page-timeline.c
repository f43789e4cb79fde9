/* rapport-record-page-timeline.c: a customer's timeline at the foot of its page (accounts, contacts, leads, opportunities), read again as what it shows changes */
#include "rapport-record-page-private.h"
#include "widgets/rapport-timeline.h"
#include "crm-entities.h"

#define TIMELINE_KEY "rapport-timeline"
#define LIVE_KEY "rapport-timeline-live"
/* changes heard within this time read the first page once */
#define DEBOUNCE_MS 400

static const char * const customers[] = { "account", "contact", "lead", "opportunity", NULL };

/* the records a customer's timeline shows besides its own changes */
static const char * const streamed[] = { "activity", "task", "quote", "order", "contract", "payment", NULL };

/* what keeps the timeline live; its requests and its pending reload end
 * with the timeline */
typedef struct
{
  RapportTimeline *timeline;
  RapportApi      *api;
  char            *collection;
  /* the member naming the record shown in the records it relates to, e.g. "account_id" */
  char            *link_key;
  gint64           id;
  GCancellable    *cancellable;
  guint            debounce;
} TimelineLive;

static void
live_free (TimelineLive *live)
{
  g_clear_object (&live->api);
  g_free (live->collection);
  g_free (live->link_key);
  g_clear_object (&live->cancellable);
}

static TimelineLive *
live_ref (TimelineLive *live)
{
  return g_rc_box_acquire (live);
}

static void
live_unref (gpointer live)
{
  g_rc_box_release_full (live, (GDestroyNotify) live_free);
}

/* the timeline goes: what it asked for is no longer wanted */
static void
live_detach (gpointer data)
{
  TimelineLive *live = data;

  g_cancellable_cancel (live->cancellable);
  g_clear_handle_id (&live->debounce, g_source_remove);
  live_unref (live);
}

static gboolean
reload_now (gpointer data)
{
  TimelineLive *live = data;

  live->debounce = 0;
  if (!g_cancellable_is_cancelled (live->cancellable))
    rapport_timeline_set_record (live->timeline, live->collection, live->id);
  return G_SOURCE_REMOVE;
}

/* the first page again, with the user's filter, once the changes settle */
static void
schedule_reload (TimelineLive *live)
{
  g_clear_handle_id (&live->debounce, g_source_remove);
  live->debounce = g_timeout_add_full (G_PRIORITY_DEFAULT, DEBOUNCE_MS, reload_now, live_ref (live), live_unref);
}

/* the changed record read with the user's rights: does it relate to the
 * record shown? One no longer readable may have left the timeline. */
static void
related_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TimelineLive *live = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *record;

  /* cancelled: the timeline may be gone, so nothing of it is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (live->cancellable))
    {
      live_unref (live);
      return;
    }
  record = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (record == NULL || json_object_get_int_member_with_default (record, live->link_key, 0) == live->id)
    schedule_reload (live);
  live_unref (live);
}

/* a change heard on the event WebSocket: an activity, task or document,
 * or a comment on an activity (told to its owner) */
static void
on_event (RapportApi *api,
          const char *kind,
          JsonObject *data,
          gpointer    user_data)
{
  TimelineLive *live = g_object_get_data (G_OBJECT (user_data), LIVE_KEY);
  const char *entity = json_object_get_string_member_with_default (data, "entity", NULL);
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  g_autofree char *path = NULL;
  GType type;

  if (live == NULL || live->id <= 0 || entity == NULL || id <= 0 || !g_strv_contains (streamed, entity) ||
      (type = crm_entities_lookup_name (entity)) == G_TYPE_INVALID)
    return;
  path = g_strdup_printf ("/%s/%" G_GINT64_FORMAT, ((CrmEntityClass *) g_type_class_peek (type))->collection, id);
  rapport_api_request_async (live->api, "GET", path, NULL, live->cancellable, related_read, live_ref (live));
}

/* a change missed (the client was away too long): read it all again */
static void
on_reload (RapportApi *api,
           const char *kind,
           JsonObject *data,
           gpointer    user_data)
{
  TimelineLive *live = g_object_get_data (G_OBJECT (user_data), LIVE_KEY);

  if (live != NULL && live->id > 0)
    schedule_reload (live);
}

static void
watch (GtkWidget  *timeline,
       RapportApi *api)
{
  TimelineLive *live = g_rc_box_new0 (TimelineLive);

  live->timeline = RAPPORT_TIMELINE (timeline);
  live->api = g_object_ref (api);
  live->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (timeline), LIVE_KEY, live, live_detach);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_event), timeline, 0);
  g_signal_connect_object (api, "event::activity.comment", G_CALLBACK (on_event), timeline, 0);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_reload), timeline, 0);
}

/* the record as loaded or saved: its timeline below everything else, the
 * first page read again (a save may have added to it) */
void
rapport_record_page_update_timeline (RapportRecordPage *self)
{
  CrmEntityClass *klass = g_type_class_peek (self->entity_type);
  GtkWidget *timeline = g_object_get_data (G_OBJECT (self), TIMELINE_KEY);
  TimelineLive *live;

  if (self->id == 0 || !g_strv_contains (customers, klass->entity_name))
    return;
  if (timeline == NULL)
    {
      timeline = rapport_timeline_new (self->api);
      g_object_set_data (G_OBJECT (self), TIMELINE_KEY, timeline);
      gtk_box_append (GTK_BOX (self->form_box), timeline);
      watch (timeline, self->api);
    }
  else if (gtk_widget_get_next_sibling (timeline) != NULL)
    gtk_box_reorder_child_after (GTK_BOX (self->form_box), timeline, gtk_widget_get_last_child (self->form_box));
  live = g_object_get_data (G_OBJECT (timeline), LIVE_KEY);
  g_free (live->collection);
  live->collection = g_strdup (klass->collection);
  g_free (live->link_key);
  live->link_key = g_strdup_printf ("%s_id", klass->entity_name);
  live->id = self->id;
  rapport_timeline_set_record (RAPPORT_TIMELINE (timeline), klass->collection, self->id);
}
