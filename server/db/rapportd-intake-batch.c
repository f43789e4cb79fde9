/* rapportd-intake-batch.c: concurrent intakes gathered and committed together in one transaction */
#include "rapportd-intake-batch.h"

/* Each intake's worker queues its lead and waits on it. The first to find
 * fewer batches being written than writers() writes one, so that the
 * database works on several at once: it waits (at most
 * RAPPORTD_INTAKE_BATCH_WAIT_US) for the intakes already past their key's
 * lookup to queue theirs, takes up to RAPPORTD_INTAKE_BATCH_MAX leads and
 * writes them on its own connection in one transaction, the keys' uses
 * counted once a key, and commits. Only then does any of those intakes
 * answer. If anything in the batch fails, nothing of it is kept and each
 * intake writes its lead again alone, on its own connection, where its own
 * error (a revoked key, a deadlock to retry) is its own; but when the
 * connection broke off at the commit, which may have been done, each is
 * answered with that error and nothing is written again. */

typedef enum
{
  ITEM_QUEUED,
  /* in a batch being written */
  ITEM_TAKEN,
  ITEM_STORED,
  ITEM_ALONE,
  /* its batch's commit broke off: stored or not, no one can tell */
  ITEM_UNCERTAIN,
} ItemState;

typedef struct
{
  RapportdIntakeWrite  write;
  RapportdIntakeKey   *key;
  gpointer             data;
  ItemState            state;
  GError              *error;
  /* told when the lead is written, or when it may write a batch */
  GCond                cond;
} Item;

static GMutex lock;
/* told to a batch gathering leads when one queues or leaves */
static GCond arrived;
static GQueue queued = G_QUEUE_INIT;
/* intakes between their key's lookup and their lead's queueing */
static guint arriving;
/* batches being written */
static guint writing;

/**
 * rapportd_intake_batch_arrive:
 *
 * Tells that an intake is on its way to rapportd_intake_batch_store() (or
 * to rapportd_intake_batch_leave(), failing before): a batch about to be
 * written waits a moment for it.
 */
void
rapportd_intake_batch_arrive (void)
{
  g_mutex_lock (&lock);
  arriving++;
  g_mutex_unlock (&lock);
}

/**
 * rapportd_intake_batch_leave:
 *
 * Tells that an intake that arrived will store nothing.
 */
void
rapportd_intake_batch_leave (void)
{
  g_mutex_lock (&lock);
  if (arriving > 0)
    arriving--;
  g_cond_broadcast (&arrived);
  g_mutex_unlock (&lock);
}

/* how many batches may be written at once: enough that a batch waiting
 * on a lock (a round-robin cursor) or a commit leaves the processors
 * others to work on */
static guint
writers (void)
{
  return RAPPORTD_INTAKE_BATCH_WRITERS_PER_CPU * g_get_num_processors ();
}

/* with the lock held: while a batch more may be written, the first lead
 * queued (its worker waits only on its own lead) is told to write it */
static void
wake_next (void)
{
  Item *next = g_queue_peek_head (&queued);

  if (next != NULL && writing < writers ())
    g_cond_signal (&next->cond);
}

/* with the lock held: the leads to write now, in their order */
static GPtrArray *
gather (void)
{
  gint64 deadline = g_get_monotonic_time () + RAPPORTD_INTAKE_BATCH_WAIT_US;
  GPtrArray *batch = g_ptr_array_new ();

  while (arriving > 0 && queued.length < RAPPORTD_INTAKE_BATCH_MAX &&
         g_cond_wait_until (&arrived, &lock, deadline))
    ;
  while (batch->len < RAPPORTD_INTAKE_BATCH_MAX && !g_queue_is_empty (&queued))
    {
      Item *item = g_queue_pop_head (&queued);

      item->state = ITEM_TAKEN;
      g_ptr_array_add (batch, item);
    }
  wake_next ();
  return batch;
}

static gint
compare_key_ids (gconstpointer a,
                 gconstpointer b)
{
  const RapportdIntakeKey *x = *(RapportdIntakeKey * const *) a;
  const RapportdIntakeKey *y = *(RapportdIntakeKey * const *) b;

  return (x->id > y->id) - (x->id < y->id);
}

/* counts each key's uses in the batch: one statement a key, in the order
 * of their ids, the last writes of the transaction, so that a key revoked
 * meanwhile fails it */
static gboolean
count_uses (RapportdDb  *db,
            GPtrArray   *batch,
            GError     **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (keys, ((Item *) g_ptr_array_index (batch, i))->key);
  g_ptr_array_sort (keys, compare_key_ids);
  for (guint i = 0; i < keys->len;)
    {
      RapportdIntakeKey *key = g_ptr_array_index (keys, i);
      guint n = 0;

      for (; i < keys->len && ((RapportdIntakeKey *) g_ptr_array_index (keys, i))->id == key->id; i++)
        n++;
      if (!rapportd_intake_key_used (db, key, n, error))
        return FALSE;
    }
  return TRUE;
}

