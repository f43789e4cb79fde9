/* rapportd-memory.c: how rapportd's malloc keeps and gives back memory */
#include "config.h"

#include "rapportd-memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/*
 * rapportd runs dozens of threads (HTTP threads, workers, render threads)
 * that mostly wait for MariaDB. glibc's malloc gives up to eight heaps
 * ("arenas") a core to such threads, and each keeps what its threads
 * freed. It also raises its mmap threshold to the largest block freed so
 * far (up to 32 MB), so after the first PDF preview every later one's
 * buffers come from a heap and stay there. So rapportd asks for:
 *
 *   - as many arenas as cores: small blocks come from each thread's own
 *     cache (tcache) without a lock anyway;
 *   - blocks of 128 KiB and more mapped on their own and unmapped when freed
 *     (a fixed threshold, which also fixes the trim threshold below);
 *   - a heap's free top of 128 KiB or more given back to the system.
 *
 * Each is left as it is when the environment sets it (MALLOC_ARENA_MAX,
 * MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or GLIBC_TUNABLES), so
 * that an administrator can still tune or compare.
 */

#define MAPPED_BLOCK (128 * 1024)
#define TRIMMED_TOP  (128 * 1024)

void
rapportd_memory_setup (void)
{
#ifdef __GLIBC__
  gboolean tunables = g_getenv ("GLIBC_TUNABLES") != NULL;

  if (!tunables && g_getenv ("MALLOC_ARENA_MAX") == NULL)
    mallopt (M_ARENA_MAX, (int) MAX (1, g_get_num_processors ()));
  if (!tunables && g_getenv ("MALLOC_MMAP_THRESHOLD_") == NULL)
    mallopt (M_MMAP_THRESHOLD, MAPPED_BLOCK);
  if (!tunables && g_getenv ("MALLOC_TRIM_THRESHOLD_") == NULL)
    mallopt (M_TRIM_THRESHOLD, TRIMMED_TOP);
#endif
}
