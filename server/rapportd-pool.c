/* rapportd-pool.c: RapportdPool, a bounded set of worker threads, each with its own MariaDB connection */
#include "rapportd-pool.h"
#include "rapportd-metrics.h"

#include <mysql.h>

struct _RapportdPool
{
  GThreadPool      *threads;
  /* where the pool was made: rapportd_pool_free() runs its completions */
  GMainContext     *context;
  RapportdDbParams  params;
  guint             max_queued;
  /* pushed and not yet done, from any thread: atomic */
  gint              pending;
  /* set once, before the pool drains: queued work is then dropped unrun */
  gint              stopping;
};

typedef struct
{
  RapportdPool     *pool;
  /* the context of the thread that pushed the job, where done runs */
  GMainContext     *context;
  RapportdPoolWork  work;
  RapportdPoolDone  done;
  gpointer          data;
  gboolean          ran;
  /* monotonic, when pushed: how long it waited for a worker is counted */
  gint64            queued_at;
} Job;

static void
close_connection (gpointer data)
{
  rapportd_db_close (data);
  mysql_thread_end ();
}

/* each worker thread keeps one connection for its whole life */
static GPrivate worker_db = G_PRIVATE_INIT (close_connection);

static RapportdDb *
worker_connection (RapportdPool *pool)
{
  RapportdDb *db = g_private_get (&worker_db);
  g_autoptr(GError) error = NULL;

  if (db != NULL && !rapportd_db_is_broken (db))
    return db;
  /* replacing the value closes a broken connection */
  db = rapportd_db_open (&pool->params, &error);
  if (db == NULL)
    g_warning ("worker: %s", error->message);
  g_private_replace (&worker_db, db);
  return db;
}

static gboolean
job_done (gpointer user_data)
{
  Job *job = user_data;
  RapportdPool *pool = job->pool;

  job->done (job->data, job->ran);
  g_main_context_unref (job->context);
  g_free (job);
  /* last: once pending is zero the pool may be freed */
  g_atomic_int_add (&pool->pending, -1);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  GSource *source;

  rapportd_metrics_count_queue_wait (g_get_monotonic_time () - job->queued_at);
  if (!g_atomic_int_get (&job->pool->stopping))
    {
      /* a connection that broke (say mariadbd restarted) is replaced, once */
      if (!job->work (worker_connection (job->pool), job->data))
        job->work (worker_connection (job->pool), job->data);
      job->ran = TRUE;
    }
  /* a source of its own: g_main_context_invoke() could run it right here
   * on the worker, while the context's thread happens not to own it */
  source = g_idle_source_new ();
  g_source_set_callback (source, job_done, job, NULL);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/**
 * rapportd_pool_new:
 * @params: where each worker connects
 * @n_workers: how many threads, and so connections, at most
 * @max_queued: how much work may wait for a free worker before
 *   rapportd_pool_try_push() refuses more
 * @error: return location for a #GError
 *
 * Work runs on a worker; its completion runs back in the thread-default
 * main context of the thread that pushed it, so that an HTTP thread's
 * messages are touched on that thread only.
 *
 * Returns: (transfer full): the pool
 */
RapportdPool *
rapportd_pool_new (const RapportdDbParams  *params,
                   guint                    n_workers,
                   guint                    max_queued,
                   GError                 **error)
{
  RapportdPool *pool = g_new0 (RapportdPool, 1);

  g_return_val_if_fail (params != NULL, NULL);

  rapportd_db_params_copy (params, &pool->params);
  pool->context = g_main_context_ref_thread_default ();
  pool->max_queued = MAX (max_queued, 1);
  pool->threads = g_thread_pool_new (run_job, pool, MAX (n_workers, 1), TRUE, error);
  if (pool->threads == NULL)
    {
      rapportd_pool_free (pool, 0);
      return NULL;
    }
  return pool;
}

/**
 * rapportd_pool_push:
 * @pool: the pool
 * @work: what runs on a worker
 * @done: what runs back in the pushing thread's main context afterwards
 * @data: passed to both
 *
 * Queues the server's own work (periodic jobs, checkpoints): it is never
 * refused, whatever the queue's length.
 */
void
rapportd_pool_push (RapportdPool     *pool,
                    RapportdPoolWork  work,
                    RapportdPoolDone  done,
                    gpointer          data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (pool != NULL && work != NULL && done != NULL);

  job->pool = pool;
  job->work = work;
  job->done = done;
  job->data = data;
  job->context = g_main_context_ref_thread_default ();
  job->queued_at = g_get_monotonic_time ();
  g_atomic_int_inc (&pool->pending);
  g_thread_pool_push (pool->threads, job, NULL);
}

/**
 * rapportd_pool_try_push:
 * @pool: the pool
 * @work: what runs on a worker
 * @done: what runs back in the pushing thread's main context afterwards
 * @data: passed to both
 *
 * Queues a client's work, unless as much work already waits for a worker
 * as the pool allows, or the pool is stopping.
 *
 * Returns: %FALSE when refused: nothing was queued and @done will not run
 */
gboolean
rapportd_pool_try_push (RapportdPool     *pool,
                        RapportdPoolWork  work,
                        RapportdPoolDone  done,
                        gpointer          data)
{
  g_return_val_if_fail (pool != NULL, FALSE);

  if (g_atomic_int_get (&pool->stopping) ||
      g_thread_pool_unprocessed (pool->threads) >= pool->max_queued)
    return FALSE;
  rapportd_pool_push (pool, work, done, data);
  return TRUE;
}

/* work that waits for a worker */
guint
rapportd_pool_get_queued (RapportdPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);

  return g_thread_pool_unprocessed (pool->threads);
}

/**
 * rapportd_pool_free:
 * @pool: (transfer full): the pool
 * @drain_ms: how long to wait for work already running
 *
 * Drops the work still queued (each completion runs, told it did not
 * run), lets the work already running finish for at most @drain_ms while
 * the pool's context runs completions (other threads' completions run in
 * their own contexts, which must keep running meanwhile), then stops the
 * workers and closes their connections.
 *
 * Returns: %TRUE when everything finished in time; otherwise the workers
 *   still running are abandoned with the pool, for the process to exit
 */
/**
 * rapportd_pool_open_connection:
 * @pool: a #RapportdPool
 * @error: return location for a #GError
 *
 * Opens a connection like a worker's, for a thread that is not one.
 *
 * Returns: (transfer full): the connection, to be closed with
 *   rapportd_db_close() on the thread that opened it
 */
RapportdDb *
rapportd_pool_open_connection (RapportdPool  *pool,
                               GError       **error)
{
  g_return_val_if_fail (pool != NULL, NULL);

  return rapportd_db_open (&pool->params, error);
}

gboolean
rapportd_pool_free (RapportdPool *pool,
                    guint         drain_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) drain_ms * 1000;

  if (pool == NULL)
    return TRUE;
  g_atomic_int_set (&pool->stopping, TRUE);
  while (g_atomic_int_get (&pool->pending) > 0 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (pool->context, FALSE))
        g_usleep (5000);
    }
  if (g_atomic_int_get (&pool->pending) > 0)
    {
      g_warning ("%d requests still running when the server stopped", g_atomic_int_get (&pool->pending));
      return FALSE;
    }
  if (pool->threads)
    g_thread_pool_free (pool->threads, FALSE, TRUE);
  g_main_context_unref (pool->context);
  rapportd_db_params_clear (&pool->params);
  g_free (pool);
  return TRUE;
}
