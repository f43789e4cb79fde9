/* rapportd-events.c: RapportdEvents, the WebSocket at /api/v1/events that tells signed-in clients what changed */
#include "rapportd-events.h"
#include "rapportd-auth.h"
#include "rapportd-events-auth.h"
#include "rapportd-event-log.h"
#include "rapportd-presence.h"
#include "rapportd-repo.h"
#include "crm-entities.h"

#include <glib/gi18n-lib.h>

#define POLL_MS 500
#define BATCH 500
/* how often a connection's session is checked again (an API key's: at every poll) */
#define RECHECK_US (30 * G_USEC_PER_SEC)
#define KEEP_HOURS 24
/* a client that comes back is told what it missed: at most this many
 * events, from at most this long ago; further behind, it reloads */
#define REPLAY_MAX_EVENTS 1000
#define REPLAY_MAX_HOURS KEEP_HOURS
/* the WebSocket close code for a session that is not (or no longer) valid */
#define CLOSE_UNAUTHORIZED 4401
/* An event's id is taken when its transaction writes it, so a later id
 * may commit first; the ids skipped are looked for again for this long
 * (a rolled-back write leaves its id unused for good), at most this many.
 * On a Galera cluster each node takes ids of its own (auto_increment_offset
 * and _increment), and those of a node that writes nothing are never used:
 * there a third or more of the ids are skipped for good, some 60 a second
 * under 120 writes a second, which a smaller limit filled within a minute,
 * after which a late commit went untold. */
#define HOLE_KEEP_US (60 * G_USEC_PER_SEC)
#define MAX_HOLES 10000
/* how often the hub ends the presence that was not renewed (a client
 * that crashed or signed out): told at most this long after it expired */
#define PRESENCE_SWEEP_US (5 * G_USEC_PER_SEC)

/* The hub polls on the thread that made it; each WebSocket lives on the
 * HTTP thread that accepted it, and is touched there only: the hub sends
 * it messages (or closes it) through that thread's context.  The table of
 * clients, and each client's session state, are under the lock; a client
 * leaves the table, and is freed, on its own thread only. */
struct _RapportdEvents
{
  GObject             parent_instance;

  RapportdPool       *pool;
  RapportdAuthPolicy  policy;
  GMutex              lock;
  /* Client, by id */
  GHashTable         *clients;
  guint               next_client;
  gint64              last_event;
  gboolean            polling;
  guint               poll_source;
  gint64              last_prune;
  gint64              last_presence_sweep;
  /* Hole: ids below last_event not yet seen committed */
  GArray             *holes;
  /* messages handed to HTTP threads and not yet sent: atomic */
  gint                queued;
};

typedef struct
{
  gint64 id;
  /* when it was first missed, monotonic */
  gint64 since;
} Hole;

G_DEFINE_FINAL_TYPE (RapportdEvents, rapportd_events, G_TYPE_OBJECT)

typedef struct
{
  guint                    id;
  RapportdEvents          *events;
  /* the HTTP thread's, where the connection is touched */
  GMainContext            *context;
  SoupWebsocketConnection *connection;
  char                    *token;
  /* known once the session is checked */
  RapportdActor            actor;
  gboolean                 signed_in;
  gint64                   checked_at;
  /* the last event it has seen (?after=): older ones are not sent; -1: none */
  gint64                   seen;
  /* it named one, and has not been told yet what followed */
  gboolean                 replay_due;
} Client;

/* on the client's thread, out of the table */
static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_data (client->connection, client);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (client->connection);
  g_main_context_unref (client->context);
  g_free (client->token);
  rapportd_actor_clear (&client->actor);
  g_free (client);
}

/* with the lock held: the client leaves the table, to be freed by the caller */
static Client *
take_client (RapportdEvents *self,
             guint           id)
{
  Client *client = g_hash_table_lookup (self->clients, GUINT_TO_POINTER (id));

  if (client)
    g_hash_table_steal (self->clients, GUINT_TO_POINTER (id));
  return client;
}

