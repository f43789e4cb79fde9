/* rapportd-http-thread.c: RapportdHttpThread, a thread that runs its own main context for one share of the HTTP connections */
#include "rapportd-http-thread.h"

/* Everything an HTTP thread owns (its HTTP server, listener, connections,
 * messages and WebSockets) is made, used and freed in its context, pushed
 * as the thread's default: the sources GIO and libsoup create land there.
 * Other threads reach it only through rapportd_http_thread_run(). */
struct _RapportdHttpThread
{
  guint         index;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
};

typedef struct
{
  RapportdHttpThreadFunc func;
  gpointer               data;
  GMutex                 lock;
  GCond                  cond;
  gboolean               done;
} Call;

static gpointer
thread_main (gpointer data)
{
  RapportdHttpThread *thread = data;

  g_main_context_push_thread_default (thread->context);
  g_main_loop_run (thread->loop);
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

/**
 * rapportd_http_thread_new:
 * @index: its number among the HTTP threads, from 0
 *
 * Returns: (transfer full): a running thread, with nothing to do yet
 */
RapportdHttpThread *
rapportd_http_thread_new (guint index)
{
  RapportdHttpThread *thread = g_new0 (RapportdHttpThread, 1);
  g_autofree char *name = g_strdup_printf ("rapportd-http-%u", index);

  thread->index = index;
  thread->context = g_main_context_new ();
  thread->loop = g_main_loop_new (thread->context, FALSE);
  thread->thread = g_thread_new (name, thread_main, thread);
  return thread;
}

guint
rapportd_http_thread_get_index (RapportdHttpThread *thread)
{
  g_return_val_if_fail (thread != NULL, 0);

  return thread->index;
}

static gboolean
run_call (gpointer data)
{
  Call *call = data;

  call->func (call->data);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

/**
 * rapportd_http_thread_run:
 * @thread: an HTTP thread
 * @func: what to run there
 * @data: passed to @func
 *
 * Runs @func in @thread's main context, with that context as the
 * thread-default, and waits until it has returned.  Not to be called from
 * @thread itself.
 */
void
rapportd_http_thread_run (RapportdHttpThread     *thread,
                          RapportdHttpThreadFunc  func,
                          gpointer                data)
{
  Call call = { func, data };
  g_autoptr(GSource) source = g_idle_source_new ();

  g_return_if_fail (thread != NULL && func != NULL);
  g_return_if_fail (g_thread_self () != thread->thread);

  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, run_call, &call, NULL);
  g_source_attach (source, thread->context);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
}

/**
 * rapportd_http_thread_free:
 * @thread: (transfer full): an HTTP thread, whose objects are freed already
 *
 * Stops its main loop and waits for the thread to end.  Sources still
 * attached to its context are destroyed unrun.
 */
void
rapportd_http_thread_free (RapportdHttpThread *thread)
{
  if (thread == NULL)
    return;
  /* from inside, so that a loop not yet running cannot miss it */
  rapportd_http_thread_run (thread, (RapportdHttpThreadFunc) g_main_loop_quit, thread->loop);
  g_thread_join (thread->thread);
  g_main_loop_unref (thread->loop);
  g_main_context_unref (thread->context);
  g_free (thread);
}