/* @step for every lead of @batch */
static gboolean
write_step (RapportdDb          *db,
            GPtrArray           *batch,
            RapportdIntakeStep   step,
            GError             **error)
{
  for (guint i = 0; i < batch->len; i++)
    {
      Item *item = g_ptr_array_index (batch, i);

      if (!item->write (db, step, item->key, item->data, error))
        return FALSE;
    }
  return TRUE;
}

/* without the lock: the batch in one transaction, all or nothing */
static ItemState
write_batch (RapportdDb  *db,
             GPtrArray   *batch,
             GError     **commit_error)
{
  g_autoptr(GError) error = NULL;

  if (!rapportd_db_begin (db, &error))
    goto failed;
  if (!write_step (db, batch, RAPPORTD_INTAKE_ASSIGN, &error) ||
      !write_step (db, batch, RAPPORTD_INTAKE_CREATE, &error) ||
      !count_uses (db, batch, &error))
    {
      rapportd_db_rollback (db);
      goto failed;
    }
  if (rapportd_db_commit (db, &error))
    return ITEM_STORED;
  /* not written again: that could store a lead twice */
  if (rapportd_db_is_broken (db))
    {
      g_propagate_error (commit_error, g_steal_pointer (&error));
      return ITEM_UNCERTAIN;
    }

failed:
  g_debug ("intake: a batch of %u leads failed, each is written alone: %s",
           batch->len, error != NULL ? error->message : "");
  /* the deadlock was the batch's; the lead's own write may meet its own */
  rapportd_db_take_retryable (db);
  return ITEM_ALONE;
}

/* with the lock held, given up while the batch is written */
static void
lead_batch (RapportdDb *db)
{
  g_autoptr(GPtrArray) batch = gather ();
  g_autoptr(GError) error = NULL;
  ItemState state;

  g_mutex_unlock (&lock);
  state = write_batch (db, batch, &error);
  g_mutex_lock (&lock);
  for (guint i = 0; i < batch->len; i++)
    {
      Item *item = g_ptr_array_index (batch, i);

      item->state = state;
      if (error != NULL)
        item->error = g_error_copy (error);
      g_cond_signal (&item->cond);
    }
}

/* the lead in a transaction of its own */
static gboolean
store_alone (RapportdDb  *db,
             Item        *item,
             GError     **error)
{
  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!item->write (db, RAPPORTD_INTAKE_ASSIGN, item->key, item->data, error) ||
      !item->write (db, RAPPORTD_INTAKE_CREATE, item->key, item->data, error) ||
      !rapportd_intake_key_used (db, item->key, 1, error))
    {
      rapportd_db_rollback (db);
      return FALSE;
    }
  return rapportd_db_commit (db, error);
}

/**
 * rapportd_intake_batch_store:
 * @db: this worker's connection, outside any transaction
 * @write: writes the lead
 * @key: the intake's key, in force when it was looked up
 * @data: the lead, for @write
 * @error: return location for a #GError: the lead's own, from a
 *   transaction of its own
 *
 * Stores one intake's lead, arrived by rapportd_intake_batch_arrive(),
 * with the others that arrive meanwhile, and counts its key's use. Returns
 * only once the lead is committed, or has failed.
 *
 * Returns: whether the lead was stored
 */
gboolean
rapportd_intake_batch_store (RapportdDb           *db,
                             RapportdIntakeWrite   write,
                             RapportdIntakeKey    *key,
                             gpointer              data,
                             GError              **error)
{
  Item item = { write, key, data, ITEM_QUEUED, NULL, { 0 } };

  g_return_val_if_fail (db != NULL && write != NULL && key != NULL, FALSE);
  g_return_val_if_fail (!rapportd_db_in_transaction (db), FALSE);

  g_mutex_lock (&lock);
  /* one that did not arrive is not waited for, and is stored all the same */
  if (arriving > 0)
    arriving--;
  g_cond_init (&item.cond);
  g_queue_push_tail (&queued, &item);
  g_cond_broadcast (&arrived);
  while (item.state == ITEM_QUEUED || item.state == ITEM_TAKEN)
    {
      if (item.state == ITEM_TAKEN || writing >= writers ())
        {
          g_cond_wait (&item.cond, &lock);
          continue;
        }
      writing++;
      lead_batch (db);
      writing--;
      wake_next ();
    }
  g_mutex_unlock (&lock);
  g_cond_clear (&item.cond);

  if (item.state == ITEM_STORED)
    return TRUE;
  if (item.state == ITEM_UNCERTAIN)
    {
      g_propagate_error (error, item.error);
      return FALSE;
    }
  return store_alone (db, &item, error);
}