/* what the hub has for one client, carried to the client's thread */
typedef struct
{
  RapportdEvents *self;
  guint           client_id;
  GPtrArray      *messages;
  gboolean        close;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  if (delivery->messages != NULL)
    g_atomic_int_add (&delivery->self->queued, -(gint) delivery->messages->len);
  g_clear_pointer (&delivery->messages, g_ptr_array_unref);
  g_free (delivery);
}

/* The hub outlives the HTTP threads: a delivery either runs while they do,
 * or is freed unrun with its thread's context. */
static gboolean
deliver (gpointer data)
{
  Delivery *delivery = data;
  RapportdEvents *self = delivery->self;
  Client *client;

  g_mutex_lock (&self->lock);
  client = delivery->close ? take_client (self, delivery->client_id)
                           : g_hash_table_lookup (self->clients, GUINT_TO_POINTER (delivery->client_id));
  g_mutex_unlock (&self->lock);
  /* gone: only this thread could have taken it away, and has */
  if (client == NULL)
    return G_SOURCE_REMOVE;
  for (guint m = 0; delivery->messages && m < delivery->messages->len; m++)
    soup_websocket_connection_send_text (client->connection, delivery->messages->pdata[m]);
  if (delivery->close)
    {
      soup_websocket_connection_close (client->connection, CLOSE_UNAUTHORIZED, _("Sign in again"));
      client_free (client);
    }
  return G_SOURCE_REMOVE;
}

static void
send_to (RapportdEvents *self,
         GMainContext   *context,
         guint           client_id,
         GPtrArray      *messages,
         gboolean        close)
{
  Delivery *delivery = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  delivery->self = self;
  delivery->client_id = client_id;
  delivery->messages = messages;
  delivery->close = close;
  if (messages != NULL)
    g_atomic_int_add (&self->queued, (gint) messages->len);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, delivery, delivery_free);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* what a poll works on: each client's session as the main thread last knew it */
typedef struct
{
  guint         client_id;
  char         *token;
  RapportdActor actor;
  gboolean      recheck;
  gint64        seen;
  gboolean      replay;
  /* results */
  gboolean      valid;
  GPtrArray    *messages;
} Reader;

typedef struct
{
  RapportdEvents *self;
  GArray         *readers;
  gint64          after;
  gint64          last;
  gboolean        prune;
  gboolean        sweep_presence;
  gint64          now;
  /* in: the holes as the hub knew them; out: as they are now */
  GArray         *holes;
  /* the worker read the events: the readers' results hold */
  gboolean        read;
} Poll;

static void
reader_clear (Reader *reader)
{
  g_free (reader->token);
  rapportd_actor_clear (&reader->actor);
  g_clear_pointer (&reader->messages, g_ptr_array_unref);
}

/* an event reaches its one user, or whoever may see its record */
static gboolean
may_hear (RapportdDb    *db,
          RapportdActor *actor,
          RapportdEvent *event)
{
  g_autoptr(CrmEntity) record = NULL;
  GType type;

  if (event->user_id > 0)
    return event->user_id == actor->user_id;
  if (event->entity == NULL || event->record_id <= 0 ||
      (type = crm_entities_lookup_name (event->entity)) == G_TYPE_INVALID)
    return FALSE;
  record = rapportd_repo_get (db, actor, type, event->record_id, FALSE, NULL);
  return record != NULL;
}

static char *
message_for (RapportdEvent *event)
{
  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"kind\":\"%s\",\"data\":%s}",
                          event->id, event->kind, event->payload);
}

/* What a client that names the last event it saw has missed since, up to
 * where the hub has read; or, too far behind, one "reload" message, after
 * which it hears what happens from there on. */
