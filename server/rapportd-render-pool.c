/* rapportd-render-pool.c: runs a render function on one of a few long-lived render threads and waits for it */
#include "config.h"

#include "rapportd-render-pool.h"

/*
 * Pango keeps a font map with its loaded fonts for each thread that draws
 * text, and glibc's malloc a heap for each thread that allocates: a render
 * on whichever worker takes the request leaves every worker some megabytes
 * larger for good. So documents are drawn on at most two threads of their
 * own, made on the first render; the worker that asked waits for its render.
 *
 * The threads are never stopped: they wait for work until the process
 * exits, so no render can be in flight when anything is freed, and what
 * they keep (their font maps) stays reachable for the leak checker.
 */

typedef struct
{
  RapportdRenderFunc  func;
  gpointer            data;
  gpointer            result;
  GError             *error;
  gboolean            done;
  GMutex              mutex;
  GCond               cond;
} Job;

static void
run_job (gpointer job_data,
         gpointer pool_data)
{
  Job *job = job_data;
  GError *error = NULL;
  gpointer result = job->func (job->data, &error);

  g_mutex_lock (&job->mutex);
  job->result = result;
  job->error = error;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

static gpointer
make_pool (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (run_job, NULL, MIN (2, g_get_num_processors ()), TRUE, &error);

  if (pool == NULL)
    g_warning ("No render threads, documents are drawn on the workers: %s", error->message);
  return pool;
}

static GThreadPool *
get_pool (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, make_pool, NULL);
}

/**
 * rapportd_render_pool_run:
 * @func: what draws
 * @data: its argument
 * @error: return location for a #GError
 *
 * Runs @func on one of the render threads, made on the first call, and
 * blocks until it returns. Call it from a worker, never from a main loop.
 *
 * Returns: what @func returned
 */
gpointer
rapportd_render_pool_run (RapportdRenderFunc   func,
                          gpointer             data,
                          GError             **error)
{
  GThreadPool *pool = get_pool ();
  g_autoptr(GError) local_error = NULL;
  gpointer result;
  Job job = { func, data, NULL, NULL, FALSE };

  g_return_val_if_fail (func != NULL, NULL);

  if (pool == NULL)
    return func (data, error);

  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);
  if (!g_thread_pool_push (pool, &job, &local_error))
    {
      /* an exclusive pool's threads already run: this does not happen */
      g_mutex_clear (&job.mutex);
      g_cond_clear (&job.cond);
      return func (data, error);
    }
  g_mutex_lock (&job.mutex);
  while (!job.done)
    g_cond_wait (&job.cond, &job.mutex);
  g_mutex_unlock (&job.mutex);
  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);

  result = job.result;
  if (job.error != NULL)
    g_propagate_error (error, job.error);
  return result;
}
