/* rapport-record-presence.c: RapportRecordPresence, who else has unsaved edits in the record shown, and telling the server when we do */
#include "rapport-record-presence.h"

/* the server forgets a presence not renewed for 60 s */
#define HEARTBEAT_SECONDS 20

typedef struct
{
  gint64  user_id;
  char   *name;
} Editor;

struct _RapportRecordPresence
{
  GObject       parent_instance;

  RapportApi   *api;
  char         *collection;
  char         *entity_name;
  gint64        id;
  /* we have unsaved edits in it, and say so every HEARTBEAT_SECONDS */
  gboolean      editing;
  guint         heartbeat;
  /* the look at who edits it, cancelled when the record changes or we go */
  GCancellable *cancellable;
  /* Editor: others editing it, in the order they started */
  GArray       *others;
};

G_DEFINE_FINAL_TYPE (RapportRecordPresence, rapport_record_presence, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
editor_clear (Editor *editor)
{
  g_free (editor->name);
}

static char *
presence_path (RapportRecordPresence *self)
{
  return g_strdup_printf ("/%s/%" G_GINT64_FORMAT "/presence", self->collection, self->id);
}

/* what a PUT or DELETE answers changes nothing here: a heartbeat that
 * fails is sent again at the next beat, and the server's expiry covers
 * a stop that never arrives */
static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);

  if (node == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("presence: %s", error->message);
}

static void
send (RapportRecordPresence *self,
      const char            *method)
{
  g_autofree char *path = presence_path (self);

  /* not cancelled with the page: a stop must reach the server after it closed */
  rapport_api_request_async (self->api, method, path, NULL, NULL, sent, NULL);
}

static gboolean
beat (gpointer user_data)
{
  RapportRecordPresence *self = user_data;

  send (self, "PUT");
  return G_SOURCE_CONTINUE;
}

static int
find_other (RapportRecordPresence *self,
            gint64                 user_id)
{
  for (guint i = 0; i < self->others->len; i++)
    if (g_array_index (self->others, Editor, i).user_id == user_id)
      return (int) i;
  return -1;
}

/* whether it changed what is shown */
static gboolean
set_other (RapportRecordPresence *self,
           gint64                 user_id,
           const char            *name,
           gboolean               editing)
{
  int at = find_other (self, user_id);

  /* our own edits, from here or another window, are not news */
  if (user_id <= 0 || user_id == rapport_api_get_user_id (self->api))
    return FALSE;
  if (!editing && at >= 0)
    g_array_remove_index (self->others, at);
  else if (editing && at < 0)
    {
      Editor editor = { user_id, g_strdup (name ? name : "") };

      g_array_append_val (self->others, editor);
    }
  else
    return FALSE;
  return TRUE;
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RapportRecordPresence *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rapport_api_request_finish (RAPPORT_API (source), result, &error);
  JsonObject *object;
  JsonArray *items = NULL;

  /* cancelled: the record changed, or we are gone; nothing of self is touched */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("presence: %s", error ? error->message : "not an object");
      return;
    }
  object = json_node_get_object (node);
  if (json_object_has_member (object, "items") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "items")))
    items = json_object_get_array_member (object, "items");
  g_array_set_size (self->others, 0);
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (item != NULL)
        set_other (self, json_object_get_int_member_with_default (item, "user_id", 0),
                   json_object_get_string_member_with_default (item, "user_name", NULL), TRUE);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* who edits the record now: on opening it, and after missed events */
static void
look (RapportRecordPresence *self)
{
  g_autofree char *path = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->id <= 0)
    return;
  path = presence_path (self);
  rapport_api_request_async (self->api, "GET", path, NULL, self->cancellable, listed, self);
}

static void
on_presence (RapportRecordPresence *self,
             const char            *kind,
             JsonObject            *data)
{
  if (self->id <= 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (data, "entity", NULL), self->entity_name) != 0 ||
      json_object_get_int_member_with_default (data, "id", 0) != self->id)
    return;
  if (set_other (self, json_object_get_int_member_with_default (data, "user_id", 0),
                 json_object_get_string_member_with_default (data, "user_name", NULL),
                 json_object_get_boolean_member_with_default (data, "editing", FALSE)))
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_reload (RapportRecordPresence *self)
{
  look (self);
}