static void
replay (RapportdDb *db,
        Poll       *poll,
        Reader     *reader)
{
  g_autoptr(GPtrArray) missed = NULL;
  g_autoptr(GError) error = NULL;
  gboolean too_far = FALSE;

  missed = rapportd_event_log_replay (db, reader->seen, poll->after, REPLAY_MAX_EVENTS, REPLAY_MAX_HOURS,
                                      &too_far, &error);
  if (missed == NULL)
    {
      g_warning ("events: cannot replay: %s", error->message);
      too_far = TRUE;
    }
  if (too_far)
    {
      g_ptr_array_add (reader->messages, g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"kind\":\"reload\",\"data\":{}}",
                                                          poll->after));
      reader->seen = poll->after;
      return;
    }
  for (guint e = 0; e < missed->len; e++)
    if (may_hear (db, &reader->actor, missed->pdata[e]))
      g_ptr_array_add (reader->messages, message_for (missed->pdata[e]));
}

/* Ends the presence not renewed in time, telling it in the event log,
 * in its own transaction: every rapportd sweeps, each row is told once. */
static void
sweep_presence (RapportdDb *db)
{
  g_autoptr(GError) error = NULL;

  if (!rapportd_db_begin (db, &error) ||
      !rapportd_presence_expire (db, g_get_real_time (), NULL, &error) ||
      !rapportd_db_commit (db, &error))
    {
      rapportd_db_rollback (db);
      /* tried again at the next sweep, not as a request's retry */
      rapportd_db_take_retryable (db);
      g_warning ("events: cannot end expired presence: %s", error ? error->message : "?");
    }
}

/* The events of the holes that have committed since, followed by @events;
 * poll->holes becomes the holes still open, and those @events skip. */
static GPtrArray *
fill_holes (RapportdDb *db,
            Poll       *poll,
            GPtrArray  *events,
            GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Hole));
  g_autoptr(GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) late = NULL;
  gint64 previous = poll->after;

  for (guint h = 0; h < poll->holes->len; h++)
    g_array_append_val (ids, g_array_index (poll->holes, Hole, h).id);
  if ((late = rapportd_event_log_by_ids (db, ids, error)) == NULL)
    return NULL;
  for (guint e = 0; e < late->len; e++)
    g_hash_table_add (found, &((RapportdEvent *) late->pdata[e])->id);
  for (guint h = 0; h < poll->holes->len; h++)
    {
      Hole *hole = &g_array_index (poll->holes, Hole, h);

      if (!g_hash_table_contains (found, &hole->id) && poll->now - hole->since < HOLE_KEEP_US)
        g_array_append_val (open, *hole);
    }
  for (guint e = 0; e < events->len; e++)
    {
      gint64 id = ((RapportdEvent *) events->pdata[e])->id;

      for (gint64 missing = previous + 1; missing < id && open->len < MAX_HOLES; missing++)
        {
          Hole hole = { missing, poll->now };

          g_array_append_val (open, hole);
        }
      previous = id;
    }
  g_array_unref (poll->holes);
  poll->holes = g_steal_pointer (&open);
  g_ptr_array_extend_and_steal (late, g_ptr_array_ref (events));
  return g_steal_pointer (&late);
}

static gboolean
poll_work (RapportdDb *db,
           gpointer    data)
{
  Poll *poll = data;
  g_autoptr(GPtrArray) newer = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last;

  if (db == NULL)
    return TRUE;
  if (poll->sweep_presence)
    sweep_presence (db);
  if (poll->after < 0 && (poll->after = rapportd_event_log_last (db, &error)) < 0)
    return TRUE;
  if ((newer = rapportd_event_log_since (db, poll->after, BATCH, &error)) == NULL)
    return TRUE;
  last = newer->len > 0 ? ((RapportdEvent *) newer->pdata[newer->len - 1])->id : poll->after;
  if ((events = fill_holes (db, poll, newer, &error)) == NULL)
    return TRUE;
  poll->last = last;

  for (guint r = 0; r < poll->readers->len; r++)
    {
      Reader *reader = &g_array_index (poll->readers, Reader, r);

      reader->valid = TRUE;
      if (reader->recheck)
        reader->valid = rapportd_events_auth_check (db, reader->token, &poll->self->policy, &reader->actor);
      if (!reader->valid)
        continue;
      reader->messages = g_ptr_array_new_with_free_func (g_free);
      if (reader->replay)
        replay (db, poll, reader);
      for (guint e = 0; e < events->len; e++)
        {
          RapportdEvent *event = events->pdata[e];

          /* a late one the replay has told already */
          if (reader->replay && event->id <= poll->after)
            continue;
          if (event->id > reader->seen && may_hear (db, &reader->actor, event))
            g_ptr_array_add (reader->messages, message_for (event));
        }
    }
  if (poll->prune)
    rapportd_event_log_prune (db, KEEP_HOURS, NULL);
  poll->read = TRUE;
  return TRUE;
}

