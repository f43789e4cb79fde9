/* rapportd-spool.c: RapportdSpool, a large request body written to an unlinked file under the data directory and handed on as a read-only mapping */

/* Imports and attachments may be far larger than what rapportd keeps of a
 * request in memory. Their bodies go, as they come, to a file that has no
 * name (O_TMPFILE, or a name removed at once), so nothing is left behind
 * whatever happens to rapportd; the handler gets the file mapped read-only,
 * as GBytes like any other body. Its pages are the kernel's page cache,
 * read in as the handler reads them and given back under pressure, not
 * rapportd's heap; the file's space is freed when the mapping goes. */
#define _GNU_SOURCE
#include "rapportd-spool.h"
#include "crm-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* what a body leaves free on the data directory's file system, for the
 * database and the attachments it is about to become */
#define SPARE_BYTES (G_GUINT64_CONSTANT (256) * 1024 * 1024)

struct _RapportdSpool
{
  int     fd;
  guint64 size;
  /* of the bytes this body may still take on disk, those not yet written:
   * counted in pending until written, finished or freed */
  guint64 reserved;
};

static char *spool_dir;
static guint64 spare_bytes = SPARE_BYTES;
/* when set, the free space each body is checked against in place of the
 * file system's: a disk of that size, always (0: the file system's) */
static guint64 free_bytes_played;

/* the bytes open spools may still write, over all requests: the free space
 * each new body is checked against is what the disk has less these */
static GMutex pending_lock;
static guint64 pending;

static void
release (RapportdSpool *self,
         guint64        bytes)
{
  bytes = MIN (bytes, self->reserved);
  if (bytes == 0)
    return;
  g_mutex_lock (&pending_lock);
  pending -= bytes;
  g_mutex_unlock (&pending_lock);
  self->reserved -= bytes;
}

/**
 * rapportd_spool_configure:
 * @data_dir: rapportd's data directory; bodies go to its uploads/ folder
 *
 * Called once at start, before any request. RAPPORTD_SPOOL_SPARE_BYTES, in
 * rapportd's environment, replaces the 256 MiB a body must leave free;
 * RAPPORTD_SPOOL_FREE_BYTES replaces the free space the file system reports
 * by a fixed one (the tests set them to play a nearly full disk that does
 * not change while other tests write to the real one).
 */
void
rapportd_spool_configure (const char *data_dir)
{
  const char *spare = g_getenv ("RAPPORTD_SPOOL_SPARE_BYTES");
  const char *played = g_getenv ("RAPPORTD_SPOOL_FREE_BYTES");

  g_return_if_fail (data_dir != NULL);

  spare_bytes = SPARE_BYTES;
  if (spare != NULL && !g_ascii_string_to_unsigned (spare, 10, 0, G_MAXUINT64 / 4, &spare_bytes, NULL))
    {
      g_warning ("RAPPORTD_SPOOL_SPARE_BYTES is not a number of bytes: %s", spare);
      spare_bytes = SPARE_BYTES;
    }
  free_bytes_played = 0;
  if (played != NULL && !g_ascii_string_to_unsigned (played, 10, 1, G_MAXUINT64 / 4, &free_bytes_played, NULL))
    {
      g_warning ("RAPPORTD_SPOOL_FREE_BYTES is not a number of bytes: %s", played);
      free_bytes_played = 0;
    }

  g_free (spool_dir);
  spool_dir = g_build_filename (data_dir, "uploads", NULL);
  if (g_mkdir_with_parents (spool_dir, 0700) != 0)
    g_warning ("cannot create %s: %s", spool_dir, g_strerror (errno));
}

static int
open_unnamed (GError **error)
{
  g_autofree char *template = NULL;
  int fd;

  if (spool_dir == NULL)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INTERNAL, "no directory for large request bodies");
      return -1;
    }
  fd = open (spool_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0)
    return fd;
  /* a file system without O_TMPFILE: a name, removed at once */
  template = g_build_filename (spool_dir, "body-XXXXXX", NULL);
  fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot create a file in %s: %s", spool_dir,
                   g_strerror (errno));
      return -1;
    }
  g_unlink (template);
  return fd;
}