static void
rapport_record_presence_dispose (GObject *object)
{
  RapportRecordPresence *self = RAPPORT_RECORD_PRESENCE (object);

  /* the page closed: saved, discarded or simply left */
  if (self->api != NULL)
    rapport_record_presence_set_editing (self, FALSE);
  g_clear_handle_id (&self->heartbeat, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);

  G_OBJECT_CLASS (rapport_record_presence_parent_class)->dispose (object);
}

static void
rapport_record_presence_finalize (GObject *object)
{
  RapportRecordPresence *self = RAPPORT_RECORD_PRESENCE (object);

  g_free (self->collection);
  g_free (self->entity_name);
  g_array_unref (self->others);

  G_OBJECT_CLASS (rapport_record_presence_parent_class)->finalize (object);
}

static void
rapport_record_presence_class_init (RapportRecordPresenceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_record_presence_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_record_presence_finalize;

  /**
   * RapportRecordPresence::changed:
   * @self: the presence
   *
   * Others started or stopped editing the record shown
   * (rapport_record_presence_dup_names()).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
rapport_record_presence_init (RapportRecordPresence *self)
{
  self->others = g_array_new (FALSE, TRUE, sizeof (Editor));
  g_array_set_clear_func (self->others, (GDestroyNotify) editor_clear);
}

/**
 * rapport_record_presence_new:
 * @api: the signed-in client
 * @collection: the record's collection, e.g. "accounts"
 * @entity_name: its entity, e.g. "account", as events name it
 *
 * Returns: (transfer full): the presence of no record yet
 */
RapportRecordPresence *
rapport_record_presence_new (RapportApi *api,
                             const char *collection,
                             const char *entity_name)
{
  RapportRecordPresence *self;

  g_return_val_if_fail (RAPPORT_IS_API (api), NULL);
  g_return_val_if_fail (collection != NULL && entity_name != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_RECORD_PRESENCE, NULL);
  self->api = g_object_ref (api);
  self->collection = g_strdup (collection);
  self->entity_name = g_strdup (entity_name);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (api, "event::presence", G_CALLBACK (on_presence), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (api, "event::reload", G_CALLBACK (on_reload), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * rapport_record_presence_set_record:
 * @self: the presence
 * @id: the record shown, or 0 for a new one
 *
 * Looks who edits the record now; from then on, events keep it current.
 * The same record again changes nothing.
 */
void
rapport_record_presence_set_record (RapportRecordPresence *self,
                                    gint64                 id)
{
  gboolean had_others;

  g_return_if_fail (RAPPORT_IS_RECORD_PRESENCE (self));

  if (id == self->id)
    return;
  rapport_record_presence_set_editing (self, FALSE);
  had_others = self->others->len > 0;
  g_array_set_size (self->others, 0);
  self->id = id;
  look (self);
  if (had_others)
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * rapport_record_presence_set_editing:
 * @self: the presence
 * @editing: whether the form shown has unsaved edits
 *
 * Tells the server when the edits start, every 20 seconds while they
 * last, and when they end (saved, discarded, the page closed).
 */
void
rapport_record_presence_set_editing (RapportRecordPresence *self,
                                     gboolean               editing)
{
  g_return_if_fail (RAPPORT_IS_RECORD_PRESENCE (self));

  editing = editing && self->id > 0;
  if (editing == self->editing)
    return;
  self->editing = editing;
  g_clear_handle_id (&self->heartbeat, g_source_remove);
  send (self, editing ? "PUT" : "DELETE");
  if (editing)
    self->heartbeat = g_timeout_add_seconds (HEARTBEAT_SECONDS, beat, self);
}

gboolean
rapport_record_presence_get_editing (RapportRecordPresence *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_PRESENCE (self), FALSE);

  return self->editing;
}

/**
 * rapport_record_presence_dup_names:
 * @self: the presence
 *
 * Returns: (transfer full): the names of the others editing the record,
 *   in the order they started; empty when nobody else does
 */
char **
rapport_record_presence_dup_names (RapportRecordPresence *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (RAPPORT_IS_RECORD_PRESENCE (self), NULL);

  for (guint i = 0; i < self->others->len; i++)
    g_strv_builder_add (builder, g_array_index (self->others, Editor, i).name);
  return g_strv_builder_end (builder);
}