static void
poll_done (gpointer data,
           gboolean ran)
{
  Poll *poll = data;
  RapportdEvents *self = poll->self;

  self->polling = FALSE;
  /* dropped unrun while the server stops: nothing was read */
  if (!ran)
    g_array_set_size (poll->readers, 0);
  /* the database was away: nobody's session was judged, nobody is closed */
  if (!poll->read)
    g_array_set_size (poll->readers, 0);
  if (poll->last >= 0)
    self->last_event = poll->last;
  if (poll->read)
    {
      g_array_unref (self->holes);
      self->holes = g_array_ref (poll->holes);
    }
  for (guint r = 0; r < poll->readers->len; r++)
    {
      Reader *reader = &g_array_index (poll->readers, Reader, r);
      Client *client;
      g_autoptr(GMainContext) context = NULL;

      g_mutex_lock (&self->lock);
      client = g_hash_table_lookup (self->clients, GUINT_TO_POINTER (reader->client_id));
      if (client != NULL && reader->valid)
        {
          if (reader->recheck)
            {
              rapportd_actor_clear (&client->actor);
              rapportd_actor_copy (&reader->actor, &client->actor);
              client->signed_in = TRUE;
              client->checked_at = g_get_monotonic_time ();
            }
          client->seen = reader->seen;
          client->replay_due &= !reader->replay;
        }
      if (client != NULL)
        context = g_main_context_ref (client->context);
      g_mutex_unlock (&self->lock);
      if (context == NULL)
        continue;
      if (!reader->valid)
        send_to (self, context, reader->client_id, NULL, TRUE);
      else if (reader->messages && reader->messages->len > 0)
        send_to (self, context, reader->client_id, g_steal_pointer (&reader->messages), FALSE);
    }
  g_array_unref (poll->readers);
  g_array_unref (poll->holes);
  g_object_unref (poll->self);
  g_free (poll);
}

static gboolean
poll_tick (gpointer data)
{
  RapportdEvents *self = data;
  GHashTableIter iter;
  gpointer value;
  Poll *poll;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  /* with nobody listening the hub still follows the log, one cheap read
   * a tick, so that a client that connects starts from where the hub is
   * and hears every change committed after it came */
  if (self->polling)
    {
      g_mutex_unlock (&self->lock);
      return G_SOURCE_CONTINUE;
    }
  poll = g_new0 (Poll, 1);
  poll->self = g_object_ref (self);
  poll->after = self->last_event;
  poll->last = -1;
  poll->now = now;
  poll->holes = g_array_copy (self->holes);
  poll->readers = g_array_new (FALSE, TRUE, sizeof (Reader));
  g_array_set_clear_func (poll->readers, (GDestroyNotify) reader_clear);
  poll->prune = now - self->last_prune > (gint64) 3600 * G_USEC_PER_SEC;
  if (poll->prune)
    self->last_prune = now;
  poll->sweep_presence = now - self->last_presence_sweep > PRESENCE_SWEEP_US;
  if (poll->sweep_presence)
    self->last_presence_sweep = now;
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Client *client = value;
      Reader reader = { client->id, g_strdup (client->token) };

      reader.seen = client->seen;
      reader.replay = client->replay_due;
      reader.recheck = !client->signed_in || now - client->checked_at > RECHECK_US ||
                       rapportd_events_auth_is_key (client->token);
      /* kept by a key's check when the database cannot tell (rapportd_events_auth_check()) */
      if (client->signed_in)
        rapportd_actor_copy (&client->actor, &reader.actor);
      g_array_append_val (poll->readers, reader);
    }
  g_mutex_unlock (&self->lock);
  self->polling = TRUE;
  rapportd_pool_push (self->pool, poll_work, poll_done, poll);
  return G_SOURCE_CONTINUE;
}