/**
 * rapportd_spool_admits:
 * @authorization: (nullable): the request's Authorization header
 * @error: return location for a #GError
 *
 * A large body is written to disk only for a request that names its
 * session: one without is refused before it is read
 * (%CRM_ERROR_UNAUTHORIZED); the session itself is checked, as for any
 * request, once the body is in.
 *
 * Returns: whether the body may be spooled
 */
gboolean
rapportd_spool_admits (const char  *authorization,
                       GError     **error)
{
  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0 && authorization[7] != '\0')
    return TRUE;
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_UNAUTHORIZED, _("Sign in first: send Authorization: Bearer TOKEN"));
  return FALSE;
}

/**
 * rapportd_spool_new:
 * @length: the body's length, or when it is not known (chunked) the most
 *   it may be
 * @error: return location for a #GError
 *
 * A body that would leave less than 256 MiB free on the data directory's
 * file system, once the bodies still coming to other spools are in, is
 * refused before a byte of it is read (%CRM_ERROR_INSUFFICIENT_STORAGE).
 * Its @length is held for it until it is written, finished or freed.
 *
 * Returns: (transfer full) (nullable): an empty spool
 */
RapportdSpool *
rapportd_spool_new (guint64   length,
                    GError  **error)
{
  RapportdSpool *self;
  struct statvfs disk;
  gboolean room = TRUE;
  int fd;

  g_mutex_lock (&pending_lock);
  if (free_bytes_played > 0 || (spool_dir != NULL && statvfs (spool_dir, &disk) == 0))
    {
      guint64 available = free_bytes_played > 0 ? free_bytes_played : (guint64) disk.f_bavail * disk.f_frsize;

      room = length <= G_MAXUINT64 / 4 && available >= pending && available - pending >= length + spare_bytes;
    }
  if (room)
    pending += length;
  g_mutex_unlock (&pending_lock);
  if (!room)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INSUFFICIENT_STORAGE,
                           _("The server does not have enough free space for this file"));
      return NULL;
    }
  self = g_new0 (RapportdSpool, 1);
  self->fd = -1;
  self->reserved = length;
  fd = open_unnamed (error);
  if (fd < 0)
    {
      rapportd_spool_free (self);
      return NULL;
    }
  self->fd = fd;
  return self;
}

/**
 * rapportd_spool_write:
 * @self: a spool
 * @data: bytes of the body, in order
 * @length: how many
 * @error: return location for a #GError
 *
 * Returns: whether they are written (a full disk is
 *   %CRM_ERROR_INSUFFICIENT_STORAGE)
 */
gboolean
rapportd_spool_write (RapportdSpool  *self,
                      const void     *data,
                      gsize           length,
                      GError        **error)
{
  const guint8 *bytes = data;
  gsize done = 0;

  g_return_val_if_fail (self != NULL && self->fd >= 0, FALSE);

  while (done < length)
    {
      gssize n = write (self->fd, bytes + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;

          if (saved == ENOSPC || saved == EDQUOT)
            g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INSUFFICIENT_STORAGE,
                                 _("The server does not have enough free space for this file"));
          else
            g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot write a request body: %s", g_strerror (saved));
          return FALSE;
        }
      done += n;
      /* on the disk now: statvfs counts it */
      release (self, n);
    }
  self->size += length;
  return TRUE;
}

guint64
rapportd_spool_get_size (RapportdSpool *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/**
 * rapportd_spool_finish:
 * @self: a spool with at least one byte
 * @error: return location for a #GError
 *
 * Maps the body read-only; the file itself is closed (its space is freed
 * with the last reference to the bytes).
 *
 * Returns: (transfer full) (nullable): the body
 */
GBytes *
rapportd_spool_finish (RapportdSpool  *self,
                       GError        **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL && self->fd >= 0, NULL);
  g_return_val_if_fail (self->size > 0, NULL);

  mapped = g_mapped_file_new_from_fd (self->fd, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INTERNAL, "cannot map a request body: %s", local_error->message);
      return NULL;
    }
  g_close (self->fd, NULL);
  self->fd = -1;
  release (self, self->reserved);
  return g_mapped_file_get_bytes (mapped);
}

void
rapportd_spool_free (RapportdSpool *self)
{
  if (self == NULL)
    return;
  release (self, self->reserved);
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  g_free (self);
}
