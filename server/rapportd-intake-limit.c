/* rapportd-intake-limit.c: a token bucket per intake key or client address, in this rapportd's memory */
#include "rapportd-intake-limit.h"

/* a bucket holds a minute's worth: a form may send its minute's leads at once */
typedef struct
{
  double  tokens;
  gint64  updated_usec;
  guint   per_minute;
} Bucket;

/* past this many buckets, those full again are forgotten (at most once a
 * second): a full bucket is as good as none, so the table holds the keys
 * and addresses that made requests within the last minute, not every
 * address ever seen */
#define SWEEP_ABOVE 4096

static GMutex lock;
static GHashTable *buckets;
static gint64 last_sweep_usec;

/* the tokens a bucket holds at @now_usec */
static double
tokens_at (const Bucket *bucket,
           gint64        now_usec)
{
  if (now_usec <= bucket->updated_usec)
    return bucket->tokens;
  return MIN ((double) bucket->per_minute,
              bucket->tokens + (now_usec - bucket->updated_usec) * bucket->per_minute / (60.0 * G_USEC_PER_SEC));
}

static gboolean
is_full (gpointer key,
         gpointer value,
         gpointer user_data)
{
  const Bucket *bucket = value;

  return tokens_at (bucket, *(gint64 *) user_data) >= bucket->per_minute;
}

static void
sweep (gint64 now_usec)
{
  if (g_hash_table_size (buckets) < SWEEP_ABOVE || now_usec - last_sweep_usec < G_USEC_PER_SEC)
    return;
  last_sweep_usec = now_usec;
  g_hash_table_foreach_remove (buckets, is_full, &now_usec);
}

/**
 * rapportd_intake_limit_take:
 * @key_id: the intake key
 * @per_minute: how many requests it may make a minute (the bucket's size)
 * @now_usec: the monotonic time now
 * @retry_after: (out): when refused, the seconds until one more is allowed
 *
 * Takes one request from the key's bucket, which fills at @per_minute a
 * minute up to @per_minute. Each rapportd keeps its own buckets: behind a
 * load balancer a key may make that many requests to each.
 *
 * Returns: whether the request may go on
 */
gboolean
rapportd_intake_limit_take (gint64  key_id,
                            guint   per_minute,
                            gint64  now_usec,
                            guint  *retry_after)
{
  Bucket *bucket;
  gboolean allowed;

  g_return_val_if_fail (retry_after != NULL, FALSE);

  *retry_after = 0;
  if (per_minute == 0)
    {
      *retry_after = 60;
      return FALSE;
    }
  g_mutex_lock (&lock);
  if (buckets == NULL)
    buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sweep (now_usec);
  bucket = g_hash_table_lookup (buckets, &key_id);
  if (bucket == NULL || bucket->per_minute != per_minute)
    {
      gint64 *key = g_new (gint64, 1);

      *key = key_id;
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = per_minute;
      bucket->updated_usec = now_usec;
      bucket->per_minute = per_minute;
      g_hash_table_replace (buckets, key, bucket);
    }
  if (now_usec > bucket->updated_usec)
    {
      bucket->tokens = tokens_at (bucket, now_usec);
      bucket->updated_usec = now_usec;
    }
  allowed = bucket->tokens >= 1.0;
  if (allowed)
    bucket->tokens -= 1.0;
  else
    /* rounded up: a client that waits that long is let in */
    *retry_after = (guint) ((1.0 - bucket->tokens) * 60.0 / per_minute) + 1;
  g_mutex_unlock (&lock);
  return allowed;
}

/**
 * rapportd_intake_limit_take_address:
 * @address: a client's address (a survey form's visitor)
 * @per_minute: how many requests a minute it may make
 * @now_usec: the time
 * @retry_after: (out): when refused, the seconds to wait
 *
 * The same buckets as the intake keys', an address's under a key of its
 * own: the first 63 bits of its SHA-256 with the top bit set, which no
 * intake key's id (a positive row id) can be.
 *
 * Returns: whether the request may go on
 */
gboolean
rapportd_intake_limit_take_address (const char *address,
                                    guint       per_minute,
                                    gint64      now_usec,
                                    guint      *retry_after)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  guint64 key = 0;

  g_return_val_if_fail (address != NULL && retry_after != NULL, FALSE);

  g_checksum_update (checksum, (const guchar *) address, -1);
  g_checksum_get_digest (checksum, digest, &length);
  for (guint i = 0; i < 8; i++)
    key = (key << 8) | digest[i];
  return rapportd_intake_limit_take ((gint64) (key | G_GUINT64_CONSTANT (0x8000000000000000)), per_minute,
                                     now_usec, retry_after);
}

/**
 * rapportd_intake_limit_size:
 *
 * Returns: how many buckets this rapportd holds
 */
guint
rapportd_intake_limit_size (void)
{
  guint size;

  g_mutex_lock (&lock);
  size = buckets ? g_hash_table_size (buckets) : 0;
  g_mutex_unlock (&lock);
  return size;
}

/* forgets every bucket (a key revoked and its id never used again needs nothing) */
void
rapportd_intake_limit_reset (void)
{
  g_mutex_lock (&lock);
  g_clear_pointer (&buckets, g_hash_table_unref);
  g_mutex_unlock (&lock);
}