/* on the client's thread */
static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 data)
{
  Client *client = data;
  RapportdEvents *self = client->events;

  g_mutex_lock (&self->lock);
  client = take_client (self, client->id);
  g_mutex_unlock (&self->lock);
  if (client)
    client_free (client);
}

/* ?after=ID: the last event the client saw before it reconnected; a
 * client that names none has just loaded, and needs no replay */
static void
read_seen (SoupServerMessage *msg,
           Client            *client)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;
  const char *after;
  guint64 value;

  client->seen = -1;
  if (query == NULL || (params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL ||
      (after = g_hash_table_lookup (params, "after")) == NULL)
    return;
  client->replay_due = TRUE;
  /* not an event of ours: too far behind, told to reload */
  if (!g_ascii_string_to_unsigned (after, 10, 1, G_MAXINT64, &value, NULL))
    value = 0;
  client->seen = (gint64) value;
}

static void
on_connection (SoupServer              *server,
               SoupServerMessage       *msg,
               const char              *path,
               SoupWebsocketConnection *connection,
               gpointer                 data)
{
  RapportdEvents *self = data;
  g_autofree char *token = rapportd_events_auth_token (msg);
  Client *client;

  if (token == NULL || token[0] == '\0')
    {
      soup_websocket_connection_close (connection, CLOSE_UNAUTHORIZED, _("Sign in first"));
      return;
    }
  client = g_new0 (Client, 1);
  client->events = self;
  client->context = g_main_context_ref_thread_default ();
  client->connection = g_object_ref (connection);
  client->token = g_steal_pointer (&token);
  read_seen (msg, client);
  /* the session is checked by the next poll, on a worker */
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), client);
  soup_websocket_connection_set_keepalive_interval (connection, 30);
  g_mutex_lock (&self->lock);
  client->id = ++self->next_client;
  g_hash_table_insert (self->clients, GUINT_TO_POINTER (client->id), client);
  g_mutex_unlock (&self->lock);
}

static void
rapportd_events_dispose (GObject *object)
{
  RapportdEvents *self = RAPPORTD_EVENTS (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  /* the HTTP threads have closed theirs (rapportd_events_close_here());
   * any left have no thread any more */
  g_clear_pointer (&self->clients, g_hash_table_unref);

  G_OBJECT_CLASS (rapportd_events_parent_class)->dispose (object);
}

static void
rapportd_events_finalize (GObject *object)
{
  RapportdEvents *self = RAPPORTD_EVENTS (object);

  g_mutex_clear (&self->lock);
  g_array_unref (self->holes);

  G_OBJECT_CLASS (rapportd_events_parent_class)->finalize (object);
}

static void
rapportd_events_class_init (RapportdEventsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapportd_events_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapportd_events_finalize;
}

static void
rapportd_events_init (RapportdEvents *self)
{
  g_mutex_init (&self->lock);
  self->clients = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) client_free);
  self->last_event = -1;
  self->holes = g_array_new (FALSE, FALSE, sizeof (Hole));
}

/**
 * rapportd_events_new:
 * @pool: the worker pool that reads the events table (not owned)
 * @policy: the session rules, to check each connection's session
 *
 * Every half second the events written since the last look are sent to
 * the connected clients allowed to hear them: an event for one user to
 * that user; a change to a record to those who may see the record. Each
 * message is {"id","kind","data"}.
 *
 * A client that connects hears every change committed after it came (and
 * perhaps some of the half second before: the hub follows the log even
 * when nobody listens, so it starts from the hub's last look). One that comes
 * back names the last event it saw (`/api/v1/events?after=ID`) and is told
 * first what it missed, if that is at most 1,000 events, from at most 24
 * hours ago; further behind, it gets one {"id","kind":"reload"} message
 * instead, reloads what it shows, and hears what happens after that id.
 *
 * The hub polls in the calling thread's default main context; HTTP
 * servers on any thread serve its WebSocket (rapportd_events_attach()).
 *
 * Returns: (transfer full): the event hub
 */
