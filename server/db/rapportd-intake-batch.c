/* rapportd-intake-batch.c: concurrent intakes gathered and committed together in one transaction */
#include "rapportd-intake-batch.h"

/* Each intake's worker queues its lead and waits. The first to find no
 * batch being written writes one: it waits (at most
 * RAPPORTD_INTAKE_BATCH_WAIT_US) for the intakes already past their key's
 * lookup to queue theirs, takes up to RAPPORTD_INTAKE_BATCH_MAX leads and
 * writes them on its own connection in one transaction, the keys' uses
 * counted once a key, and commits. Only then does any of those intakes
 * answer. If anything in the batch fails, nothing of it is kept and each
 * intake writes its lead again alone, on its own connection, where its own
 * error (a revoked key, a deadlock to retry) is its own. */

typedef enum
{
  ITEM_QUEUED,
  ITEM_STORED,
  ITEM_ALONE,
} ItemState;

typedef struct
{
  RapportdIntakeWrite  write;
  RapportdIntakeKey   *key;
  gpointer             data;
  ItemState            state;
} Item;

static GMutex lock;
static GCond changed;
static GQueue queued = G_QUEUE_INIT;
/* intakes between their key's lookup and their lead's queueing */
static guint arriving;
static gboolean writing;

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
  g_return_if_fail (arriving > 0);
  arriving--;
  g_cond_broadcast (&changed);
  g_mutex_unlock (&lock);
}

/* with the lock held: the leads to write now, in their order */
static GPtrArray *
gather (void)
{
  gint64 deadline = g_get_monotonic_time () + RAPPORTD_INTAKE_BATCH_WAIT_US;
  GPtrArray *batch = g_ptr_array_new ();

  while (arriving > 0 && queued.length < RAPPORTD_INTAKE_BATCH_MAX &&
         g_cond_wait_until (&changed, &lock, deadline))
    ;
  while (batch->len < RAPPORTD_INTAKE_BATCH_MAX && !g_queue_is_empty (&queued))
    g_ptr_array_add (batch, g_queue_pop_head (&queued));
  return batch;
}

/* counts each key's uses in the batch: one statement a key, the last
 * writes of the transaction, so that a key revoked meanwhile fails it */
static gboolean
count_uses (RapportdDb  *db,
            GPtrArray   *batch,
            GError     **error)
{
  g_autoptr(GHashTable) counted = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < batch->len; i++)
    {
      Item *item = g_ptr_array_index (batch, i);
      guint n = 0;

      if (g_hash_table_contains (counted, &item->key->id))
        continue;
      g_hash_table_add (counted, &item->key->id);
      for (guint j = i; j < batch->len; j++)
        n += ((Item *) g_ptr_array_index (batch, j))->key->id == item->key->id;
      if (!rapportd_intake_key_used (db, item->key, n, error))
        return FALSE;
    }
  return TRUE;
}

/* without the lock: the batch in one transaction, all or nothing */
static gboolean
write_batch (RapportdDb *db,
             GPtrArray  *batch)
{
  g_autoptr(GError) error = NULL;

  if (!rapportd_db_begin (db, &error))
    goto failed;
  for (guint i = 0; i < batch->len; i++)
    {
      Item *item = g_ptr_array_index (batch, i);

      if (!item->write (db, item->key, item->data, &error))
        {
          rapportd_db_rollback (db);
          goto failed;
        }
    }
  if (!count_uses (db, batch, &error))
    {
      rapportd_db_rollback (db);
      goto failed;
    }
  if (rapportd_db_commit (db, &error))
    return TRUE;

failed:
  g_debug ("intake: a batch of %u leads failed, each is written alone: %s", batch->len, error->message);
  /* the deadlock was the batch's; the lead's own write may meet its own */
  rapportd_db_take_retryable (db);
  return FALSE;
}

/* with the lock held, given up while the batch is written */
static void
lead_batch (RapportdDb *db)
{
  g_autoptr(GPtrArray) batch = gather ();
  gboolean stored;

  g_mutex_unlock (&lock);
  stored = write_batch (db, batch);
  g_mutex_lock (&lock);
  for (guint i = 0; i < batch->len; i++)
    ((Item *) g_ptr_array_index (batch, i))->state = stored ? ITEM_STORED : ITEM_ALONE;
}

/* the lead in a transaction of its own */
static gboolean
store_alone (RapportdDb  *db,
             Item        *item,
             GError     **error)
{
  if (!rapportd_db_begin (db, error))
    return FALSE;
  if (!item->write (db, item->key, item->data, error) || !rapportd_intake_key_used (db, item->key, 1, error))
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
  Item item = { write, key, data, ITEM_QUEUED };

  g_return_val_if_fail (db != NULL && write != NULL && key != NULL, FALSE);
  g_return_val_if_fail (!rapportd_db_in_transaction (db), FALSE);

  g_mutex_lock (&lock);
  /* one that did not arrive is not waited for, and is stored all the same */
  if (arriving > 0)
    arriving--;
  g_queue_push_tail (&queued, &item);
  g_cond_broadcast (&changed);
  while (item.state == ITEM_QUEUED)
    {
      if (writing)
        {
          g_cond_wait (&changed, &lock);
          continue;
        }
      writing = TRUE;
      lead_batch (db);
      writing = FALSE;
      g_cond_broadcast (&changed);
    }
  g_mutex_unlock (&lock);

  if (item.state == ITEM_STORED)
    return TRUE;
  return store_alone (db, &item, error);
}
