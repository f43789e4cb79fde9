/* rapportd-events-auth.c: who an event WebSocket acts for: an API key refused at its handshake, every token checked while its socket is open */
#include "rapportd-events-auth.h"
#include "rapportd-answer.h"
#include "rapportd-request.h"
#include "rapportd-service-keys.h"
#include "crm-error.h"

#include <glib/gi18n-lib.h>

/* An API key's handshake waits, paused, for a worker to check the key:
 * counted and audited as one REST request is; a key not in force is
 * answered 401 there, and no WebSocket opens. */
typedef struct
{
  SoupServerMessage *msg;
  char              *key;
  char              *request_id;
  gulong             disconnected_id;
  gboolean           disconnected;
  /* results */
  GError            *error;
} Handshake;

static void
handshake_free (Handshake *handshake)
{
  if (handshake->disconnected_id != 0)
    g_signal_handler_disconnect (handshake->msg, handshake->disconnected_id);
  g_object_unref (handshake->msg);
  g_free (handshake->key);
  g_free (handshake->request_id);
  g_clear_error (&handshake->error);
  g_free (handshake);
}

/**
 * rapportd_events_auth_token:
 * @msg: an event WebSocket's handshake
 *
 * Returns: (transfer full) (nullable): the token of its
 *   `Authorization: Bearer`, a session's or an API key
 */
char *
rapportd_events_auth_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  return g_strstrip (g_strdup (value + 7));
}

/* on a worker */
static gboolean
handshake_work (RapportdDb *db,
                gpointer    data)
{
  Handshake *handshake = data;
  RapportdActor actor = { 0 };

  if (db == NULL)
    g_set_error (&handshake->error, CRM_ERROR, CRM_ERROR_UNAVAILABLE, _("The database is not available"));
  else
    rapportd_service_key_actor (db, handshake->key, &actor, &handshake->error);
  rapportd_actor_clear (&actor);
  return TRUE;
}

/* back on the HTTP thread */
static void
handshake_done (gpointer data,
                gboolean ran)
{
  Handshake *handshake = data;

  if (handshake->disconnected)
    {
      handshake_free (handshake);
      return;
    }
  if (!ran)
    rapportd_answer_unavailable (handshake->msg, NULL, handshake->request_id, _("The server is stopping; try again shortly"));
  else if (handshake->error != NULL)
    rapportd_answer_error (handshake->msg, NULL, handshake->request_id,
                           handshake->error->domain == CRM_ERROR ? handshake->error->code : CRM_ERROR_INTERNAL,
                           handshake->error->message);
  /* in force: the HTTP server goes on to the WebSocket's upgrade */
  soup_server_message_unpause (handshake->msg);
  handshake_free (handshake);
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           data)
{
  ((Handshake *) data)->disconnected = TRUE;
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  RapportdPool *pool = data;
  g_autofree char *token = rapportd_events_auth_token (msg);
  Handshake *handshake;

  /* a session's socket opens, and is closed (4401) by the hub's first
   * look if the session is not valid, as clients expect */
  if (!rapportd_events_auth_is_key (token))
    return;
  handshake = g_new0 (Handshake, 1);
  handshake->msg = g_object_ref (msg);
  handshake->key = g_steal_pointer (&token);
  handshake->request_id = rapportd_request_id_new (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                                 RAPPORTD_ANSWER_REQUEST_ID_HEADER));
  handshake->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), handshake);
  soup_server_message_pause (msg);
  rapportd_pool_push (pool, handshake_work, handshake_done, handshake);
}

/**
 * rapportd_events_auth_attach:
 * @server: an HTTP server, on the calling thread
 * @path: the event WebSocket's path
 * @pool: the worker pool that checks keys (not owned; outlives @server)
 *
 * A handshake that brings an API key (`Authorization: Bearer rk_…`) is
 * answered only once a worker has checked the key: 401 (the JSON error
 * envelope) for one unknown, revoked or expired, and no WebSocket.
 */
void
rapportd_events_auth_attach (SoupServer   *server,
                             const char   *path,
                             RapportdPool *pool)
{
  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (path != NULL && pool != NULL);

  soup_server_add_early_handler (server, path, early_handler, pool, NULL);
}

/**
 * rapportd_events_auth_is_key:
 * @token: (nullable): a bearer token
 *
 * Returns: whether @token is an API key, which the hub checks at every
 *   look rather than now and then: a key is never cached
 */
gboolean
rapportd_events_auth_is_key (const char *token)
{
  return token != NULL && g_str_has_prefix (token, RAPPORTD_SERVICE_KEY_MARK);
}

/**
 * rapportd_events_auth_check:
 * @db: a worker's connection
 * @token: an open socket's bearer token
 * @policy: the session rules
 * @actor: (inout caller-allocates): who the token acted for at the last
 *   check, or cleared; filled with who it acts for now
 *
 * Returns: whether the token is still good: a session as for a request,
 *   an API key in force (not counted as a use again: its handshake was).
 *   A key is checked at every poll: when the database fails to answer
 *   rather than refuses the key, it keeps @actor and its socket until the
 *   next look.
 */
gboolean
rapportd_events_auth_check (RapportdDb               *db,
                            const char               *token,
                            const RapportdAuthPolicy *policy,
                            RapportdActor            *actor)
{
  g_autoptr(GError) error = NULL;
  RapportdActor checked = { 0 };

  g_return_val_if_fail (db != NULL && token != NULL && policy != NULL && actor != NULL, FALSE);

  if (!rapportd_events_auth_is_key (token))
    {
      rapportd_actor_clear (actor);
      return rapportd_auth_session_actor (db, token, policy, actor, NULL);
    }
  if (rapportd_service_key_check (db, token, &checked, &error))
    {
      rapportd_actor_clear (actor);
      *actor = checked;
      return TRUE;
    }
  rapportd_actor_clear (&checked);
  if (actor->user_id > 0 && !g_error_matches (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED))
    {
      g_debug ("events: an API key's socket kept, unchecked: %s", error->message);
      return TRUE;
    }
  rapportd_actor_clear (actor);
  return FALSE;
}
