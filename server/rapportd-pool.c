/* rapportd-pool.c: RapportdPool, a bounded set of worker threads, each with its own MariaDB connection */
#include "rapportd-pool.h"

#include <mysql.h>

struct _RapportdPool
{
  GThreadPool      *threads;
  GMainContext     *context;
  RapportdDbParams  params;
};

typedef struct
{
  RapportdPool     *pool;
  RapportdPoolWork  work;
  RapportdPoolDone  done;
  gpointer          data;
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

  job->done (job->data);
  g_free (job);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  /* a connection that broke (say mariadbd restarted) is replaced, once */
  if (!job->work (worker_connection (job->pool), job->data))
    job->work (worker_connection (job->pool), job->data);
  g_main_context_invoke (job->pool->context, job_done, job);
}

/**
 * rapportd_pool_new:
 * @params: where each worker connects
 * @n_workers: how many threads, and so connections, at most
 * @error: return location for a #GError
 *
 * Work pushed from the calling thread runs on a worker; its completion
 * runs back in the calling thread's main context.
 *
 * Returns: (transfer full): the pool
 */
RapportdPool *
rapportd_pool_new (const RapportdDbParams  *params,
                   guint                    n_workers,
                   GError                 **error)
{
  RapportdPool *pool = g_new0 (RapportdPool, 1);

  rapportd_db_params_copy (params, &pool->params);
  pool->context = g_main_context_ref_thread_default ();
  pool->threads = g_thread_pool_new (run_job, pool, MAX (n_workers, 1), TRUE, error);
  if (pool->threads == NULL)
    {
      rapportd_pool_free (pool);
      return NULL;
    }
  return pool;
}

void
rapportd_pool_push (RapportdPool     *pool,
                    RapportdPoolWork  work,
                    RapportdPoolDone  done,
                    gpointer          data)
{
  Job *job = g_new0 (Job, 1);

  job->pool = pool;
  job->work = work;
  job->done = done;
  job->data = data;
  g_thread_pool_push (pool->threads, job, NULL);
}

/**
 * rapportd_pool_free:
 * @pool: (transfer full): the pool
 *
 * Finishes queued work, then stops the workers and closes their connections.
 * Completions still pending in the main context are dropped with it.
 */
void
rapportd_pool_free (RapportdPool *pool)
{
  if (pool == NULL)
    return;
  if (pool->threads)
    g_thread_pool_free (pool->threads, FALSE, TRUE);
  g_main_context_unref (pool->context);
  rapportd_db_params_clear (&pool->params);
  g_free (pool);
}
