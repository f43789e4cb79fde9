/* fuzz-request-head.c: the listener's check of a request head, fed whole and in pieces, and its reading of a plain one */
#include "fuzz-common.h"
#include "rapportd-exchange.h"
#include "rapportd-request-head.h"

#include <string.h>

/* a complete head is either left to the HTTP server or read into a
 * method, a path and name/value pairs */
static void
parse_plain (const uint8_t *data,
             size_t         size)
{
  RapportdHeadFraming framing;
  RapportdExchangeHead head;

  rapportd_request_head_framing (data, size, &framing);
  if (framing.body_length < 0 || !rapportd_exchange_head_parse ((const char *) data, framing.head_length, &head))
    return;
  g_assert (head.method != NULL && head.method[0] != '\0');
  g_assert (head.path != NULL && head.path[0] == '/');
  g_assert (head.headers->len % 2 == 0);
  g_assert (rapportd_exchange_head_get_header (&head, "Host") != NULL);
  for (guint i = 0; i < head.headers->len; i++)
    g_assert (strpbrk (g_ptr_array_index (head.headers, i), "\r\n") == NULL);
  rapportd_exchange_head_clear (&head);
}

static RapportdHeadVerdict
check_in_pieces (const guint8 *data,
                 size_t        size,
                 size_t        step,
                 GError      **error)
{
  RapportdHeadVerdict verdict = RAPPORTD_HEAD_INCOMPLETE;
  gsize line_end = 0;
  gsize seen = 0;

  while (verdict == RAPPORTD_HEAD_INCOMPLETE && seen < size)
    {
      gsize now = MIN (size, seen + step);

      verdict = rapportd_request_head_check (data, seen, now, &line_end, error);
      seen = now;
    }
  return verdict;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) trickled_error = NULL;
  RapportdHeadVerdict whole, trickled;

  fuzz_set_up ();
  whole = check_in_pieces (data, size, MAX (size, 1), &whole_error);
  trickled = check_in_pieces (data, size, 1 + (size > 0 ? data[0] % 7 : 0), &trickled_error);
  /* refused exactly when an error says why */
  g_assert ((whole == RAPPORTD_HEAD_REFUSED) == (whole_error != NULL));
  g_assert ((trickled == RAPPORTD_HEAD_REFUSED) == (trickled_error != NULL));
  /* a head that is whole and within the limits at once is so in pieces too */
  if (whole == RAPPORTD_HEAD_COMPLETE)
    {
      g_assert (trickled != RAPPORTD_HEAD_INCOMPLETE);
      parse_plain (data, size);
    }
  return 0;
}
