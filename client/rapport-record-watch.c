/* rapport-record-watch.c: RapportRecordWatch, tells when one record is changed past the version shown, by the event WebSocket */
#include "rapport-record-watch.h"

struct _RapportRecordWatch
{
  GObject     parent_instance;

  RapportApi *api;
  char       *entity_name;
  gint64      id;
  /* the version shown; a change to it or an older one is not news */
  gint64      version;
};

G_DEFINE_FINAL_TYPE (RapportRecordWatch, rapport_record_watch, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_change (RapportRecordWatch *self,
           const char         *kind,
           JsonObject         *data)
{
  gint64 version = json_object_get_int_member_with_default (data, "version", 0);

  if (self->id <= 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL), self->entity_name) != 0 ||
      json_object_get_int_member_with_default (data, "id", 0) != self->id || version <= self->version)
    return;
  /* told once, even if the page does not load it at once */
  self->version = version;
  g_signal_emit (self, signals[CHANGED], 0, json_object_get_string_member_with_default (data, "action", ""),
                 json_object_get_int_member_with_default (data, "actor_id", 0),
                 json_object_get_string_member_with_default (data, "actor_name", NULL));
}

/* further behind than the server replays: the record may have changed unseen */
static void
on_reload (RapportRecordWatch *self)
{
  if (self->id > 0)
    g_signal_emit (self, signals[CHANGED], 0, "reload", (gint64) 0, NULL);
}

static void
rapport_record_watch_finalize (GObject *object)
{
  RapportRecordWatch *self = RAPPORT_RECORD_WATCH (object);

  g_clear_object (&self->api);
  g_free (self->entity_name);

  G_OBJECT_CLASS (rapport_record_watch_parent_class)->finalize (object);
}

static void
rapport_record_watch_class_init (RapportRecordWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_record_watch_finalize;

  /**
   * RapportRecordWatch::changed:
   * @self: the watch
   * @action: "update", "archive", "restore"…, or "reload" when the client
   *   may have missed changes (it was away too long)
   * @actor_id: who changed it
   * @actor_name: (nullable): their name
   *
   * The record was changed past the version shown.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
}

static void
rapport_record_watch_init (RapportRecordWatch *self)
{
}

/**
 * rapport_record_watch_new:
 * @api: the signed-in client
 * @entity_name: the record's entity, e.g. "account"
 *
 * Returns: (transfer full): a watch of no record yet
 */
RapportRecordWatch *
rapport_record_watch_new (RapportApi *api,
                          const char *entity_name)
{
  RapportRecordWatch *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (entity_name != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_RECORD_WATCH, NULL);
  self->api = g_object_ref (api);
  self->entity_name = g_strdup (entity_name);
  g_signal_connect_object (api, "event::change", G_CALLBACK (on_change), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_reload), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * rapport_record_watch_set_record:
 * @self: the watch
 * @id: the record shown
 * @version: its version as shown
 */
void
rapport_record_watch_set_record (RapportRecordWatch *self,
                                 gint64              id,
                                 gint64              version)
{
  g_return_if_fail (RAPPORT_IS_RECORD_WATCH (self));

  self->id = id;
  self->version = version;
}