RapportdEvents *
rapportd_events_new (RapportdPool             *pool,
                     const RapportdAuthPolicy *policy)
{
  RapportdEvents *self;
  GSource *source;

  g_return_val_if_fail (pool != NULL && policy != NULL, NULL);

  self = g_object_new (RAPPORTD_TYPE_EVENTS, NULL);
  self->pool = pool;
  self->policy = *policy;
  source = g_timeout_source_new (POLL_MS);
  g_source_set_callback (source, poll_tick, self, NULL);
  self->poll_source = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return self;
}

/**
 * rapportd_events_attach:
 * @self: the event hub
 * @server: an HTTP server, on the calling thread
 *
 * Makes @server's /api/v1/events the event WebSocket.  Its connections
 * live in the calling thread's default main context, and are closed there
 * by rapportd_events_close_here() before @server goes.
 */
void
rapportd_events_attach (RapportdEvents *self,
                        SoupServer     *server)
{
  g_return_if_fail (RAPPORTD_IS_EVENTS (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  rapportd_events_auth_attach (server, "/api/v1/events", self->pool);
  soup_server_add_websocket_handler (server, "/api/v1/events", NULL, NULL, on_connection, self, NULL);
}

/**
 * rapportd_events_close_here:
 * @self: the event hub
 *
 * Closes and forgets the WebSockets of the calling thread.
 */
void
rapportd_events_close_here (RapportdEvents *self)
{
  GMainContext *here = g_main_context_get_thread_default ();
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (RAPPORTD_IS_EVENTS (self));

  if (here == NULL)
    here = g_main_context_default ();
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Client *) value)->context == here)
      {
        g_ptr_array_add (mine, value);
        g_hash_table_iter_steal (&iter);
      }
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < mine->len; i++)
    client_free (mine->pdata[i]);
}

/**
 * rapportd_events_send_live:
 * @self: the event hub
 * @user_id: the user to tell
 * @message: the message, JSON text
 *
 * Sends @message now, not stored in the event log, to the WebSockets of
 * @user_id on this rapportd whose session the hub has checked (a poll after
 * they connected): what a request tells its user while it runs, before its
 * transaction commits (an import's progress).  Callable from any thread;
 * each WebSocket is written on its own thread.
 */
void
rapportd_events_send_live (RapportdEvents *self,
                           gint64          user_id,
                           const char     *message)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (RAPPORTD_IS_EVENTS (self));
  g_return_if_fail (message != NULL);

  g_mutex_lock (&self->lock);
  if (self->clients != NULL)
    {
      g_hash_table_iter_init (&iter, self->clients);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Client *client = value;
          GPtrArray *messages;

          if (!client->signed_in || client->actor.user_id != user_id)
            continue;
          messages = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (messages, g_strdup (message));
          send_to (self, client->context, client->id, messages, FALSE);
        }
    }
  g_mutex_unlock (&self->lock);
}

/**
 * rapportd_events_get_counts:
 * @self: the hub
 * @clients: (out): WebSocket clients connected
 * @queued: (out): messages handed to their threads and not yet sent
 *
 * For the metrics; callable from any thread.
 */
void
rapportd_events_get_counts (RapportdEvents *self,
                            guint          *clients,
                            guint          *queued)
{
  g_return_if_fail (RAPPORTD_IS_EVENTS (self));
  g_return_if_fail (clients != NULL && queued != NULL);

  g_mutex_lock (&self->lock);
  *clients = self->clients != NULL ? g_hash_table_size (self->clients) : 0;
  g_mutex_unlock (&self->lock);
  *queued = (guint) MAX (g_atomic_int_get (&self->queued), 0);
}
