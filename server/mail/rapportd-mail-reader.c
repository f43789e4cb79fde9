/* rapportd-mail-reader.c: the thread that reads the mailboxes due and sends the mail queued, on the rapportd holding the mail lease */

/* Mail is slow network work (IMAP and SMTP over libcurl, blocking), so it
 * runs on a thread of its own with its own database connection, off the
 * worker pool. Every second the thread takes or renews the "mail" lease
 * (job_leases): of several rapportd on one database only its holder reads
 * and sends; another takes over once the lease has run out. */
#include "rapportd-mail-reader.h"
#include "rapportd-lease.h"
#include "rapportd-mail-poll.h"
#include "rapportd-mail-outbox.h"

#define TICK_SECONDS 1
#define LEASE_SECONDS 120

struct _RapportdMailReader
{
  RapportdPool *pool;
  GThread      *thread;
  GMutex        lock;
  GCond         changed;
  gboolean      stopping;
  RapportdDb   *db;
};

static RapportdDb *
connection (RapportdMailReader *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && rapportd_db_is_broken (self->db))
    g_clear_pointer (&self->db, rapportd_db_close);
  if (self->db == NULL && (self->db = rapportd_pool_open_connection (self->pool, &error)) == NULL)
    g_warning ("mail: %s", error->message);
  return self->db;
}

static void
work (RapportdMailReader *self)
{
  g_autoptr(GError) error = NULL;
  RapportdDb *db = connection (self);
  gboolean held = FALSE;

  if (db == NULL)
    return;
  if (!rapportd_lease_take (db, "job_leases", "mail", LEASE_SECONDS, &held, &error))
    {
      g_warning ("mail: %s", error->message);
      return;
    }
  if (!held)
    return;
  if (!rapportd_mail_poll_due (db, &error) || !rapportd_mail_outbox_send_due (db, &error))
    g_warning ("mail: %s", error->message);
}

static gpointer
run (gpointer data)
{
  RapportdMailReader *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 until = g_get_monotonic_time () + TICK_SECONDS * G_USEC_PER_SEC;

      while (!self->stopping && g_cond_wait_until (&self->changed, &self->lock, until))
        ;
      if (self->stopping)
        break;
      g_mutex_unlock (&self->lock);
      work (self);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->db, rapportd_db_close);
  return NULL;
}

/**
 * rapportd_mail_reader_start:
 * @pool: the worker pool, whose settings open the thread's own connection (not owned)
 *
 * Returns: (transfer full): the reader, for rapportd_mail_reader_stop()
 */
RapportdMailReader *
rapportd_mail_reader_start (RapportdPool *pool)
{
  RapportdMailReader *self;

  g_return_val_if_fail (pool != NULL, NULL);

  self = g_new0 (RapportdMailReader, 1);
  self->pool = pool;
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->thread = g_thread_new ("mail", run, self);
  return self;
}

/**
 * rapportd_mail_reader_stop:
 * @reader: (transfer full): a reader
 *
 * Joins the thread once the mailbox or message in hand is done (each is
 * bounded by libcurl's timeouts).
 */
void
rapportd_mail_reader_stop (RapportdMailReader *reader)
{
  g_return_if_fail (reader != NULL);

  g_mutex_lock (&reader->lock);
  reader->stopping = TRUE;
  g_cond_broadcast (&reader->changed);
  g_mutex_unlock (&reader->lock);
  g_thread_join (reader->thread);
  g_mutex_clear (&reader->lock);
  g_cond_clear (&reader->changed);
  g_free (reader);
}
